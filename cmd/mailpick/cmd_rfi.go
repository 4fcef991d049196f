package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/rfi"
	"github.com/mailpick/mailpick/scoring"
)

func newRFICommand(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rfi",
		Short: "Send vendors a questionnaire built from the decision, and import their answers",
		Long: `The procurement round trip. "rfi export" writes a questionnaire workbook
(RFI/RFQ, 質問票) for the options whose answers could change the decision;
"rfi import" reads the answered workbooks back as a catalog file, every
answered value citing the vendor's answer as its source, to evaluate with
--catalog.`,
		Example: `  mailpick rfi export -r data/examples/smb-50-ja.toml -o rfi.xlsx
  mailpick rfi export -r req.toml --option cybermail-sigma --new "Example Mail" --lang en -o rfi-en.xlsx
  mailpick rfi import rfi-answered.xlsx --answered-on 2026-11-30 -o answers.toml
  mailpick evaluate -r req.toml --catalog answers.toml`,
	}
	cmd.AddCommand(newRFIExportCommand(env), newRFIImportCommand(env))
	return cmd
}

// RFIExportOptions are the flags of `mailpick rfi export`.
type RFIExportOptions struct {
	Requirements string
	Catalogs     []string
	Lang         string
	Options      []string
	New          []string
	Output       string
}

// AddFlags registers the flags of rfi export.
func (o *RFIExportOptions) AddFlags(f *pflag.FlagSet) {
	f.StringVarP(&o.Requirements, "requirements", "r", "", "requirements `FILE` (TOML) the questions come from")
	f.StringArrayVar(&o.Catalogs, "catalog", nil, "catalog `PATH` added over the embedded catalog (repeatable)")
	f.StringVar(&o.Lang, "lang", "", "language of the workbook: ja or en (default: the requirements' lang)")
	f.StringArrayVar(&o.Options, "option", nil, "ask the vendor of option `ID` (repeatable; default: every eligible option that is provisional or has an unverified must-have)")
	f.StringArrayVar(&o.New, "new", nil, "add a blank questionnaire for `VENDOR`, not in the catalog (repeatable)")
	f.StringVarP(&o.Output, "output", "o", "", "workbook `FILE` to write (.xlsx)")
}

