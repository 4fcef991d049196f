package probe

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/mailpick/mailpick/probe/dkim"
	"github.com/mailpick/mailpick/probe/dnsclient"
)

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
	var fails, warns, unmeasured, fine, revoked, notes []string
	keys := map[string]string{}
	for _, f := range res.Found {
		switch {
		case f.Err != nil:
			unmeasured = append(unmeasured, fmt.Sprintf("%s (%v)", f.Selector, f.Err))
		case f.ParseErr != nil:
			fails = append(fails, fmt.Sprintf("%s: broken key (%v)", f.Selector, f.ParseErr))
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
			desc := fmt.Sprintf("%s %d-bit", f.Key.KeyType, f.Key.Bits)
			if f.Key.KeyType == "ed25519" {
				desc = "ed25519"
			}
			keys[f.Selector] = desc
			switch {
			case f.Key.KeyType == "rsa" && f.Key.Bits < 1024:
				fails = append(fails, fmt.Sprintf("%s: %s key, which receivers reject as forgeable", f.Selector, desc))
			case f.Key.KeyType == "rsa" && f.Key.Bits < 2048:
				warns = append(warns, fmt.Sprintf("%s: %s key; 2048 bits is today's minimum", f.Selector, desc))
			case f.Key.Testing():
				warns = append(warns, fmt.Sprintf("%s: %s key in testing mode (t=y), so receivers may ignore its signatures", f.Selector, desc))
			default:
				fine = append(fine, fmt.Sprintf("%s (%s)", f.Selector, desc))
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
	sort.Strings(fails)
	sort.Strings(warns)
	rotate := fmt.Sprintf("generate a 2048-bit RSA (or ed25519) key, publish it at a new selector (e.g. s2048._domainkey.%s), switch signing to it, then remove the old key", p.domain)
	switch {
	case len(fails) > 0:
		c.Status = Fail
		c.Summary = strings.Join(fails, "; ")
		c.Fix = rotate
	case len(warns) > 0:
		c.Status = Warn
		c.Summary = strings.Join(warns, "; ")
		c.Fix = rotate
	case len(fine) > 0:
		c.Status = Pass
		c.Summary = "DKIM keys found: " + strings.Join(fine, ", ")
		if len(revoked) > 0 {
			c.Summary += "; revoked (empty p=): " + strings.Join(revoked, ", ")
		}
	case len(revoked) > 0 || wildRevoked:
		c.Status = Info
		what := "revoked keys (empty p=) at " + strings.Join(revoked, ", ")
		if len(revoked) == 0 {
			what = "a revoked wildcard key (empty p=) at every selector"
		}
		c.Summary = "no usable DKIM key: only " + what + ", which no signature can verify with (RFC 6376 §3.6.1)"
	case len(unmeasured) > 0 || res.WildcardErr != nil:
		c.Status = Error
		c.Summary = "DKIM lookups failed: " + strings.Join(unmeasured, "; ")
		if res.WildcardErr != nil && len(unmeasured) == 0 {
			c.Summary = fmt.Sprintf("DKIM wildcard probe failed: %v", res.WildcardErr)
		}
	default:
		c.Status = Info
		if given {
			c.Summary = "no DKIM key at the given selectors: " + strings.Join(selectors, ", ")
		} else {
			c.Summary = fmt.Sprintf("no DKIM key at %d common selectors; selectors cannot be listed, so name yours with --dkim-selectors", len(selectors))
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
		nm.Summary = "a revoked wildcard key (empty p=) answers at every selector, so no DKIM signature can verify as this domain, as a domain that sends no mail should publish"
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
