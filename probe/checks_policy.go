package probe

import (
	"context"
	"errors"
	"fmt"
	"strings"

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
		c.Status, c.Summary = Error, fmt.Sprintf("MTA-STS lookup failed (%v); not measured", err)
		return st
	case len(recs) == 0:
		c.Status = Warn
		c.Summary = "no MTA-STS record: senders cannot require TLS to your MX hosts, so mail can be intercepted by downgrading to plain text"
		c.Fix = fmt.Sprintf("serve a policy at %s and publish %s", mtasts.URL(p.domain), example)
		return st
	case len(recs) > 1:
		c.Status = Fail
		c.Summary = fmt.Sprintf("%d MTA-STS records: senders treat this as no MTA-STS at all", len(recs))
		c.Fix = fmt.Sprintf("keep exactly one of the TXT records at _mta-sts.%s: %s", p.domain, strings.Join(quoteAll(recs), " or "))
		c.Details["records"] = recs
		return st
	}
	c.Details["record"] = recs[0]
	rec, err := mtasts.ParseRecord(recs[0])
	if err != nil {
		c.Status = Fail
		c.Summary = "the MTA-STS record is invalid, so senders ignore the policy: " + err.Error()
		// Edit the published record; a new id makes senders fetch the
		// policy again.
		c.Fix = "publish " + txtRR("_mta-sts."+p.domain, mtasts.RepairRecord(recs[0], p.cfg.now().UTC().Format("20060102T150405")))
		return st
	}
	c.Status = Pass
	c.Summary = "MTA-STS record present (id=" + rec.ID + ")"
	st.valid = true

	f := mtasts.NewFetcher(p.cfg.DNS, p.cfg.Roots)
	if p.cfg.MTASTSPort != 0 {
		f.Port = p.cfg.MTASTSPort
	}
	st.policy, _, st.fetchErr = f.Fetch(ctx, p.domain)
	return st
}

