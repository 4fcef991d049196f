package probe

import (
	"fmt"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/mailpick/mailpick/probe/dane"
	"github.com/mailpick/mailpick/probe/dnsclient"
	"github.com/mailpick/mailpick/probe/smtp"
	"github.com/mailpick/mailpick/probe/tlsprobe"
)

// Categories of the transport checks.
const (
	CategoryTLS    = "tls"
	CategoryClient = "client"
)

// port25Hint is shown when no MX address accepted a connection: the cause
// is usually this network, not the domain.
const port25Hint = "outbound port 25 appears blocked from here; run from a host that can reach port 25, or use --no-connect"

func target(r *smtp.Result) string { return fmt.Sprintf("%s [%s]", r.Host, r.Addr) }

func baseDetails(r *smtp.Result) map[string]any {
	d := map[string]any{"host": r.Host, "address": r.Addr, "port": r.Port}
	if r.Banner != nil {
		d["banner"] = r.Banner.String()
	}
	if r.Err != nil {
		d["error"] = r.Err.Error()
		d["stage"] = string(r.FailedAt)
		if len(r.Transcript) > 0 {
			// What was said, so an admin can see where it went wrong.
			d["dialogue"] = r.Transcript
		}
	}
	return d
}

// smtpChecks turns one domain's SMTP results into smtp.connect,
// smtp.starttls, smtp.tls_version and smtp.certificate per address.
//
// tlsa (by MX host) lets a chain that DANE authenticates pass without a
// public CA: DANE-EE(3) ignores names and dates, DANE-TA(2) replaces the
// roots (RFC 7672 §3.1). Senders that use DANE accept such servers.
func smtpChecks(rs []*smtp.Result, tlsa map[string]tlsaLookup, now time.Time) []Check {
	// Port 25 blocked here, not broken there: every address failed to
	// connect with a timeout, refusal or missing route.
	blocked := len(rs) > 0
	for _, r := range rs {
		if r.FailedAt != smtp.StageDial || r.DialKind == smtp.DialOther {
			blocked = false
		}
	}
	var out []Check
	for _, r := range rs {
		out = append(out, connectCheck(r, blocked), starttlsCheck(r), versionCheck(r), certCheck(r, daneUsage(r, tlsa, now)))
	}
	return out
}

func connectCheck(r *smtp.Result, blocked bool) Check {
	c := Check{ID: "smtp.connect", Category: CategoryTLS, Target: target(r), Details: baseDetails(r)}
	switch {
	case r.FailedAt != smtp.StageDial:
		if r.Banner != nil && r.Banner.Code == 220 {
			c.Status, c.Summary = Pass, fmt.Sprintf("%s answers on port %s with 220", c.Target, r.Port)
			return c
		}
		if r.Banner == nil && smtp.Timeout(r.Err) {
			// Silent, or too slow to finish its greeting: the greeting
			// was not measured, which is no verdict on the server.
			c.Status = Error
			c.Summary = fmt.Sprintf("%s accepted the connection but sent no complete greeting %s; not measured", c.Target, withinLimit(r.Limit))
			c.Details["time_limit"] = r.Limit.String()
			return c
		}
		c.Status = Fail
		if r.Banner != nil {
			c.Summary = fmt.Sprintf("%s greets with %d instead of 220: %s", c.Target, r.Banner.Code, clipText(r.Banner.Text(), 80))
		} else {
			c.Summary = fmt.Sprintf("%s accepted the connection but did not greet: %v", c.Target, r.Err)
		}
		c.Fix = "make the MTA on this host greet with \"220 <hostname> ESMTP\" promptly; check it is running, not overloaded, and not blocking this client"
	case blocked:
		c.Status = Error
		how := "(" + string(r.DialKind) + ")"
		if r.DialKind == smtp.DialTimeout {
			how = withinLimit(r.ConnectLimit)
		}
		c.Summary = fmt.Sprintf("could not connect to %s port %s %s: %s", c.Target, r.Port, how, port25Hint)
		c.Details["hint"] = port25Hint
	case r.DialKind == smtp.DialUnreachable:
		c.Status = Error
		c.Summary = fmt.Sprintf("no route from here to %s; this network may lack IPv6", c.Target)
	case r.DialKind == smtp.DialTimeout:
		c.Status = Error
		c.Summary = fmt.Sprintf("%s did not accept a connection on port %s %s while other MX addresses did; not measured", c.Target, r.Port, withinLimit(r.ConnectLimit))
		c.Details["time_limit"] = r.ConnectLimit.String()
	default:
		c.Status = Fail
		c.Summary = fmt.Sprintf("%s did not accept a connection on port %s (%s) while other MX addresses did", c.Target, r.Port, r.DialKind)
		c.Fix = "make the host listen on port 25 and open it in the firewall, or remove this address or MX record"
	}
	return c
}

