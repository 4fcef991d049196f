package probe

// Mistakes posture checkers make, as users report them in other tools'
// issue trackers, rebuilt as small zones on the in-process DNS server.
// Each test is one kind of mistake: the example that was reported, and
// more of its kind.

import (
	"context"
	"encoding/json"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mailpick/mailpick/probe/dnstest"
	"github.com/mailpick/mailpick/probe/spf"
)

// probeZone probes domain against zone (RFC 1035 text) with the DNS side
// only, and returns the result.
func probeZone(t *testing.T, zone, domain string, setup ...func(*dnstest.Server)) DomainResult {
	t.Helper()
	srv := dnstest.New(t, zone)
	for _, f := range setup {
		f(srv)
	}
	// srv.Client's lookups give up after 2 s; no name here is dropped, so
	// that never decides a result.
	return Probe(context.Background(), Config{DNS: srv.Client(), Timeout: 5 * time.Second, MTASTSPort: 1, DKIMSelectors: []string{"s1", "google"}}, domain)
}

// expect is one check's expected status, with text its summary or fix
// must contain and text they must not.
type expect struct {
	id     string
	status Status
	has    []string
	hasNot []string
}

func checkAll(t *testing.T, res DomainResult, want ...expect) {
	t.Helper()
	for _, w := range want {
		c := find(res, w.id)
		if c.ID == "" {
			t.Errorf("%s: missing from the result", w.id)
			continue
		}
		text := c.Summary + " | fix: " + c.Fix
		if c.Status != w.status {
			t.Errorf("%s: %s, want %s: %s", w.id, c.Status, w.status, text)
		}
		for _, h := range w.has {
			if !strings.Contains(text, h) {
				t.Errorf("%s: %q lacks %q", w.id, text, h)
			}
		}
		for _, h := range w.hasNot {
			if strings.Contains(text, h) {
				t.Errorf("%s: %q should not say %q", w.id, text, h)
			}
		}
	}
}

const base = `
example.test. SOA ns.example.test. hostmaster.example.test. 1 3600 600 86400 300
example.test. MX 10 mx.example.test.
mx.example.test. A 192.0.2.10
example.test. TXT "v=spf1 mx -all"
`

// RFC 9989 §4.7: np, psd and t are DMARC tags. The reported record warned
// on three "unknown" tags, and its fix deleted np=reject.
func TestDMARCNewTagsAreKnown(t *testing.T) {
	rec := "v=DMARC1; p=reject; sp=reject; np=reject; psd=n; t=n; rua=mailto:d@example.test"
	res := probeZone(t, base+`_dmarc.example.test. TXT "`+rec+`"`, "example.test")
	checkAll(t, res,
		expect{id: "dmarc.syntax", status: Pass, has: []string{"valid RFC 9989 record"}, hasNot: []string{"unknown", "np"}},
		expect{id: "dmarc.policy", status: Pass, has: []string{"p=reject"}},
		expect{id: "dmarc.record", status: Pass},
	)
	syn := find(res, "dmarc.syntax")
	if syn.Fix != "" || syn.Details["findings"] != nil {
		t.Errorf("a clean record got a fix or findings: %+v", syn)
	}
	if diff, _ := syn.Details["rfc7489"].(string); !strings.Contains(diff, "np, psd, t") {
		t.Errorf("the RFC 7489 difference is not stated: %v", syn.Details["rfc7489"])
	}
}

// Tags RFC 9989 does not know are ignored with an info note; the tags it
// removed are named with what they now mean; neither costs points.
func TestDMARCUnknownAndRemovedTags(t *testing.T) {
	tests := []struct {
		rec    string
		syntax expect
		policy expect
	}{
		{"v=DMARC1; p=reject; rua=mailto:d@example.test; foo=bar",
			expect{id: "dmarc.syntax", status: Pass, has: []string{`unknown tag "foo" is ignored`}},
			expect{id: "dmarc.policy", status: Pass}},
		{"v=DMARC1; p=reject; x-tag=1; rua=mailto:d@example.test", // not even a tag name: discarded
			expect{id: "dmarc.syntax", status: Warn, has: []string{`"x-tag=1" is not tag=value`, `"v=DMARC1; p=reject; rua=mailto:d@example.test"`}},
			expect{id: "dmarc.policy", status: Pass}},
		{"v=DMARC1; p=reject; pct=50; rua=mailto:d@example.test",
			expect{id: "dmarc.syntax", status: Pass, has: []string{"RFC 9989 removed pct", "only pct%"}},
			expect{id: "dmarc.policy", status: Pass, has: []string{"receivers still on RFC 7489 differ: they apply reject to only 50%"}}},
		{"v=DMARC1; p=quarantine; pct=0; rua=mailto:d@example.test",
			expect{id: "dmarc.syntax", status: Pass, has: []string{"pct=0", "t=y"}},
			expect{id: "dmarc.policy", status: Pass, has: []string{"to only 0%"}}},
		{"v=DMARC1; p=reject; rf=afrf; ri=3600; rua=mailto:d@example.test",
			expect{id: "dmarc.syntax", status: Pass, has: []string{"RFC 9989 removed rf", "AFRF", "RFC 9989 removed ri", "at least daily"}},
			expect{id: "dmarc.policy", status: Pass, hasNot: []string{"RFC 7489"}}},
		{"v=DMARC1; p=reject; rua=mailto:d@example.test!10m",
			expect{id: "dmarc.syntax", status: Pass, has: []string{"!size suffix is obsolete"}},
			expect{id: "dmarc.policy", status: Pass}},
		{"v=DMARC1; rua=mailto:d@example.test; p=reject",
			expect{id: "dmarc.syntax", status: Pass, has: []string{`"p" is not right after "v=DMARC1"`}},
			expect{id: "dmarc.policy", status: Pass}},
	}
	for _, tt := range tests {
		t.Run(tt.rec, func(t *testing.T) {
			res := probeZone(t, base+`_dmarc.example.test. TXT "`+tt.rec+`"`, "example.test")
			checkAll(t, res, tt.syntax, tt.policy)
			if r := res.Categories["dmarc"]; r.Score != 100 && tt.syntax.status == Pass {
				t.Errorf("dmarc category %d, want 100: notes cost nothing", r.Score)
			}
		})
	}
}

