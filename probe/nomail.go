package probe

// A domain that publishes a null MX — "MX 0 ." and nothing else — declares
// that it accepts no mail (RFC 7505 §3). Checks that only protect mail
// delivered to the domain have nothing to judge there, and the rest are
// judged by what a domain that sends no mail either should publish: SPF
// "-all", DMARC p=reject, optionally a revoked wildcard DKIM key
// (RFC 7505 §4, M3AAWG's best practices for parked domains).

// receivingOnly gives, for each check that matters only for receiving
// mail, why it is skipped for a null-MX domain (the message
// probe.nomail.<why>).
var receivingOnly = map[string]struct{ why, rfc string }{
	"mtasts.record":     {"mtasts", "RFC 8461 §1; RFC 7505 §3"},
	"mtasts.policy":     {"mtasts", "RFC 8461 §1; RFC 7505 §3"},
	"tlsrpt.record":     {"tlsrpt", "RFC 8460 §1; RFC 7505 §3"},
	"dane.tlsa":         {"dane", "RFC 7672 §2.2; RFC 7505 §3"},
	"smtp.connect":      {"smtp", "RFC 7505 §3"},
	"smtp.starttls":     {"smtp", "RFC 7505 §3"},
	"smtp.tls_version":  {"smtp", "RFC 7505 §3"},
	"smtp.certificate":  {"smtp", "RFC 7505 §3"},
	"client.submission": {"client", "RFC 7505 §3"},
	"client.imap":       {"client", "RFC 7505 §3"},
}

// judgeNoMail rejudges checks for a domain that accepts no mail: checks
// that only matter for receiving mail are skipped with the reason, and
// checks with a verdict of their own for such a domain take it.
func judgeNoMail(checks []Check) []Check {
	out := checks[:0]
	seen := map[string]bool{}
	for _, c := range checks {
		if r, ok := receivingOnly[c.ID]; ok {
			// One placeholder per id, even where the transport reported
			// several.
			if seen[c.ID] {
				continue
			}
			seen[c.ID] = true
			nc := Check{ID: c.ID, Category: c.Category, Status: Skip, Target: c.Target, Details: map[string]any{"rfc": r.rfc}}
			nc.say("nomail.skip", "why", m("nomail."+r.why))
			out = append(out, nc)
			continue
		}
		if c.noMail != nil {
			nm := *c.noMail
			nm.noMail = nil
			c = nm
		}
		out = append(out, c)
	}
	return out
}
