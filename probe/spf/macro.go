package spf

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// MacroPart is one piece of a parsed macro-string (RFC 7208 §7.1): either a
// literal run of text or a macro-expand.
type MacroPart struct {
	// Literal is the text of a literal part, or the expansion of %%, %_ and
	// %- ("%", " ", "%20").
	Literal string
	// Escape marks a literal that came from %%, %_ or %-: those count as a
	// macro-expand for the domain-end rule.
	Escape bool
	// Letter is the macro letter in lower case (s l o d i p h c r t v), or 0
	// for a literal part.
	Letter byte
	// Upper asks for URL escaping of the expansion (%{L} rather than %{l}).
	Upper bool
	// Digits keeps only the rightmost Digits labels; 0 keeps them all.
	Digits int
	// Reverse reverses the labels before Digits applies.
	Reverse bool
	// Delimiters split the value into labels; empty means ".".
	Delimiters string
}

// MacroString is a parsed macro-string, ready to expand.
type MacroString struct {
	Raw   string
	Parts []MacroPart
}

// maxDigits bounds the DIGIT transformer: no value has more than 253/2
// labels, and an unbounded number would overflow.
const maxDigits = 128

// ParseMacro parses a macro-string. exp allows the letters c, r and t, which
// RFC 7208 §7.2 permits only in explanation text. Errors are *SyntaxError
// with Pos counted from the start of s.
func ParseMacro(s string, exp bool) (MacroString, error) {
	m := MacroString{Raw: s}
	// Literal parts are substrings of s: no copying.
	lit := 0
	flush := func(end int) {
		if end > lit {
			m.Parts = append(m.Parts, MacroPart{Literal: s[lit:end]})
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '%' {
			if c < 0x20 || c > 0x7e || (c == ' ' && !exp) {
				return m, synErr(i, "", "macro_char", "c", quoteByte(c))
			}
			continue
		}
		if i+1 >= len(s) {
			return m, synErr(i, "", "pct_end", "pct", `"%"`, "esc", `"%%"`)
		}
		var esc string
		switch s[i+1] {
		case '%':
			esc = "%"
		case '_':
			esc = " "
		case '-':
			esc = "%20"
		case '{':
		default:
			return m, synErr(i, "", "pct_followed", "pct", `"%"`, "c", quoteByte(s[i+1]), "form", "%{letter}", "esc", "%%")
		}
		if esc != "" {
			flush(i)
			m.Parts = append(m.Parts, MacroPart{Literal: esc, Escape: true})
			i++
			lit = i + 1
			continue
		}
		start := i
		end := strings.IndexByte(s[i+2:], '}')
		if end < 0 {
			return m, synErr(start, "", "not_closed", "open", `"%{"`, "close", `"}"`)
		}
		body := s[i+2 : i+2+end]
		p, err := parseMacroBody(body, exp)
		if err != nil {
			err.Pos += start + 2
			return m, err
		}
		flush(i)
		m.Parts = append(m.Parts, p)
		i = i + 2 + end
		lit = i + 1
	}
	flush(len(s))
	return m, nil
}

func parseMacroBody(body string, exp bool) (MacroPart, *SyntaxError) {
	var p MacroPart
	if body == "" {
		return p, synErr(0, "", "macro_empty", "empty", `"%{}"`)
	}
	l := body[0]
	lower := l | 0x20
	if !strings.ContainsRune("slodiphcrtv", rune(lower)) || l < 'A' || (l > 'Z' && l < 'a') || l > 'z' {
		return p, synErr(0, "", "macro_letter", "c", quoteByte(l), "letters", "s l o d i p h v", "exp", "c r t")
	}
	if !exp && (lower == 'c' || lower == 'r' || lower == 't') {
		return p, synErr(0, "", "macro_exp_only", "c", fmt.Sprintf("%q", l))
	}
	p.Letter = lower
	p.Upper = l != lower
	i := 1
	for i < len(body) && body[i] >= '0' && body[i] <= '9' {
		i++
	}
	if i > 1 {
		n, err := strconv.Atoi(body[1:i])
		if err != nil || n > maxDigits {
			n = maxDigits
		}
		if n == 0 {
			return p, synErr(1, "", "transformer_zero")
		}
		p.Digits = n
	}
	if i < len(body) && (body[i] == 'r' || body[i] == 'R') {
		p.Reverse = true
		i++
	}
	for ; i < len(body); i++ {
		if !strings.ContainsRune(".-+,/_=", rune(body[i])) {
			return p, synErr(i, "", "delimiter", "c", quoteByte(body[i]), "list", ". - + , / _ =")
		}
		if !strings.ContainsRune(p.Delimiters, rune(body[i])) {
			p.Delimiters += string(body[i])
		}
	}
	return p, nil
}

func quoteByte(c byte) string {
	if c >= 0x21 && c <= 0x7e {
		return fmt.Sprintf("%q", string(c))
	}
	return fmt.Sprintf("0x%02X", c)
}

// String returns the macro-string as written.
func (m MacroString) String() string { return m.Raw }

// HasMacros reports whether expansion depends on the message (anything but
// literals and %% %_ %-).
func (m MacroString) HasMacros() bool {
	for _, p := range m.Parts {
		if p.Letter != 0 {
			return true
		}
	}
	return false
}

// MacroEnv holds the values macros expand to (RFC 7208 §7.2).
type MacroEnv struct {
	Sender string     // s: <sender>, "postmaster@helo" when MAIL FROM is empty
	Local  string     // l: local-part of the sender
	Origin string     // o: domain of the sender
	Domain string     // d: the domain being checked (changes with include/redirect)
	IP     netip.Addr // i, c, v
	Helo   string     // h
	// Validated returns the validated domain name of IP for %{p}; nil
	// expands to "unknown". It is a function because it costs DNS queries
	// and most records never use it.
	Validated func() string
	Receiver  string // r: the checking host's name; "unknown" if empty
	Timestamp int64  // t: seconds since the epoch
}

// maxExpansion bounds the text one macro-string may expand to: a 64 KiB
// record of %{s} macros must not cost megabytes. Real expansions are a few
// hundred bytes.
const maxExpansion = 1 << 16

// Expand expands m in env. It cannot fail: every syntax problem was caught
// by ParseMacro.
func (m MacroString) Expand(env *MacroEnv) string {
	var b strings.Builder
	for _, p := range m.Parts {
		if b.Len() > maxExpansion {
			break
		}
		if p.Letter == 0 {
			b.WriteString(p.Literal)
			continue
		}
		b.WriteString(p.expand(env))
	}
	return b.String()
}

// ExpandMacro parses s and expands it; exp selects explanation-text rules.
func ExpandMacro(s string, exp bool, env *MacroEnv) (string, error) {
	m, err := ParseMacro(s, exp)
	if err != nil {
		return "", err
	}
	return m.Expand(env), nil
}

func (p MacroPart) expand(env *MacroEnv) string {
	v := env.value(p.Letter)
	if p.Digits > 0 || p.Reverse || p.Delimiters != "" {
		delims := p.Delimiters
		if delims == "" {
			delims = "."
		}
		labels := splitAny(v, delims)
		if p.Reverse {
			for i, j := 0, len(labels)-1; i < j; i, j = i+1, j-1 {
				labels[i], labels[j] = labels[j], labels[i]
			}
		}
		if p.Digits > 0 && p.Digits < len(labels) {
			labels = labels[len(labels)-p.Digits:]
		}
		v = strings.Join(labels, ".")
	}
	if p.Upper {
		v = urlEscape(v)
	}
	return v
}

func splitAny(s, delims string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(delims, s[i]) >= 0 {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func (env *MacroEnv) value(letter byte) string {
	switch letter {
	case 's':
		return env.Sender
	case 'l':
		return env.Local
	case 'o':
		return env.Origin
	case 'd':
		return env.Domain
	case 'h':
		return env.Helo
	case 'i':
		return dotIP(env.IP)
	case 'c':
		if !env.IP.IsValid() {
			return ""
		}
		return env.IP.Unmap().String()
	case 'v':
		if env.IP.Unmap().Is4() {
			return "in-addr"
		}
		return "ip6"
	case 'p':
		if env.Validated == nil {
			return "unknown"
		}
		return env.Validated()
	case 'r':
		if env.Receiver == "" {
			return "unknown"
		}
		return env.Receiver
	case 't':
		return strconv.FormatInt(env.Timestamp, 10)
	}
	return ""
}

// dotIP is the "i" macro: dotted quad for IPv4, dot-separated nibbles for
// IPv6 (§7.3), which is also the reverse-DNS name before reversal.
func dotIP(ip netip.Addr) string {
	ip = ip.Unmap()
	if !ip.IsValid() {
		return ""
	}
	if ip.Is4() {
		return ip.String()
	}
	const hex = "0123456789abcdef"
	b := ip.As16()
	out := make([]byte, 0, 63)
	for i, x := range b {
		if i > 0 {
			out = append(out, '.')
		}
		out = append(out, hex[x>>4], '.', hex[x&15])
	}
	return string(out)
}

// urlEscape escapes everything outside RFC 3986 "unreserved" (§7.3).
func urlEscape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
