package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mailpick/mailpick/probe"
	"github.com/mailpick/mailpick/probe/dnstest"
)

const probeTestZone = `
$ORIGIN example.com.
@          MX 10 mx1
mx1        A 192.0.2.1
mx1        AAAA 2001:db8::1
1.2.0.192.in-addr.arpa. PTR mx1.example.com.
@          TXT "v=spf1 mx -all"
_dmarc     TXT "v=DMARC1; p=none; rua=mailto:dmarc@example.com"
s1._domainkey TXT "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
_smtp._tls TXT "v=TLSRPTv1; rua=mailto:tlsrpt@example.com"
`

func probeTestEnv() (*Env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return &Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(""), Now: time.Now}, &out, &errb
}

func probeOpts(srv *dnstest.Server, format string) ProbeOptions {
	return ProbeOptions{Format: format, Resolver: srv.Addr, Timeout: 5 * time.Second, DKIMSelectors: []string{"s1"}, NoConnect: true, Concurrency: defaultConcurrency}
}

func TestRunProbeJSON(t *testing.T) {
	srv := dnstest.New(t, probeTestZone)
	env, out, _ := probeTestEnv()
	if err := runProbe(context.Background(), env, probeOpts(srv, "json"), []string{"Example.COM."}); err != nil {
		t.Fatal(err)
	}
	var raw []map[string]json.RawMessage
	if err := json.Unmarshal(out.Bytes(), &raw); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, out)
	}
	if len(raw) != 1 {
		t.Fatalf("%d domains, want 1", len(raw))
	}
	var keys []string
	for k := range raw[0] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range []string{"categories", "checks", "domain", "duration_ms", "grade", "mx", "score"} {
		if _, ok := raw[0][k]; !ok {
			t.Errorf("key %q missing; have %v", k, keys)
		}
	}
	var res []probe.DomainResult
	json.Unmarshal(out.Bytes(), &res)
	r := res[0]
	if r.Domain != "example.com" || len(r.MX) != 1 || r.MX[0].Host != "mx1.example.com" {
		t.Errorf("domain %q mx %+v", r.Domain, r.MX)
	}
	if r.Grade == "" || r.Score <= 0 || r.Score > 100 {
		t.Errorf("score %d grade %q", r.Score, r.Grade)
	}
	var checks []map[string]json.RawMessage
	if err := json.Unmarshal(raw[0]["checks"], &checks); err != nil || len(checks) != len(probe.Registry) {
		t.Fatalf("checks: %d, %v", len(checks), err)
	}
	for _, check := range checks {
		for _, k := range []string{"id", "category", "status", "summary", "target", "details"} {
			if _, ok := check[k]; !ok {
				t.Errorf("check %s: key %q missing", check["id"], k)
			}
		}
		if d := string(check["details"]); d == "null" {
			t.Errorf("check %s: details is null, want an object", check["id"])
		}
	}
	statuses := map[string]probe.Status{}
	for _, c := range r.Checks {
		statuses[c.ID] = c.Status
	}
	for id, want := range map[string]probe.Status{"spf.policy": probe.Pass, "dmarc.policy": probe.Warn, "dkim.keys": probe.Pass, "mtasts.record": probe.Warn, "smtp.connect": probe.Skip} {
		if statuses[id] != want {
			t.Errorf("%s = %s, want %s", id, statuses[id], want)
		}
	}
	if cat, ok := r.Categories["dmarc"]; !ok || cat.Score != 88 || cat.Total != 4 {
		t.Errorf("dmarc category %+v, want 88 from 3 pass + 1 warn", cat)
	}
}

func TestRunProbeFormats(t *testing.T) {
	srv := dnstest.New(t, probeTestZone+"\nexample.net. MX 0 .\n")
	domains := []string{"example.com", "example.net"}
	for _, format := range probeFormats {
		t.Run(format, func(t *testing.T) {
			env, out, _ := probeTestEnv()
			opts := probeOpts(srv, format)
			opts.Concurrency = 1 // deterministic order
			if err := runProbe(context.Background(), env, opts, domains); err != nil {
				t.Fatal(err)
			}
			s := out.String()
			switch format {
			case "table":
				for _, want := range []string{"example.com  grade ", "example.net  grade ", "  warn  dmarc.policy ", "fix: once reports show", "  pass  mx.records         example.net publishes a null MX", "null MX"} {
					if !strings.Contains(s, want) {
						t.Errorf("table lacks %q:\n%s", want, s)
					}
				}
			case "json":
				var v []probe.DomainResult
				if err := json.Unmarshal(out.Bytes(), &v); err != nil || len(v) != 2 {
					t.Errorf("json: %d results, %v", len(v), err)
				}
			case "jsonl":
				lines := strings.Split(strings.TrimSpace(s), "\n")
				if len(lines) != 2 {
					t.Fatalf("jsonl: %d lines", len(lines))
				}
				for _, l := range lines {
					var v probe.DomainResult
					if err := json.Unmarshal([]byte(l), &v); err != nil || v.Domain == "" {
						t.Errorf("jsonl line %q: %v", l, err)
					}
				}
			case "csv":
				rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				if strings.Join(rows[0], ",") != "domain,score,grade,id,category,status,target,summary,fix" {
					t.Errorf("header %v", rows[0])
				}
				if len(rows) != 1+2*len(probe.Registry) {
					t.Errorf("%d rows, want header + one per check and domain (%d)", len(rows), 1+2*len(probe.Registry))
				}
			case "md":
				for _, want := range []string{"## example.com — grade ", "| status | check | finding | fix |", "| warn | `dmarc.policy` |"} {
					if !strings.Contains(s, want) {
						t.Errorf("md lacks %q:\n%s", want, s)
					}
				}
			}
		})
	}
}

