package probe

import (
	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/probe/dnsclient"
)

// Checks decide in coded messages (msg.Message: a code and its
// arguments), as scoring does; the words are package msg's (msg/probe_*.go).
// A check keeps its English sentence in Summary and Fix, as the JSON always
// had them, and the message beside it (summary_code, fix_code), so a report
// words it in its own language (Check.SummaryIn) and a program reads the
// arguments without parsing English.

// m builds the message probe.<code>.
func m(code string, kv ...any) msg.Message { return msg.New("probe."+code, kv...) }

// say sets the summary.
func (c *Check) say(code string, kv ...any) { c.sayMsg(m(code, kv...)) }

// said, when set (by this package's tests), sees every summary and fix a
// check words, to check that each reads in every language.
var said func(msg.Message)

func (c *Check) sayMsg(x msg.Message) {
	if said != nil {
		said(x)
	}
	c.SummaryCode = x
	c.Summary = msg.Render("en", x)
}

// also appends a clause to the summary; the clause's entry carries its own
// joint ("; …" or " (…)" in English, "。…" or "（…）" in Japanese).
func (c *Check) also(code string, kv ...any) {
	c.sayMsg(msg.New("probe.cat", "a", c.SummaryCode, "b", m(code, kv...)))
}

// fix sets the fix.
func (c *Check) fix(code string, kv ...any) { c.fixMsg(m(code, kv...)) }

func (c *Check) fixMsg(x msg.Message) {
	if x.IsZero() {
		c.FixCode, c.Fix = msg.Message{}, ""
		return
	}
	if said != nil {
		said(x)
	}
	c.FixCode = x
	c.Fix = msg.Render("en", x)
}

// fixes sets the fix to several fixes, one clause each.
func (c *Check) fixes(xs []msg.Message) {
	if len(xs) == 0 {
		c.fixMsg(msg.Message{})
		return
	}
	c.fixMsg(msg.Clauses(uniqMsgs(xs)).Message())
}

// clauses is xs as one message of clauses ("a; b" / "a。b").
func clauses(xs []msg.Message) msg.Clauses { return msg.Clauses(xs) }

func uniqMsgs(xs []msg.Message) []msg.Message {
	var out []msg.Message
	seen := map[string]bool{}
	for _, x := range xs {
		k := msg.Render("en", x)
		if !seen[k] {
			seen[k] = true
			out = append(out, x)
		}
	}
	return out
}

// errMsg words a lookup, fetch or parse failure: in its own words when it
// is coded (msg.Coded: a DNS failure by its kind, a parser's finding),
// else as its text (a network error, said by the system).
func errMsg(err error) msg.Message {
	if err == nil {
		return m("err.none")
	}
	for k, e := range dnsKinds {
		if err == e {
			return m("err.kind." + k)
		}
	}
	return msg.ErrOf(err)
}

var dnsKinds = map[string]error{
	"nxdomain": dnsclient.ErrNXDomain, "nodata": dnsclient.ErrNoData, "servfail": dnsclient.ErrServFail,
	"refused": dnsclient.ErrRefused, "timeout": dnsclient.ErrTimeout, "truncated": dnsclient.ErrTruncated,
	"failed": dnsclient.ErrFailed,
}

// SummaryIn is the summary in lang: rendered from its message, or the
// English sentence of a result that carries none (an older mailpick's).
func (c Check) SummaryIn(lang string) string {
	if lang == "en" || c.SummaryCode.IsZero() {
		return c.Summary
	}
	return msg.Render(lang, c.SummaryCode)
}

// FixIn is the fix in lang, as SummaryIn.
func (c Check) FixIn(lang string) string {
	if lang == "en" || c.FixCode.IsZero() {
		return c.Fix
	}
	return msg.Render(lang, c.FixCode)
}

// In returns the result with every sentence (check summaries and fixes,
// changes since the baseline) in lang, for a report in that language; the
// messages stay beside them. Profiles are judged in their language already
// (profile.Evaluate).
func (r DomainResult) In(lang string) DomainResult {
	out := r
	out.Checks = make([]Check, len(r.Checks))
	for i, c := range r.Checks {
		c.Summary, c.Fix = c.SummaryIn(lang), c.FixIn(lang)
		out.Checks[i] = c
	}
	if r.Changes != nil {
		out.Changes = make([]Change, len(r.Changes))
		for i, ch := range r.Changes {
			if lang != "en" && !ch.SummaryCode.IsZero() {
				ch.Summary = msg.Render(lang, ch.SummaryCode)
			}
			out.Changes[i] = ch
		}
	}
	return out
}
