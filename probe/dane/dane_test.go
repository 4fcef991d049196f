package dane

import (
	"crypto/x509"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/mailpick/mailpick/probe/tlsprobe/tlstest"
)

func tlsa(usage, sel, mt uint8, cert *x509.Certificate) *dns.TLSA {
	data, err := Association(cert, sel, mt)
	if err != nil {
		panic(err)
	}
	return &dns.TLSA{Usage: usage, Selector: sel, MatchingType: mt, Certificate: hex.EncodeToString(data)}
}

func TestMatch(t *testing.T) {
	ca := tlstest.NewCA()
	other := tlstest.NewCA()
	leafCert := ca.Leaf(tlstest.Opts{Names: []string{"mx.test"}})
	leaf := leafCert.Leaf
	chain := []*x509.Certificate{leaf, ca.Cert}
	otherLeaf := other.Leaf(tlstest.Opts{Names: []string{"mx.test"}}).Leaf
	expired := ca.Leaf(tlstest.Opts{Names: []string{"mx.test"}, NotBefore: time.Now().AddDate(-1, 0, 0), NotAfter: time.Now().AddDate(0, 0, -1)}).Leaf
	now := time.Now()

	tests := []struct {
		name   string
		recs   []*dns.TLSA
		chain  []*x509.Certificate
		usable int
		match  bool
	}{
		{"3 1 1", []*dns.TLSA{tlsa(3, 1, 1, leaf)}, chain, 1, true},
		{"3 1 2", []*dns.TLSA{tlsa(3, 1, 2, leaf)}, chain, 1, true},
		{"3 1 0", []*dns.TLSA{tlsa(3, 1, 0, leaf)}, chain, 1, true},
		{"3 0 0", []*dns.TLSA{tlsa(3, 0, 0, leaf)}, chain, 1, true},
		{"3 0 1", []*dns.TLSA{tlsa(3, 0, 1, leaf)}, chain, 1, true},
		{"3 0 2", []*dns.TLSA{tlsa(3, 0, 2, leaf)}, chain, 1, true},
		{"3 1 1 other key", []*dns.TLSA{tlsa(3, 1, 1, otherLeaf)}, chain, 1, false},
		{"3 1 1 against CA is not the leaf", []*dns.TLSA{tlsa(3, 1, 1, ca.Cert)}, chain, 1, false},
		{"3 1 1 expired leaf still matches", []*dns.TLSA{tlsa(3, 1, 1, expired)}, []*x509.Certificate{expired, ca.Cert}, 1, true},
		{"2 0 1 CA", []*dns.TLSA{tlsa(2, 0, 1, ca.Cert)}, chain, 1, true},
		{"2 1 1 CA", []*dns.TLSA{tlsa(2, 1, 1, ca.Cert)}, chain, 1, true},
		{"2 1 2 CA", []*dns.TLSA{tlsa(2, 1, 2, ca.Cert)}, chain, 1, true},
		{"2 0 1 CA not sent", []*dns.TLSA{tlsa(2, 0, 1, ca.Cert)}, chain[:1], 1, false},
		{"2 1 1 other CA", []*dns.TLSA{tlsa(2, 1, 1, other.Cert)}, chain, 1, false},
		{"2 1 1 leaf is not a TA", []*dns.TLSA{tlsa(2, 1, 1, leaf)}, chain, 1, false},
		{"2 on a chain that does not chain", []*dns.TLSA{tlsa(2, 1, 1, ca.Cert)}, []*x509.Certificate{otherLeaf, ca.Cert}, 1, false},
		{"usage 1 unusable", []*dns.TLSA{tlsa(1, 1, 1, leaf)}, chain, 0, false},
		{"usage 0 unusable", []*dns.TLSA{tlsa(0, 1, 1, ca.Cert)}, chain, 0, false},
		{"unknown matching type", []*dns.TLSA{{Usage: 3, Selector: 1, MatchingType: 9, Certificate: "00"}}, chain, 0, false},
		{"bad hex", []*dns.TLSA{{Usage: 3, Selector: 1, MatchingType: 1, Certificate: "zz"}}, chain, 1, false},
		{"one of two matches", []*dns.TLSA{tlsa(3, 1, 1, otherLeaf), tlsa(3, 1, 1, leaf)}, chain, 2, true},
		{"no chain", []*dns.TLSA{tlsa(3, 1, 1, leaf)}, nil, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Match(tt.recs, tt.chain, now)
			if res.Usable != tt.usable || (res.Matched != nil) != tt.match {
				t.Errorf("usable %d matched %v, want %d %v", res.Usable, res.Matched, tt.usable, tt.match)
			}
		})
	}
}

func TestSuggestMatches(t *testing.T) {
	leaf := tlstest.NewCA().Leaf(tlstest.Opts{Names: []string{"mx.test"}}).Leaf
	s := Suggest("_25._tcp.mx.test", leaf)
	rr, err := dns.NewRR(s)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	if res := Match([]*dns.TLSA{rr.(*dns.TLSA)}, []*x509.Certificate{leaf}, time.Now()); res.Matched == nil {
		t.Errorf("suggested record %q does not match its own certificate", s)
	}
	if !strings.HasPrefix(s, "_25._tcp.mx.test. IN TLSA 3 1 1 ") {
		t.Errorf("got %q", s)
	}
	if Owner("mx.test") != "_25._tcp.mx.test." {
		t.Errorf("owner %q", Owner("mx.test"))
	}
}
