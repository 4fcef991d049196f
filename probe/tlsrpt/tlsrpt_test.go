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
		in  string
		rua int
		err string
	}{
		{in: "v=TLSRPTv1; rua=mailto:tlsrpt@example.com", rua: 1},
		{in: "v=TLSRPTv1;rua=mailto:a@example.com,https://reports.example.net/v1;", rua: 2},
		{in: "v=TLSRPTv1; rua=mailto:a@example.com; ext=1", rua: 1},
		{in: "v=TLSRPTv2; rua=mailto:a@example.com", err: "v=TLSRPTv1"},
		{in: "v =TLSRPTv1; rua=mailto:a@example.com", err: "v=TLSRPTv1"}, // found by FuzzParse
		{in: " v=TLSRPTv1 ; rua = mailto:a@example.com ", rua: 1},
		{in: "rua=mailto:a@example.com; v=TLSRPTv1", err: "v=TLSRPTv1"},
		{in: "v=TLSRPTv1", err: `missing "rua"`},
		{in: "v=TLSRPTv1; rua=http://insecure.example/", err: "only mailto: and https:"},
		{in: "v=TLSRPTv1; rua=a@example.com", err: "only mailto: and https:"},
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
		if err != nil || len(r.RUA) != tt.rua {
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

func FuzzParse(f *testing.F) {
	f.Add("v=TLSRPTv1; rua=mailto:tlsrpt@example.com,https://r.example/x")
	f.Add("v=TLSRPTv1;rua=mailto:a@b;x=y;")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := Parse(s)
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
