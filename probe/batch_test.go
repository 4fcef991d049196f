package probe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/mailpick/mailpick/catalog/tomlfile"
)

func TestParseDomainLine(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
		err      bool
	}{
		{"example.com", "example.com", true, false},
		{"  Example.COM.  ", "example.com", true, false},
		{"example.com # our domain", "example.com", true, false},
		{"# a comment", "", false, false},
		{"", "", false, false},
		{"   \t", "", false, false},
		{"bücher.example", "xn--bcher-kva.example", true, false},
		{"_dmarc.example.com", "_dmarc.example.com", true, false},
		{"a b.com", "", false, true},
		{"localhost", "", false, true},
		{"exa$mple.com", "", false, true},
		{"a..b.com", "", false, true},
		{strings.Repeat("a", 64) + ".com", "", false, true},
		{"http://example.com", "", false, true},
		{"127.0.0.1", "", false, true},
		{"xn--bcher-kva.example", "xn--bcher-kva.example", true, false},
	}
	for _, tt := range tests {
		d, ok, err := ParseDomainLine(tt.in)
		if d != tt.want || ok != tt.ok || (err != nil) != tt.err {
			t.Errorf("%q: got %q %v %v", tt.in, d, ok, err)
		}
	}
}

func FuzzParseDomainLine(f *testing.F) {
	for _, s := range []string{"example.com", "# x", "bücher.example # y", "a..b", "\xff.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		d, ok, err := ParseDomainLine(line)
		if err != nil || !ok {
			return
		}
		if len(d) > 253 || d != strings.ToLower(d) || strings.ContainsAny(d, " #\t\r\n") {
			t.Fatalf("%q → %q", line, d)
		}
		// Normalising is idempotent.
		if d2, ok2, err2 := ParseDomainLine(d); d2 != d || !ok2 || err2 != nil {
			t.Fatalf("%q → %q → %q %v", line, d, d2, err2)
		}
	})
}

func TestDomainList(t *testing.T) {
	l := NewDomainList(strings.NewReader("# list\na.example\n\nb.example # two\nnot a domain\nc.example\n"), "list.txt")
	var got []string
	var err error
	for {
		var d string
		d, err = l.Next()
		if err != nil {
			break
		}
		got = append(got, d)
	}
	if fmt.Sprint(got) != "[a.example b.example]" || err == nil || !strings.HasPrefix(err.Error(), "list.txt:5: ") {
		t.Errorf("got %v, %v", got, err)
	}
	// After a bad line, reading goes on.
	if d, err := l.Next(); d != "c.example" || err != nil {
		t.Errorf("after the bad line: %q, %v", d, err)
	}
	n, err := CheckDomains(strings.NewReader("a.example\n#x\nb.example\n"), "f")
	if n != 2 || err != nil {
		t.Errorf("count %d %v", n, err)
	}
	n, err = CheckDomains(strings.NewReader(strings.Repeat("a", maxListLine+10)+"\nok.example\n"+strings.Repeat("b", 3*maxListLine)+"\n"), "f")
	if err == nil || !strings.Contains(err.Error(), "f:1: line longer") || !strings.Contains(err.Error(), "f:3: line longer") || n != 1 {
		t.Errorf("long lines: %d, %v", n, err)
	}
}

// A 2,000-line file with 7 bad lines lists all 7, each with its line
// number and the entry as written, in file order.
func TestCheckDomainsListsEveryBadLine(t *testing.T) {
	bad := map[int]string{
		3:    "127.0.0.1",
		250:  "2001:db8::25",
		777:  "https://Example.com/path",
		1000: "postmaster@example.com",
		1500: "-x.com",
		1501: "x-.com",
		1999: ".",
	}
	var b strings.Builder
	for i := 1; i <= 2000; i++ {
		if e, ok := bad[i]; ok {
			b.WriteString("  " + e + "   # bad\n")
		} else {
			fmt.Fprintf(&b, "d%d.example\n", i)
		}
	}
	n, err := CheckDomains(strings.NewReader(b.String()), "list.txt")
	var problems tomlfile.Problems
	if !errors.As(err, &problems) || len(problems) != 7 || n != 1993 {
		t.Fatalf("n=%d, err=%v; want 1993 domains and 7 problems", n, err)
	}
	want := []string{
		`list.txt:3: "127.0.0.1": an IPv4 address, not a domain`,
		`list.txt:250: "2001:db8::25": an IPv6 address, not a domain`,
		`list.txt:777: "https://Example.com/path": a URL; write only its host name, e.g. Example.com`,
		`list.txt:1000: "postmaster@example.com": an e-mail address; write the domain after the @, e.g. example.com`,
		`list.txt:1500: "-x.com": label "-x" starts with a hyphen`,
		`list.txt:1501: "x-.com": label "x-" ends with a hyphen`,
		`list.txt:1999: ".": a lone dot is the DNS root, not a domain`,
	}
	for i, p := range problems {
		if !strings.HasPrefix(p.Error(), want[i]) {
			t.Errorf("problem %d = %q, want %q…", i, p.Error(), want[i])
		}
	}
	if !strings.HasPrefix(err.Error(), "7 problems:\n  list.txt:3: ") {
		t.Errorf("rendered as %q", err)
	}
}

