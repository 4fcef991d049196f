package spf

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// IssueKind classifies what Analyze found wrong.
type IssueKind string

const (
	IssueSyntax          IssueKind = "syntax"           // record does not parse: permerror for everyone
	IssueMultiple        IssueKind = "multiple-records" // >1 v=spf1 record at a domain: permerror
	IssueNoRecord        IssueKind = "no-record"        // include/redirect target has no SPF record: permerror
	IssueDNS             IssueKind = "dns-error"        // a lookup failed (SERVFAIL, timeout): temperror
	IssueLoop            IssueKind = "loop"             // include/redirect chain returns to a domain
	IssueVoid            IssueKind = "void"             // a, mx or exists target has no records
	IssueMXNames         IssueKind = "mx-names"         // mx target has more than 10 MX names: permerror
	IssueMacro           IssueKind = "macro"            // target depends on the message; not followed
	IssueRedirectIgnored IssueKind = "redirect-ignored" // redirect= next to "all" never applies
	IssueTooLarge        IssueKind = "too-large"        // tree larger than Analyze is willing to walk
)

// Issue is one finding, located at the domain whose record holds it.
type Issue struct {
	Kind    IssueKind `json:"kind"`
	Domain  string    `json:"domain"`
	Term    string    `json:"term,omitempty"`
	Message string    `json:"message"`
	// Target, N and Err are Message's parts, for a caller that words the
	// issue itself (in another language): the name looked up, a count
	// (records, MX names, nodes) and the lookup or parse error.
	Target string `json:"-"`
	N      int    `json:"-"`
	Err    error  `json:"-"`
}

// Node is one record in the include/redirect tree.
type Node struct {
	Domain string `json:"domain"`
	// Via is "include" or "redirect" for children, "" for the root.
	Via    string `json:"via,omitempty"`
	Record string `json:"record,omitempty"`
	// Lookups counts the DNS-querying terms in this record alone.
	Lookups  int     `json:"lookups"`
	Children []*Node `json:"children,omitempty"`
}

// Analysis is the static view of a domain's SPF policy, without a client
// address: what check_host would cost and where it would break.
type Analysis struct {
	Domain string `json:"domain"`
	// Records are all v=spf1 records at Domain (0, 1 or more).
	Records []string `json:"records"`
	// Record is the parsed record when there is exactly one and it parses.
	Record *Record `json:"-"`
	// DNSError is set when the TXT lookup at Domain failed: nothing else
	// could be measured.
	DNSError error `json:"-"`
	// Issues lists everything found, in tree order.
	Issues []Issue `json:"issues,omitempty"`
	// Lookups is the number of DNS-querying terms (include, a, mx, ptr,
	// exists, redirect) across the whole tree, counted as check_host would
	// if it evaluated every term. Over DefaultMaxLookups means permerror.
	Lookups int `json:"lookups"`
	// VoidLookups counts a, mx and exists targets (without macros) that
	// have no records, and include/redirect targets that do not exist.
	// Over DefaultMaxVoidLookups means permerror.
	VoidLookups int `json:"void_lookups"`
	// Policy is the final "all" of the top record ("-all", "~all", "?all",
	// "+all"), following redirect= when the record has no "all"; "" if
	// there is none (the default result is neutral). PolicyDomain is the
	// domain whose record gives it, also when that record has no "all".
	Policy       string `json:"policy"`
	PolicyDomain string `json:"policy_domain,omitempty"`
	// PolicyMacro is set when the policy cannot be known without a
	// message: the chain ends in a redirect= whose target holds a macro
	// (e.g. redirect=%{l1r+}._spf.%{d}), so the result is that target's,
	// which depends on the sender (RFC 7208 §6.1, §7). It is the term as
	// written; Policy is then "".
	PolicyMacro string `json:"policy_macro,omitempty"`
	// PTRDomains are the domains whose records use the ptr mechanism
	// (RFC 7208 §5.5: SHOULD NOT be used).
	PTRDomains []string `json:"ptr_domains,omitempty"`
	// Loops are include/redirect cycles, written "a → b → a".
	Loops []string `json:"loops,omitempty"`
	Tree  *Node    `json:"tree,omitempty"`
}

// UsesPTR reports whether any record in the tree uses ptr.
func (a *Analysis) UsesPTR() bool { return len(a.PTRDomains) > 0 }

