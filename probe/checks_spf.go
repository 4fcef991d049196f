package probe

import (
	"context"
	"fmt"
	"strings"

	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/probe/spf"
)

// spfChecks: it is long because each branch is one outcome of the check
// with its status, summary and fix; split, one check's verdicts would be
// scattered over helpers.
func (p *prober) spfChecks(ctx context.Context) []Check {
	a := spf.Analyze(ctx, spf.NewResolver(p.cfg.DNS), p.domain)
	record := p.newCheck("spf.record")
	ids := []string{"spf.syntax", "spf.lookups", "spf.void_lookups", "spf.policy", "spf.ptr"}
	rest := func(status Status, why msg.Message) []Check { return p.withDependents(record, ids, status, why) }
	suggested := fmt.Sprintf(`%s. TXT "v=spf1 mx -all"`, p.domain)
	switch {
	case a.DNSError != nil:
		record.Status = Error
		record.say("lookup_failed", "what", "SPF", "err", errMsg(a.DNSError))
		return rest(Error, m("spf.dep.failed"))
	case len(a.Records) == 0:
		record.Status = Fail
		record.say("spf.record.none", "domain", p.domain)
		record.fix("spf.record.none.fix", "example", suggested, "include", "include:…")
		nm := record
		nm.fix("spf.record.none.fix_nomail", "record", txtRR(p.domain, "v=spf1 -all"))
		record.noMail = &nm
		return rest(Skip, m("spf.dep.none"))
	case len(a.Records) > 1:
		record.Status = Fail
		record.say("spf.record.several", "n", len(a.Records))
		record.fix("spf.record.several.fix", "v", "v=spf1")
		record.Details["records"] = a.Records
		return rest(Skip, m("spf.dep.several"))
	}
	record.Status = Pass
	record.say("spf.record.pass", "record", clipText(a.Records[0], 120))
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
		syntax.say("spf.syntax.fail", "issues", issueText(fatal))
		syntax.fixMsg(issueFix(fatal))
	case len(soft) > 0:
		syntax.Status = Warn
		syntax.sayMsg(issueText(soft).Message())
		syntax.fixMsg(redirectIgnoredFix(a, soft[0]))
	case len(dnsIssues) > 0:
		syntax.Status = Error
		syntax.say("spf.syntax.error", "issues", issueText(dnsIssues))
	default:
		syntax.Status = Pass
		syntax.say("spf.syntax.pass")
	}
	if macro := a.IssuesOf(spf.IssueMacro); len(macro) > 0 {
		syntax.Details["not_followed"] = issueText(macro).Word("en")
	}
	out = append(out, syntax)

	lookups := p.newCheck("spf.lookups")
	lookups.Details["lookups"] = a.Lookups
	lookups.Details["limit"] = spf.DefaultMaxLookups
	tooLarge := a.IssuesOf(spf.IssueTooLarge)
	switch {
	case a.Lookups > spf.DefaultMaxLookups || len(tooLarge) > 0:
		lookups.Status = Fail
		lookups.say("spf.lookups.fail", "n", a.Lookups, "max", spf.DefaultMaxLookups)
		lookups.fix("spf.lookups.fix", "terms", "include:/a/mx", "a", "a", "mx", "mx", "ranges", "ip4:/ip6:", "include", "include")
	case len(dnsIssues) > 0:
		lookups.Status = Error
		lookups.say("spf.lookups.error", "n", a.Lookups)
	default:
		lookups.Status = Pass
		lookups.say("spf.lookups.pass", "n", a.Lookups, "max", spf.DefaultMaxLookups)
	}
	out = append(out, lookups)

	void := p.newCheck("spf.void_lookups")
	void.Details["void_lookups"] = a.VoidLookups
	voids := a.IssuesOf(spf.IssueVoid, spf.IssueNoRecord)
	switch {
	case a.VoidLookups > spf.DefaultMaxVoidLookups:
		void.Status = Fail
		void.say("spf.void.fail", "n", a.VoidLookups, "max", spf.DefaultMaxVoidLookups, "issues", issueText(voids))
		void.fix("spf.void.fix")
	case a.VoidLookups > 0:
		void.Status = Warn
		void.say("spf.void.warn", "n", msg.Count{N: a.VoidLookups, Unit: "term"}, "max", spf.DefaultMaxVoidLookups, "issues", issueText(voids))
		void.fix("spf.void.fix")
	default:
		void.Status = Pass
		void.say("spf.void.pass")
	}
	out = append(out, void)

	out = append(out, p.spfPolicy(a, fatal))

	ptr := p.newCheck("spf.ptr")
	if a.UsesPTR() {
		ptr.Status = Warn
		ptr.say("spf.ptr.warn", "domains", msg.List(a.PTRDomains))
		ptr.fix("spf.ptr.fix", "ranges", "ip4:/ip6:", "a", "a:host")
	} else {
		ptr.Status = Pass
		ptr.say("spf.ptr.pass")
	}
	out = append(out, ptr)
	return out
}

// issueText words up to five issues, each at the domain (and term) that
// holds it.
func issueText(issues []spf.Issue) msg.Clauses {
	var parts msg.Clauses
	for i, is := range issues {
		if i == 5 {
			parts = append(parts, m("and_more", "n", len(issues)-5))
			break
		}
		where := is.Domain
		if is.Term != "" {
			where += " (" + is.Term + ")"
		}
		parts = append(parts, m("item.err", "item", where, "err", issueMsg(is)))
	}
	return parts
}

