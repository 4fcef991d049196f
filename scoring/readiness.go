package scoring

import (
	"strings"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/msg"
)

// SelfHostPlan is the build flow (自社でメールサーバーを構築する大まかな流れ)
// as a checklist for one self-hosted option, with the effort it takes.
type SelfHostPlan struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	Generic      bool    `json:"generic,omitempty"` // no self-hosted option in the catalog: a server built by hand
	Eligible     bool    `json:"eligible"`
	SetupHours   float64 `json:"setup_hours"`
	SetupBasis   string  `json:"setup_basis"`
	SetupCost    float64 `json:"setup_cost"`
	MonthlyHours float64 `json:"monthly_hours"` // year 1
	Initial      float64 `json:"initial"`
	Total        float64 `json:"total"`
	Priced       bool    `json:"priced"`
	// InitialAtLeast and TotalAtLeast mark a lower bound (TCO.LowerBound):
	// a cost no source states is left out.
	InitialAtLeast bool            `json:"initial_at_least,omitempty"`
	TotalAtLeast   bool            `json:"total_at_least,omitempty"`
	Checklist      []ChecklistStep `json:"checklist"`
	Tasks          []TaskLoad      `json:"tasks,omitempty"`
}

// ChecklistStep is one step of the build flow: whether the option's stack
// does it for you ("included"), you do it ("manual"), or no source says.
type ChecklistStep struct {
	Step     string  `json:"step"`
	Label    string  `json:"label"` // the step's name in the evaluation's language
	Included string  `json:"included"`
	Hours    float64 `json:"hours"` // 0 when the catalog gives only a total
}

// TaskLoad is one recurring operating task's monthly hours in year 1.
type TaskLoad struct {
	Task  string  `json:"task"`
	Label string  `json:"label"`
	Hours float64 `json:"hours"`
}

// genericID is the id of the stand-in for "build it yourself" when the
// catalog has no self-hosted option.
const genericID = "self-built"

// genericSelfHosted stands for "build it yourself" when the catalog has no
// self-hosted option: every build step manual, expert skills needed, the
// company's own server figures. Nothing about it is invented: the hours
// come from the documented assumptions. It has no name of its own: people
// read "a self-built mail server" in their language (selfHostArg).
func genericSelfHosted(r *Requirements) *catalog.Option {
	return &catalog.Option{ID: genericID, Kind: catalog.SelfHosted, Caps: map[string]catalog.State{}, AddonPrice: map[string]catalog.Amount{}, Build: map[string]catalog.State{},
		Pricing:    catalog.Pricing{Currency: r.Currency, PerUserMonth: catalog.Known(0), Initial: catalog.Known(0), PerYear: catalog.Known(0)},
		Operations: catalog.Operations{RequiredExpertise: catalog.ExpertiseExpert},
		Support:    catalog.SupportTerms{Hours: "unknown"}}
}

// selfHostArg is a self-hosted option as a message argument; the generic
// stand-in is worded as "a self-built mail server".
func selfHostArg(res *Result) any {
	if res.ID == genericID && res.Name == "" {
		return msg.New("option.self-built")
	}
	return resultArg(res)
}

func plan(res *Result, o *catalog.Option, hourly float64) SelfHostPlan {
	p := SelfHostPlan{ID: res.ID, Name: res.Name, Eligible: res.Eligible, SetupHours: res.Effort.SetupHours,
		SetupBasis: res.Effort.SetupBasis, SetupCost: res.Effort.SetupHours * hourly, MonthlyHours: res.Effort.MonthlyHours[0],
		Initial: res.TCO.Initial, Total: res.TCO.Total, Priced: res.TCO.Priced,
		InitialAtLeast: res.TCO.InitialLowerBound(), TotalAtLeast: res.TCO.LowerBound()}
	hours := map[string]StepEffort{}
	for _, s := range res.Effort.Steps {
		hours[s.Step] = s
	}
	for _, s := range catalog.BuildSteps {
		st := ChecklistStep{Step: s.Key}
		if e, ok := hours[s.Key]; ok {
			st.Included, st.Hours = e.Included, e.Hours
		} else {
			switch o.Build[s.Key] {
			case catalog.Yes:
				st.Included = "included"
			case catalog.No:
				st.Included = "manual"
			default:
				st.Included = "unknown"
			}
		}
		p.Checklist = append(p.Checklist, st)
	}
	for _, t := range catalog.OperatingTasks {
		if h, ok := res.Effort.Tasks[t.Key]; ok {
			p.Tasks = append(p.Tasks, TaskLoad{Task: t.Key, Hours: h})
		}
	}
	return p
}

