package dnsclient_test

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/mailpick/mailpick/probe/dnsclient"
	"github.com/mailpick/mailpick/probe/dnstest"
)

const zone = `
$ORIGIN example.com.
@        SOA ns.example.com. hostmaster.example.com. 1 3600 600 86400 300
@        MX 10 mx1
@        MX 20 mx2
@        TXT "v=spf1 " "-all"
mx1      A 192.0.2.1
mx1      AAAA 2001:db8::1
mx2      CNAME mx1
_25._tcp.mx1 TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
_submission._tcp SRV 0 1 587 mail
@        DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==
@        RRSIG DNSKEY 13 2 300 20300101000000 20200101000000 12345 example.com. AAAA
1.2.0.192.in-addr.arpa. PTR mx1.example.com.
`

func TestLookups(t *testing.T) {
	srv := dnstest.New(t, zone)
	c := srv.Client()
	ctx := context.Background()

	txt, err := c.TXT(ctx, "example.com")
	if err != nil || len(txt) != 1 || txt[0] != "v=spf1 -all" {
		t.Errorf("TXT = %q, %v; want the two strings joined", txt, err)
	}
	mx, err := c.MX(ctx, "example.com")
	if err != nil || len(mx) != 2 {
		t.Fatalf("MX = %v, %v", mx, err)
	}
	a, err := c.A(ctx, "mx2.example.com") // through the CNAME
	if err != nil || len(a) != 1 || a[0] != netip.MustParseAddr("192.0.2.1") {
		t.Errorf("A via CNAME = %v, %v", a, err)
	}
	aaaa, err := c.AAAA(ctx, "mx1.example.com")
	if err != nil || len(aaaa) != 1 || aaaa[0] != netip.MustParseAddr("2001:db8::1") {
		t.Errorf("AAAA = %v, %v", aaaa, err)
	}
	target, err := c.CNAME(ctx, "mx2.example.com")
	if err != nil || target != "mx1.example.com." {
		t.Errorf("CNAME = %q, %v", target, err)
	}
	ptr, err := c.PTR(ctx, netip.MustParseAddr("192.0.2.1"))
	if err != nil || len(ptr) != 1 || ptr[0] != "mx1.example.com." {
		t.Errorf("PTR = %v, %v", ptr, err)
	}
	srv2, err := c.SRV(ctx, "_submission._tcp.example.com")
	if err != nil || len(srv2) != 1 || srv2[0].Port != 587 {
		t.Errorf("SRV = %v, %v", srv2, err)
	}
	tlsa, secure, err := c.TLSA(ctx, "_25._tcp.mx1.example.com")
	if err != nil || len(tlsa) != 1 || secure {
		t.Errorf("TLSA = %v, secure %v, %v; want one insecure record", tlsa, secure, err)
	}
	keys, sigs, _, err := c.DNSKEY(ctx, "example.com")
	if err != nil || len(keys) != 1 || len(sigs) != 1 {
		t.Errorf("DNSKEY = %d keys, %d sigs, %v; want 1 and 1 (DO set)", len(keys), len(sigs), err)
	}
}

func TestTXTBytes(t *testing.T) {
	srv := dnstest.New(t, `odd.example.com. TXT "caf\195\169 \"q\" back\\slash\007"`)
	txt, err := srv.Client().TXT(context.Background(), "odd.example.com")
	if err != nil || len(txt) != 1 || txt[0] != "café \"q\" back\\slash\a" {
		t.Errorf("TXT = %q, %v; want the wire bytes, not presentation escapes", txt, err)
	}
}

func TestErrorKinds(t *testing.T) {
	srv := dnstest.New(t, zone)
	srv.ServFail("broken.example.com")
	srv.Drop("silent.example.com")
	c := srv.Client()
	c.LookupTimeout = 200 * time.Millisecond

	tests := []struct {
		name       string
		qtype      uint16
		kind       error
		absent     bool
		unmeasured bool
	}{
		{"nope.example.com", dns.TypeTXT, dnsclient.ErrNXDomain, true, false},
		{"mx1.example.com", dns.TypeTXT, dnsclient.ErrNoData, true, false},
		{"_tcp.example.com", dns.TypeTXT, dnsclient.ErrNoData, true, false}, // empty non-terminal
		{"broken.example.com", dns.TypeTXT, dnsclient.ErrServFail, false, true},
		{"silent.example.com", dns.TypeTXT, dnsclient.ErrTimeout, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Query(context.Background(), tt.name, tt.qtype, dnsclient.Flags{})
			if !errors.Is(err, tt.kind) {
				t.Fatalf("err = %v, want %v", err, tt.kind)
			}
			if dnsclient.IsAbsent(err) != tt.absent || dnsclient.IsUnmeasured(err) != tt.unmeasured {
				t.Errorf("IsAbsent=%v IsUnmeasured=%v, want %v %v", dnsclient.IsAbsent(err), dnsclient.IsUnmeasured(err), tt.absent, tt.unmeasured)
			}
			var e *dnsclient.Error
			if !errors.As(err, &e) || e.Server != srv.Addr {
				t.Errorf("error does not name the server: %#v", err)
			}
		})
	}
}

func TestContextDeadline(t *testing.T) {
	srv := dnstest.New(t, zone)
	srv.Drop("silent.example.com")
	c := srv.Client()
	c.LookupTimeout = time.Hour
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.TXT(ctx, "silent.example.com")
	if !errors.Is(err, dnsclient.ErrTimeout) {
		t.Fatalf("err = %v, want timeout from the context deadline", err)
	}
}

