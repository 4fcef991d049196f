package dmarc

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/mailpick/mailpick/probe/dnsclient"
	"github.com/mailpick/mailpick/probe/dnstest"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in       string
		want     *Record // only checked fields: Policy, SubdomainPolicy, Percent, ADKIM, ASPF
		rua      []URI
		warnings int
		err      string
	}{
		{in: "v=DMARC1; p=reject", want: &Record{Policy: "reject", Percent: 100, ADKIM: "r", ASPF: "r"}},
		{in: "v=DMARC1;p=quarantine;sp=none;pct=50;adkim=s;aspf=s;", want: &Record{Policy: "quarantine", SubdomainPolicy: "none", Percent: 50, ADKIM: "s", ASPF: "s"}},
		{in: "v = DMARC1 ; p = None", want: &Record{Policy: "none", Percent: 100, ADKIM: "r", ASPF: "r"}},
		{in: "v=DMARC1; p=none; rua=mailto:a@example.com!10m, mailto:b@example.net",
			want: &Record{Policy: "none", Percent: 100, ADKIM: "r", ASPF: "r"},
			rua: []URI{
				{Raw: "mailto:a@example.com!10m", Scheme: "mailto", Address: "a@example.com", MaxSize: 10 << 20},
				{Raw: "mailto:b@example.net", Scheme: "mailto", Address: "b@example.net"},
			}},
		{in: "v=DMARC1; p=none; rua=https://r.example.com/x!500", want: &Record{Policy: "none", Percent: 100, ADKIM: "r", ASPF: "r"},
			rua: []URI{{Raw: "https://r.example.com/x!500", Scheme: "https", MaxSize: 500}}},
		{in: "v=DMARC1; rua=mailto:a@example.com", want: &Record{Policy: "none", Percent: 100, ADKIM: "r", ASPF: "r"},
			rua: []URI{{Raw: "mailto:a@example.com", Scheme: "mailto", Address: "a@example.com"}}, warnings: 1},
		{in: "v=DMARC1; pct=10; p=reject", want: &Record{Policy: "reject", Percent: 10, ADKIM: "r", ASPF: "r"}, warnings: 1},
		{in: "v=DMARC1; p=reject; foo=bar", want: &Record{Policy: "reject", Percent: 100, ADKIM: "r", ASPF: "r"}, warnings: 1},
		{in: "v=DMARC1; p=reject;; ri=3600; fo=1:d; rf=afrf", want: &Record{Policy: "reject", Percent: 100, ADKIM: "r", ASPF: "r"}, warnings: 1},
		{in: "v=DMARC2; p=reject", err: "v=DMARC1"},
		{in: "p=reject; v=DMARC1", err: "v=DMARC1"},
		{in: "v=dmarc1; p=reject", err: "v=DMARC1"},
		{in: "v=DMARC1", err: `missing required tag "p"`},
		{in: "v=DMARC1; p=block", err: "none, quarantine or reject"},
		{in: "v=DMARC1; p=none; sp=maybe", err: "sp="},
		{in: "v=DMARC1; p=none; pct=101", err: "pct"},
		{in: "v=DMARC1; p=none; pct=-1", err: "pct"},
		{in: "v=DMARC1; p=none; adkim=x", err: "adkim"},
		{in: "v=DMARC1; p=none; fo=2", err: "fo="},
		{in: "v=DMARC1; p=none; rf=iodef", err: "rf="},
		{in: "v=DMARC1; p=none; ri=soon", err: "ri="},
		{in: "v=DMARC1; p=none; p=reject", err: "twice"},
		{in: "v=DMARC1; p=none; rua=dmarc@example.com", err: "not a URI"},
		{in: "v=DMARC1; p=none; rua=mailto:example.com", err: "mailto needs an address"},
		{in: "v=DMARC1; p=none; rua=mailto:a@example.com!10x", err: "size limit"},
		{in: "v=DMARC1; p=none; rua=mailto:a@example.com,", err: "empty URI"},
		{in: "v=DMARC1; p=none; junk", err: "not tag=value"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, err := Parse(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want it to mention %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := Record{Policy: r.Policy, SubdomainPolicy: r.SubdomainPolicy, Percent: r.Percent, ADKIM: r.ADKIM, ASPF: r.ASPF}
			if !reflect.DeepEqual(got, *tt.want) {
				t.Errorf("got %+v, want %+v", got, *tt.want)
			}
			if tt.rua != nil && !reflect.DeepEqual(r.RUA, tt.rua) {
				t.Errorf("rua = %+v, want %+v", r.RUA, tt.rua)
			}
			if len(r.Warnings) != tt.warnings {
				t.Errorf("warnings = %q, want %d", r.Warnings, tt.warnings)
			}
		})
	}
}

