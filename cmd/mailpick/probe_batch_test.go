package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mailpick/mailpick/probe"
	"github.com/mailpick/mailpick/probe/dnstest"
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
	// A named pipe would be read once (to check) and be empty the second
	// time (to probe); opening it would also block until a writer comes.
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}

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
		{name: "stdin", file: "-", stdin: "x.example\n#\ny.example\n", want: "x.example y.example", total: 2},
		{name: "bad file fails before probing", file: bad, err: "bad.txt:2: "},
		{name: "bad stdin fails before probing", file: "-", stdin: "a.example\nbad line\n", err: `-:2: "bad line": several words`},
		{name: "bad arg", args: []string{"no spaces allowed.com"}, err: `"no spaces allowed.com"`},
		{name: "bad args, all listed", args: []string{"a.example", "127.0.0.1", "user@b.example", "-x.example"}, err: "3 DOMAIN arguments are not domains"},
		{name: "missing file", file: filepath.Join(dir, "nope.txt"), err: "--domains-file " + filepath.Join(dir, "nope.txt") + ": no such file"},
		{name: "nothing", err: "no domain to probe"},
		{name: "fifo", file: fifo, err: "--domains-file " + fifo + ": not a regular file (a pipe)"},
		{name: "stdin over its limit", file: "-", stdin: strings.Repeat("a.example\n", 20), err: "--domains-file -: stdin is larger than 100 bytes"},
		{name: "stdin at its limit", file: "-", stdin: strings.Repeat("a.example\n", 10), want: strings.TrimSpace(strings.Repeat("a.example ", 10)), total: 10},
	}
	defer func(n int64) { maxStdinList = n }(maxStdinList)
	maxStdinList = 100
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

func TestClientHosts(t *testing.T) {
	got, err := clientHosts([]string{"Mail.Example.com.", "192.0.2.7", "[2001:db8::1]"})
	if err != nil || strings.Join(got, " ") != "mail.example.com 192.0.2.7 2001:db8::1" {
		t.Errorf("got %v %v", got, err)
	}
	var ue usageError
	if _, err := clientHosts([]string{"bad host"}); !errors.As(err, &ue) {
		t.Errorf("bad host: %v", err)
	}
}

// TestProbeDomainsFile runs the command: domains from arguments and a
// file, streamed as jsonl, bad files rejected with exit status 2.
func TestProbeDomainsFile(t *testing.T) {
	d := dnstest.New(t, `a.example. 300 IN MX 10 mx.a.example.
mx.a.example. 300 IN A 192.0.2.1
b.example. 300 IN TXT "v=spf1 -all"
`)
	dir := t.TempDir()
	list := filepath.Join(dir, "domains.txt")
	os.WriteFile(list, []byte("# two more\nb.example\n\nc.example # no records at all\n"), 0o644)
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("b.example\nthis is not a domain\n"), 0o644)

	tests := []struct {
		name  string
		args  []string
		stdin string
		code  int
		lines int
		err   string
	}{
		{name: "args and file", args: []string{"a.example", "--domains-file", list}, lines: 3},
		{name: "stdin", args: []string{"--domains-file", "-"}, stdin: "a.example\nb.example\n", lines: 2},
		{name: "concurrency 1", args: []string{"--domains-file", list, "--concurrency", "1"}, lines: 2},
		{name: "bad file", args: []string{"--domains-file", bad}, code: exitUsage, err: "bad.txt:2:"},
		{name: "bad concurrency", args: []string{"a.example", "--concurrency", "-1", "--format", "json"}, code: exitUsage, err: "--concurrency"},
		{name: "bad client host", args: []string{"a.example", "--client-host", "a b"}, code: exitUsage, err: "--client-host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			env := &Env{Stdin: strings.NewReader(tt.stdin), Stdout: &stdout, Stderr: &stderr, Now: time.Now}
			args := append([]string{"probe", "--no-connect", "--format", "jsonl", "--resolver", d.Addr, "--timeout", "5s"}, tt.args...)
			code := Main(context.Background(), args, env)
			if code != tt.code || !strings.Contains(stderr.String(), tt.err) {
				t.Fatalf("exit %d, stderr %q; want %d with %q", code, stderr.String(), tt.code, tt.err)
			}
			if tt.code != 0 {
				if stdout.Len() != 0 {
					t.Errorf("wrote output before rejecting the input: %q", stdout.String())
				}
				return
			}
			lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
			if len(lines) != tt.lines {
				t.Fatalf("%d lines, want %d:\n%s", len(lines), tt.lines, stdout.String())
			}
			for _, l := range lines {
				var r probe.DomainResult
				if err := json.Unmarshal([]byte(l), &r); err != nil || r.Domain == "" || len(r.Checks) == 0 {
					t.Errorf("line %q: %v", l, err)
				}
			}
		})
	}
}
