package probe

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"

	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/probe/dane"
	"github.com/mailpick/mailpick/probe/dnsclient"
	"github.com/mailpick/mailpick/probe/imap"
	"github.com/mailpick/mailpick/probe/smtp"
	"github.com/mailpick/mailpick/probe/tlsprobe"
)

// MaxMXProbed bounds the MX hosts a domain can make us connect to; a
// hostile zone could list hundreds.
const MaxMXProbed = 10

// Transport runs the connection-level checks: SMTP STARTTLS and TLS on
// every MX address, DANE, and the client ports. The zero value uses the
// system dialer, port 25 and the system roots; DNS must be set.
type Transport struct {
	DNS *dnsclient.Client
	// Dial opens TCP connections; tests route addresses to 127.0.0.1.
	Dial smtp.DialFunc
	// Timeout bounds each network step (connect, each command, handshake).
	Timeout time.Duration
	// Roots verifies chains: system roots plus --ca-file; nil means the
	// system roots.
	Roots     *x509.CertPool
	HelloName string
	Now       func() time.Time
	// ClientHosts replaces SRV discovery for client.submission and
	// client.imap (--client-host).
	ClientHosts []string
}

// target is one MX address to talk to.
type mxTarget struct{ host, addr string }

// mxTargets picks one address per family per MX host, MX hosts in
// preference order, at most MaxMXProbed of them.
func mxTargets(mx []MXHost) (targets []mxTarget, hosts []string) {
	sorted := slices.Clone(mx)
	slices.SortStableFunc(sorted, func(a, b MXHost) int { return int(a.Preference) - int(b.Preference) })
	seen := map[string]bool{}
	for _, m := range sorted {
		h := strings.ToLower(strings.TrimSuffix(m.Host, "."))
		if h == "" || seen[h] || len(hosts) == MaxMXProbed {
			continue
		}
		seen[h] = true
		hosts = append(hosts, h)
		var v4, v6 bool
		for _, a := range m.Addresses {
			ip, err := netip.ParseAddr(a)
			if err != nil {
				continue
			}
			if ip.Is4() || ip.Is4In6() {
				if !v4 {
					targets = append(targets, mxTarget{h, ip.Unmap().String()})
				}
				v4 = true
			} else if !v6 {
				targets = append(targets, mxTarget{h, ip.String()})
				v6 = true
			}
		}
	}
	return targets, hosts
}

func (t *Transport) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

func (t *Transport) smtpConfig(port string) smtp.Config {
	return smtp.Config{Dial: t.Dial, Port: port, HelloName: t.HelloName, Timeout: t.Timeout, Roots: t.Roots, Now: t.Now}
}

// Checks probes one domain's MX hosts and client ports. Everything
// independent runs at once, so the time taken approaches the longest chain
// of dependent round trips (TCP, greeting, EHLO, STARTTLS, handshake), not
// the sum over hosts.
func (t *Transport) Checks(ctx context.Context, domain string, mx []MXHost) []Check {
	targets, hosts := mxTargets(mx)
	results := make([]*smtp.Result, len(targets))
	tlsa := make([]tlsaLookup, len(hosts))
	var client []Check
	var wg sync.WaitGroup
	for i, tg := range targets {
		wg.Go(func() { results[i] = smtp.Probe(ctx, t.smtpConfig("25"), tg.host, tg.addr) })
	}
	if t.DNS != nil {
		for i, h := range hosts {
			wg.Go(func() {
				recs, secure, err := t.DNS.TLSA(ctx, dane.Owner(h))
				tlsa[i] = tlsaLookup{recs, secure, err}
			})
		}
	}
	wg.Go(func() { client = t.clientChecks(ctx, domain) })
	wg.Wait()

	byHost := map[string]tlsaLookup{}
	if t.DNS != nil {
		for i, h := range hosts {
			byHost[h] = tlsa[i]
		}
	}
	out := smtpChecks(results, byHost, t.now())
	for _, h := range hosts {
		if !slices.ContainsFunc(targets, func(tg mxTarget) bool { return tg.host == h }) {
			c := Check{ID: "smtp.connect", Category: CategoryTLS, Status: Skip, Target: h}
			c.say("tls.connect.no_address", "host", h, "check", "mx.resolve")
			out = append(out, c)
		}
	}
	if t.DNS != nil {
		for i, h := range hosts {
			var served *smtp.Result
			for _, r := range results {
				if r.Host == h && r.TLS != nil {
					served = r
					break
				}
			}
			out = append(out, daneCheck(h, tlsa[i], served, t.now()))
		}
	}
	return append(out, client...)
}

