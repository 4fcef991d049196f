package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mailpick/mailpick/probe"
	"github.com/mailpick/mailpick/probe/dnstest"
)

// postureZone is example.com with a given DMARC record and SPF, and the
// reverse zone of its sending address 192.0.2.25.
func postureZone(dmarc, spf string) string {
	z := `example.com. SOA ns.example.com. h.example.com. 1 3600 600 86400 300
example.com. MX 10 mx1.example.com.
mx1.example.com. A 192.0.2.1
s1._domainkey.example.com. TXT "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
25.2.0.192.in-addr.arpa. PTR out.example.com.
out.example.com. A 192.0.2.25
`
	if spf != "" {
		z += `example.com. TXT "` + spf + `"` + "\n"
	}
	if dmarc != "" {
		z += `_dmarc.example.com. TXT "` + dmarc + `"` + "\n"
	}
	return z
}

const (
	dmarcReject = "v=DMARC1; p=reject; rua=mailto:d@example.com"
	dmarcNone   = "v=DMARC1; p=none; rua=mailto:d@example.com"
	spfGood     = "v=spf1 ip4:192.0.2.25 -all"
)

// runPosture runs probe with the posture options and returns stdout and
// the error.
func runPosture(t *testing.T, srv *dnstest.Server, format string, po PostureOptions, domains ...string) (string, error) {
	t.Helper()
	env, out, _ := probeTestEnv()
	opts := probeOpts(srv, format)
	opts.PostureOptions = po
	opts.Concurrency = 1
	if po.Lang == "" {
		opts.Lang = "en"
	}
	err := runProbe(context.Background(), env, opts, domains)
	return out.String(), err
}

// The JSON gains profiles exactly as documented, and every other format
// shows them too.
func TestProbeProfilesEveryFormat(t *testing.T) {
	srv := dnstest.New(t, postureZone(dmarcNone, spfGood))
	po := PostureOptions{Profiles: []string{"gmail-bulk", "jp-meti-2023-card"}, SendingIPs: []string{"192.0.2.25"}}
	out, err := runPosture(t, srv, "json", po, "example.com")
	if err != nil {
		t.Fatal(err)
	}
	var raw []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	var profiles []map[string]json.RawMessage
	if err := json.Unmarshal(raw[0]["profiles"], &profiles); err != nil || len(profiles) != 2 {
		t.Fatalf("profiles: %v %s", err, raw[0]["profiles"])
	}
	keys := func(m map[string]json.RawMessage) string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		return strings.Join(ks, ",")
	}
	if got := keys(profiles[0]); got != "as_of,id,met,requirements,source,title" {
		t.Errorf("profile keys %s", got)
	}
	var reqs []map[string]json.RawMessage
	json.Unmarshal(profiles[0]["requirements"], &reqs)
	if got := keys(reqs[0]); got != "checks,fix,id,status,text" {
		t.Errorf("requirement keys %s", got)
	}
	var res []probe.DomainResult
	json.Unmarshal([]byte(out), &res)
	gm, jp := res[0].Profiles[0], res[0].Profiles[1]
	if gm.ID != "gmail-bulk" || gm.Met != nil || gm.AsOf != "2026-03-11" || !strings.HasPrefix(gm.Source, "https://support.google.com/") {
		t.Errorf("gmail-bulk: %+v", gm)
	}
	if string(profiles[0]["met"]) != "null" {
		t.Errorf("met with requirements to confirm: %s, want null", profiles[0]["met"])
	}
	st := map[string]string{}
	for _, q := range gm.Requirements {
		st[q.ID] = q.Status
	}
	if st["dmarc"] != probe.Met || st["ptr"] != probe.Met || st["spf-and-dkim"] != probe.Met || st["one-click-unsubscribe"] != probe.NotMeasurable {
		t.Errorf("gmail-bulk statuses %v", st)
	}
	if jp.Met == nil || *jp.Met || jp.Requirements[1].Status != probe.NotMet || !strings.Contains(jp.Requirements[1].Fix, `_dmarc.example.com. TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"`) {
		t.Errorf("jp-meti p=none: %+v", jp)
	}

	for format, want := range map[string][]string{
		"table": {"  profiles:\n", "gmail-bulk", "to confirm (", "jp-meti-2023-card", "not met", "fix: dmarc.policy: applied is none", "check: the headers of your marketing"},
		"md":    {"### Sender-requirement profiles", "| not met |", "[source](https://support.google.com/mail/answer/81126)"},
		"csv":   {"profile:gmail-bulk/one-click-unsubscribe,profile,not_measurable,gmail-bulk", "profile:jp-meti-2023-card/reject,profile,not_met"},
	} {
		out, err := runPosture(t, srv, format, po, "example.com")
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("%s lacks %q:\n%s", format, w, out)
			}
		}
		if format == "csv" {
			rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil || len(rows[0]) != 9 {
				t.Errorf("csv: %v, header %v", err, rows[0])
			}
		}
	}
	// Japanese texts with --lang ja.
	po.Lang = "ja"
	out, _ = runPosture(t, srv, "json", po, "example.com")
	if !strings.Contains(out, "Gmail: 大量送信者") || !strings.Contains(out, "ワンクリック登録解除") {
		t.Errorf("--lang ja: %s", out[:min(len(out), 400)])
	}
}

