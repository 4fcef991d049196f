package reports

import (
	"fmt"
	"html/template"
	"io"
	"strings"
)

// WriteHTML writes the report as one self-contained HTML file: inline CSS,
// inline SVG charts, no scripts, no external requests. html/template escapes
// every text from catalogs, requirements and servers.
func WriteHTML(w io.Writer, in *Input) error { return writeHTMLDoc(w, build(in)) }

// writeHTMLDoc renders a document model as the HTML page; the decision
// report and the posture report share it.
func writeHTMLDoc(w io.Writer, d *document) error {
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			if b.Kind == bTable {
				setNowrap(b.Table)
			}
		}
	}
	return htmlTmpl.Execute(w, htmlDoc{Doc: d, Charts: svgCharts(d)})
}

// setNowrap keeps columns of short values (ranks, kinds, yes/no, levels)
// on one line, so a phone does not stack "外部サービス" one character a line.
func setNowrap(t *table) {
	const short = 14 // display columns
	t.Nowrap = make([]bool, len(t.Head))
	for i, h := range t.Head {
		ok := displayWidth(h) <= short
		for _, r := range t.Rows {
			if !ok {
				break
			}
			if i < len(r) && displayWidth(r[i].Text) > short {
				ok = false
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
	Doc    *document
	Charts map[*chart]svgChart
}

// svgChart is a horizontal bar chart laid out in Go; the template only
// prints numbers and escaped labels.
type svgChart struct {
	Width, Height int
	LabelW        int
	Bars          []svgBar
	Legend        []svgLegend
	Ticks         []svgTick
	PlotTop       int
}

type svgBar struct {
	Y     int
	Label string
	Segs  []svgSeg
	Value string
	ValX  float64
}

type svgSeg struct {
	X, W  float64
	Color string
	Title string
}

type svgLegend struct {
	X     int
	Color string
	Name  string
}

type svgTick struct {
	X     float64
	Label string
}

// palette is colour-blind-safe (Okabe–Ito), so stacked years stay distinct.
var palette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"}

func svgCharts(d *document) map[*chart]svgChart {
	out := map[*chart]svgChart{}
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			if b.Kind == bChart {
				out[b.Chart] = layoutSVG(b.Chart)
			}
		}
	}
	return out
}

func layoutSVG(c *chart) svgChart {
	const barH, gap, plotW = 18, 6, 420
	sc := svgChart{Width: 640, LabelW: 220, PlotTop: 8}
	if len(c.Series) > 1 {
		x := 0
		for i, s := range c.Series {
			sc.Legend = append(sc.Legend, svgLegend{X: x, Color: palette[i%len(palette)], Name: s})
			x += 20 + 9*len([]rune(s)) + 12
		}
		sc.PlotTop = 26
	}
	m := c.max()
	scale := float64(plotW-70) / m
	for i, l := range c.Labels {
		bar := svgBar{Y: sc.PlotTop + i*(barH+gap), Label: truncRunes(l, 30)}
		muted := i < len(c.Muted) && c.Muted[i]
		x := 0.0
		for j, v := range c.Values[i] {
			if v <= 0 {
				continue
			}
			w := v * scale
			col := palette[j%len(palette)]
			if muted {
				col = "#A9B1BB"
			}
			bar.Segs = append(bar.Segs, svgSeg{X: x, W: w, Color: col, Title: c.Series[j] + ": " + c.fmtValue(v)})
			x += w
		}
		bar.ValX = x + 4
		bar.Value = c.fmtValue(c.total(i))
		sc.Bars = append(sc.Bars, bar)
	}
	for k := 0; k <= 4; k++ {
		v := m * float64(k) / 4
		sc.Ticks = append(sc.Ticks, svgTick{X: v * scale, Label: c.fmtShort(v)})
	}
	sc.Height = sc.PlotTop + len(c.Labels)*(barH+gap) + 18
	return sc
}

func (c *chart) fmtValue(v float64) string {
	if c.Money {
		return moneyNum(v, c.Cur)
	}
	return fmt.Sprintf("%.1f", v)
}

// fmtShort labels an axis tick compactly (1.2M, 350k).
func (c *chart) fmtShort(v float64) string {
	if !c.Money {
		return fmt.Sprintf("%.0f", v)
	}
	switch {
	case v >= 1e6:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", v/1e6), ".0") + "M"
	case v >= 1e3:
		return fmt.Sprintf("%.0fk", v/1e3)
	}
	return fmt.Sprintf("%.0f", v)
}

func truncRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

var htmlTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"num": func(t *table, i int) bool { return i < len(t.Num) && t.Num[i] },
	"cls": func(t *table, i int, tone string) string {
		var c []string
		if i < len(t.Num) && t.Num[i] {
			c = append(c, "n")
		}
		if i < len(t.Nowrap) && t.Nowrap[i] {
			c = append(c, "nw")
		}
		if i == t.Wide {
			c = append(c, "wide")
		}
		if tone != "" {
			c = append(c, tone)
		}
		return strings.Join(c, " ")
	},
	"lines":  func(s string) []string { return strings.Split(s, "\n") },
	"add":    func(a, b int) int { return a + b },
	"f1":     func(v float64) string { return fmt.Sprintf("%.1f", v) },
	"isPara": func(k blockKind) bool { return k == bPara }, "isWarn": func(k blockKind) bool { return k == bWarn },
	"isBullets": func(k blockKind) bool { return k == bBullets }, "isTable": func(k blockKind) bool { return k == bTable },
	"isChart": func(k blockKind) bool { return k == bChart }, "isHeading": func(k blockKind) bool { return k == bHeading },
}).Parse(`<!DOCTYPE html>
<html lang="{{.Doc.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mailpick">
<title>{{.Doc.Title}}</title>
<style>
:root{--fg:#1b1f24;--muted:#5f6b7a;--line:#d6dbe1;--head:#eef2f6;--good:#0a7d3b;--bad:#b3261e;--warn:#8a5a00;--accent:#0b5cad}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP","IPAexGothic",Meiryo,sans-serif;color:var(--fg);background:#fff}
main{max-width:1100px;margin:0 auto;padding:24px 20px 48px}
header.top{border-bottom:3px solid var(--accent);margin-bottom:8px}
h1{font-size:1.6rem;margin:0 0 4px}
.sub{color:var(--muted);margin:0 0 12px}
nav.toc{font-size:.9rem;margin:12px 0 20px;display:flex;flex-wrap:wrap;gap:4px 14px}
nav.toc a{color:var(--accent);text-decoration:none}
h2{font-size:1.25rem;margin:32px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:1.02rem;margin:20px 0 8px}
.tw{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:8px 0 14px}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{border:1px solid var(--line);padding:4px 7px;vertical-align:top;text-align:left}
th{background:var(--head);font-weight:600;position:sticky;top:0}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.nw,th.nw{white-space:nowrap}
td.wide,th.wide{min-width:10em}
.cw{overflow-x:auto;-webkit-overflow-scrolling:touch}
td.good{color:var(--good);font-weight:600}
td.bad{color:var(--bad)}
td.warn{color:var(--warn)}
td.muted{color:var(--muted)}
.warnbox{border-left:4px solid #e0a100;background:#fff8e1;padding:8px 12px;margin:10px 0}
ul{padding-left:1.3em}
svg.chart{width:100%;height:auto;max-width:760px;display:block;margin:8px 0 4px}
figure{margin:8px 0 16px}
svg.chart text{font:12px system-ui,"Hiragino Sans","Noto Sans JP","IPAexGothic",sans-serif;fill:#1b1f24}
svg.chart .tick{fill:var(--muted);font-size:10px}
footer{color:var(--muted);font-size:.8rem;margin-top:40px;border-top:1px solid var(--line);padding-top:8px}
@media (max-width:600px){svg.chart{min-width:520px}td:not(.n):not(.nw),th:not(.n):not(.nw){min-width:6.5em}main{padding:14px 10px 32px}body{font-size:14px}h1{font-size:1.3rem}table{font-size:.8rem}th,td{padding:3px 5px}}
@media print{body{font-size:11px}table{font-size:9px}td.wide,th.wide{min-width:7em}th,td{padding:2px 4px}nav.toc{display:none}main{max-width:none;padding:0}h2{break-after:avoid}table,svg.chart{break-inside:auto}tr{break-inside:avoid}th{position:static}.tw{overflow:visible}a{color:inherit}@page{size:A4;margin:14mm}}
</style>
</head>
<body>
<main>
<header class="top"><h1>{{.Doc.Title}}</h1><p class="sub">{{.Doc.Subtitle}}</p></header>
<nav class="toc">{{range .Doc.Sections}}<a href="#{{.ID}}">{{.Title}}</a>{{end}}</nav>
{{- $charts := .Charts}}
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
{{- else if isTable .Kind}}{{$t := .Table}}
<div class="tw"><table>
<thead><tr>{{range $i, $h := $t.Head}}<th class="{{cls $t $i ""}}">{{$h}}</th>{{end}}</tr></thead>
<tbody>
{{- range $t.Rows}}
<tr>{{range $i, $c := .}}<td class="{{cls $t $i $c.Tone}}">{{range $j, $l := lines $c.Text}}{{if $j}}<br>{{end}}{{$l}}{{end}}</td>{{end}}</tr>
{{- end}}
</tbody></table></div>
{{- else if isChart .Kind}}{{$c := index $charts .Chart}}
<figure><div class="cw">
<svg class="chart" role="img" aria-label="{{.Chart.Title}}" viewBox="0 0 {{$c.Width}} {{$c.Height}}" xmlns="http://www.w3.org/2000/svg">
<title>{{.Chart.Title}}</title>
{{- range $c.Legend}}
<rect x="{{add .X $c.LabelW}}" y="2" width="12" height="12" fill="{{.Color}}"/><text x="{{add (add .X $c.LabelW) 16}}" y="13">{{.Name}}</text>
{{- end}}
<g transform="translate({{$c.LabelW}},0)">
{{- range $c.Ticks}}
<line x1="{{f1 .X}}" x2="{{f1 .X}}" y1="{{$c.PlotTop}}" y2="{{add $c.Height -14}}" stroke="#e3e7ec"/><text class="tick" x="{{f1 .X}}" y="{{add $c.Height -2}}" text-anchor="middle">{{.Label}}</text>
{{- end}}
{{- range $c.Bars}}{{$y := .Y}}
<text x="-6" y="{{add $y 13}}" text-anchor="end">{{.Label}}</text>
{{- range .Segs}}<rect x="{{f1 .X}}" y="{{$y}}" width="{{f1 .W}}" height="18" fill="{{.Color}}"><title>{{.Title}}</title></rect>{{end}}
<text x="{{f1 .ValX}}" y="{{add $y 13}}">{{.Value}}</text>
{{- end}}
</g>
</svg></div>
<figcaption class="sub">{{.Chart.Title}}{{if .Chart.Money}} ({{.Chart.Cur}}){{end}}</figcaption>
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
