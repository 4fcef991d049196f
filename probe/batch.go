package probe

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// DomainList reads domains one per line, lazily, so a list of 100,000
// domains costs one line of memory. "#" starts a comment; blank lines are
// skipped. Names are lower-cased, IDNs converted to A-labels.
type DomainList struct {
	name string
	sc   *bufio.Scanner
	line int
}

// maxListLine bounds a line of a domains file; a domain is at most 253.
const maxListLine = 4096

// NewDomainList reads from r; name (the file name, or "-") is used in errors.
func NewDomainList(r io.Reader, name string) *DomainList {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 512), maxListLine)
	return &DomainList{name: name, sc: sc}
}

// Next returns the next domain, or io.EOF after the last one. An invalid
// line is an error naming the file and line.
func (l *DomainList) Next() (string, error) {
	for l.sc.Scan() {
		l.line++
		d, ok, err := ParseDomainLine(l.sc.Text())
		if err != nil {
			return "", fmt.Errorf("%s:%d: %w", l.name, l.line, err)
		}
		if ok {
			return d, nil
		}
	}
	if err := l.sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return "", fmt.Errorf("%s:%d: line longer than %d bytes", l.name, l.line+1, maxListLine)
		}
		return "", fmt.Errorf("%s: %w", l.name, err)
	}
	return "", io.EOF
}

// CountDomains validates a whole list and counts its domains, for a
// progress total; it keeps nothing.
func CountDomains(r io.Reader, name string) (int, error) {
	l := NewDomainList(r, name)
	n := 0
	for {
		_, err := l.Next()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
	}
}

// ParseDomainLine extracts the domain from one line of a domains file;
// ok is false for blank and comment-only lines.
func ParseDomainLine(line string) (domain string, ok bool, err error) {
	if i := strings.IndexByte(line, '#'); i >= 0 {
		line = line[:i]
	}
	line = strings.TrimSpace(line)
	if line == "" {
		return "", false, nil
	}
	if strings.ContainsAny(line, " \t") {
		return "", false, fmt.Errorf("%q: one domain per line", clipText(line, 60))
	}
	d, err := NormalizeDomain(line)
	if err != nil {
		return "", false, err
	}
	return d, true, nil
}

// NormalizeDomain lower-cases a domain, drops a final dot, converts an IDN
// to A-labels, and rejects what cannot be a DNS name.
func NormalizeDomain(s string) (string, error) {
	s = strings.TrimSuffix(s, ".")
	a := strings.ToLower(s)
	var err error
	if !isASCII(s) {
		// idna.Lookup rejects "_" (STD3), so only IDNs go through it.
		if !utf8.ValidString(s) {
			return "", fmt.Errorf("%q is not valid UTF-8", clipText(strings.ToValidUTF8(s, "?"), 60))
		}
		a, err = idna.Lookup.ToASCII(s)
	}
	if err != nil || a == "" || len(a) > 253 || !strings.Contains(a, ".") {
		return "", fmt.Errorf("%q is not a domain name", clipText(s, 60))
	}
	for _, label := range strings.Split(a, ".") {
		if label == "" || len(label) > 63 {
			return "", fmt.Errorf("%q is not a domain name", clipText(s, 60))
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return "", fmt.Errorf("%q is not a domain name", clipText(s, 60))
			}
		}
	}
	return a, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Batch probes many domains with a fixed number of workers and hands each
// result to Emit as soon as it is ready. Nothing about a domain is kept
// after Emit returns, so memory depends on Concurrency, not on the list.
type Batch struct {
	Concurrency int
	Probe       func(ctx context.Context, domain string) DomainResult
	// Emit is called from one goroutine, in completion order. An error
	// stops the batch (e.g. stdout closed).
	Emit func(DomainResult) error
	// Done, if set, is called after each Emit with the count so far.
	Done func(n int)
}

// Run probes every domain next yields (io.EOF ends the list). When ctx is
// cancelled, no new domain starts, probes in flight are abandoned (their
// results would be incomplete), and Run returns ctx's error after every
// finished result was emitted. It returns the number emitted.
func (b *Batch) Run(ctx context.Context, next func() (string, error)) (int, error) {
	n := max(b.Concurrency, 1)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	jobs := make(chan string)
	results := make(chan DomainResult)
	var srcErr error
	go func() {
		defer close(jobs)
		for {
			d, err := next()
			if err != nil {
				if err != io.EOF {
					srcErr = err
					cancel(err)
				}
				return
			}
			select {
			case jobs <- d:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for d := range jobs {
				r := b.Probe(ctx, d)
				if ctx.Err() != nil {
					continue // drop: cut short by cancellation
				}
				select {
				case results <- r:
				case <-ctx.Done():
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	emitted := 0
	var emitErr error
	for r := range results {
		if emitErr != nil {
			continue
		}
		if err := b.Emit(r); err != nil {
			emitErr = err
			cancel(err)
			continue
		}
		emitted++
		if b.Done != nil {
			b.Done(emitted)
		}
	}
	switch {
	case emitErr != nil:
		return emitted, emitErr
	case srcErr != nil:
		return emitted, srcErr
	}
	return emitted, context.Cause(ctx)
}
