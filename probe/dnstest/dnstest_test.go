package dnstest_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/mailpick/mailpick/probe/dnsclient"
	"github.com/mailpick/mailpick/probe/dnstest"
)

const zone = `
$ORIGIN example.org.
@              SOA ns hostmaster 1 3600 600 86400 300
@              TXT "apex"
*.wild         TXT "from wildcard"
exact.wild     TXT "exact"
www            CNAME @
sig            TXT "signed"
sig            RRSIG TXT 13 3 300 20300101000000 20200101000000 1 example.org. AAAA
`

func exchange(t *testing.T, addr, network, name string, qtype uint16, edns bool) *dns.Msg {
	t.Helper()
	m := new(dns.Msg)
	m.SetQuestion(name, qtype)
	if edns {
		m.SetEdns0(4096, true)
	}
	r, _, err := (&dns.Client{Net: network}).Exchange(m, addr)
	if err != nil {
		t.Fatalf("%s %s: %v", network, name, err)
	}
	return r
}

func TestAnswers(t *testing.T) {
	srv := dnstest.New(t, zone)
	tests := []struct {
		name    string
		qtype   uint16
		rcode   int
		answers int
		first   string // first TXT string, if any
	}{
		{"example.org.", dns.TypeTXT, dns.RcodeSuccess, 1, "apex"},
		{"EXAMPLE.org.", dns.TypeTXT, dns.RcodeSuccess, 1, "apex"},
		{"any.wild.example.org.", dns.TypeTXT, dns.RcodeSuccess, 1, "from wildcard"},
		{"exact.wild.example.org.", dns.TypeTXT, dns.RcodeSuccess, 1, "exact"},
		{"www.example.org.", dns.TypeTXT, dns.RcodeSuccess, 2, ""}, // CNAME + TXT
		{"missing.example.org.", dns.TypeTXT, dns.RcodeNameError, 0, ""},
		{"example.org.", dns.TypeMX, dns.RcodeSuccess, 0, ""},
		{"sig.example.org.", dns.TypeTXT, dns.RcodeSuccess, 2, "signed"}, // RRSIG with DO
	}
	for _, tt := range tests {
		r := exchange(t, srv.Addr, "udp", tt.name, tt.qtype, true)
		if r.Rcode != tt.rcode || len(r.Answer) != tt.answers {
			t.Errorf("%s: rcode %s, %d answers; want %s, %d", tt.name, dns.RcodeToString[r.Rcode], len(r.Answer), dns.RcodeToString[tt.rcode], tt.answers)
			continue
		}
		if tt.first != "" {
			if txt, ok := r.Answer[0].(*dns.TXT); !ok || txt.Txt[0] != tt.first || !strings.EqualFold(txt.Hdr.Name, tt.name) {
				t.Errorf("%s: answer %v, want %q owned by the query name", tt.name, r.Answer[0], tt.first)
			}
		}
		if len(r.Answer) == 0 && (len(r.Ns) != 1 || r.Ns[0].Header().Rrtype != dns.TypeSOA) {
			t.Errorf("%s: negative answer without SOA: %v", tt.name, r.Ns)
		}
	}
	// Without DO, no RRSIG.
	if r := exchange(t, srv.Addr, "tcp", "sig.example.org.", dns.TypeTXT, false); len(r.Answer) != 1 {
		t.Errorf("without DO: %d answers, want 1", len(r.Answer))
	}
}

func TestUDPTruncatesAt512WithoutEDNS(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 10; i++ {
		b.WriteString("big.example.org. TXT \"" + string(rune('a'+i)) + strings.Repeat("x", 100) + "\"\n")
	}
	srv := dnstest.New(t, b.String())
	if r := exchange(t, srv.Addr, "udp", "big.example.org.", dns.TypeTXT, false); !r.Truncated {
		t.Errorf("over 512 bytes without EDNS0: TC not set")
	}
	if r := exchange(t, srv.Addr, "tcp", "big.example.org.", dns.TypeTXT, false); r.Truncated || len(r.Answer) != 10 {
		t.Errorf("TCP answer truncated: %d answers", len(r.Answer))
	}
}

func TestDelay(t *testing.T) {
	srv := dnstest.New(t, zone)
	srv.Delay(300 * time.Millisecond)
	c := srv.Client()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.TXT(ctx, "example.org"); !errors.Is(err, dnsclient.ErrTimeout) {
		t.Errorf("delayed answer within a short deadline: %v, want timeout", err)
	}
	srv.Delay(0)
	if _, err := c.TXT(context.Background(), "example.org"); err != nil {
		t.Errorf("after Delay(0): %v", err)
	}
}

func TestBadZone(t *testing.T) {
	srv := dnstest.New(t, "")
	if err := srv.AddZone("example.org. TXT \"unterminated\n"); err == nil {
		t.Error("bad zone text accepted")
	}
}

// Start is New without a test (scripts/posturedemo): it serves until Close,
// and reports a bad zone as an error instead of failing a test.
func TestStartClose(t *testing.T) {
	if _, err := dnstest.Start("example.org. TXT \"unterminated\n"); err == nil || !strings.Contains(err.Error(), "zone") {
		t.Errorf("bad zone: %v, want a zone error", err)
	}
	srv, err := dnstest.Start(zone)
	if err != nil {
		t.Fatal(err)
	}
	if txt, err := srv.Client().TXT(context.Background(), "example.org"); err != nil || len(txt) != 1 || txt[0] != "apex" {
		t.Errorf("before Close: %q, %v", txt, err)
	}
	srv.Close()
	srv.Close() // a second Close (a deferred one after an explicit one) is harmless
	c := srv.Client()
	c.LookupTimeout = 200 * time.Millisecond
	if _, err := c.TXT(context.Background(), "example.org"); err == nil {
		t.Error("answered after Close")
	}
}
