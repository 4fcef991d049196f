package reports

import (
	"encoding/json"
	"fmt"
	"github.com/mailpick/mailpick/msg"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/probe"
	"github.com/mailpick/mailpick/scoring"
)

// Input is everything a report shows. The evaluation is rendered as
// computed; the rest is context (posture, the clock for dates).
type Input struct {
	Eval          *scoring.Evaluation
	Assumptions   *scoring.Assumptions // optional: the effort model's tables
	Posture       []probe.DomainResult
	Verifications []scoring.Verification
	PostureNote   string // e.g. why live probing could not run
	Now           time.Time
	Version       string
}

// explainTop bounds the per-criterion explanations: a manager reads the
// leaders; JSON keeps all.
const explainTop = 5

// matrixCols is how many options one feature-matrix table holds, so it
// fits an A4 page and a phone.
const matrixCols = 5

// The document model: every text format (Markdown, HTML, PDF) renders the
// same sections from it, so they cannot disagree on content.
type document struct {
	Lang     string
	Title    string
	Subtitle string
	Sections []section
}

type section struct {
	ID     string
	Title  string
	Blocks []block
}

type blockKind int

const (
	bPara blockKind = iota
	bWarn
	bBullets
	bTable
	bChart
	bHeading
	// bPageBreak starts a new PDF page (page 1 of the posture report
	// holds its summary alone); other formats ignore it.
	bPageBreak
)

type block struct {
	Kind  blockKind
	Text  string
	Items []string
	Table *table
	Chart *chart
}

type table struct {
	Head   []string
	Num    []bool // right-aligned numeric columns
	Nowrap []bool // short columns kept on one line (set by WriteHTML)
	Wide   int    // column given a minimum width (set by WriteHTML)
	Rows   [][]cell
	Widths []float64 // relative widths for PDF; nil = equal
}

type cell struct {
	Text string
	Tone string // "", "good", "bad", "warn", "muted"
}

type chart struct {
	Title  string
	Labels []string
	Muted  []bool // bars drawn grey (ineligible options)
	// AtLeast marks a bar whose total is a lower bound (a cost no source
	// states is left out): its value label reads "≥ 609,514", as the
	// tables do.
	AtLeast []bool
	Series  []string    // stacked segments
	Values  [][]float64 // [label][series]
	Money   bool
	Max     float64 // 0 = largest total
	Cur     string
	// Sequential: the series after the first are periods in order (years),
	// drawn in one hue from light to dark so no colour repeats.
	Sequential bool
	Unit       string // the axis unit when not money ("%", points)
}

func (c *chart) total(i int) float64 {
	s := 0.0
	for _, v := range c.Values[i] {
		s += v
	}
	return s
}

func (c *chart) max() float64 {
	if c.Max > 0 {
		return c.Max
	}
	m := 0.0
	for i := range c.Values {
		m = max(m, c.total(i))
	}
	if m == 0 {
		m = 1
	}
	return m
}

func txt(s string) cell     { return cell{Text: s} }
func tone(s, t string) cell { return cell{Text: s, Tone: t} }
func row(cs ...cell) []cell { return cs }
func texts(ss ...string) []cell {
	out := make([]cell, len(ss))
	for i, s := range ss {
		out[i] = txt(s)
	}
	return out
}

func build(in *Input) *document {
	ev := in.Eval
	lang := ev.Lang
	d := &document{Lang: lang, Title: L(lang, "title"), Subtitle: subtitle(in)}
	d.Sections = []section{
		summarySection(in), rankingSection(in), eligibilitySection(in), tcoSection(in), featuresSection(in),
		sensitivitySection(in), postureSection(in), requirementsSection(in), methodologySection(in), sourcesSection(in),
	}
	return d
}

// subtitle is the line under the title: company, accounts, horizon,
// currency and the report's date.
func subtitle(in *Input) string {
	ev, lang, r := in.Eval, in.Eval.Lang, in.Eval.Requirements
	var sub []string
	if r.CompanyName != "" {
		sub = append(sub, r.CompanyName)
	}
	sub = append(sub, fmt.Sprintf("%s %d", L(lang, "accounts"), r.Users), nYears(lang, ev.HorizonYears),
		ev.Currency, L(lang, "generated")+" "+in.Now.Format("2006-01-02"))
	return strings.Join(sub, " · ")
}

func resultName(ev *scoring.Evaluation, id string) string {
	if r := findResult(ev, id); r != nil {
		return r.Name
	}
	return L(ev.Lang, "none")
}

func yesNo(lang string, b bool) cell {
	if b {
		return tone(L(lang, "yes"), "good")
	}
	return tone(L(lang, "no"), "bad")
}

func rankText(res *scoring.Result) string {
	if !res.Eligible {
		return "—"
	}
	return fmt.Sprint(res.Rank)
}

func summarySection(in *Input) section {
	ev, lang := in.Eval, in.Eval.Lang
	s := section{ID: "summary", Title: L(lang, "sec_summary")}
	kv := &table{Head: []string{L(lang, "item"), L(lang, "value")}, Widths: []float64{1, 3}}
	kv.Rows = append(kv.Rows, row(txt(L(lang, "recommendation")), recommendationCell(ev)))
	if rec := findResult(ev, ev.Recommendation.ID); rec != nil {
		kv.Rows = append(kv.Rows, row(txt(L(lang, "score")), txt(fmt.Sprintf("%.1f", rec.Score))))
		kv.Rows = append(kv.Rows, row(txt(fmt.Sprintf("%s (%s)", L(lang, "tco"), nYears(lang, ev.HorizonYears))), tone(tcoText(lang, rec, ev.Currency), provTone(rec))))
		if rec.TCO.Priced {
			kv.Rows = append(kv.Rows, row(txt(L(lang, "per_user_month")), txt(rec.TCO.PerUserMoney(ev.Currency).Word(lang))))
		}
		kv.Rows = append(kv.Rows, decisionRows(ev)...)
		if tag := priceTag(rec, lang); tag != "" {
			kv.Rows = append(kv.Rows, row(txt(L(lang, "price_source")), txt(tag)))
		}
	}
	if tb := taxBasisShort(lang, ev.Requirements); tb != "" {
		kv.Rows = append(kv.Rows, row(txt(L(lang, "tax_basis")), txt(tb)))
	}
	kv.Rows = append(kv.Rows, row(txt(L(lang, "self_host")), txt(msg.T(lang, "verdict."+ev.SelfHostReadiness.Verdict))))
	s.Blocks = append(s.Blocks, block{Kind: bTable, Table: kv})
	s.Blocks = append(s.Blocks, ageBlocks(in)...)
	if in.PostureNote != "" {
		s.Blocks = append(s.Blocks, block{Kind: bWarn, Text: in.PostureNote})
	}
	s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: L(lang, "reasons")}, block{Kind: bBullets, Items: ev.Recommendation.Reasons})
	s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: L(lang, "self_host") + ": " + msg.T(lang, "verdict."+ev.SelfHostReadiness.Verdict)})
	if len(ev.SelfHostReadiness.Reasons) > 0 {
		s.Blocks = append(s.Blocks, block{Kind: bBullets, Items: ev.SelfHostReadiness.Reasons})
	}
	if len(ev.SelfHostReadiness.Conditions) > 0 {
		s.Blocks = append(s.Blocks, block{Kind: bTable, Table: conditionsTable(lang, ev.SelfHostReadiness.Conditions)})
	}
	return s
}

