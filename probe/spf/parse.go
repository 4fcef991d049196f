package spf

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/mailpick/mailpick/msg"
)

// Qualifier is the result a mechanism yields when it matches (§4.6.2).
type Qualifier byte

const (
	QPass     Qualifier = '+'
	QFail     Qualifier = '-'
	QSoftfail Qualifier = '~'
	QNeutral  Qualifier = '?'
)

// Status is the result a qualifier stands for.
func (q Qualifier) Status() Status {
	switch q {
	case QFail:
		return Fail
	case QSoftfail:
		return Softfail
	case QNeutral:
		return Neutral
	}
	return Pass
}

// Mechanism kinds.
const (
	MechAll     = "all"
	MechInclude = "include"
	MechA       = "a"
	MechMX      = "mx"
	MechPTR     = "ptr"
	MechIP4     = "ip4"
	MechIP6     = "ip6"
	MechExists  = "exists"
)

// Mechanism is one parsed mechanism (§5).
type Mechanism struct {
	Qualifier Qualifier
	Kind      string // lower case: all include a mx ptr ip4 ip6 exists
	// Domain is the domain-spec as written; empty means the current domain
	// (a, mx, ptr). DomainMacro is its parsed form.
	Domain      string
	DomainMacro MacroString
	// Net is the network of ip4/ip6, host bits kept as written.
	Net netip.Prefix
	// CIDR4 and CIDR6 are the dual-cidr-length of a and mx; -1 when absent
	// (then /32 and /128 apply).
	CIDR4, CIDR6 int
}

// QueriesDNS reports whether the mechanism counts against the limit of 10
// DNS-querying terms (§4.6.4).
func (m *Mechanism) QueriesDNS() bool {
	switch m.Kind {
	case MechInclude, MechA, MechMX, MechPTR, MechExists:
		return true
	}
	return false
}

// String returns the canonical text: lower-case name, "+" omitted.
func (m *Mechanism) String() string {
	var b strings.Builder
	if m.Qualifier != QPass && m.Qualifier != 0 {
		b.WriteByte(byte(m.Qualifier))
	}
	b.WriteString(m.Kind)
	switch m.Kind {
	case MechIP4, MechIP6:
		b.WriteByte(':')
		b.WriteString(m.Net.Addr().String())
		if (m.Kind == MechIP4 && m.Net.Bits() != 32) || (m.Kind == MechIP6 && m.Net.Bits() != 128) {
			b.WriteString("/" + strconv.Itoa(m.Net.Bits()))
		}
		return b.String()
	}
	if m.Domain != "" {
		b.WriteByte(':')
		b.WriteString(m.Domain)
	}
	if m.CIDR4 >= 0 {
		b.WriteString("/" + strconv.Itoa(m.CIDR4))
	}
	if m.CIDR6 >= 0 {
		b.WriteString("//" + strconv.Itoa(m.CIDR6))
	}
	return b.String()
}

// Modifier is a name=value term (§6). Name is lower case.
type Modifier struct {
	Name  string
	Value string
	Macro MacroString
}

func (m *Modifier) String() string { return m.Name + "=" + m.Value }

// Term is a mechanism or a modifier, with its place in the record.
type Term struct {
	Pos       int    // byte offset of the term in the record
	Raw       string // the term as written
	Mechanism *Mechanism
	Modifier  *Modifier
}

func (t Term) String() string {
	if t.Mechanism != nil {
		return t.Mechanism.String()
	}
	return t.Modifier.String()
}

// Record is a parsed "v=spf1" record.
type Record struct {
	Terms []Term
}

// String returns the record in canonical form; Parse(r.String()) yields the
// same terms.
func (r *Record) String() string {
	var b strings.Builder
	b.WriteString("v=spf1")
	for _, t := range r.Terms {
		b.WriteByte(' ')
		b.WriteString(t.String())
	}
	return b.String()
}

// Mechanisms returns the mechanisms in order.
func (r *Record) Mechanisms() []*Mechanism {
	var ms []*Mechanism
	for _, t := range r.Terms {
		if t.Mechanism != nil {
			ms = append(ms, t.Mechanism)
		}
	}
	return ms
}

func (r *Record) modifier(name string) *Modifier {
	for _, t := range r.Terms {
		if t.Modifier != nil && t.Modifier.Name == name {
			return t.Modifier
		}
	}
	return nil
}

