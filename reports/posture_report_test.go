package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/mailpick/mailpick/probe"
	"github.com/mailpick/mailpick/probe/profile"
)

// postureFixture builds results without DNS: a company domain with a DMARC
// policy of none and a hostile SPF summary, and two provider domains, each
// judged against two embedded profiles and compared with a baseline.
func postureFixture(t *testing.T, lang string, n int) *PostureInput {
	t.Helper()
	all, err := profile.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	ps, err := profile.Select(all, []string{"gmail-bulk", "jp-meti-2023-card"})
	if err != nil {
		t.Fatal(err)
	}
	mk := func(domain string, dmarcStatus probe.Status, grade string, score int) probe.DomainResult {
		r := probe.DomainResult{Domain: domain, Grade: grade, Score: score, Categories: map[string]probe.CategoryScore{"spf": {Score: 50, Passed: 0, Total: 1}, "dmarc": {Score: 88, Passed: 2, Total: 3}}}
		r.Checks = []probe.Check{
			{ID: "spf.record", Category: "spf", Status: probe.Fail, Summary: `no SPF record <script>alert(1)</script>`, Fix: `=HYPERLINK("http://evil") publish ` + domain + `. TXT "v=spf1 mx -all"`, Details: map[string]any{}},
			{ID: "dmarc.record", Category: "dmarc", Status: probe.Pass, Summary: "DMARC record at _dmarc." + domain, Details: map[string]any{"record": "v=DMARC1; p=none", "found_at": "_dmarc." + domain}},
			{ID: "dmarc.syntax", Category: "dmarc", Status: probe.Pass, Summary: "valid", Details: map[string]any{}},
			{ID: "dmarc.policy", Category: "dmarc", Status: dmarcStatus, Summary: "p=none: receivers only monitor", Fix: "publish p=quarantine", Details: map[string]any{"applied": "none", "tag": "p"}},
			{ID: "dnssec.domain", Category: "dnssec", Status: probe.Warn, Summary: "signed without DS", Fix: "publish the DS record", Details: map[string]any{}},
			{ID: "dkim.keys", Category: "dkim", Status: probe.Info, Summary: "no key at the selectors tried", Details: map[string]any{}},
		}
		r.Profiles = profile.EvaluateAll(ps, r, lang)
		return r
	}
	company := mk("example.co.jp", probe.Warn, "D", 52)
	base := company
	base.Checks = append([]probe.Check(nil), company.Checks...)
	base.Checks[3].Status = probe.Pass
	company.Changes = probe.Compare(base, company)
	company.Baseline = &probe.BaselineRef{File: "/var/lib/mailpick/last-month.json", Found: true, Grade: "C", Score: 70}
	results := []probe.DomainResult{company}
	for i := 1; i < n; i++ {
		r := mk(fmt.Sprintf("provider%d.example", i), probe.Pass, "B", 80+i)
		r.Baseline, r.Changes = &probe.BaselineRef{File: "/var/lib/mailpick/last-month.json"}, []probe.Change{}
		results = append(results, r)
	}
	return &PostureInput{Results: results, Profiles: ps, Lang: lang, Now: fixedNow, Version: "test", Baseline: "/var/lib/mailpick/last-month.json"}
}

func TestPostureLabelsBothLanguages(t *testing.T) {
	for k, v := range postureLabels {
		if v[0] == "" || v[1] == "" {
			t.Errorf("%s: a language is empty: %q", k, v)
		}
		if strings.Count(v[0], "%") != strings.Count(v[1], "%") {
			t.Errorf("%s: ja and en take different arguments: %q / %q", k, v[0], v[1])
		}
	}
	for _, c := range probe.Categories() {
		if _, ok := postureCategories[c]; !ok {
			t.Errorf("category %s has no name in the report", c)
		}
	}
}

