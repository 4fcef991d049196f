package dmarc

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/mailpick/mailpick/probe/dnsclient"
	"github.com/mailpick/mailpick/probe/dnstest"
)

// findings renders a record's findings as "sev:tag" for comparison.
func findings(r *Record) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, string(f.Severity)+":"+f.Tag)
	}
	return out
}

func TestParse(t *testing.T) {
	type want struct {
		policy, sp, np, psd string
		testing             bool
		pct                 int
		adkim, aspf         string
		replaced            bool
	}
	base := want{policy: "reject", psd: "u", pct: 100, adkim: "r", aspf: "r"}
	with := func(f func(*want)) want { w := base; f(&w); return w }
	tests := []struct {
		in       string
		want     want
		findings []string // "sev:tag" in record order
		rua      []URI
		err      string
	}{
		{in: "v=DMARC1; p=reject", want: base},
		// RFC 9989 §4.7: np, psd and t are known tags; nothing to say.
		{in: "v=DMARC1; p=reject; sp=reject; np=reject; psd=n; t=n; rua=mailto:d@example.test",
			want: with(func(w *want) { w.sp, w.np, w.psd = "reject", "reject", "n" })},
		{in: "v=DMARC1; p=quarantine; t=y; psd=y", want: with(func(w *want) { w.policy, w.testing, w.psd = "quarantine", true, "y" })},
		{in: "v=DMARC1;p=quarantine;sp=none;adkim=s;aspf=s;", want: with(func(w *want) { w.policy, w.sp, w.adkim, w.aspf = "quarantine", "none", "s", "s" })},
		{in: "v = DMARC1 ; p = None", want: with(func(w *want) { w.policy = "none" })},
		{in: "v=DMARC1; p=none; rua=mailto:a@example.com!10m, mailto:b@example.net",
			want:     with(func(w *want) { w.policy = "none" }),
			findings: []string{"info:rua"},
			rua: []URI{
				{Raw: "mailto:a@example.com!10m", Scheme: "mailto", Address: "a@example.com", MaxSize: 10 << 20},
				{Raw: "mailto:b@example.net", Scheme: "mailto", Address: "b@example.net"},
			}},
		// Removed tags are info (RFC 9989 Appendix C.5.2); pct is kept for
		// the RFC 7489 comparison.
		{in: "v=DMARC1; p=reject; pct=10; rf=afrf; ri=3600", want: with(func(w *want) { w.pct = 10 }), findings: []string{"info:pct", "info:rf", "info:ri"}},
		{in: "v=DMARC1; p=reject; pct=101", want: base, findings: []string{"info:pct"}},
		{in: "v=DMARC1; p=reject; rf=iodef; ri=soon", want: base, findings: []string{"info:rf", "info:ri"}},
		// Unknown tags are ignored, with an info note (RFC 9989 §4.7).
		{in: "v=DMARC1; p=reject; foo=bar", want: base, findings: []string{"info:foo"}},
		{in: "v=DMARC1; pct=10; p=reject", want: with(func(w *want) { w.pct = 10 }), findings: []string{"info:pct", "info:p"}},
		{in: "v=DMARC1; p=reject;; fo=1:d", want: base, findings: []string{"info:", "info:fo"}},
		// p is RECOMMENDED; without it a valid rua makes it p=none.
		{in: "v=DMARC1; rua=mailto:a@example.com", want: with(func(w *want) { w.policy, w.replaced = "none", true }), findings: []string{"info:p"},
			rua: []URI{{Raw: "mailto:a@example.com", Scheme: "mailto", Address: "a@example.com"}}},
		// Invalid p, sp or np with a valid rua: the whole record counts
		// as p=none (RFC 9989 §4.10.1).
		{in: "v=DMARC1; p=block; sp=reject; rua=mailto:a@example.com", want: with(func(w *want) { w.policy, w.replaced = "none", true }), findings: []string{"warn:p"}},
		{in: "v=DMARC1; p=reject; np=maybe; rua=mailto:a@example.com", want: with(func(w *want) { w.policy, w.replaced = "none", true }), findings: []string{"warn:p"}},
		// Syntax errors in other tags are discarded for the default
		// (RFC 9989 §4.8): a warning, not an invalid record.
		{in: "v=DMARC1; p=none; adkim=x; aspf=strict; t=yes; psd=maybe", want: with(func(w *want) { w.policy = "none" }), findings: []string{"warn:adkim", "warn:aspf", "warn:t", "warn:psd"}},
		{in: "v=DMARC1; p=reject; fo=2", want: base, findings: []string{"warn:fo"}},
		{in: "v=DMARC1; p=reject; fo=0:1; ruf=mailto:f@example.com", want: base, findings: []string{"warn:fo"}},
		{in: "v=DMARC1; p=reject; fo=1:d:s; ruf=mailto:f@example.com", want: base},
		{in: "v=DMARC1; p=reject; junk", want: base, findings: []string{"warn:"}},
		{in: "v=DMARC1; p=reject; x-y=1", want: base, findings: []string{"warn:"}},
		{in: "v=DMARC1; p=none; rua=dmarc@example.com", want: with(func(w *want) { w.policy = "none" }), findings: []string{"warn:rua"}},
		{in: "v=DMARC1; p=none; rua=mailto:example.com,mailto:ok@example.com", want: with(func(w *want) { w.policy = "none" }), findings: []string{"warn:rua"},
			rua: []URI{{Raw: "mailto:ok@example.com", Scheme: "mailto", Address: "ok@example.com"}}},
		{in: "v=DMARC1; p=none; rua=mailto:a@example.com!10x", want: with(func(w *want) { w.policy = "none" }), findings: []string{"warn:rua"}},
		{in: "v=DMARC1; p=none; rua=mailto:a@example.com,", want: with(func(w *want) { w.policy = "none" }), findings: []string{"warn:rua"}},

		{in: "v=DMARC2; p=reject", err: "v=DMARC1"},
		{in: "p=reject; v=DMARC1", err: "v=DMARC1"},
		{in: "v=dmarc1; p=reject", err: "v=DMARC1"},
		{in: "v=DMARC1", err: `no "p" tag and no valid rua`},
		{in: "v=DMARC1; p=block", err: "not none, quarantine or reject"},
		{in: "v=DMARC1; p=none; sp=maybe", err: "sp="},
		{in: "v=DMARC1; rua=nope", err: "no valid rua"},
		{in: "v=DMARC1; p=none; p=reject", err: "twice"},
		{in: "v=DMARC1; p=none; v=DMARC1", err: `"v" appears again`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, err := Parse(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want it to mention %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := want{r.Policy, r.SubdomainPolicy, r.NonexistentPolicy, r.PSD, r.Testing, r.Percent, r.ADKIM, r.ASPF, r.PolicyReplaced}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if tt.rua != nil && !reflect.DeepEqual(r.RUA, tt.rua) {
				t.Errorf("rua = %+v, want %+v", r.RUA, tt.rua)
			}
			if f := findings(r); !slices.Equal(f, tt.findings) {
				t.Errorf("findings = %q, want %q (%+v)", f, tt.findings, r.Findings)
			}
			for _, f := range r.Findings {
				if !strings.HasPrefix(f.RFC, "RFC ") || f.Message == "" {
					t.Errorf("finding without rule or message: %+v", f)
				}
			}
		})
	}
}