// RFC 9989 §4.8: a tag with an invalid value is discarded for its default;
// the record still works. That is a warning with the tag at fault fixed,
// not an invalid record. Only a record receivers cannot use at all fails.
func TestDMARCInvalidValuesAreDiscarded(t *testing.T) {
	tests := []struct {
		rec  string
		want expect
	}{
		{"v=DMARC1; p=reject; adkim=x; rua=mailto:d@example.test",
			expect{id: "dmarc.syntax", status: Warn, has: []string{`adkim="x" is not valid`, `TXT "v=DMARC1; p=reject; rua=mailto:d@example.test"`}}},
		{"v=DMARC1; p=reject; t=yes; fo=2; rua=mailto:d@example.test",
			expect{id: "dmarc.syntax", status: Warn, has: []string{`t="yes"`, `fo="2"`}}},
		{"v=DMARC1; p=reject; rua=mailto:nobody,mailto:d@example.test",
			expect{id: "dmarc.syntax", status: Warn, has: []string{"mailto needs an address", `rua=mailto:d@example.test"`}}},
		// Invalid sp with a valid rua: the whole record counts as p=none
		// (RFC 9989 §4.10.1), and the misspelt value is read as meant.
		{"v=DMARC1; p=reject; sp=rejct; rua=mailto:d@example.test",
			expect{id: "dmarc.syntax", status: Warn, has: []string{`sp="rejct"`, "as if the record said only p=none", `TXT "v=DMARC1; p=reject; sp=reject; rua=mailto:d@example.test"`}}},
		{"v=DMARC1; p=reject; sp=rejct; rua=mailto:d@example.test",
			expect{id: "dmarc.policy", status: Warn, has: []string{"no valid p", `as meant: _dmarc.example.test. TXT "v=DMARC1; p=reject; sp=reject; rua=mailto:d@example.test"`}, hasNot: []string{"p=quarantine"}}},
		{"v=DMARC1; rua=mailto:d@example.test",
			expect{id: "dmarc.policy", status: Warn, has: []string{"no valid p", `TXT "v=DMARC1; p=quarantine; rua=mailto:d@example.test"`}}},
		{"v=DMARC1; p=maybe",
			expect{id: "dmarc.syntax", status: Fail, has: []string{"apply no DMARC at all", `TXT "v=DMARC1; p=none"`}}},
		{"v=DMARC1; p=none; p=reject; rua=mailto:d@example.test",
			expect{id: "dmarc.syntax", status: Fail, has: []string{"appears twice", `TXT "v=DMARC1; p=none; rua=mailto:d@example.test"`}}},
	}
	for _, tt := range tests {
		t.Run(tt.rec, func(t *testing.T) {
			res := probeZone(t, base+`_dmarc.example.test. TXT "`+tt.rec+`"`, "example.test")
			checkAll(t, res, tt.want)
		})
	}
}