func TestProbeProfilesList(t *testing.T) {
	for _, format := range []string{"table", "json"} {
		env, out, _ := probeTestEnv()
		if code := Main(context.Background(), []string{"probe", "profiles", "--format", format, "--lang", "en"}, env); code != exitOK {
			t.Fatalf("exit %d", code)
		}
		for _, w := range []string{"gmail-all", "gmail-bulk", "yahoo-all", "yahoo-bulk", "outlook-high-volume", "jp-meti-2023-card", "jp-mic-2025-isp",
			"https://www.soumu.go.jp/menu_news/s-news/01kiban18_01000260.html", "2023-02-01", "2025-09-01", "2026-03-11"} {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%s listing lacks %q", format, w)
			}
		}
	}
	env, _, errb := probeTestEnv()
	if code := Main(context.Background(), []string{"probe", "example.com", "--profile", "gmail"}, env); code != exitUsage || !strings.Contains(errb.String(), `did you mean "gmail-all"?`) {
		t.Errorf("unknown profile: exit %d, %s", code, errb)
	}
}

// writeBaseline probes example.com on srv and writes the JSON (or JSONL).
func writeBaseline(t *testing.T, srv *dnstest.Server, format string) string {
	t.Helper()
	out, err := runPosture(t, srv, format, PostureOptions{})
	if err == nil {
		t.Fatal("no domain given")
	}
	out, err = runPosture(t, srv, format, PostureOptions{}, "example.com")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "base."+format)
	os.WriteFile(p, []byte(out), 0o644)
	return p
}

