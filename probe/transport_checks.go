package probe

import (
	"fmt"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/mailpick/mailpick/msg"
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
var port25Hint = m("tls.port25_hint")

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
			c.Status = Pass
			c.say("tls.connect.pass", "target", c.Target, "port", r.Port)
			return c
		}
		if r.Banner == nil && smtp.Timeout(r.Err) {
			// Silent, or too slow to finish its greeting: the greeting
			// was not measured, which is no verdict on the server.
			c.Status = Error
			c.say("tls.connect.silent", "target", c.Target, "limit", withinLimit(r.Limit))
			c.Details["time_limit"] = r.Limit.String()
			return c
		}
		c.Status = Fail
		if r.Banner != nil {
			c.say("tls.connect.bad_greeting", "target", c.Target, "code", r.Banner.Code, "text", clipText(r.Banner.Text(), 80))
		} else {
			c.say("tls.connect.no_greeting", "target", c.Target, "err", errMsg(r.Err))
		}
		c.fix("tls.connect.greet.fix", "greeting", "\"220 <hostname> ESMTP\"")
	case blocked:
		c.Status = Error
		how := m("tls.dial_kind", "kind", dialKind(r.DialKind))
		if r.DialKind == smtp.DialTimeout {
			how = withinLimit(r.ConnectLimit)
		}
		c.say("tls.connect.blocked", "target", c.Target, "port", r.Port, "how", how, "hint", port25Hint)
		c.Details["hint"] = msg.Render("en", port25Hint)
	case r.DialKind == smtp.DialUnreachable:
		c.Status = Error
		c.say("tls.connect.unreachable", "target", c.Target)
	case r.DialKind == smtp.DialTimeout:
		c.Status = Error
		c.say("tls.connect.timeout", "target", c.Target, "port", r.Port, "limit", withinLimit(r.ConnectLimit))
		c.Details["time_limit"] = r.ConnectLimit.String()
	default:
		c.Status = Fail
		c.say("tls.connect.refused", "target", c.Target, "port", r.Port, "kind", dialKind(r.DialKind))
		c.fix("tls.connect.refused.fix")
	}
	return c
}

// withinLimit names the time a step was allowed, for summaries of what
// could not be measured in time.
func withinLimit(d time.Duration) msg.Message {
	if d <= 0 {
		return m("tls.within")
	}
	return m("tls.within_limit", "limit", d.String())
}

// dialKind words how a connection failed (smtp.DialKind).
func dialKind(k smtp.DialKind) any {
	if msg.Has("probe.tls.dial." + string(k)) {
		return m("tls.dial." + string(k))
	}
	return string(k)
}

func reached(r *smtp.Result) bool {
	return r.FailedAt != smtp.StageDial && r.FailedAt != smtp.StageBanner
}

