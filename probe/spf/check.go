package spf

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/mailpick/mailpick/msg"
	"time"
)

// Status is a check_host result (RFC 7208 §2.6).
type Status string

const (
	None      Status = "none"
	Neutral   Status = "neutral"
	Pass      Status = "pass"
	Fail      Status = "fail"
	Softfail  Status = "softfail"
	Temperror Status = "temperror"
	Permerror Status = "permerror"
)

// ErrNXDomain is returned (possibly wrapped) by a Resolver when the name
// does not exist. An empty answer with a nil error means "no records of that
// type". Both are "void lookups" (§4.6.4); any other error is a temporary
// failure (SERVFAIL, timeout) and makes check_host return temperror.
var ErrNXDomain = errors.New("no such domain (NXDOMAIN)")

// Resolver is the DNS access check_host needs. Names are given without the
// trailing dot. Implementations return records in the order received.
type Resolver interface {
	// LookupTXT returns one string per TXT record, its character-strings
	// joined without separator (§3.3), as raw bytes.
	LookupTXT(ctx context.Context, name string) ([]string, error)
	LookupA(ctx context.Context, name string) ([]netip.Addr, error)
	LookupAAAA(ctx context.Context, name string) ([]netip.Addr, error)
	// LookupMX returns the exchange names; order does not matter to SPF.
	LookupMX(ctx context.Context, name string) ([]string, error)
	// LookupPTR returns the names in the reverse zone for ip.
	LookupPTR(ctx context.Context, ip netip.Addr) ([]string, error)
}

// Limits from RFC 7208 §4.6.4.
const (
	DefaultMaxLookups     = 10 // DNS-querying terms per check
	DefaultMaxVoidLookups = 2
	MaxMXNames            = 10 // per mx mechanism; more is a permerror
	MaxPTRNames           = 10 // per ptr mechanism or %{p}; the rest are ignored
	maxDepth              = 20 // include/redirect nesting, in case limits are raised
	// maxExplanation bounds exp= text: it ends up in an SMTP reply line.
	maxExplanation = 512
)

// Options tune Check. The zero value follows the RFC.
type Options struct {
	MaxLookups     int    // 0 means DefaultMaxLookups
	MaxVoidLookups int    // 0 means DefaultMaxVoidLookups
	Receiver       string // %{r}: this host's name; "unknown" if empty
	// Now gives %{t}; nil means time.Now.
	Now func() time.Time
}

// TraceStep is one line of the evaluation trace: what was looked at, at
// which include/redirect depth, and what came of it.
type TraceStep struct {
	Depth  int    `json:"depth"`
	Domain string `json:"domain"`
	Term   string `json:"term"`
	Detail string `json:"detail"`
	Result string `json:"result,omitempty"`
}

// Result is what Check found.
type Result struct {
	Status Status
	// Explanation is the expanded exp= text of the record that failed the
	// sender, empty if there is none (or it could not be fetched).
	Explanation string
	// Lookups counts DNS-querying terms evaluated (include, a, mx, ptr,
	// exists, redirect); VoidLookups counts those answered NXDOMAIN/NODATA.
	Lookups     int
	VoidLookups int
	Trace       []TraceStep
	// Err says why the status is temperror or permerror.
	Err error
}

// Check runs check_host() (RFC 7208 §4) for a client ip, the domain to check
// (MAIL FROM domain, or HELO), the MAIL FROM address (empty for bounces) and
// the HELO name.
func Check(ctx context.Context, r Resolver, ip netip.Addr, domain, sender, helo string, opts *Options) Result {
	c := newChecker(ctx, r, ip, sender, helo, opts)
	domain = strings.TrimSuffix(domain, ".")
	if msg := initialDomainProblem(domain); msg != "" {
		c.step(0, domain, "(domain)", msg, string(None))
		return Result{Status: None, Trace: c.trace}
	}
	st, ec, err := c.checkHost(domain, 0)
	res := Result{Status: st, Err: err, Lookups: c.lookups, VoidLookups: c.voids}
	if st == Fail && ec != nil {
		res.Explanation = c.explain(ec)
	}
	res.Trace = c.trace
	return res
}

