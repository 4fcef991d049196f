package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/scoring"
)

// InitOptions are the flags of `mailpick init`.
type InitOptions struct {
	Output string
	Lang   string
	Force  bool
}

// AddFlags registers init's flags.
func (o *InitOptions) AddFlags(f *pflag.FlagSet) {
	f.StringVarP(&o.Output, "output", "o", "", "write the template to `FILE` instead of standard output")
	f.StringVar(&o.Lang, "lang", "ja", "language of the comments: ja or en")
	f.BoolVar(&o.Force, "force", false, "overwrite FILE if it exists")
}

func newInitCommand(env *Env) *cobra.Command {
	var opts InitOptions
	cmd := &cobra.Command{
		Use:   "init [-o FILE]",
		Short: "Write a commented requirements template",
		Long: `Init writes a requirements file in which every key has a one-line comment,
grouped by the sections of the decision (accounts, disk space, features,
smartphone use, security, support, budget, expertise and operating load).
Edit it, then run mailpick evaluate -r FILE.

Exit status: 0 done; 1 the file could not be written; 2 bad flags or FILE
exists (use --force).`,
		Example: `  mailpick init -o requirements.toml
  mailpick init --lang en -o requirements.toml
  mailpick init --lang en | less`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runInit(cmd.Context(), env, opts)
		},
	}
	opts.AddFlags(cmd.Flags())
	_ = cmd.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions([]string{"ja", "en"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runInit(ctx context.Context, env *Env, opts InitOptions) error {
	if opts.Lang != "ja" && opts.Lang != "en" {
		return usageErrorf("--lang %q is not supported; use ja or en", opts.Lang)
	}
	text := scoring.Template(opts.Lang)
	if opts.Output == "" || opts.Output == "-" {
		_, err := io.WriteString(env.Stdout, text)
		return err
	}
	if !opts.Force {
		if _, err := os.Stat(opts.Output); err == nil {
			return usageErrorf("%s already exists; use --force to overwrite it", opts.Output)
		} else if !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	if err := writeFileAtomic(ctx, opts.Output, func(f *os.File) error {
		_, err := io.WriteString(f, text)
		return err
	}); err != nil {
		return err
	}
	fmt.Fprintln(env.Stderr, msg.T(opts.Lang, "cli.init.wrote", "file", opts.Output))
	return nil
}
