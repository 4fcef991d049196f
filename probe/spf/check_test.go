package spf

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/mailpick/mailpick/probe/dnstest"
)

func repeat(term string, n int) string {
	return strings.TrimSpace(strings.Repeat(term+" ", n))
}

func TestCheck(t *testing.T) {
	const ip = "192.0.2.10"
	base := func() *memResolver {
		m := newMem()
		m.a["host.example.com"] = addrs("192.0.2.99")
		m.a["mail.example.com"] = addrs("192.0.2.10")
		m.aaaa["mail.example.com"] = addrs("2001:db8::10")
		return m
	}
	mxNames := func(n int) []string {
		var out []string
		for i := 0; i < n; i++ {
			out = append(out, fmt.Sprintf("mx%d.example.com", i))
		}
		return out
	}
	tests := []struct {
		name        string
		ip          string
		record      string
		setup       func(m *memResolver)
		want        Status
		lookups     int
		voids       int
		errContains string
		exp         string
	}{
		{name: "ten lookups pass", record: repeat("a:host.example.com", 9) + " a:mail.example.com -all", want: Pass, lookups: 10},
		{name: "eleven lookups permerror", record: repeat("a:host.example.com", 10) + " a:mail.example.com -all", want: Permerror, lookups: 11, errContains: "more than 10 DNS-querying terms"},
		{name: "ip4 after ten lookups still matches", record: repeat("a:host.example.com", 10) + " ip4:192.0.2.10 -all", want: Pass, lookups: 10},
		{name: "two void lookups ok", record: "a:void1.example.com a:void2.example.com ip4:192.0.2.10 -all", want: Pass, lookups: 2, voids: 2},
		{name: "three void lookups permerror", record: "a:void1.example.com mx:void2.example.com exists:void3.example.com ip4:192.0.2.10 -all", want: Permerror, lookups: 3, voids: 3, errContains: "more than 2 void lookups"},
		{name: "empty answer is void", record: "a:txtonly.example.com a:void1.example.com exists:void2.example.com -all",
			setup: func(m *memResolver) { m.txt["txtonly.example.com"] = []string{"hello"} }, want: Permerror, voids: 3, lookups: 3},
		{name: "mx with 10 names", record: "mx:many.example.com -all", setup: func(m *memResolver) {
			m.mx["many.example.com"] = append(mxNames(9), "mail.example.com")
		}, want: Pass, lookups: 1},
		{name: "mx with 11 names permerror", record: "mx:many.example.com -all", setup: func(m *memResolver) {
			m.mx["many.example.com"] = append(mxNames(10), "mail.example.com")
		}, want: Permerror, lookups: 1, errContains: "11 names"},
		{name: "mx host lookups do not count", record: "mx:many.example.com -all", setup: func(m *memResolver) {
			m.mx["many.example.com"] = mxNames(10)
		}, want: Fail, lookups: 1, voids: 0},
		{name: "include loop", record: "include:b.example.com -all", setup: func(m *memResolver) {
			m.txt["b.example.com"] = []string{"v=spf1 include:example.com ~all"}
		}, want: Permerror, lookups: 2, errContains: "loop: example.com → b.example.com → example.com"},
		{name: "redirect loop", record: "redirect=example.com", want: Permerror, lookups: 1, errContains: "loop"},
		{name: "same include twice is not a loop", record: "include:b.example.com include:b.example.com -all", setup: func(m *memResolver) {
			m.txt["b.example.com"] = []string{"v=spf1 ip4:198.51.100.1 -all"}
		}, want: Fail, lookups: 2},
		{name: "include pass matches", record: "include:b.example.com -all", setup: func(m *memResolver) {
			m.txt["b.example.com"] = []string{"v=spf1 a:mail.example.com -all"}
		}, want: Pass, lookups: 2},
		{name: "include fail does not match", record: "include:b.example.com ~all", setup: func(m *memResolver) {
			m.txt["b.example.com"] = []string{"v=spf1 -all"}
		}, want: Softfail, lookups: 1},
		{name: "include without record permerror", record: "include:b.example.com ~all", want: Permerror, lookups: 1, errContains: "has no SPF record"},
		{name: "include temperror", record: "include:b.example.com ~all", setup: func(m *memResolver) {
			m.fail["b.example.com"] = true
		}, want: Temperror, lookups: 1},
		{name: "all wins over redirect", record: "-all redirect=b.example.com", setup: func(m *memResolver) {
			m.txt["b.example.com"] = []string{"v=spf1 +all"}
		}, want: Fail, lookups: 0},
		{name: "redirect applies after mechanisms", record: "ip4:198.51.100.1 redirect=b.example.com", setup: func(m *memResolver) {
			m.txt["b.example.com"] = []string{"v=spf1 ~all"}
		}, want: Softfail, lookups: 1},
		{name: "redirect to nothing permerror", record: "redirect=b.example.com", want: Permerror, lookups: 1},
		{name: "redirect changes the current domain", record: "redirect=b.example.com", setup: func(m *memResolver) {
			m.txt["b.example.com"] = []string{"v=spf1 a -all"}
			m.a["b.example.com"] = addrs(ip)
		}, want: Pass, lookups: 2},
		{name: "default neutral", record: "ip4:198.51.100.0/24", want: Neutral},
		{name: "exp on fail", record: "-all exp=why.example.com", setup: func(m *memResolver) {
			m.txt["why.example.com"] = []string{"%{i} may not send for %{d}"}
		}, want: Fail, exp: "192.0.2.10 may not send for example.com"},
		{name: "exp of include is ignored", record: "include:b.example.com -all", setup: func(m *memResolver) {
			m.txt["b.example.com"] = []string{"v=spf1 -all exp=why.example.com"}
			m.txt["why.example.com"] = []string{"included"}
		}, want: Fail, lookups: 1, exp: ""},
		{name: "exp of redirect target is used", record: "redirect=b.example.com exp=top.example.com", setup: func(m *memResolver) {
			m.txt["b.example.com"] = []string{"v=spf1 -all exp=why.example.com"}
			m.txt["why.example.com"] = []string{"from %{d}"}
			m.txt["top.example.com"] = []string{"top"}
		}, want: Fail, lookups: 1, exp: "from b.example.com"},
		{name: "exp lookup failure ignored", record: "-all exp=why.example.com", setup: func(m *memResolver) {
			m.fail["why.example.com"] = true
		}, want: Fail, exp: ""},
		{name: "exp not evaluated on softfail", record: "~all exp=why.example.com", setup: func(m *memResolver) {
			m.txt["why.example.com"] = []string{"nope"}
		}, want: Softfail, exp: ""},
		{name: "a servfail temperror", record: "a:broken.example.com -all", setup: func(m *memResolver) {
			m.fail["broken.example.com"] = true
		}, want: Temperror, lookups: 1},
		{name: "ipv4-mapped is ipv4", ip: "::ffff:192.0.2.10", record: "ip6:::/0 ip4:192.0.2.10 -all", want: Pass},
		{name: "ipv6 a mechanism", ip: "2001:db8::10", record: "a:mail.example.com/32//64 -all", want: Pass, lookups: 1},
		{name: "ptr validated", record: "ptr:example.com -all", setup: func(m *memResolver) {
			m.ptr[ip] = []string{"mail.example.com."}
		}, want: Pass, lookups: 1},
		{name: "ptr unvalidated", record: "ptr:example.com -all", setup: func(m *memResolver) {
			m.ptr[ip] = []string{"host.example.com."}
		}, want: Fail, lookups: 1},
		{name: "ptr only first 10 names", record: "ptr:example.com -all", setup: func(m *memResolver) {
			m.ptr[ip] = append(mxNames(10), "mail.example.com")
		}, want: Fail, lookups: 1},
		{name: "syntax error anywhere permerror", record: "ip4:192.0.2.10 bogus -all", want: Permerror, errContains: `unknown mechanism "bogus"`},
		{name: "two records permerror", record: "-all", setup: func(m *memResolver) {
			m.txt["example.com"] = append(m.txt["example.com"], "v=spf1 +all")
		}, want: Permerror, errContains: "2 SPF records"},
		{name: "no record none", record: "", want: None},
		{name: "exists with macro", record: "exists:%{ir}.list.example.com -all", setup: func(m *memResolver) {
			m.a["10.2.0.192.list.example.com"] = addrs("127.0.0.2")
		}, want: Pass, lookups: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := base()
			if tc.record != "" {
				m.txt["example.com"] = []string{"v=spf1 " + tc.record}
			} else {
				m.a["example.com"] = addrs("192.0.2.1")
			}
			if tc.setup != nil {
				tc.setup(m)
			}
			addr := ip
			if tc.ip != "" {
				addr = tc.ip
			}
			res := Check(context.Background(), m, netip.MustParseAddr(addr), "example.com", "alice@example.com", "mail.example.com", nil)
			if res.Status != tc.want {
				t.Fatalf("status %s (err %v), want %s\n%s", res.Status, res.Err, tc.want, traceText(res.Trace))
			}
			if res.Lookups != tc.lookups {
				t.Errorf("lookups %d, want %d\n%s", res.Lookups, tc.lookups, traceText(res.Trace))
			}
			if res.VoidLookups != tc.voids {
				t.Errorf("void lookups %d, want %d\n%s", res.VoidLookups, tc.voids, traceText(res.Trace))
			}
			if tc.errContains != "" && (res.Err == nil || !strings.Contains(res.Err.Error(), tc.errContains)) {
				t.Errorf("err %v, want it to contain %q", res.Err, tc.errContains)
			}
			if res.Explanation != tc.exp {
				t.Errorf("explanation %q, want %q", res.Explanation, tc.exp)
			}
			if len(res.Trace) == 0 {
				t.Error("empty trace")
			}
		})
	}
}