// recommendationCell names the recommended option; a tie for first says
// so, since the name alone would read as a win.
func recommendationCell(ev *scoring.Evaluation) cell {
	name := resultName(ev, ev.Recommendation.ID)
	if tie := ev.Recommendation.Tie; len(tie) > 1 {
		return tone(lf(ev.Lang, "recommendation_tie", "option", name, "n", len(tie)-1), "warn")
	}
	return tone(name, "good")
}

// decisionRows say how robust the recommendation is, as scoring found it:
// the winner's win probability under the weight samples, the runner-up
// and its margin, the smallest single weight change that flips the
// winner, and the must-haves of the two that no source confirms.
func decisionRows(ev *scoring.Evaluation) [][]cell {
	lang := ev.Lang
	rec := findResult(ev, ev.Recommendation.ID)
	if rec == nil {
		return nil
	}
	var out [][]cell
	sv := ev.Sensitivity
	if sv != nil && sv.Samples > 0 {
		t := "good"
		if sv.WinnerProbability < 0.5 {
			t = "warn"
		}
		out = append(out, row(txt(L(lang, "win_probability")), tone(decisionWin(lang, sv), t)))
	} else {
		out = append(out, row(txt(L(lang, "win_probability")), tone(L(lang, "decision_no_sens"), "muted")))
	}
	run := findResult(ev, ev.Recommendation.RunnerUp)
	switch {
	case run != nil && len(ev.Recommendation.Tie) > 1:
		out = append(out, row(txt(L(lang, "runner_up")), tone(lf(lang, "decision_runner_up_tie", "option", run.Name,
			"score", fmt.Sprintf("%.1f", run.Score)), "warn")))
	case run != nil:
		m, ok := shownMargin(rec.Score, run.Score)
		code := "decision_runner_up"
		if !ok {
			code = "decision_runner_up_close"
		}
		out = append(out, row(txt(L(lang, "runner_up")), txt(lf(lang, code, "option", run.Name,
			"score", fmt.Sprintf("%.1f", run.Score), "margin", m))))
	}
	if sv != nil && sv.Samples > 0 {
		tip := tone(L(lang, "decision_no_tipping"), "good")
		if sv.Tipping != nil {
			tip = txt(sv.Tipping.Detail)
		}
		out = append(out, row(txt(L(lang, "decision_tipping")), tip))
	}
	var lines []string
	for _, res := range []*scoring.Result{rec, run} {
		if res == nil || len(res.Unverified) == 0 {
			continue
		}
		var ls []string
		for _, u := range res.Unverified {
			ls = append(ls, scoring.RequirementLabel(u, lang))
		}
		lines = append(lines, lf(lang, "decision_option_keys", "option", res.Name, "keys", msg.Join(lang, ls)))
	}
	if len(lines) == 0 {
		out = append(out, row(txt(L(lang, "decision_unconfirmed")), tone(L(lang, "decision_unconfirmed_none"), "good")))
	} else {
		out = append(out, row(txt(L(lang, "decision_unconfirmed")), tone(strings.Join(lines, "\n"), "warn")))
	}
	return out
}

// decisionWin is the winner's win probability in a sentence; when a weight
// sample tied for first it says that ties were shared, not won.
func decisionWin(lang string, sv *scoring.Sensitivity) string {
	if sv.TiedFirst > 0 {
		return lf(lang, "decision_win_shared", "pct", pct(sv.WinnerProbability), "samples", groupDigits(sv.Samples),
			"tied", groupDigits(sv.TiedFirst))
	}
	return lf(lang, "decision_win", "pct", pct(sv.WinnerProbability), "samples", groupDigits(sv.Samples))
}

// shownMargin is the lead of score a over score b as the reader can check
// it from the scores shown (one decimal): 74.1 against 73.3 is 0.8, not
// the 0.86 of the unrounded totals. ok is false when the scores show alike
// (the lead is under 0.1).
func shownMargin(a, b float64) (string, bool) {
	shown := func(v float64) float64 {
		x, _ := strconv.ParseFloat(fmt.Sprintf("%.1f", v), 64)
		return x
	}
	d := fmt.Sprintf("%.1f", shown(a)-shown(b))
	return d, d != "0.0" && d != "-0.0"
}

// nYears is a horizon for a label: "5 years", "1 year", "5 年".
func nYears(lang string, n int) string {
	if n == 1 {
		return L(lang, "year_one")
	}
	return fmt.Sprintf("%d %s", n, L(lang, "years"))
}

