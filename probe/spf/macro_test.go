package spf

import (
	"net/netip"
	"testing"
)

// The examples of RFC 7208 §7.4.
func TestExpandMacroRFCExamples(t *testing.T) {
	env := &MacroEnv{
		Sender: "strong-bad@email.example.com", Local: "strong-bad", Origin: "email.example.com",
		Domain: "email.example.com", IP: netip.MustParseAddr("192.0.2.3"), Helo: "mx.example.org",
	}
	tests := []struct{ in, want string }{
		{"%{s}", "strong-bad@email.example.com"},
		{"%{o}", "email.example.com"},
		{"%{d}", "email.example.com"},
		{"%{d4}", "email.example.com"},
		{"%{d3}", "email.example.com"},
		{"%{d2}", "example.com"},
		{"%{d1}", "com"},
		{"%{dr}", "com.example.email"},
		{"%{d2r}", "example.email"},
		{"%{l}", "strong-bad"},
		{"%{l-}", "strong.bad"},
		{"%{lr}", "strong-bad"},
		{"%{lr-}", "bad.strong"},
		{"%{l1r-}", "strong"},
		{"%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com"},
		{"%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com"},
		{"%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", "bad.strong.lp.3.2.0.192.in-addr._spf.example.com"},
		{"%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "3.2.0.192.in-addr.strong.lp._spf.example.com"},
		{"%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net"},
		{"%{h}", "mx.example.org"},
		{"%%%_%-", "% %20"},
		{"%{S}", "strong-bad%40email.example.com"},
		{"%{l2r+-}", "bad.strong"},
		{"%{d9999999999999999}", "email.example.com"},
	}
	for _, tc := range tests {
		got, err := ExpandMacro(tc.in, false, env)
		if err != nil || got != tc.want {
			t.Errorf("%s = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}

	env.IP = netip.MustParseAddr("2001:db8::cb01")
	got, err := ExpandMacro("%{ir}.%{v}._spf.%{d2}", false, env)
	want := "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com"
	if err != nil || got != want {
		t.Errorf("IPv6 %%{ir}: %q, %v; want %q", got, err, want)
	}
}

func TestExpandMacroExplanation(t *testing.T) {
	env := &MacroEnv{
		Sender: "~jack&jill=up-a_b3.c@example.com", Local: "~jack&jill=up-a_b3.c", Origin: "example.com",
		Domain: "example.com", IP: netip.MustParseAddr("2001:db8::1"), Receiver: "mx.example.net", Timestamp: 1700000000,
		Validated: func() string { return "mail.example.com" },
	}
	tests := []struct{ in, want string }{
		{"%{c} is not allowed", "2001:db8::1 is not allowed"},
		{"checked by %{r} at %{t}", "checked by mx.example.net at 1700000000"},
		{"from %{p}", "from mail.example.com"},
		{"http://example.com/why.html?l=%{L}", "http://example.com/why.html?l=~jack%26jill%3Dup-a_b3.c"},
		{"%{v}", "ip6"},
	}
	for _, tc := range tests {
		got, err := ExpandMacro(tc.in, true, env)
		if err != nil || got != tc.want {
			t.Errorf("%s = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	// %{p} without a way to validate, %{r} without a name.
	env.Validated, env.Receiver = nil, ""
	if got, _ := ExpandMacro("%{p} %{r}", true, env); got != "unknown unknown" {
		t.Errorf("defaults: %q", got)
	}
	// c, r and t are explanation-only.
	for _, s := range []string{"%{c}", "%{r}", "%{t}"} {
		if _, err := ExpandMacro(s, false, env); err == nil {
			t.Errorf("%s accepted outside explanation text", s)
		}
	}
}

func TestParseMacroErrors(t *testing.T) {
	tests := []struct{ in, err string }{
		{"%", `column 1: "%" at the end; write "%%" for a literal percent sign`},
		{"ab%x", `column 3: "%" followed by "x"; a macro is %{letter}, or write %% for a literal percent sign`},
		{"%{x}", `column 3: unknown macro letter "x"; use one of s l o d i p h v (and c r t in exp text)`},
		{"%{d", `column 1: macro "%{" is not closed with "}"`},
		{"%{d0}", `column 4: macro transformer 0 keeps no labels; use a number from 1 or leave it out`},
		{"%{dr!}", `column 5: "!" is not a macro delimiter; use one of . - + , / _ =`},
		{"a\tb", `column 2: character 0x09 is not allowed; only visible ASCII may appear`},
	}
	for _, tc := range tests {
		_, err := ParseMacro(tc.in, true)
		if err == nil || err.Error() != tc.err {
			t.Errorf("%q: %v\nwant %s", tc.in, err, tc.err)
		}
	}
}
