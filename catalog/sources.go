package catalog

import (
	"fmt"
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

// Source is one place facts were read: its URL, kind and the date it was
// read.
type Source struct {
	URL   string     `json:"url"`
	Kind  SourceKind `json:"kind"`
	Read  time.Time  `json:"-"`
	Title string     `json:"title,omitempty"`
}

// ReadOn is the read date as YYYY-MM-DD.
func (s Source) ReadOn() string { return s.Read.Format("2006-01-02") }

// parseSources reads `sources` in either form: plain URLs ("https://…",
// kind unstated, read on the entry's as_of) or tables
// {url = "…", kind = "vendor", read = 2026-11-30, title = "…"}.
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
			doc.CheckKeys(x, ep, []string{"url", "kind", "read", "title"})
			s := Source{URL: requiredString(doc, x, ep, "url"), Read: asOf}
			if s.URL != "" {
				checkURL(doc, ep+".url", s.URL)
			}
			if k, ok := doc.Enum(x, ep, "kind", SourceKinds...); ok {
				s.Kind = SourceKind(k)
			} else if _, present := x["kind"]; !present {
				doc.Addf(ep+".kind", "missing; one of %s", tomlfile.QuoteList(SourceKinds))
			}
			if d, ok := doc.Date(x, ep, "read"); ok {
				s.Read = d
			}
			s.Title, _ = doc.String(x, ep, "title")
			out = append(out, s)
		default:
			doc.Addf(ep, "must be a URL string or a {url, kind, read} table, not %s", tomlfile.TypeName(e))
		}
	}
	return out
}
