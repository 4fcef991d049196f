package spf

import (
	"context"
	"errors"
	"net/netip"
	"strings"

	"github.com/miekg/dns"

	"github.com/mailpick/mailpick/probe/dnsclient"
)

// DNSResolver adapts the probe's DNS client (EDNS0, TCP fallback, per-query
// deadlines, size limits) to Resolver.
type DNSResolver struct {
	Client *dnsclient.Client
}

// NewResolver returns a Resolver on c.
func NewResolver(c *dnsclient.Client) *DNSResolver { return &DNSResolver{Client: c} }

// mapErr turns dnsclient's error kinds into SPF's: NXDOMAIN stays an error
// (ErrNXDomain), NODATA becomes an empty answer, the rest are temporary.
func mapErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, dnsclient.ErrNXDomain):
		return errors.Join(ErrNXDomain, err)
	case errors.Is(err, dnsclient.ErrNoData):
		return nil
	}
	return err
}

// queryName escapes bytes that DNS presentation format would otherwise
// read as syntax: SPF macros can produce names with spaces, "%" or "\",
// and those must reach the wire as the literal bytes. The escaping is
// miekg/dns's own canonical form, so the name compares equal to the
// question echoed in the response.
func queryName(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c < ' ' || c > '~':
			b.WriteByte('\\')
			b.WriteByte('0' + c/100)
			b.WriteByte('0' + c/10%10)
			b.WriteByte('0' + c%10)
		case strings.IndexByte(` '@;()"\`, c) >= 0:
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func (r *DNSResolver) LookupTXT(ctx context.Context, name string) ([]string, error) {
	ans, err := r.Client.Query(ctx, queryName(name), dns.TypeTXT, dnsclient.Flags{})
	if err != nil {
		return nil, mapErr(err)
	}
	var out []string
	for _, rr := range dnsclient.Records[*dns.TXT](ans) {
		var b strings.Builder
		for _, s := range rr.Txt {
			b.WriteString(dnsclient.Unescape(s))
		}
		out = append(out, b.String())
	}
	return out, nil
}

func (r *DNSResolver) LookupA(ctx context.Context, name string) ([]netip.Addr, error) {
	a, err := r.Client.A(ctx, queryName(name))
	return a, mapErr(err)
}

func (r *DNSResolver) LookupAAAA(ctx context.Context, name string) ([]netip.Addr, error) {
	a, err := r.Client.AAAA(ctx, queryName(name))
	return a, mapErr(err)
}

func (r *DNSResolver) LookupMX(ctx context.Context, name string) ([]string, error) {
	mxs, err := r.Client.MX(ctx, queryName(name))
	if err != nil {
		return nil, mapErr(err)
	}
	out := make([]string, len(mxs))
	for i, mx := range mxs {
		out[i] = dnsclient.Unescape(strings.TrimSuffix(mx.Mx, "."))
	}
	return out, nil
}

func (r *DNSResolver) LookupPTR(ctx context.Context, ip netip.Addr) ([]string, error) {
	names, err := r.Client.PTR(ctx, ip)
	if err != nil {
		return nil, mapErr(err)
	}
	for i, n := range names {
		names[i] = dnsclient.Unescape(strings.TrimSuffix(n, "."))
	}
	return names, nil
}
