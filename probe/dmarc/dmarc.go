// Package dmarc parses DMARC policy records (RFC 7489) and finds the record
// that governs a domain, falling back to its organizational domain.
package dmarc

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/publicsuffix"

	"github.com/mailpick/mailpick/probe/dnsclient"
)

// Record is a parsed DMARC record with RFC 7489 defaults applied.
type Record struct {
	Policy          string // p: none, quarantine, reject
	SubdomainPolicy string // sp; empty means "same as p"
	Percent         int    // pct, 0–100, default 100
	RUA, RUF        []URI
	ADKIM, ASPF     string   // r (relaxed, default) or s (strict)
	FailureOptions  []string // fo: 0, 1, d, s
	ReportFormat    []string // rf, default afrf
	ReportInterval  int      // ri seconds, default 86400
	// Warnings are problems a receiver tolerates (unknown tags, p not
	// right after v, missing p with a valid rua).
	Warnings []string
}

// URI is one rua/ruf destination.
type URI struct {
	Raw     string
	Scheme  string // "mailto" or other
	Address string // for mailto: local@domain
	MaxSize uint64 // bytes; 0 = no limit given
}

// Domain returns the host part of a mailto address, lower-cased.
func (u URI) Domain() string {
	if i := strings.LastIndexByte(u.Address, '@'); i >= 0 {
		return strings.ToLower(strings.TrimSuffix(u.Address[i+1:], "."))
	}
	return ""
}

// IsDMARC reports whether a TXT string is meant as a DMARC record: receivers
// discard any TXT record at _dmarc that does not start with v=DMARC1.
func IsDMARC(txt string) bool {
	tag, value, ok := strings.Cut(txt, "=")
	if !ok || strings.TrimSpace(tag) != "v" {
		return false
	}
	value, _, _ = strings.Cut(value, ";")
	return strings.TrimSpace(value) == "DMARC1"
}

// Parse parses a DMARC record. Errors are fatal syntax problems; tolerated
// oddities go to Record.Warnings.
func Parse(txt string) (*Record, error) {
	if !IsDMARC(txt) {
		return nil, errors.New(`record does not start with "v=DMARC1"`)
	}
	r := &Record{Percent: 100, ADKIM: "r", ASPF: "r", FailureOptions: []string{"0"}, ReportFormat: []string{"afrf"}, ReportInterval: 86400}
	seen := map[string]bool{}
	parts := strings.Split(txt, ";")
	for i, part := range parts {
		part = strings.TrimSpace(part)
		if part == "" {
			if i == len(parts)-1 {
				continue // a trailing ";" is allowed
			}
			r.Warnings = append(r.Warnings, "empty tag (two semicolons in a row)")
			continue
		}
		tag, value, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("%q is not tag=value", part)
		}
		tag, value = strings.ToLower(strings.TrimSpace(tag)), strings.TrimSpace(value)
		if seen[tag] {
			return nil, fmt.Errorf("tag %q appears twice", tag)
		}
		seen[tag] = true
		if tag == "p" && i != 1 {
			r.Warnings = append(r.Warnings, `"p" should come right after "v=DMARC1"`)
		}
		var err error
		switch tag {
		case "v":
			if i != 0 {
				return nil, errors.New(`"v" must be the first tag`)
			}
		case "p", "sp":
			v := strings.ToLower(value)
			if v != "none" && v != "quarantine" && v != "reject" {
				return nil, fmt.Errorf("%s=%q: want none, quarantine or reject", tag, value)
			}
			if tag == "p" {
				r.Policy = v
			} else {
				r.SubdomainPolicy = v
			}
		case "pct":
			n, perr := strconv.Atoi(value)
			if perr != nil || n < 0 || n > 100 {
				return nil, fmt.Errorf("pct=%q: want a whole number from 0 to 100", value)
			}
			r.Percent = n
		case "rua", "ruf":
			var uris []URI
			uris, err = parseURIs(value)
			if tag == "rua" {
				r.RUA = uris
			} else {
				r.RUF = uris
			}
		case "adkim", "aspf":
			v := strings.ToLower(value)
			if v != "r" && v != "s" {
				return nil, fmt.Errorf("%s=%q: want r (relaxed) or s (strict)", tag, value)
			}
			if tag == "adkim" {
				r.ADKIM = v
			} else {
				r.ASPF = v
			}
		case "fo":
			r.FailureOptions = nil
			for _, o := range strings.Split(value, ":") {
				o = strings.TrimSpace(o)
				if o != "0" && o != "1" && o != "d" && o != "s" {
					return nil, fmt.Errorf("fo=%q: options are 0, 1, d and s separated by colons", value)
				}
				r.FailureOptions = append(r.FailureOptions, o)
			}
		case "rf":
			r.ReportFormat = nil
			for _, f := range strings.Split(value, ":") {
				f = strings.ToLower(strings.TrimSpace(f))
				if f != "afrf" {
					return nil, fmt.Errorf("rf=%q: the only registered format is afrf", value)
				}
				r.ReportFormat = append(r.ReportFormat, f)
			}
		case "ri":
			n, perr := strconv.ParseUint(value, 10, 32)
			if perr != nil {
				return nil, fmt.Errorf("ri=%q: want seconds as a whole number", value)
			}
			r.ReportInterval = int(n)
		default:
			r.Warnings = append(r.Warnings, fmt.Sprintf("unknown tag %q is ignored", tag))
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", tag, err)
		}
	}
	if r.Policy == "" {
		// RFC 7489 §6.6.3: a record without p but with a valid rua is
		// treated as p=none.
		if len(r.RUA) == 0 {
			return nil, errors.New(`missing required tag "p"`)
		}
		r.Policy = "none"
		r.Warnings = append(r.Warnings, `missing "p"; receivers treat it as p=none`)
	}
	return r, nil
}

