package scoring

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/catalog/tomlfile"
	"github.com/mailpick/mailpick/data"
)

// FXRate is one default exchange rate into JPY with where it came from.
type FXRate struct {
	Currency  string    `json:"currency"`
	JPY       float64   `json:"jpy"`   // 1 unit of Currency in JPY
	Basis     string    `json:"basis"` // how the source states it
	Published time.Time `json:"-"`
	Read      time.Time `json:"-"`
	// The dates as YYYY-MM-DD, for JSON.
	PublishedOn string             `json:"published"`
	ReadOn      string             `json:"read"`
	Applies     string             `json:"applies,omitempty"` // the month the rate is set for, "2026-03"
	Source      string             `json:"source"`
	Kind        catalog.SourceKind `json:"kind"`
	Title       string             `json:"title,omitempty"`
}

// FXTable is the embedded default rates, by currency.
type FXTable map[string]FXRate

// DefaultFX parses the embedded data/fx.toml. It is part of the binary, so
// a problem with it is a bug, reported as an error.
func DefaultFX() (FXTable, error) {
	b, err := data.FS.ReadFile("fx.toml")
	if err != nil {
		return nil, err
	}
	return ParseFX("data/fx.toml", b)
}

// ParseFX reads a default-rate table: [[rate]] entries with currency, jpy,
// basis, published, read, applies, source, kind and title. Every rate needs
// its source and dates: a default nobody can trace is worse than none.
func ParseFX(file string, b []byte) (FXTable, error) {
	doc, err := tomlfile.Parse(file, b)
	if err != nil {
		return nil, err
	}
	doc.CheckKeys(doc.Tree, "", []string{"rate"})
	out := FXTable{}
	for i, t := range doc.Tables(doc.Tree, "", "rate") {
		p := fmt.Sprintf("rate[%d]", i)
		doc.CheckKeys(t, p, []string{"currency", "jpy", "basis", "published", "read", "applies", "source", "kind", "title"})
		r := FXRate{}
		r.Currency, _ = doc.String(t, p, "currency")
		if !currencyCode.MatchString(r.Currency) {
			doc.Addf(p+".currency", "%q is not an ISO 4217 code", r.Currency)
		}
		if _, dup := out[r.Currency]; dup {
			doc.Addf(p+".currency", "duplicate rate for %s", r.Currency)
		}
		if v, ok := doc.Float(t, p, "jpy"); ok && v > 0 {
			r.JPY = v
		} else {
			doc.Addf(p+".jpy", "missing or not positive; 1 %s in JPY as the source states it", r.Currency)
		}
		for key, into := range map[string]*string{"basis": &r.Basis, "source": &r.Source, "applies": &r.Applies, "title": &r.Title} {
			if s, ok := doc.String(t, p, key); ok {
				*into = s
			} else if key == "basis" || key == "source" {
				doc.Addf(p+"."+key, "missing; every default rate says where it came from")
			}
		}
		if d, ok := doc.Date(t, p, "published"); ok {
			r.Published, r.PublishedOn = d, d.Format("2006-01-02")
		} else {
			doc.Addf(p+".published", "missing; the date the source published the rate")
		}
		if d, ok := doc.Date(t, p, "read"); ok {
			r.Read, r.ReadOn = d, d.Format("2006-01-02")
		} else {
			doc.Addf(p+".read", "missing; the date the source was read")
		}
		if k, ok := doc.Enum(t, p, "kind", catalog.SourceKinds...); ok {
			r.Kind = catalog.SourceKind(k)
		} else {
			doc.Addf(p+".kind", "missing; one of %s", tomlfile.QuoteList(catalog.SourceKinds))
		}
		out[r.Currency] = r
	}
	if err := doc.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// Rate returns how many units of to one unit of from is worth, crossing
// through JPY: USD→EUR = (USD in JPY) / (EUR in JPY).
func (t FXTable) Rate(from, to string) (float64, bool) {
	jpy := func(c string) (float64, bool) {
		if c == "JPY" {
			return 1, true
		}
		r, ok := t[c]
		return r.JPY, ok && r.JPY > 0
	}
	a, okA := jpy(from)
	b, okB := jpy(to)
	if !okA || !okB {
		return 0, false
	}
	return a / b, true
}

// FXUse is one rate an evaluation used and where it came from.
type FXUse struct {
	Currency string  `json:"currency"`
	Rate     float64 `json:"rate"`   // 1 Currency in the evaluation's currency
	Origin   string  `json:"origin"` // "requirements" or "default"
	// For a default: the source of each rate it was built from (one for
	// a rate into JPY, two for a cross rate).
	Sources []FXRate `json:"sources,omitempty"`
}

// UseDefaultFX fills the rate for cur from the default table when the
// requirements give none. It reports whether a rate is now available and,
// when a default was taken, the use to show.
func (r *Requirements) UseDefaultFX(t FXTable, cur string) (FXUse, bool) {
	if cur == "" || cur == r.Currency {
		return FXUse{}, true
	}
	if v, ok := r.FX[cur]; ok {
		if u, ok := r.FXOrigin[cur]; ok {
			return u, true
		}
		return FXUse{Currency: cur, Rate: v, Origin: "requirements"}, true
	}
	rate, ok := t.Rate(cur, r.Currency)
	if !ok {
		return FXUse{}, false
	}
	u := FXUse{Currency: cur, Rate: rate, Origin: "default"}
	for _, c := range []string{cur, r.Currency} {
		if s, ok := t[c]; ok {
			u.Sources = append(u.Sources, s)
		}
	}
	r.FX[cur] = rate
	if r.FXOrigin == nil {
		r.FXOrigin = map[string]FXUse{}
	}
	r.FXOrigin[cur] = u
	return u, true
}

// FXUsed lists every rate in the requirements' FX table with its origin,
// sorted by currency: what reports show under "exchange rates".
func (r *Requirements) FXUsed() []FXUse {
	keys := make([]string, 0, len(r.FX))
	for k := range r.FX {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]FXUse, 0, len(keys))
	for _, k := range keys {
		if u, ok := r.FXOrigin[k]; ok {
			out = append(out, u)
			continue
		}
		out = append(out, FXUse{Currency: k, Rate: r.FX[k], Origin: "requirements"})
	}
	return out
}

// Describe says where a rate came from, for a report's assumptions table
// and the note on stderr.
func (u FXUse) Describe(lang string) string {
	if u.Origin != "default" {
		return tr(lang, "requirements [fx]", "要件ファイルの[fx]")
	}
	var titles, bases []string
	var published time.Time
	kind := catalog.SourceVendor
	for _, s := range u.Sources {
		if len(titles) == 0 || titles[len(titles)-1] != s.Title {
			titles = append(titles, s.Title)
		}
		bases = append(bases, s.Basis)
		if s.Published.After(published) {
			published = s.Published
		}
		if s.Kind == catalog.SourceThirdParty {
			kind = s.Kind
		}
	}
	return tr(lang, "default: %s (%s), published %s (%s)", "既定値: %s（%s）、%s公表（%s）",
		strings.Join(titles, "; "), strings.Join(bases, "; "), published.Format("2006-01-02"), kind.Label(lang))
}