// readiness evaluates the cases for building in-house
// (自社でのメールサーバー構築を検討するとよいケース) and for using a service
// (外部のメールサーバーサービスを利用すべきケース) against the requirements,
// and lists a build checklist with effort for each self-hosted option. It
// goes in steps: the self-hosted plans and the one to weigh, what the
// services offer, the build-side cases, the service-side cases, the
// verdict.
func readiness(results []Result, r *Requirements, a *Assumptions) Readiness {
	rd := Readiness{Plans: []SelfHostPlan{}}
	var best *Result
	rd.Plans, best = selfHostPlans(results, r, a)
	sv := surveyServices(results)
	f := readinessFacts{r: r, best: best, sv: sv}
	f.weigh()
	rd.Conditions = append(f.buildCases(), f.serviceCases()...)
	rd.Verdict, rd.ReasonCodes = f.verdict()
	return rd
}

// selfHostPlans lists a plan per self-hosted option and picks the one
// readiness weighs; with none in the catalog, the generic stand-in.
func selfHostPlans(results []Result, r *Requirements, a *Assumptions) ([]SelfHostPlan, *Result) {
	hourly, _, _ := a.hourlyCost(r) // Evaluate has already checked it
	plans := []SelfHostPlan{}
	var best *Result
	for i := range results {
		res := &results[i]
		if res.Kind != string(catalog.SelfHosted) {
			continue
		}
		plans = append(plans, plan(res, res.Option, hourly))
		if best == nil || betterSelfHost(res, best) {
			best = res
		}
	}
	if best == nil {
		o := genericSelfHosted(r)
		if g, err := evaluateOption(o, r, a); err == nil {
			best = &g
			p := plan(best, o, hourly)
			p.Generic = true
			plans = append(plans, p)
		}
	}
	return plans, best
}

// services is what the services offer: which are eligible, which fail no
// security must-have (and of those, which leave one unconfirmed), and the
// cheapest eligible priced one.
type services struct {
	eligible, secure, secureUnverified []msg.Option
	cheapest                           *Result
}

func surveyServices(results []Result) services {
	var sv services
	for i := range results {
		res := &results[i]
		if res.Kind == string(catalog.SelfHosted) {
			continue
		}
		if res.Eligible {
			sv.eligible = append(sv.eligible, resultArg(res))
			if res.TCO.Priced && (sv.cheapest == nil || res.TCO.Total < sv.cheapest.TCO.Total) {
				sv.cheapest = res
			}
		}
		secure := true
		for _, v := range res.Violations {
			if strings.HasPrefix(v.Requirement, "security.") {
				secure = false
			}
		}
		if !secure {
			continue
		}
		// A must-have no source states is not met as far as anyone
		// knows: such a service is not ruled out, but is not said to
		// meet the must-haves either.
		unconfirmed := false
		for _, u := range res.Unverified {
			if strings.HasPrefix(u, "security.") {
				unconfirmed = true
			}
		}
		if unconfirmed {
			sv.secureUnverified = append(sv.secureUnverified, resultArg(res))
		} else {
			sv.secure = append(sv.secure, resultArg(res))
		}
	}
	return sv
}

// names lists options for a sentence: at most three, then "and n more".
func names(os []msg.Option) any {
	if len(os) > 3 {
		return msg.New("list.more", "names", msg.Options(os[:3]), "n", len(os)-3)
	}
	return msg.Options(os)
}

// tri is a fact that may be unknown: a case resting on an unknown fact is
// neither met nor not met, and the verdict counts it neither way.
type tri uint8

const (
	triNo tri = iota
	triYes
	triUnknown
)

func known(b bool) tri {
	if b {
		return triYes
	}
	return triNo
}

func (t tri) not() tri {
	switch t {
	case triYes:
		return triNo
	case triNo:
		return triYes
	}
	return triUnknown
}

// or is yes when either is, and unknown when neither is but one is
// unknown: an unknown can still make it yes.
func (t tri) or(u tri) tri {
	switch {
	case t == triYes || u == triYes:
		return triYes
	case t == triUnknown || u == triUnknown:
		return triUnknown
	}
	return triNo
}

func (t tri) status() string {
	switch t {
	case triYes:
		return StatusMet
	case triNo:
		return StatusNotMet
	}
	return StatusUnknown
}

