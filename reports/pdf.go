package reports

import (
	_ "embed"
	"fmt"
	"io"
	"math"
	"regexp"
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
	pdf       *fpdf.Fpdf
	lang      string
	widths    map[float64]map[rune]float64 // font size → rune → width, for wrapping
	landscape bool                         // the current page is A4 landscape
	layouts   map[layoutKey]*tableLayout   // a table is measured once per orientation
}

type layoutKey struct {
	t         *table
	landscape bool
}

// A4, given portrait: fpdf turns it for "L". A table too wide for
// portrait gets landscape pages of its own.
var a4 = fpdf.SizeType{Wd: pageW, Ht: pageH}

func (p *pdfWriter) pageW() float64    { w, _ := p.pdf.GetPageSize(); return w }
func (p *pdfWriter) pageH() float64    { _, h := p.pdf.GetPageSize(); return h }
func (p *pdfWriter) contentW() float64 { return p.pageW() - marginL - marginR }

// bodyH is the height a page gives its content.
func (p *pdfWriter) bodyH() float64 { return p.pageH() - marginTop - marginBot }

// newPage starts a page in the given orientation, the cursor at the top.
func (p *pdfWriter) newPage(landscape bool) {
	if landscape {
		p.pdf.AddPageFormat("L", a4)
	} else {
		p.pdf.AddPageFormat("P", a4)
	}
	p.landscape = landscape
	p.pdf.SetY(marginTop)
}

// orient moves to a new page when the current one is not in the
// orientation the next block needs.
func (p *pdfWriter) orient(landscape bool) {
	if p.landscape != landscape {
		p.newPage(landscape)
	}
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
	// Text starts where a cell starts: wrap measures lines to the cell's
	// width, and fpdf's default 1 mm cell margin would push each line that
	// far past the right margin.
	pdf.SetCellMargin(0)
	pdf.AddUTF8FontFromBytes(pdfFont, "", ipaexGothic)
	pdf.SetTitle(d.Title, true)
	pdf.SetCreator("mailpick "+version, true)
	pdf.SetProducer("mailpick", true)
	// A fixed date keeps the bytes reproducible for a given input and clock.
	pdf.SetCreationDate(now)
	pdf.SetModificationDate(now)
	pdf.AliasNbPages("{nb}")
	p := &pdfWriter{pdf: pdf, lang: d.Lang, widths: map[float64]map[rune]float64{}, layouts: map[layoutKey]*tableLayout{}}
	pdf.SetHeaderFunc(func() {
		if pdf.PageNo() == 1 {
			return
		}
		p.runningHeader(d)
	})
	pdf.SetFooterFunc(func() {
		p.font(8, colMuted)
		pdf.SetXY(marginL, p.pageH()-10)
		pdf.CellFormat(p.contentW(), 5, lf(d.Lang, "page", "page", pdf.PageNo(), "total", "{nb}"), "", 0, "C", false, 0, "")
	})
	p.newPage(false)

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
		land := p.orientations(s.Blocks)
		if len(s.Blocks) > 0 {
			p.orient(land[0])
		}
		// A heading is never left alone at the foot of a page: it moves
		// with what it keeps (the first lines, rows or the whole chart).
		p.room(sectionHeadH + p.keepH(s.Blocks, land, 0))
		p.sectionHeading(s.Title)
		for i, b := range s.Blocks {
			p.orient(land[i])
			switch b.Kind {
			case bPara:
				p.room(p.keepH(s.Blocks, land, i))
				p.font(9, colText)
				p.para(b.Text, 4.6)
				pdf.SetY(pdf.GetY() + 1.5)
			case bWarn:
				p.warn(b.Text)
			case bHeading:
				p.room(p.keepH(s.Blocks, land, i))
				p.subHeading(b.Text)
			case bBullets:
				p.bullets(b.Items)
			case bTable:
				p.table(p.layoutTable(b.Table, land[i]))
			case bChart:
				p.chart(b.Chart, p.leadH(s.Blocks, i))
			case bPageBreak:
				p.newPage(false)
			}
		}
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("rendering PDF: %w", err)
	}
	return pdf.Output(w)
}