// Redirect returns the redirect= modifier or nil.
func (r *Record) Redirect() *Modifier { return r.modifier("redirect") }

// Exp returns the exp= modifier or nil.
func (r *Record) Exp() *Modifier { return r.modifier("exp") }

// All returns the first "all" mechanism or nil.
func (r *Record) All() *Mechanism {
	for _, t := range r.Terms {
		if t.Mechanism != nil && t.Mechanism.Kind == MechAll {
			return t.Mechanism
		}
	}
	return nil
}

// SyntaxError says where a record is malformed and why.
type SyntaxError struct {
	Pos  int    // byte offset in the record (or macro-string)
	Term string // the offending term, if any
	Msg  string
	// Code is Msg as a coded message (msg/probe_spf.go), for a report in
	// another language.
	Code msg.Message
}

// synErr is the syntax error with the message probe.spf.syn.<code>.
func synErr(pos int, term, code string, kv ...any) *SyntaxError {
	m := msg.New("probe.spf.syn."+code, kv...)
	return &SyntaxError{Pos: pos, Term: term, Msg: msg.Render("en", m), Code: m}
}

func (e *SyntaxError) Error() string { return msg.Render("en", e.Coded()) }

// Coded words the error for a report in any language (msg.Coded).
func (e *SyntaxError) Coded() msg.Message {
	what := e.Code
	if what.IsZero() {
		what = msg.New("probe.err.text", "text", e.Msg)
	}
	if e.Term != "" {
		return msg.New("probe.spf.syn.at_term", "col", e.Pos+1, "term", strconv.Quote(e.Term), "what", what)
	}
	return msg.New("probe.spf.syn.at", "col", e.Pos+1, "what", what)
}

// IsSPF reports whether a TXT record is an SPF version 1 record (§4.5):
// "v=spf1", case-insensitive, then a space or the end.
func IsSPF(txt string) bool {
	return len(txt) >= 6 && strings.EqualFold(txt[:6], "v=spf1") && (len(txt) == 6 || txt[6] == ' ')
}

