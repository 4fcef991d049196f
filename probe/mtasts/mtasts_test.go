package mtasts

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mailpick/mailpick/probe/dnstest"
)

func TestParseRecord(t *testing.T) {
	tests := []struct {
		in, id, err string
	}{
		{in: "v=STSv1; id=20160831085700Z;", id: "20160831085700Z"},
		{in: "v=STSv1;id=abc", id: "abc"},
		{in: "v=STSv1; id=1; ext-1=val", id: "1"},
		{in: "v=STSv2; id=1", err: "v=STSv1"},
		{in: "id=1; v=STSv1", err: "v=STSv1"},
		{in: "v=STSv1", err: `missing "id"`},
		{in: "v=STSv1; id=", err: "letters and digits"},
		{in: "v=STSv1; id=has-dash", err: "letters and digits"},
		{in: "v=STSv1; id=" + strings.Repeat("a", 33), err: "letters and digits"},
		{in: "v=STSv1; id=1; id=2", err: "twice"},
		{in: "v=STSv1; id=1; junk", err: "key=value"},
		{in: "v=STSv1; id=1; x=a b", err: "extension"},
	}
	for _, tt := range tests {
		r, err := ParseRecord(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: err = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || r.ID != tt.id {
			t.Errorf("%q: %+v, %v", tt.in, r, err)
		}
	}
}

func TestParsePolicy(t *testing.T) {
	tests := []struct {
		in     string
		mode   string
		mx     int
		maxAge int
		notes  int
		err    string
	}{
		{in: "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n", mode: "enforce", mx: 2, maxAge: 604800},
		// sts-policy-term-delim = LF / CRLF (RFC 8461 §3.2): LF is valid,
		// and so is a mix, with nothing to report.
		{in: "version: STSv1\nmode: testing\nmx: mx.example.com\nmax_age: 86400\n", mode: "testing", mx: 1, maxAge: 86400},
		{in: "version: STSv1\nmode: enforce\r\nmx: mx.example.com\nmax_age: 86400", mode: "enforce", mx: 1, maxAge: 86400},
		{in: "version: STSv1\r\nmode: none\r\nmax_age: 0\r\n", mode: "none", maxAge: 0},
		// An extension key is allowed and ignored: a note, not a warning.
		{in: "version: STSv1\r\nmode: enforce\r\nmx: a.example\r\nmax_age: 1\r\nfoo: bar\r\n", mode: "enforce", mx: 1, maxAge: 1, notes: 1},
		{in: "version: STSv1\r\nmode: enforce\r\nmax_age: +86400\r\n", err: "max_age"},
		{in: "mode: enforce\r\nmx: a.example\r\nmax_age: 1\r\n", err: `missing "version`},
		{in: "version: STSv1\r\nmx: a.example\r\nmax_age: 1\r\n", err: `missing "mode"`},
		{in: "version: STSv1\r\nmode: enforce\r\nmx: a.example\r\n", err: `missing "max_age"`},
		{in: "version: STSv1\r\nmode: enforce\r\nmax_age: 1\r\n", err: `no "mx"`},
		{in: "version: STSv2\r\n", err: "want STSv1"},
		{in: "version: STSv1\r\nmode: strict\r\n", err: "enforce, testing or none"},
		{in: "version: STSv1\r\nmode: enforce\r\nmax_age: 31557601\r\n", err: "max_age"},
		{in: "version: STSv1\r\nmode: enforce\r\nmax_age: -1\r\n", err: "max_age"},
		{in: "version: STSv1\r\nmode: enforce\r\nmx: *.*.example\r\n", err: "pattern"},
		{in: "version: STSv1\r\nmode: enforce\r\nmode: none\r\n", err: "twice"},
		{in: "<html>not found</html>", err: "key: value"},
		{in: strings.Repeat("x", MaxPolicySize+1), err: "larger"},
	}
	for _, tt := range tests {
		p, err := ParsePolicy(tt.in)
		name := clip(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: err = %v, want %q", name, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", name, err)
			continue
		}
		if p.Mode != tt.mode || len(p.MX) != tt.mx || p.MaxAge != tt.maxAge || len(p.Warnings) != 0 || len(p.Notes) != tt.notes {
			t.Errorf("%q: got %+v", name, p)
		}
	}
}

