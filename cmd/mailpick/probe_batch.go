package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strings"

	"github.com/mailpick/mailpick/probe"
)

// defaultConcurrency is how many domains are probed at once. Each domain
// itself runs its lookups and connections in parallel, so 16 domains keep
// a few hundred sockets busy at most.
const defaultConcurrency = 16

// domainSource is the list of domains to probe: DOMAIN arguments first,
// then --domains-file, read lazily. total is -1 when unknown (stdin).
type domainSource struct {
	next  func() (string, error)
	total int
	close func()
}

// openDomains validates the arguments and, for a file, the whole file
// before anything is probed, so a typo on line 90,000 fails at once with
// exit status 2 instead of after an hour. Stdin cannot be read twice; its
// bad lines stop the run where they are met.
func openDomains(env *Env, args []string, file string) (*domainSource, error) {
	var fromArgs []string
	for _, a := range args {
		d, err := probe.NormalizeDomain(a)
		if err != nil {
			return nil, usageErrorf("%v", err)
		}
		fromArgs = append(fromArgs, d)
	}
	src := &domainSource{total: len(fromArgs), close: func() {}}
	var list *probe.DomainList
	switch file {
	case "":
	case "-":
		list = probe.NewDomainList(env.Stdin, "-")
		src.total = -1
	default:
		// Read twice (count, then probe), so it must be a regular file;
		// a pipe goes through "-".
		f, _, err := openInput("--domains-file", file)
		if err != nil {
			return nil, err
		}
		n, err := probe.CountDomains(f, file)
		if err != nil {
			f.Close()
			return nil, usageError{err}
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			f.Close()
			return nil, err
		}
		src.total += n
		src.close = func() { f.Close() }
		list = probe.NewDomainList(f, file)
	}
	if len(fromArgs) == 0 && list == nil {
		return nil, usageErrorf("no domain to probe: give DOMAIN arguments or --domains-file FILE (- for stdin)")
	}
	i := 0
	src.next = func() (string, error) {
		if i < len(fromArgs) {
			i++
			return fromArgs[i-1], nil
		}
		if list == nil {
			return "", io.EOF
		}
		d, err := list.Next()
		if err != nil && err != io.EOF {
			return "", usageError{err}
		}
		return d, err
	}
	return src, nil
}

// runBatch probes every domain of src with concurrency workers and hands
// each result to emit as it finishes. A progress line is drawn on stderr
// when it is a terminal. On Ctrl-C (ctx cancelled) the results finished so
// far have been emitted when it returns.
func runBatch(ctx context.Context, env *Env, src *domainSource, concurrency int, probeOne func(context.Context, string) probe.DomainResult, emit func(probe.DomainResult) error) (int, error) {
	if concurrency < 1 {
		return 0, usageErrorf("--concurrency must be at least 1, not %d", concurrency)
	}
	b := probe.Batch{Concurrency: concurrency, Probe: probeOne, Emit: emit}
	var bar *progress
	if env.StderrIsTerminal && src.total != 1 {
		bar = newProgress(env.Stderr, src.total, env.Now)
		b.Done = bar.update
	}
	n, err := b.Run(ctx, src.next)
	if bar != nil {
		bar.finish()
	}
	if errors.Is(err, context.Canceled) {
		total := "?"
		if src.total >= 0 {
			total = fmt.Sprint(src.total)
		}
		return n, fmt.Errorf("interrupted: %d of %s domains probed and written", n, total)
	}
	return n, err
}

// clientHosts validates --client-host values: host names or IP addresses.
func clientHosts(in []string) ([]string, error) {
	var out []string
	for _, h := range in {
		if ip, err := netip.ParseAddr(strings.Trim(h, "[]")); err == nil {
			out = append(out, ip.String())
			continue
		}
		d, err := probe.NormalizeDomain(h)
		if err != nil {
			return nil, usageErrorf("--client-host: %v", err)
		}
		out = append(out, d)
	}
	return out, nil
}