func TestCheckTrace(t *testing.T) {
	m := newMem()
	m.txt["example.com"] = []string{"v=spf1 include:_spf.example.net ~all"}
	m.txt["_spf.example.net"] = []string{"v=spf1 ip4:198.51.100.0/24 -all"}
	res := Check(context.Background(), m, netip.MustParseAddr("192.0.2.1"), "example.com", "a@example.com", "h.example.com", nil)
	if res.Status != Softfail {
		t.Fatalf("status %s", res.Status)
	}
	want := []TraceStep{
		{0, "example.com", "(record)", "v=spf1 include:_spf.example.net ~all", ""},
		{0, "example.com", "include:_spf.example.net", "evaluating _spf.example.net", ""},
		{1, "_spf.example.net", "(record)", "v=spf1 ip4:198.51.100.0/24 -all", ""},
		{1, "_spf.example.net", "ip4:198.51.100.0/24", "192.0.2.1 is not in 198.51.100.0/24", "no match"},
		{1, "_spf.example.net", "-all", "matches every address", "match → fail"},
		{0, "example.com", "include:_spf.example.net", "_spf.example.net returned fail", "no match"},
		{0, "example.com", "~all", "matches every address", "match → softfail"},
	}
	if len(res.Trace) != len(want) {
		t.Fatalf("trace:\n%s", traceText(res.Trace))
	}
	for i := range want {
		if res.Trace[i] != want[i] {
			t.Errorf("step %d = %+v, want %+v", i, res.Trace[i], want[i])
		}
	}
}