// RFC 9989 §4.7: t=y asks receivers to apply one level below the policy.
func TestDMARCTestingMode(t *testing.T) {
	tests := []struct {
		rec  string
		want expect
	}{
		{"v=DMARC1; p=quarantine; t=y; rua=mailto:d@example.test",
			expect{id: "dmarc.policy", status: Warn, has: []string{"t=y (testing)", "apply none instead of quarantine", "they do not know t and apply quarantine in full", `TXT "v=DMARC1; p=quarantine; rua=mailto:d@example.test"`}}},
		{"v=DMARC1; p=reject; t=y; rua=mailto:d@example.test",
			expect{id: "dmarc.policy", status: Pass, has: []string{"apply quarantine instead of reject"}}},
		{"v=DMARC1; p=none; t=y; rua=mailto:d@example.test",
			expect{id: "dmarc.policy", status: Warn, has: []string{"p=none", `"v=DMARC1; p=quarantine; rua=mailto:d@example.test"`}, hasNot: []string{"instead"}}},
		{"v=DMARC1; p=reject; t=n; rua=mailto:d@example.test",
			expect{id: "dmarc.policy", status: Pass, hasNot: []string{"testing"}}},
	}
	for _, tt := range tests {
		t.Run(tt.rec, func(t *testing.T) {
			checkAll(t, probeZone(t, base+`_dmarc.example.test. TXT "`+tt.rec+`"`, "example.test"), tt.want)
		})
	}
}

// RFC 9989 §4.10: the policy is found by the DNS tree walk, not the public
// suffix list. A record at an intermediate parent applies.
func TestDMARCTreeWalk(t *testing.T) {
	zone := base + `
_dmarc.dept.example.test. TXT "v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@example.test"
host.dept.example.test. A 192.0.2.20
_dmarc.bank.test. TXT "v=DMARC1; p=reject; sp=quarantine; np=reject; psd=y"
mail.mega.bank.test. MX 10 mx.example.test.
_dmarc.corp.test. TXT "v=DMARC1; p=reject; sp=none; np=reject; rua=mailto:d@corp.test"
real.corp.test. A 192.0.2.30
`
	t.Run("intermediate parent", func(t *testing.T) {
		res := probeZone(t, zone, "host.dept.example.test")
		checkAll(t, res,
			expect{id: "dmarc.record", status: Pass, has: []string{"inherited from _dmarc.dept.example.test", "receivers still on RFC 7489", "find no record"}},
			expect{id: "dmarc.policy", status: Pass, has: []string{"sp=quarantine"}},
		)
		rec := find(res, "dmarc.record")
		if walk, _ := rec.Details["tree_walk"].([]string); !slices.Equal(walk, []string{"_dmarc.host.dept.example.test", "_dmarc.dept.example.test", "_dmarc.example.test", "_dmarc.test"}) {
			t.Errorf("tree walk %q", walk)
		}
	})
	t.Run("public suffix operator's record only", func(t *testing.T) {
		checkAll(t, probeZone(t, zone, "mail.mega.bank.test"),
			expect{id: "dmarc.record", status: Warn, has: []string{"public suffix operator's record at _dmarc.bank.test", `_dmarc.mega.bank.test. TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@mega.bank.test"`}},
			expect{id: "dmarc.policy", status: Pass, has: []string{"sp=quarantine"}},
		)
	})
	t.Run("np for a name that does not exist", func(t *testing.T) {
		checkAll(t, probeZone(t, zone, "gone.corp.test"),
			expect{id: "dmarc.policy", status: Pass, has: []string{"np=reject", "they do not know np and apply none"}},
		)
		checkAll(t, probeZone(t, zone, "real.corp.test"),
			expect{id: "dmarc.policy", status: Warn, has: []string{"sp=none", `_dmarc.corp.test. TXT "v=DMARC1; p=reject; sp=quarantine; np=reject; rua=mailto:d@corp.test"`}},
		)
	})
	t.Run("at most eight queries", func(t *testing.T) {
		long := "a.b.c.d.e.f.g.h.i.j.mail.example.test"
		srv := dnstest.New(t, zone)
		res := Probe(context.Background(), Config{DNS: srv.Client(), DKIMSelectors: []string{"s1"}, MTASTSPort: 1}, long)
		var asked []string
		for _, q := range srv.Queries() {
			if strings.HasPrefix(q.Name, "_dmarc.") && !strings.Contains(q.Name, "_report") {
				asked = append(asked, strings.TrimSuffix(q.Name, "."))
			}
		}
		want := []string{"_dmarc." + long, "_dmarc.g.h.i.j.mail.example.test", "_dmarc.h.i.j.mail.example.test", "_dmarc.i.j.mail.example.test",
			"_dmarc.j.mail.example.test", "_dmarc.mail.example.test", "_dmarc.example.test", "_dmarc.test"}
		if !slices.Equal(asked, want) {
			t.Errorf("asked %q,\nwant %q (RFC 9989 §4.10)", asked, want)
		}
		checkAll(t, res, expect{id: "dmarc.record", status: Fail})
	})
	t.Run("several records are discarded and the walk goes on", func(t *testing.T) {
		z := zone + `_dmarc.two.dept.example.test. TXT "v=DMARC1; p=none"
_dmarc.two.dept.example.test. TXT "v=DMARC1; p=reject"
`
		checkAll(t, probeZone(t, z, "two.dept.example.test"),
			expect{id: "dmarc.record", status: Fail, has: []string{"2 DMARC records at _dmarc.two.dept.example.test", "apply the record at _dmarc.dept.example.test instead", `"v=DMARC1; p=none" or "v=DMARC1; p=reject"`}},
		)
	})
	t.Run("a failing query is error, not fail", func(t *testing.T) {
		res := probeZone(t, zone, "host.dept.example.test", func(s *dnstest.Server) { s.ServFail("_dmarc.dept.example.test") })
		for _, id := range []string{"dmarc.record", "dmarc.syntax", "dmarc.policy", "dmarc.reporting"} {
			checkAll(t, res, expect{id: id, status: Error})
		}
	})
}