// readinessFacts are the facts the cases and the verdict read.
type readinessFacts struct {
	r    *Requirements
	best *Result // the self-hosted option weighed; nil if none could be
	sv   services

	custom, closed, expert            bool
	secNeed, capacity, budget, costly tri
	planHours                         float64
	secDetail, capDetail, costDetail  msg.Message
}

// weigh settles the facts and the details the cases share.
func (f *readinessFacts) weigh() {
	r := f.r
	f.custom = r.Customization != No
	f.closed = r.Level("security.closed_network") != No
	secureAny := len(f.sv.secure)+len(f.sv.secureUnverified) > 0
	switch {
	case f.closed || !secureAny:
		f.secNeed = triYes
	case len(f.sv.secure) > 0:
		f.secNeed = triNo
	default:
		// Every service that fails no security must-have leaves one
		// unconfirmed: whether any meets them is unknown.
		f.secNeed = triUnknown
	}
	f.expert = r.Expertise == catalog.ExpertiseExpert
	f.capacity, f.budget = triUnknown, triUnknown
	if f.best != nil {
		f.planHours = f.best.Effort.MonthlyHours[0]
		if !r.AdminHoursUnset {
			f.capacity = known(r.AdminHoursMonth >= f.planHours)
		}
		f.budget = fitsBudget(f.best)
	}
	switch {
	case f.closed:
		f.secDetail = msg.New("cond.closed_network", "level", msg.Level(r.Level("security.closed_network")))
	case !secureAny:
		f.secDetail = msg.New("cond.no_secure_service")
	default:
		var parts msg.Clauses
		if len(f.sv.secure) > 0 {
			parts = append(parts, msg.New("cond.secure_services", "options", names(f.sv.secure)))
		}
		if len(f.sv.secureUnverified) > 0 {
			parts = append(parts, msg.New("cond.secure_unverified", "options", names(f.sv.secureUnverified)))
		}
		f.secDetail = parts.Message()
	}
	if f.best != nil {
		if r.AdminHoursUnset {
			f.capDetail = msg.New("cond.capacity_unset", "option", selfHostArg(f.best), "hours", f.planHours)
		} else {
			f.capDetail = msg.New("cond.capacity", "option", selfHostArg(f.best), "hours", f.planHours, "available", r.AdminHoursMonth)
		}
	}
	f.costDetail = f.costCase()
}

// fitsBudget is no when the option breaks a budget, unknown when a price
// no source states leaves a budget check open (checkBudget), yes otherwise.
func fitsBudget(res *Result) tri {
	for _, v := range res.Violations {
		if strings.HasPrefix(v.Requirement, "budget.") {
			return triNo
		}
	}
	for _, u := range res.Unverified {
		if strings.HasPrefix(u, "budget.") {
			return triUnknown
		}
	}
	return triYes
}

// costCase words what self-hosting costs against the cheapest service, and
// sets costly: yes when it is over budget or costs more than the cheapest
// eligible service, unknown when an unknown cost decides either.
func (f *readinessFacts) costCase() msg.Message {
	best, r := f.best, f.r
	if best == nil {
		f.costly = triUnknown
		return msg.Message{}
	}
	cur := r.Currency
	dearer := triNo // no priced service to compare with: only the budget speaks
	var parts msg.Clauses
	if best.TCO.Priced {
		parts = append(parts, msg.New("cond.cost", "option", selfHostArg(best), "initial", best.TCO.InitialMoney(cur),
			"years", r.HorizonYears, "tco", best.TCO.TotalMoney(cur)))
		if c := f.sv.cheapest; c != nil {
			parts = append(parts, msg.New("cond.cheapest_service", "option", resultArg(c), "tco", c.TCO.TotalMoney(cur)))
			// A lower bound decides only in its own direction: a
			// self-hosted floor above the service's known total is
			// dearer, one below it may still be.
			switch {
			case best.TCO.Total > c.TCO.Total && !c.TCO.LowerBound():
				dearer = triYes
			case best.TCO.Total > c.TCO.Total || best.TCO.LowerBound():
				dearer = triUnknown
			}
		}
	} else {
		dearer = triUnknown
		parts = append(parts, msg.New("cond.cost_unknown", "option", selfHostArg(best)))
		if g := best.TCO.HostingGap; g != nil {
			parts = append(parts, g.Message())
		}
	}
	f.costly = f.budget.not().or(dearer)
	if f.budget == triNo && best.TCO.Priced {
		parts = append(parts, msg.New("cond.over_budget"))
	} else if f.budget == triNo {
		// The cost is unknown, so "over budget" needs its reason: the
		// costs that are known already exceed it (the violation says so).
		for _, v := range best.Violations {
			if strings.HasPrefix(v.Requirement, "budget.") {
				parts = append(parts, v.Message)
			}
		}
	}
	return parts.Message()
}

