package catalog

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mailpick/mailpick/catalog/tomlfile"
)

// SourceKind grades where a fact comes from, so a reader can weigh it: a
// price from the vendor's own page is not a price from a blog.
type SourceKind string

const (
	SourceVendor       SourceKind = "vendor"        // the vendor's own page or document
	SourceThirdParty   SourceKind = "third_party"   // a blog, reseller, comparison site or transcription
	SourceVendorAnswer SourceKind = "vendor_answer" // the vendor's answer to a questionnaire
	SourceUser         SourceKind = "user"          // the user's own entry (e.g. a quote)
	SourceUnstated     SourceKind = "unstated"      // a plain URL whose kind the catalog does not say
)

// SourceKinds lists the kinds a catalog may state.
var SourceKinds = []string{string(SourceVendor), string(SourceThirdParty), string(SourceVendorAnswer), string(SourceUser)}

// Label names the kind for people, in lang.
func (k SourceKind) Label(lang string) string {
	l, ok := sourceKindLabels[k]
	if !ok {
		l = sourceKindLabels[SourceUnstated]
	}
	if lang == "ja" {
		return l[0]
	}
	return l[1]
}

var sourceKindLabels = map[SourceKind][2]string{
	SourceVendor:       {"ベンダー公式", "vendor"},
	SourceThirdParty:   {"第三者サイト", "third party"},
	SourceVendorAnswer: {"ベンダー回答", "vendor's answer"},
	SourceUser:         {"利用者の入力", "user's entry"},
	SourceUnstated:     {"種別不明", "kind not stated"},
}

// weight orders kinds from strongest to weakest evidence: a vendor's
// written answer to the company outranks its public page, which outranks
// the company's own entry and any third-party page.
func (k SourceKind) weight() int {
	switch k {
	case SourceVendorAnswer:
		return 4
	case SourceVendor:
		return 3
	case SourceUser:
		return 2
	case SourceThirdParty:
		return 1
	}
	return 0
}

// Source is one place facts were read: its URL (or, for a document that
// is not on the web, such as a vendor's answered questionnaire, its file
// name), kind, the date it was read and, when the page shows one, the date
// printed on it. Keys names the catalog keys it backs ("pricing",
// "storage.per_user_gb"); a key names itself and every key under it.
type Source struct {
	URL       string     `json:"url"`
	File      string     `json:"file,omitempty"`
	Kind      SourceKind `json:"kind"`
	Read      time.Time  `json:"-"`
	Published time.Time  `json:"-"` // zero: the page shows no date
	Title     string     `json:"title,omitempty"`
	Keys      []string   `json:"keys,omitempty"`
}

// Ref is where the source can be found: its URL, else its file name.
func (s Source) Ref() string {
	if s.URL != "" {
		return s.URL
	}
	return s.File
}

// ReadOn is the read date as YYYY-MM-DD.
func (s Source) ReadOn() string { return s.Read.Format("2006-01-02") }

// PublishedOn is the page's own date as YYYY-MM-DD, or "" when it shows none.
func (s Source) PublishedOn() string {
	if s.Published.IsZero() {
		return ""
	}
	return s.Published.Format("2006-01-02")
}

// Tag is the source's kind and date in a few words, for the column beside
// a decisive number: "third party, page of 2023-05-03" or "vendor, read
// 2026-11-30". The page's own date is preferred because it says how old the
// fact is; the read date says only when someone last looked.
//
// A vendor's answer is dated by the day it was given: "vendor's answer,
// answered 2026-12-01".
func (s Source) Tag(lang string) string {
	if s.Kind == SourceVendorAnswer && s.PublishedOn() == "" {
		if lang == "ja" {
			return fmt.Sprintf("%s（%s回答）", s.Kind.Label(lang), s.ReadOn())
		}
		return fmt.Sprintf("%s, answered %s", s.Kind.Label(lang), s.ReadOn())
	}
	if p := s.PublishedOn(); p != "" {
		if lang == "ja" {
			return fmt.Sprintf("%s（%s付）", s.Kind.Label(lang), p)
		}
		return fmt.Sprintf("%s, page of %s", s.Kind.Label(lang), p)
	}
	if lang == "ja" {
		return fmt.Sprintf("%s（%s確認）", s.Kind.Label(lang), s.ReadOn())
	}
	return fmt.Sprintf("%s, read %s", s.Kind.Label(lang), s.ReadOn())
}

var sourceKeys = []string{"url", "file", "kind", "read", "published", "title", "keys"}

