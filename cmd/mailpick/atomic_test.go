package main

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mailpick/mailpick/reports"
)

func writeString(s string) func(*os.File) error {
	return func(f *os.File) error {
		_, err := io.WriteString(f, s)
		return err
	}
}

func noTemp(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

// New files get 0666 minus the umask; a replaced file keeps its mode, so
// a report kept 0600 for its NDA prices stays 0600.
func TestWriteFileAtomicModes(t *testing.T) {
	old := syscall.Umask(0o022)
	t.Cleanup(func() { syscall.Umask(old) })
	dir := t.TempDir()
	ctx := context.Background()
	tests := []struct {
		name     string
		umask    int
		existing fs.FileMode // 0 = no file before
		want     fs.FileMode
	}{
		{"new file, umask 022", 0o022, 0, 0o644},
		{"new file, umask 077", 0o077, 0, 0o600},
		{"new file, umask 002", 0o002, 0, 0o664},
		{"replaced 0600 file, umask 022", 0o022, 0o600, 0o600},
		{"replaced 0640 file, umask 077", 0o077, 0o640, 0o640},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			syscall.Umask(tt.umask)
			path := filepath.Join(dir, "r"+string(rune('a'+i))+".md")
			if tt.existing != 0 {
				if err := os.WriteFile(path, []byte("old"), tt.existing); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, tt.existing); err != nil {
					t.Fatal(err)
				}
			}
			if err := writeFileAtomic(ctx, path, writeString("new")); err != nil {
				t.Fatal(err)
			}
			st, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := st.Mode().Perm(); got != tt.want {
				t.Errorf("mode %o, want %o", got, tt.want)
			}
		})
	}
	noTemp(t, dir)
}

// -o through a symbolic link replaces the file the link points to and
// keeps the link, as cp and editors do.
func TestWriteFileAtomicThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	sub := filepath.Join(dir, "reports")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	real := filepath.Join(sub, "real.md")
	if err := os.WriteFile(real, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.md")
	if err := os.Symlink("reports/real.md", link); err != nil { // relative to the link's directory
		t.Fatal(err)
	}
	chain := filepath.Join(dir, "chain.md")
	if err := os.Symlink("link.md", chain); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling.md")
	if err := os.Symlink("reports/new.md", dangling); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ path, target, content string }{
		{link, real, "via link"},
		{chain, real, "via chain"},
		{dangling, filepath.Join(sub, "new.md"), "via dangling link"},
	} {
		if err := writeFileAtomic(ctx, tt.path, writeString(tt.content)); err != nil {
			t.Fatal(err)
		}
		if st, err := os.Lstat(tt.path); err != nil || st.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("%s is no longer a symbolic link", tt.path)
		}
		if b, _ := os.ReadFile(tt.target); string(b) != tt.content {
			t.Errorf("%s holds %q, want %q", tt.target, b, tt.content)
		}
	}
	if st, _ := os.Stat(real); st.Mode().Perm() != 0o600 {
		t.Errorf("target mode %o, want 0600 kept", st.Mode().Perm())
	}
	loop := filepath.Join(dir, "loop.md")
	os.Symlink("loop.md", loop)
	if err := writeFileAtomic(ctx, loop, writeString("x")); err == nil || !strings.Contains(err.Error(), "too many levels of symbolic links") {
		t.Errorf("loop: %v", err)
	}
	noTemp(t, dir)
	noTemp(t, sub)
}

