package scoring

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/mailpick/mailpick/catalog"
)

// Explanation answers "why did this option get this rank, and what would
// make it win" for one option (mailpick evaluate --explain ID).
type Explanation struct {
	ID             string                 `json:"id"`
	Name           string                 `json:"name"`
	Kind           string                 `json:"kind"`
	Lang           string                 `json:"lang"`
	Method         string                 `json:"method"`
	Eligible       bool                   `json:"eligible"`
	Rank           int                    `json:"rank"`
	Score          float64                `json:"score"`
	Winner         string                 `json:"winner,omitempty"`
	WinProbability float64                `json:"win_probability"`
	Criteria       []CriterionExplanation `json:"criteria"`
	Requirements   []RequirementCheck     `json:"requirements"`
	Violations     []Violation            `json:"violations"`
	Unverified     []string               `json:"unverified"`
	TCO            TCO                    `json:"tco"`
	ToWin          WhatIf                 `json:"to_win"`
	Currency       string                 `json:"currency"`
	HorizonYears   int                    `json:"horizon_years"`
	// Provisional, TCOToWin, TCOToWinAnyPrice and PriceToWinMonthly are
	// the option's Result fields of the same names.
	Provisional       bool     `json:"provisional"`
	TCOToWin          *float64 `json:"tco_to_win"`
	TCOToWinAnyPrice  bool     `json:"tco_to_win_any_price,omitempty"`
	PriceToWinMonthly *float64 `json:"price_to_win_monthly,omitempty"`
}

// CriterionExplanation is one criterion's score and its reason.
type CriterionExplanation struct {
	Criterion string  `json:"criterion"`
	Label     string  `json:"label"`
	Weight    float64 `json:"weight"`
	Score     float64 `json:"score"`
	Weighted  float64 `json:"weighted"` // weight × score, the points it adds to a weighted sum
	Why       string  `json:"why"`
}

// RequirementCheck is one requirement as this option meets it.
type RequirementCheck struct {
	Key    string  `json:"key"`
	Label  string  `json:"label"`
	Level  Level   `json:"level"`
	State  string  `json:"state"`
	Credit float64 `json:"credit"`
	Status string  `json:"status"` // met, partly, unverified, missed
}

// WhatIf is what would have to change for the option to rank first. For
// the winner it lists what would make it lose instead (Thresholds).
type WhatIf struct {
	Winner     bool              `json:"winner"`
	Blockers   []Violation       `json:"blockers,omitempty"` // must-haves it misses: nothing else helps until these change
	Weights    []WeightChange    `json:"weights,omitempty"`
	Thresholds []WeightThreshold `json:"thresholds,omitempty"`
	// PriceFactor is the largest multiple of its TCO at which it ranks
	// first, other prices unchanged; 0 when no price cut is enough or
	// the price is unknown.
	PriceFactor float64  `json:"price_factor,omitempty"`
	PriceTotal  float64  `json:"price_total,omitempty"`
	Summary     []string `json:"summary"`
}

// WeightChange is the nearest weight of one criterion, the others rescaled
// in proportion, at which the option ranks first.
type WeightChange struct {
	Criterion string  `json:"criterion"`
	From      float64 `json:"from"`
	To        float64 `json:"to"`
	RawFrom   float64 `json:"raw_from"`
	RawTo     float64 `json:"raw_to,omitempty"` // 0 when only a weight of 1 (everything on this criterion) does it
}

