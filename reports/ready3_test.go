package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/scoring"
)

// TestReadinessUnknownRow: in the smb example no VPS plan with a known disk
// holds the mailboxes, so every self-hosted TCO is provisional and "you
// cannot afford to build and run one" rests on an unknown cost. It must
// read unknown (不明), not "not met" (which says self-hosting is
// affordable), in the shared table (PDF, HTML, XLSX), in Markdown and in
// the JSON.
func TestReadinessUnknownRow(t *testing.T) {
	for _, tt := range []struct{ lang, word string }{{"ja", "不明"}, {"en", "unknown"}} {
		t.Run(tt.lang, func(t *testing.T) {
			in := exampleInput(t, "smb-50-ja.toml", tt.lang)
			heading := msg.T(tt.lang, "case.service.no_budget")
			if got := L(tt.lang, "cond_unknown"); got != tt.word {
				t.Fatalf("label %q, want %q", got, tt.word)
			}
			tb := conditionsTable(tt.lang, in.Eval.SelfHostReadiness.Conditions)
			found := false
			for _, r := range tb.Rows {
				if r[1].Text == heading {
					found = true
					if r[2].Text != tt.word || r[2].Tone != "warn" {
						t.Errorf("table cell %+v, want %q in warn", r[2], tt.word)
					}
				}
			}
			if !found {
				t.Fatalf("no row %q", heading)
			}
			var md bytes.Buffer
			if err := WriteMarkdown(&md, in); err != nil {
				t.Fatal(err)
			}
			if want := "| " + heading + " | " + tt.word + " |"; !strings.Contains(md.String(), want) {
				t.Errorf("Markdown lacks %q", want)
			}
			js, err := json.Marshal(in.Eval.SelfHostReadiness)
			if err != nil {
				t.Fatal(err)
			}
			var back scoring.Readiness
			if err := json.Unmarshal(js, &back); err != nil {
				t.Fatal(err)
			}
			for _, c := range back.Conditions {
				if c.Key == "service.no_budget" && (c.Status != scoring.StatusUnknown || c.Met) {
					t.Errorf("JSON: met %v status %q, want false, unknown", c.Met, c.Status)
				}
			}
		})
	}
}

// TestConditionCellWithoutStatus: a JSON file written before status reads
// by met.
func TestConditionCellWithoutStatus(t *testing.T) {
	for _, tt := range []struct {
		c    scoring.Condition
		want string
	}{
		{scoring.Condition{Met: true}, "met"},
		{scoring.Condition{}, "not met"},
		{scoring.Condition{Status: scoring.StatusUnknown}, "unknown"},
		{scoring.Condition{Status: scoring.StatusNotMet}, "not met"},
	} {
		if got := conditionCell("en", tt.c).Text; got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.c, got, tt.want)
		}
	}
}
