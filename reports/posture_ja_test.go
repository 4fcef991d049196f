package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mailpick/mailpick/probe"
	"github.com/mailpick/mailpick/probe/dnstest"
	"github.com/mailpick/mailpick/probe/profile"
)

// jaZone is a company domain with a finding in most categories: SPF ?all
// with a ptr term, DMARC p=none with a removed tag, a 1024-bit DKIM key,
// no MTA-STS, a TLS-RPT record with an unusable URI, no BIMI, no DNSSEC.
const jaZone = `
example.co.jp. SOA ns.example.co.jp. hostmaster.example.co.jp. 1 3600 600 86400 300
example.co.jp. MX 10 mx.example.co.jp.
mx.example.co.jp. A 192.0.2.10
example.co.jp. TXT "v=spf1 mx ptr ?all"
_dmarc.example.co.jp. TXT "v=DMARC1; p=none; pct=50; rua=mailto:dmarc@example.co.jp"
_smtp._tls.example.co.jp. TXT "v=TLSRPTv1; rua=mailto:tlsrpt@example.co.jp,ftp://r.example.co.jp/"
`

// probeJA probes jaZone (DNS only, in process), judges two profiles in
// Japanese and compares with a baseline read back from JSON, as
// --baseline does.
func probeJA(t *testing.T) *PostureInput {
	t.Helper()
	srv := dnstest.New(t, jaZone)
	cfg := probe.Config{DNS: srv.Client(), Timeout: 5 * time.Second, MTASTSPort: 1, NoConnect: true,
		DKIMSelectors: []string{"s1"}, Now: func() time.Time { return fixedNow }}
	r := probe.Probe(context.Background(), cfg, "example.co.jp")
	all, err := profile.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	ps, err := profile.Select(all, []string{"gmail-bulk", "jp-meti-2023-card"})
	if err != nil {
		t.Fatal(err)
	}
	// The baseline: the same run with SPF passing, through JSON.
	base := r
	base.Checks = append([]probe.Check(nil), r.Checks...)
	for i := range base.Checks {
		if base.Checks[i].ID == "spf.policy" {
			base.Checks[i].Status = probe.Pass
		}
	}
	base.Checks = append(base.Checks, probe.Check{ID: "mx.gone", Status: probe.Pass, Summary: "a check of an older mailpick"})
	b, err := json.Marshal(base)
	if err != nil {
		t.Fatal(err)
	}
	var back probe.DomainResult
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	r.Changes = probe.Compare(back, r)
	r.Baseline = &probe.BaselineRef{File: "last-month.json", Found: true, Grade: back.Grade, Score: back.Score}
	r.Profiles = profile.EvaluateAll(ps, r, "ja")
	return &PostureInput{Results: []probe.DomainResult{r}, Profiles: ps, Lang: "ja", Now: fixedNow, Version: "test", Baseline: "last-month.json"}
}

// The Japanese posture report of a probed domain has no English sentence:
// every finding, fix, change and profile line is worded in Japanese, and
// what stays in Latin letters is record text, names, acronyms and values.
func TestPostureJapaneseHasNoEnglishSentence(t *testing.T) {
	in := probeJA(t)
	var md bytes.Buffer
	if err := WritePostureMarkdown(&md, in); err != nil {
		t.Fatal(err)
	}
	// Code, not words: spans in backticks, quoted record text, URLs,
	// names with a dot, tag=value, flags, check ids, and the one older
	// check's English sentence the baseline carried (it has no code).
	code := regexp.MustCompile("`[^`]*`|\"[^\"]*\"|https?://\\S+|mailto:\\S+|[\\w.-]*\\w\\.[\\w.-]+|\\w+=\\S*|--[a-z-]+|[-~?+]all|\\b[a-z]+_[a-z_]+\\b|\\b\\w\\b")
	sentence := regexp.MustCompile(`[A-Za-z]+(?:[ ,;:]+[A-Za-z]+){2,}`)
	// Proper names: a Google product, the title of a Google page.
	allowed := regexp.MustCompile(`^(?:[A-Z0-9 -]+|Google Postmaster Tools|Email sender guidelines FAQ|sender guidelines FAQ)$`)
	text := strings.ReplaceAll(md.String(), "a check of an older mailpick", "")
	var bad []string
	for _, line := range strings.Split(text, "\n") {
		for _, s := range sentence.FindAllString(code.ReplaceAllString(line, " "), -1) {
			if !allowed.MatchString(s) {
				bad = append(bad, s+"  ←  "+line)
			}
		}
	}
	if len(bad) > 0 {
		t.Errorf("English in the Japanese report:\n%s", strings.Join(bad, "\n"))
	}
	// The report does say what was found, in Japanese.
	for _, want := range []string{"?all（neutral）", "DMARCレコードがありません", "MTA-STSレコードがありません", "PTR機構が使われています", "前回からの変化"} {
		if want == "DMARCレコードがありません" {
			want = "受信側は、DMARCに失敗したメールを監視するだけです"
		}
		if !strings.Contains(md.String(), want) {
			t.Errorf("the report lacks %q", want)
		}
	}
}

// The same result in English reads as before: the sentences the probe
// always wrote.
func TestPostureEnglishFindingsUnchanged(t *testing.T) {
	in := probeJA(t)
	in.Lang = "en"
	var md bytes.Buffer
	if err := WritePostureMarkdown(&md, in); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"?all (neutral): mail from unlisted servers is neither accepted nor rejected by SPF", "no MTA-STS record: senders cannot require TLS"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("the English report lacks %q", want)
		}
	}
}
