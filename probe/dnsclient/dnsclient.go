// Package dnsclient is the probe's DNS client: a stub resolver on miekg/dns
// that talks to the system resolver (or one given with --resolver), uses
// EDNS0 with a large buffer, falls back to TCP on truncation, and reports
// why an answer is empty. The probe must tell "the record is absent"
// (NXDOMAIN, NODATA) from "we could not measure it" (SERVFAIL, timeout), so
// every lookup error carries a Kind.
package dnsclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// Kinds of lookup failure. Test with errors.Is; IsAbsent and IsUnmeasured
// group them the way checks report them.
var (
	ErrNXDomain = errors.New("no such domain (NXDOMAIN)")
	ErrNoData   = errors.New("no record of that type (NODATA)")
	ErrServFail = errors.New("server failure (SERVFAIL)")
	ErrRefused  = errors.New("query refused (REFUSED)")
	ErrTimeout  = errors.New("no answer before the deadline")
	ErrFailed   = errors.New("query failed")
)

// Error is a failed lookup.
type Error struct {
	Name   string
	Type   uint16
	Kind   error // one of the Err* values above
	Server string
	Err    error // underlying network or protocol error, if any
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("%s %s: %v", dns.TypeToString[e.Type], strings.TrimSuffix(e.Name, "."), e.Kind)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Is(target error) bool { return target == e.Kind }
func (e *Error) Unwrap() error        { return e.Err }

// IsAbsent reports whether err says the name or type does not exist: a
// definite "no" from DNS, which checks may score.
func IsAbsent(err error) bool {
	return errors.Is(err, ErrNXDomain) || errors.Is(err, ErrNoData)
}

// IsUnmeasured reports whether err means the answer is unknown (SERVFAIL,
// timeout, refused, network failure): checks report status error, never fail.
func IsUnmeasured(err error) bool { return err != nil && !IsAbsent(err) }

// Flags control the DNSSEC-related bits of a query.
type Flags struct {
	DO bool // ask for RRSIGs (EDNS0 DNSSEC OK)
	CD bool // checking disabled: get the answer even if validation fails
	AD bool // ask the resolver to report whether it validated (RFC 6840 §5.7)
}

// Answer is a successful response.
type Answer struct {
	Msg    *dns.Msg
	Server string
	// Secure is the AD bit: the resolver validated the answer with DNSSEC.
	// It means something only if the resolver is trusted and validating.
	Secure bool
}

// Client sends queries to a list of servers, trying the next on failure.
type Client struct {
	Servers []string // host:port
	// UDPSize is the EDNS0 buffer size advertised; 4096 avoids most
	// truncation while staying below typical path MTU fragmentation limits.
	UDPSize uint16
	// AttemptTimeout bounds one exchange with one server; the context
	// deadline bounds the whole lookup.
	AttemptTimeout time.Duration
	// MaxResponse rejects larger responses (bytes); DNS over TCP cannot
	// exceed 64 KiB, this keeps memory per probe small.
	MaxResponse int
	// MaxRecords rejects answers with more records than this.
	MaxRecords int
}

// New returns a client for the given servers ("host:port"; a bare host gets
// port 53).
func New(servers ...string) *Client {
	c := &Client{UDPSize: 4096, AttemptTimeout: 3 * time.Second, MaxResponse: 65535, MaxRecords: 512}
	for _, s := range servers {
		c.Servers = append(c.Servers, withPort(s))
	}
	return c
}

func withPort(s string) string {
	if _, _, err := net.SplitHostPort(s); err == nil {
		return s
	}
	return net.JoinHostPort(strings.Trim(s, "[]"), "53")
}

// FromResolvConf returns a client for the nameservers listed in a
// resolv.conf file.
func FromResolvConf(path string) (*Client, error) {
	cfg, err := dns.ClientConfigFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("read resolver configuration: %w", err)
	}
	if len(cfg.Servers) == 0 {
		return nil, fmt.Errorf("%s lists no nameserver; use --resolver HOST:PORT", path)
	}
	var servers []string
	for _, s := range cfg.Servers {
		servers = append(servers, net.JoinHostPort(s, cfg.Port))
	}
	c := New(servers...)
	if cfg.Timeout > 0 {
		c.AttemptTimeout = time.Duration(cfg.Timeout) * time.Second
	}
	return c, nil
}

// System returns a client for the system resolver (/etc/resolv.conf), or
// for resolver (HOST:PORT) when it is not empty.
func System(resolver string) (*Client, error) {
	if resolver != "" {
		host, port, err := net.SplitHostPort(withPort(resolver))
		if err != nil || host == "" || port == "" {
			return nil, fmt.Errorf("bad resolver %q: want HOST:PORT, e.g. 127.0.0.1:53", resolver)
		}
		return New(resolver), nil
	}
	path := "/etc/resolv.conf"
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("no system resolver (%v); use --resolver HOST:PORT", err)
	}
	return FromResolvConf(path)
}

