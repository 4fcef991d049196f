// Package spf implements the Sender Policy Framework, RFC 7208: a pure
// parser with the macro language, check_host() with its processing limits
// and an evaluation trace, and a static analysis of a domain's whole
// include/redirect tree for the posture probe.
//
// # Parsing
//
//	Parse(record) (*Record, error)
//
// parses a "v=spf1" record: mechanisms all, include, a, mx, ptr, ip4, ip6
// and exists with qualifiers (+ - ~ ?) and dual CIDR lengths (a/24//64),
// modifiers redirect=, exp= and unknown ones, and macros. Errors are
// *SyntaxError with the byte position, the term and what is wrong, e.g.
//
//	column 10, term "a:111.222.33.44": "111.222.33.44" is an IP address, not a domain; use ip4:...
//
// Record.String gives a canonical form that parses to the same terms.
// IsSPF tells a v=spf1 TXT record from other TXT records.
//
// # Macros
//
// ParseMacro(s, exp) parses a macro-string (§7: %{s l o d i p h v}, and c r
// t in explanation text when exp is true; transformers digits and r;
// delimiters . - + , / _ =; %% %_ %-). MacroString.Expand(env) expands it in
// a MacroEnv; ExpandMacro does both.
//
// # check_host
//
//	Check(ctx, resolver, ip, domain, sender, helo, *Options) Result
//
// returns Result.Status (none, neutral, pass, fail, softfail, temperror,
// permerror), the exp= Explanation for fail, the count of DNS-querying terms
// (Lookups) and of void lookups (VoidLookups), Err saying why a result is
// an error, and Trace: one TraceStep{Depth, Domain, Term, Detail, Result}
// per record fetched and term evaluated, in order, Depth growing with
// include and redirect. Term is the term as written, or "(record)" for the
// record fetched at Domain (Detail holds its text), "(domain)" when the
// domain itself is malformed, "(end)" when nothing matched. Limits enforced (§4.6.4): 10 DNS-querying terms
// (include, a, mx, ptr, exists, redirect) → permerror on the 11th; 2 void
// lookups (NXDOMAIN or empty answer for a, mx, ptr, exists) → permerror on
// the 3rd; more than 10 MX names in one mx → permerror; only the first 10
// PTR names are validated; include/redirect loops → permerror. An
// IPv4-mapped IPv6 client is treated as IPv4. SERVFAIL and timeouts give
// temperror; ctx bounds the whole evaluation.
//
// FetchRecord(ctx, resolver, domain) applies the record selection of §4.5
// alone: the one v=spf1 TXT record, none, or an error for several.
//
// # Resolver
//
// Check and Analyze read DNS through the small Resolver interface (TXT, A,
// AAAA, MX, PTR). A name that does not exist is an error wrapping
// ErrNXDomain; "no records of that type" is an empty answer with a nil
// error; anything else is a temporary failure. NewResolver adapts the
// probe's miekg/dns client (probe/dnsclient: EDNS0, TCP fallback,
// --resolver) and returns TXT strings as raw bytes, so non-ASCII records are
// rejected as the RFC requires.
//
// # Static analysis for the probe
//
//	Analyze(ctx, resolver, domain) *Analysis
//
// walks the tree without a client address. The fields map onto the probe's
// checks:
//
//   - spf.record: len(Analysis.Records) (0, 1, >1; >1 is also an
//     IssueMultiple); DNSError set means the TXT lookup failed (status error).
//   - spf.syntax: IssuesOf(IssueSyntax), each with the Domain of the record
//     (the included domain when the error is inside an include) and the
//     parser's message; IssueNoRecord and IssueMultiple inside the tree are
//     permerrors too.
//   - spf.lookups: Lookups, over the whole tree as if every term were
//     evaluated; > DefaultMaxLookups means permerror. IssueMacro marks
//     include/redirect targets that need a message to expand, not followed.
//   - spf.void_lookups: VoidLookups (a targets with neither A nor AAAA, mx
//     and exists targets without records, include targets that do not
//     exist); > DefaultMaxVoidLookups means permerror.
//   - spf.policy: Policy, "-all", "~all", "?all", "+all" or "" (no all,
//     neutral by default), following redirect= when the top record has no
//     all; PolicyDomain says whose record it is.
//   - spf.ptr: UsesPTR() and PTRDomains.
//   - loops: Loops ("a → b → a") and IssueLoop.
//
// Tree holds the records as Nodes (Domain, Via include/redirect, Record,
// Lookups of that record, Children) for display.
package spf
