package probe

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mailpick/mailpick/probe/dnstest"
)

func TestScore(t *testing.T) {
	c := func(id string, s Status) Check {
		info, _ := LookupCheck(id)
		return Check{ID: id, Category: info.Category, Status: s}
	}
	tests := []struct {
		name   string
		checks []Check
		cats   map[string]int
		score  int
		grade  string
	}{
		{"all pass", []Check{c("spf.record", Pass), c("dmarc.record", Pass)}, map[string]int{"spf": 100, "dmarc": 100}, 100, "A"},
		{"warn is half", []Check{c("spf.record", Pass), c("spf.policy", Warn)}, map[string]int{"spf": 75}, 75, "C"},
		{"fail is zero", []Check{c("spf.record", Fail), c("dmarc.record", Pass)}, map[string]int{"spf": 0, "dmarc": 100}, 50, "D"},
		{"error, info and skip do not count", []Check{c("spf.record", Pass), c("spf.policy", Error), c("spf.ptr", Skip), c("dkim.keys", Info)}, map[string]int{"spf": 100}, 100, "A"},
		{"info-only check never scored", []Check{c("bimi.record", Pass), c("mx.records", Pass)}, map[string]int{"mx": 100}, 100, "A"},
		{"worst instance of an id counts once", []Check{c("smtp.starttls", Pass), c("smtp.starttls", Fail), c("smtp.connect", Pass)}, map[string]int{"tls": 50}, 50, "D"},
		{"nothing measured", []Check{c("spf.record", Error)}, map[string]int{}, 0, "-"},
		{"grade B", []Check{c("spf.record", Pass), c("spf.policy", Pass), c("spf.ptr", Pass), c("spf.syntax", Pass), c("spf.lookups", Warn)}, map[string]int{"spf": 90}, 90, "A"},
		{"grade F", []Check{c("spf.record", Fail), c("spf.policy", Warn), c("spf.ptr", Fail)}, map[string]int{"spf": 17}, 17, "F"},
	}
	for _, tt := range tests {
		r := DomainResult{Checks: tt.checks}
		Score(&r)
		if r.Score != tt.score || r.Grade != tt.grade || len(r.Categories) != len(tt.cats) {
			t.Errorf("%s: score %d grade %s categories %v; want %d %s %v", tt.name, r.Score, r.Grade, r.Categories, tt.score, tt.grade, tt.cats)
		}
		for k, v := range tt.cats {
			if r.Categories[k].Score != v {
				t.Errorf("%s: category %s = %d, want %d", tt.name, k, r.Categories[k].Score, v)
			}
		}
	}
	for score, want := range map[int]string{100: "A", 90: "A", 89: "B", 80: "B", 79: "C", 65: "C", 64: "D", 50: "D", 49: "F", 0: "F"} {
		if got := Grade(score); got != want {
			t.Errorf("Grade(%d) = %s, want %s", score, got, want)
		}
	}
}

func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Registry {
		if seen[c.ID] {
			t.Errorf("duplicate id %s", c.ID)
		}
		seen[c.ID] = true
		if c.Measures == "" || c.Judged == "" || c.RFC == "" || c.Unjudged == "" || !strings.HasPrefix(c.ID, strings.SplitN(c.ID, ".", 2)[0]+".") {
			t.Errorf("incomplete entry %+v", c)
		}
	}
	// SPEC §6 ids, verbatim.
	for _, id := range strings.Fields(`mx.records mx.resolve mx.ipv6 mx.ptr spf.record spf.syntax spf.lookups
		spf.void_lookups spf.policy spf.ptr dmarc.record dmarc.syntax dmarc.policy dmarc.reporting dkim.keys
		mtasts.record mtasts.policy tlsrpt.record bimi.record dnssec.domain dnssec.mx dane.tlsa smtp.connect
		smtp.starttls smtp.tls_version smtp.certificate client.submission client.imap`) {
		if !seen[id] {
			t.Errorf("SPEC id %s missing from the registry", id)
		}
	}
	// Beyond SPEC §6: the checks of the sending addresses (--sending-ip),
	// which sender-requirement profiles need.
	for _, id := range []string{"sending.ptr", "sending.spf"} {
		if !seen[id] {
			t.Errorf("%s missing from the registry", id)
		}
	}
	if len(seen) != 30 {
		t.Errorf("%d ids, want the 28 of SPEC §6 and the 2 sending checks", len(seen))
	}
	help := CheckHelp()
	for id := range seen {
		if !strings.Contains(help, id) {
			t.Errorf("--help text lacks %s", id)
		}
	}
}