// runningHeader prints the title left and the subtitle right on every
// page after the first. When both do not fit on the line, a long company
// name is shortened with "…" first, down to minCompanyW; only then do the
// subtitle's middle parts go (accounts, horizon, currency). The last part
// (the date) stays: a date is never cut.
func (p *pdfWriter) runningHeader(d *document) {
	pdf := p.pdf
	p.font(8, colMuted)
	title := pdfText(d.Title)
	tw := pdf.GetStringWidth(title) + 4
	room := p.contentW() - tw
	parts := strings.Split(pdfText(d.Subtitle), " · ")
	sub := strings.Join(parts, " · ")
	if len(parts) > 2 && pdf.GetStringWidth(sub) > room {
		rest := " · " + strings.Join(parts[1:], " · ")
		if avail := room - pdf.GetStringWidth(rest); avail >= minCompanyW {
			parts[0] = p.fit(parts[0], avail, 8)
			sub = strings.Join(parts, " · ")
		}
	}
	for len(parts) > 2 && pdf.GetStringWidth(sub) > room {
		parts = append(parts[:len(parts)-2], parts[len(parts)-1])
		sub = strings.Join(parts, " · ")
	}
	if pdf.GetStringWidth(sub) > room && len(parts) == 2 {
		last := " · " + parts[1]
		sub = p.fit(parts[0], room-pdf.GetStringWidth(last), 8) + last
	}
	pdf.SetXY(marginL, 8)
	pdf.CellFormat(tw, 5, title, "", 0, "L", false, 0, "")
	pdf.CellFormat(p.contentW()-tw, 5, sub, "", 0, "R", false, 0, "")
	p.stroke(colLine)
	pdf.Line(marginL, 13.5, p.pageW()-marginR, 13.5)
	pdf.SetXY(marginL, marginTop)
}

// minCompanyW is the narrowest the company name is cut to in the running
// header before the account count and the horizon give way.
const minCompanyW = 30.0

// orientations gives each block its page orientation: landscape for a
// table too wide for portrait A4, and for the headings and short
// paragraphs that lead into it, so they stay on its page.
func (p *pdfWriter) orientations(bs []block) []bool {
	out := make([]bool, len(bs))
	for i, b := range bs {
		if b.Kind == bTable {
			out[i] = p.tableNeedsLandscape(b.Table)
		}
	}
	for i := len(bs) - 2; i >= 0; i-- {
		if out[i+1] && (bs[i].Kind == bHeading || bs[i].Kind == bPara) {
			out[i] = true
		}
	}
	return out
}

const (
	sectionHeadH = 12.0 // the section heading with the space around it
	subHeadLineH = 5.5
	paraLineH    = 4.6
	keepRows     = 3 // table rows kept with the heading above
)

// keepH is the height that must fit on the page for block i to start
// there: a heading or a short paragraph with what follows it, the first
// lines of a long paragraph, a table's header and first rows, a whole
// chart (a chart is never split unless it is taller than a page).
// It is capped at a page, where breaking no longer helps.
func (p *pdfWriter) keepH(bs []block, land []bool, i int) float64 {
	if i >= len(bs) {
		return 0
	}
	cw := contentW
	if land[i] {
		cw = pageH - marginL - marginR
	}
	var h float64
	b := bs[i]
	switch b.Kind {
	case bHeading:
		h = 2 + float64(len(p.wrap(b.Text, cw, 10.5)))*subHeadLineH + p.keepH(bs, land, i+1)
	case bPara:
		n := len(p.wrap(b.Text, cw, 9))
		// A short paragraph keeps with what it leads into; one that opens
		// a section (a legend) also with the heading after it.
		if n <= 3 && i+1 < len(bs) && (bs[i+1].Kind != bHeading || i == 0) {
			h = float64(n)*paraLineH + 1.5 + p.keepH(bs, land, i+1)
		} else {
			h = float64(min(n, 3)) * paraLineH
		}
	case bWarn:
		h = float64(len(p.wrap("⚠ "+b.Text, cw-6, 9)))*paraLineH + 5
		if i+1 < len(bs) && bs[i+1].Kind != bHeading {
			h += p.keepH(bs, land, i+1)
		}
	case bBullets:
		if len(b.Items) > 0 {
			h = float64(len(p.wrap(b.Items[0], cw-5, 9))) * paraLineH
		}
	case bTable:
		tl := p.layoutTable(b.Table, land[i])
		h = tl.hh
		for k := 0; k < min(keepRows, len(tl.rows)); k++ {
			h += tl.rowH[k]
		}
	case bChart:
		h = p.chartKeepH(p.chartLayout(b.Chart), p.leadH(bs, i))
	}
	return min(h, p.bodyH())
}

