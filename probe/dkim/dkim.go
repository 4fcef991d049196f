// Package dkim parses DKIM public key records (RFC 6376 §3.6.1, RFC 8463)
// and looks for keys at selectors. Selectors cannot be listed, so absence
// at the guessed ones proves nothing; and a wildcard TXT record answers at
// every selector, so it must not be mistaken for a key.
package dkim

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/probe/dnsclient"
)

// Key is a parsed DKIM key record.
type Key struct {
	Version  string   // v, "DKIM1" or empty
	KeyType  string   // k: rsa (default) or ed25519
	Hashes   []string // h: acceptable hash algorithms; empty = all
	Services []string // s, default "*"
	Flags    []string // t: y (testing), s (strict)
	N        string   // n: notes for humans
	// Revoked is an empty p=: the key was withdrawn (RFC 6376 §3.6.1), and
	// no signature can verify with it — it is not a usable key.
	Revoked bool
	// Bits is the key size: RSA modulus length, 256 for ed25519.
	Bits int
	// Public is *rsa.PublicKey or ed25519.PublicKey.
	Public any
	// Notes are what RFC 6376 tells verifiers to ignore (unknown tags,
	// hash algorithms and flags) or to accept as is: information, never a
	// fault.
	Notes []string
}

// Testing reports whether the t=y flag is set: receivers may treat
// signatures as unsigned mail.
func (k *Key) Testing() bool {
	for _, f := range k.Flags {
		if f == "y" {
			return true
		}
	}
	return false
}

// Parse parses a DKIM key record.
// It is long because it follows the grammar in order, one branch per term or
// tag, so it reads beside the RFC section it cites.
func Parse(txt string) (*Key, error) {
	k := &Key{KeyType: "rsa", Services: []string{"*"}}
	seen := map[string]bool{}
	var p *string
	parts := strings.Split(txt, ";")
	for i, part := range parts {
		part = strings.TrimSpace(part)
		if part == "" {
			if i == len(parts)-1 {
				continue
			}
			return nil, coded("empty_tag")
		}
		tag, value, ok := strings.Cut(part, "=")
		if !ok {
			return nil, coded("not_tv", "part", strconv.Quote(truncate(part)))
		}
		tag, value = strings.TrimSpace(tag), strings.TrimSpace(value)
		if seen[tag] {
			return nil, coded("twice", "tag", strconv.Quote(truncate(tag)))
		}
		seen[tag] = true
		switch tag {
		case "v":
			if i != 0 {
				return nil, coded("v_first", "v", `"v"`)
			}
			if value != "DKIM1" {
				return nil, coded("version", "value", fmt.Sprintf("v=%q", truncate(value)), "want", "DKIM1")
			}
			k.Version = value
		case "k":
			k.KeyType = strings.ToLower(value)
			if k.KeyType != "rsa" && k.KeyType != "ed25519" {
				return nil, coded("key_type", "value", fmt.Sprintf("k=%q", truncate(value)), "rsa", "rsa", "ed", "ed25519")
			}
		case "h":
			for _, h := range splitColon(value) {
				h = strings.ToLower(h)
				if h != "sha256" && h != "sha1" {
					k.Notes = append(k.Notes, fmt.Sprintf("unknown hash %q in h= is ignored (RFC 6376 §3.6.1)", truncate(h)))
				}
				k.Hashes = append(k.Hashes, h)
			}
		case "s":
			if k.Services = splitColon(value); len(k.Services) == 0 {
				k.Services = []string{"*"}
			}
		case "t":
			k.Flags = splitColon(value)
		case "n":
			k.N = value
		case "p":
			v := value
			p = &v
		default:
			k.Notes = append(k.Notes, fmt.Sprintf("unknown tag %q is ignored (RFC 6376 §3.2)", truncate(tag)))
		}
	}
	if p == nil {
		return nil, coded("no_p", "p", `"p"`)
	}
	if len(k.Hashes) > 0 && !slices.Contains(k.Hashes, "sha256") {
		// Verifiers must not accept rsa-sha1 (RFC 8301 §3.1) and ignore
		// unknown algorithms, so no signature can verify with this key.
		return nil, coded("hashes", "h", "h="+truncate(strings.Join(k.Hashes, ":")), "sha", "sha256")
	}
	if !slices.Contains(k.Services, "*") && !slices.ContainsFunc(k.Services, func(s string) bool { return strings.EqualFold(s, "email") }) {
		// RFC 6376 §3.6.1: verifiers ignore a key not listed for email.
		return nil, coded("services", "s", "s="+truncate(strings.Join(k.Services, ":")), "email", "email")
	}
	b64 := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, *p)
	if b64 == "" {
		k.Revoked = true
		return k, nil
	}
	der, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, coded("base64", "p", "p=")
	}
	switch k.KeyType {
	case "rsa":
		pub, err := x509.ParsePKIXPublicKey(der)
		if err != nil {
			// Some signers publish a bare PKCS#1 RSAPublicKey; receivers
			// such as OpenDKIM accept it.
			rk, err2 := x509.ParsePKCS1PublicKey(der)
			if err2 != nil {
				return nil, coded("not_rsa", "p", "p=")
			}
			// RFC 6376 §3.6.1 words k=rsa as a bare RSAPublicKey, while
			// its examples and most signers use SubjectPublicKeyInfo:
			// both are valid.
			k.Notes = append(k.Notes, "p= is a bare RSAPublicKey, as RFC 6376 §3.6.1 words it; most keys are published as SubjectPublicKeyInfo and a few verifiers accept only that")
			pub = rk
		}
		rk, ok := pub.(*rsa.PublicKey)
		if !ok {
			return nil, coded("non_rsa", "p", "p=", "k", "k=rsa")
		}
		k.Public, k.Bits = rk, rk.N.BitLen()
	case "ed25519":
		if len(der) != ed25519.PublicKeySize {
			return nil, coded("ed_size", "ed", "ed25519", "n", len(der))
		}
		k.Public, k.Bits = ed25519.PublicKey(der), 256
	}
	return k, nil
}

