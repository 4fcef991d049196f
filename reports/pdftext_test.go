package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/scoring"
)

// pdfLayoutText renders in as a PDF and returns poppler's text of it (-layout
// keeps a table row on one line). It skips the test without pdftotext.
func pdfLayoutText(t *testing.T, in *Input) string {
	t.Helper()
	bin, pdf := writePDFFile(t, in)
	return pdftotext(t, bin, pdf, "-layout")
}

// docPDFText renders a document model as a PDF and returns poppler's text
// of it (pages apart at "\f"). It skips the test without pdftotext.
func docPDFText(t *testing.T, d *document) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (Debian: poppler-utils) is not installed")
	}
	var b bytes.Buffer
	if err := writePDFDoc(&b, d, "test", fixedNow); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(t.TempDir(), "d.pdf")
	if err := os.WriteFile(pdf, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return pdftotext(t, bin, pdf)
}

// pdftotext runs poppler's pdftotext on pdf with args and returns its text.
func pdftotext(t *testing.T, bin, pdf string, args ...string) string {
	t.Helper()
	argv := append(append([]string{}, args...), "-enc", "UTF-8", pdf, "-")
	out, err := exec.Command(bin, argv...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// writePDFFile renders in as a PDF in a temporary directory; it skips the
// test without poppler's pdftotext.
func writePDFFile(t *testing.T, in *Input) (bin, pdf string) {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (Debian: poppler-utils) is not installed")
	}
	pdf = filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(pdf, render(t, func(b *bytes.Buffer, in *Input) error { return WritePDF(b, in) }, in), 0o644); err != nil {
		t.Fatal(err)
	}
	return bin, pdf
}

// jsonTCO is the TCO of each option as the JSON report states it.
type jsonTCO struct {
	Currency string `json:"currency"`
	Results  []struct {
		ID  string `json:"id"`
		TCO struct {
			Total        float64 `json:"total"`
			PerUserMonth float64 `json:"per_user_month"`
			Initial      float64 `json:"initial"`
			Complete     bool    `json:"complete"`
			Priced       bool    `json:"priced"`
			Years        []struct {
				Cost float64 `json:"cost"`
			} `json:"years"`
		} `json:"tco"`
	} `json:"results"`
}

// TestPDFNumbersNeverBreak renders the widest TCO table the input allows
// at a realistic size (300 users, 10 years) and checks that every TCO
// figure of the JSON report appears whole in poppler's text: a figure
// split over two lines ("10,138,80" / "0") is not found with digits and
// commas on neither side.
func TestPDFNumbersNeverBreak(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		t.Run(lang, func(t *testing.T) {
			in := fixture(t, fixtureOpts{lang: lang, users: 300, years: 10, sensitivity: true})
			text := pdfLayoutText(t, in)
			var j jsonTCO
			if err := json.Unmarshal(render(t, func(b *bytes.Buffer, in *Input) error { return WriteJSON(b, in) }, in), &j); err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, res := range j.Results {
				if !res.TCO.Priced {
					continue
				}
				figs := []float64{res.TCO.Total, res.TCO.PerUserMonth, res.TCO.Initial}
				for _, y := range res.TCO.Years {
					figs = append(figs, y.Cost)
				}
				if len(res.TCO.Years) != 10 {
					t.Fatalf("%s: %d years in the JSON, want 10", res.ID, len(res.TCO.Years))
				}
				for k, v := range figs {
					f := moneyNum(v, j.Currency)
					if k == 0 && !res.TCO.Complete {
						// The lower-bound marker stays with its figure.
						f = PDFText("≥ ") + f
					}
					re := regexp.MustCompile(`(^|[^0-9,.])` + regexp.QuoteMeta(f) + `($|[^0-9,.])`)
					// The figure columns are whole cells on one line.
					if !re.MatchString(text) {
						t.Errorf("%s: figure %s is not whole in the PDF text", res.ID, f)
					}
					n++
				}
			}
			if n < 30 {
				t.Fatalf("only %d figures checked; the fixture should price several options", n)
			}
		})
	}
}