func TestApplied(t *testing.T) {
	r, _ := Parse("v=DMARC1; p=reject; t=y")
	for in, want := range map[string]string{"reject": "quarantine", "quarantine": "none", "none": "none"} {
		if got := r.Applied(in); got != want {
			t.Errorf("t=y: %s applies as %s, want %s", in, got, want)
		}
	}
	r, _ = Parse("v=DMARC1; p=reject; t=n")
	if r.Applied("reject") != "reject" {
		t.Error("t=n lowered the policy")
	}
}

func TestRepair(t *testing.T) {
	tests := []struct{ in, want string }{
		{"v=DMARC1; p=reject; rua=mailto:d@example.test", "v=DMARC1; p=reject; rua=mailto:d@example.test"},
		{"v=DMARC1; p=rejct; sp=reject; rua=mailto:d@example.test", "v=DMARC1; p=reject; sp=reject; rua=mailto:d@example.test"},
		{"v=DMARC1; p=block; adkim=s", "v=DMARC1; p=none; adkim=s"},
		{"v=DMARC1; adkim=s", "v=DMARC1; p=none; adkim=s"},
		{"v=DMARC1; p=none; p=reject; sp=reject", "v=DMARC1; p=none; sp=reject"},
		{"v=DMARC1; p=none; sp=maybe; fo=1", "v=DMARC1; p=none; fo=1"},
		{"v=DMARC1; p=none; adkim=x; aspf=s; junk; rua=mailto:a@example.com", "v=DMARC1; p=none; aspf=s; rua=mailto:a@example.com"},
		{"v=DMARC1; p=none; rua=mailto:bad,mailto:ok@example.com; foo=1", "v=DMARC1; p=none; rua=mailto:ok@example.com; foo=1"},
		{"v=DMARC1; p=none; pct=50; ri=60", "v=DMARC1; p=none; pct=50; ri=60"},
		{"not dmarc", "not dmarc"},
	}
	for _, tt := range tests {
		got := Repair(tt.in)
		if got != tt.want {
			t.Errorf("Repair(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWalkNames(t *testing.T) {
	tests := map[string]string{
		"com":                                  "com",
		"example.com":                          "example.com example.com>com",
		"a.b.c.d.e.f.g.h.i.j.mail.example.com": "a.b.c.d.e.f.g.h.i.j.mail.example.com g.h.i.j.mail.example.com h.i.j.mail.example.com i.j.mail.example.com j.mail.example.com mail.example.com example.com com",
		"a.b.c.d.e.f.example.com":              "a.b.c.d.e.f.example.com b.c.d.e.f.example.com c.d.e.f.example.com d.e.f.example.com e.f.example.com f.example.com example.com com",
		"a.b.c.d.e.f.g.example.com":            "a.b.c.d.e.f.g.example.com c.d.e.f.g.example.com d.e.f.g.example.com e.f.g.example.com f.g.example.com g.example.com example.com com",
	}
	tests["example.com"] = "example.com com"
	for in, want := range tests {
		got := walkNames(in)
		if strings.Join(got, " ") != want {
			t.Errorf("walkNames(%q) = %q, want %q", in, got, want)
		}
		if len(got) > MaxWalkQueries {
			t.Errorf("walkNames(%q): %d names, more than %d", in, len(got), MaxWalkQueries)
		}
	}
	// RFC 9989 §4.10's own example: eight queries for a 13-label name.
	if got := walkNames("a.b.c.d.e.f.g.h.i.j.mail.example.com"); len(got) != 8 || got[1] != "g.h.i.j.mail.example.com" {
		t.Errorf("RFC example: %q", got)
	}
}

// countingResolver counts the TXT questions asked.
type countingResolver struct {
	Resolver
	mu    chan struct{}
	names []string
}

func (c *countingResolver) TXT(ctx context.Context, name string) ([]string, error) {
	c.mu <- struct{}{}
	c.names = append(c.names, name)
	<-c.mu
	return c.Resolver.TXT(ctx, name)
}

func counting(r Resolver) *countingResolver {
	return &countingResolver{Resolver: r, mu: make(chan struct{}, 1)}
}

const zone = `
_dmarc.example.com.        TXT "v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@example.com,mailto:x@reports.example.net"
_dmarc.example.com.        TXT "some unrelated text"
example.com._report._dmarc.reports.example.net. TXT "v=DMARC1"
_dmarc.double.example.org. TXT "v=DMARC1; p=none"
_dmarc.double.example.org. TXT "v=DMARC1; p=reject"
_dmarc.example.org.        TXT "v=DMARC1; p=quarantine"
_dmarc.bad.example.net.    TXT "v=DMARC1; p=maybe"
_dmarc.b.example.info.     TXT "v=DMARC1; p=reject; sp=reject"
_dmarc.mid.example.com.    TXT "v=DMARC1; p=none"
_dmarc.own.example.com.    TXT "v=DMARC1; p=quarantine; psd=n"
_dmarc.bank.example.       TXT "v=DMARC1; p=reject; sp=quarantine; np=reject; psd=y"
_dmarc.giant.bank.example. TXT "v=DMARC1; p=none"
_dmarc.example.            TXT "v=DMARC1; p=none"
`

func TestDiscover(t *testing.T) {
	srv := dnstest.New(t, zone)
	srv.ServFail("_dmarc.broken.example.org")
	ctx := context.Background()
	tests := []struct {
		domain  string
		foundAt string
		source  Source
		org     string
		policy  string
		walk    string // _dmarc names asked, in order
		err     error
	}{
		{domain: "example.com", foundAt: "example.com", source: SourceAuthor, policy: "reject", walk: "example.com"},
		{domain: "Mail.Example.COM.", foundAt: "example.com", source: SourceOrganizational, org: "example.com", policy: "reject", walk: "mail.example.com example.com com"},
		// The fewest-labels record is the organizational domain
		// (RFC 9989 §4.10.2, Appendix B.4.2): mid.example.com's record
		// does not apply to its subdomains while example.com has one.
		{domain: "x.mid.example.com", foundAt: "example.com", source: SourceOrganizational, org: "example.com", walk: "x.mid.example.com mid.example.com example.com com"},
		// A record at an intermediate parent applies when nothing above
		// it has one; RFC 7489 receivers would never look there.
		{domain: "a.b.example.info", foundAt: "b.example.info", source: SourceOrganizational, org: "b.example.info", policy: "reject", walk: "a.b.example.info b.example.info example.info info"},
		// psd=n declares an organizational domain and stops the walk.
		{domain: "deep.own.example.com", foundAt: "own.example.com", source: SourceOrganizational, org: "own.example.com", walk: "deep.own.example.com own.example.com"},
		// psd=y: the name one below is the organizational domain (Appendix
		// B.4.3); with no record of its own, the PSD's record applies.
		{domain: "giant.bank.example", foundAt: "giant.bank.example", source: SourceAuthor, walk: "giant.bank.example"},
		{domain: "mail.giant.bank.example", foundAt: "giant.bank.example", source: SourceOrganizational, org: "giant.bank.example", walk: "mail.giant.bank.example giant.bank.example bank.example"},
		{domain: "mail.mega.bank.example", foundAt: "bank.example", source: SourcePSD, org: "mega.bank.example", walk: "mail.mega.bank.example mega.bank.example bank.example"},
		// Several records at a name are all discarded and the walk goes on.
		{domain: "double.example.org", foundAt: "example.org", source: SourceOrganizational, org: "example.org", walk: "double.example.org example.org org"},
		{domain: "bad.example.net", foundAt: "bad.example.net", source: SourceAuthor, walk: "bad.example.net"},
		{domain: "nothing.example.net", org: "nothing.example.net", walk: "nothing.example.net example.net net", err: ErrNoRecord},
		{domain: "broken.example.org", walk: "broken.example.org"},
	}
	for _, tt := range tests {
		t.Run(tt.domain, func(t *testing.T) {
			cr := counting(srv.Client())
			d, err := NewWalker(cr).Discover(ctx, tt.domain)
			if tt.domain == "broken.example.org" {
				if !dnsclient.IsUnmeasured(err) {
					t.Fatalf("SERVFAIL: %v, want unmeasured", err)
				}
			} else if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			var asked []string
			for _, n := range cr.names {
				asked = append(asked, strings.TrimPrefix(n, "_dmarc."))
			}
			if strings.Join(asked, " ") != tt.walk {
				t.Errorf("asked %q, want %q", asked, tt.walk)
			}
			if d.FoundAt != tt.foundAt || d.Source != tt.source || d.OrgDomain != tt.org {
				t.Errorf("found at %q (%s), org %q; want %q (%s), org %q", d.FoundAt, d.Source, d.OrgDomain, tt.foundAt, tt.source, tt.org)
			}
			if tt.policy != "" && (d.Record == nil || d.Record.Policy != tt.policy) {
				t.Errorf("record %+v, want p=%s", d.Record, tt.policy)
			}
		})
	}
	d, _ := NewWalker(srv.Client()).Discover(ctx, "bad.example.net")
	if d.ParseErr == nil || !errors.Is(d.ParseErr, ErrUnusable) {
		t.Errorf("unusable record: %v", d.ParseErr)
	}
	d, _ = NewWalker(srv.Client()).Discover(ctx, "double.example.org")
	if !slices.Equal(d.Discarded, []string{"double.example.org"}) {
		t.Errorf("discarded %q", d.Discarded)
	}
}

// TestWalkLimit: however long the name, one walk asks at most eight names,
// and the Walker asks each name once across walks.
func TestWalkLimit(t *testing.T) {
	srv := dnstest.New(t, zone)
	cr := counting(srv.Client())
	w := NewWalker(cr)
	long := strings.Repeat("x.", 30) + "nothing.example.net"
	if _, err := w.Discover(context.Background(), long); !errors.Is(err, ErrNoRecord) {
		t.Fatal(err)
	}
	if len(cr.names) != MaxWalkQueries {
		t.Errorf("%d queries for a %d-label name, want %d: %q", len(cr.names), 33, MaxWalkQueries, cr.names)
	}
	org, err := w.OrgDomain(context.Background(), "nothing.example.net")
	if err != nil || org != "nothing.example.net" {
		t.Errorf("OrgDomain = %q, %v", org, err)
	}
	if len(cr.names) != MaxWalkQueries {
		t.Errorf("the second walk asked again: %q", cr.names)
	}
}

func TestOrgDomain(t *testing.T) {
	srv := dnstest.New(t, zone)
	w := NewWalker(srv.Client())
	for in, want := range map[string]string{
		"example.com":             "example.com",
		"reports.example.com":     "example.com",
		"mid.example.com":         "example.com",
		"reports.example.net":     "reports.example.net", // no record anywhere: the name itself
		"x.deep.own.example.com":  "own.example.com",
		"mail.giant.bank.example": "giant.bank.example",
		"giant.bank.example":      "giant.bank.example",
		"bank.example":            "bank.example", // psd=y at the start is its own
	} {
		got, err := w.OrgDomain(context.Background(), in)
		if err != nil || got != want {
			t.Errorf("OrgDomain(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, want := range map[string]string{
		"example.com":          "example.com",
		"mail.sub.example.com": "example.com",
		"foo.example.co.uk.":   "example.co.uk",
		"Shop.Example.CO.JP":   "example.co.jp",
		"com":                  "com",
	} {
		if got := PSLOrgDomain(in); got != want {
			t.Errorf("PSLOrgDomain(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLegacy(t *testing.T) {
	srv := dnstest.New(t, zone)
	w := NewWalker(srv.Client())
	ctx := context.Background()
	for domain, want := range map[string]string{
		"example.com":        "example.com",
		"x.mid.example.com":  "example.com",
		"a.b.example.info":   "", // RFC 7489 skips the intermediate parent
		"double.example.org": "", // several records end RFC 7489 discovery
		"mail.example.org":   "example.org",
	} {
		lg, err := w.Legacy(ctx, domain)
		if err != nil || lg.FoundAt != want {
			t.Errorf("Legacy(%q) found at %q (%v), want %q", domain, lg.FoundAt, err, want)
		}
	}
}

func TestAuthorized(t *testing.T) {
	srv := dnstest.New(t, zone)
	c := srv.Client()
	ctx := context.Background()
	if ok, err := Authorized(ctx, c, "example.com", "reports.example.net"); !ok || err != nil {
		t.Errorf("authorized destination: %v, %v", ok, err)
	}
	if ok, err := Authorized(ctx, c, "example.com", "elsewhere.example.net"); ok || err != nil {
		t.Errorf("unauthorized destination: %v, %v", ok, err)
	}
	if ok, err := Authorized(ctx, c, strings.Repeat("a.", 120)+"com", "reports.example.net"); ok || err != nil {
		t.Errorf("name over the DNS limit: %v, %v", ok, err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"v=DMARC1; p=reject",
		"v=DMARC1; p=none; sp=quarantine; pct=20; rua=mailto:a@example.com!10m,https://x.example/r; ruf=mailto:f@example.com; adkim=s; aspf=r; fo=0:1:d:s; rf=afrf; ri=3600",
		"v=DMARC1; rua=mailto:%61@example.com?subject=x",
		"v=DMARC1;;;",
		"v=DMARC1; p=reject; sp=reject; np=reject; psd=n; t=n; rua=mailto:d@example.test",
		"v=DMARC1; p=none; sp=reject; adkim=s; aspf=s; fo=1; ruf=mailto:f@example.test; rua=mailto:a@example.test",
		"v=DMARC1; p=rejct; np=maybe; t=yes; psd=q; junk; p=none",
		"v=DMARC1; P=Reject; RUA=mailto:x@example.test",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := Parse(s)
		if err == nil {
			if !IsDMARC(s) {
				t.Fatalf("accepted a record IsDMARC rejects: %q", s)
			}
			if !policies[r.Policy] || (r.SubdomainPolicy != "" && !policies[r.SubdomainPolicy]) || (r.NonexistentPolicy != "" && !policies[r.NonexistentPolicy]) {
				t.Fatalf("policy %q/%q/%q accepted", r.Policy, r.SubdomainPolicy, r.NonexistentPolicy)
			}
			if r.Percent < 0 || r.Percent > 100 {
				t.Fatalf("pct %d accepted", r.Percent)
			}
			for _, u := range append(r.RUA, r.RUF...) {
				if u.Scheme == "mailto" && u.Domain() == "" {
					t.Fatalf("mailto URI without domain accepted: %+v", u)
				}
			}
		}
		// A repaired record parses with nothing left for receivers to
		// discard, and keeps every tag the owner published that was fine.
		if !IsDMARC(s) {
			return
		}
		fixed := Repair(s)
		fr, ferr := Parse(fixed)
		if ferr != nil {
			t.Fatalf("Repair(%q) = %q, which does not parse: %v", s, fixed, ferr)
		}
		for _, fd := range fr.Findings {
			if fd.Severity == SevWarn {
				t.Fatalf("Repair(%q) = %q still has %s", s, fixed, fd.Message)
			}
		}
		if err == nil && len(r.Findings) == 0 && fixed != s {
			t.Fatalf("Repair changed a clean record: %q → %q", s, fixed)
		}
	})
}

func ExampleRepair() {
	fmt.Println(Repair("v=DMARC1; p=quarantine; adkim=strict; sp=reject; rua=mailto:d@example.test"))
	// Output: v=DMARC1; p=quarantine; sp=reject; rua=mailto:d@example.test
}
