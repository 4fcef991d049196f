package reports

import (
	"math"
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

func (x *xw) wrapLong(sh string, span int) {
	rows, err := x.f.GetRows(sh)
	if err != nil {
		x.keep(err)
		return
	}
	merged := map[string]int{} // a merge's first cell → its last column
	if mcs, err := x.f.GetMergeCells(sh); err == nil {
		for _, m := range mcs {
			end, _, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
			merged[m.GetStartAxis()] = end
		}
	}
	ncols := 0
	for _, cells := range rows {
		ncols = max(ncols, len(cells))
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
	for r, cells := range rows {
		row := r + 1
		filled := 0
		for _, v := range cells {
			if v != "" {
				filled++
			}
		}
		lines := 1
		for c, v := range cells {
			if v == "" {
				continue
			}
			ref := cellName(c+1, row)
			if t, _ := x.f.GetCellType(sh, ref); t != excelize.CellTypeSharedString && t != excelize.CellTypeInlineString {
				continue // numbers and formulas keep their format
			}
			avail := width(c + 1)
			if end, ok := merged[ref]; ok {
				for k := c + 2; k <= end; k++ {
					avail += width(k)
				}
			}
			_, isMerged := merged[ref]
			lone := c == 0 && filled == 1 && span > 1 && !isMerged
			if lone {
				avail = 0
				for k := 1; k <= span; k++ {
					avail += width(k)
				}
			}
			need := textLines(v, avail)
			if need <= 1 && !strings.Contains(v, "\n") {
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
			for c := range ncols {
				ref := cellName(c+1, row)
				if t, _ := x.f.GetCellType(sh, ref); t != excelize.CellTypeUnset || (c < len(cells) && cells[c] != "") {
					x.restyle(sh, ref, topped, false)
				}
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