// A fix edits the published record: only the tag at fault changes, the
// rest stays as published — also when the record belongs to a parent.
func TestDMARCFixKeepsTheRecord(t *testing.T) {
	published := "v=DMARC1; p=none; sp=reject; adkim=s; aspf=s; fo=1; ruf=mailto:f@example.test; rua=mailto:a@example.test"
	res := probeZone(t, base+`_dmarc.example.test. TXT "`+published+`"`, "example.test")
	checkAll(t, res, expect{id: "dmarc.policy", status: Warn,
		has:    []string{`_dmarc.example.test. TXT "v=DMARC1; p=quarantine; sp=reject; adkim=s; aspf=s; fo=1; ruf=mailto:f@example.test; rua=mailto:a@example.test"`},
		hasNot: []string{"or publish a record of its own"}})

	// Inherited: the parent's sp is at fault, so that is what changes.
	parent := "v=DMARC1;p=reject;sp=none;adkim=s;rua=mailto:a@example.test"
	res = probeZone(t, base+`_dmarc.example.test. TXT "`+parent+`"
shop.example.test. A 192.0.2.40`, "shop.example.test")
	checkAll(t, res, expect{id: "dmarc.policy", status: Warn,
		has: []string{`_dmarc.example.test. TXT "v=DMARC1;p=reject;sp=quarantine;adkim=s;rua=mailto:a@example.test"`, "or publish a record of its own at _dmarc.shop.example.test"}})

	// Inherited without sp: p is the parent's own policy, so the fix adds
	// sp instead of changing it.
	res = probeZone(t, base+`_dmarc.example.test. TXT "v=DMARC1; p=none; rua=mailto:a@example.test"
shop.example.test. A 192.0.2.40`, "shop.example.test")
	checkAll(t, res, expect{id: "dmarc.policy", status: Warn,
		has: []string{`_dmarc.example.test. TXT "v=DMARC1; p=none; rua=mailto:a@example.test; sp=quarantine"`}})

	// No rua: it is added, nothing else changes.
	res = probeZone(t, base+`_dmarc.example.test. TXT "v=DMARC1; p=reject; adkim=s;"`, "example.test")
	checkAll(t, res, expect{id: "dmarc.reporting", status: Warn,
		has: []string{`_dmarc.example.test. TXT "v=DMARC1; p=reject; adkim=s; rua=mailto:dmarc@example.test;"`}})

	// A long record keeps every tag and is split into 255-byte strings.
	long := "v=DMARC1; p=none; rua=mailto:" + strings.Repeat("a", 200) + "@example.test,mailto:" + strings.Repeat("b", 200) + "@example.test"
	res = probeZone(t, base+"_dmarc.example.test. TXT "+txtKey("", long), "example.test")
	fix := find(res, "dmarc.policy").Fix
	if !strings.Contains(fix, `"v=DMARC1; p=quarantine; rua=mailto:aaa`) || !strings.Contains(fix, `" "`) || !strings.Contains(fix, "bbbb@example.test") {
		t.Errorf("long record fix: %s", fix)
	}
}

// Report destinations outside the organizational domain — found by the
// tree walk (RFC 9990 §3) — must authorize the reports.
func TestDMARCReportingOrgDomain(t *testing.T) {
	zone := base + `
_dmarc.example.test. TXT "v=DMARC1; p=reject; rua=mailto:d@reports.example.test,mailto:x@other.test"
example.test._report._dmarc.other.test. TXT "v=DMARC1"
_dmarc.selfowned.test. TXT "v=DMARC1; p=reject; rua=mailto:d@ext.test"
_dmarc.unauth.test. TXT "v=DMARC1; p=reject; rua=mailto:d@ext.test; ruf=mailto:f@ext.test"
_dmarc.https.test. TXT "v=DMARC1; p=reject; rua=https://r.example.test/x"
`
	checkAll(t, probeZone(t, zone, "example.test"),
		expect{id: "dmarc.reporting", status: Pass, has: []string{"external destinations authorized"}})
	checkAll(t, probeZone(t, zone, "unauth.test"),
		expect{id: "dmarc.reporting", status: Warn, has: []string{`ask ext.test to publish unauth.test._report._dmarc.ext.test. TXT "v=DMARC1"`}})
	checkAll(t, probeZone(t, zone, "https.test"),
		expect{id: "dmarc.reporting", status: Warn, has: []string{"no mailto:", `"v=DMARC1; p=reject; rua=https://r.example.test/x,mailto:dmarc@https.test"`}})
}

