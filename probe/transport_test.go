package probe

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mailpick/mailpick/probe/dane"
	"github.com/mailpick/mailpick/probe/dnstest"
	"github.com/mailpick/mailpick/probe/smtp/smtptest"
	"github.com/mailpick/mailpick/probe/tlsprobe/tlstest"
)

// fakeNet routes "address:port" to local test servers; every other
// destination behaves as configured by miss (refused, timeout, no route).
type fakeNet struct {
	routes map[string]string
	miss   map[string]string // address:port → "refused" | "timeout" | "unreachable"
}

func (f *fakeNet) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	if to, ok := f.routes[addr]; ok {
		var d net.Dialer
		return d.DialContext(ctx, network, to)
	}
	switch f.miss[addr] {
	case "timeout":
		<-ctx.Done()
		return nil, &net.OpError{Op: "dial", Net: network, Err: ctx.Err()}
	case "unreachable":
		return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ENETUNREACH}
	}
	return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
}

// smtpServer starts s and routes addr:port to it; it also asserts, at the
// end of the test, that the probe never began a mail transaction.
func (f *fakeNet) serve(t *testing.T, addr, port string, s *smtptest.Server) {
	t.Helper()
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Close()
		for _, l := range s.Received() {
			v, _, _ := strings.Cut(strings.ToUpper(l), " ")
			if v != "EHLO" && v != "STARTTLS" && v != "QUIT" {
				t.Errorf("probe sent %q to %s", l, addr)
			}
		}
	})
	f.routes[net.JoinHostPort(addr, port)] = "127.0.0.1:" + s.Port()
}

func newNet() *fakeNet { return &fakeNet{routes: map[string]string{}, miss: map[string]string{}} }

func findCheck(t *testing.T, checks []Check, id, targetPart string) Check {
	t.Helper()
	for _, c := range checks {
		if c.ID == id && strings.Contains(c.Target, targetPart) {
			return c
		}
	}
	t.Fatalf("no %s check for %q in %v", id, targetPart, ids(checks))
	return Check{}
}

func ids(cs []Check) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID+"@"+c.Target+"="+string(c.Status))
	}
	return out
}

// assertFix: every warn and fail says how to fix it.
func assertFix(t *testing.T, checks []Check) {
	t.Helper()
	for _, c := range checks {
		if (c.Status == Warn || c.Status == Fail) && c.Fix == "" {
			t.Errorf("%s %s is %s without a fix: %s", c.ID, c.Target, c.Status, c.Summary)
		}
		if c.Summary == "" {
			t.Errorf("%s %s has no summary", c.ID, c.Target)
		}
	}
}

