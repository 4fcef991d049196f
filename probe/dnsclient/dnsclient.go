// Package dnsclient is the probe's DNS client: a stub resolver on miekg/dns
// that talks to the system resolver (or one given with --resolver), uses
// EDNS0 with a large buffer, falls back to TCP on truncation, and reports
// why an answer is empty. The probe must tell "the record is absent"
// (NXDOMAIN, NODATA) from "we could not measure it" (SERVFAIL, timeout,
// an answer truncated even over TCP), so every lookup error carries a Kind.
//
// # Retransmission
//
// UDP loses packets, so one unanswered datagram must not end a lookup
// (RFC 1035 §4.2.1, RFC 1536 §1). A question is sent, and sent again with
// the same message ID over the same socket when no answer has come:
//
//	copy:        1     2       3       4       5      6 …
//	sent at:     0   0.5 s   1.5 s   3.5 s   7.5 s  11.5 s …
//
// that is, after waiting Retransmit (500 ms), then twice as long each
// time up to MaxRetransmit (4 s), for as long as the lookup's deadline
// allows: the context's (the probe gives each domain one, --timeout) or
// LookupTimeout when set. An answer to any copy counts. With several
// servers, copy n goes to server n mod len(Servers), and a server that
// answers SERVFAIL or REFUSED, or whose port is closed, is left out of the
// rotation while another remains. A truncated answer (TC=1) is asked again
// over TCP; if that answer is still truncated the lookup fails with
// ErrTruncated instead of passing an incomplete answer off as "no such
// record".
//
// # Sessions
//
// Session returns a client for one unit of work (the probe of one
// domain) that asks each question once: concurrent lookups of the same
// name and type share one query, and later ones reuse its answer. A
// session also keeps one UDP socket per server instead of one per query.
package dnsclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/mailpick/mailpick/msg"
)

