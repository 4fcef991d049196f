// Command posturedemo makes the README's posture report image reproducible
// offline: it serves fixture zones for three reserved domains on an
// in-process DNS server at 127.0.0.1 (probe/dnstest) and runs the real
// `mailpick probe` binary against it with --no-connect, so nothing leaves
// the machine. It is a development tool, not part of mailpick; see
// scripts/screenshots.sh.
//
//	posturedemo MAILPICK OUT.pdf [EXTRA-PROBE-FLAGS...]
package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/mailpick/mailpick/probe/dnstest"
)

// domains are probed in this order: the company's beside two candidate
// providers, as in the README's example command.
var domains = []string{"example.co.jp", "provider-a.example", "provider-b.example"}

// DKIM public keys (base64 SubjectPublicKeyInfo for RSA, the raw 32-byte
// key for ed25519, RFC 8463 §4.2). Fixed, so the report is the same on
// every run; the private halves were discarded.
const (
	rsa1024Key = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDCUZsyHdmOKNqs/GD4wGKA7y0YnOPVhLvcPJ6UF6ymJhOuEGIPHgPlTiT3zPNYeTq9U7q4PoBxGv84et/7gzRllYyvNzCZ/TAiriL4VB3HOxIFhBYG8ZD6KLEBM7a402PdaFKfeeHOgdev3XvPqpOHW3zqHoblrJY8Prw/2tEzQwIDAQAB"
	ed25519Key = "Y8wY+vaRewz/Kk4rSbG3W7zcQa5051TScG4TbmdtbuA="
)

// companyZone is a typical Japanese SME's domain, set up years ago and
// partly out of date: two MX hosts without IPv6 and one without PTR, an
// SPF record that ends in ~all, DMARC at p=none, a 1024-bit DKIM key, and
// neither MTA-STS nor TLS-RPT. Addresses are from RFC 5737's TEST-NET-1.
const companyZone = `
example.co.jp.            SOA  ns1.example.co.jp. hostmaster.example.co.jp. 2026113001 3600 600 86400 300
example.co.jp.            MX   10 mx1.example.co.jp.
example.co.jp.            MX   20 mx2.example.co.jp.
mx1.example.co.jp.        A    192.0.2.25
mx2.example.co.jp.        A    192.0.2.26
25.2.0.192.in-addr.arpa.  PTR  mx1.example.co.jp.
example.co.jp.            TXT  "v=spf1 ip4:192.0.2.0/24 include:_spf.provider-a.example ~all"
_dmarc.example.co.jp.     TXT  "v=DMARC1; p=none; rua=mailto:dmarc@example.co.jp"
selector1._domainkey.example.co.jp. TXT "v=DKIM1; k=rsa; p=` + rsa1024Key + `"
`

// providerAZone is a well-run provider: IPv6, confirmed reverse DNS,
// -all, p=reject with reports, an ed25519 key, TLS-RPT and a signed zone
// with DS at the parent (the key and signature are placeholders: the
// server stands in for a validating resolver and sets AD, see run). MTA-STS is left out: its policy is
// fetched over HTTPS on port 443, which this offline demo cannot serve.
const providerAZone = `
provider-a.example.       SOA  ns1.provider-a.example. hostmaster.provider-a.example. 2026113001 3600 600 86400 300
provider-a.example.       MX   10 mx1.provider-a.example.
provider-a.example.       MX   10 mx2.provider-a.example.
mx1.provider-a.example.   A    198.51.100.10
mx1.provider-a.example.   AAAA 2001:db8:a::10
mx2.provider-a.example.   A    198.51.100.11
mx2.provider-a.example.   AAAA 2001:db8:a::11
10.100.51.198.in-addr.arpa. PTR mx1.provider-a.example.
11.100.51.198.in-addr.arpa. PTR mx2.provider-a.example.
0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.a.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa. PTR mx1.provider-a.example.
1.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.a.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa. PTR mx2.provider-a.example.
provider-a.example.       TXT  "v=spf1 include:_spf.provider-a.example -all"
_spf.provider-a.example.  TXT  "v=spf1 ip4:198.51.100.0/24 ip6:2001:db8:a::/48 -all"
_dmarc.provider-a.example. TXT "v=DMARC1; p=reject; sp=reject; rua=mailto:dmarc@provider-a.example"
s1._domainkey.provider-a.example. TXT "v=DKIM1; k=ed25519; p=` + ed25519Key + `"
_smtp._tls.provider-a.example. TXT "v=TLSRPTv1; rua=mailto:tlsrpt@provider-a.example"
provider-a.example.       DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==
provider-a.example.       RRSIG  DNSKEY 13 2 300 20300101000000 20200101000000 12345 provider-a.example. AAAA
provider-a.example.       DS     12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
`

// providerBZone is a weak provider: one MX without IPv6 or PTR, an SPF
// record with the discouraged ptr mechanism and ?all, no DMARC, no DKIM
// key at any common selector.
const providerBZone = `
provider-b.example.       SOA  ns1.provider-b.example. hostmaster.provider-b.example. 2026113001 3600 600 86400 300
provider-b.example.       MX   10 mail.provider-b.example.
mail.provider-b.example.  A    203.0.113.7
provider-b.example.       TXT  "v=spf1 a mx ptr ?all"
provider-b.example.       A    203.0.113.7
`

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: posturedemo MAILPICK OUT.pdf [EXTRA-PROBE-FLAGS...]")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2], os.Args[3:]); err != nil {
		fmt.Fprintln(os.Stderr, "posturedemo:", err)
		os.Exit(1)
	}
}

// run serves the fixture zones and runs mailpick probe against them, its
// output and exit status passed through.
func run(mailpick, out string, extra []string) error {
	srv, err := dnstest.Start(strings.Join([]string{companyZone, providerAZone, providerBZone}, "\n"))
	if err != nil {
		return err
	}
	defer srv.Close()
	srv.Secure("provider-a.example")

	args := append([]string{"probe"}, domains...)
	args = append(args, "--resolver", srv.Addr, "--no-connect", "--profile", "all", "--lang", "ja", "-o", out)
	args = append(args, extra...)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, mailpick, args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w", mailpick, strings.Join(args, " "), err)
	}
	return nil
}
