// Package tlsrpt parses SMTP TLS Reporting records (RFC 8460), published at
// _smtp._tls.<domain> to receive reports about failed TLS to the domain.
package tlsrpt

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

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
				return nil, errors.New(`record must start with "v=TLSRPTv1"`)
			}
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		k, v = strings.Trim(k, " \t"), strings.Trim(v, " \t")
		if !ok || k == "" {
			return nil, fmt.Errorf("%q is not key=value", clip(part))
		}
		if seen[k] {
			return nil, fmt.Errorf("field %q appears twice", clip(k))
		}
		seen[k] = true
		if k != "rua" {
			r.Extensions[k] = v
			continue
		}
		var unusable []string
		for _, raw := range strings.Split(v, ",") {
			raw = strings.Trim(raw, " \t")
			if problem := uriProblem(raw); problem != "" {
				unusable = append(unusable, problem)
				continue
			}
			r.RUA = append(r.RUA, raw)
		}
		if len(r.RUA) == 0 {
			return nil, errors.New("no usable rua: " + strings.Join(unusable, "; "))
		}
		// Senders report to the URIs they can use (RFC 8460 §3); the
		// rest are discarded.
		for _, u := range unusable {
			r.Warnings = append(r.Warnings, u+"; senders skip it")
		}
	}
	if !seen["rua"] {
		return nil, errors.New(`missing "rua" (where reports should go)`)
	}
	return r, nil
}

// uriProblem says why senders cannot report to raw, "" if they can: RFC
// 8460 §3 defines the mailto and https schemes.
func uriProblem(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || raw == "" {
		return fmt.Sprintf("rua %q is not a URI", clip(raw))
	}
	switch strings.ToLower(u.Scheme) {
	case "mailto":
		addr := u.Opaque
		if l, d, ok := strings.Cut(addr, "@"); !ok || l == "" || d == "" || strings.ContainsAny(d, "@ ") {
			return fmt.Sprintf("rua %q: mailto needs an address like tlsrpt@example.com", clip(raw))
		}
	case "https":
		if u.Host == "" {
			return fmt.Sprintf("rua %q: https URI needs a host", clip(raw))
		}
	default:
		return fmt.Sprintf("rua %q: senders support only mailto: and https:", clip(raw))
	}
	return ""
}

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
					if u = strings.Trim(u, " \t"); uriProblem(u) == "" {
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
