package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/mailpick/mailpick/probe"
	"golang.org/x/term"
)

// Env carries a command's dependencies, so tests swap streams and clocks
// without touching globals (the gh "Factory" idea, kept small).
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Now is the clock used for dates in reports and for "price older than
	// 12 months" warnings.
	Now func() time.Time
	// StderrIsTerminal enables progress bars.
	StderrIsTerminal bool
	// ProbeDomains measures domains for report --probe; nil means the real
	// probe with default settings (system resolver, port 25, system roots).
	ProbeDomains func(ctx context.Context, domains []string) ([]probe.DomainResult, error)
}

// DefaultEnv is the environment of a real run.
func DefaultEnv() *Env {
	return &Env{
		Stdin:            os.Stdin,
		Stdout:           os.Stdout,
		Stderr:           os.Stderr,
		Now:              time.Now,
		StderrIsTerminal: term.IsTerminal(int(os.Stderr.Fd())),
	}
}

// Exit statuses shared by every command (README.md, "Exit status").
const (
	exitOK       = 0
	exitFailure  = 1 // runtime failure: network, disk, a bug
	exitUsage    = 2 // bad flags or a bad input file
	exitFindings = 3 // probe --fail-on threshold reached
)

// usageError is an error the user can fix by changing flags or input files;
// it exits 2. Anything else is a runtime failure and exits 1.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// exitCodeError ends a run with a chosen status after output was written
// (probe --fail-on).
type exitCodeError struct {
	code int
	msg  string
}

func (e exitCodeError) Error() string { return e.msg }

func newRootCommand(env *Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "mailpick",
		Short: "Decide how to run your company's e-mail: self-host or a service, and which one",
		Long: `mailpick scores self-hosted mail stacks and mail services against your
requirements (accounts, disk per user, features, smartphone use, security,
support, budget and in-house expertise), computes multi-year TCO, and probes
domains' DNS/TLS mail posture.

Start with:
  mailpick init -o requirements.toml     # write a commented template
  mailpick evaluate -r requirements.toml # rank every option in the catalog`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return usageError{err}
	})
	root.AddCommand(
		newVersionCommand(env),
		newInitCommand(env),
		newCatalogCommand(env),
		newEvaluateCommand(env),
		newReportCommand(env),
		newSPFCommand(env),
		newProbeCommand(env),
		newRFICommand(env),
	)
	enforceUsage(root)
	return root
}

// Main runs mailpick with args and returns the exit status.
func Main(ctx context.Context, args []string, env *Env) int {
	root := newRootCommand(env)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	// A run stopped by a signal says what it kept and exits 130 or 143,
	// whatever error the stopped work returned.
	if se, ok := signalExit(ctx); ok {
		fmt.Fprintf(env.Stderr, "mailpick: %s\n", err)
		return se.exitCode()
	}
	var codeErr exitCodeError
	if errors.As(err, &codeErr) {
		if codeErr.msg != "" {
			fmt.Fprintf(env.Stderr, "mailpick: %s\n", codeErr.msg)
		}
		return codeErr.code
	}
	fmt.Fprintf(env.Stderr, "mailpick: %s\n", err)
	var uerr usageError
	if errors.As(err, &uerr) {
		return exitUsage
	}
	return exitFailure
}
