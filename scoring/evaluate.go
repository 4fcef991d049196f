package scoring

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/mailpick/mailpick/catalog"
)

// Evaluation is the computed decision (SPEC §5). Reports render it and never
// recompute a score.
type Evaluation struct {
	Currency          string             `json:"currency"`
	HorizonYears      int                `json:"horizon_years"`
	Method            string             `json:"method"`
	Lang              string             `json:"lang"`
	Weights           map[string]float64 `json:"weights"`
	Results           []Result           `json:"results"`
	Recommendation    Recommendation     `json:"recommendation"`
	SelfHostReadiness Readiness          `json:"self_host_readiness"`
	Sensitivity       *Sensitivity       `json:"sensitivity,omitempty"`
	AHP               *AHP               `json:"ahp,omitempty"` // set when the weights come from [weights.pairwise]
	Assumptions       AssumptionsUsed    `json:"assumptions"`
	Requirements      *Requirements      `json:"-"`
}

// Result is one option's evaluation.
type Result struct {
	ID             string             `json:"id"`
	Name           string             `json:"name"`
	Vendor         string             `json:"vendor"`
	Kind           string             `json:"kind"`
	Eligible       bool               `json:"eligible"`
	Rank           int                `json:"rank"`
	Score          float64            `json:"score"`
	Criteria       map[string]float64 `json:"criteria"`
	Violations     []Violation        `json:"violations"`
	Unverified     []string           `json:"unverified"`
	TCO            TCO                `json:"tco"`
	WinProbability float64            `json:"win_probability"`
	Effort         Effort             `json:"effort"`
	Items          []Item             `json:"items"`
	Explanation    map[string]string  `json:"explanation"`
	AsOf           string             `json:"as_of"`
	Sources        []string           `json:"sources"`
	// Provisional is true when the option's price is unknown: its TCO
	// covers only the known lines and it scores 0 on cost.
	Provisional bool `json:"provisional"`
	// TCOToWin is the highest horizon TCO at which this option would rank
	// first, all else unchanged; nil when no price makes it win, or when it
	// wins at any price (TCOToWinAnyPrice).
	TCOToWin         *float64 `json:"tco_to_win"`
	TCOToWinAnyPrice bool     `json:"tco_to_win_any_price,omitempty"`
	// PriceToWinMonthly is TCOToWin less the costs that are not the
	// vendor's price (labour, hosting), per month of the horizon: the
	// monthly price to ask for. Nil when that is zero or less.
	PriceToWinMonthly *float64 `json:"price_to_win_monthly,omitempty"`

	Option *catalog.Option `json:"-"`
}

// Violation is a requirement an option fails, in a sentence a manager reads.
type Violation struct {
	Requirement string `json:"requirement"`
	Detail      string `json:"detail"`
}

// Item is one requirement as scored for one option: what was asked, what the
// catalog says, and the credit given (0–1).
type Item struct {
	Key       string  `json:"key"`
	Criterion string  `json:"criterion"`
	Level     Level   `json:"level"`
	State     string  `json:"state"` // yes, no, addon, unknown, or a value like "30 GB"
	Credit    float64 `json:"credit"`
}

// Recommendation is the top eligible option and why.
type Recommendation struct {
	ID       string   `json:"id"`
	RunnerUp string   `json:"runner_up,omitempty"`
	Reasons  []string `json:"reasons"`
}

// Readiness is the self-host verdict following the seed's "when to build
// in-house / when to use a service" sections.
type Readiness struct {
	Verdict    string         `json:"verdict"` // "recommended", "possible", "not_recommended"
	Reasons    []string       `json:"reasons"`
	Conditions []Condition    `json:"conditions"`
	Plans      []SelfHostPlan `json:"plans"` // the build checklist and effort per self-hosted option
}

// Condition is one of the seed's conditions, evaluated.
type Condition struct {
	Key    string `json:"key"`
	Side   string `json:"side"` // "build" (a case for self-hosting) or "service"
	Case   string `json:"case"` // the seed's heading, in the evaluation's language
	Met    bool   `json:"met"`
	Detail string `json:"detail"`
}

