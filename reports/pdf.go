package reports

import (
	_ "embed"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/go-pdf/fpdf"
)

// IPAexGothic (IPA Font License v1.0, which permits redistribution and
// embedding; the licence is in fonts/ beside it) so Japanese renders on a
// machine with no Japanese font installed.
//
//go:embed fonts/ipaexg.ttf
var ipaexGothic []byte

const (
	pdfFont   = "ipaexg"
	pageW     = 210.0
	pageH     = 297.0
	marginL   = 14.0
	marginR   = 14.0
	marginTop = 18.0
	marginBot = 16.0
	contentW  = pageW - marginL - marginR
)

type rgb struct{ r, g, b int }

var (
	colAccent = rgb{11, 92, 173}
	colText   = rgb{27, 31, 36}
	colMuted  = rgb{95, 107, 122}
	colLine   = rgb{200, 206, 214}
	colHead   = rgb{232, 237, 243}
	colGood   = rgb{10, 125, 59}
	colBad    = rgb{179, 38, 30}
	colWarn   = rgb{138, 90, 0}
	colWarnBg = rgb{255, 248, 225}
)

var chartColors = []rgb{{0, 114, 178}, {230, 159, 0}, {0, 158, 115}, {204, 121, 167}, {86, 180, 233}, {213, 94, 0}, {240, 228, 66}, {153, 153, 153}}

type pdfWriter struct {
	pdf    *fpdf.Fpdf
	lang   string
	widths map[float64]map[rune]float64 // font size → rune → width, for wrapping
}

// WritePDF writes the report as an A4 PDF with the Japanese font embedded,
// a running header and page numbers, tables that continue on the next page
// under a repeated header row, and vector bar charts.
func WritePDF(w io.Writer, in *Input) error {
	return writePDFDoc(w, build(in), in.Version, in.Now)
}

