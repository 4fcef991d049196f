package probe

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

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

func (p *prober) dmarcChecks(ctx context.Context) []Check {
	w := dmarc.NewWalker(p.cfg.DNS)
	d, err := w.Discover(ctx, p.domain)
	record := p.newCheck("dmarc.record")
	setRFC(&record, rfcDiscovery)
	record.Details["tree_walk"] = dmarc.WalkNames(d.Walk)
	ids := []string{"dmarc.syntax", "dmarc.policy", "dmarc.reporting"}
	rest := func(status Status, why string) []Check { return p.withDependents(record, ids, status, why) }
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
		record.Summary = fmt.Sprintf("DMARC lookup failed (%v); not measured", err)
		return rest(Error, "DMARC record could not be fetched; not measured")
	case ownDiscarded:
		n := len(d.Walk[0].Records)
		record.Status = Fail
		record.Summary = fmt.Sprintf("%d DMARC records at _dmarc.%s: receivers discard them all", n, p.domain)
		if d.FoundAt != "" {
			record.Summary += fmt.Sprintf(" and apply the record at _dmarc.%s instead", d.FoundAt)
		}
		record.Fix = fmt.Sprintf("keep exactly one of the TXT records at _dmarc.%s: %s", p.domain, strings.Join(quoteAll(d.Walk[0].Records), " or "))
		record.Details["records"] = d.Walk[0].Records
		return rest(Skip, "several DMARC records; keep one first")
	case errors.Is(err, dmarc.ErrNoRecord):
		record.Status = Fail
		record.Summary = "no DMARC record: receivers get no instruction for mail that fails SPF and DKIM, and you get no reports"
		if len(d.Walk) > 1 {
			record.Summary = fmt.Sprintf("no DMARC record at _dmarc.%s or at any parent the DNS tree walk asks (%s)", p.domain, strings.Join(dmarc.WalkNames(d.Walk[1:]), ", "))
		}
		if len(d.Discarded) > 0 {
			record.Summary += fmt.Sprintf("; several records at _dmarc.%s are discarded", strings.Join(d.Discarded, ", _dmarc."))
		}
		record.Fix = "publish " + newRecord("quarantine") + " (start with p=none to collect reports if unsure)"
		nm := record
		nm.Fix = "publish " + txtRR("_dmarc."+org, "v=DMARC1; p=reject") + ": a domain that sends no mail should have receivers reject all mail claiming to be from it (M3AAWG parked domains; add rua= with an address at a domain that receives mail to get reports)"
		record.noMail = &nm
		return rest(Skip, "no DMARC record")
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
		record.Summary = "DMARC record at _dmarc." + d.FoundAt
	case dmarc.SourceOrganizational:
		record.Status = Pass
		record.Summary = fmt.Sprintf("DMARC record inherited from _dmarc.%s: %s has none of its own, and the DNS tree walk makes %s its organizational domain", d.FoundAt, p.domain, d.FoundAt)
	case dmarc.SourcePSD:
		record.Status = Warn
		record.Summary = fmt.Sprintf("no DMARC record of its own or at its organizational domain %s: only the public suffix operator's record at _dmarc.%s (psd=y) applies, and it sends you no reports", d.OrgDomain, d.FoundAt)
		record.Fix = "publish " + txtRR("_dmarc."+d.OrgDomain, fmt.Sprintf("v=DMARC1; p=quarantine; rua=mailto:dmarc@%s", d.OrgDomain))
	}
	if len(d.Discarded) > 0 {
		record.Summary += fmt.Sprintf(" (several records at _dmarc.%s are discarded)", strings.Join(d.Discarded, ", _dmarc."))
	}
	p.legacyDiscovery(ctx, w, d, &record)

	syntax := p.newCheck("dmarc.syntax")
	syntax.Target = record.Target
	setRFC(&syntax, rfcSyntax)
	syntax.Details["record"] = d.Raw
	if d.ParseErr != nil {
		syntax.Status = Fail
		syntax.Summary = "the DMARC record is unusable, so receivers apply no DMARC at all: " + d.ParseErr.Error()
		if fixed := dmarc.Repair(d.Raw); fixed != d.Raw {
			if _, err := dmarc.Parse(fixed); err == nil {
				syntax.Fix = "publish " + txtRR("_dmarc."+d.FoundAt, fixed)
			}
		}
		if syntax.Fix == "" {
			syntax.Fix = "replace it with a valid record, e.g. " + newRecord("quarantine")
		}
		return append([]Check{record, syntax}, rest(Skip, "the DMARC record is unusable")[2:]...)
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
	var diff string
	if lg.FoundAt == "" {
		diff = fmt.Sprintf("receivers still on RFC 7489, which only look at _dmarc.%s and at the public-suffix-list organizational domain _dmarc.%s, find no record", p.domain, lg.OrgDomain)
	} else {
		diff = fmt.Sprintf("receivers still on RFC 7489 (public suffix list) apply _dmarc.%s instead", lg.FoundAt)
	}
	c.Summary += "; " + diff
	c.Details["rfc7489"] = diff + " (RFC 7489 §3.2, §6.6.3)"
}