func TestCheckDomainsCapsTheList(t *testing.T) {
	_, err := CheckDomains(strings.NewReader(strings.Repeat("not valid\n", maxListProblems+25)), "csv")
	var problems tomlfile.Problems
	// The rendered list stops at its own cap (tomlfile.FormatList); the
	// last problem says how many lines were not listed at all.
	if !errors.As(err, &problems) || len(problems) != maxListProblems+1 || !strings.Contains(problems[len(problems)-1].Error(), "csv: and 25 more bad lines") {
		t.Errorf("%d problems, %v", len(problems), err)
	}
}

func TestNormalizeDomain(t *testing.T) {
	for _, tt := range []struct {
		in, want, why string
	}{
		{"example.com", "example.com", ""},
		{"Example.COM.", "example.com", ""},
		{"_dmarc.example.com", "_dmarc.example.com", ""},
		{"mail-1.example.co.uk", "mail-1.example.co.uk", ""},
		{"ab--cd.example", "ab--cd.example", ""}, // RFC 1123 allows it; not an IDN
		// IDNs in either form.
		{"bücher.example", "xn--bcher-kva.example", ""},
		{"Bücher.Example", "xn--bcher-kva.example", ""},
		{"xn--bcher-kva.example", "xn--bcher-kva.example", ""},
		{"XN--BCHER-KVA.example", "xn--bcher-kva.example", ""},
		{"münchen.xn--p1ai", "xn--mnchen-3ya.xn--p1ai", ""},
		{"_dmarc.bücher.example", "_dmarc.xn--bcher-kva.example", ""},
		// Each mistake with its own message.
		{"127.0.0.1", "", "an IPv4 address"},
		{"192.0.2.1.", "", "an IPv4 address"},
		{"2001:db8::1", "", "an IPv6 address"},
		{"[2001:db8::1]", "", "an IPv6 address"},
		{"::ffff:192.0.2.1", "", "address, not a domain"},
		{"http://example.com", "", "a URL; write only its host name, e.g. example.com"},
		{"https://user@example.com:8443/x", "", "e.g. example.com"},
		{"example.com/dmarc", "", "a URL or path"},
		{"mailto:dmarc@example.com", "", "an e-mail address"},
		{"alice@example.com", "", "an e-mail address; write the domain after the @, e.g. example.com"},
		{"-x.com", "", `label "-x" starts with a hyphen`},
		{"x-.com", "", `label "x-" ends with a hyphen`},
		{".", "", "a lone dot"},
		{"", "", "empty"},
		{"a..b.com", "", "empty label"},
		{".example.com", "", "empty label"},
		{"localhost", "", "a single label"},
		{"example.123", "", "numeric label"},
		{"exa$mple.com", "", `contains '$'`},
		{"a b.com", "", `contains ' '`},
		{strings.Repeat("a", 64) + ".com", "", "longer than 63"},
		{strings.Repeat("abcdefghi.", 26) + "com", "", "longer than 253"},
		{"xn--zz.example", "", "not a valid internationalized name"},
		{"xn--.example", "", "not a valid internationalized name"},
		{"a\u200db.example", "", "not a valid internationalized name"},
		{"\xff.com", "", "not valid UTF-8"},
	} {
		got, err := NormalizeDomain(tt.in)
		if tt.why == "" {
			if err != nil || got != tt.want {
				t.Errorf("NormalizeDomain(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
			continue
		}
		var ne *NameError
		if !errors.As(err, &ne) || !strings.Contains(ne.Why, tt.why) {
			t.Errorf("NormalizeDomain(%q) = %q, %v; want a NameError saying %q", tt.in, got, err, tt.why)
		}
	}
}

func FuzzNormalizeDomain(f *testing.F) {
	for _, s := range []string{"example.com", "bücher.example", "xn--bcher-kva.example", "127.0.0.1", "a@b.c", "-x.com", "."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := NormalizeDomain(s)
		if err != nil {
			var ne *NameError
			if !errors.As(err, &ne) || ne.Why == "" {
				t.Fatalf("%q: untyped error %v", s, err)
			}
			return
		}
		if _, ok := dns.IsDomainName(d); !ok || len(d) > 253 || d != strings.ToLower(d) || !strings.Contains(d, ".") {
			t.Fatalf("%q → %q: not a lower-case multi-label DNS name", s, d)
		}
		if _, err := netip.ParseAddr(d); err == nil {
			t.Fatalf("%q → %q: an IP address passed", s, d)
		}
		if d2, err := NormalizeDomain(d); d2 != d || err != nil {
			t.Fatalf("%q → %q → %q, %v: not idempotent", s, d, d2, err)
		}
	})
}

// listOf yields n synthetic domains and counts how many were read.
func listOf(n int, read *atomic.Int64) func() (string, error) {
	return func() (string, error) {
		i := read.Add(1)
		if int(i) > n {
			return "", io.EOF
		}
		return fmt.Sprintf("d%d.example", i), nil
	}
}

func TestBatchRun(t *testing.T) {
	for _, conc := range []int{1, 4, 16} {
		t.Run(fmt.Sprint(conc), func(t *testing.T) {
			var inFlight, peak, read atomic.Int64
			var started atomic.Int64
			var maxReadAhead atomic.Int64
			b := Batch{
				Concurrency: conc,
				Probe: func(ctx context.Context, d string) DomainResult {
					s := started.Add(1)
					if ahead := read.Load() - s; ahead > maxReadAhead.Load() {
						maxReadAhead.Store(ahead)
					}
					cur := inFlight.Add(1)
					for {
						p := peak.Load()
						if cur <= p || peak.CompareAndSwap(p, cur) {
							break
						}
					}
					time.Sleep(time.Millisecond)
					inFlight.Add(-1)
					return DomainResult{Domain: d}
				},
			}
			seen := map[string]int{}
			b.Emit = func(r DomainResult) error { seen[r.Domain]++; return nil }
			n, err := b.Run(context.Background(), listOf(200, &read))
			if err != nil || n != 200 || len(seen) != 200 {
				t.Fatalf("emitted %d (%d distinct), err %v", n, len(seen), err)
			}
			for d, c := range seen {
				if c != 1 {
					t.Errorf("%s emitted %d times", d, c)
				}
			}
			if peak.Load() > int64(conc) {
				t.Errorf("peak concurrency %d > %d", peak.Load(), conc)
			}
			if conc > 1 && peak.Load() < 2 {
				t.Errorf("never ran in parallel (peak %d)", peak.Load())
			}
			// Lazy reading: the list is never read far ahead of the work.
			if maxReadAhead.Load() > int64(conc)+2 {
				t.Errorf("read %d domains ahead of the workers", maxReadAhead.Load())
			}
		})
	}
}

func TestBatchCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var read atomic.Int64
	var mu sync.Mutex
	var startedAfterCancel int
	b := Batch{
		Concurrency: 4,
		Probe: func(ctx context.Context, d string) DomainResult {
			if ctx.Err() != nil {
				mu.Lock()
				startedAfterCancel++
				mu.Unlock()
			}
			select {
			case <-ctx.Done():
			case <-time.After(2 * time.Millisecond):
			}
			return DomainResult{Domain: d}
		},
	}
	emitted := 0
	b.Emit = func(DomainResult) error {
		emitted++
		if emitted == 20 {
			cancel()
		}
		return nil
	}
	n, err := b.Run(ctx, listOf(100000, &read))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
	if n != emitted || n < 20 || n > 24 {
		t.Errorf("emitted %d (counted %d) after cancelling at 20", n, emitted)
	}
	if read.Load() > 40 {
		t.Errorf("read %d domains of the list after cancel", read.Load())
	}
	if startedAfterCancel > 0 {
		t.Errorf("%d probes started after cancel", startedAfterCancel)
	}
}

func TestBatchErrors(t *testing.T) {
	var read atomic.Int64
	boom := errors.New("stdout closed")
	b := Batch{Concurrency: 2, Probe: func(_ context.Context, d string) DomainResult { return DomainResult{Domain: d} }}
	calls := 0
	b.Emit = func(DomainResult) error {
		calls++
		if calls == 3 {
			return boom
		}
		return nil
	}
	n, err := b.Run(context.Background(), listOf(1000, &read))
	if !errors.Is(err, boom) || n != 2 || calls != 3 {
		t.Errorf("emit error: n %d calls %d err %v", n, calls, err)
	}

	l := NewDomainList(strings.NewReader("a.example\nb.example\nnot valid\nc.example\n"), "f.txt")
	b.Emit = func(DomainResult) error { return nil }
	n, err = b.Run(context.Background(), l.Next)
	if err == nil || !strings.HasPrefix(err.Error(), "f.txt:3:") || n > 2 {
		t.Errorf("bad line: n %d err %v", n, err)
	}
}
