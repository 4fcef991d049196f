package reports

import (
	"maps"
	"math"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

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

// Excel refuses a row taller than 409 points (excelize.MaxRowHeight), so
// a row shows at most maxLines lines. Text needing more is cut into rows
// of its own where the sheet allows (chunkLines each, leaving room for
// the estimate being short), or its column widened up to maxFitWidth.
const (
	maxRowHeight = float64(excelize.MaxRowHeight)
	maxLines     = (excelize.MaxRowHeight - 3) / int(lineHeight)
	chunkLines   = maxLines * 3 / 4
	maxFitWidth  = 120.0
)

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

// spanOf is the width, in columns, of a sheet's widest table: a lone
// paragraph, or the last cell of a row, may spread over the empty cells
// up to it.
func (x *xw) spanOf(sh string) int { return max(1, x.spans[sh]) }

// colWidth is column col's width on sheet sh as set so far.
func (x *xw) colWidth(sh string, col int) float64 {
	w, err := x.f.GetColWidth(sh, colName(col))
	if err != nil {
		return 9
	}
	return w
}

// setWidth sets the width of columns from–to, never past Excel's limit
// of 255 characters (excelize.MaxColumnWidth), which excelize refuses.
func (x *xw) setWidth(sh, from, to string, w float64) {
	x.keep(x.f.SetColWidth(sh, from, to, min(w, float64(excelize.MaxColumnWidth))))
}

// availAt is the width text in column c has when last is the row's last
// column: its own, or up to the sheet's span for the last cell, as
// wrapLong merges it.
func (x *xw) availAt(sh string, c, last int) float64 {
	w := x.colWidth(sh, c)
	if span := x.spanOf(sh); c == last && c < span {
		for k := c + 1; k <= span; k++ {
			w += x.colWidth(sh, k)
		}
	}
	return w
}

// wrapLong wraps the text cells of a sheet that do not fit their column
// and grows their rows, up to Excel's 409 points. The last cell of a row
// spreads over the empty cells up to the sheet's span when it wraps; a
// cell that would still need more than maxLines widens its column.
// Long because the three passes share the widths and merges they read.
func (x *xw) wrapLong(sh string) {
	span := x.spanOf(sh)
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
		w := x.colWidth(sh, col)
		widths[col] = w
		return w
	}
	// avail is the width of cell c of a row, and whether it is the row's
	// last cell that spreads to the span.
	avail := func(row, c, last int) (float64, bool) {
		w := width(c)
		ref := cellName(c, row)
		if end, ok := merged[ref]; ok {
			for k := c + 1; k <= end; k++ {
				w += width(k)
			}
			return w, false
		}
		if c != last || c >= span {
			return w, false
		}
		for k := c + 1; k <= span; k++ {
			w += width(k)
		}
		return w, true
	}
	rows := slices.Sorted(maps.Keys(x.written[sh]))
	// A header keeps the width fitHeads gave it: its column is the data's.
	isHead := func(row, c int) bool { return slices.Contains(x.heads[sh][row], c) }
	// Widen first, so every row below is measured at the final widths.
	for _, row := range rows {
		cells := x.written[sh][row]
		cols := slices.Sorted(maps.Keys(cells))
		for _, c := range cols {
			w := cells[c]
			if !w.isText || w.text == "" {
				continue
			}
			a, _ := avail(row, c, cols[len(cols)-1])
			if need := textLines(w.text, a); need > maxLines && !isHead(row, c) {
				want := min(maxFitWidth, width(c)+a*(float64(need)/float64(maxLines)-1))
				if want > width(c) {
					widths[c] = want
					x.setWidth(sh, colName(c), colName(c), want)
				}
			}
		}
	}
	wrapped := map[int]int{} // style id → its wrapping copy
	topped := map[int]int{}  // style id → its top-aligned copy
	// In order, so the styles are created, and the file written, the same
	// way every time.
	for _, row := range rows {
		cells := x.written[sh][row]
		cols := slices.Sorted(maps.Keys(cells))
		lines := 1
		for _, c := range cols {
			w := cells[c]
			if !w.isText || w.text == "" {
				continue // numbers and formulas keep their format
			}
			a, tail := avail(row, c, cols[len(cols)-1])
			need := textLines(w.text, a)
			if need <= 1 && !strings.Contains(w.text, "\n") {
				continue
			}
			if tail {
				x.keep(x.f.MergeCell(sh, cellName(c, row), cellName(span, row)))
			}
			x.restyle(sh, cellName(c, row), wrapped, true)
			lines = max(lines, need)
		}
		if lines > 1 {
			h, _ := x.f.GetRowHeight(sh, row)
			x.keep(x.f.SetRowHeight(sh, row, min(maxRowHeight, math.Max(h, lineHeight*float64(lines)+3))))
			// The row's other cells align with the first line, not the last
			// (formula cells too, whose text shows only once calculated).
			for _, c := range cols {
				x.restyle(sh, cellName(c, row), topped, false)
			}
		}
	}
}

// chunks cuts s into pieces that each fit a row of a column width units
// wide (chunkLines lines), at spaces, commas and line ends where it can:
// the rows of a long list or paragraph. Text that fits is one piece.
func chunks(s string, width float64) []string {
	if textLines(s, width) <= maxLines {
		return []string{s}
	}
	var tokens []string
	start := 0
	for i, r := range s {
		if strings.ContainsRune(" ,、，・\n", r) {
			end := i + utf8.RuneLen(r)
			tokens = append(tokens, s[start:end])
			start = end
		}
	}
	if start < len(s) {
		tokens = append(tokens, s[start:])
	}
	var out []string
	cur := ""
	flush := func() {
		if t := strings.TrimRight(cur, " \n"); t != "" {
			out = append(out, t)
		}
		cur = ""
	}
	// A piece holds at most this much display width of one token.
	capUnits := int(float64(chunkLines) * width / charUnits)
	for _, tok := range tokens {
		if cur != "" && textLines(cur+tok, width) > chunkLines {
			flush()
		}
		for textLines(tok, width) > chunkLines {
			n, w := 0, 0
			for _, r := range tok {
				if w+runeWidth(r) > capUnits {
					break
				}
				w += runeWidth(r)
				n += utf8.RuneLen(r)
			}
			if n == 0 { // one rune wider than the piece
				_, n = utf8.DecodeRuneInString(tok)
			}
			out = append(out, tok[:n])
			tok = tok[n:]
		}
		cur += tok
	}
	flush()
	return out
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

// fitCell keeps s within Excel's 32,767 characters a cell holds
// (excelize.TotalCellChars, counted in UTF-16 units as Excel counts
// them), ending a cut text with "…" so it shows it was cut.
func fitCell(s string) string {
	const limit = excelize.TotalCellChars
	if len(s) <= limit || len(utf16.Encode([]rune(s))) <= limit {
		return s
	}
	n := 0
	for i, r := range s {
		if n += utf16.RuneLen(r); n > limit-1 {
			return s[:i] + "…"
		}
	}
	return s
}