// Explain builds the explanation of one option of an evaluation.
func Explain(ev *Evaluation, id string) (*Explanation, error) {
	idx := -1
	for i := range ev.Results {
		if ev.Results[i].ID == id {
			idx = i
		}
	}
	if idx < 0 {
		return nil, fmt.Errorf("no option %q in this evaluation%s", id, suggest(ev, id))
	}
	res := ev.Results[idx]
	lang := ev.Lang
	e := &Explanation{ID: res.ID, Name: res.Name, Kind: res.Kind, Lang: lang, Method: ev.Method, Eligible: res.Eligible,
		Rank: res.Rank, Score: res.Score, Winner: ev.Recommendation.ID, WinProbability: res.WinProbability,
		Violations: res.Violations, Unverified: res.Unverified, TCO: res.TCO, Currency: ev.Currency, HorizonYears: ev.HorizonYears,
		Provisional: res.Provisional, TCOToWin: res.TCOToWin, TCOToWinAnyPrice: res.TCOToWinAnyPrice, PriceToWinMonthly: res.PriceToWinMonthly}
	for _, c := range catalog.Criteria {
		w, s := ev.Weights[string(c)], res.Criteria[string(c)]
		e.Criteria = append(e.Criteria, CriterionExplanation{Criterion: string(c), Label: c.Label(lang), Weight: w, Score: s,
			Weighted: round2(w * s), Why: res.Explanation[string(c)]})
	}
	for _, it := range res.Items {
		st := "missed"
		switch {
		case it.Credit >= 1:
			st = "met"
		case it.State == string(catalog.StateUnknown):
			st = "unverified"
		case it.Credit > 0:
			st = "partly"
		}
		e.Requirements = append(e.Requirements, RequirementCheck{Key: it.Key, Label: capLabel(it.Key, lang), Level: it.Level,
			State: it.State, Credit: it.Credit, Status: st})
	}
	e.ToWin = whatIf(ev, idx)
	return e, nil
}

func suggest(ev *Evaluation, id string) string {
	var near []string
	for _, r := range ev.Results {
		if strings.Contains(r.ID, id) || strings.Contains(id, r.ID) || strings.HasPrefix(r.ID, firstWord(id)) {
			near = append(near, r.ID)
		}
	}
	if len(near) == 0 || len(near) > 5 {
		return "; see the ids with: mailpick catalog list"
	}
	return "; did you mean " + strings.Join(near, ", ") + "?"
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(s, "-")
	return w
}

func evalModel(ev *Evaluation) *model {
	w, raw := map[catalog.Criterion]float64{}, map[catalog.Criterion]float64{}
	for _, c := range catalog.Criteria {
		w[c] = ev.Weights[string(c)]
		raw[c] = w[c]
		if ev.AHP == nil && ev.Requirements != nil {
			raw[c] = ev.Requirements.Weights[c]
		}
	}
	return newModel(ev.Results, w, raw, ev.Method)
}

