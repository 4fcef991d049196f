// Package tlsrpt parses SMTP TLS Reporting records (RFC 8460), published at
// _smtp._tls.<domain> to receive reports about failed TLS to the domain.
package tlsrpt

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/probe/dnsclient"
	"github.com/mailpick/mailpick/probe/tagvalue"
)

// Record is a parsed TLS-RPT record.
type Record struct {
	RUA        []string // usable URIs: mailto: with an address, https: with a host
	Extensions map[string]string
	// Warnings name rua URIs senders cannot use (another scheme, a
	// malformed address), discarded while another one is usable.
	Warnings []string
	// WarningCodes are Warnings as coded messages (msg), for a report in
	// another language.
	WarningCodes []msg.Message `json:"-"`
}

// IsRecord reports whether a TXT string claims to be a TLS-RPT record.
func IsRecord(txt string) bool {
	return strings.HasPrefix(strings.TrimLeft(txt, " \t"), "v=TLSRPTv1")
}

// Parse parses "v=TLSRPTv1; rua=mailto:...,https://...".
func Parse(txt string) (*Record, error) {
	txt = strings.Trim(txt, " \t")
	r := &Record{Extensions: map[string]string{}}
	parts := strings.Split(txt, ";")
	seen := map[string]bool{}
	for i, part := range parts {
		part = strings.Trim(part, " \t")
		if part == "" && i == len(parts)-1 && i > 0 {
			continue
		}
		if i == 0 {
			// RFC 8460 §3: the version is exactly "v=TLSRPTv1", no
			// spaces around "=" (those are allowed in other fields).
			if part != "v=TLSRPTv1" {
				return nil, coded("start", "v", `"v=TLSRPTv1"`)
			}
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		k, v = strings.Trim(k, " \t"), strings.Trim(v, " \t")
		if !ok || k == "" {
			return nil, msg.NewErr("probe.mtasts.record.not_kv", "part", strconv.Quote(clip(part)))
		}
		if seen[k] {
			return nil, msg.NewErr("probe.mtasts.record.twice", "field", strconv.Quote(clip(k)))
		}
		seen[k] = true
		if k != "rua" {
			r.Extensions[k] = v
			continue
		}
		var unusable msg.Clauses
		for _, raw := range strings.Split(v, ",") {
			raw = strings.Trim(raw, " \t")
			if problem := uriProblem(raw); !problem.IsZero() {
				unusable = append(unusable, problem)
				continue
			}
			r.RUA = append(r.RUA, raw)
		}
		if len(r.RUA) == 0 {
			return nil, coded("no_usable", "problems", unusable)
		}
		// Senders report to the URIs they can use (RFC 8460 §3); the
		// rest are discarded.
		for _, u := range unusable {
			w := msg.New("probe.tlsrpt.skipped_uri", "uri", u)
			r.Warnings = append(r.Warnings, msg.Render("en", w))
			r.WarningCodes = append(r.WarningCodes, w)
		}
	}
	if !seen["rua"] {
		return nil, coded("no_rua", "rua", `"rua"`)
	}
	return r, nil
}

// uriProblem says why senders cannot report to raw, "" if they can: RFC
// 8460 §3 defines the mailto and https schemes.
func uriProblem(raw string) msg.Message {
	q := strconv.Quote(clip(raw))
	u, err := url.Parse(raw)
	if err != nil || raw == "" {
		return msg.New("probe.tlsrpt.uri.not_uri", "uri", q)
	}
	switch strings.ToLower(u.Scheme) {
	case "mailto":
		addr := u.Opaque
		if l, d, ok := strings.Cut(addr, "@"); !ok || l == "" || d == "" || strings.ContainsAny(d, "@ ") {
			return msg.New("probe.tlsrpt.uri.mailto", "uri", q, "example", "tlsrpt@example.com")
		}
	case "https":
		if u.Host == "" {
			return msg.New("probe.tlsrpt.uri.https", "uri", q)
		}
	default:
		return msg.New("probe.tlsrpt.uri.scheme", "uri", q, "mailto", "mailto:", "https", "https:")
	}
	return msg.Message{}
}

// coded is an error in words a report can give in any language: the
// message probe.tlsrpt.<code> (msg/probe_policy.go), whose English is the
// error's text.
func coded(code string, kv ...any) *msg.Err { return msg.NewErr("probe.tlsrpt."+code, kv...) }

// Repair returns raw with what makes it invalid or partly unusable
// corrected in place — the version field written exactly, parts that are
// not key=value and repeated fields removed, unusable rua URIs dropped, a
// missing or empty rua set to defaultRUA — and everything else kept as
// published. The result parses whenever raw starts with "v=TLSRPTv1".
func Repair(raw, defaultRUA string) string {
	out := raw
	if f := tagvalue.Split(out); strings.Trim(f[0].Raw, " \t") != "v=TLSRPTv1" {
		out = tagvalue.ReplaceAt(out, 0, "v=TLSRPTv1")
	}
	for changed := true; changed; {
		changed = false
		fields := tagvalue.Split(out)
		seen := map[string]bool{}
		for i, f := range fields {
			if i == 0 || (strings.Trim(f.Raw, " \t") == "" && i == len(fields)-1) {
				continue
			}
			// The same reading as Parse.
			k := f.Name
			switch {
			case !f.HasEq || k == "" || seen[k]:
				out, changed = tagvalue.RemoveAt(out, i), true
			case k == "rua":
				all := strings.Split(f.Value, ",")
				var keep []string
				for _, u := range all {
					if u = strings.Trim(u, " \t"); uriProblem(u).IsZero() {
						keep = append(keep, u)
					}
				}
				if len(keep) < len(all) {
					if len(keep) == 0 {
						keep = []string{defaultRUA}
					}
					out, changed = tagvalue.SetAt(out, i, strings.Join(keep, ",")), true
				}
			}
			if changed {
				break
			}
			seen[k] = true
		}
	}
	if tagvalue.Index(out, tagvalue.Named("rua")) < 0 {
		out = tagvalue.Append(out, "rua="+defaultRUA)
	}
	return out
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// Lookup returns the TLS-RPT records at _smtp._tls.<domain>.
func Lookup(ctx context.Context, c *dnsclient.Client, domain string) ([]string, error) {
	return c.TXTWhere(ctx, "_smtp._tls."+strings.TrimSuffix(domain, "."), IsRecord)
}
