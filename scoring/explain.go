package scoring

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/msg"
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
	// Provisional, TCOToWin, TCOToWinAnyPrice, TCOToWinWhileUnpriced and
	// PriceToWinMonthly are the option's Result fields of the same names.
	Provisional           bool     `json:"provisional"`
	TCOToWin              *float64 `json:"tco_to_win"`
	TCOToWinAnyPrice      bool     `json:"tco_to_win_any_price,omitempty"`
	TCOToWinWhileUnpriced []string `json:"tco_to_win_while_unpriced,omitempty"`
	PriceToWinMonthly     *float64 `json:"price_to_win_monthly,omitempty"`

	unpricedRivals []msg.Option // TCOToWinWhileUnpriced as names, for Text
}

// CriterionExplanation is one criterion's score and its reason.
type CriterionExplanation struct {
	Criterion string  `json:"criterion"`
	Label     string  `json:"label"`
	Weight    float64 `json:"weight"`
	Score     float64 `json:"score"`
	Weighted  float64 `json:"weighted"` // weight × score, the points it adds to a weighted sum
	Why       string  `json:"why"`      // rendered from the message (code, args)
	msg.Message
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
	PriceFactor float64 `json:"price_factor,omitempty"`
	PriceTotal  float64 `json:"price_total,omitempty"`
	// WeightsExact is true when Weights or Thresholds were solved in
	// closed form (a linear method); false when they were found by
	// scanning, as the summary then says.
	WeightsExact bool     `json:"weights_exact"`
	Summary      []string `json:"summary"` // rendered from Lines
	// Lines are the summary as coded messages; Indent 1 is a line under
	// the one before, 2 a blocker in a list.
	Lines []SummaryLine `json:"summary_codes"`
}

// SummaryLine is one line of WhatIf's summary.
type SummaryLine struct {
	Indent int `json:"indent"`
	msg.Message
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
		Provisional: res.Provisional, TCOToWin: res.TCOToWin, TCOToWinAnyPrice: res.TCOToWinAnyPrice,
		TCOToWinWhileUnpriced: res.TCOToWinWhileUnpriced, PriceToWinMonthly: res.PriceToWinMonthly}
	for _, id := range res.TCOToWinWhileUnpriced {
		e.unpricedRivals = append(e.unpricedRivals, optionOf(ev, id))
	}
	m := ev.engine()
	for _, c := range m.crit {
		w, s := ev.Weights[string(c.ID)], res.Criteria[string(c.ID)]
		e.Criteria = append(e.Criteria, CriterionExplanation{Criterion: string(c.ID), Label: c.Label(lang), Weight: w, Score: s,
			Weighted: round2(w * s), Why: res.Explanation[string(c.ID)], Message: res.Why[string(c.ID)]})
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
		e.Requirements = append(e.Requirements, RequirementCheck{Key: it.Key, Label: msg.ReqLabel(lang, it.Key), Level: it.Level,
			State: it.State, Credit: it.Credit, Status: st})
	}
	e.ToWin = whatIf(ev, m, idx)
	e.ToWin.Summary = make([]string, len(e.ToWin.Lines))
	for i, l := range e.ToWin.Lines {
		e.ToWin.Summary[i] = [...]string{"", "  ", "  - "}[l.Indent] + msg.Render(lang, l.Message)
	}
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

