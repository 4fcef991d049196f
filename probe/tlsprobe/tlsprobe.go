// Package tlsprobe describes a TLS server as a posture probe sees it: the
// negotiated version and cipher, the served chain, whether that chain is
// trusted, names the host, expires soon, and uses a strong key.
//
// Handshakes verify nothing themselves (a probe must see a bad chain to
// report it); Inspect does the verification afterwards.
package tlsprobe

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// allSuites lets a probe reach servers that only speak old or weak
// suites; what was negotiated is recorded, not endorsed.
func allSuites() []uint16 {
	var ids []uint16
	for _, s := range tls.CipherSuites() {
		ids = append(ids, s.ID)
	}
	for _, s := range tls.InsecureCipherSuites() {
		ids = append(ids, s.ID)
	}
	return ids
}

// ModernConfig is the client config of the main handshake: TLS 1.2–1.3.
func ModernConfig(serverName string) *tls.Config {
	return &tls.Config{
		ServerName:         strings.TrimSuffix(serverName, "."),
		InsecureSkipVerify: true, // verified by Inspect, which records why a chain fails
		MinVersion:         tls.VersionTLS12,
		MaxVersion:         tls.VersionTLS13,
		CipherSuites:       allSuites(),
	}
}

// LegacyConfig allows only TLS 1.0 and 1.1, to learn whether a server still
// accepts them. Go's client supports both when the versions are set
// explicitly; the CBC-SHA suites they need are in the list.
func LegacyConfig(serverName string) *tls.Config {
	return &tls.Config{
		ServerName:         strings.TrimSuffix(serverName, "."),
		InsecureSkipVerify: true,
		MinVersion:         tls.VersionTLS10,
		MaxVersion:         tls.VersionTLS11,
		CipherSuites:       allSuites(),
	}
}

// SoonDays is the expiry warning threshold.
const SoonDays = 14

// State is what one handshake showed.
type State struct {
	Version     uint16
	CipherSuite uint16
	Chain       []*x509.Certificate
	// ChainErr is why the chain does not verify to a trusted root (nil: it
	// does). Expired is reported separately in Expired.
	ChainErr error
	// NameErr is why the leaf does not cover the host name (nil: it does).
	NameErr  error
	Expired  bool
	NotAfter time.Time
	DaysLeft int
	KeyType  string // "RSA", "ECDSA", "Ed25519"
	KeyBits  int
}

// VersionName is "TLS 1.3" etc.
func (s *State) VersionName() string { return tls.VersionName(s.Version) }

// CipherName is the IANA name of the negotiated suite.
func (s *State) CipherName() string { return tls.CipherSuiteName(s.CipherSuite) }

// WeakCipher reports a suite from Go's insecure list (RC4, 3DES, CBC-SHA256,
// RSA key exchange without forward secrecy is judged by the caller).
func (s *State) WeakCipher() bool {
	for _, c := range tls.InsecureCipherSuites() {
		if c.ID == s.CipherSuite {
			return true
		}
	}
	return false
}

// Inspect verifies the served chain of a finished handshake against roots
// (nil: the system roots) for host, at time now.
func Inspect(cs tls.ConnectionState, host string, roots *x509.CertPool, now time.Time) *State {
	st := &State{Version: cs.Version, CipherSuite: cs.CipherSuite, Chain: cs.PeerCertificates}
	if len(st.Chain) == 0 {
		st.ChainErr = errors.New("server sent no certificate")
		return st
	}
	leaf := st.Chain[0]
	st.NotAfter = leaf.NotAfter
	st.DaysLeft = int(math.Floor(leaf.NotAfter.Sub(now).Hours() / 24))
	st.Expired = now.After(leaf.NotAfter)
	st.KeyType, st.KeyBits = KeyInfo(leaf)

	inter := x509.NewCertPool()
	for _, c := range st.Chain[1:] {
		inter.AddCert(c)
	}
	// Verify at a moment inside the leaf's validity so that an expired
	// but otherwise good chain is reported as expired, not as untrusted.
	at := now
	if st.Expired {
		at = leaf.NotAfter.Add(-time.Minute)
	}
	_, err := leaf.Verify(x509.VerifyOptions{
		Roots:         roots,
		Intermediates: inter,
		CurrentTime:   at,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	})
	st.ChainErr = err
	if host != "" {
		st.NameErr = leaf.VerifyHostname(strings.TrimSuffix(host, "."))
	}
	return st
}

// KeyInfo names the leaf's public key type and its size in bits.
func KeyInfo(c *x509.Certificate) (string, int) {
	switch k := c.PublicKey.(type) {
	case *rsa.PublicKey:
		return "RSA", k.N.BitLen()
	case *ecdsa.PublicKey:
		return "ECDSA", k.Curve.Params().BitSize
	case ed25519.PublicKey:
		return "Ed25519", 256
	}
	return fmt.Sprintf("%T", c.PublicKey), 0
}

// ChainProblem says in plain words why the chain did not verify; "" when
// it did.
func (s *State) ChainProblem() string {
	var ua x509.UnknownAuthorityError
	var inv x509.CertificateInvalidError
	err := s.ChainErr
	switch {
	case err == nil:
		return ""
	case len(s.Chain) > 0 && isSelfSigned(s.Chain[0]):
		return "self-signed certificate"
	case errors.As(err, &ua):
		return "issued by an unknown authority (missing intermediate or private CA)"
	case errors.As(err, &inv):
		return "invalid certificate: " + inv.Error()
	}
	return err.Error()
}

func isSelfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawIssuer, c.RawSubject) && c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}