// groupDigits writes n with thousands separators: 10,000.
func groupDigits(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// conditionsTable lists the cases for building in-house and for a
// service, each as evaluated.
func conditionsTable(lang string, cs []scoring.Condition) *table {
	t := &table{Head: []string{L(lang, "side"), L(lang, "condition"), L(lang, "verdict"), L(lang, "detail")}, Widths: []float64{0.8, 1.8, 0.6, 2.8}}
	for _, c := range cs {
		m := conditionCell(lang, c)
		label := c.Case
		if label == "" {
			label = c.Key
		}
		t.Rows = append(t.Rows, row(txt(L(lang, "side_"+c.Side)), txt(label), m, txt(c.Detail)))
	}
	return t
}

// conditionCell is a case's state: met, not met, or unknown when the fact
// that decides it is unknown. A JSON file from before Status reads by Met.
func conditionCell(lang string, c scoring.Condition) cell {
	switch {
	case c.Status == scoring.StatusUnknown:
		return tone(L(lang, "cond_unknown"), "warn")
	case c.Met:
		return tone(L(lang, "met"), "good")
	}
	return tone(L(lang, "not_met"), "muted")
}

func tcoText(lang string, res *scoring.Result, cur string) string {
	if !res.TCO.Priced {
		return L(lang, "incomplete")
	}
	return res.TCO.TotalMoney(cur).Word(lang)
}

func rankingSection(in *Input) section {
	ev, lang := in.Eval, in.Eval.Lang
	s := section{ID: "ranking", Title: L(lang, "sec_ranking")}
	ch := &chart{Title: L(lang, "chart_scores"), Series: []string{L(lang, "score")}, Max: 100, Unit: L(lang, "unit_points")}
	muted := 0
	for i := range ev.Results {
		res := &ev.Results[i]
		label := res.Name
		if res.Eligible {
			label = rankText(res) + ". " + label
		} else {
			muted++
		}
		if res.Provisional {
			label += L(lang, "prov_suffix")
		}
		ch.Labels = append(ch.Labels, label)
		ch.Muted = append(ch.Muted, !res.Eligible)
		ch.Values = append(ch.Values, []float64{res.Score})
	}
	if muted > 0 {
		ch.Title += " — " + L(lang, "grey_ineligible")
	}
	s.Blocks = append(s.Blocks, block{Kind: bChart, Chart: ch})
	t := &table{Head: []string{L(lang, "rank"), L(lang, "option"), L(lang, "kind"), L(lang, "score")},
		Num: []bool{true, false, false, true}, Widths: []float64{0.5, 3, 1.2, 0.8}}
	for _, c := range ev.Criteria {
		t.Head = append(t.Head, c.Label(lang))
		t.Num = append(t.Num, true)
		t.Widths = append(t.Widths, 0.8)
	}
	t.Head = append(t.Head, L(lang, "eligible"))
	t.Widths = append(t.Widths, 0.7)
	for i := range ev.Results {
		res := &ev.Results[i]
		rw := row(txt(rankText(res)), txt(res.Name), txt(msg.T(lang, "kind."+res.Kind)), txt(fmt.Sprintf("%.1f", res.Score)))
		if res.Provisional {
			rw[1] = tone(res.Name+"\n"+L(lang, "incomplete"), "warn")
		}
		for _, c := range ev.Criteria {
			rw = append(rw, scoreCell(res.Criteria[string(c.ID)]))
		}
		rw = append(rw, yesNo(lang, res.Eligible))
		t.Rows = append(t.Rows, rw)
	}
	s.Blocks = append(s.Blocks, block{Kind: bTable, Table: t})
	s.Blocks = append(s.Blocks, toWinBlocks(ev)...)

	w := &table{Head: []string{L(lang, "criterion"), L(lang, "weight_given"), L(lang, "weight_norm")}, Num: []bool{false, true, true}}
	for _, c := range ev.Criteria {
		w.Rows = append(w.Rows, row(txt(c.Label(lang)), txt(trimFloat(ev.InputWeight(c.ID))), txt(fmt.Sprintf("%.3f", ev.Weights[string(c.ID)]))))
	}
	s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: L(lang, "weights")}, block{Kind: bTable, Table: w})
	if ev.AHP != nil {
		s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: L(lang, "ahp")})
		s.Blocks = append(s.Blocks, genericBlocks(lang, ev.AHP)...)
	}

	s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: L(lang, "why")}, block{Kind: bPara, Text: lf(lang, "top_n_note", "n", explainTop)})
	why := &table{Head: []string{L(lang, "option"), L(lang, "criterion"), L(lang, "score_100"), L(lang, "detail")},
		Num: []bool{false, false, true, false}, Widths: []float64{1.4, 1.2, 0.6, 4}}
	n := 0
	for i := range ev.Results {
		res := &ev.Results[i]
		if !res.Eligible || n == explainTop {
			continue
		}
		n++
		for _, c := range ev.Criteria {
			why.Rows = append(why.Rows, row(txt(res.Name), txt(c.Label(lang)), scoreCell(res.Criteria[string(c.ID)]), txt(res.Explanation[string(c.ID)])))
		}
	}
	if n > 0 {
		s.Blocks = append(s.Blocks, block{Kind: bTable, Table: why})
	}
	return s
}

func scoreCell(v float64) cell {
	t := ""
	switch {
	case v >= 80:
		t = "good"
	case v < 50:
		t = "bad"
	}
	return tone(fmt.Sprintf("%.0f", v), t)
}

func trimFloat(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.4f", v), "0"), ".")
}

func eligibilitySection(in *Input) section {
	ev, lang := in.Eval, in.Eval.Lang
	s := section{ID: "eligibility", Title: L(lang, "sec_eligibility")}
	t := &table{Head: []string{L(lang, "option"), L(lang, "eligible"), L(lang, "violations"), L(lang, "unverified")}, Widths: []float64{1.5, 0.6, 3, 2.4}}
	inel := 0
	for i := range ev.Results {
		res := &ev.Results[i]
		var vs, us []string
		for _, v := range res.Violations {
			vs = append(vs, v.Detail)
			inel++
		}
		for _, u := range res.Unverified {
			us = append(us, scoring.RequirementLabel(u, lang))
		}
		uc := txt(msg.Join(lang, us))
		if len(us) > 0 {
			uc.Tone = "warn"
		}
		t.Rows = append(t.Rows, row(txt(res.Name), yesNo(lang, res.Eligible), tone(msg.Sentences(lang, vs), "bad"), uc))
	}
	if inel == 0 {
		s.Blocks = append(s.Blocks, block{Kind: bPara, Text: L(lang, "all_eligible")})
	}
	s.Blocks = append(s.Blocks, block{Kind: bTable, Table: t})
	return s
}