// clientService is one RFC 6186/8314 service.
type clientService struct {
	id       string
	srv      string // SRV owner prefix
	port     string
	implicit bool
	imap     bool
}

var clientServices = []clientService{
	{"client.submission", "_submissions._tcp", "465", true, false},
	{"client.submission", "_submission._tcp", "587", false, false},
	{"client.imap", "_imaps._tcp", "993", true, true},
}

// endpoint is a client host:port to probe, or why there is none.
type endpoint struct {
	svc     clientService
	host    string
	port    string
	fromSRV bool
	// srvErr is the SRV lookup failure; declined means the SRV target is
	// "." (RFC 2782: service decidedly not available).
	srvErr   error
	declined bool
}

func (t *Transport) endpoints(ctx context.Context, domain string) []endpoint {
	var eps []endpoint
	if len(t.ClientHosts) > 0 {
		for _, h := range t.ClientHosts {
			for _, s := range clientServices {
				eps = append(eps, endpoint{svc: s, host: strings.TrimSuffix(h, "."), port: s.port})
			}
		}
		return eps
	}
	eps = make([]endpoint, len(clientServices))
	var wg sync.WaitGroup
	for i, s := range clientServices {
		wg.Go(func() {
			ep := endpoint{svc: s, fromSRV: true}
			var recs []*dns.SRV
			var err error
			if t.DNS == nil {
				err = fmt.Errorf("no DNS client")
			} else {
				recs, err = t.DNS.SRV(ctx, s.srv+"."+dns.Fqdn(domain))
			}
			switch {
			case err != nil:
				ep.srvErr = err
			case len(recs) == 0:
				ep.srvErr = &dnsclient.Error{Name: s.srv + "." + domain, Type: dns.TypeSRV, Kind: dnsclient.ErrNoData}
			default:
				// Lowest priority first, then highest weight: the host a
				// client would try first (RFC 2782).
				slices.SortStableFunc(recs, func(a, b *dns.SRV) int {
					if a.Priority != b.Priority {
						return int(a.Priority) - int(b.Priority)
					}
					return int(b.Weight) - int(a.Weight)
				})
				r := recs[0]
				if r.Target == "." {
					ep.declined = true
				} else {
					ep.host, ep.port = strings.TrimSuffix(r.Target, "."), fmt.Sprint(r.Port)
				}
			}
			eps[i] = ep
		})
	}
	wg.Wait()
	return eps
}

// errNoAddress: the host definitely has no address (NXDOMAIN or NODATA).
var errNoAddress = errors.New("no A or AAAA record")

// endpointResult is what a client-port probe found.
type endpointResult struct {
	addr     string
	resolve  error
	dialed   bool
	dialKind smtp.DialKind
	tls      *tlsprobe.State
	err      error
	limit    time.Duration // time each step was allowed
}

