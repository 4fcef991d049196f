package probe

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/probe/dmarc"
	"github.com/mailpick/mailpick/probe/dnsclient"
)

// rfcDMARC is the standard the dmarc.* checks follow; RFC 7489 is named
// where receivers still on it read a record differently.
const (
	rfcDiscovery = "RFC 9989 §4.10, §4.10.1"
	rfcSyntax    = "RFC 9989 §4.7, §4.8"
	rfcPolicy    = "RFC 9989 §4.7, §4.10.1"
	rfcReporting = "RFC 9989 §4.7, RFC 9990 §3"
	rfcParked    = "RFC 7505; M3AAWG parked domains"
)

// dmarcChecks: it is long because each branch is one outcome of the check
// with its status, summary and fix; split, one check's verdicts would be
// scattered over helpers.
func (p *prober) dmarcChecks(ctx context.Context) []Check {
	w := dmarc.NewWalker(p.cfg.DNS)
	d, err := w.Discover(ctx, p.domain)
	record := p.newCheck("dmarc.record")
	setRFC(&record, rfcDiscovery)
	record.Details["tree_walk"] = dmarc.WalkNames(d.Walk)
	ids := []string{"dmarc.syntax", "dmarc.policy", "dmarc.reporting"}
	rest := func(status Status, why msg.Message) []Check { return p.withDependents(record, ids, status, why) }
	// A new record goes to the registered domain, so that it covers every
	// subdomain as well (RFC 9989 §5.1.4).
	org := dmarc.PSLOrgDomain(p.domain)
	newRecord := func(policy string) string {
		return txtRR("_dmarc."+org, fmt.Sprintf("v=DMARC1; p=%s; rua=mailto:dmarc@%s", policy, org))
	}
	ownDiscarded := slices.Contains(d.Discarded, p.domain)
	switch {
	case err != nil && !errors.Is(err, dmarc.ErrNoRecord):
		record.Status = Error
		record.say("lookup_failed", "what", "DMARC", "err", errMsg(err))
		return rest(Error, m("dmarc.dep.failed"))
	case ownDiscarded:
		n := len(d.Walk[0].Records)
		record.Status = Fail
		record.say("dmarc.record.several", "n", n, "name", "_dmarc."+p.domain)
		if d.FoundAt != "" {
			record.also("dmarc.record.several_instead", "name", "_dmarc."+d.FoundAt)
		}
		record.fix("keep_one", "name", "_dmarc."+p.domain, "records", msg.Alternatives(quoteAll(d.Walk[0].Records)))
		record.Details["records"] = d.Walk[0].Records
		return rest(Skip, m("dmarc.dep.several"))
	case errors.Is(err, dmarc.ErrNoRecord):
		record.Status = Fail
		record.say("dmarc.record.none")
		if len(d.Walk) > 1 {
			record.say("dmarc.record.none_walk", "name", "_dmarc."+p.domain, "walk", msg.List(dmarc.WalkNames(d.Walk[1:])))
		}
		if len(d.Discarded) > 0 {
			record.also("dmarc.record.discarded_clause", "names", msg.List(dmarcNames(d.Discarded)))
		}
		record.fix("dmarc.record.none.fix", "record", newRecord("quarantine"), "none", "p=none")
		nm := record
		nm.fix("dmarc.record.none.fix_nomail", "record", txtRR("_dmarc."+org, "v=DMARC1; p=reject"), "rua", "rua=")
		record.noMail = &nm
		return rest(Skip, m("dmarc.dep.none"))
	}
	record.Target = "_dmarc." + d.FoundAt
	record.Details["found_at"] = "_dmarc." + d.FoundAt
	record.Details["source"] = string(d.Source)
	record.Details["record"] = d.Raw
	if d.OrgDomain != "" {
		record.Details["org_domain"] = d.OrgDomain
	}
	switch d.Source {
	case dmarc.SourceAuthor:
		record.Status = Pass
		record.say("dmarc.record.own", "name", "_dmarc."+d.FoundAt)
	case dmarc.SourceOrganizational:
		record.Status = Pass
		record.say("dmarc.record.inherited", "name", "_dmarc."+d.FoundAt, "domain", p.domain, "org", d.FoundAt)
	case dmarc.SourcePSD:
		record.Status = Warn
		record.say("dmarc.record.psd", "org", d.OrgDomain, "name", "_dmarc."+d.FoundAt)
		record.fix("publish", "record", txtRR("_dmarc."+d.OrgDomain, fmt.Sprintf("v=DMARC1; p=quarantine; rua=mailto:dmarc@%s", d.OrgDomain)))
	}
	if len(d.Discarded) > 0 {
		record.also("dmarc.record.discarded_paren", "names", msg.List(dmarcNames(d.Discarded)))
	}
	p.legacyDiscovery(ctx, w, d, &record)

	syntax := p.newCheck("dmarc.syntax")
	syntax.Target = record.Target
	setRFC(&syntax, rfcSyntax)
	syntax.Details["record"] = d.Raw
	if d.ParseErr != nil {
		syntax.Status = Fail
		syntax.say("dmarc.syntax.unusable", "detail", errMsg(d.ParseErr))
		if fixed := dmarc.Repair(d.Raw); fixed != d.Raw {
			if _, err := dmarc.Parse(fixed); err == nil {
				syntax.fix("publish", "record", txtRR("_dmarc."+d.FoundAt, fixed))
			}
		}
		if syntax.Fix == "" {
			syntax.fix("dmarc.syntax.replace", "record", newRecord("quarantine"))
		}
		return append([]Check{record, syntax}, rest(Skip, m("dmarc.dep.unusable"))[2:]...)
	}
	r := d.Record
	p.judgeSyntax(&syntax, d, r)

	policy := p.dmarcPolicy(ctx, d, r)
	return []Check{record, syntax, policy, p.dmarcReporting(ctx, w, d, r)}
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = `"` + s + `"`
	}
	return out
}

