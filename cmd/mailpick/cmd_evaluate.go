package main

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/reports"
	"github.com/mailpick/mailpick/scoring"
)

// EvaluateOptions are the flags of `mailpick evaluate`.
type EvaluateOptions struct {
	Requirements string
	Catalogs     []string
	Format       string
	Lang         string
	Method       string
	// adjust, when set, replaces catalog facts before scoring (report
	// --posture: measured transport_tls and sender_authentication).
	adjust func([]*catalog.Option) []*catalog.Option
}

// AddFlags registers the flags shared by evaluate and report.
func (o *EvaluateOptions) AddFlags(f *pflag.FlagSet) {
	f.StringVarP(&o.Requirements, "requirements", "r", "", "requirements `FILE` (TOML; create one with mailpick init)")
	f.StringArrayVar(&o.Catalogs, "catalog", nil, "catalog `PATH` (file or directory) added over the embedded catalog; same id replaces (repeatable)")
	f.StringVar(&o.Lang, "lang", "", "language of reasons: ja or en (default: the requirements' lang)")
}

func newEvaluateCommand(env *Env) *cobra.Command {
	var opts EvaluateOptions
	cmd := &cobra.Command{
		Use:   "evaluate -r FILE",
		Short: "Rank every option against your requirements, with TCO and reasons",
		Long: `Evaluate checks every catalog option against the requirements file:
must-haves (eligibility), criterion scores 0-100 (cost, features, mobile,
security, support, operations), the weighted total and the rank, the TCO over
the horizon, and a recommendation with its reasons.

An option that misses a "must" is ineligible (rank 0) and its violations say
why. A "must" that the catalog marks "unknown" keeps the option eligible but is
listed as unverified: confirm it with the vendor.

Exit status: 0 done; 1 runtime failure; 2 bad flags or a bad input file.`,
		Example: `  mailpick evaluate -r data/examples/smb-50-ja.toml
  mailpick evaluate -r req.toml --format json > evaluation.json
  mailpick evaluate -r req.toml --catalog my-quotes.toml --lang en --format md`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runEvaluate(cmd.Context(), env, opts)
		},
	}
	opts.AddFlags(cmd.Flags())
	cmd.Flags().StringVar(&opts.Format, "format", "table", "output `format`: table, json or md")
	cmd.Flags().StringVar(&opts.Method, "method", "wsm", "ranking `method`: wsm (weighted sum)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"table", "json", "md"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions([]string{"ja", "en"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.MarkFlagFilename("requirements", "toml")
	return cmd
}

// evaluate loads the inputs and computes the evaluation; evaluate and report
// share it so both see the same numbers.
func evaluate(opts EvaluateOptions) (*scoring.Evaluation, error) {
	if err := checkLang(opts.Lang); err != nil {
		return nil, err
	}
	if opts.Method != "" && opts.Method != "wsm" {
		return nil, usageErrorf("--method %q is not supported; use wsm", opts.Method)
	}
	req, err := loadRequirements(opts.Requirements)
	if err != nil {
		return nil, err
	}
	cat, err := loadCatalog(opts.Catalogs)
	if err != nil {
		return nil, err
	}
	if opts.adjust != nil {
		cat = opts.adjust(cat)
	}
	assume, err := scoring.DefaultAssumptions()
	if err != nil {
		return nil, err
	}
	if err := checkCurrencies(opts.Requirements, req, cat, assume); err != nil {
		return nil, err
	}
	return scoring.Evaluate(req, cat, assume, scoring.Options{Lang: opts.Lang, Method: opts.Method})
}

func runEvaluate(_ context.Context, env *Env, opts EvaluateOptions) error {
	if err := checkFormat(opts.Format, "table", "json", "md"); err != nil {
		return err
	}
	ev, err := evaluate(opts)
	if err != nil {
		return err
	}
	switch opts.Format {
	case "json":
		return writeJSON(env.Stdout, ev)
	case "md":
		return reports.WriteMarkdownSummary(env.Stdout, ev)
	default:
		return reports.WriteTable(env.Stdout, ev)
	}
}
