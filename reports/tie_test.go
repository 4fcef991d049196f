package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mailpick/mailpick/scoring"
)

// TestShownMargin: the runner-up's margin is the difference of the scores
// as shown (one decimal), so a reader can check it.
func TestShownMargin(t *testing.T) {
	for _, tt := range []struct {
		a, b float64
		want string
		ok   bool
	}{
		{74.14, 73.28, "0.8", true}, // 74.1 − 73.3, not 0.86
		{91.67, 85.30, "6.4", true},
		{73.34, 73.26, "0.0", false}, // both show 73.3
		{53.89, 53.89, "0.0", false},
		{70.04, 80.06, "-10.1", true},
	} {
		got, ok := shownMargin(tt.a, tt.b)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("shownMargin(%v, %v) = %q, %v; want %q, %v", tt.a, tt.b, got, ok, tt.want, tt.ok)
		}
	}
}

// TestTieOnPageOne: when scoring reports a tie for first, page 1 and the
// terminal say it (the runner-up is tied, win probabilities are shared,
// no weight change is needed), as scoring decided; the sensitivity table
// names the options that never won in one line.
func TestTieOnPageOne(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			in := fixture(t, fixtureOpts{lang: lang, sensitivity: true, samples: 200})
			ev := in.Eval
			rec := &ev.Recommendation
			rec.Tie, rec.TieBreak = []string{rec.ID, rec.RunnerUp}, "id"
			ev.Sensitivity.TiedFirst = 40
			ev.Sensitivity.Tipping = &scoring.Tipping{Tie: true, NewWinner: rec.RunnerUp, Detail: "TIE-LINE"}
			rows := map[string]string{}
			for _, r := range decisionRows(ev) {
				rows[r[0].Text] = r[1].Text
			}
			if c, want := recommendationCell(ev), lf(lang, "recommendation_tie", "option", resultName(ev, rec.ID), "n", 1); c.Text != want {
				t.Errorf("recommendation %q, want %q", c.Text, want)
			}
			run := findResult(ev, rec.RunnerUp)
			if got, want := rows[L(lang, "runner_up")], lf(lang, "decision_runner_up_tie", "option", run.Name, "score", "85.3"); got != want {
				t.Errorf("runner-up %q, want %q", got, want)
			}
			if got := rows[L(lang, "win_probability")]; !strings.Contains(got, "40") || got == lf(lang, "decision_win", "pct", pct(ev.Sensitivity.WinnerProbability), "samples", "200") {
				t.Errorf("win probability %q does not say ties were shared", got)
			}
			if got := rows[L(lang, "decision_tipping")]; got != "TIE-LINE" {
				t.Errorf("tipping %q, want scoring's tie line", got)
			}
			var term bytes.Buffer
			if err := WriteTable(&term, ev); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(term.String(), "TIE-LINE") {
				t.Errorf("terminal lacks the tie line:\n%s", term.String())
			}
			// The workbook's Summary says it is a tie, as page 1 does.
			summary := strings.Join(sheetText(t, openXLSX(t, in), SheetName(lang, "Summary")), "\n")
			if want := recommendationCell(ev).Text; !strings.Contains(summary, want) {
				t.Errorf("XLSX Summary lacks %q:\n%s", want, summary)
			}

			never := 0
			for _, o := range ev.Sensitivity.Options {
				if o.WinProbability == 0 {
					never++
				}
			}
			if never == 0 {
				t.Fatal("fixture: every option wins a sample; the test needs one that never does")
			}
			for _, s := range build(in).Sections {
				if s.ID != "sensitivity" {
					continue
				}
				found := false
				for _, b := range s.Blocks {
					if b.Table != nil {
						for _, r := range b.Table.Rows {
							if len(r) == 3 && r[1].Text == pct(0) {
								t.Errorf("a row of %s: %v", pct(0), r[0].Text)
							}
						}
					}
					found = found || strings.HasPrefix(b.Text, lf(lang, "sens_never_first", "n", never, "options", "")[:8])
				}
				if !found {
					t.Errorf("no line names the %d options that never ranked first", never)
				}
			}
		})
	}
}