func TestSMTPChecks(t *testing.T) {
	ca := tlstest.NewCA()
	const mxHost = "mx.example.test"
	good := ca.Leaf(tlstest.Opts{Names: []string{mxHost}})
	expired := ca.Leaf(tlstest.Opts{Names: []string{mxHost}, NotBefore: time.Now().AddDate(0, 0, -100), NotAfter: time.Now().AddDate(0, 0, -2)})
	soon := ca.Leaf(tlstest.Opts{Names: []string{mxHost}, NotAfter: time.Now().AddDate(0, 0, 7)})
	wrong := ca.Leaf(tlstest.Opts{Names: []string{"other.test"}})
	self := tlstest.SelfSigned(tlstest.Opts{Names: []string{mxHost}})
	weak := ca.Leaf(tlstest.Opts{Names: []string{mxHost}, RSABits: 1024})

	type want map[string]Status
	tests := []struct {
		name string
		srv  *smtptest.Server // at 192.0.2.1; nil: use miss
		miss string           // how 192.0.2.1 fails when srv is nil
		// second address 2001:db8::1: nil and miss2 "" means no IPv6 address.
		srv2  *smtptest.Server
		miss2 string
		want  want // for 192.0.2.1
		want2 want // for 2001:db8::1
		sub   map[string]string
	}{
		{name: "all good", srv: &smtptest.Server{Cert: &good},
			want: want{"smtp.connect": Pass, "smtp.starttls": Pass, "smtp.tls_version": Pass, "smtp.certificate": Pass}},
		{name: "expired", srv: &smtptest.Server{Cert: &expired},
			want: want{"smtp.starttls": Pass, "smtp.certificate": Fail}, sub: map[string]string{"smtp.certificate": "expired"}},
		{name: "expiring soon", srv: &smtptest.Server{Cert: &soon},
			want: want{"smtp.certificate": Warn}, sub: map[string]string{"smtp.certificate": "expires in"}},
		{name: "wrong name", srv: &smtptest.Server{Cert: &wrong},
			want: want{"smtp.certificate": Fail}, sub: map[string]string{"smtp.certificate": "host name"}},
		{name: "self-signed", srv: &smtptest.Server{Cert: &self},
			want: want{"smtp.certificate": Fail}, sub: map[string]string{"smtp.certificate": "self-signed"}},
		{name: "weak key", srv: &smtptest.Server{Cert: &weak},
			want: want{"smtp.certificate": Fail}, sub: map[string]string{"smtp.certificate": "too weak"}},
		{name: "accepts tls 1.0", srv: &smtptest.Server{Cert: &good, MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS13},
			want: want{"smtp.tls_version": Warn, "smtp.certificate": Pass}, sub: map[string]string{"smtp.tls_version": "still accepts TLS 1.1"}},
		{name: "tls 1.0 only", srv: &smtptest.Server{Cert: &good, MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS10},
			want: want{"smtp.starttls": Pass, "smtp.tls_version": Fail, "smtp.certificate": Skip}, sub: map[string]string{"smtp.tls_version": "only TLS 1.0"}},
		{name: "no starttls", srv: &smtptest.Server{Cert: &good, Behaviour: smtptest.NoSTARTTLS},
			want: want{"smtp.connect": Pass, "smtp.starttls": Fail, "smtp.tls_version": Skip, "smtp.certificate": Skip}},
		{name: "drops after ehlo", srv: &smtptest.Server{Cert: &good, Behaviour: smtptest.DropAfterEHLO},
			want: want{"smtp.connect": Pass, "smtp.starttls": Error, "smtp.tls_version": Skip}},
		// A timeout is not a verdict: error, with the time limit named.
		{name: "no banner", srv: &smtptest.Server{Behaviour: smtptest.NoBanner},
			want: want{"smtp.connect": Error, "smtp.starttls": Skip, "smtp.tls_version": Skip, "smtp.certificate": Skip},
			sub:  map[string]string{"smtp.connect": "no complete greeting within the time limit (300ms); not measured"}},
		{name: "banner one byte per second", srv: &smtptest.Server{Cert: &good, Behaviour: smtptest.SlowBanner},
			want: want{"smtp.connect": Error, "smtp.starttls": Skip, "smtp.certificate": Skip},
			sub:  map[string]string{"smtp.connect": "within the time limit (300ms)"}},
		{name: "banner just fast enough", srv: &smtptest.Server{Cert: &good, Behaviour: smtptest.SlowBanner, Trickle: time.Millisecond},
			want: want{"smtp.connect": Pass, "smtp.starttls": Pass}},
		{name: "silent after EHLO", srv: &smtptest.Server{Cert: &good, Behaviour: smtptest.SilentAfterEHLO},
			want: want{"smtp.connect": Pass, "smtp.starttls": Error, "smtp.tls_version": Skip},
			sub:  map[string]string{"smtp.starttls": "did not answer EHLO within the time limit (300ms)"}},
		{name: "silent after STARTTLS", srv: &smtptest.Server{Cert: &good, Behaviour: smtptest.SilentAfterSTARTTLS},
			want: want{"smtp.connect": Pass, "smtp.starttls": Error, "smtp.tls_version": Skip, "smtp.certificate": Skip},
			sub:  map[string]string{"smtp.starttls": "did not answer STARTTLS within the time limit (300ms)"}},
		{name: "STARTTLS handshake stalls", srv: &smtptest.Server{Cert: &good, Behaviour: smtptest.StallHandshake},
			want: want{"smtp.connect": Pass, "smtp.starttls": Error, "smtp.tls_version": Skip, "smtp.certificate": Skip},
			sub:  map[string]string{"smtp.starttls": "TLS handshake did not complete within the time limit (300ms)"}},
		{name: "one address times out", srv: &smtptest.Server{Cert: &good}, miss2: "timeout",
			want: want{"smtp.connect": Pass}, want2: want{"smtp.connect": Error, "smtp.starttls": Skip}},
		{name: "554 greeting", srv: &smtptest.Server{Behaviour: smtptest.RejectBanner},
			want: want{"smtp.connect": Fail}, sub: map[string]string{"smtp.connect": "554"}},
		{name: "garbage", srv: &smtptest.Server{Behaviour: smtptest.Garbage},
			want: want{"smtp.connect": Fail}},
		{name: "port 25 blocked", miss: "timeout", miss2: "timeout",
			want: want{"smtp.connect": Error, "smtp.starttls": Skip}, want2: want{"smtp.connect": Error},
			sub: map[string]string{"smtp.connect": "port 25 appears blocked"}},
		{name: "port 25 refused everywhere", miss: "refused",
			want: want{"smtp.connect": Error}, sub: map[string]string{"smtp.connect": "--no-connect"}},
		{name: "one address down", srv: &smtptest.Server{Cert: &good}, miss2: "refused",
			want: want{"smtp.connect": Pass}, want2: want{"smtp.connect": Fail, "smtp.starttls": Skip}},
		{name: "no ipv6 route here", srv: &smtptest.Server{Cert: &good}, miss2: "unreachable",
			want: want{"smtp.connect": Pass}, want2: want{"smtp.connect": Error}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fn := newNet()
			addrs := []string{"192.0.2.1"}
			if tt.srv != nil {
				fn.serve(t, "192.0.2.1", "25", tt.srv)
			} else {
				fn.miss["192.0.2.1:25"] = tt.miss
			}
			if tt.srv2 != nil || tt.miss2 != "" {
				addrs = append(addrs, "2001:db8::1", "2001:db8::2") // the second v6 must be ignored
				if tt.srv2 != nil {
					fn.serve(t, "2001:db8::1", "25", tt.srv2)
				} else {
					fn.miss["[2001:db8::1]:25"] = tt.miss2
				}
			}
			tr := &Transport{Dial: fn.dial, Timeout: 300 * time.Millisecond, Roots: ca.Pool(), HelloName: "probe.test"}
			checks := tr.Checks(context.Background(), "example.test", []MXHost{{Host: mxHost + ".", Preference: 10, Addresses: addrs}})
			for id, st := range tt.want {
				c := findCheck(t, checks, id, "192.0.2.1")
				if c.Status != st {
					t.Errorf("%s = %s (%s), want %s", id, c.Status, c.Summary, st)
				}
				if s := tt.sub[id]; s != "" && !strings.Contains(c.Summary, s) {
					t.Errorf("%s summary %q lacks %q", id, c.Summary, s)
				}
			}
			for id, st := range tt.want2 {
				c := findCheck(t, checks, id, "2001:db8::1")
				if c.Status != st {
					t.Errorf("v6 %s = %s (%s), want %s", id, c.Status, c.Summary, st)
				}
				if c.Status == Error && tt.miss2 == "timeout" && !strings.Contains(c.Summary, "time limit (300ms)") {
					t.Errorf("v6 %s summary %q does not name the time limit", id, c.Summary)
				}
			}
			if c := findCheck(t, checks, "smtp.starttls", "192.0.2.1"); c.Status == Fail && tt.srv != nil && c.Details["dialogue"] == nil {
				t.Errorf("failed smtp.starttls without the dialogue in details")
			}
			for _, c := range checks {
				if strings.Contains(c.Target, "2001:db8::2") {
					t.Errorf("probed a second address of the same family: %s", c.Target)
				}
			}
			assertFix(t, checks)
		})
	}
}

