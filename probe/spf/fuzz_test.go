package spf

import (
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
		if !m.HasMacros() && strings.Contains(s, "%{") {
			t.Fatalf("%q has a macro but HasMacros is false", s)
		}
	})
}
