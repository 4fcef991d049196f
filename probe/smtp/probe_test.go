package smtp_test

import (
	"context"
	"crypto/tls"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/mailpick/mailpick/probe/smtp"
	"github.com/mailpick/mailpick/probe/smtp/smtptest"
	"github.com/mailpick/mailpick/probe/tlsprobe/tlstest"
)

const host = "mx.test"

func start(t *testing.T, s *smtptest.Server) smtp.Config {
	t.Helper()
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return smtp.Config{Port: s.Port(), Timeout: 2 * time.Second, HelloName: "probe.test"}
}

func TestProbe(t *testing.T) {
	ca := tlstest.NewCA()
	good := ca.Leaf(tlstest.Opts{Names: []string{host}})
	expired := ca.Leaf(tlstest.Opts{Names: []string{host}, NotBefore: time.Now().AddDate(0, 0, -100), NotAfter: time.Now().AddDate(0, 0, -1)})
	soon := ca.Leaf(tlstest.Opts{Names: []string{host}, NotAfter: time.Now().AddDate(0, 0, 5)})
	wrong := ca.Leaf(tlstest.Opts{Names: []string{"other.test"}})
	self := tlstest.SelfSigned(tlstest.Opts{Names: []string{host}})
	rsa1024 := ca.Leaf(tlstest.Opts{Names: []string{host}, RSABits: 1024})

	tests := []struct {
		name    string
		srv     *smtptest.Server
		timeout time.Duration
		stage   smtp.Stage
		offered bool
		legacy  bool // legacy TLS accepted
		check   func(t *testing.T, r *smtp.Result)
	}{
		{name: "valid", srv: &smtptest.Server{Cert: &good}, stage: smtp.StageDone, offered: true, check: func(t *testing.T, r *smtp.Result) {
			if r.TLS.ChainErr != nil || r.TLS.NameErr != nil || r.TLS.Expired || r.TLS.DaysLeft < 80 {
				t.Errorf("state %+v", r.TLS)
			}
			if r.TLS.Version != tls.VersionTLS13 || r.TLS.KeyType != "ECDSA" || r.TLS.KeyBits != 256 {
				t.Errorf("version %s key %s %d", r.TLS.VersionName(), r.TLS.KeyType, r.TLS.KeyBits)
			}
			if len(r.Banner.Lines) != 2 {
				t.Errorf("multi-line banner read as %q", r.Banner.Lines)
			}
		}},
		{name: "expired", srv: &smtptest.Server{Cert: &expired}, stage: smtp.StageDone, offered: true, check: func(t *testing.T, r *smtp.Result) {
			if !r.TLS.Expired || r.TLS.ChainErr != nil || r.TLS.DaysLeft >= 0 {
				t.Errorf("want expired with an otherwise trusted chain, got %+v", r.TLS)
			}
		}},
		{name: "expiring soon", srv: &smtptest.Server{Cert: &soon}, stage: smtp.StageDone, offered: true, check: func(t *testing.T, r *smtp.Result) {
			if r.TLS.DaysLeft < 3 || r.TLS.DaysLeft > 5 || r.TLS.Expired {
				t.Errorf("days left %d", r.TLS.DaysLeft)
			}
		}},
		{name: "wrong name", srv: &smtptest.Server{Cert: &wrong}, stage: smtp.StageDone, offered: true, check: func(t *testing.T, r *smtp.Result) {
			if r.TLS.NameErr == nil || r.TLS.ChainErr != nil {
				t.Errorf("name %v chain %v", r.TLS.NameErr, r.TLS.ChainErr)
			}
		}},
		{name: "self-signed", srv: &smtptest.Server{Cert: &self}, stage: smtp.StageDone, offered: true, check: func(t *testing.T, r *smtp.Result) {
			if r.TLS.ChainErr == nil {
				t.Error("self-signed chain verified")
			}
		}},
		{name: "rsa 1024", srv: &smtptest.Server{Cert: &rsa1024}, stage: smtp.StageDone, offered: true, check: func(t *testing.T, r *smtp.Result) {
			if r.TLS.KeyType != "RSA" || r.TLS.KeyBits != 1024 {
				t.Errorf("key %s %d", r.TLS.KeyType, r.TLS.KeyBits)
			}
		}},
		{name: "tls 1.2 and 1.0", srv: &smtptest.Server{Cert: &good, MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS12}, stage: smtp.StageDone, offered: true, legacy: true, check: func(t *testing.T, r *smtp.Result) {
			if r.TLS.Version != tls.VersionTLS12 || r.Legacy.Version != tls.VersionTLS11 {
				t.Errorf("modern %x legacy %x", r.TLS.Version, r.Legacy.Version)
			}
		}},
		{name: "tls 1.0 only", srv: &smtptest.Server{Cert: &good, MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS10}, stage: smtp.StageHandshake, offered: true, legacy: true, check: func(t *testing.T, r *smtp.Result) {
			if r.Legacy.Version != tls.VersionTLS10 {
				t.Errorf("legacy version %x", r.Legacy.Version)
			}
		}},
		{name: "no starttls", srv: &smtptest.Server{Cert: &good, Behaviour: smtptest.NoSTARTTLS}, stage: smtp.StageStartTLS, check: func(t *testing.T, r *smtp.Result) {
			if r.Err != smtp.ErrNoSTARTTLS || r.Legacy != nil {
				t.Errorf("err %v legacy %+v", r.Err, r.Legacy)
			}
		}},
		{name: "drop after ehlo", srv: &smtptest.Server{Cert: &good, Behaviour: smtptest.DropAfterEHLO}, stage: smtp.StageEHLO, check: func(t *testing.T, r *smtp.Result) {
			if r.Err != smtp.ErrClosed {
				t.Errorf("err %v", r.Err)
			}
		}},
		{name: "no banner", srv: &smtptest.Server{Behaviour: smtptest.NoBanner}, timeout: 200 * time.Millisecond, stage: smtp.StageBanner, check: func(t *testing.T, r *smtp.Result) {
			if !smtp.Timeout(r.Err) {
				t.Errorf("err %v, want a timeout", r.Err)
			}
		}},
		{name: "garbage", srv: &smtptest.Server{Behaviour: smtptest.Garbage}, stage: smtp.StageBanner, check: func(t *testing.T, r *smtp.Result) {
			if r.Err == nil || !strings.Contains(r.Err.Error(), "malformed") {
				t.Errorf("err %v", r.Err)
			}
		}},
		{name: "554 banner", srv: &smtptest.Server{Behaviour: smtptest.RejectBanner}, stage: smtp.StageBanner, check: func(t *testing.T, r *smtp.Result) {
			if r.Banner == nil || r.Banner.Code != 554 {
				t.Errorf("banner %v", r.Banner)
			}
		}},
		{name: "slow but in time", srv: &smtptest.Server{Cert: &good, Delay: 50 * time.Millisecond}, stage: smtp.StageDone, offered: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := start(t, tt.srv)
			cfg.Roots = ca.Pool()
			if tt.timeout > 0 {
				cfg.Timeout = tt.timeout
			}
			r := smtp.Probe(context.Background(), cfg, host, tt.srv.Addr())
			if r.FailedAt != tt.stage {
				t.Fatalf("stopped at %q (%v), want %q\n%s", r.FailedAt, r.Err, tt.stage, strings.Join(r.Transcript, "\n"))
			}
			if r.StartTLSOffered != tt.offered {
				t.Errorf("STARTTLS offered = %v", r.StartTLSOffered)
			}
			if tt.offered && (r.Legacy == nil || r.Legacy.Accepted != tt.legacy) {
				t.Errorf("legacy = %+v, want accepted=%v", r.Legacy, tt.legacy)
			}
			if tt.check != nil {
				tt.check(t, r)
			}
			assertNoMailTransaction(t, tt.srv.Received())
		})
	}
}

