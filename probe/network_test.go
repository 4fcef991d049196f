package probe

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/mailpick/mailpick/probe/dnsclient"
	"github.com/mailpick/mailpick/probe/dnstest"
)

// dnsChecks are the checks that need nothing but DNS answers (mtasts.policy
// also needs HTTPS, and the transport checks are skipped in these runs).
func dnsCheck(c Check) bool {
	info, _ := LookupCheck(c.ID)
	return info.Category != CategoryTLS && info.Category != CategoryClient
}

// A server that sets TC on every answer, over UDP and TCP alike, gives no
// complete answer: nothing was measured, so every DNS check is error (or
// skip, for the checks that depend on one that errored), never fail, and
// the domain gets no grade instead of F.
func TestTruncatedEverywhere(t *testing.T) {
	srv := dnstest.New(t, strings.Join(goodZone(t), "\n"))
	srv.TruncateUDP(true)
	srv.TruncateTCP(true)
	res := Probe(context.Background(), Config{DNS: srv.Client(), DKIMSelectors: []string{"google"}, NoConnect: true}, "example.com")
	for _, c := range res.Checks {
		if !dnsCheck(c) {
			continue
		}
		switch c.ID {
		case "mx.records", "spf.record", "dmarc.record", "dnssec.domain", "dkim.keys", "mtasts.record", "tlsrpt.record", "bimi.record":
			if c.Status != Error || !strings.Contains(c.Summary, "truncated") {
				t.Errorf("%s: %s (%s), want error naming the truncation", c.ID, c.Status, c.Summary)
			}
		default:
			if c.Status != Error && c.Status != Skip {
				t.Errorf("%s: %s (%s), want error or skip", c.ID, c.Status, c.Summary)
			}
		}
	}
	if res.Grade != "-" {
		t.Errorf("grade %s (score %d), want none: nothing was measured", res.Grade, res.Score)
	}
}

// lossyZone is n small, complete mail domains dN.example.
func lossyZone(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		d := fmt.Sprintf("d%d.example", i)
		fmt.Fprintf(&b, "%s. SOA ns.%s. h.%s. 1 3600 600 86400 300\n", d, d, d)
		fmt.Fprintf(&b, "%s. MX 10 mx.%s.\n", d, d)
		fmt.Fprintf(&b, "mx.%s. A 192.0.2.%d\n", d, i)
		fmt.Fprintf(&b, "mx.%s. AAAA 2001:db8::%x\n", d, i)
		fmt.Fprintf(&b, "%d.2.0.192.in-addr.arpa. PTR mx.%s.\n", i, d)
		fmt.Fprintf(&b, "%s. TXT \"v=spf1 mx include:_spf.%s -all\"\n", d, d)
		fmt.Fprintf(&b, "_spf.%s. TXT \"v=spf1 ip4:198.51.100.0/24 -all\"\n", d)
		fmt.Fprintf(&b, "_dmarc.%s. TXT \"v=DMARC1; p=reject; rua=mailto:dmarc@%s\"\n", d, d)
		fmt.Fprintf(&b, "_smtp._tls.%s. TXT \"v=TLSRPTv1; rua=mailto:tls@%s\"\n", d, d)
	}
	return b.String()
}

// statuses is a result as "id=status" in report order, for comparing runs.
func statuses(r DomainResult) string {
	var parts []string
	for _, c := range r.Checks {
		parts = append(parts, c.ID+"="+string(c.Status))
	}
	return fmt.Sprintf("score %d grade %s: %s", r.Score, r.Grade, strings.Join(parts, " "))
}

// A bulk run against a server that drops the first copy of every question
// gives every domain exactly the result of a lossless run: retransmission
// hides the loss, nothing becomes error, and repeated probes agree.
func TestBulkWithLostPackets(t *testing.T) {
	const n = 30
	zone := lossyZone(n)
	run := func(lose int) map[string]DomainResult {
		srv := dnstest.New(t, zone)
		srv.LoseFirst(lose)
		client := dnsclient.New(srv.Addr) // the CLI's settings: no per-lookup cap
		cfg := Config{DNS: client, NoConnect: true, DKIMSelectors: []string{"s1"}, Timeout: DefaultTimeout}
		got := map[string]DomainResult{}
		i := 0
		b := Batch{
			Concurrency: 15,
			Probe:       func(ctx context.Context, d string) DomainResult { return Probe(ctx, cfg, d) },
			Emit:        func(r DomainResult) error { got[r.Domain] = r; return nil },
		}
		if _, err := b.Run(context.Background(), func() (string, error) {
			if i == n {
				return "", io.EOF
			}
			i++
			return fmt.Sprintf("d%d.example", i), nil
		}); err != nil {
			t.Fatal(err)
		}
		if lose > 0 {
			// Every question was indeed sent again at least once.
			seen := map[string]int{}
			for _, q := range srv.Queries() {
				if q.Proto == "udp" {
					seen[fmt.Sprint(q.Name, q.Type)]++
				}
			}
			for k, c := range seen {
				if c < 2 {
					t.Errorf("%s asked %d times; the server dropped its first copy", k, c)
				}
			}
		}
		return got
	}
	clean := run(0)
	start := time.Now()
	lossy := run(1)
	t.Logf("%d domains with every first copy lost: %v", n, time.Since(start))
	want := statuses(clean["d1.example"])
	if strings.Contains(want, "=error") {
		t.Fatalf("lossless run has errors: %s", want)
	}
	for i := 1; i <= n; i++ {
		d := fmt.Sprintf("d%d.example", i)
		if got := statuses(lossy[d]); got != want {
			t.Errorf("%s with loss:\n got %s\nwant %s", d, got, want)
		}
		if got := statuses(clean[d]); got != want {
			t.Errorf("%s without loss differs from d1:\n got %s\nwant %s", d, got, want)
		}
	}
}