func whatIf(ev *Evaluation, i int) WhatIf {
	lang, cur := ev.Lang, ev.Currency
	res := ev.Results[i]
	m := evalModel(ev)
	var wi WhatIf
	sc := make([]float64, m.n)
	m.scores(m.x, m.w, sc)
	win := m.winner(sc)
	if win == i {
		wi.Winner = true
		if ev.Sensitivity != nil {
			wi.Thresholds = ev.Sensitivity.OneAtATime
		} else {
			wi.Thresholds, _ = m.oneAtATime(win)
		}
		wi.Summary = append(wi.Summary, tr(lang, "%s ranks first; it stays first unless one weight moves past these points:",
			"%sが1位です。次のいずれかの重みがこの値を超えて動かない限り1位のままです:", res.Name))
		changes := false
		for _, th := range wi.Thresholds {
			for _, s := range []*WeightShift{th.Down, th.Up} {
				if s == nil {
					continue
				}
				changes = true
				wi.Summary = append(wi.Summary, "  "+tr(lang, "%s weight %s → %s: %s would rank first",
					"%sの重み %s → %s: %sが1位になります", criterionLabel(th.Criterion, lang),
					weightText(th.Weight, th.RawWeight), weightText(s.Weight, s.RawWeight), nameOf(ev, s.NewWinner)))
			}
		}
		if !changes {
			wi.Summary = append(wi.Summary, "  "+tr(lang, "no single weight change alters the winner", "どの重みを単独で変えても1位は変わりません"))
		}
		return wi
	}
	if !res.Eligible {
		wi.Blockers = res.Violations
		wi.Summary = append(wi.Summary, tr(lang, "%s is not eligible; it cannot rank first until these must-haves change:",
			"%sは対象外です。次の必須要件が変わらない限り1位にはなれません:", res.Name))
		for _, v := range res.Violations {
			wi.Summary = append(wi.Summary, "  - "+capLabelOrKey(v.Requirement, lang)+": "+v.Detail)
		}
		// What it would also need if the must-haves were waived (its scores
		// unchanged: a waived must still earns no credit).
		m.elig = append([]bool(nil), m.elig...)
		m.elig[i] = true
		m.costColumn(m.tco, m.x) // its price now counts in "cheapest"
		m.scores(m.x, m.w, sc)
		if m.winner(sc) == i {
			wi.Summary = append(wi.Summary, tr(lang, "if those requirements were dropped, it would rank first as things stand",
				"それらの要件を外せば、現在の重みのままで1位になります"))
			return wi
		}
		wi.Summary = append(wi.Summary, tr(lang, "if those requirements were dropped, it would also need one of:",
			"それらの要件を外した上で、さらに次のいずれかが必要です:"))
	} else {
		wi.Summary = append(wi.Summary, tr(lang, "%s ranks %d; any one of these would put it first:", "%sは%d位です。次のいずれか一つで1位になります:", res.Name, res.Rank))
	}
	exact := m.method != "topsis"
	for k, c := range catalog.Criteria {
		t, ok := m.winWeight(k, i)
		if !ok {
			continue
		}
		wc := WeightChange{Criterion: string(c), From: m.w[k], To: t, RawFrom: m.raw[k], RawTo: m.rawFor(k, t)}
		wi.Weights = append(wi.Weights, wc)
		verb := tr(lang, "raise", "上げる")
		if t < m.w[k] {
			verb = tr(lang, "lower", "下げる")
		}
		wi.Summary = append(wi.Summary, "  "+tr(lang, "%s the %s weight from %s to %s", "%[2]sの重みを%[3]sから%[4]sに%[1]s",
			verb, criterionLabel(string(c), lang), weightText(wc.From, wc.RawFrom), weightText(wc.To, wc.RawTo))+
			map[bool]string{true: "", false: tr(lang, " (found by scanning)", "（走査で算出）")}[exact])
	}
	x, anyPrice, ok := m.tcoToWin(i)
	switch {
	case anyPrice:
		wi.Summary = append(wi.Summary, "  "+tr(lang, "it would rank first at any price; its score is held back by eligibility alone",
			"価格に関係なく1位になります（適格性のみが妨げています）"))
	case !ok:
		wi.Summary = append(wi.Summary, "  "+tr(lang, "no price, however low, is enough at the current weights", "現在の重みでは、どれだけ安くても1位になれません"))
	case !res.TCO.Priced:
		wi.PriceTotal = x
		wi.Summary = append(wi.Summary, "  "+tr(lang, "its price is unknown: it would rank first at a %d-year TCO of at most %s; ask the vendor for a quote and enter it under [quotes.%s]",
			"価格が不明です。%d年間TCOが%s以下なら1位になります。ベンダーに見積を依頼し[quotes.%s]に入れてください",
			ev.HorizonYears, Money(atMost(x, cur), cur), res.ID))
	case x < res.TCO.Total:
		f := x / res.TCO.Total
		wi.PriceFactor, wi.PriceTotal = f, x
		wi.Summary = append(wi.Summary, "  "+tr(lang, "a price cut of %.1f%%: %d-year TCO from %s to %s, other prices unchanged",
			"%.1f%%の値下げ: %d年間TCOを%sから%sへ（他社の価格は据え置き）", 100*(1-f), ev.HorizonYears,
			Money(res.TCO.Total, cur), Money(atMost(x, cur), cur)))
	}
	if len(wi.Weights) == 0 {
		wi.Summary = append(wi.Summary, "  "+tr(lang, "no single weight change is enough", "重みを一つ変えるだけでは1位になれません"))
	}
	return wi
}

