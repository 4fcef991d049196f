package reports

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"
)

// WriteHTML writes the report as one self-contained HTML file: inline CSS,
// inline SVG charts, no scripts, no external requests (a Content Security
// Policy forbids them). html/template escapes every text from catalogs,
// requirements and servers.
func WriteHTML(w io.Writer, in *Input) error { return writeHTMLDoc(w, build(in)) }

// writeHTMLDoc renders a document model as the HTML page; the decision
// report and the posture report share it.
//
// The page is laid out so that nothing overflows its container at any
// width, by design rather than by tuned widths:
//   - each table knows the width it needs (htmlTable.Need) and turns into a
//     list of cards, one per row, where its container is narrower;
//   - each chart is drawn twice, for a wide and for a narrow container, each
//     with its labels, values and ticks inside its own viewBox, and CSS shows
//     the one that fits.
func writeHTMLDoc(w io.Writer, d *document) error {
	hd := htmlDoc{Doc: d, Tables: map[*table]htmlTable{}, Charts: map[*chart][2]svgChart{}}
	n := 0
	reflow := map[int]bool{}
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			switch b.Kind {
			case bTable:
				setNowrap(b.Table)
				ht := layoutTable(b.Table)
				if ht.Below > 0 {
					reflow[ht.Below] = true
				}
				if ht.Cards || ht.Below > 0 {
					n++
					ht.ID = fmt.Sprintf("t%d", n)
					hd.CardTables = append(hd.CardTables, cardTable{ID: ht.ID, Head: b.Table.Head})
				}
				hd.Tables[b.Table] = ht
			case bChart:
				hd.Charts[b.Chart] = [2]svgChart{layoutSVG(b.Chart, wideChart, d.Lang), layoutSVG(b.Chart, narrowChart, d.Lang)}
			}
		}
	}
	hd.CardCSS = cardCSS(reflow) + cardLabels(hd.CardTables)
	return htmlTmpl.Execute(w, hd)
}

// setNowrap keeps columns of short values (ranks, kinds, yes/no, levels)
// on one line, so a phone does not stack "外部サービス" one character a line.
func setNowrap(t *table) {
	const short = 14 // display columns
	t.Nowrap = make([]bool, len(t.Head))
	for i := range t.Head {
		ok := true
		for _, r := range t.Rows {
			if i < len(r) && displayWidth(r[i].Text) > short {
				ok = false
				break
			}
		}
		t.Nowrap[i] = ok
	}
	// The widest column by design (an option name, a detail) keeps a
	// minimum width so narrow numeric columns cannot squeeze it to a word.
	t.Wide = -1
	best := 0.0
	for i, w := range t.Widths {
		if w > best && !t.Nowrap[i] {
			t.Wide, best = i, w
		}
	}
}

type htmlDoc struct {
	Doc        *document
	Tables     map[*table]htmlTable
	Charts     map[*chart][2]svgChart
	CardCSS    template.CSS
	CardTables []cardTable
}

// cardTable names the columns of a table that may be shown as cards.
type cardTable struct {
	ID   string
	Head []string
}

// cardLabels gives each column's cells of a table that may be shown as
// cards its header, as the custom property --l that a card prints above
// the value: once per column, not once per cell (a data-label attribute on
// every cell doubled the file's size).
func cardLabels(ts []cardTable) template.CSS {
	var b strings.Builder
	for _, t := range ts {
		for i, h := range t.Head {
			fmt.Fprintf(&b, "#%s td:nth-child(%d){--l:%s}", t.ID, i+1, cssString(h))
		}
		b.WriteByte('\n')
	}
	return template.CSS(b.String())
}

