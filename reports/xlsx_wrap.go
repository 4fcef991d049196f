package reports

import (
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Text that does not fit its column wraps inside it, and its row grows to
// show every line: spreadsheet programs neither wrap nor grow a row by
// themselves on opening a file, so an overflowing cell is cut off by its
// neighbour or runs off the printed page. A paragraph alone on its row
// (a note, a bullet) spans the sheet's first span columns instead of one.

// charUnits converts displayWidth (East Asian wide = 2) into column-width
// units: the default font's glyphs run a little wider than its "0".
const charUnits = 1.1

// lineHeight is one line of 11-point text, in points.
const lineHeight = 15.0

// written is one cell as xw wrote it.
type written struct {
	text   string
	isText bool
}

func (x *xw) mark(sheet, cell, text string, isText bool) {
	c, r, err := excelize.CellNameToCoordinates(cell)
	if err != nil {
		return
	}
	if x.written == nil {
		x.written = map[string]map[int]map[int]written{}
	}
	rows := x.written[sheet]
	if rows == nil {
		rows = map[int]map[int]written{}
		x.written[sheet] = rows
	}
	if rows[r] == nil {
		rows[r] = map[int]written{}
	}
	rows[r][c] = written{text: text, isText: isText}
}

// lastCol is the rightmost column written on a sheet.
func (x *xw) lastCol(sheet string) int {
	n := 0
	for _, cols := range x.written[sheet] {
		for c := range cols {
			n = max(n, c)
		}
	}
	return n
}

func (x *xw) wrapLong(sh string, span int) {
	merged := map[string]int{} // a merge's first cell → its last column
	if mcs, err := x.f.GetMergeCells(sh); err == nil {
		for _, m := range mcs {
			end, _, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
			merged[m.GetStartAxis()] = end
		}
	}
	widths := map[int]float64{}
	width := func(col int) float64 {
		if w, ok := widths[col]; ok {
			return w
		}
		w, err := x.f.GetColWidth(sh, colName(col))
		if err != nil {
			w = 9
		}
		widths[col] = w
		return w
	}
	wrapped := map[int]int{} // style id → its wrapping copy
	topped := map[int]int{}  // style id → its top-aligned copy
	// In order, so the styles are created, and the file written, the same
	// way every time.
	for _, row := range slices.Sorted(maps.Keys(x.written[sh])) {
		cells := x.written[sh][row]
		lines := 1
		for _, c := range slices.Sorted(maps.Keys(cells)) {
			w := cells[c]
			if !w.isText || w.text == "" {
				continue // numbers and formulas keep their format
			}
			ref := cellName(c, row)
			avail := width(c)
			end, isMerged := merged[ref]
			for k := c + 1; k <= end; k++ {
				avail += width(k)
			}
			lone := c == 1 && len(cells) == 1 && span > 1 && !isMerged
			if lone {
				avail = 0
				for k := 1; k <= span; k++ {
					avail += width(k)
				}
			}
			need := textLines(w.text, avail)
			if need <= 1 && !strings.Contains(w.text, "\n") {
				continue
			}
			if lone {
				x.keep(x.f.MergeCell(sh, ref, cellName(span, row)))
			}
			x.restyle(sh, ref, wrapped, true)
			lines = max(lines, need)
		}
		if lines > 1 {
			h, _ := x.f.GetRowHeight(sh, row)
			x.keep(x.f.SetRowHeight(sh, row, math.Max(h, lineHeight*float64(lines)+3)))
			// The row's other cells align with the first line, not the last
			// (formula cells too, whose text shows only once calculated).
			for _, c := range slices.Sorted(maps.Keys(cells)) {
				x.restyle(sh, cellName(c, row), topped, false)
			}
		}
	}
}

// textLines estimates how many lines s takes wrapped at width units.
func textLines(s string, width float64) int {
	if width <= 0 {
		return 1
	}
	n := 0
	for _, part := range strings.Split(s, "\n") {
		n += max(1, int(math.Ceil(float64(displayWidth(part))*charUnits/width)))
	}
	return n
}

// restyle aligns a cell to the top, and wraps it when wrap is set,
// keeping the rest of its style.
func (x *xw) restyle(sh, ref string, cache map[int]int, wrap bool) {
	id, err := x.f.GetCellStyle(sh, ref)
	if err != nil {
		x.keep(err)
		return
	}
	nid, ok := cache[id]
	if !ok {
		st, err := x.f.GetStyle(id)
		if err != nil {
			x.keep(err)
			return
		}
		if st.Alignment == nil {
			st.Alignment = &excelize.Alignment{}
		}
		st.Alignment.Vertical = "top"
		if wrap {
			st.Alignment.WrapText = true
		}
		if nid, err = x.f.NewStyle(st); err != nil {
			x.keep(err)
			return
		}
		cache[id] = nid
	}
	x.keep(x.f.SetCellStyle(sh, ref, ref, nid))
}