// bboxPage is a page of pdftotext -bbox output: its size and its words,
// in PDF points from the top left.
type bboxPage struct {
	W, H  float64
	Words []bboxWord
}

type bboxWord struct {
	X0, Y0, X1, Y1 float64
	Text           string
}

var (
	bboxPageRe = regexp.MustCompile(`<page width="([0-9.]+)" height="([0-9.]+)">`)
	bboxWordRe = regexp.MustCompile(`<word xMin="([0-9.-]+)" yMin="([0-9.-]+)" xMax="([0-9.-]+)" yMax="([0-9.-]+)">([^<]*)</word>`)
)

// pdfWordBoxes reads every word's box with pdftotext -bbox (and args:
// -raw gives the words in the order they are drawn).
func pdfWordBoxes(t *testing.T, in *Input, args ...string) []bboxPage {
	t.Helper()
	bin, pdf := writePDFFile(t, in)
	out := pdftotext(t, bin, pdf, append([]string{"-bbox"}, args...)...)
	var pages []bboxPage
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("pdftotext -bbox: %q is not a number", s)
		}
		return v
	}
	for _, line := range strings.Split(out, "\n") {
		if m := bboxPageRe.FindStringSubmatch(line); m != nil {
			pages = append(pages, bboxPage{W: num(m[1]), H: num(m[2])})
			continue
		}
		if m := bboxWordRe.FindStringSubmatch(line); m != nil && len(pages) > 0 {
			p := &pages[len(pages)-1]
			p.Words = append(p.Words, bboxWord{num(m[1]), num(m[2]), num(m[3]), num(m[4]), html.UnescapeString(m[5])})
		}
	}
	return pages
}

// TestPDFWordsInsidePage checks with pdftotext -bbox that no word of the
// widest report (300 users, 10 years, posture, sensitivity) lies outside
// its page, nor outside the margins: the running header and the page
// number sit in the top and bottom margins, everything else within.
func TestPDFWordsInsidePage(t *testing.T) {
	const mm = 72 / 25.4
	const slack = 0.75 // points: glyph side bearings
	for _, lang := range []string{"ja", "en"} {
		t.Run(lang, func(t *testing.T) {
			in := fixture(t, fixtureOpts{lang: lang, posture: true, sensitivity: true, users: 300, years: 10})
			pages := pdfWordBoxes(t, in)
			if len(pages) < 5 {
				t.Fatalf("%d pages read", len(pages))
			}
			landscape, words, bad := 0, 0, 0
			for k, p := range pages {
				if p.W > p.H {
					landscape++
				}
				for _, w := range p.Words {
					words++
					inPage := w.X0 >= 0 && w.Y0 >= 0 && w.X1 <= p.W && w.Y1 <= p.H
					inMargins := w.X0 >= marginL*mm-slack && w.X1 <= p.W-marginR*mm+slack &&
						w.Y0 >= 8*mm-slack && w.Y1 <= p.H-5*mm+slack
					if !inPage || !inMargins {
						t.Errorf("page %d (%.0f×%.0f pt): %q at x %.1f–%.1f, y %.1f–%.1f lies outside the %s",
							k+1, p.W, p.H, w.Text, w.X0, w.X1, w.Y0, w.Y1, map[bool]string{true: "margins", false: "page"}[inPage])
						if bad++; bad > 20 {
							t.FailNow()
						}
					}
				}
			}
			if words < 2000 {
				t.Fatalf("only %d words read", words)
			}
			// Ten years of TCO do not fit portrait A4 at 7 pt: the year
			// table gets landscape pages.
			if landscape == 0 {
				t.Errorf("no landscape page: the 10-year table was squeezed onto portrait pages")
			}
		})
	}
}

