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
		syntax.Fix = issueFix(soft)
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

	policy := p.newCheck("spf.policy")
	policy.Details["all"] = a.Policy
	fixAll := fmt.Sprintf(`end the record with -all (or ~all while testing), e.g. %s`, suggested)
	switch a.Policy {
	case "-all", "~all":
		policy.Status = Pass
		what := "fail (-all): receivers reject mail from unlisted servers"
		if a.Policy == "~all" {
			what = "softfail (~all): receivers mark mail from unlisted servers as suspicious"
		}
		policy.Summary = "the policy ends in " + what
	case "+all":
		policy.Status = Fail
		policy.Summary = "+all authorizes every server on the Internet to send as " + p.domain
		policy.Fix = fixAll
	case "?all":
		policy.Status = Warn
		policy.Summary = "?all (neutral): mail from unlisted servers is neither accepted nor rejected by SPF"
		policy.Fix = fixAll
	default:
		policy.Status = Warn
		policy.Summary = "the record has no all term, so mail from unlisted servers gets a neutral result"
		if len(fatal) > 0 {
			policy.Summary = "the policy could not be determined because the record has errors"
		}
		policy.Fix = fixAll
	}
	out = append(out, policy)

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