// initialDomainProblem applies §4.3: a malformed or single-label domain
// yields "none" without any DNS query.
func initialDomainProblem(d string) string {
	if d == "" {
		return "no domain to check"
	}
	if strings.HasPrefix(d, "[") {
		return "a domain literal such as [192.0.2.1] has no SPF record"
	}
	if msg := nameProblem(d); msg != "" {
		return msg
	}
	if !strings.Contains(d, ".") {
		return fmt.Sprintf("%q is not a fully qualified domain name", d)
	}
	return ""
}

// nameProblem says why d cannot be queried in DNS, or "".
func nameProblem(d string) string {
	if m := nameProblemMsg(d); !m.IsZero() {
		return msg.Render("en", m)
	}
	return ""
}

// nameErr is nameProblem as a coded error (msg.Coded).
func nameErr(d string) error { return &msg.Err{Msg: nameProblemMsg(d)} }

// nameProblemMsg is nameProblem as a coded message (msg/probe_spf.go).
func nameProblemMsg(d string) msg.Message {
	if len(d) > 253 {
		return msg.New("probe.spf.name.long", "n", len(d))
	}
	for _, l := range strings.Split(d, ".") {
		if l == "" {
			return msg.New("probe.spf.name.empty_label", "domain", strconv.Quote(d))
		}
		if len(l) > 63 {
			return msg.New("probe.spf.name.long_label", "label", strconv.Quote(l), "n", len(l))
		}
	}
	return msg.Message{}
}

type expCtx struct {
	rec    *Record
	domain string
}

type checker struct {
	ctx    context.Context
	r      Resolver
	ip     netip.Addr
	sender string
	local  string
	origin string
	helo   string
	opts   Options

	lookups, voids int
	trace          []TraceStep
	stack          []string

	// The validated names of ip (ptr, %{p}) cost up to 11 queries; they
	// do not change during a check, so they are looked up once.
	ptrDone  bool
	ptrNames []string
	ptrVoid  bool
	ptrErr   error
}

func newChecker(ctx context.Context, r Resolver, ip netip.Addr, sender, helo string, opts *Options) *checker {
	c := &checker{ctx: ctx, r: r, ip: ip.Unmap(), helo: helo}
	if opts != nil {
		c.opts = *opts
	}
	if c.opts.MaxLookups <= 0 {
		c.opts.MaxLookups = DefaultMaxLookups
	}
	if c.opts.MaxVoidLookups <= 0 {
		c.opts.MaxVoidLookups = DefaultMaxVoidLookups
	}
	if c.opts.Now == nil {
		c.opts.Now = time.Now
	}
	if sender == "" {
		sender = "postmaster@" + helo
	}
	c.sender = sender
	if at := strings.LastIndexByte(sender, '@'); at >= 0 {
		c.local, c.origin = sender[:at], sender[at+1:]
	} else {
		c.origin = sender
	}
	if c.local == "" {
		c.local = "postmaster"
	}
	return c
}

func (c *checker) step(depth int, domain, term, detail, result string) {
	c.trace = append(c.trace, TraceStep{Depth: depth, Domain: domain, Term: term, Detail: detail, Result: result})
}

func (c *checker) env(domain string) *MacroEnv {
	return &MacroEnv{
		Sender: c.sender, Local: c.local, Origin: c.origin, Domain: domain,
		IP: c.ip, Helo: c.helo, Receiver: c.opts.Receiver,
		Timestamp: c.opts.Now().Unix(),
		Validated: func() string { return c.validatedName(domain) },
	}
}

// evalError ends evaluation with temperror or permerror.
type evalError struct {
	status Status
	err    error
}

func permerr(format string, args ...any) *evalError {
	return &evalError{Permerror, fmt.Errorf(format, args...)}
}

