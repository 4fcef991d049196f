package reports

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/probe"
	"github.com/mailpick/mailpick/scoring"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixedNow is the clock of every report test: beta-mail's as_of
// (2024-01-15) is then older than 12 months, the others are not.
var fixedNow = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

type fixtureOpts struct {
	lang        string
	posture     bool
	sensitivity bool
	// Extra criteria and methods for the evaluation (toy_test.go), with
	// their weights in the requirements; none for the golden files.
	criteria []scoring.Criterion
	methods  []scoring.Method
	method   string
	weights  map[catalog.Criterion]float64
	samples  int // 0: the default
	users    int // 0: as in req.toml
	years    int // 0: as in req.toml
	// catalog rewrites testdata/catalog.toml before it is parsed (nil:
	// as it is), for a test that needs one fact changed.
	catalog func(string) string
}

// fixture evaluates testdata/req.toml against testdata/catalog.toml with
// testdata/assumptions.toml and testdata/hosting.toml: nothing from data/,
// so catalog edits never change the golden files.
func fixture(t testing.TB, fo fixtureOpts) *Input {
	t.Helper()
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	req, err := scoring.ParseRequirements("testdata/req.toml", read("req.toml"))
	if err != nil {
		t.Fatal(err)
	}
	cat := read("catalog.toml")
	if fo.catalog != nil {
		cat = []byte(fo.catalog(string(cat)))
	}
	opts, err := catalog.Parse("testdata/catalog.toml", cat)
	if err != nil {
		t.Fatal(err)
	}
	a, err := scoring.ParseAssumptions("testdata/assumptions.toml", read("assumptions.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Hosting, err = catalog.ParseHosting("testdata/hosting.toml", read("hosting.toml")); err != nil {
		t.Fatal(err)
	}
	in := &Input{Assumptions: a, Now: fixedNow, Version: "test"}
	if fo.posture {
		if err := json.Unmarshal(read("posture.json"), &in.Posture); err != nil {
			t.Fatal(err)
		}
		opts, in.Verifications = scoring.ApplyPosture(opts, probe.Facts(in.Posture))
	}
	for c, w := range fo.weights {
		req.Weights[c] = w
	}
	if fo.users > 0 {
		req.Users = fo.users
	}
	if fo.years > 0 {
		req.HorizonYears = fo.years
	}
	ev, err := scoring.Evaluate(req, opts, a, scoring.Options{Lang: fo.lang, NoSensitivity: !fo.sensitivity,
		Criteria: fo.criteria, Methods: fo.methods, Method: fo.method, Sensitivity: scoring.SensitivityOptions{Samples: fo.samples}})
	if err != nil {
		t.Fatal(err)
	}
	in.Eval = ev
	return in
}

func render(t testing.TB, f func(*bytes.Buffer, *Input) error, in *Input) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := f(&b, in); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGolden(t *testing.T) {
	cases := []struct {
		name string
		fo   fixtureOpts
		ext  string
	}{
		{"ja-posture", fixtureOpts{lang: "ja", posture: true}, "md"},
		{"ja-posture", fixtureOpts{lang: "ja", posture: true}, "html"},
		{"en", fixtureOpts{lang: "en"}, "md"},
		{"en", fixtureOpts{lang: "en"}, "html"},
	}
	for _, c := range cases {
		t.Run(c.name+"."+c.ext, func(t *testing.T) {
			in := fixture(t, c.fo)
			var b bytes.Buffer
			var err error
			if c.ext == "md" {
				err = WriteMarkdown(&b, in)
			} else {
				err = WriteHTML(&b, in)
			}
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "report-"+c.name+"."+c.ext+".golden")
			if *update {
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./reports -run Golden -update)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				got, w := strings.Split(b.String(), "\n"), strings.Split(string(want), "\n")
				for i := 0; i < len(got) && i < len(w); i++ {
					if got[i] != w[i] {
						t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s\n(run go test ./reports -run Golden -update if the change is intended)", path, i+1, got[i], w[i])
					}
				}
				t.Fatalf("%s differs in length: got %d lines, want %d", path, len(got), len(w))
			}
		})
	}
}

