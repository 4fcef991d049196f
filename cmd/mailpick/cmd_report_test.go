package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/probe"
	"github.com/mailpick/mailpick/reports"
)

func reportFixture(t *testing.T) (dir, req string) {
	t.Helper()
	dir = t.TempDir()
	req = filepath.Join(dir, "req.toml")
	env, _, _ := testEnv()
	if code := Main(context.Background(), []string{"init", "-o", req}, env); code != exitOK {
		t.Fatalf("init exit %d", code)
	}
	return dir, req
}

func TestReportEveryFormat(t *testing.T) {
	dir, req := reportFixture(t)
	for _, ext := range reports.FormatExtensions {
		out := filepath.Join(dir, "r"+ext)
		env, _, stderr := testEnv()
		if code := Main(context.Background(), []string{"report", "-r", req, "-o", out, "--lang", "en"}, env); code != exitOK {
			t.Fatalf("%s: exit %d: %s", ext, code, stderr)
		}
		fi, err := os.Stat(out)
		if err != nil || fi.Size() < 1000 {
			t.Errorf("%s: %v, size %d", ext, err, fi.Size())
		}
	}
	// report and evaluate share one evaluation: the same numbers.
	env, stdout, _ := testEnv()
	if code := Main(context.Background(), []string{"evaluate", "-r", req, "--format", "json", "--lang", "en"}, env); code != exitOK {
		t.Fatal("evaluate failed")
	}
	b, _ := os.ReadFile(filepath.Join(dir, "r.json"))
	var rep, ev struct {
		Results []struct {
			ID    string  `json:"id"`
			Score float64 `json:"score"`
			Rank  int     `json:"rank"`
		} `json:"results"`
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(stdout.Bytes(), &ev); err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) == 0 || len(rep.Results) != len(ev.Results) {
		t.Fatalf("report has %d results, evaluate %d", len(rep.Results), len(ev.Results))
	}
	for i := range rep.Results {
		if rep.Results[i] != ev.Results[i] {
			t.Errorf("result %d: report %+v, evaluate %+v", i, rep.Results[i], ev.Results[i])
		}
	}
}

