// Package mtasts parses MTA-STS DNS records and policies (RFC 8461) and
// fetches policies over HTTPS the way a sending MTA must: certificate
// checked, no redirects, size-limited, under a deadline.
package mtasts

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/probe/dnsclient"
	"github.com/mailpick/mailpick/probe/tagvalue"
)

// Record is the _mta-sts TXT record.
type Record struct {
	ID         string
	Extensions map[string]string
}

// IsRecord reports whether a TXT string claims to be an MTA-STS record.
func IsRecord(txt string) bool {
	return strings.HasPrefix(strings.TrimLeft(txt, " \t"), "v=STSv1")
}

// ParseRecord parses "v=STSv1; id=...".
func ParseRecord(txt string) (*Record, error) {
	txt = strings.Trim(txt, " \t")
	if !strings.HasPrefix(txt, "v=STSv1") {
		return nil, coded("record.start", "v", `"v=STSv1"`)
	}
	r := &Record{Extensions: map[string]string{}}
	seen := map[string]bool{}
	parts := strings.Split(txt, ";")
	for i, part := range parts {
		part = strings.Trim(part, " \t")
		if part == "" && i == len(parts)-1 {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok || k == "" {
			return nil, coded("record.not_kv", "part", strconv.Quote(clip(part)))
		}
		if seen[k] {
			return nil, coded("record.twice", "field", strconv.Quote(clip(k)))
		}
		seen[k] = true
		switch {
		case i == 0:
			if k != "v" || v != "STSv1" {
				return nil, coded("record.start", "v", `"v=STSv1"`)
			}
		case k == "id":
			// sts-id = %s"id=" 1*32(ALPHA / DIGIT)
			if v == "" || len(v) > 32 || !alnum(v) {
				return nil, coded("record.id", "id", fmt.Sprintf("id=%q", clip(v)))
			}
			r.ID = v
		default:
			// RFC 8461 §3.1 sts-ext-name / sts-ext-value.
			if len(k) > 32 || !extName(k) || !extValue(v) {
				return nil, coded("record.ext", "part", strconv.Quote(clip(part)))
			}
			r.Extensions[k] = v
		}
	}
	if r.ID == "" {
		return nil, coded("record.no_id", "id", `"id"`)
	}
	return r, nil
}

// RepairRecord returns raw with what makes it invalid corrected in place —
// parts that are not key=value, repeated fields and invalid extensions
// removed, a bad or missing id replaced by id — and everything else kept
// as published. The result parses whenever raw starts with "v=STSv1".
func RepairRecord(raw, id string) string {
	out := raw
	if f := tagvalue.Split(out); strings.Trim(f[0].Raw, " \t") != "v=STSv1" {
		out = tagvalue.ReplaceAt(out, 0, "v=STSv1")
	}
	for changed := true; changed; {
		changed = false
		parts := strings.Split(out, ";")
		seen := map[string]bool{"v": true}
		for i, part := range parts {
			part = strings.Trim(part, " \t")
			if i == 0 || (part == "" && i == len(parts)-1) {
				continue
			}
			// The same reading as ParseRecord.
			k, v, ok := strings.Cut(part, "=")
			switch {
			case !ok || k == "" || seen[k] || (k != "id" && (len(k) > 32 || !extName(k) || !extValue(v))):
				out, changed = tagvalue.RemoveAt(out, i), true
			case k == "id" && (v == "" || len(v) > 32 || !alnum(v)):
				out, changed = tagvalue.ReplaceAt(out, i, "id="+id), true
			}
			if changed {
				break
			}
			seen[k] = true
		}
	}
	if tagvalue.Index(out, tagvalue.Named("id")) < 0 {
		out = tagvalue.Append(out, "id="+id)
	}
	return out
}

func alnum(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func extName(s string) bool {
	for i, c := range s {
		if !(alnum(string(c)) || (i > 0 && (c == '_' || c == '-' || c == '.'))) {
			return false
		}
	}
	return true
}

func extValue(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < 0x21 || c > 0x7e || c == '=' || c == ';' {
			return false
		}
	}
	return true
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// Policy is a parsed MTA-STS policy file.
type Policy struct {
	Version string
	Mode    string   // enforce, testing, none
	MX      []string // patterns, "*.example.net" matches one label
	MaxAge  int      // seconds
	// Warnings are departures from RFC 8461 that senders may hold against
	// the policy (a Content-Type other than text/plain).
	Warnings []string
	// Notes are what the grammar allows but senders ignore (extension
	// keys): information only.
	Notes []string
}

// MaxPolicySize is the largest policy body read; RFC 8461 policies are a
// few hundred bytes.
const MaxPolicySize = 64 << 10

// ParsePolicy parses a policy body (RFC 8461 §3.2).
func ParsePolicy(body string) (*Policy, error) {
	if len(body) > MaxPolicySize {
		return nil, coded("policy.too_large", "n", MaxPolicySize)
	}
	p := &Policy{MaxAge: -1}
	// Lines end in LF or CRLF: both are valid (RFC 8461 §3.2,
	// sts-policy-term-delim = LF / CRLF).
	seen := map[string]bool{}
	for n, line := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		line = strings.TrimRight(line, " \t")
		if line == "" {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return nil, coded("policy.not_kv", "n", n+1, "line", strconv.Quote(clip(line)))
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if k != "mx" && seen[k] {
			return nil, coded("policy.twice", "n", n+1, "key", strconv.Quote(clip(k)))
		}
		seen[k] = true
		switch k {
		case "version":
			if v != "STSv1" {
				return nil, coded("policy.version", "n", n+1, "value", strconv.Quote(clip(v)), "want", "STSv1")
			}
			p.Version = v
		case "mode":
			if v != "enforce" && v != "testing" && v != "none" {
				return nil, coded("policy.mode", "n", n+1, "value", strconv.Quote(clip(v)))
			}
			p.Mode = v
		case "mx":
			if !validPattern(v) {
				return nil, coded("policy.mx", "n", n+1, "value", strconv.Quote(clip(v)))
			}
			p.MX = append(p.MX, strings.ToLower(strings.TrimSuffix(v, ".")))
		case "max_age":
			// sts-policy-max-age-value = 1*10DIGIT, at most 31557600.
			age, err := strconv.Atoi(v)
			if err != nil || !digits(v) || age > 31557600 || len(v) > 10 {
				return nil, coded("policy.max_age", "n", n+1, "value", strconv.Quote(clip(v)))
			}
			p.MaxAge = age
		default:
			// sts-policy-extension: allowed, and ignored by senders that
			// do not know it.
			p.Notes = append(p.Notes, fmt.Sprintf("unknown key %q is ignored", clip(k)))
		}
	}
	switch {
	case p.Version == "":
		return nil, coded("policy.missing", "line", `"version: STSv1"`)
	case p.Mode == "":
		return nil, coded("policy.missing", "line", `"mode"`)
	case p.MaxAge < 0:
		return nil, coded("policy.missing", "line", `"max_age"`)
	case p.Mode != "none" && len(p.MX) == 0:
		return nil, coded("policy.no_mx", "line", `"mx"`)
	}
	return p, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func validPattern(v string) bool {
	v = strings.TrimPrefix(v, "*.")
	v = strings.TrimSuffix(v, ".")
	if v == "" || len(v) > 253 {
		return false
	}
	for _, label := range strings.Split(v, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// Matches reports whether host matches one of the policy's mx patterns.
// A "*." pattern matches exactly one leftmost label (RFC 8461 §4.1).
func (p *Policy) Matches(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, pat := range p.MX {
		if rest, ok := strings.CutPrefix(pat, "*."); ok {
			label, parent, found := strings.Cut(host, ".")
			if found && label != "" && parent == rest {
				return true
			}
		} else if host == pat {
			return true
		}
	}
	return false
}

// Fetcher downloads policies. The zero value is not usable; use
// NewFetcher.
type Fetcher struct {
	// Roots verify the policy host's certificate; nil means system roots.
	Roots *x509.CertPool
	// Resolver resolves mta-sts.<domain>, so --resolver applies to HTTPS
	// fetches too.
	Resolver *dnsclient.Client
	// Port is the HTTPS port dialled (443; tests use another).
	Port int
	// Timeout bounds one fetch; the context deadline applies as well.
	Timeout time.Duration
	// Dial, if set, replaces resolving and dialling (addr is host:port).
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
}

// NewFetcher returns a fetcher using resolver and roots (nil = system).
func NewFetcher(resolver *dnsclient.Client, roots *x509.CertPool) *Fetcher {
	return &Fetcher{Roots: roots, Resolver: resolver, Port: 443, Timeout: 10 * time.Second}
}

// FetchError is a failed fetch. Unreachable is true when the failure says
// nothing about the domain (timeout, unanswered DNS): report it as
// "could not be measured", not as a broken policy.
type FetchError struct {
	URL         string
	Err         error
	Unreachable bool
}

func (e *FetchError) Error() string { return e.Err.Error() }
func (e *FetchError) Unwrap() error { return e.Err }

// URL is where a domain's policy lives.
func URL(domain string) string {
	return "https://mta-sts." + strings.TrimSuffix(domain, ".") + "/.well-known/mta-sts.txt"
}

// Fetch downloads and parses domain's policy. It returns the raw body too,
// so a report can show it.
func (f *Fetcher) Fetch(ctx context.Context, domain string) (*Policy, string, error) {
	u := URL(domain)
	fail := func(unreachable bool, code string, kv ...any) (*Policy, string, error) {
		return nil, "", &FetchError{URL: u, Err: coded(code, kv...), Unreachable: unreachable}
	}
	if f.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, f.Timeout)
		defer cancel()
	}
	host := "mta-sts." + strings.TrimSuffix(domain, ".")
	dial := f.Dial
	if dial == nil {
		dial = f.dial
	}
	tr := &http.Transport{
		DialContext:            dial,
		TLSClientConfig:        &tls.Config{RootCAs: f.Roots, ServerName: host, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:    f.Timeout,
		ResponseHeaderTimeout:  f.Timeout,
		MaxResponseHeaderBytes: 16 << 10,
		DisableKeepAlives:      true,
		Proxy:                  nil, // the policy host must be reached directly
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{
		Transport: tr,
		// RFC 8461 §3.3: "HTTP 3xx redirects MUST NOT be followed".
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fail(false, "fetch.bad_url", "err", msg.ErrOf(err))
	}
	resp, err := client.Do(req)
	if err != nil {
		var cerr *tls.CertificateVerificationError
		var herr x509.HostnameError
		var dnsErr *dnsclient.Error
		switch {
		case errors.As(err, &cerr), errors.As(err, &herr):
			return fail(false, "fetch.cert", "host", host, "reason", certReason(err))
		case errors.As(err, &dnsErr) && dnsclient.IsAbsent(dnsErr):
			return fail(false, "fetch.no_address", "host", host)
		case errors.Is(err, context.DeadlineExceeded) || isTimeout(err) || dnsErr != nil:
			return fail(true, "fetch.unreachable", "host", host, "err", msg.ErrOf(err))
		default:
			return fail(false, "fetch.failed", "host", host, "err", msg.ErrOf(err))
		}
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return fail(false, "fetch.redirect", "url", u, "code", resp.StatusCode, "location", strconv.Quote(clip(resp.Header.Get("Location"))))
	}
	if resp.StatusCode != http.StatusOK {
		return fail(false, "fetch.status", "url", u, "code", resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxPolicySize+1))
	if err != nil {
		return fail(isTimeout(err), "fetch.read", "err", msg.ErrOf(err))
	}
	if len(body) > MaxPolicySize {
		return fail(false, "policy.too_large", "n", MaxPolicySize)
	}
	p, err := ParsePolicy(string(body))
	if err != nil {
		return nil, string(body), &FetchError{URL: u, Err: coded("fetch.policy", "err", msg.ErrOf(err)).Wrap(err)}
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(strings.ToLower(ct), "text/plain") {
		p.Warnings = append(p.Warnings, fmt.Sprintf("served as %q; RFC 8461 §3.2 requires the media type text/plain", clip(ct)))
	}
	return p, string(body), nil
}

func certReason(err error) string {
	var cerr *tls.CertificateVerificationError
	if errors.As(err, &cerr) {
		return cerr.Err.Error()
	}
	return err.Error()
}

func isTimeout(err error) bool {
	var nerr net.Error
	return errors.As(err, &nerr) && nerr.Timeout()
}

// dial resolves the host with the probe's resolver and connects to Port.
func (f *Fetcher) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if f.Resolver == nil {
		return nil, errors.New("no resolver configured")
	}
	port := f.Port
	if port == 0 {
		port = 443
	}
	ips, err := f.Resolver.A(ctx, host)
	if err != nil {
		v6, err6 := f.Resolver.AAAA(ctx, host)
		if err6 != nil {
			return nil, err
		}
		ips = v6
	}
	var d net.Dialer
	var last error
	for _, ip := range ips {
		c, err := d.DialContext(ctx, "tcp", net.JoinHostPort(ip.String(), strconv.Itoa(port)))
		if err == nil {
			return c, nil
		}
		last = err
	}
	return nil, last
}

// Lookup returns the MTA-STS TXT records at _mta-sts.<domain>.
func Lookup(ctx context.Context, c *dnsclient.Client, domain string) ([]string, error) {
	return c.TXTWhere(ctx, "_mta-sts."+strings.TrimSuffix(domain, "."), IsRecord)
}

// coded is an error in words a report can give in any language: the
// message probe.mtasts.<code> (msg/probe_policy.go), whose English is the
// error's text.
func coded(code string, kv ...any) *msg.Err { return msg.NewErr("probe.mtasts."+code, kv...) }
