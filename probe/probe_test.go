package probe

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/mailpick/mailpick/probe/dnstest"
)

// rsaKeyB64 returns a base64 SubjectPublicKeyInfo with a modulus of bits
// (built from two primes: rsa.GenerateKey refuses small sizes).
func rsaKeyB64(t testing.TB, bits int) string {
	t.Helper()
	p, _ := rand.Prime(rand.Reader, bits/2)
	q, _ := rand.Prime(rand.Reader, bits-bits/2)
	der, err := x509.MarshalPKIXPublicKey(&rsa.PublicKey{N: new(big.Int).Mul(p, q), E: 65537})
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(der)
}

var (
	keysOnce        sync.Once
	key512, key1024 string
	key2048a        string
)

func testKeys(t testing.TB) {
	keysOnce.Do(func() {
		key512, key1024, key2048a = rsaKeyB64(t, 512), rsaKeyB64(t, 1024), rsaKeyB64(t, 2048)
	})
}

// txtKey splits a long key into 200-byte character-strings.
func txtKey(prefix, key string) string {
	s := prefix + key
	var parts []string
	for len(s) > 200 {
		parts = append(parts, `"`+s[:200]+`"`)
		s = s[200:]
	}
	return strings.Join(append(parts, `"`+s+`"`), " ")
}

// zone is a test zone as lines, edited per case.
type zone []string

// without drops the lines starting with any prefix.
func (z zone) without(prefixes ...string) zone {
	var out zone
outer:
	for _, l := range z {
		for _, p := range prefixes {
			if strings.HasPrefix(l, p) {
				continue outer
			}
		}
		out = append(out, l)
	}
	return out
}

func (z zone) with(lines ...string) zone { return append(append(zone{}, z...), lines...) }

// goodZone passes every DNS-side check.
func goodZone(t testing.TB) zone {
	testKeys(t)
	rev6, _ := dns.ReverseAddr("2001:db8::1")
	return zone{
		"example.com. SOA ns.example.com. hostmaster.example.com. 1 3600 600 86400 300",
		"example.com. MX 10 mx1.example.com.",
		"example.com. MX 20 mx2.example.com.",
		"mx1.example.com. A 192.0.2.1",
		"mx1.example.com. AAAA 2001:db8::1",
		"mx2.example.com. A 192.0.2.2",
		"1.2.0.192.in-addr.arpa. PTR mx1.example.com.",
		"2.2.0.192.in-addr.arpa. PTR mx2.example.com.",
		rev6 + " PTR mx1.example.com.",
		`example.com. TXT "v=spf1 mx -all"`,
		`_dmarc.example.com. TXT "v=DMARC1; p=reject; rua=mailto:dmarc@example.com"`,
		"google._domainkey.example.com. TXT " + txtKey("v=DKIM1; k=rsa; p=", key2048a),
		`_mta-sts.example.com. TXT "v=STSv1; id=20260101"`,
		"mta-sts.example.com. A 127.0.0.1",
		`_smtp._tls.example.com. TXT "v=TLSRPTv1; rua=mailto:tlsrpt@example.com"`,
		`default._bimi.example.com. TXT "v=BIMI1; l=https://example.com/logo.svg"`,
		"example.com. DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==",
		"example.com. RRSIG DNSKEY 13 2 300 20300101000000 20200101000000 12345 example.com. AAAA",
		"example.com. DS 12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	}
}

const goodPolicy = "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmx: *.example.com\r\nmax_age: 604800\r\n"

// policyServer serves MTA-STS policies over TLS with a certificate for
// mta-sts.example.com from a CA made here.
type policyServer struct {
	roots *x509.CertPool
	port  int
	mu    sync.Mutex
	body  string
	code  int
}

func (ps *policyServer) set(code int, body string) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.code, ps.body = code, body
}