// cssString quotes s as a CSS string (CSS Syntax Level 3 §4.3.5) for a
// style sheet inside <style>: every ASCII character but letters and digits
// is written as a hexadecimal escape, so neither a quote, a backslash, a
// newline nor "</style>" from a catalog's option name can end the string
// or the element. html/template cannot do it here: it takes a CSS string
// holding "name: text" for a URL and blanks it.
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r >= 0x80 && r != 0xFFFD:
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, "\\%x ", r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Page metrics the layout is computed with; the CSS below uses the same.
const (
	mainMaxPx   = 1100 // main's max-width
	mainPadPx   = 20   // main's horizontal padding (each side) on wide screens
	tableFontPx = 13.2 // table text: .88rem of the 15px body
	cellPadPx   = 15   // 2 × 7px padding + a 1px border
	// A wrapping column is given this many em before its table counts as
	// too narrow: enough for a name or a short sentence per line. A
	// narrower table would fit, one word a line, but not read.
	comfortEm = 9
	wideEm    = 10 // min-width of the table's widest column (td.wide)
	// A header up to this many display columns (six Japanese characters)
	// stays on one line: "総合点" broken as "総合/点" does not read.
	shortHead = 12
	// A cell longer than this many display columns gets a card's whole
	// width when the table is shown as cards.
	longCell = 24
	// Tables that need no more than this fit a 320 px phone (its content
	// box is 300 px) and are never reflowed.
	phonePx    = 300
	reflowStep = 40 // breakpoints are rounded up to a multiple of this
)

// htmlTable is how one table is rendered: as a table where its container is
// at least Need px wide, as cards below the viewport width Below (0: never),
// or as cards at every width (Cards: it needs more than main ever has).
type htmlTable struct {
	ID    string    // element id of a table that may be shown as cards
	Key   int       // the column that names a row (a card's title)
	MinEm []float64 // each column's minimum width (th min-width)
	Need  float64
	Below int
	Cards bool
}

// layoutTable gives each column a minimum width and adds them up: a column
// of one-line cells (setNowrap) or of figures takes its longest one, a
// wrapping column up to comfortEm, the widest column (t.Wide) at least
// wideEm, and every column its header (headEm). The minimums are set on the
// header cells, so the browser lays the table out at no less than this
// estimate, and the table is shown as a table only where it fits.
func layoutTable(t *table) htmlTable {
	ht := htmlTable{Key: 0}
	for i := range t.Head {
		if !numCol(t, i) {
			ht.Key = i
			break
		}
	}
	need := 1.0
	ht.MinEm = make([]float64, len(t.Head))
	for i, h := range t.Head {
		text, fig := 0.0, 0.0
		for _, r := range t.Rows {
			if i >= len(r) {
				continue
			}
			for _, l := range strings.Split(r[i].Text, "\n") {
				if isFigure(l) {
					fig = math.Max(fig, textEm(l))
				} else {
					text = math.Max(text, textEm(l))
				}
			}
		}
		if !t.Nowrap[i] {
			text = math.Min(text, comfortEm)
		}
		em := math.Max(text, fig)
		if i == t.Wide {
			em = math.Max(em, wideEm)
		}
		// th is bold; the slack keeps a text that fits exactly from
		// wrapping on a rounding of the font's advance widths.
		em = math.Ceil(10*(math.Max(em, 1.08*headEm(h))+0.2)) / 10
		ht.MinEm[i] = em
		need += em*tableFontPx + cellPadPx
	}
	ht.Need = math.Ceil(need)
	switch {
	case need > mainMaxPx-2*mainPadPx:
		ht.Cards = true
	case need > phonePx:
		ht.Below = int(math.Ceil((need+2*mainPadPx)/reflowStep)) * reflowStep
	}
	return ht
}

// figure matches a number as the reports write it ("1,234", "≥ 846,334",
// "12.5%", "230 JPY"): it never breaks across lines.
var htmlFigure = regexp.MustCompile(`^[≥≤~+\-−]?\s?\d[\d,.]*(\s?%|\s[A-Z]{3})?$`)

func isFigure(s string) bool { return htmlFigure.MatchString(s) }

