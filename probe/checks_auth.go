package probe

import (
	"context"
	"sort"

	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/probe/dkim"
	"github.com/mailpick/mailpick/probe/dnsclient"
)

// dkimChecks: it is long because each branch is one outcome of the check
// with its status, summary and fix; split, one check's verdicts would be
// scattered over helpers.
func (p *prober) dkimChecks(ctx context.Context) []Check {
	selectors := p.cfg.DKIMSelectors
	given := len(selectors) > 0
	if !given {
		selectors = dkim.CommonSelectors
	}
	res := dkim.Lookup(ctx, p.cfg.DNS, p.domain, selectors)
	c := p.newCheck("dkim.keys")
	if len(res.Wildcard) > 0 {
		c.Details["wildcard"] = "a wildcard TXT answers at every selector; identical answers were not counted as keys"
	}
	var fails, warns, unmeasured msg.Clauses
	var fine msg.Clauses
	var revoked, notes []string
	keys := map[string]string{}
	for _, f := range res.Found {
		switch {
		case f.Err != nil:
			unmeasured = append(unmeasured, m("item.paren_err", "item", f.Selector, "err", errMsg(f.Err)))
		case f.ParseErr != nil:
			fails = append(fails, m("dkim.broken", "selector", f.Selector, "detail", errMsg(f.ParseErr)))
			keys[f.Selector] = "invalid"
		case f.Key.Revoked:
			// An empty p= withdraws the key (RFC 6376 §3.6.1): no
			// signature verifies with it, so it is not a usable key.
			keys[f.Selector] = "revoked"
			revoked = append(revoked, f.Selector)
		default:
			for _, n := range f.Key.Notes {
				notes = append(notes, f.Selector+": "+n)
			}
			descMsg := m("dkim.key", "type", f.Key.KeyType, "bits", f.Key.Bits)
			if f.Key.KeyType == "ed25519" {
				descMsg = m("text", "text", "ed25519")
			}
			desc := msg.Render("en", descMsg)
			keys[f.Selector] = desc
			switch {
			case f.Key.KeyType == "rsa" && f.Key.Bits < 1024:
				fails = append(fails, m("dkim.weak", "selector", f.Selector, "key", descMsg))
			case f.Key.KeyType == "rsa" && f.Key.Bits < 2048:
				warns = append(warns, m("dkim.short", "selector", f.Selector, "key", descMsg))
			case f.Key.Testing():
				warns = append(warns, m("dkim.testing", "selector", f.Selector, "key", descMsg, "t", "t=y"))
			default:
				fine = append(fine, m("dkim.fine", "selector", f.Selector, "key", descMsg))
			}
		}
	}
	c.Details["selectors_found"] = keys
	c.Details["selectors_tried"] = len(selectors)
	if len(notes) > 0 {
		c.Details["notes"] = notes
	}
	wildRevoked := wildcardRevoked(res.Wildcard)
	if wildRevoked {
		c.Details["wildcard"] = "a revoked key (empty p=) answers at every selector"
	}
	byText := func(cs msg.Clauses) msg.Clauses {
		sort.SliceStable(cs, func(i, j int) bool { return msg.Render("en", cs[i]) < msg.Render("en", cs[j]) })
		return cs
	}
	fails, warns = byText(fails), byText(warns)
	rotate := m("dkim.rotate", "selector", "s2048._domainkey."+p.domain, "alg", "ed25519")
	switch {
	case len(fails) > 0:
		c.Status = Fail
		c.sayMsg(fails.Message())
		c.fixMsg(rotate)
	case len(warns) > 0:
		c.Status = Warn
		c.sayMsg(warns.Message())
		c.fixMsg(rotate)
	case len(fine) > 0:
		c.Status = Pass
		c.say("dkim.found", "keys", []msg.Message(fine))
		if len(revoked) > 0 {
			c.also("dkim.found_revoked", "p", "p=", "selectors", msg.List(revoked))
		}
	case len(revoked) > 0 || wildRevoked:
		c.Status = Info
		what := m("dkim.revoked_at", "p", "p=", "selectors", msg.List(revoked))
		if len(revoked) == 0 {
			what = m("dkim.revoked_wildcard", "p", "p=")
		}
		c.say("dkim.only_revoked", "what", what)
	case len(unmeasured) > 0 || res.WildcardErr != nil:
		c.Status = Error
		c.say("dkim.failed", "items", unmeasured)
		if res.WildcardErr != nil && len(unmeasured) == 0 {
			c.say("dkim.wildcard_failed", "err", errMsg(res.WildcardErr))
		}
	default:
		c.Status = Info
		if given {
			c.say("dkim.none_given", "selectors", msg.List(selectors))
		} else {
			c.say("dkim.none_common", "n", len(selectors))
		}
	}
	if dnsclient.IsUnmeasured(res.WildcardErr) && c.Status != Error {
		c.Details["wildcard_probe_error"] = res.WildcardErr.Error()
	}
	// A domain that sends no mail is best served by a revoked wildcard
	// key: any signature claiming it fails (M3AAWG parked domains).
	if wildRevoked && c.Status == Info {
		nm := c
		nm.Details = cloneDetails(c.Details)
		nm.Details["rfc"] = "RFC 6376 §3.6.1; " + rfcParked
		nm.Status = Pass
		nm.say("dkim.wildcard_nomail", "p", "p=")
		c.noMail = &nm
	}
	return []Check{c}
}

// wildcardRevoked reports whether the wildcard TXT under _domainkey is one
// revoked DKIM key.
func wildcardRevoked(wild []string) bool {
	var keys []string
	for _, t := range wild {
		if dkim.LooksLikeKey(t) {
			keys = append(keys, t)
		}
	}
	if len(keys) != 1 {
		return false
	}
	k, err := dkim.Parse(keys[0])
	return err == nil && k.Revoked
}
