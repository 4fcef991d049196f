package smtp

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/mailpick/mailpick/probe/tlsprobe"
)

// DialFunc opens a TCP connection; tests point it at 127.0.0.1.
type DialFunc func(ctx context.Context, network, address string) (net.Conn, error)

// Config is how to reach and judge a server. The zero value probes port 25
// with the system dialer and roots.
type Config struct {
	Dial DialFunc
	// Port is the TCP port; "" means 25.
	Port string
	// HelloName is the EHLO argument; "" means this host's name if it is
	// fully qualified, else "localhost".
	HelloName string
	// ConnectTimeout bounds the TCP connect; Timeout bounds every later
	// step (greeting, each command, the TLS handshake). 0 means 10s.
	ConnectTimeout time.Duration
	Timeout        time.Duration
	// Roots verifies chains; nil means the system roots.
	Roots *x509.CertPool
	Now   func() time.Time
	// NoLegacy skips the second, TLS ≤ 1.1 connection.
	NoLegacy bool
	Limits   Limits
}

func (c Config) withDefaults() Config {
	if c.Dial == nil {
		var d net.Dialer
		c.Dial = d.DialContext
	}
	if c.Port == "" {
		c.Port = "25"
	}
	if c.HelloName == "" || !validHello(c.HelloName) {
		c.HelloName = "localhost"
		if h, err := os.Hostname(); err == nil && strings.Contains(h, ".") && validHello(h) {
			c.HelloName = h
		}
	}
	if c.Timeout <= 0 {
		c.Timeout = 10 * time.Second
	}
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = c.Timeout
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Limits.MaxLine <= 0 || c.Limits.MaxReply <= 0 {
		c.Limits = DefaultLimits
	}
	return c
}

// Stage is how far a dialogue got.
type Stage string

const (
	StageDial      Stage = "connect"
	StageBanner    Stage = "banner"
	StageEHLO      Stage = "ehlo"
	StageStartTLS  Stage = "starttls"
	StageHandshake Stage = "handshake"
	StageDone      Stage = "done"
)

// Result is one server's dialogue. Err is set when the dialogue stopped
// before StageDone; FailedAt says where.
type Result struct {
	Host     string
	Addr     string // IP address probed
	Port     string
	FailedAt Stage
	Err      error
	DialKind DialKind

	Banner     *Reply
	EHLO       *Reply
	Extensions map[string]string
	// StartTLSOffered is meaningful once EHLO succeeded.
	StartTLSOffered bool
	StartTLSReply   *Reply
	TLS             *tlsprobe.State

	// Legacy is the TLS ≤ 1.1 attempt; nil when not tried.
	Legacy *Legacy

	Transcript []string
	Elapsed    time.Duration
	// Limit is the time each step was allowed (Config.Timeout; the TCP
	// connect had Config.ConnectTimeout): what a report names when a step
	// ran out of it.
	Limit, ConnectLimit time.Duration
}

// Legacy is the outcome of a handshake offering only TLS 1.0 and 1.1.
type Legacy struct {
	// Accepted: the server completed a TLS ≤ 1.1 handshake.
	Accepted bool
	Version  uint16
	// Err is why the attempt did not reach a handshake verdict (dial,
	// greeting, STARTTLS); nil when the handshake itself decided.
	Err error
}

// ErrNoGreeting and friends describe a server that broke the dialogue.
var (
	ErrClosed     = errors.New("server closed the connection")
	ErrNoSTARTTLS = errors.New("STARTTLS not offered")
)

// Probe talks to host at addr: greeting, EHLO, STARTTLS and a TLS 1.2–1.3
// handshake, then QUIT. Unless cfg.NoLegacy, a second connection at the
// same time tries TLS 1.0–1.1 only.
func Probe(ctx context.Context, cfg Config, host, addr string) *Result {
	cfg = cfg.withDefaults()
	start := time.Now()
	var wg sync.WaitGroup
	var legacy *Legacy
	if !cfg.NoLegacy {
		wg.Go(func() { legacy = probeLegacy(ctx, cfg, host, addr) })
	}
	res := probeStartTLS(ctx, cfg, host, addr, tlsprobe.ModernConfig(host))
	wg.Wait()
	if legacy != nil && res.StartTLSOffered {
		res.Legacy = legacy
	}
	res.Elapsed = time.Since(start)
	return res
}

// ProbeImplicit is Probe for implicit-TLS SMTP submission (port 465, RFC
// 8314): the TLS handshake comes first, then the greeting and EHLO.
func ProbeImplicit(ctx context.Context, cfg Config, host, addr string) *Result {
	cfg = cfg.withDefaults()
	start := time.Now()
	res := &Result{Host: host, Addr: addr, Port: cfg.Port, Limit: cfg.Timeout, ConnectLimit: cfg.ConnectTimeout}
	defer func() { res.Elapsed = time.Since(start) }()
	nc, ok := dial(ctx, &cfg, res)
	if !ok {
		return res
	}
	defer nc.Close()
	stop := context.AfterFunc(ctx, func() { nc.Close() })
	defer stop()
	tc, err := tlsHandshake(ctx, nc, tlsprobe.ModernConfig(host), cfg.Timeout)
	if err != nil {
		res.FailedAt, res.Err = StageHandshake, err
		return res
	}
	res.TLS = tlsprobe.Inspect(tc.ConnectionState(), host, cfg.Roots, cfg.Now())
	c := newConn(tc, &cfg, &res.Transcript)
	if !greetAndHello(ctx, c, res) {
		return res
	}
	res.FailedAt = StageDone
	c.quit()
	return res
}