func TestOrgDomain(t *testing.T) {
	for in, want := range map[string]string{
		"example.com":          "example.com",
		"mail.sub.example.com": "example.com",
		"foo.example.co.uk.":   "example.co.uk",
		"Shop.Example.CO.JP":   "example.co.jp",
		"com":                  "com",
	} {
		if got := OrgDomain(in); got != want {
			t.Errorf("OrgDomain(%q) = %q, want %q", in, got, want)
		}
	}
}

const zone = `
_dmarc.example.com.        TXT "v=DMARC1; p=reject; rua=mailto:d@example.com,mailto:x@reports.example.net"
_dmarc.example.com.        TXT "some unrelated text"
example.com._report._dmarc.reports.example.net. TXT "v=DMARC1"
_dmarc.double.example.org. TXT "v=DMARC1; p=none"
_dmarc.double.example.org. TXT "v=DMARC1; p=reject"
_dmarc.bad.example.org.    TXT "v=DMARC1; p=maybe"
`

func TestLookup(t *testing.T) {
	srv := dnstest.New(t, zone)
	srv.ServFail("_dmarc.broken.example.org")
	c := srv.Client()
	ctx := context.Background()

	res, err := Lookup(ctx, c, "example.com")
	if err != nil || res.Record == nil || res.Record.Policy != "reject" || res.Fallback || len(res.Records) != 1 {
		t.Fatalf("example.com: %+v, %v", res, err)
	}
	res, err = Lookup(ctx, c, "mail.example.com")
	if err != nil || !res.Fallback || res.FoundAt != "example.com" {
		t.Errorf("subdomain fallback: %+v, %v", res, err)
	}
	if _, err := Lookup(ctx, c, "example.org"); !errors.Is(err, ErrNoRecord) {
		t.Errorf("no record: %v", err)
	}
	res, err = Lookup(ctx, c, "double.example.org")
	if err != nil || res.Record != nil || res.ParseErr == nil || !strings.Contains(res.ParseErr.Error(), "2 DMARC records") {
		t.Errorf("two records: %+v, %v", res, err)
	}
	res, err = Lookup(ctx, c, "bad.example.org")
	if err != nil || res.ParseErr == nil {
		t.Errorf("bad record: %+v, %v", res, err)
	}
	if _, err := Lookup(ctx, c, "broken.example.org"); !dnsclient.IsUnmeasured(err) {
		t.Errorf("SERVFAIL: %v, want unmeasured", err)
	}

	if NeedsAuthorization("mail.example.com", "example.com") {
		t.Error("same organizational domain needs no authorization")
	}
	if !NeedsAuthorization("example.com", "reports.example.net") {
		t.Error("external destination needs authorization")
	}
	if ok, err := Authorized(ctx, c, "example.com", "reports.example.net"); !ok || err != nil {
		t.Errorf("authorized destination: %v, %v", ok, err)
	}
	if ok, err := Authorized(ctx, c, "example.com", "elsewhere.example.net"); ok || err != nil {
		t.Errorf("unauthorized destination: %v, %v", ok, err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"v=DMARC1; p=reject",
		"v=DMARC1; p=none; sp=quarantine; pct=20; rua=mailto:a@example.com!10m,https://x.example/r; ruf=mailto:f@example.com; adkim=s; aspf=r; fo=0:1:d:s; rf=afrf; ri=3600",
		"v=DMARC1; rua=mailto:%61@example.com?subject=x",
		"v=DMARC1;;;",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := Parse(s)
		if err != nil {
			return
		}
		if !IsDMARC(s) {
			t.Fatalf("accepted a record IsDMARC rejects: %q", s)
		}
		switch r.Policy {
		case "none", "quarantine", "reject":
		default:
			t.Fatalf("policy %q accepted", r.Policy)
		}
		if r.Percent < 0 || r.Percent > 100 {
			t.Fatalf("pct %d accepted", r.Percent)
		}
		for _, u := range append(r.RUA, r.RUF...) {
			if u.Scheme == "mailto" && u.Domain() == "" {
				t.Fatalf("mailto URI without domain accepted: %+v", u)
			}
		}
	})
}
