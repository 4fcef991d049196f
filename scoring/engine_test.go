package scoring

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mailpick/mailpick/catalog"
)

// --explain decides who "ranks first" on the totals the ranking used,
// rounded to 0.01. Drift fixed: whatIf compared unrounded totals, so of two
// options tied at 50.00 it called the one the ranking puts second (on TCO)
// the winner, and told the real winner what it would take to rank first.
func TestExplainWinnerIsRankOne(t *testing.T) {
	w := map[string]float64{}
	for _, c := range CriterionIDs() {
		w[string(c)] = 0
	}
	w["cost"], w["security"] = 0.5, 0.5
	crit := func(cost, security float64) map[string]float64 {
		m := map[string]float64{}
		for _, c := range CriterionIDs() {
			m[string(c)] = 100
		}
		m["cost"], m["security"] = cost, security
		return m
	}
	// Unrounded: a 50.004, b 50.001; both 50.00, and b is cheaper.
	ev := &Evaluation{Lang: "en", Method: "wsm", Currency: "JPY", HorizonYears: 3, Weights: w,
		Results: []Result{
			{ID: "b", Name: "b", Eligible: true, Rank: 1, Score: 50, Criteria: crit(100, 0.002), TCO: TCO{Priced: true, Total: 900}},
			{ID: "a", Name: "a", Eligible: true, Rank: 2, Score: 50, Criteria: crit(100, 0.008), TCO: TCO{Priced: true, Total: 1000}},
		}}
	ev.Recommendation.ID = "b"
	for _, tt := range []struct {
		id     string
		winner bool
	}{{"b", true}, {"a", false}} {
		e, err := Explain(ev, tt.id)
		if err != nil {
			t.Fatal(err)
		}
		if e.ToWin.Winner != tt.winner {
			t.Errorf("%s: to_win.winner = %v, want %v (rank %d):\n%s", tt.id, e.ToWin.Winner, tt.winner, e.Rank, strings.Join(e.ToWin.Summary, "\n"))
		}
	}
}

// Readiness weighs the self-hosted option the ranking puts higher. Drift
// fixed: two eligible self-hosted options tied on the total were split by
// id in readiness and by TCO in the ranking, so readiness described the one
// ranked second.
func TestReadinessTieBreakIsTheRankings(t *testing.T) {
	r := testRequirements()
	for c := range r.Weights {
		r.Weights[c] = 1
	}
	r.Weights[catalog.CriterionCost] = 0 // equal totals; TCOs differ
	dear := testOption("a-dear", catalog.SelfHosted, catalog.Yes)
	dear.Operations.SetupHours = catalog.Known(80)
	cheap := testOption("b-cheap", catalog.SelfHosted, catalog.Yes)
	ev, err := Evaluate(r, []*catalog.Option{dear, cheap}, testAssumptions(t), Options{NoSensitivity: true})
	if err != nil {
		t.Fatal(err)
	}
	first, second := ev.Results[0], ev.Results[1]
	if first.ID != "b-cheap" || first.Score != second.Score || !first.Eligible || !second.Eligible {
		t.Fatalf("setup: want b-cheap first on a tie, got %s %v, %s %v", first.ID, first.Score, second.ID, second.Score)
	}
	for _, c := range ev.SelfHostReadiness.Conditions {
		if c.Key == "build.capacity" && !strings.Contains(c.Detail, "b-cheap") {
			t.Errorf("readiness weighs %q, want b-cheap, which ranks first", c.Detail)
		}
	}
}

// The ranking's tie-break is the one TieBreakOrder numbers.
func TestTieBreakOrder(t *testing.T) {
	results := []Result{
		{ID: "unpriced-b"},
		{ID: "same-tco-b", TCO: TCO{Priced: true, Total: 100}},
		{ID: "unpriced-a"},
		{ID: "same-tco-a", TCO: TCO{Priced: true, Total: 100}},
		{ID: "cheap", TCO: TCO{Priced: true, Total: 50}},
	}
	got := TieBreakOrder(results)
	rank(results) // all ineligible with 0 violations and score 0: the tie-break alone
	for i, r := range results {
		if got[r.ID] != i+1 {
			t.Errorf("%s: TieBreakOrder %d, rank order %d", r.ID, got[r.ID], i+1)
		}
	}
}

// Evaluate refuses a criteria list or a method it cannot work from, with an
// error that names the problem.
func TestCriteriaAndMethodsChecked(t *testing.T) {
	per := func(id catalog.Criterion) Criterion {
		return Criterion{ID: id, Rule: PerOption, Score: func(OptionFacts, string) (float64, string) { return 50, "" }}
	}
	many := DefaultCriteria()
	for i := len(many); i <= maxCriteria; i++ {
		many = append(many, per(catalog.Criterion(fmt.Sprint("extra", i))))
	}
	cost := DefaultCriteria()[0]
	cost.ID = "cost2"
	tests := []struct {
		name string
		o    Options
		want string
	}{
		{"empty", Options{Criteria: []Criterion{}}, "0 criteria to score"},
		{"too many", Options{Criteria: many}, "17 criteria to score; the engine takes 1 to 16"},
		{"twice", Options{Criteria: append(DefaultCriteria(), per("cost"))}, `criterion "cost" is listed twice`},
		{"no scorer", Options{Criteria: append(DefaultCriteria(), Criterion{ID: "x", Rule: PerOption})}, `"x" is scored per option but has no Score`},
		{"no rule", Options{Criteria: append(DefaultCriteria(), Criterion{ID: "x"})}, `"x" has no scoring rule`},
		{"two costs", Options{Criteria: append(DefaultCriteria(), cost)}, "2 criteria are scored on relative cost"},
		{"unknown method", Options{Method: "electre"}, `method "electre" is not supported; use wsm or topsis`},
		{"unknown among three", Options{Method: "electre", Methods: append(DefaultMethods(), renamed{WSM, "wsm2"})}, "use wsm, topsis or wsm2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Evaluate(testRequirements(), nil, testAssumptions(t), tt.o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
	if err := CheckMethod("topsis"); err != nil {
		t.Errorf("topsis: %v", err)
	}
	if err := CheckMethod(""); err != nil {
		t.Errorf("the default: %v", err)
	}
}

// renamed is a method under another id.
type renamed struct {
	Method
	id string
}

func (r renamed) ID() string { return r.id }
