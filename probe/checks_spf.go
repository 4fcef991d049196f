package probe

import (
	"context"
	"fmt"
	"strings"

	"github.com/mailpick/mailpick/probe/spf"
)

func (p *prober) spfChecks(ctx context.Context) []Check {
	a := spf.Analyze(ctx, spf.NewResolver(p.cfg.DNS), p.domain)
	record := p.newCheck("spf.record")
	ids := []string{"spf.syntax", "spf.lookups", "spf.void_lookups", "spf.policy", "spf.ptr"}
	rest := func(status Status, why string) []Check { return p.withDependents(record, ids, status, why) }
	suggested := fmt.Sprintf(`%s. TXT "v=spf1 mx -all"`, p.domain)
	switch {
	case a.DNSError != nil:
		record.Status = Error
		record.Summary = fmt.Sprintf("SPF lookup failed (%v); not measured", a.DNSError)
		return rest(Error, "SPF record could not be fetched; not measured")
	case len(a.Records) == 0:
		record.Status = Fail
		record.Summary = "no SPF record: anyone can send mail claiming to be from " + p.domain
		record.Fix = "publish one SPF record listing your senders, e.g. " + suggested + " (add include:… for your mail service)"
		nm := record
		nm.Fix = "publish " + txtRR(p.domain, "v=spf1 -all") + ": no server may send as a domain that sends no mail (M3AAWG parked domains)"
		record.noMail = &nm
		return rest(Skip, "no SPF record")
	case len(a.Records) > 1:
		record.Status = Fail
		record.Summary = fmt.Sprintf("%d SPF records: receivers treat this as a permanent error and ignore SPF", len(a.Records))
		record.Fix = "merge them into one TXT record starting with v=spf1"
		record.Details["records"] = a.Records
		return rest(Skip, "several SPF records; merge them first")
	}
	record.Status = Pass
	record.Summary = "one SPF record: " + clipText(a.Records[0], 120)
	record.Details["record"] = a.Records[0]
	out := []Check{record}

	// spf.syntax: everything that makes check_host a permerror, anywhere
	// in the tree.
	syntax := p.newCheck("spf.syntax")
	fatal := a.IssuesOf(spf.IssueSyntax, spf.IssueMultiple, spf.IssueNoRecord, spf.IssueLoop, spf.IssueMXNames)
	soft := a.IssuesOf(spf.IssueRedirectIgnored)
	dnsIssues := a.IssuesOf(spf.IssueDNS)
	switch {
	case len(fatal) > 0:
		syntax.Status = Fail
		syntax.Summary = "receivers will return permerror: " + issueText(fatal)
		syntax.Fix = issueFix(fatal)
	case len(soft) > 0:
		syntax.Status = Warn
		syntax.Summary = issueText(soft)
		syntax.Fix = redirectIgnoredFix(a, soft[0])
	case len(dnsIssues) > 0:
		syntax.Status = Error
		syntax.Summary = "part of the include tree could not be fetched: " + issueText(dnsIssues)
	default:
		syntax.Status = Pass
		syntax.Summary = "the record and everything it includes is valid RFC 7208 syntax"
	}
	if macro := a.IssuesOf(spf.IssueMacro); len(macro) > 0 {
		syntax.Details["not_followed"] = issueText(macro)
	}
	out = append(out, syntax)

	lookups := p.newCheck("spf.lookups")
	lookups.Details["lookups"] = a.Lookups
	lookups.Details["limit"] = spf.DefaultMaxLookups
	tooLarge := a.IssuesOf(spf.IssueTooLarge)
	switch {
	case a.Lookups > spf.DefaultMaxLookups || len(tooLarge) > 0:
		lookups.Status = Fail
		lookups.Summary = fmt.Sprintf("%d DNS-querying terms across includes; more than %d makes receivers return permerror, so SPF fails for all mail", a.Lookups, spf.DefaultMaxLookups)
		lookups.Fix = "remove unused include:/a/mx terms, replace a and mx with ip4:/ip6: ranges, or ask your provider for a flatter include"
	case len(dnsIssues) > 0:
		lookups.Status = Error
		lookups.Summary = fmt.Sprintf("at least %d lookups; part of the tree could not be fetched, so the count is incomplete", a.Lookups)
	default:
		lookups.Status = Pass
		lookups.Summary = fmt.Sprintf("%d of at most %d DNS-querying terms", a.Lookups, spf.DefaultMaxLookups)
	}
	out = append(out, lookups)

	void := p.newCheck("spf.void_lookups")
	void.Details["void_lookups"] = a.VoidLookups
	voids := a.IssuesOf(spf.IssueVoid, spf.IssueNoRecord)
	switch {
	case a.VoidLookups > spf.DefaultMaxVoidLookups:
		void.Status = Fail
		void.Summary = fmt.Sprintf("%d terms point at names with no records; more than %d makes receivers return permerror: %s", a.VoidLookups, spf.DefaultMaxVoidLookups, issueText(voids))
		void.Fix = "remove the terms whose targets no longer exist"
	case a.VoidLookups > 0:
		void.Status = Warn
		void.Summary = fmt.Sprintf("void lookups: %s whose target has no records (allowed up to %d, but they are dead weight): %s", plural(a.VoidLookups, "term"), spf.DefaultMaxVoidLookups, issueText(voids))
		void.Fix = "remove the terms whose targets no longer exist"
	default:
		void.Status = Pass
		void.Summary = "no term points at a name without records"
	}
	out = append(out, void)

	out = append(out, p.spfPolicy(a, fatal))

	ptr := p.newCheck("spf.ptr")
	if a.UsesPTR() {
		ptr.Status = Warn
		ptr.Summary = "the ptr mechanism is used (in " + strings.Join(a.PTRDomains, ", ") + "): slow, unreliable, and RFC 7208 says not to use it; some receivers ignore it"
		ptr.Fix = "replace ptr with ip4:/ip6: ranges or a:host terms for your sending servers"
	} else {
		ptr.Status = Pass
		ptr.Summary = "the ptr mechanism is not used"
	}
	out = append(out, ptr)
	return out
}

