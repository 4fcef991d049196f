package probe

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/miekg/dns"

	"github.com/mailpick/mailpick/probe/dnsclient"
)

// maxMXHosts bounds the MX hosts examined: a hostile zone could list
// hundreds, and no real domain needs more than a handful.
const maxMXHosts = 10

// maxPTRAddrs bounds the reverse lookups of mx.ptr.
const maxPTRAddrs = 20

// mxState is what the MX lookup found; the other MX checks, dnssec.mx,
// mtasts.policy and the transport checks build on it.
type mxState struct {
	err      error
	null     bool // RFC 7505 null MX present
	mixed    bool // null MX next to real ones
	hosts    []MXHost
	extra    int // hosts beyond maxMXHosts, not examined
	resolved chan struct{}
	dnssec   Check
	mu       sync.Mutex
}

func (m *mxState) hostsCopy() []MXHost {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]MXHost, len(m.hosts))
	for i, h := range m.hosts {
		out[i] = h
		out[i].Addresses = slices.Clone(h.Addresses)
	}
	return out
}

// withDependents returns first followed by the checks ids, which could not
// be judged on their own (no record, lookup failed) and all get status and
// why.
func (p *prober) withDependents(first Check, ids []string, status Status, why string) []Check {
	out := []Check{first}
	for _, id := range ids {
		c := p.newCheck(id)
		c.Status, c.Summary = status, why
		out = append(out, c)
	}
	return out
}

func (p *prober) newCheck(id string) Check {
	info, _ := LookupCheck(id)
	return Check{ID: id, Category: info.Category, Target: p.domain, Details: map[string]any{}}
}

func (p *prober) lookupMX(ctx context.Context) *mxState {
	st := &mxState{resolved: make(chan struct{})}
	recs, err := p.cfg.DNS.MX(ctx, p.domain)
	if err != nil {
		st.err = err
		close(st.resolved)
		return st
	}
	slices.SortStableFunc(recs, func(a, b *dns.MX) int {
		if a.Preference != b.Preference {
			return int(a.Preference) - int(b.Preference)
		}
		return strings.Compare(a.Mx, b.Mx)
	})
	seen := map[string]bool{}
	for _, r := range recs {
		host := strings.ToLower(strings.TrimSuffix(r.Mx, "."))
		if host == "" {
			st.null = true
			continue
		}
		if seen[host] {
			continue
		}
		seen[host] = true
		if len(st.hosts) == maxMXHosts {
			st.extra++
			continue
		}
		st.hosts = append(st.hosts, MXHost{Host: host, Preference: r.Preference})
	}
	st.mixed = st.null && len(st.hosts) > 0
	if st.null && !st.mixed {
		close(st.resolved)
	}
	return st
}

// hostInfo is what resolving one MX host found.
type hostInfo struct {
	literal    bool
	cname      string
	v4, v6     []netip.Addr
	err4, err6 error
	cnameErr   error
}

