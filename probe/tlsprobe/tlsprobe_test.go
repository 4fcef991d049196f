package tlsprobe_test

import (
	"crypto/tls"
	"crypto/x509"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mailpick/mailpick/probe/tlsprobe"
	"github.com/mailpick/mailpick/probe/tlsprobe/tlstest"
)

func state(c tls.Certificate) tls.ConnectionState {
	var chain []*x509.Certificate
	for _, der := range c.Certificate {
		x, _ := x509.ParseCertificate(der)
		chain = append(chain, x)
	}
	return tls.ConnectionState{Version: tls.VersionTLS12, CipherSuite: tls.TLS_ECDHE_RSA_WITH_RC4_128_SHA, PeerCertificates: chain}
}

func TestInspect(t *testing.T) {
	ca := tlstest.NewCA()
	other := tlstest.NewCA()
	now := time.Now()
	tests := []struct {
		name     string
		cert     tls.Certificate
		roots    *x509.CertPool
		chainErr string
		nameErr  bool
		expired  bool
		key      string
	}{
		{name: "good", cert: ca.Leaf(tlstest.Opts{Names: []string{"mx.test"}}), roots: ca.Pool(), key: "ECDSA 256"},
		{name: "other CA", cert: ca.Leaf(tlstest.Opts{Names: []string{"mx.test"}}), roots: other.Pool(), chainErr: "unknown authority", key: "ECDSA 256"},
		{name: "self-signed", cert: tlstest.SelfSigned(tlstest.Opts{Names: []string{"mx.test"}}), roots: ca.Pool(), chainErr: "self-signed", key: "ECDSA 256"},
		{name: "wrong name", cert: ca.Leaf(tlstest.Opts{Names: []string{"www.test"}}), roots: ca.Pool(), nameErr: true, key: "ECDSA 256"},
		{name: "expired", cert: ca.Leaf(tlstest.Opts{Names: []string{"mx.test"}, NotBefore: now.AddDate(0, -3, 0), NotAfter: now.AddDate(0, 0, -1)}), roots: ca.Pool(), expired: true, key: "ECDSA 256"},
		{name: "rsa", cert: ca.Leaf(tlstest.Opts{Names: []string{"mx.test"}, RSABits: 1024}), roots: ca.Pool(), key: "RSA 1024"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := tlsprobe.Inspect(state(tt.cert), "mx.test.", tt.roots, now)
			reason := st.ChainProblem()
			if (tt.chainErr == "") != (st.ChainErr == nil) || !strings.Contains(reason, tt.chainErr) {
				t.Errorf("chain %v (%q), want %q", st.ChainErr, reason, tt.chainErr)
			}
			if (st.NameErr != nil) != tt.nameErr || st.Expired != tt.expired {
				t.Errorf("name %v expired %v", st.NameErr, st.Expired)
			}
			if got := st.KeyType + " " + strconv.Itoa(st.KeyBits); got != tt.key {
				t.Errorf("key %s, want %s", got, tt.key)
			}
			if !st.WeakCipher() || st.VersionName() != "TLS 1.2" {
				t.Errorf("cipher %s weak=%v version %s", st.CipherName(), st.WeakCipher(), st.VersionName())
			}
		})
	}
	if st := tlsprobe.Inspect(tls.ConnectionState{}, "mx.test", nil, now); st.ChainErr == nil {
		t.Error("no certificate accepted")
	}
}

func TestConfigs(t *testing.T) {
	m, l := tlsprobe.ModernConfig("mx.test."), tlsprobe.LegacyConfig("mx.test")
	if m.MinVersion != tls.VersionTLS12 || m.ServerName != "mx.test" || l.MaxVersion != tls.VersionTLS11 || l.MinVersion != tls.VersionTLS10 {
		t.Errorf("modern %+v legacy %+v", m, l)
	}
}
