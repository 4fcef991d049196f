package reports

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/scoring"
)

// mdEscape makes catalog and server text inert in Markdown: it cannot close
// a table cell, start a link or emphasis, or inject raw HTML.
func mdEscape(s string) string {
	s = sanitizeTerminal(s)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '#', '+', '!', '|', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// WriteMarkdownSummary writes the ranking as a GitHub-flavoured Markdown page
// for a wiki (`evaluate --format md`).
func WriteMarkdownSummary(w io.Writer, ev *scoring.Evaluation) error {
	return WriteMarkdownSummaryAt(w, ev, time.Time{})
}

// WriteMarkdownSummaryAt is WriteMarkdownSummary that also says how old the
// catalog's facts are at now (nothing when now is zero).
func WriteMarkdownSummaryAt(w io.Writer, ev *scoring.Evaluation, now time.Time) error {
	lang := ev.Lang
	r := ev.Requirements
	p := &errWriter{w: w}
	p.printf("# %s\n\n", L(lang, "title"))
	if r.CompanyName != "" {
		p.printf("**%s** · ", mdEscape(r.CompanyName))
	}
	p.printf("%s %d · %s %s · %d %s · %s · %s\n\n", L(lang, "accounts"), r.Users, L(lang, "growth"), signedPercent(r.Growth, 0), ev.HorizonYears, L(lang, "years"), ev.Currency,
		mdEscape(L(lang, "tax_basis")+": "+taxBasisShort(lang, r)))
	if !now.IsZero() {
		a := CatalogAge(ev, now)
		p.printf("%s\n\n", mdEscape(a.Summary(lang)))
		if warn := a.Warning(lang); warn != "" {
			p.printf("> ⚠ %s\n\n", mdEscape(warn))
		}
	}
	if rec := findResult(ev, ev.Recommendation.ID); rec != nil {
		p.printf("## %s: %s\n\n", L(lang, "recommendation"), mdEscape(rec.Name))
	} else {
		p.printf("## %s: %s\n\n", L(lang, "recommendation"), L(lang, "none"))
	}
	for _, reason := range ev.Recommendation.Reasons {
		p.printf("- %s\n", mdEscape(reason))
	}
	p.printf("\n**%s:** %s\n\n", L(lang, "self_host"), L(lang, ev.SelfHostReadiness.Verdict))
	for _, reason := range ev.SelfHostReadiness.Reasons {
		p.printf("- %s\n", mdEscape(reason))
	}
	p.printf("\n| %s | %s | %s | %s |", L(lang, "rank"), L(lang, "option"), L(lang, "kind"), L(lang, "score"))
	for _, c := range catalog.Criteria {
		p.printf(" %s |", c.Label(lang))
	}
	p.printf(" %s (%d %s) | %s |\n|---|---|---|--:|", L(lang, "tco"), ev.HorizonYears, L(lang, "years"), L(lang, "per_user_month"))
	for range catalog.Criteria {
		p.printf("--:|")
	}
	p.printf("--:|--:|\n")
	for _, res := range ev.Results {
		rank := fmt.Sprint(res.Rank)
		if !res.Eligible {
			rank = "—"
		}
		p.printf("| %s | %s | %s | %.1f |", rank, mdEscape(res.Name), L(lang, res.Kind), res.Score)
		for _, c := range catalog.Criteria {
			p.printf(" %.0f |", res.Criteria[string(c)])
		}
		if res.TCO.Priced {
			p.printf(" %s | %s |\n", scoring.Money(res.TCO.Total, ev.Currency), scoring.Money(res.TCO.PerUserMonth, ev.Currency))
		} else if res.Eligible {
			p.printf(" %s<br>%s | — |\n", L(lang, "incomplete"), mdEscape(toWinLine(lang, &res, ev.Currency)))
		} else {
			p.printf(" %s | — |\n", L(lang, "incomplete"))
		}
	}
	var inel []scoring.Result
	for _, res := range ev.Results {
		if !res.Eligible {
			inel = append(inel, res)
		}
	}
	if len(inel) > 0 {
		p.printf("\n## %s\n\n", L(lang, "ineligible"))
		for _, res := range inel {
			p.printf("- **%s**\n", mdEscape(res.Name))
			for _, v := range res.Violations {
				p.printf("  - %s\n", mdEscape(v.Detail))
			}
		}
	}
	return p.err
}