// Page 1 is the grade, the profiles' verdicts and the three most important
// fixes, then a page break; several domains add a comparison; each domain
// has its categories, profiles and changes.
func TestPostureDocument(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		for _, n := range []int{1, 3} {
			in := postureFixture(t, lang, n)
			d := buildPosture(in)
			first := d.Sections[0]
			if first.ID != "summary" || first.Blocks[len(first.Blocks)-1].Kind != bPageBreak {
				t.Fatalf("%s/%d: page 1 is not the summary ending in a page break", lang, n)
			}
			var headings []string
			var tables []*table
			for _, b := range first.Blocks {
				switch b.Kind {
				case bHeading:
					headings = append(headings, b.Text)
				case bTable:
					tables = append(tables, b.Table)
				}
			}
			if want := []string{pl(lang, "since_baseline"), pl(lang, "profiles"), pl(lang, "top_fixes")}; strings.Join(headings, "|") != strings.Join(want, "|") {
				t.Errorf("%s/%d: page 1 headings %v, want %v", lang, n, headings, want)
			}
			if len(tables) != 3 || len(tables[0].Rows) != n || tables[0].Rows[0][1].Text != "D" {
				t.Fatalf("%s/%d: page 1 tables %d, grades %v", lang, n, len(tables), tables[0].Rows)
			}
			if v := tables[1].Rows[1][1]; v.Tone != "bad" || !strings.HasPrefix(v.Text, pl(lang, "verdict_not_met")) {
				t.Errorf("%s/%d: jp-meti verdict %+v", lang, n, v)
			}
			fixes := tables[2]
			if len(fixes.Rows) != 3 || !strings.Contains(fixes.Rows[0][1].Text, "spf.record") {
				t.Errorf("%s/%d: top fixes %v", lang, n, fixes.Rows)
			}
			ids := []string{}
			for _, s := range d.Sections {
				ids = append(ids, s.ID)
			}
			hasCmp := strings.Contains(strings.Join(ids, ","), "comparison")
			if hasCmp != (n > 1) || len(ids) != n+2+btoi(n > 1) {
				t.Errorf("%s/%d: sections %v", lang, n, ids)
			}
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// The fix that keeps the most profile requirements from being met comes
// first, then fail before warn; a check without a fix is never ranked.
func TestRankFixes(t *testing.T) {
	in := postureFixture(t, "en", 2)
	got := RankFixes(in.Results, 10)
	var order []string
	for _, f := range got {
		order = append(order, f.Domain+" "+f.Check)
	}
	// spf.record keeps gmail-bulk/spf-and-dkim from being met, dmarc.policy
	// jp-meti-2023-card/reject: one each, so the fail outranks the warn.
	want := []string{"example.co.jp spf.record", "provider1.example spf.record", "example.co.jp dmarc.policy", "example.co.jp dnssec.domain", "provider1.example dnssec.domain"}
	if strings.Join(order, ", ") != strings.Join(want, ", ") {
		t.Errorf("ranking\n got %v\nwant %v", order, want)
	}
	if len(got[2].Blocks) != 1 || got[2].Blocks[0] != "jp-meti-2023-card/reject" || len(got[3].Blocks) != 0 {
		t.Errorf("blocks %v / %v", got[2].Blocks, got[3].Blocks)
	}
}

// Every format renders, DNS text stays inert (escaped HTML and Markdown,
// a text cell in XLSX), and the same input gives the same PDF bytes.
func TestPostureFormats(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		in := postureFixture(t, lang, 3)
		for ext, render := range PostureFormats {
			var b bytes.Buffer
			if err := render(&b, in); err != nil {
				t.Fatalf("%s %s: %v", lang, ext, err)
			}
			s := b.String()
			switch ext {
			case ".html":
				if strings.Contains(s, "<script>alert") || !strings.Contains(s, "&lt;script&gt;") {
					t.Errorf("%s html: DNS text not escaped", lang)
				}
				if !strings.Contains(s, pl(lang, "sec_comparison")) || !strings.Contains(s, "last-month.json") {
					t.Errorf("%s html lacks the comparison or the baseline", lang)
				}
			case ".md":
				if strings.Contains(s, "<script>") || !strings.Contains(s, "## "+pl(lang, "sec_summary")) {
					t.Errorf("%s md: not escaped or no summary", lang)
				}
			case ".pdf":
				var b2 bytes.Buffer
				WritePosturePDF(&b2, in)
				if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) || !bytes.Equal(b.Bytes(), b2.Bytes()) {
					t.Errorf("%s pdf: not a PDF or not reproducible", lang)
				}
			case ".json":
				var v postureJSON
				if err := json.Unmarshal(b.Bytes(), &v); err != nil || len(v.Domains) != 3 || len(v.TopFixes) != 3 || v.Lang != lang {
					t.Errorf("%s json: %v %d %d", lang, err, len(v.Domains), len(v.TopFixes))
				}
			case ".xlsx":
				f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
				if err != nil {
					t.Fatal(err)
				}
				sheets := f.GetSheetList()
				if len(sheets) != 4 || sheets[0] != postureSheet(lang, "Summary") {
					t.Errorf("%s xlsx sheets %v", lang, sheets)
				}
				rows, _ := f.GetRows(postureSheet(lang, "Findings"))
				found := false
				for _, r := range rows {
					if len(r) > 6 && strings.HasPrefix(r[6], "=HYPERLINK") {
						found = true
						if fm, _ := f.GetCellFormula(postureSheet(lang, "Findings"), "G2"); fm != "" {
							t.Errorf("%s xlsx: DNS text became a formula %q", lang, fm)
						}
					}
				}
				if !found || len(rows) != 1+3*6 {
					t.Errorf("%s xlsx findings: %d rows, hostile text kept as text: %v", lang, len(rows), found)
				}
				f.Close()
			}
		}
	}
}
