package reports

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"

	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/scoring"
)

// v300 is the review's larger case of the SMB example: 300 accounts over
// ten years, which makes the plan table eleven columns wide.
func v300(r *scoring.Requirements) { r.Users, r.HorizonYears = 300, 10 }

// protectedSpans is each text of the report's tables and charts (a
// header, a cell, a chart label), without its spaces as pdftotext joins
// lines, with the spans of it no line may break inside: a short line
// (at most phraseCap characters, such as 外部サービス or 予算（コスト）)
// whole, else each phrase up to phraseCap characters (エンタープライズ).
func protectedSpans(in *Input) map[string][][2]int {
	out := map[string][][2]int{}
	add := func(s string) {
		var text []rune
		var spans [][2]int
		for _, line := range strings.Split(PDFText(s), "\n") {
			line = strings.TrimSpace(line)
			short := strings.ContainsFunc(line, isWide) && displayWidth(line) <= 2*phraseCap
			lineStart := len(text)
			for _, ph := range phrases(line) {
				start := len(text)
				for _, r := range ph {
					if !unicode.IsSpace(r) {
						text = append(text, r)
					}
				}
				ph = strings.TrimSpace(ph)
				if !short && strings.ContainsFunc(ph, isWide) && displayWidth(ph) <= 2*phraseCap {
					spans = append(spans, [2]int{start, len(text)})
				}
			}
			if short {
				spans = append(spans, [2]int{lineStart, len(text)})
			}
		}
		if len(spans) > 0 {
			out[string(text)] = spans
		}
	}
	for _, k := range []string{"provider", "self-hosted"} {
		add(msg.T(in.Eval.Lang, "kind."+k))
	}
	for _, s := range build(in).Sections {
		for _, b := range s.Blocks {
			switch b.Kind {
			case bTable:
				for _, h := range b.Table.Head {
					add(h)
				}
				for _, r := range b.Table.Rows {
					for _, c := range r {
						add(c.Text)
					}
				}
			case bChart:
				for _, l := range b.Chart.Labels {
					add(l)
				}
			}
		}
	}
	return out
}

// drawnBlock is a text as the PDF draws it: its lines, one under the
// other, aligned left or right.
type drawnBlock struct{ lines []string }

// drawnBlocks groups the words of pdftotext -bbox -raw (drawing order)
// into lines (same baseline, left to right) and the lines into blocks: a
// line drawn right after another, just under it and aligned with it on
// the left (a cell) or the right (a chart label), goes on its text.
func drawnBlocks(pages []bboxPage) []drawnBlock {
	type line struct {
		x0, x1, y0, y1 float64
		text           string
	}
	var out []drawnBlock
	for _, p := range pages {
		var lines []line
		for _, w := range p.Words {
			if n := len(lines); n > 0 && abs(lines[n-1].y0-w.Y0) < 0.5 && w.X0 >= lines[n-1].x1-0.5 {
				l := &lines[n-1]
				l.text += w.Text
				l.x1 = w.X1
				continue
			}
			lines = append(lines, line{w.X0, w.X1, w.Y0, w.Y1, w.Text})
		}
		for i, l := range lines {
			if i > 0 {
				prev := lines[i-1]
				h := prev.y1 - prev.y0
				below := l.y0 > prev.y0+h/2 && l.y0 < prev.y1+h
				if below && (abs(l.x0-prev.x0) < 1 || abs(l.x1-prev.x1) < 1) {
					b := &out[len(out)-1]
					b.lines = append(b.lines, l.text)
					continue
				}
			}
			out = append(out, drawnBlock{[]string{l.text}})
		}
	}
	return out
}

func abs(v float64) float64 { return max(v, -v) }

