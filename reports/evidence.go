package reports

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/scoring"
)

// This file holds the helpers that put the catalog's evidence in front of
// the reader: how old the facts are (page 1 of every report), where each
// decisive number comes from (kind and date of its source), and where each
// exchange rate comes from. Renderers call them; none recomputes a score.

// CatalogAge measures the options an evaluation considered at now.
func CatalogAge(ev *scoring.Evaluation, now time.Time) catalog.Age {
	opts := make([]*catalog.Option, 0, len(ev.Results))
	for i := range ev.Results {
		if o := ev.Results[i].Option; o != nil {
			opts = append(opts, o)
		} else if t, err := time.Parse("2006-01-02", ev.Results[i].AsOf); err == nil {
			opts = append(opts, &catalog.Option{ID: ev.Results[i].ID, AsOf: t})
		}
	}
	return catalog.AgeOf(opts, now)
}

// ageBlocks are the catalog-age sentences for page 1: when the facts were
// checked, and one warning sentence when any is older than 12 months.
func ageBlocks(in *Input) []block {
	a := CatalogAge(in.Eval, in.Now)
	lang := in.Eval.Lang
	out := []block{{Kind: bPara, Text: a.Summary(lang)}}
	if w := a.Warning(lang); w != "" {
		out = append(out, block{Kind: bWarn, Text: w})
	}
	return out
}

// ageJSON is catalog_age in the JSON output.
type ageJSON struct {
	Oldest   string `json:"oldest"`
	Newest   string `json:"newest"`
	OldestID string `json:"oldest_id"`
	Months   int    `json:"months"`
	Stale    int    `json:"stale"`
	Options  int    `json:"options"`
	Note     string `json:"note,omitempty"`
}

func ageToJSON(a catalog.Age, lang string) ageJSON {
	j := ageJSON{OldestID: a.OldestID, Months: a.Months, Stale: a.Stale, Options: a.Options, Note: a.Warning(lang)}
	if !a.Oldest.IsZero() {
		j.Oldest, j.Newest = a.Oldest.Format("2006-01-02"), a.Newest.Format("2006-01-02")
	}
	return j
}

// evaluationJSON is the evaluation as `evaluate --format json` and report
// JSON print it: every key of scoring.Evaluation, plus catalog_age and
// fx_rates (each rate used, with its origin and source).
type evaluationJSON struct {
	*scoring.Evaluation
	CatalogAge ageJSON         `json:"catalog_age"`
	FXRates    []scoring.FXUse `json:"fx_rates"`
}

// EvaluationJSON wraps ev for JSON output at now.
func EvaluationJSON(ev *scoring.Evaluation, now time.Time) any {
	j := evaluationJSON{Evaluation: ev, CatalogAge: ageToJSON(CatalogAge(ev, now), ev.Lang), FXRates: []scoring.FXUse{}}
	if ev.Requirements != nil {
		j.FXRates = ev.Requirements.FXUsed()
	}
	return j
}

// sourceTag is the kind and date of the strongest source behind key for
// one option, "" when none is recorded.
func sourceTag(res *scoring.Result, key, lang string) string {
	if res.Option == nil {
		return ""
	}
	ss := res.Option.SourcesFor(key)
	if len(ss) == 0 {
		return ""
	}
	return ss[0].Tag(lang)
}

// priceTag is the source tag of an option's recurring price, or "price
// unknown" when no tier or term states one.
func priceTag(res *scoring.Result, lang string) string {
	if res.Option != nil && !statesPrice(res.Option) {
		return pick(lang, "価格不明", "price unknown")
	}
	for _, k := range []string{"pricing.flat_month", "pricing.per_user_month", "pricing.terms", "pricing.tiers"} {
		if t := sourceTag(res, k, lang); t != "" {
			return t
		}
	}
	return ""
}

// mustTag summarises the sources behind the must-haves an option meets:
// how many rest on each kind of source and the oldest page date, so a
// reader sees at a glance when a must-have is only a blog's claim.
func mustTag(res *scoring.Result, r *scoring.Requirements, lang string) string {
	if res.Option == nil || r == nil {
		return ""
	}
	count := map[catalog.SourceKind]int{}
	none := 0
	var oldest time.Time
	for _, k := range catalog.CapabilityKeys {
		if r.Level(k.Path()) != scoring.Must {
			continue
		}
		st := res.Option.Cap(k.Path())
		if st != catalog.Yes && st != catalog.Addon {
			continue
		}
		ss := res.Option.SourcesFor(k.Path())
		if len(ss) == 0 {
			none++
			continue
		}
		count[ss[0].Kind]++
		d := ss[0].Published
		if d.IsZero() {
			d = ss[0].Read
		}
		if oldest.IsZero() || d.Before(oldest) {
			oldest = d
		}
	}
	kinds := make([]catalog.SourceKind, 0, len(count))
	for k := range count {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool { return kinds[i] < kinds[j] })
	var parts []string
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf("%s %d", k.Label(lang), count[k]))
	}
	if none > 0 {
		parts = append(parts, pick(lang, fmt.Sprintf("出典の記載なし %d", none), fmt.Sprintf("no source named %d", none)))
	}
	if len(parts) == 0 {
		return "—"
	}
	s := strings.Join(parts, pick(lang, "・", ", "))
	if !oldest.IsZero() {
		s += pick(lang, fmt.Sprintf("（最古 %s）", oldest.Format("2006-01-02")), fmt.Sprintf(" (oldest %s)", oldest.Format("2006-01-02")))
	}
	return s
}

