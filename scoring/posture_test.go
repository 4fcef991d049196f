package scoring

import (
	"testing"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/scoring/posture"
)

func postureOption(id string, domains ...string) *catalog.Option {
	return &catalog.Option{ID: id, ProbeDomains: domains, Evidence: map[string]string{},
		Caps: map[string]catalog.State{"security.transport_tls": catalog.StateUnknown, "security.dkim_signing": catalog.Yes}}
}

func domainResult(domain string, st map[string]posture.Status) posture.Domain {
	dr := posture.Domain{Name: domain}
	for id, s := range st {
		dr.Checks = append(dr.Checks, posture.Check{ID: id, Status: s})
	}
	return dr
}

func TestApplyPosture(t *testing.T) {
	allPass := map[string]posture.Status{"smtp.starttls": posture.Pass, "smtp.tls_version": posture.Pass,
		"spf.record": posture.Pass, "spf.policy": posture.Pass, "dmarc.record": posture.Pass, "dmarc.policy": posture.Pass}
	with := func(over map[string]posture.Status) map[string]posture.Status {
		m := map[string]posture.Status{}
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
		posture      []posture.Domain
		wantTLS      catalog.State
		wantAuth     catalog.State
		wantVerified int
	}{
		{"all pass", []posture.Domain{domainResult("a.example", allPass)}, catalog.Yes, catalog.Yes, 2},
		{"starttls fails", []posture.Domain{domainResult("a.example", with(map[string]posture.Status{"smtp.starttls": posture.Fail}))}, catalog.No, catalog.Yes, 2},
		{"old TLS also accepted is still TLS 1.2", []posture.Domain{domainResult("a.example", with(map[string]posture.Status{"smtp.tls_version": posture.Warn}))}, catalog.Yes, catalog.Yes, 2},
		{"port 25 blocked keeps the claim", []posture.Domain{domainResult("a.example", with(map[string]posture.Status{"smtp.starttls": posture.Error, "smtp.tls_version": posture.Skip}))}, catalog.StateUnknown, catalog.Yes, 2},
		{"dmarc p=none is not enforcing", []posture.Domain{domainResult("a.example", with(map[string]posture.Status{"dmarc.policy": posture.Warn}))}, catalog.Yes, catalog.No, 2},
		{"no spf record", []posture.Domain{domainResult("a.example", with(map[string]posture.Status{"spf.record": posture.Fail}))}, catalog.Yes, catalog.No, 2},
		{"check missing keeps the claim", []posture.Domain{domainResult("a.example", map[string]posture.Status{"spf.record": posture.Pass})}, catalog.StateUnknown, catalog.Yes, 2},
		{"one of two domains fails", []posture.Domain{domainResult("a.example", allPass), domainResult("b.example", with(map[string]posture.Status{"smtp.starttls": posture.Fail}))}, catalog.No, catalog.Yes, 2},
		{"domain case and dot", []posture.Domain{domainResult("A.Example.", allPass)}, catalog.Yes, catalog.Yes, 2},
		{"other domain only", []posture.Domain{domainResult("other.example", allPass)}, catalog.StateUnknown, catalog.Yes, 0},
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
	dr := posture.Domain{Name: "a.example", Checks: []posture.Check{
		{ID: "smtp.starttls", Status: posture.Pass}, {ID: "smtp.starttls", Status: posture.Error},
		{ID: "smtp.starttls", Status: posture.Fail}, {ID: "smtp.tls_version", Status: posture.Pass},
	}}
	out, _ := ApplyPosture([]*catalog.Option{postureOption("x", "a.example")}, []posture.Domain{dr})
	if got := out[0].Cap("security.transport_tls"); got != catalog.No {
		t.Errorf("transport_tls = %s, want no", got)
	}
}
