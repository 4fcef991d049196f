package reports

import (
	"fmt"
	"github.com/mailpick/mailpick/msg"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/mailpick/mailpick/scoring"
)

// mdEscape makes catalog and server text inert in Markdown (CommonMark and
// GFM): it cannot close a table cell, start a link, emphasis, code or
// strikethrough, or inject raw HTML, and it cannot open a block (heading,
// list, setext underline) at its start. Everything else is left as it is:
// "(" and ")" only make a link after "]", which is always escaped, so
// "(unknown)" reads as written.
func mdEscape(s string) string {
	s = sanitizeTerminal(s) // also turns line breaks into spaces
	var b strings.Builder
	b.WriteString(mdEscapeLineStart(&s))
	rs := []rune(s)
	for i, r := range rs {
		// An underscore between letters or digits cannot open or close
		// emphasis (CommonMark §6.2, intraword "_"): flat_month stays as
		// written.
		if r == '_' && i > 0 && i+1 < len(rs) && isWordRune(rs[i-1]) && isWordRune(rs[i+1]) {
			b.WriteRune(r)
			continue
		}
		switch r {
		case '\\', '`', '*', '_', '[', ']', '|', '~':
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

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// mdEscapeLineStart escapes what would open a block at the start of a line
// (CommonMark §4.2 ATX heading "#", §5.2 list markers "-" "+" and "1." or
// "1)", §4.3 setext underline "="), moving it out of *s.
func mdEscapeLineStart(s *string) string {
	t := strings.TrimLeft(*s, " ")
	lead := (*s)[:len(*s)-len(t)]
	switch {
	case t == "":
		return ""
	case strings.ContainsRune("#+-=", rune(t[0])):
		*s = t[1:]
		return lead + "\\" + t[:1]
	}
	digits := len(t) - len(strings.TrimLeft(t, "0123456789"))
	if digits > 0 && digits < len(t) && (t[digits] == '.' || t[digits] == ')') &&
		(digits+1 == len(t) || t[digits+1] == ' ') {
		*s = t[digits+1:]
		return lead + t[:digits] + "\\" + t[digits:digits+1]
	}
	return ""
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
	p.printf("%s %d · %s %s · %s · %s · %s\n\n", L(lang, "accounts"), r.Users, L(lang, "growth"), signedPercent(r.Growth, 0), nYears(lang, ev.HorizonYears), ev.Currency,
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
	p.printf("\n**%s:** %s\n\n", L(lang, "self_host"), msg.T(lang, "verdict."+ev.SelfHostReadiness.Verdict))
	for _, reason := range ev.SelfHostReadiness.Reasons {
		p.printf("- %s\n", mdEscape(reason))
	}
	p.printf("\n| %s | %s | %s | %s |", L(lang, "rank"), L(lang, "option"), L(lang, "kind"), L(lang, "score"))
	for _, c := range ev.Criteria {
		p.printf(" %s |", c.Label(lang))
	}
	p.printf(" %s (%s) | %s |\n|---|---|---|--:|", L(lang, "tco"), nYears(lang, ev.HorizonYears), L(lang, "per_user_month"))
	for range ev.Criteria {
		p.printf("--:|")
	}
	p.printf("--:|--:|\n")
	for _, res := range ev.Results {
		rank := fmt.Sprint(res.Rank)
		if !res.Eligible {
			rank = "—"
		}
		p.printf("| %s | %s | %s | %.1f |", rank, mdEscape(res.Name), msg.T(lang, "kind."+res.Kind), res.Score)
		for _, c := range ev.Criteria {
			p.printf(" %.0f |", res.Criteria[string(c.ID)])
		}
		if res.TCO.Priced {
			// A lower bound is marked "≥", as in every other format.
			p.printf(" %s | %s |\n", res.TCO.TotalMoney(ev.Currency).Word(lang), res.TCO.PerUserMoney(ev.Currency).Word(lang))
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