// winWeight is the weight of criterion k nearest the current one at which
// option i ranks first: exact for the weighted sum, by scanning in steps of
// 0.001 and bisecting for TOPSIS.
func (m *model) winWeight(k, i int) (float64, bool) {
	t0 := m.w[k]
	if m.method != "topsis" {
		lo, hi, ok := m.winInterval(k, i)
		if !ok || (lo == hi && (lo == 0 || lo == 1)) || (lo <= t0 && t0 <= hi) {
			return 0, false // never, only a tie at an end, or a tie already lost on TCO/id
		}
		// At the boundary i only ties; rank() would break the tie by TCO
		// and id, so report the boundary and let the reader round away.
		return math.Min(math.Max(t0, lo), hi), true
	}
	w := make([]float64, m.nc)
	sc := make([]float64, m.n)
	best, found := 0.0, false
	for _, dir := range []float64{1, -1} {
		prev := t0
		for step := 1; step <= 1000; step++ {
			t := t0 + dir*float64(step)*0.001
			if t < 0 || t > 1 {
				break
			}
			if m.winnerAt(k, t, w, sc) == i {
				lo, hi := prev, t // not at lo, first at hi
				for range 50 {
					mid := (lo + hi) / 2
					if m.winnerAt(k, mid, w, sc) == i {
						hi = mid
					} else {
						lo = mid
					}
				}
				if !found || math.Abs(hi-t0) < math.Abs(best-t0) {
					best, found = hi, true
				}
				break
			}
			prev = t
		}
	}
	return best, found
}

func criterionLabel(c, lang string) string {
	if cc, ok := catalog.CriterionFromString(c); ok {
		return cc.Label(lang)
	}
	return c
}

func weightText(w, raw float64) string {
	if raw > 0 {
		return fmt.Sprintf("%.3g (%.1f%%)", raw, 100*w)
	}
	return fmt.Sprintf("%.1f%%", 100*w)
}

func nameOf(ev *Evaluation, id string) string {
	for _, r := range ev.Results {
		if r.ID == id {
			return r.Name
		}
	}
	return id
}

// Text renders the explanation for a terminal, in its language.
func (e *Explanation) Text() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	lang := e.Lang
	status := tr(lang, "rank %d, score %.1f (%s)", "%d位、総合点%.1f（%s）", e.Rank, e.Score, e.Method)
	if !e.Eligible {
		status = tr(lang, "not eligible, score %.1f (%s)", "対象外、総合点%.1f（%s）", e.Score, e.Method)
	}
	p("%s [%s] — %s", e.Name, e.ID, status)
	p("%s", tr(lang, "Win probability under weight uncertainty: %.1f%%", "重みの不確かさを考慮した1位確率: %.1f%%", 100*e.WinProbability))
	p("")
	p("%s", tr(lang, "Criteria (weight × score = points):", "評価項目（重み × 点数 = 寄与）:"))
	for _, c := range e.Criteria {
		// Numbers first: labels may be Japanese, whose width fmt cannot pad.
		p("  %5.1f%% × %6.2f = %6.2f  %s: %s", 100*c.Weight, c.Score, c.Weighted, c.Label, c.Why)
	}
	p("")
	p("%s", tr(lang, "Requirements:", "要件:"))
	if len(e.Requirements) == 0 {
		p("  %s", tr(lang, "none asked", "指定なし"))
	}
	marks := map[string]string{"met": "✓", "partly": "~", "unverified": "?", "missed": "✗"}
	for _, r := range e.Requirements {
		p("  %s %-4s %-14s %s", marks[r.Status], r.Level, r.State, r.Label)
	}
	if len(e.Violations) > 0 {
		p("")
		p("%s", tr(lang, "Must-haves it misses:", "満たさない必須要件:"))
		for _, v := range e.Violations {
			p("  ✗ %s", v.Detail)
		}
	}
	if len(e.Unverified) > 0 {
		labels := make([]string, len(e.Unverified))
		for i, u := range e.Unverified {
			labels[i] = capLabelOrKey(u, lang)
		}
		p("%s", tr(lang, "Confirm with the vendor (no source states it): %s", "ベンダーに確認（公開情報なし）: %s", strings.Join(labels, ", ")))
	}
	p("")
	if e.Provisional {
		p("%s", tr(lang, "%d-year TCO: provisional, the price is unknown; the known costs come to %s (initial %s), %s:",
			"%d年間TCO: 暫定（価格不明）。判明している費用は%s（初期費用%s、%s）:",
			e.HorizonYears, Money(e.TCO.Total, e.Currency), Money(e.TCO.Initial, e.Currency), taxText(e.TCO.TaxBasis, lang)))
	} else {
		p("%s", tr(lang, "%d-year TCO %s (initial %s, %s per user-month, %s):", "%d年間TCO %s（初期費用%s、1ユーザー月あたり%s、%s）:",
			e.HorizonYears, Money(e.TCO.Total, e.Currency), Money(e.TCO.Initial, e.Currency), Money(e.TCO.PerUserMonth, e.Currency),
			taxText(e.TCO.TaxBasis, lang)))
	}
	for _, l := range e.TCO.Lines {
		sum := l.Initial
		for _, y := range l.Yearly {
			sum += y
		}
		line := fmt.Sprintf("  %18s  %s (%s)", Money(sum, e.Currency), costItemLabel(l.Item, lang), l.Basis)
		if l.Note != "" {
			line += " — " + l.Note
		}
		p("%s", line)
	}
	if len(e.TCO.Missing) > 0 {
		missing := append([]string(nil), e.TCO.Missing...)
		sort.Strings(missing)
		p("  %s", tr(lang, "not included (no source states it): %s", "含まれていない費用（公開情報なし）: %s", requirementLabels(missing, lang)))
	}
	if l := e.toWinText(); l != "" {
		p("%s", l)
	}
	p("")
	for _, s := range e.ToWin.Summary {
		p("%s", s)
	}
	return b.String()
}