// evidenceBlocks is the table of where each option's decisive numbers come
// from: its price, its storage and the must-haves it meets, each with the
// kind and date of the source.
func evidenceBlocks(in *Input) []block {
	ev, lang := in.Eval, in.Eval.Lang
	t := &table{Head: []string{L(lang, "option"), pick(lang, "価格の出典", "Price source"), pick(lang, "容量の出典", "Storage source"),
		pick(lang, "必須要件の出典", "Must-haves: sources")}, Widths: []float64{1.6, 1.6, 1.6, 2.4}}
	for i := range ev.Results {
		res := &ev.Results[i]
		price := priceTag(res, lang)
		pc := txt(orDash(price))
		if res.Option != nil && strings.HasPrefix(price, catalog.SourceThirdParty.Label(lang)) {
			pc.Tone = "warn"
		}
		storage := sourceTag(res, "storage.per_user_gb", lang)
		if storage == "" {
			storage = sourceTag(res, "storage.total_gb", lang)
		}
		t.Rows = append(t.Rows, row(txt(res.Name), pc, txt(orDash(storage)), txt(mustTag(res, ev.Requirements, lang))))
	}
	return []block{
		{Kind: bHeading, Text: pick(lang, "数値の出典（種別と日付）", "Where the decisive numbers come from (kind and date)")},
		{Kind: bPara, Text: pick(lang, "第三者サイトの価格は黄色で示します。契約前に提供元の見積で確認してください。日付はページの記載日、記載がなければ確認日です。",
			"Prices from third-party pages are marked in yellow: confirm them with a quote from the vendor. The date is the one printed on the page, else the date it was read.") + answerLegend(ev, lang)},
		{Kind: bTable, Table: t},
	}
}

// answered reports whether the value of key for an option rests on a
// vendor's answer to a questionnaire (mailpick rfi import): its strongest
// source is of kind vendor_answer.
func answered(res *scoring.Result, key string) bool {
	if res.Option == nil {
		return false
	}
	ss := res.Option.SourcesFor(key)
	return len(ss) > 0 && ss[0].Kind == catalog.SourceVendorAnswer
}

// markAnswered marks a matrix cell whose value rests on a vendor's
// answer, so a reader tells a vendor's claim from a published or measured
// fact.
func markAnswered(c *cell, res *scoring.Result, key, lang string) {
	if answered(res, key) {
		c.Text += pick(lang, "（回答）", " (answered)")
	}
}

// answerLegend explains vendors' answers, appended to the matrix legend
// and the evidence note; "" when no option rests on one.
func answerLegend(ev *scoring.Evaluation, lang string) string {
	for i := range ev.Results {
		if o := ev.Results[i].Option; o != nil {
			for _, s := range o.SourceList {
				if s.Kind == catalog.SourceVendorAnswer {
					return pick(lang, "「ベンダー回答」「（回答）」は当社の質問票へのベンダーの回答（回答日つき）で、公開資料や実測ではなくベンダーの申告です。",
						" \"Vendor's answer\" and \"(answered)\" mark what a vendor stated in answer to the company's questionnaire, dated the day it answered: its claim, not a published or measured fact.")
				}
			}
		}
	}
	return ""
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// fxRows are the exchange rates used, each with where it came from.
func fxRows(ev *scoring.Evaluation, lang string) [][]cell {
	if ev.Requirements == nil {
		return nil
	}
	var out [][]cell
	for _, u := range ev.Requirements.FXUsed() {
		c := txt(u.Describe(lang))
		if u.Origin == "default" {
			c.Tone = "warn"
		}
		out = append(out, row(txt(L(lang, "fx")), txt(fmt.Sprintf("1 %s = %s %s", u.Currency, trimFloat(u.Rate), ev.Currency)), c))
	}
	return out
}

// sourceLine is one source for the sources section: URL, kind and date.
func sourceLine(s catalog.Source, lang string) string {
	return fmt.Sprintf("%s (%s)", s.Ref(), s.Tag(lang))
}

// labourBasis picks the language half of the assumptions' basis line
// ("日本語 | English").
func labourBasis(basis, lang string) string {
	ja, en, ok := strings.Cut(basis, " | ")
	if !ok {
		return basis
	}
	return pick(lang, ja, en)
}

// statesPrice reports whether any tier or term of o states its recurring
// price.
func statesPrice(o *catalog.Option) bool {
	for _, t := range o.Pricing.Tiers {
		for _, p := range t.Prices {
			if p.Known() {
				return true
			}
		}
	}
	return false
}