// headEm is the narrowest a header can be: a short one whole (shortHead),
// a longer one its widest phrase (html_phrase.go), since th breaks only
// between phrases (word-break: keep-all, with <wbr> at each boundary).
func headEm(h string) float64 {
	if displayWidth(h) <= shortHead {
		return textEm(h)
	}
	return longestPhraseEm(h)
}

// cardCSS is the card layout of a reflowed table: the row's name as the
// title, every other cell under its column's name, short values side by
// side in a grid, long texts across the card. It is emitted once for the
// tables that are always cards, and once per breakpoint in use — on screen
// only: print sets tables in a smaller type (9 px), where they fit A4.
func cardCSS(below map[int]bool) template.CSS {
	rules := func(sel string) string {
		r := `&>table,& tbody,& tr,& td{display:block;width:auto}` +
			`& thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}` +
			`& tr{display:grid;grid-template-columns:repeat(auto-fill,minmax(8.5em,1fr));gap:2px 14px;border:1px solid var(--line);border-radius:6px;padding:6px 10px;margin:0 0 8px}` +
			`& td{border:0;padding:2px 0;text-align:left;min-width:0;white-space:normal}` +
			`& td::before{content:var(--l,"");display:block;font-size:.78em;font-weight:400;color:var(--muted)}` +
			`& td.k{grid-column:1/-1;order:-1;font-weight:600;font-size:1.05em}& td.k::before{content:none}` +
			`& td.long{grid-column:1/-1}& td:empty{display:none}`
		return strings.ReplaceAll(r, "&", sel)
	}
	var b strings.Builder
	b.WriteString(rules(".cards"))
	for px := reflowStep; px <= mainMaxPx+reflowStep; px += reflowStep {
		if below[px] {
			fmt.Fprintf(&b, "@media screen and (max-width:%.2fpx){%s}", float64(px)-0.02, rules(fmt.Sprintf(".r%d", px)))
		}
	}
	return template.CSS(b.String())
}

// textEm estimates the width of s in em, with the advance widths of DejaVu
// Sans — the sans-serif fallback of Debian and many Linux systems, and one
// of the widest faces — so what fits with it fits with the fonts of
// Windows and macOS too. Wide (East Asian) characters are one em.
func textEm(s string) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case wideRune(r):
			w += 1
		case r == ' ':
			w += 0.32
		case strings.ContainsRune("mwMW@%…—", r):
			w += 1
		case strings.ContainsRune("iljtfrI.,:;'!|()[]", r):
			w += 0.4
		case r >= '0' && r <= '9':
			w += 0.64 // tabular figures
		case r >= 'A' && r <= 'Z':
			w += 0.74
		default:
			w += 0.62
		}
	}
	return w
}

// chartLayout is one of the two drawings of a chart.
type chartLayout struct {
	Class    string  // CSS class: which container width shows it
	W        float64 // viewBox width = CSS px at scale 1
	LabelW   float64 // labels' column (0: labels above the bars)
	FontPx   float64 // labels
	ValuePx  float64 // values, ticks, legend
	BarH     float64
	RowGap   float64
	LineH    float64
	MaxLines int
}

// wideChart puts labels left of the bars; it is shown where main is at
// least 680 px wide, so its text is never drawn below 0.9 of its size.
// narrowChart puts each label above its bar, across the whole width.
var (
	wideChart   = chartLayout{Class: "cw", W: 760, LabelW: 280, FontPx: 12, ValuePx: 11, BarH: 18, RowGap: 6, LineH: 14, MaxLines: 2}
	narrowChart = chartLayout{Class: "cn", W: 360, FontPx: 12, ValuePx: 11, BarH: 14, RowGap: 9, LineH: 14, MaxLines: 2}
)

