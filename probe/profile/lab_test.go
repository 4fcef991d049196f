package profile

// Lab tests: small zones on the in-process DNS server (and, for the domain
// that meets every profile, an SMTP server with STARTTLS behind its MX), one
// domain that meets each profile's measurable requirements and one that
// misses each measurable requirement in turn. Every requirement's status —
// met, not met, not measurable — is asserted somewhere below.

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/mailpick/mailpick/probe"
	"github.com/mailpick/mailpick/probe/dnstest"
	"github.com/mailpick/mailpick/probe/smtp/smtptest"
	"github.com/mailpick/mailpick/probe/tlsprobe/tlstest"
)

const edKey = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="

// lab describes one test domain; zero values are the good setup.
type lab struct {
	spf    string // "-" for none
	dmarc  string // "-" for none
	dkim   string // "-" for none
	noPTR  bool   // the sending address has no PTR
	noSend bool   // run without --sending-ip
}

const sendIP = "192.0.2.25"

func (l lab) zone(d string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s. SOA ns.%s. h.%s. 1 3600 600 86400 300\n", d, d, d)
	fmt.Fprintf(&b, "%s. MX 10 mx.%s.\nmx.%s. A 192.0.2.10\n", d, d, d)
	spf := l.spf
	if spf == "" {
		spf = "v=spf1 ip4:" + sendIP + " -all"
	}
	if spf != "-" {
		fmt.Fprintf(&b, "%s. TXT %q\n", d, spf)
	}
	dm := l.dmarc
	if dm == "" {
		dm = "v=DMARC1; p=reject; rua=mailto:d@" + d
	}
	if dm != "-" {
		fmt.Fprintf(&b, "_dmarc.%s. TXT %q\n", d, dm)
	}
	dk := l.dkim
	if dk == "" {
		dk = "v=DKIM1; k=ed25519; p=" + edKey
	}
	if dk != "-" {
		fmt.Fprintf(&b, "s1._domainkey.%s. TXT %q\n", d, dk)
	}
	return b.String()
}

// probeLab serves the domain's zone (plus the sending address's reverse
// zone) and probes it, DNS side only unless transport is given.
func probeLab(t *testing.T, d string, l lab, transport func(context.Context, probe.Config, string, []probe.MXHost) []probe.Check) probe.DomainResult {
	t.Helper()
	zone := l.zone(d)
	if !l.noPTR {
		zone += "25.2.0.192.in-addr.arpa. PTR mail." + d + ".\nmail." + d + ". A " + sendIP + "\n"
	}
	srv := dnstest.New(t, zone)
	cfg := probe.Config{DNS: srv.Client(), Timeout: 5 * time.Second, MTASTSPort: 1, DKIMSelectors: []string{"s1"}, NoConnect: transport == nil, Transport: transport}
	if !l.noSend {
		cfg.SendingIPs = []netip.Addr{netip.MustParseAddr(sendIP)}
	}
	return probe.Probe(context.Background(), cfg, d)
}

func statuses(pr probe.ProfileResult) map[string]probe.RequirementResult {
	out := map[string]probe.RequirementResult{}
	for _, r := range pr.Requirements {
		out[r.ID] = r
	}
	return out
}

func mustProfile(t *testing.T, id string) *Profile {
	t.Helper()
	all, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	ps, err := Select(all, []string{id})
	if err != nil {
		t.Fatal(err)
	}
	return ps[0]
}

