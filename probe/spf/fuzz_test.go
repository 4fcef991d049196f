package spf

import (
	"context"
	"errors"
	"net/netip"
	"strings"
	"testing"
)

// FuzzParse: Parse never panics, errors carry a position inside the
// record, and a parsed record re-serialises to text that parses to the same
// canonical form.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"v=spf1 -all",
		"v=spf1 include:_spf.google.com ~all",
		"v=spf1 a mx/24//64 ptr:example.com ip4:192.0.2.0/24 ip6:2001:db8::/32 exists:%{i}.%{l1r-}.ex.com ?all",
		"v=spf1 redirect=%{d}.d.spf.example.com. exp=%{ir}.example.com",
		"v=spf1 a:foo:bar/baz.example.com mx:%{H} moo.cow-far_out=man:dog/cat",
		"v=spf1 a:macro%%percent%_%_space%-url-space.example.com -all",
		"V=SpF1 +A/0 -MX//0 ~Ip4:1.2.3.4/32",
		"v=spf1 ip6:::FFFF:1.2.3.4 a:111.222.33.44",
		"v=spf1 exists:%{ir4r+-_.}.x.org default=%{c}",
		"v=spf1 \x80 a",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := Parse(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %v is not a *SyntaxError", err)
			}
			if se.Pos < 0 || se.Pos > len(s) {
				t.Fatalf("error position %d outside record of length %d", se.Pos, len(s))
			}
			if se.Msg == "" {
				t.Fatal("empty error message")
			}
			return
		}
		canon := r.String()
		r2, err := Parse(canon)
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", canon, s, err)
		}
		if got := r2.String(); got != canon {
			t.Fatalf("canonical form not stable:\n%q\n%q", canon, got)
		}
		if len(r2.Terms) != len(r.Terms) {
			t.Fatalf("%d terms became %d", len(r.Terms), len(r2.Terms))
		}
	})
}

// FuzzExpandMacro: parsing and expanding any macro-string with any sender,
// HELO and address never panics, and expansion of a domain-spec macro
// never yields more text than the limits allow to be built from.
func FuzzExpandMacro(f *testing.F) {
	for _, s := range []string{
		"%{s}", "%{o}", "%{d}", "%{d4}", "%{d3}", "%{d2}", "%{d1}", "%{dr}", "%{d2r}",
		"%{l}", "%{l-}", "%{lr}", "%{lr-}", "%{l1r-}", "%{ir}.%{v}._spf.%{d2}",
		"%{lr-}.lp._spf.%{d2}", "%{l1r-}.lp.%{ir}.%{v}._spf.%{d2}",
		"%{d2}.trusted-domains.example.net", "%{c} %{r} %{t} %{p}", "%%%_%-", "%{L}", "%{x}", "%",
		"%{i999999999999999999}", "%{d0}", "%{s+,/_=}",
	} {
		f.Add(s, true, "strong-bad@email.example.com", "mx.example.org", []byte{192, 0, 2, 3})
	}
	f.Add("%{ir}", false, "", "", []byte{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xcb, 0x01})
	f.Fuzz(func(t *testing.T, s string, exp bool, sender, helo string, ipb []byte) {
		ip, _ := netip.AddrFromSlice(ipb)
		local, origin, _ := strings.Cut(sender, "@")
		env := &MacroEnv{Sender: sender, Local: local, Origin: origin, Domain: origin, IP: ip, Helo: helo,
			Validated: func() string { return "mx.example.org" }, Timestamp: 1}
		m, err := ParseMacro(s, exp)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Pos < 0 || se.Pos > len(s) {
				t.Fatalf("bad error %v", err)
			}
			return
		}
		out := m.Expand(env)
		// Each part expands to at most 3 bytes per byte of any input value
		// (URL escaping) or a fixed-size address form.
		limit := len(s)*3 + len(m.Parts)*(3*(len(sender)+len(helo)+len("mx.example.org"))+80)
		if len(out) > limit {
			t.Fatalf("expansion of %q is %d bytes, over %d", s, len(out), limit)
		}
		// Without macros the expansion cannot depend on the message.
		if !m.HasMacros() {
			if other := m.Expand(&MacroEnv{Sender: "x@y.z", Domain: "q.r", IP: netip.MustParseAddr("2001:db8::1")}); other != out {
				t.Fatalf("%q has no macros but expands to %q and %q", s, out, other)
			}
		}
	})
}

// FuzzCheck: check_host on any record (and any included record) never
// panics, returns a defined status and stays inside the RFC limits, so a
// hostile zone cannot make one check cost unbounded queries.
func FuzzCheck(f *testing.F) {
	f.Add("v=spf1 a mx include:inc.example.com -all", "v=spf1 ptr ~all", []byte{192, 0, 2, 1}, "a@example.com")
	f.Add("v=spf1 exists:%{ir}.%{l1r-}.inc.example.com redirect=inc.example.com", "v=spf1 include:example.com", []byte{192, 0, 2, 1}, "")
	f.Add("v=spf1 ptr:%{d} a:%{p}.example.com -all exp=inc.example.com", "%{c} %{p} %{r}", []byte{0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, "x@y")
	f.Fuzz(func(t *testing.T, record, included string, ipb []byte, sender string) {
		m := newMem()
		m.txt["example.com"] = []string{record}
		m.txt["inc.example.com"] = []string{included}
		m.a["example.com"] = addrs("192.0.2.1")
		m.aaaa["example.com"] = addrs("2001:db8::1")
		m.mx["example.com"] = []string{"example.com", "inc.example.com"}
		m.ptr["192.0.2.1"] = []string{"example.com", "inc.example.com"}
		m.ptr["2001:db8::1"] = []string{"example.com"}
		ip, ok := netip.AddrFromSlice(ipb)
		if !ok {
			ip = netip.MustParseAddr("192.0.2.1")
		}
		res := Check(context.Background(), m, ip, "example.com", sender, "helo.example.com", nil)
		switch res.Status {
		case None, Neutral, Pass, Fail, Softfail, Temperror, Permerror:
		default:
			t.Fatalf("undefined status %q", res.Status)
		}
		if res.Lookups > DefaultMaxLookups+1 || res.VoidLookups > DefaultMaxVoidLookups+1 {
			t.Fatalf("limits passed: %d lookups, %d void", res.Lookups, res.VoidLookups)
		}
		if (res.Status == Permerror || res.Status == Temperror) != (res.Err != nil) {
			t.Fatalf("status %s with err %v", res.Status, res.Err)
		}
		// 10 terms × (1 + 10 MX or PTR names) + record fetches + exp.
		if m.queries > 150 {
			t.Fatalf("%d DNS queries for one check", m.queries)
		}
		if len(res.Explanation) > maxExplanation {
			t.Fatalf("explanation of %d bytes", len(res.Explanation))
		}
	})
}