// Query looks up name/qtype. It returns an Answer only when the answer
// section holds at least one record of qtype (or a CNAME when asked for
// one); otherwise an *Error says why.
func (c *Client) Query(ctx context.Context, name string, qtype uint16, f Flags) (*Answer, error) {
	name = dns.Fqdn(name)
	if _, ok := dns.IsDomainName(name); !ok {
		return nil, &Error{Name: name, Type: qtype, Kind: ErrFailed, Err: errors.New("not a valid domain name")}
	}
	if len(c.Servers) == 0 {
		return nil, &Error{Name: name, Type: qtype, Kind: ErrFailed, Err: errors.New("no DNS server configured")}
	}
	var last *Error
	for _, server := range c.Servers {
		if ctx.Err() != nil {
			break
		}
		ans, err := c.exchange(ctx, server, name, qtype, f)
		if err == nil {
			return ans, nil
		}
		var e *Error
		if !errors.As(err, &e) {
			e = &Error{Name: name, Type: qtype, Kind: ErrFailed, Server: server, Err: err}
		}
		last = e
		// A definite answer from one server is the answer; only failures
		// are worth asking another server about.
		if IsAbsent(e) {
			return nil, e
		}
	}
	if last == nil {
		last = &Error{Name: name, Type: qtype, Kind: ErrTimeout, Err: ctx.Err()}
	}
	return nil, last
}

func (c *Client) exchange(ctx context.Context, server, name string, qtype uint16, f Flags) (*Answer, error) {
	m := new(dns.Msg)
	m.SetQuestion(name, qtype)
	m.RecursionDesired = true
	m.CheckingDisabled = f.CD
	m.AuthenticatedData = f.AD
	size := c.UDPSize
	if size < dns.MinMsgSize {
		size = 4096
	}
	m.SetEdns0(size, f.DO)

	mkErr := func(kind, err error) *Error {
		return &Error{Name: name, Type: qtype, Kind: kind, Server: server, Err: err}
	}
	attempt := func(network string) (*dns.Msg, error) {
		actx := ctx
		if c.AttemptTimeout > 0 {
			var cancel context.CancelFunc
			actx, cancel = context.WithTimeout(ctx, c.AttemptTimeout)
			defer cancel()
		}
		dc := &dns.Client{Net: network, UDPSize: size}
		r, _, err := dc.ExchangeContext(actx, m, server)
		return r, err
	}
	r, err := attempt("udp")
	if err == nil && r.Truncated {
		r, err = attempt("tcp")
	}
	if err != nil {
		var nerr net.Error
		if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &nerr) && nerr.Timeout()) {
			return nil, mkErr(ErrTimeout, nil)
		}
		return nil, mkErr(ErrFailed, err)
	}
	if len(r.Question) != 1 || !strings.EqualFold(r.Question[0].Name, name) || r.Question[0].Qtype != qtype {
		return nil, mkErr(ErrFailed, errors.New("response does not match the question"))
	}
	if c.MaxResponse > 0 && r.Len() > c.MaxResponse {
		return nil, mkErr(ErrFailed, fmt.Errorf("response of %d bytes exceeds the %d-byte limit", r.Len(), c.MaxResponse))
	}
	if c.MaxRecords > 0 && len(r.Answer)+len(r.Ns)+len(r.Extra) > c.MaxRecords {
		return nil, mkErr(ErrFailed, fmt.Errorf("response has more than %d records", c.MaxRecords))
	}
	switch r.Rcode {
	case dns.RcodeSuccess:
	case dns.RcodeNameError:
		return nil, mkErr(ErrNXDomain, nil)
	case dns.RcodeServerFailure:
		return nil, mkErr(ErrServFail, nil)
	case dns.RcodeRefused:
		return nil, mkErr(ErrRefused, nil)
	default:
		return nil, mkErr(ErrFailed, fmt.Errorf("rcode %s", dns.RcodeToString[r.Rcode]))
	}
	for _, rr := range r.Answer {
		if rr.Header().Rrtype == qtype {
			return &Answer{Msg: r, Server: server, Secure: r.AuthenticatedData}, nil
		}
	}
	return nil, mkErr(ErrNoData, nil)
}

// Records returns the answer records of type T, e.g. Records[*dns.TLSA](ans).
func Records[T dns.RR](ans *Answer) []T {
	if ans == nil || ans.Msg == nil {
		return nil
	}
	var out []T
	for _, rr := range ans.Msg.Answer {
		if v, ok := rr.(T); ok {
			out = append(out, v)
		}
	}
	return out
}

