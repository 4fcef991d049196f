package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
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

// Exit statuses shared by every command (SPEC §2).
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
	)
	// Argument errors are usage errors by type: cobra returns its own as
	// plain errors, so every command's argument check is wrapped, and the
	// root, which cobra would let fail inside Find with "unknown command",
	// checks its arguments itself (with cobra's suggestions).
	root.Args = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return nil
		}
		msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
		if cmd.SuggestionsMinimumDistance <= 0 {
			cmd.SuggestionsMinimumDistance = 2 // cobra's default
		}
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			msg += "\n\nDid you mean this?\n\t" + strings.Join(s, "\n\t")
		}
		return usageError{errors.New(msg)}
	}
	root.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	// cobra adds these two when it runs; add them now so theirs are
	// wrapped too.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	wrapArgs(root)
	return root
}

// wrapArgs makes the argument checks of cmd and its subcommands return
// usageError.
func wrapArgs(cmd *cobra.Command) {
	if check := cmd.Args; check != nil {
		cmd.Args = func(c *cobra.Command, args []string) error {
			if err := check(c, args); err != nil {
				var ue usageError
				if errors.As(err, &ue) {
					return err
				}
				return usageError{err}
			}
			return nil
		}
	}
	for _, sub := range cmd.Commands() {
		wrapArgs(sub)
	}
}

// Main runs mailpick with args and returns the exit status.
func Main(ctx context.Context, args []string, env *Env) int {
	root := newRootCommand(env)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
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