func tcoSection(in *Input) section {
	ev, lang := in.Eval, in.Eval.Lang
	cur := ev.Currency
	s := section{ID: "tco", Title: L(lang, "sec_tco")}
	if tb := taxBasisText(lang, ev.Requirements); tb != "" {
		s.Blocks = append(s.Blocks, block{Kind: bPara, Text: tb})
	}
	title := lf(lang, "chart_tco_total", "years", ev.HorizonYears)
	if ev.HorizonYears == 1 {
		title = L(lang, "chart_tco_one")
	}
	ch := &chart{Title: title, Series: []string{L(lang, "initial")}, Money: true, Cur: cur, Sequential: true}
	muted := 0
	for y := 1; y <= ev.HorizonYears; y++ {
		ch.Series = append(ch.Series, lf(lang, "year_n", "n", y))
	}
	// The decision's figures, one row an option; the split by year is a
	// table of its own below, which the PDF may turn to landscape.
	t := &table{Head: []string{L(lang, "option"), L(lang, "initial"), fmt.Sprintf("%s (%s)", L(lang, "total"), nYears(lang, ev.HorizonYears)),
		L(lang, "per_user_month"), L(lang, "not_included")},
		Num: []bool{false, true, true, true, false}, Widths: []float64{2.2, 1, 1.2, 0.9, 2.2}}
	yt := &table{Head: []string{L(lang, "option"), L(lang, "initial")}, Num: []bool{false, true}, Widths: []float64{2.2, 1}}
	for y := 1; y <= ev.HorizonYears; y++ {
		yt.Head = append(yt.Head, lf(lang, "year_n", "n", y))
		yt.Num = append(yt.Num, true)
		yt.Widths = append(yt.Widths, 1)
	}
	yt.Head = append(yt.Head, L(lang, "total"))
	yt.Num = append(yt.Num, true)
	yt.Widths = append(yt.Widths, 1.1)
	for i := range ev.Results {
		res := &ev.Results[i]
		initial := res.TCO.InitialMoney(cur).Figure()
		rw := row(txt(res.Name), txt(initial))
		yr := row(txt(res.Name), txt(initial))
		vals := []float64{res.TCO.Initial}
		for _, y := range res.TCO.Years {
			yr = append(yr, tone(moneyNum(y.Cost, cur), partTone(res)))
			vals = append(vals, y.Cost)
		}
		if res.TCO.Priced {
			ch.Labels = append(ch.Labels, res.Name)
			ch.Values = append(ch.Values, vals)
			// Greyed as on the score chart: an ineligible option's cost
			// is shown for comparison, not as a choice.
			ch.Muted = append(ch.Muted, !res.Eligible)
			if !res.Eligible {
				muted++
			}
			ch.AtLeast = append(ch.AtLeast, res.TCO.LowerBound())
			total := res.TCO.TotalMoney(cur).Figure()
			rw = append(rw, txt(total), txt(res.TCO.PerUserMoney(cur).Figure()))
			yr = append(yr, txt(total))
		} else {
			rw = append(rw, tone(L(lang, "incomplete"), "warn"), txt("—"))
			yr = append(yr, tone(L(lang, "incomplete"), "warn"))
		}
		rw = append(rw, tone(missingText(lang, res.TCO.Missing), "warn"))
		t.Rows = append(t.Rows, rw)
		yt.Rows = append(yt.Rows, yr)
	}
	if muted > 0 {
		ch.Title += " — " + L(lang, "grey_ineligible")
	}
	if len(ch.Labels) > 0 {
		s.Blocks = append(s.Blocks, block{Kind: bChart, Chart: ch})
	}
	s.Blocks = append(s.Blocks, block{Kind: bTable, Table: t})
	s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: L(lang, "tco_by_year")}, block{Kind: bTable, Table: yt})
	s.Blocks = append(s.Blocks, pricingBlocks(ev)...)

	s.Blocks = append(s.Blocks, evidenceBlocks(in)...)
	s.Blocks = append(s.Blocks, costLineBlocks(ev, lang)...)
	s.Blocks = append(s.Blocks, planSummaryBlocks(ev, lang)...)
	return s
}

// costLineBlocks are every option's cost lines with their basis, and the
// build and operating effort behind the labour lines.
func costLineBlocks(ev *scoring.Evaluation, lang string) []block {
	cur := ev.Currency
	var s section
	lines := &table{Head: []string{L(lang, "option"), L(lang, "item"), L(lang, "initial"), L(lang, "horizon_sum"), L(lang, "basis")},
		Num: []bool{false, false, true, true, false}, Widths: []float64{2, 2, 1, 1.2, 1.6}}
	effort := &table{Head: []string{L(lang, "option"), L(lang, "setup_hours"), L(lang, "basis"), L(lang, "monthly_hours"), L(lang, "basis")},
		Num: []bool{false, true, false, true, false}, Widths: []float64{2, 1, 1, 1, 1}}
	var zero []zeroLine
	for i := range ev.Results {
		res := &ev.Results[i]
		for _, l := range res.TCO.Lines {
			sum := 0.0
			for _, v := range l.Yearly {
				sum += v
			}
			item := l.Label(lang)
			if l.Initial == 0 && sum == 0 {
				zero = append(zero, zeroLine{res.Name, item})
				continue
			}
			lines.Rows = append(lines.Rows, row(txt(res.Name), txt(item), txt(moneyNum(l.Initial, cur)), txt(moneyNum(sum, cur)), txt(basisLabel(lang, l.Basis))))
		}
		setup, sb := "—", "—"
		if res.Effort.SetupHours > 0 {
			setup, sb = fmt.Sprintf("%.1f", res.Effort.SetupHours), basisLabel(lang, res.Effort.SetupBasis)
		}
		mh := 0.0
		if len(res.Effort.MonthlyHours) > 0 {
			mh = res.Effort.MonthlyHours[0]
		}
		effort.Rows = append(effort.Rows, row(txt(res.Name), txt(setup), txt(sb), txt(fmt.Sprintf("%.1f", mh)), txt(basisLabel(lang, res.Effort.MonthlyBasis))))
	}
	s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: L(lang, "cost_lines")}, block{Kind: bTable, Table: lines})
	if len(zero) > 0 {
		s.Blocks = append(s.Blocks, block{Kind: bPara, Text: zeroLinesText(lang, zero)})
	}
	s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: L(lang, "effort")}, block{Kind: bTable, Table: effort})
	return s.Blocks
}

// zeroLine is a cost line that is 0 in every column.
type zeroLine struct{ option, item string }

// zeroLinesText says in one line which cost lines are 0 throughout (a
// free licence, no initial fee, a price nobody states), instead of rows
// of "0": "Mailu (licence, initial fee), …".
func zeroLinesText(lang string, zs []zeroLine) string {
	var order []string
	items := map[string][]string{}
	for _, z := range zs {
		if _, ok := items[z.option]; !ok {
			order = append(order, z.option)
		}
		items[z.option] = append(items[z.option], z.item)
	}
	parts := make([]string, len(order))
	for i, o := range order {
		parts[i] = msg.T(lang, "plan_term", "plan", o, "term", strings.Join(items[o], L(lang, "sep.list_dot")))
	}
	return lf(lang, "zero_rows", "items", msg.Join(lang, parts))
}

// planSummaryBlocks are the self-hosting plans in one table, and the build
// checklist in full for the best-ranked one (plans follow the ranking; the
// rest are in JSON).
func planSummaryBlocks(ev *scoring.Evaluation, lang string) []block {
	cur := ev.Currency
	var s section
	if plans := ev.SelfHostReadiness.Plans; len(plans) > 0 {
		t := &table{Head: []string{L(lang, "option"), L(lang, "setup_hours"), L(lang, "setup_cost"), L(lang, "monthly_hours"), L(lang, "initial"), L(lang, "total")},
			Num: []bool{false, true, true, true, true, true}, Widths: []float64{2.4, 1, 1.1, 1, 1.1, 1.2}}
		for _, pl := range plans {
			total := L(lang, "incomplete")
			if pl.Priced {
				total = msg.Money{Amount: pl.Total, Currency: cur, AtLeast: pl.TotalAtLeast}.Figure()
			}
			t.Rows = append(t.Rows, row(txt(pl.Name), txt(fmt.Sprintf("%.1f", pl.SetupHours)), txt(moneyNum(pl.SetupCost, cur)),
				txt(fmt.Sprintf("%.1f", pl.MonthlyHours)), txt(msg.Money{Amount: pl.Initial, Currency: cur, AtLeast: pl.InitialAtLeast}.Figure()), txt(total)))
		}
		s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: L(lang, "plans")}, block{Kind: bTable, Table: t})
		s.Blocks = append(s.Blocks, planBlocks(lang, cur, plans[0])...)
	}
	return s.Blocks
}