func (p *prober) mtastsPolicyCheck(st *mtastsState, mx *mxState) Check {
	c := p.newCheck("mtasts.policy")
	c.Target = mtasts.URL(p.domain)
	if !st.valid {
		c.Status = Skip
		c.Summary = "no valid MTA-STS record, so senders never fetch a policy"
		if st.record.Status == Error {
			c.Status = Error
			c.Summary = "MTA-STS record not measured"
		}
		return c
	}
	var fe *mtasts.FetchError
	if st.fetchErr != nil {
		if errors.As(st.fetchErr, &fe) && fe.Unreachable {
			c.Status = Error
			c.Summary = "could not reach the policy host: " + st.fetchErr.Error()
			return c
		}
		c.Status = Fail
		c.Summary = "senders cannot use the policy: " + st.fetchErr.Error()
		c.Fix = fmt.Sprintf("serve the policy as text/plain with status 200 at %s, over HTTPS with a certificate valid for mta-sts.%s, without redirects", mtasts.URL(p.domain), p.domain)
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
	var problems, warns, fixes []string
	if len(unmatched) > 0 {
		msg := "MX hosts not covered by any mx: line: " + strings.Join(unmatched, ", ")
		if pol.Mode == "enforce" {
			problems = append(problems, msg+" — senders enforcing the policy will not deliver to them")
		} else {
			warns = append(warns, msg)
		}
		for _, h := range unmatched {
			fixes = append(fixes, "add the line \"mx: "+h+"\" to the policy and change the id in the _mta-sts record")
		}
	}
	switch pol.Mode {
	case "testing":
		warns = append(warns, "mode is testing: failures are only reported, TLS is not required")
		fixes = append(fixes, "once TLS-RPT reports are clean, set \"mode: enforce\" and change the id in the _mta-sts record")
	case "none":
		warns = append(warns, "mode is none: the policy is withdrawn")
		fixes = append(fixes, "set \"mode: enforce\" if MTA-STS should protect the domain")
	}
	if pol.MaxAge < 86400 && pol.Mode != "none" {
		warns = append(warns, fmt.Sprintf("max_age is %d seconds; senders forget the policy quickly, RFC 8461 suggests weeks", pol.MaxAge))
		fixes = append(fixes, "set \"max_age: 604800\" (one week) or more")
	}
	warns = append(warns, pol.Warnings...)
	if len(pol.Warnings) > 0 {
		fixes = append(fixes, "serve the policy with Content-Type: text/plain")
	}
	if len(pol.Notes) > 0 {
		c.Details["notes"] = pol.Notes
	}
	switch {
	case len(problems) > 0:
		c.Status = Fail
		c.Summary = strings.Join(problems, "; ")
	case len(warns) > 0:
		c.Status = Warn
		c.Summary = strings.Join(warns, "; ")
	default:
		c.Status = Pass
		c.Summary = fmt.Sprintf("policy in enforce mode covers all %d MX hosts; senders cache it for %s", len(hosts), humanSeconds(pol.MaxAge))
		if len(hosts) == 0 {
			c.Summary = "policy in enforce mode (MX hosts unknown, coverage not checked)"
		}
	}
	if len(fixes) > 0 && (c.Status == Warn || c.Status == Fail) {
		c.Fix = strings.Join(fixes, "; ")
	}
	return c
}

func humanSeconds(s int) string {
	switch {
	case s >= 86400 && s%86400 == 0:
		return fmt.Sprintf("%d days", s/86400)
	case s >= 3600:
		return fmt.Sprintf("%.1f hours", float64(s)/3600)
	}
	return fmt.Sprintf("%d seconds", s)
}

func (p *prober) tlsrptCheck(ctx context.Context) Check {
	c := p.newCheck("tlsrpt.record")
	c.Target = "_smtp._tls." + p.domain
	recs, err := tlsrpt.Lookup(ctx, p.cfg.DNS, p.domain)
	example := fmt.Sprintf(`_smtp._tls.%s. TXT "v=TLSRPTv1; rua=mailto:tlsrpt@%s"`, p.domain, p.domain)
	switch {
	case dnsclient.IsUnmeasured(err):
		c.Status, c.Summary = Error, fmt.Sprintf("TLS-RPT lookup failed (%v); not measured", err)
	case len(recs) == 0:
		c.Status = Warn
		c.Summary = "no TLS-RPT record: you will not hear when senders fail to deliver over TLS"
		c.Fix = "publish " + example
	case len(recs) > 1:
		c.Status = Fail
		c.Summary = fmt.Sprintf("%d TLS-RPT records: senders ignore them all", len(recs))
		c.Fix = fmt.Sprintf("keep exactly one of the TXT records at _smtp._tls.%s: %s", p.domain, strings.Join(quoteAll(recs), " or "))
	default:
		c.Details["record"] = recs[0]
		fixed := "publish " + txtRR("_smtp._tls."+p.domain, tlsrpt.Repair(recs[0], "mailto:tlsrpt@"+p.domain))
		r, err := tlsrpt.Parse(recs[0])
		switch {
		case err != nil:
			c.Status = Fail
			c.Summary = "the TLS-RPT record is invalid: " + err.Error()
			c.Fix = fixed
		case len(r.Warnings) > 0:
			c.Status = Warn
			c.Summary = "TLS failure reports go to " + strings.Join(r.RUA, ", ") + "; " + strings.Join(r.Warnings, "; ")
			c.Fix = fixed
		default:
			c.Status = Pass
			c.Summary = "TLS failure reports go to " + strings.Join(r.RUA, ", ")
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
		c.Status, c.Summary = Error, fmt.Sprintf("BIMI lookup failed (%v)", err)
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
		c.Summary = "no BIMI record (optional: shows your logo in some mailboxes; needs DMARC enforcement)"
	case 1:
		c.Details["record"] = recs[0]
		tags := map[string]string{}
		for _, part := range strings.Split(recs[0], ";") {
			if k, v, ok := strings.Cut(part, "="); ok {
				tags[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
		c.Summary = "BIMI record present"
		if l := tags["l"]; l != "" {
			c.Summary += ", logo " + clipText(l, 80)
			c.Details["logo"] = l
		}
		if a := tags["a"]; a != "" {
			c.Summary += ", with a mark certificate"
			c.Details["authority"] = a
		}
	default:
		c.Summary = fmt.Sprintf("%d BIMI records; mailboxes ignore them all", len(recs))
	}
	return c
}