// TestPDFJapaneseKinsoku reads the Japanese PDF back with pdftotext and
// checks every printed line against the basic JIS X 4051 rules.
func TestPDFJapaneseKinsoku(t *testing.T) {
	in := fixture(t, fixtureOpts{lang: "ja", posture: true, sensitivity: true, users: 300, years: 10})
	checkKinsoku(t, pdfLayoutText(t, in))
	for _, file := range []string{"smb-50-ja.toml", "closed-network-en.toml"} {
		t.Run(file, func(t *testing.T) { checkKinsoku(t, pdfLayoutText(t, exampleInput(t, file, "ja"))) })
	}
}

func checkKinsoku(t *testing.T, text string) {
	t.Helper()
	bad := 0
	for _, line := range strings.Split(text, "\n") {
		// -layout puts table cells side by side; each run of text
		// between wide gaps is one printed line of one cell.
		for _, seg := range regexp.MustCompile(`\s{2,}`).Split(strings.TrimSpace(line), -1) {
			rs := []rune(seg)
			if len(rs) == 0 {
				continue
			}
			if noLineStart(rs[0]) || noLineEnd(rs[len(rs)-1]) {
				t.Errorf("line breaks 禁則: %q (in %q)", seg, strings.TrimSpace(line))
				if bad++; bad > 20 {
					t.FailNow()
				}
			}
		}
	}
}

// exampleInput evaluates an example of data/examples in lang as `report`
// does without posture: the embedded catalog, assumptions and default
// exchange rates.
func exampleInput(t *testing.T, file, lang string, change ...func(*scoring.Requirements)) *Input {
	t.Helper()
	path := filepath.Join("..", "data", "examples", file)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	req, err := scoring.ParseRequirements(path, b)
	if err != nil {
		t.Fatal(err)
	}
	opts, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	a, err := scoring.DefaultAssumptions()
	if err != nil {
		t.Fatal(err)
	}
	fx, err := scoring.DefaultFX()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"USD", "EUR", "JPY"} {
		req.UseDefaultFX(fx, c)
	}
	for _, f := range change {
		f(req)
	}
	ev, err := scoring.Evaluate(req, opts, a, scoring.Options{Lang: lang, Sensitivity: scoring.SensitivityOptions{Samples: 500}})
	if err != nil {
		t.Fatal(err)
	}
	return &Input{Eval: ev, Assumptions: a, Now: fixedNow, Version: "test"}
}

// allowedLatinJA are the Latin words a Japanese report may print beyond
// product names, ids and acronyms: words a Japanese IT manager reads as
// they are.
var allowedLatinJA = map[string]bool{
	"mailpick": true, "Web": true, "eDiscovery": true, "ceil": true,
	"reject": true, "quarantine": true, // DMARC policy values
}