func TestMatches(t *testing.T) {
	p := &Policy{MX: []string{"mail.example.com", "*.example.net"}}
	for host, want := range map[string]bool{
		"mail.example.com":  true,
		"MAIL.example.com.": true,
		"mx1.example.net":   true,
		"a.b.example.net":   false,
		"example.net":       false,
		"other.example.com": false,
		".example.net":      false,
	} {
		if got := p.Matches(host); got != want {
			t.Errorf("Matches(%q) = %v, want %v", host, got, want)
		}
	}
}

// testCA makes a CA and a leaf certificate for names.
func testCA(t *testing.T, names ...string) (*x509.CertPool, tls.Certificate) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: names[0]}, DNSNames: names,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	return pool, tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func TestFetch(t *testing.T) {
	const good = "version: STSv1\r\nmode: enforce\r\nmx: mx.example.com\r\nmax_age: 86400\r\n"
	pool, cert := testCA(t, "mta-sts.example.com", "mta-sts.redirect.example", "mta-sts.missing.example", "mta-sts.big.example", "mta-sts.html.example")
	_, wrongCert := testCA(t, "mta-sts.example.com")
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/mta-sts.txt", func(w http.ResponseWriter, r *http.Request) {
		switch r.Host {
		case "mta-sts.example.com", "mta-sts.other.example":
			w.Header().Set("Content-Type", "text/plain")
			w.Write([]byte(good))
		case "mta-sts.redirect.example":
			http.Redirect(w, r, "https://elsewhere.example/", http.StatusFound)
		case "mta-sts.big.example":
			w.Write([]byte(strings.Repeat("#", MaxPolicySize+10)))
		case "mta-sts.html.example":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(good))
		default:
			http.NotFound(w, r)
		}
	})
	start := func(c tls.Certificate) int {
		srv := httptest.NewUnstartedServer(mux)
		srv.TLS = &tls.Config{Certificates: []tls.Certificate{c}}
		srv.StartTLS()
		t.Cleanup(srv.Close)
		_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
		n, _ := strconv.Atoi(port)
		return n
	}
	port := start(cert)
	wrongPort := start(wrongCert)

	dnsSrv := dnstest.New(t, `
mta-sts.example.com.  A 127.0.0.1
mta-sts.redirect.example. A 127.0.0.1
mta-sts.missing.example. A 127.0.0.1
mta-sts.big.example. A 127.0.0.1
mta-sts.html.example. A 127.0.0.1
mta-sts.other.example. A 127.0.0.1
mta-sts.silent.example. A 127.0.0.1
`)
	dnsSrv.Drop("mta-sts.silent.example")
	f := NewFetcher(dnsSrv.Client(), pool)
	f.Port = port
	f.Timeout = 2 * time.Second

	tests := []struct {
		domain      string
		port        int
		err         string
		unreachable bool
		warnings    int
	}{
		{domain: "example.com"},
		{domain: "html.example", warnings: 1},
		{domain: "redirect.example", err: "redirects"},
		{domain: "missing.example", err: "HTTP 404"},
		{domain: "big.example", err: "larger than"},
		{domain: "other.example", err: "certificate"}, // name not in the certificate
		{domain: "example.com", port: wrongPort, err: "certificate"},
		{domain: "nxdomain.example", err: "no address"},
		{domain: "silent.example", err: "could not reach", unreachable: true},
	}
	for _, tt := range tests {
		f.Port = port
		if tt.port != 0 {
			f.Port = tt.port
		}
		if tt.domain == "silent.example" {
			f.Timeout = 300 * time.Millisecond
		}
		p, _, err := f.Fetch(context.Background(), tt.domain)
		if tt.err != "" {
			var fe *FetchError
			if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.As(err, &fe) || fe.Unreachable != tt.unreachable {
				t.Errorf("%s: err = %v, want %q (unreachable %v)", tt.domain, err, tt.err, tt.unreachable)
			}
			continue
		}
		if err != nil || p.Mode != "enforce" || !p.Matches("mx.example.com") || len(p.Warnings) != tt.warnings {
			t.Errorf("%s: %+v, %v", tt.domain, p, err)
		}
	}

	// Without the test CA, the system roots do not trust the server.
	f2 := NewFetcher(dnsSrv.Client(), nil)
	f2.Port = port
	if _, _, err := f2.Fetch(context.Background(), "example.com"); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("system roots trusted a test certificate: %v", err)
	}
}