// whatIf says what would put option i first, on the evaluation's engine
// m (which it may change): for the winner, the weights at which it would
// lose; for an ineligible option, its blockers first; then the weight
// changes and the price that would do it.
func whatIf(ev *Evaluation, m *model, i int) WhatIf {
	res := ev.Results[i]
	exact := m.method.Linear()
	wi := WhatIf{WeightsExact: exact}
	say := func(indent int, code string, kv ...any) {
		wi.Lines = append(wi.Lines, SummaryLine{Indent: indent, Message: msg.New(code, kv...)})
	}
	sc := make([]float64, m.n)
	// The totals the ranking used (rounded), so "ranks first" here is
	// rank 1 there.
	m.totals(m.x, m.w, sc)
	tied := tiedWith(ev, res.ID)
	if win := m.winner(sc); win == i && len(tied) > 0 {
		// First only by the tie-break: no threshold to hold.
		wi.Winner = true
		say(0, "whatif.tie_first", "option", resultArg(&res), "others", names(tied),
			"rule", msg.New("tie_break."+ev.Recommendation.TieBreak))
		return wi
	} else if win == i {
		wi.winnerLines(ev, m, win, say)
		return wi
	}
	if !res.Eligible {
		wi.Blockers = res.Violations
		say(0, "whatif.ineligible", "option", resultArg(&res))
		for _, v := range res.Violations {
			say(2, "whatif.blocker", "key", msg.Req(v.Requirement), "detail", v.Message)
		}
		// What it would also need if the must-haves were waived (its scores
		// unchanged: a waived must still earns no credit).
		m.elig = append([]bool(nil), m.elig...)
		m.elig[i] = true
		m.costColumn(m.tco, m.x) // its price now counts in "cheapest"
		m.totals(m.x, m.w, sc)
		if m.winner(sc) == i {
			say(0, "whatif.waived_wins")
			return wi
		}
		say(0, "whatif.waived_needs")
	} else if len(tied) > 0 {
		w := findResult(ev, ev.Recommendation.ID)
		say(0, "whatif.tied", "option", resultArg(&res), "winner", resultArg(w), "rank", res.Rank,
			"rule", msg.New("tie_break."+tieBreakKey(w, &res)))
	} else {
		say(0, "whatif.ranks", "option", resultArg(&res), "rank", res.Rank)
	}
	for k, c := range m.crit {
		t, ok := m.winWeight(k, i)
		if !ok {
			continue
		}
		wc := WeightChange{Criterion: string(c.ID), From: m.w[k], To: t, RawFrom: m.raw[k], RawTo: m.rawFor(k, t)}
		wi.Weights = append(wi.Weights, wc)
		code := "whatif.raise"
		if t < m.w[k] {
			code = "whatif.lower"
		}
		change := msg.New(code, "criterion", c.Arg(), "from", WeightText(wc.From, wc.RawFrom), "to", WeightText(wc.To, wc.RawTo))
		wi.Lines = append(wi.Lines, SummaryLine{Indent: 1, Message: scanned(exact, change)})
	}
	wi.priceLine(ev, m, i, say)
	if len(wi.Weights) == 0 {
		say(1, "whatif.no_weight")
	}
	return wi
}

// winnerLines says, for the winner win, the weight changes at which it
// would lose first place.
func (wi *WhatIf) winnerLines(ev *Evaluation, m *model, win int, say func(int, string, ...any)) {
	res := ev.Results[win]
	exact := m.method.Linear()
	wi.Winner = true
	if ev.Sensitivity != nil {
		wi.Thresholds = ev.Sensitivity.OneAtATime
	} else {
		wi.Thresholds, _ = m.oneAtATime(win)
	}
	say(0, "whatif.winner", "option", resultArg(&res))
	changes := false
	for _, th := range wi.Thresholds {
		for _, s := range []*WeightShift{th.Down, th.Up} {
			if s == nil {
				continue
			}
			changes = true
			flip := msg.New("whatif.flip", "criterion", m.critArg(th.Criterion), "from", WeightText(th.Weight, th.RawWeight),
				"to", WeightText(s.Weight, s.RawWeight), "new_winner", optionOf(ev, s.NewWinner))
			wi.Lines = append(wi.Lines, SummaryLine{Indent: 1, Message: scanned(exact, flip)})
		}
	}
	if !changes {
		say(1, "whatif.no_flip")
	}
}