// judgeSyntax: pass for a valid RFC 9989 record, warn when receivers
// discard part of it, info findings (unknown or removed tags) as notes.
func (p *prober) judgeSyntax(c *Check, d *dmarc.Discovery, r *dmarc.Record) {
	var warns, notes []string
	for _, f := range r.Findings {
		if f.Severity == dmarc.SevWarn {
			warns = append(warns, f.Message)
		} else {
			notes = append(notes, f.Message)
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
		c.Summary = "valid, but receivers discard part of it: " + strings.Join(warns, "; ")
		c.Fix = "publish " + txtRR("_dmarc."+d.FoundAt, dmarc.Repair(d.Raw))
	default:
		c.Status = Pass
		c.Summary = "valid RFC 9989 record"
	}
	if len(notes) > 0 {
		c.Summary += "; notes: " + strings.Join(notes, "; ")
	}
}

// dmarcPolicy judges the policy receivers apply to the domain: p for its
// own record; sp, or np when the domain does not exist, for an inherited
// one; lowered one level by t=y (RFC 9989 §4.7, §4.10.1).
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
	what := map[string]string{"reject": "refuse", "quarantine": "quarantine", "none": "only monitor"}
	desc := fmt.Sprintf("%s=%s", tag, requested)
	if r.PolicyReplaced {
		desc = "the record has no valid p, so receivers act as if it said p=none"
	}
	summary := fmt.Sprintf("%s: receivers %s mail that fails DMARC", desc, what[applied])
	if r.Testing && applied != requested {
		summary = fmt.Sprintf("%s with t=y (testing): receivers apply %s instead of %s and %s mail that fails DMARC", desc, applied, requested, what[applied])
	}
	var legacy []string
	if r.Testing && applied != requested {
		legacy = append(legacy, fmt.Sprintf("they do not know t and apply %s in full", requested))
	}
	if r.Percent < 100 && requested != "none" {
		legacy = append(legacy, fmt.Sprintf("they apply %s to only %d%% of failing mail (pct=%d)", requested, r.Percent, r.Percent))
	}
	if tag == "np" {
		legacy = append(legacy, "they do not know np and apply "+orDefault(r.SubdomainPolicy, r.Policy))
	}
	if len(legacy) > 0 {
		summary += "; receivers still on RFC 7489 differ: " + strings.Join(legacy, ", ")
		c.Details["rfc7489"] = strings.Join(legacy, "; ")
	}
	c.Summary = summary

	// The fix edits the record that applies — the parent's when the policy
	// is inherited — changing only the tag at fault.
	base := d.Raw
	if r.PolicyReplaced {
		base = dmarc.Repair(d.Raw)
	}
	edit := func(target string) string {
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
			out += fmt.Sprintf(" (or publish a record of its own at _dmarc.%s)", p.domain)
		}
		return out
	}
	// An invalid p, sp or np turned the record into p=none; when the
	// repaired record already says what was meant, that is the fix.
	asMeant := ""
	if r.PolicyReplaced {
		if rr, err := dmarc.Parse(base); err == nil && !rr.PolicyReplaced {
			if _, req := choose(rr); rr.Applied(req) != "none" {
				asMeant = "publish the record as meant: " + txtRR("_dmarc."+d.FoundAt, base)
			}
		}
	}
	switch applied {
	case "none":
		c.Status = Warn
		c.Fix = "once reports show your own mail passes, publish " + edit("quarantine") + ", and later reject"
		switch {
		case asMeant != "":
			c.Fix = asMeant
		case r.Testing && requested == "quarantine":
			c.Fix = "once reports show your own mail passes, end testing mode: publish " + edit("quarantine")
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
		nm.Summary = summary + "; a domain that sends no mail should reject all of it"
		nm.Fix = "publish " + edit("reject")
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
		c.Summary = "no rua= address: you receive no aggregate reports, so you cannot see who sends mail as " + p.domain
		if len(rua) > 0 {
			c.Summary = "no mailto: address in rua (" + strings.Join(rua, ", ") + "): receivers need support only mailto, so you may get no reports"
		}
		c.Fix = "publish " + txtRR("_dmarc."+d.FoundAt, dmarc.SetTag(d.Raw, "rua", strings.Join(append(rua, "mailto:dmarc@"+org), ",")))
		nm := c
		nm.Details = cloneDetails(c.Details)
		nm.Details["rfc"] = rfcReporting + "; " + rfcParked
		nm.Status, nm.Fix = Info, ""
		nm.Summary = "no aggregate reports requested: optional for a domain that sends no mail, though reports would show who forges it"
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
	var unauth, unmeasured, fixes, external []string
	for _, e := range exts {
		switch {
		case e.err != nil:
			unmeasured = append(unmeasured, fmt.Sprintf("%s (%v)", e.dest, e.err))
		case e.internal:
		case !e.ok:
			unauth = append(unauth, e.dest)
			fixes = append(fixes, fmt.Sprintf("ask %s to publish %s", e.dest, txtRR(d.FoundAt+"._report._dmarc."+e.dest, "v=DMARC1")))
		default:
			external = append(external, e.dest)
		}
	}
	switch {
	case len(unauth) > 0:
		c.Status = Warn
		c.Summary = "reports go to a domain that has not agreed to receive them, so receivers will not send them: " + strings.Join(unauth, ", ")
		c.Fix = strings.Join(fixes, "; ")
	case len(unmeasured) > 0:
		c.Status = Error
		c.Summary = "could not check report authorization: " + strings.Join(unmeasured, "; ")
	default:
		c.Status = Pass
		c.Summary = "aggregate reports go to " + strings.Join(rua, ", ")
		if len(external) > 0 {
			c.Summary += " (external destinations authorized)"
		}
	}
	// Reports addressed to the domain itself cannot arrive when it
	// publishes a null MX (RFC 7505 §3).
	if seen[p.domain] && c.Status != Error {
		nm := c
		nm.Details = cloneDetails(c.Details)
		nm.Details["rfc"] = rfcReporting + "; RFC 7505 §3"
		nm.Status = Warn
		nm.Summary = fmt.Sprintf("reports addressed to %s cannot be delivered: the domain publishes a null MX and accepts no mail", p.domain)
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
		nm.Fix = "publish " + txtRR("_dmarc."+d.FoundAt, fixed) + " (reports are optional for a domain that sends no mail; to get them, list an address at a domain that receives mail)"
		c.noMail = &nm
	}
	return c
}
