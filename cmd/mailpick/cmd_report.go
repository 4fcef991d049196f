package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/mailpick/mailpick/msg"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/probe"
	"github.com/mailpick/mailpick/reports"
	"github.com/mailpick/mailpick/scoring"
)

// ReportOptions are the flags of `mailpick report`.
type ReportOptions struct {
	EvaluateOptions
	Output  string
	Posture string
	Probe   bool
}

func newReportCommand(env *Env) *cobra.Command {
	var opts ReportOptions
	cmd := &cobra.Command{
		Use:   "report -r FILE -o OUT",
		Short: "Write the decision report as XLSX, PDF, Markdown, HTML or JSON",
		Long: `Report evaluates the requirements exactly as evaluate does and writes one
report; the format comes from OUT's extension: .xlsx .pdf .md .html .json.

Every format holds the executive summary (recommendation, runner-up, the
deciding reasons, the self-hosting verdict), the ranking with criterion
scores, eligibility and violations, the TCO per year with its cost lines,
the feature/security/support matrix, sensitivity, the DNS/TLS posture when
given, the requirements, the methodology and assumptions, and every source
with its date (a warning where it is older than 12 months).

--posture FILE reads the output of "mailpick probe --format json". When it
covers an option's probe_domains, the measured STARTTLS/TLS and SPF/DMARC
results replace the vendor's claim for transport_tls and
dkim_signing, and the report marks them verified.

The XLSX keeps totals and ranks as formulas over the weight cells on the
Requirements sheet, so changing a weight in Excel or LibreOffice re-ranks.

The file is written atomically: a failed or interrupted run leaves no
partial file and keeps an older report at that path, whose mode it keeps.
A new file gets 0666 minus the umask. When OUT is a symbolic link, the file
it points to is replaced.

Exit status: 0 done; 1 runtime failure; 2 bad flags or a bad input file;
130 or 143 stopped by SIGINT (Ctrl-C) or SIGTERM.`,
		Example: `  mailpick report -r data/examples/smb-50-ja.toml -o report.pdf
  mailpick report -r req.toml -o report.xlsx --lang en
  mailpick probe example.co.jp --format json > posture.json
  mailpick report -r req.toml -o report.html --posture posture.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runReport(cmd.Context(), env, opts)
		},
	}
	opts.AddFlags(cmd.Flags())
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "report `FILE`; format from its extension: "+strings.Join(reports.FormatExtensions, " "))
	cmd.Flags().StringVar(&opts.Posture, "posture", "", "posture `FILE` from mailpick probe --format json")
	cmd.Flags().BoolVar(&opts.Probe, "probe", false, "probe company.domain and each option's probe_domains live (needs DNS and port 25)")
	_ = cmd.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions([]string{"ja", "en"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.MarkFlagFilename("requirements", "toml")
	_ = cmd.MarkFlagFilename("posture", "json")
	return cmd
}

func runReport(ctx context.Context, env *Env, opts ReportOptions) error {
	if opts.Output == "" {
		return usageErrorf("missing -o OUT; name the report file, e.g. -o report.pdf (%s)", strings.Join(reports.FormatExtensions, " "))
	}
	ext := strings.ToLower(filepath.Ext(opts.Output))
	render, ok := reports.Formats[ext]
	if !ok {
		return usageErrorf("cannot tell the format of %q; end the name in one of: %s", opts.Output, strings.Join(reports.FormatExtensions, " "))
	}
	if opts.Requirements == "" {
		return usageErrorf("missing -r FILE; create one with: mailpick init -o requirements.toml")
	}
	var in reports.Input
	if opts.Posture != "" {
		p, err := readPosture(opts.Posture)
		if err != nil {
			return err
		}
		in.Posture = p
	}
	if opts.Probe {
		note, err := probeLive(ctx, env, opts, &in)
		if err != nil {
			return err
		}
		if note != "" {
			in.PostureNote = note
			fmt.Fprintf(env.Stderr, "mailpick: %s\n", note)
		}
	}
	if len(in.Posture) > 0 {
		opts.adjust = func(cat []*catalog.Option) []*catalog.Option {
			out, vs := scoring.ApplyPosture(cat, probe.Facts(in.Posture))
			in.Verifications = vs
			return out
		}
	}
	opts.notes = env.Stderr
	ev, err := evaluate(opts.EvaluateOptions)
	if err != nil {
		return err
	}
	printWarnings(env.Stderr, ev.Requirements)
	in.Eval = ev
	// The report words the probe's findings in its language, as scoring
	// words its reasons; the coded messages stay beside them.
	for i, r := range in.Posture {
		in.Posture[i] = r.In(ev.Lang)
	}
	in.Now = env.Now()
	in.Version = version
	if a, err := scoring.DefaultAssumptions(); err == nil {
		in.Assumptions = a
	}
	err = writeFileAtomic(ctx, opts.Output, func(f *os.File) error {
		w := bufio.NewWriterSize(f, 64<<10)
		if err := render(w, &in); err != nil {
			return err
		}
		return w.Flush()
	})
	if err != nil {
		return err
	}
	// Like init, say on stderr what was written, so stdout stays empty
	// for scripts, and give the verdict without opening the file.
	fmt.Fprintln(env.Stderr, reportWritten(ev, opts.Output, ext))
	return nil
}

// reportWritten is the one-line summary of a written report: the file, its
// format, the recommendation and the self-hosting verdict.
func reportWritten(ev *scoring.Evaluation, path, ext string) string {
	lang := ev.Lang
	rec := msg.T(lang, "none")
	for _, r := range ev.Results {
		if r.ID == ev.Recommendation.ID && r.ID != "" {
			rec = r.Name
		}
	}
	return msg.T(lang, "report_written", "file", path, "format", strings.ToUpper(strings.TrimPrefix(ext, ".")),
		"option", rec, "verdict", msg.T(lang, "verdict."+ev.SelfHostReadiness.Verdict))
}

// readPosture reads a JSON array of probe.DomainResult (probe --format
// json) or JSON lines (--format jsonl).
func readPosture(path string) ([]probe.DomainResult, error) {
	b, err := readInput("--posture", path, maxPostureBytes)
	if err != nil {
		return nil, err
	}
	out, err := parsePosture(b)
	if err != nil {
		return nil, usageErrorf("%s: %v; expected the output of mailpick probe --format json", path, err)
	}
	return out, nil
}

func parsePosture(b []byte) ([]probe.DomainResult, error) {
	s := strings.TrimSpace(string(b))
	if s == "" {
		return nil, errors.New("empty file")
	}
	var out []probe.DomainResult
	if strings.HasPrefix(s, "[") {
		if err := json.Unmarshal([]byte(s), &out); err != nil {
			return nil, jsonErr(err)
		}
	} else {
		dec := json.NewDecoder(strings.NewReader(s))
		for {
			var d probe.DomainResult
			err := dec.Decode(&d)
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, jsonErr(err)
			}
			out = append(out, d)
		}
	}
	for i, d := range out {
		if strings.TrimSpace(d.Domain) == "" {
			return nil, fmt.Errorf("entry %d has no \"domain\"", i+1)
		}
	}
	return out, nil
}

func jsonErr(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid JSON at byte %d: %v", se.Offset, err)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("field %q has the wrong type (%s) at byte %d", te.Field, te.Value, te.Offset)
	}
	return err
}

// probeLive measures company.domain and every option's probe_domains that
// the posture file did not already cover. A network that cannot be reached
// is not a failure of the report: it becomes a note in it and on stderr.
func probeLive(ctx context.Context, env *Env, opts ReportOptions, in *reports.Input) (string, error) {
	req, err := loadRequirements(opts.Requirements)
	if err != nil {
		return "", err
	}
	cat, err := loadCatalog(opts.Catalogs)
	if err != nil {
		return "", err
	}
	// Bad input must fail before minutes of probing, not after.
	assume, err := scoring.DefaultAssumptions()
	if err != nil {
		return "", err
	}
	if _, err := checkAgainstCatalog(opts.Requirements, req, cat, assume, req.Lang); err != nil {
		return "", err
	}
	have := map[string]bool{}
	for _, d := range in.Posture {
		have[strings.ToLower(d.Domain)] = true
	}
	var domains []string
	add := func(d string) {
		d = strings.ToLower(strings.TrimSuffix(d, "."))
		if d != "" && !have[d] {
			have[d] = true
			domains = append(domains, d)
		}
	}
	add(req.CompanyDomain)
	for _, o := range cat {
		for _, d := range o.ProbeDomains {
			add(d)
		}
	}
	if len(domains) == 0 {
		return "", nil
	}
	lang := opts.Lang
	if lang == "" {
		lang = req.Lang
	}
	fmt.Fprintf(env.Stderr, "mailpick: probing %d domain(s)…\n", len(domains))
	measure := env.ProbeDomains
	if measure == nil {
		measure = func(ctx context.Context, d []string) ([]probe.DomainResult, error) {
			return probeWithDefaults(ctx, env, d)
		}
	}
	res, err := measure(ctx, domains)
	if err != nil {
		return msg.T(lang, "probe_failed", "err", err.Error()), nil
	}
	// A resolver that answers nothing (a sandbox, a captive network) makes
	// every domain look empty, which would read as "no SPF, no DMARC" for
	// google.com too. If no domain passed a single check, we measured the
	// network, not the domains: keep the vendors' claims and say so.
	measured := 0
	for _, r := range res {
		for _, c := range r.Checks {
			if c.Status == probe.Pass {
				measured++
				break
			}
		}
	}
	if measured == 0 {
		return msg.T(lang, "probe_unreachable"), nil
	}
	in.Posture = append(in.Posture, res...)
	return "", nil
}