// assertNoMailTransaction is the probe's promise: only EHLO, STARTTLS, QUIT.
func assertNoMailTransaction(t *testing.T, lines []string) {
	t.Helper()
	for _, l := range lines {
		verb, _, _ := strings.Cut(strings.ToUpper(l), " ")
		switch verb {
		case "EHLO", "STARTTLS", "QUIT":
		default:
			t.Errorf("probe sent %q; only EHLO, STARTTLS and QUIT are allowed", l)
		}
		if strings.HasPrefix(strings.ToUpper(l), "MAIL") || strings.HasPrefix(strings.ToUpper(l), "RCPT") || strings.HasPrefix(strings.ToUpper(l), "DATA") {
			t.Errorf("probe sent a mail transaction command: %q", l)
		}
	}
}

func TestDialogueIsOnlyEHLOStartTLSQuit(t *testing.T) {
	ca := tlstest.NewCA()
	good := ca.Leaf(tlstest.Opts{Names: []string{host}})
	srv := smtptest.Server{Cert: &good}
	cfg := start(t, &srv)
	smtp.Probe(context.Background(), cfg, host, srv.Addr())
	got := srv.Received()
	// Two connections (modern and legacy), each EHLO then STARTTLS; QUIT
	// after the modern handshake.
	var ehlo, starttls int
	for _, l := range got {
		switch {
		case strings.HasPrefix(l, "EHLO "):
			ehlo++
		case l == "STARTTLS":
			starttls++
		}
	}
	if ehlo != 2 || starttls != 2 {
		t.Errorf("dialogue %q", got)
	}
	assertNoMailTransaction(t, got)
}

