package probe

import (
	"fmt"
	"strings"
)

// Categories of the DNS-side checks. The transport categories (tls,
// client) are declared with the transport checks.
const (
	CategoryMX     = "mx"
	CategorySPF    = "spf"
	CategoryDMARC  = "dmarc"
	CategoryDKIM   = "dkim"
	CategoryMTASTS = "mtasts"
	CategoryTLSRPT = "tlsrpt"
	CategoryBIMI   = "bimi"
	CategoryDNSSEC = "dnssec"
)

// CheckInfo describes one check id: the single place where what a check
// measures and how it is judged is written down. --help, the README and
// the tests are generated from or checked against this list.
type CheckInfo struct {
	ID       string
	Category string
	// Measures says what is looked at, in one line.
	Measures string
	// Judged says which outcome gives which status.
	Judged string
	// Scored is false for checks that are informational only.
	Scored bool
}

// Registry lists every check id of SPEC §6, in report order.
var Registry = []CheckInfo{
	{"mx.records", CategoryMX, "MX records of the domain", "present: pass; null MX (RFC 7505, \"accepts no mail\"): info; null MX mixed with others: warn; none: fail", true},
	{"mx.resolve", CategoryMX, "every MX host name resolves to addresses", "all resolve: pass; MX is a CNAME: warn; MX is an IP literal or has no address: fail", true},
	{"mx.ipv6", CategoryMX, "MX hosts reachable over IPv6 (AAAA)", "some MX has AAAA: pass; none: warn", true},
	{"mx.ptr", CategoryMX, "forward-confirmed reverse DNS (PTR → name → same address) of MX addresses", "all confirmed: pass; some not: warn", true},
	{"spf.record", CategorySPF, "exactly one v=spf1 TXT record at the domain", "one: pass; none or several: fail", true},
	{"spf.syntax", CategorySPF, "RFC 7208 syntax of the record and every include/redirect, macros included", "valid: pass; redirect= next to all: warn; syntax error, missing include target, loop: fail", true},
	{"spf.lookups", CategorySPF, "DNS-querying terms across the include/redirect tree (RFC 7208 §4.6.4)", "≤ 10: pass; more: fail (receivers return permerror)", true},
	{"spf.void_lookups", CategorySPF, "terms whose target has no records (void lookups)", "0: pass; 1–2: warn; more than 2: fail (permerror)", true},
	{"spf.policy", CategorySPF, "the final all of the policy", "-all or ~all: pass; ?all or no all: warn; +all: fail", true},
	{"spf.ptr", CategorySPF, "use of the ptr mechanism (RFC 7208 §5.5: SHOULD NOT)", "not used: pass; used: warn", true},
	{"dmarc.record", CategoryDMARC, "one DMARC record at _dmarc.<domain> or the organizational domain (public suffix list)", "one: pass; none or several: fail", true},
	{"dmarc.syntax", CategoryDMARC, "RFC 7489 tags and values", "valid: pass; tolerated oddities (unknown tags, p not second): warn; invalid: fail", true},
	{"dmarc.policy", CategoryDMARC, "the policy receivers apply (sp= when inherited from the organizational domain)", "reject or quarantine at pct=100: pass; none or pct<100: warn", true},
	{"dmarc.reporting", CategoryDMARC, "aggregate reports (rua) and authorization of external destinations (RFC 7489 §7.1)", "rua present and authorized: pass; no rua or unauthorized destination: warn", true},
	{"dkim.keys", CategoryDKIM, "DKIM keys at --dkim-selectors or common selectors, wildcard-safe", "RSA ≥ 2048 or ed25519: pass; RSA 1024 or testing flag: warn; RSA < 1024 or broken key: fail; none found: info (selectors cannot be listed)", true},
	{"mtasts.record", CategoryMTASTS, "the _mta-sts TXT record (RFC 8461 §3.1)", "valid: pass; absent: warn; invalid or several: fail", true},
	{"mtasts.policy", CategoryMTASTS, "the policy at https://mta-sts.<domain>/.well-known/mta-sts.txt: certificate, no redirect, 64 KiB limit, mode, MX coverage, max_age", "enforce covering every MX: pass; testing, none, short max_age: warn; unfetchable, invalid, or an MX not covered in enforce: fail", true},
	{"tlsrpt.record", CategoryTLSRPT, "the _smtp._tls TXT record (RFC 8460)", "valid: pass; absent: warn; invalid or several: fail", true},
	{"bimi.record", CategoryBIMI, "the default._bimi TXT record (brand logo)", "information only, never scored", false},
	{"dnssec.domain", CategoryDNSSEC, "the domain's zone is DNSSEC-signed and its answers validate (AD bit from the resolver)", "signed and validated: pass; signed without DS at the parent: warn; unsigned or bogus: fail", true},
	{"dnssec.mx", CategoryDNSSEC, "the MX hosts' answers validate with DNSSEC", "all validated: pass; any unsigned or bogus: fail", true},
	{"dane.tlsa", CategoryTLS, "TLSA at _25._tcp.<mx>, DNSSEC-validated, matches the served certificate", "match: pass; not validated: warn; mismatch or unusable: fail; absent: info; SERVFAIL, lookup failed or no certificate to compare: error", true},
	{"smtp.connect", CategoryTLS, "port 25 of each MX address answers 220", "answers 220: pass; non-220 greeting, closed without greeting, or connection refused while other addresses answer: fail; no connection or no complete greeting within the time limit: error naming the limit; blocked from here or no IPv6 route: error with a hint", true},
	{"smtp.starttls", CategoryTLS, "STARTTLS offered and the handshake succeeds", "yes: pass; not offered, refused or handshake fails: fail; no answer to EHLO or STARTTLS, or a handshake not completed, within the time limit: error naming the limit; session ended at EHLO: error; no SMTP session: skip", true},
	{"smtp.tls_version", CategoryTLS, "TLS versions accepted", "1.3/1.2: pass; also ≤ 1.1: warn; only ≤ 1.1: fail", true},
	{"smtp.certificate", CategoryTLS, "chain (system roots + --ca-file), name, ≥ 14 days left, key size", "valid: pass; < 14 days left: warn; expired, untrusted, wrong name, RSA < 2048 or EC < 256: fail (a chain matched by DNSSEC-validated DANE passes)", true},
	{"client.submission", CategoryClient, "submission ports 465/587 with TLS (hosts from SRV, RFC 6186/8314, or --client-host)", "TLS with a valid certificate: pass; problems: warn/fail; SRV target \".\" or port closed on --client-host: info; SRV lookup failed, or no connection, greeting or handshake within the time limit: error; no SRV and no --client-host: skip", true},
	{"client.imap", CategoryClient, "IMAP port 993 with TLS (hosts from SRV or --client-host)", "TLS with a valid certificate: pass; problems: warn/fail; SRV target \".\" or port closed on --client-host: info; SRV lookup failed, or no connection, greeting or handshake within the time limit: error; no SRV and no --client-host: skip", true},
}

// LookupCheck returns the registry entry for id.
func LookupCheck(id string) (CheckInfo, bool) {
	for _, c := range Registry {
		if c.ID == id {
			return c, true
		}
	}
	return CheckInfo{}, false
}

// Categories returns the category names in report order.
func Categories() []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range Registry {
		if !seen[c.Category] {
			seen[c.Category] = true
			out = append(out, c.Category)
		}
	}
	return out
}

// CheckHelp is the generated list of check ids for --help.
func CheckHelp() string {
	var b strings.Builder
	for _, c := range Registry {
		fmt.Fprintf(&b, "  %-18s %s\n  %-18s   → %s\n", c.ID, c.Measures, "", c.Judged)
	}
	return b.String()
}