func cond(key string, t tri, detail msg.Message) Condition {
	side, _, _ := strings.Cut(key, ".")
	return Condition{Key: key, Side: side, Met: t == triYes, Status: t.status(), Message: detail}
}

// buildCases are the cases for building in-house.
func (f *readinessFacts) buildCases() []Condition {
	r := f.r
	custom := msg.New("cond.no_customization")
	if f.custom {
		custom = msg.New("cond.customization", "level", msg.Level(r.Customization))
	}
	return []Condition{
		cond("build.customization", known(f.custom), custom),
		cond("build.security", f.secNeed, f.secDetail),
		cond("build.expertise", known(f.expert), msg.New("cond.expertise_build", "have", msg.Expertise(r.Expertise), "need", msg.Expertise(catalog.ExpertiseExpert))),
		cond("build.capacity", f.capacity, f.capDetail),
	}
}

// serviceCases are the cases for using a service.
func (f *readinessFacts) serviceCases() []Condition {
	needs := msg.New("cond.no_eligible_service")
	if len(f.sv.eligible) > 0 {
		needs = msg.New("cond.eligible_services", "options", names(f.sv.eligible))
	}
	return []Condition{
		cond("service.needs", known(len(f.sv.eligible) > 0), needs),
		cond("service.security", f.secNeed.not(), f.secDetail),
		cond("service.no_expert", known(!f.expert), msg.New("cond.expertise", "have", msg.Expertise(f.r.Expertise))),
		cond("service.no_time", f.capacity.not(), f.capDetail),
		cond("service.no_budget", f.costly, f.costDetail),
	}
}

// verdict is recommended when something calls for self-hosting and the
// team can do it, possible when it can but nothing calls for it, and
// not_recommended when a known gap stands in the way, with the gaps as
// reasons. An unknown fact is evidence neither way: an unknown need does
// not call for self-hosting, and an unknown capacity or budget is no gap
// but no ability either. With no known gap and an ability unknown the
// verdict is possible, with reasons that name what to confirm first.
func (f *readinessFacts) verdict() (string, []msg.Message) {
	need := f.custom || f.secNeed == triYes || len(f.sv.eligible) == 0
	gap := !f.expert || f.capacity == triNo || f.budget == triNo || f.best == nil
	able := !gap && f.capacity == triYes && f.budget == triYes
	var v string
	var reasons []msg.Message
	switch {
	case need && able:
		v = "recommended"
		reasons = append(reasons, msg.New("ready.recommended"))
	case able:
		v = "possible"
		reasons = append(reasons, msg.New("ready.possible"))
	case !gap:
		v = "possible"
		if need {
			reasons = append(reasons, msg.New("ready.need_unconfirmed"))
		} else {
			reasons = append(reasons, msg.New("ready.possible_unconfirmed"))
		}
		if f.capacity == triUnknown {
			reasons = append(reasons, msg.New("ready.unknown_time", "hours", f.planHours))
		}
		if f.budget == triUnknown {
			reasons = append(reasons, msg.New("ready.unknown_budget"))
		}
	default:
		v = "not_recommended"
		if !f.expert {
			reasons = append(reasons, msg.New("ready.no_expert"))
		}
		if f.capacity == triNo {
			reasons = append(reasons, msg.New("ready.no_time", "hours", f.planHours, "available", f.r.AdminHoursMonth))
		}
		if f.budget == triNo {
			reasons = append(reasons, msg.New("ready.no_budget"))
		}
		if need {
			reasons = append(reasons, msg.New("ready.close_gaps"))
		}
	}
	if f.costly == triYes && f.budget == triYes && v != "not_recommended" {
		reasons = append(reasons, msg.New("ready.costs_more"))
	}
	return v, reasons
}

// betterSelfHost picks the self-hosted option readiness weighs: eligible
// first, then the higher score, the most capable one even when none is
// eligible (the ranking would prefer fewer violations, which an unknown
// price can give). Equal scores fall to the ranking's tie-break
// (rankKey.tieBefore), so among eligible options it is the one that ranks
// higher.
func betterSelfHost(a, b *Result) bool {
	if a.Eligible != b.Eligible {
		return a.Eligible
	}
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	return a.rankKey().tieBefore(b.rankKey())
}
