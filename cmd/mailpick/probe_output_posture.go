package main

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/probe"
)

// verdictWord names a profile's verdict for people, in lang.
func verdictWord(lang string, met *bool) string {
	switch {
	case met == nil:
		return msg.T(lang, "posture.verdict_confirm")
	case *met:
		return msg.T(lang, "posture.verdict_met")
	}
	return msg.T(lang, "posture.verdict_not_met")
}

// statusWord names a requirement's status (met, not_met, not_measurable)
// in lang.
func statusWord(lang, s string) string {
	if msg.Has("probe.cli.req." + s) {
		return msg.T(lang, "probe.cli.req."+s)
	}
	return strings.ReplaceAll(s, "_", " ")
}

// checkStatus names a check's status, or "absent", in lang: as written in
// English (pass, warn), as the reports word it in Japanese.
func checkStatus(lang, s string) string {
	switch {
	case lang != "ja":
		return s
	case s == probe.Absent:
		return msg.T(lang, "probe.absent")
	case msg.Has("posture.st_" + s):
		return msg.T(lang, "posture.st_"+s)
	}
	return s
}

// directionWord names a change's direction in lang.
func directionWord(lang, d string) string {
	if lang != "ja" || !msg.Has("posture."+d) {
		return d
	}
	return msg.T(lang, "posture."+d)
}

// writeProfilesTable adds the profiles' verdicts under a domain's checks:
// every requirement not met with its fix, every one not measurable with
// what to check.
func writeProfilesTable(w *bufio.Writer, r probe.DomainResult, lang string) {
	if len(r.Profiles) == 0 {
		return
	}
	fmt.Fprintf(w, "  %s\n", msg.T(lang, "probe.cli.profiles"))
	for _, p := range r.Profiles {
		met, notMet, unmeasured := p.Count()
		fmt.Fprintf(w, "    %-20s %s: %s %s\n", p.ID, sanitize(p.Title), verdictWord(lang, p.Met),
			msg.T(lang, "probe.cli.profile_counts", "met", met, "not_met", notMet, "unmeasured", unmeasured, "as_of", p.AsOf, "source", p.Source))
		for _, q := range p.Requirements {
			if q.Status == probe.Met {
				continue
			}
			fmt.Fprintf(w, "      %-14s %-22s %s\n", statusWord(lang, q.Status), q.ID, sanitize(q.Text))
			label := msg.T(lang, "probe.cli.fix")
			if q.Status == probe.NotMeasurable {
				label = msg.T(lang, "probe.cli.check")
			}
			fmt.Fprintf(w, "      %-14s %-22s %s %s\n", "", "", label, sanitize(q.Fix))
		}
	}
}

// writeChangesTable adds the changes since the baseline: worse first, then
// better, then the rest.
func writeChangesTable(w *bufio.Writer, r probe.DomainResult, lang string) {
	if r.Baseline == nil {
		return
	}
	if !r.Baseline.Found {
		fmt.Fprintf(w, "  %s\n", msg.T(lang, "probe.cli.baseline_missing", "file", sanitize(r.Baseline.File), "domain", r.Domain))
		return
	}
	var when any = ""
	if !r.Baseline.ProbedAt.IsZero() {
		when = msg.New("probe.cli.of", "date", r.Baseline.ProbedAt.Format("2006-01-02"))
	}
	fmt.Fprintf(w, "  %s", msg.T(lang, "probe.cli.since", "when", when, "from_grade", r.Baseline.Grade, "to_grade", r.Grade, "from_score", r.Baseline.Score, "to_score", r.Score))
	if len(r.Changes) == 0 {
		fmt.Fprintf(w, "%s\n", msg.T(lang, "probe.cli.no_change"))
		return
	}
	w.WriteString("\n")
	for _, sec := range []struct{ dir, title string }{{probe.Worse, msg.T(lang, "probe.cli.worse")}, {probe.Better, msg.T(lang, "probe.cli.better")}, {probe.Changed, msg.T(lang, "probe.cli.other")}} {
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
	lang := m.lang
	fmt.Fprintf(m.w, "### %s\n\n%s\n|---|---|---|---|---|\n", msg.T(lang, "probe.cli.md_profiles"), msg.T(lang, "probe.cli.md_profiles_head"))
	for _, p := range r.Profiles {
		title := msg.T(lang, "probe.cli.md_profile_title", "title", mdCell(p.Title), "as_of", p.AsOf, "source", mdCell(p.Source))
		for i, q := range p.Requirements {
			t, v := "", ""
			if i == 0 {
				t, v = title, verdictWord(lang, p.Met)
			}
			fmt.Fprintf(m.w, "| %s | %s | %s | %s | %s |\n", t, v, mdCell(q.Text), statusWord(lang, q.Status), mdCell(q.Fix))
		}
	}
	m.w.WriteString("\n")
}

func writeChangesMD(m *mdWriter, r probe.DomainResult) {
	if r.Baseline == nil {
		return
	}
	lang := m.lang
	fmt.Fprintf(m.w, "### %s\n\n", msg.T(lang, "posture.since_baseline"))
	if !r.Baseline.Found {
		fmt.Fprintf(m.w, "%s\n\n", msg.T(lang, "probe.cli.md_baseline_missing", "file", mdCell(r.Baseline.File)))
		return
	}
	fmt.Fprintf(m.w, "%s\n\n", msg.T(lang, "probe.cli.md_since", "from_grade", r.Baseline.Grade, "to_grade", r.Grade, "from_score", r.Baseline.Score, "to_score", r.Score))
	if len(r.Changes) == 0 {
		fmt.Fprintf(m.w, "%s\n\n", msg.T(lang, "probe.cli.md_no_change"))
		return
	}
	fmt.Fprintf(m.w, "%s\n|---|---|---|---|---|\n", msg.T(lang, "probe.cli.md_changes_head"))
	for _, c := range r.Changes {
		fmt.Fprintf(m.w, "| %s | `%s` | %s | %s | %s |\n", directionWord(lang, c.Direction), c.ID, checkStatus(lang, c.From), checkStatus(lang, c.To), mdCell(c.Summary))
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