// A policy reached through a redirect= whose target holds a macro cannot
// be judged without a message (RFC 7208 §6.1), and adding -all would
// cancel the redirect.
func TestSPFRedirectMacroNotJudged(t *testing.T) {
	zone := `
example.test. SOA ns.example.test. hostmaster.example.test. 1 3600 600 86400 300
example.test. MX 10 mx.example.test.
mx.example.test. A 192.0.2.10
example.test. TXT "v=spf1 redirect=%{l1r+}._spf.%{d}"
user._spf.example.test. TXT "v=spf1 ip4:192.0.2.55 -all"
_dmarc.example.test. TXT "v=DMARC1; p=reject; rua=mailto:d@example.test"
`
	res := probeZone(t, zone, "example.test")
	checkAll(t, res, expect{id: "spf.policy", status: Info, has: []string{"not decidable without a message", "redirect=%{l1r+}._spf.%{d}"}, hasNot: []string{"-all", "neutral"}})
	if c := find(res, "spf.policy"); c.Fix != "" {
		t.Errorf("a fix for a policy that cannot be judged: %s", c.Fix)
	}

	// Why: the record passes user+tag@example.test from 192.0.2.55 (the
	// macro expands to user._spf.example.test); the
	// template fix "end the record with -all" turns that into fail.
	srv := dnstest.New(t, zone)
	r := spf.NewResolver(srv.Client())
	ip := netip.MustParseAddr("192.0.2.55")
	if got := spf.Check(context.Background(), r, ip, "example.test", "user+tag@example.test", "mx.example.test", nil); got.Status != spf.Pass {
		t.Fatalf("published record: %s, want pass (%v)", got.Status, got.Err)
	}
	broken := dnstest.New(t, strings.Replace(zone, `%{d}"`, `%{d} -all"`, 1))
	if got := spf.Check(context.Background(), spf.NewResolver(broken.Client()), ip, "example.test", "user+tag@example.test", "mx.example.test", nil); got.Status != spf.Fail {
		t.Fatalf("with -all added: %s, want fail", got.Status)
	}

	// More of the kind: a redirect chain that ends in a macro target.
	chain := strings.Replace(zone, `"v=spf1 redirect=%{l1r+}._spf.%{d}"`, `"v=spf1 redirect=_spf.example.test"
_spf.example.test. TXT "v=spf1 include:_i.example.test redirect=%{ir}.%{v}._ip.example.test"
_i.example.test. TXT "v=spf1 ip4:192.0.2.1 -all"`, 1)
	checkAll(t, probeZone(t, chain, "example.test"), expect{id: "spf.policy", status: Info, has: []string{"%{ir}.%{v}._ip.example.test"}})
	// A macro in an include does not make the policy undecidable.
	inc := strings.Replace(zone, `"v=spf1 redirect=%{l1r+}._spf.%{d}"`, `"v=spf1 include:%{l}._i.example.test ?all"`, 1)
	checkAll(t, probeZone(t, inc, "example.test"), expect{id: "spf.policy", status: Warn, has: []string{`example.test. TXT "v=spf1 include:%{l}._i.example.test -all"`}})
}

// SPF fixes edit the record that holds the policy, changing only "all".
func TestSPFFixKeepsTheRecord(t *testing.T) {
	head := `
example.test. SOA ns.example.test. hostmaster.example.test. 1 3600 600 86400 300
example.test. MX 10 mx.example.test.
mx.example.test. A 192.0.2.10
_dmarc.example.test. TXT "v=DMARC1; p=reject; rua=mailto:d@example.test"
`
	tests := []struct {
		records string
		want    expect
	}{
		{`example.test. TXT "v=spf1 ip4:192.0.2.7 include:_s.example.test ?all"
_s.example.test. TXT "v=spf1 ip4:198.51.100.0/24 -all"`,
			expect{id: "spf.policy", status: Warn, has: []string{`example.test. TXT "v=spf1 ip4:192.0.2.7 include:_s.example.test -all"`}}},
		{`example.test. TXT "v=spf1 ip4:192.0.2.7  mx"`,
			expect{id: "spf.policy", status: Warn, has: []string{`example.test. TXT "v=spf1 ip4:192.0.2.7  mx -all"`}}},
		{`example.test. TXT "v=spf1 a +all"`,
			expect{id: "spf.policy", status: Fail, has: []string{`example.test. TXT "v=spf1 a -all"`}}},
		{`example.test. TXT "v=spf1 mx redirect=_spf.example.test"
_spf.example.test. TXT "v=spf1 ip4:198.51.100.9 ?all"`,
			expect{id: "spf.policy", status: Warn, has: []string{`_spf.example.test. TXT "v=spf1 ip4:198.51.100.9 -all"`, "the policy comes from redirect= to _spf.example.test"}}},
		{`example.test. TXT "v=spf1 mx redirect=_spf.example.test ~all"
_spf.example.test. TXT "v=spf1 -all"`,
			expect{id: "spf.syntax", status: Warn, has: []string{`keep the redirect: publish example.test. TXT "v=spf1 mx redirect=_spf.example.test"`, `keep the all term: publish example.test. TXT "v=spf1 mx ~all"`}}},
	}
	for _, tt := range tests {
		t.Run(tt.records, func(t *testing.T) {
			checkAll(t, probeZone(t, head+tt.records, "example.test"), tt.want)
		})
	}
}