// TestEveryFormatHasEverySection checks the content list of issue 5 in each
// text format: the same sections, the stale warning, the verified mark.
func TestEveryFormatHasEverySection(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		in := fixture(t, fixtureOpts{lang: lang, posture: true, sensitivity: true})
		md := string(render(t, func(b *bytes.Buffer, in *Input) error { return WriteMarkdown(b, in) }, in))
		html := string(render(t, func(b *bytes.Buffer, in *Input) error { return WriteHTML(b, in) }, in))
		for _, key := range []string{"sec_summary", "sec_ranking", "sec_eligibility", "sec_tco", "sec_features", "sec_sensitivity",
			"sec_posture", "sec_requirements", "sec_methodology", "sec_sources", "verified", "runner_up", "cost_lines", "thresholds"} {
			want := L(lang, key)
			if !strings.Contains(md, mdEscape(want)) {
				t.Errorf("%s markdown lacks %s (%q)", lang, key, want)
			}
			if !strings.Contains(html, htmlEsc(want)) {
				t.Errorf("%s html lacks %s (%q)", lang, key, want)
			}
		}
		// The catalog's age, and its one warning sentence, are on page 1
		// (the summary, before the ranking) and again with the sources.
		age := CatalogAge(in.Eval, in.Now)
		for _, sentence := range []string{age.Summary(lang), age.Warning(lang)} {
			if sentence == "" {
				t.Fatalf("%s: the fixture has a stale option; want a warning sentence", lang)
			}
			i := strings.Index(md, mdEscape(sentence))
			if i < 0 || i > strings.Index(md, L(lang, "sec_ranking")) {
				t.Errorf("%s markdown: %q is not in the summary", lang, sentence)
			}
			if !strings.Contains(html, htmlEsc(sentence)) {
				t.Errorf("%s html lacks %q", lang, sentence)
			}
		}
		if strings.Contains(md, L(lang, "sens_absent")) {
			t.Errorf("%s: sensitivity computed but the report says it is absent", lang)
		}
		// The seed's terms label Japanese reports.
		if lang == "ja" {
			for _, term := range []string{"メールアカウント数", "ディスク容量", "機能性", "スマートフォンでの利用", "セキュリティ", "サポート体制", "予算"} {
				if !strings.Contains(md, term) {
					t.Errorf("ja markdown lacks the seed's term %s", term)
				}
			}
		}
	}
}

func htmlEsc(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;")
	return r.Replace(s)
}

func TestHTMLEscapesCatalogText(t *testing.T) {
	in := fixture(t, fixtureOpts{lang: "en", posture: true})
	out := string(render(t, func(b *bytes.Buffer, in *Input) error { return WriteHTML(b, in) }, in))
	for _, bad := range []string{"<script>", "<b>株式会社", "<img src=x>", "a=1&b=<2>"} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML contains unescaped %q", bad)
		}
	}
	for _, good := range []string{"&lt;script&gt;alert(1)&lt;/script&gt; Beta", "&lt;img src=x&gt;"} {
		if !strings.Contains(out, good) {
			t.Errorf("HTML lacks the escaped form %q", good)
		}
	}
	if strings.Contains(out, "<script") || strings.Contains(out, "<link") || strings.Contains(out, "<img") || strings.Contains(out, "<iframe") || strings.Contains(out, "url(") {
		t.Error("HTML must be self-contained: no scripts, no external resources")
	}
}

