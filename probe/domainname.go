package probe

import (
	"fmt"
	"net/netip"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// NameError says why an input is not a domain the probe can measure. Input
// is the entry as written.
type NameError struct {
	Input string
	Why   string
}

func (e *NameError) Error() string { return fmt.Sprintf("%q: %s", clipText(e.Input, 60), e.Why) }

// NormalizeDomain lower-cases a domain, drops a final dot, converts an IDN
// to A-labels, and rejects what cannot be a mail domain, with a reason
// specific to the mistake: an IP address, a URL, an e-mail address, a
// lone dot, a single label, or a label that is not a host name label
// (RFC 1123 §2.1: letters, digits and hyphens, not starting or ending with
// a hyphen; "_" is allowed for names such as _dmarc). IDNs are accepted as
// Unicode or as A-labels ("xn--"), and an A-label must decode (RFC 5891
// §5.4, through golang.org/x/net/idna).
func NormalizeDomain(s string) (string, error) {
	bad := func(format string, args ...any) (string, error) {
		return "", &NameError{Input: s, Why: fmt.Sprintf(format, args...)}
	}
	if !utf8.ValidString(s) {
		return "", &NameError{Input: strings.ToValidUTF8(s, "?"), Why: "not valid UTF-8"}
	}
	switch {
	case s == "":
		return bad("empty")
	case s == ".":
		return bad("a lone dot is the DNS root, not a domain")
	case strings.Contains(s, "://") || strings.HasPrefix(strings.ToLower(s), "mailto:"):
		if u, err := url.Parse(s); err == nil && u.Hostname() != "" {
			return bad("a URL; write only its host name, e.g. %s", u.Hostname())
		}
		if rest, ok := strings.CutPrefix(strings.ToLower(s), "mailto:"); ok && strings.Contains(rest, "@") {
			return bad("an e-mail address; write the domain after the @, e.g. %s", rest[strings.LastIndexByte(rest, '@')+1:])
		}
		return bad("a URL; write only the domain")
	case strings.Contains(s, "@"):
		return bad("an e-mail address; write the domain after the @, e.g. %s", s[strings.LastIndexByte(s, '@')+1:])
	}
	if ip, err := netip.ParseAddr(strings.TrimSuffix(strings.Trim(s, "[]"), ".")); err == nil {
		family := "IPv4"
		if ip.Is6() && !ip.Is4In6() {
			family = "IPv6"
		}
		return bad("an %s address, not a domain; probe the domain whose MX points at it", family)
	}
	if strings.ContainsAny(s, "/?") {
		return bad("a URL or path; write only the domain")
	}
	name := strings.TrimSuffix(s, ".")
	if len(name) > 253 && isASCII(name) {
		return bad("longer than 253 characters, the limit for a domain name")
	}
	labels := strings.Split(name, ".")
	out := make([]string, len(labels))
	for i, l := range labels {
		a, why := normalizeLabel(l)
		if why != "" {
			return bad("%s", why)
		}
		out[i] = a
	}
	a := strings.Join(out, ".")
	switch {
	case len(a) > 253:
		return bad("longer than 253 characters in A-label form, the limit for a domain name")
	case len(out) == 1:
		return bad("a single label; give the full domain, e.g. %s.com", a)
	case isAllDigits(out[len(out)-1]):
		// RFC 3696 §2: a top-level domain is never all-numeric.
		return bad("ends in the numeric label %q; no top-level domain is all digits", out[len(out)-1])
	}
	return a, nil
}

// normalizeLabel returns the lower-case A-label form of one label, or why
// it is not a host name label.
func normalizeLabel(l string) (string, string) {
	if l == "" {
		return "", "has an empty label (two dots in a row, or a leading dot)"
	}
	lower := strings.ToLower(l)
	if !isASCII(l) || strings.HasPrefix(lower, "xn--") {
		a, err := idna.Lookup.ToASCII(l)
		if err != nil || a == "" || strings.Contains(a, ".") {
			return "", fmt.Sprintf("label %q is not a valid internationalized name (IDNA 2008)", clipText(l, 40))
		}
		lower = a
	}
	switch {
	case len(lower) > 63:
		return "", fmt.Sprintf("label %q is longer than 63 characters", clipText(l, 40))
	case lower[0] == '-':
		return "", fmt.Sprintf("label %q starts with a hyphen", clipText(l, 40))
	case lower[len(lower)-1] == '-':
		return "", fmt.Sprintf("label %q ends with a hyphen", clipText(l, 40))
	}
	for _, r := range lower {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return "", fmt.Sprintf("label %q contains %q, which a host name cannot", clipText(l, 40), r)
		}
	}
	return lower, ""
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