// Output errors say what the user can act on and never name the
// temporary file.
func TestWriteFileAtomicErrors(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	tests := []struct {
		path string
		want string
	}{
		{filepath.Join(dir, "nosuch", "r.pdf"), "cannot write " + filepath.Join(dir, "nosuch", "r.pdf") + ": directory " + filepath.Join(dir, "nosuch") + " does not exist"},
		{filepath.Join(file, "r.pdf"), "cannot write " + filepath.Join(file, "r.pdf") + ": " + file + " is not a directory"},
		{dir, "cannot write " + dir + ": it is a directory"},
		{"/dev/null", "cannot write /dev/null: not a regular file (a device)"},
	}
	for _, tt := range tests {
		err := writeFileAtomic(ctx, tt.path, writeString("x"))
		if err == nil || err.Error() != tt.want {
			t.Errorf("got  %v\nwant %s", err, tt.want)
		}
	}
	// A directory that cannot be written (root may write anywhere, so the
	// error is built as the kernel would return it).
	ro := filepath.Join(dir, "r.pdf")
	err := outputError(ro, ro, &fs.PathError{Op: "open", Path: filepath.Join(dir, ".r.pdf.abc.tmp"), Err: fs.ErrPermission})
	if err.Error() != "cannot write "+ro+": directory "+dir+" is not writable" {
		t.Errorf("got %v", err)
	}
	// A failing write (a full disk) names the output, not the temporary.
	err = writeFileAtomic(ctx, filepath.Join(dir, "r.md"), func(f *os.File) error {
		return &fs.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
	})
	if err == nil || strings.Contains(err.Error(), ".tmp") || !strings.Contains(err.Error(), "no space left on device") {
		t.Errorf("write error: %v", err)
	}
	noTemp(t, dir)
}

// A signal while a report is being written stops the run at once: the
// temporary file is removed, an older report is kept, and the exit status
// is 128 + the signal number.
func TestReportInterrupted(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir, req := reportFixture(t)
			out := filepath.Join(dir, "r.md")
			if err := os.WriteFile(out, []byte("old report"), 0o600); err != nil {
				t.Fatal(err)
			}
			started, release := make(chan struct{}), make(chan struct{})
			orig := reports.Formats[".md"]
			t.Cleanup(func() { close(release); reports.Formats[".md"] = orig })
			reports.Formats[".md"] = func(w io.Writer, in *reports.Input) error {
				io.WriteString(w, strings.Repeat("partial ", 100000)) // through bufio into the file
				close(started)
				<-release // a renderer busy for a long time
				return nil
			}
			ctx, cancel := context.WithCancelCause(context.Background())
			env, _, stderr := testEnv()
			code := make(chan int, 1)
			go func() { code <- Main(ctx, []string{"report", "-r", req, "-o", out}, env) }()
			<-started
			if !hasTemp(dir) {
				t.Fatal("no temporary file while writing")
			}
			cancel(signalError{sig})
			select {
			case c := <-code:
				if want := 128 + int(sig); c != want {
					t.Errorf("exit %d, want %d", c, want)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the run did not stop")
			}
			if b, _ := os.ReadFile(out); string(b) != "old report" {
				t.Errorf("old report replaced by %d bytes", len(b))
			}
			noTemp(t, dir)
			if want := "mailpick: interrupted (" + map[syscall.Signal]string{syscall.SIGINT: "SIGINT", syscall.SIGTERM: "SIGTERM"}[sig] + "); " + out + " kept as it was\n"; !strings.HasSuffix(stderr.String(), want) {
				t.Errorf("stderr %q, want %q", stderr, want)
			}
		})
	}
}

func hasTemp(dir string) bool {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			return true
		}
	}
	return false
}

// A run interrupted before writing writes nothing.
func TestInterruptedBeforeWriting(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(signalError{syscall.SIGTERM})
	path := filepath.Join(dir, "r.md")
	err := writeFileAtomic(ctx, path, writeString("x"))
	var se signalError
	if !errors.As(err, &se) || se.exitCode() != 143 || !strings.Contains(err.Error(), "nothing written to "+path) {
		t.Errorf("err = %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files written: %v", entries)
	}
}

// The real signals reach the context with themselves as the cause.
func TestNotifySignals(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		ctx, stop := notifySignals(context.Background())
		if err := syscall.Kill(os.Getpid(), sig); err != nil {
			t.Fatal(err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(5 * time.Second):
			t.Fatalf("%v did not cancel the context", sig)
		}
		se, ok := signalExit(ctx)
		if !ok || se.exitCode() != 128+int(sig) {
			t.Errorf("%v: cause %v, exit %d", sig, context.Cause(ctx), se.exitCode())
		}
		stop()
	}
}
