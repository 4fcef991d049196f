package dnsclient_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/mailpick/mailpick/probe/dnsclient"
	"github.com/mailpick/mailpick/probe/dnstest"
)

// A server that sets TC on every answer, over TCP as well, gives no
// complete answer: that is an error, never "no such record".
func TestTruncatedOverTCP(t *testing.T) {
	srv := dnstest.New(t, zone)
	srv.TruncateUDP(true)
	srv.TruncateTCP(true)
	c := srv.Client()
	ctx := context.Background()
	for _, tt := range []struct {
		name  string
		qtype uint16
	}{
		{"example.com", dns.TypeMX},
		{"example.com", dns.TypeTXT},
		{"example.com", dns.TypeDNSKEY},
		{"mx1.example.com", dns.TypeA},
		{"nope.example.com", dns.TypeTXT}, // NXDOMAIN, but the answer is cut
	} {
		_, err := c.Query(ctx, tt.name, tt.qtype, dnsclient.Flags{})
		if !errors.Is(err, dnsclient.ErrTruncated) || !dnsclient.IsUnmeasured(err) || dnsclient.IsAbsent(err) {
			t.Errorf("%s %s: err = %v, want ErrTruncated (unmeasured, not absent)", tt.name, dns.TypeToString[tt.qtype], err)
		}
	}
	var protos []string
	for _, q := range srv.Queries()[:2] {
		protos = append(protos, q.Proto)
	}
	if strings.Join(protos, ",") != "udp,tcp" {
		t.Errorf("protocols = %v, want udp then tcp", protos)
	}
	// Only TCP truncated (UDP fine): nothing to retry, the UDP answer is used.
	srv.TruncateUDP(false)
	if _, err := c.MX(ctx, "example.com"); err != nil {
		t.Errorf("complete UDP answer: %v", err)
	}
}

// copies returns the arrival times of the UDP copies of one question.
func copies(srv *dnstest.Server, name string) []time.Time {
	var at []time.Time
	for _, q := range srv.Queries() {
		if q.Proto == "udp" && q.Name == dns.Fqdn(name) {
			at = append(at, q.At)
		}
	}
	return at
}

// One, two or three lost datagrams only delay the answer.
func TestRetransmitAfterLoss(t *testing.T) {
	for _, lost := range []int{1, 2, 3} {
		srv := dnstest.New(t, zone)
		srv.LoseFirst(lost)
		c := srv.Client()
		c.Retransmit, c.LookupTimeout = 20*time.Millisecond, 0
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		txt, err := c.TXT(ctx, "example.com")
		cancel()
		if err != nil || len(txt) != 1 {
			t.Errorf("%d lost: TXT = %q, %v; want the answer after retransmission", lost, txt, err)
		}
		if n := len(copies(srv, "example.com")); n != lost+1 {
			t.Errorf("%d lost: %d copies sent, want %d", lost, n, lost+1)
		}
	}
}

