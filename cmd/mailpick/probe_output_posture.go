package main

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/mailpick/mailpick/probe"
)

// verdictWord names a profile's verdict for people.
func verdictWord(met *bool) string {
	switch {
	case met == nil:
		return "to confirm"
	case *met:
		return "met"
	}
	return "not met"
}

func statusWord(s string) string { return strings.ReplaceAll(s, "_", " ") }

// writeProfilesTable adds the profiles' verdicts under a domain's checks:
// every requirement not met with its fix, every one not measurable with
// what to check.
func writeProfilesTable(w *bufio.Writer, r probe.DomainResult) {
	if len(r.Profiles) == 0 {
		return
	}
	w.WriteString("  profiles:\n")
	for _, p := range r.Profiles {
		met, notMet, unmeasured := p.Count()
		fmt.Fprintf(w, "    %-20s %s: %s (%d met, %d not met, %d not measurable; %s, %s)\n", p.ID, sanitize(p.Title), verdictWord(p.Met), met, notMet, unmeasured, p.AsOf, p.Source)
		for _, q := range p.Requirements {
			if q.Status == probe.Met {
				continue
			}
			fmt.Fprintf(w, "      %-14s %-22s %s\n", statusWord(q.Status), q.ID, sanitize(q.Text))
			label := "fix:"
			if q.Status == probe.NotMeasurable {
				label = "check:"
			}
			fmt.Fprintf(w, "      %-14s %-22s %s %s\n", "", "", label, sanitize(q.Fix))
		}
	}
}

// writeChangesTable adds the changes since the baseline: worse first, then
// better, then the rest.
func writeChangesTable(w *bufio.Writer, r probe.DomainResult) {
	if r.Baseline == nil {
		return
	}
	if !r.Baseline.Found {
		fmt.Fprintf(w, "  since baseline: %s has no result for %s; nothing to compare\n", sanitize(r.Baseline.File), r.Domain)
		return
	}
	when := ""
	if !r.Baseline.ProbedAt.IsZero() {
		when = " of " + r.Baseline.ProbedAt.Format("2006-01-02")
	}
	fmt.Fprintf(w, "  since baseline%s: grade %s → %s, score %d → %d", when, r.Baseline.Grade, r.Grade, r.Baseline.Score, r.Score)
	if len(r.Changes) == 0 {
		w.WriteString(", no check changed\n")
		return
	}
	w.WriteString("\n")
	for _, sec := range []struct{ dir, title string }{{probe.Worse, "worse"}, {probe.Better, "better"}, {probe.Changed, "other changes"}} {
		first := true
		for _, c := range r.Changes {
			if c.Direction != sec.dir {
				continue
			}
			if first {
				fmt.Fprintf(w, "    %s:\n", sec.title)
				first = false
			}
			fmt.Fprintf(w, "      %-18s %s\n", c.ID, sanitize(c.Summary))
		}
	}
}

func writeProfilesMD(m *mdWriter, r probe.DomainResult) {
	if len(r.Profiles) == 0 {
		return
	}
	m.w.WriteString("### Sender-requirement profiles\n\n| profile | verdict | requirement | status | fix or what to check |\n|---|---|---|---|---|\n")
	for _, p := range r.Profiles {
		title := fmt.Sprintf("%s (%s, [source](%s))", mdCell(p.Title), p.AsOf, mdCell(p.Source))
		for i, q := range p.Requirements {
			t, v := "", ""
			if i == 0 {
				t, v = title, verdictWord(p.Met)
			}
			fmt.Fprintf(m.w, "| %s | %s | %s | %s | %s |\n", t, v, mdCell(q.Text), statusWord(q.Status), mdCell(q.Fix))
		}
	}
	m.w.WriteString("\n")
}

func writeChangesMD(m *mdWriter, r probe.DomainResult) {
	if r.Baseline == nil {
		return
	}
	m.w.WriteString("### Changes since the baseline\n\n")
	if !r.Baseline.Found {
		fmt.Fprintf(m.w, "%s has no result for this domain.\n\n", mdCell(r.Baseline.File))
		return
	}
	fmt.Fprintf(m.w, "Grade %s → %s, score %d → %d.\n\n", r.Baseline.Grade, r.Grade, r.Baseline.Score, r.Score)
	if len(r.Changes) == 0 {
		m.w.WriteString("No check changed.\n\n")
		return
	}
	m.w.WriteString("| change | check | from | to | summary |\n|---|---|---|---|---|\n")
	for _, c := range r.Changes {
		fmt.Fprintf(m.w, "| %s | `%s` | %s | %s | %s |\n", c.Direction, c.ID, c.From, c.To, mdCell(c.Summary))
	}
	m.w.WriteString("\n")
}

// csvPostureRows are the profiles and changes as CSV rows under the same
// header as the checks: id "profile:ID/REQ" or "change:CHECK", category
// "profile" or "change", target the profile id or the baseline file.
func csvPostureRows(r probe.DomainResult) [][]string {
	var out [][]string
	score, grade := fmt.Sprint(r.Score), r.Grade
	for _, p := range r.Profiles {
		for _, q := range p.Requirements {
			out = append(out, []string{r.Domain, score, grade, "profile:" + p.ID + "/" + q.ID, "profile", q.Status, p.ID, csvSafe(q.Text), csvSafe(q.Fix)})
		}
	}
	if r.Baseline != nil {
		for _, c := range r.Changes {
			out = append(out, []string{r.Domain, score, grade, "change:" + c.ID, "change", c.Direction, csvSafe(r.Baseline.File), csvSafe(c.From + " → " + c.To + ": " + c.Summary), ""})
		}
	}
	return out
}
