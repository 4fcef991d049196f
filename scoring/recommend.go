package scoring

import (
	"sort"
	"strings"

	"github.com/mailpick/mailpick/catalog"
)

// recommend names the top eligible option and the reasons that decide it
// against the runner-up: the criteria where its weighted lead is largest.
func recommend(results []Result, w map[catalog.Criterion]float64, r *Requirements, lang string) Recommendation {
	var eligible []*Result
	for i := range results {
		if results[i].Eligible {
			eligible = append(eligible, &results[i])
		}
	}
	if len(eligible) == 0 {
		rec := Recommendation{Reasons: []string{tr(lang,
			"no option meets every must-have requirement; relax the requirements below or get quotes",
			"すべての必須要件を満たす選択肢がありません。以下の要件を見直すか、見積を取得してください")}}
		counts := map[string]int{}
		for _, res := range results {
			for _, v := range res.Violations {
				counts[v.Requirement]++
			}
		}
		keys := make([]string, 0, len(counts))
		for k := range counts {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			if counts[keys[i]] != counts[keys[j]] {
				return counts[keys[i]] > counts[keys[j]]
			}
			return keys[i] < keys[j]
		})
		for i, k := range keys {
			if i == 3 {
				break
			}
			rec.Reasons = append(rec.Reasons, tr(lang, "%s rules out %d of %d options", "%sにより%d/%d件が対象外", capLabelOrKey(k, lang), counts[k], len(results)))
		}
		if len(results) > 0 {
			rec.Reasons = append(rec.Reasons, tr(lang, "closest: %s (%d violation(s))", "最も近い選択肢: %s（違反%d件）", results[0].Name, len(results[0].Violations)))
		}
		return rec
	}
	win := eligible[0]
	rec := Recommendation{ID: win.ID}
	if len(eligible) == 1 {
		rec.Reasons = append(rec.Reasons, tr(lang, "%s is the only option that meets every must-have requirement",
			"すべての必須要件を満たすのは%sのみです", win.Name))
	} else {
		run := eligible[1]
		rec.RunnerUp = run.ID
		type lead struct {
			c catalog.Criterion
			v float64
		}
		var leads []lead
		for _, c := range catalog.Criteria {
			d := w[c] * (win.Criteria[string(c)] - run.Criteria[string(c)])
			if d > 0 {
				leads = append(leads, lead{c, d})
			}
		}
		sort.SliceStable(leads, func(i, j int) bool { return leads[i].v > leads[j].v })
		rec.Reasons = append(rec.Reasons, tr(lang, "%s scores %.1f against %.1f for the runner-up, %s",
			"%[1]sの総合点は%.1[2]fで、次点の%[4]sは%.1[3]fです", win.Name, win.Score, run.Score, run.Name))
		for i, l := range leads {
			if i == 3 {
				break
			}
			rec.Reasons = append(rec.Reasons, leadReason(l.c, win, run, r, lang))
		}
	}
	if len(win.Unverified) > 0 {
		labels := make([]string, len(win.Unverified))
		for i, u := range win.Unverified {
			labels[i] = capLabelOrKey(u, lang)
		}
		if win.Kind == string(catalog.SelfHosted) {
			rec.Reasons = append(rec.Reasons, tr(lang, "verify before you build (test it in a pilot): %s (no source states it)",
				"構築前に検証してください（試験環境で確認）: %s（公開情報なし）", strings.Join(labels, ", ")))
		} else {
			rec.Reasons = append(rec.Reasons, tr(lang, "confirm with the vendor before signing: %s (no source states it)",
				"契約前にベンダーへ確認してください: %s（公開情報なし）", strings.Join(labels, ", ")))
		}
	}
	return rec
}

// requirementLabels joins the people's names of keys.
func requirementLabels(keys []string, lang string) string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = capLabelOrKey(k, lang)
	}
	return strings.Join(out, ", ")
}

// RequirementLabel names any requirement, violation or unverified key for people.
func RequirementLabel(k, lang string) string { return capLabelOrKey(k, lang) }

