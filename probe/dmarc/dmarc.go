// Package dmarc parses DMARC policy records and finds the one that governs
// a domain, as RFC 9989 defines them (May 2026; it obsoletes RFC 7489 and
// RFC 9091, and RFC 9990/9991 cover reporting). Where receivers that still
// follow RFC 7489 read a record differently, the package says so.
//
// Section numbers are those of draft-ietf-dmarc-dmarcbis-41, the text the
// IESG approved and the RFC Editor published as RFC 9989.
package dmarc

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/probe/tagvalue"
)

// Severity ranks a Finding: warn when receivers discard something the
// owner published, info when the RFC makes it a no-op or the note only
// says how older receivers differ.
type Severity string

const (
	SevInfo Severity = "info"
	SevWarn Severity = "warn"
)

// Finding is one observation about a record, with the rule it rests on.
type Finding struct {
	Severity Severity `json:"severity"`
	// Tag is the tag at fault, "" for the record as a whole.
	Tag     string `json:"tag,omitempty"`
	Message string `json:"message"`
	RFC     string `json:"rfc"`
	// Code is Message as a coded message (msg), for a report in another
	// language.
	Code msg.Message `json:"-"`
	// Index is the position of the part at fault among the record's
	// ";"-separated parts (for a fix that removes or rewrites it), -1 if
	// none.
	Index int `json:"-"`
}

// Record is a parsed DMARC policy record with RFC 9989 defaults applied.
type Record struct {
	Raw string
	// Policy is p as receivers apply it: none, quarantine or reject. It is
	// "none" when p is absent or invalid (or sp/np invalid) but rua holds a
	// valid URI (RFC 9989 §4.10.1); PolicyReplaced says so.
	Policy         string
	PolicyReplaced bool
	// SubdomainPolicy (sp) and NonexistentPolicy (np) are "" when absent.
	SubdomainPolicy   string
	NonexistentPolicy string
	// PSD is the psd tag: y, n or u (default).
	PSD string
	// Testing is t=y: receivers apply one level below the policy
	// (reject → quarantine, quarantine → none), RFC 9989 §4.7.
	Testing     bool
	ADKIM, ASPF string // r (relaxed, default) or s (strict)
	// FailureOptions is fo, default "0".
	FailureOptions []string
	RUA, RUF       []URI
	// Percent is pct as RFC 7489 receivers read it (100 when absent or
	// invalid); RFC 9989 removed the tag and its receivers ignore it.
	Percent int
	// Findings lists what receivers discard or ignore, in record order.
	Findings []Finding
}

// URI is one rua/ruf destination.
type URI struct {
	Raw     string
	Scheme  string // "mailto" or another scheme
	Address string // for mailto: local@domain
	// MaxSize is the obsolete "!size" suffix in bytes (0 = none); RFC 9989
	// §4.8 tells reporters to ignore it, RFC 7489 receivers honour it.
	MaxSize uint64
}

// Domain returns the host part of a mailto address, lower-cased.
func (u URI) Domain() string {
	if i := strings.LastIndexByte(u.Address, '@'); i >= 0 {
		return strings.ToLower(strings.TrimSuffix(u.Address[i+1:], "."))
	}
	return ""
}

// IsDMARC reports whether a TXT string is a DMARC record: receivers
// discard any TXT record at _dmarc whose first tag is not v=DMARC1, the
// value compared case-sensitively (RFC 9989 §4.7, §4.10 step 2).
func IsDMARC(txt string) bool {
	tag, value, ok := strings.Cut(txt, "=")
	if !ok || strings.Trim(tag, " \t") != "v" {
		return false
	}
	value, _, _ = strings.Cut(value, ";")
	return strings.Trim(value, " \t") == "DMARC1"
}

// ErrUnusable wraps the reasons a record, though it starts with v=DMARC1,
// makes receivers apply no DMARC processing at all.
var ErrUnusable = errors.New("receivers apply no DMARC processing")

