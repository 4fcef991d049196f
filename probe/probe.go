package probe

import (
	"context"
	"crypto/x509"
	"net/netip"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/probe/dnsclient"
)

// Config is what a probe run needs. DNS is required; the rest has
// defaults.
type Config struct {
	DNS *dnsclient.Client
	// Roots verify HTTPS (MTA-STS) and TLS certificates: the system roots
	// plus --ca-file. Nil means the system roots.
	Roots *x509.CertPool
	// Timeout bounds the whole probe of one domain (default 10s).
	Timeout time.Duration
	// DKIMSelectors replace the common selectors when set.
	DKIMSelectors []string
	// NoConnect skips every check that opens a connection to the domain's
	// hosts (SMTP, TLS, client ports). MTA-STS still fetches its policy:
	// it is HTTPS to a web server, and the policy is part of DNS posture.
	NoConnect bool
	// Transport runs the connection checks (smtp.*, dane.tlsa, client.*)
	// once the MX hosts are known; nil skips them.
	Transport func(ctx context.Context, cfg Config, domain string, mx []MXHost) []Check
	// MTASTSPort overrides the HTTPS port of policy fetches (tests).
	MTASTSPort int
	// Now is the clock (default time.Now).
	Now func() time.Time
	// SendingIPs are the addresses the domain's mail leaves from
	// (--sending-ip): the sending.* checks look up their reverse DNS and
	// SPF result. None: those checks are skip.
	SendingIPs []netip.Addr
}

// DefaultTimeout bounds one domain's probe.
const DefaultTimeout = 10 * time.Second

func (cfg Config) now() time.Time {
	if cfg.Now != nil {
		return cfg.Now()
	}
	return time.Now()
}

// Probe measures domain and scores it. It never returns an error: what
// could not be measured is a check with status error.
// It is long because it starts every group of checks at once and then
// gathers them in report order; the groups share the MX lookup and the
// deadline, which a split would have to pass around.
func Probe(ctx context.Context, cfg Config, domain string) DomainResult {
	start := cfg.now()
	domain = strings.ToLower(strings.TrimSuffix(domain, "."))
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if cfg.DNS != nil {
		// One session per domain: each question is asked once, whichever
		// checks need its answer, over one socket per server.
		cfg.DNS = cfg.DNS.Session()
		defer cfg.DNS.Close()
	}

	p := &prober{cfg: cfg, domain: domain}
	var (
		wg                                           sync.WaitGroup
		mxChecks, spfChecks, dmarcChecks, dkimChecks []Check
		mtastsRec                                    mtastsState
		dnssecDomain                                 Check
		transport                                    []Check
		mx                                           *mxState
	)
	wg.Go(func() {
		mx = p.lookupMX(ctx)
		var inner sync.WaitGroup
		inner.Go(func() { mxChecks = p.mxChecks(ctx, mx) })
		if cfg.Transport != nil && !cfg.NoConnect && len(mx.hosts) > 0 {
			inner.Go(func() {
				// Addresses are filled by mxChecks; the transport needs
				// them, so it waits for name resolution only.
				<-mx.resolved
				transport = cfg.Transport(ctx, cfg, domain, mx.hostsCopy())
			})
		}
		inner.Wait()
	})
	wg.Go(func() { spfChecks = p.spfChecks(ctx) })
	wg.Go(func() { dmarcChecks = p.dmarcChecks(ctx) })
	wg.Go(func() { dkimChecks = p.dkimChecks(ctx) })
	wg.Go(func() { mtastsRec = p.mtasts(ctx) })
	var tlsrpt, bimi Check
	wg.Go(func() { tlsrpt = p.tlsrptCheck(ctx) })
	wg.Go(func() { bimi = p.bimiCheck(ctx) })
	wg.Go(func() { dnssecDomain = p.dnssecDomain(ctx) })
	var sending []Check
	wg.Go(func() { sending = p.sendingChecks(ctx) })
	wg.Wait()

	checks := append([]Check{}, mxChecks...)
	checks = append(checks, spfChecks...)
	checks = append(checks, dmarcChecks...)
	checks = append(checks, dkimChecks...)
	checks = append(checks, mtastsRec.record, p.mtastsPolicyCheck(&mtastsRec, mx))
	checks = append(checks, tlsrpt, bimi)
	checks = append(checks, dnssecDomain, mx.dnssec)
	switch {
	case cfg.Transport == nil || cfg.NoConnect:
		checks = append(checks, skippedTransport(domain, cfg.NoConnect)...)
	case len(mx.hostsCopy()) == 0:
		// The transport needs MX hosts; its checks still appear.
		checks = append(checks, skippedTransportWhy(domain, m("transport.no_mx", "check", "mx.records"))...)
	default:
		checks = append(checks, transport...)
	}
	checks = append(checks, sending...)
	if mx.null && !mx.mixed {
		checks = judgeNoMail(checks)
	}
	for i := range checks {
		if checks[i].Details == nil {
			checks[i].Details = map[string]any{}
		}
		if _, ok := checks[i].Details["rfc"]; !ok {
			if info, ok := LookupCheck(checks[i].ID); ok && info.RFC != "" {
				checks[i].Details["rfc"] = info.RFC
			}
		}
	}
	sortChecks(checks)

	res := DomainResult{Domain: domain, Checks: checks, MX: mx.hostsCopy(), ProbedAt: start.UTC()}
	if res.MX == nil {
		res.MX = []MXHost{}
	}
	Score(&res)
	res.DurationMS = cfg.now().Sub(start).Milliseconds()
	return res
}

// skippedTransport stands in for the connection checks so a report still
// shows they exist and why they did not run.
func skippedTransport(domain string, noConnect bool) []Check {
	why := m("transport.unavailable")
	if noConnect {
		why = m("transport.no_connect", "flag", "--no-connect")
	}
	return skippedTransportWhy(domain, why)
}

func skippedTransportWhy(domain string, why msg.Message) []Check {
	var out []Check
	for _, c := range Registry {
		if c.Category == CategoryTLS || c.Category == CategoryClient {
			sc := Check{ID: c.ID, Category: c.Category, Status: Skip, Target: domain}
			sc.sayMsg(why)
			out = append(out, sc)
		}
	}
	return out
}

// sortChecks orders checks as the registry does, keeping the order of
// several results for one id (e.g. one per MX host).
func sortChecks(checks []Check) {
	rank := map[string]int{}
	for i, c := range Registry {
		rank[c.ID] = i
	}
	sort.SliceStable(checks, func(i, j int) bool {
		ri, oki := rank[checks[i].ID]
		rj, okj := rank[checks[j].ID]
		if !oki {
			ri = len(Registry)
		}
		if !okj {
			rj = len(Registry)
		}
		return ri < rj
	})
}

// prober holds one domain's run.
type prober struct {
	cfg    Config
	domain string
}
