package tlsrpt

import (
	"context"
	"strings"
	"testing"

	"github.com/mailpick/mailpick/probe/dnsclient"
	"github.com/mailpick/mailpick/probe/dnstest"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in       string
		rua      int
		warnings int
		err      string
	}{
		{in: "v=TLSRPTv1; rua=mailto:tlsrpt@example.com", rua: 1},
		{in: "v=TLSRPTv1;rua=mailto:a@example.com,https://reports.example.net/v1;", rua: 2},
		{in: "v=TLSRPTv1; rua=mailto:a@example.com; ext=1", rua: 1},
		{in: "v=TLSRPTv2; rua=mailto:a@example.com", err: "v=TLSRPTv1"},
		{in: "v =TLSRPTv1; rua=mailto:a@example.com", err: "v=TLSRPTv1"}, // found by FuzzParse
		{in: " v=TLSRPTv1 ; rua = mailto:a@example.com ", rua: 1},
		{in: "rua=mailto:a@example.com; v=TLSRPTv1", err: "v=TLSRPTv1"},
		{in: "v=TLSRPTv1", err: `missing "rua"`},
		{in: "v=TLSRPTv1; rua=http://insecure.example/", err: "no usable rua"},
		{in: "v=TLSRPTv1; rua=a@example.com", err: "only mailto: and https:"},
		// A URI senders cannot use next to one they can: the record
		// works, the bad URI is a warning (tlsrpt-uri = URI, RFC 8460 §3).
		{in: "v=TLSRPTv1; rua=ftp://x.example/r,mailto:a@example.com", rua: 1, warnings: 1},
		{in: "v=TLSRPTv1; rua=mailto:a@example.com,mailto:broken", rua: 1, warnings: 1},
		{in: "v=TLSRPTv1; rua=mailto:example.com", err: "mailto needs"},
		{in: "v=TLSRPTv1; rua=https:///path", err: "needs a host"},
		{in: "v=TLSRPTv1; rua=mailto:a@b.example; rua=mailto:c@d.example", err: "twice"},
		{in: "v=TLSRPTv1; junk", err: "key=value"},
	}
	for _, tt := range tests {
		r, err := Parse(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: err = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || len(r.RUA) != tt.rua || len(r.Warnings) != tt.warnings {
			t.Errorf("%q: %+v, %v", tt.in, r, err)
		}
	}
}

func TestLookup(t *testing.T) {
	srv := dnstest.New(t, `
_smtp._tls.example.com. TXT "v=TLSRPTv1; rua=mailto:r@example.com"
_smtp._tls.example.com. TXT "v=spf1 -all"
`)
	srv.ServFail("_smtp._tls.broken.example")
	c := srv.Client()
	if got, err := Lookup(context.Background(), c, "example.com"); err != nil || len(got) != 1 {
		t.Errorf("Lookup = %q, %v", got, err)
	}
	if _, err := Lookup(context.Background(), c, "none.example"); !dnsclient.IsAbsent(err) {
		t.Errorf("absent: %v", err)
	}
	if _, err := Lookup(context.Background(), c, "broken.example"); !dnsclient.IsUnmeasured(err) {
		t.Errorf("SERVFAIL: %v", err)
	}
}

func TestRepair(t *testing.T) {
	const def = "mailto:tlsrpt@example.com"
	for in, want := range map[string]string{
		"v=TLSRPTv1; rua=mailto:a@example.com": "v=TLSRPTv1; rua=mailto:a@example.com",
		"v=TLSRPTv1":                           "v=TLSRPTv1; rua=" + def,
		"v=TLSRPTv1;":                          "v=TLSRPTv1; rua=" + def + ";",
		"v =TLSRPTv1; rua=mailto:a@example.com; ext=1":        "v=TLSRPTv1; rua=mailto:a@example.com; ext=1",
		"v=TLSRPTv1; rua=http://x.example/; x=1":              "v=TLSRPTv1; rua=" + def + "; x=1",
		"v=TLSRPTv1; rua=ftp://x.example/,https://r.example/": "v=TLSRPTv1; rua=https://r.example/",
		"v=TLSRPTv1; junk; rua=mailto:a@b.example; rua=x":     "v=TLSRPTv1; rua=mailto:a@b.example",
	} {
		if got := Repair(in, def); got != want {
			t.Errorf("Repair(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("v=TLSRPTv1; rua=mailto:tlsrpt@example.com,https://r.example/x")
	f.Add("v=TLSRPTv1;rua=mailto:a@b;x=y;")
	f.Add("v=TLSRPTv1; rua=ftp://x.example/,mailto:a@example.com; rua=y;;")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := Parse(s)
		if IsRecord(s) {
			// A repaired record parses with every rua usable, and a
			// clean one is left alone.
			fixed := Repair(s, "mailto:tlsrpt@example.com")
			fr, ferr := Parse(fixed)
			if ferr != nil || len(fr.Warnings) > 0 {
				t.Fatalf("Repair(%q) = %q: %v %q", s, fixed, ferr, fr.Warnings)
			}
			if err == nil && len(r.Warnings) == 0 && fixed != s {
				t.Fatalf("Repair changed a valid record: %q → %q", s, fixed)
			}
		}
		if err != nil {
			return
		}
		if len(r.RUA) == 0 || !IsRecord(s) {
			t.Fatalf("accepted without rua or version: %q", s)
		}
		for _, u := range r.RUA {
			l := strings.ToLower(u)
			if !strings.HasPrefix(l, "mailto:") && !strings.HasPrefix(l, "https:") {
				t.Fatalf("rua %q accepted", u)
			}
		}
	})
}
