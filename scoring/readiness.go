package scoring

import (
	"strings"

	"github.com/mailpick/mailpick/catalog"
)

// SelfHostPlan is the seed's build flow (自社でメールサーバーを構築する大まかな流れ)
// as a checklist for one self-hosted option, with the effort it takes.
type SelfHostPlan struct {
	ID           string          `json:"id"`
	Name         string          `json:"name"`
	Generic      bool            `json:"generic,omitempty"` // no self-hosted option in the catalog: a server built by hand
	Eligible     bool            `json:"eligible"`
	SetupHours   float64         `json:"setup_hours"`
	SetupBasis   string          `json:"setup_basis"`
	SetupCost    float64         `json:"setup_cost"`
	MonthlyHours float64         `json:"monthly_hours"` // year 1
	Initial      float64         `json:"initial"`
	Total        float64         `json:"total"`
	Priced       bool            `json:"priced"`
	Checklist    []ChecklistStep `json:"checklist"`
	Tasks        []TaskLoad      `json:"tasks,omitempty"`
}

// ChecklistStep is one step of the build flow: whether the option's stack
// does it for you ("included"), you do it ("manual"), or no source says.
type ChecklistStep struct {
	Step     string  `json:"step"`
	Label    string  `json:"label"`
	Included string  `json:"included"`
	Hours    float64 `json:"hours"` // 0 when the catalog gives only a total
}

// TaskLoad is one recurring operating task's monthly hours in year 1.
type TaskLoad struct {
	Task  string  `json:"task"`
	Label string  `json:"label"`
	Hours float64 `json:"hours"`
}

// genericSelfHosted stands for "build it yourself" when the catalog has no
// self-hosted option: every build step manual, expert skills needed, the
// company's own server figures. Nothing about it is invented: the hours
// come from the documented assumptions.
func genericSelfHosted(r *Requirements, lang string) *catalog.Option {
	return &catalog.Option{ID: "self-built", Name: tr(lang, "a self-built mail server", "自社構築のメールサーバー"),
		Kind: catalog.SelfHosted, Caps: map[string]catalog.State{}, AddonPrice: map[string]catalog.Amount{}, Build: map[string]catalog.State{},
		Pricing:    catalog.Pricing{Currency: r.Currency, PerUserMonth: catalog.Known(0), Initial: catalog.Known(0), PerYear: catalog.Known(0)},
		Operations: catalog.Operations{RequiredExpertise: catalog.ExpertiseExpert},
		Support:    catalog.SupportTerms{Hours: "unknown"}}
}

func plan(res *Result, o *catalog.Option, hourly float64, lang string) SelfHostPlan {
	p := SelfHostPlan{ID: res.ID, Name: res.Name, Eligible: res.Eligible, SetupHours: res.Effort.SetupHours,
		SetupBasis: res.Effort.SetupBasis, SetupCost: res.Effort.SetupHours * hourly, MonthlyHours: res.Effort.MonthlyHours[0],
		Initial: res.TCO.Initial, Total: res.TCO.Total, Priced: res.TCO.Priced}
	hours := map[string]StepEffort{}
	for _, s := range res.Effort.Steps {
		hours[s.Step] = s
	}
	for _, s := range catalog.BuildSteps {
		st := ChecklistStep{Step: s.Key, Label: s.EN}
		if lang == "ja" {
			st.Label = s.JA
		}
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
			label := t.EN
			if lang == "ja" {
				label = t.JA
			}
			p.Tasks = append(p.Tasks, TaskLoad{Task: t.Key, Label: label, Hours: h})
		}
	}
	return p
}

