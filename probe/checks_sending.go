package probe

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"sync"

	"github.com/miekg/dns"

	"github.com/mailpick/mailpick/probe/spf"
)

// CategorySending holds the checks of the addresses a domain's mail leaves
// from. They need --sending-ip: outbound addresses are not published in
// DNS (an SPF record lists what may send, not what does).
const CategorySending = "sending"

// maxSendingIPs bounds --sending-ip, as maxPTRAddrs bounds mx.ptr.
const maxSendingIPs = 20

// sendingHint says how to run the sending.* checks.
const sendingHint = "not run: give --sending-ip ADDR (each address your mail leaves from, e.g. the IP in the Received: header a recipient's server added)"

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
		ptr.Status, ptr.Summary = Skip, sendingHint
		spfc.Status, spfc.Summary = Skip, sendingHint
		return []Check{ptr, spfc}
	}
	ptrs := make([]string, len(ips))
	ptrErrs := make([]error, len(ips))
	results := make([]spf.Result, len(ips))
	var wg sync.WaitGroup
	for i, ip := range ips {
		wg.Go(func() { ptrs[i], ptrErrs[i] = p.fcrdns(ctx, ip.String()) })
		wg.Go(func() {
			// RFC 7208 §2.4: with a null reverse-path receivers check
			// postmaster@HELO; postmaster@domain stands for the mail the
			// domain sends.
			results[i] = spf.Check(ctx, spf.NewResolver(p.cfg.DNS), ip, p.domain, "postmaster@"+p.domain, p.domain, nil)
		})
	}
	wg.Wait()
	return []Check{sendingPTR(ptr, ips, ptrs, ptrErrs), sendingSPF(spfc, p.domain, ips, results)}
}

func sendingPTR(c Check, ips []netip.Addr, names []string, errs []error) Check {
	var bad, unmeasured, fixes []string
	confirmed := map[string]string{}
	for i, ip := range ips {
		a := ip.String()
		switch {
		case errs[i] != nil:
			unmeasured = append(unmeasured, fmt.Sprintf("%s (%v)", a, errs[i]))
		case strings.HasPrefix(names[i], "="):
			confirmed[a] = names[i][1:]
		default:
			bad = append(bad, a+": "+names[i])
			rev, _ := dns.ReverseAddr(a)
			fixes = append(fixes, fmt.Sprintf("ask the owner of %s (your ISP or hosting provider) to set %s PTR mail.<your domain>. and publish mail.<your domain>. %s %s", a, rev, addrType(ip), a))
		}
	}
	c.Details["confirmed"] = confirmed
	c.Details["rfc"] = "RFC 1912 §2.1"
	switch {
	case len(bad) > 0:
		c.Status = Fail
		c.Summary = "sending addresses without forward-confirmed reverse DNS; Gmail refuses their mail (5.7.25) and Yahoo downgrades it: " + strings.Join(bad, "; ")
		c.Fix = strings.Join(fixes, "; ")
	case len(unmeasured) > 0:
		c.Status = Error
		c.Summary = "reverse lookups failed: " + strings.Join(unmeasured, "; ")
	default:
		c.Status = Pass
		var list []string
		for _, ip := range ips {
			list = append(list, ip.String()+" → "+confirmed[ip.String()])
		}
		c.Summary = "every sending address has forward-confirmed reverse DNS: " + strings.Join(list, ", ")
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
	var fail, soft, temp, passed []string
	for i, ip := range ips {
		r := results[i]
		a := ip.String()
		per[a] = string(r.Status)
		switch r.Status {
		case spf.Pass:
			passed = append(passed, a)
		case spf.Neutral, spf.Softfail:
			soft = append(soft, fmt.Sprintf("%s: %s", a, r.Status))
		case spf.Temperror:
			temp = append(temp, fmt.Sprintf("%s: %s", a, errText(r.Err)))
		default: // fail, none, permerror
			why := string(r.Status)
			if r.Err != nil {
				why += " (" + errText(r.Err) + ")"
			}
			fail = append(fail, a+": "+why)
		}
	}
	c.Details["results"] = per
	c.Details["rfc"] = "RFC 7208 §2.6, §4"
	missing := append(append([]string{}, fail...), soft...)
	fix := ""
	if len(missing) > 0 {
		var addrs []string
		for _, m := range missing {
			a, _, _ := strings.Cut(m, ":")
			if ip, err := netip.ParseAddr(a); err == nil {
				if ip.Is4() {
					addrs = append(addrs, "ip4:"+a)
				} else {
					addrs = append(addrs, "ip6:"+a)
				}
			}
		}
		fix = fmt.Sprintf("authorize the address in %s's SPF record: add %s before its all term (or the include: of the service that sends from it); run mailpick spf %s --ip ADDR for the trace", domain, strings.Join(addrs, " "), domain)
	}
	switch {
	case len(fail) > 0:
		c.Status = Fail
		c.Summary = "SPF does not pass for mail sent from " + strings.Join(append(fail, soft...), "; ")
		c.Fix = fix
	case len(soft) > 0:
		c.Status = Warn
		c.Summary = "SPF gives no pass (receivers do not count neutral or softfail as authenticated) for " + strings.Join(soft, "; ")
		c.Fix = fix
	case len(temp) > 0:
		c.Status = Error
		c.Summary = "SPF could not be evaluated (temperror): " + strings.Join(temp, "; ")
	default:
		c.Status = Pass
		c.Summary = fmt.Sprintf("SPF passes for mail from %s sent from %s", domain, strings.Join(passed, ", "))
	}
	return c
}

func errText(err error) string {
	if err == nil {
		return "no detail"
	}
	return err.Error()
}