// planBlocks is the build flow as a checklist for one self-hosted
// option, with the hours and money it takes.
func planBlocks(lang, cur string, pl scoring.SelfHostPlan) []block {
	out := []block{{Kind: bHeading, Text: L(lang, "plan") + ": " + pl.Name}}
	kv := &table{Head: []string{L(lang, "item"), L(lang, "value")}, Num: []bool{false, true}, Widths: []float64{2, 1.4}}
	kv.Rows = append(kv.Rows,
		row(txt(L(lang, "setup_hours")), txt(fmt.Sprintf("%.1f (%s)", pl.SetupHours, basisLabel(lang, pl.SetupBasis)))),
		row(txt(L(lang, "setup_cost")), txt(scoring.Money(pl.SetupCost, cur))),
		row(txt(L(lang, "monthly_hours")), txt(fmt.Sprintf("%.1f", pl.MonthlyHours))),
		row(txt(L(lang, "initial")), txt(msg.Money{Amount: pl.Initial, Currency: cur, AtLeast: pl.InitialAtLeast}.Word(lang))))
	if pl.Priced {
		kv.Rows = append(kv.Rows, row(txt(L(lang, "tco")), txt(msg.Money{Amount: pl.Total, Currency: cur, AtLeast: pl.TotalAtLeast}.Word(lang))))
	}
	out = append(out, block{Kind: bTable, Table: kv})
	if len(pl.Checklist) > 0 {
		t := &table{Head: []string{L(lang, "build_step"), L(lang, "who"), L(lang, "hours")}, Num: []bool{false, false, true}, Widths: []float64{3, 1.2, 0.7}}
		for _, st := range pl.Checklist {
			h := "—"
			if st.Hours > 0 {
				h = trimFloat(st.Hours)
			}
			c := txt(msg.T(lang, "step."+st.Included))
			if st.Included == "unknown" {
				c.Tone = "warn"
			}
			t.Rows = append(t.Rows, row(txt(st.Label), c, txt(h)))
		}
		out = append(out, block{Kind: bTable, Table: t})
	}
	if len(pl.Tasks) > 0 {
		t := &table{Head: []string{L(lang, "task"), L(lang, "hours_month")}, Num: []bool{false, true}, Widths: []float64{3, 1}}
		for _, tk := range pl.Tasks {
			t.Rows = append(t.Rows, row(txt(tk.Label), txt(fmt.Sprintf("%.1f", tk.Hours))))
		}
		out = append(out, block{Kind: bTable, Table: t})
	}
	return out
}

// missingText names the prices no source states, for people.
func missingText(lang string, keys []string) string { return msg.Reqs(keys).Word(lang) }

// basisLabel names where a figure came from ("assumption+requirements":
// hours from mailpick's assumptions, priced at the company's hourly cost).
func basisLabel(lang, basis string) string { return msg.Basis(basis).Word(lang) }

// moneyNum is an amount without the currency code, for columns whose
// header already names it.
func moneyNum(v float64, cur string) string {
	return strings.TrimSuffix(scoring.Money(v, cur), " "+cur)
}

func costItemLabel(item, lang string) string { return msg.CostItem(lang, item) }

// matrixRows lists every requirement asked (must or want), in vocabulary
// order, with its level; the items of the first result carry them.
func featuresSection(in *Input) section {
	ev, lang := in.Eval, in.Eval.Lang
	s := section{ID: "features", Title: L(lang, "sec_features")}
	s.Blocks = append(s.Blocks, block{Kind: bPara, Text: L(lang, "matrix_legend") + answerLegend(ev, lang)})
	if len(ev.Results) == 0 {
		return s
	}
	verified := verifiedIndex(in.Verifications)
	reqs := ev.Results[0].Items
	parts := (len(ev.Results) + matrixCols - 1) / matrixCols
	for p := 0; p < parts; p++ {
		lo, hi := p*matrixCols, min((p+1)*matrixCols, len(ev.Results))
		t := &table{Head: []string{L(lang, "requirement"), L(lang, "level")}, Widths: []float64{2.6, 0.6}}
		t.Num = []bool{false, false}
		for _, res := range ev.Results[lo:hi] {
			t.Head = append(t.Head, res.Name)
			t.Num = append(t.Num, false)
			t.Widths = append(t.Widths, 1.1)
		}
		for k, it := range reqs {
			rw := row(txt(scoring.RequirementLabel(it.Key, lang)), txt(msg.T(lang, "level."+string(it.Level))))
			for _, res := range ev.Results[lo:hi] {
				if k >= len(res.Items) || res.Items[k].Key != it.Key {
					rw = append(rw, txt("?"))
					continue
				}
				c := stateCell(lang, res.Items[k], verified[res.ID+"|"+it.Key])
				markAnswered(&c, &res, it.Key, lang)
				rw = append(rw, c)
			}
			t.Rows = append(t.Rows, rw)
		}
		if parts > 1 {
			s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: L(lang, "sec_features") + lf(lang, "matrix_part", "part", p+1, "parts", parts)})
		}
		s.Blocks = append(s.Blocks, block{Kind: bTable, Table: t})
	}
	return s
}

func verifiedIndex(vs []scoring.Verification) map[string]*scoring.Verification {
	m := map[string]*scoring.Verification{}
	for i := range vs {
		m[vs[i].OptionID+"|"+vs[i].Key] = &vs[i]
	}
	return m
}

func stateCell(lang string, it scoring.Item, v *scoring.Verification) cell {
	c := txt(msg.State(it.State).Word(lang))
	switch it.State {
	case "yes":
		c.Tone = "good"
	case "no":
		c.Tone = "bad"
	case "addon", "unknown":
		c.Tone = "warn"
	default:
		switch {
		case it.Credit >= 1:
			c.Tone = "good"
		case it.Credit == 0:
			c.Tone = "bad"
		default:
			c.Tone = "warn"
		}
	}
	if v != nil && v.Measured != "" {
		if v.Measured == "yes" {
			c.Text += " ✓ " + L(lang, "verified")
		} else {
			c.Text += " (" + L(lang, "claimed") + ": " + stateWord(lang, v.Claimed) + ")"
		}
	}
	return c
}

func stateWord(lang, s string) string {
	if s == "" {
		return L(lang, "not_measured")
	}
	return msg.State(s).Word(lang)
}

func scenarioName(lang, n string) string {
	if msg.Has("scenario." + n) {
		return msg.T(lang, "scenario."+n)
	}
	return n
}

// distributionName words a weight distribution's JSON name ("dirichlet").
func distributionName(lang, d string) string {
	if msg.Has("dist." + d) {
		return msg.T(lang, "dist."+d)
	}
	return d
}

func pct(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) }