func (t *Transport) resolve(ctx context.Context, host string) (string, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return ip.String(), nil
	}
	if t.DNS == nil {
		return "", fmt.Errorf("no DNS client")
	}
	var v4, v6 []netip.Addr
	var err4, err6 error
	var wg sync.WaitGroup
	wg.Go(func() { v4, err4 = t.DNS.A(ctx, host) })
	wg.Go(func() { v6, err6 = t.DNS.AAAA(ctx, host) })
	wg.Wait()
	switch {
	case len(v4) > 0:
		return v4[0].String(), nil
	case len(v6) > 0:
		return v6[0].String(), nil
	case err4 != nil && dnsclient.IsUnmeasured(err4):
		return "", err4
	case err6 != nil && dnsclient.IsUnmeasured(err6):
		return "", err6
	case err4 != nil:
		return "", fmt.Errorf("%w: %w", errNoAddress, err4)
	}
	return "", errNoAddress
}

func (t *Transport) probeEndpoint(ctx context.Context, ep endpoint) endpointResult {
	addr, err := t.resolve(ctx, ep.host)
	if err != nil {
		return endpointResult{resolve: err}
	}
	res := endpointResult{addr: addr}
	switch {
	case ep.svc.imap:
		r := imap.Probe(ctx, imap.Config{Dial: t.Dial, Port: ep.port, Timeout: t.Timeout, Roots: t.Roots, Now: t.Now}, ep.host, addr)
		res.dialed, res.tls, res.err, res.limit = r.Dialed, r.TLS, r.Err, r.Limit
		if !r.Dialed {
			res.dialKind = smtp.ClassifyDial(r.Err)
		}
	default:
		cfg := t.smtpConfig(ep.port)
		cfg.NoLegacy = true
		var r *smtp.Result
		if ep.svc.implicit {
			r = smtp.ProbeImplicit(ctx, cfg, ep.host, addr)
		} else {
			r = smtp.Probe(ctx, cfg, ep.host, addr)
		}
		res.dialed, res.dialKind, res.tls, res.limit = r.FailedAt != smtp.StageDial, r.DialKind, r.TLS, r.Limit
		if r.FailedAt != smtp.StageDone {
			res.err = r.Err
			if r.FailedAt == smtp.StageStartTLS || r.FailedAt == smtp.StageHandshake {
				res.err = fmt.Errorf("%s: %w", r.FailedAt, r.Err)
			}
		}
	}
	return res
}

func (t *Transport) clientChecks(ctx context.Context, domain string) []Check {
	eps := t.endpoints(ctx, domain)
	results := make([]endpointResult, len(eps))
	var wg sync.WaitGroup
	for i, ep := range eps {
		if ep.host != "" {
			wg.Go(func() { results[i] = t.probeEndpoint(ctx, ep) })
		}
	}
	wg.Wait()
	var out []Check
	for _, id := range []string{"client.submission", "client.imap"} {
		var mine []int
		allAbsent := true
		for i, ep := range eps {
			if ep.svc.id != id {
				continue
			}
			mine = append(mine, i)
			if !(ep.fromSRV && dnsclient.IsAbsent(ep.srvErr)) {
				allAbsent = false
			}
		}
		if allAbsent {
			var names []string
			for _, i := range mine {
				names = append(names, eps[i].svc.srv+"."+domain)
			}
			c := Check{ID: id, Category: CategoryClient, Status: Skip, Target: domain}
			c.say("client.no_srv", "names", msg.List(names))
			out = append(out, c)
			continue
		}
		for _, i := range mine {
			if eps[i].fromSRV && dnsclient.IsAbsent(eps[i].srvErr) {
				continue
			}
			out = append(out, clientCheck(domain, eps[i], results[i]))
		}
	}
	return out
}