// MTA-STS and TLS-RPT fixes edit the published record too.
func TestPolicyRecordFixesKeepTheRecord(t *testing.T) {
	tests := []struct {
		records string
		want    expect
	}{
		{`_mta-sts.example.test. TXT "v=STSv1; id=2026-01-01; ext=keep"`,
			expect{id: "mtasts.record", status: Fail, has: []string{`_mta-sts.example.test. TXT "v=STSv1; id=`, `; ext=keep"`}, hasNot: []string{"id=2026-01-01;"}}},
		{`_mta-sts.example.test. TXT "v=STSv1; ext=keep;"`,
			expect{id: "mtasts.record", status: Fail, has: []string{`"v=STSv1; ext=keep; id=`}}},
		{`_mta-sts.example.test. TXT "v=STSv1; id=1"
_mta-sts.example.test. TXT "v=STSv1; id=2"`,
			expect{id: "mtasts.record", status: Fail, has: []string{`"v=STSv1; id=1" or "v=STSv1; id=2"`}}},
		{`_smtp._tls.example.test. TXT "v=TLSRPTv1; rua=http://r.example.test/; ext=1"`,
			expect{id: "tlsrpt.record", status: Fail, has: []string{`_smtp._tls.example.test. TXT "v=TLSRPTv1; rua=mailto:tlsrpt@example.test; ext=1"`}}},
		{`_smtp._tls.example.test. TXT "v=TLSRPTv1; rua=ftp://r.example.test/,https://r.example.test/v1"`,
			expect{id: "tlsrpt.record", status: Warn, has: []string{"https://r.example.test/v1", "senders support only mailto: and https:", `TXT "v=TLSRPTv1; rua=https://r.example.test/v1"`}}},
		{`_smtp._tls.example.test. TXT "v=TLSRPTv1; ext=1"`,
			expect{id: "tlsrpt.record", status: Fail, has: []string{`"v=TLSRPTv1; ext=1; rua=mailto:tlsrpt@example.test"`}}},
	}
	for _, tt := range tests {
		t.Run(tt.records, func(t *testing.T) {
			checkAll(t, probeZone(t, base+tt.records, "example.test"), tt.want)
		})
	}
}

// RFC 8461 §3.2: sts-policy-term-delim = LF / CRLF. A policy with LF line
// endings is valid and costs nothing.
func TestMTASTSPolicyLineEndings(t *testing.T) {
	g := goodZone(t)
	lf := strings.ReplaceAll(goodPolicy, "\r\n", "\n")
	runCases(t, []tcase{
		{name: "LF", zone: g, policy: lf, id: "mtasts.policy", want: Pass},
		{name: "mixed", zone: g, policy: "version: STSv1\nmode: enforce\r\nmx: mx1.example.com\nmx: *.example.com\r\nmax_age: 604800", id: "mtasts.policy", want: Pass},
		{name: "extension key", zone: g, policy: lf + "x-note: hello\n", id: "mtasts.policy", want: Pass},
		{name: "LF, testing", zone: g, policy: strings.Replace(lf, "enforce", "testing", 1), id: "mtasts.policy", want: Warn, in: "mode is testing"},
	})
	ps := newPolicyServer(t, "mta-sts.example.com")
	ps.set(200, lf+"x-note: hello\n")
	srv := dnstest.New(t, strings.Join(g, "\n"))
	srv.Secure("example.com")
	res := Probe(context.Background(), Config{DNS: srv.Client(), Roots: ps.roots, MTASTSPort: ps.port, DKIMSelectors: []string{"google"}}, "example.com")
	if res.Categories["mtasts"].Score != 100 {
		t.Errorf("mtasts category %d with an LF policy, want 100", res.Categories["mtasts"].Score)
	}
	if c := find(res, "mtasts.policy"); c.Details["notes"] == nil || c.Fix != "" {
		t.Errorf("extension key: %+v", c)
	}
}

