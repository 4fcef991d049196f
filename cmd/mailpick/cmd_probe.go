package main

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mailpick/mailpick/probe"
	"github.com/mailpick/mailpick/probe/dnsclient"
)

// ProbeOptions are the flags of `mailpick probe`.
type ProbeOptions struct {
	Format        string
	Resolver      string
	CAFile        string
	Timeout       time.Duration
	DKIMSelectors []string
	NoConnect     bool
	FailOn        string
	// Concurrency is how many domains are probed at once, 1 to
	// maxConcurrency.
	Concurrency int
	// DomainsFile lists domains one per line ("-": stdin), read lazily.
	DomainsFile string
	// ClientHosts replace SRV discovery for client.submission/client.imap.
	ClientHosts []string
	// Posture: sender-requirement profiles, an earlier run to compare
	// with, the sending addresses, and the posture report (probe_posture.go).
	PostureOptions

	// transport replaces the connection checks (tests); nil means the
	// real ones (port 25, client ports).
	transport func(ctx context.Context, cfg probe.Config, domain string, mx []probe.MXHost) []probe.Check
	// mtastsPort overrides the HTTPS port of MTA-STS fetches (tests).
	mtastsPort int
}

var probeFormats = []string{"table", "json", "jsonl", "csv", "md"}

// AddFlags registers probe's flags.
func (o *ProbeOptions) AddFlags(f *pflag.FlagSet) {
	f.StringVar(&o.Format, "format", "table", "output `format`: "+strings.Join(probeFormats, ", "))
	f.StringVar(&o.Resolver, "resolver", "", "send every DNS query to `HOST:PORT` (default: /etc/resolv.conf); use a validating resolver for the dnssec checks")
	f.StringVar(&o.CAFile, "ca-file", "", "trust the certificates in `PEM` in addition to the system roots (MTA-STS, SMTP, client ports)")
	f.DurationVar(&o.Timeout, "timeout", probe.DefaultTimeout, "time limit `D` for each domain; what is unanswered by then is reported as error")
	f.StringSliceVar(&o.DKIMSelectors, "dkim-selectors", nil, "DKIM `selectors` to look up (comma-separated; default: common selectors such as google, selector1, selector2, default, k1, s1)")
	f.BoolVar(&o.NoConnect, "no-connect", false, "DNS checks only: never connect to port 25 or the client ports")
	f.StringVar(&o.FailOn, "fail-on", "", "exit with status 3 when any check is at `LEVEL` or worse (warn or fail), or, with regression, when any check got worse since --baseline; comma-separated")
	f.StringVar(&o.DomainsFile, "domains-file", "", "also probe the domains in `FILE`, one per line, # comments allowed; - reads stdin")
	f.IntVar(&o.Concurrency, "concurrency", defaultConcurrency, "probe `N` domains at once (1 to "+strconv.Itoa(maxConcurrency)+")")
	f.StringSliceVar(&o.ClientHosts, "client-host", nil, "probe these `hosts` on 465/587/993 instead of the SRV records' targets (comma-separated)")
	o.PostureOptions.AddFlags(f)
}