// TestPDFJapaneseWordsWhole reads the Japanese PDFs back with pdftotext
// and checks every table header, cell and chart label the PDF prints over
// several lines: no line break falls inside a short label or a phrase —
// 外部サービ / ス, セキュリ / ティ, 予算（コ / スト）, エンタープライ / ズプラン.
func TestPDFJapaneseWordsWhole(t *testing.T) {
	for _, c := range []struct {
		name, file string
		change     []func(*scoring.Requirements)
	}{
		{"smb-50-ja", "smb-50-ja.toml", nil},
		{"closed-network-ja", "closed-network-en.toml", nil},
		{"smb-300-10y", "smb-50-ja.toml", []func(*scoring.Requirements){v300}},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := exampleInput(t, c.file, "ja", c.change...)
			texts := protectedSpans(in)
			checked, bad := 0, 0
			for _, b := range drawnBlocks(pdfWordBoxes(t, in, "-raw")) {
				if len(b.lines) < 2 {
					continue
				}
				spans, ok := texts[strings.Join(b.lines, "")]
				if !ok {
					continue
				}
				checked++
				at := 0
				for _, l := range b.lines[:len(b.lines)-1] {
					at += utf8.RuneCountInString(l)
					for _, sp := range spans {
						if sp[0] < at && at < sp[1] {
							t.Errorf("%q breaks inside %q", b.lines, string([]rune(strings.Join(b.lines, ""))[sp[0]:sp[1]]))
							if bad++; bad > 20 {
								t.FailNow()
							}
						}
					}
				}
			}
			if checked < 20 {
				t.Fatalf("only %d texts over several lines checked", checked)
			}
		})
	}
}

// TestPDFPlanTableLandscape: at ten years the plan-and-term table has
// eleven columns; like the year-by-year TCO table it gets a landscape page
// rather than breaking its words on a portrait one.
func TestPDFPlanTableLandscape(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		t.Run(lang, func(t *testing.T) {
			in := exampleInput(t, "smb-50-ja.toml", lang, v300)
			plan := planTable(in.Eval)
			if plan == nil || len(plan.Head) != 11 {
				t.Fatalf("plan table %v: want 11 columns", plan)
			}
			pdf := fpdf.New("P", "mm", "A4", "")
			pdf.AddUTF8FontFromBytes(pdfFont, "", ipaexGothic)
			pdf.SetFont(pdfFont, "", 9)
			pw := &pdfWriter{pdf: pdf, lang: lang, widths: map[float64]map[rune]float64{}}
			if !pw.tableNeedsLandscape(plan) {
				t.Errorf("the 10-year plan table fits portrait without breaking words?")
			}
			if pw.layoutTable(plan, true).broke {
				t.Errorf("the 10-year plan table breaks words even on landscape")
			}
			head := strings.Join(strings.Fields(PDFText(L(lang, "plan_per_year"))), "")
			n := 0
			for k, p := range pdfWordBoxes(t, in) {
				var text strings.Builder
				for _, w := range p.Words {
					text.WriteString(w.Text)
				}
				if !strings.Contains(text.String(), head) {
					continue
				}
				n++
				if p.W < p.H {
					t.Errorf("page %d holds %q but is portrait", k+1, L(lang, "plan_per_year"))
				}
			}
			if n == 0 {
				t.Fatalf("heading %q not found", L(lang, "plan_per_year"))
			}
		})
	}
}

// TestPDFLongChartContinues: a chart taller than a page (40 options and
// more) goes on on the next page under its title marked as continued, so
// no page of bars is unnamed; and it starts on the page where its first
// bars fit.
func TestPDFLongChartContinues(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		t.Run(lang, func(t *testing.T) {
			c := &chart{Title: L(lang, "chart_scores"), Unit: "pt"}
			for i := 1; i <= 70; i++ {
				c.Labels = append(c.Labels, fmt.Sprintf("Option %02d", i))
				c.Values = append(c.Values, []float64{float64(100 - i)})
			}
			d := &document{Lang: lang, Title: "T", Subtitle: "S", Sections: []section{
				{Title: "Intro", Blocks: []block{{Kind: bPara, Text: strings.Repeat("Lead-in text. ", 200)}}},
				{Title: "Ranking", Blocks: []block{{Kind: bChart, Chart: c}}},
			}}
			out := docPDFText(t, d)
			title := PDFText(c.Title)
			cont := PDFText(lf(lang, "chart_continued", "title", c.Title))
			var barPages []int
			for k, page := range strings.Split(out, "\f") {
				if !strings.Contains(page, "Option ") {
					continue
				}
				barPages = append(barPages, k)
				want := title
				if len(barPages) > 1 {
					want = cont
				}
				if !strings.Contains(page, want) {
					t.Errorf("page %d has bars but not the title %q", k+1, want)
				}
			}
			if len(barPages) < 2 {
				t.Fatalf("the chart is on %d pages; it should not fit one", len(barPages))
			}
			// The lead-in fills page 1 partly: the chart starts there, not
			// on a fresh page with a blank page before it.
			if barPages[0] != 0 {
				t.Errorf("the chart starts on page %d; its first bars fit on page 1", barPages[0]+1)
			}
		})
	}
}