func capLabelOrKey(k, lang string) string {
	switch k {
	case "budget.initial_max":
		return tr(lang, "initial budget", "初期費用の予算")
	case "budget.monthly_max":
		return tr(lang, "monthly budget", "月額費用の予算")
	case "accounts.users":
		return tr(lang, "number of accounts", "メールアカウント数")
	case "operations.admin_expertise":
		return tr(lang, "in-house expertise", "社内の専門知識")
	case "operations.admin_hours_per_month":
		return tr(lang, "admin hours available", "確保できる管理工数")
	case "pricing.initial":
		return tr(lang, "initial fee", "初期費用")
	case "pricing.per_user_month":
		return tr(lang, "price per user", "1ユーザーあたりの料金")
	case "pricing.flat_month":
		return tr(lang, "price per contract", "契約あたりの月額料金")
	case "pricing.tiers":
		return tr(lang, "price of a larger plan", "上位プランの料金")
	case "pricing.tax":
		return tr(lang, "whether the price includes tax", "料金が税込か税抜か")
	case "pricing.per_year":
		return tr(lang, "yearly licence", "年額ライセンス")
	case "operations.server_monthly":
		return tr(lang, "server cost per month", "サーバーの月額費用")
	case "operations.hardware_initial":
		return tr(lang, "hardware bought up front", "初期のハードウェア費用")
	}
	if strings.HasPrefix(k, "addons.") {
		return tr(lang, "add-on price: %s", "オプション料金: %s", capLabel(strings.TrimPrefix(k, "addons."), lang))
	}
	return capLabel(k, lang)
}

func leadReason(c catalog.Criterion, win, run *Result, r *Requirements, lang string) string {
	cw, cr := win.Criteria[string(c)], run.Criteria[string(c)]
	switch c {
	case catalog.CriterionCost:
		if run.TCO.Priced {
			return tr(lang, "cheaper: %d-year TCO %s vs %s", "低コスト: %d年間TCO %s（次点 %s）",
				r.HorizonYears, Money(win.TCO.Total, r.Currency), Money(run.TCO.Total, r.Currency))
		}
		return tr(lang, "its price is known (%s over %d years); the runner-up's is not", "価格が明確（%[2]d年間 %[1]s）。次点は価格非公開です",
			Money(win.TCO.Total, r.Currency), r.HorizonYears)
	case catalog.CriterionOperations:
		return tr(lang, "lighter to run: about %.1f vs %.1f admin hours a month", "運用負担が軽い: 管理工数 月約%.1f時間（次点 %.1f時間）",
			win.Effort.MonthlyHours[0], run.Effort.MonthlyHours[0])
	}
	// Name only what makes the difference: the requirements where the
	// winner earns more credit than the runner-up.
	runCredit := map[string]Item{}
	for _, it := range run.Items {
		runCredit[it.Key] = it
	}
	var better []string
	for _, it := range win.Items {
		if it.Criterion != string(c) {
			continue
		}
		if other, ok := runCredit[it.Key]; ok && it.Credit > other.Credit {
			better = append(better, tr(lang, "%s (%s vs %s)", "%s（%s／次点 %s）", capLabel(it.Key, lang), stateWord(it.State, lang), stateWord(other.State, lang)))
		}
	}
	if len(better) == 0 {
		return tr(lang, "%s: %.0f vs %.0f", "%s: %.0f点（次点 %.0f点）", c.Label(lang), cw, cr)
	}
	return tr(lang, "%s: %.0f vs %.0f — %s", "%s: %.0f点（次点 %.0f点）— %s", c.Label(lang), cw, cr, strings.Join(better, ", "))
}

// stateWord renders a catalog state for a sentence.
func stateWord(state, lang string) string {
	switch catalog.State(state) {
	case catalog.Yes:
		return tr(lang, "yes", "対応")
	case catalog.No:
		return tr(lang, "no", "非対応")
	case catalog.Addon:
		return tr(lang, "add-on", "オプション")
	case catalog.StateUnknown:
		return tr(lang, "unknown", "不明")
	}
	return state
}