func starttlsCheck(r *smtp.Result) Check {
	c := Check{ID: "smtp.starttls", Category: CategoryTLS, Target: target(r), Details: baseDetails(r)}
	fix := m("tls.starttls.fix", "postfix", "Postfix: smtpd_tls_security_level = may, smtpd_tls_chain_files = key.pem fullchain.pem")
	switch {
	case !reached(r):
		c.Status = Skip
		c.say("tls.no_session", "target", c.Target)
	case r.FailedAt == smtp.StageEHLO && r.EHLO == nil && smtp.Timeout(r.Err):
		c.Status = Error
		c.say("tls.starttls.ehlo_silent", "target", c.Target, "limit", withinLimit(r.Limit))
	case r.FailedAt == smtp.StageEHLO && r.EHLO == nil:
		c.Status = Error
		c.say("tls.starttls.ehlo_ended", "target", c.Target, "err", errMsg(r.Err))
	case r.FailedAt == smtp.StageEHLO:
		c.Status = Fail
		c.fix("tls.starttls.ehlo.fix")
		c.say("tls.starttls.ehlo_refused", "target", c.Target, "err", errMsg(r.Err))
	case !r.StartTLSOffered:
		c.Status = Fail
		c.fixMsg(fix)
		c.say("tls.starttls.none", "target", c.Target)
	case r.FailedAt == smtp.StageStartTLS && r.StartTLSReply == nil && smtp.Timeout(r.Err):
		c.Status = Error
		c.say("tls.starttls.silent", "target", c.Target, "limit", withinLimit(r.Limit))
	case r.FailedAt == smtp.StageStartTLS:
		c.Status = Fail
		c.fixMsg(fix)
		c.say("tls.starttls.fails", "target", c.Target, "err", errMsg(r.Err))
	case r.FailedAt == smtp.StageHandshake && smtp.Timeout(r.Err):
		// A stalled handshake says nothing about which versions the
		// server speaks, so even a TLS ≤ 1.1 success elsewhere does not
		// settle it.
		c.Status = Error
		c.say("tls.starttls.handshake_silent", "target", c.Target, "limit", withinLimit(r.Limit))
	case r.FailedAt == smtp.StageHandshake && r.Legacy != nil && r.Legacy.Accepted:
		c.Status = Pass
		c.say("tls.starttls.legacy_only", "target", c.Target, "version", versionName(r.Legacy.Version))
	case r.FailedAt == smtp.StageHandshake:
		c.Status = Fail
		c.fixMsg(fix)
		c.say("tls.starttls.handshake_fails", "target", c.Target, "err", errMsg(r.Err))
	default:
		c.Status = Pass
		c.say("tls.starttls.pass", "target", c.Target, "version", r.TLS.VersionName())
	}
	return c
}

func versionName(v uint16) string { return (&tlsprobe.State{Version: v}).VersionName() }

func versionCheck(r *smtp.Result) Check {
	c := Check{ID: "smtp.tls_version", Category: CategoryTLS, Target: target(r), Details: baseDetails(r)}
	fix := m("tls.version.fix", "howto", "Postfix: smtpd_tls_protocols = >=TLSv1.2; Exim: tls_require_ciphers / openssl_options = +no_tlsv1 +no_tlsv1_1")
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
			c.Status = Warn
			c.fixMsg(fix)
			c.say("tls.version.legacy_too", "target", c.Target, "version", r.TLS.VersionName(), "legacy", versionName(r.Legacy.Version))
		} else {
			c.Status = Pass
			c.say("tls.version.pass", "target", c.Target, "version", r.TLS.VersionName(), "cipher", r.TLS.CipherName())
			if r.Legacy != nil && r.Legacy.Err != nil {
				c.also("tls.version.legacy_unmeasured")
			}
		}
	case legacyOK:
		c.Status = Fail
		c.fix("tls.version.upgrade", "fix", fix)
		c.say("tls.version.legacy_only", "target", c.Target, "version", versionName(r.Legacy.Version))
	default:
		c.Status = Skip
		c.say("tls.no_tls_session", "target", c.Target)
	}
	return c
}