func sensitivitySection(in *Input) section {
	ev, lang := in.Eval, in.Eval.Lang
	s := section{ID: "sensitivity", Title: L(lang, "sec_sensitivity")}
	if ev.Sensitivity == nil {
		s.Blocks = append(s.Blocks, block{Kind: bPara, Text: L(lang, "sens_absent")})
		return s
	}
	sv := ev.Sensitivity
	if len(sv.Options) == 0 && sv.Samples == 0 {
		return section{ID: s.ID, Title: s.Title, Blocks: genericBlocks(lang, sv)}
	}
	name := func(id string) string {
		if id == "" {
			return L(lang, "none")
		}
		return resultName(ev, id)
	}
	if sv.Winner != "" {
		s.Blocks = append(s.Blocks, block{Kind: bPara, Text: lf(lang, "sens_winner", "option", name(sv.Winner), "pct", pct(sv.WinnerProbability), "samples", sv.Samples)})
	}
	s.Blocks = append(s.Blocks, winProbabilityBlocks(lang, sv, name)...)
	if len(sv.OneAtATime) > 0 {
		t := &table{Head: []string{L(lang, "criterion"), L(lang, "weight_norm"), L(lang, "flip_up"), L(lang, "flip_down")}, Num: []bool{false, true, false, false}, Widths: []float64{1.4, 0.8, 2, 2}}
		flip := func(sh *scoring.WeightShift) string {
			if sh == nil {
				return L(lang, "no_flip")
			}
			return msg.Render(lang, scoring.WeightText(sh.Weight, sh.RawWeight)) + " → " + name(sh.NewWinner)
		}
		for _, w := range sv.OneAtATime {
			t.Rows = append(t.Rows, row(txt(criterionLabel(ev, w.Criterion, lang)), txt(fmt.Sprintf("%.3f", w.Weight)), txt(flip(w.Up)), txt(flip(w.Down))))
		}
		head := L(lang, "thresholds")
		if !sv.OneAtATimeExact { // a method that is not linear: searched, not solved
			head += L(lang, "found_by_scanning")
		}
		s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: head}, block{Kind: bTable, Table: t})
	}
	if len(sv.Inputs) > 0 {
		t := &table{Head: []string{L(lang, "scenario"), L(lang, "detail"), L(lang, "win_probability")}, Num: []bool{false, false, true}, Widths: []float64{0.8, 3, 1}}
		for _, sc := range sv.Inputs {
			t.Rows = append(t.Rows, row(txt(scenarioName(lang, sc.Name)), txt(sc.Detail), txt(pct(sc.WinnerProbability))))
		}
		s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: L(lang, "input_uncertainty")}, block{Kind: bTable, Table: t})
	}
	kv := &table{Head: []string{L(lang, "key"), L(lang, "value")}, Widths: []float64{1, 3}}
	kv.Rows = append(kv.Rows, row(txt(L(lang, "samples")), txt(groupDigits(sv.Samples))), row(txt(L(lang, "seed")), txt(fmt.Sprint(sv.Seed))))
	if sv.Distribution != "" {
		kv.Rows = append(kv.Rows, row(txt(L(lang, "distribution")), txt(fmt.Sprintf("%s (κ = %s)", distributionName(lang, sv.Distribution), trimFloat(sv.Concentration)))))
	}
	if m := sv.MethodAgreement; m.WSM != "" || m.TOPSIS != "" {
		kv.Rows = append(kv.Rows, row(txt("WSM / TOPSIS"), txt(name(m.WSM)+" / "+name(m.TOPSIS))))
	}
	s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: L(lang, "sens_params")}, block{Kind: bTable, Table: kv})
	return s
}

// winProbabilityBlocks are the win probabilities: a chart of those above
// 0, a table with each option's rank range, and one line naming the
// options that never ranked first instead of a row of "0.0%" each.
func winProbabilityBlocks(lang string, sv *scoring.Sensitivity, name func(string) string) []block {
	if len(sv.Options) == 0 {
		return nil
	}
	var out []block
	ch := &chart{Title: L(lang, "win_probability") + " (%)", Series: []string{L(lang, "win_probability")}, Max: 100, Unit: lf(lang, "unit_header", "label", L(lang, "win_probability"), "unit", "%")}
	t := &table{Head: []string{L(lang, "option"), L(lang, "win_probability"), L(lang, "rank_range")}, Num: []bool{false, true, true}, Widths: []float64{3, 1, 1}}
	// Options that never ranked first are named in one line under the
	// table instead of a row of "0.0%" each.
	var never []string
	for _, o := range sv.Options {
		if o.WinProbability == 0 {
			never = append(never, name(o.ID))
			continue
		}
		rr := "—"
		if o.RankMin > 0 {
			rr = fmt.Sprintf("%d–%d", o.RankMin, o.RankMax)
		}
		t.Rows = append(t.Rows, row(txt(name(o.ID)), txt(pct(o.WinProbability)), txt(rr)))
		if o.WinProbability > 0 && len(ch.Labels) < 12 {
			ch.Labels = append(ch.Labels, name(o.ID))
			ch.Values = append(ch.Values, []float64{100 * o.WinProbability})
		}
	}
	if len(ch.Labels) > 0 {
		out = append(out, block{Kind: bChart, Chart: ch})
	}
	if len(t.Rows) > 0 {
		out = append(out, block{Kind: bTable, Table: t})
	}
	if len(never) > 0 {
		out = append(out, block{Kind: bPara, Text: lf(lang, "sens_never_first", "n", len(never), "options", msg.Join(lang, never))})
	}
	return out
}

// genericBlocks renders a JSON-able value: scalars as a key/value table,
// arrays of objects as tables, nested objects as key/value tables.
func genericBlocks(lang string, v any) []block {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	var out []block
	kv := &table{Head: []string{L(lang, "key"), L(lang, "value")}, Widths: []float64{1, 3}}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var nested []block
	for _, k := range keys {
		switch x := m[k].(type) {
		case []any:
			if t := objectsTable(x); t != nil {
				nested = append(nested, block{Kind: bHeading, Text: k}, block{Kind: bTable, Table: t})
			} else {
				kv.Rows = append(kv.Rows, row(txt(k), txt(scalar(x))))
			}
		case map[string]any:
			sub := &table{Head: []string{L(lang, "key"), L(lang, "value")}, Widths: []float64{1, 3}}
			for _, sk := range sortedAnyKeys(x) {
				sub.Rows = append(sub.Rows, row(txt(sk), txt(scalar(x[sk]))))
			}
			nested = append(nested, block{Kind: bHeading, Text: k}, block{Kind: bTable, Table: sub})
		default:
			kv.Rows = append(kv.Rows, row(txt(k), txt(scalar(x))))
		}
	}
	if len(kv.Rows) > 0 {
		out = append(out, block{Kind: bHeading, Text: L(lang, "sens_params")}, block{Kind: bTable, Table: kv})
	}
	return append(out, nested...)
}

