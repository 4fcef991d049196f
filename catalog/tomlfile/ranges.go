package tomlfile

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Range is the interval a number in an input file must lie in. Every
// number a user or a catalog gives has one, so no input can push a cost to
// +Inf, NaN or below zero, and the README's "Limits" table is generated
// from the same values (see RangeTable.Markdown).
type Range struct {
	Min, Max float64
	// MinOpen excludes Min itself (a budget must be more than 0).
	MinOpen bool
	// Whole requires an integer (years, accounts).
	Whole bool
	// Unit follows the numbers in messages: "years", "GB", "hours".
	Unit string
	// Label, when set, replaces "between Min and Max" in messages, for
	// scales people know by name ("1/9 … 9, Saaty's scale").
	Label string
}

// Contains reports whether v is allowed.
func (r Range) Contains(v float64) bool {
	if math.IsNaN(v) || v > r.Max || v < r.Min || (r.MinOpen && v == r.Min) {
		return false
	}
	return !r.Whole || v == math.Trunc(v)
}

// String renders the allowed interval: "between 1 and 20 years".
func (r Range) String() string {
	if r.Label != "" {
		return r.Label
	}
	unit := ""
	if r.Unit != "" {
		unit = " " + r.Unit
	}
	whole := ""
	if r.Whole {
		whole = "a whole number "
	}
	if r.MinOpen {
		return fmt.Sprintf("%smore than %s and at most %s%s", whole, FormatNumber(r.Min), FormatNumber(r.Max), unit)
	}
	return fmt.Sprintf("%sbetween %s and %s%s", whole, FormatNumber(r.Min), FormatNumber(r.Max), unit)
}

// Interval renders the range compactly for tables: "1 … 20".
func (r Range) Interval() string {
	lo := FormatNumber(r.Min)
	if r.MinOpen {
		lo = "> " + lo
	}
	return lo + " … " + FormatNumber(r.Max)
}

// FormatNumber writes v for people: thousands separated, no exponent for
// the numbers ranges use.
func FormatNumber(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) >= 1e15 {
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	if v != math.Trunc(v) {
		if s := strconv.FormatFloat(v, 'f', -1, 64); len(s) <= 10 {
			return s
		}
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	s := strconv.FormatInt(int64(math.Abs(v)), 10)
	var b strings.Builder
	if v < 0 {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && len(s) > 4 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// RangeTable maps a key pattern to its range. Patterns are dotted keys
// without array indexes ("option.pricing.per_user_month" covers
// "option[3].pricing.per_user_month"); a "*" part matches any one key part
// (an option id, a currency code), and a final "*" matches the rest of the
// key, so "option.addons.*" covers the quoted "security.archive".
type RangeTable map[string]Range

// For returns the range of the key at path. When several patterns match,
// the one with more literal parts wins.
func (rt RangeTable) For(path string) (Range, bool) {
	parts := strings.Split(stripIndexes(path), ".")
	best, bestLit := Range{}, -1
	for pat, r := range rt {
		if lit, ok := matchPattern(strings.Split(pat, "."), parts); ok && lit > bestLit {
			best, bestLit = r, lit
		}
	}
	return best, bestLit >= 0
}

// Keys returns the patterns in order, for documentation.
func (rt RangeTable) Keys() []string {
	keys := make([]string, 0, len(rt))
	for k := range rt {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Markdown renders the table for the README's "Limits" section: one row
// per key with its range and unit.
func (rt RangeTable) Markdown() string {
	var b strings.Builder
	b.WriteString("| key | allowed | unit |\n|---|---|---|\n")
	for _, k := range rt.Keys() {
		r := rt[k]
		allowed := r.Interval()
		if r.Label != "" {
			allowed = r.Label
		}
		if r.Whole {
			allowed += ", whole"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", k, allowed, r.Unit)
	}
	return b.String()
}

func matchPattern(pat, parts []string) (literal int, ok bool) {
	for i, p := range pat {
		if i >= len(parts) {
			return 0, false
		}
		if p == "*" {
			if i == len(pat)-1 {
				return literal, true
			}
			continue
		}
		if p != parts[i] {
			return 0, false
		}
		literal++
	}
	return literal, len(pat) == len(parts)
}

// stripIndexes turns "option[3].pricing" into "option.pricing".
func stripIndexes(path string) string {
	if !strings.Contains(path, "[") {
		return path
	}
	var b strings.Builder
	depth := 0
	for _, c := range path {
		switch {
		case c == '[':
			depth++
		case c == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// CheckRange records a problem at path when v is outside r, naming the
// allowed range, and reports whether v is allowed.
func (d *Doc) CheckRange(path string, v float64, r Range) bool {
	if r.Contains(v) {
		return true
	}
	d.Addf(path, "must be %s (got %s)", r, gotText(v))
	return false
}

// CheckIn checks v against the range rt holds for path. A path with no
// range is a bug in the caller's table, reported as a problem so a new key
// cannot slip through unchecked.
func (d *Doc) CheckIn(rt RangeTable, path string, v float64) bool {
	r, ok := rt.For(path)
	if !ok {
		d.Addf(path, "has no documented range (a bug in mailpick; please report it)")
		return false
	}
	return d.CheckRange(path, v, r)
}

// FloatIn reads a number and checks it against r. A value outside r is
// recorded and reported absent; -0 is returned as 0.
func (d *Doc) FloatIn(t map[string]any, path, key string, r Range) (float64, bool) {
	v, ok := d.Float(t, path, key)
	if !ok || !d.CheckRange(join(path, key), v, r) {
		return 0, false
	}
	return v + 0, true // -0 + 0 is +0: no "-0" in reports
}

// IntIn reads a whole number and checks it against r.
func (d *Doc) IntIn(t map[string]any, path, key string, r Range) (int64, bool) {
	v, ok := d.Int(t, path, key)
	if !ok || !d.CheckRange(join(path, key), float64(v), r) {
		return 0, false
	}
	return v, true
}

// Warning renders p as a warning: "file:line: warning: key: message".
func (p Problem) Warning() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": warning")
	if p.Key != "" {
		fmt.Fprintf(&b, ": %s", p.Key)
	}
	fmt.Fprintf(&b, ": %s", p.Msg)
	return b.String()
}

// CheckNumbers checks every number in the file against rt: the one pass
// that keeps numbers in range, run after a loader has read the tree so
// that a key it already reported (wrong type, unknown key, a more specific
// message) is not reported twice. A number whose key has no row in rt is
// reported as a bug, so a new key cannot go unchecked.
func (d *Doc) CheckNumbers(rt RangeTable) {
	reported := make(map[string]bool, len(d.probs))
	for _, p := range d.probs {
		reported[p.Key] = true
	}
	d.checkNumbers(d.Tree, "", rt, reported)
}

func (d *Doc) checkNumbers(v any, path string, rt RangeTable, reported map[string]bool) {
	if reported[path] {
		return // this key or what encloses it is already reported
	}
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			d.checkNumbers(x[k], join(path, k), rt, reported)
		}
	case []map[string]any:
		for i, e := range x {
			d.checkNumbers(e, fmt.Sprintf("%s[%d]", path, i), rt, reported)
		}
	case []any:
		for i, e := range x {
			d.checkNumbers(e, fmt.Sprintf("%s[%d]", path, i), rt, reported)
		}
	case int64:
		d.CheckIn(rt, path, float64(x))
	case float64:
		d.CheckIn(rt, path, x)
	}
}

// gotText writes a value as given: whole numbers in full, others as Go
// would print them (1e+300, 2.5).
func gotText(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e9 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
