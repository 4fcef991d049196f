package probe

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/mailpick/mailpick/probe/dkim"
	"github.com/mailpick/mailpick/probe/dmarc"
	"github.com/mailpick/mailpick/probe/dnsclient"
)

func (p *prober) dmarcChecks(ctx context.Context) []Check {
	res, err := dmarc.Lookup(ctx, p.cfg.DNS, p.domain)
	record := p.newCheck("dmarc.record")
	ids := []string{"dmarc.syntax", "dmarc.policy", "dmarc.reporting"}
	org := dmarc.OrgDomain(p.domain)
	suggested := fmt.Sprintf(`_dmarc.%s. TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@%s"`, org, org)
	rest := func(status Status, why string) []Check { return p.withDependents(record, ids, status, why) }
	switch {
	case errors.Is(err, dmarc.ErrNoRecord):
		record.Status = Fail
		record.Summary = "no DMARC record: receivers get no instruction for mail that fails SPF and DKIM, and you get no reports"
		if org != p.domain {
			record.Summary = fmt.Sprintf("no DMARC record at _dmarc.%s or at the organizational domain _dmarc.%s", p.domain, org)
		}
		record.Fix = "publish " + suggested + " (start with p=none to collect reports if unsure)"
		return rest(Skip, "no DMARC record")
	case err != nil:
		record.Status = Error
		record.Summary = fmt.Sprintf("DMARC lookup failed (%v); not measured", err)
		return rest(Error, "DMARC record could not be fetched; not measured")
	}
	record.Details["found_at"] = "_dmarc." + res.FoundAt
	record.Details["records"] = res.Records
	if len(res.Records) > 1 {
		record.Status = Fail
		record.Summary = fmt.Sprintf("%d DMARC records at _dmarc.%s: receivers ignore them all", len(res.Records), res.FoundAt)
		record.Fix = "keep exactly one TXT record starting with v=DMARC1 at _dmarc." + res.FoundAt
		return rest(Skip, "several DMARC records; keep one first")
	}
	record.Status = Pass
	record.Summary = "DMARC record at _dmarc." + res.FoundAt
	if res.Fallback {
		record.Summary += fmt.Sprintf(" (inherited: %s has none of its own, so the organizational domain's applies)", p.domain)
	}

	syntax := p.newCheck("dmarc.syntax")
	if res.ParseErr != nil {
		syntax.Status = Fail
		syntax.Summary = "the DMARC record is invalid, so receivers ignore it: " + res.ParseErr.Error()
		syntax.Fix = "replace it with a valid record, e.g. " + suggested
		return append([]Check{record, syntax}, rest(Skip, "the DMARC record is invalid")[2:]...)
	}
	r := res.Record
	if len(r.Warnings) > 0 {
		syntax.Status = Warn
		syntax.Summary = "valid, with oddities receivers tolerate: " + strings.Join(r.Warnings, "; ")
		syntax.Fix = "write the record as v=DMARC1; p=…; then the other tags, using only tags from RFC 7489"
	} else {
		syntax.Status = Pass
		syntax.Summary = "all tags are valid RFC 7489"
	}

	policy := p.newCheck("dmarc.policy")
	effective, tag := r.Policy, "p"
	if res.Fallback && r.SubdomainPolicy != "" {
		effective, tag = r.SubdomainPolicy, "sp"
	}
	policy.Details["policy"] = effective
	policy.Details["pct"] = r.Percent
	rua := "mailto:dmarc@" + org
	if len(r.RUA) > 0 {
		var raws []string
		for _, u := range r.RUA {
			raws = append(raws, u.Raw)
		}
		rua = strings.Join(raws, ",")
	}
	strengthen := fmt.Sprintf(`once reports show your own mail passes, publish _dmarc.%s. TXT "v=DMARC1; p=quarantine; rua=%s" and later p=reject`, res.FoundAt, rua)
	switch {
	case effective == "none":
		policy.Status = Warn
		policy.Summary = tag + "=none: receivers only monitor; spoofed mail is still delivered"
		policy.Fix = strengthen
	case r.Percent < 100:
		policy.Status = Warn
		policy.Summary = fmt.Sprintf("%s=%s applies to only %d%% of failing mail (pct=%d)", tag, effective, r.Percent, r.Percent)
		policy.Fix = "remove pct= (or set pct=100) once the policy is known to work"
	default:
		policy.Status = Pass
		policy.Summary = fmt.Sprintf("%s=%s: receivers %s mail that fails DMARC", tag, effective, map[string]string{"reject": "refuse", "quarantine": "quarantine"}[effective])
	}

	return []Check{record, syntax, policy, p.dmarcReporting(ctx, res, r)}
}

