// Package profile judges a probed domain against a sender-requirement
// profile: a named, sourced, dated list of what a mailbox provider or a
// government asks of senders, each requirement mapped to the probe checks
// that measure it (ids from probe.Registry). Profiles are data
// (data/profiles/*.toml, embedded), so a new profile is a new file.
package profile

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/mailpick/mailpick/catalog/tomlfile"
	"github.com/mailpick/mailpick/data"
	"github.com/mailpick/mailpick/probe"
)

// Profile is one sender's requirements, as its publisher states them.
type Profile struct {
	ID        string
	Title     string
	TitleJA   string
	Publisher string
	// PublisherJA is the publisher's Japanese name, when it has one (a
	// Japanese ministry); company names are written as they are.
	PublisherJA string
	// Source is the page the requirements are taken from; AsOf the date of
	// the text used (publication, or the dated copy that was read).
	Source string
	AsOf   string
	// Effective is when the publisher began to enforce them.
	Effective string
	// Scope says whom the profile applies to (e.g. senders of 5,000 or
	// more messages a day to personal Gmail accounts).
	Scope, ScopeJA string
	// Note carries what the reader must know besides the requirements
	// (enforcement, what was left out and why).
	Note, NoteJA string
	Requirements []Requirement
	File         string
}

// Requirement is one thing the publisher asks, mapped to the checks that
// measure it. With neither All nor Any it is not measurable from DNS and
// TLS, and Measure says what to check and where.
type Requirement struct {
	ID           string
	Text, TextJA string
	Source       string // a more precise page or section than the profile's
	Secondary    string // the secondary source the text rests on, if any
	All          []string
	Any          [][]string
	WarnMeets    []string // checks whose warn still meets the requirement
	Details      []DetailRule
	Measure      string // what to check and where when not measurable
	MeasureJA    string
	Fix, FixJA   string // the fix when no check carries one
}

// DetailRule asks more of a check than pass: a value in its details (e.g.
// dmarc.policy's applied policy must be reject).
type DetailRule struct {
	Check string
	Key   string
	In    []string
	Fix   string
	FixJA string
}

// Measurable reports whether any check measures r.
func (r Requirement) Measurable() bool { return len(r.All) > 0 || len(r.Any) > 0 || len(r.Details) > 0 }