func TestMXTargets(t *testing.T) {
	mx := []MXHost{
		{Host: "b.test.", Preference: 20, Addresses: []string{"192.0.2.2"}},
		{Host: "a.test.", Preference: 10, Addresses: []string{"2001:db8::1", "192.0.2.1", "192.0.2.9", "::ffff:192.0.2.8", "bogus"}},
		{Host: "A.test", Preference: 30, Addresses: []string{"192.0.2.3"}},
	}
	targets, hosts := mxTargets(mx)
	got := fmt.Sprint(targets)
	if got != "[{a.test 2001:db8::1} {a.test 192.0.2.1} {b.test 192.0.2.2}]" || fmt.Sprint(hosts) != "[a.test b.test]" {
		t.Errorf("targets %s hosts %v", got, hosts)
	}
	var many []MXHost
	for i := range 50 {
		many = append(many, MXHost{Host: fmt.Sprintf("mx%d.test", i), Addresses: []string{"192.0.2.1"}})
	}
	if _, hosts := mxTargets(many); len(hosts) != MaxMXProbed {
		t.Errorf("probed %d MX hosts, want at most %d", len(hosts), MaxMXProbed)
	}
}

func TestDANECheck(t *testing.T) {
	ca := tlstest.NewCA()
	const mxHost = "mx.example.test"
	good := ca.Leaf(tlstest.Opts{Names: []string{mxHost}})
	other := ca.Leaf(tlstest.Opts{Names: []string{mxHost}})
	rec := func(c tls.Certificate, usage int) string {
		return fmt.Sprintf("_25._tcp.%s. 300 IN TLSA %d 1 1 %s", mxHost, usage, dane.Suggest("x", c.Leaf)[len("x. IN TLSA 3 1 1 "):])
	}
	tests := []struct {
		name     string
		zone     string
		secure   bool
		servfail bool
		noSMTP   bool
		status   Status
		sub      string
	}{
		{name: "absent", zone: "", status: Info},
		{name: "match", zone: rec(good, 3), secure: true, status: Pass},
		{name: "no match", zone: rec(other, 3), secure: true, status: Fail, sub: "do not match"},
		{name: "only pkix usage", zone: rec(good, 1), secure: true, status: Fail, sub: "usable"},
		{name: "not validated", zone: rec(good, 3), secure: false, status: Warn, sub: "not DNSSEC-validated"},
		{name: "servfail is not absent", zone: rec(good, 3), secure: true, servfail: true, status: Error, sub: "SERVFAIL"},
		{name: "no certificate to compare", zone: rec(good, 3), secure: true, noSMTP: true, status: Error},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := dnstest.New(t, "example.test. 300 IN SOA ns.example.test. h.example.test. 1 2 3 4 5\n"+tt.zone)
			if tt.secure {
				d.Secure("example.test")
			}
			if tt.servfail {
				d.ServFail("_25._tcp." + mxHost)
			}
			fn := newNet()
			if !tt.noSMTP {
				fn.serve(t, "192.0.2.1", "25", &smtptest.Server{Cert: &good})
			}
			tr := &Transport{DNS: d.Client(), Dial: fn.dial, Timeout: 2 * time.Second, Roots: ca.Pool()}
			checks := tr.Checks(context.Background(), "example.test", []MXHost{{Host: mxHost, Addresses: []string{"192.0.2.1"}}})
			c := findCheck(t, checks, "dane.tlsa", mxHost)
			if c.Status != tt.status || !strings.Contains(c.Summary, tt.sub) {
				t.Errorf("got %s %q, want %s containing %q", c.Status, c.Summary, tt.status, tt.sub)
			}
			if c.Status == Fail && !strings.Contains(c.Fix, "TLSA 3 1 1 ") {
				t.Errorf("fix %q does not give the record to publish", c.Fix)
			}
			assertFix(t, checks)
		})
	}
}