func parseURIs(value string) ([]URI, error) {
	var out []URI
	for _, raw := range strings.Split(value, ",") {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			return nil, errors.New("empty URI in list")
		}
		u := URI{Raw: raw}
		s := raw
		if i := strings.LastIndexByte(s, '!'); i >= 0 {
			size, err := parseSize(s[i+1:])
			if err != nil {
				return nil, fmt.Errorf("%q: %w", raw, err)
			}
			u.MaxSize, s = size, s[:i]
		}
		pu, err := url.Parse(s)
		if err != nil || pu.Scheme == "" {
			return nil, fmt.Errorf("%q is not a URI (want e.g. mailto:dmarc@example.com)", raw)
		}
		u.Scheme = strings.ToLower(pu.Scheme)
		if u.Scheme == "mailto" {
			addr := pu.Opaque
			if addr == "" {
				addr = pu.Path
			}
			addr, _, _ = strings.Cut(addr, "?")
			if dec, err := url.PathUnescape(addr); err == nil {
				addr = dec
			}
			local, domain, ok := strings.Cut(addr, "@")
			domain = strings.TrimSuffix(domain, ".")
			if !ok || local == "" || domain == "" || strings.ContainsAny(domain, "@ ") {
				return nil, fmt.Errorf("%q: mailto needs an address like dmarc@example.com", raw)
			}
			u.Address = addr
		}
		out = append(out, u)
	}
	return out, nil
}

func parseSize(s string) (uint64, error) {
	mult := uint64(1)
	if n := len(s); n > 0 {
		switch strings.ToLower(s[n-1:]) {
		case "k":
			mult = 1 << 10
		case "m":
			mult = 1 << 20
		case "g":
			mult = 1 << 30
		case "t":
			mult = 1 << 40
		}
		if mult != 1 {
			s = s[:n-1]
		}
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || s == "" || s[0] == '+' {
		return 0, errors.New("size limit after '!' must be digits with an optional k, m, g or t")
	}
	if n > (1<<64-1)/mult {
		return 0, errors.New("size limit too large")
	}
	return n * mult, nil
}

// OrgDomain returns the organizational domain of domain (RFC 7489 §3.2):
// the public suffix plus one label.
func OrgDomain(domain string) string {
	domain = strings.ToLower(strings.TrimSuffix(domain, "."))
	org, err := publicsuffix.EffectiveTLDPlusOne(domain)
	if err != nil {
		return domain
	}
	return org
}

// Result is the DMARC record that governs a domain.
type Result struct {
	Domain    string   // the domain asked about
	FoundAt   string   // the domain whose _dmarc name held the record
	Fallback  bool     // found at the organizational domain
	Records   []string // every v=DMARC1 TXT at that name
	Record    *Record  // parsed, when exactly one record exists and parses
	ParseErr  error
	OrgDomain string
}

// ErrNoRecord means neither the domain nor its organizational domain
// publishes a DMARC record.
var ErrNoRecord = errors.New("no DMARC record")

// Lookup finds the DMARC record for domain (RFC 7489 §6.6.3). It returns
// ErrNoRecord when none exists and a dnsclient error when DNS could not
// answer.
func Lookup(ctx context.Context, c *dnsclient.Client, domain string) (*Result, error) {
	domain = strings.ToLower(strings.TrimSuffix(domain, "."))
	res := &Result{Domain: domain, OrgDomain: OrgDomain(domain)}
	names := []string{domain}
	if res.OrgDomain != domain {
		names = append(names, res.OrgDomain)
	}
	for i, name := range names {
		txts, err := c.TXT(ctx, "_dmarc."+name)
		if err != nil && !dnsclient.IsAbsent(err) {
			return res, err
		}
		for _, t := range txts {
			if IsDMARC(t) {
				res.Records = append(res.Records, t)
			}
		}
		if len(res.Records) == 0 {
			continue
		}
		res.FoundAt, res.Fallback = name, i > 0
		if len(res.Records) == 1 {
			res.Record, res.ParseErr = Parse(res.Records[0])
		} else {
			res.ParseErr = fmt.Errorf("%d DMARC records at _dmarc.%s; receivers ignore all of them", len(res.Records), name)
		}
		return res, nil
	}
	return res, ErrNoRecord
}

// NeedsAuthorization reports whether reports for domain sent to dest need
// an authorization record: the destination is outside domain's
// organizational domain (RFC 7489 §7.1).
func NeedsAuthorization(domain, dest string) bool {
	return OrgDomain(domain) != OrgDomain(dest)
}

// Authorized checks that dest agrees to receive reports about domain by
// publishing v=DMARC1 at <domain>._report._dmarc.<dest>.
func Authorized(ctx context.Context, c *dnsclient.Client, domain, dest string) (bool, error) {
	name := strings.TrimSuffix(domain, ".") + "._report._dmarc." + strings.TrimSuffix(dest, ".")
	txts, err := c.TXT(ctx, name)
	if dnsclient.IsAbsent(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	for _, t := range txts {
		if IsDMARC(t) {
			return true, nil
		}
	}
	return false, nil
}