// TestPDFJapaneseHasNoEnglish reads the Japanese PDF of both examples back
// and fails on any Latin word that is not a product or vendor name, an
// option or requirement id, an acronym or unit (SPF, DKIM, TLS, GB, JPY),
// a URL, a file name or a [toml] key: "(unknown)", "basic",
// "requirements" left in Japanese text are found here.
func TestPDFJapaneseHasNoEnglish(t *testing.T) {
	// Code, not words: URLs, file names, [toml] keys, placeholders,
	// dotted and snake_case keys, command lines, a file's value in
	// parentheses （must）, DNS record syntax (p=none, -all).
	code := regexp.MustCompile(`https?://\S+|[\w./-]+\.(com|jp|net|org|io|toml|json|md|html|yml)\b\S*|\[[^\]]*\]|\{[^}]*\}|[a-z0-9]+(?:[._][a-z0-9]+)+|mailpick [a-z]+( --[a-z-]+( [a-z]+)?)*|--[a-z-]+|<[A-Za-z]+>|（[a-z]+）|[a-z]+=[a-z0-9]+(/[a-z]+)*|[-~]all\b|\b[a-zA-Z]\b`)
	word := regexp.MustCompile(`[A-Za-z][A-Za-z']*`)
	for _, file := range []string{"smb-50-ja.toml", "closed-network-en.toml"} {
		t.Run(file, func(t *testing.T) {
			in := exampleInput(t, file, "ja")
			allowed := map[string]bool{}
			names := func(ss ...string) {
				for _, s := range ss {
					for _, w := range word.FindAllString(s, -1) {
						allowed[w] = true
					}
				}
			}
			names(in.Eval.Requirements.CompanyName)
			var urls strings.Builder
			var ids []string // option ids are code, not words: "xserver-business"
			for _, res := range in.Eval.Results {
				names(res.Name, res.Vendor)
				ids = append(ids, res.ID)
				if res.Option != nil {
					for _, src := range res.Option.SourceList {
						urls.WriteString(strings.ToLower(src.URL) + " ")
					}
				}
				for _, p := range res.TCO.Lines {
					names(p.Note) // a plan's own name ("Business Starter")
				}
				for _, y := range res.TCO.Years {
					names(y.Plan)
				}
				if h := res.TCO.Hosting; h != nil {
					names(h.Provider, h.Name, h.ID)
				}
			}
			for _, p := range in.Assumptions.Hosting {
				names(p.Provider, p.Name)
				ids = append(ids, p.ID)
				for _, src := range p.Sources {
					urls.WriteString(strings.ToLower(src.URL) + " ")
				}
			}
			bin, pdf := writePDFFile(t, in)
			out := pdftotext(t, bin, pdf)
			seen := map[string]bool{}
			prev := ""
			for _, line := range strings.Split(out, "\n") {
				fields := strings.Fields(line)
				// A URL that wrapped goes on at the start of the next line
				// ("uestions"): that run, joined to the end of the line
				// before, is part of a source's address, so it is code.
				if len(fields) > 0 && prev != "" && strings.Contains(urls.String(), strings.ToLower(prev+fields[0])) {
					line = strings.TrimPrefix(strings.TrimSpace(line), fields[0])
				}
				if len(fields) > 0 {
					prev = fields[len(fields)-1]
				} else {
					prev = ""
				}
				line = code.ReplaceAllString(line, " ")
				for _, id := range ids {
					line = strings.ReplaceAll(line, id, " ")
				}
				for _, w := range word.FindAllString(line, -1) {
					if allowed[w] || allowedLatinJA[w] || strings.ToUpper(w) == w || seen[w] {
						continue
					}
					seen[w] = true
					t.Errorf("English word %q in the Japanese PDF: %q", w, strings.TrimSpace(line))
				}
			}
		})
	}
}

// TestPDFPageOneCarriesTheDecision reads page 1 back: the recommendation,
// the winner's win probability, the runner-up and its margin, the
// smallest weight change that flips the winner (as scoring found it), the
// unconfirmed must-haves and the age of the catalog facts.
func TestPDFPageOneCarriesTheDecision(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		t.Run(lang, func(t *testing.T) {
			in := fixture(t, fixtureOpts{lang: lang, sensitivity: true})
			ev := in.Eval
			sv := ev.Sensitivity
			if sv == nil || sv.Tipping == nil {
				t.Fatal("the fixture should have a weight change that flips the winner")
			}
			bin, pdf := writePDFFile(t, in)
			out := pdftotext(t, bin, pdf, "-f", "1", "-l", "1")
			squash := func(s string) string { return strings.Join(strings.Fields(PDFText(s)), "") }
			page := squash(out)
			run := findResult(ev, ev.Recommendation.RunnerUp)
			want := []string{
				resultName(ev, ev.Recommendation.ID),
				pct(sv.WinnerProbability),
				run.Name,
				fmt.Sprintf("%.1f", findResult(ev, ev.Recommendation.ID).Score-run.Score), // the lead as the scores show it
				sv.Tipping.Detail,
				L(lang, "decision_unconfirmed"),
				CatalogAge(ev, in.Now).Summary(lang),
			}
			for _, w := range want {
				if !strings.Contains(page, squash(w)) {
					t.Errorf("page 1 lacks %q", w)
				}
			}
		})
	}
}