func newRFIExportCommand(env *Env) *cobra.Command {
	var opts RFIExportOptions
	cmd := &cobra.Command{
		Use:   "export -r FILE -o FILE.xlsx",
		Short: "Write a questionnaire workbook for the vendors whose answers could change the decision",
		Long: `Export evaluates the requirements as evaluate does and writes one workbook:
a cover sheet (who is asking, what the company needs, how to answer) and one
sheet per option, one row per question: the must-haves, then the wants, then
the price and storage facts the TCO needs (tax basis, term, price per
contract and per account, initial fee, account limit, storage, add-on
prices, tiers).

Each row holds the catalog key, the question, the catalog's current value
with its source and date, and two yellow cells to fill: the answer (a
drop-down or a validated number with its unit) and its evidence. Every other
cell is protected, and so is the workbook's structure.

A question is marked ★ and comes first when its answer could change the
ranking: re-evaluated with the value met and not met, the option becomes or
stops being first, or can or can no longer be first at some price; for the
price questions, when the option has a tco_to_win. Why each is decisive is
printed here for procurement and never written into the workbook, so the
vendor is not told the price that wins.

By default every eligible option that is provisional (price unknown) or has
an unverified must-have is asked. A workbook shows all its sheets to whoever
opens it: export one per vendor with --option to keep competitors' sheets
out of it.

Exit status: 0 done; 1 runtime failure; 2 bad flags or a bad input file.`,
		Example: `  mailpick rfi export -r data/examples/smb-50-ja.toml -o rfi.xlsx
  mailpick rfi export -r req.toml --option cybermail-sigma -o rfi-cybermail.xlsx
  mailpick rfi export -r req.toml --new "Example Mail Inc." --lang en -o rfi-example.xlsx`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runRFIExport(cmd.Context(), env, opts)
		},
	}
	opts.AddFlags(cmd.Flags())
	_ = cmd.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions([]string{"ja", "en"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("option", completeOptionIDs(&opts.Catalogs))
	_ = cmd.MarkFlagFilename("requirements", "toml")
	_ = cmd.MarkFlagFilename("output", "xlsx")
	return cmd
}

func runRFIExport(ctx context.Context, env *Env, opts RFIExportOptions) error {
	if opts.Output == "" {
		return usageErrorf("missing -o FILE.xlsx; name the workbook to write, e.g. -o rfi.xlsx")
	}
	if ext := strings.ToLower(filepath.Ext(opts.Output)); ext != ".xlsx" {
		return usageErrorf("-o %s: the questionnaire is a workbook; end the name in .xlsx", opts.Output)
	}
	var cat []*catalog.Option
	ev, err := evaluate(EvaluateOptions{Requirements: opts.Requirements, Catalogs: opts.Catalogs, Lang: opts.Lang,
		noSensitivity: true, notes: env.Stderr,
		adjust: func(c []*catalog.Option) []*catalog.Option { cat = c; return c }})
	if err != nil {
		return err
	}
	assume, err := scoring.DefaultAssumptions()
	if err != nil {
		return err
	}
	if ev.Requirements.CompanyName == "" {
		fmt.Fprintf(env.Stderr, "mailpick: note: %s\n", msg.T(ev.Lang, "cli.note.no_company", "file", opts.Requirements))
	}
	q, err := rfi.Plan(ctx, rfi.Input{Requirements: ev.Requirements, Catalog: cat, Assumptions: assume, Eval: ev,
		Lang: opts.Lang, Options: opts.Options, New: opts.New, Now: env.Now()})
	if err != nil {
		if errors.Is(err, rfi.ErrSelection) {
			return usageError{err}
		}
		return err
	}
	if err := writeFileAtomic(ctx, opts.Output, func(f *os.File) error {
		w := bufio.NewWriterSize(f, 64<<10)
		if err := rfi.Write(w, q); err != nil {
			return err
		}
		return w.Flush()
	}); err != nil {
		return err
	}
	printPlan(env.Stdout, q, opts.Output)
	return nil
}

// printPlan tells procurement what was asked of whom, and why each ★
// question is decisive.
func printPlan(w io.Writer, q *rfi.Questionnaire, out string) {
	n, d := 0, 0
	for i := range q.Sheets {
		n += len(q.Sheets[i].Questions)
		d += q.Sheets[i].Decisive()
	}
	fmt.Fprintf(w, "wrote %s: %d sheet(s), %d questions, %d decisive (★)\n", out, len(q.Sheets), n, d)
	for _, s := range q.Sheets {
		label := cleanText(s.Service)
		if s.New {
			label += " (new vendor)"
		}
		fmt.Fprintf(w, "%s  %s: %d questions, %d decisive\n", s.Name, label, len(s.Questions), s.Decisive())
		// One line per reason, naming the questions it makes decisive.
		var whys []string
		keys := map[string][]string{}
		for _, qu := range s.Questions {
			if qu.Decisive {
				if _, seen := keys[qu.Why]; !seen {
					whys = append(whys, qu.Why)
				}
				keys[qu.Why] = append(keys[qu.Why], qu.Key)
			}
		}
		for _, why := range whys {
			fmt.Fprintf(w, "  ★ %s\n      → %s\n", strings.Join(keys[why], ", "), why)
		}
	}
}

// RFIImportOptions are the flags of `mailpick rfi import`.
type RFIImportOptions struct {
	Files      []string
	Catalogs   []string
	AnsweredOn string
	Output     string
}

// AddFlags registers the flags of rfi import.
func (o *RFIImportOptions) AddFlags(f *pflag.FlagSet) {
	f.StringArrayVar(&o.Catalogs, "catalog", nil, "catalog `PATH` added over the embedded catalog, as given to rfi export (repeatable)")
	f.StringVar(&o.AnsweredOn, "answered-on", "", "`DATE` (YYYY-MM-DD) the vendors answered; the source date of every answer (default: today)")
	f.StringVarP(&o.Output, "output", "o", "", "catalog `FILE` to write (.toml)")
}

func newRFIImportCommand(env *Env) *cobra.Command {
	var opts RFIImportOptions
	cmd := &cobra.Command{
		Use:   "import FILE.xlsx... -o CATALOG.toml",
		Short: "Read answered questionnaires into a catalog file for --catalog",
		Long: `Import reads answered workbooks written by rfi export and writes one catalog
file with every option that has at least one answer. An answered key becomes
the option's value; a key left blank keeps the catalog's value. Each sheet
with answers adds a source of kind vendor_answer that names the file, the
sheet, the vendor and the date (--answered-on), and backs exactly the keys
answered; each answered key's evidence line quotes the answer, its cell and
the vendor's evidence note. A sheet added with --new becomes a new option
(its service page, the "url" row, is required).

A price answered per contract and/or per account replaces the catalog's tiers
and terms, as a quote does; a component left blank beside an answered one is
0. Tiers answered replace the catalog's tier by tier.

Every bad answer is reported at once as FILE!Sheet!Cell: key: what is wrong
and what is allowed — text in a number cell, a value outside the list, an
edited key, a renamed sheet, a workbook that rfi export did not write — and
nothing is written. The output passes mailpick catalog validate:

  mailpick evaluate -r req.toml --catalog answers.toml

Exit status: 0 done; 1 runtime failure; 2 bad flags or a bad answer.`,
		Example: `  mailpick rfi import rfi-cybermail.xlsx rfi-idc.xlsx -o answers.toml
  mailpick rfi import rfi.xlsx --answered-on 2026-11-30 -o answers.toml`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			return runRFIImport(cmd.Context(), env, opts)
		},
	}
	opts.AddFlags(cmd.Flags())
	_ = cmd.MarkFlagFilename("output", "toml")
	return cmd
}