func newPolicyServer(t *testing.T, names ...string) *policyServer {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "probe test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, _ := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	ca, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: names[0]}, DNSNames: names,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, _ := x509.CreateCertificate(rand.Reader, leaf, ca, &key.PublicKey, caKey)
	ps := &policyServer{roots: x509.NewCertPool(), code: 200, body: goodPolicy}
	ps.roots.AddCert(ca)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ps.mu.Lock()
		code, body := ps.code, ps.body
		ps.mu.Unlock()
		if r.URL.Path != "/.well-known/mta-sts.txt" {
			http.NotFound(w, r)
			return
		}
		if code >= 300 && code < 400 {
			http.Redirect(w, r, "https://elsewhere.example/", code)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(code)
		w.Write([]byte(body))
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // handshake failures are expected
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	ps.port, _ = strconv.Atoi(port)
	return ps
}

// tcase is one probe run asserting one check's status.
type tcase struct {
	name   string
	zone   zone
	setup  func(*dnstest.Server, *policyServer)
	policy string // MTA-STS body; "" = goodPolicy
	code   int    // MTA-STS HTTP status; 0 = 200
	id     string
	want   Status
	in     string // substring the summary must contain
	// insecure: the resolver does not set AD for example.com.
	insecure bool
}

func runCases(t *testing.T, cases []tcase) {
	t.Helper()
	ps := newPolicyServer(t, "mta-sts.example.com")
	for _, tc := range cases {
		t.Run(tc.id+"/"+string(tc.want)+"/"+tc.name, func(t *testing.T) {
			srv := dnstest.New(t, strings.Join(tc.zone, "\n"))
			if !tc.insecure {
				srv.Secure("example.com")
			}
			body, code := tc.policy, tc.code
			if body == "" {
				body = goodPolicy
			}
			if code == 0 {
				code = 200
			}
			ps.set(code, body)
			if tc.setup != nil {
				tc.setup(srv, ps)
			}
			client := srv.Client()
			client.LookupTimeout = 500 * time.Millisecond
			cfg := Config{DNS: client, Roots: ps.roots, MTASTSPort: ps.port, Timeout: 5 * time.Second,
				DKIMSelectors: []string{"google", "s1", "selector1"}}
			res := Probe(context.Background(), cfg, "example.com")
			var got []Check
			for _, c := range res.Checks {
				if c.ID == tc.id {
					got = append(got, c)
				}
				if (c.Status == Warn || c.Status == Fail) && c.Fix == "" {
					t.Errorf("%s is %s without a fix: %s", c.ID, c.Status, c.Summary)
				}
				if c.Summary == "" {
					t.Errorf("%s has no summary", c.ID)
				}
			}
			if len(got) != 1 {
				t.Fatalf("%d results for %s, want 1", len(got), tc.id)
			}
			c := got[0]
			if c.Status != tc.want {
				t.Errorf("status %s, want %s: %s (fix: %s)", c.Status, tc.want, c.Summary, c.Fix)
			}
			if tc.in != "" && !strings.Contains(c.Summary+" | "+c.Fix, tc.in) {
				t.Errorf("summary %q / fix %q does not mention %q", c.Summary, c.Fix, tc.in)
			}
		})
	}
}

func TestAllPassOnGoodZone(t *testing.T) {
	ps := newPolicyServer(t, "mta-sts.example.com")
	srv := dnstest.New(t, strings.Join(goodZone(t), "\n"))
	srv.Secure("example.com")
	cfg := Config{DNS: srv.Client(), Roots: ps.roots, MTASTSPort: ps.port, DKIMSelectors: []string{"google"}}
	res := Probe(context.Background(), cfg, "example.com")
	seen := map[string]bool{}
	for _, c := range res.Checks {
		seen[c.ID] = true
		want := Pass
		switch c.ID {
		case "bimi.record":
			want = Info
		case "smtp.connect", "smtp.starttls", "smtp.tls_version", "smtp.certificate", "dane.tlsa", "client.submission", "client.imap",
			"sending.ptr", "sending.spf": // no --sending-ip
			want = Skip
		}
		if c.Status != want {
			t.Errorf("%s: %s (%s), want %s", c.ID, c.Status, c.Summary, want)
		}
		if _, ok := LookupCheck(c.ID); !ok {
			t.Errorf("check %s is not in the registry", c.ID)
		}
	}
	for _, info := range Registry {
		if !seen[info.ID] {
			t.Errorf("registry id %s missing from the result", info.ID)
		}
	}
	if res.Score != 100 || res.Grade != "A" {
		t.Errorf("score %d grade %s, want 100 A", res.Score, res.Grade)
	}
	if len(res.MX) != 2 || res.MX[0].Host != "mx1.example.com" || len(res.MX[0].Addresses) != 2 {
		t.Errorf("MX = %+v", res.MX)
	}
}

func TestMXChecks(t *testing.T) {
	g := goodZone(t)
	noMX := g.without("example.com. MX")
	cases := []tcase{
		{name: "present", zone: g, id: "mx.records", want: Pass},
		{name: "null MX", zone: noMX.with("example.com. MX 0 ."), id: "mx.records", want: Pass, in: "accepts no mail"},
		{name: "null MX mixed", zone: g.with("example.com. MX 0 ."), id: "mx.records", want: Warn},
		{name: "none", zone: noMX, id: "mx.records", want: Fail, in: "MX 0 ."},
		{name: "servfail", zone: g, setup: func(s *dnstest.Server, _ *policyServer) { s.ServFail("example.com") }, id: "mx.records", want: Error},

		{name: "all resolve", zone: g, id: "mx.resolve", want: Pass},
		{name: "cname", zone: g.without("mx2.").with("mx2.example.com. CNAME mx1.example.com."), id: "mx.resolve", want: Warn, in: "CNAME"},
		{name: "no address", zone: g.without("mx2.example.com. A"), id: "mx.resolve", want: Fail, in: "no A or AAAA"},
		{name: "IP literal", zone: g.with("example.com. MX 30 192.0.2.9."), id: "mx.resolve", want: Fail, in: "IP address"},
		{name: "servfail", zone: g, setup: func(s *dnstest.Server, _ *policyServer) { s.ServFail("mx2.example.com") }, id: "mx.resolve", want: Error},
		{name: "no MX", zone: noMX, id: "mx.resolve", want: Skip},

		{name: "has AAAA", zone: g, id: "mx.ipv6", want: Pass},
		{name: "no AAAA", zone: g.without("mx1.example.com. AAAA"), id: "mx.ipv6", want: Warn, in: "AAAA"},
		{name: "servfail", zone: g.without("mx1.example.com. AAAA"), setup: func(s *dnstest.Server, _ *policyServer) { s.ServFail("mx1.example.com") }, id: "mx.ipv6", want: Error},
		{name: "no MX", zone: noMX, id: "mx.ipv6", want: Skip},

		{name: "confirmed", zone: g, id: "mx.ptr", want: Pass},
		{name: "no PTR", zone: g.without("2.2.0.192"), id: "mx.ptr", want: Warn, in: "2.2.0.192.in-addr.arpa. PTR mx2.example.com."},
		{name: "not confirmed", zone: g.without("2.2.0.192").with("2.2.0.192.in-addr.arpa. PTR host.isp.example."), id: "mx.ptr", want: Warn, in: "does not resolve back"},
		{name: "servfail", zone: g, setup: func(s *dnstest.Server, _ *policyServer) { s.ServFail("2.2.0.192.in-addr.arpa") }, id: "mx.ptr", want: Error},
		{name: "no MX", zone: noMX, id: "mx.ptr", want: Skip},
	}
	runCases(t, cases)
}

func TestSPFChecks(t *testing.T) {
	g := goodZone(t)
	spf := func(rec string, extra ...string) zone {
		return g.without(`example.com. TXT "v=spf1`).with(append([]string{`example.com. TXT "` + rec + `"`}, extra...)...)
	}
	noSPF := g.without(`example.com. TXT "v=spf1`)
	many := "v=spf1" + strings.Repeat(" a:mx1.example.com", 11) + " -all"
	cases := []tcase{
		{name: "one", zone: g, id: "spf.record", want: Pass},
		{name: "none", zone: noSPF, id: "spf.record", want: Fail, in: "v=spf1 mx -all"},
		{name: "two", zone: g.with(`example.com. TXT "v=spf1 -all"`), id: "spf.record", want: Fail, in: "2 SPF records"},
		{name: "servfail", zone: g, setup: func(s *dnstest.Server, _ *policyServer) { s.ServFail("example.com") }, id: "spf.record", want: Error},

		{name: "valid", zone: g, id: "spf.syntax", want: Pass},
		{name: "redirect ignored", zone: spf("v=spf1 mx redirect=_spf.example.com -all", `_spf.example.com. TXT "v=spf1 -all"`), id: "spf.syntax", want: Warn},
		{name: "bad term", zone: spf("v=spf1 mx foo -all"), id: "spf.syntax", want: Fail},
		{name: "include without record", zone: spf("v=spf1 include:nospf.example.com -all", `nospf.example.com. TXT "hello"`), id: "spf.syntax", want: Fail, in: "nospf.example.com"},
		{name: "include servfail", zone: spf("v=spf1 include:broken.example.com -all"), setup: func(s *dnstest.Server, _ *policyServer) { s.ServFail("broken.example.com") }, id: "spf.syntax", want: Error},
		{name: "no record", zone: noSPF, id: "spf.syntax", want: Skip},

		{name: "few", zone: g, id: "spf.lookups", want: Pass},
		{name: "eleven", zone: spf(many), id: "spf.lookups", want: Fail, in: "11"},
		{name: "incomplete", zone: spf("v=spf1 include:broken.example.com -all"), setup: func(s *dnstest.Server, _ *policyServer) { s.ServFail("broken.example.com") }, id: "spf.lookups", want: Error},
		{name: "no record", zone: noSPF, id: "spf.lookups", want: Skip},

		{name: "none void", zone: g, id: "spf.void_lookups", want: Pass},
		{name: "one void", zone: spf("v=spf1 mx a:gone.example.com -all"), id: "spf.void_lookups", want: Warn, in: "gone.example.com"},
		{name: "three void", zone: spf("v=spf1 a:gone1.example.com a:gone2.example.com a:gone3.example.com -all"), id: "spf.void_lookups", want: Fail},
		{name: "no record", zone: noSPF, id: "spf.void_lookups", want: Skip},

		{name: "-all", zone: g, id: "spf.policy", want: Pass},
		{name: "~all", zone: spf("v=spf1 mx ~all"), id: "spf.policy", want: Pass, in: "softfail"},
		{name: "?all", zone: spf("v=spf1 mx ?all"), id: "spf.policy", want: Warn},
		{name: "no all", zone: spf("v=spf1 mx"), id: "spf.policy", want: Warn},
		{name: "+all", zone: spf("v=spf1 +all"), id: "spf.policy", want: Fail, in: "every server"},
		{name: "no record", zone: noSPF, id: "spf.policy", want: Skip},

		{name: "no ptr", zone: g, id: "spf.ptr", want: Pass},
		{name: "ptr", zone: spf("v=spf1 ptr -all"), id: "spf.ptr", want: Warn},
		{name: "no record", zone: noSPF, id: "spf.ptr", want: Skip},
	}
	// When the SPF record itself cannot be fetched, nothing about SPF is
	// measured: every spf check is error, none is fail.
	for _, id := range []string{"spf.syntax", "spf.lookups", "spf.void_lookups", "spf.policy", "spf.ptr"} {
		cases = append(cases, tcase{name: "record servfail", zone: g, setup: func(s *dnstest.Server, _ *policyServer) { s.ServFail("example.com") }, id: id, want: Error})
	}
	runCases(t, cases)
}

func TestDMARCChecks(t *testing.T) {
	g := goodZone(t)
	dm := func(rec string, extra ...string) zone {
		return g.without("_dmarc.example.com.").with(append([]string{`_dmarc.example.com. TXT "` + rec + `"`}, extra...)...)
	}
	none := g.without("_dmarc.example.com.")
	authz := "example.com._report._dmarc.reports.example.net. TXT \"v=DMARC1\""
	cases := []tcase{
		{name: "one", zone: g, id: "dmarc.record", want: Pass},
		{name: "none", zone: none, id: "dmarc.record", want: Fail, in: `_dmarc.example.com. TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com"`},
		{name: "two", zone: g.with(`_dmarc.example.com. TXT "v=DMARC1; p=none"`), id: "dmarc.record", want: Fail},
		{name: "servfail", zone: g, setup: func(s *dnstest.Server, _ *policyServer) { s.ServFail("_dmarc.example.com") }, id: "dmarc.record", want: Error},

		{name: "valid", zone: g, id: "dmarc.syntax", want: Pass},
		{name: "unknown tag", zone: dm("v=DMARC1; p=reject; rua=mailto:d@example.com; foo=bar"), id: "dmarc.syntax", want: Pass, in: `unknown tag "foo" is ignored`},
		{name: "bad policy", zone: dm("v=DMARC1; p=maybe"), id: "dmarc.syntax", want: Fail},
		{name: "no record", zone: none, id: "dmarc.syntax", want: Skip},

		{name: "reject", zone: g, id: "dmarc.policy", want: Pass},
		{name: "quarantine", zone: dm("v=DMARC1; p=quarantine; rua=mailto:d@example.com"), id: "dmarc.policy", want: Pass},
		{name: "none", zone: dm("v=DMARC1; p=none; rua=mailto:d@example.com"), id: "dmarc.policy", want: Warn, in: "p=quarantine"},
		{name: "pct", zone: dm("v=DMARC1; p=reject; pct=50; rua=mailto:d@example.com"), id: "dmarc.policy", want: Pass, in: "RFC 7489 differ: they apply reject to only 50%"},
		{name: "no record", zone: none, id: "dmarc.policy", want: Skip},
		{name: "invalid record", zone: dm("v=DMARC1; p=maybe"), id: "dmarc.policy", want: Skip},

		{name: "internal rua", zone: g, id: "dmarc.reporting", want: Pass},
		{name: "authorized external", zone: dm("v=DMARC1; p=reject; rua=mailto:d@reports.example.net", authz), id: "dmarc.reporting", want: Pass, in: "authorized"},
		{name: "unauthorized external", zone: dm("v=DMARC1; p=reject; rua=mailto:d@reports.example.net"), id: "dmarc.reporting", want: Warn, in: `example.com._report._dmarc.reports.example.net. TXT "v=DMARC1"`},
		{name: "no rua", zone: dm("v=DMARC1; p=reject"), id: "dmarc.reporting", want: Warn, in: "rua=mailto:dmarc@example.com"},
		{name: "authorization servfail", zone: dm("v=DMARC1; p=reject; rua=mailto:d@reports.example.net"), setup: func(s *dnstest.Server, _ *policyServer) {
			s.ServFail("example.com._report._dmarc.reports.example.net")
		}, id: "dmarc.reporting", want: Error},
		{name: "no record", zone: none, id: "dmarc.reporting", want: Skip},
	}
	for _, id := range []string{"dmarc.syntax", "dmarc.policy", "dmarc.reporting"} {
		cases = append(cases, tcase{name: "record servfail", zone: g, setup: func(s *dnstest.Server, _ *policyServer) { s.ServFail("_dmarc.example.com") }, id: id, want: Error})
	}
	runCases(t, cases)
}

func TestDKIMChecks(t *testing.T) {
	g := goodZone(t)
	noKey := g.without("google._domainkey")
	cases := []tcase{
		{name: "2048", zone: g, id: "dkim.keys", want: Pass, in: "rsa 2048-bit"},
		{name: "ed25519", zone: noKey.with(`s1._domainkey.example.com. TXT "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="`), id: "dkim.keys", want: Pass, in: "ed25519"},
		{name: "revoked only", zone: noKey.with(`s1._domainkey.example.com. TXT "v=DKIM1; k=rsa; p="`), id: "dkim.keys", want: Info, in: "no usable DKIM key: only revoked keys (empty p=) at s1"},
		{name: "revoked next to a key", zone: g.with(`s1._domainkey.example.com. TXT "v=DKIM1; p="`), id: "dkim.keys", want: Pass, in: "revoked (empty p=): s1"},
		{name: "revoked wildcard", zone: noKey.with(`*._domainkey.example.com. TXT "v=DKIM1; p="`), id: "dkim.keys", want: Info, in: "revoked wildcard"},
		{name: "1024", zone: noKey.with("s1._domainkey.example.com. TXT " + txtKey("v=DKIM1; p=", key1024)), id: "dkim.keys", want: Warn, in: "1024"},
		{name: "testing flag", zone: noKey.with("s1._domainkey.example.com. TXT " + txtKey("v=DKIM1; t=y; p=", key2048a)), id: "dkim.keys", want: Warn, in: "t=y"},
		{name: "512", zone: g.with("s1._domainkey.example.com. TXT " + txtKey("v=DKIM1; p=", key512)), id: "dkim.keys", want: Fail, in: "512"},
		{name: "broken", zone: g.with(`s1._domainkey.example.com. TXT "v=DKIM1; p=!!notbase64"`), id: "dkim.keys", want: Fail, in: "broken key"},
		{name: "none", zone: noKey, id: "dkim.keys", want: Info, in: "given selectors: google, s1, selector1"},
		{name: "wildcard only", zone: noKey.with(`*._domainkey.example.com. TXT "v=DKIM1; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="`), id: "dkim.keys", want: Info},
		{name: "servfail", zone: noKey, setup: func(s *dnstest.Server, _ *policyServer) { s.ServFail("google._domainkey.example.com") }, id: "dkim.keys", want: Error},
	}
	runCases(t, cases)
}

func TestMTASTSChecks(t *testing.T) {
	g := goodZone(t)
	rec := func(txt ...string) zone {
		z := g.without("_mta-sts.example.com.")
		for _, t := range txt {
			z = z.with(`_mta-sts.example.com. TXT "` + t + `"`)
		}
		return z
	}
	cases := []tcase{
		{name: "valid", zone: g, id: "mtasts.record", want: Pass},
		{name: "absent", zone: rec(), id: "mtasts.record", want: Warn, in: "_mta-sts.example.com. TXT"},
		{name: "no id", zone: rec("v=STSv1;"), id: "mtasts.record", want: Fail, in: "id"},
		{name: "two", zone: rec("v=STSv1; id=1", "v=STSv1; id=2"), id: "mtasts.record", want: Fail},
		{name: "servfail", zone: g, setup: func(s *dnstest.Server, _ *policyServer) { s.ServFail("_mta-sts.example.com") }, id: "mtasts.record", want: Error},

		{name: "enforce covers MX", zone: g, id: "mtasts.policy", want: Pass, in: "7 days"},
		{name: "testing", zone: g, policy: strings.Replace(goodPolicy, "enforce", "testing", 1), id: "mtasts.policy", want: Warn, in: "mode: enforce"},
		{name: "none", zone: g, policy: "version: STSv1\r\nmode: none\r\nmax_age: 86400\r\n", id: "mtasts.policy", want: Warn},
		{name: "short max_age", zone: g, policy: strings.Replace(goodPolicy, "604800", "300", 1), id: "mtasts.policy", want: Warn, in: "max_age"},
		{name: "testing with uncovered MX", zone: g, policy: "version: STSv1\r\nmode: testing\r\nmx: mx1.example.com\r\nmax_age: 604800\r\n", id: "mtasts.policy", want: Warn, in: "mx: mx2.example.com"},
		{name: "uncovered MX", zone: g, policy: "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmax_age: 604800\r\n", id: "mtasts.policy", want: Fail, in: "mx2.example.com"},
		{name: "404", zone: g, code: 404, id: "mtasts.policy", want: Fail, in: "HTTP 404"},
		{name: "redirect", zone: g, code: 302, id: "mtasts.policy", want: Fail, in: "redirect"},
		{name: "invalid policy", zone: g, policy: "<html>hello</html>", id: "mtasts.policy", want: Fail},
		{name: "untrusted certificate", zone: g, setup: func(_ *dnstest.Server, ps *policyServer) {
			ps.roots = x509.NewCertPool() // trusts nothing; restored below
		}, id: "mtasts.policy", want: Fail, in: "certificate"},
		{name: "no address", zone: g.without("mta-sts.example.com."), id: "mtasts.policy", want: Fail, in: "no address"},
		{name: "unreachable", zone: g, setup: func(s *dnstest.Server, _ *policyServer) { s.Drop("mta-sts.example.com") }, id: "mtasts.policy", want: Error},
		{name: "no record", zone: rec(), id: "mtasts.policy", want: Skip},
	}
	// The untrusted-certificate case swaps the pool; give each case the
	// right one back.
	for i := range cases {
		if cases[i].name != "untrusted certificate" {
			continue
		}
		setup := cases[i].setup
		cases[i].setup = func(s *dnstest.Server, ps *policyServer) {
			saved := ps.roots
			setup(s, ps)
			t.Cleanup(func() { ps.roots = saved })
		}
	}
	runCases(t, cases)
}

func TestTLSRPTAndBIMI(t *testing.T) {
	g := goodZone(t)
	cases := []tcase{
		{name: "valid", zone: g, id: "tlsrpt.record", want: Pass, in: "mailto:tlsrpt@example.com"},
		{name: "absent", zone: g.without("_smtp._tls"), id: "tlsrpt.record", want: Warn, in: `_smtp._tls.example.com. TXT "v=TLSRPTv1; rua=mailto:tlsrpt@example.com"`},
		{name: "invalid", zone: g.without("_smtp._tls").with(`_smtp._tls.example.com. TXT "v=TLSRPTv1; rua=http://x.example/"`), id: "tlsrpt.record", want: Fail},
		{name: "two", zone: g.with(`_smtp._tls.example.com. TXT "v=TLSRPTv1; rua=mailto:b@example.com"`), id: "tlsrpt.record", want: Fail},
		{name: "servfail", zone: g, setup: func(s *dnstest.Server, _ *policyServer) { s.ServFail("_smtp._tls.example.com") }, id: "tlsrpt.record", want: Error},

		{name: "present", zone: g, id: "bimi.record", want: Info, in: "logo.svg"},
		{name: "absent", zone: g.without("default._bimi"), id: "bimi.record", want: Info, in: "no BIMI"},
		{name: "servfail", zone: g, setup: func(s *dnstest.Server, _ *policyServer) { s.ServFail("default._bimi.example.com") }, id: "bimi.record", want: Error},
	}
	runCases(t, cases)
}

func TestDNSSECChecks(t *testing.T) {
	g := goodZone(t)
	unsigned := g.without("example.com. DNSKEY", "example.com. RRSIG", "example.com. DS")
	otherMX := g.without("example.com. MX").with("example.com. MX 10 mx.other.example.", "mx.other.example. A 192.0.2.50", "50.2.0.192.in-addr.arpa. PTR mx.other.example.")
	cases := []tcase{
		{name: "signed and validated", zone: g, id: "dnssec.domain", want: Pass},
		{name: "unsigned", zone: unsigned, insecure: true, id: "dnssec.domain", want: Fail, in: "not DNSSEC-signed"},
		{name: "signed without DS", zone: g.without("example.com. DS"), insecure: true, id: "dnssec.domain", want: Warn, in: "no DS"},
		{name: "resolver not validating", zone: g, insecure: true, id: "dnssec.domain", want: Error, in: "validating resolver"},
		{name: "bogus", zone: g, setup: func(s *dnstest.Server, _ *policyServer) { s.Bogus("example.com") }, id: "dnssec.domain", want: Fail, in: "bogus"},
		{name: "servfail even with CD", zone: g, setup: func(s *dnstest.Server, _ *policyServer) { s.ServFail("example.com") }, id: "dnssec.domain", want: Error},

		{name: "validated", zone: g, id: "dnssec.mx", want: Pass},
		{name: "MX unsigned", zone: unsigned, insecure: true, id: "dnssec.mx", want: Fail},
		{name: "MX in unsigned zone", zone: otherMX, id: "dnssec.mx", want: Fail, in: "mx.other.example"},
		{name: "bogus MX", zone: g, setup: func(s *dnstest.Server, _ *policyServer) { s.Bogus("mx2.example.com") }, id: "dnssec.mx", want: Fail, in: "bogus"},
		{name: "servfail MX", zone: g, setup: func(s *dnstest.Server, _ *policyServer) { s.ServFail("mx2.example.com") }, id: "dnssec.mx", want: Error},
		{name: "no MX", zone: g.without("example.com. MX"), id: "dnssec.mx", want: Skip},
	}
	runCases(t, cases)
}

// BenchmarkProbe measures one domain's DNS-side probe against a server
// that holds every answer for 2 ms, as a nearby resolver would: with the
// lookups concurrent, the time approaches the longest chain of dependent
// queries, not their sum.
func BenchmarkProbe(b *testing.B) {
	srv := dnstest.New(b, strings.Join(goodZone(b), "\n"))
	srv.Secure("example.com")
	srv.Delay(2 * time.Millisecond)
	cfg := Config{DNS: srv.Client(), DKIMSelectors: []string{"google", "s1", "selector1"}, MTASTSPort: 1}
	queries := 0
	for b.Loop() {
		before := len(srv.Queries())
		Probe(context.Background(), cfg, "example.com")
		queries = len(srv.Queries()) - before
	}
	b.ReportMetric(float64(queries), "queries/op")
}