func dial(ctx context.Context, cfg *Config, res *Result) (net.Conn, bool) {
	dctx, cancel := context.WithTimeout(ctx, cfg.ConnectTimeout)
	defer cancel()
	nc, err := cfg.Dial(dctx, "tcp", net.JoinHostPort(res.Addr, cfg.Port))
	if err != nil {
		res.FailedAt, res.Err, res.DialKind = StageDial, err, ClassifyDial(err)
		return nil, false
	}
	return nc, true
}

// greetAndHello reads the greeting and sends EHLO.
func greetAndHello(ctx context.Context, c *conn, res *Result) bool {
	banner, err := c.reply()
	if err != nil {
		res.FailedAt, res.Err = StageBanner, readErr(ctx, err)
		return false
	}
	res.Banner = &banner
	if banner.Code != 220 {
		res.FailedAt, res.Err = StageBanner, fmt.Errorf("greeting %s", clip(banner.String(), 120))
		c.quit()
		return false
	}
	ehlo, err := c.send(verbEHLO)
	if err != nil {
		res.FailedAt, res.Err = StageEHLO, readErr(ctx, err)
		return false
	}
	res.EHLO = &ehlo
	if ehlo.Code != 250 {
		res.FailedAt, res.Err = StageEHLO, fmt.Errorf("EHLO refused: %s", clip(ehlo.String(), 120))
		c.quit()
		return false
	}
	res.Extensions = Extensions(ehlo)
	return true
}

func probeStartTLS(ctx context.Context, cfg Config, host, addr string, tcfg *tls.Config) *Result {
	res := &Result{Host: host, Addr: addr, Port: cfg.Port, Limit: cfg.Timeout, ConnectLimit: cfg.ConnectTimeout}
	nc, ok := dial(ctx, &cfg, res)
	if !ok {
		return res
	}
	defer nc.Close()
	stop := context.AfterFunc(ctx, func() { nc.Close() })
	defer stop()
	c := newConn(nc, &cfg, &res.Transcript)
	if !greetAndHello(ctx, c, res) {
		return res
	}
	_, res.StartTLSOffered = res.Extensions["STARTTLS"]
	if !res.StartTLSOffered {
		res.FailedAt, res.Err = StageStartTLS, ErrNoSTARTTLS
		c.quit()
		return res
	}
	rep, err := c.send(verbSTARTTLS)
	if err != nil {
		res.FailedAt, res.Err = StageStartTLS, readErr(ctx, err)
		return res
	}
	res.StartTLSReply = &rep
	if rep.Code != 220 {
		res.FailedAt, res.Err = StageStartTLS, fmt.Errorf("STARTTLS refused: %s", clip(rep.String(), 120))
		c.quit()
		return res
	}
	if c.r.Buffered() > 0 {
		// Plaintext after the 220 would be injected into the TLS
		// session (CVE-2011-0411 class); refuse to go on.
		res.FailedAt, res.Err = StageStartTLS, errors.New("server sent data after its STARTTLS reply")
		return res
	}
	tc, err := tlsHandshake(ctx, nc, tcfg, cfg.Timeout)
	if err != nil {
		res.FailedAt, res.Err = StageHandshake, err
		c.note("S: ", "<tls: "+err.Error()+">")
		return res
	}
	res.TLS = tlsprobe.Inspect(tc.ConnectionState(), host, cfg.Roots, cfg.Now())
	c.note("S: ", "<"+res.TLS.VersionName()+" "+res.TLS.CipherName()+">")
	res.FailedAt = StageDone
	tcConn := newConn(tc, &cfg, &res.Transcript)
	tcConn.quit()
	return res
}

func probeLegacy(ctx context.Context, cfg Config, host, addr string) *Legacy {
	res := probeStartTLS(ctx, cfg, host, addr, tlsprobe.LegacyConfig(host))
	switch {
	case res.FailedAt == StageDone:
		return &Legacy{Accepted: true, Version: res.TLS.Version}
	case res.FailedAt == StageHandshake && !Timeout(res.Err):
		return &Legacy{}
	}
	return &Legacy{Err: res.Err}
}

func readErr(ctx context.Context, err error) error {
	// The connection is closed when ctx ends; say why, not "closed".
	if ctx.Err() != nil {
		return fmt.Errorf("no answer before the probe deadline: %w", ctx.Err())
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) {
		return ErrClosed
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("no answer in time: %w", err)
	}
	return err
}

// Timeout reports whether err is a step or probe deadline.
func Timeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}