func TestClientChecks(t *testing.T) {
	ca := tlstest.NewCA()
	good := ca.Leaf(tlstest.Opts{Names: []string{"mail.example.test"}})
	soon := ca.Leaf(tlstest.Opts{Names: []string{"mail.example.test"}, NotAfter: time.Now().AddDate(0, 0, 3)})
	const soa = "example.test. 300 IN SOA ns.example.test. h.example.test. 1 2 3 4 5\n"
	const srv = `_submissions._tcp.example.test. 300 IN SRV 0 1 465 mail.example.test.
_submission._tcp.example.test. 300 IN SRV 0 1 587 mail.example.test.
_imaps._tcp.example.test. 300 IN SRV 0 1 993 mail.example.test.
mail.example.test. 300 IN A 192.0.2.10
`
	type key struct{ id, target string }
	tests := []struct {
		name        string
		zone        string
		servfail    string
		clientHosts []string
		servers     map[string]*smtptest.Server // port → server at 192.0.2.10
		miss        map[string]string           // 192.0.2.10:port → how a dial fails
		imapCert    *tls.Certificate
		timeout     time.Duration // 0: 2 s
		want        map[key]Status
		sub         map[key]string
	}{
		{name: "srv all good", zone: srv,
			servers:  map[string]*smtptest.Server{"465": {Cert: &good, Behaviour: smtptest.ImplicitTLS}, "587": {Cert: &good}},
			imapCert: &good,
			want:     map[key]Status{{"client.submission", ":465"}: Pass, {"client.submission", ":587"}: Pass, {"client.imap", ":993"}: Pass}},
		{name: "expiring and no starttls", zone: srv,
			servers:  map[string]*smtptest.Server{"465": {Cert: &soon, Behaviour: smtptest.ImplicitTLS}, "587": {Cert: &good, Behaviour: smtptest.NoSTARTTLS}},
			imapCert: &soon,
			want:     map[key]Status{{"client.submission", ":465"}: Warn, {"client.submission", ":587"}: Fail, {"client.imap", ":993"}: Warn}},
		{name: "srv target refuses", zone: srv,
			want: map[key]Status{{"client.submission", ":465"}: Fail, {"client.imap", ":993"}: Fail}},
		{name: "no srv", zone: "",
			want: map[key]Status{{"client.submission", "example.test"}: Skip, {"client.imap", "example.test"}: Skip}},
		{name: "srv servfail", zone: srv, servfail: "_imaps._tcp.example.test",
			servers: map[string]*smtptest.Server{"465": {Cert: &good, Behaviour: smtptest.ImplicitTLS}, "587": {Cert: &good}},
			want:    map[key]Status{{"client.imap", "_imaps._tcp"}: Error, {"client.submission", ":465"}: Pass}},
		{name: "submissions srv servfail", zone: srv, servfail: "_submissions._tcp.example.test",
			want: map[key]Status{{"client.submission", "_submissions._tcp"}: Error}},
		{name: "srv declines", zone: "_imaps._tcp.example.test. 300 IN SRV 0 0 0 .\n",
			want: map[key]Status{{"client.imap", "_imaps._tcp"}: Info, {"client.submission", "example.test"}: Skip}},
		{name: "srv target without address", zone: "_imaps._tcp.example.test. 300 IN SRV 0 1 993 nowhere.example.test.\n",
			want: map[key]Status{{"client.imap", "nowhere.example.test"}: Fail}},
		{name: "client host given", zone: "mail.example.test. 300 IN A 192.0.2.10\n", clientHosts: []string{"mail.example.test"},
			servers: map[string]*smtptest.Server{"465": {Cert: &good, Behaviour: smtptest.ImplicitTLS}},
			want:    map[key]Status{{"client.submission", ":465"}: Pass, {"client.submission", ":587"}: Info, {"client.imap", ":993"}: Info}},
		// Timeouts are error, with the time limit, on every port.
		{name: "handshakes stall", zone: srv, timeout: 300 * time.Millisecond,
			servers: map[string]*smtptest.Server{"465": {Behaviour: smtptest.NoBanner}, "587": {Cert: &good, Behaviour: smtptest.StallHandshake}, "993": {Behaviour: smtptest.NoBanner}},
			want:    map[key]Status{{"client.submission", ":465"}: Error, {"client.submission", ":587"}: Error, {"client.imap", ":993"}: Error},
			sub: map[key]string{{"client.submission", ":465"}: "within the time limit (300ms)", {"client.submission", ":587"}: "within the time limit (300ms)",
				{"client.imap", ":993"}: "within the time limit (300ms)"}},
		{name: "587 silent after STARTTLS", zone: srv, timeout: 300 * time.Millisecond,
			servers: map[string]*smtptest.Server{"587": {Cert: &good, Behaviour: smtptest.SilentAfterSTARTTLS}},
			want:    map[key]Status{{"client.submission", ":587"}: Error}},
		{name: "587 greets one byte per second", zone: srv, timeout: 300 * time.Millisecond,
			servers: map[string]*smtptest.Server{"587": {Cert: &good, Behaviour: smtptest.SlowBanner}},
			want:    map[key]Status{{"client.submission", ":587"}: Error}},
		{name: "client host port times out", zone: "mail.example.test. 300 IN A 192.0.2.10\n", clientHosts: []string{"mail.example.test"}, timeout: 300 * time.Millisecond,
			miss: map[string]string{"192.0.2.10:465": "timeout", "192.0.2.10:587": "refused", "192.0.2.10:993": "timeout"},
			want: map[key]Status{{"client.submission", ":465"}: Error, {"client.submission", ":587"}: Info, {"client.imap", ":993"}: Error},
			sub:  map[key]string{{"client.imap", ":993"}: "no answer from mail.example.test:993 to a connection within the time limit (300ms)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := dnstest.New(t, soa+tt.zone)
			if tt.servfail != "" {
				d.ServFail(tt.servfail)
			}
			fn := newNet()
			for port, s := range tt.servers {
				fn.serve(t, "192.0.2.10", port, s)
			}
			for addr, how := range tt.miss {
				fn.miss[addr] = how
			}
			if tt.imapCert != nil {
				ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{*tt.imapCert}})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { ln.Close() })
				go func() {
					for {
						c, err := ln.Accept()
						if err != nil {
							return
						}
						c.Write([]byte("* OK IMAP ready\r\n"))
						c.Close()
					}
				}()
				fn.routes["192.0.2.10:993"] = ln.Addr().String()
			}
			timeout := tt.timeout
			if timeout == 0 {
				timeout = 2 * time.Second
			}
			tr := &Transport{DNS: d.Client(), Dial: fn.dial, Timeout: timeout, Roots: ca.Pool(), ClientHosts: tt.clientHosts}
			checks := tr.Checks(context.Background(), "example.test", nil)
			for k, st := range tt.want {
				c := findCheck(t, checks, k.id, k.target)
				if c.Status != st {
					t.Errorf("%s %s = %s (%s), want %s", k.id, k.target, c.Status, c.Summary, st)
				}
				if sub := tt.sub[k]; sub != "" && !strings.Contains(c.Summary, sub) {
					t.Errorf("%s %s summary %q lacks %q", k.id, k.target, c.Summary, sub)
				}
			}
			assertFix(t, checks)
		})
	}
}