// Kinds of lookup failure. Test with errors.Is; IsAbsent and IsUnmeasured
// group them the way checks report them.
var (
	ErrNXDomain  = errors.New("no such domain (NXDOMAIN)")
	ErrNoData    = errors.New("no record of that type (NODATA)")
	ErrServFail  = errors.New("server failure (SERVFAIL)")
	ErrRefused   = errors.New("query refused (REFUSED)")
	ErrTimeout   = errors.New("no answer before the deadline")
	ErrTruncated = errors.New("answer truncated even over TCP")
	ErrFailed    = errors.New("query failed")
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

// Coded words the failure for a report in any language (msg.Coded): the
// kind by its code probe.err.dns.<kind>, with the name and type asked and
// the network's own words, if any, as they came.
func (e *Error) Coded() msg.Message {
	kind := "failed"
	for k, v := range kindCodes {
		if e.Kind == v {
			kind = k
		}
	}
	more := ""
	if e.Err != nil {
		more = ": " + e.Err.Error()
	}
	return msg.New("probe.err.dns."+kind, "type", dns.TypeToString[e.Type], "name", strings.TrimSuffix(e.Name, "."), "more", more)
}

var kindCodes = map[string]error{
	"nxdomain": ErrNXDomain, "nodata": ErrNoData, "servfail": ErrServFail, "refused": ErrRefused,
	"timeout": ErrTimeout, "truncated": ErrTruncated, "failed": ErrFailed,
}

func (e *Error) Is(target error) bool { return target == e.Kind }
func (e *Error) Unwrap() error        { return e.Err }

// IsAbsent reports whether err says the name or type does not exist: a
// definite "no" from DNS, which checks may score.
func IsAbsent(err error) bool {
	return errors.Is(err, ErrNXDomain) || errors.Is(err, ErrNoData)
}

// IsUnmeasured reports whether err means the answer is unknown (SERVFAIL,
// timeout, refused, truncated, network failure): checks report status
// error, never fail.
func IsUnmeasured(err error) bool { return err != nil && !IsAbsent(err) }

// Flags control the DNSSEC-related bits of a query.
type Flags struct {
	DO bool // ask for RRSIGs (EDNS0 DNSSEC OK)
	CD bool // checking disabled: get the answer even if validation fails
	AD bool // ask the resolver to report whether it validated (RFC 6840 §5.7)
}

// Answer is a successful response. Within a session the same Answer is
// handed to every caller that asked the question: treat it as read-only.
type Answer struct {
	Msg    *dns.Msg
	Server string
	// Secure is the AD bit: the resolver validated the answer with DNSSEC.
	// It means something only if the resolver is trusted and validating.
	Secure bool
}

// Defaults of New.
const (
	DefaultRetransmit    = 500 * time.Millisecond
	DefaultMaxRetransmit = 4 * time.Second
	// DefaultLookupTimeout bounds a lookup whose context has no deadline
	// and whose client sets no LookupTimeout.
	DefaultLookupTimeout = 10 * time.Second
)

// Client sends queries to a list of servers. The zero value is not usable;
// use New, System or FromResolvConf.
type Client struct {
	Servers []string // host:port
	// UDPSize is the EDNS0 buffer size advertised; 4096 avoids most
	// truncation while staying below typical path MTU fragmentation limits.
	UDPSize uint16
	// Retransmit is how long the first copy of a question waits for an
	// answer before a second is sent; each later wait doubles, up to
	// MaxRetransmit (see the package documentation).
	Retransmit    time.Duration
	MaxRetransmit time.Duration
	// LookupTimeout, when positive, bounds one lookup (all its copies and
	// the TCP retry) in addition to the context's deadline. Zero leaves the
	// context in charge, or DefaultLookupTimeout when it has no deadline.
	LookupTimeout time.Duration
	// MaxResponse rejects larger responses (bytes); DNS over TCP cannot
	// exceed 64 KiB, this keeps memory per probe small.
	MaxResponse int
	// MaxRecords rejects answers with more records than this.
	MaxRecords int

	session *session // nil outside a session
}

// New returns a client for the given servers ("host:port"; a bare host gets
// port 53).
func New(servers ...string) *Client {
	c := &Client{UDPSize: 4096, Retransmit: DefaultRetransmit, MaxRetransmit: DefaultMaxRetransmit, MaxResponse: 65535, MaxRecords: 512}
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
// resolv.conf file. Its "timeout" and "attempts" options are not used:
// the retransmission schedule above, bounded by the caller's deadline,
// replaces them.
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
	return New(servers...), nil
}

// ErrBadResolver is wrapped by the error System returns for a resolver
// address that cannot work.
var ErrBadResolver = errors.New("bad resolver address")

// ParseResolver checks a --resolver value: an IP address or a host name,
// with an optional port from 1 to 65535 (default 53). It returns host:port,
// or an error wrapping ErrBadResolver that names everything wrong.
func ParseResolver(s string) (string, error) {
	var why []string
	hostport := withPort(strings.TrimSpace(s))
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		why = append(why, "not HOST:PORT")
	} else {
		switch ip, ipErr := netip.ParseAddr(host); {
		case host == "":
			why = append(why, "no host")
		case ipErr == nil && ip.Zone() != "":
			why = append(why, "zoned IPv6 addresses are not supported")
		case ipErr == nil:
			host = ip.String()
		default:
			if _, ok := dns.IsDomainName(host); !ok || !hostnameLabels(host) {
				why = append(why, fmt.Sprintf("host %q is neither an IP address nor a host name", host))
			}
			host = strings.TrimSuffix(host, ".")
		}
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			why = append(why, fmt.Sprintf("port %q is not a number from 1 to 65535", port))
		}
	}
	if len(why) > 0 {
		return "", fmt.Errorf("%w %q: %s; want HOST:PORT, e.g. 127.0.0.1:53 or [::1]:5353", ErrBadResolver, s, strings.Join(why, ", "))
	}
	return net.JoinHostPort(host, port), nil
}

