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

	"github.com/mailpick/mailpick/msg"
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
func (p *prober) withDependents(first Check, ids []string, status Status, why msg.Message) []Check {
	out := []Check{first}
	for _, id := range ids {
		c := p.newCheck(id)
		c.Status = status
		c.sayMsg(why)
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
	skipAll := func(status Status, why msg.Message) []Check {
		out := []Check{records}
		for _, id := range dependent {
			c := p.newCheck(id)
			c.Status = status
			c.sayMsg(why)
			out = append(out, c)
		}
		st.dnssec = p.newCheck("dnssec.mx")
		st.dnssec.Status = status
		st.dnssec.sayMsg(why)
		return out
	}
	switch {
	case st.err != nil && dnsclient.IsAbsent(st.err):
		records.Status = Fail
		records.say("mx.records.none", "domain", p.domain)
		records.fix("mx.records.none.fix", "mx", fmt.Sprintf("%s. MX 10 mail.%s.", p.domain, p.domain), "null", fmt.Sprintf("%s. MX 0 .", p.domain))
		records.Details["error"] = st.err.Error()
		return skipAll(Skip, m("mx.dep.none"))
	case st.err != nil:
		records.Status = Error
		records.say("lookup_failed", "what", "MX", "err", errMsg(st.err))
		return skipAll(Error, m("mx.dep.failed"))
	case st.mixed:
		records.Status = Warn
		records.say("mx.records.mixed")
		records.fix("mx.records.mixed.fix", "record", fmt.Sprintf("%s. MX 0 .", p.domain))
	case st.null:
		// Exactly what a domain that receives no mail should publish
		// (RFC 7505 §3): the other checks are judged accordingly.
		records.Status = Pass
		records.say("mx.records.null", "domain", p.domain)
		return skipAll(Skip, m("mx.dep.null"))
	default:
		records.Status = Pass
		var names []string
		for _, h := range st.hosts {
			names = append(names, fmt.Sprintf("%d %s", h.Preference, h.Host))
		}
		records.say("mx.records.pass", "n", msg.Count{N: len(st.hosts) + st.extra, Unit: "mx_record"}, "hosts", msg.List(names))
		if st.extra > 0 {
			records.also("mx.records.more", "n", st.extra)
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
	var fails, warns, errs, fixes []msg.Message
	for i, h := range hosts {
		hi := infos[i]
		switch {
		case hi.literal:
			fails = append(fails, m("mx.resolve.literal", "host", h.Host))
			fixes = append(fixes, m("mx.resolve.literal.fix", "a", fmt.Sprintf("mail.%s. A %s", p.domain, h.Host), "mx", fmt.Sprintf("%s. MX %d mail.%s.", p.domain, h.Preference, p.domain)))
		case len(hi.v4)+len(hi.v6) == 0 && (dnsclient.IsUnmeasured(hi.err4) || dnsclient.IsUnmeasured(hi.err6)):
			errs = append(errs, m("item.err", "item", h.Host, "err", errMsg(firstErr(hi.err4, hi.err6))))
		case len(hi.v4)+len(hi.v6) == 0:
			fails = append(fails, m("mx.resolve.no_address", "host", h.Host))
			fixes = append(fixes, m("mx.resolve.no_address.fix", "host", h.Host, "example", fmt.Sprintf("%s. A 192.0.2.25", h.Host)))
		case hi.cname != "":
			warns = append(warns, m("mx.resolve.cname", "host", h.Host, "target", strings.TrimSuffix(hi.cname, ".")))
			fixes = append(fixes, m("mx.resolve.cname.fix", "mx", fmt.Sprintf("%s. MX %d %s", p.domain, h.Preference, hi.cname)))
		}
	}
	var problems []string
	for _, x := range append(append(append([]msg.Message{}, fails...), warns...), errs...) {
		problems = append(problems, msg.Render("en", x))
	}
	c.Details["problems"] = problems
	switch {
	case len(fails) > 0:
		c.Status = Fail
		c.say("mx.resolve.fail", "items", clauses(fails))
	case len(warns) > 0:
		c.Status = Warn
		c.say("mx.resolve.warn", "items", clauses(warns))
	case len(errs) > 0:
		c.Status = Error
		c.say("mx.resolve.error", "items", clauses(errs))
	default:
		c.Status = Pass
		c.say("mx.resolve.pass", "n", msg.Count{N: len(hosts), Unit: "host"})
		delete(c.Details, "problems")
	}
	c.fixes(fixes)
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
		c.say("mx.ipv6.pass", "n", len(with), "total", len(hosts))
	case len(unmeasured) > 0:
		c.Status = Error
		c.say("mx.ipv6.error", "hosts", msg.List(unmeasured))
	default:
		c.Status = Warn
		c.say("mx.ipv6.warn")
		c.fix("mx.ipv6.fix", "example", hosts[0].Host+". AAAA 2001:db8::25")
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
		c.Status = Skip
		c.say("mx.ptr.none")
		return c
	}
	names := make([]string, len(jobs))
	whys := make([]msg.Message, len(jobs))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Go(func() { names[i], whys[i], errs[i] = p.fcrdns(ctx, j.addr) })
	}
	wg.Wait()
	var bad, unmeasured, fixes []msg.Message
	confirmed := map[string]string{}
	for i, j := range jobs {
		switch {
		case errs[i] != nil:
			unmeasured = append(unmeasured, m("item.paren_err", "item", j.addr, "err", errMsg(errs[i])))
		case names[i] != "":
			confirmed[j.addr] = names[i]
		default:
			bad = append(bad, m("mx.ptr.bad", "host", j.host, "addr", j.addr, "why", whys[i]))
			rev, _ := dns.ReverseAddr(j.addr)
			fixes = append(fixes, m("mx.ptr.fix", "addr", j.addr, "ptr", fmt.Sprintf("%s PTR %s.", rev, j.host)))
		}
	}
	c.Details["confirmed"] = confirmed
	switch {
	case len(bad) > 0:
		c.Status = Warn
		c.say("mx.ptr.warn", "items", clauses(bad))
		c.fixes(fixes)
	case len(unmeasured) > 0:
		c.Status = Error
		c.say("reverse_failed", "items", clauses(unmeasured))
	default:
		c.Status = Pass
		c.say("mx.ptr.pass", "n", msg.Count{N: len(jobs), Unit: "address"})
	}
	return c
}

// fcrdns returns the name when a PTR name of addr resolves back to addr,
// otherwise why not; err only when DNS could not answer.
func (p *prober) fcrdns(ctx context.Context, addr string) (string, msg.Message, error) {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return "", m("ptr.not_ip"), nil
	}
	names, err := p.cfg.DNS.PTR(ctx, ip)
	if dnsclient.IsAbsent(err) {
		return "", m("ptr.none"), nil
	}
	if err != nil {
		return "", msg.Message{}, err
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
			return strings.TrimSuffix(n, "."), msg.Message{}, nil
		}
	}
	if lastErr != nil {
		return "", msg.Message{}, lastErr
	}
	return "", m("ptr.not_back", "name", strings.TrimSuffix(names[0], ".")), nil
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