// svgChart is a horizontal bar chart laid out in Go; the template only
// prints numbers and escaped labels.
type svgChart struct {
	Class   string
	Width   float64
	Height  float64
	Bars    []svgBar
	Legend  []svgLegend
	Ticks   []svgTick
	GridTop float64
	GridBot float64
	TickY   float64 // baseline of the tick labels
	Unit    svgText // the axis unit under the ticks ("百万円", "点"); may be empty
}

type svgBar struct {
	Title  string // the full label and value, shown on hover
	Lines  []svgText
	Y, H   float64
	Segs   []svgSeg
	Value  svgText
	Winner bool // the first bar: the ranking's leader
}

type svgText struct {
	X, Y   float64
	Anchor string
	Text   string
}

type svgSeg struct {
	X, W  float64
	Color string
	Title string
}

type svgLegend struct {
	X, Y  float64
	Color string
	Name  string
}

type svgTick struct {
	X      float64
	Anchor string
	Label  string
}

// palette is colour-blind-safe (Okabe–Ito); the XLSX charts use it too.
var palette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"}

const mutedColor = "#A9B1BB"

// hexColor writes a chart colour for SVG.
func hexColor(c rgb) string { return fmt.Sprintf("#%02X%02X%02X", c.r, c.g, c.b) }

// layoutSVG lays a chart out for one container width. Everything it draws
// stays inside the viewBox: labels wrap to at most two lines in their
// column, value labels have room reserved right of the longest bar, and
// the first and last tick labels are anchored inward. Ticks, their unit and
// the colours are the PDF's (chart.go): round values, money in thousands or
// millions named under the axis, years in one hue from light to dark.
func layoutSVG(c *chart, l chartLayout, lang string) svgChart {
	sc := svgChart{Class: l.Class, Width: l.W}
	plotX := l.LabelW
	if plotX > 0 {
		plotX += 8 // gap between a label and its bar
	}
	plotW := l.W - plotX - 2
	y := 0.0
	if len(c.Series) > 1 {
		sc.Legend, y = layoutLegend(c, plotX, l)
	}
	labelW := l.LabelW
	if labelW == 0 {
		labelW = l.W
	}
	labels := distinctLabels(c.Labels, labelW/l.FontPx, l.MaxLines)
	values := make([]string, len(c.Labels))
	valEm := 0.0
	for i := range c.Labels {
		values[i] = c.valueLabel(i)
		valEm = math.Max(valEm, textEm(values[i]))
	}
	ticks := axisTicks(c.max(), 6)
	top := ticks[len(ticks)-1]
	div, unit := 1.0, c.Unit
	if c.Money {
		div, unit = axisUnit(lang, c.Cur, top)
	}
	scale := (plotW - valEm*l.ValuePx - 6) / top
	sc.GridTop = y
	for i := range c.Labels {
		var bar svgBar
		bar, y = layoutBar(c, l, i, labels[i], values[i], y, plotX, scale)
		sc.Bars = append(sc.Bars, bar)
	}
	sc.GridBot = y - l.RowGap + 4
	sc.layoutAxis(ticks, div, unit, plotX, scale, l)
	return sc
}

