package smtp

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"
)

// verb is a command this client can send. There are exactly three; MAIL,
// RCPT and DATA do not exist here, so no code path can send them.
type verb int

const (
	verbEHLO verb = iota + 1
	verbSTARTTLS
	verbQUIT
)

// maxTranscript bounds the dialogue kept for the report.
const maxTranscript = 64

// conn is one SMTP connection with a deadline on every step.
type conn struct {
	nc      net.Conn
	r       *bufio.Reader
	helo    string
	timeout time.Duration
	lim     Limits
	log     *[]string
}

func newConn(nc net.Conn, cfg *Config, log *[]string) *conn {
	return &conn{nc: nc, r: bufio.NewReaderSize(nc, 4096), helo: cfg.HelloName, timeout: cfg.Timeout, lim: cfg.Limits, log: log}
}

func (c *conn) note(dir, s string) {
	if len(*c.log) < maxTranscript {
		*c.log = append(*c.log, dir+clip(s, 200))
	}
}

// reply reads one reply within the step deadline.
func (c *conn) reply() (Reply, error) {
	c.nc.SetReadDeadline(time.Now().Add(c.timeout))
	rep, err := ReadReply(c.r, c.lim)
	if err != nil {
		c.note("S: ", "<"+err.Error()+">")
		return rep, err
	}
	c.note("S: ", rep.String())
	return rep, nil
}

// write sends one command. The verb is the only input: there is no way to
// send anything but EHLO, STARTTLS and QUIT.
func (c *conn) write(v verb) error {
	var line string
	switch v {
	case verbEHLO:
		line = "EHLO " + c.helo
	case verbSTARTTLS:
		line = "STARTTLS"
	case verbQUIT:
		line = "QUIT"
	default:
		return fmt.Errorf("smtp: unknown verb %d", v)
	}
	c.note("C: ", line)
	c.nc.SetWriteDeadline(time.Now().Add(c.timeout))
	_, err := io.WriteString(c.nc, line+"\r\n")
	return err
}

// send writes one command and reads its reply.
func (c *conn) send(v verb) (Reply, error) {
	if err := c.write(v); err != nil {
		return Reply{}, err
	}
	return c.reply()
}

// quit ends the session without waiting for the 221: the result is
// already known, and waiting would add a round trip to every probe.
func (c *conn) quit() {
	c.timeout = min(c.timeout, 2*time.Second)
	c.write(verbQUIT)
	c.nc.Close()
}

// validHello accepts a host name or an address literal, nothing that could
// smuggle a second command into the EHLO line.
func validHello(s string) bool {
	if s == "" || len(s) > 255 {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '[', r == ']', r == ':':
		default:
			return false
		}
	}
	return true
}

// Extensions parses an EHLO reply's keywords (RFC 5321 §4.1.1.1), upper
// case, the first line (the greeting) excluded.
func Extensions(ehlo Reply) map[string]string {
	ext := map[string]string{}
	for i, l := range ehlo.Lines {
		if i == 0 {
			continue
		}
		k, v, _ := strings.Cut(strings.TrimSpace(l), " ")
		if k != "" {
			ext[strings.ToUpper(k)] = v
		}
	}
	return ext
}

// DialKind classifies a failed connection attempt.
type DialKind string

const (
	DialOK          DialKind = ""
	DialTimeout     DialKind = "timeout"
	DialRefused     DialKind = "refused"
	DialUnreachable DialKind = "unreachable" // no route from here (often IPv6)
	DialOther       DialKind = "other"
)

// ClassifyDial says why a connection attempt failed.
func ClassifyDial(err error) DialKind {
	var ne net.Error
	switch {
	case err == nil:
		return DialOK
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return DialTimeout
	case strings.Contains(err.Error(), "connection refused"):
		return DialRefused
	case strings.Contains(err.Error(), "network is unreachable"), strings.Contains(err.Error(), "no route to host"):
		return DialUnreachable
	}
	return DialOther
}

func tlsHandshake(ctx context.Context, nc net.Conn, cfg *tls.Config, timeout time.Duration) (*tls.Conn, error) {
	tc := tls.Client(nc, cfg)
	hctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := tc.HandshakeContext(hctx); err != nil {
		return nil, err
	}
	return tc, nil
}
