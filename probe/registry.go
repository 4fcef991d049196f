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
// measures, how it is judged and on which standard is written down.
// --help, the README and the tests are generated from or checked against
// this list.
type CheckInfo struct {
	ID       string
	Category string
	// Measures says what is looked at, in one line.
	Measures string
	// Judged says which outcome gives which scored status (pass, warn,
	// fail).
	Judged string
	// Scored is false for checks that are informational only.
	Scored bool
	// RFC names the standards the verdict rests on; a check's
	// details.rfc may name the exact section of one finding.
	RFC string
	// Unjudged says when the check is skip, info or error instead: not
	// applicable, a fact without a verdict, or not measured.
	Unjudged string
}

// Registry lists every check id, in report order: the one source of ids.
var Registry = []CheckInfo{
	{"mx.records", CategoryMX, "MX records of the domain", "present, or a null MX alone (RFC 7505, \"accepts no mail\"): pass; null MX mixed with others: warn; none: fail", true,
		"RFC 5321 §5.1; RFC 7505", "error: the MX lookup failed (SERVFAIL, timeout)"},
	{"mx.resolve", CategoryMX, "every MX host name resolves to addresses", "all resolve: pass; MX is a CNAME: warn; MX is an IP literal or has no address: fail", true,
		"RFC 5321 §5.1; RFC 2181 §10.3", "skip: no MX host (none, or a null MX); error: an address lookup failed"},
	{"mx.ipv6", CategoryMX, "MX hosts reachable over IPv6 (AAAA)", "some MX has AAAA: pass; none: warn", true,
		"RFC 3596; RFC 5321 §5.1", "skip: no MX host; error: the AAAA lookups failed"},
	{"mx.ptr", CategoryMX, "forward-confirmed reverse DNS (PTR → name → same address) of MX addresses", "all confirmed: pass; some not: warn", true,
		"RFC 1912 §2.1", "skip: no MX address; error: reverse lookups failed"},
	{"spf.record", CategorySPF, "exactly one v=spf1 TXT record at the domain", "one: pass; none or several: fail", true,
		"RFC 7208 §4.5", "error: the TXT lookup failed"},
	{"spf.syntax", CategorySPF, "RFC 7208 syntax of the record and every include/redirect, macros included", "valid: pass; redirect= next to all (the redirect never applies): warn; syntax error, missing include target, loop: fail", true,
		"RFC 7208 §4.6, §6.1, §12", "skip: no record or several; error: part of the include tree could not be fetched"},
	{"spf.lookups", CategorySPF, "DNS-querying terms across the include/redirect tree (RFC 7208 §4.6.4)", "≤ 10: pass; more: fail (receivers return permerror)", true,
		"RFC 7208 §4.6.4", "skip: no record or several; error: part of the tree could not be fetched"},
	{"spf.void_lookups", CategorySPF, "terms whose target has no records (void lookups)", "0: pass; 1–2: warn; more than 2: fail (permerror)", true,
		"RFC 7208 §4.6.4", "skip: no record or several"},
	{"spf.policy", CategorySPF, "the final all of the policy", "-all or ~all: pass; ?all or no all: warn; +all: fail; null MX: only -all passes, ~all is warn", true,
		"RFC 7208 §4.7, §5.1, §6.1; RFC 7505; M3AAWG parked domains", "info: the record ends in a redirect= whose target depends on the message (a macro), so its policy cannot be judged without one; skip: no record or several; error: the record could not be fetched"},
	{"spf.ptr", CategorySPF, "use of the ptr mechanism (RFC 7208 §5.5: SHOULD NOT)", "not used: pass; used: warn", true,
		"RFC 7208 §5.5", "skip: no record or several"},
	{"dmarc.record", CategoryDMARC, "one DMARC record at _dmarc.<domain>, else the one the DNS tree walk finds at its organizational or public suffix domain", "own or inherited from the organizational domain: pass; only the public suffix operator's (psd=y): warn; none, or several at the domain: fail", true,
		"RFC 9989 §4.10, §4.10.1", "error: a lookup of the tree walk failed (receivers decide themselves then)"},
	{"dmarc.syntax", CategoryDMARC, "RFC 9989 tags and values", "valid: pass (unknown tags, the removed pct/rf/ri, an obsolete !size and p not second are info notes); a tag receivers discard (invalid value, not tag=value, bad URI): warn; unusable (repeated tag, no valid p and no valid rua): fail", true,
		"RFC 9989 §4.7, §4.8", "skip: no record or several; error: the record could not be fetched"},
	{"dmarc.policy", CategoryDMARC, "the policy receivers apply: p, or sp (np for a name that does not exist) when inherited, one level lower under t=y", "reject or quarantine as applied: pass; none: warn; null MX: only reject passes", true,
		"RFC 9989 §4.7, §4.10.1; RFC 7505; M3AAWG parked domains", "skip: no usable record; error: the record could not be fetched"},
	{"dmarc.reporting", CategoryDMARC, "aggregate reports (rua) and authorization of destinations outside the organizational domain", "a mailto: rua, external destinations authorized: pass; no rua, no mailto:, an unauthorized destination, or (null MX) reports addressed to the domain itself: warn", true,
		"RFC 9989 §4.7; RFC 9990 §3", "info: no rua at a null-MX domain (optional there); skip: no usable record; error: an authorization or tree-walk lookup failed"},
	{"dkim.keys", CategoryDKIM, "DKIM keys at --dkim-selectors or common selectors, wildcard-safe", "RSA ≥ 2048 or ed25519: pass; RSA 1024 or testing flag: warn; RSA < 1024 or broken key: fail; null MX: a revoked wildcard key passes", true,
		"RFC 6376 §3.6.1; RFC 8301 §3.2; RFC 8463; M3AAWG parked domains", "info: no key at the selectors tried (they cannot be listed), or only revoked keys (empty p=, no usable key); error: the lookups failed"},
	{"mtasts.record", CategoryMTASTS, "the _mta-sts TXT record (RFC 8461 §3.1)", "valid: pass; absent: warn; invalid or several: fail", true,
		"RFC 8461 §3.1", "skip: null MX (no mail is delivered to protect); error: the lookup failed"},
	{"mtasts.policy", CategoryMTASTS, "the policy at https://mta-sts.<domain>/.well-known/mta-sts.txt: certificate, no redirect, 64 KiB limit, mode, MX coverage, max_age", "enforce covering every MX: pass; testing, none, short max_age: warn; unfetchable, invalid, or an MX not covered in enforce: fail", true,
		"RFC 8461 §3.2, §3.3, §4.1", "skip: no valid record, or null MX; error: the policy host could not be reached in time (unknown keys are info notes; LF and CRLF line endings are both valid)"},
	{"tlsrpt.record", CategoryTLSRPT, "the _smtp._tls TXT record (RFC 8460)", "valid: pass; absent, or a rua URI senders cannot use next to a usable one: warn; invalid, no usable rua, or several: fail", true,
		"RFC 8460 §3", "skip: null MX (no mail is delivered to report on); error: the lookup failed"},
	{"bimi.record", CategoryBIMI, "the default._bimi TXT record (brand logo)", "information only, never scored", false,
		"draft-brand-indicators-for-message-identification (not an RFC)", "info: always; error: the lookup failed"},
	{"dnssec.domain", CategoryDNSSEC, "the domain's zone is DNSSEC-signed and its answers validate (AD bit from the resolver)", "signed and validated: pass; signed without DS at the parent: warn; unsigned or bogus: fail", true,
		"RFC 4033 §3; RFC 9364", "info: unsigned at a null-MX domain (parked-domain advice does not ask for DNSSEC); error: not measured, or the resolver does not validate"},
	{"dnssec.mx", CategoryDNSSEC, "the MX hosts' answers validate with DNSSEC", "all validated: pass; any unsigned or bogus: fail", true,
		"RFC 4033 §3; RFC 7672 §2.2", "skip: no MX host; error: not measured"},
	{"dane.tlsa", CategoryTLS, "TLSA at _25._tcp.<mx>, DNSSEC-validated, matches the served certificate", "match: pass; not validated: warn; mismatch or unusable: fail; absent: info; SERVFAIL, lookup failed or no certificate to compare: error", true,
		"RFC 7672; RFC 6698", "info: no TLSA record; skip: --no-connect, no MX host, or a null MX; error: SERVFAIL, lookup failed or no certificate to compare"},
	{"smtp.connect", CategoryTLS, "port 25 of each MX address answers 220", "answers 220: pass; non-220 greeting, closed without greeting, or connection refused while other addresses answer: fail; no connection or no complete greeting within the time limit: error naming the limit; blocked from here or no IPv6 route: error with a hint", true,
		"RFC 5321 §3.1, §4.2", "skip: --no-connect, no MX host, a host without address, or a null MX; error: no connection or no complete greeting within the time limit (named in the summary), port 25 blocked from here or no IPv6 route"},
	{"smtp.starttls", CategoryTLS, "STARTTLS offered and the handshake succeeds", "yes: pass; not offered, refused or handshake fails: fail; no answer to EHLO or STARTTLS, or a handshake not completed, within the time limit: error naming the limit; session ended at EHLO: error; no SMTP session: skip", true,
		"RFC 3207", "skip: no SMTP session, --no-connect, or a null MX; error: no answer to EHLO or STARTTLS, or a handshake not completed, within the time limit (named in the summary), or the session ended at EHLO"},
	{"smtp.tls_version", CategoryTLS, "TLS versions accepted", "1.3/1.2: pass; also ≤ 1.1: warn; only ≤ 1.1: fail", true,
		"RFC 8996", "skip: no TLS session, --no-connect, or a null MX"},
	{"smtp.certificate", CategoryTLS, "chain (system roots + --ca-file), name, ≥ 14 days left, key size", "valid: pass; < 14 days left: warn; expired, untrusted, wrong name, RSA < 2048 or EC < 256: fail (a chain matched by DNSSEC-validated DANE passes)", true,
		"RFC 6125 §6; RFC 7672 §3.2", "skip: no TLS session, --no-connect, or a null MX"},
	{"client.submission", CategoryClient, "submission ports 465/587 with TLS (hosts from SRV, RFC 6186/8314, or --client-host)", "TLS with a valid certificate: pass; problems: warn/fail; SRV target \".\" or port closed on --client-host: info; SRV lookup failed, or no connection, greeting or handshake within the time limit: error; no SRV and no --client-host: skip", true,
		"RFC 8314; RFC 6186", "info: SRV target \".\" or port closed on --client-host; skip: no SRV and no --client-host, --no-connect, no MX host, or a null MX; error: the SRV lookup failed, or no connection, greeting or handshake within the time limit"},
	{"client.imap", CategoryClient, "IMAP port 993 with TLS (hosts from SRV or --client-host)", "TLS with a valid certificate: pass; problems: warn/fail; SRV target \".\" or port closed on --client-host: info; SRV lookup failed, or no connection, greeting or handshake within the time limit: error; no SRV and no --client-host: skip", true,
		"RFC 8314; RFC 6186", "info: SRV target \".\" or port closed on --client-host; skip: no SRV and no --client-host, --no-connect, no MX host, or a null MX; error: the SRV lookup failed, or no connection, greeting or handshake within the time limit"},
	{"sending.ptr", CategorySending, "forward-confirmed reverse DNS (PTR → name → same address) of each --sending-ip address", "every address confirmed: pass; an address without PTR, or whose PTR name does not resolve back to it: fail (Gmail refuses such mail, 5.7.25); not scored: the addresses are given per run", false,
		"RFC 1912 §2.1; Gmail and Yahoo sender requirements", "skip: no --sending-ip given; error: a reverse or forward lookup failed"},
	{"sending.spf", CategorySending, "the SPF result (check_host, MAIL FROM postmaster@<domain>) for each --sending-ip address", "pass for every address: pass; neutral or softfail: warn; fail, none or permerror: fail; not scored: the addresses are given per run", false,
		"RFC 7208 §2.6, §4", "skip: no --sending-ip given; error: temperror (a lookup failed)"},
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
		fmt.Fprintf(&b, "  %-18s %s\n  %-18s   → %s\n  %-18s   → %s (%s)\n", c.ID, c.Measures, "", c.Judged, "", c.Unjudged, c.RFC)
	}
	return b.String()
}

// RegistryTable is the check table of probe/README.md, generated from the
// registry.
func RegistryTable() string {
	var b strings.Builder
	b.WriteString("| id | category | measures | pass / warn / fail | skip / info / error | rests on | scored |\n|---|---|---|---|---|---|---|\n")
	for _, c := range Registry {
		scored := "yes"
		if !c.Scored {
			scored = "no (info)"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | %s |\n", c.ID, c.Category, c.Measures, c.Judged, c.Unjudged, c.RFC, scored)
	}
	return b.String()
}