// Parse parses an SPF record. Any syntax error anywhere makes the whole
// record invalid (§4.6), so Parse checks every term before returning.
func Parse(record string) (*Record, error) {
	if !IsSPF(record) {
		return nil, synErr(0, "", "start", "v", `"v=spf1"`)
	}
	r := &Record{Terms: make([]Term, 0, min(strings.Count(record, " "), 32))}
	var seenRedirect, seenExp bool
	i := 6
	for i < len(record) {
		if record[i] == ' ' {
			i++
			continue
		}
		end := strings.IndexByte(record[i:], ' ')
		if end < 0 {
			end = len(record)
		} else {
			end += i
		}
		raw := record[i:end]
		for j := 0; j < len(raw); j++ {
			if raw[j] < 0x21 || raw[j] > 0x7e {
				return nil, synErr(i+j, raw, "char", "c", quoteByte(raw[j]))
			}
		}
		t, err := parseTerm(raw)
		if err != nil {
			err.Pos += i
			err.Term = raw
			return nil, err
		}
		t.Pos = i
		if t.Modifier != nil && (t.Modifier.Name == "redirect" || t.Modifier.Name == "exp") {
			seen := &seenExp
			if t.Modifier.Name == "redirect" {
				seen = &seenRedirect
			}
			if *seen {
				return nil, synErr(i, raw, "mod_twice", "mod", t.Modifier.Name+"=")
			}
			*seen = true
		}
		r.Terms = append(r.Terms, t)
		i = end
	}
	return r, nil
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// parseTerm: it is long because it follows the grammar in order, one branch
// per term or tag, so it reads beside the RFC section it cites.
func parseTerm(raw string) (Term, *SyntaxError) {
	t := Term{Raw: raw}
	if k := strings.IndexAny(raw, "=:/"); k >= 0 && raw[k] == '=' {
		name := raw[:k]
		if name == "" {
			return t, synErr(0, "", "eq", "eq", `"="`)
		}
		if !isAlpha(name[0]) {
			return t, synErr(0, "", "mod_letter", "name", strconv.Quote(name))
		}
		for j := 1; j < len(name); j++ {
			c := name[j]
			if !isAlpha(c) && !isDigit(c) && c != '-' && c != '_' && c != '.' {
				return t, synErr(j, "", "mod_chars", "name", strconv.Quote(name))
			}
		}
		m := &Modifier{Name: strings.ToLower(name), Value: raw[k+1:]}
		switch m.Name {
		case "redirect", "exp":
			ms, err := parseDomainSpec(m.Value, m.Name+"=")
			if err != nil {
				err.Pos += k + 1
				return t, err
			}
			m.Macro = ms
		default:
			ms, err := ParseMacro(m.Value, true)
			if err != nil {
				se := err.(*SyntaxError)
				se.Pos += k + 1
				return t, se
			}
			m.Macro = ms
		}
		t.Modifier = m
		return t, nil
	}

	m := &Mechanism{Qualifier: QPass, CIDR4: -1, CIDR6: -1}
	off := 0
	switch raw[0] {
	case '+', '-', '~', '?':
		m.Qualifier = Qualifier(raw[0])
		off = 1
	}
	rest := raw[off:]
	k := strings.IndexAny(rest, ":/")
	if k < 0 {
		k = len(rest)
	}
	m.Kind = strings.ToLower(rest[:k])
	arg := rest[k:]
	argPos := off + k
	t.Mechanism = m
	switch m.Kind {
	case MechAll:
		if arg != "" {
			return t, synErr(argPos, "", "all_arg", "all", `"all"`)
		}
	case MechInclude, MechExists:
		if !strings.HasPrefix(arg, ":") {
			return t, synErr(argPos, "", "needs_domain", "kind", m.Kind, "example", m.Kind+":example.com")
		}
		ms, err := parseDomainSpec(arg[1:], m.Kind+":")
		if err != nil {
			err.Pos += argPos + 1
			return t, err
		}
		m.Domain, m.DomainMacro = arg[1:], ms
	case MechPTR:
		if arg == "" {
			break
		}
		if arg[0] != ':' {
			return t, synErr(argPos, "", "ptr_cidr", "ptr", "ptr", "example", "ptr:example.com")
		}
		ms, err := parseDomainSpec(arg[1:], "ptr:")
		if err != nil {
			err.Pos += argPos + 1
			return t, err
		}
		m.Domain, m.DomainMacro = arg[1:], ms
	case MechA, MechMX:
		dom, c4, c6 := splitDualCIDR(arg)
		if dom != "" {
			if dom[0] != ':' {
				return t, synErr(argPos, "", "cidr_forms", "len", strconv.Quote(arg), "a", m.Kind+"/24", "b", m.Kind+"//64", "c", m.Kind+"/24//64")
			}
			ms, err := parseDomainSpec(dom[1:], m.Kind+":")
			if err != nil {
				err.Pos += argPos + 1
				return t, err
			}
			m.Domain, m.DomainMacro = dom[1:], ms
		}
		var err *SyntaxError
		if c4 != "" {
			if m.CIDR4, err = parseCIDR(c4, 32); err != nil {
				err.Pos = argPos + len(dom) + 1
				return t, err
			}
		}
		if c6 != "" {
			if m.CIDR6, err = parseCIDR(c6, 128); err != nil {
				err.Pos = len(raw) - len(c6)
				return t, err
			}
		}
	case MechIP4, MechIP6:
		if !strings.HasPrefix(arg, ":") || len(arg) == 1 {
			return t, synErr(argPos, "", "needs_addr", "kind", m.Kind, "example", map[string]string{MechIP4: "ip4:192.0.2.0/24", MechIP6: "ip6:2001:db8::/32"}[m.Kind])
		}
		a := arg[1:]
		cidr := ""
		if j := strings.IndexByte(a, '/'); j >= 0 {
			a, cidr = a[:j], a[j+1:]
		}
		addr, perr := netip.ParseAddr(a)
		max := 32
		if m.Kind == MechIP4 {
			if perr != nil || !addr.Is4() {
				return t, synErr(argPos+1, "", "not_ip4", "addr", strconv.Quote(a), "example", "192.0.2.0/24")
			}
		} else {
			max = 128
			if perr != nil || !addr.Is6() || addr.Zone() != "" || !strings.Contains(a, ":") {
				return t, synErr(argPos+1, "", "not_ip6", "addr", strconv.Quote(a))
			}
		}
		bits := max
		if j := strings.IndexByte(arg, '/'); j >= 0 {
			var err *SyntaxError
			if bits, err = parseCIDR(cidr, max); err != nil {
				err.Pos = argPos + j
				return t, err
			}
		}
		m.Net = netip.PrefixFrom(addr, bits)
	default:
		if strings.EqualFold(m.Kind, "redirect") || strings.EqualFold(m.Kind, "exp") {
			return t, synErr(0, "", "is_modifier", "kind", m.Kind, "form", m.Kind+"=domain")
		}
		return t, synErr(0, "", "unknown_mech", "kind", strconv.Quote(m.Kind), "list", "all include a mx ptr ip4 ip6 exists")
	}
	return t, nil
}

// splitDualCIDR splits "[:domain][/n][//m]" from the right, so a domain may
// itself contain "/" (§5.3: domain-spec allows any visible character).
func splitDualCIDR(s string) (dom, c4, c6 string) {
	if j := strings.LastIndex(s, "//"); j >= 0 && allDigits(s[j+2:]) {
		c6 = s[j+2:]
		s = s[:j]
		if c6 == "" {
			c6 = "/" // forces a parse error: "//" without a number
		}
	}
	if j := strings.LastIndexByte(s, '/'); j >= 0 && allDigits(s[j+1:]) && j+1 < len(s) {
		c4 = s[j+1:]
		s = s[:j]
	}
	return s, c4, c6
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// parseCIDR parses a prefix length: no leading zeros (§5.6 ABNF), at most max.
func parseCIDR(s string, max int) (int, *SyntaxError) {
	if s == "" || !allDigits(s) || len(s) > 3 {
		return 0, synErr(0, "", "cidr_range", "len", strconv.Quote(s), "max", max)
	}
	if len(s) > 1 && s[0] == '0' {
		return 0, synErr(0, "", "cidr_zero", "len", strconv.Quote(s), "fixed", strings.TrimLeft(s, "0"))
	}
	n, _ := strconv.Atoi(s)
	if n > max {
		return 0, synErr(0, "", "cidr_large", "n", n, "max", max)
	}
	return n, nil
}

// parseDomainSpec parses a domain-spec: a macro-string that ends in a macro
// or in "." and a top-level label (§7.1). Domains produced by macros are
// checked only after expansion.
func parseDomainSpec(s, what string) (MacroString, *SyntaxError) {
	if s == "" {
		return MacroString{}, synErr(0, "", "domain_after", "kind", what)
	}
	ms, err := ParseMacro(s, false)
	if err != nil {
		return ms, err.(*SyntaxError)
	}
	last := ms.Parts[len(ms.Parts)-1]
	if last.Letter != 0 || last.Escape {
		return ms, nil
	}
	lit := strings.TrimSuffix(last.Literal, ".")
	if lit == "" && len(ms.Parts) > 1 {
		return ms, nil // "%{d}." : a trailing dot after a macro
	}
	dot := strings.LastIndexByte(lit, '.')
	top := lit[dot+1:]
	if _, perr := netip.ParseAddr(s); perr == nil {
		return ms, synErr(0, "", "ip_not_domain", "addr", strconv.Quote(s), "ip4", "ip4:"+s, "ip6", "ip6:"+s)
	}
	if dot < 0 {
		return ms, synErr(0, "", "no_dot", "domain", strconv.Quote(s), "example", strings.TrimSuffix(s, ".")+".example.com")
	}
	if why := checkTopLabel(top); !why.IsZero() {
		return ms, synErr(0, "", "top_label", "domain", strconv.Quote(s), "label", strconv.Quote(top), "why", why)
	}
	return ms, nil
}

// checkTopLabel applies the toplabel rule: letters, digits and inner
// hyphens, not all digits. It returns what is wrong, or "".
func checkTopLabel(l string) msg.Message {
	if l == "" {
		return msg.New("probe.spf.syn.label_empty")
	}
	letter := false
	for i := 0; i < len(l); i++ {
		c := l[i]
		switch {
		case isAlpha(c):
			letter = true
		case isDigit(c):
		case c == '-':
			if i == 0 || i == len(l)-1 {
				return msg.New("probe.spf.syn.label_hyphen")
			}
		default:
			return msg.New("probe.spf.syn.label_char", "c", quoteByte(c))
		}
	}
	if !letter && !strings.Contains(l, "-") {
		return msg.New("probe.spf.syn.label_digits")
	}
	return msg.Message{}
}
