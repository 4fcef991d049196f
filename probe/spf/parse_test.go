package spf

import (
	"errors"
	"net/netip"
	"testing"
)

func TestParseValid(t *testing.T) {
	tests := []struct {
		record string
		canon  string
		check  func(t *testing.T, r *Record)
	}{
		{"v=spf1", "v=spf1", nil},
		{"V=SPF1 -ALL", "v=spf1 -all", func(t *testing.T, r *Record) {
			if r.All() == nil || r.All().Qualifier != QFail {
				t.Error("want -all")
			}
		}},
		{"v=spf1  a   mx  ", "v=spf1 a mx", nil},
		{"v=spf1 +a ?mx ~ptr -exists:x.example.com", "v=spf1 a ?mx ~ptr -exists:x.example.com", nil},
		{"v=spf1 a/24//64", "v=spf1 a/24//64", func(t *testing.T, r *Record) {
			m := r.Mechanisms()[0]
			if m.CIDR4 != 24 || m.CIDR6 != 64 || m.Domain != "" {
				t.Errorf("got %+v", m)
			}
		}},
		{"v=spf1 mx:example.com//0", "v=spf1 mx:example.com//0", func(t *testing.T, r *Record) {
			m := r.Mechanisms()[0]
			if m.CIDR4 != -1 || m.CIDR6 != 0 || m.Domain != "example.com" {
				t.Errorf("got %+v", m)
			}
		}},
		{"v=spf1 a:foo:bar/baz.example.com", "v=spf1 a:foo:bar/baz.example.com", func(t *testing.T, r *Record) {
			if d := r.Mechanisms()[0].Domain; d != "foo:bar/baz.example.com" {
				t.Errorf("domain %q", d)
			}
		}},
		{"v=spf1 ip4:192.0.2.0/24 ip6:2001:DB8::/32 ip4:192.0.2.1", "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 ip4:192.0.2.1", func(t *testing.T, r *Record) {
			if r.Mechanisms()[1].Net != netip.MustParsePrefix("2001:db8::/32") {
				t.Errorf("net %v", r.Mechanisms()[1].Net)
			}
		}},
		{"v=spf1 ip6:::FFFF:1.2.3.4", "v=spf1 ip6:::ffff:1.2.3.4", nil},
		{"v=spf1 include:_spf.google.com ~all", "v=spf1 include:_spf.google.com ~all", nil},
		{"v=spf1 a:foo.example.xn--zckzah", "v=spf1 a:foo.example.xn--zckzah", nil},
		{"v=spf1 include:o.spf.example.com.", "v=spf1 include:o.spf.example.com.", nil},
		{"v=spf1 exists:%{ir}.%{l1r-}.lp.%{v}._spf.%{d2}", "v=spf1 exists:%{ir}.%{l1r-}.lp.%{v}._spf.%{d2}", nil},
		{"v=spf1 a:%{H}", "v=spf1 a:%{H}", nil},
		{"v=spf1 a:macro%%percent%_%_space%-url-space.example.com", "v=spf1 a:macro%%percent%_%_space%-url-space.example.com", nil},
		{"v=spf1 Redirect=_spf.example.com", "v=spf1 redirect=_spf.example.com", func(t *testing.T, r *Record) {
			if r.Redirect() == nil || r.Redirect().Value != "_spf.example.com" {
				t.Error("redirect not found")
			}
		}},
		{"v=spf1 -all exp=explain.%{d}", "v=spf1 -all exp=explain.%{d}", func(t *testing.T, r *Record) {
			if r.Exp() == nil {
				t.Error("exp not found")
			}
		}},
		{"v=spf1 moo.cow-far_out=man:dog/cat default=+ foo=%{c}", "v=spf1 moo.cow-far_out=man:dog/cat default=+ foo=%{c}", nil},
	}
	for _, tc := range tests {
		t.Run(tc.record, func(t *testing.T) {
			r, err := Parse(tc.record)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.String(); got != tc.canon {
				t.Errorf("String() = %q, want %q", got, tc.canon)
			}
			if tc.check != nil {
				tc.check(t, r)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		record string
		err    string
	}{
		{"v=spf10", `column 1: the record does not start with "v=spf1" followed by a space`},
		{"spf1 -all", `column 1: the record does not start with "v=spf1" followed by a space`},
		{"v=spf1 ip4:1.2.3.4 -all moo", `column 25, term "moo": unknown mechanism "moo"; valid are all include a mx ptr ip4 ip6 exists`},
		{"v=spf1 -all.", `column 8, term "-all.": unknown mechanism "all."; valid are all include a mx ptr ip4 ip6 exists`},
		{"v=spf1 -all:foo", `column 12, term "-all:foo": "all" takes no domain or CIDR length`},
		{"v=spf1 -all/8", `column 12, term "-all/8": "all" takes no domain or CIDR length`},
		{"v=spf1 redirect:example.com", `column 8, term "redirect:example.com": redirect is a modifier; write redirect=domain`},
		{"v=spf1 moo.cow/far_out=man:dog/cat", `column 8, term "moo.cow/far_out=man:dog/cat": unknown mechanism "moo.cow"; valid are all include a mx ptr ip4 ip6 exists`},
		{"v=spf1 1up=foo", `column 8, term "1up=foo": modifier name "1up" must start with a letter`},
		{"v=spf1 =all", `column 8, term "=all": "=" without a modifier name before it`},
		{"v=spf1 include", `column 15, term "include": include needs a domain: include:example.com`},
		{"v=spf1 include:", `column 16, term "include:": include: needs a domain after it`},
		{"v=spf1 exists:mail.example.com/24", `column 15, term "exists:mail.example.com/24": domain "mail.example.com/24": top-level label "com/24" holds "/"; only letters, digits and hyphens are allowed`},
		{"v=spf1 a:foo-bar", `column 10, term "a:foo-bar": domain "foo-bar" needs a dot and a top-level label, e.g. foo-bar.example.com`},
		{"v=spf1 a:111.222.33.44", `column 10, term "a:111.222.33.44": "111.222.33.44" is an IP address, not a domain; use ip4:111.222.33.44 or ip6:111.222.33.44`},
		{"v=spf1 a:abc.123", `column 10, term "a:abc.123": domain "abc.123": top-level label "123" is all digits`},
		{"v=spf1 a:example.-com", `column 10, term "a:example.-com": domain "example.-com": top-level label "-com" may not start or end with a hyphen`},
		{"v=spf1 a:museum.", `column 10, term "a:museum.": domain "museum." needs a dot and a top-level label, e.g. museum.example.com`},
		{"v=spf1 mx:example.com:8080", `column 11, term "mx:example.com:8080": domain "example.com:8080": top-level label "com:8080" holds ":"; only letters, digits and hyphens are allowed`},
		{"v=spf1 a/33", `column 10, term "a/33": CIDR length /33 is larger than 32`},
		{"v=spf1 a//129", `column 11, term "a//129": CIDR length /129 is larger than 128`},
		{"v=spf1 a/24/64", `column 9, term "a/24/64": bad CIDR length "/24/64"; write a/24, a//64 or a/24//64`},
		{"v=spf1 ip4:1.2.3.4/032", `column 19, term "ip4:1.2.3.4/032": CIDR length "032" has a leading zero; write 32`},
		{"v=spf1 ip4:1.2.3", `column 12, term "ip4:1.2.3": "1.2.3" is not an IPv4 address; write all four parts, e.g. 192.0.2.0/24`},
		{"v=spf1 ip4", `column 11, term "ip4": ip4 needs an address: ip4:192.0.2.0/24`},
		{"v=spf1 ip4:1.2.3.4//32", `column 19, term "ip4:1.2.3.4//32": bad CIDR length "/32"; write a number from 0 to 32`},
		{"v=spf1 ip4:2001:db8::1", `column 12, term "ip4:2001:db8::1": "2001:db8::1" is not an IPv4 address; write all four parts, e.g. 192.0.2.0/24`},
		{"v=spf1 ip6::CAFE::BABE", `column 12, term "ip6::CAFE::BABE": ":CAFE::BABE" is not an IPv6 address`},
		{"v=spf1 ip6:1.2.3.4", `column 12, term "ip6:1.2.3.4": "1.2.3.4" is not an IPv6 address`},
		{"v=spf1 ptr/0", `column 11, term "ptr/0": ptr takes no CIDR length; write ptr or ptr:example.com`},
		{"v=spf1 a:ctrl.example.com\rptr", `column 26, term "a:ctrl.example.com\rptr": character 0x0D is not allowed: terms hold visible ASCII only and are separated by spaces`},
		{"v=spf1 \x80a:example.net", `column 8, term "\x80a:example.net": character 0x80 is not allowed: terms hold visible ASCII only and are separated by spaces`},
		{"v=spf1 exp= -all", `column 12, term "exp=": exp= needs a domain after it`},
		{"v=spf1 exp=-all", `column 12, term "exp=-all": domain "-all" needs a dot and a top-level label, e.g. -all.example.com`},
		{"v=spf1 exp=a.example.com exp=b.example.com", `column 26, term "exp=b.example.com": exp= appears twice; keep only one`},
		{"v=spf1 redirect=a.example.com REDIRECT=a.example.com", `column 31, term "REDIRECT=a.example.com": redirect= appears twice; keep only one`},
		{"v=spf1 -all foo=%abc", `column 17, term "foo=%abc": "%" followed by "a"; a macro is %{letter}, or write %% for a literal percent sign`},
		{"v=spf1 exists:%(ir).sbl.example.com", `column 15, term "exists:%(ir).sbl.example.com": "%" followed by "("; a macro is %{letter}, or write %% for a literal percent sign`},
		{"v=spf1 exists:foo%.sbl.example.com", `column 18, term "exists:foo%.sbl.example.com": "%" followed by "."; a macro is %{letter}, or write %% for a literal percent sign`},
		{"v=spf1 a:%{a}.example.com", `column 12, term "a:%{a}.example.com": unknown macro letter "a"; use one of s l o d i p h v (and c r t in exp text)`},
		{"v=spf1 -all exp=%{r}.example.com", `column 19, term "exp=%{r}.example.com": macro letter 'r' is allowed only in explanation text`},
		{"v=spf1 a:%{d0}.example.com", `column 13, term "a:%{d0}.example.com": macro transformer 0 keeps no labels; use a number from 1 or leave it out`},
		{"v=spf1 a:%{d2x}.example.com", `column 14, term "a:%{d2x}.example.com": "x" is not a macro delimiter; use one of . - + , / _ =`},
		{"v=spf1 a:%{d.example.com", `column 10, term "a:%{d.example.com": macro "%{" is not closed with "}"`},
		{"v=spf1 a:%{}.example.com", `column 12, term "a:%{}.example.com": empty macro "%{}"; put a letter such as d or i inside`},
		{"v=spf1 a:foo.example.com%", `column 25, term "a:foo.example.com%": "%" at the end; write "%%" for a literal percent sign`},
	}
	for _, tc := range tests {
		t.Run(tc.record, func(t *testing.T) {
			r, err := Parse(tc.record)
			if err == nil {
				t.Fatalf("parsed as %q, want error", r)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("%T is not *SyntaxError", err)
			}
			if err.Error() != tc.err {
				t.Errorf("error\n got %s\nwant %s", err, tc.err)
			}
		})
	}
}

func TestIsSPF(t *testing.T) {
	for s, want := range map[string]bool{
		"v=spf1": true, "v=spf1 -all": true, "V=SpF1 a": true,
		"v=spf10": false, "v=spf1mx": false, "": false, "v=spf": false, "spf2.0/pra": false,
	} {
		if IsSPF(s) != want {
			t.Errorf("IsSPF(%q) = %v", s, !want)
		}
	}
}
