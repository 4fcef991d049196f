package main

import (
	"context"
	"fmt"
	"io"

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
	// Sensitivity analysis and --explain (evaluate only; report uses the defaults).
	Samples          int
	Seed             uint64
	PriceUncertainty float64
	Concentration    float64
	Explain          string
	noSensitivity    bool // evaluate --samples 0
	// adjust, when set, replaces catalog facts before scoring (report
	// --posture: measured transport_tls and dkim_signing).
	adjust func([]*catalog.Option) []*catalog.Option
	// notes, when set, receives notes the user should see but that do
	// not stop the run (an exchange rate taken from the defaults).
	notes io.Writer
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
	cmd.Flags().StringVar(&opts.Method, "method", scoring.MethodIDs()[0], "ranking `method`: wsm (weighted sum) or topsis (closeness to the ideal)")
	cmd.Flags().IntVar(&opts.Samples, "samples", scoring.DefaultSamples, "Monte Carlo `N` samples for win probabilities (0 skips the sensitivity analysis)")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", scoring.DefaultSeed, "random `seed` (0 means 1); the same seed gives the same win probabilities")
	cmd.Flags().Float64Var(&opts.PriceUncertainty, "price-uncertainty", scoring.DefaultPriceUncertainty, "price uncertainty `X` as a fraction: each TCO varies by up to ±X")
	cmd.Flags().Float64Var(&opts.Concentration, "weight-concentration", scoring.DefaultConcentration, "Dirichlet concentration `K` of the sampled weights (larger = closer to yours)")
	cmd.Flags().StringVar(&opts.Explain, "explain", "", "explain one option `ID`: its scores, requirements, TCO lines and what would make it win")
	_ = cmd.RegisterFlagCompletionFunc("explain", completeOptionIDs(&opts.Catalogs))
	_ = cmd.RegisterFlagCompletionFunc("method", cobra.FixedCompletions(scoring.MethodIDs(), cobra.ShellCompDirectiveNoFileComp))
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
	if err := scoring.CheckMethod(opts.Method); err != nil {
		return nil, usageErrorf("--%v", err) // "--method "x" is not supported; use …"
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
	lang := opts.Lang
	if lang == "" {
		lang = req.Lang
	}
	notes, err := checkAgainstCatalog(opts.Requirements, req, cat, assume, lang)
	if err != nil {
		return nil, err
	}
	if opts.notes != nil {
		for _, n := range notes {
			fmt.Fprintf(opts.notes, "mailpick: note: %s\n", n)
		}
	}
	ev, err := scoring.Evaluate(req, cat, assume, scoring.Options{Lang: opts.Lang, Method: opts.Method,
		// evaluate's flags default to the same values; report leaves them 0.
		Sensitivity: scoring.SensitivityOptions{Samples: opts.Samples, Seed: opts.Seed,
			PriceUncertainty: opts.PriceUncertainty, Concentration: opts.Concentration},
		NoSensitivity: opts.noSensitivity})
	if err != nil {
		return nil, inputError(err) // AHP judgements are problems of the requirements file
	}
	return ev, nil
}

func runEvaluate(_ context.Context, env *Env, opts EvaluateOptions) error {
	if err := checkFormat(opts.Format, "table", "json", "md"); err != nil {
		return err
	}
	// Checked here, not in evaluate: report leaves these 0 for the defaults.
	if opts.Samples < 0 || opts.Samples > 10_000_000 {
		return usageErrorf("--samples %d is out of range; use 0 (skip) to 10000000", opts.Samples)
	}
	if !(opts.PriceUncertainty > 0 && opts.PriceUncertainty < 1) { // NaN too
		return usageErrorf("--price-uncertainty %v is out of range; use a fraction between 0 and 1, like 0.2 for ±20%%", opts.PriceUncertainty)
	}
	if !(opts.Concentration > 0 && opts.Concentration <= maxConcentration) { // NaN too
		return usageErrorf("--weight-concentration %v is out of range; use more than 0 and at most %d (default %v)", opts.Concentration, maxConcentration, scoring.DefaultConcentration)
	}
	opts.noSensitivity = opts.Samples == 0
	opts.notes = env.Stderr
	ev, err := evaluate(opts)
	if err != nil {
		return err
	}
	printWarnings(env.Stderr, ev.Requirements)
	if opts.Explain != "" {
		ex, err := scoring.Explain(ev, opts.Explain)
		if err != nil {
			return usageError{err}
		}
		if opts.Format == "json" {
			return writeJSON(env.Stdout, ex)
		}
		_, err = io.WriteString(env.Stdout, ex.Text())
		return err
	}
	switch opts.Format {
	case "json":
		return writeJSON(env.Stdout, reports.EvaluationJSON(ev, env.Now()))
	case "md":
		return reports.WriteMarkdownSummaryAt(env.Stdout, ev, env.Now())
	default:
		return reports.WriteTableAt(env.Stdout, ev, env.Now())
	}
}
