// Package dane matches TLSA records (RFC 6698, RFC 7671) against a served
// certificate chain, the way an SMTP sender applying DANE (RFC 7672) would.
package dane

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// Certificate usages, selectors and matching types (RFC 6698 §2.1).
const (
	UsagePKIXTA = 0
	UsagePKIXEE = 1
	UsageDANETA = 2
	UsageDANEEE = 3

	SelectorCert = 0
	SelectorSPKI = 1

	MatchExact  = 0
	MatchSHA256 = 1
	MatchSHA512 = 2
)

// Usable reports whether SMTP DANE uses a record: only DANE-TA(2) and
// DANE-EE(3) with known selectors and matching types (RFC 7672 §3.1.3).
func Usable(r *dns.TLSA) bool {
	return (r.Usage == UsageDANETA || r.Usage == UsageDANEEE) &&
		r.Selector <= SelectorSPKI && r.MatchingType <= MatchSHA512
}

// Association computes the data a TLSA record with this selector and
// matching type would hold for cert.
func Association(cert *x509.Certificate, selector, matching uint8) ([]byte, error) {
	var data []byte
	switch selector {
	case SelectorCert:
		data = cert.Raw
	case SelectorSPKI:
		data = cert.RawSubjectPublicKeyInfo
	default:
		return nil, fmt.Errorf("unknown selector %d", selector)
	}
	switch matching {
	case MatchExact:
		return data, nil
	case MatchSHA256:
		h := sha256.Sum256(data)
		return h[:], nil
	case MatchSHA512:
		h := sha512.Sum512(data)
		return h[:], nil
	}
	return nil, fmt.Errorf("unknown matching type %d", matching)
}

// matches reports whether r's association data equals cert's.
func matches(r *dns.TLSA, cert *x509.Certificate) bool {
	want, err := hex.DecodeString(r.Certificate)
	if err != nil {
		return false
	}
	got, err := Association(cert, r.Selector, r.MatchingType)
	return err == nil && len(want) > 0 && bytes.Equal(got, want)
}

// Result of matching a TLSA set against a chain.
type Result struct {
	// Usable is how many records SMTP DANE would use.
	Usable int
	// Matched is the first record that authenticated the chain, or nil.
	Matched *dns.TLSA
}

// Match checks recs against chain (leaf first) as served by host at time
// now. DANE-EE(3) matches the leaf alone; its names and dates are ignored
// (RFC 7672 §3.1.1). DANE-TA(2) matches a certificate the server sent
// above the leaf, and the leaf must chain to it (RFC 7671 §5.2.2);
// names are checked by the caller as for any chain.
func Match(recs []*dns.TLSA, chain []*x509.Certificate, now time.Time) Result {
	var res Result
	for _, r := range recs {
		if !Usable(r) {
			continue
		}
		res.Usable++
		if res.Matched != nil || len(chain) == 0 {
			continue
		}
		switch r.Usage {
		case UsageDANEEE:
			if matches(r, chain[0]) {
				res.Matched = r
			}
		case UsageDANETA:
			for i := 1; i < len(chain); i++ {
				if matches(r, chain[i]) && chainsTo(chain, i, now) {
					res.Matched = r
					break
				}
			}
		}
	}
	return res
}

// chainsTo verifies the leaf up to chain[ta] taken as the trust anchor.
func chainsTo(chain []*x509.Certificate, ta int, now time.Time) bool {
	roots := x509.NewCertPool()
	roots.AddCert(chain[ta])
	inter := x509.NewCertPool()
	for _, c := range chain[1:ta] {
		inter.AddCert(c)
	}
	_, err := chain[0].Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: now, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
	return err == nil
}

// Suggest is the TLSA record to publish for a leaf: "3 1 1 <sha256(SPKI)>",
// which survives certificate renewal with the same key.
func Suggest(owner string, leaf *x509.Certificate) string {
	h := sha256.Sum256(leaf.RawSubjectPublicKeyInfo)
	return fmt.Sprintf("%s IN TLSA 3 1 1 %s", dns.Fqdn(owner), strings.ToUpper(hex.EncodeToString(h[:])))
}

// Owner is the TLSA owner name for SMTP on host (RFC 7672 §2.2.3).
func Owner(host string) string { return "_25._tcp." + dns.Fqdn(host) }
