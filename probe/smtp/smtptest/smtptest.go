// Package smtptest runs SMTP servers on 127.0.0.1 for tests: STARTTLS
// with a chosen certificate and TLS versions, or one of the broken
// behaviours a probe must survive. It records every line clients send.
package smtptest

import (
	"bufio"
	"crypto/tls"
	"io"
	"net"
	"strings"
	"sync"
	"time"
)

// Behaviour is how the server misbehaves, if at all.
type Behaviour int

const (
	Normal        Behaviour = iota
	NoSTARTTLS              // EHLO does not offer STARTTLS
	DropAfterEHLO           // closes the connection when EHLO arrives
	NoBanner                // accepts and never says anything
	Garbage                 // greets with a line that is not SMTP
	RejectBanner            // greets with 554
	ImplicitTLS             // TLS from the first byte (port 465 style)
	// SlowBanner sends a proper greeting one byte every Trickle (default
	// one second): each byte arrives in time, the greeting does not.
	SlowBanner
	SilentAfterEHLO     // reads EHLO and never answers
	SilentAfterSTARTTLS // offers STARTTLS, reads the command, never answers
	// StallHandshake answers STARTTLS with 220 (or, with ImplicitTLS
	// semantics, accepts) and then never takes part in the TLS handshake.
	StallHandshake
)

// Server is a test SMTP server. Set fields before Start.
type Server struct {
	Behaviour Behaviour
	// Cert is served after STARTTLS; without it STARTTLS is not offered.
	Cert *tls.Certificate
	// MinVersion/MaxVersion bound the TLS versions served (0: Go defaults).
	MinVersion, MaxVersion uint16
	// Delay holds back every answer: the first write after each read
	// (greeting, replies, and TLS handshake flights alike), imitating a
	// far or slow server one round trip at a time.
	Delay time.Duration
	// Trickle is the pause between bytes of a SlowBanner greeting.
	Trickle time.Duration

	ln   net.Listener
	mu   sync.Mutex
	recv []string
	wg   sync.WaitGroup
}

// Start listens on 127.0.0.1:0.
func (s *Server) Start() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	s.ln = ln
	s.wg.Go(s.serve)
	return nil
}

// Addr is "127.0.0.1"; Port the listening port.
func (s *Server) Addr() string { return "127.0.0.1" }

// Port is the listening port as a string.
func (s *Server) Port() string {
	_, p, _ := net.SplitHostPort(s.ln.Addr().String())
	return p
}

// Close stops the server.
func (s *Server) Close() {
	s.ln.Close()
	s.wg.Wait()
}

// Received is every line clients sent, in order, over all connections.
func (s *Server) Received() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.recv...)
}

func (s *Server) serve() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Go(func() { s.handle(c) })
	}
}

func (s *Server) tlsConfig() *tls.Config {
	return &tls.Config{Certificates: []tls.Certificate{*s.Cert}, MinVersion: s.MinVersion, MaxVersion: s.MaxVersion}
}

// handle plays one SMTP session as the server's knobs say. It is long because
// it is the dialogue itself — banner, EHLO, STARTTLS, QUIT and each
// misbehaviour a test can ask for — in the order a real server meets them.
func (s *Server) handle(c net.Conn) {
	defer c.Close()
	if s.Delay > 0 {
		c = &delayConn{Conn: c, d: s.Delay, owe: true}
	}
	c.SetDeadline(time.Now().Add(30 * time.Second))
	if s.Behaviour == ImplicitTLS {
		tc := tls.Server(c, s.tlsConfig())
		if tc.Handshake() != nil {
			return
		}
		c = tc
	}
	w := bufio.NewWriter(c)
	r := bufio.NewReader(c)
	say := func(lines ...string) {
		for _, l := range lines {
			w.WriteString(l + "\r\n")
		}
		w.Flush()
	}
	switch s.Behaviour {
	case NoBanner:
		// Hold the connection open until the client gives up; whatever it
		// sends (EHLO, a TLS ClientHello) goes unanswered.
		io.Copy(io.Discard, r)
		return
	case SlowBanner:
		pause := s.Trickle
		if pause <= 0 {
			pause = time.Second
		}
		for _, b := range []byte("220 mx.test ESMTP, slowly\r\n") {
			if _, err := c.Write([]byte{b}); err != nil {
				return
			}
			time.Sleep(pause)
		}
	case Garbage:
		say("HTTP/1.1 400 Bad Request")
		return
	case RejectBanner:
		say("554 mx.test no service for you")
	default:
		say("220-mx.test ESMTP test", "220 multi-line greeting")
	}
	inTLS := s.Behaviour == ImplicitTLS
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		s.mu.Lock()
		s.recv = append(s.recv, line)
		s.mu.Unlock()
		verb, _, _ := strings.Cut(strings.ToUpper(line), " ")
		switch verb {
		case "EHLO":
			if s.Behaviour == DropAfterEHLO {
				return
			}
			if s.Behaviour == SilentAfterEHLO {
				r.ReadString('\n') // until the client gives up
				return
			}
			ext := []string{"250-mx.test hello", "250-PIPELINING", "250-SIZE 10240000"}
			if s.Cert != nil && s.Behaviour != NoSTARTTLS && !inTLS {
				ext = append(ext, "250-STARTTLS")
			}
			say(append(ext, "250 8BITMIME")...)
		case "STARTTLS":
			if s.Cert == nil || s.Behaviour == NoSTARTTLS || inTLS {
				say("502 5.5.1 not offered")
				continue
			}
			if s.Behaviour == SilentAfterSTARTTLS {
				r.ReadString('\n')
				return
			}
			say("220 2.0.0 ready to start TLS")
			if s.Behaviour == StallHandshake {
				io.Copy(io.Discard, r) // swallow the ClientHello, answer nothing
				return
			}
			tc := tls.Server(c, s.tlsConfig())
			if tc.Handshake() != nil {
				return
			}
			inTLS = true
			w, r = bufio.NewWriter(tc), bufio.NewReader(tc)
		case "QUIT":
			say("221 2.0.0 bye")
			return
		case "MAIL", "RCPT", "DATA":
			say("503 5.5.1 a probe must never send this")
		default:
			say("500 5.5.2 unknown command")
		}
	}
}

// delayConn sleeps before the first write that follows a read (or the
// first write of all): one delay per answer, however many writes it takes.
type delayConn struct {
	net.Conn
	d   time.Duration
	mu  sync.Mutex
	owe bool
}

func (c *delayConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.mu.Lock()
		c.owe = true
		c.mu.Unlock()
	}
	return n, err
}

func (c *delayConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	owe := c.owe
	c.owe = false
	c.mu.Unlock()
	if owe {
		time.Sleep(c.d)
	}
	return c.Conn.Write(p)
}