// IssuesOf returns the issues of the given kinds.
func (a *Analysis) IssuesOf(kinds ...IssueKind) []Issue {
	var out []Issue
	for _, is := range a.Issues {
		for _, k := range kinds {
			if is.Kind == k {
				out = append(out, is)
			}
		}
	}
	return out
}

// maxNodes bounds the walk: a tree this large is far over the lookup
// limit already, and a hostile zone must not make the probe loop.
const maxNodes = 64

type analyzer struct {
	ctx   context.Context
	r     Resolver
	a     *Analysis
	nodes int
}

// Analyze walks the SPF tree of domain: the record, every include and the
// redirect, without evaluating mechanisms against an address.
func Analyze(ctx context.Context, r Resolver, domain string) *Analysis {
	domain = strings.TrimSuffix(domain, ".")
	an := &analyzer{ctx: ctx, r: r, a: &Analysis{Domain: domain}}
	txt, all, err := FetchRecord(ctx, r, domain)
	an.a.Records = all
	switch {
	case err != nil && all != nil:
		an.issueOf(Issue{Kind: IssueMultiple, Domain: domain, Message: err.Error(), Target: domain, N: len(all), Err: err})
		return an.a
	case err != nil:
		an.a.DNSError = err
		an.issueOf(Issue{Kind: IssueDNS, Domain: domain, Message: "TXT lookup failed: " + err.Error(), Target: domain, Err: err})
		return an.a
	case txt == "":
		return an.a
	}
	an.a.Tree = an.walk(domain, "", txt, []string{domain})
	an.a.Policy, an.a.PolicyDomain, an.a.PolicyMacro = an.policy(an.a.Tree)
	return an.a
}

func (an *analyzer) issue(k IssueKind, domain, term, msg string) {
	an.a.Issues = append(an.a.Issues, Issue{Kind: k, Domain: domain, Term: term, Message: msg})
}

// issueOf records an issue with its parts (Issue.Target, N, Err).
func (an *analyzer) issueOf(is Issue) { an.a.Issues = append(an.a.Issues, is) }

// policy finds the effective "all": the record's own, else the redirect
// target's. A redirect whose target holds a macro ends the search: the
// policy is then the message's business (macro is the term).
func (an *analyzer) policy(n *Node) (all, domain, macro string) {
	for n != nil {
		rec, err := Parse(n.Record)
		if err != nil {
			return "", "", ""
		}
		if all := rec.All(); all != nil {
			return string(all.Qualifier) + "all", n.Domain, ""
		}
		if red := rec.Redirect(); red != nil && red.Macro.HasMacros() {
			return "", n.Domain, "redirect=" + red.Value
		}
		var next *Node
		for _, c := range n.Children {
			if c.Via == "redirect" {
				next = c
			}
		}
		if next == nil {
			// No all here and nowhere to go: the default result
			// (neutral) comes from this record.
			return "", n.Domain, ""
		}
		n = next
	}
	return "", "", ""
}

func (an *analyzer) walk(domain, via, txt string, stack []string) *Node {
	an.nodes++
	n := &Node{Domain: domain, Via: via, Record: txt}
	rec, err := Parse(txt)
	if err != nil {
		an.issueOf(Issue{Kind: IssueSyntax, Domain: domain, Message: err.Error(), Err: err})
		return n
	}
	if len(stack) == 1 {
		an.a.Record = rec
	}
	usesPTR := false
	for _, t := range rec.Terms {
		m := t.Mechanism
		if m == nil {
			continue
		}
		if m.QueriesDNS() {
			n.Lookups++
			an.a.Lookups++
		}
		if m.Kind == MechPTR && !usesPTR {
			usesPTR = true
			an.a.PTRDomains = append(an.a.PTRDomains, domain)
		}
		if !m.QueriesDNS() || m.Kind == MechPTR {
			continue
		}
		target := domain
		if m.Domain != "" {
			if m.DomainMacro.HasMacros() {
				if m.Kind == MechInclude {
					an.issue(IssueMacro, domain, t.Raw, "the include target depends on the message; its lookups are not counted")
				}
				continue
			}
			target, _ = targetName(m.DomainMacro.Expand(&MacroEnv{}))
		}
		if m.Kind == MechInclude {
			if c := an.follow(domain, t.Raw, "include", target, stack); c != nil {
				n.Children = append(n.Children, c)
			}
			continue
		}
		an.checkVoid(domain, t.Raw, m.Kind, target)
	}
	if red := rec.Redirect(); red != nil {
		raw := "redirect=" + red.Value
		switch {
		case rec.All() != nil:
			an.issue(IssueRedirectIgnored, domain, raw, `redirect= never applies because the record has "all"; remove one of them`)
		case red.Macro.HasMacros():
			n.Lookups++
			an.a.Lookups++
			an.issue(IssueMacro, domain, raw, "the redirect target depends on the message; its lookups are not counted")
		default:
			n.Lookups++
			an.a.Lookups++
			target, _ := targetName(red.Macro.Expand(&MacroEnv{}))
			if c := an.follow(domain, raw, "redirect", target, stack); c != nil {
				n.Children = append(n.Children, c)
			}
		}
	}
	return n
}