func objectsTable(xs []any) *table {
	if len(xs) == 0 {
		return nil
	}
	seen := map[string]bool{}
	var cols []string
	for _, x := range xs {
		o, ok := x.(map[string]any)
		if !ok {
			return nil
		}
		for _, k := range sortedAnyKeys(o) {
			if !seen[k] {
				seen[k] = true
				cols = append(cols, k)
			}
		}
	}
	t := &table{Head: cols}
	for _, x := range xs {
		o := x.(map[string]any)
		var rw []cell
		for _, c := range cols {
			rw = append(rw, txt(scalar(o[c])))
		}
		t.Rows = append(t.Rows, rw)
	}
	return t
}

func sortedAnyKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func scalar(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return trimFloat(x)
	case bool:
		return fmt.Sprint(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func postureSection(in *Input) section {
	lang := in.Eval.Lang
	s := section{ID: "posture", Title: L(lang, "sec_posture")}
	if in.PostureNote != "" {
		s.Blocks = append(s.Blocks, block{Kind: bWarn, Text: in.PostureNote})
	}
	if len(in.Posture) == 0 {
		s.Blocks = append(s.Blocks, block{Kind: bPara, Text: L(lang, "posture_absent")})
		return s
	}
	over := &table{Head: []string{L(lang, "domain"), L(lang, "score_100"), L(lang, "grade")}, Num: []bool{false, true, false}}
	for _, dr := range in.Posture {
		over.Rows = append(over.Rows, row(txt(dr.Domain), txt(fmt.Sprint(dr.Score)), gradeCell(dr.Grade)))
	}
	s.Blocks = append(s.Blocks, block{Kind: bTable, Table: over})
	if len(in.Verifications) > 0 {
		t := &table{Head: []string{L(lang, "option"), L(lang, "requirement"), L(lang, "claimed"), L(lang, "measured"), L(lang, "evidence")},
			Widths: []float64{1.4, 1.6, 0.8, 0.8, 3}}
		names := map[string]string{}
		for _, r := range in.Eval.Results {
			names[r.ID] = r.Name
		}
		for _, v := range in.Verifications {
			name := names[v.OptionID]
			if name == "" {
				name = v.OptionID
			}
			mc := txt(stateWord(lang, v.Measured))
			switch v.Measured {
			case "yes":
				mc.Tone = "good"
			case "no":
				mc.Tone = "bad"
			default:
				mc.Tone = "muted"
			}
			t.Rows = append(t.Rows, row(txt(name), txt(scoring.RequirementLabel(v.Key, lang)), txt(stateWord(lang, v.Claimed)), mc, txt(strings.Join(v.Evidence, ", "))))
		}
		s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: L(lang, "posture_verify")}, block{Kind: bTable, Table: t})
	}
	for _, dr := range in.Posture {
		s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: fmt.Sprintf("%s — %s %d (%s)", dr.Domain, L(lang, "score_100"), dr.Score, dr.Grade)})
		if len(dr.Categories) > 0 {
			ct := &table{Head: []string{L(lang, "category"), L(lang, "score_100")}, Num: []bool{false, true}}
			for _, k := range sortedCats(dr.Categories) {
				c := dr.Categories[k]
				ct.Rows = append(ct.Rows, row(txt(k), txt(fmt.Sprintf("%d (%d/%d)", c.Score, c.Passed, c.Total))))
			}
			s.Blocks = append(s.Blocks, block{Kind: bTable, Table: ct})
		}
		ft := &table{Head: []string{L(lang, "check"), L(lang, "status"), L(lang, "summary"), L(lang, "fix")}, Widths: []float64{1.2, 0.6, 2.6, 2.6}}
		for _, c := range dr.Checks {
			if c.Status != probe.Warn && c.Status != probe.Fail && c.Status != probe.Error {
				continue
			}
			summary := c.Summary
			if c.Target != "" && c.Target != dr.Domain {
				summary += " [" + c.Target + "]"
			}
			ft.Rows = append(ft.Rows, row(txt(c.ID), statusCellIn(lang, c.Status), txt(summary), txt(c.Fix)))
		}
		if len(ft.Rows) == 0 {
			s.Blocks = append(s.Blocks, block{Kind: bPara, Text: L(lang, "posture_none_found")})
		} else {
			s.Blocks = append(s.Blocks, block{Kind: bTable, Table: ft})
		}
	}
	return s
}

func sortedCats(m map[string]probe.CategoryScore) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func gradeCell(g string) cell {
	switch {
	case strings.HasPrefix(g, "A"):
		return tone(g, "good")
	case strings.HasPrefix(g, "D"), strings.HasPrefix(g, "E"), strings.HasPrefix(g, "F"):
		return tone(g, "bad")
	}
	return tone(g, "warn")
}

func statusCell(s probe.Status) cell {
	switch s {
	case probe.Pass:
		return tone(string(s), "good")
	case probe.Fail:
		return tone(string(s), "bad")
	case probe.Warn:
		return tone(string(s), "warn")
	}
	return tone(string(s), "muted")
}

// levelsTable is every capability key with the level the file asks for.
func levelsTable(ev *scoring.Evaluation, lang string) *table {
	lv := &table{Head: []string{L(lang, "criterion"), L(lang, "requirement"), L(lang, "key"), L(lang, "level")}, Widths: []float64{1.2, 2.6, 1.8, 0.6}}
	for _, k := range catalog.CapabilityKeys {
		l := ev.Requirements.Level(k.Path())
		c := txt(msg.T(lang, "level."+string(l)))
		if l == scoring.No {
			c.Tone = "muted"
		}
		lv.Rows = append(lv.Rows, row(txt(criterionLabel(ev, string(k.Criterion), lang)), txt(k.Label(lang)), txt(k.Path()), c))
	}
	return lv
}

