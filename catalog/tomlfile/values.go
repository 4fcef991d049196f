package tomlfile

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Each getter returns (value, present). A value of the wrong type is recorded
// as a problem naming the expected type, and reported as absent so callers
// fall back to defaults without cascading errors.

// String reads a string.
func (d *Doc) String(t map[string]any, path, key string) (string, bool) {
	v, ok := t[key]
	if !ok {
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		d.Addf(join(path, key), "must be a string in quotes, not %s", typeName(v))
		return "", false
	}
	return s, true
}

// Float reads a number (integer or float).
func (d *Doc) Float(t map[string]any, path, key string) (float64, bool) {
	v, ok := t[key]
	if !ok {
		return 0, false
	}
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case float64:
		if math.IsNaN(n) || math.IsInf(n, 0) {
			d.Addf(join(path, key), "must be a finite number, not %v", n)
			return 0, false
		}
		return n, true
	}
	d.Addf(join(path, key), "must be a number, not %s", typeName(v))
	return 0, false
}

// Int reads an integer. A whole number too large to be exact (1e300) is
// reported absent without a problem: it is a number, and CheckNumbers
// reports it with its key's range.
func (d *Doc) Int(t map[string]any, path, key string) (int64, bool) {
	v, ok := t[key]
	if !ok {
		return 0, false
	}
	switch n := v.(type) {
	case int64:
		return n, true
	case float64:
		if n == math.Trunc(n) && math.Abs(n) < 1e15 {
			return int64(n), true
		}
		if n == math.Trunc(n) {
			return 0, false
		}
	}
	d.Addf(join(path, key), "must be a whole number, not %s", describe(v))
	return 0, false
}

// Bool reads a boolean.
func (d *Doc) Bool(t map[string]any, path, key string) (bool, bool) {
	v, ok := t[key]
	if !ok {
		return false, false
	}
	b, ok := v.(bool)
	if !ok {
		d.Addf(join(path, key), "must be true or false, not %s", describe(v))
		return false, false
	}
	return b, true
}

// Enum reads a string that must be one of allowed.
func (d *Doc) Enum(t map[string]any, path, key string, allowed ...string) (string, bool) {
	s, ok := d.String(t, path, key)
	if !ok {
		if v, present := t[key]; present {
			_ = v // type problem already recorded
		}
		return "", false
	}
	for _, a := range allowed {
		if s == a {
			return s, true
		}
	}
	d.Addf(join(path, key), "%q is not allowed; use one of %s", s, quoteList(allowed))
	return "", false
}

// Date reads a TOML date (2025-01-31) or a string in that form.
func (d *Doc) Date(t map[string]any, path, key string) (time.Time, bool) {
	v, ok := t[key]
	if !ok {
		return time.Time{}, false
	}
	switch x := v.(type) {
	case time.Time:
		// A time with no date (as_of = 07:32:00) is stored as year 0.
		if x.Location().String() != "time-local" {
			return time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC), true
		}
	case string:
		if tm, err := time.Parse("2006-01-02", x); err == nil {
			return tm, true
		}
	}
	d.Addf(join(path, key), "must be a date like 2025-01-31, not %s", describe(v))
	return time.Time{}, false
}

// Strings reads an array of strings.
func (d *Doc) Strings(t map[string]any, path, key string) ([]string, bool) {
	v, ok := t[key]
	if !ok {
		return nil, false
	}
	arr, ok := v.([]any)
	if !ok {
		d.Addf(join(path, key), "must be an array of strings like [\"a\", \"b\"], not %s", typeName(v))
		return nil, false
	}
	out := make([]string, 0, len(arr))
	for i, e := range arr {
		s, ok := e.(string)
		if !ok {
			d.Addf(fmt.Sprintf("%s[%d]", join(path, key), i), "must be a string, not %s", typeName(e))
			continue
		}
		out = append(out, s)
	}
	return out, true
}

// Tables reads an array of tables ([[name]]).
func (d *Doc) Tables(t map[string]any, path, key string) []map[string]any {
	v, ok := t[key]
	if !ok {
		return nil
	}
	switch arr := v.(type) {
	case []map[string]any:
		return arr
	case []any:
		out := make([]map[string]any, 0, len(arr))
		for i, e := range arr {
			m, ok := e.(map[string]any)
			if !ok {
				d.Addf(fmt.Sprintf("%s[%d]", join(path, key), i), "must be a table, not %s", typeName(e))
				continue
			}
			out = append(out, m)
		}
		return out
	}
	d.Addf(join(path, key), "must be an array of tables ([[%s]]), not %s", key, typeName(v))
	return nil
}

func describe(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("the string %q", x)
	case int64, float64, bool:
		return fmt.Sprintf("%s (%v)", typeName(v), x)
	}
	return typeName(v)
}

// Describe renders a value for messages.
func Describe(v any) string { return describe(v) }

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}

// QuoteList renders allowed values for messages.
func QuoteList(xs []string) string { return quoteList(xs) }