func temperr(err error) *evalError { return &evalError{Temperror, err} }

// FetchRecord finds the single SPF record at domain (§4.5). It returns ""
// with a nil error when there is none, a permerror-worthy error for more
// than one, and a temporary error when DNS failed.
func FetchRecord(ctx context.Context, r Resolver, domain string) (string, []string, error) {
	txts, err := r.LookupTXT(ctx, domain)
	if err != nil && !errors.Is(err, ErrNXDomain) {
		return "", nil, err
	}
	var spfs []string
	for _, t := range txts {
		if IsSPF(t) {
			spfs = append(spfs, t)
		}
	}
	if len(spfs) > 1 {
		return "", spfs, fmt.Errorf("%d SPF records at %s; publish exactly one v=spf1 record", len(spfs), domain)
	}
	if len(spfs) == 0 {
		return "", nil, nil
	}
	return spfs[0], spfs, nil
}

// checkHost: it is long because it follows the RFC's evaluation steps in
// order, one branch per mechanism or outcome, so it reads beside the section
// it cites.
func (c *checker) checkHost(domain string, depth int) (Status, *expCtx, error) {
	if err := c.ctx.Err(); err != nil {
		c.step(depth, domain, "(record)", "gave up: "+err.Error(), string(Temperror))
		return Temperror, nil, err
	}
	txt, all, err := FetchRecord(c.ctx, c.r, domain)
	switch {
	case err != nil && all != nil:
		c.step(depth, domain, "(record)", err.Error(), string(Permerror))
		return Permerror, nil, err
	case err != nil:
		c.step(depth, domain, "(record)", "TXT lookup failed: "+err.Error(), string(Temperror))
		return Temperror, nil, err
	case txt == "":
		c.step(depth, domain, "(record)", "no v=spf1 record", string(None))
		return None, nil, nil
	}
	c.step(depth, domain, "(record)", txt, "")
	rec, perr := Parse(txt)
	if perr != nil {
		err := fmt.Errorf("syntax error in the record at %s: %w", domain, perr)
		c.step(depth, domain, "(record)", "syntax error: "+perr.Error(), string(Permerror))
		return Permerror, nil, err
	}
	c.stack = append(c.stack, domain)
	defer func() { c.stack = c.stack[:len(c.stack)-1] }()

	for _, t := range rec.Terms {
		m := t.Mechanism
		if m == nil {
			continue
		}
		if m.QueriesDNS() {
			if e := c.countLookup(depth, domain, t.Raw); e != nil {
				return e.status, nil, e.err
			}
		}
		match, detail, e := c.mechanism(m, t.Raw, domain, depth)
		if e != nil {
			c.step(depth, domain, t.Raw, e.err.Error(), string(e.status))
			return e.status, nil, e.err
		}
		if match {
			st := m.Qualifier.Status()
			c.step(depth, domain, t.Raw, detail, "match → "+string(st))
			var ec *expCtx
			if st == Fail {
				ec = &expCtx{rec, domain}
			}
			return st, ec, nil
		}
		c.step(depth, domain, t.Raw, detail, "no match")
	}

	if red := rec.Redirect(); red != nil {
		raw := "redirect=" + red.Value
		if e := c.countLookup(depth, domain, raw); e != nil {
			return e.status, nil, e.err
		}
		target, msg := c.target(red.Macro, domain)
		if msg != "" {
			err := fmt.Errorf("redirect target: %s", msg)
			c.step(depth, domain, raw, err.Error(), string(Permerror))
			return Permerror, nil, err
		}
		if e := c.enter(target, depth); e != nil {
			c.step(depth, domain, raw, e.err.Error(), string(e.status))
			return e.status, nil, e.err
		}
		c.step(depth, domain, raw, "no mechanism matched; evaluating "+target, "")
		st, ec, err := c.checkHost(target, depth+1)
		if st == None {
			err = fmt.Errorf("redirect=%s: %s has no SPF record", red.Value, target)
			st = Permerror
		}
		c.step(depth, domain, raw, "result of "+target, string(st))
		return st, ec, err
	}
	c.step(depth, domain, "(end)", "no mechanism matched and no redirect=: default result", string(Neutral))
	return Neutral, nil, nil
}