// The good domain, with its MX answering STARTTLS with a valid certificate:
// every measurable requirement of every profile is met, every other one is
// not measurable and says what to check and where; a profile whose
// requirements are all measurable is met outright.
func TestLabEveryProfileMet(t *testing.T) {
	ca := tlstest.NewCA()
	cert := ca.Leaf(tlstest.Opts{Names: []string{"mx.good.test"}})
	smtpSrv := &smtptest.Server{Cert: &cert}
	if err := smtpSrv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(smtpSrv.Close)
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		if addr == "192.0.2.10:25" {
			return d.DialContext(ctx, network, "127.0.0.1:"+smtpSrv.Port())
		}
		return nil, &net.OpError{Op: "dial", Net: network, Err: fmt.Errorf("connection refused")}
	}
	tr := probe.Transport{Dial: dial, Roots: ca.Pool(), Timeout: 2 * time.Second}
	hook := func(ctx context.Context, cfg probe.Config, domain string, mx []probe.MXHost) []probe.Check {
		tr.DNS = cfg.DNS
		return tr.Checks(ctx, domain, mx)
	}
	res := probeLab(t, "good.test", lab{}, hook)
	for _, id := range []string{"smtp.starttls", "sending.ptr", "sending.spf", "dkim.keys", "dmarc.policy"} {
		for _, c := range res.Checks {
			if c.ID == id && c.Status != probe.Pass {
				t.Errorf("lab setup: %s = %s: %s", id, c.Status, c.Summary)
			}
		}
	}
	all, _ := Embedded()
	for _, p := range all {
		pr := Evaluate(p, res, "en")
		for i, r := range pr.Requirements {
			want := probe.Met
			if !p.Requirements[i].Measurable() {
				want = probe.NotMeasurable
			}
			if r.Status != want {
				t.Errorf("%s/%s: %s, want %s (fix: %s)", p.ID, r.ID, r.Status, want, r.Fix)
			}
			if want == probe.NotMeasurable && !strings.Contains(r.Fix, p.Requirements[i].Measure) {
				t.Errorf("%s/%s: not measurable without saying what to check: %q", p.ID, r.ID, r.Fix)
			}
			if want == probe.Met && r.Fix != "" {
				t.Errorf("%s/%s: met with a fix %q", p.ID, r.ID, r.Fix)
			}
		}
		_, _, unmeasured := pr.Count()
		switch {
		case unmeasured == 0 && (pr.Met == nil || !*pr.Met):
			t.Errorf("%s: every requirement met, but met = %v", p.ID, pr.Met)
		case unmeasured > 0 && pr.Met != nil:
			t.Errorf("%s: %d not measurable, but met = %v, want null", p.ID, unmeasured, *pr.Met)
		}
	}
}

// Each measurable requirement of each profile, missed by one domain.
func TestLabEachRequirementNotMet(t *testing.T) {
	noSPFBrokenDKIM := lab{spf: "-", dkim: "v=DKIM1; k=rsa; p=!!notbase64"}
	noSPF := lab{spf: "-"}
	noDMARC := lab{dmarc: "-"}
	quarantine := lab{dmarc: "v=DMARC1; p=quarantine; sp=reject; adkim=s; rua=mailto:d@x.test"}
	none := lab{dmarc: "v=DMARC1; p=none; rua=mailto:d@x.test"}
	noPTR := lab{noPTR: true}
	notInSPF := lab{spf: "v=spf1 ip4:192.0.2.99 -all"}
	brokenDKIM := lab{dkim: "v=DKIM1; k=rsa; p=!!notbase64"}
	tests := []struct {
		profile, req string
		lab          lab
		fix          string // the fix must contain this
	}{
		{"gmail-all", "spf-or-dkim", noSPFBrokenDKIM, "spf.record: publish one SPF record"},
		{"gmail-all", "ptr", noPTR, "25.2.0.192.in-addr.arpa. PTR"},
		{"gmail-bulk", "spf-and-dkim", noSPF, "spf.record: publish one SPF record"},
		{"gmail-bulk", "spf-and-dkim", brokenDKIM, "dkim.keys:"},
		{"gmail-bulk", "dmarc", noDMARC, "dmarc.record:"},
		{"gmail-bulk", "ptr", noPTR, "PTR"},
		{"yahoo-all", "spf-or-dkim", noSPFBrokenDKIM, "or dkim.keys:"},
		{"yahoo-all", "ptr", noPTR, "PTR"},
		{"yahoo-bulk", "spf-and-dkim", noSPF, "spf.record"},
		{"yahoo-bulk", "dmarc", noDMARC, "dmarc.record"},
		{"yahoo-bulk", "ptr", noPTR, "PTR"},
		{"outlook-high-volume", "spf", notInSPF, "sending.spf: authorize the address"},
		{"outlook-high-volume", "spf", noSPF, "spf.record"},
		{"outlook-high-volume", "dkim", brokenDKIM, "dkim.keys"},
		{"outlook-high-volume", "dmarc", noDMARC, "dmarc.record"},
		{"jp-meti-2023-card", "dmarc", noDMARC, "dmarc.record"},
		{"jp-meti-2023-card", "reject", quarantine, `_dmarc.x.test. TXT "v=DMARC1; p=reject; sp=reject; adkim=s; rua=mailto:d@x.test"`},
		{"jp-meti-2023-card", "reject", none, `p=reject`},
		{"jp-mic-2025-isp", "dmarc-enforcing", none, "dmarc.policy"},
		{"jp-mic-2025-isp", "dmarc-enforcing", noDMARC, "dmarc.record"},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.profile+"/"+tt.req, func(t *testing.T) {
			res := probeLab(t, "x.test", tt.lab, nil)
			p := mustProfile(t, tt.profile)
			pr := Evaluate(p, res, "en")
			r := statuses(pr)[tt.req]
			if r.Status != probe.NotMet {
				t.Fatalf("%s, want not_met (fix %q)", r.Status, r.Fix)
			}
			if !strings.Contains(r.Fix, tt.fix) {
				t.Errorf("fix %q lacks %q", r.Fix, tt.fix)
			}
			if pr.Met == nil || *pr.Met {
				t.Errorf("profile met = %v, want false", pr.Met)
			}
			covered[tt.profile+"/"+tt.req] = true
		})
	}
	all, _ := Embedded()
	for _, p := range all {
		for _, r := range p.Requirements {
			if r.Measurable() && !covered[p.ID+"/"+r.ID] {
				t.Errorf("%s/%s is measurable but no lab domain misses it", p.ID, r.ID)
			}
		}
	}
}

