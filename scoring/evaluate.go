package scoring

import (
	"fmt"
	"math"
	"strings"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/msg"
)

// Evaluation is the computed decision (METHODOLOGY.md). Reports render it and never
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
	// Criteria are the criteria scored, in report order (Options.Criteria).
	// Renderers iterate them; the JSON names them in weights and in each
	// result's criteria.
	Criteria []Criterion `json:"-"`
	method   Method      // the method Method names (DecisionMethod)
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
	Explanation    map[string]string  `json:"explanation"` // why each criterion scored what it did, rendered
	// Why is Explanation as coded messages, by criterion id.
	Why     map[string]msg.Message `json:"explanation_codes"`
	AsOf    string                 `json:"as_of"`
	Sources []string               `json:"sources"`
	// Provisional is true when the option's price is unknown: its TCO
	// covers only the known lines and it scores 0 on cost.
	Provisional bool `json:"provisional"`
	// TCOToWin is the highest horizon TCO at which this option would rank
	// first, all else unchanged; nil when no price makes it win, or when it
	// wins at any price (TCOToWinAnyPrice, TCOToWinWhileUnpriced).
	TCOToWin *float64 `json:"tco_to_win"`
	// TCOToWinAnyPrice: it ranks first at any price, scoring strictly
	// above every other eligible option even with no cost points. At most
	// one option can.
	TCOToWinAnyPrice bool `json:"tco_to_win_any_price,omitempty"`
	// TCOToWinWhileUnpriced: it would rank first at any price only while
	// these eligible options (ids) have no known price: it does not score
	// above them on everything but cost, and wins on a price being known
	// at all (the cost rule compares known prices; the tie-break puts a
	// known price first). Several options can say this at once.
	TCOToWinWhileUnpriced []string `json:"tco_to_win_while_unpriced,omitempty"`
	// PriceToWinMonthly is TCOToWin less the costs that are not the
	// vendor's price (labour, hosting), per month of the horizon: the
	// monthly price to ask for. Nil when that is zero or less.
	PriceToWinMonthly *float64 `json:"price_to_win_monthly,omitempty"`

	Option *catalog.Option `json:"-"`
}

// Violation is a requirement an option fails: a coded message (code and
// args in the JSON) and the sentence a manager reads, rendered from it in
// the evaluation's language.
type Violation struct {
	Requirement string `json:"requirement"`
	Detail      string `json:"detail"`
	msg.Message
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
	ID       string `json:"id"`
	RunnerUp string `json:"runner_up,omitempty"`
	// Margin is the winner's score less the runner-up's, in points (0
	// without a runner-up).
	Margin float64 `json:"margin"`
	// Tie lists the eligible options whose total equals the winner's, the
	// winner first, when first place is a tie (nil otherwise): ID is then
	// first only by the ranking's tie-break (rankKey.tieBefore), and
	// TieBreak names the key that decided it: "priced" (a known price
	// before an unknown one), "tco" (the lower TCO) or "id".
	Tie      []string `json:"tie,omitempty"`
	TieBreak string   `json:"tie_break,omitempty"`
	Reasons  []string `json:"reasons"` // rendered from ReasonCodes
	// ReasonCodes are the reasons as coded messages, in the same order.
	ReasonCodes []msg.Message `json:"reason_codes"`
}

// Readiness is the self-host verdict: the cases for building in-house
// weighed against the cases for a service (METHODOLOGY.md, "Readiness").
type Readiness struct {
	Verdict     string         `json:"verdict"`      // "recommended", "possible", "not_recommended"
	Reasons     []string       `json:"reasons"`      // rendered from ReasonCodes
	ReasonCodes []msg.Message  `json:"reason_codes"` // the reasons as coded messages
	Conditions  []Condition    `json:"conditions"`
	Plans       []SelfHostPlan `json:"plans"` // the build checklist and effort per self-hosted option
}

// Condition is one of the readiness conditions, evaluated.
type Condition struct {
	Key  string `json:"key"`
	Side string `json:"side"` // "build" (a case for self-hosting) or "service"
	Case string `json:"case"` // the case's heading, in the evaluation's language
	// Met is true only when Status is "met"; it stays for readers of the
	// two-state form, which cannot tell "not met" from "unknown".
	Met bool `json:"met"`
	// Status is "met", "not_met", or "unknown": the fact that decides the
	// case is not known (a provisional or lower-bound cost, security
	// must-haves no source confirms, admin time not given).
	Status string `json:"status"`
	Detail string `json:"detail"` // rendered from the message (code, args)
	msg.Message
}