func TestReportUsageErrors(t *testing.T) {
	dir, req := reportFixture(t)
	badPosture := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(badPosture, []byte(`[{"domain": 5}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"report", "-r", req, "-o", filepath.Join(dir, "r.txt")}, ".xlsx .pdf .md .html .json"},
		{[]string{"report", "-r", req}, "missing -o"},
		{[]string{"report", "-o", filepath.Join(dir, "r.md")}, "missing -r"},
		{[]string{"report", "-r", req, "-o", filepath.Join(dir, "r.md"), "--posture", filepath.Join(dir, "none.json")}, "--posture " + filepath.Join(dir, "none.json") + ": no such file"},
		{[]string{"report", "-r", req, "-o", filepath.Join(dir, "r.md"), "--posture", badPosture}, "wrong type"},
		{[]string{"report", "-r", req, "-o", filepath.Join(dir, "r.md"), "--lang", "fr"}, "--lang"},
	}
	for _, tt := range tests {
		env, _, stderr := testEnv()
		if code := Main(context.Background(), tt.args, env); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", tt.args, code, exitUsage)
		}
		if !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%v: stderr %q lacks %q", tt.args, stderr, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "r.md")); !os.IsNotExist(err) {
		t.Error("a failed run wrote the report")
	}
}

// TestReportAtomic: a renderer that fails half-way leaves the older report
// untouched and no temporary file beside it.
func TestReportAtomic(t *testing.T) {
	dir, req := reportFixture(t)
	out := filepath.Join(dir, "r.md")
	if err := os.WriteFile(out, []byte("old report"), 0o644); err != nil {
		t.Fatal(err)
	}
	orig := reports.Formats[".md"]
	t.Cleanup(func() { reports.Formats[".md"] = orig })
	reports.Formats[".md"] = func(w io.Writer, in *reports.Input) error {
		io.WriteString(w, strings.Repeat("partial ", 100000))
		return errors.New("renderer failed")
	}
	env, _, stderr := testEnv()
	if code := Main(context.Background(), []string{"report", "-r", req, "-o", out}, env); code != exitFailure {
		t.Fatalf("exit %d, want %d: %s", code, exitFailure, stderr)
	}
	b, _ := os.ReadFile(out)
	if string(b) != "old report" {
		t.Errorf("old report replaced by %d bytes", len(b))
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

func TestReportPostureFeedsSecurity(t *testing.T) {
	dir, req := reportFixture(t)
	// Microsoft's domains stand for Exchange Online in the embedded catalog;
	// a measured STARTTLS failure there must show as a verification.
	posture := []probe.DomainResult{{Domain: "outlook.com", Checks: []probe.Check{
		{ID: "smtp.starttls", Status: probe.Fail}, {ID: "smtp.tls_version", Status: probe.Fail},
		{ID: "spf.record", Status: probe.Pass}, {ID: "spf.policy", Status: probe.Pass},
		{ID: "dmarc.record", Status: probe.Pass}, {ID: "dmarc.policy", Status: probe.Pass}}}}
	b, _ := json.Marshal(posture)
	pf := filepath.Join(dir, "posture.json")
	if err := os.WriteFile(pf, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "r.json")
	env, _, stderr := testEnv()
	if code := Main(context.Background(), []string{"report", "-r", req, "-o", out, "--posture", pf}, env); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		Posture       []probe.DomainResult `json:"posture"`
		Verifications []struct {
			Option   string `json:"option"`
			Key      string `json:"key"`
			Measured string `json:"measured"`
		} `json:"posture_verification"`
	}
	b, _ = os.ReadFile(out)
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Posture) != 1 {
		t.Fatalf("posture not carried into the JSON: %d domains", len(rep.Posture))
	}
	if len(rep.Verifications) == 0 {
		t.Skip("no embedded option lists outlook.com in probe_domains")
	}
	for _, v := range rep.Verifications {
		if v.Key == "security.transport_tls" && v.Measured != "no" {
			t.Errorf("%s transport_tls measured %q, want no", v.Option, v.Measured)
		}
	}
}

func TestProbeWithoutNetworkIsANote(t *testing.T) {
	cases := []struct {
		name     string
		status   probe.Status
		wantNote bool
	}{
		{"port 25 and DNS time out", probe.Error, true},
		{"resolver answers nothing", probe.Fail, true},
		{"network works", probe.Pass, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, req := reportFixture(t)
			withDomain := strings.Replace(string(mustRead(t, req)), "# domain = ", "domain = ", 1)
			if err := os.WriteFile(req, []byte(withDomain), 0o644); err != nil {
				t.Fatal(err)
			}
			var asked []string
			fakeProbe := func(_ context.Context, domains []string) ([]probe.DomainResult, error) {
				asked = domains
				var out []probe.DomainResult
				for _, d := range domains {
					out = append(out, probe.DomainResult{Domain: d, Checks: []probe.Check{{ID: "spf.record", Status: c.status}}})
				}
				return out, nil
			}
			out := filepath.Join(dir, "r.json")
			env, _, stderr := testEnv()
			env.ProbeDomains = fakeProbe
			if code := Main(context.Background(), []string{"report", "-r", req, "-o", out, "--probe", "--lang", "en"}, env); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if len(asked) < 2 || asked[0] != "example.co.jp" {
				t.Errorf("probed %v; want company.domain first, then the options' probe_domains", asked)
			}
			var rep struct {
				Posture []probe.DomainResult `json:"posture"`
				Note    string               `json:"posture_note"`
			}
			if err := json.Unmarshal(mustRead(t, out), &rep); err != nil {
				t.Fatal(err)
			}
			gotNote := strings.Contains(rep.Note, "unreachable") && strings.Contains(stderr.String(), "unreachable")
			if gotNote != c.wantNote {
				t.Errorf("note %q, stderr %q; want note: %v", rep.Note, stderr, c.wantNote)
			}
			if c.wantNote == (len(rep.Posture) > 0) {
				t.Errorf("%d posture domains kept; want them only when measured", len(rep.Posture))
			}
		})
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParsePosture(t *testing.T) {
	tests := []struct {
		in      string
		n       int
		wantErr string
	}{
		{`[{"domain":"a.example","checks":[]}]`, 1, ""},
		{"{\"domain\":\"a.example\"}\n{\"domain\":\"b.example\"}\n", 2, ""},
		{``, 0, "empty"},
		{`[{"checks":[]}]`, 0, "no \"domain\""},
		{`[{"domain":"a"`, 0, "invalid JSON"},
		{`{"domain":1}`, 0, "wrong type"},
	}
	for _, tt := range tests {
		got, err := parsePosture([]byte(tt.in))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%q: err %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || len(got) != tt.n {
			t.Errorf("%q: %d domains, %v; want %d", tt.in, len(got), err, tt.n)
		}
	}
}

func FuzzParsePosture(f *testing.F) {
	f.Add([]byte(`[{"domain":"a.example","score":90,"checks":[{"id":"spf.record","status":"pass"}]}]`))
	f.Add([]byte("{\"domain\":\"a\"}\n{\"domain\":\"b\"}"))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := parsePosture(b)
		if err == nil {
			for _, d := range out {
				if strings.TrimSpace(d.Domain) == "" {
					t.Fatal("accepted a domain result without a domain")
				}
			}
		}
	})
}

// The posture section of a Japanese report words the probe's findings in
// Japanese (from their codes); the English sentence is what an English
// report shows.
func TestReportPostureInLanguage(t *testing.T) {
	for _, c := range []struct{ lang, want, notWant string }{
		{"ja", "SPFレコードがありません。誰でもexample.co.jpを名乗ってメールを送れます", "no SPF record"},
		{"en", "no SPF record: anyone can send mail claiming to be from example.co.jp", "SPFレコード"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			dir, req := reportFixture(t)
			withDomain := strings.Replace(string(mustRead(t, req)), "# domain = ", "domain = ", 1)
			if err := os.WriteFile(req, []byte(withDomain), 0o644); err != nil {
				t.Fatal(err)
			}
			summary := msg.New("probe.spf.record.none", "domain", "example.co.jp")
			fix := msg.New("probe.spf.record.none.fix", "example", `example.co.jp. TXT "v=spf1 mx -all"`, "include", "include:…")
			fakeProbe := func(_ context.Context, domains []string) ([]probe.DomainResult, error) {
				var out []probe.DomainResult
				for _, d := range domains {
					out = append(out, probe.DomainResult{Domain: d, Checks: []probe.Check{
						{ID: "mx.records", Category: "mx", Status: probe.Pass, Summary: "1 MX record"},
						{ID: "spf.record", Category: "spf", Status: probe.Fail, Summary: msg.Render("en", summary), SummaryCode: summary,
							Fix: msg.Render("en", fix), FixCode: fix},
					}})
				}
				return out, nil
			}
			out := filepath.Join(dir, "r.md")
			env, _, stderr := testEnv()
			env.ProbeDomains = fakeProbe
			if code := Main(context.Background(), []string{"report", "-r", req, "-o", out, "--probe", "--lang", c.lang}, env); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			md := string(mustRead(t, out))
			if !strings.Contains(md, c.want) || strings.Contains(md, c.notWant) {
				t.Errorf("%s report: want %q and not %q in the posture section", c.lang, c.want, c.notWant)
			}
		})
	}
}