// layoutBar lays out bar i with its label lines from the row's top y, and
// returns it and the next row's top.
func layoutBar(c *chart, l chartLayout, i int, lines []string, value string, y, plotX, scale float64) (svgBar, float64) {
	bar := svgBar{Title: c.Labels[i] + ": " + value, Winner: i == 0}
	if l.LabelW > 0 {
		rowH := math.Max(l.BarH, float64(len(lines))*l.LineH)
		bar.Y, bar.H = y+(rowH-l.BarH)/2, l.BarH
		first := y + rowH/2 - float64(len(lines)-1)*l.LineH/2 + l.FontPx*0.35
		for k, s := range lines {
			bar.Lines = append(bar.Lines, svgText{X: l.LabelW, Y: first + float64(k)*l.LineH, Anchor: "end", Text: s})
		}
		y += rowH + l.RowGap
	} else {
		for k, s := range lines {
			bar.Lines = append(bar.Lines, svgText{X: 0, Y: y + l.FontPx + float64(k)*l.LineH, Anchor: "start", Text: s})
		}
		bar.Y, bar.H = y+float64(len(lines))*l.LineH+3, l.BarH
		y = bar.Y + l.BarH + l.RowGap
	}
	muted := i < len(c.Muted) && c.Muted[i]
	x := plotX
	for j, v := range c.Values[i] {
		if v <= 0 {
			continue
		}
		col := hexColor(c.seriesColor(j))
		if muted {
			col = mutedColor
		}
		name := ""
		if j < len(c.Series) {
			name = c.Series[j] + ": "
		}
		bar.Segs = append(bar.Segs, svgSeg{X: x, W: v * scale, Color: col, Title: name + c.fmtValue(v)})
		x += v * scale
	}
	bar.Value = svgText{X: x + 4, Y: bar.Y + l.BarH/2 + l.ValuePx*0.35, Anchor: "start", Text: value}
	return bar, y
}

// layoutAxis places the tick labels under the plot, the first and last
// anchored inward so they stay in the viewBox, and the unit under them.
func (sc *svgChart) layoutAxis(ticks []float64, div float64, unit string, plotX, scale float64, l chartLayout) {
	top := ticks[len(ticks)-1]
	step := top
	if len(ticks) > 1 {
		step = ticks[1] - ticks[0]
	}
	for _, v := range ticks {
		t := svgTick{X: plotX + v*scale, Anchor: "middle", Label: tickLabel(v, div, step)}
		half := textEm(t.Label) * l.ValuePx / 2
		switch {
		case t.X-half < 0:
			t.Anchor = "start"
		case t.X+half > l.W:
			t.Anchor = "end"
		}
		sc.Ticks = append(sc.Ticks, t)
	}
	sc.TickY = sc.GridBot + l.ValuePx + 2
	sc.Height = math.Ceil(sc.TickY + 4)
	if unit != "" {
		sc.Unit = svgText{X: plotX + (top*scale)/2, Y: sc.TickY + l.ValuePx + 4, Anchor: "middle", Text: unit}
		sc.Height = math.Ceil(sc.Unit.Y + 4)
	}
}

// layoutLegend places the series' swatches in rows that wrap within the
// chart's width; it returns them and the height they take.
func layoutLegend(c *chart, x0 float64, l chartLayout) ([]svgLegend, float64) {
	var out []svgLegend
	x, y := x0, 0.0
	for i, s := range c.Series {
		w := 16 + textEm(s)*l.ValuePx + 12
		if x > x0 && x+w > l.W {
			x, y = x0, y+18
		}
		out = append(out, svgLegend{X: x, Y: y + 2, Color: hexColor(c.seriesColor(i)), Name: s})
		x += w
	}
	return out, y + 22
}

// distinctLabels fits every label into at most maxLines lines of maxEm.
// A label too long for them keeps its head and its end, joined by "…": the
// end is what tells plans of one product apart ("Google Workspace Business
// Starter" / "… Standard"). Labels that still read alike show the text from
// where they differ. Only labels that are the same in full stay the same.
func distinctLabels(labels []string, maxEm float64, maxLines int) [][]string {
	out := make([][]string, len(labels))
	for i, s := range labels {
		out[i] = fitLines(s, maxEm, maxLines, -1)
	}
	seen := map[string][]int{}
	for i := range out {
		k := strings.Join(out[i], "\n")
		seen[k] = append(seen[k], i)
	}
	for _, group := range seen {
		if len(group) < 2 {
			continue
		}
		for _, i := range group {
			at := 0
			for _, j := range group {
				if labels[i] != labels[j] {
					at = max(at, commonPrefix(labels[i], labels[j]))
				}
			}
			out[i] = fitLines(labels[i], maxEm, maxLines, at)
		}
	}
	return out
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	for n > 0 && n < len(a) && a[n]&0xC0 == 0x80 { // back to a rune start
		n--
	}
	return n
}