// writePDFDoc renders a document model as the PDF; the decision report
// and the posture report share it.
func writePDFDoc(w io.Writer, d *document, version string, now time.Time) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(marginL, marginTop, marginR)
	pdf.SetAutoPageBreak(false, marginBot)
	pdf.AddUTF8FontFromBytes(pdfFont, "", ipaexGothic)
	pdf.SetTitle(d.Title, true)
	pdf.SetCreator("mailpick "+version, true)
	pdf.SetProducer("mailpick", true)
	// A fixed date keeps the bytes reproducible for a given input and clock.
	pdf.SetCreationDate(now)
	pdf.SetModificationDate(now)
	pdf.AliasNbPages("{nb}")
	p := &pdfWriter{pdf: pdf, lang: d.Lang, widths: map[float64]map[rune]float64{}}
	pdf.SetHeaderFunc(func() {
		if pdf.PageNo() == 1 {
			return
		}
		p.font(8, colMuted)
		pdf.SetXY(marginL, 8)
		pdf.CellFormat(contentW/2, 5, pdfText(d.Title), "", 0, "L", false, 0, "")
		pdf.CellFormat(contentW/2, 5, pdfText(truncRunes(d.Subtitle, 70)), "", 0, "R", false, 0, "")
		p.stroke(colLine)
		pdf.Line(marginL, 13.5, pageW-marginR, 13.5)
		pdf.SetXY(marginL, marginTop)
	})
	pdf.SetFooterFunc(func() {
		p.font(8, colMuted)
		pdf.SetXY(marginL, pageH-10)
		pdf.CellFormat(contentW, 5, lf(d.Lang, "page", "page", pdf.PageNo(), "total", "{nb}"), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()

	// Title block.
	p.font(20, colAccent)
	pdf.SetXY(marginL, 16)
	pdf.CellFormat(contentW, 10, pdfText(d.Title), "", 1, "L", false, 0, "")
	p.font(10, colMuted)
	p.para(d.Subtitle, 5)
	p.fill(colAccent)
	pdf.Rect(marginL, pdf.GetY()+1, contentW, 0.8, "F")
	pdf.SetY(pdf.GetY() + 5)

	for _, s := range d.Sections {
		p.sectionHeading(s.Title)
		for _, b := range s.Blocks {
			switch b.Kind {
			case bPara:
				p.font(9, colText)
				p.para(b.Text, 4.6)
				pdf.SetY(pdf.GetY() + 1.5)
			case bWarn:
				p.warn(b.Text)
			case bHeading:
				p.subHeading(b.Text)
			case bBullets:
				p.bullets(b.Items)
			case bTable:
				p.table(b.Table)
			case bChart:
				p.chart(b.Chart)
			case bPageBreak:
				pdf.AddPage()
				pdf.SetY(marginTop)
			}
		}
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("rendering PDF: %w", err)
	}
	return pdf.Output(w)
}

func (p *pdfWriter) font(size float64, c rgb) {
	p.pdf.SetFont(pdfFont, "", size)
	p.pdf.SetTextColor(c.r, c.g, c.b)
}

func (p *pdfWriter) fill(c rgb)   { p.pdf.SetFillColor(c.r, c.g, c.b) }
func (p *pdfWriter) stroke(c rgb) { p.pdf.SetDrawColor(c.r, c.g, c.b) }

// room starts a new page unless h millimetres fit above the bottom margin.
func (p *pdfWriter) room(h float64) bool {
	if p.pdf.GetY()+h > pageH-marginBot {
		p.pdf.AddPage()
		p.pdf.SetY(marginTop)
		return true
	}
	return false
}

func (p *pdfWriter) sectionHeading(t string) {
	// Keep a heading with at least a few lines of what follows.
	p.room(40)
	pdf := p.pdf
	pdf.SetY(pdf.GetY() + 3)
	p.fill(colAccent)
	pdf.Rect(marginL, pdf.GetY(), 1.6, 7, "F")
	p.font(13, colAccent)
	pdf.SetX(marginL + 3.5)
	pdf.Bookmark(t, 0, -1)
	pdf.CellFormat(contentW-3.5, 7, pdfText(t), "", 1, "L", false, 0, "")
	pdf.SetY(pdf.GetY() + 2)
}

func (p *pdfWriter) subHeading(t string) {
	p.room(22)
	p.pdf.SetY(p.pdf.GetY() + 1.5)
	p.font(10.5, colText)
	for _, l := range p.wrap(t, contentW, 10.5) {
		p.pdf.SetX(marginL)
		p.pdf.CellFormat(contentW, 5.5, l, "", 1, "L", false, 0, "")
	}
	p.pdf.SetY(p.pdf.GetY() + 0.5)
}

func (p *pdfWriter) para(t string, lh float64) {
	size, _ := p.pdf.GetFontSize()
	for _, l := range p.wrap(t, contentW, size) {
		p.room(lh)
		p.pdf.SetX(marginL)
		p.pdf.CellFormat(contentW, lh, l, "", 1, "L", false, 0, "")
	}
}

func (p *pdfWriter) warn(t string) {
	lines := p.wrap("⚠ "+t, contentW-6, 9)
	h := float64(len(lines))*4.6 + 3
	p.room(h)
	y := p.pdf.GetY()
	p.fill(colWarnBg)
	p.pdf.Rect(marginL, y, contentW, h, "F")
	p.fill(rgb{224, 161, 0})
	p.pdf.Rect(marginL, y, 1.2, h, "F")
	p.font(9, colWarn)
	p.pdf.SetY(y + 1.5)
	for _, l := range lines {
		p.pdf.SetX(marginL + 4)
		p.pdf.CellFormat(contentW-6, 4.6, l, "", 1, "L", false, 0, "")
	}
	p.pdf.SetY(y + h + 2)
}

func (p *pdfWriter) bullets(items []string) {
	p.font(9, colText)
	for _, it := range items {
		lines := p.wrap(it, contentW-5, 9)
		for i, l := range lines {
			p.room(4.6)
			if i == 0 {
				p.pdf.SetX(marginL + 1)
				p.pdf.CellFormat(4, 4.6, "•", "", 0, "L", false, 0, "")
			}
			p.pdf.SetX(marginL + 5)
			p.pdf.CellFormat(contentW-5, 4.6, l, "", 1, "L", false, 0, "")
		}
		p.pdf.SetY(p.pdf.GetY() + 0.6)
	}
	p.pdf.SetY(p.pdf.GetY() + 1.5)
}

func toneColor(t string) rgb {
	switch t {
	case "good":
		return colGood
	case "bad":
		return colBad
	case "warn":
		return colWarn
	case "muted":
		return colMuted
	}
	return colText
}

// table draws t across the content width. A row never splits; when the next
// row does not fit, the table continues on a new page under its header.
// It is long because measuring rows, breaking pages and repeating the header
// share one cursor; split, each part would hand the position back and forth.
func (p *pdfWriter) table(t *table) {
	n := len(t.Head)
	size := 8.0
	if n > 8 {
		size = 7
	}
	ws := t.Widths
	if len(ws) != n {
		ws = make([]float64, n)
		for i := range ws {
			ws[i] = 1
		}
	}
	const lh, pad = 3.8, 1.2
	size, cw := p.columnWidths(t, ws, size, pad)
	layout := func(cells []string) ([][]string, float64) {
		out := make([][]string, n)
		maxL := 1
		for i := 0; i < n; i++ {
			s := ""
			if i < len(cells) {
				s = cells[i]
			}
			out[i] = p.wrap(s, cw[i]-2*pad, size)
			maxL = max(maxL, len(out[i]))
		}
		return out, float64(maxL)*lh + 2*pad
	}
	head, hh := layout(t.Head)
	drawHead := func() {
		y := p.pdf.GetY()
		x := marginL
		p.fill(colHead)
		p.stroke(colLine)
		p.font(size, colText)
		for i := 0; i < n; i++ {
			p.pdf.Rect(x, y, cw[i], hh, "FD")
			p.cellLines(head[i], x, y, cw[i], pad, lh, t.num(i))
			x += cw[i]
		}
		p.pdf.SetY(y + hh)
	}
	first, firstH := []string{}, 0.0
	if len(t.Rows) > 0 {
		for _, c := range t.Rows[0] {
			first = append(first, c.Text)
		}
		_, firstH = layout(first)
	}
	p.room(hh + firstH)
	drawHead()
	for _, r := range t.Rows {
		ss := make([]string, len(r))
		for i, c := range r {
			ss[i] = c.Text
		}
		lines, h := layout(ss)
		if p.room(h) {
			drawHead()
		}
		y := p.pdf.GetY()
		x := marginL
		p.stroke(colLine)
		for i := 0; i < n; i++ {
			p.pdf.Rect(x, y, cw[i], h, "D")
			tn := ""
			if i < len(r) {
				tn = r[i].Tone
			}
			p.font(size, toneColor(tn))
			p.cellLines(lines[i], x, y, cw[i], pad, lh, t.num(i))
			x += cw[i]
		}
		p.pdf.SetY(y + h)
	}
	p.pdf.SetY(p.pdf.GetY() + 3)
}

// minTableFont is the smallest size a table shrinks to so that its
// numbers fit; 5.5 pt still prints legibly on A4.
const minTableFont = 5.5

// columnWidths shares the content width among the columns in proportion to
// ws, but never gives a column less than its widest number needs: a figure
// must never break across lines ("10,138,80" / "0"). Text columns give up
// the room, and when even that is not enough the whole table gets a smaller
// font, so a 10-year TCO table fits portrait A4.
func (p *pdfWriter) columnWidths(t *table, ws []float64, size, pad float64) (float64, []float64) {
	n := len(ws)
	for ; ; size -= 0.5 {
		// Every column holds at least four Japanese characters a line, so
		// that 禁則 can move a character and headers stay readable.
		need := make([]float64, n)
		for i := range need {
			need[i] = p.textWidth("漢字漢字", size) + 2*pad
		}
		for _, r := range t.Rows {
			for i, c := range r {
				switch {
				case i >= n:
				case t.num(i):
					// A figure column's cell ("≥ 14,751,077") is one unit.
					need[i] = max(need[i], p.textWidth(pdfText(c.Text), size)+2*pad)
				default:
					need[i] = max(need[i], p.numberWidth(c.Text, size)+2*pad)
				}
			}
		}
		if cw, ok := shareWidth(ws, need, contentW); ok || size <= minTableFont {
			return size, cw
		}
	}
}

// shareWidth splits total in proportion to ws with every column at least
// need[i]; false when the needs do not fit.
func shareWidth(ws, need []float64, total float64) ([]float64, bool) {
	n := len(ws)
	cw := make([]float64, n)
	fixed := make([]bool, n)
	for {
		left, wsum := total, 0.0
		for i := range ws {
			if fixed[i] {
				left -= cw[i]
			} else {
				wsum += ws[i]
			}
		}
		changed := false
		for i := range ws {
			if fixed[i] {
				continue
			}
			cw[i] = left * ws[i] / wsum
			if cw[i] < need[i] {
				cw[i], fixed[i], changed = need[i], true, true
			}
		}
		if !changed {
			return cw, left >= -0.01
		}
		if left < 0 {
			return cw, false
		}
	}
}

// numberWidth is the width of the widest space-separated token of s that
// holds a digit: the part of a cell that must stay on one line.
func (p *pdfWriter) numberWidth(s string, size float64) float64 {
	w := 0.0
	for _, tok := range strings.Fields(pdfText(s)) {
		if strings.ContainsAny(tok, "0123456789") && !strings.ContainsFunc(tok, isWide) {
			w = max(w, p.textWidth(tok, size))
		}
	}
	return w
}

func (p *pdfWriter) textWidth(s string, size float64) float64 {
	saved, _ := p.pdf.GetFontSize()
	p.pdf.SetFontSize(size)
	defer p.pdf.SetFontSize(saved)
	return p.pdf.GetStringWidth(s)
}

func (t *table) num(i int) bool { return i < len(t.Num) && t.Num[i] }

func (p *pdfWriter) cellLines(lines []string, x, y, w, pad, lh float64, right bool) {
	align := "L"
	if right {
		align = "R"
	}
	for k, l := range lines {
		p.pdf.SetXY(x+pad, y+pad+float64(k)*lh)
		p.pdf.CellFormat(w-2*pad, lh, l, "", 0, align, false, 0, "")
	}
}

// wrap breaks s into lines no wider than w at font size: at spaces in
// Latin text, between any two characters in Japanese. fpdf's SplitText
// drops the CJK character it breaks at, so we measure ourselves.
func (p *pdfWriter) wrap(s string, w, size float64) []string {
	s = pdfText(s)
	cache := p.widths[size]
	if cache == nil {
		cache = map[rune]float64{}
		p.widths[size] = cache
	}
	saved, _ := p.pdf.GetFontSize()
	p.pdf.SetFontSize(size)
	defer p.pdf.SetFontSize(saved)
	width := func(r rune) float64 {
		if v, ok := cache[r]; ok {
			return v
		}
		v := p.pdf.GetStringWidth(string(r))
		cache[r] = v
		return v
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		rs := []rune(para)
		start, lastSpace, cur := 0, -1, 0.0
		for i := 0; i < len(rs); i++ {
			r := rs[i]
			cw := width(r)
			if cur+cw > w && i > start {
				end := i
				next := i
				if lastSpace > start && !unicode.IsSpace(r) && !isWide(r) {
					end, next = lastSpace, lastSpace+1
				} else {
					end = kinsokuBreak(rs, start, i)
					next = end
				}
				out = append(out, strings.TrimRight(string(rs[start:end]), " "))
				start, lastSpace = next, -1
				cur = 0
				for _, q := range rs[start : i+1] {
					cur += width(q)
				}
				continue
			}
			if unicode.IsSpace(r) {
				lastSpace = i
			}
			cur += cw
		}
		out = append(out, string(rs[start:]))
	}
	return out
}

// kinsokuBreak moves a break before rs[i] earlier, by pushing characters
// onto the next line (追い出し), until the next line does not start with a
// character JIS X 4051 forbids at a line start and this line does not end
// with an opening bracket. It never empties the line: a line of nothing but
// such characters breaks where it must.
func kinsokuBreak(rs []rune, start, i int) int {
	for end := i; end > start+1; end-- {
		if !noLineStart(rs[end]) && !noLineEnd(rs[end-1]) {
			return end
		}
	}
	return i
}

// noLineStart: closing brackets, 。、，．・ー and the other marks and small
// kana that JIS X 4051 (行頭禁則) keeps off the start of a line.
func noLineStart(r rune) bool {
	return strings.ContainsRune("）」』】〕〉》］｝〙〗)]}’”。、，．,.・：；:;！？!?ー―‐〜～…‥ゝゞヽヾ々ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ%％", r)
}

// noLineEnd: opening brackets, which JIS X 4051 (行末禁則) keeps off the end
// of a line.
func noLineEnd(r rune) bool {
	return strings.ContainsRune("（「『【〔〈《［｛〘〖([{‘“", r)
}

// pdfGlyphs replaces symbols IPAexGothic lacks (it covers JIS X 0208, not
// Unicode's dingbats) with ones it has, so nothing prints as a blank box.
var pdfGlyphs = strings.NewReplacer("≥", "≧", "≤", "≦", "⚠", "▲", "✓", "○", "✗", "×", "–", "-")

func pdfText(s string) string { return pdfGlyphs.Replace(s) }

// PDFText is the text as the PDF prints it (symbols the font lacks
// replaced), for checks that search the PDF's text.
func PDFText(s string) string { return pdfText(s) }

func isWide(r rune) bool { return runeWidth(r) == 2 }

// chart draws horizontal bars, one per label, stacked by series.
func (p *pdfWriter) chart(c *chart) {
	pdf := p.pdf
	const barH, gap, labelW = 4.2, 1.6, 62.0
	plotW := contentW - labelW - 26
	m := c.max()
	scale := plotW / m
	p.room(14 + 2*(barH+gap))
	p.font(9, colText)
	pdf.SetX(marginL)
	title := c.Title
	if c.Money {
		title += " (" + c.Cur + ")"
	}
	pdf.CellFormat(contentW, 5, pdfText(title), "", 1, "L", false, 0, "")
	if len(c.Series) > 1 {
		x := marginL + labelW
		p.font(7, colText)
		y := pdf.GetY() + 0.5
		for i, s := range c.Series {
			col := chartColors[i%len(chartColors)]
			p.fill(col)
			pdf.Rect(x, y+0.6, 3, 3, "F")
			pdf.SetXY(x+3.8, y)
			s = pdfText(s)
			sw := pdf.GetStringWidth(s) + 6
			pdf.CellFormat(sw, 4, s, "", 0, "L", false, 0, "")
			x += sw + 3.8
		}
		pdf.SetY(y + 5)
	}
	top := pdf.GetY() + 1
	drawAxis := func(y0, y1 float64) {
		p.stroke(rgb{227, 231, 236})
		p.font(6.5, colMuted)
		for k := 0; k <= 4; k++ {
			x := marginL + labelW + plotW*float64(k)/4
			pdf.Line(x, y0, x, y1)
			pdf.SetXY(x-10, y1+0.3)
			pdf.CellFormat(20, 3, c.fmtShort(m*float64(k)/4), "", 0, "C", false, 0, "")
		}
	}
	y := top
	segTop := top
	for i, l := range c.Labels {
		if y+barH+6 > pageH-marginBot {
			drawAxis(segTop, y)
			pdf.AddPage()
			y = marginTop
			segTop = y
		}
		p.font(7.5, colText)
		pdf.SetXY(marginL, y)
		pdf.CellFormat(labelW-2, barH, p.fit(l, labelW-3, 7.5), "", 0, "R", false, 0, "")
		x := marginL + labelW
		for j, v := range c.Values[i] {
			if v <= 0 {
				continue
			}
			col := chartColors[j%len(chartColors)]
			if i < len(c.Muted) && c.Muted[i] {
				col = rgb{169, 177, 187}
			}
			p.fill(col)
			pdf.Rect(x, y, v*scale, barH, "F")
			x += v * scale
		}
		p.font(7, colText)
		pdf.SetXY(x+1, y)
		pdf.CellFormat(24, barH, c.fmtValue(c.total(i)), "", 0, "L", false, 0, "")
		y += barH + gap
	}
	drawAxis(segTop, y)
	pdf.SetY(y + 6)
}

// fit shortens s with an ellipsis to width w.
func (p *pdfWriter) fit(s string, w, size float64) string {
	lines := p.wrap(s, w, size)
	if len(lines) <= 1 {
		return s
	}
	r := []rune(lines[0])
	if len(r) > 1 {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