func (p *prober) dmarcReporting(ctx context.Context, res *dmarc.Result, r *dmarc.Record) Check {
	c := p.newCheck("dmarc.reporting")
	org := dmarc.OrgDomain(p.domain)
	if len(r.RUA) == 0 {
		c.Status = Warn
		c.Summary = "no rua= address: you receive no aggregate reports, so you cannot see who sends mail as " + p.domain
		c.Fix = fmt.Sprintf("add rua=mailto:dmarc@%s to the record at _dmarc.%s", org, res.FoundAt)
		return c
	}
	var rua []string
	type ext struct {
		dest string
		ok   bool
		err  error
	}
	var exts []*ext
	seen := map[string]bool{}
	for _, u := range r.RUA {
		rua = append(rua, u.Raw)
		d := u.Domain()
		if u.Scheme != "mailto" || d == "" || seen[d] || !dmarc.NeedsAuthorization(res.FoundAt, d) {
			continue
		}
		seen[d] = true
		exts = append(exts, &ext{dest: d})
	}
	c.Details["rua"] = rua
	var wg sync.WaitGroup
	for _, e := range exts {
		wg.Go(func() { e.ok, e.err = dmarc.Authorized(ctx, p.cfg.DNS, res.FoundAt, e.dest) })
	}
	wg.Wait()
	var unauth, unmeasured, fixes []string
	for _, e := range exts {
		switch {
		case e.err != nil:
			unmeasured = append(unmeasured, fmt.Sprintf("%s (%v)", e.dest, e.err))
		case !e.ok:
			unauth = append(unauth, e.dest)
			fixes = append(fixes, fmt.Sprintf(`ask %s to publish %s._report._dmarc.%s. TXT "v=DMARC1"`, e.dest, res.FoundAt, e.dest))
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
		if len(exts) > 0 {
			c.Summary += " (external destinations authorized)"
		}
	}
	return c
}

func (p *prober) dkimChecks(ctx context.Context) []Check {
	selectors := p.cfg.DKIMSelectors
	given := len(selectors) > 0
	if !given {
		selectors = dkim.CommonSelectors
	}
	res := dkim.Lookup(ctx, p.cfg.DNS, p.domain, selectors)
	c := p.newCheck("dkim.keys")
	if len(res.Wildcard) > 0 {
		c.Details["wildcard"] = "a wildcard TXT answers at every selector; identical answers were not counted as keys"
	}
	var fails, warns, unmeasured, fine []string
	keys := map[string]string{}
	for _, f := range res.Found {
		switch {
		case f.Err != nil:
			unmeasured = append(unmeasured, fmt.Sprintf("%s (%v)", f.Selector, f.Err))
		case f.ParseErr != nil:
			fails = append(fails, fmt.Sprintf("%s: broken key (%v)", f.Selector, f.ParseErr))
			keys[f.Selector] = "invalid"
		case f.Key.Revoked:
			keys[f.Selector] = "revoked"
			fine = append(fine, f.Selector+" (revoked)")
		default:
			desc := fmt.Sprintf("%s %d-bit", f.Key.KeyType, f.Key.Bits)
			if f.Key.KeyType == "ed25519" {
				desc = "ed25519"
			}
			keys[f.Selector] = desc
			switch {
			case f.Key.KeyType == "rsa" && f.Key.Bits < 1024:
				fails = append(fails, fmt.Sprintf("%s: %s key, which receivers reject as forgeable", f.Selector, desc))
			case f.Key.KeyType == "rsa" && f.Key.Bits < 2048:
				warns = append(warns, fmt.Sprintf("%s: %s key; 2048 bits is today's minimum", f.Selector, desc))
			case f.Key.Testing():
				warns = append(warns, fmt.Sprintf("%s: %s key in testing mode (t=y), so receivers may ignore its signatures", f.Selector, desc))
			default:
				fine = append(fine, fmt.Sprintf("%s (%s)", f.Selector, desc))
			}
		}
	}
	c.Details["selectors_found"] = keys
	c.Details["selectors_tried"] = len(selectors)
	sort.Strings(fails)
	sort.Strings(warns)
	rotate := fmt.Sprintf("generate a 2048-bit RSA (or ed25519) key, publish it at a new selector (e.g. s2048._domainkey.%s), switch signing to it, then remove the old key", p.domain)
	switch {
	case len(fails) > 0:
		c.Status = Fail
		c.Summary = strings.Join(fails, "; ")
		c.Fix = rotate
	case len(warns) > 0:
		c.Status = Warn
		c.Summary = strings.Join(warns, "; ")
		c.Fix = rotate
	case len(fine) > 0:
		c.Status = Pass
		c.Summary = "DKIM keys found: " + strings.Join(fine, ", ")
	case len(unmeasured) > 0 || res.WildcardErr != nil:
		c.Status = Error
		c.Summary = "DKIM lookups failed: " + strings.Join(unmeasured, "; ")
		if res.WildcardErr != nil && len(unmeasured) == 0 {
			c.Summary = fmt.Sprintf("DKIM wildcard probe failed: %v", res.WildcardErr)
		}
	default:
		c.Status = Info
		if given {
			c.Summary = "no DKIM key at the given selectors: " + strings.Join(selectors, ", ")
		} else {
			c.Summary = fmt.Sprintf("no DKIM key at %d common selectors; selectors cannot be listed, so name yours with --dkim-selectors", len(selectors))
		}
	}
	if dnsclient.IsUnmeasured(res.WildcardErr) && c.Status != Error {
		c.Details["wildcard_probe_error"] = res.WildcardErr.Error()
	}
	return []Check{c}
}
