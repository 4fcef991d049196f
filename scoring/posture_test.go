package scoring

import (
	"testing"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/probe"
)

func postureOption(id string, domains ...string) *catalog.Option {
	return &catalog.Option{ID: id, ProbeDomains: domains, Evidence: map[string]string{},
		Caps: map[string]catalog.State{"security.transport_tls": catalog.StateUnknown, "security.dkim_signing": catalog.Yes}}
}

func domainResult(domain string, st map[string]probe.Status) probe.DomainResult {
	dr := probe.DomainResult{Domain: domain}
	for id, s := range st {
		dr.Checks = append(dr.Checks, probe.Check{ID: id, Status: s})
	}
	return dr
}

func TestApplyPosture(t *testing.T) {
	allPass := map[string]probe.Status{"smtp.starttls": probe.Pass, "smtp.tls_version": probe.Pass,
		"spf.record": probe.Pass, "spf.policy": probe.Pass, "dmarc.record": probe.Pass, "dmarc.policy": probe.Pass}
	with := func(over map[string]probe.Status) map[string]probe.Status {
		m := map[string]probe.Status{}
		for k, v := range allPass {
			m[k] = v
		}
		for k, v := range over {
			m[k] = v
		}
		return m
	}
	cases := []struct {
		name         string
		posture      []probe.DomainResult
		wantTLS      catalog.State
		wantAuth     catalog.State
		wantVerified int
	}{
		{"all pass", []probe.DomainResult{domainResult("a.example", allPass)}, catalog.Yes, catalog.Yes, 2},
		{"starttls fails", []probe.DomainResult{domainResult("a.example", with(map[string]probe.Status{"smtp.starttls": probe.Fail}))}, catalog.No, catalog.Yes, 2},
		{"old TLS also accepted is still TLS 1.2", []probe.DomainResult{domainResult("a.example", with(map[string]probe.Status{"smtp.tls_version": probe.Warn}))}, catalog.Yes, catalog.Yes, 2},
		{"port 25 blocked keeps the claim", []probe.DomainResult{domainResult("a.example", with(map[string]probe.Status{"smtp.starttls": probe.Error, "smtp.tls_version": probe.Skip}))}, catalog.StateUnknown, catalog.Yes, 2},
		{"dmarc p=none is not enforcing", []probe.DomainResult{domainResult("a.example", with(map[string]probe.Status{"dmarc.policy": probe.Warn}))}, catalog.Yes, catalog.No, 2},
		{"no spf record", []probe.DomainResult{domainResult("a.example", with(map[string]probe.Status{"spf.record": probe.Fail}))}, catalog.Yes, catalog.No, 2},
		{"check missing keeps the claim", []probe.DomainResult{domainResult("a.example", map[string]probe.Status{"spf.record": probe.Pass})}, catalog.StateUnknown, catalog.Yes, 2},
		{"one of two domains fails", []probe.DomainResult{domainResult("a.example", allPass), domainResult("b.example", with(map[string]probe.Status{"smtp.starttls": probe.Fail}))}, catalog.No, catalog.Yes, 2},
		{"domain case and dot", []probe.DomainResult{domainResult("A.Example.", allPass)}, catalog.Yes, catalog.Yes, 2},
		{"other domain only", []probe.DomainResult{domainResult("other.example", allPass)}, catalog.StateUnknown, catalog.Yes, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			orig := postureOption("x", "a.example", "b.example")
			out, vs := ApplyPosture([]*catalog.Option{orig}, c.posture)
			if got := out[0].Cap("security.transport_tls"); got != c.wantTLS {
				t.Errorf("transport_tls = %s, want %s", got, c.wantTLS)
			}
			if got := out[0].Cap("security.dkim_signing"); got != c.wantAuth {
				t.Errorf("dkim_signing = %s, want %s", got, c.wantAuth)
			}
			if len(vs) != c.wantVerified {
				t.Errorf("%d verifications, want %d: %+v", len(vs), c.wantVerified, vs)
			}
			if orig.Cap("security.transport_tls") != catalog.StateUnknown || orig.Cap("security.dkim_signing") != catalog.Yes {
				t.Error("ApplyPosture modified the catalog option it was given")
			}
		})
	}
}

// A multi-MX domain reports one check per MX: a measured failure on any MX
// wins over an error on another.
func TestApplyPostureWorstMXWins(t *testing.T) {
	dr := probe.DomainResult{Domain: "a.example", Checks: []probe.Check{
		{ID: "smtp.starttls", Status: probe.Pass, Target: "mx1"}, {ID: "smtp.starttls", Status: probe.Error, Target: "mx2"},
		{ID: "smtp.starttls", Status: probe.Fail, Target: "mx3"}, {ID: "smtp.tls_version", Status: probe.Pass},
	}}
	out, _ := ApplyPosture([]*catalog.Option{postureOption("x", "a.example")}, []probe.DomainResult{dr})
	if got := out[0].Cap("security.transport_tls"); got != catalog.No {
		t.Errorf("transport_tls = %s, want no", got)
	}
}
