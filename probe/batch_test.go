package probe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
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
	n, err := CountDomains(strings.NewReader("a.example\n#x\nb.example\n"), "f")
	if n != 2 || err != nil {
		t.Errorf("count %d %v", n, err)
	}
	_, err = CountDomains(strings.NewReader(strings.Repeat("a", maxListLine+10)+"\n"), "f")
	if err == nil || !strings.Contains(err.Error(), "f:1: line longer") {
		t.Errorf("long line: %v", err)
	}
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