// certProblems judges a served chain: fail for what makes verifying
// senders and clients refuse it, warn for what will soon.
func certProblems(st *tlsprobe.State) (Status, []certProblem) {
	var fails, warns []certProblem
	if st.Expired {
		fails = append(fails, certProblem{"expired", m("cert.expired", "date", st.NotAfter.Format("2006-01-02"))})
	} else if st.DaysLeft < tlsprobe.SoonDays {
		warns = append(warns, certProblem{"expiring", m("cert.expiring", "n", st.DaysLeft, "date", st.NotAfter.Format("2006-01-02"))})
	}
	if st.ChainErr != nil {
		fails = append(fails, chainProblem(st))
	}
	if st.NameErr != nil {
		fails = append(fails, certProblem{"name", m("cert.name")})
	}
	switch {
	case st.KeyType == "RSA" && st.KeyBits < 2048, st.KeyType == "ECDSA" && st.KeyBits < 256:
		fails = append(fails, certProblem{"weak", m("cert.weak", "type", st.KeyType, "bits", st.KeyBits)})
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

// certProblem is one thing wrong with a served certificate: its kind, for
// the fix, and its words.
type certProblem struct {
	kind string // expired, expiring, self-signed, unknown-ca, invalid, other, name, weak
	what msg.Message
}

// chainProblem words why the chain did not verify, as
// tlsprobe.State.ChainProblem does.
func chainProblem(st *tlsprobe.State) certProblem {
	text := st.ChainProblem()
	switch {
	case text == "self-signed certificate":
		return certProblem{"self-signed", m("cert.self_signed")}
	case strings.HasPrefix(text, "issued by an unknown authority"):
		return certProblem{"unknown-ca", m("cert.unknown_ca")}
	case strings.HasPrefix(text, "invalid certificate: "):
		return certProblem{"invalid", m("cert.invalid", "detail", strings.TrimPrefix(text, "invalid certificate: "))}
	}
	return certProblem{"other", m("err.text", "text", text)}
}

func certFix(problems []certProblem) msg.Message {
	var fix []msg.Message
	for _, p := range problems {
		switch p.kind {
		case "expired", "expiring":
			fix = append(fix, m("cert.fix.renew"))
		case "self-signed", "unknown-ca":
			fix = append(fix, m("cert.fix.public_ca", "file", "fullchain.pem"))
		case "name":
			fix = append(fix, m("cert.fix.san"))
		case "weak":
			fix = append(fix, m("cert.fix.weak"))
		default:
			fix = append(fix, m("cert.fix.chain"))
		}
	}
	return msg.Clauses(uniqMsgs(fix)).Message()
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
		c.Status = Skip
		c.say("tls.no_tls12_session", "target", c.Target)
		return c
	}
	certDetails(c.Details, r.TLS)
	st := *r.TLS
	var via any = ""
	switch daneUsage {
	case dane.UsageDANEEE:
		st.ChainErr, st.NameErr, st.Expired, st.DaysLeft = nil, nil, false, tlsprobe.SoonDays
		via = m("cert.via.ee")
		c.Details["dane"] = "DANE-EE"
	case dane.UsageDANETA:
		st.ChainErr = nil
		via = m("cert.via.ta")
		c.Details["dane"] = "DANE-TA"
	}
	status, problems := certProblems(&st)
	c.Status = status
	if status == Pass {
		c.say("cert.pass", "target", c.Target, "days", r.TLS.DaysLeft, "key", fmt.Sprintf("%s %d", r.TLS.KeyType, r.TLS.KeyBits), "via", via)
		return c
	}
	var whats msg.Clauses
	for _, p := range problems {
		whats = append(whats, p.what)
	}
	c.say("cert.problems", "target", c.Target, "items", whats)
	c.fixMsg(certFix(problems))
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
		c.say("dane.none_fine", "host", host)
		return c
	case lk.err != nil:
		c.Status = Error
		c.say("dane.failed", "host", host, "err", errMsg(lk.err))
		c.Details["error"] = lk.err.Error()
		return c
	case len(lk.recs) == 0:
		c.Status = Info
		c.say("dane.none", "host", host)
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
		c.say("dane.unvalidated", "host", host)
		c.fix("dane.unvalidated.fix", "host", host)
		return c
	}
	if served == nil || served.TLS == nil {
		c.Status = Error
		c.say("dane.no_cert", "host", host)
		return c
	}
	m := dane.Match(lk.recs, served.TLS.Chain, now)
	c.Details["usable"] = m.Usable
	c.Details["compared_with"] = target(served)
	switch {
	case m.Matched != nil:
		c.Status = Pass
		c.say("dane.pass", "tlsa", fmt.Sprintf("%d %d %d", m.Matched.Usage, m.Matched.Selector, m.Matched.MatchingType), "host", host)
	case m.Usable == 0:
		c.Status = Fail
		c.say("dane.unusable", "host", host)
		c.fix("publish", "record", dane.Suggest(owner, served.TLS.Chain[0]))
	default:
		c.Status = Fail
		c.say("dane.mismatch", "host", host)
		c.fix("dane.mismatch.fix", "record", dane.Suggest(owner, served.TLS.Chain[0]))
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