// TXT returns each TXT record's character-strings joined into one string,
// as SPF, DMARC, DKIM, MTA-STS and TLS-RPT require.
func (c *Client) TXT(ctx context.Context, name string) ([]string, error) {
	ans, err := c.Query(ctx, name, dns.TypeTXT, Flags{})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, rr := range Records[*dns.TXT](ans) {
		out = append(out, Unescape(strings.Join(rr.Txt, "")))
	}
	return out, nil
}

// TXTWhere returns the TXT strings at name that keep accepts: a standard's
// records among whatever else the name publishes.
func (c *Client) TXTWhere(ctx context.Context, name string, keep func(string) bool) ([]string, error) {
	txts, err := c.TXT(ctx, name)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, t := range txts {
		if keep(t) {
			out = append(out, t)
		}
	}
	return out, nil
}

// Unescape turns miekg/dns presentation escapes (\DDD, \X) back into
// the bytes that were on the wire, so parsers see the record as published.
//
// Unescape is exported for callers that query raw records themselves (the
// SPF resolver unescapes TXT data and MX/PTR names the same way).
func Unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		if i+3 < len(s) && isDigit(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3]) {
			if n := int(s[i+1]-'0')*100 + int(s[i+2]-'0')*10 + int(s[i+3]-'0'); n < 256 {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i+1])
		i++
	}
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// A returns the IPv4 addresses of name.
func (c *Client) A(ctx context.Context, name string) ([]netip.Addr, error) {
	ans, err := c.Query(ctx, name, dns.TypeA, Flags{})
	if err != nil {
		return nil, err
	}
	var out []netip.Addr
	for _, rr := range Records[*dns.A](ans) {
		if a, ok := netip.AddrFromSlice(rr.A.To4()); ok {
			out = append(out, a)
		}
	}
	return out, nil
}

// AAAA returns the IPv6 addresses of name.
func (c *Client) AAAA(ctx context.Context, name string) ([]netip.Addr, error) {
	ans, err := c.Query(ctx, name, dns.TypeAAAA, Flags{})
	if err != nil {
		return nil, err
	}
	var out []netip.Addr
	for _, rr := range Records[*dns.AAAA](ans) {
		if a, ok := netip.AddrFromSlice(rr.AAAA.To16()); ok {
			out = append(out, a)
		}
	}
	return out, nil
}

// MX returns the MX records of name in answer order.
func (c *Client) MX(ctx context.Context, name string) ([]*dns.MX, error) {
	ans, err := c.Query(ctx, name, dns.TypeMX, Flags{})
	if err != nil {
		return nil, err
	}
	return Records[*dns.MX](ans), nil
}

// CNAME returns the target of name's CNAME record.
func (c *Client) CNAME(ctx context.Context, name string) (string, error) {
	ans, err := c.Query(ctx, name, dns.TypeCNAME, Flags{})
	if err != nil {
		return "", err
	}
	return Records[*dns.CNAME](ans)[0].Target, nil
}

// PTR returns the reverse names of addr.
func (c *Client) PTR(ctx context.Context, addr netip.Addr) ([]string, error) {
	rev, err := dns.ReverseAddr(addr.String())
	if err != nil {
		return nil, &Error{Name: addr.String(), Type: dns.TypePTR, Kind: ErrFailed, Err: err}
	}
	ans, err := c.Query(ctx, rev, dns.TypePTR, Flags{})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, rr := range Records[*dns.PTR](ans) {
		out = append(out, rr.Ptr)
	}
	return out, nil
}

// SRV returns the SRV records of name.
func (c *Client) SRV(ctx context.Context, name string) ([]*dns.SRV, error) {
	ans, err := c.Query(ctx, name, dns.TypeSRV, Flags{})
	if err != nil {
		return nil, err
	}
	return Records[*dns.SRV](ans), nil
}

// TLSA returns the TLSA records of name with the DO and AD bits set, and
// whether the resolver validated them: DANE is only usable when Secure.
func (c *Client) TLSA(ctx context.Context, name string) ([]*dns.TLSA, bool, error) {
	ans, err := c.Query(ctx, name, dns.TypeTLSA, Flags{DO: true, AD: true})
	if err != nil {
		return nil, false, err
	}
	return Records[*dns.TLSA](ans), ans.Secure, nil
}

// DNSKEY returns the DNSKEY records of zone and their RRSIGs (asked with
// DO), which together show the zone is signed.
func (c *Client) DNSKEY(ctx context.Context, zone string) ([]*dns.DNSKEY, []*dns.RRSIG, *Answer, error) {
	ans, err := c.Query(ctx, zone, dns.TypeDNSKEY, Flags{DO: true, AD: true})
	if err != nil {
		return nil, nil, nil, err
	}
	return Records[*dns.DNSKEY](ans), Records[*dns.RRSIG](ans), ans, nil
}