func (c *checker) countLookup(depth int, domain, term string) *evalError {
	c.lookups++
	if c.lookups > c.opts.MaxLookups {
		e := permerr("more than %d DNS-querying terms (include, a, mx, ptr, exists, redirect); flatten the record or remove includes", c.opts.MaxLookups)
		c.step(depth, domain, term, e.err.Error(), string(Permerror))
		return e
	}
	return nil
}

func (c *checker) enter(target string, depth int) *evalError {
	for i, d := range c.stack {
		if strings.EqualFold(d, target) {
			return permerr("loop: %s → %s", strings.Join(c.stack[i:], " → "), target)
		}
	}
	if depth+1 > maxDepth {
		return permerr("include/redirect nested more than %d deep", maxDepth)
	}
	return nil
}

// void counts a void lookup and fails once the limit is passed.
func (c *checker) void() *evalError {
	c.voids++
	if c.voids > c.opts.MaxVoidLookups {
		return permerr("more than %d void lookups (names with no records); remove mechanisms pointing at names that do not exist", c.opts.MaxVoidLookups)
	}
	return nil
}

// target expands a domain-spec and returns the name to query, or why it
// cannot be queried.
func (c *checker) target(ms MacroString, domain string) (string, string) {
	if ms.Raw == "" {
		return domain, ""
	}
	return targetName(ms.Expand(c.env(domain)))
}

// targetName prepares an expanded domain-spec for a query: no trailing dot,
// at most 253 characters by dropping labels from the left (§7.3).
func targetName(name string) (string, string) {
	name = strings.TrimSuffix(name, ".")
	for len(name) > 253 {
		i := strings.IndexByte(name, '.')
		if i < 0 {
			break
		}
		name = name[i+1:]
	}
	if msg := nameProblem(name); msg != "" {
		return name, msg
	}
	return name, ""
}

func isVoid(n int, err error) bool {
	return n == 0 && (err == nil || errors.Is(err, ErrNXDomain))
}

func describeVoid(err error) string {
	if err != nil {
		return "NXDOMAIN"
	}
	return "no records"
}

// lookupIP returns the addresses of name in c.ip's family.
func (c *checker) lookupIP(name string) ([]netip.Addr, string, error) {
	if c.ip.Is4() {
		a, err := c.r.LookupA(c.ctx, name)
		return a, "A", err
	}
	a, err := c.r.LookupAAAA(c.ctx, name)
	return a, "AAAA", err
}

func (c *checker) prefix(m *Mechanism) netip.Prefix {
	bits := m.CIDR6
	if c.ip.Is4() {
		bits = m.CIDR4
	}
	if bits < 0 {
		bits = c.ip.BitLen()
	}
	p, _ := c.ip.Prefix(bits)
	return p
}