// fitLines wraps s into at most maxLines lines of maxEm. When it needs more,
// the last line is "…" and the end of s — or, when byte keep of s lies past
// the lines shown, "…" and s from the word holding byte keep on.
func fitLines(s string, maxEm float64, maxLines, keep int) []string {
	lines := wrapEm(s, maxEm)
	if len(lines) <= maxLines {
		return lines
	}
	head := lines[:maxLines-1]
	if keep <= len(strings.Join(head, " ")) {
		return append(head, "…"+tailFit(s, maxEm-textEm("…")))
	}
	for keep > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:keep])
		if r == ' ' || wideRune(r) {
			break
		}
		keep -= n
	}
	rest := s[keep:]
	if textEm("…"+rest) <= maxEm {
		return append(head, "…"+rest)
	}
	return append(head, "…"+headFit(rest, maxEm-2*textEm("…"))+"…")
}

// numCol reports whether column i holds numbers (right-aligned).
func numCol(t *table, i int) bool { return i < len(t.Num) && t.Num[i] }

func wideRune(r rune) bool { return runeWidth(r) == 2 }

// tailFit is the longest end of s that fits maxEm, from a word's start
// when one is in it ("…Standard", not "…ess Standard").
func tailFit(s string, maxEm float64) string {
	rs := []rune(s)
	w, i := 0.0, len(rs)
	for i > 0 && w+textEm(string(rs[i-1])) <= maxEm {
		i--
		w += textEm(string(rs[i]))
	}
	if i > 0 && rs[i-1] != ' ' && !wideRune(rs[i-1]) && !wideRune(rs[i]) {
		if sp := strings.IndexRune(string(rs[i:]), ' '); sp >= 0 {
			return string(rs[i:])[sp+1:]
		}
	}
	return strings.TrimLeft(string(rs[i:]), " ")
}

// headFit is the longest start of s that fits maxEm.
func headFit(s string, maxEm float64) string {
	w := 0.0
	for i, r := range s {
		w += textEm(string(r))
		if w > maxEm {
			return strings.TrimRight(s[:i], " ")
		}
	}
	return s
}

// wrapEm breaks s into lines of at most maxEm, by the reports' one
// line-breaking rule (breakLines, phrase.go).
func wrapEm(s string, maxEm float64) []string {
	return breakLines(s, maxEm, func(r rune) float64 { return textEm(string(r)) })
}

func (c *chart) fmtValue(v float64) string {
	if c.Money {
		return moneyNum(v, c.Cur)
	}
	return fmt.Sprintf("%.1f", v)
}

var htmlTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"cls": func(t *table, ht htmlTable, i int, c0 cell) string {
		var c []string
		if numCol(t, i) {
			c = append(c, "n")
		}
		if i < len(t.Nowrap) && t.Nowrap[i] || isFigure(c0.Text) {
			c = append(c, "nw")
		}
		if displayWidth(c0.Text) > longCell {
			c = append(c, "long")
		}
		if i == ht.Key {
			c = append(c, "k")
		}
		if c0.Tone != "" {
			c = append(c, c0.Tone)
		}
		return strings.Join(c, " ")
	},
	"thcls": func(t *table, i int) string {
		var c []string
		if numCol(t, i) {
			c = append(c, "n")
		}
		if displayWidth(t.Head[i]) <= shortHead {
			c = append(c, "nw")
		}
		return strings.Join(c, " ")
	},
	"twcls": func(ht htmlTable) string {
		switch {
		case ht.Cards:
			return "tw cards"
		case ht.Below > 0:
			return fmt.Sprintf("tw r%d", ht.Below)
		}
		return "tw"
	},
	"lines":   func(s string) []string { return strings.Split(s, "\n") },
	"phrases": phrases,
	"f1":      func(v float64) string { return trimFloat(math.Round(v*10) / 10) },
	"isPara":  func(k blockKind) bool { return k == bPara }, "isWarn": func(k blockKind) bool { return k == bWarn },
	"isBullets": func(k blockKind) bool { return k == bBullets }, "isTable": func(k blockKind) bool { return k == bTable },
	"isChart": func(k blockKind) bool { return k == bChart }, "isHeading": func(k blockKind) bool { return k == bHeading },
}).Parse(`<!DOCTYPE html>
<html lang="{{.Doc.Lang}}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mailpick">
<title>{{.Doc.Title}}</title>
<style>
:root{--fg:#1b1f24;--muted:#5f6b7a;--line:#d6dbe1;--head:#eef2f6;--good:#0a7d3b;--bad:#b3261e;--warn:#8a5a00;--accent:#0b5cad}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP","IPAexGothic",Meiryo,sans-serif;color:var(--fg);background:#fff;overflow-wrap:break-word;line-break:strict}
main{max-width:1100px;margin:0 auto;padding:24px 20px 48px}
header.top{border-bottom:3px solid var(--accent);margin-bottom:8px}
h1{font-size:1.6rem;margin:0 0 4px}
.sub{color:var(--muted);margin:0 0 12px}
nav.toc{font-size:.9rem;margin:12px 0 20px;display:flex;flex-wrap:wrap;gap:4px 14px}
nav.toc a{color:var(--accent);text-decoration:none}
h2{font-size:1.25rem;margin:32px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:1.02rem;margin:20px 0 8px}
.tw{margin:8px 0 14px;overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{border:1px solid var(--line);padding:4px 7px;vertical-align:top;text-align:left;overflow-wrap:anywhere}
td:lang(ja){word-break:auto-phrase}
th{background:var(--head);font-weight:600;overflow-wrap:normal;word-break:keep-all}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
td.nw,th.nw{white-space:nowrap}
td.good{color:var(--good);font-weight:600}
td.bad{color:var(--bad)}
td.warn{color:var(--warn)}
td.muted{color:var(--muted)}
.warnbox{border-left:4px solid #e0a100;background:#fff8e1;padding:8px 12px;margin:10px 0}
ul{padding-left:1.3em}
figure{margin:8px 0 16px}
svg.chart{display:block;width:100%;height:auto;margin:8px 0 4px}
svg.cw{max-width:760px}
svg.cn{display:none;max-width:480px}
svg.chart text{font-family:system-ui,"Hiragino Sans","Noto Sans JP","IPAexGothic",sans-serif;font-size:12px;fill:#1b1f24}
svg.chart text.v,svg.chart text.t,svg.chart text.lg{font-size:11px}
svg.chart text.v{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
svg.chart text.t{fill:var(--muted)}
footer{color:var(--muted);font-size:.8rem;margin-top:40px;border-top:1px solid var(--line);padding-top:8px}
@media (max-width:719.98px){svg.cw{display:none}svg.cn{display:block}}
@media (max-width:599.98px){main{padding:14px 10px 32px}body{font-size:14px}h1{font-size:1.3rem}table{font-size:.8rem}th,td{padding:3px 5px}}
{{.CardCSS}}
@media print{svg.cw{display:block}svg.cn{display:none}body{font-size:11px}table{font-size:9px}th{min-width:0!important}th,td{padding:2px 4px}nav.toc{display:none}main{max-width:none;padding:0}h2{break-after:avoid}tr{break-inside:avoid}.tw{overflow:visible}a{color:inherit}@page{size:A4;margin:14mm}}
</style>
</head>
<body>
<main>
<header class="top"><h1>{{.Doc.Title}}</h1><p class="sub">{{.Doc.Subtitle}}</p></header>
<nav class="toc">{{range .Doc.Sections}}<a href="#{{.ID}}">{{.Title}}</a>{{end}}</nav>
{{- $charts := .Charts}}{{$tables := .Tables}}
{{range .Doc.Sections}}
<section id="{{.ID}}">
<h2>{{.Title}}</h2>
{{- range .Blocks}}
{{- if isPara .Kind}}
<p>{{.Text}}</p>
{{- else if isWarn .Kind}}
<p class="warnbox">⚠ {{.Text}}</p>
{{- else if isHeading .Kind}}
<h3>{{.Text}}</h3>
{{- else if isBullets .Kind}}
<ul>{{range .Items}}<li>{{.}}</li>{{end}}</ul>
{{- else if isTable .Kind}}{{$t := .Table}}{{$ht := index $tables $t}}
<div class="{{twcls $ht}}"><table{{with $ht.ID}} id="{{.}}"{{end}}>
<thead><tr>{{range $i, $h := $t.Head}}<th class="{{thcls $t $i}}" style="min-width:{{index $ht.MinEm $i}}em">{{range $k, $p := phrases $h}}{{if $k}}<wbr>{{end}}{{$p}}{{end}}</th>{{end}}</tr></thead>
<tbody>
{{- range $t.Rows}}
<tr>{{range $i, $c := .}}<td class="{{cls $t $ht $i $c}}">{{range $j, $l := lines $c.Text}}{{if $j}}<br>{{end}}{{$l}}{{end}}</td>{{end}}</tr>
{{- end}}
</tbody></table></div>
{{- else if isChart .Kind}}{{$ch := .Chart}}
<figure>
{{- range index $charts $ch}}{{$c := .}}
<svg class="chart {{.Class}}" role="img" aria-label="{{$ch.Title}}" viewBox="0 0 {{f1 .Width}} {{f1 .Height}}" xmlns="http://www.w3.org/2000/svg">
<title>{{$ch.Title}}</title>
{{- range .Legend}}
<rect x="{{f1 .X}}" y="{{f1 .Y}}" width="12" height="12" fill="{{.Color}}"/><text class="lg" x="{{f1 .X}}" dx="16" y="{{f1 .Y}}" dy="10">{{.Name}}</text>
{{- end}}
{{- range .Ticks}}
<line x1="{{f1 .X}}" x2="{{f1 .X}}" y1="{{f1 $c.GridTop}}" y2="{{f1 $c.GridBot}}" stroke="#e3e7ec"/><text class="t" x="{{f1 .X}}" y="{{f1 $c.TickY}}" text-anchor="{{.Anchor}}">{{.Label}}</text>
{{- end}}
{{- with .Unit.Text}}
<text class="t" x="{{f1 $c.Unit.X}}" y="{{f1 $c.Unit.Y}}" text-anchor="middle">{{.}}</text>
{{- end}}
{{- range .Bars}}{{$b := .}}
<g class="bar"><title>{{.Title}}</title>
<text class="lbl">{{range .Lines}}<tspan x="{{f1 .X}}" y="{{f1 .Y}}" text-anchor="{{.Anchor}}">{{.Text}}</tspan>{{end}}</text>
{{- range .Segs}}<rect x="{{f1 .X}}" y="{{f1 $b.Y}}" width="{{f1 .W}}" height="{{f1 $b.H}}" fill="{{.Color}}" stroke="#fff" stroke-width="0.5"><title>{{.Title}}</title></rect>{{end}}
<text class="v{{if .Winner}} win{{end}}" x="{{f1 .Value.X}}" y="{{f1 .Value.Y}}">{{.Value.Text}}</text></g>
{{- end}}
</svg>
{{- end}}
<figcaption class="sub">{{$ch.Title}}{{if $ch.Money}} ({{$ch.Cur}}){{end}}</figcaption>
</figure>
{{- end}}
{{- end}}
</section>
{{end}}
<footer>mailpick · {{.Doc.Subtitle}}</footer>
</main>
</body>
</html>
`))