// issueMsg words one issue of the SPF tree.
func issueMsg(is spf.Issue) msg.Message {
	switch is.Kind {
	case spf.IssueMultiple:
		if is.N > 1 {
			return m("spf.issue.multiple", "n", is.N, "domain", is.Target)
		}
	case spf.IssueDNS:
		if strings.HasPrefix(is.Message, "TXT lookup failed: ") {
			return m("spf.issue.txt_failed", "err", errMsg(is.Err))
		}
		if is.Err != nil {
			return errMsg(is.Err)
		}
	case spf.IssueSyntax:
		return m("spf.issue.syntax", "detail", errMsg(is.Err))
	case spf.IssueLoop:
		return m("spf.issue.loop", "path", is.Target)
	case spf.IssueNoRecord:
		if is.Target != "" {
			return m("spf.issue.no_record", "target", is.Target, "term", is.Term)
		}
		return m("spf.issue.bad_name", "detail", errMsg(is.Err))
	case spf.IssueTooLarge:
		return m("spf.issue.too_large", "n", is.N)
	case spf.IssueMXNames:
		return m("spf.issue.mx_names", "target", is.Target, "n", is.N, "max", spf.MaxMXNames)
	case spf.IssueVoid:
		return m("spf.issue.void", "target", is.Target)
	case spf.IssueMacro:
		if strings.HasPrefix(is.Term, "redirect=") {
			return m("spf.issue.macro_redirect")
		}
		return m("spf.issue.macro_include")
	case spf.IssueRedirectIgnored:
		return m("spf.issue.redirect_ignored")
	}
	return m("err.text", "text", is.Message)
}

func issueFix(issues []spf.Issue) msg.Message {
	switch issues[0].Kind {
	case spf.IssueNoRecord:
		return m("spf.fix.no_record", "term", issues[0].Term)
	case spf.IssueLoop:
		return m("spf.fix.loop")
	case spf.IssueMultiple:
		return m("spf.fix.multiple")
	case spf.IssueRedirectIgnored:
		return m("spf.fix.redirect_ignored")
	case spf.IssueMXNames:
		return m("spf.fix.mx_names", "ranges", "ip4:/ip6:")
	}
	return m("spf.fix.syntax", "domain", issues[0].Domain)
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
	fixAll := func(q string) msg.Message {
		rec := recordAt(a, a.PolicyDomain)
		if rec == "" {
			return m("spf.policy.fix_end", "all", q+"all")
		}
		if a.PolicyDomain != a.Domain {
			return m("spf.policy.fix_redirect", "record", txtRR(a.PolicyDomain, withAll(rec, q)), "domain", a.PolicyDomain)
		}
		return m("publish", "record", txtRR(a.PolicyDomain, withAll(rec, q)))
	}
	orTesting := func(x msg.Message) msg.Message { return msg.New("probe.cat", "a", x, "b", m("spf.policy.or_testing")) }
	switch {
	case a.PolicyMacro != "":
		// RFC 7208 §6.1: the result is the redirect target's, found only
		// once the macro is expanded for a message. Adding an "all" would
		// cancel the redirect and change the record's meaning, so there is
		// nothing to propose.
		c.Status = Info
		c.say("spf.policy.macro", "term", a.PolicyMacro, "domain", p.domain)
		c.Details["policy_macro"] = a.PolicyMacro
		return c
	case a.Policy == "-all" || a.Policy == "~all":
		c.Status = Pass
		if a.Policy == "~all" {
			c.say("spf.policy.softfail")
		} else {
			c.say("spf.policy.fail")
		}
	case a.Policy == "+all":
		c.Status = Fail
		c.say("spf.policy.plus", "all", "+all", "domain", p.domain)
		c.fixMsg(fixAll("-"))
	case a.Policy == "?all":
		c.Status = Warn
		c.say("spf.policy.neutral", "all", "?all")
		c.fixMsg(orTesting(fixAll("-")))
	case len(fatal) > 0:
		c.Status = Warn
		c.say("spf.policy.errors")
		c.fix("spf.policy.errors.fix", "check", "spf.syntax")
	case redirectUnfetched(a) || redirectNotFollowed(recordAt(a, a.PolicyDomain)):
		c.Status = Error
		c.say("spf.policy.redirect_unmeasured")
	default:
		c.Status = Warn
		c.say("spf.policy.no_all")
		c.fixMsg(orTesting(fixAll("-")))
	}
	// A domain that sends no mail should have all mail claiming to be from
	// it fail SPF (RFC 7505 §4.2; M3AAWG parked domains: "v=spf1 -all").
	if a.Policy == "~all" {
		nm := c
		nm.Details = cloneDetails(c.Details)
		nm.Details["rfc"] = "RFC 7208 §5.1; " + rfcParked
		nm.Status = Warn
		nm.say("spf.policy.softfail_nomail")
		nm.fixMsg(fixAll("-"))
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
func redirectIgnoredFix(a *spf.Analysis, is spf.Issue) msg.Message {
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
	return m("spf.fix.redirect_both", "without_all", txtRR(is.Domain, withoutTerm(rec, allRaw)), "without_redirect", txtRR(is.Domain, withoutTerm(rec, is.Term)))
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
