package scoring

import (
	"sort"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/msg"
)

// recommend names the top eligible option and the reasons that decide it
// against the runner-up: the criteria where its weighted lead is largest.
func recommend(results []Result, crit []Criterion, w map[catalog.Criterion]float64, r *Requirements) Recommendation {
	var eligible []*Result
	for i := range results {
		if results[i].Eligible {
			eligible = append(eligible, &results[i])
		}
	}
	if len(eligible) == 0 {
		return Recommendation{ReasonCodes: noneEligible(results)}
	}
	win := eligible[0]
	rec := Recommendation{ID: win.ID}
	if len(eligible) == 1 {
		rec.ReasonCodes = append(rec.ReasonCodes, msg.New("reason.only_eligible", "option", resultArg(win)))
	} else {
		run := eligible[1]
		rec.RunnerUp = run.ID
		rec.Margin = round2(win.Score - run.Score)
		if tied := tiedFirst(eligible); len(tied) > 1 {
			rec.TieBreak = tieBreakKey(win, run)
			for _, t := range tied {
				rec.Tie = append(rec.Tie, t.ID)
			}
			rec.ReasonCodes = append(rec.ReasonCodes, tieReason(tied, rec.TieBreak))
		} else {
			rec.ReasonCodes = append(rec.ReasonCodes, leads(win, run, crit, w, r)...)
		}
	}
	if len(win.Unverified) > 0 {
		code := "reason.confirm_vendor"
		if win.Kind == string(catalog.SelfHosted) {
			code = "reason.verify_build"
		}
		rec.ReasonCodes = append(rec.ReasonCodes, msg.New(code, "keys", msg.Reqs(win.Unverified)))
	}
	return rec
}

// tiedFirst are the eligible options (in rank order) whose total equals
// the first one's. Totals are rounded to 0.01 (Result.Score), so equal
// means equal as every format shows and ranks them.
func tiedFirst(eligible []*Result) []*Result {
	n := 1
	for n < len(eligible) && eligible[n].Score == eligible[0].Score {
		n++
	}
	return eligible[:n]
}

// tieBreakKey names the key of the ranking's tie-break (rankKey.tieBefore)
// that puts win before run on equal totals.
func tieBreakKey(win, run *Result) string {
	switch {
	case win.TCO.Priced != run.TCO.Priced:
		return "priced"
	case win.TCO.Total != run.TCO.Total:
		return "tco"
	}
	return "id"
}

// tieReason says that first place is a tie and that only the tie-break
// rule lists the winner first; no criterion decides it, so no lead is
// given as a reason.
func tieReason(tied []*Result, key string) msg.Message {
	os := make([]msg.Option, len(tied))
	for i, t := range tied {
		os[i] = resultArg(t)
	}
	return msg.New("reason.tie", "options", names(os), "n", len(tied), "score", tied[0].Score,
		"option", resultArg(tied[0]), "rule", msg.New("tie_break."+key))
}

// noneEligible says that nothing is eligible, which requirements rule out
// the most options (at most three), and which option comes closest.
func noneEligible(results []Result) []msg.Message {
	out := []msg.Message{msg.New("reason.none_eligible")}
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
		out = append(out, msg.New("reason.rules_out", "key", msg.Req(k), "n", counts[k], "total", len(results)))
	}
	if len(results) > 0 {
		if n := len(results[0].Violations); n == 1 {
			out = append(out, msg.New("reason.closest_one", "option", resultArg(&results[0])))
		} else {
			out = append(out, msg.New("reason.closest", "option", resultArg(&results[0]), "n", n))
		}
	}
	return out
}

// leads compares the winner with the runner-up: the totals, then the (at
// most three) criteria where the winner's weighted lead is largest.
func leads(win, run *Result, crit []Criterion, w map[catalog.Criterion]float64, r *Requirements) []msg.Message {
	type lead struct {
		c Criterion
		v float64
	}
	var ls []lead
	for _, c := range crit {
		d := w[c.ID] * (win.Criteria[string(c.ID)] - run.Criteria[string(c.ID)])
		if d > 0 {
			ls = append(ls, lead{c, d})
		}
	}
	sort.SliceStable(ls, func(i, j int) bool { return ls[i].v > ls[j].v })
	out := []msg.Message{msg.New("reason.scores", "option", resultArg(win), "score", win.Score,
		"runner", resultArg(run), "runner_score", run.Score)}
	for i, l := range ls {
		if i == 3 {
			break
		}
		out = append(out, leadReason(l.c, win, run, r))
	}
	return out
}

// resultArg is an evaluated option as a message argument.
func resultArg(res *Result) msg.Option { return msg.Option{ID: res.ID, Name: res.Name} }

// RequirementLabel names any requirement, violation or unverified key for people.
func RequirementLabel(k, lang string) string { return msg.ReqLabel(lang, k) }

func leadReason(c Criterion, win, run *Result, r *Requirements) msg.Message {
	cw, cr := win.Criteria[string(c.ID)], run.Criteria[string(c.ID)]
	switch {
	case c.Rule == RelativeCost:
		if run.TCO.Priced {
			return msg.New("reason.cheaper", "years", r.HorizonYears, "tco", win.TCO.TotalMoney(r.Currency), "runner_tco", run.TCO.TotalMoney(r.Currency))
		}
		return msg.New("reason.price_known", "tco", win.TCO.TotalMoney(r.Currency), "years", r.HorizonYears)
	case c.ID == catalog.CriterionOperations:
		return msg.New("reason.lighter", "hours", win.Effort.MonthlyHours[0], "runner_hours", run.Effort.MonthlyHours[0])
	}
	// Name only what makes the difference: the requirements where the
	// winner earns more credit than the runner-up.
	runCredit := map[string]Item{}
	for _, it := range run.Items {
		runCredit[it.Key] = it
	}
	var better []msg.Message
	for _, it := range win.Items {
		if it.Criterion != string(c.ID) {
			continue
		}
		if other, ok := runCredit[it.Key]; ok && it.Credit > other.Credit {
			better = append(better, msg.New("reason.better_item", "key", msg.Req(it.Key), "state", msg.State(it.State), "runner_state", msg.State(other.State)))
		}
	}
	if len(better) == 0 {
		return msg.New("reason.criterion", "criterion", c.Arg(), "score", cw, "runner_score", cr)
	}
	return msg.New("reason.criterion_items", "criterion", c.Arg(), "score", cw, "runner_score", cr, "items", better)
}