// mechanism: it is long because it follows the RFC's evaluation steps in
// order, one branch per mechanism or outcome, so it reads beside the section
// it cites.
func (c *checker) mechanism(m *Mechanism, raw, domain string, depth int) (bool, string, *evalError) {
	switch m.Kind {
	case MechAll:
		return true, "matches every address", nil
	case MechIP4, MechIP6:
		if m.Kind == MechIP4 != c.ip.Is4() {
			return false, fmt.Sprintf("%s is not an IPv%s address", c.ip, map[bool]string{true: "4", false: "6"}[m.Kind == MechIP4]), nil
		}
		if m.Net.Masked().Contains(c.ip) {
			return true, fmt.Sprintf("%s is in %s", c.ip, m.Net.Masked()), nil
		}
		return false, fmt.Sprintf("%s is not in %s", c.ip, m.Net.Masked()), nil
	}

	name, msg := c.target(m.DomainMacro, domain)
	if msg != "" {
		return false, "cannot query: " + msg, nil
	}
	switch m.Kind {
	case MechInclude:
		if e := c.enter(name, depth); e != nil {
			return false, "", e
		}
		c.step(depth, domain, raw, "evaluating "+name, "")
		st, _, err := c.checkHost(name, depth+1)
		switch st {
		case Pass:
			return true, name + " returned pass", nil
		case Fail, Softfail, Neutral:
			return false, name + " returned " + string(st), nil
		case Temperror:
			return false, "", &evalError{Temperror, fmt.Errorf("include:%s: %w", name, err)}
		case None:
			return false, "", permerr("include:%s: %s has no SPF record; remove the include or publish a record there", name, name)
		default:
			return false, "", &evalError{Permerror, fmt.Errorf("include:%s: %w", name, err)}
		}

	case MechA:
		addrs, typ, err := c.lookupIP(name)
		if isVoid(len(addrs), err) {
			if e := c.void(); e != nil {
				return false, "", e
			}
			return false, fmt.Sprintf("%s %s: %s (void lookup %d)", typ, name, describeVoid(err), c.voids), nil
		}
		if err != nil {
			return false, "", temperr(fmt.Errorf("%s %s: %w", typ, name, err))
		}
		p := c.prefix(m)
		for _, a := range addrs {
			if p.Contains(a) {
				return true, fmt.Sprintf("%s %s has %s, %s is in %s", typ, name, a, c.ip, p), nil
			}
		}
		return false, fmt.Sprintf("%s %s: %s; none in %s", typ, name, joinAddrs(addrs), p), nil

	case MechMX:
		hosts, err := c.r.LookupMX(c.ctx, name)
		if isVoid(len(hosts), err) {
			if e := c.void(); e != nil {
				return false, "", e
			}
			return false, fmt.Sprintf("MX %s: %s (void lookup %d)", name, describeVoid(err), c.voids), nil
		}
		if err != nil {
			return false, "", temperr(fmt.Errorf("MX %s: %w", name, err))
		}
		if len(hosts) > MaxMXNames {
			return false, "", permerr("MX %s has %d names; the mx mechanism allows %d", name, len(hosts), MaxMXNames)
		}
		p := c.prefix(m)
		var seen []string
		for _, h := range hosts {
			h = strings.TrimSuffix(h, ".")
			if h == "" {
				continue // null MX (RFC 7505)
			}
			addrs, typ, err := c.lookupIP(h)
			if err != nil && !errors.Is(err, ErrNXDomain) {
				return false, "", temperr(fmt.Errorf("%s %s (MX of %s): %w", typ, h, name, err))
			}
			for _, a := range addrs {
				if p.Contains(a) {
					return true, fmt.Sprintf("MX %s → %s has %s, %s is in %s", name, h, a, c.ip, p), nil
				}
			}
			seen = append(seen, h+" "+joinAddrs(addrs))
		}
		return false, fmt.Sprintf("MX %s: %s; none in %s", name, strings.Join(seen, ", "), p), nil

	case MechPTR:
		names, void, err := c.validatedCached()
		if void {
			if e := c.void(); e != nil {
				return false, "", e
			}
		}
		if err != nil {
			return false, "PTR lookup failed (" + err.Error() + "): no match", nil
		}
		for _, n := range names {
			if strings.EqualFold(n, name) || hasSuffixFold(n, "."+name) {
				return true, fmt.Sprintf("validated name %s is in %s", n, name), nil
			}
		}
		if len(names) == 0 {
			return false, fmt.Sprintf("no validated name for %s", c.ip), nil
		}
		return false, fmt.Sprintf("validated names %s are not in %s", strings.Join(names, ", "), name), nil

	case MechExists:
		addrs, err := c.r.LookupA(c.ctx, name)
		if isVoid(len(addrs), err) {
			if e := c.void(); e != nil {
				return false, "", e
			}
			return false, fmt.Sprintf("A %s: %s (void lookup %d)", name, describeVoid(err), c.voids), nil
		}
		if err != nil {
			//lint:ignore ST1005 "A" is the DNS record type, not the start of a sentence.
			return false, "", temperr(fmt.Errorf("A %s: %w", name, err))
		}
		return true, fmt.Sprintf("A %s exists (%s)", name, joinAddrs(addrs)), nil
	}
	return false, "", permerr("unknown mechanism %q", m.Kind)
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

func joinAddrs(addrs []netip.Addr) string {
	if len(addrs) == 0 {
		return "no addresses"
	}
	s := make([]string, len(addrs))
	for i, a := range addrs {
		s[i] = a.String()
	}
	if len(s) > 8 {
		return strings.Join(s[:8], " ") + fmt.Sprintf(" and %d more", len(s)-8)
	}
	return strings.Join(s, " ")
}

// validated returns the validated names of c.ip (§5.5): PTR names (at most
// 10) whose A/AAAA records include c.ip. void reports an empty PTR answer;
// err a failed PTR lookup. The answer is cached for %{p}.
func (c *checker) validated() (names []string, void bool, err error) {
	ptrs, err := c.r.LookupPTR(c.ctx, c.ip)
	if isVoid(len(ptrs), err) {
		return nil, true, nil
	}
	if err != nil {
		return nil, false, err
	}
	if len(ptrs) > MaxPTRNames {
		ptrs = ptrs[:MaxPTRNames]
	}
	for _, p := range ptrs {
		p = strings.TrimSuffix(p, ".")
		if nameProblem(p) != "" {
			continue
		}
		addrs, _, err := c.lookupIP(p)
		if err != nil {
			continue // §5.5: a failed lookup skips the name
		}
		for _, a := range addrs {
			if a == c.ip {
				names = append(names, p)
				break
			}
		}
	}
	return names, false, nil
}

func (c *checker) validatedCached() ([]string, bool, error) {
	if !c.ptrDone {
		c.ptrDone = true
		c.ptrNames, c.ptrVoid, c.ptrErr = c.validated()
	}
	return c.ptrNames, c.ptrVoid, c.ptrErr
}

// validatedName is %{p}: a validated name, preferring domain itself, then
// a subdomain of it (§7.3).
func (c *checker) validatedName(domain string) string {
	c.validatedCached()
	if len(c.ptrNames) == 0 {
		return "unknown"
	}
	for _, n := range c.ptrNames {
		if strings.EqualFold(n, domain) {
			return n
		}
	}
	for _, n := range c.ptrNames {
		if hasSuffixFold(n, "."+domain) {
			return n
		}
	}
	return c.ptrNames[0]
}

// explain evaluates exp= (§6.2). Any problem means no explanation, not an
// error: the sender already failed.
func (c *checker) explain(ec *expCtx) string {
	mod := ec.rec.Exp()
	if mod == nil {
		return ""
	}
	name, msg := c.target(mod.Macro, ec.domain)
	if msg != "" {
		c.step(0, ec.domain, "exp="+mod.Value, "ignored: "+msg, "")
		return ""
	}
	txts, err := c.r.LookupTXT(c.ctx, name)
	if err != nil || len(txts) != 1 {
		why := fmt.Sprintf("%d TXT records", len(txts))
		if err != nil {
			why = err.Error()
		}
		c.step(0, ec.domain, "exp="+mod.Value, "ignored: "+why+" at "+name, "")
		return ""
	}
	ms, perr := ParseMacro(txts[0], true)
	if perr != nil {
		c.step(0, ec.domain, "exp="+mod.Value, "ignored: bad explanation text: "+perr.Error(), "")
		return ""
	}
	text := ms.Expand(c.env(ec.domain))
	if len(text) > maxExplanation {
		text = text[:maxExplanation]
	}
	c.step(0, ec.domain, "exp="+mod.Value, "explanation: "+text, "")
	return text
}