// withinLimit names the time a step was allowed, for summaries of what
// could not be measured in time.
func withinLimit(d time.Duration) string {
	if d <= 0 {
		return "within the time limit"
	}
	return fmt.Sprintf("within the time limit (%s)", d)
}

func reached(r *smtp.Result) bool {
	return r.FailedAt != smtp.StageDial && r.FailedAt != smtp.StageBanner
}

func starttlsCheck(r *smtp.Result) Check {
	c := Check{ID: "smtp.starttls", Category: CategoryTLS, Target: target(r), Details: baseDetails(r)}
	fix := "enable STARTTLS with a certificate for this host name (Postfix: smtpd_tls_security_level = may, smtpd_tls_chain_files = key.pem fullchain.pem)"
	switch {
	case !reached(r):
		c.Status, c.Summary = Skip, "not measured: no SMTP session with "+c.Target
	case r.FailedAt == smtp.StageEHLO && r.EHLO == nil && smtp.Timeout(r.Err):
		c.Status = Error
		c.Summary = fmt.Sprintf("%s did not answer EHLO %s; STARTTLS support not measured", c.Target, withinLimit(r.Limit))
	case r.FailedAt == smtp.StageEHLO && r.EHLO == nil:
		c.Status = Error
		c.Summary = fmt.Sprintf("%s ended the session after EHLO (%v); STARTTLS support unknown", c.Target, r.Err)
	case r.FailedAt == smtp.StageEHLO:
		c.Status, c.Fix = Fail, "accept EHLO from any client (RFC 5321 §4.1.4)"
		c.Summary = fmt.Sprintf("%s refused EHLO: %v", c.Target, r.Err)
	case !r.StartTLSOffered:
		c.Status, c.Fix = Fail, fix
		c.Summary = fmt.Sprintf("%s does not offer STARTTLS: mail to it travels unencrypted", c.Target)
	case r.FailedAt == smtp.StageStartTLS && r.StartTLSReply == nil && smtp.Timeout(r.Err):
		c.Status = Error
		c.Summary = fmt.Sprintf("%s did not answer STARTTLS %s; not measured", c.Target, withinLimit(r.Limit))
	case r.FailedAt == smtp.StageStartTLS:
		c.Status, c.Fix = Fail, fix
		c.Summary = fmt.Sprintf("%s offers STARTTLS but it fails: %v", c.Target, r.Err)
	case r.FailedAt == smtp.StageHandshake && smtp.Timeout(r.Err):
		// A stalled handshake says nothing about which versions the
		// server speaks, so even a TLS ≤ 1.1 success elsewhere does not
		// settle it.
		c.Status = Error
		c.Summary = fmt.Sprintf("%s offers STARTTLS but the TLS handshake did not complete %s; not measured", c.Target, withinLimit(r.Limit))
	case r.FailedAt == smtp.StageHandshake && r.Legacy != nil && r.Legacy.Accepted:
		c.Status = Pass
		c.Summary = fmt.Sprintf("%s supports STARTTLS, but only with %s", c.Target, versionName(r.Legacy.Version))
	case r.FailedAt == smtp.StageHandshake:
		c.Status, c.Fix = Fail, fix
		c.Summary = fmt.Sprintf("%s offers STARTTLS but the TLS handshake fails: %v", c.Target, r.Err)
	default:
		c.Status = Pass
		c.Summary = fmt.Sprintf("%s supports STARTTLS (%s)", c.Target, r.TLS.VersionName())
	}
	return c
}

func versionName(v uint16) string { return (&tlsprobe.State{Version: v}).VersionName() }