func issueText(issues []spf.Issue) string {
	var parts []string
	for i, is := range issues {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("and %d more", len(issues)-5))
			break
		}
		where := is.Domain
		if is.Term != "" {
			where += " (" + is.Term + ")"
		}
		parts = append(parts, where+": "+is.Message)
	}
	return strings.Join(parts, "; ")
}

func issueFix(issues []spf.Issue) string {
	switch issues[0].Kind {
	case spf.IssueNoRecord:
		return "remove " + issues[0].Term + " or publish an SPF record at its target"
	case spf.IssueLoop:
		return "remove the include/redirect that leads back to an earlier domain"
	case spf.IssueMultiple:
		return "an included domain has several SPF records; its owner must merge them"
	case spf.IssueRedirectIgnored:
		return "remove redirect= or the all term"
	case spf.IssueMXNames:
		return "the mx target has too many MX hosts; list their addresses with ip4:/ip6: instead"
	}
	return "correct the record at " + issues[0].Domain + " so it parses (RFC 7208 §12)"
}

// spfPolicy judges the final "all" the record leads to. A fix edits the
// record that holds it — the redirect target's when the policy comes from
// there — and changes only that term.
func (p *prober) spfPolicy(a *spf.Analysis, fatal []spf.Issue) Check {
	c := p.newCheck("spf.policy")
	setRFC(&c, "RFC 7208 §4.7, §5.1, §6.1")
	c.Details["all"] = a.Policy
	if a.PolicyDomain != "" {
		c.Details["policy_domain"] = a.PolicyDomain
	}
	fixAll := func(q string) string {
		rec := recordAt(a, a.PolicyDomain)
		if rec == "" {
			return fmt.Sprintf("end the record with %sall", q)
		}
		where := ""
		if a.PolicyDomain != a.Domain {
			where = fmt.Sprintf(" (the policy comes from redirect= to %s)", a.PolicyDomain)
		}
		return "publish " + txtRR(a.PolicyDomain, withAll(rec, q)) + where
	}
	switch {
	case a.PolicyMacro != "":
		// RFC 7208 §6.1: the result is the redirect target's, found only
		// once the macro is expanded for a message. Adding an "all" would
		// cancel the redirect and change the record's meaning, so there is
		// nothing to propose.
		c.Status = Info
		c.Summary = fmt.Sprintf("not decidable without a message: the policy is that of %s, whose target depends on the sender (RFC 7208 §6.1, §7); check a sender with mailpick spf %s --sender ADDRESS --ip IP", a.PolicyMacro, p.domain)
		c.Details["policy_macro"] = a.PolicyMacro
		return c
	case a.Policy == "-all" || a.Policy == "~all":
		c.Status = Pass
		what := "fail (-all): receivers reject mail from unlisted servers"
		if a.Policy == "~all" {
			what = "softfail (~all): receivers mark mail from unlisted servers as suspicious"
		}
		c.Summary = "the policy ends in " + what
	case a.Policy == "+all":
		c.Status = Fail
		c.Summary = "+all authorizes every server on the Internet to send as " + p.domain
		c.Fix = fixAll("-")
	case a.Policy == "?all":
		c.Status = Warn
		c.Summary = "?all (neutral): mail from unlisted servers is neither accepted nor rejected by SPF"
		c.Fix = fixAll("-") + " (or ~all while testing)"
	case len(fatal) > 0:
		c.Status = Warn
		c.Summary = "the policy could not be determined because the record has errors"
		c.Fix = "correct the errors spf.syntax reports first"
	case redirectUnfetched(a) || redirectNotFollowed(recordAt(a, a.PolicyDomain)):
		c.Status = Error
		c.Summary = "the policy comes from the redirect= target, which could not be examined; not measured"
	default:
		c.Status = Warn
		c.Summary = "the record has no all term, so mail from unlisted servers gets a neutral result"
		c.Fix = fixAll("-") + " (or ~all while testing)"
	}
	// A domain that sends no mail should have all mail claiming to be from
	// it fail SPF (RFC 7505 §4.2; M3AAWG parked domains: "v=spf1 -all").
	if a.Policy == "~all" {
		nm := c
		nm.Details = cloneDetails(c.Details)
		nm.Details["rfc"] = "RFC 7208 §5.1; " + rfcParked
		nm.Status = Warn
		nm.Summary = "the policy ends in softfail (~all); a domain that sends no mail should fail all of it with -all"
		nm.Fix = fixAll("-")
		c.noMail = &nm
	}
	return c
}