func (an *analyzer) follow(domain, term, via, target string, stack []string) *Node {
	for i, d := range stack {
		if strings.EqualFold(d, target) {
			loop := strings.Join(append(append([]string{}, stack[i:]...), target), " → ")
			an.a.Loops = append(an.a.Loops, loop)
			an.issueOf(Issue{Kind: IssueLoop, Domain: domain, Term: term, Message: "loop: " + loop, Target: loop})
			return nil
		}
	}
	if msg := nameProblem(target); msg != "" {
		an.issueOf(Issue{Kind: IssueNoRecord, Domain: domain, Term: term, Message: msg, Err: nameErr(target)})
		return nil
	}
	if an.nodes >= maxNodes {
		an.issueOf(Issue{Kind: IssueTooLarge, Domain: domain, Term: term, Message: fmt.Sprintf("more than %d records in the tree; not followed", maxNodes), N: maxNodes})
		return nil
	}
	txt, all, err := FetchRecord(an.ctx, an.r, target)
	switch {
	case err != nil && all != nil:
		an.issueOf(Issue{Kind: IssueMultiple, Domain: target, Term: term, Message: err.Error(), Target: target, N: len(all), Err: err})
		return nil
	case err != nil:
		an.issueOf(Issue{Kind: IssueDNS, Domain: target, Term: term, Message: "TXT lookup failed: " + err.Error(), Target: target, Err: err})
		return nil
	case txt == "":
		if txts, err := an.r.LookupTXT(an.ctx, target); errors.Is(err, ErrNXDomain) || (err == nil && len(txts) == 0) {
			an.a.VoidLookups++
		}
		an.issueOf(Issue{Kind: IssueNoRecord, Domain: domain, Term: term, Message: fmt.Sprintf("%s has no SPF record, so %s is a permerror; remove it or publish a record there", target, term), Target: target})
		return nil
	}
	return an.walk(target, via, txt, append(stack, target))
}

// checkVoid looks up an a, mx or exists target the way check_host would
// (both address families for a, since the client family is unknown).
func (an *analyzer) checkVoid(domain, term, kind, target string) {
	if nameProblem(target) != "" {
		return
	}
	var void bool
	var err error
	switch kind {
	case MechA:
		a, err4 := an.r.LookupA(an.ctx, target)
		aaaa, err6 := an.r.LookupAAAA(an.ctx, target)
		void = isVoid(len(a), err4) && isVoid(len(aaaa), err6)
		if !isVoid(len(a), err4) && err4 != nil {
			err = err4
		} else if !isVoid(len(aaaa), err6) && err6 != nil {
			err = err6
		}
	case MechExists:
		a, e := an.r.LookupA(an.ctx, target)
		void, err = isVoid(len(a), e), e
	case MechMX:
		hosts, e := an.r.LookupMX(an.ctx, target)
		void, err = isVoid(len(hosts), e), e
		if len(hosts) > MaxMXNames {
			an.issueOf(Issue{Kind: IssueMXNames, Domain: domain, Term: term, Message: fmt.Sprintf("MX %s has %d names; mx allows %d, so it is a permerror", target, len(hosts), MaxMXNames), Target: target, N: len(hosts)})
		}
	}
	switch {
	case void:
		an.a.VoidLookups++
		an.issueOf(Issue{Kind: IssueVoid, Domain: domain, Term: term, Message: fmt.Sprintf("%s has no records (void lookup)", target), Target: target})
	case err != nil:
		an.issueOf(Issue{Kind: IssueDNS, Domain: domain, Term: term, Message: err.Error(), Target: target, Err: err})
	}
}