// RFC 6376 §3.6.1: an empty p= is a revoked key, and no key at all.
func TestDKIMRevokedIsNotAKey(t *testing.T) {
	rec := base + `_dmarc.example.test. TXT "v=DMARC1; p=reject; rua=mailto:d@example.test"
`
	tests := []struct {
		records string
		want    expect
	}{
		{`s1._domainkey.example.test. TXT "v=DKIM1; k=rsa; p="`,
			expect{id: "dkim.keys", status: Info, has: []string{"no usable DKIM key", "s1"}, hasNot: []string{"DKIM keys found"}}},
		{`s1._domainkey.example.test. TXT "v=DKIM1; p= "
google._domainkey.example.test. TXT "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="`,
			expect{id: "dkim.keys", status: Pass, has: []string{"google (ed25519)", "revoked (empty p=): s1"}}},
		{`*._domainkey.example.test. TXT "v=DKIM1; p="`,
			expect{id: "dkim.keys", status: Info, has: []string{"revoked wildcard"}}},
		{`s1._domainkey.example.test. TXT "v=DKIM1; h=sha1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="`,
			expect{id: "dkim.keys", status: Fail, has: []string{"RFC 8301"}}},
		{`s1._domainkey.example.test. TXT "v=DKIM1; k=ed25519; x=future; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="`,
			expect{id: "dkim.keys", status: Pass}},
	}
	for _, tt := range tests {
		t.Run(tt.records, func(t *testing.T) {
			res := probeZone(t, rec+tt.records, "example.test")
			checkAll(t, res, tt.want)
		})
	}
}

// parked is the perfectly parked domain: null MX, SPF -all, DMARC
// p=reject with reports to an authorized outside mailbox, and a revoked
// wildcard DKIM key (RFC 7505, M3AAWG parked domains).
const parked = `
parked.test. SOA ns.parked.test. hostmaster.parked.test. 1 3600 600 86400 300
parked.test. MX 0 .
parked.test. TXT "v=spf1 -all"
_dmarc.parked.test. TXT "v=DMARC1; p=reject; sp=reject; rua=mailto:dmarc@reports.test"
parked.test._report._dmarc.reports.test. TXT "v=DMARC1"
*._domainkey.parked.test. TXT "v=DKIM1; p="
`

func TestParkedDomain(t *testing.T) {
	for _, connect := range []bool{false, true} {
		srv := dnstest.New(t, parked)
		ran := false
		cfg := Config{DNS: srv.Client(), MTASTSPort: 1, NoConnect: !connect, Transport: func(context.Context, Config, string, []MXHost) []Check {
			ran = true
			return nil
		}}
		res := Probe(context.Background(), cfg, "parked.test")
		if res.Grade != "A" || res.Score != 100 {
			var lines []string
			for _, c := range res.Checks {
				lines = append(lines, string(c.Status)+" "+c.ID+": "+c.Summary)
			}
			t.Errorf("connect=%v: grade %s score %d, want A 100:\n%s", connect, res.Grade, res.Score, strings.Join(lines, "\n"))
		}
		if ran {
			t.Error("the transport ran for a domain without MX hosts")
		}
		checkAll(t, res,
			expect{id: "mx.records", status: Pass, has: []string{"null MX"}},
			expect{id: "spf.policy", status: Pass},
			expect{id: "dmarc.policy", status: Pass},
			expect{id: "dmarc.reporting", status: Pass},
			expect{id: "dkim.keys", status: Pass, has: []string{"revoked wildcard"}},
			expect{id: "mtasts.record", status: Skip, has: []string{"null MX", "protects delivery to its MX hosts"}},
			expect{id: "mtasts.policy", status: Skip, has: []string{"null MX"}},
			expect{id: "tlsrpt.record", status: Skip, has: []string{"null MX"}},
			expect{id: "dnssec.domain", status: Info, has: []string{"parked-domain advice does not ask for it"}},
			expect{id: "smtp.connect", status: Skip, has: []string{"null MX"}},
			expect{id: "dane.tlsa", status: Skip, has: []string{"null MX"}},
			expect{id: "client.imap", status: Skip, has: []string{"null MX"}},
		)
		if len(res.Checks) != len(Registry) {
			t.Errorf("connect=%v: %d checks, want one per registry id (%d)", connect, len(res.Checks), len(Registry))
		}
		for _, c := range res.Checks {
			if c.Details["rfc"] == nil {
				t.Errorf("%s: no rfc in details", c.ID)
			}
		}
	}
}

