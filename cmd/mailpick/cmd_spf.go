package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mailpick/mailpick/probe/dnsclient"
	"github.com/mailpick/mailpick/probe/spf"
)

// SPFOptions are the flags of `mailpick spf`.
type SPFOptions struct {
	Domain   string
	IP       string
	Sender   string
	Helo     string
	Resolver string
	Format   string
	Timeout  time.Duration
}

// AddFlags registers spf's flags.
func (o *SPFOptions) AddFlags(f *pflag.FlagSet) {
	f.StringVar(&o.IP, "ip", "", "client `IP` address that sent the mail (required)")
	f.StringVar(&o.Sender, "sender", "", "MAIL FROM `ADDR` (default postmaster@DOMAIN)")
	f.StringVar(&o.Helo, "helo", "", "HELO/EHLO `NAME` the client gave (default DOMAIN)")
	f.StringVar(&o.Resolver, "resolver", "", "send every DNS query to `HOST:PORT` (default: first nameserver in /etc/resolv.conf)")
	f.StringVar(&o.Format, "format", "text", "output `format`: text or json")
	// RFC 7208 §4.6.4: the limit on the whole evaluation SHOULD allow at
	// least 20 seconds.
	f.DurationVar(&o.Timeout, "timeout", 20*time.Second, "give up (temperror) after `D`")
}

func newSPFCommand(env *Env) *cobra.Command {
	var opts SPFOptions
	cmd := &cobra.Command{
		Use:   "spf DOMAIN --ip IP",
		Short: "Evaluate a domain's SPF policy for a sending address, with a readable trace",
		Long: `Run the RFC 7208 check_host() function: would a receiver accept mail
for DOMAIN sent from IP? It prints the result, the explanation the domain
publishes (exp=), the number of DNS-querying terms used (the limit is 10) and
a trace of every record and mechanism evaluated, indented by include and
redirect depth. Use it when mail bounces with "SPF fail" or "permerror".

Results:
  pass       the address is authorized
  fail       the address is not authorized; receivers may reject the mail
  softfail   probably not authorized; receivers usually accept but mark it
  neutral    the domain makes no statement about the address
  none       the domain publishes no SPF record
  temperror  a DNS lookup failed; receivers defer and retry
  permerror  the record is broken (syntax, more than 10 lookups, more than
             2 void lookups, loops); many receivers treat it as fail

--format json prints {"result", "explanation", "lookups", "void_lookups",
"trace": [{"depth", "domain", "term", "detail", "result"}]}.

Exit status: 0 done, whatever the SPF result; 1 runtime failure (no
resolver); 2 bad flags.`,
		Example: `  mailpick spf example.com --ip 192.0.2.10
  mailpick spf example.com --ip 2001:db8::25 --sender alice@example.com --helo mx.example.net
  mailpick spf example.com --ip 192.0.2.10 --resolver 1.1.1.1:53 --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Domain = args[0]
			return runSPF(cmd.Context(), env, opts)
		},
	}
	opts.AddFlags(cmd.Flags())
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// spfJSON is the shape of `mailpick spf --format json` (README.md).
type spfJSON struct {
	Result      spf.Status      `json:"result"`
	Explanation string          `json:"explanation"`
	Lookups     int             `json:"lookups"`
	VoidLookups int             `json:"void_lookups"`
	Trace       []spf.TraceStep `json:"trace"`
}

func runSPF(ctx context.Context, env *Env, opts SPFOptions) error {
	if err := checkFormat(opts.Format, "text", "json"); err != nil {
		return err
	}
	if opts.IP == "" {
		return usageErrorf("--ip is required: the address that sent the mail, e.g. --ip 192.0.2.10")
	}
	ip, err := netip.ParseAddr(strings.Trim(opts.IP, "[]"))
	if err != nil || ip.Zone() != "" {
		return usageErrorf("--ip %q is not an IP address; write e.g. 192.0.2.10 or 2001:db8::25", opts.IP)
	}
	domain := strings.TrimSuffix(strings.TrimSpace(opts.Domain), ".")
	if domain == "" {
		return usageErrorf("DOMAIN is empty; give the domain to check, e.g. mailpick spf example.com --ip 192.0.2.10")
	}
	if opts.Timeout <= 0 {
		return usageErrorf("--timeout %s must be positive, e.g. --timeout 20s", opts.Timeout)
	}
	helo := opts.Helo
	if helo == "" {
		helo = domain
	}
	sender := opts.Sender
	if sender == "" {
		sender = "postmaster@" + domain
	}
	client, err := dnsclient.System(opts.Resolver)
	if errors.Is(err, dnsclient.ErrBadResolver) {
		return usageErrorf("--resolver: %v", err)
	}
	if err != nil {
		return err
	}
	// One session: check_host asks each question once, and a lost
	// datagram is sent again until --timeout (then temperror).
	session := client.Session()
	defer session.Close()
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	res := spf.Check(ctx, spf.NewResolver(session), ip, domain, sender, helo, nil)

	if opts.Format == "json" {
		trace := res.Trace
		if trace == nil {
			trace = []spf.TraceStep{}
		}
		return writeJSON(env.Stdout, spfJSON{Result: res.Status, Explanation: res.Explanation,
			Lookups: res.Lookups, VoidLookups: res.VoidLookups, Trace: trace})
	}
	return writeSPFText(env.Stdout, domain, ip, sender, helo, res)
}

var spfMeaning = map[spf.Status]string{
	spf.Pass:      "the address is authorized",
	spf.Fail:      "the address is not authorized; receivers may reject the mail",
	spf.Softfail:  "the address is probably not authorized; receivers usually accept but mark the mail",
	spf.Neutral:   "the domain makes no statement about the address",
	spf.None:      "the domain publishes no SPF record",
	spf.Temperror: "a DNS lookup failed; receivers defer the mail and retry",
	spf.Permerror: "the SPF record is broken; many receivers treat this as fail",
}

func writeSPFText(w io.Writer, domain string, ip netip.Addr, sender, helo string, res spf.Result) error {
	var b strings.Builder
	fmt.Fprintf(&b, "result:      %s — %s\n", res.Status, spfMeaning[res.Status])
	fmt.Fprintf(&b, "checked:     %s for %s (MAIL FROM %s, HELO %s)\n", domain, ip, sender, helo)
	if res.Err != nil {
		fmt.Fprintf(&b, "reason:      %s\n", printable(res.Err.Error()))
	}
	expl := res.Explanation
	if expl == "" {
		expl = "-"
	}
	fmt.Fprintf(&b, "explanation: %s\n", printable(expl))
	fmt.Fprintf(&b, "lookups:     %d of %d DNS-querying terms, %d of %d void lookups\n",
		res.Lookups, spf.DefaultMaxLookups, res.VoidLookups, spf.DefaultMaxVoidLookups)
	b.WriteString("\ntrace:\n")
	for _, s := range res.Trace {
		indent := strings.Repeat("  ", s.Depth+1)
		var line string
		if s.Term == "(record)" || s.Term == "(domain)" {
			line = indent + s.Domain + ": " + s.Detail
		} else {
			line = indent + "  " + s.Term + ": " + s.Detail
		}
		if s.Result != "" {
			line += " — " + s.Result
		}
		b.WriteString(printable(line) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// printable escapes control characters and invalid UTF-8: records and
// explanations come from DNS and must not drive the admin's terminal.
func printable(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, "\\x%02X", s[i])
		case !unicode.IsPrint(r):
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}