// AssumptionsUsed records the defaults that fed this evaluation.
type AssumptionsUsed struct {
	HourlyCost      float64            `json:"hourly_cost"`
	HourlyCostBasis string             `json:"hourly_cost_basis"`
	FX              map[string]float64 `json:"fx"`
	AsOf            string             `json:"as_of"`
}

// Options control an evaluation.
type Options struct {
	Lang   string // reasons' language; "" = requirements' lang
	Method string // "wsm" (default) or "topsis"
	// Sensitivity configures the Monte Carlo analysis; zero values take
	// the defaults. NoSensitivity skips it (win probabilities stay 0).
	Sensitivity   SensitivityOptions
	NoSensitivity bool
}

// Credit per capability state. Addon counts as met because its price is in
// the TCO; unknown gets half so an unresearched option neither wins nor
// loses a criterion on a claim nobody made.
func credit(s catalog.State) float64 {
	switch s {
	case catalog.Yes, catalog.Addon:
		return 1
	case catalog.StateUnknown:
		return 0.5
	}
	return 0
}

// levelWeight makes a must count double a want within a criterion.
func levelWeight(l Level) float64 {
	switch l {
	case Must:
		return 2
	case Want:
		return 1
	}
	return 0
}

// Evaluate scores every option against the requirements.
func Evaluate(r *Requirements, opts []*catalog.Option, a *Assumptions, o Options) (*Evaluation, error) {
	lang := o.Lang
	if lang == "" {
		lang = r.Lang
	}
	method := o.Method
	if method == "" {
		method = "wsm"
	}
	if method != "wsm" && method != "topsis" {
		return nil, fmt.Errorf("method %q is not supported; use wsm or topsis", method)
	}
	weights, raw := r.NormalisedWeights(), r.Weights
	var ahp *AHP
	if r.Pairwise != nil {
		var err error
		if ahp, weights, err = deriveAHP(r); err != nil {
			return nil, err
		}
		raw = weights
	}
	ev := &Evaluation{AHP: ahp, Currency: r.Currency, HorizonYears: r.HorizonYears, Method: method, Lang: lang,
		Weights: map[string]float64{}, Requirements: r}
	for c, w := range weights {
		ev.Weights[string(c)] = w
	}
	hourly, basis, err := a.hourlyCost(r)
	if err != nil {
		return nil, err
	}
	ev.Assumptions = AssumptionsUsed{HourlyCost: hourly, HourlyCostBasis: basis, FX: r.FX, AsOf: a.AsOf.Format("2006-01-02")}

	excluded := map[string]bool{}
	for _, id := range r.Exclude {
		excluded[id] = true
	}
	for _, opt := range opts {
		if excluded[opt.ID] {
			continue
		}
		res, err := evaluateOption(opt, r, a, lang)
		if err != nil {
			return nil, fmt.Errorf("option %s: %w", opt.ID, err)
		}
		ev.Results = append(ev.Results, res)
	}
	if err := checkCosts(ev.Results, r); err != nil {
		return nil, err
	}
	scoreCost(ev.Results)
	for i := range ev.Results {
		ev.Results[i].Score = weightedSum(ev.Results[i].Criteria, weights)
	}
	if method == "topsis" {
		applyTOPSIS(ev.Results, weights)
	}
	rank(ev.Results)
	newModel(ev.Results, weights, raw, method).setTCOToWin(ev.Results)
	for i := range ev.Results {
		explainCost(&ev.Results[i], ev.Results, r.Currency, lang)
	}
	ev.Recommendation = recommend(ev.Results, weights, r, lang)
	ev.SelfHostReadiness = readiness(ev.Results, r, a, lang)
	if !o.NoSensitivity {
		ev.analyze(raw, o.Sensitivity)
	}
	return ev, nil
}