func TestTransportCancel(t *testing.T) {
	fn := newNet()
	fn.serve(t, "192.0.2.1", "25", &smtptest.Server{Behaviour: smtptest.NoBanner})
	tr := &Transport{Dial: fn.dial, Timeout: time.Minute}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	done := make(chan []Check)
	go func() {
		done <- tr.Checks(ctx, "example.test", []MXHost{{Host: "mx.test", Addresses: []string{"192.0.2.1"}}})
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("transport checks ignored cancellation")
	}
}

func TestMXWithoutAddress(t *testing.T) {
	tr := &Transport{Dial: newNet().dial, Timeout: time.Second}
	checks := tr.Checks(context.Background(), "example.test", []MXHost{{Host: "gone.example.test"}})
	if c := findCheck(t, checks, "smtp.connect", "gone.example.test"); c.Status != Skip {
		t.Errorf("got %s %q", c.Status, c.Summary)
	}
}

// TestProbeWithTransport runs the whole probe with the transport hook:
// the DNS side finds the MX and its address, the transport side talks to
// it, and the results land in the domain's checks and score.
func TestProbeWithTransport(t *testing.T) {
	ca := tlstest.NewCA()
	cert := ca.Leaf(tlstest.Opts{Names: []string{"mx.example.test"}})
	d := dnstest.New(t, `example.test. 300 IN SOA ns.example.test. h.example.test. 1 2 3 4 5
example.test. 300 IN MX 10 mx.example.test.
mx.example.test. 300 IN A 192.0.2.1
`)
	fn := newNet()
	fn.serve(t, "192.0.2.1", "25", &smtptest.Server{Cert: &cert})
	cfg := Config{DNS: d.Client(), Roots: ca.Pool(), Timeout: 5 * time.Second, Transport: Transport{Dial: fn.dial}.Hook()}
	res := Probe(context.Background(), cfg, "example.test")
	for _, id := range []string{"smtp.connect", "smtp.starttls", "smtp.tls_version", "smtp.certificate"} {
		if c := findCheck(t, res.Checks, id, "192.0.2.1"); c.Status != Pass {
			t.Errorf("%s = %s: %s", id, c.Status, c.Summary)
		}
	}
	if c := findCheck(t, res.Checks, "dane.tlsa", "mx.example.test"); c.Status != Info {
		t.Errorf("dane.tlsa = %s: %s", c.Status, c.Summary)
	}
	if _, ok := res.Categories[CategoryTLS]; !ok {
		t.Errorf("no %q category score in %v", CategoryTLS, res.Categories)
	}
	cfg.NoConnect = true
	res = Probe(context.Background(), cfg, "example.test")
	if c := findCheck(t, res.Checks, "smtp.connect", "example.test"); c.Status != Skip {
		t.Errorf("--no-connect: smtp.connect = %s", c.Status)
	}
}

