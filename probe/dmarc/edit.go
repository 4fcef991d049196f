package dmarc

import (
	"errors"
	"strings"

	"github.com/mailpick/mailpick/probe/tagvalue"
)

// tag matches a DMARC tag name; tag names are compared without case.
func tag(name string) tagvalue.Match { return tagvalue.NamedFold(name) }

// SetTag returns the record with tag set to value (appended when absent),
// every other tag kept as published.
func SetTag(raw, name, value string) string {
	if strings.EqualFold(name, "p") && !HasTag(raw, "p") {
		// p goes right after v, where RFC 7489 receivers expect it.
		return tagvalue.InsertAfter(raw, 0, "p="+value)
	}
	return tagvalue.Set(raw, tag(name), name, value)
}

// HasTag reports whether the record has a tag called name.
func HasTag(raw, name string) bool { return tagvalue.Index(raw, tag(name)) >= 0 }

// RemoveTag returns the record without tag name.
func RemoveTag(raw, name string) string { return tagvalue.Remove(raw, tag(name)) }

// guessPolicy reads a misspelt policy value the way its author meant it,
// by its first letter; "" if it cannot tell.
func guessPolicy(v string) string {
	switch strings.ToLower(strings.TrimSpace(v) + " ")[0] {
	case 'r':
		return "reject"
	case 'q':
		return "quarantine"
	case 'n':
		return "none"
	}
	return ""
}

// Repair returns raw with each problem receivers would discard or choke
// on corrected in place — the part at fault rewritten or removed, nothing
// else touched — so that Parse accepts it with no warn finding. Info
// findings (unknown and removed tags) are left alone: they are the
// owner's to keep. A record that is not DMARC at all is returned as is.
func Repair(raw string) string {
	if !IsDMARC(raw) {
		return raw
	}
	out := raw
	// Later duplicates of a tag, and a second "v", make the record
	// unusable: drop them, keeping the first occurrence.
	for {
		seen := map[string]bool{}
		drop := -1
		for i, f := range tagvalue.Split(out) {
			if !f.HasEq {
				continue
			}
			n := strings.ToLower(f.Name)
			if seen[n] || (i > 0 && n == "v") {
				drop = i
				break
			}
			seen[n] = true
		}
		if drop < 0 {
			break
		}
		out = tagvalue.RemoveAt(out, drop)
	}
	// Invalid p, sp and np: read them as meant, or fall back.
	for _, name := range []string{"p", "sp", "np"} {
		i := tagvalue.Index(out, tag(name))
		if i < 0 {
			continue
		}
		v := strings.ToLower(tagvalue.Split(out)[i].Value)
		if policies[v] {
			continue
		}
		switch g := guessPolicy(v); {
		case g != "":
			out = tagvalue.SetAt(out, i, g)
		case name == "p":
			out = tagvalue.SetAt(out, i, "none")
		default:
			out = tagvalue.RemoveAt(out, i)
		}
	}
	if tagvalue.Index(out, tag("p")) < 0 {
		if _, err := Parse(out); errors.Is(err, ErrUnusable) {
			out = tagvalue.InsertAfter(out, 0, "p=none")
		}
	}
	// Whatever else receivers discard: drop that part. Work from the end
	// so the earlier indexes stay valid.
	rec, err := Parse(out)
	if err != nil {
		return out
	}
	var drop []int
	for _, f := range rec.Findings {
		if f.Severity == SevWarn && f.Index > 0 {
			drop = append(drop, f.Index)
		}
	}
	for i := len(drop) - 1; i >= 0; i-- {
		if i < len(drop)-1 && drop[i] == drop[i+1] {
			continue
		}
		out = repairPart(out, drop[i])
	}
	return out
}

// repairPart fixes one discarded part: a rua/ruf list loses only its bad
// URIs; anything else is removed.
func repairPart(raw string, i int) string {
	f := tagvalue.Split(raw)[i]
	name := strings.ToLower(f.Name)
	if f.HasEq && (name == "rua" || name == "ruf") {
		uris, _ := parseURIs(f.Value)
		var keep []string
		for _, u := range uris {
			keep = append(keep, u.Raw)
		}
		if len(keep) > 0 {
			return tagvalue.SetAt(raw, i, strings.Join(keep, ","))
		}
	}
	return tagvalue.RemoveAt(raw, i)
}