func clientCheck(domain string, ep endpoint, r endpointResult) Check {
	c := Check{ID: ep.svc.id, Category: CategoryClient, Target: net.JoinHostPort(ep.host, ep.port), Details: map[string]any{}}
	mode := m("client.mode.implicit")
	if !ep.svc.implicit {
		mode = m("client.mode.starttls")
	}
	c.Details["mode"] = msg.Render("en", mode)
	if ep.fromSRV {
		c.Details["srv"] = ep.svc.srv + "." + domain
	}
	if r.addr != "" {
		c.Details["address"] = r.addr
	}
	if r.err != nil {
		c.Details["error"] = r.err.Error()
	}
	switch {
	case ep.srvErr != nil:
		c.Status, c.Target = Error, ep.svc.srv+"."+domain
		c.say("client.srv_failed", "err", errMsg(ep.srvErr))
	case ep.declined:
		c.Status, c.Target = Info, ep.svc.srv+"."+domain
		c.say("client.declined", "name", c.Target)
	case r.resolve != nil && !errors.Is(r.resolve, errNoAddress):
		c.Status = Error
		c.say("client.resolve_failed", "host", ep.host, "err", errMsg(r.resolve))
	case r.resolve != nil:
		c.Status = Fail
		c.say("client.no_address", "host", ep.host)
		c.fix("client.no_address.fix", "host", ep.host)
	case !r.dialed && r.dialKind == smtp.DialTimeout:
		// No refusal and no answer: whether the port is open was not
		// measured, for a --client-host as for an SRV target.
		c.Status = Error
		c.say("client.timeout", "target", c.Target, "limit", withinLimit(r.limit))
	case !r.dialed && !ep.fromSRV:
		c.Status = Info
		c.say("client.nothing", "target", c.Target, "kind", dialKind(r.dialKind), "mode", mode)
	case !r.dialed && r.dialKind == smtp.DialRefused:
		c.Status = Fail
		c.say("client.refused", "target", c.Target)
		c.fix("client.refused.fix")
	case !r.dialed:
		c.Status = Error
		c.say("client.connect_failed", "target", c.Target, "kind", dialKind(r.dialKind))
	case r.tls == nil && smtp.Timeout(r.err):
		c.Status = Error
		c.say("client.tls_silent", "target", c.Target, "mode", mode, "limit", withinLimit(r.limit), "err", errMsg(r.err))
	case r.tls == nil:
		c.Status = Fail
		c.say("client.tls_fails", "target", c.Target, "mode", mode, "err", errMsg(r.err))
		c.fix("client.tls_fails.fix", "mode", mode)
	default:
		certDetails(c.Details, r.tls)
		c.Details["version"] = r.tls.VersionName()
		status, problems := certProblems(r.tls)
		c.Status = status
		if status == Pass {
			c.say("client.pass", "target", c.Target, "mode", mode, "version", r.tls.VersionName())
			if r.err != nil {
				c.also("client.then", "err", errMsg(r.err))
			}
		} else {
			var whats msg.Clauses
			for _, p := range problems {
				whats = append(whats, p.what)
			}
			c.say("client.cert_problems", "target", c.Target, "mode", mode, "items", whats)
			c.fixMsg(certFix(problems))
		}
	}
	return c
}

// TransportChecks is the Config.Transport hook for a real run: port 25 and
// the client ports through the system dialer, cfg's resolver and roots.
func TransportChecks(ctx context.Context, cfg Config, domain string, mx []MXHost) []Check {
	return Transport{}.Hook()(ctx, cfg, domain, mx)
}

// Hook adapts t to Config.Transport; unset DNS, Roots and Now come from
// the probe's Config.
func (t Transport) Hook() func(ctx context.Context, cfg Config, domain string, mx []MXHost) []Check {
	return func(ctx context.Context, cfg Config, domain string, mx []MXHost) []Check {
		tt := t
		if tt.DNS == nil {
			tt.DNS = cfg.DNS
		}
		if tt.Roots == nil {
			tt.Roots = cfg.Roots
		}
		if tt.Now == nil {
			tt.Now = cfg.Now
		}
		if tt.Timeout <= 0 {
			// cfg.Timeout bounds the whole domain through ctx; one
			// step may use all of it.
			tt.Timeout = cfg.Timeout
		}
		return tt.Checks(ctx, domain, mx)
	}
}