// legacyDiscovery says where receivers still on RFC 7489, which find the
// organizational domain from the public suffix list, would look
// differently.
func (p *prober) legacyDiscovery(ctx context.Context, w *dmarc.Walker, d *dmarc.Discovery, c *Check) {
	lg, err := w.Legacy(ctx, p.domain)
	if err != nil || lg.FoundAt == d.FoundAt {
		return
	}
	diff := m("dmarc.legacy.instead", "name", "_dmarc."+lg.FoundAt)
	if lg.FoundAt == "" {
		diff = m("dmarc.legacy.none", "name", "_dmarc."+p.domain, "org", "_dmarc."+lg.OrgDomain)
	}
	c.also("clause", "text", diff)
	c.Details["rfc7489"] = msg.Render("en", diff) + " (RFC 7489 §3.2, §6.6.3)"
}

// judgeSyntax: pass for a valid RFC 9989 record, warn when receivers
// discard part of it, info findings (unknown or removed tags) as notes.
func (p *prober) judgeSyntax(c *Check, d *dmarc.Discovery, r *dmarc.Record) {
	var warns, notes msg.Clauses
	for _, f := range r.Findings {
		if f.Severity == dmarc.SevWarn {
			warns = append(warns, findingMsg(f))
		} else {
			notes = append(notes, findingMsg(f))
		}
	}
	if len(r.Findings) > 0 {
		c.Details["findings"] = r.Findings
	}
	var legacy []string
	for _, t := range []string{"np", "psd", "t"} {
		if dmarc.HasTag(d.Raw, t) {
			legacy = append(legacy, t)
		}
	}
	if len(legacy) > 0 {
		c.Details["rfc7489"] = fmt.Sprintf("%s: unknown to receivers still on RFC 7489, which ignore them (RFC 7489 §6.3)", strings.Join(legacy, ", "))
	}
	switch {
	case len(warns) > 0:
		c.Status = Warn
		c.say("dmarc.syntax.warn", "items", warns)
		c.fix("publish", "record", txtRR("_dmarc."+d.FoundAt, dmarc.Repair(d.Raw)))
	default:
		c.Status = Pass
		c.say("dmarc.syntax.pass")
	}
	if len(notes) > 0 {
		c.also("dmarc.syntax.notes", "items", notes)
	}
}

