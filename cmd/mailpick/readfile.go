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
	// sockets (one UDP socket for DNS, up to a dozen TCP connections) and
	// a worker; at about a thousand domains at once a process meets the
	// usual open-file limit of 1024 and a resolver its rate limits, so the
	// run would report errors instead of measurements.
	maxConcurrency = 512
)

// maxStdinList bounds `probe --domains-file -`: stdin is copied to a
// temporary file to be checked whole before anything is probed, and 1 GB
// is some 50 million domains. A larger list can be named as a file. A
// variable so that a test can lower it.
var maxStdinList int64 = 1 << 30

// openInput opens an input file named by flag (or an argument, flag "")
// and refuses what is not a regular file: /dev/zero, a FIFO or a directory
// would hang or exhaust memory, and a device is never what was meant.
// Errors are usage errors (exit 2) naming the flag and file.
func openInput(flag, path string) (*os.File, fs.FileInfo, error) {
	f, st, reason := open(path)
	if reason != "" {
		return nil, nil, usageErrorf("%s: %s", inputName(flag, path), reason)
	}
	return f, st, nil
}

// readInput reads a whole input file of at most limit bytes, with
// openInput's checks.
func readInput(flag, path string, limit int64) ([]byte, error) {
	b, reason := readLimited(path, limit)
	if reason != "" {
		return nil, usageErrorf("%s: %s", inputName(flag, path), reason)
	}
	return b, nil
}

func inputName(flag, path string) string {
	if flag != "" {
		return flag + " " + path
	}
	return path
}

// readLimited is readInput for callers that name the file themselves: it
// returns what is wrong ("not a regular file (a device)", "larger than
// 16 MB") without the name. The limit is checked while reading too: the
// file may grow after the Stat.
func readLimited(path string, limit int64) ([]byte, string) {
	f, st, reason := open(path)
	if reason != "" {
		return nil, reason
	}
	defer f.Close()
	tooLarge := "larger than " + sizeText(limit)
	if st.Size() > limit {
		return nil, tooLarge
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, describeError(err)
	}
	if int64(len(b)) > limit {
		return nil, tooLarge
	}
	return b, ""
}

func open(path string) (*os.File, fs.FileInfo, string) {
	// Opening a FIFO for reading blocks until a writer comes, in a system
	// call no signal interrupts, so what is not a regular file is refused
	// before it is opened; the Stat of the open file below catches a file
	// swapped in between.
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return nil, nil, "not a regular file (" + fileKind(st.Mode()) + ")"
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, describeError(err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, describeError(err)
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, nil, "not a regular file (" + fileKind(st.Mode()) + ")"
	}
	return f, st, ""
}

// describeError says what went wrong without the path, which the
// caller names.
func describeError(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
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
