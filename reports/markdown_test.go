package reports

import (
	"bytes"
	"strings"
	"testing"
)

func TestMDEscape(t *testing.T) {
	cases := []struct{ in, want string }{
		{"メール転送（不明） (unknown)", "メール転送（不明） (unknown)"},
		{"≥ 5,744,813 JPY", "≥ 5,744,813 JPY"},
		{"Stalwart (community edition) + Dovecot!", "Stalwart (community edition) + Dovecot!"},
		{"see [here](http://x)", "see \\[here\\](http://x)"},
		{"a|b", "a\\|b"},
		{"**bold** _it_ `code` ~~del~~", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~del\\~\\~"},
		{"<b>x</b> & y", "&lt;b&gt;x&lt;/b&gt; &amp; y"},
		{"# heading", "\\# heading"},
		{"- item", "\\- item"},
		{"+ item", "\\+ item"},
		{"=== ", "\\=== "},
		{"  1. first", "  1\\. first"},
		{"2) second", "2\\) second"},
		{"2026 (est.)", "2026 (est.)"},
		{"1.5 GB", "1.5 GB"},
		{"x - y # z", "x - y # z"},
		{"back\\slash", "back\\\\slash"},
		{"flat_month and tco_to_win", "flat_month and tco_to_win"},
		{"_lead trail_ a__b", "\\_lead trail\\_ a\\_\\_b"},
		{"ユーザー_名", "ユーザー_名"},
		{"", ""},
	}
	for _, c := range cases {
		if got := mdEscape(c.in); got != c.want {
			t.Errorf("mdEscape(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestMarkdownSummaryKeepsLowerBound: a TCO with an unknown price is a
// lower bound, marked "≥" as in the terminal table and every report.
func TestMarkdownSummaryKeepsLowerBound(t *testing.T) {
	in := fixture(t, fixtureOpts{lang: "en"})
	// The renderer's job: mark a priced option whose cost lines are not
	// all known, whichever it is.
	for i := range in.Eval.Results {
		if r := &in.Eval.Results[i]; r.TCO.Priced {
			r.TCO.Complete = false
			break
		}
	}
	var b bytes.Buffer
	if err := WriteMarkdownSummary(&b, in.Eval); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, res := range in.Eval.Results {
		if res.TCO.Priced && !res.TCO.Complete {
			n++
			if !strings.Contains(b.String(), "| ≥ "+moneyNum(res.TCO.Total, in.Eval.Currency)) {
				t.Errorf("%s: the summary lacks ≥ before its TCO", res.ID)
			}
		}
	}
	if n == 0 {
		t.Fatal("the fixture has no priced option with an unknown cost line")
	}
}