// maxWorkbookBytes bounds an answered workbook: a questionnaire is tens of
// kilobytes; anything near this is not one.
const maxWorkbookBytes = 64 << 20

func runRFIImport(ctx context.Context, env *Env, opts RFIImportOptions) error {
	if len(opts.Files) == 0 {
		return usageErrorf("name the answered workbooks: mailpick rfi import FILE.xlsx... -o answers.toml")
	}
	if opts.Output == "" {
		return usageErrorf("missing -o CATALOG.toml; name the catalog file to write, e.g. -o answers.toml")
	}
	answeredOn := env.Now()
	if opts.AnsweredOn != "" {
		d, err := time.Parse("2006-01-02", opts.AnsweredOn)
		if err != nil {
			return usageErrorf("--answered-on %q is not a date; use YYYY-MM-DD, e.g. --answered-on 2026-11-30", opts.AnsweredOn)
		}
		answeredOn = d
	}
	y, m, d := answeredOn.Date()
	answeredOn = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	// The catalog refuses a read date in the future (README "Limits"); say
	// so here, where the date is given.
	if ty, tm, td := env.Now().Date(); answeredOn.After(time.Date(ty, tm, td+1, 0, 0, 0, 0, time.UTC)) {
		return usageErrorf("--answered-on %s is in the future; give the date the vendors answered (today is %s)", answeredOn.Format("2006-01-02"), env.Now().Format("2006-01-02"))
	}
	cat, err := loadCatalog(opts.Catalogs)
	if err != nil {
		return err
	}
	var sheets []rfi.SheetAnswers
	var probs rfi.Problems
	for _, file := range opts.Files {
		b, err := readWorkbook(file)
		if err != nil {
			probs = append(probs, rfi.Problem{File: file, Msg: err.Error()})
			continue
		}
		ss, ps := rfi.Read(file, b)
		sheets = append(sheets, ss...)
		probs = append(probs, ps...)
	}
	if len(probs) > 0 {
		return usageError{probs}
	}
	applied, probs := rfi.Apply(cat, sheets, answeredOn)
	if len(probs) > 0 {
		return usageError{probs}
	}
	if len(applied) == 0 {
		return usageErrorf("no answers in %s; nothing written (fill the yellow answer cells)", strings.Join(opts.Files, ", "))
	}
	opts2 := make([]*catalog.Option, len(applied))
	for i, a := range applied {
		opts2[i] = a.Option
	}
	header := fmt.Sprintf("Vendors' answers read by mailpick rfi import from %s, answered on %s.\n"+
		"Each answered value cites a source of kind \"vendor_answer\"; every other value is the catalog's.\n"+
		"Use: mailpick evaluate -r REQUIREMENTS.toml --catalog %s",
		strings.Join(baseNames(opts.Files), ", "), answeredOn.Format("2006-01-02"), filepath.Base(opts.Output))
	out := catalog.Marshal(header, opts2)
	if _, err := catalog.Parse(opts.Output, out); err != nil {
		return fmt.Errorf("the catalog written from the answers does not load (a bug): %w", err)
	}
	if err := writeFileAtomic(ctx, opts.Output, func(f *os.File) error {
		_, err := f.Write(out)
		return err
	}); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote %s: %d option(s)\n", opts.Output, len(applied))
	for _, a := range applied {
		fmt.Fprintf(env.Stdout, "  %s: %d answer(s)\n", a.Option.ID, a.Answered)
	}
	return nil
}

func readWorkbook(path string) ([]byte, error) {
	b, reason := readLimited(path, maxWorkbookBytes)
	if reason != "" {
		if strings.HasPrefix(reason, "larger than") {
			reason += "; not a questionnaire"
		}
		return nil, errors.New(reason)
	}
	return b, nil
}

func baseNames(files []string) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = filepath.Base(f)
	}
	return out
}