// Condition statuses (Condition.Status).
const (
	StatusMet     = "met"
	StatusNotMet  = "not_met"
	StatusUnknown = "unknown"
)

// AssumptionsUsed records the defaults that fed this evaluation.
type AssumptionsUsed struct {
	HourlyCost      float64            `json:"hourly_cost"`
	HourlyCostBasis string             `json:"hourly_cost_basis"`
	FX              map[string]float64 `json:"fx"`
	AsOf            string             `json:"as_of"`
}

// Options control an evaluation.
type Options struct {
	Lang   string // the language reasons are rendered in; "" = requirements' lang
	Method string // the id of one of Methods; "" = the first ("wsm")
	// Criteria are the criteria to score, in report order; nil =
	// DefaultCriteria(). A criterion's weight is Requirements.Weights[id].
	Criteria []Criterion
	// Methods are the decision methods Method may name; nil =
	// DefaultMethods() (wsm, topsis).
	Methods []Method
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
	crit := o.Criteria
	if crit == nil {
		crit = defaultCriteria
	}
	if err := checkCriteria(crit); err != nil {
		return nil, err
	}
	methods := o.Methods
	if methods == nil {
		methods = defaultMethods
	}
	method, err := findMethod(methods, o.Method)
	if err != nil {
		return nil, err
	}
	ids := idsOf(crit)
	weights := normaliseOver(ids, r.Weights)
	var ahp *AHP
	if r.Pairwise != nil {
		if ahp, weights, err = deriveAHP(r, ids); err != nil {
			return nil, err
		}
	}
	ev := &Evaluation{AHP: ahp, Currency: r.Currency, HorizonYears: r.HorizonYears, Method: method.ID(), Lang: lang,
		Weights: map[string]float64{}, Requirements: r, Criteria: crit, method: method}
	for c, w := range weights {
		ev.Weights[string(c)] = w
	}
	hourly, basis, err := a.hourlyCost(r)
	if err != nil {
		return nil, err
	}
	ev.Assumptions = AssumptionsUsed{HourlyCost: hourly, HourlyCostBasis: basis, FX: r.FX, AsOf: a.AsOf.Format("2006-01-02")}

	for _, opt := range opts {
		if r.Excludes(opt.ID) {
			continue
		}
		res, err := evaluateOption(opt, r, a)
		if err != nil {
			return nil, fmt.Errorf("option %s: %w", opt.ID, err)
		}
		scoreCriteria(&res, crit, r)
		ev.Results = append(ev.Results, res)
	}
	if err := checkCosts(ev.Results, r); err != nil {
		return nil, err
	}
	ev.engine().score(ev.Results)
	rank(ev.Results)
	m := ev.engine() // rows in rank order now
	m.setTCOToWin(ev.Results)
	for _, c := range crit {
		if c.Rule != RelativeCost {
			continue
		}
		for i := range ev.Results {
			explainCost(&ev.Results[i], string(c.ID), r.Currency)
		}
	}
	ev.Recommendation = recommend(ev.Results, crit, weights, r)
	ev.SelfHostReadiness = readiness(ev.Results, r, a)
	if !o.NoSensitivity {
		ev.analyze(m, o.Sensitivity)
	}
	ev.render()
	return ev, nil
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func evaluateOption(o *catalog.Option, r *Requirements, a *Assumptions) (Result, error) {
	res := Result{ID: o.ID, Name: o.Name, Vendor: o.Vendor, Kind: string(o.Kind), Option: o,
		Criteria: map[string]float64{}, Violations: []Violation{}, Unverified: []string{},
		Explanation: map[string]string{}, Why: map[string]msg.Message{}, Sources: o.Sources, AsOf: o.AsOf.Format("2006-01-02")}
	res.Effort = effort(o, r, a)
	tco, err := computeTCO(o, r, a, res.Effort)
	if err != nil {
		return res, err
	}
	res.TCO = tco
	res.Items = items(o, r)
	checkEligibility(&res, o, r)
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

// scoreCriteria scores the criteria an option is scored on by itself
// (Coverage and PerOption); the engine scores relative cost once every
// option's TCO and eligibility are known.
func scoreCriteria(res *Result, crit []Criterion, r *Requirements) {
	facts := OptionFacts{Option: res.Option, Requirements: r, Effort: res.Effort, TCO: res.TCO, Items: res.Items}
	for _, c := range crit {
		id := string(c.ID)
		switch c.Rule {
		case Coverage:
			res.Criteria[id], res.Why[id] = coverage(res.Items, c.ID)
		case PerOption:
			res.Criteria[id], res.Why[id] = c.Score(facts)
		}
	}
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
func coverage(its []Item, c catalog.Criterion) (float64, msg.Message) {
	var got, max float64
	var met, missed msg.Reqs
	var partial []msg.Message
	for _, it := range its {
		if it.Criterion != string(c) {
			continue
		}
		w := levelWeight(it.Level)
		max += w
		got += w * it.Credit
		switch {
		case it.Credit >= 1:
			met = append(met, it.Key)
		case it.Credit > 0:
			partial = append(partial, msg.New("why.item_state", "key", msg.Req(it.Key), "state", msg.State(it.State)))
		default:
			missed = append(missed, it.Key)
		}
	}
	if max == 0 {
		return 100, msg.New("why.nothing_required")
	}
	score := round2(100 * got / max)
	var parts msg.Clauses
	if len(met) > 0 {
		parts = append(parts, msg.New("why.meets", "keys", met))
	}
	if len(partial) > 0 {
		parts = append(parts, msg.New("why.partly", "items", partial))
	}
	if len(missed) > 0 {
		parts = append(parts, msg.New("why.misses", "keys", missed))
	}
	return score, parts.Message()
}

// OperationsReference is the monthly admin time at which the operations
// score is 50: score = 100 × H / (H + hours). An absolute scale, so adding or
// removing another option never changes this option's score.
const OperationsReference = 4.0

func operationsScore(o *catalog.Option, r *Requirements, e Effort) (float64, msg.Message) {
	h := e.MonthlyHours[0]
	score := 100 * OperationsReference / (OperationsReference + h)
	parts := msg.Clauses{msg.New("why.ops_hours", "hours", h)}
	if req := o.Operations.RequiredExpertise; req != "" && req.Rank() > r.Expertise.Rank() {
		gap := req.Rank() - r.Expertise.Rank()
		score *= math.Pow(0.5, float64(gap))
		parts = append(parts, msg.New("why.ops_expertise", "need", msg.Expertise(req), "have", msg.Expertise(r.Expertise)))
	}
	return round2(score), parts.Message()
}

// violate records that res fails requirement key, and why.
func violate(res *Result, key string, why msg.Message) {
	res.Violations = append(res.Violations, Violation{Requirement: key, Message: why})
}

// optionArg is an option as a message argument.
func optionArg(o *catalog.Option) msg.Option { return msg.Option{ID: o.ID, Name: o.Name} }

// checkEligibility records violations and unverified musts.
func checkEligibility(res *Result, o *catalog.Option, r *Requirements) {
	for _, it := range res.Items {
		if it.Level != Must {
			continue
		}
		switch {
		case it.Key == "storage.per_user_gb":
			if it.State == "unknown" {
				res.Unverified = append(res.Unverified, it.Key)
			} else if it.Credit < 1 {
				violate(res, it.Key, msg.New("violation.storage", "offered", msg.State(it.State), "need", r.StoragePerUserGB))
			}
		case it.Key == "operations.customization":
			if it.Credit == 0 {
				violate(res, it.Key, msg.New("violation.customization"))
			}
		case it.State == string(catalog.No):
			violate(res, it.Key, msg.New("violation.capability", "key", msg.Req(it.Key), "option", optionArg(o)))
		case it.State == string(catalog.StateUnknown):
			res.Unverified = append(res.Unverified, it.Key)
		}
	}
	if g := res.TCO.capacity; g != nil {
		if g.NeedGB == 0 {
			violate(res, "accounts.users", msg.New("violation.accounts", "accounts", g.Accounts, "year", g.Year, "limit", g.Limit))
		} else {
			violate(res, "storage.per_user_gb", msg.New("violation.capacity", "year", g.Year, "accounts", g.Accounts,
				"per_user", r.StoragePerUserGB, "need", g.NeedGB, "limit", g.Limit))
		}
	}
	if p := res.TCO.contractGap; p != nil {
		switch {
		case r.Contract.TermMonths > 0 && p.TermMonths > r.Contract.TermMonths:
			violate(res, "contract.term_months", msg.New("violation.contract_term", "term", p.TermMonths, "max", r.Contract.TermMonths))
		default:
			violate(res, "contract.payment", msg.New("violation.contract_payment", "sold", payment(p.Payment), "wanted", payment(r.Contract.Payment)))
		}
	}
	checkBudget(res, r)
	if o.Kind == catalog.SelfHosted {
		need := o.Operations.RequiredExpertise
		if need == "" {
			need = catalog.ExpertiseExpert
		}
		if need.Rank() > r.Expertise.Rank() {
			violate(res, "operations.admin_expertise", msg.New("violation.expertise", "option", optionArg(o),
				"need", msg.Expertise(need), "have", msg.Expertise(r.Expertise)))
		}
		if h := res.Effort.MonthlyHours[0]; h > r.AdminHoursMonth {
			violate(res, "operations.admin_hours_per_month", msg.New("violation.admin_hours", "hours", h, "available", r.AdminHoursMonth))
		}
	}
}

// payment is a way of paying as a message argument: upfront, or monthly.
func payment(p string) msg.Message {
	if p == catalog.PaymentUpfront {
		return msg.New("payment.upfront")
	}
	return msg.New("payment.monthly")
}

// checkBudget compares the first year's cost with the budget. A price no
// source states makes the check unverified, unless the costs that are known
// (admin time, server, initial fee) already exceed the budget on their own:
// then the unknown part can only make it worse, and it is a violation.
func checkBudget(res *Result, r *Requirements) {
	money := func(v float64) msg.Money { return msg.Money{Amount: v, Currency: r.Currency} }
	if r.InitialMax > 0 {
		initialKnown := !missingAny(res.TCO.Missing, "pricing.initial", "operations.hardware_initial")
		switch {
		case res.TCO.Initial > r.InitialMax && initialKnown:
			violate(res, "budget.initial_max", msg.New("violation.initial_budget", "cost", money(res.TCO.Initial), "budget", money(r.InitialMax)))
		case res.TCO.Initial > r.InitialMax:
			violate(res, "budget.initial_max", msg.New("violation.initial_budget_known", "cost", money(res.TCO.Initial), "budget", money(r.InitialMax)))
		case !initialKnown:
			res.Unverified = append(res.Unverified, "budget.initial_max")
		}
	}
	if r.MonthlyMax > 0 {
		monthly := res.TCO.Years[0].Cost / 12
		switch {
		case monthly > r.MonthlyMax && res.TCO.Priced:
			// An add-on no source prices leaves the year's cost a lower bound.
			cost := money(monthly)
			cost.AtLeast = missingPrefix(res.TCO.Missing, "addons.")
			violate(res, "budget.monthly_max", msg.New("violation.monthly_budget", "cost", cost, "budget", money(r.MonthlyMax)))
		case monthly > r.MonthlyMax:
			violate(res, "budget.monthly_max", msg.New("violation.monthly_budget_known", "cost", money(monthly), "budget", money(r.MonthlyMax)))
		case !res.TCO.Priced:
			res.Unverified = append(res.Unverified, "budget.monthly_max")
		}
	}
}

func missingPrefix(missing []string, prefix string) bool {
	for _, m := range missing {
		if strings.HasPrefix(m, prefix) {
			return true
		}
	}
	return false
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

// explainCost says why an option scores what it does on the relative-cost
// criterion id.
func explainCost(res *Result, id, currency string) {
	if !res.TCO.Priced {
		res.Why[id] = msg.New("why.cost_unpriced", "missing", msg.Reqs(res.TCO.Missing), "id", res.ID)
		return
	}
	parts := msg.Clauses{msg.New("why.cost", "years", len(res.TCO.Years), "tco", res.TCO.TotalMoney(currency), "per_user", res.TCO.PerUserMoney(currency))}
	if !res.TCO.Complete {
		parts = append(parts, msg.New("why.cost_missing", "missing", msg.Reqs(res.TCO.Missing)))
	}
	res.Why[id] = parts.Message()
}
