package probe

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/probe/dnsclient"
	"github.com/mailpick/mailpick/probe/mtasts"
	"github.com/mailpick/mailpick/probe/tlsrpt"
)

// mtastsState carries the MTA-STS record and fetched policy to the policy
// check, which also needs the MX hosts.
type mtastsState struct {
	record   Check
	valid    bool
	policy   *mtasts.Policy
	fetchErr error
}

func (p *prober) mtasts(ctx context.Context) mtastsState {
	st := mtastsState{record: p.newCheck("mtasts.record")}
	c := &st.record
	c.Target = "_mta-sts." + p.domain
	recs, err := mtasts.Lookup(ctx, p.cfg.DNS, p.domain)
	example := fmt.Sprintf(`_mta-sts.%s. TXT "v=STSv1; id=%s"`, p.domain, p.cfg.now().UTC().Format("20060102T150405"))
	switch {
	case dnsclient.IsUnmeasured(err):
		c.Status = Error
		c.say("lookup_failed", "what", "MTA-STS", "err", errMsg(err))
		return st
	case len(recs) == 0:
		c.Status = Warn
		c.say("mtasts.record.none")
		c.fix("mtasts.record.none.fix", "url", mtasts.URL(p.domain), "record", example)
		return st
	case len(recs) > 1:
		c.Status = Fail
		c.say("mtasts.record.several", "n", len(recs))
		c.fix("keep_one", "name", "_mta-sts."+p.domain, "records", msg.Alternatives(quoteAll(recs)))
		c.Details["records"] = recs
		return st
	}
	c.Details["record"] = recs[0]
	rec, err := mtasts.ParseRecord(recs[0])
	if err != nil {
		c.Status = Fail
		c.say("mtasts.record.invalid", "detail", errMsg(err))
		// Edit the published record; a new id makes senders fetch the
		// policy again.
		c.fix("publish", "record", txtRR("_mta-sts."+p.domain, mtasts.RepairRecord(recs[0], p.cfg.now().UTC().Format("20060102T150405"))))
		return st
	}
	c.Status = Pass
	c.say("mtasts.record.pass", "id", "id="+rec.ID)
	st.valid = true

	f := mtasts.NewFetcher(p.cfg.DNS, p.cfg.Roots)
	if p.cfg.MTASTSPort != 0 {
		f.Port = p.cfg.MTASTSPort
	}
	st.policy, _, st.fetchErr = f.Fetch(ctx, p.domain)
	return st
}

// mtastsPolicyCheck: it is long because each branch is one outcome of the
// check with its status, summary and fix; split, one check's verdicts would
// be scattered over helpers.
func (p *prober) mtastsPolicyCheck(st *mtastsState, mx *mxState) Check {
	c := p.newCheck("mtasts.policy")
	c.Target = mtasts.URL(p.domain)
	if !st.valid {
		c.Status = Skip
		c.say("mtasts.policy.no_record")
		if st.record.Status == Error {
			c.Status = Error
			c.say("mtasts.policy.unmeasured")
		}
		return c
	}
	var fe *mtasts.FetchError
	if st.fetchErr != nil {
		if errors.As(st.fetchErr, &fe) && fe.Unreachable {
			c.Status = Error
			c.say("mtasts.policy.unreachable", "detail", errMsg(st.fetchErr))
			return c
		}
		c.Status = Fail
		c.say("mtasts.policy.unusable", "detail", errMsg(st.fetchErr))
		c.fix("mtasts.policy.unusable.fix", "type", "text/plain", "url", mtasts.URL(p.domain), "host", "mta-sts."+p.domain)
		return c
	}
	pol := st.policy
	c.Details["mode"] = pol.Mode
	c.Details["mx"] = pol.MX
	c.Details["max_age"] = pol.MaxAge
	var unmatched []string
	hosts := mx.hostsCopy()
	for _, h := range hosts {
		if !pol.Matches(h.Host) {
			unmatched = append(unmatched, h.Host)
		}
	}
	var problems, warns, fixes []msg.Message
	if len(unmatched) > 0 {
		if pol.Mode == "enforce" {
			problems = append(problems, m("mtasts.policy.uncovered_enforce", "line", "mx:", "hosts", msg.List(unmatched)))
		} else {
			warns = append(warns, m("mtasts.policy.uncovered", "line", "mx:", "hosts", msg.List(unmatched)))
		}
		for _, h := range unmatched {
			fixes = append(fixes, m("mtasts.policy.uncovered.fix", "line", "\"mx: "+h+"\"", "name", "_mta-sts"))
		}
	}
	switch pol.Mode {
	case "testing":
		warns = append(warns, m("mtasts.policy.testing"))
		fixes = append(fixes, m("mtasts.policy.testing.fix", "line", "\"mode: enforce\"", "name", "_mta-sts"))
	case "none":
		warns = append(warns, m("mtasts.policy.mode_none"))
		fixes = append(fixes, m("mtasts.policy.mode_none.fix", "line", "\"mode: enforce\""))
	}
	if pol.MaxAge < 86400 && pol.Mode != "none" {
		warns = append(warns, m("mtasts.policy.short_max_age", "n", pol.MaxAge))
		fixes = append(fixes, m("mtasts.policy.short_max_age.fix", "line", "\"max_age: 604800\""))
	}
	for _, w := range pol.Warnings {
		if ct, ok := strings.CutPrefix(w, "served as "); ok {
			ct, _, _ = strings.Cut(ct, ";")
			warns = append(warns, m("mtasts.policy.served_as", "ct", ct, "type", "text/plain"))
		} else {
			warns = append(warns, m("text", "text", w))
		}
	}
	if len(pol.Warnings) > 0 {
		fixes = append(fixes, m("mtasts.policy.served_as.fix", "header", "Content-Type: text/plain"))
	}
	if len(pol.Notes) > 0 {
		c.Details["notes"] = pol.Notes
	}
	switch {
	case len(problems) > 0:
		c.Status = Fail
		c.sayMsg(clauses(problems).Message())
	case len(warns) > 0:
		c.Status = Warn
		c.sayMsg(clauses(warns).Message())
	default:
		c.Status = Pass
		c.say("mtasts.policy.pass", "n", len(hosts), "age", humanSeconds(pol.MaxAge))
		if len(hosts) == 0 {
			c.say("mtasts.policy.pass_unknown")
		}
	}
	if len(fixes) > 0 && (c.Status == Warn || c.Status == Fail) {
		c.fixes(fixes)
	}
	return c
}

