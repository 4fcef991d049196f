package latency

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/mailpick/mailpick/probe"
	"github.com/mailpick/mailpick/probe/dnstest"
)

// zoneOtherPTR is zone with the MX address's PTR pointing at another
// name, whose address is a question of its own.
var zoneOtherPTR = strings.Replace(zone, "PTR mx.example.test.", "PTR host1.provider.test.", 1) + `
host1.provider.test. 300 IN A 192.0.2.1
`

// BenchmarkNoConnectLatency is BenchmarkDomainLatency for the DNS side
// alone (--no-connect). Its longest chain of dependent answers, counted by
// hand, is 4: MX → A of mx → PTR of the address → A of the PTR name
// (mx.ptr's forward confirmation). In zone the PTR name is the MX host,
// whose A was already asked, so the fourth answer is known before it is
// needed; zoneOtherPTR makes it a fourth round trip.
//
// Besides the time it reports the questions per domain: every query the
// server received, and how many of them repeat an earlier question of the
// same probe (same name and type, whatever the DO/CD bits: one answer
// with DO and AD serves every use).
func BenchmarkNoConnectLatency(b *testing.B) {
	for _, z := range []struct{ name, zone string }{{"ptr=mx", zone}, {"ptr=other", zoneOtherPTR}} {
		for _, lat := range []time.Duration{0, 20 * time.Millisecond, 60 * time.Millisecond} {
			b.Run(fmt.Sprintf("zone=%s/latency=%s", z.name, lat), func(b *testing.B) {
				benchNoConnect(b, z.zone, lat)
			})
		}
	}
}

func benchNoConnect(b *testing.B, zone string, lat time.Duration) {
	d := dnstest.New(b, zone)
	d.Delay(lat)
	cfg := probe.Config{DNS: d.Client(), Timeout: 30 * time.Second, NoConnect: true}
	var last probe.DomainResult
	before := 0
	var perProbe []dnstest.Query
	for b.Loop() {
		before = len(d.Queries())
		last = probe.Probe(context.Background(), cfg, "example.test")
		perProbe = d.Queries()[before:]
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/domain")
	b.ReportMetric(float64(len(d.Queries()))/float64(b.N), "dns-queries/domain")
	dups := repeats(perProbe)
	b.ReportMetric(float64(len(perProbe)-len(dups)), "distinct-questions/domain")
	b.ReportMetric(float64(len(dups)), "repeated-questions/domain")
	if lat == 0 && len(dups) > 0 {
		b.Logf("questions asked more than once: %s", strings.Join(dups, ", "))
	}
	for _, c := range last.Checks {
		if c.ID == "mx.ptr" && c.Status != probe.Pass {
			b.Fatalf("mx.ptr did not complete its chain: %+v", c)
		}
	}
}

// repeats lists the questions of one probe that were sent more than once.
func repeats(qs []dnstest.Query) []string {
	count := map[string]int{}
	for _, q := range qs {
		count[strings.TrimSuffix(q.Name, ".")+" "+dns.TypeToString[q.Type]]++
	}
	var out []string
	for k, n := range count {
		for range n - 1 {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