func TestRunProbeEmptyJSON(t *testing.T) {
	var b bytes.Buffer
	w, err := newResultWriter(&b, "json", "en")
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	var v []any
	if err := json.Unmarshal(b.Bytes(), &v); err != nil || len(v) != 0 {
		t.Errorf("empty run: %q, %v", b.String(), err)
	}
}

func TestProbeFailOn(t *testing.T) {
	srv := dnstest.New(t, probeTestZone)
	// The zone has warns (dmarc p=none, no MTA-STS) and a fail (DNSSEC
	// unsigned).
	for _, failOn := range []string{"", "fail", "warn"} {
		env, out, _ := probeTestEnv()
		opts := probeOpts(srv, "jsonl")
		opts.FailOn = failOn
		err := runProbe(context.Background(), env, opts, []string{"example.com"})
		if out.Len() == 0 {
			t.Errorf("--fail-on %q: nothing printed", failOn)
		}
		var ce exitCodeError
		if failOn == "" {
			if err != nil {
				t.Errorf("no --fail-on: %v", err)
			}
			continue
		}
		if !errors.As(err, &ce) || ce.code != exitFindings || !strings.Contains(ce.msg, "--fail-on "+failOn) {
			t.Errorf("--fail-on %s: %v, want exit %d", failOn, err, exitFindings)
		}
	}
	// A domain where nothing could be measured does not trip --fail-on
	// warn: error never counts as a finding.
	quiet := dnstest.New(t, "")
	quiet.Delay(time.Hour)
	env, _, _ := probeTestEnv()
	opts := probeOpts(quiet, "jsonl")
	opts.FailOn, opts.Timeout = "warn", 300*time.Millisecond
	if err := runProbe(context.Background(), env, opts, []string{"example.com"}); err != nil {
		t.Errorf("unmeasured domain tripped --fail-on warn: %v", err)
	}
}

func TestProbeUsageErrors(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "x.pem")
	os.WriteFile(notPEM, []byte("hello"), 0o644)
	base := ProbeOptions{Format: "table", Resolver: "127.0.0.1:1", Timeout: time.Second, Concurrency: defaultConcurrency}
	tests := []struct {
		name    string
		mod     func(*ProbeOptions)
		domains []string
		want    string
	}{
		{"format", func(o *ProbeOptions) { o.Format = "xml" }, []string{"example.com"}, "--format"},
		{"fail-on", func(o *ProbeOptions) { o.FailOn = "info" }, []string{"example.com"}, "--fail-on"},
		{"timeout", func(o *ProbeOptions) { o.Timeout = 0 }, []string{"example.com"}, "--timeout"},
		{"selector", func(o *ProbeOptions) { o.DKIMSelectors = []string{"a b"} }, []string{"example.com"}, "--dkim-selectors"},
		{"resolver", func(o *ProbeOptions) { o.Resolver = ":53" }, []string{"example.com"}, "--resolver"},
		{"resolver not a host", func(o *ProbeOptions) { o.Resolver = "not a host:xx" }, []string{"example.com"}, "--resolver"},
		{"resolver port", func(o *ProbeOptions) { o.Resolver = "127.0.0.1:99999" }, []string{"example.com"}, "--resolver"},
		{"concurrency 0", func(o *ProbeOptions) { o.Concurrency = 0 }, []string{"example.com"}, "--concurrency 0"},
		{"concurrency too many", func(o *ProbeOptions) { o.Concurrency = 100000 }, []string{"example.com"}, "--concurrency 100000"},
		{"negative timeout", func(o *ProbeOptions) { o.Timeout = -time.Second }, []string{"example.com"}, "--timeout -1s"},
		{"ca-file missing", func(o *ProbeOptions) { o.CAFile = filepath.Join(dir, "none.pem") }, []string{"example.com"}, "--ca-file"},
		{"ca-file not PEM", func(o *ProbeOptions) { o.CAFile = notPEM }, []string{"example.com"}, "no PEM certificate"},
		{"no domain", func(o *ProbeOptions) {}, nil, "no domain"},
		{"bad domain", func(o *ProbeOptions) {}, []string{"exa mple"}, `"exa mple"`},
		{"IP address as domain", func(o *ProbeOptions) {}, []string{"127.0.0.1"}, "IPv4 address"},
	}
	for _, tt := range tests {
		opts := base
		tt.mod(&opts)
		env, out, _ := probeTestEnv()
		err := runProbe(context.Background(), env, opts, tt.domains)
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want a usage error mentioning %q", tt.name, err, tt.want)
		}
		if out.Len() != 0 {
			t.Errorf("%s: printed %q before failing", tt.name, out)
		}
	}
}

func TestProbeHelpListsEveryCheck(t *testing.T) {
	env, out, _ := probeTestEnv()
	if code := Main(context.Background(), []string{"probe", "--help"}, env); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, c := range probe.Registry {
		if !strings.Contains(out.String(), c.ID) {
			t.Errorf("--help does not explain %s", c.ID)
		}
	}
}

func TestSanitize(t *testing.T) {
	if got := sanitize("ok\x1b[2Jbad\n"); strings.ContainsAny(got, "\x1b\n") {
		t.Errorf("control characters kept: %q", got)
	}
	if got := csvSafe("=HYPERLINK(\"x\")"); !strings.HasPrefix(got, "'=") {
		t.Errorf("formula not neutralised: %q", got)
	}
}
