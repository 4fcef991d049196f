// Package tlstest makes certificates for tests: a private CA, leaves it
// signs (valid, expired, wrong name), and self-signed ones.
package tlstest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"sync/atomic"
	"time"
)

var serial atomic.Int64

// CA is a test certificate authority.
type CA struct {
	Cert *x509.Certificate
	Key  crypto.Signer
}

// NewCA makes a CA valid from an hour ago for ten years.
func NewCA() *CA {
	key := ecKey()
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(serial.Add(1)),
		Subject:               pkix.Name{CommonName: "mailpick test CA"},
		NotBefore:             time.Now().AddDate(-5, 0, 0),
		NotAfter:              time.Now().AddDate(10, 0, 0),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		panic(err)
	}
	c, _ := x509.ParseCertificate(der)
	return &CA{Cert: c, Key: key}
}

// Pool is a pool holding only this CA.
func (ca *CA) Pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(ca.Cert)
	return p
}

// PEM is the CA certificate in PEM, as a --ca-file would hold it.
func (ca *CA) PEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Cert.Raw})
}

// Opts shape a leaf.
type Opts struct {
	Names     []string
	NotBefore time.Time // zero: an hour ago
	NotAfter  time.Time // zero: 90 days from now
	RSABits   int       // 0: ECDSA P-256
}

// Leaf issues a server certificate; the returned chain is leaf then CA.
func (ca *CA) Leaf(o Opts) tls.Certificate {
	return issue(o, ca.Cert, ca.Key, []*x509.Certificate{ca.Cert})
}

// SelfSigned makes a certificate that signs itself.
func SelfSigned(o Opts) tls.Certificate { return issue(o, nil, nil, nil) }

func issue(o Opts, parent *x509.Certificate, parentKey crypto.Signer, extra []*x509.Certificate) tls.Certificate {
	var key crypto.Signer = ecKey()
	if o.RSABits > 0 {
		k, err := rsa.GenerateKey(rand.Reader, o.RSABits)
		if err != nil {
			panic(err)
		}
		key = k
	}
	if o.NotBefore.IsZero() {
		o.NotBefore = time.Now().Add(-time.Hour)
	}
	if o.NotAfter.IsZero() {
		o.NotAfter = time.Now().AddDate(0, 0, 90)
	}
	cn := "test"
	if len(o.Names) > 0 {
		cn = o.Names[0]
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial.Add(1)),
		Subject:      pkix.Name{CommonName: cn},
		DNSNames:     o.Names,
		NotBefore:    o.NotBefore,
		NotAfter:     o.NotAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), parentKey)
	if err != nil {
		panic(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	chain := [][]byte{der}
	for _, c := range extra {
		chain = append(chain, c.Raw)
	}
	return tls.Certificate{Certificate: chain, PrivateKey: key, Leaf: leaf}
}

func ecKey() *ecdsa.PrivateKey {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	return k
}