var policies = map[string]bool{"none": true, "quarantine": true, "reject": true}

// Known tags of RFC 9989 §4.7 and the tags it removed (Appendix C.5.2).
var (
	knownTags = map[string]bool{"v": true, "p": true, "sp": true, "np": true, "psd": true, "t": true, "adkim": true, "aspf": true, "fo": true, "rua": true, "ruf": true}
	// removedTags are the tags RFC 9989 removed; why, in words, is the
	// message probe.dmarc.removed.<tag>.
	removedTags = map[string]bool{"pct": true, "rf": true, "ri": true}
)

// Parse parses a DMARC record by RFC 9989 §4.7 and §4.8: unknown tags are
// ignored, a tag with an invalid value is discarded in favour of its
// default, and only a record receivers cannot use at all is an error
// (wrapping ErrUnusable, or saying the record is not DMARC).
// It is long because it follows the grammar in order, one branch per term or
// tag, so it reads beside the RFC section it cites.
func Parse(txt string) (*Record, error) {
	if !IsDMARC(txt) {
		return nil, msg.NewErr("probe.dmarc.err.not_dmarc", "v", `"v=DMARC1"`)
	}
	r := &Record{Raw: txt, PSD: "u", ADKIM: "r", ASPF: "r", FailureOptions: []string{"0"}, Percent: 100}
	note := func(sev Severity, tag string, i int, rfc, code string, kv ...any) {
		m := msg.New("probe.dmarc.note."+code, kv...)
		r.Findings = append(r.Findings, Finding{Severity: sev, Tag: tag, Index: i, RFC: rfc, Message: msg.Render("en", m), Code: m})
	}
	fields := tagvalue.Split(txt)
	seen := map[string]bool{}
	var badPolicy []string // p, sp or np given with an invalid value
	var hasP, sawRUF, sawFO bool
	for i, f := range fields {
		if i == 0 {
			continue // v=DMARC1, checked by IsDMARC
		}
		if strings.Trim(f.Raw, " \t") == "" {
			if i < len(fields)-1 {
				note(SevInfo, "", i, "RFC 9989 §4.8", "empty_tag")
			}
			continue
		}
		if !f.HasEq || f.Name == "" || !isAlpha(f.Name) {
			note(SevWarn, "", i, "RFC 9989 §4.8", "not_tv", "part", strconv.Quote(clip(strings.Trim(f.Raw, " \t"))))
			continue
		}
		tag, value := strings.ToLower(f.Name), f.Value
		if seen[tag] {
			// DMARC records follow DKIM's tag-list syntax (RFC 9989 §4.7),
			// where a repeated tag makes the whole list invalid
			// (RFC 6376 §3.2).
			return nil, unusable("twice", "tag", strconv.Quote(tag))
		}
		seen[tag] = true
		if removedTags[tag] {
			note(SevInfo, tag, i, "RFC 9989 Appendix C.5.2", "removed", "tv", tag+"="+clip(value), "reason", msg.New("probe.dmarc.removed."+tag))
			if tag == "pct" {
				if n, err := strconv.Atoi(value); err == nil && n >= 0 && n <= 100 && allDigits(value) {
					r.Percent = n
				}
			}
			continue
		}
		if !knownTags[tag] {
			note(SevInfo, tag, i, "RFC 9989 §4.7", "unknown_tag", "tag", strconv.Quote(clip(tag)))
			continue
		}
		invalid := func(want string) {
			note(SevWarn, tag, i, "RFC 9989 §4.8", "invalid", "tv", fmt.Sprintf("%s=%q", tag, clip(value)), "want", msg.New("probe.dmarc.want."+want))
		}
		switch tag {
		case "v":
			return nil, unusable("v_again", "v", `"v"`)
		case "p", "sp", "np":
			v := strings.ToLower(value)
			if !policies[v] {
				badPolicy = append(badPolicy, fmt.Sprintf("%s=%q", tag, clip(value)))
				continue
			}
			switch tag {
			case "p":
				r.Policy, hasP = v, true
				if i != 1 {
					note(SevInfo, "p", i, "RFC 7489 §6.4", "p_order", "p", `"p"`, "v", `"v=DMARC1"`)
				}
			case "sp":
				r.SubdomainPolicy = v
			case "np":
				r.NonexistentPolicy = v
			}
		case "psd":
			v := strings.ToLower(value)
			if v != "y" && v != "n" && v != "u" {
				invalid("psd")
				continue
			}
			r.PSD = v
		case "t":
			v := strings.ToLower(value)
			if v != "y" && v != "n" {
				invalid("t")
				continue
			}
			r.Testing = v == "y"
		case "adkim", "aspf":
			v := strings.ToLower(value)
			if v != "r" && v != "s" {
				invalid("alignment")
				continue
			}
			if tag == "adkim" {
				r.ADKIM = v
			} else {
				r.ASPF = v
			}
		case "fo":
			opts, ok := parseFO(value)
			if !ok {
				invalid("fo")
				continue
			}
			sawFO = true
			r.FailureOptions = opts
		case "rua", "ruf":
			uris, problems := parseURIs(value)
			for _, p := range problems {
				note(p.Severity, tag, i, p.RFC, "uri", "tag", tag, "problem", p.Message)
			}
			if tag == "rua" {
				r.RUA = uris
			} else {
				r.RUF, sawRUF = uris, true
			}
		}
	}
	if sawFO && !sawRUF {
		note(SevInfo, "fo", tagvalue.Index(txt, tagvalue.NamedFold("fo")), "RFC 9989 §4.7", "fo_no_ruf", "fo", "fo", "ruf", "ruf")
	}
	// RFC 9989 §4.10.1: a record without a valid p, or with an invalid sp
	// or np, counts as p=none if rua holds a valid URI; otherwise
	// receivers apply no DMARC processing at all.
	if !hasP || len(badPolicy) > 0 {
		what := msg.New("probe.dmarc.no_p", "p", `"p"`)
		if len(badPolicy) > 0 {
			what = msg.New("probe.dmarc.bad_policy", "values", strings.Join(badPolicy, ", "))
		}
		if len(r.RUA) == 0 {
			return nil, unusable("no_rua", "what", what)
		}
		r.Policy, r.SubdomainPolicy, r.NonexistentPolicy, r.PolicyReplaced = "none", "", "", true
		sev, idx := SevWarn, -1
		if len(badPolicy) == 0 {
			// p is RECOMMENDED, not required: leaving it out is allowed.
			sev = SevInfo
		} else {
			idx = tagvalue.Index(txt, func(n string) bool {
				n = strings.ToLower(n)
				return (n == "p" || n == "sp" || n == "np") && !policies[strings.ToLower(fieldValue(txt, n))]
			})
		}
		note(sev, "p", idx, "RFC 9989 §4.10.1", "as_none", "what", what, "none", "p=none")
	}
	return r, nil
}