func TestProbeImplicit(t *testing.T) {
	ca := tlstest.NewCA()
	good := ca.Leaf(tlstest.Opts{Names: []string{host}})
	srv := smtptest.Server{Cert: &good, Behaviour: smtptest.ImplicitTLS}
	cfg := start(t, &srv)
	cfg.Roots = ca.Pool()
	r := smtp.ProbeImplicit(context.Background(), cfg, host, srv.Addr())
	if r.FailedAt != smtp.StageDone || r.TLS == nil || r.TLS.ChainErr != nil || r.Banner.Code != 220 {
		t.Fatalf("result %+v", r)
	}
	assertNoMailTransaction(t, srv.Received())
}

func TestDialFailures(t *testing.T) {
	// A port nothing listens on: refused.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	r := smtp.Probe(context.Background(), smtp.Config{Port: port, Timeout: time.Second}, host, "127.0.0.1")
	if r.FailedAt != smtp.StageDial || r.DialKind != smtp.DialRefused {
		t.Errorf("refused: stage %q kind %q err %v", r.FailedAt, r.DialKind, r.Err)
	}
	// A dialer that never connects: timeout, as when port 25 is filtered.
	blackhole := func(ctx context.Context, _, _ string) (net.Conn, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	r = smtp.Probe(context.Background(), smtp.Config{Dial: blackhole, ConnectTimeout: 50 * time.Millisecond}, host, "192.0.2.1")
	if r.FailedAt != smtp.StageDial || r.DialKind != smtp.DialTimeout {
		t.Errorf("blackhole: stage %q kind %q err %v", r.FailedAt, r.DialKind, r.Err)
	}
}

func TestProbeCancel(t *testing.T) {
	srv := smtptest.Server{Behaviour: smtptest.NoBanner}
	cfg := start(t, &srv)
	cfg.Timeout = time.Minute
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	done := make(chan *smtp.Result)
	go func() { done <- smtp.Probe(ctx, cfg, host, srv.Addr()) }()
	select {
	case r := <-done:
		if r.FailedAt != smtp.StageBanner {
			t.Errorf("stage %q", r.FailedAt)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("probe ignored cancellation")
	}
}

// The probe's overall deadline (ctx) ending a read is a timeout, not a
// server that closed the connection.
func TestProbeDeadline(t *testing.T) {
	srv := smtptest.Server{Behaviour: smtptest.NoBanner}
	cfg := start(t, &srv)
	cfg.Timeout = time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	r := smtp.Probe(ctx, cfg, host, srv.Addr())
	if r.FailedAt != smtp.StageBanner || !smtp.Timeout(r.Err) || r.Err == smtp.ErrClosed {
		t.Errorf("stage %q err %v", r.FailedAt, r.Err)
	}
}