func versionCheck(r *smtp.Result) Check {
	c := Check{ID: "smtp.tls_version", Category: CategoryTLS, Target: target(r), Details: baseDetails(r)}
	fix := "allow only TLS 1.2 and 1.3 (Postfix: smtpd_tls_protocols = >=TLSv1.2; Exim: tls_require_ciphers / openssl_options = +no_tlsv1 +no_tlsv1_1)"
	legacyOK := r.Legacy != nil && r.Legacy.Accepted
	if r.Legacy != nil {
		c.Details["legacy_accepted"] = legacyOK
		if legacyOK {
			c.Details["legacy_version"] = versionName(r.Legacy.Version)
		}
		if r.Legacy.Err != nil {
			c.Details["legacy_error"] = r.Legacy.Err.Error()
		}
	}
	switch {
	case r.TLS != nil:
		c.Details["version"] = r.TLS.VersionName()
		c.Details["cipher"] = r.TLS.CipherName()
		if r.TLS.WeakCipher() {
			c.Details["weak_cipher"] = true
		}
		if legacyOK {
			c.Status, c.Fix = Warn, fix
			c.Summary = fmt.Sprintf("%s negotiates %s but still accepts %s", c.Target, r.TLS.VersionName(), versionName(r.Legacy.Version))
		} else {
			c.Status = Pass
			c.Summary = fmt.Sprintf("%s negotiates %s with %s", c.Target, r.TLS.VersionName(), r.TLS.CipherName())
			if r.Legacy != nil && r.Legacy.Err != nil {
				c.Summary += "; whether it accepts TLS 1.0/1.1 was not measured"
			}
		}
	case legacyOK:
		c.Status, c.Fix = Fail, "upgrade the TLS library or MTA so it speaks TLS 1.2 and 1.3; "+fix
		c.Summary = fmt.Sprintf("%s speaks only %s, which is deprecated (RFC 8996)", c.Target, versionName(r.Legacy.Version))
	default:
		c.Status, c.Summary = Skip, "not measured: no TLS session with "+c.Target
	}
	return c
}

// certProblems judges a served chain: fail for what makes verifying
// senders and clients refuse it, warn for what will soon.
func certProblems(st *tlsprobe.State) (Status, []string) {
	var fails, warns []string
	if st.Expired {
		fails = append(fails, fmt.Sprintf("expired on %s", st.NotAfter.Format("2006-01-02")))
	} else if st.DaysLeft < tlsprobe.SoonDays {
		warns = append(warns, fmt.Sprintf("expires in %d days (%s)", st.DaysLeft, st.NotAfter.Format("2006-01-02")))
	}
	if st.ChainErr != nil {
		fails = append(fails, st.ChainProblem())
	}
	if st.NameErr != nil {
		fails = append(fails, "does not cover the host name")
	}
	switch {
	case st.KeyType == "RSA" && st.KeyBits < 2048, st.KeyType == "ECDSA" && st.KeyBits < 256:
		fails = append(fails, fmt.Sprintf("%s key of %d bits is too weak", st.KeyType, st.KeyBits))
	}
	switch {
	case len(fails) > 0:
		return Fail, append(fails, warns...)
	case len(warns) > 0:
		return Warn, warns
	}
	return Pass, nil
}

func certDetails(d map[string]any, st *tlsprobe.State) {
	if len(st.Chain) > 0 {
		leaf := st.Chain[0]
		d["subject"] = leaf.Subject.String()
		d["issuer"] = leaf.Issuer.String()
		d["names"] = leaf.DNSNames
	}
	d["not_after"] = st.NotAfter.UTC().Format("2006-01-02T15:04:05Z")
	d["days_left"] = st.DaysLeft
	d["key"] = fmt.Sprintf("%s %d", st.KeyType, st.KeyBits)
	d["chain_length"] = len(st.Chain)
}

func certFix(problems []string) string {
	var fix []string
	for _, p := range problems {
		switch {
		case strings.HasPrefix(p, "expire"):
			fix = append(fix, "renew the certificate and reload the server (automate with ACME)")
		case strings.Contains(p, "self-signed"), strings.Contains(p, "unknown authority"):
			fix = append(fix, "serve a certificate from a public CA with its full chain (fullchain.pem)")
		case strings.Contains(p, "host name"):
			fix = append(fix, "get a certificate whose SAN includes the MX host name")
		case strings.Contains(p, "weak"):
			fix = append(fix, "reissue with an RSA 2048+ or ECDSA P-256 key")
		default:
			fix = append(fix, "serve a valid certificate chain")
		}
	}
	return strings.Join(uniq(fix), "; ")
}

