package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/spf13/pflag"

	"github.com/mailpick/mailpick/probe"
	"github.com/mailpick/mailpick/probe/profile"
	"github.com/mailpick/mailpick/reports"
)

// PostureOptions are probe's flags for sender-requirement profiles, change
// over time and the posture report.
type PostureOptions struct {
	Profiles   []string
	Baseline   string
	SendingIPs []string
	Output     string
	Lang       string

	// formatGiven is true when --format was set: with -o, results go to
	// stdout only then.
	formatGiven bool
}

// AddFlags registers the posture flags.
func (o *PostureOptions) AddFlags(f *pflag.FlagSet) {
	f.StringSliceVar(&o.Profiles, "profile", nil, "judge each domain against sender-requirement profile `IDs` (comma-separated, or all; see mailpick probe profiles)")
	f.StringVar(&o.Baseline, "baseline", "", "compare with an earlier run: `FILE` from --format json or jsonl (changes, worst first)")
	f.StringSliceVar(&o.SendingIPs, "sending-ip", nil, "the `addresses` your mail leaves from: checks their reverse DNS and SPF result (comma-separated)")
	f.StringVarP(&o.Output, "output", "o", "", "also write a posture report to `FILE`: .pdf .html .md .xlsx .json")
	f.StringVar(&o.Lang, "lang", "", "language of profile texts and the report: ja or en (default: from LANG, else en)")
}

// failOn is --fail-on parsed: a status threshold and/or regression.
type failOn struct {
	threshold  int
	level      string
	regression bool
}

func parseFailOn(v, baseline string) (failOn, error) {
	var fo failOn
	for _, part := range strings.Split(v, ",") {
		switch p := strings.TrimSpace(part); p {
		case "":
		case "warn", "fail":
			if s := map[string]probe.Status{"warn": probe.Warn, "fail": probe.Fail}[p].Severity(); fo.threshold == 0 || s < fo.threshold {
				fo.threshold, fo.level = s, p
			}
		case "regression":
			if baseline == "" {
				return fo, usageErrorf("--fail-on regression needs --baseline FILE, the earlier run to compare with")
			}
			fo.regression = true
		default:
			return fo, usageErrorf("--fail-on %q is not supported; use warn, fail or regression (comma-separated)", p)
		}
	}
	return fo, nil
}

// sendingIPs validates --sending-ip.
func sendingIPs(in []string) ([]netip.Addr, error) {
	var out []netip.Addr
	for _, s := range in {
		ip, err := netip.ParseAddr(strings.Trim(strings.TrimSpace(s), "[]"))
		if err != nil || ip.Zone() != "" {
			return nil, usageErrorf("--sending-ip %q is not an IP address; write e.g. 192.0.2.25 or 2001:db8::25", s)
		}
		if !ip.IsGlobalUnicast() || ip.IsPrivate() {
			return nil, usageErrorf("--sending-ip %s is not a public address; give the address receivers see your mail come from", ip)
		}
		out = append(out, ip.Unmap())
	}
	return out, nil
}

// reportLang is --lang, or Japanese when the locale is.
func reportLang(flag string) (string, error) {
	if err := checkLang(flag); err != nil {
		return "", err
	}
	if flag != "" {
		return flag, nil
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(k); v != "" {
			if strings.HasPrefix(v, "ja") {
				return "ja", nil
			}
			return "en", nil
		}
	}
	return "en", nil
}

// postureRun adds profiles and the baseline comparison to each result as
// it is emitted, and collects the results for the report.
type postureRun struct {
	opts        PostureOptions
	lang        string
	profiles    []*profile.Profile
	baseline    map[string]probe.DomainResult
	report      func(io.Writer, *reports.PostureInput) error
	env         *Env
	mu          sync.Mutex
	order       map[string]int
	results     []probe.DomainResult
	regressions []string
}