// What a domain that sends no mail should publish, and what it should
// not: each shortfall is named with the edit that fixes it.
func TestParkedDomainShortfalls(t *testing.T) {
	tests := []struct {
		name      string
		from, to  string
		want      expect
		wantGrade string
	}{
		{"softfail", `"v=spf1 -all"`, `"v=spf1 ~all"`,
			expect{id: "spf.policy", status: Warn, has: []string{"should fail all of it", `parked.test. TXT "v=spf1 -all"`}}, "A"},
		{"quarantine", "p=reject; sp=reject;", "p=quarantine; sp=reject;",
			expect{id: "dmarc.policy", status: Warn, has: []string{"should reject all of it", `"v=DMARC1; p=reject; sp=reject; rua=mailto:dmarc@reports.test"`}}, "A"},
		{"testing", "p=reject; sp=reject;", "p=reject; sp=reject; t=y;",
			expect{id: "dmarc.policy", status: Warn, has: []string{"apply quarantine instead of reject", `"v=DMARC1; p=reject; sp=reject; rua=mailto:dmarc@reports.test"`}}, "A"},
		{"no rua is fine", "; rua=mailto:dmarc@reports.test", "",
			expect{id: "dmarc.reporting", status: Info, has: []string{"optional"}}, "A"},
		{"reports to itself", "rua=mailto:dmarc@reports.test", "rua=mailto:dmarc@parked.test",
			expect{id: "dmarc.reporting", status: Warn, has: []string{"cannot be delivered", "null MX", `_dmarc.parked.test. TXT "v=DMARC1; p=reject; sp=reject"`}}, "A"},
		{"reports to itself and elsewhere", "rua=mailto:dmarc@reports.test", "rua=mailto:dmarc@parked.test,mailto:dmarc@reports.test",
			expect{id: "dmarc.reporting", status: Warn, has: []string{"cannot be delivered", `"v=DMARC1; p=reject; sp=reject; rua=mailto:dmarc@reports.test"`}}, "A"},
		{"no DMARC", `_dmarc.parked.test. TXT "v=DMARC1; p=reject; sp=reject; rua=mailto:dmarc@reports.test"`, "",
			expect{id: "dmarc.record", status: Fail, has: []string{`_dmarc.parked.test. TXT "v=DMARC1; p=reject"`}, hasNot: []string{"rua=mailto:dmarc@parked.test"}}, "C"},
		{"no SPF", `parked.test. TXT "v=spf1 -all"`, "",
			expect{id: "spf.record", status: Fail, has: []string{`parked.test. TXT "v=spf1 -all"`}}, "C"},
		{"no DKIM at all is fine", `*._domainkey.parked.test. TXT "v=DKIM1; p="`, "",
			expect{id: "dkim.keys", status: Info}, "A"},
		{"null MX next to a real one", "parked.test. MX 0 .", "parked.test. MX 0 .\nparked.test. MX 10 mx.parked.test.\nmx.parked.test. A 192.0.2.9",
			expect{id: "mtasts.record", status: Warn}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			zone := strings.Replace(parked, tt.from, tt.to, 1)
			if zone == parked {
				t.Fatalf("%q not in the zone", tt.from)
			}
			res := probeZone(t, zone, "parked.test")
			checkAll(t, res, tt.want)
			if tt.wantGrade != "" && res.Grade != tt.wantGrade {
				t.Errorf("grade %s (%d), want %s", res.Grade, res.Score, tt.wantGrade)
			}
		})
	}
}

// Without MX hosts the connection checks still appear, skipped with the
// reason, when the transport is configured.
func TestNoMXTransportSkipped(t *testing.T) {
	srv := dnstest.New(t, base+`nomx.test. TXT "v=spf1 -all"`)
	cfg := Config{DNS: srv.Client(), MTASTSPort: 1, Transport: func(context.Context, Config, string, []MXHost) []Check {
		t.Error("transport ran without MX hosts")
		return nil
	}}
	res := Probe(context.Background(), cfg, "nomx.test")
	checkAll(t, res, expect{id: "smtp.connect", status: Skip, has: []string{"no MX host to connect to"}})
	if len(res.Checks) != len(Registry) {
		t.Errorf("%d checks, want %d", len(res.Checks), len(Registry))
	}
}

// The JSON names the standard each finding rests on.
func TestDetailsNameTheRFC(t *testing.T) {
	res := probeZone(t, base+`_dmarc.example.test. TXT "v=DMARC1; p=none; pct=20; foo=1; rua=mailto:d@example.test"`, "example.test")
	raw, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Checks []struct {
			ID      string         `json:"id"`
			Details map[string]any `json:"details"`
		} `json:"checks"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	for _, c := range out.Checks {
		rfc, _ := c.Details["rfc"].(string)
		if !strings.Contains(rfc, "RFC ") && !strings.Contains(rfc, "draft-") {
			t.Errorf("%s: details.rfc = %q", c.ID, rfc)
		}
		if strings.HasPrefix(c.ID, "dmarc.") && !strings.Contains(rfc, "RFC 9989") {
			t.Errorf("%s rests on %q, want RFC 9989", c.ID, rfc)
		}
	}
	var findings []struct{ Severity, Tag, Message, RFC string }
	for _, c := range out.Checks {
		if c.ID == "dmarc.syntax" {
			b, _ := json.Marshal(c.Details["findings"])
			json.Unmarshal(b, &findings)
		}
	}
	var got []string
	for _, f := range findings {
		got = append(got, f.Severity+" "+f.Tag+" "+f.RFC)
	}
	if !slices.Equal(got, []string{"info pct RFC 9989 Appendix C.5.2", "info foo RFC 9989 §4.7"}) {
		t.Errorf("findings %q", got)
	}
}