// parseSources reads `sources` in either form: plain URLs ("https://…",
// kind unstated, read on the entry's as_of) or tables
// {url = "…", kind = "vendor", read = 2026-11-30, published = 2026-10-03,
// title = "…", keys = ["pricing"]}. A table names a document that is not on
// the web by file instead of url: {file = "rfi-answers.xlsx", kind =
// "vendor_answer", read = 2026-12-01, keys = [...]}.
func parseSources(doc *tomlfile.Doc, t map[string]any, path string, asOf time.Time) []Source {
	v, ok := t["sources"]
	if !ok {
		return nil
	}
	arr, ok := v.([]any)
	if !ok {
		if tabs, isTabs := v.([]map[string]any); isTabs {
			for _, m := range tabs {
				arr = append(arr, m)
			}
		} else {
			doc.Addf(path+".sources", "must be an array of URLs or {url, kind, read} tables, not %s", tomlfile.TypeName(v))
			return nil
		}
	}
	out := make([]Source, 0, len(arr))
	for i, e := range arr {
		ep := fmt.Sprintf("%s.sources[%d]", path, i)
		switch x := e.(type) {
		case string:
			checkURL(doc, ep, x)
			out = append(out, Source{URL: x, Kind: SourceUnstated, Read: asOf})
		case map[string]any:
			doc.CheckKeys(x, ep, sourceKeys)
			s := Source{Read: asOf}
			if _, hasFile := x["file"]; hasFile {
				s.File = requiredString(doc, x, ep, "file")
				if strings.ContainsAny(s.File, "/\\") {
					doc.Addf(ep+".file", "%q: give the document's file name only, without a directory", s.File)
				}
				if u, ok := doc.String(x, ep, "url"); ok {
					s.URL = u
					checkURL(doc, ep+".url", u)
				}
			} else {
				s.URL = requiredString(doc, x, ep, "url")
				if s.URL != "" {
					checkURL(doc, ep+".url", s.URL)
				}
			}
			if k, ok := doc.Enum(x, ep, "kind", SourceKinds...); ok {
				s.Kind = SourceKind(k)
			} else if _, present := x["kind"]; !present {
				doc.Addf(ep+".kind", "missing; one of %s", tomlfile.QuoteList(SourceKinds))
			}
			if d, ok := doc.Date(x, ep, "read"); ok {
				s.Read = d
				checkAsOf(doc, ep+".read", d)
			}
			if d, ok := doc.Date(x, ep, "published"); ok {
				s.Published = d
				if !s.Read.IsZero() && d.After(s.Read) {
					doc.Addf(ep+".published", "%s is after the read date %s; published is the date printed on the page", d.Format("2006-01-02"), s.ReadOn())
				}
			}
			s.Title, _ = doc.String(x, ep, "title")
			if ks, ok := doc.Strings(x, ep, "keys"); ok {
				for j, k := range ks {
					if !knownKeyPrefix(k) {
						doc.Addf(fmt.Sprintf("%s.keys[%d]", ep, j), "%q is not a catalog key or table (e.g. \"pricing\", \"storage.per_user_gb\", \"security.spam_filter\")", k)
					}
				}
				s.Keys = ks
			}
			out = append(out, s)
		default:
			doc.Addf(ep, "must be a URL string or a {url, kind, read} table, not %s", tomlfile.TypeName(e))
		}
	}
	return out
}

// covers reports whether a source's key list backs key: "pricing" backs
// "pricing.per_user_month", "security" backs "security.spam_filter".
func (s Source) covers(key string) bool {
	for _, k := range s.Keys {
		if k == key || strings.HasPrefix(key, k+".") {
			return true
		}
	}
	return false
}

// sourceRef finds "source 3", "sources 1 and 4", "sources 1, 2", "sources
// 1–3" in an evidence line: the catalog's older way of saying which source
// backs a value.
var sourceRef = regexp.MustCompile(`(?i)\bsources?\s+(\d{1,2}\b(?:\s*(?:,|and|&|–|-|to)\s*\d{1,2}\b)*)`)
var sourceNum = regexp.MustCompile(`\d+|–|-|to`)

// SourcesFor answers "which sources back key K". Sources that name the key
// (or a table above it) in `keys` come first; failing those, the sources
// an [option.evidence] line for the key cites by number ("source 2");
// failing those, the only source of an option that has one.
// The result is ordered strongest first (see SourceKind), then newest.
func (o *Option) SourcesFor(key string) []Source {
	var out []Source
	for _, s := range o.SourceList {
		if s.covers(key) {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		for _, n := range evidenceRefs(o.Evidence[key]) {
			if n >= 1 && n <= len(o.SourceList) {
				out = append(out, o.SourceList[n-1])
			}
		}
	}
	// An option with one source read everything from it.
	if len(out) == 0 && len(o.SourceList) == 1 && len(o.SourceList[0].Keys) == 0 {
		out = append(out, o.SourceList[0])
	}
	sort.SliceStable(out, func(i, j int) bool {
		if wi, wj := out[i].Kind.weight(), out[j].Kind.weight(); wi != wj {
			return wi > wj
		}
		return factDate(out[i]).After(factDate(out[j]))
	})
	return out
}

// factDate is the date that says how old a source's fact is.
func factDate(s Source) time.Time {
	if !s.Published.IsZero() {
		return s.Published
	}
	return s.Read
}

// evidenceRefs lists the source numbers an evidence line cites, in order,
// without duplicates; "sources 1–3" is 1, 2, 3.
func evidenceRefs(ev string) []int {
	var out []int
	seen := map[int]bool{}
	add := func(n int) {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, m := range sourceRef.FindAllStringSubmatch(ev, -1) {
		toks := sourceNum.FindAllString(m[1], -1)
		for i := 0; i < len(toks); i++ {
			n, err := strconv.Atoi(toks[i])
			if err != nil {
				continue
			}
			if i+2 < len(toks) && (toks[i+1] == "–" || toks[i+1] == "-" || toks[i+1] == "to") {
				if hi, err := strconv.Atoi(toks[i+2]); err == nil && hi >= n && hi-n < 50 {
					for k := n; k <= hi; k++ {
						add(k)
					}
					i += 2
					continue
				}
			}
			add(n)
		}
	}
	return out
}