func TestDefaultSelectorsAndFallback(t *testing.T) {
	srv := dnstest.New(t, `
example.com. MX 10 mx.example.com.
mx.example.com. A 192.0.2.1
_dmarc.example.com. TXT "v=DMARC1; p=reject; sp=quarantine"
selector1._domainkey.example.com. TXT "v=DMARC1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
selector1._domainkey.example.com. TXT "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
shop.example.com. MX 10 mx.example.com.
`)
	res := Probe(context.Background(), Config{DNS: srv.Client()}, "example.com")
	if c := find(res, "dkim.keys"); c.Status != Fail || !strings.Contains(c.Summary, "selector1") {
		t.Errorf("common selectors not tried: %+v", c)
	}
	sub := Probe(context.Background(), Config{DNS: srv.Client()}, "shop.example.com")
	if c := find(sub, "dmarc.record"); c.Status != Pass || !strings.Contains(c.Summary, "inherited") {
		t.Errorf("org-domain fallback: %+v", c)
	}
	if c := find(sub, "dmarc.policy"); c.Status != Pass || !strings.HasPrefix(c.Summary, "sp=quarantine") {
		t.Errorf("subdomain policy not applied: %+v", c)
	}
	if c := find(sub, "dkim.keys"); c.Status != Info || !strings.Contains(c.Summary, "--dkim-selectors") {
		t.Errorf("no key at common selectors: %+v", c)
	}
}

func find(r DomainResult, id string) Check {
	for _, c := range r.Checks {
		if c.ID == id {
			return c
		}
	}
	return Check{}
}

func TestTransportHook(t *testing.T) {
	srv := dnstest.New(t, `
example.com. MX 10 mx.example.com.
mx.example.com. A 192.0.2.1
mx.example.com. AAAA 2001:db8::1
`)
	var got []MXHost
	cfg := Config{DNS: srv.Client(), DKIMSelectors: []string{"x"}, Transport: func(_ context.Context, _ Config, domain string, mx []MXHost) []Check {
		got = mx
		return []Check{{ID: "smtp.connect", Category: CategoryTLS, Status: Pass, Summary: "220", Target: "mx.example.com"}}
	}}
	res := Probe(context.Background(), cfg, "example.com")
	if len(got) != 1 || len(got[0].Addresses) != 2 {
		t.Fatalf("transport got MX %+v, want one host with two addresses", got)
	}
	if c := find(res, "smtp.connect"); c.Status != Pass {
		t.Errorf("transport check not in result: %+v", c)
	}
	if c := find(res, "smtp.starttls"); c.ID != "" {
		t.Errorf("skip placeholder added although the transport ran: %+v", c)
	}
	got = nil
	cfg.NoConnect = true
	res = Probe(context.Background(), cfg, "example.com")
	if got != nil {
		t.Error("transport ran with NoConnect")
	}
	if c := find(res, "smtp.connect"); c.Status != Skip || !strings.Contains(c.Summary, "--no-connect") {
		t.Errorf("NoConnect: %+v", c)
	}
}

// TestUnreachable: when nothing answers, every check is error or skip —
// never fail — and there is no score to give.
func TestUnreachable(t *testing.T) {
	srv := dnstest.New(t, "")
	srv.Delay(time.Hour)
	c := srv.Client()
	c.LookupTimeout = 100 * time.Millisecond
	res := Probe(context.Background(), Config{DNS: c, Timeout: 300 * time.Millisecond, DKIMSelectors: []string{"a"}}, "example.com")
	for _, ch := range res.Checks {
		if ch.Status != Error && ch.Status != Skip {
			t.Errorf("%s: %s (%s), want error or skip", ch.ID, ch.Status, ch.Summary)
		}
	}
	if res.Grade != "-" || len(res.Categories) != 0 {
		t.Errorf("score %d grade %q categories %v; want no grade", res.Score, res.Grade, res.Categories)
	}
}

// TestDocsListEveryCheck keeps README.md's check table in step with the
// registry. MAILPICK_UPDATE_DOCS=1 go test ./probe -run TestDocs rewrites
// it.
func TestDocsListEveryCheck(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- checks:begin (generated from registry.go) -->\n", "<!-- checks:end -->"
	doc := string(b)
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the %q … %q markers", begin, end)
	}
	want := RegistryTable()
	if doc[i+len(begin):j] == want {
		return
	}
	if os.Getenv("MAILPICK_UPDATE_DOCS") != "" {
		if err := os.WriteFile("README.md", []byte(doc[:i+len(begin)]+want+doc[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's check table differs from the registry; run MAILPICK_UPDATE_DOCS=1 go test ./probe -run TestDocsListEveryCheck")
}
