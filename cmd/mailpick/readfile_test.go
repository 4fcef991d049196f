package main

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

func TestReadInput(t *testing.T) {
	dir := t.TempDir()
	exact := filepath.Join(dir, "exact")
	over := filepath.Join(dir, "over")
	os.WriteFile(exact, []byte(strings.Repeat("x", 1<<20)), 0o644)
	os.WriteFile(over, []byte(strings.Repeat("x", 1<<20+1)), 0o644)
	if b, err := readInput("", exact, 1<<20); err != nil || len(b) != 1<<20 {
		t.Errorf("a file of exactly the limit: %d bytes, %v", len(b), err)
	}
	// Opening a FIFO would block until a writer comes: it must be refused
	// without being opened, or this test hangs.
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ flag, path, want string }{
		{"", over, over + ": larger than 1 MB"},
		{"-r", fifo, "-r " + fifo + ": not a regular file (a pipe)"},
		{"--ca-file", over, "--ca-file " + over + ": larger than 1 MB"},
		{"", dir, dir + ": not a regular file (a directory)"},
		{"", "/dev/null", "/dev/null: not a regular file (a device)"},
		{"--posture", filepath.Join(dir, "none"), "--posture " + filepath.Join(dir, "none") + ": no such file"},
	}
	for _, tt := range tests {
		_, err := readInput(tt.flag, tt.path, 1<<20)
		var ue usageError
		if err == nil || err.Error() != tt.want || !errors.As(err, &ue) {
			t.Errorf("got %v, want usage error %q", err, tt.want)
		}
	}
}

// README "Limits" states the bounds this package enforces.
func TestReadmeListsFileAndFlagLimits(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, want := range []string{
		"| " + strconv.Itoa(maxInputBytes>>20) + " MB |",
		"| " + strconv.Itoa(maxPostureBytes>>20) + " MB |",
		"| " + strconv.Itoa(maxWorkbookBytes>>20) + " MB |",
		"`--concurrency` 1 … " + strconv.Itoa(maxConcurrency),
		"at most 10,000; `--concurrency`",
	} {
		if !strings.Contains(readme, want) {
			t.Errorf("README lacks %q", want)
		}
	}
	if maxConcentration != 10_000 {
		t.Errorf("README states --weight-concentration at most 10,000; the code has %d", maxConcentration)
	}
}