// TestPDFRunningHeaderKeepsTheDate: with a company name too long for the
// header line, the name is shortened with "…" and the account count, the
// horizon and the date stay whole on every page after the first (the date
// was cut to "Generat…", then the account count and years were dropped).
func TestPDFRunningHeaderKeepsTheDate(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		t.Run(lang, func(t *testing.T) {
			in := fixture(t, fixtureOpts{lang: lang})
			in.Eval.Requirements.CompanyName = strings.Repeat("Very Long Company Name Holdings ", 4)
			bin, pdf := writePDFFile(t, in)
			out := pdftotext(t, bin, pdf, "-f", "2", "-l", "4")
			date := L(lang, "generated") + " " + in.Now.Format("2006-01-02")
			pages := strings.Split(out, "\f")[:3]
			for k, page := range pages {
				header := ""
				for _, l := range strings.Split(page, "\n") {
					if strings.Contains(l, date) {
						header = l
						break
					}
				}
				if header == "" {
					t.Errorf("page %d: %q is not whole in the running header", k+2, date)
					continue
				}
				for _, want := range []string{
					fmt.Sprintf("%s %d", L(lang, "accounts"), in.Eval.Requirements.Users),
					nYears(lang, in.Eval.HorizonYears),
					"Very Long Company Name",
					"…",
				} {
					if !strings.Contains(header, want) {
						t.Errorf("page %d: running header %q lacks %q", k+2, header, want)
					}
				}
			}
		})
	}
}

// TestPDFHeadingsKeepTheirContent: a heading is never left at the foot of
// a page. Each heading is looked for in document order, and the block it
// introduces — the first table's header, chart's title or bullet, past
// any short paragraph — must start on the same page below it.
func TestPDFHeadingsKeepTheirContent(t *testing.T) {
	big := func(r *scoring.Requirements) { r.Users, r.HorizonYears = 300, 10 }
	for _, c := range []struct {
		name string
		in   func(t *testing.T) *Input
	}{
		{"fixture-ja-10y", func(t *testing.T) *Input {
			return fixture(t, fixtureOpts{lang: "ja", posture: true, sensitivity: true, users: 300, years: 10})
		}},
		{"fixture-en-1y", func(t *testing.T) *Input { return fixture(t, fixtureOpts{lang: "en", years: 1}) }},
		{"smb-ja", func(t *testing.T) *Input { return exampleInput(t, "smb-50-ja.toml", "ja") }},
		{"smb-ja-300-10y", func(t *testing.T) *Input { return exampleInput(t, "smb-50-ja.toml", "ja", big) }},
		{"smb-en-300-10y", func(t *testing.T) *Input { return exampleInput(t, "smb-50-ja.toml", "en", big) }},
		{"closed-network-en", func(t *testing.T) *Input { return exampleInput(t, "closed-network-en.toml", "en") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := c.in(t)
			type keep struct{ head, anchor string }
			var keeps []keep
			anchorOf := func(bs []block) string {
				for _, b := range bs {
					switch b.Kind {
					case bHeading:
						return ""
					case bTable:
						// The first row, not the header: a header word
						// ("選択肢") also stands in the text before it.
						if len(b.Table.Rows) == 0 {
							return ""
						}
						r := []rune(b.Table.Rows[0][0].Text)
						return string(r[:min(6, len(r))])
					case bChart:
						return b.Chart.Title
					case bBullets:
						return string([]rune(b.Items[0])[:min(8, len([]rune(b.Items[0])))])
					}
				}
				return ""
			}
			for _, s := range build(in).Sections {
				keeps = append(keeps, keep{s.Title, anchorOf(s.Blocks)})
				for i, b := range s.Blocks {
					if b.Kind == bHeading {
						keeps = append(keeps, keep{b.Text, anchorOf(s.Blocks[i+1:])})
					}
				}
			}
			bin, pdf := writePDFFile(t, in)
			out := pdftotext(t, bin, pdf)
			var pages [][]string
			for _, page := range strings.Split(out, "\f") {
				var lines []string
				for _, l := range strings.Split(page, "\n") {
					if l = strings.TrimSpace(l); l != "" {
						lines = append(lines, l)
					}
				}
				pages = append(pages, lines)
			}
			pg, ln, checked := 0, 0, 0
			for _, k := range keeps {
				head := PDFText(k.head)
				found := false
				for ; pg < len(pages) && !found; pg, ln = pg+1, 0 {
					for ; ln < len(pages[pg]); ln++ {
						if pages[pg][ln] == head {
							found = true
							break
						}
					}
					if found {
						break
					}
				}
				if !found {
					t.Fatalf("heading %q not found in order", k.head)
				}
				if k.anchor != "" {
					rest := strings.Join(pages[pg][ln+1:], "\n")
					if !strings.Contains(rest, PDFText(k.anchor)) {
						t.Errorf("page %d: heading %q is not followed on its page by %q", pg+1, k.head, k.anchor)
					}
					checked++
				}
				ln++
			}
			if checked < 10 {
				t.Fatalf("only %d headings checked", checked)
			}
		})
	}
}

