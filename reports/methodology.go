package reports

import (
	"github.com/mailpick/mailpick/msg"
	"strings"
	"unicode"

	"github.com/mailpick/mailpick/scoring"
)

// methodologyItems is the methodology in lang: how the method totals, who
// is eligible, how each criterion is scored (criteria scored by the same
// sentence share a line: coverage first, then cost, then the per-option
// rules), then the fixed lines.
func methodologyItems(ev *scoring.Evaluation, lang string) []string {
	out := []string{ev.DecisionMethod().Describe(lang), msg.T(lang, "methodology.eligibility")}
	for _, rule := range []scoring.Rule{scoring.Coverage, scoring.RelativeCost, scoring.PerOption} {
		var order []string
		labels := map[string][]string{}
		for _, c := range ev.Criteria {
			if c.Rule != rule {
				continue
			}
			how := c.How(lang)
			if how == "" {
				continue // nothing to say: no "Label: " line
			}
			if _, ok := labels[how]; !ok {
				order = append(order, how)
			}
			labels[how] = append(labels[how], c.Label(lang))
		}
		for _, how := range order {
			out = append(out, joinLabels(labels[how], lang)+": "+how)
		}
	}
	for _, code := range msg.MethodologyLines {
		out = append(out, msg.T(lang, code))
	}
	return out
}

// joinLabels lists criterion names inside a sentence: "機能性・セキュリティ",
// "Features, security" (a name after the first loses its capital unless it
// is an acronym).
func joinLabels(labels []string, lang string) string {
	if lang == "ja" {
		return strings.Join(labels, "・")
	}
	out := make([]string, len(labels))
	for i, l := range labels {
		r := []rune(l)
		if i > 0 && len(r) > 1 && unicode.IsUpper(r[0]) && !unicode.IsUpper(r[1]) {
			r[0] = unicode.ToLower(r[0])
		}
		out[i] = string(r)
	}
	return strings.Join(out, ", ")
}
