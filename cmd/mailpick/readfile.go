package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/mailpick/mailpick/catalog/tomlfile"
)

// Size limits of input files (README "Limits"). TOML files have their own,
// smaller bound because the TOML library's memory grows up to some
// hundred times the file's size.
const (
	maxInputBytes   = 16 << 20 // --ca-file and anything without its own limit
	maxTOMLBytes    = tomlfile.MaxBytes
	maxPostureBytes = 256 << 20 // 100,000 domains of probe output fit well within it
)

// Bounds of numeric flags (README "Limits"); the others are checked where
// they are read.
const (
	// maxConcentration: beyond it the sampled weights are the given ones
	// to three decimals, and the gamma sampler's shape grows without use.
	maxConcentration = 10_000
	// maxConcurrency: each domain in flight holds up to some dozens of
	// sockets, and a worker is started per unit.
	maxConcurrency = 512
)

// openInput opens an input file named by flag (or an argument, flag "")
// and refuses
// what is not a regular file: /dev/zero, a FIFO or a directory would hang
// or exhaust memory, and a device is never what was meant. Errors are usage
// errors (exit 2) naming the file.
func openInput(flag, path string) (*os.File, fs.FileInfo, error) {
	name := path
	if flag != "" {
		name = flag + " " + path
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, usageErrorf("%s", describeOpenError(name, err))
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, usageErrorf("%s: %v", name, errors.Unwrap(err))
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, nil, usageErrorf("%s: not a regular file (%s)", name, fileKind(st.Mode()))
	}
	return f, st, nil
}

// readInput reads a whole input file of at most limit bytes. The limit is
// checked while reading too: the file may grow after the Stat.
func readInput(flag, path string, limit int64) ([]byte, error) {
	f, st, err := openInput(flag, path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	name := path
	if flag != "" {
		name = flag + " " + path
	}
	tooLarge := usageErrorf("%s: larger than %s", name, sizeText(limit))
	if st.Size() > limit {
		return nil, tooLarge
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, errors.Unwrap(err))
	}
	if int64(len(b)) > limit {
		return nil, tooLarge
	}
	return b, nil
}

func describeOpenError(name string, err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return name + ": no such file"
	case errors.Is(err, fs.ErrPermission):
		return name + ": permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Sprintf("%s: %v", name, pe.Err)
	}
	return err.Error()
}

func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a file"
}

func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