// mxChecks judges the MX set and its hosts. It is long because each of its
// checks (records, resolve, IPv6, PTR) depends on the same per-host answers,
// gathered once, and a null MX changes what every one of them means.
func (p *prober) mxChecks(ctx context.Context, st *mxState) []Check {
	records := p.newCheck("mx.records")
	dependent := []string{"mx.resolve", "mx.ipv6", "mx.ptr"}
	skipAll := func(status Status, why string) []Check {
		out := []Check{records}
		for _, id := range dependent {
			c := p.newCheck(id)
			c.Status, c.Summary = status, why
			out = append(out, c)
		}
		st.dnssec = p.newCheck("dnssec.mx")
		st.dnssec.Status, st.dnssec.Summary = status, why
		return out
	}
	switch {
	case st.err != nil && dnsclient.IsAbsent(st.err):
		records.Status = Fail
		records.Summary = fmt.Sprintf("%s has no MX records, so mail for it cannot be delivered reliably", p.domain)
		records.Fix = fmt.Sprintf("publish your mail server: %s. MX 10 mail.%s. — or, if the domain never receives mail, a null MX: %s. MX 0 . (RFC 7505)", p.domain, p.domain, p.domain)
		records.Details["error"] = st.err.Error()
		return skipAll(Skip, "no MX records")
	case st.err != nil:
		records.Status = Error
		records.Summary = fmt.Sprintf("MX lookup failed (%v); not measured", st.err)
		return skipAll(Error, "MX lookup failed; not measured")
	case st.mixed:
		records.Status = Warn
		records.Summary = "a null MX (\"accepts no mail\") is published next to real MX records; senders may refuse or mis-route mail"
		records.Fix = fmt.Sprintf("remove the record %s. MX 0 . — a null MX must be the only MX record (RFC 7505 §3)", p.domain)
	case st.null:
		// Exactly what a domain that receives no mail should publish
		// (RFC 7505 §3): the other checks are judged accordingly.
		records.Status = Pass
		records.Summary = fmt.Sprintf("%s publishes a null MX: it declares that it accepts no mail (RFC 7505), so senders fail at once instead of retrying", p.domain)
		return skipAll(Skip, "null MX: the domain accepts no mail")
	default:
		records.Status = Pass
		var names []string
		for _, h := range st.hosts {
			names = append(names, fmt.Sprintf("%d %s", h.Preference, h.Host))
		}
		records.Summary = fmt.Sprintf("%s: %s", plural(len(st.hosts)+st.extra, "MX record"), strings.Join(names, ", "))
		if st.extra > 0 {
			records.Summary += fmt.Sprintf(" (and %d more, not examined)", st.extra)
		}
	}
	records.Details["hosts"] = len(st.hosts) + st.extra

	// Every lookup starts as soon as what it needs is known: the DNSSEC
	// state of the MX hosts needs only their names; the reverse lookups
	// of mx.ptr start per address as each A/AAAA answer arrives, not once
	// every host is resolved. The session behind p.cfg.DNS hands the
	// answers of these early lookups to the checks below.
	names := make([]string, len(st.hosts))
	for i, h := range st.hosts {
		names[i] = h.Host
	}
	var wg, early sync.WaitGroup
	wg.Go(func() { st.dnssec = p.dnssecMX(ctx, names) })
	var started atomic.Int32
	prefetchPTR := func(addrs []netip.Addr) {
		for _, a := range addrs {
			if started.Add(1) <= maxPTRAddrs {
				early.Go(func() { p.fcrdns(ctx, a.String()) })
			}
		}
	}
	infos := make([]hostInfo, len(st.hosts))
	var resolving sync.WaitGroup
	for i, h := range st.hosts {
		resolving.Go(func() { infos[i] = p.resolveHost(ctx, h.Host, prefetchPTR) })
	}
	resolving.Wait()
	st.mu.Lock()
	for i := range st.hosts {
		var addrs []string
		for _, a := range append(slices.Clone(infos[i].v4), infos[i].v6...) {
			addrs = append(addrs, a.String())
		}
		st.hosts[i].Addresses = addrs
	}
	st.mu.Unlock()
	close(st.resolved)

	ptr := p.ptrCheck(ctx, st.hostsCopy())
	early.Wait()
	wg.Wait()
	return []Check{records, p.resolveCheck(st.hosts, infos), p.ipv6Check(st.hosts, infos), ptr}
}

// resolveHost looks up host's addresses and CNAME at once, handing each
// address set to found as soon as it arrives.
func (p *prober) resolveHost(ctx context.Context, host string, found func([]netip.Addr)) hostInfo {
	var hi hostInfo
	if _, err := netip.ParseAddr(host); err == nil {
		hi.literal = true
		return hi
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		hi.v4, hi.err4 = p.cfg.DNS.A(ctx, host)
		found(hi.v4)
	})
	wg.Go(func() {
		hi.v6, hi.err6 = p.cfg.DNS.AAAA(ctx, host)
		found(hi.v6)
	})
	wg.Go(func() { hi.cname, hi.cnameErr = p.cfg.DNS.CNAME(ctx, host) })
	wg.Wait()
	return hi
}

func (p *prober) resolveCheck(hosts []MXHost, infos []hostInfo) Check {
	c := p.newCheck("mx.resolve")
	var fails, warns, errs, fixes []string
	for i, h := range hosts {
		hi := infos[i]
		switch {
		case hi.literal:
			fails = append(fails, fmt.Sprintf("%s is an IP address, not a host name", h.Host))
			fixes = append(fixes, fmt.Sprintf("give the server a name: mail.%s. A %s, then %s. MX %d mail.%s.", p.domain, h.Host, p.domain, h.Preference, p.domain))
		case len(hi.v4)+len(hi.v6) == 0 && (dnsclient.IsUnmeasured(hi.err4) || dnsclient.IsUnmeasured(hi.err6)):
			errs = append(errs, fmt.Sprintf("%s: %v", h.Host, firstErr(hi.err4, hi.err6)))
		case len(hi.v4)+len(hi.v6) == 0:
			fails = append(fails, fmt.Sprintf("%s has no A or AAAA record", h.Host))
			fixes = append(fixes, fmt.Sprintf("publish an address for %s (e.g. %s. A 192.0.2.25) or remove the MX record", h.Host, h.Host))
		case hi.cname != "":
			warns = append(warns, fmt.Sprintf("%s is a CNAME to %s", h.Host, strings.TrimSuffix(hi.cname, ".")))
			fixes = append(fixes, fmt.Sprintf("point the MX at the canonical name: %s. MX %d %s (RFC 5321 §5.1 forbids MX → CNAME)", p.domain, h.Preference, hi.cname))
		}
	}
	c.Details["problems"] = append(append(append([]string{}, fails...), warns...), errs...)
	switch {
	case len(fails) > 0:
		c.Status = Fail
		c.Summary = "some MX hosts cannot receive mail: " + strings.Join(fails, "; ")
	case len(warns) > 0:
		c.Status = Warn
		c.Summary = "MX points at an alias: " + strings.Join(warns, "; ")
	case len(errs) > 0:
		c.Status = Error
		c.Summary = "could not resolve every MX host: " + strings.Join(errs, "; ")
	default:
		c.Status = Pass
		c.Summary = fmt.Sprintf("every MX host resolves to an address (%s)", plural(len(hosts), "host"))
		delete(c.Details, "problems")
	}
	c.Fix = strings.Join(fixes, "; ")
	return c
}