// recordAt returns the SPF record Analyze fetched for domain.
func recordAt(a *spf.Analysis, domain string) string {
	var find func(n *spf.Node) string
	find = func(n *spf.Node) string {
		if n == nil {
			return ""
		}
		if strings.EqualFold(n.Domain, domain) {
			return n.Record
		}
		for _, c := range n.Children {
			if r := find(c); r != "" {
				return r
			}
		}
		return ""
	}
	return find(a.Tree)
}

// withAll returns record with its "all" term given qualifier q, or with
// q+"all" appended when it has none; every other term stays as published.
func withAll(record, q string) string {
	rec, err := spf.Parse(record)
	if err != nil {
		return record
	}
	for _, t := range rec.Terms {
		if t.Mechanism != nil && t.Mechanism.Kind == spf.MechAll {
			return record[:t.Pos] + q + "all" + record[t.Pos+len(t.Raw):]
		}
	}
	return strings.TrimRight(record, " ") + " " + q + "all"
}

// withoutTerm returns record without the term written raw.
func withoutTerm(record, raw string) string {
	rec, err := spf.Parse(record)
	if err != nil {
		return record
	}
	for _, t := range rec.Terms {
		if strings.EqualFold(t.Raw, raw) {
			return strings.TrimRight(record[:t.Pos], " ") + record[t.Pos+len(t.Raw):]
		}
	}
	return record
}

// redirectIgnoredFix offers both ways out of a redirect= that never applies
// because the record has "all" (RFC 7208 §6.1), as edited records.
func redirectIgnoredFix(a *spf.Analysis, is spf.Issue) string {
	rec := recordAt(a, is.Domain)
	parsed, err := spf.Parse(rec)
	if rec == "" || err != nil || parsed.All() == nil {
		return issueFix([]spf.Issue{is})
	}
	var allRaw string
	for _, t := range parsed.Terms {
		if t.Mechanism != nil && t.Mechanism.Kind == spf.MechAll {
			allRaw = t.Raw
		}
	}
	return fmt.Sprintf("keep the redirect: publish %s; or keep the all term: publish %s",
		txtRR(is.Domain, withoutTerm(rec, allRaw)), txtRR(is.Domain, withoutTerm(rec, is.Term)))
}

// redirectNotFollowed reports whether record ends in a redirect= that
// the analysis did not follow (the tree was too large): its policy is the
// target's, and appending "all" would cancel the redirect.
func redirectNotFollowed(record string) bool {
	rec, err := spf.Parse(record)
	return err == nil && rec.All() == nil && rec.Redirect() != nil
}

// redirectUnfetched reports whether the policy depends on a redirect
// target that could not be fetched.
func redirectUnfetched(a *spf.Analysis) bool {
	for _, is := range a.IssuesOf(spf.IssueDNS) {
		if strings.HasPrefix(is.Term, "redirect=") {
			return true
		}
	}
	return false
}