// Measurable requirements whose checks were not measured in this run are
// not measurable, with the reason and the way to measure them.
func TestLabNotMeasured(t *testing.T) {
	tests := []struct {
		profile, req string
		lab          lab
		has          []string
	}{
		// No --sending-ip: PTR and SPF-for-the-address are unknown.
		{"gmail-all", "ptr", lab{noSend: true}, []string{"sending.ptr was not run", "--sending-ip ADDR"}},
		{"outlook-high-volume", "spf", lab{noSend: true}, []string{"sending.spf was not run", "--sending-ip"}},
		// No key at the selectors tried: DKIM cannot be judged.
		{"gmail-bulk", "spf-and-dkim", lab{dkim: "-"}, []string{"dkim.keys is info", "--dkim-selectors"}},
		// SPF missing and DKIM unknown: the alternative may still hold, so
		// the requirement is not measurable, and says what is missing.
		{"gmail-all", "spf-or-dkim", lab{spf: "-", dkim: "-"}, []string{"spf.record: publish one SPF record", "dkim.keys is info"}},
	}
	for _, tt := range tests {
		t.Run(tt.profile+"/"+tt.req, func(t *testing.T) {
			res := probeLab(t, "x.test", tt.lab, nil)
			r := statuses(Evaluate(mustProfile(t, tt.profile), res, "en"))[tt.req]
			if r.Status != probe.NotMeasurable {
				t.Fatalf("%s, want not_measurable (fix %q)", r.Status, r.Fix)
			}
			for _, h := range tt.has {
				if !strings.Contains(r.Fix, h) {
					t.Errorf("fix %q lacks %q", r.Fix, h)
				}
			}
		})
	}
}

// A result from an older mailpick without the checks a requirement needs,
// or without the detail a rule reads, is not measurable, never met.
func TestEvaluateOldResult(t *testing.T) {
	res := probe.DomainResult{Domain: "x.test", Checks: []probe.Check{
		{ID: "dmarc.record", Status: probe.Pass, Details: map[string]any{}},
		{ID: "dmarc.syntax", Status: probe.Pass, Details: map[string]any{}},
		{ID: "dmarc.policy", Status: probe.Pass, Details: map[string]any{}},
	}}
	got := statuses(Evaluate(mustProfile(t, "jp-meti-2023-card"), res, "ja"))
	if got["dmarc"].Status != probe.Met {
		t.Errorf("dmarc: %+v", got["dmarc"])
	}
	if r := got["reject"]; r.Status != probe.NotMeasurable || !strings.Contains(r.Fix, `"applied"がありません`) {
		t.Errorf("reject without details: %+v", r)
	}
	if r := statuses(Evaluate(mustProfile(t, "gmail-all"), res, "en"))["spf-or-dkim"]; r.Status != probe.NotMeasurable || !strings.Contains(r.Fix, "not in this result") {
		t.Errorf("spf-or-dkim without the checks: %+v", r)
	}
	// Japanese texts come from the profile.
	if pr := Evaluate(mustProfile(t, "gmail-all"), res, "ja"); !strings.HasPrefix(pr.Title, "Gmail: すべて") || !strings.Contains(pr.Requirements[2].Fix, "Received:") {
		t.Errorf("ja: %q / %q", pr.Title, pr.Requirements[2].Fix)
	}
}
