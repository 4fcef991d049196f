// Package latency measures how a domain's probe time grows with network
// latency. Every DNS answer and every SMTP/TLS answer is held back by the
// same delay; the slope of wall time over delay is the number of round
// trips the probe makes one after another (its critical path).
package latency

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/mailpick/mailpick/probe"
	"github.com/mailpick/mailpick/probe/dnstest"
	"github.com/mailpick/mailpick/probe/smtp/smtptest"
	"github.com/mailpick/mailpick/probe/tlsprobe/tlstest"
)

// zone is the test domain. Its longest chain of dependent round trips,
// counted by hand (see bench/README.md), is 6:
// MX → A of mx → SMTP greeting → EHLO → STARTTLS → TLS handshake.
const zone = `
example.test.        300 IN SOA ns.example.test. h.example.test. 1 7200 3600 1209600 300
example.test.        300 IN MX 10 mx.example.test.
example.test.        300 IN TXT "v=spf1 include:_spf.example.test -all"
_spf.example.test.   300 IN TXT "v=spf1 ip4:192.0.2.0/24 -all"
_dmarc.example.test. 300 IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.test"
_smtp._tls.example.test. 300 IN TXT "v=TLSRPTv1; rua=mailto:t@example.test"
mx.example.test.     300 IN A 192.0.2.1
1.2.0.192.in-addr.arpa. 300 IN PTR mx.example.test.
`

func BenchmarkDomainLatency(b *testing.B) {
	for _, lat := range []time.Duration{0, 20 * time.Millisecond, 60 * time.Millisecond} {
		b.Run(fmt.Sprintf("latency=%s", lat), func(b *testing.B) {
			d := dnstest.New(b, zone)
			d.Delay(lat)
			ca := tlstest.NewCA()
			cert := ca.Leaf(tlstest.Opts{Names: []string{"mx.example.test"}})
			srv := &smtptest.Server{Cert: &cert, Delay: lat}
			if err := srv.Start(); err != nil {
				b.Fatal(err)
			}
			defer srv.Close()
			// Route the MX address's port 25 to the test server.
			dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
				if addr == "192.0.2.1:25" {
					addr = "127.0.0.1:" + srv.Port()
				}
				var dl net.Dialer
				return dl.DialContext(ctx, network, addr)
			}
			cfg := probe.Config{
				DNS:       d.Client(),
				Roots:     ca.Pool(),
				Timeout:   30 * time.Second,
				Transport: probe.Transport{Dial: dial}.Hook(),
			}
			var last probe.DomainResult
			for b.Loop() {
				last = probe.Probe(context.Background(), cfg, "example.test")
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/domain")
			// What the time would be if every answer were awaited in turn.
			b.ReportMetric(float64(len(d.Queries()))/float64(b.N), "dns-queries/domain")
			// The figures mean something only if the whole chain ran.
			var done int
			for _, c := range last.Checks {
				if (c.ID == "smtp.starttls" || c.ID == "smtp.certificate") && c.Status == probe.Pass {
					done++
				}
			}
			if done != 2 {
				b.Fatalf("probe did not complete the SMTP/TLS dialogue: %v", last.Checks)
			}
		})
	}
}