func (p *prober) ipv6Check(hosts []MXHost, infos []hostInfo) Check {
	c := p.newCheck("mx.ipv6")
	with, unmeasured := []string{}, []string{}
	for i, h := range hosts {
		if len(infos[i].v6) > 0 {
			with = append(with, h.Host)
		} else if dnsclient.IsUnmeasured(infos[i].err6) {
			unmeasured = append(unmeasured, h.Host)
		}
	}
	c.Details["ipv6_hosts"] = with
	switch {
	case len(with) > 0:
		c.Status = Pass
		c.Summary = fmt.Sprintf("%d of %d MX hosts have an IPv6 address", len(with), len(hosts))
	case len(unmeasured) > 0:
		c.Status = Error
		c.Summary = "AAAA lookup failed for " + strings.Join(unmeasured, ", ") + "; not measured"
	default:
		c.Status = Warn
		c.Summary = "no MX host has an IPv6 address: senders on IPv6-only networks cannot deliver"
		c.Fix = fmt.Sprintf("add an AAAA record to an MX host, e.g. %s. AAAA 2001:db8::25", hosts[0].Host)
	}
	return c
}

func (p *prober) ptrCheck(ctx context.Context, hosts []MXHost) Check {
	c := p.newCheck("mx.ptr")
	type job struct{ host, addr string }
	var jobs []job
	seen := map[string]bool{} // MX hosts can share addresses (aliases)
	for _, h := range hosts {
		for _, a := range h.Addresses {
			if len(jobs) < maxPTRAddrs && !seen[a] {
				seen[a] = true
				jobs = append(jobs, job{h.Host, a})
			}
		}
	}
	if len(jobs) == 0 {
		c.Status, c.Summary = Skip, "no MX addresses to check"
		return c
	}
	results := make([]string, len(jobs)) // "" = confirmed
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Go(func() { results[i], errs[i] = p.fcrdns(ctx, j.addr) })
	}
	wg.Wait()
	var bad, unmeasured, fixes []string
	confirmed := map[string]string{}
	for i, j := range jobs {
		switch {
		case errs[i] != nil:
			unmeasured = append(unmeasured, fmt.Sprintf("%s (%v)", j.addr, errs[i]))
		case strings.HasPrefix(results[i], "="):
			confirmed[j.addr] = results[i][1:]
		default:
			bad = append(bad, fmt.Sprintf("%s [%s]: %s", j.host, j.addr, results[i]))
			rev, _ := dns.ReverseAddr(j.addr)
			fixes = append(fixes, fmt.Sprintf("ask the owner of %s (your hosting provider) to set %s PTR %s.", j.addr, rev, j.host))
		}
	}
	c.Details["confirmed"] = confirmed
	switch {
	case len(bad) > 0:
		c.Status = Warn
		c.Summary = "reverse DNS does not confirm some MX addresses; receivers often distrust mail from such hosts: " + strings.Join(bad, "; ")
		c.Fix = strings.Join(fixes, "; ")
	case len(unmeasured) > 0:
		c.Status = Error
		c.Summary = "reverse lookups failed: " + strings.Join(unmeasured, "; ")
	default:
		c.Status = Pass
		c.Summary = fmt.Sprintf("every MX address has forward-confirmed reverse DNS (%s)", plural(len(jobs), "address"))
	}
	return c
}

// fcrdns returns "=name" when a PTR name of addr resolves back to addr,
// otherwise a reason; err only when DNS could not answer.
func (p *prober) fcrdns(ctx context.Context, addr string) (string, error) {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return "not an IP address", nil
	}
	names, err := p.cfg.DNS.PTR(ctx, ip)
	if dnsclient.IsAbsent(err) {
		return "no PTR record", nil
	}
	if err != nil {
		return "", err
	}
	var lastErr error
	for i, n := range names {
		if i == 5 {
			break
		}
		var addrs []netip.Addr
		var ferr error
		if ip.Is4() {
			addrs, ferr = p.cfg.DNS.A(ctx, n)
		} else {
			addrs, ferr = p.cfg.DNS.AAAA(ctx, n)
		}
		if dnsclient.IsUnmeasured(ferr) {
			lastErr = ferr
			continue
		}
		if slices.Contains(addrs, ip) {
			return "=" + strings.TrimSuffix(n, "."), nil
		}
	}
	if lastErr != nil {
		return "", lastErr
	}
	return fmt.Sprintf("PTR %s does not resolve back to it", strings.TrimSuffix(names[0], ".")), nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if dnsclient.IsUnmeasured(e) {
			return e
		}
	}
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// plural writes "1 host" or "3 hosts".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "s") {
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
