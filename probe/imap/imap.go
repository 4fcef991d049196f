// Package imap checks an IMAP server on implicit TLS (port 993, RFC 8314):
// the handshake and the server greeting. It sends nothing but LOGOUT.
package imap

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mailpick/mailpick/probe/tlsprobe"
)

// MaxGreeting bounds the greeting line; RFC 9051 servers send a short one,
// often with a CAPABILITY list, so 8 KiB is plenty.
const MaxGreeting = 8 << 10

// Greeting is a parsed untagged greeting (RFC 9051 §7.1): OK, PREAUTH or BYE.
type Greeting struct {
	Status string // "OK", "PREAUTH" or "BYE"
	Text   string
}

// ErrMalformed is a greeting that is not IMAP.
var ErrMalformed = errors.New("imap: malformed greeting")

// ReadGreeting reads and parses the first line a server sends.
func ReadGreeting(r *bufio.Reader, max int) (Greeting, error) {
	var buf []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(buf)+len(chunk) > max {
			return Greeting{}, errors.New("imap: greeting too long")
		}
		buf = append(buf, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return Greeting{}, io.ErrUnexpectedEOF
			}
			return Greeting{}, err
		}
		break
	}
	return ParseGreeting(strings.TrimRight(string(buf), "\r\n"))
}

// ParseGreeting parses "* OK text", "* PREAUTH text" or "* BYE text".
func ParseGreeting(line string) (Greeting, error) {
	rest, ok := strings.CutPrefix(line, "* ")
	if !ok {
		return Greeting{}, ErrMalformed
	}
	status, text, _ := strings.Cut(rest, " ")
	switch s := strings.ToUpper(status); s {
	case "OK", "PREAUTH", "BYE":
		return Greeting{Status: s, Text: printable(text)}, nil
	}
	return Greeting{}, ErrMalformed
}

func printable(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '\uFFFD'
		}
		return r
	}, s)
	for len(s) > 200 {
		_, n := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-n]
	}
	return s
}

// Config is how to reach and judge the server.
type Config struct {
	Dial    func(ctx context.Context, network, address string) (net.Conn, error)
	Port    string // "" means 993
	Timeout time.Duration
	Roots   *x509.CertPool
	Now     func() time.Time
}

// Result of one probe. Err is nil when the handshake and greeting worked.
type Result struct {
	Host, Addr, Port string
	Dialed           bool
	TLS              *tlsprobe.State
	Greeting         *Greeting
	Err              error
	// Limit is the time the connection, handshake and greeting were
	// allowed (Config.Timeout).
	Limit time.Duration
}

// Probe connects to host at addr, completes TLS 1.2–1.3, reads the
// greeting and logs out.
func Probe(ctx context.Context, cfg Config, host, addr string) *Result {
	if cfg.Dial == nil {
		var d net.Dialer
		cfg.Dial = d.DialContext
	}
	if cfg.Port == "" {
		cfg.Port = "993"
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	res := &Result{Host: host, Addr: addr, Port: cfg.Port, Limit: cfg.Timeout}
	dctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	nc, err := cfg.Dial(dctx, "tcp", net.JoinHostPort(addr, cfg.Port))
	if err != nil {
		res.Err = err
		return res
	}
	res.Dialed = true
	defer nc.Close()
	stop := context.AfterFunc(ctx, func() { nc.Close() })
	defer stop()
	nc.SetDeadline(time.Now().Add(cfg.Timeout))
	tc := tls.Client(nc, tlsprobe.ModernConfig(host))
	if err := tc.HandshakeContext(dctx); err != nil {
		res.Err = fmt.Errorf("tls handshake: %w", err)
		return res
	}
	res.TLS = tlsprobe.Inspect(tc.ConnectionState(), host, cfg.Roots, cfg.Now())
	g, err := ReadGreeting(bufio.NewReader(tc), MaxGreeting)
	if err != nil {
		res.Err = fmt.Errorf("greeting: %w", err)
		return res
	}
	res.Greeting = &g
	io.WriteString(tc, "a LOGOUT\r\n")
	return res
}
