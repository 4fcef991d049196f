package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mailpick/mailpick/probe/dnstest"
)

const spfTestZone = `
example.com.          300 IN TXT "v=spf1 include:_spf.example.net ~all exp=why.example.com"
why.example.com.      300 IN TXT "%{i} is not one of our servers, see https://example.com/mail"
_spf.example.net.     300 IN TXT "v=spf1 ip4:198.51.100.0/24 -all"
strict.example.com.   300 IN TXT "v=spf1 a:mail.example.com -all exp=why.example.com"
mail.example.com.     300 IN A 192.0.2.25
broken.example.com.   300 IN TXT "v=spf1 ip4:192.0.2.300 -all"
evil.example.com.     300 IN TXT "v=spf1 \027[2Jgotcha -all"
`

func spfTestEnv() (*Env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return &Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(""), Now: time.Now}, &out, &errb
}

func TestRunSPFText(t *testing.T) {
	srv := dnstest.New(t, spfTestZone)
	tests := []struct {
		name string
		opts SPFOptions
		want []string
	}{
		{"include softfail", SPFOptions{Domain: "example.com", IP: "192.0.2.1"}, []string{
			"result:      softfail — the address is probably not authorized; receivers usually accept but mark the mail\n",
			"checked:     example.com for 192.0.2.1 (MAIL FROM postmaster@example.com, HELO example.com)\n",
			"explanation: -\n",
			"lookups:     1 of 10 DNS-querying terms, 0 of 2 void lookups\n",
			"\ntrace:\n  example.com: v=spf1 include:_spf.example.net ~all exp=why.example.com\n" +
				"    include:_spf.example.net: evaluating _spf.example.net\n" +
				"    _spf.example.net: v=spf1 ip4:198.51.100.0/24 -all\n" +
				"      ip4:198.51.100.0/24: 192.0.2.1 is not in 198.51.100.0/24 — no match\n" +
				"      -all: matches every address — match → fail\n" +
				"    include:_spf.example.net: _spf.example.net returned fail — no match\n" +
				"    ~all: matches every address — match → softfail\n",
		}},
		{"fail with explanation", SPFOptions{Domain: "strict.example.com", IP: "192.0.2.9", Sender: "bob@strict.example.com", Helo: "mx.other.example"}, []string{
			"result:      fail — the address is not authorized; receivers may reject the mail\n",
			"(MAIL FROM bob@strict.example.com, HELO mx.other.example)",
			"explanation: 192.0.2.9 is not one of our servers, see https://example.com/mail\n",
			"    a:mail.example.com: A mail.example.com: 192.0.2.25; none in 192.0.2.9/32 — no match\n",
		}},
		{"pass", SPFOptions{Domain: "strict.example.com", IP: "192.0.2.25"}, []string{
			"result:      pass — the address is authorized\n",
			"A mail.example.com has 192.0.2.25, 192.0.2.25 is in 192.0.2.25/32 — match → pass\n",
		}},
		{"permerror says why", SPFOptions{Domain: "broken.example.com", IP: "192.0.2.1"}, []string{
			"result:      permerror",
			`reason:      syntax error in the record at broken.example.com: column 12, term "ip4:192.0.2.300": "192.0.2.300" is not an IPv4 address`,
		}},
		{"none", SPFOptions{Domain: "mail.example.com", IP: "192.0.2.1"}, []string{
			"result:      none — the domain publishes no SPF record\n",
			"  mail.example.com: no v=spf1 record — none\n",
		}},
		{"terminal escapes from DNS are neutralised", SPFOptions{Domain: "evil.example.com", IP: "192.0.2.1"}, []string{
			"  evil.example.com: v=spf1 \\u001B[2Jgotcha -all\n",
			"result:      permerror",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env, out, _ := spfTestEnv()
			tc.opts.Resolver = srv.Addr
			tc.opts.Format = "text"
			tc.opts.Timeout = 5 * time.Second
			if err := runSPF(context.Background(), env, tc.opts); err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if strings.ContainsRune(out.String(), 0x1b) {
				t.Error("raw escape character in output")
			}
		})
	}
}

func TestRunSPFJSON(t *testing.T) {
	srv := dnstest.New(t, spfTestZone)
	env, out, _ := spfTestEnv()
	err := runSPF(context.Background(), env, SPFOptions{Domain: "strict.example.com", IP: "192.0.2.9", Resolver: srv.Addr, Format: "json", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var keys []string
	for k := range got {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if want := []string{"explanation", "lookups", "result", "trace", "void_lookups"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("keys %v, want %v", keys, want)
	}
	if got["result"] != "fail" || got["lookups"] != 1.0 || got["void_lookups"] != 0.0 ||
		got["explanation"] != "192.0.2.9 is not one of our servers, see https://example.com/mail" {
		t.Errorf("got %v", got)
	}
	trace, _ := got["trace"].([]any)
	if len(trace) < 3 {
		t.Fatalf("trace %v", trace)
	}
	first, _ := trace[0].(map[string]any)
	if first["depth"] != 0.0 || first["domain"] != "strict.example.com" || first["term"] != "(record)" {
		t.Errorf("first step %v", first)
	}
}

func TestSPFUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"spf", "example.com"}, "--ip is required"},
		{[]string{"spf", "example.com", "--ip", "192.0.2"}, `--ip "192.0.2" is not an IP address`},
		{[]string{"spf", "example.com", "--ip", "fe80::1%eth0"}, "is not an IP address"},
		{[]string{"spf", "example.com", "--ip", "192.0.2.1", "--format", "xml"}, `--format "xml" is not supported`},
		{[]string{"spf", "example.com", "--ip", "192.0.2.1", "--timeout", "0s"}, "--timeout 0s must be positive"},
		{[]string{"spf", "example.com", "--ip", "192.0.2.1", "--resolver", "host:"}, "--resolver: bad resolver"},
		{[]string{"spf", "--ip", "192.0.2.1"}, "accepts 1 arg"},
		{[]string{"spf", "example.com", "--ip", "192.0.2.1", "--bogus"}, "unknown flag"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			env, _, errb := spfTestEnv()
			if code := Main(context.Background(), tc.args, env); code != exitUsage {
				t.Errorf("exit %d, want %d (stderr %s)", code, exitUsage, errb)
			}
			if !strings.Contains(errb.String(), tc.msg) {
				t.Errorf("stderr %q lacks %q", errb, tc.msg)
			}
		})
	}
	// runSPF returns a usageError the same way when called directly.
	env, _, _ := spfTestEnv()
	err := runSPF(context.Background(), env, SPFOptions{Domain: "example.com", Format: "text", Timeout: time.Second})
	var uerr usageError
	if !errors.As(err, &uerr) {
		t.Errorf("missing --ip: %T %v, want usageError", err, err)
	}
}