// hostnameLabels applies RFC 1123 §2.1 to a resolver host name: letters,
// digits and inner hyphens.
func hostnameLabels(host string) bool {
	for _, l := range strings.Split(strings.TrimSuffix(host, "."), ".") {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, c := range l {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// System returns a client for the system resolver (/etc/resolv.conf), or
// for resolver (HOST:PORT) when it is not empty.
func System(resolver string) (*Client, error) {
	if resolver != "" {
		addr, err := ParseResolver(resolver)
		if err != nil {
			return nil, err
		}
		return New(addr), nil
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
	if c.session != nil {
		return c.session.query(ctx, c, name, qtype, f)
	}
	return c.lookup(ctx, name, qtype, f)
}

// lookup asks one question on the network: UDP with retransmission, then
// TCP if the answer is truncated.
func (c *Client) lookup(ctx context.Context, name string, qtype uint16, f Flags) (*Answer, error) {
	var cancel context.CancelFunc
	switch _, has := ctx.Deadline(); {
	case c.LookupTimeout > 0:
		ctx, cancel = context.WithTimeout(ctx, c.LookupTimeout)
	case !has:
		ctx, cancel = context.WithTimeout(ctx, DefaultLookupTimeout)
	}
	if cancel != nil {
		defer cancel()
	}
	size := c.udpSize()
	wire, err := packQuery(name, qtype, f, size)
	if err != nil {
		return nil, &Error{Name: name, Type: qtype, Kind: ErrFailed, Err: err}
	}
	r, err := c.exchangeUDP(ctx, name, qtype, wire)
	if err != nil {
		return nil, err
	}
	if r.msg.Truncated {
		// RFC 7766 §5: a truncated UDP answer is asked again over TCP.
		m := new(dns.Msg)
		m.SetQuestion(name, qtype)
		m.RecursionDesired = true
		m.CheckingDisabled = f.CD
		m.AuthenticatedData = f.AD
		m.SetEdns0(size, f.DO)
		tr, err := c.exchangeTCP(ctx, r.server, m)
		if err != nil {
			return nil, err
		}
		if tr.msg.Truncated {
			// RFC 2181 §9: a truncated answer is incomplete and must not
			// be used as if it were the whole RRset. Over TCP there is no
			// larger transport to try.
			return nil, &Error{Name: name, Type: qtype, Kind: ErrTruncated, Server: r.server}
		}
		r = tr
	}
	return c.judge(name, qtype, r)
}

// udpSize is the EDNS0 payload size advertised (and accepted).
func (c *Client) udpSize() uint16 {
	if c.UDPSize < dns.MinMsgSize {
		return 4096
	}
	return c.UDPSize
}

// judge turns a response into an Answer or a typed error.
func (c *Client) judge(name string, qtype uint16, r response) (*Answer, error) {
	mkErr := func(kind, err error) *Error {
		return &Error{Name: name, Type: qtype, Kind: kind, Server: r.server, Err: err}
	}
	m := r.msg
	if c.MaxResponse > 0 && r.size > c.MaxResponse {
		return nil, mkErr(ErrFailed, fmt.Errorf("response of %d bytes exceeds the %d-byte limit", r.size, c.MaxResponse))
	}
	if c.MaxRecords > 0 && len(m.Answer)+len(m.Ns)+len(m.Extra) > c.MaxRecords {
		return nil, mkErr(ErrFailed, fmt.Errorf("response has more than %d records", c.MaxRecords))
	}
	switch m.Rcode {
	case dns.RcodeSuccess:
	case dns.RcodeNameError:
		return nil, mkErr(ErrNXDomain, nil)
	case dns.RcodeServerFailure:
		return nil, mkErr(ErrServFail, nil)
	case dns.RcodeRefused:
		return nil, mkErr(ErrRefused, nil)
	default:
		return nil, mkErr(ErrFailed, fmt.Errorf("rcode %s", dns.RcodeToString[m.Rcode]))
	}
	for _, rr := range m.Answer {
		if rr.Header().Rrtype == qtype {
			return &Answer{Msg: m, Server: r.server, Secure: m.AuthenticatedData}, nil
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