func TestCheckInitialDomain(t *testing.T) {
	m := newMem()
	for _, d := range []string{"", "localhost", "[192.0.2.1]", "a..example.com", strings.Repeat("a", 64) + ".example.com"} {
		res := Check(context.Background(), m, netip.MustParseAddr("192.0.2.1"), d, "", "helo.example.com", nil)
		if res.Status != None {
			t.Errorf("%q: %s, want none", d, res.Status)
		}
	}
	if m.queries != 0 {
		t.Errorf("%d DNS queries for malformed domains, want 0", m.queries)
	}
}

func TestCheckContextDeadline(t *testing.T) {
	srv := dnstest.New(t, "example.com. 300 IN TXT \"v=spf1 a:slow.example.com -all\"\n")
	srv.Drop("slow.example.com.")
	c := srv.Client()
	c.LookupTimeout = 200 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	res := Check(ctx, NewResolver(c), netip.MustParseAddr("192.0.2.1"), "example.com", "", "h.example.com", nil)
	if res.Status != Temperror {
		t.Fatalf("status %s, want temperror for an unanswered query\n%s", res.Status, traceText(res.Trace))
	}
}

func TestResolverErrors(t *testing.T) {
	srv := dnstest.New(t, `
example.com. 300 IN TXT "v=spf1 " "-all"
example.com. 300 IN A 192.0.2.1
odd.example.com. 300 IN TXT "caf\195\169" "\"quoted\""
`)
	srv.ServFail("broken.example.com.")
	r := NewResolver(srv.Client())
	ctx := context.Background()
	txt, err := r.LookupTXT(ctx, "example.com")
	if err != nil || len(txt) != 1 || txt[0] != "v=spf1 -all" {
		t.Errorf("TXT = %q, %v", txt, err)
	}
	txt, err = r.LookupTXT(ctx, "odd.example.com")
	if err != nil || len(txt) != 1 || txt[0] != "café\"quoted\"" {
		t.Errorf("raw bytes: TXT = %q, %v", txt, err)
	}
	if a, err := r.LookupAAAA(ctx, "example.com"); err != nil || len(a) != 0 {
		t.Errorf("NODATA: %v, %v; want empty and nil", a, err)
	}
	if _, err := r.LookupA(ctx, "nx.example.com"); !isVoid(0, err) {
		t.Errorf("NXDOMAIN: %v; want void", err)
	}
	if _, err := r.LookupA(ctx, "broken.example.com"); err == nil || isVoid(0, err) {
		t.Errorf("SERVFAIL: %v; want a temporary error", err)
	}
}