func TestProbeBaseline(t *testing.T) {
	weak := dnstest.New(t, postureZone(dmarcNone, spfGood))
	strong := dnstest.New(t, postureZone(dmarcReject, spfGood))
	weakBase := writeBaseline(t, weak, "json")
	strongBase := writeBaseline(t, strong, "jsonl")

	t.Run("improved", func(t *testing.T) {
		out, err := runPosture(t, strong, "table", PostureOptions{Baseline: weakBase}, "example.com")
		if err != nil {
			t.Fatalf("an improvement tripped --fail-on: %v", err)
		}
		for _, w := range []string{"since baseline of ", "    better:\n      dmarc.policy       warn → pass"} {
			if !strings.Contains(out, w) {
				t.Errorf("table lacks %q:\n%s", w, out)
			}
		}
		if strings.Contains(out, "worse:") {
			t.Errorf("an improvement listed as worse:\n%s", out)
		}
	})
	t.Run("regressed", func(t *testing.T) {
		env, out, _ := probeTestEnv()
		opts := probeOpts(weak, "json")
		opts.Baseline, opts.FailOn, opts.Lang = strongBase, "regression", "en"
		err := runProbe(context.Background(), env, opts, []string{"example.com"})
		var ce exitCodeError
		if !errors.As(err, &ce) || ce.code != exitFindings || !strings.Contains(ce.msg, "example.com dmarc.policy") {
			t.Fatalf("want exit 3 naming the change, got %v", err)
		}
		var res []probe.DomainResult
		json.Unmarshal(out.Bytes(), &res)
		r := res[0]
		if r.Baseline == nil || !r.Baseline.Found || r.Baseline.Grade == "" || len(r.Changes) == 0 {
			t.Fatalf("baseline %+v changes %+v", r.Baseline, r.Changes)
		}
		c := r.Changes[0]
		if c.ID != "dmarc.policy" || c.From != "pass" || c.To != "warn" || c.Direction != probe.Worse || !strings.Contains(c.Summary, "p=none") {
			t.Errorf("first change %+v", c)
		}
	})
	t.Run("fail-on combined", func(t *testing.T) {
		// fail,regression: the regression is named even when the
		// threshold is met too.
		_, err := runPosture(t, weak, "jsonl", PostureOptions{Baseline: strongBase}, "example.com")
		if err != nil {
			t.Fatal(err)
		}
		env, _, _ := probeTestEnv()
		opts := probeOpts(weak, "jsonl")
		opts.Baseline, opts.FailOn, opts.Lang = strongBase, "warn,regression", "en"
		err = runProbe(context.Background(), env, opts, []string{"example.com"})
		var ce exitCodeError
		if !errors.As(err, &ce) || ce.code != exitFindings {
			t.Errorf("warn,regression: %v", err)
		}
	})
	t.Run("domain missing from the baseline", func(t *testing.T) {
		other := dnstest.New(t, strings.ReplaceAll(postureZone(dmarcNone, spfGood), "example.com", "example.net"))
		env, out, _ := probeTestEnv()
		opts := probeOpts(other, "json")
		opts.Baseline, opts.FailOn, opts.Lang = strongBase, "regression", "en"
		if err := runProbe(context.Background(), env, opts, []string{"example.net"}); err != nil {
			t.Fatalf("a domain the baseline lacks tripped --fail-on: %v", err)
		}
		if !strings.Contains(out.String(), `"baseline": {`) || !strings.Contains(out.String(), `"found": false`) || !strings.Contains(out.String(), `"changes": []`) {
			t.Errorf("json:\n%s", out)
		}
		tbl, _ := runPosture(t, other, "table", PostureOptions{Baseline: strongBase}, "example.net")
		if !strings.Contains(tbl, "has no result for example.net; nothing to compare") {
			t.Errorf("table:\n%s", tbl)
		}
	})
	t.Run("older mailpick", func(t *testing.T) {
		// The strong run as an older mailpick wrote it: a check this one
		// no longer has, none of the sending checks, a field it dropped.
		b, _ := os.ReadFile(strongBase)
		var r map[string]any
		json.Unmarshal(b, &r)
		var checks []any
		for _, c := range r["checks"].([]any) {
			if id := c.(map[string]any)["id"].(string); !strings.HasPrefix(id, "sending.") {
				checks = append(checks, c)
			}
		}
		checks = append(checks, map[string]any{"id": "spf.include_depth", "category": "spf", "status": "pass", "summary": "include depth 1", "target": "example.com", "details": map[string]any{}})
		r["checks"] = checks
		r["schema_hint"] = "v0"
		old, _ := json.Marshal(r)
		p := filepath.Join(t.TempDir(), "old.jsonl")
		os.WriteFile(p, old, 0o644)
		env, out, _ := probeTestEnv()
		opts := probeOpts(strong, "json")
		opts.Baseline, opts.FailOn, opts.Lang = p, "regression", "en"
		if err := runProbe(context.Background(), env, opts, []string{"example.com"}); err != nil {
			t.Fatalf("absent checks tripped --fail-on regression: %v", err)
		}
		var res []probe.DomainResult
		json.Unmarshal(out.Bytes(), &res)
		var got []string
		for _, c := range res[0].Changes {
			got = append(got, c.ID+":"+c.From+">"+c.To+":"+c.Direction)
			if c.ID == "spf.include_depth" && !strings.Contains(c.Summary, "this mailpick no longer has this check") {
				t.Errorf("removed check summary %q", c.Summary)
			}
		}
		for _, w := range []string{"spf.include_depth:pass>absent:changed", "sending.ptr:absent>skip:changed", "sending.spf:absent>skip:changed"} {
			if !slices.Contains(got, w) {
				t.Errorf("changes %v lack %s", got, w)
			}
		}
	})
	t.Run("latest run of a history", func(t *testing.T) {
		// A JSONL history: an old strong run, then the weak one. The
		// latest (weak) is the baseline, so the strong zone now is better.
		sb, _ := os.ReadFile(strongBase)
		wb, _ := os.ReadFile(weakBase)
		var weakRes []probe.DomainResult
		json.Unmarshal(wb, &weakRes)
		weakRes[0].ProbedAt = time.Now().Add(time.Hour)
		line, _ := json.Marshal(weakRes[0])
		p := filepath.Join(t.TempDir(), "history.jsonl")
		os.WriteFile(p, append(append(sb, '\n'), line...), 0o644)
		out, err := runPosture(t, strong, "json", PostureOptions{Baseline: p}, "example.com")
		if err != nil || !strings.Contains(out, `"direction": "better"`) {
			t.Errorf("history: %v\n%s", err, out)
		}
	})
}

