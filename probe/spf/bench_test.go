package spf

import (
	"context"
	"net/netip"
	"testing"
)

const benchRecord = "v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.0/24 ip6:2001:db8::/32 a mx:example.com/24//64 " +
	"include:_spf.example.net exists:%{ir}.%{l1r-}.lp._spf.%{d2} redirect=_spf.example.org exp=why.%{d}"

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(benchRecord); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheck evaluates a realistic tree (two includes, a, mx, ip4/ip6)
// against an in-memory resolver, so it measures the evaluator, not DNS.
func BenchmarkCheck(b *testing.B) {
	m := newMem()
	m.txt["example.com"] = []string{"v=spf1 a mx include:_spf.example.net include:_spf.example.org ~all"}
	m.txt["_spf.example.net"] = []string{"v=spf1 ip4:198.51.100.0/24 ip4:203.0.113.0/24 ip6:2001:db8:1::/48 -all"}
	m.txt["_spf.example.org"] = []string{"v=spf1 ip4:192.0.2.0/25 ip4:192.0.2.128/26 exists:%{i}._spf.example.org -all"}
	m.a["example.com"] = addrs("192.0.2.1")
	m.mx["example.com"] = []string{"mx1.example.com", "mx2.example.com"}
	m.a["mx1.example.com"] = addrs("192.0.2.2")
	m.a["mx2.example.com"] = addrs("192.0.2.3")
	m.a["192.0.2.200._spf.example.org"] = addrs("127.0.0.2")
	ip := netip.MustParseAddr("192.0.2.200")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		res := Check(ctx, m, ip, "example.com", "alice@example.com", "mx.example.com", nil)
		if res.Status != Pass {
			b.Fatalf("status %s", res.Status)
		}
	}
}