func TestLookup(t *testing.T) {
	srv := dnstest.New(t, `
_mta-sts.example.com. TXT "v=STSv1; id=1"
_mta-sts.example.com. TXT "unrelated"
`)
	got, err := Lookup(context.Background(), srv.Client(), "example.com")
	if err != nil || len(got) != 1 {
		t.Errorf("Lookup = %q, %v", got, err)
	}
	if URL("example.com.") != "https://mta-sts.example.com/.well-known/mta-sts.txt" {
		t.Errorf("URL = %s", URL("example.com."))
	}
}

func FuzzParseRecord(f *testing.F) {
	f.Add("v=STSv1; id=20160831085700Z;")
	f.Add("v=STSv1; id=1; ext.name-x=value")
	f.Add("v=STSv1; id=2026-01-01; ext=ok; bad ext=x; id=2")
	f.Add("v=STSv1x;")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRecord(s)
		if err == nil && (r.ID == "" || len(r.ID) > 32 || !alnum(r.ID)) {
			t.Fatalf("bad id accepted: %q", r.ID)
		}
		// A repaired record always parses, and a valid one is left alone.
		if !strings.HasPrefix(strings.Trim(s, " \t"), "v=STSv1") {
			return
		}
		fixed := RepairRecord(s, "20260101")
		if _, ferr := ParseRecord(fixed); ferr != nil {
			t.Fatalf("RepairRecord(%q) = %q: %v", s, fixed, ferr)
		}
		if err == nil && fixed != s {
			t.Fatalf("RepairRecord changed a valid record: %q → %q", s, fixed)
		}
	})
}

func TestRepairRecord(t *testing.T) {
	for in, want := range map[string]string{
		"v=STSv1; id=1":                         "v=STSv1; id=1",
		"v=STSv1;":                              "v=STSv1; id=20260101;",
		"v=STSv1; id=2026-01-01; ext=1":         "v=STSv1; id=20260101; ext=1",
		"v=STSv1; id=1; id=2; junk; ok_ext=yes": "v=STSv1; id=1; ok_ext=yes",
		"v=STSv1; bad ext=x; id=a1":             "v=STSv1; id=a1",
		"v=STSv1x; id=1":                        "v=STSv1; id=1",
	} {
		if got := RepairRecord(in, "20260101"); got != want {
			t.Errorf("RepairRecord(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParsePolicy(f *testing.F) {
	f.Add("version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n")
	f.Add("version: STSv1\nmode: none\nmax_age: 0\n")
	f.Add("version: STSv1\nmode: enforce\r\nmx: *.example.com\nmax_age: 0010\nx-ext: y\n")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePolicy(s)
		if err != nil {
			return
		}
		if p.MaxAge < 0 || p.MaxAge > 31557600 {
			t.Fatalf("max_age %d accepted", p.MaxAge)
		}
		if p.Mode != "none" && len(p.MX) == 0 {
			t.Fatalf("mode %s without mx accepted", p.Mode)
		}
		for _, pat := range p.MX {
			if strings.Count(pat, "*") > 1 {
				t.Fatalf("pattern %q accepted", pat)
			}
		}
	})
}