// A self-signed certificate pinned by a validated DANE-EE record is what
// DANE senders accept, so smtp.certificate passes; without DNSSEC it fails.
func TestCertificateWithDANE(t *testing.T) {
	const mxHost = "mx.example.test"
	self := tlstest.SelfSigned(tlstest.Opts{Names: []string{"localhost"}})
	rec := dane.Suggest("_25._tcp."+mxHost, self.Leaf)
	for _, secure := range []bool{true, false} {
		t.Run(fmt.Sprint("secure=", secure), func(t *testing.T) {
			d := dnstest.New(t, "example.test. 300 IN SOA ns.example.test. h.example.test. 1 2 3 4 5\n"+rec+"\n")
			if secure {
				d.Secure("example.test")
			}
			fn := newNet()
			fn.serve(t, "192.0.2.1", "25", &smtptest.Server{Cert: &self})
			tr := &Transport{DNS: d.Client(), Dial: fn.dial, Timeout: 2 * time.Second, Roots: tlstest.NewCA().Pool()}
			checks := tr.Checks(context.Background(), "example.test", []MXHost{{Host: mxHost, Addresses: []string{"192.0.2.1"}}})
			c := findCheck(t, checks, "smtp.certificate", "192.0.2.1")
			want := Fail
			if secure {
				want = Pass
			}
			if c.Status != want {
				t.Errorf("smtp.certificate = %s (%s), want %s", c.Status, c.Summary, want)
			}
			if secure && !strings.Contains(c.Summary, "DANE-EE") {
				t.Errorf("summary %q does not say why", c.Summary)
			}
		})
	}
}
