package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func testEnv() (*Env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return &Env{Stdin: &bytes.Buffer{}, Stdout: &out, Stderr: &errb,
		Now: func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) }}, &out, &errb
}

func TestExitStatus(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.toml")
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("[accounts]\nusers = 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env, _, _ := testEnv()
	if code := Main(context.Background(), []string{"init", "-o", good}, env); code != exitOK {
		t.Fatalf("init exit %d", code)
	}
	tests := []struct {
		args []string
		want int
	}{
		{[]string{"evaluate", "-r", good}, exitOK},
		{[]string{"evaluate", "-r", bad}, exitUsage},
		{[]string{"evaluate", "-r", good, "--format", "xml"}, exitUsage},
		{[]string{"evaluate", "--no-such-flag"}, exitUsage},
		{[]string{"no-such-command"}, exitUsage},
		{[]string{"completion", "bash", "extra"}, exitUsage},
		{[]string{"version", "extra"}, exitUsage},
		{[]string{}, exitOK},
		{[]string{"catalog", "show"}, exitUsage},
		{[]string{"catalog", "show", "nope"}, exitUsage},
		{[]string{"version"}, exitOK},
		{[]string{"init", "-o", filepath.Join(dir, "missing-dir", "x.toml")}, exitFailure},
		// Bad usage of any command, subcommand groups and help included.
		{[]string{"catalog", "nosuch"}, exitUsage},
		{[]string{"completion", "tcsh"}, exitUsage},
		{[]string{"help", "nosuch"}, exitUsage},
		{[]string{"help", "catalog", "nosuch"}, exitUsage},
		{[]string{"catalog", "show", "a", "b"}, exitUsage},
		{[]string{"catalog", "validate"}, exitUsage},
		{[]string{"version", "extra"}, exitUsage},
		{[]string{"spf"}, exitUsage},
		{[]string{"catalog"}, exitOK},
		{[]string{"completion", "bash"}, exitOK},
		{[]string{"help", "catalog", "show"}, exitOK},
		// Input files that are not regular files are bad input.
		{[]string{"evaluate", "-r", "/dev/zero"}, exitUsage},
		{[]string{"catalog", "validate", "/dev/zero"}, exitUsage},
		{[]string{"evaluate", "-r", good, "--catalog", "/dev/zero"}, exitUsage},
		{[]string{"evaluate", "-r", good, "--price-uncertainty", "NaN"}, exitUsage},
		{[]string{"evaluate", "-r", good, "--weight-concentration", "+Inf"}, exitUsage},
	}
	for _, tt := range tests {
		env, _, stderr := testEnv()
		if code := Main(context.Background(), tt.args, env); code != tt.want {
			t.Errorf("mailpick %v: exit %d, want %d (stderr: %s)", tt.args, code, tt.want, stderr)
		}
	}
}

// A failed write keeps the older file and leaves no temporary behind.
func TestWriteFileAtomicKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := writeFileAtomic(context.Background(), path, func(f *os.File) error {
		f.WriteString("half")
		return os.ErrInvalid
	})
	if err == nil {
		t.Fatal("want the writer's error")
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("file now %q, want the old content", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary file left behind: %v", entries)
	}
}
