package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"strings"

	"github.com/mailpick/mailpick/catalog/tomlfile"
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

// openDomains validates the arguments and the whole --domains-file before
// anything is probed, so a typo on line 90,000 fails at once with exit
// status 2 and every bad line listed, instead of after an hour with a
// partial output. Stdin ("-") is first copied to a temporary file, so it
// too is checked whole and then read lazily; the copy is removed by close.
func openDomains(env *Env, args []string, file string) (*domainSource, error) {
	var fromArgs []string
	var bad []string
	for _, a := range args {
		d, err := probe.NormalizeDomain(a)
		if err != nil {
			bad = append(bad, err.Error())
			continue
		}
		fromArgs = append(fromArgs, d)
	}
	switch len(bad) {
	case 0:
	case 1:
		return nil, usageErrorf("DOMAIN %s", bad[0])
	default:
		return nil, usageErrorf("%d DOMAIN arguments are not domains:\n  %s", len(bad), strings.Join(bad, "\n  "))
	}
	src := &domainSource{total: len(fromArgs), close: func() {}}
	var list *probe.DomainList
	if file != "" {
		f, name, cleanup, err := openList(env, file)
		if err != nil {
			return nil, err
		}
		n, err := probe.CheckDomains(f, name)
		if err == nil {
			_, err = f.Seek(0, io.SeekStart)
		}
		if err != nil {
			cleanup()
			var problems tomlfile.Problems
			if errors.As(err, &problems) {
				return nil, usageError{err}
			}
			return nil, fmt.Errorf("reading --domains-file %s: %w", name, err)
		}
		src.total += n
		src.close = cleanup
		list = probe.NewDomainList(f, name)
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
			// Checked whole before: only a file changed under us gets here.
			return "", usageError{err}
		}
		return d, err
	}
	return src, nil
}

// openList opens --domains-file for reading twice (check, then probe). A
// named file must be a regular file (openInput): a pipe or a device would
// be read once and lost. Stdin is spooled to a temporary file first, up to
// maxStdinList bytes, so that a stream without end fills no disk.
func openList(env *Env, file string) (f *os.File, name string, cleanup func(), err error) {
	if file != "-" {
		f, _, err := openInput("--domains-file", file)
		if err != nil {
			return nil, "", nil, err
		}
		return f, file, func() { f.Close() }, nil
	}
	tmp, err := os.CreateTemp("", "mailpick-domains-*")
	if err != nil {
		return nil, "", nil, fmt.Errorf("--domains-file -: %w", err)
	}
	cleanup = func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}
	n, err := io.Copy(tmp, io.LimitReader(env.Stdin, maxStdinList+1))
	if err != nil {
		cleanup()
		return nil, "", nil, fmt.Errorf("--domains-file -: reading stdin: %w", err)
	}
	if n > maxStdinList {
		cleanup()
		return nil, "", nil, usageErrorf("--domains-file -: stdin is larger than %s; save the list to a file and name it", sizeText(maxStdinList))
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		cleanup()
		return nil, "", nil, err
	}
	return tmp, "-", cleanup, nil
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