func TestTCPFallback(t *testing.T) {
	srv := dnstest.New(t, zone)
	srv.TruncateUDP(true)
	txt, err := srv.Client().TXT(context.Background(), "example.com")
	if err != nil || len(txt) != 1 {
		t.Fatalf("TXT = %v, %v", txt, err)
	}
	var protos []string
	for _, q := range srv.Queries() {
		protos = append(protos, q.Proto)
	}
	if strings.Join(protos, ",") != "udp,tcp" {
		t.Errorf("protocols = %v, want udp then tcp", protos)
	}
}

func TestLargeAnswerNeedsEDNS(t *testing.T) {
	// 25 TXT records of 100 bytes exceed 512 bytes but fit in 4096.
	var b strings.Builder
	for i := 0; i < 25; i++ {
		fmt.Fprintf(&b, "big.example.com. TXT \"%03d%s\"\n", i, strings.Repeat("x", 97))
	}
	srv := dnstest.New(t, b.String())
	txt, err := srv.Client().TXT(context.Background(), "big.example.com")
	if err != nil || len(txt) != 25 {
		t.Fatalf("got %d records, %v; want 25", len(txt), err)
	}
	for _, q := range srv.Queries() {
		if q.Proto != "udp" {
			t.Errorf("fell back to %s; the 4096-byte EDNS0 buffer should have sufficed", q.Proto)
		}
	}
}

func TestLimits(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&b, "many.example.com. A 192.0.2.%d\n", i+1)
	}
	srv := dnstest.New(t, b.String())
	c := srv.Client()
	c.MaxRecords = 10
	if _, err := c.A(context.Background(), "many.example.com"); !errors.Is(err, dnsclient.ErrFailed) {
		t.Errorf("20 records with MaxRecords 10: err = %v, want ErrFailed", err)
	}
	c.MaxRecords, c.MaxResponse = 0, 100
	if _, err := c.A(context.Background(), "many.example.com"); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("oversized response: err = %v, want a limit error", err)
	}
}

func TestFlags(t *testing.T) {
	srv := dnstest.New(t, zone+"bad.example.com. TXT \"x\"\n")
	srv.Secure("example.com")
	srv.Bogus("bad.example.com")
	c := srv.Client()
	ctx := context.Background()

	ans, err := c.Query(ctx, "example.com", dns.TypeMX, dnsclient.Flags{AD: true})
	if err != nil || !ans.Secure {
		t.Errorf("secure zone: Secure = %v, %v; want true", ans != nil && ans.Secure, err)
	}
	if _, err := c.Query(ctx, "bad.example.com", dns.TypeTXT, dnsclient.Flags{}); !errors.Is(err, dnsclient.ErrServFail) {
		t.Errorf("bogus without CD: %v, want SERVFAIL", err)
	}
	ans, err = c.Query(ctx, "bad.example.com", dns.TypeTXT, dnsclient.Flags{CD: true})
	if err != nil || ans.Secure {
		t.Errorf("bogus with CD: %v, secure=%v; want an insecure answer", err, ans != nil && ans.Secure)
	}
	qs := srv.Queries()
	if last := qs[len(qs)-1]; !last.CD {
		t.Errorf("CD bit not sent")
	}
}

func TestFailover(t *testing.T) {
	dead := dnstest.New(t, "")
	dead.ServFail("example.com")
	good := dnstest.New(t, zone)
	c := dnsclient.New(dead.Addr, good.Addr)
	if _, err := c.MX(context.Background(), "example.com"); err != nil {
		t.Fatalf("second server not tried: %v", err)
	}
}

func TestSystem(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "resolv.conf")
	os.WriteFile(path, []byte("nameserver 192.0.2.53\nnameserver 2001:db8::53\noptions timeout:1\n"), 0o644)
	c, err := dnsclient.FromResolvConf(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.Servers, " "); got != "192.0.2.53:53 [2001:db8::53]:53" {
		t.Errorf("servers = %q", got)
	}
	if c.LookupTimeout != 0 || c.Retransmit != dnsclient.DefaultRetransmit {
		t.Errorf("lookup timeout %v, retransmit %v: resolv.conf's timeout must not cap a lookup below the caller's deadline", c.LookupTimeout, c.Retransmit)
	}
	os.WriteFile(path, []byte("search example.com\n"), 0o644)
	if _, err := dnsclient.FromResolvConf(path); err == nil || !strings.Contains(err.Error(), "--resolver") {
		t.Errorf("no nameserver: err = %v, want a hint about --resolver", err)
	}
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"127.0.0.1:5353", "127.0.0.1:5353", true},
		{"127.0.0.1", "127.0.0.1:53", true},
		{"::1", "[::1]:53", true},
		{"[::1]:53", "[::1]:53", true},
		{":53", "", false},
	} {
		c, err := dnsclient.System(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("System(%q) err = %v", tt.in, err)
			continue
		}
		if tt.ok && c.Servers[0] != tt.want {
			t.Errorf("System(%q) = %q, want %q", tt.in, c.Servers[0], tt.want)
		}
	}
}

func TestInvalidName(t *testing.T) {
	c := dnsclient.New("127.0.0.1:1")
	if _, err := c.TXT(context.Background(), strings.Repeat("a", 64)+".com"); !errors.Is(err, dnsclient.ErrFailed) {
		t.Errorf("label over 63 octets: %v", err)
	}
}

func BenchmarkTXT(b *testing.B) {
	srv := dnstest.New(b, zone)
	c := srv.Client()
	ctx := context.Background()
	for b.Loop() {
		if _, err := c.TXT(ctx, "example.com"); err != nil {
			b.Fatal(err)
		}
	}
}