// LooksLikeKey reports whether a TXT string is plausibly meant as a DKIM
// record (so a parse failure is a broken key, not someone else's TXT).
func LooksLikeKey(txt string) bool {
	t := strings.ReplaceAll(txt, " ", "")
	return strings.HasPrefix(t, "v=DKIM1") || strings.Contains(t, "p=") || strings.HasPrefix(t, "k=")
}

func splitColon(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ":") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// CommonSelectors are selectors big providers and common software use.
var CommonSelectors = []string{
	"google", "selector1", "selector2", "default", "k1", "k2", "k3", "s1", "s2",
	"dkim", "mail", "smtp", "mx", "everlytickey1", "everlytickey2", "mxvault",
	"s1024", "s2048", "key1", "key2", "sig1", "fm1", "fm2", "fm3", "zoho", "mandrill",
	"pm", "protonmail", "protonmail2", "protonmail3", "mailjet", "dkim1", "20230601",
}

// Found is what one selector holds.
type Found struct {
	Selector string
	Records  []string // TXT strings at the selector
	Key      *Key     // parsed, when the selector holds one DKIM record
	ParseErr error
	Err      error // DNS could not answer (SERVFAIL, timeout)
}

// Result is the outcome of a selector scan.
type Result struct {
	Domain string
	// Found lists selectors that hold something (a key, a broken key, or an
	// unanswered query), in the order asked.
	Found []Found
	// Wildcard is the TXT content a random selector returned; selectors
	// whose content equals it are not counted.
	Wildcard []string
	// WildcardErr is set when the random-selector probe itself failed.
	WildcardErr error
}

// Lookup queries <selector>._domainkey.<domain> for every selector
// concurrently, plus one random selector to detect a wildcard.
func Lookup(ctx context.Context, c *dnsclient.Client, domain string, selectors []string) *Result {
	domain = strings.TrimSuffix(domain, ".")
	res := &Result{Domain: domain}
	var buf [8]byte
	rand.Read(buf[:])
	random := "mailpick-" + hex.EncodeToString(buf[:])

	found := make([]Found, len(selectors))
	var wg sync.WaitGroup
	for i, sel := range selectors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			txts, err := c.TXT(ctx, sel+"._domainkey."+domain)
			found[i] = Found{Selector: sel, Records: txts}
			if err != nil && !dnsclient.IsAbsent(err) {
				found[i].Err = err
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		txts, err := c.TXT(ctx, random+"._domainkey."+domain)
		if err != nil && !dnsclient.IsAbsent(err) {
			res.WildcardErr = err
		}
		res.Wildcard = txts
	}()
	wg.Wait()

	wild := strings.Join(res.Wildcard, "\x00")
	for _, f := range found {
		if f.Err != nil {
			res.Found = append(res.Found, f)
			continue
		}
		var keys []string
		for _, t := range f.Records {
			if LooksLikeKey(t) {
				keys = append(keys, t)
			}
		}
		if len(keys) == 0 || (len(res.Wildcard) > 0 && strings.Join(f.Records, "\x00") == wild) {
			continue
		}
		if len(keys) > 1 {
			f.ParseErr = coded("several", "n", len(keys))
		} else {
			f.Key, f.ParseErr = Parse(keys[0])
		}
		res.Found = append(res.Found, f)
	}
	return res
}

// coded is an error in words a report can give in any language: the
// message probe.dkim.err.<code> (msg/probe_dkim.go), whose English is the
// error's text.
func coded(code string, kv ...any) *msg.Err { return msg.NewErr("probe.dkim.err."+code, kv...) }