// The documented schedule: waits of Retransmit, doubling up to
// MaxRetransmit, for as long as the deadline allows.
func TestRetransmitSchedule(t *testing.T) {
	srv := dnstest.New(t, zone)
	srv.Drop("silent.example.com")
	c := srv.Client()
	c.Retransmit, c.MaxRetransmit, c.LookupTimeout = 40*time.Millisecond, 160*time.Millisecond, 0
	ctx, cancel := context.WithTimeout(context.Background(), 900*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.TXT(ctx, "silent.example.com")
	if !errors.Is(err, dnsclient.ErrTimeout) {
		t.Fatalf("err = %v, want timeout", err)
	}
	if took := time.Since(start); took < 850*time.Millisecond || took > 1500*time.Millisecond {
		t.Errorf("gave up after %v, want at the 900 ms deadline", took)
	}
	time.Sleep(50 * time.Millisecond) // the last copy may still be on its way
	at := copies(srv, "silent.example.com")
	// Sent at 0, 40, 120, 280, 440, 600, 760 ms: gaps 40, 80, 160, 160, …
	want := []time.Duration{40, 80, 160, 160, 160, 160}
	if len(at) < 5 || len(at) > len(want)+1 {
		t.Fatalf("%d copies in 900 ms, want about %d", len(at), len(want)+1)
	}
	for i := 1; i < len(at); i++ {
		gap, w := at[i].Sub(at[i-1]), want[i-1]*time.Millisecond
		if gap < w-10*time.Millisecond || gap > w+120*time.Millisecond {
			t.Errorf("gap %d = %v, want about %v", i, gap, w)
		}
	}
	// Nothing is sent after the lookup gave up.
	time.Sleep(300 * time.Millisecond)
	if n := len(copies(srv, "silent.example.com")); n != len(at) {
		t.Errorf("%d copies after the lookup ended, %d before", n, len(at))
	}
}

// An answer to an earlier copy counts: a slow server is not punished by
// the retransmissions it provokes.
func TestLateAnswerToEarlierCopy(t *testing.T) {
	srv := dnstest.New(t, zone)
	srv.Delay(300 * time.Millisecond)
	c := srv.Client()
	c.Retransmit = 50 * time.Millisecond
	start := time.Now()
	if _, err := c.MX(context.Background(), "example.com"); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 450*time.Millisecond {
		t.Errorf("answered after %v; the first copy's answer came at 300 ms", took)
	}
	if n := len(copies(srv, "example.com")); n < 3 {
		t.Errorf("%d copies, want retransmissions while waiting", n)
	}
}

// Copies rotate over the servers: a silent first server costs one wait.
func TestRetransmitRotatesServers(t *testing.T) {
	silent := dnstest.New(t, zone)
	silent.Drop("example.com")
	good := dnstest.New(t, zone)
	c := dnsclient.New(silent.Addr, good.Addr)
	c.Retransmit = 50 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	ans, err := c.Query(ctx, "example.com", dns.TypeMX, dnsclient.Flags{})
	if err != nil || ans.Server != good.Addr {
		t.Fatalf("answer %v from %v; want the second server's", err, ans)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("took %v", took)
	}
}

// A closed port (ICMP port unreachable) fails at once instead of waiting
// for the deadline, and the next server is asked.
func TestClosedPort(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := pc.LocalAddr().String()
	pc.Close()
	c := dnsclient.New(closed)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	_, err = c.TXT(ctx, "example.com")
	if !errors.Is(err, dnsclient.ErrFailed) || time.Since(start) > time.Second {
		t.Errorf("closed port: %v after %v, want ErrFailed at once", err, time.Since(start))
	}
	good := dnstest.New(t, zone)
	c = dnsclient.New(closed, good.Addr)
	if _, err := c.TXT(ctx, "example.com"); err != nil {
		t.Errorf("closed port, then a good server: %v", err)
	}
}

// A response to another question with the right ID (a forgery, or a late
// answer to an earlier query) is ignored; the real answer is awaited.
func TestMismatchedResponseIgnored(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go func() {
		buf := make([]byte, 4096)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			req := new(dns.Msg)
			if req.Unpack(buf[:n]) != nil {
				continue
			}
			forged := new(dns.Msg)
			forged.SetQuestion("evil.example.", dns.TypeTXT)
			forged.Id, forged.Response = req.Id, true
			forged.Answer = []dns.RR{&dns.TXT{Hdr: dns.RR_Header{Name: "evil.example.", Rrtype: dns.TypeTXT, Class: dns.ClassINET, Ttl: 1}, Txt: []string{"forged"}}}
			b, _ := forged.Pack()
			pc.WriteTo(b, from)
			time.Sleep(20 * time.Millisecond)
			real := new(dns.Msg)
			real.SetReply(req)
			real.Answer = []dns.RR{&dns.TXT{Hdr: dns.RR_Header{Name: req.Question[0].Name, Rrtype: dns.TypeTXT, Class: dns.ClassINET, Ttl: 1}, Txt: []string{"real"}}}
			b, _ = real.Pack()
			pc.WriteTo(b, from)
		}
	}()
	c := dnsclient.New(pc.LocalAddr().String())
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	txt, err := c.TXT(ctx, "example.com")
	if err != nil || len(txt) != 1 || txt[0] != "real" {
		t.Errorf("TXT = %q, %v; want the real answer", txt, err)
	}
}

