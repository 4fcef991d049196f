package msg

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Money is an amount in a currency; it words itself as FormatMoney does.
// AtLeast marks a lower bound: a total that leaves out a cost no source
// states (a TCO without its initial fee) is worded "≥ 5,744,813 JPY" in
// every language, so no sentence that argues with the figure can drop the
// mark the tables show.
type Money struct {
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency"`
	AtLeast  bool    `json:"at_least,omitempty"`
}

// Word implements Worder.
func (m Money) Word(string) string {
	if m.AtLeast {
		return AtLeastMark + FormatMoney(m.Amount, m.Currency)
	}
	return FormatMoney(m.Amount, m.Currency)
}

// Figure is the amount without the currency code, for a column or a chart
// whose heading names the currency: "≥ 5,744,813".
func (m Money) Figure() string {
	s := FormatMoney(m.Amount, m.Currency)
	s = strings.TrimSuffix(s, " "+m.Currency)
	if m.AtLeast {
		return AtLeastMark + s
	}
	return s
}

// AtLeastMark is what precedes a lower bound ("≥ 609,514"); the PDF's
// fonts draw it as ≧.
const AtLeastMark = "≥ "

// FormatMoney formats an amount with thousands separators and the currency
// code: whole units for JPY and for amounts of 1,000 or more, cents below.
func FormatMoney(v float64, currency string) string {
	neg := v < 0
	v = math.Abs(v)
	var s string
	if currency == "JPY" || v >= 1000 {
		s = strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	} else {
		s = strconv.FormatFloat(v, 'f', 2, 64)
	}
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	out := b.String() + " " + currency
	if neg {
		out = "-" + out
	}
	return out
}

// Req is a requirement, capability, budget or price key
// ("security.retention", "budget.monthly_max", "addons.archiving"); it
// words itself as the key's label.
type Req string

// Word implements Worder.
func (r Req) Word(lang string) string { return ReqLabel(lang, string(r)) }

// Reqs is a list of keys, worded as their labels in a list.
type Reqs []string

// Word implements Worder.
func (r Reqs) Word(lang string) string {
	out := make([]string, len(r))
	for i, k := range r {
		out[i] = ReqLabel(lang, k)
	}
	return Join(lang, out)
}

// ReqLabel names a requirement key for people from the table's req.*
// entries: the capabilities' labels, which package catalog registers from
// its vocabulary (catalog.CapabilityKeys), and the other keys of words.go;
// an add-on price by its capability.
func ReqLabel(lang, key string) string {
	if e, ok := table["req."+key]; ok {
		return e.In(lang)
	}
	if c, ok := strings.CutPrefix(key, "addons."); ok {
		return T(lang, "req.addon", "cap", Req(c))
	}
	return key
}

// Option is an option of the catalog: its id for programs, its name for
// people.
type Option struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Word implements Worder.
func (o Option) Word(string) string {
	if o.Name == "" {
		return o.ID
	}
	return o.Name
}

// Options is a list of options, worded as their names in a list.
type Options []Option

// Word implements Worder.
func (os Options) Word(lang string) string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = o.Word(lang)
	}
	return Join(lang, out)
}

// Label is an id with its names in both languages, taken from the
// descriptor that owns them (a criterion). JSON carries the id only.
type Label struct {
	ID     string
	EN, JA string
}

// Word implements Worder.
func (l Label) Word(lang string) string {
	if s := (Entry{EN: l.EN, JA: l.JA}).In(lang); s != "" {
		return s
	}
	return l.ID
}

// MarshalJSON writes the id.
func (l Label) MarshalJSON() ([]byte, error) { return json.Marshal(l.ID) }

// Level is a requirement level ("must", "want", "no") inside a sentence:
// "required", "wanted", "not needed".
type Level string

// Word implements Worder.
func (l Level) Word(lang string) string { return wordOf(lang, "level.phrase.", string(l)) }

// Expertise is a level of mail-server knowledge ("none", "basic",
// "expert"), worded for people.
type Expertise string

// Word implements Worder.
func (e Expertise) Word(lang string) string { return wordOf(lang, "expertise.", string(e)) }

// State is how an option meets a requirement: a catalog state (yes, no,
// addon, unknown) or a value such as "30 GB".
type State string

// Word implements Worder.
func (s State) Word(lang string) string { return wordOf(lang, "state.", string(s)) }

// Basis is where a figure came from, parts joined by "+"
// ("assumption+requirements").
type Basis string

// Word implements Worder.
func (b Basis) Word(lang string) string {
	if b == "" {
		return "—"
	}
	// A line summed from two figures of the same basis ("assumption +
	// assumption") names that basis once.
	var parts []string
	for _, p := range strings.Split(string(b), "+") {
		if w := wordOf(lang, "basis.", p); !slices.Contains(parts, w) {
			parts = append(parts, w)
		}
	}
	return strings.Join(parts, " + ")
}

// Pct is a share 0–1 worded as a percentage with one decimal.
type Pct float64

// Word implements Worder.
func (p Pct) Word(string) string { return strconv.FormatFloat(100*float64(p), 'f', 1, 64) + "%" }

// wordOf renders prefix+v from the table, or v itself when the table has no
// such entry (a value such as "30 GB" is already a word).
func wordOf(lang, prefix, v string) string {
	if e, ok := table[prefix+v]; ok {
		return e.In(lang)
	}
	return v
}
