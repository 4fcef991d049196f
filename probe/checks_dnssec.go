package probe

import (
	"context"
	"errors"
	"net/netip"
	"strings"
	"sync"

	"github.com/miekg/dns"
	"golang.org/x/net/publicsuffix"

	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/probe/dnsclient"
)

// dnssecState is the DNSSEC situation of one name.
type dnssecState struct {
	name   string
	zone   string // the signed zone holding the name, if any
	signed bool   // DNSKEY with RRSIG published
	hasDS  bool   // DS at the parent: the chain of trust can reach it
	secure bool   // the resolver validated (AD)
	bogus  bool   // SERVFAIL without CD, an answer with CD
	err    error  // could not be measured
}

// maxZoneWalk bounds the names asked for DNSKEY above a name.
const maxZoneWalk = 6

// zoneCandidates lists name and its ancestors up to its registrable
// domain (public suffix list), closest first: the zones that may hold it.
func zoneCandidates(name string) []string {
	name = strings.ToLower(strings.TrimSuffix(name, "."))
	org, err := publicsuffix.EffectiveTLDPlusOne(name)
	if err != nil {
		org = name
	}
	labels := dns.SplitDomainName(name)
	var out []string
	for i := range labels {
		candidate := strings.Join(labels[i:], ".")
		out = append(out, candidate)
		if candidate == org || len(out) == maxZoneWalk {
			break
		}
	}
	return out
}

// zoneOf finds the closest enclosing zone that publishes DNSKEY, from name
// up to its registrable domain. Every candidate is asked at once: each
// answer is independent of the others, so the walk costs one round trip,
// not one per label. A candidate that answers SERVFAIL is asked again with
// CD, so that a bogus zone still shows its keys.
func (p *prober) zoneOf(ctx context.Context, name string) (zone string, signed bool, err error) {
	candidates := zoneCandidates(name)
	type result struct {
		ans *dnsclient.Answer
		err error
	}
	results := make([]result, len(candidates))
	var wg sync.WaitGroup
	for i, c := range candidates {
		wg.Go(func() {
			ans, err := p.cfg.DNS.Query(ctx, c, dns.TypeDNSKEY, dnsclient.Flags{DO: true, AD: true})
			if errors.Is(err, dnsclient.ErrServFail) {
				if cdAns, cdErr := p.cfg.DNS.Query(ctx, c, dns.TypeDNSKEY, dnsclient.Flags{DO: true, CD: true}); cdErr == nil || dnsclient.IsAbsent(cdErr) {
					ans, err = cdAns, cdErr
				}
			}
			results[i] = result{ans, err}
		})
	}
	wg.Wait()
	for i, r := range results {
		switch {
		case r.err == nil:
			return candidates[i], len(dnsclient.Records[*dns.RRSIG](r.ans)) > 0, nil
		case dnsclient.IsUnmeasured(r.err):
			return "", false, r.err
		}
	}
	return "", false, nil
}

// dnssecOf measures name's DNSSEC state by asking for qtype at name. The
// zone walk and the question itself go out together; for DNSKEY the
// question is one of the walk's.
func (p *prober) dnssecOf(ctx context.Context, name string, qtype uint16) dnssecState {
	st := dnssecState{name: name}
	var (
		zone   string
		signed bool
		zerr   error
		ans    *dnsclient.Answer
		err    error
		wg     sync.WaitGroup
	)
	wg.Go(func() { zone, signed, zerr = p.zoneOf(ctx, name) })
	if qtype != dns.TypeDNSKEY {
		wg.Go(func() { ans, err = p.cfg.DNS.Query(ctx, name, qtype, dnsclient.Flags{DO: true, AD: true}) })
	}
	wg.Wait()
	if zerr != nil {
		st.err = zerr
		return st
	}
	st.zone, st.signed = zone, signed
	if qtype == dns.TypeDNSKEY {
		if zone != "" {
			name = zone
		}
		ans, err = p.cfg.DNS.Query(ctx, name, qtype, dnsclient.Flags{DO: true, AD: true})
	}
	switch {
	case err == nil:
		st.secure = ans.Secure
	case errors.Is(err, dnsclient.ErrServFail):
		// A validating resolver answers SERVFAIL for bogus data; with CD
		// it hands the data over anyway. Only then is it bogus and not
		// simply a broken server.
		_, cdErr := p.cfg.DNS.Query(ctx, name, qtype, dnsclient.Flags{DO: true, CD: true})
		if cdErr == nil || dnsclient.IsAbsent(cdErr) {
			st.bogus = true
			return st
		}
		st.err = err
		return st
	case dnsclient.IsAbsent(err):
		// Nothing to validate at this name; the zone state still tells
		// whether it is signed.
	default:
		st.err = err
		return st
	}
	if st.signed && !st.secure {
		_, dsErr := p.cfg.DNS.Query(ctx, st.zone, dns.TypeDS, dnsclient.Flags{DO: true})
		switch {
		case dsErr == nil:
			st.hasDS = true
		case dnsclient.IsUnmeasured(dsErr):
			st.err = dsErr
		}
	}
	return st
}