// priceLine says what price, if any, would put option i first.
func (wi *WhatIf) priceLine(ev *Evaluation, m *model, i int, say func(int, string, ...any)) {
	res, cur := ev.Results[i], ev.Currency
	money := func(v float64) msg.Money { return msg.Money{Amount: v, Currency: cur} }
	x, anyPrice, ok := m.tcoToWin(i, knownFloor(&res))
	var rivals []msg.Option
	if anyPrice {
		for _, j := range m.pricelessRivals(i) {
			rivals = append(rivals, optionOf(ev, m.ids[j]))
		}
	}
	switch {
	case len(rivals) > 0:
		say(1, "whatif.while_unpriced", "options", names(rivals))
	case anyPrice:
		say(1, "whatif.any_price")
	case !ok:
		say(1, "whatif.no_price")
	case !res.TCO.Priced:
		wi.PriceTotal = x
		say(1, "whatif.unknown_price", "years", ev.HorizonYears, "tco", money(atMost(x, cur)), "id", res.ID)
	case x < res.TCO.Total:
		f := x / res.TCO.Total
		wi.PriceFactor, wi.PriceTotal = f, x
		code := "whatif.price_cut"
		if res.TCO.LowerBound() {
			code = "whatif.price_cut_min"
		}
		say(1, code, "pct", 100*(1-f), "years", ev.HorizonYears, "from", res.TCO.TotalMoney(cur), "to", money(atMost(x, cur)))
	}
}

// tiedWith is the options that tie for first with id, when id is one of
// the recommendation's tie (nil otherwise).
func tiedWith(ev *Evaluation, id string) []msg.Option {
	tie := ev.Recommendation.Tie
	in := false
	for _, t := range tie {
		in = in || t == id
	}
	if !in {
		return nil
	}
	var out []msg.Option
	for _, t := range tie {
		if t != id {
			out = append(out, optionOf(ev, t))
		}
	}
	return out
}

// findResult is the result with id, or nil.
func findResult(ev *Evaluation, id string) *Result {
	for i := range ev.Results {
		if ev.Results[i].ID == id {
			return &ev.Results[i]
		}
	}
	return nil
}

// scanned marks a weight found by a numeric search rather than solved.
func scanned(exact bool, m msg.Message) msg.Message {
	if exact {
		return m
	}
	return msg.New("whatif.scanned", "change", m)
}