func newPostureRun(env *Env, opts ProbeOptions, src *domainSource) (*postureRun, error) {
	pr := &postureRun{opts: opts.PostureOptions, env: env, order: map[string]int{}}
	var err error
	if pr.lang, err = reportLang(opts.Lang); err != nil {
		return nil, err
	}
	if len(opts.Profiles) > 0 {
		all, err := profile.Embedded()
		if err != nil {
			return nil, err
		}
		if pr.profiles, err = profile.Select(all, opts.Profiles); err != nil {
			return nil, usageErrorf("--profile: %v", err)
		}
	}
	if opts.Baseline != "" {
		if pr.baseline, err = readBaseline(opts.Baseline); err != nil {
			return nil, err
		}
	}
	if opts.Output != "" {
		ext := strings.ToLower(filepath.Ext(opts.Output))
		render, ok := reports.PostureFormats[ext]
		if !ok {
			return nil, usageErrorf("-o %q: end the report's name in one of %s", opts.Output, strings.Join(reports.PostureExtensions, " "))
		}
		if st, err := os.Stat(filepath.Dir(opts.Output)); err != nil || !st.IsDir() {
			return nil, usageErrorf("-o %s: the directory %s does not exist", opts.Output, filepath.Dir(opts.Output))
		}
		pr.report = render
		// Keep the domains' order as given for the report, whatever order
		// the probes finish in.
		next := src.next
		src.next = func() (string, error) {
			d, err := next()
			if err == nil {
				pr.mu.Lock()
				if _, ok := pr.order[d]; !ok {
					pr.order[d] = len(pr.order)
				}
				pr.mu.Unlock()
			}
			return d, err
		}
	}
	return pr, nil
}

// stdout is where results stream: nowhere when only a report was asked for.
func (pr *postureRun) stdout(w io.Writer) io.Writer {
	if pr.opts.Output != "" && !pr.opts.formatGiven {
		return io.Discard
	}
	return w
}

// decorate adds the profiles' verdicts and the changes since the baseline.
func (pr *postureRun) decorate(r *probe.DomainResult) {
	if len(pr.profiles) > 0 {
		r.Profiles = profile.EvaluateAll(pr.profiles, *r, pr.lang)
	}
	if pr.baseline != nil {
		ref := &probe.BaselineRef{File: pr.opts.Baseline}
		if b, ok := pr.baseline[r.Domain]; ok {
			ref.Found, ref.ProbedAt, ref.Grade, ref.Score = true, b.ProbedAt, b.Grade, b.Score
			r.Changes = probe.Compare(b, *r)
		} else {
			r.Changes = []probe.Change{}
		}
		r.Baseline = ref
		pr.mu.Lock()
		for _, c := range probe.Regressions(r.Changes) {
			pr.regressions = append(pr.regressions, r.Domain+" "+c.ID)
		}
		pr.mu.Unlock()
	}
	if pr.report != nil {
		pr.mu.Lock()
		pr.results = append(pr.results, *r)
		pr.mu.Unlock()
	}
}

// finish writes the report, atomically.
func (pr *postureRun) finish(ctx context.Context) error {
	if pr.report == nil {
		return nil
	}
	sort.SliceStable(pr.results, func(i, j int) bool { return pr.order[pr.results[i].Domain] < pr.order[pr.results[j].Domain] })
	in := &reports.PostureInput{Results: pr.results, Profiles: pr.profiles, Lang: pr.lang, Now: pr.env.Now(), Version: version, Baseline: pr.opts.Baseline}
	err := writeFileAtomic(ctx, pr.opts.Output, func(f *os.File) error {
		w := bufio.NewWriterSize(f, 64<<10)
		if err := pr.report(w, in); err != nil {
			return err
		}
		return w.Flush()
	})
	if err == nil {
		fmt.Fprintf(pr.env.Stderr, "mailpick: wrote %s (%d domain(s))\n", pr.opts.Output, len(pr.results))
	}
	return err
}

// readBaseline reads an earlier run (JSON array or JSON lines) keyed by
// domain. A file holding several runs of one domain (a JSON-lines history
// appended to by cron) yields the latest of them.
func readBaseline(path string) (map[string]probe.DomainResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageErrorf("--baseline: %v", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxPostureBytes+1))
	if err != nil {
		return nil, fmt.Errorf("--baseline %s: %w", path, err)
	}
	if len(b) > maxPostureBytes {
		return nil, usageErrorf("--baseline %s: larger than %d MB", path, maxPostureBytes>>20)
	}
	rs, err := parsePosture(b)
	if err != nil {
		return nil, usageErrorf("--baseline %s: %v; give the output of mailpick probe --format json or jsonl", path, err)
	}
	out := map[string]probe.DomainResult{}
	for _, r := range rs {
		d := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(r.Domain), "."))
		if prev, ok := out[d]; ok && prev.ProbedAt.After(r.ProbedAt) {
			continue
		}
		r.Domain = d
		out[d] = r
	}
	if len(out) == 0 {
		return nil, usageErrorf("--baseline %s: no domain in it", path)
	}
	return out, nil
}