func (p *prober) dnssecDomain(ctx context.Context) Check {
	c := p.newCheck("dnssec.domain")
	st := p.dnssecOf(ctx, p.domain, dns.TypeDNSKEY)
	judge(&c, st, p.domain)
	if c.Status == Fail && !st.bogus {
		// Parked-domain advice (RFC 7505, M3AAWG) does not ask for
		// DNSSEC: for a domain that accepts no mail, unsigned is a fact.
		nm := c
		nm.Details = cloneDetails(c.Details)
		nm.Details["rfc"] = "RFC 9364; RFC 7505; M3AAWG parked domains"
		nm.Status = Info
		nm.fixMsg(msg.Message{})
		nm.say("dnssec.domain.unsigned_nomail", "domain", p.domain)
		c.noMail = &nm
	}
	return c
}

// judge turns one name's state into a status.
func judge(c *Check, st dnssecState, what string) {
	if st.zone != "" {
		c.Details["zone"] = st.zone
	}
	switch {
	case st.bogus:
		c.Status = Fail
		c.say("dnssec.domain.bogus", "name", what)
		c.fix("dnssec.domain.bogus.fix", "name", what)
	case st.err != nil:
		c.Status = Error
		c.say("dnssec.domain.error", "name", what, "err", errMsg(st.err))
	case st.secure:
		c.Status = Pass
		c.say("dnssec.domain.pass", "name", what)
	case st.signed && st.hasDS:
		c.Status = Error
		c.say("dnssec.domain.not_validated", "name", what)
	case st.signed:
		c.Status = Warn
		c.say("dnssec.domain.no_ds", "zone", st.zone)
		c.fix("dnssec.domain.no_ds.fix", "zone", st.zone)
	default:
		c.Status = Fail
		c.say("dnssec.domain.unsigned", "name", what)
		c.fix("dnssec.domain.unsigned.fix", "name", what)
	}
}

func (p *prober) dnssecMX(ctx context.Context, hosts []string) Check {
	c := p.newCheck("dnssec.mx")
	states := make([]dnssecState, len(hosts))
	var wg sync.WaitGroup
	for i, h := range hosts {
		if _, err := netip.ParseAddr(h); err == nil {
			states[i] = dnssecState{name: h, err: errors.New("MX is an IP literal")} // counted as not measured; mx.resolve reports it
			continue
		}
		wg.Go(func() { states[i] = p.dnssecOf(ctx, h, dns.TypeA) })
	}
	wg.Wait()
	var bogus, unsigned, noDS, unmeasured, secure []string
	for _, st := range states {
		switch {
		case st.bogus:
			bogus = append(bogus, st.name)
		case st.err != nil || (st.signed && st.hasDS && !st.secure):
			unmeasured = append(unmeasured, st.name)
		case st.secure:
			secure = append(secure, st.name)
		case st.signed:
			noDS = append(noDS, st.name)
		default:
			unsigned = append(unsigned, st.name)
		}
	}
	c.Details["validated"] = secure
	switch {
	case len(bogus) > 0:
		c.Status = Fail
		c.say("dnssec.mx.bogus", "hosts", msg.List(bogus))
		c.fix("dnssec.mx.bogus.fix")
	case len(unsigned) > 0 || len(noDS) > 0:
		c.Status = Fail
		c.say("dnssec.mx.unsigned", "hosts", msg.List(append(unsigned, noDS...)))
		c.fix("dnssec.mx.unsigned.fix")
	case len(unmeasured) > 0:
		c.Status = Error
		c.say("dnssec.mx.error", "hosts", msg.List(unmeasured))
	default:
		c.Status = Pass
		c.say("dnssec.mx.pass", "n", msg.Count{N: len(hosts), Unit: "host"})
	}
	return c
}
