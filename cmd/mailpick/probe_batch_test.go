package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mailpick/mailpick/probe"
)

func drain(t *testing.T, src *domainSource) ([]string, error) {
	t.Helper()
	var out []string
	for {
		d, err := src.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, d)
	}
}

func TestOpenDomains(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.txt")
	os.WriteFile(good, []byte("# domains\nb.example\n\nC.Example. # upper\n"), 0o644)
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("b.example\nnot a domain\n"), 0o644)

	tests := []struct {
		name  string
		args  []string
		file  string
		stdin string
		want  string
		total int
		err   string
	}{
		{name: "args and file", args: []string{"a.example"}, file: good, want: "a.example b.example c.example", total: 3},
		{name: "stdin", file: "-", stdin: "x.example\n#\ny.example\n", want: "x.example y.example", total: -1},
		{name: "bad file fails before probing", file: bad, err: "bad.txt:2: "},
		{name: "bad arg", args: []string{"no spaces allowed.com"}, err: "not a domain"},
		{name: "missing file", file: filepath.Join(dir, "nope.txt"), err: "cannot read --domains-file"},
		{name: "nothing", err: "no domain to probe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := &Env{Stdin: strings.NewReader(tt.stdin)}
			src, err := openDomains(env, tt.args, tt.file)
			if tt.err != "" {
				var ue usageError
				if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.As(err, &ue) {
					t.Fatalf("err %v, want usage error containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer src.close()
			got, err := drain(t, src)
			if err != nil || strings.Join(got, " ") != tt.want || src.total != tt.total {
				t.Errorf("got %v total %d err %v", got, src.total, err)
			}
		})
	}
	// A bad line on stdin is met lazily and is still a usage error.
	src, _ := openDomains(&Env{Stdin: strings.NewReader("a.example\nbad line\n")}, nil, "-")
	_, err := drain(t, src)
	var ue usageError
	if err == nil || !errors.As(err, &ue) || !strings.HasPrefix(err.Error(), "-:2:") {
		t.Errorf("stdin bad line: %v", err)
	}
}

func TestRunBatch(t *testing.T) {
	src, err := openDomains(&Env{}, []string{"a.example", "b.example", "c.example"}, "")
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	env := &Env{Stderr: &stderr, StderrIsTerminal: true, Now: time.Now}
	var got []string
	n, err := runBatch(context.Background(), env, src, 2,
		func(_ context.Context, d string) probe.DomainResult { return probe.DomainResult{Domain: d} },
		func(r probe.DomainResult) error { got = append(got, r.Domain); return nil })
	if err != nil || n != 3 || len(got) != 3 {
		t.Fatalf("n %d got %v err %v", n, got, err)
	}
	if !strings.Contains(stderr.String(), "3/3") || !strings.HasSuffix(stderr.String(), "\r\x1b[K") {
		t.Errorf("progress %q", stderr.String())
	}

	// Not a terminal: no progress output at all.
	stderr.Reset()
	env.StderrIsTerminal = false
	src, _ = openDomains(&Env{}, []string{"a.example", "b.example"}, "")
	runBatch(context.Background(), env, src, 2,
		func(_ context.Context, d string) probe.DomainResult { return probe.DomainResult{Domain: d} },
		func(probe.DomainResult) error { return nil })
	if stderr.Len() != 0 {
		t.Errorf("progress drawn to a non-terminal: %q", stderr.String())
	}

	// Ctrl-C: what finished is written, and the error says how much.
	ctx, cancel := context.WithCancel(context.Background())
	src, _ = openDomains(&Env{Stdin: strings.NewReader(strings.Repeat("x.example\n", 1000))}, nil, "-")
	emitted := 0
	n, err = runBatch(ctx, env, src, 4,
		func(ctx context.Context, d string) probe.DomainResult {
			select {
			case <-ctx.Done():
			case <-time.After(time.Millisecond):
			}
			return probe.DomainResult{Domain: d}
		},
		func(probe.DomainResult) error {
			emitted++
			if emitted == 5 {
				cancel()
			}
			return nil
		})
	if err == nil || !strings.Contains(err.Error(), "interrupted") || n != emitted || n < 5 {
		t.Errorf("cancel: n %d emitted %d err %v", n, emitted, err)
	}
	if _, err := runBatch(context.Background(), env, src, 0, nil, nil); err == nil {
		t.Error("--concurrency 0 accepted")
	}
}
