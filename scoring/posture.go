package scoring

import (
	"slices"
	"sort"
	"strings"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/scoring/posture"
)

// Verification is one capability of one option checked against the posture
// measured on the option's probe_domains. Claimed is what the catalog says;
// Measured is "yes", "no" or "" (could not be measured); the option is scored
// on Measured when it is set.
type Verification struct {
	OptionID string   `json:"option"`
	Key      string   `json:"key"`
	Claimed  string   `json:"claimed"`
	Measured string   `json:"measured"`
	Domains  []string `json:"domains"`
	Evidence []string `json:"evidence"` // "example.com smtp.starttls=pass"
}

// postureRules maps a capability to the probe checks that measure it.
// A capability is measured "yes" when every listed check passes on every
// probed domain, "no" when any listed check fails there (for DMARC, a
// policy that does not enforce — p=none or pct<100 — counts as no), and is
// left unmeasured when a check is missing, skipped or errored: a blocked
// port 25 says nothing about the vendor. dkim_signing is measured on the
// vendor's own domain: a vendor that publishes SPF and an enforcing DMARC
// policy (RFC 7489 §6.3) authenticates the mail its platform sends, which
// is the platform that signs the customer's mail; it is a proxy, and the
// report says "measured" beside it.
var postureRules = []struct {
	key    string
	checks []string
	failOn map[string][]posture.Status // per check, statuses that mean "no"
}{
	{"security.transport_tls", []string{"smtp.starttls", "smtp.tls_version"},
		map[string][]posture.Status{"smtp.starttls": {posture.Fail}, "smtp.tls_version": {posture.Fail}}},
	{"security.dkim_signing", []string{"spf.record", "spf.policy", "dmarc.record", "dmarc.policy"},
		map[string][]posture.Status{"spf.record": {posture.Fail}, "spf.policy": {posture.Fail, posture.Warn},
			"dmarc.record": {posture.Fail}, "dmarc.policy": {posture.Fail, posture.Warn}}},
}

// PostureKeys are the capabilities ApplyPosture can verify.
func PostureKeys() []string {
	out := make([]string, len(postureRules))
	for i, r := range postureRules {
		out[i] = r.key
	}
	return out
}

// ApplyPosture returns the options with transport_tls and
// dkim_signing replaced by what was measured on each option's
// probe_domains, and the verifications made. Options are copied, never
// modified, so the loaded catalog stays as the vendor stated it. Run it
// before Evaluate so that every renderer sees the same scores.
func ApplyPosture(opts []*catalog.Option, measured []posture.Domain) ([]*catalog.Option, []Verification) {
	byDomain := map[string]*posture.Domain{}
	for i := range measured {
		byDomain[posture.Normalize(measured[i].Name)] = &measured[i]
	}
	out := make([]*catalog.Option, len(opts))
	var vs []Verification
	for i, o := range opts {
		out[i] = o
		var found []*posture.Domain
		var domains []string
		for _, d := range o.ProbeDomains {
			if dr, ok := byDomain[posture.Normalize(d)]; ok {
				found = append(found, dr)
				domains = append(domains, dr.Name)
			}
		}
		if len(found) == 0 {
			continue
		}
		var cp *catalog.Option
		for _, rule := range postureRules {
			v := Verification{OptionID: o.ID, Key: rule.key, Claimed: string(o.Cap(rule.key)), Domains: domains}
			v.Measured, v.Evidence = measure(found, rule.checks, rule.failOn)
			vs = append(vs, v)
			if v.Measured == "" {
				continue
			}
			if cp == nil {
				c := *o
				c.Caps = make(map[string]catalog.State, len(o.Caps))
				for k, s := range o.Caps {
					c.Caps[k] = s
				}
				c.Evidence = make(map[string]string, len(o.Evidence)+2)
				for k, s := range o.Evidence {
					c.Evidence[k] = s
				}
				cp = &c
			}
			cp.Caps[rule.key] = catalog.State(v.Measured)
			cp.Evidence[rule.key] = "measured: " + strings.Join(v.Evidence, ", ")
		}
		if cp != nil {
			out[i] = cp
		}
	}
	sort.SliceStable(vs, func(i, j int) bool { return vs[i].OptionID < vs[j].OptionID })
	return out, vs
}

func measure(domains []*posture.Domain, ids []string, failOn map[string][]posture.Status) (string, []string) {
	var evidence []string
	allPass, anyFail := true, false
	for _, dr := range domains {
		for _, id := range ids {
			st := dr.Worst(id)
			if st == "" {
				st = "missing"
			}
			evidence = append(evidence, dr.Name+" "+id+"="+string(st))
			switch {
			case st == posture.Pass:
			case slices.Contains(failOn[id], st):
				anyFail = true
				allPass = false
			case st == posture.Warn:
				// A warn that is not a failure (TLS 1.2 offered but ≤1.1 also
				// accepted) still means the capability is there.
			default:
				allPass = false
			}
		}
	}
	switch {
	case anyFail:
		return "no", evidence
	case allPass:
		return "yes", evidence
	}
	return "", evidence
}