func costItemLabel(item, lang string) string {
	labels := map[string][2]string{
		"licence":          {"licences", "ライセンス"},
		"licence_per_year": {"yearly licence", "年間ライセンス"},
		"initial_fee":      {"initial fee", "初期費用"},
		"setup_labour":     {"setup labour", "構築工数"},
		"admin_labour":     {"admin labour", "運用管理工数"},
		"server":           {"server / hosting", "サーバー費用"},
		"hardware":         {"hardware", "機器購入費"},
	}
	if l, ok := labels[item]; ok {
		if lang == "ja" {
			return l[1]
		}
		return l[0]
	}
	if k, ok := strings.CutPrefix(item, "addon:"); ok {
		return tr(lang, "add-on: %s", "オプション: %s", capLabel(k, lang))
	}
	return item
}

// taxText names the tax basis of the amounts.
func taxText(basis, lang string) string {
	if basis == catalog.TaxIncluded {
		return tr(lang, "including consumption tax", "税込")
	}
	return tr(lang, "excluding consumption tax", "税抜")
}

// toWinText is tco_to_win in a sentence: the highest TCO at which the
// option ranks first and the vendor's monthly price that leaves. "" for an
// ineligible option, whose blockers the summary lists instead.
func (e *Explanation) toWinText() string {
	lang := e.Lang
	switch {
	case !e.Eligible:
		return ""
	case e.TCOToWinAnyPrice:
		return tr(lang, "TCO to rank first (tco_to_win): it ranks first at any price",
			"1位になるTCOの上限（tco_to_win）: 価格に関係なく1位です")
	case e.TCOToWin == nil:
		return tr(lang, "TCO to rank first (tco_to_win): none; no price makes it rank first at the current weights",
			"1位になるTCOの上限（tco_to_win）: なし。現在の重みでは、どの価格でも1位になりません")
	}
	s := tr(lang, "TCO to rank first (tco_to_win): at most %s over %d years", "1位になるTCOの上限（tco_to_win）: %[2]d年間で%[1]s以下",
		Money(atMost(*e.TCOToWin, e.Currency), e.Currency), e.HorizonYears)
	if e.PriceToWinMonthly != nil {
		s += tr(lang, ", i.e. a vendor price of at most %s a month", "（ベンダー価格で月額%s以下）", Money(atMost(*e.PriceToWinMonthly, e.Currency), e.Currency))
	}
	switch {
	case e.Provisional:
		s += tr(lang, "; ask the vendor for a quote and enter it under [quotes.%s]", "。ベンダーに見積を依頼し[quotes.%s]に入れてください", e.ID)
	case e.Rank == 1:
		s += tr(lang, "; it stays first up to that", "。この額までは1位のままです")
	}
	return s
}

// atMost rounds a ceiling down to what Money shows, so "at most X" never
// states a figure above it.
func atMost(v float64, cur string) float64 {
	if cur == "JPY" || cur == "KRW" || v >= 1000 {
		return math.Floor(v)
	}
	return math.Floor(v*100) / 100
}