// leadH is the height of what keeps with block i from above it on its
// page: the headings before it, and the section heading when nothing else
// comes between. A chart that fits a page but not under its headings
// starts under them and goes on over the page, rather than leaving them
// alone on a page of their own.
func (p *pdfWriter) leadH(bs []block, i int) float64 {
	h := 0.0
	j := i - 1
	for ; j >= 0 && bs[j].Kind == bHeading; j-- {
		h += 2 + float64(len(p.wrap(bs[j].Text, p.contentW(), 10.5)))*subHeadLineH
	}
	if j < 0 {
		h += sectionHeadH
	}
	return h
}

func (p *pdfWriter) font(size float64, c rgb) {
	p.pdf.SetFont(pdfFont, "", size)
	p.pdf.SetTextColor(c.r, c.g, c.b)
}

func (p *pdfWriter) fill(c rgb)   { p.pdf.SetFillColor(c.r, c.g, c.b) }
func (p *pdfWriter) stroke(c rgb) { p.pdf.SetDrawColor(c.r, c.g, c.b) }

// room starts a new page unless h millimetres fit above the bottom margin.
func (p *pdfWriter) room(h float64) bool {
	if p.pdf.GetY()+h > p.pageH()-marginBot && p.pdf.GetY() > marginTop+0.01 {
		p.newPage(p.landscape)
		return true
	}
	return false
}

func (p *pdfWriter) sectionHeading(t string) {
	pdf := p.pdf
	pdf.SetY(pdf.GetY() + 3)
	p.fill(colAccent)
	pdf.Rect(marginL, pdf.GetY(), 1.6, 7, "F")
	p.font(13, colAccent)
	pdf.SetX(marginL + 3.5)
	pdf.Bookmark(t, 0, -1)
	pdf.CellFormat(p.contentW()-3.5, 7, pdfText(t), "", 1, "L", false, 0, "")
	pdf.SetY(pdf.GetY() + 2)
}

func (p *pdfWriter) subHeading(t string) {
	p.pdf.SetY(p.pdf.GetY() + 1.5)
	p.font(10.5, colText)
	for _, l := range p.wrap(t, p.contentW(), 10.5) {
		p.pdf.SetX(marginL)
		p.pdf.CellFormat(p.contentW(), 5.5, l, "", 1, "L", false, 0, "")
	}
	p.pdf.SetY(p.pdf.GetY() + 0.5)
}

func (p *pdfWriter) para(t string, lh float64) {
	size, _ := p.pdf.GetFontSize()
	for _, l := range p.wrap(t, p.contentW(), size) {
		p.room(lh)
		p.pdf.SetX(marginL)
		p.pdf.CellFormat(p.contentW(), lh, l, "", 1, "L", false, 0, "")
	}
}

func (p *pdfWriter) warn(t string) {
	lines := p.wrap("⚠ "+t, p.contentW()-6, 9)
	h := float64(len(lines))*4.6 + 3
	p.room(h)
	y := p.pdf.GetY()
	p.fill(colWarnBg)
	p.pdf.Rect(marginL, y, p.contentW(), h, "F")
	p.fill(rgb{224, 161, 0})
	p.pdf.Rect(marginL, y, 1.2, h, "F")
	p.font(9, colWarn)
	p.pdf.SetY(y + 1.5)
	for _, l := range lines {
		p.pdf.SetX(marginL + 4)
		p.pdf.CellFormat(p.contentW()-6, 4.6, l, "", 1, "L", false, 0, "")
	}
	p.pdf.SetY(y + h + 2)
}