// readiness evaluates the seed's cases for building in-house
// (自社でのメールサーバー構築を検討するとよいケース) and for using a service
// (外部のメールサーバーサービスを利用すべきケース) against the requirements,
// and lists a build checklist with effort for each self-hosted option.
func readiness(results []Result, r *Requirements, a *Assumptions, lang string) Readiness {
	hourly, _, _ := a.hourlyCost(r) // Evaluate has already checked it
	rd := Readiness{Plans: []SelfHostPlan{}}
	var best *Result
	for i := range results {
		res := &results[i]
		if res.Kind != string(catalog.SelfHosted) {
			continue
		}
		rd.Plans = append(rd.Plans, plan(res, res.Option, hourly, lang))
		if best == nil || betterSelfHost(res, best) {
			best = res
		}
	}
	if best == nil {
		o := genericSelfHosted(r, lang)
		if g, err := evaluateOption(o, r, a, lang); err == nil {
			best = &g
			p := plan(best, o, hourly, lang)
			p.Generic = true
			rd.Plans = append(rd.Plans, p)
		}
	}

	var cheapest *Result
	var eligibleService, secureService []string
	for i := range results {
		res := &results[i]
		if res.Kind == string(catalog.SelfHosted) {
			continue
		}
		if res.Eligible {
			eligibleService = append(eligibleService, res.Name)
			if res.TCO.Priced && (cheapest == nil || res.TCO.Total < cheapest.TCO.Total) {
				cheapest = res
			}
		}
		secure := true
		for _, v := range res.Violations {
			if strings.HasPrefix(v.Requirement, "security.") {
				secure = false
			}
		}
		if secure {
			secureService = append(secureService, res.Name)
		}
	}
	names := func(ns []string) string {
		if len(ns) > 3 {
			return strings.Join(ns[:3], ", ") + tr(lang, " and %d more", " ほか%d件", len(ns)-3)
		}
		return strings.Join(ns, ", ")
	}

	// Build side.
	custom := r.Customization != No
	closed := r.Level("security.closed_network") != No
	secNeed := closed || len(secureService) == 0
	expert := r.Expertise == catalog.ExpertiseExpert
	capacity, budget := false, true
	var planHours float64
	if best != nil {
		planHours = best.Effort.MonthlyHours[0]
		capacity = r.AdminHoursMonth >= planHours
		for _, v := range best.Violations {
			if strings.HasPrefix(v.Requirement, "budget.") {
				budget = false
			}
		}
	}
	var conds []Condition
	cond := func(key, side, caseEN, caseJA string, met bool, detail string) {
		c := Condition{Key: key, Side: side, Case: caseEN, Met: met, Detail: detail}
		if lang == "ja" {
			c.Case = caseJA
		}
		conds = append(conds, c)
	}
	cond("build.customization", "build", "You want to customise the mail server freely to your environment",
		"自社の環境に合わせメールサーバーを自由にカスタマイズしたい", custom,
		map[bool]string{true: tr(lang, "customisation / integration with your systems is %s", "自由なカスタマイズ・他システム連携は%s", levelPhrase(r.Customization, lang)),
			false: tr(lang, "you do not ask for customisation or integration", "カスタマイズ・他システム連携は求められていません")}[custom])
	secDetail := tr(lang, "no closed network required, and %s meet your security must-haves", "閉域網は不要で、%sがセキュリティの必須要件を満たします", names(secureService))
	switch {
	case closed:
		secDetail = tr(lang, "a closed network (data kept in-house) is %s", "閉域網（機密情報を社内に保存）が%s", levelPhrase(r.Level("security.closed_network"), lang))
	case len(secureService) == 0:
		secDetail = tr(lang, "no service meets your security must-haves", "セキュリティの必須要件を満たす外部サービスがありません")
	}
	cond("build.security", "build", "Advanced security is required (data kept in-house, closed network)",
		"高度なセキュリティ要件が求められる", secNeed, secDetail)
	cond("build.expertise", "build", "Expert administrators or a department exist",
		"高度な専門知識をもつ管理者・担当部署が存在する", expert,
		tr(lang, "in-house expertise: %s (self-hosting needs expert)", "社内の専門知識: %s（自社構築にはexpertが必要）", r.Expertise))
	capDetail := ""
	if best != nil {
		capDetail = tr(lang, "running %s takes about %.1f h/month; the team can give %.1f h/month", "%sの運用は月約%.1f時間、確保できるのは月%.1f時間",
			best.Name, planHours, r.AdminHoursMonth)
	}
	cond("build.capacity", "build", "The administrators can carry the operating load",
		"メールサーバー運営の負担が問題ないといえる管理者・担当部署がいる", capacity, capDetail)

	// Service side.
	cond("service.needs", "service", "A mail service meets your needs", "外部メールサーバーサービスが自社のニーズを満たす",
		len(eligibleService) > 0, map[bool]string{true: tr(lang, "eligible services: %s", "要件を満たすサービス: %s", names(eligibleService)),
			false: tr(lang, "no service meets every must-have", "すべての必須要件を満たすサービスがありません")}[len(eligibleService) > 0])
	cond("service.security", "service", "A service's security meets your requirements", "外部メールサーバーのセキュリティが自社の要件に合う",
		!closed && len(secureService) > 0, secDetail)
	cond("service.no_expert", "service", "No expert administrator in-house", "自社に高い専門知識をもつ管理者がいない", !expert,
		tr(lang, "in-house expertise: %s", "社内の専門知識: %s", r.Expertise))
	cond("service.no_time", "service", "You cannot spend the time to run a mail server", "メールサーバーの運用に手間をかけられない",
		best != nil && !capacity, capDetail)
	costly := !budget
	costDetail := ""
	if best != nil {
		costDetail = tr(lang, "%s: initial %s, %d-year TCO %s", "%s: 初期費用%s、%d年間TCO %s", best.Name, Money(best.TCO.Initial, r.Currency),
			r.HorizonYears, Money(best.TCO.Total, r.Currency))
		if !best.TCO.Priced {
			costDetail = tr(lang, "%s: hosting cost unknown; set [operations] server_monthly", "%s: サーバー費用が不明です。[operations] server_monthlyを設定してください", best.Name)
		}
		if cheapest != nil && best.TCO.Priced {
			costDetail += tr(lang, "; cheapest eligible service %s: %s", "。最安の外部サービス %s: %s", cheapest.Name, Money(cheapest.TCO.Total, r.Currency))
			if best.TCO.Total > cheapest.TCO.Total {
				costly = true
			}
		}
		if !budget {
			costDetail += tr(lang, "; over your budget", "。予算超過")
		}
	}
	cond("service.no_budget", "service", "You cannot afford to build and run one", "メールサーバー構築・運用のコストをかけられない", costly, costDetail)
	rd.Conditions = conds

	need := custom || secNeed || len(eligibleService) == 0
	able := expert && capacity && budget
	switch {
	case need && able:
		rd.Verdict = "recommended"
		rd.Reasons = append(rd.Reasons, tr(lang, "your requirements call for self-hosting and the team can build and run it",
			"要件が自社構築を必要としており、構築・運用できる体制があります"))
	case able:
		rd.Verdict = "possible"
		rd.Reasons = append(rd.Reasons, tr(lang, "the team could self-host, but nothing requires it: consider the services first, as the seed advises",
			"自社構築は可能ですが必要な要件はありません。まず外部サービスを検討してください"))
	default:
		rd.Verdict = "not_recommended"
		if !expert {
			rd.Reasons = append(rd.Reasons, tr(lang, "no expert mail administrator in-house", "高度な専門知識を持つ管理者が社内にいません"))
		}
		if best != nil && !capacity {
			rd.Reasons = append(rd.Reasons, tr(lang, "not enough admin time for the operating load (%.1f h/month needed, %.1f available)",
				"運用負担に見合う管理工数を確保できません（必要 月%.1f時間、確保 月%.1f時間）", planHours, r.AdminHoursMonth))
		}
		if !budget {
			rd.Reasons = append(rd.Reasons, tr(lang, "self-hosting does not fit the budget", "自社構築は予算に収まりません"))
		}
		if need {
			rd.Reasons = append(rd.Reasons, tr(lang, "your requirements call for self-hosting: close these gaps first (hire or train, or outsource operations)",
				"要件は自社構築を必要としています。先に体制（採用・育成・運用委託）を整えてください"))
		}
	}
	if costly && budget && rd.Verdict != "not_recommended" {
		rd.Reasons = append(rd.Reasons, tr(lang, "self-hosting costs more than the cheapest eligible service over the horizon",
			"期間全体で見ると、自社構築は最安の外部サービスより高くつきます"))
	}
	return rd
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
