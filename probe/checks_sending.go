package probe

import (
	"context"
	"net/netip"
	"strings"
	"sync"

	"github.com/miekg/dns"

	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/probe/spf"
)

// CategorySending holds the checks of the addresses a domain's mail leaves
// from. They need --sending-ip: outbound addresses are not published in
// DNS (an SPF record lists what may send, not what does).
const CategorySending = "sending"

// maxSendingIPs bounds --sending-ip, as maxPTRAddrs bounds mx.ptr.
const maxSendingIPs = 20

// sendingChecks judges cfg.SendingIPs: forward-confirmed reverse DNS
// (Gmail and Yahoo require it of every sending address) and the SPF result
// a receiver would compute for mail from the domain sent from there.
func (p *prober) sendingChecks(ctx context.Context) []Check {
	ptr, spfc := p.newCheck("sending.ptr"), p.newCheck("sending.spf")
	ips := p.cfg.SendingIPs
	if len(ips) > maxSendingIPs {
		ips = ips[:maxSendingIPs]
	}
	if len(ips) == 0 {
		// sending.hint says how to run the sending.* checks.
		ptr.Status, spfc.Status = Skip, Skip
		ptr.say("sending.hint")
		spfc.say("sending.hint")
		return []Check{ptr, spfc}
	}
	ptrs := make([]string, len(ips))
	whys := make([]msg.Message, len(ips))
	ptrErrs := make([]error, len(ips))
	results := make([]spf.Result, len(ips))
	var wg sync.WaitGroup
	for i, ip := range ips {
		wg.Go(func() { ptrs[i], whys[i], ptrErrs[i] = p.fcrdns(ctx, ip.String()) })
		wg.Go(func() {
			// RFC 7208 §2.4: with a null reverse-path receivers check
			// postmaster@HELO; postmaster@domain stands for the mail the
			// domain sends.
			results[i] = spf.Check(ctx, spf.NewResolver(p.cfg.DNS), ip, p.domain, "postmaster@"+p.domain, p.domain, nil)
		})
	}
	wg.Wait()
	return []Check{sendingPTR(ptr, ips, ptrs, whys, ptrErrs), sendingSPF(spfc, p.domain, ips, results)}
}

func sendingPTR(c Check, ips []netip.Addr, names []string, whys []msg.Message, errs []error) Check {
	var bad, unmeasured, fixes []msg.Message
	confirmed := map[string]string{}
	for i, ip := range ips {
		a := ip.String()
		switch {
		case errs[i] != nil:
			unmeasured = append(unmeasured, m("item.paren_err", "item", a, "err", errMsg(errs[i])))
		case names[i] != "":
			confirmed[a] = names[i]
		default:
			bad = append(bad, m("item.err", "item", a, "err", whys[i]))
			rev, _ := dns.ReverseAddr(a)
			fixes = append(fixes, m("sending.ptr.fix", "addr", a, "rev", rev, "host", m("sending.mail_host"), "type", addrType(ip)))
		}
	}
	c.Details["confirmed"] = confirmed
	c.Details["rfc"] = "RFC 1912 §2.1"
	switch {
	case len(bad) > 0:
		c.Status = Fail
		c.say("sending.ptr.fail", "items", clauses(bad), "gmail", "Gmail", "yahoo", "Yahoo")
		c.fixes(fixes)
	case len(unmeasured) > 0:
		c.Status = Error
		c.say("reverse_failed", "items", clauses(unmeasured))
	default:
		c.Status = Pass
		var list []string
		for _, ip := range ips {
			list = append(list, ip.String()+" → "+confirmed[ip.String()])
		}
		c.say("sending.ptr.pass", "items", msg.List(list))
	}
	return c
}

func addrType(ip netip.Addr) string {
	if ip.Is4() || ip.Is4In6() {
		return "A"
	}
	return "AAAA"
}

func sendingSPF(c Check, domain string, ips []netip.Addr, results []spf.Result) Check {
	per := map[string]string{}
	var passed, failAddrs, softAddrs []string
	var fail, soft, temp []msg.Message
	for i, ip := range ips {
		r := results[i]
		a := ip.String()
		per[a] = string(r.Status)
		switch r.Status {
		case spf.Pass:
			passed = append(passed, a)
		case spf.Neutral, spf.Softfail:
			soft = append(soft, m("item.err", "item", a, "err", string(r.Status)))
		case spf.Temperror:
			temp = append(temp, m("item.err", "item", a, "err", errText(r.Err)))
		default: // fail, none, permerror
			why := m("text", "text", string(r.Status))
			if r.Err != nil {
				why = m("item.paren_err", "item", string(r.Status), "err", errText(r.Err))
			}
			fail = append(fail, m("item.err", "item", a, "err", why))
		}
		switch r.Status {
		case spf.Pass, spf.Temperror:
		case spf.Neutral, spf.Softfail:
			softAddrs = append(softAddrs, a)
		default:
			failAddrs = append(failAddrs, a)
		}
	}
	missingAddrs := append(failAddrs, softAddrs...)
	c.Details["results"] = per
	c.Details["rfc"] = "RFC 7208 §2.6, §4"
	var fix msg.Message
	if len(missingAddrs) > 0 {
		var addrs []string
		for _, a := range missingAddrs {
			if ip, err := netip.ParseAddr(a); err == nil {
				if ip.Is4() {
					addrs = append(addrs, "ip4:"+a)
				} else {
					addrs = append(addrs, "ip6:"+a)
				}
			}
		}
		fix = m("sending.spf.fix", "domain", domain, "terms", strings.Join(addrs, " "), "include", "include:")
	}
	switch {
	case len(fail) > 0:
		c.Status = Fail
		c.say("sending.spf.fail", "items", clauses(append(fail, soft...)))
		c.fixMsg(fix)
	case len(soft) > 0:
		c.Status = Warn
		c.say("sending.spf.warn", "items", clauses(soft))
		c.fixMsg(fix)
	case len(temp) > 0:
		c.Status = Error
		c.say("sending.spf.error", "items", clauses(temp))
	default:
		c.Status = Pass
		c.say("sending.spf.pass", "domain", domain, "addrs", msg.List(passed))
	}
	return c
}

func errText(err error) msg.Message {
	if err == nil {
		return m("err.none")
	}
	return errMsg(err)
}