func (p *pdfWriter) bullets(items []string) {
	p.font(9, colText)
	for _, it := range items {
		lines := p.wrap(it, p.contentW()-5, 9)
		for i, l := range lines {
			p.room(4.6)
			if i == 0 {
				p.pdf.SetX(marginL + 1)
				p.pdf.CellFormat(4, 4.6, "•", "", 0, "L", false, 0, "")
			}
			p.pdf.SetX(marginL + 5)
			p.pdf.CellFormat(p.contentW()-5, 4.6, l, "", 1, "L", false, 0, "")
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

// tableLayout is a table measured for one page orientation: its font
// size, column widths, and every row wrapped into lines.
type tableLayout struct {
	t     *table
	size  float64
	cw    []float64
	head  [][]string
	hh    float64
	rows  [][][]string
	rowH  []float64
	lh    float64
	pad   float64
	broke bool // no size fitted every word and number: some break
}

// Table type sizes: a table starts at 8 pt and shrinks to 7 pt to fit
// its numbers and words; below that it turns to landscape instead, which
// keeps a 10-year TCO table at 7 pt or more.
const (
	tableFont    = 8.0
	minTableFont = 7.0
	// lastResortFont is for a table too wide even for landscape (more
	// columns than the input allows today): words may then break.
	lastResortFont = 6.0
)

// tableNeedsLandscape reports whether t's numbers and words do not fit
// portrait A4 at the smallest table size, and do fit landscape.
func (p *pdfWriter) tableNeedsLandscape(t *table) bool {
	return p.layoutTable(t, false).broke
}

// layoutTable sizes t for a page of the given orientation, once.
func (p *pdfWriter) layoutTable(t *table, landscape bool) *tableLayout {
	k := layoutKey{t, landscape}
	if tl, ok := p.layouts[k]; ok {
		return tl
	}
	if p.layouts == nil {
		p.layouts = map[layoutKey]*tableLayout{}
	}
	tl := p.measureTable(t, landscape)
	p.layouts[k] = tl
	return tl
}

// measureTable sizes t for a page of the given orientation: at the
// largest type size its words and figures fit, unless a smaller one saves
// more than a tenth of the table's height — wide headers of figure
// columns at 8 pt can leave the column of names so narrow that every
// name takes three or four lines.
func (p *pdfWriter) measureTable(t *table, landscape bool) *tableLayout {
	width := contentW
	if landscape {
		width = pageH - marginL - marginR
	}
	fits, _ := p.fitSizes(t, width, minTableFont)
	if len(fits) == 0 {
		size, cw, ok := p.fitColumns(t, width, lastResortFont)
		if !ok {
			// Not even the figures fit: the table still keeps to the
			// page, its columns narrowed in proportion.
			sum := 0.0
			for _, w := range cw {
				sum += w
			}
			for i := range cw {
				cw[i] *= width / sum
			}
		}
		tl := p.wrapTable(t, size, cw)
		tl.broke = true
		return tl
	}
	lays := make([]*tableLayout, len(fits))
	minH := math.Inf(1)
	for k, f := range fits {
		lays[k] = p.wrapTable(t, f.size, f.cw)
		minH = min(minH, lays[k].height())
	}
	for _, tl := range lays {
		if tl.height() <= minH*1.1 {
			return tl
		}
	}
	return lays[len(lays)-1]
}

// height is the table's height on one page, header and every row.
func (tl *tableLayout) height() float64 {
	h := tl.hh
	for _, r := range tl.rowH {
		h += r
	}
	return h
}

// wrapTable wraps t's header and cells into columns cw at size.
func (p *pdfWriter) wrapTable(t *table, size float64, cw []float64) *tableLayout {
	const lh, pad = 3.8, 1.2
	tl := &tableLayout{t: t, size: size, cw: cw, lh: lh, pad: pad}
	layout := func(cells []string) ([][]string, float64) {
		n := len(tl.cw)
		out := make([][]string, n)
		maxL := 1
		for i := 0; i < n; i++ {
			s := ""
			if i < len(cells) {
				s = cells[i]
			}
			out[i] = p.wrap(s, tl.cw[i]-2*pad, tl.size)
			maxL = max(maxL, len(out[i]))
		}
		return out, float64(maxL)*lh + 2*pad
	}
	tl.head, tl.hh = layout(t.Head)
	for _, r := range t.Rows {
		ss := make([]string, len(r))
		for i, c := range r {
			ss[i] = c.Text
		}
		lines, h := layout(ss)
		tl.rows = append(tl.rows, lines)
		tl.rowH = append(tl.rowH, h)
	}
	return tl
}

// table draws a laid-out table across the content width. A row never
// splits; when the next row does not fit, the table continues on a new
// page under its header.
func (p *pdfWriter) table(tl *tableLayout) {
	t, n := tl.t, len(tl.cw)
	drawHead := func() {
		y := p.pdf.GetY()
		x := marginL
		p.fill(colHead)
		p.stroke(colLine)
		p.font(tl.size, colText)
		for i := 0; i < n; i++ {
			p.pdf.Rect(x, y, tl.cw[i], tl.hh, "FD")
			p.cellLines(tl.head[i], x, y, tl.cw[i], tl.pad, tl.lh, t.num(i))
			x += tl.cw[i]
		}
		p.pdf.SetY(y + tl.hh)
	}
	// A table starts where its header and first rows fit, not with the
	// header and one row at the foot of a page.
	first := tl.hh
	for k := 0; k < min(keepRows, len(tl.rowH)); k++ {
		first += tl.rowH[k]
	}
	p.room(min(first, p.bodyH()))
	drawHead()
	for k, r := range t.Rows {
		h := tl.rowH[k]
		if p.room(h) {
			drawHead()
		}
		y := p.pdf.GetY()
		x := marginL
		p.stroke(colLine)
		for i := 0; i < n; i++ {
			p.pdf.Rect(x, y, tl.cw[i], h, "D")
			tn := ""
			if i < len(r) {
				tn = r[i].Tone
			}
			p.font(tl.size, toneColor(tn))
			p.cellLines(tl.rows[k][i], x, y, tl.cw[i], tl.pad, tl.lh, t.num(i))
			x += tl.cw[i]
		}
		p.pdf.SetY(y + h)
	}
	p.pdf.SetY(p.pdf.GetY() + 3)
}

// Word widths a column must hold on one line. A header word never breaks
// ("Smartph / one use"); a body word up to wordCapBody does (a URL or a
// long id beyond it may break).
const (
	wordCapHead = 45.0
	wordCapBody = 32.0
)

// colFit is a type size at which a table's columns fit, and their widths.
type colFit struct {
	size float64
	cw   []float64
}

// fitSizes shares width among t's text columns in proportion to its
// Widths, never giving a column less than its widest figure and its widest
// word need, at each size from tableFont down to floor that fits, largest
// first. With floor = lastResortFont only figures count, so words may
// break. The widths of the smallest size tried come back when none fits.
func (p *pdfWriter) fitSizes(t *table, width, floor float64) ([]colFit, []float64) {
	n := len(t.Head)
	ws := make([]float64, n)
	text := false
	for i := range ws {
		ws[i] = 1
		if len(t.Widths) == n {
			ws[i] = t.Widths[i]
		}
		text = text || !t.num(i)
	}
	// A figure column gets what its figures and header need; the width
	// left goes to the columns of names and text, which wrap less for it.
	for i := range ws {
		if text && t.num(i) {
			ws[i] = 0
		}
	}
	const pad = 1.2
	words := floor > lastResortFont
	var fits []colFit
	var cw []float64
	for size := tableFont; size >= floor-0.01; size -= 0.5 {
		need := p.columnNeeds(t, size, pad, words)
		var ok bool
		if cw, ok = shareWidth(ws, need, width); ok {
			fits = append(fits, colFit{size, cw})
		}
	}
	return fits, cw
}

// fitColumns is the largest size of fitSizes; false when none fits.
func (p *pdfWriter) fitColumns(t *table, width, floor float64) (float64, []float64, bool) {
	fits, cw := p.fitSizes(t, width, floor)
	if len(fits) == 0 {
		return floor, cw, false
	}
	return fits[0].size, fits[0].cw, true
}

// columnNeeds is each column's minimum width at size: four Japanese
// characters (so 禁則 can move one; two in a figure column), the widest figure, and with words
// the widest Latin word and Japanese phrase of the header and of the
// cells (each capped).
func (p *pdfWriter) columnNeeds(t *table, size, pad float64, words bool) []float64 {
	n := len(t.Head)
	need := make([]float64, n)
	for i := range need {
		need[i] = p.textWidth("漢字漢字", size) + 2*pad
		if t.num(i) {
			// Figures do not wrap, and a header of up to phraseCap
			// characters is held whole: no 禁則 to make room for.
			need[i] = p.textWidth("漢字", size) + 2*pad
		}
		if words {
			need[i] = max(need[i], min(p.wordWidth(t.Head[i], size), wordCapHead)+2*pad,
				p.phraseWidth(t.Head[i], size)+2*pad)
		}
	}
	for _, r := range t.Rows {
		for i, c := range r {
			switch {
			case i >= n:
			case t.num(i):
				// A figure column's cell ("≥ 14,751,077") is one unit.
				for _, l := range strings.Split(c.Text, "\n") {
					need[i] = max(need[i], p.textWidth(pdfText(l), size)+2*pad)
				}
			default:
				need[i] = max(need[i], p.numberWidth(c.Text, size)+2*pad)
				if words {
					need[i] = max(need[i], min(p.wordWidth(c.Text, size), wordCapBody)+2*pad,
						p.phraseWidth(c.Text, size)+2*pad)
				}
			}
		}
	}
	return need
}

// wordWidth is the width of the widest run of Latin letters and digits in
// s (wide characters and spaces end a word).
func (p *pdfWriter) wordWidth(s string, size float64) float64 {
	w := 0.0
	for _, tok := range strings.FieldsFunc(pdfText(s), func(r rune) bool { return unicode.IsSpace(r) || isWide(r) }) {
		w = max(w, p.textWidth(tok, size))
	}
	return w
}

// phraseCap is, in characters, the longest Japanese text a column must
// hold on one line: a short cell or header whole (外部サービス, 予算（コスト）,
// 暫定（価格不明）), else its longest phrase (エンタープライズ); a longer
// run of katakana or kanji may break.
const phraseCap = 8

// phraseWidth is the width a column needs for the Japanese of s: each line
// whole when it is at most phraseCap characters, else its widest phrase
// (phrases, phrase.go), at most phraseCap characters. Latin text alone is
// words, which wordWidth measures.
func (p *pdfWriter) phraseWidth(s string, size float64) float64 {
	limit := phraseCap * p.runeWidth('漢', size)
	w := 0.0
	for _, line := range strings.Split(pdfText(s), "\n") {
		if !strings.ContainsFunc(line, isWide) {
			continue
		}
		if lw := p.textWidth(line, size); lw <= limit {
			w = max(w, lw)
			continue
		}
		for _, ph := range phrases(line) {
			if ph = strings.TrimSpace(ph); strings.ContainsFunc(ph, isWide) {
				w = max(w, min(p.textWidth(ph, size), limit))
			}
		}
	}
	return w
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
// is a figure ("1,234", "≧ 5", "12.5%", "2026-11-30"): the part of a cell
// that must stay on one line. A URL or an id with digits is not one.
func (p *pdfWriter) numberWidth(s string, size float64) float64 {
	w := 0.0
	for _, tok := range strings.Fields(pdfText(s)) {
		if figure.MatchString(tok) {
			w = max(w, p.textWidth(tok, size))
		}
	}
	return w
}

var figure = regexp.MustCompile(`^[(]?[≧≦+\-−¥$€]?[0-9][0-9,.:/\-]*%?[)]?$`)

// textWidth is the width of s at size: the sum of its characters' widths,
// as fpdf measures a string (no kerning), from a cache, since measuring
// every table cell at every candidate size is most of the layout's work.
func (p *pdfWriter) textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		w += p.runeWidth(r, size)
	}
	return w
}

// runeWidth is one character's width at size.
func (p *pdfWriter) runeWidth(r rune, size float64) float64 {
	cache := p.widths[size]
	if cache == nil {
		cache = map[rune]float64{}
		p.widths[size] = cache
	}
	if v, ok := cache[r]; ok {
		return v
	}
	saved, _ := p.pdf.GetFontSize()
	p.pdf.SetFontSize(size)
	v := p.pdf.GetStringWidth(string(r))
	p.pdf.SetFontSize(saved)
	cache[r] = v
	return v
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

// wrap breaks s into lines no wider than w at font size, by the reports'
// one line-breaking rule (breakLines, phrase.go): at spaces and Japanese
// phrase boundaries. fpdf's SplitText drops the CJK character it breaks
// at, so we measure ourselves.
func (p *pdfWriter) wrap(s string, w, size float64) []string {
	return breakLines(pdfText(s), w, func(r rune) float64 { return p.runeWidth(r, size) })
}

// kinsokuAt moves a break before rs[i] earlier, by pushing characters
// onto the next line (追い出し), until the next line does not start with a
// character JIS X 4051 forbids at a line start and this line does not end
// with an opening bracket. It never empties the line: a line of nothing but
// such characters breaks where it must, and then says false.
// A break inside a Latin word or a figure is the last resort: first every
// break that keeps words whole is tried.
func kinsokuAt(rs []rune, start, i int) (int, bool) {
	for _, whole := range []bool{true, false} {
		// Keeping a word or a figure whole may leave one character on
		// the line ("き" / "1.17米ドル"); breaking inside needs two.
		for end := i; end > start+1 || (end > start && (whole || end == i)); end-- {
			if !noLineStart(rs[end]) && !noLineEnd(rs[end-1]) && !(whole && (latin(rs[end-1]) && latin(rs[end]) || inFigure(rs, end))) {
				return end, true
			}
		}
	}
	return i, false
}

// latin: a character of a Latin word or a figure, which breaks only at
// its ends.
func latin(r rune) bool { return !isWide(r) && !unicode.IsSpace(r) }

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

// chartGeom is a bar chart measured before it is drawn, so that it is kept
// on one page and its gridlines go under the bars and labels.
type chartGeom struct {
	labels   [][]string // each bar's label, wrapped to at most two lines
	rowH     []float64
	legend   [][]int // series indices per legend row
	ticks    []float64
	div      float64 // money ticks are in units of div
	unit     string  // axis title
	titleH   float64
	legendH  float64
	height   float64
	labelW   float64
	plotW    float64
	valueW   float64
	top, max float64
}

const (
	chartBarH   = 4.2
	chartGap    = 1.6
	chartLabelH = 3.2 // line height of a bar label
	chartAxisH  = 9.0 // tick labels and axis title under the plot
)

// rankMarker is the rank before an option's name in a ranking chart.
var rankMarker = regexp.MustCompile(`^[0-9]+\. `)

// chartLayout measures c: labels wrapped (not cut: two options whose names
// share a beginning stay distinguishable), legend rows, round ticks.
func (p *pdfWriter) chartLayout(c *chart) *chartGeom {
	cw := contentW
	g := &chartGeom{labelW: 58, valueW: 24}
	g.plotW = cw - g.labelW - g.valueW
	g.titleH = 6
	for _, l := range c.Labels {
		lines := p.wrap(l, g.labelW-3, 7.5)
		if m := rankMarker.FindString(l); m != "" && len(lines) > 1 && lines[0] == strings.TrimSpace(m) {
			// A rank ("3. ") stays on the line of the name it numbers,
			// not alone above a name longer than the line.
			lines = p.wrap(l[len(m):], g.labelW-3-p.textWidth(m, 7.5), 7.5)
			lines[0] = m + lines[0]
		}
		if len(lines) > 2 {
			lines = []string{lines[0], p.fit(strings.Join(lines[1:], " "), g.labelW-3, 7.5)}
		}
		g.labels = append(g.labels, lines)
		h := max(chartBarH, float64(len(lines))*chartLabelH) + chartGap
		g.rowH = append(g.rowH, h)
	}
	if len(c.Series) > 1 {
		// The legend wraps into rows: any number of series fits the width.
		x := 0.0
		var row []int
		for j, s := range c.Series {
			w := 3.8 + p.textWidth(pdfText(s), 7) + 4
			if x+w > cw && len(row) > 0 {
				g.legend = append(g.legend, row)
				row, x = nil, 0
			}
			row = append(row, j)
			x += w
		}
		g.legend = append(g.legend, row)
		g.legendH = float64(len(g.legend))*4.2 + 1
	}
	g.max = c.max()
	g.ticks = axisTicks(g.max, 6) // 0, 20, … 100 for a score
	g.top = g.ticks[len(g.ticks)-1]
	g.div = 1
	switch {
	case c.Money:
		g.div, g.unit = axisUnit(p.lang, c.Cur, g.top)
	case c.Unit != "":
		g.unit = c.Unit
	}
	g.height = g.titleH + g.legendH + 1 + chartAxisH + 3
	for _, h := range g.rowH {
		g.height += h
	}
	return g
}

// chart draws horizontal bars, one per label, stacked by series: gridlines
// first, then bars, then each value label on a white box just past its
// bar, so no line runs through a figure. Ticks fall on round values in the
// unit the axis title names. A chart that fits a page is kept on one page.
// It is long because the page breaks of a chart taller than a page, the
// gridlines under them and the bars share one cursor.
func (p *pdfWriter) chart(c *chart, lead float64) {
	pdf := p.pdf
	g := p.chartLayout(c)
	p.room(p.chartKeepH(g, lead))
	p.chartHead(c, g, c.Title)
	x0 := marginL + g.labelW
	scale := g.plotW / g.top
	// rows on this page, then the axis under them; again on the next page.
	start := 0
	for start < len(c.Labels) {
		y := pdf.GetY() + 1
		end, h := start, 0.0
		for end < len(c.Labels) && (end == start || y+h+g.rowH[end]+chartAxisH <= p.pageH()-marginBot) {
			h += g.rowH[end]
			end++
		}
		p.chartGrid(c, g, x0, y, y+h, scale)
		yy := y
		for i := start; i < end; i++ {
			p.chartBar(c, g, i, x0, yy, scale)
			yy += g.rowH[i]
		}
		pdf.SetY(y + h + chartAxisH)
		start = end
		if start < len(c.Labels) {
			// The bars go on under the title again, marked as a
			// continuation, so a page of bars is never unnamed.
			p.newPage(p.landscape)
			p.chartHead(c, g, lf(p.lang, "chart_continued", "title", c.Title))
		}
	}
	pdf.SetY(pdf.GetY() + 3)
}

// chartKeepH is the height a chart needs on the page it starts on: all of
// it when it fits a page under the lead headings that keep with it (leadH),
// else its title, legend and the first bars.
func (p *pdfWriter) chartKeepH(g *chartGeom, lead float64) float64 {
	if lead+g.height <= p.bodyH() {
		return g.height
	}
	h := g.titleH + g.legendH + 1 + chartAxisH
	for _, rh := range g.rowH[:min(4, len(g.rowH))] {
		h += rh
	}
	return h
}

// chartHead draws a chart's title and its legend.
func (p *pdfWriter) chartHead(c *chart, g *chartGeom, title string) {
	pdf := p.pdf
	p.font(9, colText)
	pdf.SetX(marginL)
	pdf.CellFormat(contentW, 5, pdfText(title), "", 1, "L", false, 0, "")
	pdf.SetY(pdf.GetY() + 1)
	for _, row := range g.legend {
		x := marginL
		y := pdf.GetY()
		p.font(7, colText)
		for _, j := range row {
			p.fill(c.seriesColor(j))
			pdf.Rect(x, y+0.6, 3, 3, "F")
			s := pdfText(c.Series[j])
			sw := pdf.GetStringWidth(s)
			pdf.SetXY(x+3.8, y)
			pdf.CellFormat(sw+1, 4, s, "", 0, "L", false, 0, "")
			x += 3.8 + sw + 4
		}
		pdf.SetY(y + 4.2)
	}
	if len(g.legend) > 0 {
		pdf.SetY(pdf.GetY() + 1)
	}
}

// chartGrid draws the gridlines from y0 to y1, the tick labels under them
// and the axis title.
func (p *pdfWriter) chartGrid(c *chart, g *chartGeom, x0, y0, y1, scale float64) {
	pdf := p.pdf
	step := g.top
	if len(g.ticks) > 1 {
		step = g.ticks[1] - g.ticks[0]
	}
	p.stroke(rgb{227, 231, 236})
	p.font(6.5, colMuted)
	for _, v := range g.ticks {
		x := x0 + v*scale
		pdf.Line(x, y0, x, y1)
		pdf.SetXY(x-10, y1+0.3)
		pdf.CellFormat(20, 3, tickLabel(v, g.div, step), "", 0, "C", false, 0, "")
	}
	if g.unit != "" {
		pdf.SetXY(x0, y1+3.6)
		pdf.CellFormat(g.plotW, 3.5, pdfText(g.unit), "", 0, "C", false, 0, "")
	}
}

// chartBar draws bar i at y: its label, its segments, and its value on a
// white box past the bar's end.
func (p *pdfWriter) chartBar(c *chart, g *chartGeom, i int, x0, y, scale float64) {
	pdf := p.pdf
	lines := g.labels[i]
	barY := y + (g.rowH[i]-chartGap-chartBarH)/2
	p.font(7.5, colText)
	ly := y + (g.rowH[i]-chartGap-float64(len(lines))*chartLabelH)/2
	for k, l := range lines {
		pdf.SetXY(marginL, ly+float64(k)*chartLabelH)
		pdf.CellFormat(g.labelW-2, chartLabelH, l, "", 0, "R", false, 0, "")
	}
	x := x0
	for j, v := range c.Values[i] {
		if v <= 0 {
			continue
		}
		col := c.seriesColor(j)
		if i < len(c.Muted) && c.Muted[i] {
			col = rgb{169, 177, 187}
		}
		p.fill(col)
		pdf.Rect(x, barY, v*scale, chartBarH, "F")
		x += v * scale
	}
	p.font(7, colText)
	v := pdfText(c.valueLabel(i))
	w := pdf.GetStringWidth(v) + 1.2
	p.fill(rgb{255, 255, 255})
	pdf.Rect(x+0.6, barY+0.2, w, chartBarH-0.4, "F")
	pdf.SetXY(x+0.6, barY)
	pdf.CellFormat(w, chartBarH, v, "", 0, "C", false, 0, "")
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
