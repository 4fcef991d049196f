// Package tagvalue edits "tag=value; tag=value" DNS records — DKIM's
// tag-list (RFC 6376 §3.2), which DMARC (RFC 9989 §4.7), MTA-STS
// (RFC 8461 §3.1) and TLS-RPT (RFC 8460 §3) records follow — without
// rebuilding them. A suggested fix changes the tag at fault and keeps every
// other byte as published: the owner's other tags, their order, spacing
// and a trailing ";".
package tagvalue

import "strings"

// Field is one ";"-separated part of a record.
type Field struct {
	// Name and Value are trimmed of spaces and tabs; Name is "" and HasEq
	// false for a part without "=".
	Name, Value string
	HasEq       bool
	// Raw is the part exactly as published, spaces included.
	Raw string
}

// Split returns the record's parts in order. A trailing ";" gives a last
// part whose Raw is blank.
func Split(record string) []Field {
	parts := strings.Split(record, ";")
	out := make([]Field, len(parts))
	for i, raw := range parts {
		f := Field{Raw: raw}
		if name, value, ok := strings.Cut(raw, "="); ok {
			f.Name, f.Value, f.HasEq = trim(name), trim(value), true
		} else {
			f.Value = trim(raw)
		}
		out[i] = f
	}
	return out
}

func trim(s string) string { return strings.Trim(s, " \t") }

// Match decides whether a field name is the one meant: DMARC tag names
// are compared case-insensitively, MTA-STS and TLS-RPT field names exactly.
type Match func(name string) bool

// Named matches name exactly.
func Named(name string) Match { return func(n string) bool { return n == name } }

// NamedFold matches name ignoring case.
func NamedFold(name string) Match { return func(n string) bool { return strings.EqualFold(n, name) } }

// Index returns the position of the first field m matches, or -1.
func Index(record string, m Match) int {
	for i, f := range Split(record) {
		if f.HasEq && m(f.Name) {
			return i
		}
	}
	return -1
}

// Set gives the first field m matches the value, keeping the spacing
// around it, or appends name=value when no field matches.
func Set(record string, m Match, name, value string) string {
	i := Index(record, m)
	if i < 0 {
		return Append(record, name+"="+value)
	}
	return SetAt(record, i, value)
}

// SetAt replaces the value of field i, keeping the spaces before and after
// it. A part without "=" becomes name-less "=value"; callers use SetAt on
// fields that have a name.
func SetAt(record string, i int, value string) string {
	parts := strings.Split(record, ";")
	if i < 0 || i >= len(parts) {
		return record
	}
	raw := parts[i]
	eq := strings.IndexByte(raw, '=')
	if eq < 0 {
		return record
	}
	after := raw[eq+1:]
	lead := after[:len(after)-len(strings.TrimLeft(after, " \t"))]
	tail := after[len(strings.TrimRight(after, " \t")):]
	if strings.Trim(after, " \t") == "" {
		tail = ""
	}
	parts[i] = raw[:eq+1] + lead + value + tail
	return strings.Join(parts, ";")
}

// ReplaceAt replaces the whole of field i with text, keeping the spaces
// that preceded it.
func ReplaceAt(record string, i int, text string) string {
	parts := strings.Split(record, ";")
	if i < 0 || i >= len(parts) {
		return record
	}
	raw := parts[i]
	lead := raw[:len(raw)-len(strings.TrimLeft(raw, " \t"))]
	tail := raw[len(strings.TrimRight(raw, " \t")):]
	if strings.Trim(raw, " \t") == "" {
		tail = ""
	}
	parts[i] = lead + text + tail
	return strings.Join(parts, ";")
}

// RemoveAt deletes field i and one separator next to it.
func RemoveAt(record string, i int) string {
	parts := strings.Split(record, ";")
	if i < 0 || i >= len(parts) || len(parts) == 1 {
		return record
	}
	if i == 0 {
		// Keep the spacing style of the record: the next part loses the
		// space it had after the separator.
		parts[1] = strings.TrimLeft(parts[1], " \t")
	}
	parts = append(parts[:i], parts[i+1:]...)
	return strings.Join(parts, ";")
}

// Remove deletes every field m matches.
func Remove(record string, m Match) string {
	for {
		i := Index(record, m)
		if i < 0 {
			return record
		}
		record = RemoveAt(record, i)
	}
}

// InsertAfter puts a field right after field i, in the record's
// separator style.
func InsertAfter(record string, i int, field string) string {
	parts := strings.Split(record, ";")
	if i < 0 || i >= len(parts)-1 {
		return Append(record, field)
	}
	space := ""
	if strings.Contains(record, "; ") {
		space = " "
	}
	parts = append(parts[:i+1], append([]string{space + field}, parts[i+1:]...)...)
	return strings.Join(parts, ";")
}

// Append adds a field at the end, in the separator style the record
// already uses ("; " or ";"), before a trailing ";" if there is one.
func Append(record, field string) string {
	body := strings.TrimRight(record, " \t")
	sep := "; "
	if inner := strings.TrimSuffix(body, ";"); strings.Contains(inner, ";") && !strings.Contains(inner, "; ") {
		sep = ";" // the record is written compactly
	}
	if strings.HasSuffix(body, ";") {
		return body + strings.TrimPrefix(sep, ";") + field + ";"
	}
	return body + sep + field
}