// TestPDFChartsStayOnOnePage: the score chart (and every chart shorter
// than a page) is drawn on the page that carries its title; it was split
// across pages 1 and 2.
func TestPDFChartsStayOnOnePage(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		t.Run(lang, func(t *testing.T) {
			in := exampleInput(t, "smb-50-ja.toml", lang)
			pdf := fpdf.New("P", "mm", "A4", "")
			pdf.AddUTF8FontFromBytes(pdfFont, "", ipaexGothic)
			pdf.SetFont(pdfFont, "", 9)
			pw := &pdfWriter{pdf: pdf, lang: lang, widths: map[float64]map[rune]float64{}}
			var charts []*chart
			for _, s := range build(in).Sections {
				for _, b := range s.Blocks {
					if b.Kind == bChart {
						charts = append(charts, b.Chart)
					}
				}
			}
			if len(charts) < 2 {
				t.Fatalf("%d charts", len(charts))
			}
			bin, file := writePDFFile(t, in)
			out := pdftotext(t, bin, file)
			pages := strings.Split(out, "\f")
			for _, c := range charts {
				g := pw.chartLayout(c)
				if g.height > pw.bodyH() {
					continue
				}
				k := -1
				for i, p := range pages {
					if strings.Contains(p, PDFText(c.Title)) {
						k = i
						break
					}
				}
				if k < 0 {
					t.Fatalf("chart %q not found", c.Title)
				}
				for i, lines := range g.labels {
					if !strings.Contains(pages[k], lines[0]) {
						t.Errorf("chart %q: bar %d (%q) is not on page %d with its title", c.Title, i+1, lines[0], k+1)
					}
				}
			}
		})
	}
}

// TestPDFHeaderWordsWhole: no column header breaks inside a word
// ("Smartph" / "one use"): every Latin word of every table header is
// found whole in the English PDF of the widest case.
func TestPDFHeaderWordsWhole(t *testing.T) {
	in := exampleInput(t, "smb-50-ja.toml", "en", func(r *scoring.Requirements) { r.Users, r.HorizonYears = 300, 10 })
	bin, pdf := writePDFFile(t, in)
	out := pdftotext(t, bin, pdf)
	words := map[string]bool{}
	for _, w := range strings.Fields(PDFText(out)) {
		words[strings.Trim(w, "(),:")] = true
	}
	latin := regexp.MustCompile(`^[A-Za-z][A-Za-z-]{3,}$`)
	n := 0
	for _, s := range build(in).Sections {
		for _, b := range s.Blocks {
			if b.Kind != bTable {
				continue
			}
			for _, h := range b.Table.Head {
				for _, w := range strings.Fields(PDFText(h)) {
					w = strings.Trim(w, "(),:")
					if !latin.MatchString(w) {
						continue
					}
					n++
					if !words[w] {
						t.Errorf("header word %q (in %q) is not whole in the PDF", w, h)
					}
				}
			}
		}
	}
	if n < 50 {
		t.Fatalf("only %d header words checked", n)
	}
}