// TestPDFJapaneseFiguresWhole reads the Japanese PDF of both examples and
// of the 300-account case back: no line may end in a figure's digit and
// its "," or "." ("確保できるのは月8." / "0時間", "¥5,785,000/年 ÷ 1," /
// "920時間"), which the Japanese phrase rule took for 、 and 。.
func TestPDFJapaneseFiguresWhole(t *testing.T) {
	split := regexp.MustCompile(`(?m)^.*[0-9][,.]$`)
	for _, c := range []struct {
		name, file string
		change     []func(*scoring.Requirements)
		figs       []string // the review's figures, whole
	}{
		{"smb-50-ja", "smb-50-ja.toml", nil, []string{"確保できるのは月8.0時間", "1,920時間", "1.17米ドル"}},
		{"closed-network-ja", "closed-network-en.toml", nil, nil},
		{"smb-300-10y", "smb-50-ja.toml", []func(*scoring.Requirements){v300}, []string{"確保できるのは月8.0時間", "月約22.0時間", "1,920時間", "1.17米ドル"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := pdfLayoutText(t, exampleInput(t, c.file, "ja", c.change...))
			for _, l := range split.FindAllString(text, -1) {
				t.Errorf("a figure breaks after %q", strings.TrimSpace(l))
			}
			for _, f := range c.figs {
				if !strings.Contains(text, f) {
					t.Errorf("%q is not whole in the PDF text", f)
				}
			}
		})
	}
}

// TestPDFHeadingKeepsWithLongChart: a ranking chart of 40 options fits a
// page alone but not under its section heading. The heading, the chart's
// title and its first bars share a page, and the bars go on over the
// page; the heading is never left alone on a page above a chart that
// starts on the next one (the review's 40-option catalog).
func TestPDFHeadingKeepsWithLongChart(t *testing.T) {
	lang := "ja"
	c := &chart{Title: L(lang, "chart_scores"), Series: []string{L(lang, "score")}, Max: 100, Unit: L(lang, "unit_points")}
	for i := 1; i <= 40; i++ {
		c.Labels = append(c.Labels, fmt.Sprintf("%d. Plain plan%s", i, L(lang, "prov_suffix")))
		c.Values = append(c.Values, []float64{float64(90 - i)})
	}
	heading := L(lang, "sec_ranking")
	d := &document{Lang: lang, Title: "T", Subtitle: "S", Sections: []section{
		{Title: "要件", Blocks: []block{{Kind: bPara, Text: strings.Repeat("要件の判定です。", 40)}}},
		{Title: heading, Blocks: []block{{Kind: bChart, Chart: c}}},
	}}
	out := docPDFText(t, d)
	pages := strings.Split(out, "\f")
	head, barPages := -1, 0
	for k, page := range pages {
		if strings.Contains(page, heading) {
			head = k
		}
		if strings.Contains(page, "Plain plan") {
			barPages++
		}
	}
	if head < 0 {
		t.Fatalf("no page has the heading %q", heading)
	}
	for _, want := range []string{PDFText(c.Title), "1. Plain plan", "2. Plain plan", "3. Plain plan"} {
		if !strings.Contains(pages[head], want) {
			t.Errorf("page %d has the heading %q but not %q", head+1, heading, want)
		}
	}
	if head != 0 {
		t.Errorf("the heading is on page %d; it and the first bars fit under the text on page 1", head+1)
	}
	if barPages < 2 {
		t.Errorf("the chart is on %d page; taller than the room under its heading, it should go on over the page", barPages)
	}
}