// Checks lists every check id r rests on, in order, once.
func (r Requirement) Checks() []string {
	var out []string
	seen := map[string]bool{}
	add := func(ids ...string) {
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	add(r.All...)
	for _, g := range r.Any {
		add(g...)
	}
	for _, d := range r.Details {
		add(d.Check)
	}
	if out == nil {
		out = []string{}
	}
	return out
}

// Localized picks the Japanese text when lang is "ja" and one is given.
func pick(lang, en, ja string) string {
	if lang == "ja" && ja != "" {
		return ja
	}
	return en
}

// TitleIn returns the profile's title in lang.
func (p *Profile) TitleIn(lang string) string { return pick(lang, p.Title, p.TitleJA) }

// PublisherIn returns the publisher's name in lang.
func (p *Profile) PublisherIn(lang string) string { return pick(lang, p.Publisher, p.PublisherJA) }

// ScopeIn returns the profile's scope in lang.
func (p *Profile) ScopeIn(lang string) string { return pick(lang, p.Scope, p.ScopeJA) }

// NoteIn returns the profile's note in lang.
func (p *Profile) NoteIn(lang string) string { return pick(lang, p.Note, p.NoteJA) }

var idRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ErrUnknown is returned by Select for an id no profile has.
var ErrUnknown = errors.New("unknown profile")

// Embedded loads the profiles shipped with mailpick, sorted by id.
func Embedded() ([]*Profile, error) { return LoadFS(data.Profiles, "profiles") }

// LoadFS loads every *.toml in dir of fsys. Every problem of every file is
// reported at once (tomlfile.Problems), each with file, line and key.
func LoadFS(fsys fs.FS, dir string) ([]*Profile, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.toml"))
	if err != nil {
		return nil, err
	}
	var out []*Profile
	var probs tomlfile.Problems
	seen := map[string]string{}
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		p, err := Parse(n, b)
		if err != nil {
			var ps tomlfile.Problems
			if errors.As(err, &ps) {
				probs = append(probs, ps...)
				continue
			}
			return nil, err
		}
		if prev, dup := seen[p.ID]; dup {
			probs = append(probs, tomlfile.Problem{File: n, Key: "id", Msg: fmt.Sprintf("%q is also the id of %s; ids must be unique", p.ID, prev)})
			continue
		}
		seen[p.ID] = n
		out = append(out, p)
	}
	if len(probs) > 0 {
		return nil, probs.Sorted()
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

var (
	profileKeys     = []string{"id", "title", "title_ja", "publisher", "publisher_ja", "source", "as_of", "effective", "scope", "scope_ja", "note", "note_ja", "requirement"}
	requirementKeys = []string{"id", "text", "text_ja", "source", "secondary", "all", "any", "warn_meets", "detail", "measure", "measure_ja", "fix", "fix_ja"}
	detailKeys      = []string{"check", "key", "in", "fix", "fix_ja"}
)

// Parse reads one profile file.
// It is long because it reads the file key by key, one block per key, so
// every problem is reported at once with its file, line and key.
func Parse(file string, b []byte) (*Profile, error) {
	doc, err := tomlfile.Parse(file, b)
	if err != nil {
		return nil, err
	}
	t := doc.Tree
	doc.CheckKeys(t, "", profileKeys)
	p := &Profile{File: file}
	str := func(t map[string]any, path, key string, required bool) string {
		s, ok := doc.String(t, path, key)
		if !ok && required {
			if _, present := t[key]; !present {
				doc.Addf(tomlfile.Join(path, key), "missing; every profile and requirement states it")
			}
		}
		return strings.TrimSpace(s)
	}
	p.ID = str(t, "", "id", true)
	if p.ID != "" && !idRE.MatchString(p.ID) {
		doc.Addf("id", "%q: use lowercase letters, digits and single hyphens, e.g. gmail-bulk", p.ID)
	}
	p.Title, p.TitleJA = str(t, "", "title", true), str(t, "", "title_ja", true)
	p.Publisher, p.PublisherJA = str(t, "", "publisher", true), str(t, "", "publisher_ja", false)
	p.Source = str(t, "", "source", true)
	if p.Source != "" && !strings.HasPrefix(p.Source, "https://") {
		doc.Addf("source", "%q: the publisher's page, an https:// address", p.Source)
	}
	p.AsOf = dateStr(doc, t, "", "as_of", true)
	p.Effective = dateStr(doc, t, "", "effective", false)
	p.Scope, p.ScopeJA = str(t, "", "scope", true), str(t, "", "scope_ja", true)
	p.Note, p.NoteJA = str(t, "", "note", false), str(t, "", "note_ja", false)

	reqs := doc.Tables(t, "", "requirement")
	if len(reqs) == 0 {
		if _, ok := t["requirement"]; !ok {
			doc.Addf("requirement", "missing: a profile lists its requirements as [[requirement]] tables")
		}
	}
	ids := map[string]bool{}
	for i, rt := range reqs {
		rp := fmt.Sprintf("requirement[%d]", i)
		doc.CheckKeys(rt, rp, requirementKeys)
		r := Requirement{}
		r.ID = str(rt, rp, "id", true)
		if r.ID != "" {
			if !idRE.MatchString(r.ID) {
				doc.Addf(rp+".id", "%q: use lowercase letters, digits and single hyphens", r.ID)
			}
			if ids[r.ID] {
				doc.Addf(rp+".id", "%q is used twice in this profile", r.ID)
			}
			ids[r.ID] = true
		}
		r.Text, r.TextJA = str(rt, rp, "text", true), str(rt, rp, "text_ja", true)
		r.Source, r.Secondary = str(rt, rp, "source", false), str(rt, rp, "secondary", false)
		r.Measure, r.MeasureJA = str(rt, rp, "measure", false), str(rt, rp, "measure_ja", false)
		r.Fix, r.FixJA = str(rt, rp, "fix", false), str(rt, rp, "fix_ja", false)
		if all, ok := doc.Strings(rt, rp, "all"); ok {
			r.All = checkIDs(doc, rp+".all", all)
		}
		r.Any = anyGroups(doc, rt, rp)
		if wm, ok := doc.Strings(rt, rp, "warn_meets"); ok {
			r.WarnMeets = checkIDs(doc, rp+".warn_meets", wm)
			for _, id := range r.WarnMeets {
				if !containsCheck(r, id) {
					doc.Addf(rp+".warn_meets", "%q is not among this requirement's checks", id)
				}
			}
		}
		for j, dt := range doc.Tables(rt, rp, "detail") {
			dp := fmt.Sprintf("%s.detail[%d]", rp, j)
			doc.CheckKeys(dt, dp, detailKeys)
			d := DetailRule{Check: str(dt, dp, "check", true), Key: str(dt, dp, "key", true), Fix: str(dt, dp, "fix", true), FixJA: str(dt, dp, "fix_ja", true)}
			if d.Check != "" {
				checkIDs(doc, dp+".check", []string{d.Check})
			}
			d.In, _ = doc.Strings(dt, dp, "in")
			if len(d.In) == 0 {
				doc.Addf(dp+".in", "missing: the detail values that meet the requirement, e.g. in = [\"reject\"]")
			}
			r.Details = append(r.Details, d)
		}
		if !r.Measurable() && (r.Measure == "" || r.MeasureJA == "") {
			doc.Addf(rp+".measure", "missing: a requirement no check measures says what to check and where (measure and measure_ja)")
		}
		if r.Measurable() && (r.Fix == "") != (r.FixJA == "") {
			doc.Addf(rp+".fix", "give fix and fix_ja together")
		}
		p.Requirements = append(p.Requirements, r)
	}
	if err := doc.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

func containsCheck(r Requirement, id string) bool {
	for _, c := range r.Checks() {
		if c == id {
			return true
		}
	}
	return false
}

// checkIDs keeps the ids probe.Registry knows and records the others: the
// registry is the single source of check ids.
func checkIDs(doc *tomlfile.Doc, path string, ids []string) []string {
	var out []string
	for _, id := range ids {
		if _, ok := probe.LookupCheck(id); !ok {
			var known []string
			for _, c := range probe.Registry {
				known = append(known, c.ID)
			}
			hint := ""
			if s := closestID(id, known); s != "" {
				hint = fmt.Sprintf("; did you mean %q?", s)
			}
			doc.Addf(path, "%q is not a probe check id%s (see mailpick probe --help)", id, hint)
			continue
		}
		out = append(out, id)
	}
	return out
}

func closestID(id string, known []string) string {
	prefix, _, _ := strings.Cut(id, ".")
	for _, k := range known {
		if strings.HasPrefix(k, prefix+".") && (strings.Contains(k, id) || strings.Contains(id, k)) {
			return k
		}
	}
	for _, k := range known {
		if strings.HasPrefix(k, prefix+".") {
			return k
		}
	}
	return ""
}

func anyGroups(doc *tomlfile.Doc, t map[string]any, path string) [][]string {
	v, ok := t["any"]
	if !ok {
		return nil
	}
	p := path + ".any"
	arr, ok := v.([]any)
	if !ok || len(arr) < 2 {
		doc.Addf(p, "must list two or more alternatives, each an array of check ids, e.g. any = [[\"spf.record\"], [\"dkim.keys\"]]")
		return nil
	}
	var out [][]string
	for i, e := range arr {
		g, ok := e.([]any)
		if !ok || len(g) == 0 {
			doc.Addf(fmt.Sprintf("%s[%d]", p, i), "must be a non-empty array of check ids")
			continue
		}
		var ids []string
		for _, x := range g {
			s, ok := x.(string)
			if !ok {
				doc.Addf(fmt.Sprintf("%s[%d]", p, i), "must hold strings, not %s", tomlfile.TypeName(x))
				continue
			}
			ids = append(ids, s)
		}
		out = append(out, checkIDs(doc, fmt.Sprintf("%s[%d]", p, i), ids))
	}
	return out
}

func dateStr(doc *tomlfile.Doc, t map[string]any, path, key string, required bool) string {
	v, ok := t[key]
	if !ok {
		if required {
			doc.Addf(tomlfile.Join(path, key), "missing: the date of the source's text, e.g. %s = 2024-02-01", key)
		}
		return ""
	}
	switch x := v.(type) {
	case time.Time:
		return x.Format("2006-01-02")
	case string:
		if tm, err := time.Parse("2006-01-02", x); err == nil {
			return tm.Format("2006-01-02")
		}
	}
	doc.Addf(tomlfile.Join(path, key), "must be a date like 2024-02-01, not %s", tomlfile.Describe(v))
	return ""
}

// Select returns the profiles named in ids ("all" for every one), in the
// order given. An unknown id is an ErrUnknown naming the known ones.
func Select(all []*Profile, ids []string) ([]*Profile, error) {
	byID := map[string]*Profile{}
	var known []string
	for _, p := range all {
		byID[p.ID] = p
		known = append(known, p.ID)
	}
	var out []*Profile
	seen := map[string]bool{}
	for _, id := range ids {
		id = strings.ToLower(strings.TrimSpace(id))
		if id == "" {
			continue
		}
		if id == "all" {
			for _, p := range all {
				if !seen[p.ID] {
					seen[p.ID] = true
					out = append(out, p)
				}
			}
			continue
		}
		p, ok := byID[id]
		if !ok {
			hint := ""
			for _, k := range known {
				if strings.HasPrefix(k, id) || strings.HasPrefix(id, k) {
					hint = fmt.Sprintf("; did you mean %q?", k)
					break
				}
			}
			return nil, fmt.Errorf("%w %q%s (known: %s, or all; list them with mailpick probe profiles)", ErrUnknown, id, hint, strings.Join(known, ", "))
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, p)
		}
	}
	return out, nil
}