func uniq(s []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// daneUsage is the usage (2 or 3) of a DNSSEC-validated TLSA record that
// matches r's chain, or -1.
func daneUsage(r *smtp.Result, tlsa map[string]tlsaLookup, now time.Time) int {
	lk, ok := tlsa[r.Host]
	if !ok || !lk.secure || lk.err != nil || r.TLS == nil {
		return -1
	}
	if m := dane.Match(lk.recs, r.TLS.Chain, now); m.Matched != nil {
		return int(m.Matched.Usage)
	}
	return -1
}

func certCheck(r *smtp.Result, daneUsage int) Check {
	c := Check{ID: "smtp.certificate", Category: CategoryTLS, Target: target(r), Details: baseDetails(r)}
	if r.TLS == nil {
		c.Status, c.Summary = Skip, "not measured: no TLS 1.2+ session with "+c.Target
		return c
	}
	certDetails(c.Details, r.TLS)
	st := *r.TLS
	via := ""
	switch daneUsage {
	case dane.UsageDANEEE:
		st.ChainErr, st.NameErr, st.Expired, st.DaysLeft = nil, nil, false, tlsprobe.SoonDays
		via = " (authenticated by a DANE-EE TLSA record, which ignores issuer, names and dates)"
		c.Details["dane"] = "DANE-EE"
	case dane.UsageDANETA:
		st.ChainErr = nil
		via = " (its chain is anchored by a DANE-TA TLSA record)"
		c.Details["dane"] = "DANE-TA"
	}
	status, problems := certProblems(&st)
	c.Status = status
	if status == Pass {
		c.Summary = fmt.Sprintf("%s serves a trusted certificate for its name, %d days left, %s %d%s", c.Target, r.TLS.DaysLeft, r.TLS.KeyType, r.TLS.KeyBits, via)
		return c
	}
	c.Summary = fmt.Sprintf("certificate of %s: %s", c.Target, strings.Join(problems, "; "))
	c.Fix = certFix(problems)
	return c
}

// tlsaLookup is the DNS half of dane.tlsa.
type tlsaLookup struct {
	recs   []*dns.TLSA
	secure bool
	err    error
}

// daneCheck judges the TLSA set of one MX host against a chain it served
// (nil when no TLS session was had).
func daneCheck(host string, lk tlsaLookup, served *smtp.Result, now time.Time) Check {
	owner := dane.Owner(host)
	c := Check{ID: "dane.tlsa", Category: CategoryTLS, Target: strings.TrimSuffix(owner, "."), Details: map[string]any{"owner": owner}}
	switch {
	case dnsclient.IsAbsent(lk.err):
		c.Status = Info
		c.Summary = fmt.Sprintf("no TLSA record for %s: DANE is not used (fine when MTA-STS is enforced)", host)
		return c
	case lk.err != nil:
		c.Status = Error
		c.Summary = fmt.Sprintf("TLSA lookup for %s failed: %v", host, lk.err)
		c.Details["error"] = lk.err.Error()
		return c
	case len(lk.recs) == 0:
		c.Status, c.Summary = Info, fmt.Sprintf("no TLSA record for %s: DANE is not used", host)
		return c
	}
	var recs []string
	for _, r := range lk.recs {
		recs = append(recs, fmt.Sprintf("%d %d %d %s", r.Usage, r.Selector, r.MatchingType, clipText(r.Certificate, 72)))
	}
	c.Details["records"] = recs
	c.Details["dnssec_validated"] = lk.secure
	if !lk.secure {
		c.Status = Warn
		c.Summary = fmt.Sprintf("TLSA records for %s are not DNSSEC-validated, so senders ignore them", host)
		c.Fix = "sign the zone of " + host + " with DNSSEC and publish its DS record at the parent"
		return c
	}
	if served == nil || served.TLS == nil {
		c.Status = Error
		c.Summary = fmt.Sprintf("TLSA published for %s but no certificate could be fetched to compare", host)
		return c
	}
	m := dane.Match(lk.recs, served.TLS.Chain, now)
	c.Details["usable"] = m.Usable
	c.Details["compared_with"] = target(served)
	switch {
	case m.Matched != nil:
		c.Status = Pass
		c.Summary = fmt.Sprintf("TLSA %d %d %d for %s matches the served certificate", m.Matched.Usage, m.Matched.Selector, m.Matched.MatchingType, host)
	case m.Usable == 0:
		c.Status = Fail
		c.Summary = fmt.Sprintf("no TLSA record for %s is usable for SMTP (usage must be 2 or 3)", host)
		c.Fix = "publish " + dane.Suggest(owner, served.TLS.Chain[0])
	default:
		c.Status = Fail
		c.Summary = fmt.Sprintf("TLSA records for %s do not match the served certificate: DANE senders will not deliver", host)
		c.Fix = "publish " + dane.Suggest(owner, served.TLS.Chain[0]) + " (keep the old record until the new one has propagated)"
	}
	return c
}

func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