// winWeight is the weight of criterion k nearest the current one at which
// option i ranks first: exact for a linear method (the weighted sum), by
// scanning in steps of 0.001 and bisecting for any other.
func (m *model) winWeight(k, i int) (float64, bool) {
	t0 := m.w[k]
	if m.method.Linear() {
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

// critArg is the engine's criterion id as a message argument; an id it
// does not score stays as it is.
func (m *model) critArg(id string) any {
	for _, c := range m.crit {
		if string(c.ID) == id {
			return c.Arg()
		}
	}
	return id
}

// WeightText words a weight as the user wrote it in [weights] and as its
// share of the total ("0.727 (6.2%)"), or only the share when the weights
// were derived (AHP): the one wording of a weight in every output.
func WeightText(w, raw float64) msg.Message {
	pct := fmt.Sprintf("%.1f%%", 100*w)
	if raw > 0 {
		return msg.New("weight.raw_pct", "raw", fmt.Sprintf("%.3g", raw), "pct", pct)
	}
	return msg.New("weight.pct", "pct", pct)
}

// optionOf is the option id names as a message argument.
func optionOf(ev *Evaluation, id string) msg.Option {
	for _, r := range ev.Results {
		if r.ID == id {
			return msg.Option{ID: id, Name: r.Name}
		}
	}
	return msg.Option{ID: id}
}

// Text renders the explanation for a terminal, in its language. Every
// word comes from the message table (package msg).
func (e *Explanation) Text() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	lang, cur := e.Lang, e.Currency
	t := func(code string, kv ...any) string { return msg.T(lang, code, kv...) }
	money := func(v float64) msg.Money { return msg.Money{Amount: v, Currency: cur} }
	status := t("explain.rank", "rank", e.Rank, "score", e.Score, "method", msg.New("method_name."+e.Method))
	if !e.Eligible {
		status = t("explain.not_eligible", "score", e.Score, "method", msg.New("method_name."+e.Method))
	}
	p("%s [%s] — %s", e.Name, e.ID, status)
	p("%s", t("explain.win_prob", "pct", msg.Pct(e.WinProbability)))
	p("")
	p("%s", t("explain.criteria"))
	for _, c := range e.Criteria {
		// Numbers first: labels may be Japanese, whose width fmt cannot pad.
		p("  %5.1f%% × %6.2f = %6.2f  %s: %s", 100*c.Weight, c.Score, c.Weighted, c.Label, c.Why)
	}
	p("")
	p("%s", t("explain.requirements"))
	if len(e.Requirements) == 0 {
		p("  %s", t("explain.none_asked"))
	}
	marks := map[string]string{"met": "✓", "partly": "~", "unverified": "?", "missed": "✗"}
	for _, r := range e.Requirements {
		p("  %s %s %s: %s", marks[r.Status], t("level."+string(r.Level)), r.Label, msg.State(r.State).Word(lang))
	}
	if len(e.Violations) > 0 {
		p("")
		p("%s", t("explain.misses"))
		for _, v := range e.Violations {
			p("  ✗ %s", v.Detail)
		}
	}
	if len(e.Unverified) > 0 {
		p("%s", t("explain.confirm", "keys", msg.Reqs(e.Unverified)))
	}
	p("")
	if e.Provisional {
		p("%s", t("explain.tco_prov", "years", e.HorizonYears, "tco", money(e.TCO.Total), "initial", money(e.TCO.Initial),
			"tax", msg.Tax(lang, e.TCO.TaxBasis)))
	} else {
		p("%s", t("explain.tco", "years", e.HorizonYears, "tco", e.TCO.TotalMoney(cur), "initial", e.TCO.InitialMoney(cur),
			"per_user", e.TCO.PerUserMoney(cur), "tax", msg.Tax(lang, e.TCO.TaxBasis)))
	}
	for _, l := range e.TCO.Lines {
		sum := l.Initial
		for _, y := range l.Yearly {
			sum += y
		}
		p("  %18s  %s", Money(sum, cur), t("explain.cost_line", "item", l.Label(lang), "basis", msg.Basis(l.Basis)))
	}
	if g := e.TCO.HostingGap; g != nil {
		p("  %s", msg.Render(lang, g.Message()))
	}
	if len(e.TCO.Missing) > 0 {
		missing := append([]string(nil), e.TCO.Missing...)
		sort.Strings(missing)
		p("  %s", t("explain.not_included", "keys", msg.Reqs(missing)))
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

// toWinText is tco_to_win in a sentence: the highest TCO at which the
// option ranks first and the vendor's monthly price that leaves. "" for an
// ineligible option, whose blockers the summary lists instead.
func (e *Explanation) toWinText() string {
	lang, cur := e.Lang, e.Currency
	switch {
	case !e.Eligible:
		return ""
	case len(e.unpricedRivals) > 0:
		return msg.T(lang, "explain.to_win_while_unpriced", "options", names(e.unpricedRivals))
	case e.TCOToWinAnyPrice:
		return msg.T(lang, "explain.to_win_any")
	case e.TCOToWin == nil:
		return msg.T(lang, "explain.to_win_none")
	}
	s := msg.T(lang, "explain.to_win", "tco", msg.Money{Amount: atMost(*e.TCOToWin, cur), Currency: cur}, "years", e.HorizonYears)
	if e.PriceToWinMonthly != nil {
		s += msg.T(lang, "explain.to_win_month", "monthly", msg.Money{Amount: atMost(*e.PriceToWinMonthly, cur), Currency: cur})
	}
	switch {
	case e.Provisional:
		s += msg.T(lang, "explain.to_win_quote", "id", e.ID)
	case e.Rank == 1:
		s += msg.T(lang, "explain.to_win_stays")
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