// dmarcPolicy judges the policy receivers apply to the domain: p for its
// own record; sp, or np when the domain does not exist, for an inherited
// one; lowered one level by t=y (RFC 9989 §4.7, §4.10.1).
// It is long because each branch is one outcome of the check with its
// status, summary and fix; split, one check's verdicts would be scattered
// over helpers.
func (p *prober) dmarcPolicy(ctx context.Context, d *dmarc.Discovery, r *dmarc.Record) Check {
	c := p.newCheck("dmarc.policy")
	c.Target = "_dmarc." + d.FoundAt
	setRFC(&c, rfcPolicy)
	var exists *bool
	choose := func(r *dmarc.Record) (tag, requested string) {
		tag, requested = "p", r.Policy
		if !d.Inherited() {
			return tag, requested
		}
		if r.SubdomainPolicy != "" {
			tag, requested = "sp", r.SubdomainPolicy
		}
		// np matters only when it says something sp or p does not, and
		// only for a name that does not exist: ask only then.
		if r.NonexistentPolicy != "" && r.NonexistentPolicy != requested {
			if exists == nil {
				e := !p.nonexistent(ctx)
				exists = &e
			}
			if !*exists {
				tag, requested = "np", r.NonexistentPolicy
			}
		}
		return tag, requested
	}
	tag, requested := choose(r)
	if exists != nil && !*exists {
		c.Details["domain_exists"] = false
	}
	applied := r.Applied(requested)
	c.Details["tag"] = tag
	c.Details["policy"] = requested
	c.Details["applied"] = applied
	c.Details["testing"] = r.Testing
	if r.Percent != 100 {
		c.Details["pct"] = r.Percent
	}
	desc := m("text", "text", fmt.Sprintf("%s=%s", tag, requested))
	if r.PolicyReplaced {
		desc = m("dmarc.policy.replaced", "none", "p=none")
	}
	act := m("dmarc.policy.act." + applied)
	summary := m("dmarc.policy.applies", "desc", desc, "act", act)
	if r.Testing && applied != requested {
		summary = m("dmarc.policy.testing", "desc", desc, "t", "t=y", "applied", applied, "requested", requested, "act", act)
	}
	var legacy []msg.Message
	if r.Testing && applied != requested {
		legacy = append(legacy, m("dmarc.policy.legacy_t", "requested", requested))
	}
	if r.Percent < 100 && requested != "none" {
		legacy = append(legacy, m("dmarc.policy.legacy_pct", "requested", requested, "n", r.Percent, "pct", fmt.Sprintf("pct=%d", r.Percent)))
	}
	if tag == "np" {
		legacy = append(legacy, m("dmarc.policy.legacy_np", "policy", orDefault(r.SubdomainPolicy, r.Policy)))
	}
	if len(legacy) > 0 {
		summary = msg.New("probe.cat", "a", summary, "b", m("dmarc.policy.legacy", "items", legacy))
		c.Details["rfc7489"] = msg.Sentences("en", msg.RenderAll("en", legacy))
	}
	c.sayMsg(summary)

	// The fix edits the record that applies — the parent's when the policy
	// is inherited — changing only the tag at fault.
	base := d.Raw
	if r.PolicyReplaced {
		base = dmarc.Repair(d.Raw)
	}
	edit := func(target string) msg.Message {
		t := tag
		if d.Inherited() && t == "p" {
			t = "sp" // p of the parent is the parent's own policy
		}
		rec := base
		if requested != target {
			rec = dmarc.SetTag(rec, t, target)
		}
		if r.Testing {
			// Under t=y the new policy would apply one level lower.
			rec = dmarc.RemoveTag(rec, "t")
		}
		out := txtRR("_dmarc."+d.FoundAt, rec)
		if d.Inherited() {
			return m("dmarc.policy.or_own", "record", out, "name", "_dmarc."+p.domain)
		}
		return m("text", "text", out)
	}
	// An invalid p, sp or np turned the record into p=none; when the
	// repaired record already says what was meant, that is the fix.
	var asMeant msg.Message
	if r.PolicyReplaced {
		if rr, err := dmarc.Parse(base); err == nil && !rr.PolicyReplaced {
			if _, req := choose(rr); rr.Applied(req) != "none" {
				asMeant = m("dmarc.policy.as_meant", "record", txtRR("_dmarc."+d.FoundAt, base))
			}
		}
	}
	switch applied {
	case "none":
		c.Status = Warn
		c.fix("dmarc.policy.fix_quarantine", "record", edit("quarantine"))
		switch {
		case !asMeant.IsZero():
			c.fixMsg(asMeant)
		case r.Testing && requested == "quarantine":
			c.fix("dmarc.policy.fix_end_testing", "record", edit("quarantine"))
		}
	default:
		c.Status = Pass
	}
	// A domain that sends no mail should have all mail claiming to be from
	// it rejected (M3AAWG parked domains; RFC 7505 §4.2).
	nm := c
	nm.Details = cloneDetails(c.Details)
	nm.Details["rfc"] = rfcPolicy + "; " + rfcParked
	if applied != "reject" {
		nm.Status = Warn
		nm.sayMsg(msg.New("probe.cat", "a", summary, "b", m("dmarc.policy.nomail_reject")))
		nm.fix("publish", "record", edit("reject"))
	}
	c.noMail = &nm
	return c
}