func TestProbePostureFlags(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{not json"), 0o644)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--fail-on", "regression"}, "--fail-on regression needs --baseline FILE"},
		{[]string{"--fail-on", "worse"}, `--fail-on "worse" is not supported`},
		{[]string{"--baseline", filepath.Join(dir, "none.json")}, "--baseline:"},
		{[]string{"--baseline", bad}, "--baseline " + bad + ": invalid JSON"},
		{[]string{"--sending-ip", "mail.example.com"}, `--sending-ip "mail.example.com" is not an IP address`},
		{[]string{"--sending-ip", "10.0.0.5"}, "--sending-ip 10.0.0.5 is not a public address"},
		{[]string{"-o", filepath.Join(dir, "r.docx")}, `end the report's name in one of .pdf .html .md .xlsx .json`},
		{[]string{"-o", filepath.Join(dir, "no", "r.pdf")}, "does not exist"},
		{[]string{"--lang", "fr"}, `--lang "fr" is not supported`},
	} {
		env, _, errb := probeTestEnv()
		args := append([]string{"probe", "example.com", "--resolver", "127.0.0.1:1", "--timeout", "1s"}, tt.args...)
		if code := Main(context.Background(), args, env); code != exitUsage || !strings.Contains(errb.String(), tt.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", tt.args, code, errb, tt.want)
		}
	}
}

// -o writes the report in every format; stdout stays quiet unless --format
// is given too; the report keeps the domains in the order given.
func TestProbeReportFile(t *testing.T) {
	zone := postureZone(dmarcNone, spfGood) + strings.ReplaceAll(postureZone(dmarcReject, spfGood), "example.com", "example.net")
	srv := dnstest.New(t, zone)
	dir := t.TempDir()
	for _, ext := range []string{".pdf", ".html", ".md", ".xlsx", ".json"} {
		out := filepath.Join(dir, "posture"+ext)
		env, stdout, stderr := probeTestEnv()
		opts := probeOpts(srv, "table")
		opts.Output, opts.Profiles, opts.Lang = out, []string{"gmail-bulk"}, "en"
		if err := runProbe(context.Background(), env, opts, []string{"example.net", "example.com"}); err != nil {
			t.Fatal(err)
		}
		if stdout.Len() != 0 {
			t.Errorf("%s: stdout not quiet: %q", ext, stdout)
		}
		if !strings.Contains(stderr.String(), "wrote "+out+" (2 domain(s))") {
			t.Errorf("%s: stderr %q", ext, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil || len(b) < 500 {
			t.Fatalf("%s: %d bytes, %v", ext, len(b), err)
		}
		switch ext {
		case ".json":
			var v struct {
				Domains  []probe.DomainResult `json:"domains"`
				TopFixes []map[string]any     `json:"top_fixes"`
			}
			if err := json.Unmarshal(b, &v); err != nil || len(v.Domains) != 2 || v.Domains[0].Domain != "example.net" || len(v.TopFixes) != 3 {
				t.Errorf("json: %v, %d domains, %d fixes", err, len(v.Domains), len(v.TopFixes))
			}
		case ".md", ".html":
			s := string(b)
			if i, j := strings.Index(s, "example.net —"), strings.Index(s, "example.com —"); i < 0 || j < 0 || i > j {
				t.Errorf("%s: domains out of order (%d, %d)", ext, i, j)
			}
		case ".pdf":
			if !bytes.HasPrefix(b, []byte("%PDF-")) {
				t.Errorf("not a PDF")
			}
		}
	}
	// With --format as well, the results stream to stdout too.
	env, stdout, _ := probeTestEnv()
	opts := probeOpts(srv, "jsonl")
	opts.Output, opts.formatGiven, opts.Lang = filepath.Join(dir, "again.md"), true, "en"
	if err := runProbe(context.Background(), env, opts, []string{"example.com"}); err != nil || !strings.Contains(stdout.String(), `"domain":"example.com"`) {
		t.Errorf("--format with -o: %v %q", err, stdout)
	}
}