// fieldValue returns the value of the first field named name (any case).
func fieldValue(txt, name string) string {
	for _, f := range tagvalue.Split(txt) {
		if f.HasEq && strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// parseFO checks fo against RFC 9989 §4.8: 0 or 1 (not both), d and s,
// each at most once, separated by colons.
func parseFO(value string) ([]string, bool) {
	var out []string
	seen := map[string]bool{}
	for _, o := range strings.Split(value, ":") {
		o = strings.ToLower(o)
		if (o != "0" && o != "1" && o != "d" && o != "s") || seen[o] {
			return nil, false
		}
		seen[o] = true
		out = append(out, o)
	}
	if seen["0"] && seen["1"] {
		return nil, false
	}
	return out, true
}

// uriProblem is one rua/ruf URI receivers discard, or a note on one.
type uriProblem struct {
	Severity Severity
	Message  msg.Message
	RFC      string
}

func parseURIs(value string) ([]URI, []uriProblem) {
	var out []URI
	var problems []uriProblem
	for _, raw := range strings.Split(value, ",") {
		raw = strings.Trim(raw, " \t")
		if raw == "" {
			problems = append(problems, uriProblem{SevWarn, msg.New("probe.dmarc.uri.empty"), "RFC 9989 §4.8"})
			continue
		}
		u := URI{Raw: raw}
		s := raw
		if i := strings.LastIndexByte(s, '!'); i >= 0 {
			size, err := parseSize(s[i+1:])
			if err != nil {
				problems = append(problems, uriProblem{SevWarn, msg.New("probe.dmarc.uri.size_bad", "uri", strconv.Quote(clip(raw)), "err", msg.ErrOf(err)), "RFC 9989 §4.8"})
				continue
			}
			u.MaxSize, s = size, s[:i]
			problems = append(problems, uriProblem{SevInfo, msg.New("probe.dmarc.uri.size_obsolete", "uri", strconv.Quote(clip(raw)), "suffix", "!size"), "RFC 9989 §4.8"})
		}
		pu, err := url.Parse(s)
		if err != nil || pu.Scheme == "" {
			problems = append(problems, uriProblem{SevWarn, msg.New("probe.dmarc.uri.not_uri", "uri", strconv.Quote(clip(raw)), "example", "mailto:dmarc@example.com"), "RFC 9989 §4.8"})
			continue
		}
		u.Scheme = strings.ToLower(pu.Scheme)
		if u.Scheme == "mailto" {
			addr := pu.Opaque
			if addr == "" {
				addr = pu.Path
			}
			addr, _, _ = strings.Cut(addr, "?")
			if dec, err := url.PathUnescape(addr); err == nil {
				addr = dec
			}
			local, domain, ok := strings.Cut(addr, "@")
			domain = strings.TrimSuffix(domain, ".")
			if !ok || local == "" || domain == "" || strings.ContainsAny(domain, "@ ") {
				problems = append(problems, uriProblem{SevWarn, msg.New("probe.dmarc.uri.mailto", "uri", strconv.Quote(clip(raw)), "example", "dmarc@example.com"), "RFC 9989 §4.8"})
				continue
			}
			u.Address = addr
		}
		out = append(out, u)
	}
	return out, problems
}

func parseSize(s string) (uint64, error) {
	mult := uint64(1)
	if n := len(s); n > 0 {
		switch strings.ToLower(s[n-1:]) {
		case "k":
			mult = 1 << 10
		case "m":
			mult = 1 << 20
		case "g":
			mult = 1 << 30
		case "t":
			mult = 1 << 40
		}
		if mult != 1 {
			s = s[:n-1]
		}
	}
	if s == "" || !allDigits(s) {
		return 0, msg.NewErr("probe.dmarc.size.digits")
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n > (1<<64-1)/mult {
		return 0, msg.NewErr("probe.dmarc.size.large")
	}
	return n * mult, nil
}

func isAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return s != ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// Applied returns the policy receivers apply under RFC 9989 when the
// requested one is policy: t=y lowers it one level (RFC 9989 §4.7).
func (r *Record) Applied(policy string) string {
	if !r.Testing {
		return policy
	}
	switch policy {
	case "reject":
		return "quarantine"
	case "quarantine":
		return "none"
	}
	return policy
}

// unusable is an error saying why receivers apply no DMARC processing to a
// record: the message probe.dmarc.err.<code> (msg/probe_dmarc.go), which
// wraps ErrUnusable.
func unusable(code string, kv ...any) error {
	return msg.NewErr("probe.dmarc.err."+code, append(kv, "unusable", msg.New("probe.dmarc.unusable"))...).Wrap(ErrUnusable)
}
