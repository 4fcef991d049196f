package probe

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/mailpick/mailpick/catalog/tomlfile"
)

// DomainList reads domains one per line, lazily, so a list of 100,000
// domains costs one line of memory. "#" starts a comment; blank lines are
// skipped. Names are lower-cased, IDNs converted to A-labels.
type DomainList struct {
	name string
	r    *bufio.Reader
	line int
}

// maxListLine bounds a line of a domains file; a domain is at most 253.
const maxListLine = 4096

// NewDomainList reads from r; name (the file name, or "-") is used in errors.
func NewDomainList(r io.Reader, name string) *DomainList {
	return &DomainList{name: name, r: bufio.NewReaderSize(r, 4096)}
}

// readLine returns the next line without its end; a line longer than
// maxListLine is consumed and reported as too long.
func (l *DomainList) readLine() (string, bool, error) {
	var buf []byte
	tooLong := false
	for {
		chunk, isPrefix, err := l.r.ReadLine()
		if err != nil {
			if err == io.EOF && (len(buf) > 0 || tooLong) {
				break
			}
			return "", false, err
		}
		if !tooLong {
			buf = append(buf, chunk...)
			if len(buf) > maxListLine {
				tooLong, buf = true, nil
			}
		}
		if !isPrefix {
			break
		}
	}
	return string(buf), tooLong, nil
}

// Next returns the next domain, or io.EOF after the last one. An invalid
// line is a tomlfile.Problem naming the file and line and quoting the
// entry as written; Next can be called again to go on with the next line.
func (l *DomainList) Next() (string, error) {
	for {
		text, tooLong, err := l.readLine()
		if err == io.EOF {
			return "", io.EOF
		}
		if err != nil {
			return "", fmt.Errorf("%s: %w", l.name, err)
		}
		l.line++
		if tooLong {
			return "", tomlfile.Problem{File: l.name, Line: l.line, Msg: fmt.Sprintf("line longer than %d bytes; a domain has at most 253", maxListLine)}
		}
		d, ok, err := ParseDomainLine(text)
		if err != nil {
			p := tomlfile.Problem{File: l.name, Line: l.line, Msg: err.Error()}
			var ne *NameError
			if errors.As(err, &ne) {
				p.Key, p.Msg = strconv.Quote(clipText(ne.Input, 60)), ne.Why
			}
			return "", p
		}
		if ok {
			return d, nil
		}
	}
}

// maxListProblems bounds the bad lines CheckDomains lists one by one: past
// that, the file is likely not a list of domains at all.
const maxListProblems = 100

// CheckDomains reads a whole list and counts its domains, for a progress
// total, keeping nothing; every bad line is reported at once (up to
// maxListProblems, then a count), as tomlfile.Problems.
func CheckDomains(r io.Reader, name string) (int, error) {
	l := NewDomainList(r, name)
	n, more := 0, 0
	var problems tomlfile.Problems
	for {
		_, err := l.Next()
		var p tomlfile.Problem
		switch {
		case err == io.EOF:
			if more > 0 {
				problems = append(problems, tomlfile.Problem{File: name, Msg: fmt.Sprintf("and %d more bad lines", more)})
			}
			if len(problems) > 0 {
				return n, problems
			}
			return n, nil
		case errors.As(err, &p):
			if len(problems) < maxListProblems {
				problems = append(problems, p)
			} else {
				more++
			}
		case err != nil:
			return n, err
		default:
			n++
		}
	}
}

// ParseDomainLine extracts the domain from one line of a domains file;
// ok is false for blank and comment-only lines. A bad line's error is a
// *NameError quoting the entry as written.
func ParseDomainLine(line string) (domain string, ok bool, err error) {
	if i := strings.IndexByte(line, '#'); i >= 0 {
		line = line[:i]
	}
	line = strings.TrimSpace(line)
	if line == "" {
		return "", false, nil
	}
	if strings.ContainsAny(line, " \t") {
		return "", false, &NameError{Input: line, Why: "several words; write one domain per line"}
	}
	d, err := NormalizeDomain(line)
	if err != nil {
		return "", false, err
	}
	return d, true, nil
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