func orDefault(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

// nonexistent reports whether the probed name does not exist (NXDOMAIN,
// RFC 9989 §3.2.13), the only case in which np applies.
func (p *prober) nonexistent(ctx context.Context) bool {
	_, err := p.cfg.DNS.MX(ctx, p.domain)
	return errors.Is(err, dnsclient.ErrNXDomain)
}

func cloneDetails(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// dmarcReporting checks rua: present, usable (mailto), and every external
// destination authorized — "external" meaning its Organizational Domain,
// found by the DNS tree walk, differs from the policy domain's
// (RFC 9990 §3).
// It is long because each branch is one outcome of the check with its
// status, summary and fix; split, one check's verdicts would be scattered
// over helpers.
func (p *prober) dmarcReporting(ctx context.Context, w *dmarc.Walker, d *dmarc.Discovery, r *dmarc.Record) Check {
	c := p.newCheck("dmarc.reporting")
	c.Target = "_dmarc." + d.FoundAt
	setRFC(&c, rfcReporting)
	org := dmarc.PSLOrgDomain(d.FoundAt)
	var mailto []dmarc.URI
	var rua []string
	for _, u := range r.RUA {
		rua = append(rua, u.Raw)
		if u.Scheme == "mailto" {
			mailto = append(mailto, u)
		}
	}
	c.Details["rua"] = rua
	if len(mailto) == 0 {
		c.Status = Warn
		c.say("dmarc.reporting.none", "domain", p.domain)
		if len(rua) > 0 {
			c.say("dmarc.reporting.no_mailto", "rua", msg.List(rua))
		}
		c.fix("publish", "record", txtRR("_dmarc."+d.FoundAt, dmarc.SetTag(d.Raw, "rua", strings.Join(append(rua, "mailto:dmarc@"+org), ","))))
		nm := c
		nm.Details = cloneDetails(c.Details)
		nm.Details["rfc"] = rfcReporting + "; " + rfcParked
		nm.Status = Info
		nm.fixMsg(msg.Message{})
		nm.say("dmarc.reporting.none_nomail")
		c.noMail = &nm
		return c
	}
	type ext struct {
		dest     string
		internal bool
		ok       bool
		err      error
	}
	var exts []*ext
	seen := map[string]bool{}
	for _, u := range mailto {
		if dst := u.Domain(); dst != "" && !seen[dst] {
			seen[dst] = true
			exts = append(exts, &ext{dest: dst, internal: dst == d.FoundAt})
		}
	}
	var policyOrg string
	var policyOrgErr error
	var once sync.Once
	var wg sync.WaitGroup
	for _, e := range exts {
		if e.internal {
			continue
		}
		wg.Go(func() {
			once.Do(func() { policyOrg, policyOrgErr = w.OrgDomain(ctx, d.FoundAt) })
			destOrg, err := w.OrgDomain(ctx, e.dest)
			switch {
			case policyOrgErr != nil:
				e.err = policyOrgErr
			case err != nil:
				e.err = err
			case destOrg == policyOrg:
				e.internal = true
			default:
				e.ok, e.err = dmarc.Authorized(ctx, p.cfg.DNS, d.FoundAt, e.dest)
			}
		})
	}
	wg.Wait()
	var unauth, external []string
	var unmeasured, fixes []msg.Message
	for _, e := range exts {
		switch {
		case e.err != nil:
			unmeasured = append(unmeasured, m("item.paren_err", "item", e.dest, "err", errMsg(e.err)))
		case e.internal:
		case !e.ok:
			unauth = append(unauth, e.dest)
			fixes = append(fixes, m("dmarc.reporting.ask", "dest", e.dest, "record", txtRR(d.FoundAt+"._report._dmarc."+e.dest, "v=DMARC1")))
		default:
			external = append(external, e.dest)
		}
	}
	switch {
	case len(unauth) > 0:
		c.Status = Warn
		c.say("dmarc.reporting.unauthorized", "dests", msg.List(unauth))
		c.fixes(fixes)
	case len(unmeasured) > 0:
		c.Status = Error
		c.say("dmarc.reporting.error", "items", clauses(unmeasured))
	default:
		c.Status = Pass
		c.say("dmarc.reporting.pass", "rua", msg.List(rua))
		if len(external) > 0 {
			c.also("dmarc.reporting.external")
		}
	}
	// Reports addressed to the domain itself cannot arrive when it
	// publishes a null MX (RFC 7505 §3).
	if seen[p.domain] && c.Status != Error {
		nm := c
		nm.Details = cloneDetails(c.Details)
		nm.Details["rfc"] = rfcReporting + "; RFC 7505 §3"
		nm.Status = Warn
		nm.say("dmarc.reporting.to_null", "domain", p.domain)
		var keep []string
		for _, u := range r.RUA {
			if u.Domain() != p.domain {
				keep = append(keep, u.Raw)
			}
		}
		fixed := dmarc.RemoveTag(d.Raw, "rua")
		if len(keep) > 0 {
			fixed = dmarc.SetTag(d.Raw, "rua", strings.Join(keep, ","))
		}
		nm.fix("dmarc.reporting.to_null.fix", "record", txtRR("_dmarc."+d.FoundAt, fixed))
		c.noMail = &nm
	}
	return c
}

// dmarcNames writes each domain as its _dmarc name.
func dmarcNames(domains []string) []string {
	out := make([]string, len(domains))
	for i, d := range domains {
		out[i] = "_dmarc." + d
	}
	return out
}

// findingMsg words one finding of the DMARC parser: its coded message, or
// its English sentence for a finding without one.
func findingMsg(f dmarc.Finding) msg.Message {
	if !f.Code.IsZero() {
		return f.Code
	}
	return m("dmarc.finding", "detail", f.Message)
}