func TestMarkdownEscapesCatalogText(t *testing.T) {
	in := fixture(t, fixtureOpts{lang: "ja", posture: true})
	out := string(render(t, func(b *bytes.Buffer, in *Input) error { return WriteMarkdown(b, in) }, in))
	for _, bad := range []string{"<script>", "<b>", "<img", "| Mail *cheap*"} {
		if strings.Contains(out, bad) {
			t.Errorf("Markdown contains unescaped %q", bad)
		}
	}
	// Every table row has as many cells as its header: no catalog '|' broke one.
	var cols int
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "|") {
			cols = 0
			continue
		}
		n := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|")
		if cols == 0 {
			cols = n
		} else if n != cols {
			t.Fatalf("table row has %d separators, header %d: %s", n, cols, line)
		}
	}
}

func TestJSONKeepsSpecKeysAndAddsPosture(t *testing.T) {
	in := fixture(t, fixtureOpts{lang: "en", posture: true})
	var m map[string]any
	if err := json.Unmarshal(render(t, func(b *bytes.Buffer, in *Input) error { return WriteJSON(b, in) }, in), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"currency", "horizon_years", "method", "weights", "results", "recommendation", "self_host_readiness", "posture", "posture_verification"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	in = fixture(t, fixtureOpts{lang: "en"})
	m = nil
	if err := json.Unmarshal(render(t, func(b *bytes.Buffer, in *Input) error { return WriteJSON(b, in) }, in), &m); err != nil {
		t.Fatal(err)
	}
	if _, ok := m["posture"]; ok {
		t.Error("JSON has posture although none was given")
	}
}

func TestStaleSources(t *testing.T) {
	in := fixture(t, fixtureOpts{lang: "en"})
	s := sourcesSection(in)
	var staleRows []string
	for _, b := range s.Blocks {
		if b.Kind == bTable {
			for _, r := range b.Table.Rows {
				if strings.Contains(r[1].Text, L("en", "stale_short")) {
					staleRows = append(staleRows, r[0].Text)
				}
			}
		}
	}
	if len(staleRows) != 1 || !strings.Contains(staleRows[0], "Beta") {
		t.Errorf("stale rows = %q, want only the beta option (as_of 2024-01-15)", staleRows)
	}
	cases := []struct {
		asOf string
		want bool
	}{
		{"2025-11-26", false}, // exactly 12 months
		{"2025-11-25", true},
		{"2026-11-26", false},
		{"not a date", false},
	}
	for _, c := range cases {
		if got := stale(c.asOf, fixedNow); got != c.want {
			t.Errorf("stale(%s) = %v, want %v", c.asOf, got, c.want)
		}
	}
}

func TestPostureVerifiedInMatrix(t *testing.T) {
	in := fixture(t, fixtureOpts{lang: "en", posture: true})
	res := findResult(in.Eval, "alpha-mail")
	if res == nil {
		t.Fatal("alpha-mail missing")
	}
	states := map[string]string{}
	for _, it := range res.Items {
		states[it.Key] = it.State
	}
	// STARTTLS + TLS 1.3 measured → yes; DMARC p=none → no.
	if states["security.transport_tls"] != "yes" || states["security.dkim_signing"] != "no" {
		t.Errorf("alpha-mail scored on %v, want transport_tls yes, dkim_signing no", states)
	}
	md := string(render(t, func(b *bytes.Buffer, in *Input) error { return WriteMarkdown(b, in) }, in))
	if !strings.Contains(md, "met ✓ verified") || !strings.Contains(md, mdEscape("no (Vendor claim: unknown)")) {
		t.Error("matrix does not mark the measured values beside the vendor's claim")
	}
}

func TestSensitivityAbsentIsMarked(t *testing.T) {
	in := fixture(t, fixtureOpts{lang: "ja"})
	s := sensitivitySection(in)
	if len(s.Blocks) != 1 || s.Blocks[0].Text != L("ja", "sens_absent") {
		t.Errorf("sensitivity section without analysis = %+v", s.Blocks)
	}
}

func TestGenericBlocksRendersUnknownShapes(t *testing.T) {
	v := map[string]any{"samples": 10, "list": []any{map[string]any{"a": 1, "b": "x"}}, "nested": map[string]any{"k": true}}
	bs := genericBlocks("en", v)
	var tables int
	for _, b := range bs {
		if b.Kind == bTable {
			tables++
		}
	}
	if tables != 3 {
		t.Errorf("got %d tables, want 3 (scalars, list, nested)", tables)
	}
}

func TestLabelsHaveBothLanguages(t *testing.T) {
	// Labels and methodology lines are checked with every message in
	// package msg (TestTable).
	// The English sheet name is the key scripts find a sheet by.
	for _, k := range sheetKeys {
		if SheetName("en", k) != k || SheetName("ja", k) == "" {
			t.Errorf("sheet %q: names %q / %q", k, SheetName("en", k), SheetName("ja", k))
		}
	}
}

func TestPostureFindingsListFixes(t *testing.T) {
	in := fixture(t, fixtureOpts{lang: "en", posture: true})
	s := postureSection(in)
	var found bool
	for _, b := range s.Blocks {
		if b.Kind == bTable {
			for _, r := range b.Table.Rows {
				if r[0].Text == "spf.record" && strings.Contains(r[len(r)-1].Text, "v=spf1 mx -all") {
					found = true
				}
			}
		}
	}
	if !found {
		t.Error("posture section lacks the spf.record failure with its fix")
	}
}

// TestEveryFormatSurvivesEdgeCases: no options at all (everything
// excluded), and a single option, render in every format without panicking.
func TestEveryFormatSurvivesEdgeCases(t *testing.T) {
	for _, keep := range []int{0, 1} {
		in := fixture(t, fixtureOpts{lang: "en", posture: true})
		in.Eval.Results = in.Eval.Results[:keep]
		in.Eval.SelfHostReadiness.Plans = nil
		if keep == 0 {
			in.Eval.Recommendation = scoring.Recommendation{Reasons: []string{"no option"}}
		}
		for ext, write := range Formats {
			var b bytes.Buffer
			if err := write(&b, in); err != nil {
				t.Errorf("%d options, %s: %v", keep, ext, err)
			}
			if b.Len() == 0 {
				t.Errorf("%d options, %s: empty output", keep, ext)
			}
		}
	}
}

// FuzzMarkdownCell: whatever a catalog or a DNS answer says, a table cell
// cannot end the cell, the row, or open raw HTML.
func FuzzMarkdownCell(f *testing.F) {
	for _, s := range []string{"a|b", "<script>", "x\ny", "\\|", "`code`", "[l](http://x)", "\x1b[31m", "&amp;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := mdCell(s)
		if strings.ContainsAny(strings.ReplaceAll(out, "<br>", ""), "<>") {
			t.Fatalf("raw HTML in %q", out)
		}
		if strings.ContainsAny(out, "\n\r") {
			t.Fatalf("line break in %q", out)
		}
		// Every '|' must be escaped by an odd run of backslashes.
		for i := 0; i < len(out); i++ {
			if out[i] != '|' {
				continue
			}
			n := 0
			for j := i - 1; j >= 0 && out[j] == '\\'; j-- {
				n++
			}
			if n%2 == 0 {
				t.Fatalf("unescaped '|' at %d in %q", i, out)
			}
		}
	})
}

// Japanese lists wrap after their 、, never before it (JIS X 4051: no
// line starts with 、 or 。).
func TestWrapJapaneseBreaksAfterPunctuation(t *testing.T) {
	text := "未確認（要確認）: メール転送、メール自動返信、迷惑メールフィルタ、クライアント・ユーザー間の暗号化通信、1ユーザーあたりのディスク容量、初期費用の予算、初期費用"
	lines := wrap(text, 40)
	if len(lines) < 2 {
		t.Fatalf("not wrapped: %q", lines)
	}
	for i, l := range lines {
		if s := strings.TrimLeft(l, " "); strings.HasPrefix(s, "、") || strings.HasPrefix(s, "。") {
			t.Errorf("line %d starts with punctuation: %q", i, l)
		}
		if displayWidth(l) > 40 {
			t.Errorf("line %d is %d wide: %q", i, displayWidth(l), l)
		}
	}
}
