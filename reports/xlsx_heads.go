package reports

import (
	"maps"
	"slices"
	"strings"
)

// Spreadsheet programs break a wrapped Japanese header between any two
// characters, so a narrow column prints "セキュリテ / ィ" or "スマートフ /
// ォン": a word cut, a small kana starting the line. fitHeads widens a
// header's column to its widest phrase (the splitter the HTML uses,
// phrases), up to maxHeadWidth, and puts the line breaks of a Japanese
// header at its phrase boundaries itself, each line narrower than the
// column, so the program has nothing left to break.

// maxHeadWidth is the widest a column grows for its header: a longer
// phrase (a long option name heading the feature matrix) breaks inside,
// never before a small kana or a closing mark (noLineStart).
const maxHeadWidth = 24.0

// maxBrokenHead is the longest header (bytes) breakPhrases lays out: a
// longer one cannot show in a row anyway, and its lines would cost time
// quadratic in its length.
const maxBrokenHead = 2000

// headPad is the room a header line leaves in its column: the cell's
// padding, and slack for the estimate of the glyph widths.
const headPad = 1.0

// headWidth is the column width that holds s's widest phrase.
func headWidth(s string) float64 {
	w := 0
	for _, line := range strings.Split(s, "\n") {
		for _, p := range phrases(line) {
			w = max(w, displayWidth(strings.TrimSpace(p)))
		}
	}
	return float64(w)*charUnits + headPad
}

func hasWide(s string) bool {
	for _, r := range s {
		if runeWidth(r) == 2 {
			return true
		}
	}
	return false
}

// breakPhrases lays s out in lines of at most width column units, breaking
// only at phrase boundaries (and at its own line ends); a phrase wider
// than a line breaks where a line may start.
func breakPhrases(s string, width float64) string {
	room := int((width - headPad) / charUnits) // display units per line
	if room < 2 || len(s) > maxBrokenHead {
		return s
	}
	var out []string
	for _, part := range strings.Split(s, "\n") {
		line := ""
		for _, p := range phrases(part) {
			if line != "" && displayWidth(strings.TrimRight(line+p, " ")) > room {
				out = append(out, strings.TrimRight(line, " "))
				line = ""
			}
			line += p
			for displayWidth(strings.TrimRight(line, " ")) > room {
				head, rest := cutLine([]rune(line), room)
				out = append(out, head)
				line = rest
			}
		}
		out = append(out, strings.TrimRight(line, " "))
	}
	return strings.Join(out, "\n")
}

// cutLine cuts rs after at most room display units, moving the cut back
// so the rest starts with no small kana, ー or closing mark.
func cutLine(rs []rune, room int) (string, string) {
	n, w := 0, 0
	for n < len(rs) && w+runeWidth(rs[n]) <= room {
		w += runeWidth(rs[n])
		n++
	}
	n = max(n, 1)
	for k := n; k > 1; k-- {
		if k >= len(rs) || !noLineStart(rs[k]) {
			n = k
			break
		}
	}
	return string(rs[:n]), string(rs[n:])
}

// fitHeads sizes the columns of a sheet's header cells to their phrases
// and breaks Japanese headers at phrase boundaries (see above).
func (x *xw) fitHeads(sh string) {
	for _, row := range slices.Sorted(maps.Keys(x.heads[sh])) {
		for _, c := range x.heads[sh][row] {
			w := x.written[sh][row][c]
			if !w.isText || w.text == "" {
				continue
			}
			col := colName(c)
			if v, err := x.f.GetColVisible(sh, col); err == nil && !v {
				continue
			}
			if need := min(headWidth(w.text), maxHeadWidth); need > x.colWidth(sh, c) {
				x.setWidth(sh, col, col, need)
			}
			if !hasWide(w.text) {
				continue // spreadsheet programs break Latin text at its spaces
			}
			if t := breakPhrases(w.text, x.colWidth(sh, c)); t != w.text {
				ref := cellName(c, row)
				x.keep(x.f.SetCellStr(sh, ref, t))
				x.mark(sh, ref, t, true)
			}
		}
	}
}