func requirementsSection(in *Input) section {
	ev, lang := in.Eval, in.Eval.Lang
	r := ev.Requirements
	cur := ev.Currency
	s := section{ID: "requirements", Title: L(lang, "sec_requirements")}
	opt := func(v float64, money bool) string {
		if v <= 0 {
			return L(lang, "not_set")
		}
		if money {
			return scoring.Money(v, cur)
		}
		return trimFloat(v)
	}
	amount := func(a catalog.Amount) string {
		if !a.Known {
			return L(lang, "not_set")
		}
		return scoring.Money(a.Value, cur)
	}
	kv := &table{Head: []string{L(lang, "item"), L(lang, "value")}, Widths: []float64{1.5, 2.5}}
	add := func(k, v string) { kv.Rows = append(kv.Rows, row(txt(k), txt(v))) }
	if r.CompanyName != "" {
		add(L(lang, "company"), r.CompanyName)
	}
	if r.CompanyDomain != "" {
		add(L(lang, "domain"), r.CompanyDomain)
	}
	add(L(lang, "accounts"), fmt.Sprint(r.Users))
	add(L(lang, "growth"), signedPercent(r.Growth, 1))
	add(L(lang, "horizon"), nYears(lang, r.HorizonYears))
	add(L(lang, "currency"), r.Currency)
	add(L(lang, "tax_basis"), taxBasisShort(lang, r))
	add(L(lang, "contract"), contractValue(lang, r.Contract))
	add(L(lang, "storage"), opt(r.StoragePerUserGB, false))
	hours := msg.State(r.SupportHours).Word(lang) // "business" is 営業時間内
	if r.SupportHours == "" {
		hours = L(lang, "not_set")
	}
	add(L(lang, "support_hours"), hours)
	add(L(lang, "budget_initial"), opt(r.InitialMax, true))
	add(L(lang, "budget_monthly"), opt(r.MonthlyMax, true))
	add(L(lang, "admin_expertise"), msg.Expertise(r.Expertise).Word(lang))
	add(L(lang, "admin_hours"), trimFloat(r.AdminHoursMonth))
	hc := L(lang, "not_set")
	if r.HourlyCostGiven {
		hc = scoring.Money(r.AdminHourlyCost, cur)
	}
	add(L(lang, "admin_cost"), hc)
	add(L(lang, "server_monthly"), amount(r.ServerMonthly))
	add(L(lang, "hardware_initial"), amount(r.HardwareInitial))
	add(L(lang, "customization"), msg.T(lang, "level."+string(r.Customization)))
	if len(r.Exclude) > 0 {
		add(L(lang, "excluded"), strings.Join(r.Exclude, ", "))
	}
	s.Blocks = append(s.Blocks, block{Kind: bTable, Table: kv})

	s.Blocks = append(s.Blocks, block{Kind: bTable, Table: levelsTable(ev, lang)})

	w := &table{Head: []string{L(lang, "criterion"), L(lang, "weight_given")}, Num: []bool{false, true}}
	for _, c := range ev.Criteria {
		w.Rows = append(w.Rows, row(txt(c.Label(lang)), txt(trimFloat(ev.InputWeight(c.ID)))))
	}
	s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: L(lang, "weights")}, block{Kind: bTable, Table: w})
	if len(r.Quotes) > 0 {
		ids := make([]string, 0, len(r.Quotes))
		for id := range r.Quotes {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		q := quotesTable(lang, r, ids)
		s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: L(lang, "quotes")}, block{Kind: bTable, Table: q})
	}
	return s
}

func methodologySection(in *Input) section {
	ev, lang := in.Eval, in.Eval.Lang
	s := section{ID: "methodology", Title: L(lang, "sec_methodology")}
	s.Blocks = append(s.Blocks, block{Kind: bBullets, Items: methodologyItems(ev, lang)})
	a := &table{Head: []string{L(lang, "item"), L(lang, "value"), L(lang, "basis")}, Widths: []float64{1.2, 1, 2.4}}
	a.Rows = append(a.Rows, row(txt(L(lang, "method_text")), txt(strings.ToUpper(ev.Method)), txt("")))
	hb := ev.Assumptions.HourlyCostBasis
	if hb == "assumption" && in.Assumptions != nil && in.Assumptions.HourlyBasis != "" {
		hb = labourBasis(in.Assumptions.HourlyBasis, lang)
	} else {
		hb = basisLabel(lang, hb)
	}
	a.Rows = append(a.Rows, row(txt(L(lang, "hourly_cost")), txt(scoring.Money(ev.Assumptions.HourlyCost, ev.Currency)), txt(hb)))
	a.Rows = append(a.Rows, fxRows(ev, lang)...)
	a.Rows = append(a.Rows, row(txt(L(lang, "assumptions_as_of")), txt(ev.Assumptions.AsOf), txt("data/assumptions.toml")))
	s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: L(lang, "assumptions")}, block{Kind: bTable, Table: a})
	if as := in.Assumptions; as != nil {
		bt := &table{Head: []string{L(lang, "build_step"), L(lang, "manual"), L(lang, "included")}, Num: []bool{false, true, true}, Widths: []float64{3, 1, 1}}
		for _, st := range catalog.BuildSteps {
			bt.Rows = append(bt.Rows, row(txt(msg.Entry{EN: st.EN, JA: st.JA}.In(lang)), txt(trimFloat(as.BuildManual[st.Key])), txt(trimFloat(as.BuildIncluded[st.Key]))))
		}
		ot := &table{Head: []string{L(lang, "task"), L(lang, "base_hours"), L(lang, "per100_hours")}, Num: []bool{false, true, true}, Widths: []float64{3, 1, 1}}
		for _, t := range catalog.OperatingTasks {
			ot.Rows = append(ot.Rows, row(txt(msg.Entry{EN: t.EN, JA: t.JA}.In(lang)), txt(trimFloat(as.OpsBase[t.Key])), txt(trimFloat(as.OpsPer100[t.Key]))))
		}
		ot.Rows = append(ot.Rows, row(txt(L(lang, "provider_hours")), txt(trimFloat(as.ProviderBase)), txt(trimFloat(as.ProviderPer100))))
		s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: L(lang, "effort_model")}, block{Kind: bTable, Table: bt}, block{Kind: bTable, Table: ot})
	}
	return s
}

// stale reports whether a fact dated asOf ("2006-01-02") is more than 12
// months older than now.
func stale(asOf string, now time.Time) bool {
	t, err := time.Parse("2006-01-02", asOf)
	if err != nil {
		return false
	}
	return catalog.Stale(t, now)
}

func sourcesSection(in *Input) section {
	ev, lang := in.Eval, in.Eval.Lang
	s := section{ID: "sources", Title: L(lang, "sec_sources")}
	t := &table{Head: []string{L(lang, "option"), L(lang, "as_of"), L(lang, "sources")}, Widths: []float64{1.5, 0.8, 4}}
	for i := range ev.Results {
		res := &ev.Results[i]
		date := txt(res.AsOf)
		if stale(res.AsOf, in.Now) {
			date = tone(res.AsOf+" ⚠ "+L(lang, "stale_short"), "bad")
		}
		lines := res.Sources
		if res.Option != nil && len(res.Option.SourceList) > 0 {
			lines = nil
			for _, src := range res.Option.SourceList {
				lines = append(lines, sourceLine(src, lang))
			}
		}
		t.Rows = append(t.Rows, row(txt(res.Name), date, txt(strings.Join(lines, "\n"))))
	}
	if w := CatalogAge(ev, in.Now).Warning(lang); w != "" {
		s.Blocks = append(s.Blocks, block{Kind: bWarn, Text: w})
	}
	s.Blocks = append(s.Blocks, block{Kind: bTable, Table: t})
	return s
}

// criterionLabel names a criterion id in lang: the evaluation's criterion,
// or a default one; an unknown id stays as it is.
func criterionLabel(ev *scoring.Evaluation, id, lang string) string {
	for _, c := range ev.Criteria {
		if string(c.ID) == id {
			return c.Label(lang)
		}
	}
	if c, ok := scoring.LookupCriterion(id); ok {
		return c.Label(lang)
	}
	return id
}