func newProbeCommand(env *Env) *cobra.Command {
	var opts ProbeOptions
	cmd := &cobra.Command{
		Use:   "probe DOMAIN...",
		Short: "Measure domains' mail security posture (DNS, SPF, DMARC, DKIM, MTA-STS, DNSSEC, TLS) with fixes",
		Long: `Probe measures each DOMAIN's mail posture and says, for every check that
warns or fails, the exact change that fixes it (usually the DNS record to
publish). The probe only reads DNS, fetches the MTA-STS policy over HTTPS
and, unless --no-connect, talks EHLO/STARTTLS/QUIT to the MX hosts; it
never sends MAIL FROM, RCPT TO or DATA.

Statuses: pass, warn, fail, info (fact, not judged), skip (not applicable),
error (could not be measured: timeout, SERVFAIL, port 25 blocked — never
counted as a fail).

Scoring (after internet.nl): per category, pass earns 10 points, warn 5,
fail 0; info, skip and error are left out. Category score = earned / max ×
100; overall score = mean of the categories with a scored check. Grade:
A ≥ 90, B ≥ 80, C ≥ 65, D ≥ 50, else F ("-" when nothing was measured).

Checks:
` + probe.CheckHelp() + `
Formats: table (for people), json (array of domains), jsonl (one domain per
line, as each finishes), csv (one row per check), md (Markdown).
JSON keys: domain, score, grade, categories, checks [{id, category, status,
summary, target, details, fix}], mx, duration_ms; with --profile, profiles
[{id, title, source, as_of, met, requirements [{id, text, status, checks,
fix}]}]; with --baseline, baseline {file, found, probed_at, grade, score}
and changes [{id, from, to, summary, direction}], worst first.

Sender-requirement profiles (--profile ID[,ID] or all; list them with
"mailpick probe profiles") judge each requirement of Gmail, Yahoo,
Outlook.com or the Japanese government's DMARC requests as met, not_met or
not_measurable; a requirement DNS and TLS cannot show (one-click
unsubscribe, spam rate, alignment in real messages) says what to check and
where. --sending-ip ADDR adds the sending addresses' reverse DNS and SPF.

-o FILE writes a posture report (.pdf .html .md .xlsx .json): page 1 with
the grade, the profiles' verdicts and the three most important fixes, then
every category's findings with the record to publish, the changes since
--baseline, and a comparison table when several domains are given.

Exit status: 0 done; 1 runtime failure; 2 bad flags; 3 --fail-on reached;
130 or 143 stopped by SIGINT (Ctrl-C) or SIGTERM, after writing the
domains finished so far.`,
		Example: `  mailpick probe example.com
  mailpick probe example.com example.net --format json
  mailpick probe example.com --no-connect --dkim-selectors s1,s2 --fail-on fail
  mailpick probe example.com --resolver 127.0.0.1:53 --ca-file corp-root.pem
  mailpick probe example.com --profile gmail-bulk,jp-meti-2023-card --sending-ip 192.0.2.25
  mailpick probe example.com --baseline last-month.json --fail-on regression
  mailpick probe example.co.jp example.net -o posture.pdf --lang ja`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.formatGiven = cmd.Flags().Changed("format")
			return runProbe(cmd.Context(), env, opts, args)
		},
	}
	opts.AddFlags(cmd.Flags())
	cmd.AddCommand(newProbeProfilesCommand(env))
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(probeFormats, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions([]string{"warn", "fail", "regression"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// probeConfig validates the flags and builds the probe configuration.
func probeConfig(env *Env, opts ProbeOptions) (probe.Config, error) {
	var cfg probe.Config
	if err := checkFormat(opts.Format, probeFormats...); err != nil {
		return cfg, err
	}
	if _, err := parseFailOn(opts.FailOn, opts.Baseline); err != nil {
		return cfg, err
	}
	if opts.Timeout <= 0 {
		return cfg, usageErrorf("--timeout %s: the time limit per domain must be positive, e.g. 10s", opts.Timeout)
	}
	if opts.Concurrency < 1 || opts.Concurrency > maxConcurrency {
		return cfg, usageErrorf("--concurrency %d: probe from 1 to %d domains at once (default %d)", opts.Concurrency, maxConcurrency, defaultConcurrency)
	}
	for _, s := range opts.DKIMSelectors {
		if !validSelector(s) {
			return cfg, usageErrorf("--dkim-selectors: %q is not a selector (letters, digits, '-', '_' and '.')", s)
		}
	}
	dns, err := dnsclient.System(opts.Resolver)
	if errors.Is(err, dnsclient.ErrBadResolver) {
		return cfg, usageErrorf("--resolver: %v", err)
	}
	if err != nil {
		return cfg, err
	}
	roots, err := loadRoots(opts.CAFile)
	if err != nil {
		return cfg, err
	}
	cfg = probe.Config{
		DNS:           dns,
		Roots:         roots,
		Timeout:       opts.Timeout,
		DKIMSelectors: opts.DKIMSelectors,
		NoConnect:     opts.NoConnect,
		Transport:     probe.TransportChecks,
		MTASTSPort:    opts.mtastsPort,
		Now:           env.Now,
	}
	if len(opts.ClientHosts) > 0 {
		hosts, err := clientHosts(opts.ClientHosts)
		if err != nil {
			return cfg, err
		}
		cfg.Transport = probe.Transport{ClientHosts: hosts}.Hook()
	}
	if opts.transport != nil {
		cfg.Transport = opts.transport
	}
	if cfg.SendingIPs, err = sendingIPs(opts.SendingIPs); err != nil {
		return cfg, err
	}
	return cfg, nil
}

func validSelector(s string) bool {
	if s == "" || len(s) > 253 || strings.HasPrefix(s, ".") || strings.HasSuffix(s, ".") || strings.Contains(s, "..") {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// loadRoots returns the system roots plus the certificates in file; nil
// (system roots) when file is empty.
func loadRoots(file string) (*x509.CertPool, error) {
	if file == "" {
		return nil, nil
	}
	pem, err := readInput("--ca-file", file, maxInputBytes)
	if err != nil {
		return nil, err
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, usageErrorf("--ca-file %s: no PEM certificate found", file)
	}
	return pool, nil
}

// runProbe probes domains and writes the results as they finish.
func runProbe(ctx context.Context, env *Env, opts ProbeOptions, domains []string) error {
	cfg, err := probeConfig(env, opts)
	if err != nil {
		return err
	}
	src, err := openDomains(env, domains, opts.DomainsFile)
	if err != nil {
		return err
	}
	defer src.close()
	if src.total != 1 && os.Getenv("GOGC") == "" {
		// A bulk run allocates mostly short-lived DNS messages and check
		// results; letting the heap grow to 3× the live data between
		// collections instead of 2× costs about 10 MiB and saves about a
		// sixth of the CPU (bench/README.md). GOGC, when set, wins.
		debug.SetGCPercent(bulkGCPercent)
	}
	return probeStream(ctx, env, opts, cfg, src)
}

// bulkGCPercent is the garbage collector's target for runs of several
// domains (runtime/debug.SetGCPercent; Go's default is 100).
const bulkGCPercent = 200

// probeStream probes every domain src yields, writes each result in the
// chosen format as soon as it is ready, and applies --fail-on at the end.
func probeStream(ctx context.Context, env *Env, opts ProbeOptions, cfg probe.Config, src *domainSource) error {
	post, err := newPostureRun(env, opts, src)
	if err != nil {
		return err
	}
	out, err := newResultWriter(post.stdout(env.Stdout), opts.Format, post.lang)
	if err != nil {
		return err
	}
	fo, _ := parseFailOn(opts.FailOn, opts.Baseline)
	threshold := fo.threshold
	var findings []string
	emit := func(r probe.DomainResult) error {
		post.decorate(&r)
		for _, c := range r.Checks {
			if threshold > 0 && c.Status.Severity() >= threshold {
				findings = append(findings, r.Domain+" "+c.ID)
			}
		}
		return out.Write(r)
	}
	probeOne := func(ctx context.Context, d string) probe.DomainResult { return probe.Probe(ctx, cfg, d) }
	_, runErr := runBatch(ctx, env, src, opts.Concurrency, probeOne, emit)
	if err := out.Close(); err != nil && runErr == nil {
		runErr = err
	}
	if runErr != nil {
		return runErr
	}
	if err := post.finish(ctx); err != nil {
		return err
	}
	if fo.regression && len(post.regressions) > 0 {
		return exitCodeError{code: exitFindings, msg: fmt.Sprintf("--fail-on regression: %d check(s) got worse since %s (first: %s)", len(post.regressions), opts.Baseline, post.regressions[0])}
	}
	if len(findings) > 0 {
		return exitCodeError{code: exitFindings, msg: fmt.Sprintf("--fail-on %s: %d check(s) at or above %s (first: %s)", opts.FailOn, len(findings), fo.level, findings[0])}
	}
	return nil
}

// probeWithDefaults measures domains as `mailpick probe` does with its
// default flags — the system resolver, port 25 and the system roots — for
// report --probe. Tests swap it through Env.ProbeDomains.
func probeWithDefaults(ctx context.Context, env *Env, domains []string) ([]probe.DomainResult, error) {
	cfg, err := probeConfig(env, ProbeOptions{Format: "json", Timeout: probe.DefaultTimeout, Concurrency: defaultConcurrency})
	if err != nil {
		return nil, err
	}
	names := make([]string, len(domains))
	for i, d := range domains {
		if names[i], err = probe.NormalizeDomain(d); err != nil {
			return nil, err
		}
	}
	out := make([]probe.DomainResult, len(names))
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for i, d := range names {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[i] = probe.Probe(ctx, cfg, d)
		}()
	}
	wg.Wait()
	return out, nil
}