func TestSessionAsksOnce(t *testing.T) {
	srv := dnstest.New(t, zone)
	srv.Delay(50 * time.Millisecond)
	s := srv.Client().Session()
	defer s.Close()
	ctx := context.Background()
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if _, err := s.MX(ctx, "example.com"); err != nil {
				t.Error(err)
			}
		})
		wg.Go(func() {
			// Same question with other DO/AD bits: one answer serves both.
			if _, err := s.Query(ctx, "EXAMPLE.com.", dns.TypeMX, dnsclient.Flags{DO: true, AD: true}); err != nil {
				t.Error(err)
			}
		})
		wg.Go(func() {
			if _, err := s.TXT(ctx, "nope.example.com"); !errors.Is(err, dnsclient.ErrNXDomain) {
				t.Errorf("NXDOMAIN: %v", err)
			}
		})
	}
	wg.Wait()
	// CD asks for other data (unvalidated), so it is another question.
	if _, err := s.Query(ctx, "example.com", dns.TypeMX, dnsclient.Flags{CD: true}); err != nil {
		t.Error(err)
	}
	if _, err := s.MX(ctx, "example.com"); err != nil {
		t.Error(err)
	}
	count := map[string]int{}
	for _, q := range srv.Queries() {
		count[q.Name+" "+dns.TypeToString[q.Type]]++
		if !q.DO || !q.AD {
			t.Errorf("%s %s sent without DO and AD", q.Name, dns.TypeToString[q.Type])
		}
	}
	want := map[string]int{"example.com. MX": 2, "nope.example.com. TXT": 1}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("%s asked %d times, want %d", k, count[k], n)
		}
	}
	if s.Asked() != 3 {
		t.Errorf("Asked() = %d, want 3", s.Asked())
	}
}

// A lookup cut short by its caller's deadline is not remembered: a caller
// with time left gets the answer.
func TestSessionCutLookupAskedAgain(t *testing.T) {
	srv := dnstest.New(t, zone)
	srv.Delay(200 * time.Millisecond)
	s := srv.Client().Session()
	defer s.Close()
	short, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	var wg sync.WaitGroup
	var waiterErr error
	wg.Go(func() {
		if _, err := s.MX(short, "example.com"); !errors.Is(err, dnsclient.ErrTimeout) {
			t.Errorf("short deadline: %v, want timeout", err)
		}
	})
	time.Sleep(10 * time.Millisecond)
	wg.Go(func() { _, waiterErr = s.MX(context.Background(), "example.com") })
	wg.Wait()
	if waiterErr != nil {
		t.Errorf("caller with time left: %v", waiterErr)
	}
	if _, err := s.MX(context.Background(), "example.com"); err != nil {
		t.Errorf("after: %v", err)
	}
}

func TestSessionClose(t *testing.T) {
	srv := dnstest.New(t, zone)
	s := srv.Client().Session()
	if _, err := s.MX(context.Background(), "example.com"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := s.TXT(context.Background(), "example.com"); !errors.Is(err, dnsclient.ErrFailed) {
		t.Errorf("after Close: %v, want ErrFailed", err)
	}
	if err := srv.Client().Close(); err != nil {
		t.Errorf("Close outside a session: %v", err)
	}
}

func TestParseResolver(t *testing.T) {
	for _, tt := range []struct {
		in, want string
	}{
		{"127.0.0.1:5353", "127.0.0.1:5353"},
		{"127.0.0.1", "127.0.0.1:53"},
		{"::1", "[::1]:53"},
		{"[::1]:53", "[::1]:53"},
		{"[2001:db8::53]:5300", "[2001:db8::53]:5300"},
		{"dns.example.net:53", "dns.example.net:53"},
		{"resolver.local", "resolver.local:53"},
		{"not a host:xx", ""},
		{"127.0.0.1:99999", ""},
		{"127.0.0.1:0", ""},
		{"127.0.0.1:-1", ""},
		{"127.0.0.1:", ""},
		{":53", ""},
		{"-bad.example:53", ""},
		{"bad_host:53", ""},
		{"[fe80::1%eth0]:53", ""},
		{"1.2.3.4:53:53", ""},
	} {
		got, err := dnsclient.ParseResolver(tt.in)
		if tt.want == "" {
			if err == nil || !errors.Is(err, dnsclient.ErrBadResolver) {
				t.Errorf("ParseResolver(%q) = %q, %v; want ErrBadResolver", tt.in, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseResolver(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}
