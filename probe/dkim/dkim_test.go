package dkim

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"math/big"
	"strings"
	"testing"

	"github.com/mailpick/mailpick/probe/dnsclient"
	"github.com/mailpick/mailpick/probe/dnstest"
)

// rsaKey returns base64 SubjectPublicKeyInfo for an RSA modulus of bits.
// Only the public half is needed, so the modulus is built from two primes
// (rsa.GenerateKey refuses sizes below 1024).
func rsaKey(t testing.TB, bits int) string {
	t.Helper()
	p, err := rand.Prime(rand.Reader, bits/2)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := rand.Prime(rand.Reader, bits-bits/2)
	der, err := x509.MarshalPKIXPublicKey(&rsa.PublicKey{N: new(big.Int).Mul(p, q), E: 65537})
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(der)
}

func TestParse(t *testing.T) {
	k1024 := rsaKey(t, 1024)
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	ed := base64.StdEncoding.EncodeToString(pub)
	p, _ := rand.Prime(rand.Reader, 512)
	q, _ := rand.Prime(rand.Reader, 512)
	pkcs1 := base64.StdEncoding.EncodeToString(x509.MarshalPKCS1PublicKey(&rsa.PublicKey{N: new(big.Int).Mul(p, q), E: 3}))
	// Long keys are split into several strings with spaces in zone files.
	spaced := k1024[:50] + " " + k1024[50:]

	tests := []struct {
		in      string
		typ     string
		bits    int
		revoked bool
		testing bool
		notes   int
		err     string
	}{
		{in: "v=DKIM1; k=rsa; p=" + k1024, typ: "rsa", bits: 1024},
		{in: "p=" + spaced, typ: "rsa", bits: 1024},
		{in: "v=DKIM1; k=ed25519; p=" + ed, typ: "ed25519", bits: 256},
		{in: "v=DKIM1; p=", typ: "rsa", revoked: true},
		{in: "v=DKIM1; t=y:s; h=sha256; s=email; p=" + k1024, typ: "rsa", bits: 1024, testing: true},
		// What RFC 6376 tells verifiers to ignore is a note, not a fault.
		{in: "v=DKIM1; h=md5:sha256; x=1; p=" + k1024, typ: "rsa", bits: 1024, notes: 2},
		// A bare RSAPublicKey is what RFC 6376 §3.6.1 literally says.
		{in: "p=" + pkcs1, typ: "rsa", bits: 1024, notes: 1},
		{in: "v=DKIM1; s=email:tlsrpt; p=" + k1024, typ: "rsa", bits: 1024},
		{in: "v=DKIM1; s=*; p=", typ: "rsa", revoked: true},
		{in: "v=DKIM1; h=sha1; p=" + k1024, err: "RFC 8301"},
		{in: "v=DKIM1; h=md5; p=" + k1024, err: "allows no hash"},
		{in: "v=DKIM1; s=tlsrpt; p=" + k1024, err: "does not list email"},
		{in: "v=DKIM1; k=rsa", err: `missing required tag "p"`},
		{in: "v=DKIM2; p=" + k1024, err: "want DKIM1"},
		{in: "k=rsa; v=DKIM1; p=" + k1024, err: `"v" must be the first`},
		{in: "v=DKIM1; k=dsa; p=" + k1024, err: "want rsa or ed25519"},
		{in: "v=DKIM1; p=not*base64", err: "base64"},
		{in: "v=DKIM1; p=" + ed, err: "not an RSA public key"},
		{in: "v=DKIM1; k=ed25519; p=" + k1024, err: "want 32"},
		{in: "v=DKIM1; p=a; p=b", err: "twice"},
		{in: "v=DKIM1;; p=" + ed, err: "empty tag"},
		{in: "v=DKIM1; p", err: "not tag=value"},
	}
	for _, tt := range tests {
		name := tt.in
		if len(name) > 50 {
			name = name[:50]
		}
		t.Run(name, func(t *testing.T) {
			k, err := Parse(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if k.KeyType != tt.typ || k.Bits != tt.bits || k.Revoked != tt.revoked || k.Testing() != tt.testing || len(k.Notes) != tt.notes {
				t.Errorf("got type %s bits %d revoked %v testing %v notes %q", k.KeyType, k.Bits, k.Revoked, k.Testing(), k.Notes)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	k2048 := rsaKey(t, 2048)
	zone := `
google._domainkey.example.com.    TXT "v=DKIM1; k=rsa; p=` + k2048[:200] + `" "` + k2048[200:] + `"
selector1._domainkey.example.com. CNAME selector1-example-com._domainkey.tenant.example.net.
selector1-example-com._domainkey.tenant.example.net. TXT "v=DKIM1; p="
k1._domainkey.example.com.        TXT "v=spf1 -all"
*._domainkey.wild.example.com.    TXT "v=DKIM1; p=` + k2048 + `"
s1._domainkey.wild.example.com.   TXT "v=DKIM1; k=rsa; p=` + k2048 + `; t=s"
`
	srv := dnstest.New(t, zone)
	srv.ServFail("s2._domainkey.example.com")
	c := srv.Client()
	ctx := context.Background()
	selectors := []string{"google", "selector1", "k1", "s2", "default"}

	res := Lookup(ctx, c, "example.com", selectors)
	got := map[string]Found{}
	for _, f := range res.Found {
		got[f.Selector] = f
	}
	if len(got) != 3 {
		t.Fatalf("found %d selectors (%v), want google, selector1, s2", len(got), got)
	}
	if f := got["google"]; f.Key == nil || f.Key.Bits != 2048 {
		t.Errorf("google: %+v", f)
	}
	if f := got["selector1"]; f.Key == nil || !f.Key.Revoked {
		t.Errorf("selector1 via CNAME: %+v, want a revoked key", f)
	}
	if f := got["s2"]; !dnsclient.IsUnmeasured(f.Err) {
		t.Errorf("s2: %+v, want a SERVFAIL error", f)
	}
	if len(res.Wildcard) != 0 {
		t.Errorf("wildcard reported on a zone without one: %q", res.Wildcard)
	}

	res = Lookup(ctx, c, "wild.example.com", []string{"google", "s1", "default"})
	if len(res.Wildcard) != 1 {
		t.Fatalf("wildcard not detected: %+v", res)
	}
	if len(res.Found) != 1 || res.Found[0].Selector != "s1" {
		t.Errorf("wildcard counted as keys: %+v; want only s1, whose record differs", res.Found)
	}
	for _, q := range srv.Queries() {
		if strings.HasPrefix(q.Name, "mailpick-") && !strings.HasSuffix(q.Name, "._domainkey.wild.example.com.") && !strings.HasSuffix(q.Name, "._domainkey.example.com.") {
			t.Errorf("random selector asked at the wrong name %q", q.Name)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("v=DKIM1; k=rsa; p=" + rsaKey(f, 1024))
	f.Add("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
	f.Add("v=DKIM1; h=sha256:sha1; s=email:*; t=y:s; n=notes; p=")
	f.Add("v=DKIM1; h=sha1; p=")
	f.Add("v=DKIM1; s=tlsrpt; x=future; h=md5:sha256; p=")
	f.Add("v=DKIM1; k=rsa; s=; p=")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := Parse(s)
		if err != nil {
			return
		}
		if k.Revoked != (k.Public == nil) {
			t.Fatalf("revoked %v but public key %T", k.Revoked, k.Public)
		}
		if !k.Revoked && k.Bits <= 0 {
			t.Fatalf("key without size: %+v", k)
		}
		if k.KeyType != "rsa" && k.KeyType != "ed25519" {
			t.Fatalf("key type %q accepted", k.KeyType)
		}
	})
}
