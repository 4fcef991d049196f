// Package reports renders a computed evaluation for people: a terminal table,
// Markdown, HTML, XLSX, PDF and JSON. A renderer takes scoring.Evaluation as
// it is and never recomputes a score.
package reports

import (
	"fmt"
	"github.com/mailpick/mailpick/msg"
	"io"
	"strings"
	"time"

	"github.com/mailpick/mailpick/scoring"
)

// WriteTable writes the evaluation as an aligned text table for a terminal.
func WriteTable(w io.Writer, ev *scoring.Evaluation) error {
	return WriteTableAt(w, ev, time.Time{})
}

// WriteTableAt is WriteTable that also says, under the heading, how old the
// catalog's facts are at now (nothing when now is zero).
// It is long because it prints the output line by line in the order a reader
// meets it.
func WriteTableAt(w io.Writer, ev *scoring.Evaluation, now time.Time) error {
	lang := ev.Lang
	r := ev.Requirements
	p := &errWriter{w: w}
	name := r.CompanyName
	if name == "" {
		name = "—"
	}
	p.printf("%s — %s\n", L(lang, "title"), sanitizeTerminal(name))
	p.printf("%s\n", msg.Join(lang, []string{lf(lang, "accounts_n", "n", r.Users), lf(lang, "growth_pct", "pct", signedPercent(r.Growth, 0)),
		lf(lang, "years_n", "n", ev.HorizonYears), ev.Currency}))
	p.printf("%s: %s\n", L(lang, "tax_basis"), taxBasisShort(lang, r))
	if !now.IsZero() {
		a := CatalogAge(ev, now)
		for _, line := range wrap(a.Summary(lang), 110) {
			p.printf("%s\n", line)
		}
		if warn := a.Warning(lang); warn != "" {
			for i, line := range wrap(warn, 108) {
				p.printf("%s %s\n", marker(i, "⚠"), line)
			}
		}
	}
	p.printf("\n")

	rec := findResult(ev, ev.Recommendation.ID)
	if rec != nil {
		name := sanitizeTerminal(rec.Name)
		if tie := ev.Recommendation.Tie; len(tie) > 1 {
			name = lf(lang, "recommendation_tie", "option", name, "n", len(tie)-1)
		}
		p.printf("%s: %s\n", L(lang, "recommendation"), name)
	} else {
		p.printf("%s: %s\n", L(lang, "recommendation"), L(lang, "none"))
	}
	for _, reason := range ev.Recommendation.Reasons {
		p.printf("  - %s\n", sanitizeTerminal(reason))
	}
	if sv := ev.Sensitivity; rec != nil && sv != nil && sv.Samples > 0 {
		// How far to trust the pick: the same figures as page 1 of a report.
		for i, line := range wrap(decisionWin(lang, sv), 106) {
			p.printf("  %s %s\n", marker(i, "-"), line)
		}
		tip := L(lang, "decision_no_tipping")
		if sv.Tipping != nil {
			tip = sv.Tipping.Detail
		}
		for i, line := range wrap(L(lang, "decision_tipping")+": "+sanitizeTerminal(tip), 106) {
			p.printf("  %s %s\n", marker(i, "-"), line)
		}
	}
	p.printf("%s: %s\n", L(lang, "self_host"), msg.T(lang, "verdict."+ev.SelfHostReadiness.Verdict))
	for _, reason := range ev.SelfHostReadiness.Reasons {
		p.printf("  - %s\n", sanitizeTerminal(reason))
	}
	p.printf("\n")

	cols := []string{}
	for _, c := range ev.Criteria {
		cols = append(cols, c.Short(lang))
	}
	p.printf("%s %s %s %s %s %s %s\n", pad(L(lang, "rank"), 4), pad(L(lang, "option"), 36), pad(L(lang, "kind"), 12),
		padLeft(L(lang, "score"), 6), strings.Join(padAll(cols, 5), " "), padLeft(fmt.Sprintf("%s (%d%s)", L(lang, "tco"), ev.HorizonYears, yearsShort(lang)), 16),
		padLeft(L(lang, "per_user_month"), 14))
	for _, res := range ev.Results {
		rank := fmt.Sprint(res.Rank)
		if !res.Eligible {
			rank = "—"
		}
		var sc []string
		for _, c := range ev.Criteria {
			sc = append(sc, padLeft(fmt.Sprintf("%.0f", res.Criteria[string(c.ID)]), 5))
		}
		tco, pum := res.TCO.TotalMoney(ev.Currency).Word(lang), res.TCO.PerUserMoney(ev.Currency).Word(lang)
		if !res.TCO.Priced {
			tco, pum = L(lang, "prov_short"), "—"
		}
		p.printf("%s %s %s %s %s %s %s\n", pad(rank, 4), pad(sanitizeTerminal(res.Name), 36), pad(msg.T(lang, "kind."+res.Kind), 12),
			padLeft(fmt.Sprintf("%.1f", res.Score), 6), strings.Join(sc, " "), padLeft(tco, 16), padLeft(pum, 14))
		if res.Provisional && res.Eligible {
			for i, line := range wrap(L(lang, "incomplete")+": "+toWinLine(lang, &res, ev.Currency), 110) {
				p.printf("       %s %s\n", marker(i, "→"), line)
			}
		}
		for _, v := range res.Violations {
			for i, line := range wrap(sanitizeTerminal(v.Detail), 110) {
				p.printf("       %s %s\n", marker(i, "✗"), line)
			}
		}
		if len(res.Unverified) > 0 {
			var ls []string
			for _, u := range res.Unverified {
				ls = append(ls, scoring.RequirementLabel(u, lang))
			}
			for i, line := range wrap(L(lang, "unverified")+": "+msg.Join(lang, ls), 110) {
				p.printf("       %s %s\n", marker(i, "?"), line)
			}
		}
	}
	return p.err
}

func yearsShort(lang string) string { return L(lang, "years_short") }

func padAll(xs []string, w int) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = padLeft(x, w)
	}
	return out
}

func findResult(ev *scoring.Evaluation, id string) *scoring.Result {
	if id == "" {
		return nil
	}
	for i := range ev.Results {
		if ev.Results[i].ID == id {
			return &ev.Results[i]
		}
	}
	return nil
}

// errWriter keeps the first write error so renderers stay readable.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err != nil {
		return
	}
	_, e.err = fmt.Fprintf(e.w, format, args...)
}

// wrap breaks text for the terminal with the reports' one line-breaking
// rule (breakLines: spaces and punctuation first, figures and words whole,
// JIS X 4051), counting wide characters as two columns; continuation
// lines are indented by two, and no line is wider than width.
func wrap(text string, width int) []string {
	lines := breakLines(text, float64(width-2), func(r rune) float64 { return float64(runeWidth(r)) })
	for i := 1; i < len(lines); i++ {
		lines[i] = "  " + lines[i]
	}
	return lines
}

// marker shows m on the first line of a wrapped item and a blank after.
func marker(i int, m string) string {
	if i == 0 {
		return m
	}
	return " "
}