func weightedSum(scores map[string]float64, w map[catalog.Criterion]float64) float64 {
	s := 0.0
	for _, c := range catalog.Criteria {
		s += w[c] * scores[string(c)]
	}
	return round2(s)
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func evaluateOption(o *catalog.Option, r *Requirements, a *Assumptions, lang string) (Result, error) {
	res := Result{ID: o.ID, Name: o.Name, Vendor: o.Vendor, Kind: string(o.Kind), Option: o,
		Criteria: map[string]float64{}, Violations: []Violation{}, Unverified: []string{},
		Explanation: map[string]string{}, Sources: o.Sources, AsOf: o.AsOf.Format("2006-01-02")}
	res.Effort = effort(o, r, a)
	tco, err := computeTCO(o, r, a, res.Effort)
	if err != nil {
		return res, err
	}
	res.TCO = tco
	res.Items = items(o, r)
	checkEligibility(&res, o, r, lang)
	for _, c := range catalog.Criteria {
		if c == catalog.CriterionCost || c == catalog.CriterionOperations {
			continue
		}
		res.Criteria[string(c)], res.Explanation[string(c)] = coverage(res.Items, c, lang)
	}
	res.Criteria[string(catalog.CriterionOperations)], res.Explanation[string(catalog.CriterionOperations)] = operationsScore(o, r, res.Effort, lang)
	for _, m := range res.TCO.Missing {
		if strings.HasPrefix(m, "addons.") || m == "pricing.initial" {
			res.Unverified = append(res.Unverified, m)
		}
	}
	if res.TCO.taxUnverified {
		res.Unverified = append(res.Unverified, "pricing.tax")
	}
	res.Provisional = !res.TCO.Priced
	res.Eligible = len(res.Violations) == 0
	return res, nil
}

// items lists every requirement that is must or want, as scored for o.
func items(o *catalog.Option, r *Requirements) []Item {
	var out []Item
	for _, k := range catalog.CapabilityKeys {
		l := r.Level(k.Path())
		if l == No {
			continue
		}
		s := o.Cap(k.Path())
		out = append(out, Item{Key: k.Path(), Criterion: string(k.Criterion), Level: l, State: string(s), Credit: credit(s)})
	}
	if r.StoragePerUserGB > 0 {
		it := Item{Key: "storage.per_user_gb", Criterion: string(catalog.CriterionFeatures), Level: Must}
		switch {
		case o.Kind == catalog.SelfHosted:
			// The company sizes its own disk; the cost is in hardware/server.
			it.State, it.Credit = "sized by you", 1
		case !o.Storage.PerUserGB.Known:
			it.State, it.Credit = "unknown", 0.5
		default:
			it.State = fmt.Sprintf("%v GB", o.Storage.PerUserGB.Value)
			it.Credit = math.Min(1, o.Storage.PerUserGB.Value/r.StoragePerUserGB)
		}
		out = append(out, it)
	}
	if r.SupportHours != "" {
		it := Item{Key: "support.hours", Criterion: string(catalog.CriterionSupport), Level: Want, State: o.Support.Hours}
		switch {
		case o.Support.Hours == "unknown" || o.Support.Hours == "":
			it.State, it.Credit = "unknown", 0.5
		case r.SupportHours == "24x7" && o.Support.Hours != "24x7":
			it.Credit = 0
		default:
			it.Credit = 1
		}
		if o.Kind == catalog.SelfHosted {
			it.State, it.Credit = "your own staff", 0
		}
		out = append(out, it)
	}
	if r.Customization != No {
		it := Item{Key: "operations.customization", Criterion: string(catalog.CriterionFeatures), Level: r.Customization}
		if o.Kind == catalog.SelfHosted {
			it.State, it.Credit = "yes", 1
		} else {
			it.State, it.Credit = "no", 0
		}
		out = append(out, it)
	}
	return out
}

// coverage scores a criterion 0–100 as the level-weighted share of its
// requirements met. A criterion with nothing asked scores 100 for everyone:
// no requirement, no difference, and no division by zero.
func coverage(its []Item, c catalog.Criterion, lang string) (float64, string) {
	var got, max float64
	var met, partial, missed []string
	for _, it := range its {
		if it.Criterion != string(c) {
			continue
		}
		w := levelWeight(it.Level)
		max += w
		got += w * it.Credit
		label := capLabel(it.Key, lang)
		switch {
		case it.Credit >= 1:
			met = append(met, label)
		case it.Credit > 0:
			partial = append(partial, label+" ("+it.State+")")
		default:
			missed = append(missed, label)
		}
	}
	if max == 0 {
		return 100, tr(lang, "nothing required under this criterion, so every option scores 100",
			"この項目には要件がないため、全選択肢が100点です")
	}
	score := round2(100 * got / max)
	var parts []string
	if len(met) > 0 {
		parts = append(parts, tr(lang, "meets %s", "満たす: %s", strings.Join(met, ", ")))
	}
	if len(partial) > 0 {
		parts = append(parts, tr(lang, "partly or unverified: %s", "一部・未確認: %s", strings.Join(partial, ", ")))
	}
	if len(missed) > 0 {
		parts = append(parts, tr(lang, "misses %s", "満たさない: %s", strings.Join(missed, ", ")))
	}
	return score, strings.Join(parts, "; ")
}

// OperationsReference is the monthly admin time at which the operations
// score is 50: score = 100 × H / (H + hours). An absolute scale, so adding or
// removing another option never changes this option's score.
const OperationsReference = 4.0

func operationsScore(o *catalog.Option, r *Requirements, e Effort, lang string) (float64, string) {
	h := e.MonthlyHours[0]
	score := 100 * OperationsReference / (OperationsReference + h)
	detail := tr(lang, "about %.1f admin hours a month in year 1", "初年度の管理工数 月約%.1f時間", h)
	if req := o.Operations.RequiredExpertise; req != "" && req.Rank() > r.Expertise.Rank() {
		gap := req.Rank() - r.Expertise.Rank()
		score *= math.Pow(0.5, float64(gap))
		detail += tr(lang, "; needs %s expertise, the team has %s (score halved per level short)",
			"; 必要な専門知識は%s、社内は%s（1段階不足ごとに半減）", req, r.Expertise)
	}
	return round2(score), detail
}

// checkEligibility records violations and unverified musts.
func checkEligibility(res *Result, o *catalog.Option, r *Requirements, lang string) {
	violate := func(req, detail string) {
		res.Violations = append(res.Violations, Violation{Requirement: req, Detail: detail})
	}
	for _, it := range res.Items {
		if it.Level != Must {
			continue
		}
		switch {
		case it.Key == "storage.per_user_gb":
			if it.State == "unknown" {
				res.Unverified = append(res.Unverified, it.Key)
			} else if it.Credit < 1 {
				violate(it.Key, tr(lang, "offers %s per user; you need %v GB", "1ユーザーあたり%sで、必要な%vGBに足りません", it.State, r.StoragePerUserGB))
			}
		case it.Key == "operations.customization":
			if it.Credit == 0 {
				violate(it.Key, tr(lang, "a bought service cannot be customised or integrated freely; you require it",
					"外部サービスは自由なカスタマイズ・他システム連携ができません（必須要件）"))
			}
		case it.State == string(catalog.No):
			violate(it.Key, tr(lang, "%s is required, but %s does not offer it", "%sが必須ですが、%sは対応していません", capLabel(it.Key, lang), o.Name))
		case it.State == string(catalog.StateUnknown):
			res.Unverified = append(res.Unverified, it.Key)
		}
	}
	if g := res.TCO.capacity; g != nil {
		if g.NeedGB == 0 {
			violate("accounts.users", tr(lang, "you will need %d accounts in year %d; the largest plan allows at most %v",
				"%[2]d年目に%[1]dアカウント必要ですが、最大のプランでも上限は%[3]vです", g.Accounts, g.Year, g.Limit))
		} else {
			violate("storage.per_user_gb", tr(lang, "in year %d, %d accounts × %v GB need %v GB; the largest plan holds %v GB",
				"%d年目は%dアカウント×%vGBで%vGB必要ですが、最大のプランでも容量は%vGBです",
				g.Year, g.Accounts, r.StoragePerUserGB, g.NeedGB, g.Limit))
		}
	}
	checkBudget(res, r, lang)
	if o.Kind == catalog.SelfHosted {
		need := o.Operations.RequiredExpertise
		if need == "" {
			need = catalog.ExpertiseExpert
		}
		if need.Rank() > r.Expertise.Rank() {
			violate("operations.admin_expertise", tr(lang, "building and running %s needs %s mail-server expertise; your team has %s",
				"%sの構築・運用には%sレベルの専門知識が必要ですが、社内は%sです", o.Name, need, r.Expertise))
		}
		if h := res.Effort.MonthlyHours[0]; h > r.AdminHoursMonth {
			violate("operations.admin_hours_per_month", tr(lang, "running it takes about %.1f hours a month (outages, non-delivery, full mailboxes, bulk sending, patches); your team can give %.1f",
				"運用（障害・不達・容量不足・大量送信・パッチ）に月約%.1f時間かかりますが、確保できるのは月%.1f時間です", h, r.AdminHoursMonth))
		}
	}
}

// checkBudget compares the first year's cost with the budget. A price no
// source states makes the check unverified, unless the costs that are known
// (admin time, server, initial fee) already exceed the budget on their own:
// then the unknown part can only make it worse, and it is a violation.
func checkBudget(res *Result, r *Requirements, lang string) {
	violate := func(req, detail string) {
		res.Violations = append(res.Violations, Violation{Requirement: req, Detail: detail})
	}
	if r.InitialMax > 0 {
		initialKnown := !missingAny(res.TCO.Missing, "pricing.initial", "operations.hardware_initial")
		switch {
		case res.TCO.Initial > r.InitialMax && initialKnown:
			violate("budget.initial_max", tr(lang, "initial cost %s is over the budget of %s", "初期費用%sが予算%sを超えます",
				Money(res.TCO.Initial, r.Currency), Money(r.InitialMax, r.Currency)))
		case res.TCO.Initial > r.InitialMax:
			violate("budget.initial_max", tr(lang, "the initial costs that are known already come to %s, over the budget of %s, before the fees no source states",
				"判明している初期費用だけで%sとなり、非公開の費用を除いても予算%sを超えます", Money(res.TCO.Initial, r.Currency), Money(r.InitialMax, r.Currency)))
		case !initialKnown:
			res.Unverified = append(res.Unverified, "budget.initial_max")
		}
	}
	if r.MonthlyMax > 0 {
		monthly := res.TCO.Years[0].Cost / 12
		switch {
		case monthly > r.MonthlyMax && res.TCO.Priced:
			violate("budget.monthly_max", tr(lang, "first-year monthly cost %s (licences, add-ons, hosting and admin time) is over the budget of %s",
				"初年度の月額費用%s（ライセンス・オプション・サーバー・管理工数）が予算%sを超えます",
				Money(monthly, r.Currency), Money(r.MonthlyMax, r.Currency)))
		case monthly > r.MonthlyMax:
			violate("budget.monthly_max", tr(lang, "the monthly costs that are known (admin time, hosting) already come to %s, over the budget of %s, before the price no source states",
				"判明している月額費用（管理工数・サーバー）だけで%sとなり、非公開の料金を除いても予算%sを超えます",
				Money(monthly, r.Currency), Money(r.MonthlyMax, r.Currency)))
		case !res.TCO.Priced:
			res.Unverified = append(res.Unverified, "budget.monthly_max")
		}
	}
}

func missingAny(missing []string, keys ...string) bool {
	for _, m := range missing {
		for _, k := range keys {
			if m == k {
				return true
			}
		}
	}
	return false
}

// scoreCost scores cost as 100 × cheapest/this over eligible priced options.
// Relative to the best only, so adding or removing a dominated option never
// rescales anyone. An unpriced option scores 0: a price nobody has stated
// cannot win on cost. A priced TCO with a missing initial fee or add-on price
// is compared on what is known, and the gap is listed as unverified.
func scoreCost(results []Result) {
	n := len(results)
	tco, priced, elig, out := make([]float64, n), make([]bool, n), make([]bool, n), make([]float64, n)
	for i, r := range results {
		tco[i], priced[i], elig[i] = r.TCO.Total, r.TCO.Priced, len(r.Violations) == 0
	}
	costScores(tco, priced, elig, out, 1)
	for i := range results {
		results[i].Criteria["cost"] = out[i]
	}
}

// costScores is the cost rule, the one place it lives: 100 × cheapest /
// TCO, where cheapest is over eligible priced options (over all priced
// ones when none is eligible), rounded to 0.01; unpriced options score 0.
// out[i*stride] receives option i's score, so a caller can write straight
// into a row-major criteria matrix.
func costScores(tco []float64, priced, elig []bool, out []float64, stride int) {
	best := math.Inf(1)
	for i := range tco {
		if priced[i] && elig[i] && tco[i] < best {
			best = tco[i]
		}
	}
	if math.IsInf(best, 1) {
		for i := range tco {
			if priced[i] && tco[i] < best {
				best = tco[i]
			}
		}
	}
	for i := range tco {
		v := 0.0
		switch {
		case !priced[i]:
		case tco[i] <= 0 || tco[i] <= best:
			v = 100
		default:
			v = round2(100 * best / tco[i])
		}
		out[i*stride] = v
	}
}

func explainCost(res *Result, all []Result, currency, lang string) {
	if !res.TCO.Priced {
		res.Explanation["cost"] = tr(lang, "price not stated by any source (%s): scored 0 until you add a quote under [quotes.%s]",
			"価格が公開されていません（%s）。[quotes.%s]に見積を入れるまで0点", requirementLabels(res.TCO.Missing, lang), res.ID)
		return
	}
	res.Explanation["cost"] = tr(lang, "%d-year TCO %s (%s per user-month)", "%d年間のTCO %s（1ユーザー月あたり%s）",
		len(res.TCO.Years), Money(res.TCO.Total, currency), Money(res.TCO.PerUserMonth, currency))
	if !res.TCO.Complete {
		res.Explanation["cost"] += tr(lang, "; not included, no source states it: %s", "。公開情報がなく含まれていない費用: %s", requirementLabels(res.TCO.Missing, lang))
	}
}

// rank orders eligible options by score, then lower TCO, then id, and puts
// ineligible ones after them (rank 0) by fewest violations. Every key is
// total, so the order never depends on the catalog's order.
func rank(results []Result) {
	sort.SliceStable(results, func(i, j int) bool { return results[i].rankKey().before(results[j].rankKey()) })
	n := 0
	for i := range results {
		if results[i].Eligible {
			n++
			results[i].Rank = n
		} else {
			results[i].Rank = 0
		}
	}
}

// rankKey is what the ranking order looks at.
type rankKey struct {
	eligible   bool
	violations int
	score      float64
	priced     bool
	tco        float64
	id         string
}

func (r *Result) rankKey() rankKey {
	return rankKey{r.Eligible, len(r.Violations), r.Score, r.TCO.Priced, r.TCO.Total, r.ID}
}

// before is the ranking order, the one place it lives: eligible first,
// then (ineligible) fewest violations, then higher score, priced before
// unpriced, lower TCO, and id. Every key is total, so the order never
// depends on the catalog's order.
func (a rankKey) before(b rankKey) bool {
	if a.eligible != b.eligible {
		return a.eligible
	}
	if !a.eligible && a.violations != b.violations {
		return a.violations < b.violations
	}
	if a.score != b.score {
		return a.score > b.score
	}
	if a.priced != b.priced {
		return a.priced
	}
	if a.tco != b.tco {
		return a.tco < b.tco
	}
	return a.id < b.id
}
