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
)

// Record is a parsed TLS-RPT record.
type Record struct {
	RUA        []string // mailto: or https: URIs
	Extensions map[string]string
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
		for _, raw := range strings.Split(v, ",") {
			raw = strings.Trim(raw, " \t")
			u, err := url.Parse(raw)
			if err != nil {
				return nil, fmt.Errorf("rua %q is not a URI", clip(raw))
			}
			switch strings.ToLower(u.Scheme) {
			case "mailto":
				addr := u.Opaque
				if l, d, ok := strings.Cut(addr, "@"); !ok || l == "" || d == "" || strings.ContainsAny(d, "@ ") {
					return nil, fmt.Errorf("rua %q: mailto needs an address like tlsrpt@example.com", clip(raw))
				}
			case "https":
				if u.Host == "" {
					return nil, fmt.Errorf("rua %q: https URI needs a host", clip(raw))
				}
			default:
				return nil, fmt.Errorf("rua %q: only mailto: and https: are allowed", clip(raw))
			}
			r.RUA = append(r.RUA, raw)
		}
	}
	if len(r.RUA) == 0 {
		return nil, errors.New(`missing "rua" (where reports should go)`)
	}
	return r, nil
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
