package reports

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// displayWidth counts terminal columns: East Asian wide and full-width
// characters take two, so Japanese names line up in text tables.
func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w
}

func runeWidth(r rune) int {
	switch {
	case r < 0x20 || unicode.Is(unicode.Mn, r):
		return 0
	case r >= 0x1100 && (r <= 0x115f || r == 0x2329 || r == 0x232a ||
		(r >= 0x2e80 && r <= 0xa4cf && r != 0x303f) ||
		(r >= 0xac00 && r <= 0xd7a3) ||
		(r >= 0xf900 && r <= 0xfaff) ||
		(r >= 0xfe30 && r <= 0xfe4f) ||
		(r >= 0xff00 && r <= 0xff60) ||
		(r >= 0xffe0 && r <= 0xffe6) ||
		(r >= 0x1f300 && r <= 0x1f64f) ||
		(r >= 0x20000 && r <= 0x3fffd)):
		return 2
	}
	return 1
}

// pad right-pads s to width columns, truncating with "…" when longer.
func pad(s string, width int) string {
	w := displayWidth(s)
	if w > width {
		var b strings.Builder
		cur := 0
		for _, r := range s {
			rw := runeWidth(r)
			if cur+rw > width-1 {
				break
			}
			b.WriteRune(r)
			cur += rw
		}
		b.WriteString("…")
		cur++
		return b.String() + strings.Repeat(" ", max(0, width-cur))
	}
	return s + strings.Repeat(" ", width-w)
}

func padLeft(s string, width int) string {
	w := displayWidth(s)
	if w >= width {
		return s
	}
	return strings.Repeat(" ", width-w) + s
}

// sanitizeTerminal removes control characters (escape sequences from a
// catalog or a DNS answer must not drive the user's terminal).
func sanitizeTerminal(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n':
			b.WriteRune(' ')
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			b.WriteRune('�')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