func humanSeconds(s int) msg.Message {
	switch {
	case s >= 86400 && s%86400 == 0:
		return m("duration.days", "n", s/86400)
	case s >= 3600:
		return m("duration.hours", "n", float64(s)/3600)
	}
	return m("duration.seconds", "n", s)
}

func (p *prober) tlsrptCheck(ctx context.Context) Check {
	c := p.newCheck("tlsrpt.record")
	c.Target = "_smtp._tls." + p.domain
	recs, err := tlsrpt.Lookup(ctx, p.cfg.DNS, p.domain)
	example := fmt.Sprintf(`_smtp._tls.%s. TXT "v=TLSRPTv1; rua=mailto:tlsrpt@%s"`, p.domain, p.domain)
	switch {
	case dnsclient.IsUnmeasured(err):
		c.Status = Error
		c.say("lookup_failed", "what", "TLS-RPT", "err", errMsg(err))
	case len(recs) == 0:
		c.Status = Warn
		c.say("tlsrpt.none")
		c.fix("publish", "record", example)
	case len(recs) > 1:
		c.Status = Fail
		c.say("tlsrpt.several", "n", len(recs))
		c.fix("keep_one", "name", "_smtp._tls."+p.domain, "records", msg.Alternatives(quoteAll(recs)))
	default:
		c.Details["record"] = recs[0]
		fixed := m("publish", "record", txtRR("_smtp._tls."+p.domain, tlsrpt.Repair(recs[0], "mailto:tlsrpt@"+p.domain)))
		r, err := tlsrpt.Parse(recs[0])
		switch {
		case err != nil:
			c.Status = Fail
			c.say("tlsrpt.invalid", "detail", errMsg(err))
			c.fixMsg(fixed)
		case len(r.Warnings) > 0:
			c.Status = Warn
			c.say("tlsrpt.warn", "rua", msg.List(r.RUA), "items", msg.Clauses(r.WarningCodes))
			c.fixMsg(fixed)
		default:
			c.Status = Pass
			c.say("tlsrpt.pass", "rua", msg.List(r.RUA))
		}
	}
	return c
}

// bimiCheck reports the BIMI record for information: it shows a logo in
// some mailboxes but says nothing about security.
func (p *prober) bimiCheck(ctx context.Context) Check {
	c := p.newCheck("bimi.record")
	c.Target = "default._bimi." + p.domain
	txts, err := p.cfg.DNS.TXT(ctx, c.Target)
	if dnsclient.IsUnmeasured(err) {
		c.Status = Error
		c.say("bimi.failed", "err", errMsg(err))
		return c
	}
	var recs []string
	for _, t := range txts {
		if strings.HasPrefix(strings.TrimSpace(t), "v=BIMI1") {
			recs = append(recs, t)
		}
	}
	c.Status = Info
	switch len(recs) {
	case 0:
		c.say("bimi.none")
	case 1:
		c.Details["record"] = recs[0]
		tags := map[string]string{}
		for _, part := range strings.Split(recs[0], ";") {
			if k, v, ok := strings.Cut(part, "="); ok {
				tags[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
		c.say("bimi.present")
		if l := tags["l"]; l != "" {
			c.also("bimi.logo", "url", clipText(l, 80))
			c.Details["logo"] = l
		}
		if a := tags["a"]; a != "" {
			c.also("bimi.vmc")
			c.Details["authority"] = a
		}
	default:
		c.say("bimi.several", "n", len(recs))
	}
	return c
}
