package imap

import (
	"bufio"
	"context"
	"crypto/tls"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/mailpick/mailpick/probe/tlsprobe/tlstest"
)

func TestParseGreeting(t *testing.T) {
	tests := []struct {
		in, status string
		ok         bool
	}{
		{"* OK [CAPABILITY IMAP4rev1] Dovecot ready.", "OK", true},
		{"* ok ready", "OK", true},
		{"* PREAUTH hi", "PREAUTH", true},
		{"* BYE overloaded", "BYE", true},
		{"* NO x", "", false},
		{"+OK POP3 ready", "", false},
		{"220 smtp", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		g, err := ParseGreeting(tt.in)
		if (err == nil) != tt.ok || g.Status != tt.status {
			t.Errorf("%q: got %+v, %v", tt.in, g, err)
		}
	}
}

func TestReadGreetingLimit(t *testing.T) {
	_, err := ReadGreeting(bufio.NewReaderSize(strings.NewReader("* OK "+strings.Repeat("x", 100)+"\r\n"), 16), 50)
	if err == nil || !strings.Contains(err.Error(), "too long") {
		t.Errorf("err %v", err)
	}
	_, err = ReadGreeting(bufio.NewReader(strings.NewReader("* OK no newline")), 50)
	if err == nil {
		t.Error("accepted a truncated greeting")
	}
}

func FuzzReadGreeting(f *testing.F) {
	f.Add([]byte("* OK ready\r\n"))
	f.Add([]byte("* BYE \xff\x00\r\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		g, err := ReadGreeting(bufio.NewReaderSize(strings.NewReader(string(in)), 16), 256)
		if err != nil {
			return
		}
		if g.Status != "OK" && g.Status != "PREAUTH" && g.Status != "BYE" {
			t.Fatalf("status %q", g.Status)
		}
		if strings.ContainsAny(g.Text, "\r\n\x00") || len(g.Text) > 200 {
			t.Fatalf("text %q", g.Text)
		}
	})
}

// server serves one greeting over implicit TLS.
func server(t *testing.T, cert tls.Certificate, greeting string) string {
	t.Helper()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
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
			go func() {
				defer c.Close()
				c.Write([]byte(greeting))
				bufio.NewReader(c).ReadString('\n')
			}()
		}
	}()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

func TestProbe(t *testing.T) {
	ca := tlstest.NewCA()
	good := ca.Leaf(tlstest.Opts{Names: []string{"imap.test"}})
	port := server(t, good, "* OK [CAPABILITY IMAP4rev1] ready\r\n")
	r := Probe(context.Background(), Config{Port: port, Timeout: 2 * time.Second, Roots: ca.Pool()}, "imap.test", "127.0.0.1")
	if r.Err != nil || r.Greeting.Status != "OK" || r.TLS.ChainErr != nil || r.TLS.NameErr != nil {
		t.Fatalf("%+v", r)
	}
	port = server(t, good, "HTTP/1.1 400\r\n")
	r = Probe(context.Background(), Config{Port: port, Timeout: 2 * time.Second, Roots: ca.Pool()}, "imap.test", "127.0.0.1")
	if r.Err == nil || r.TLS == nil {
		t.Fatalf("garbage greeting accepted: %+v", r)
	}
}
