package scoring

import (
	"math"
	"sort"

	"github.com/mailpick/mailpick/catalog"
)

// model is the decision engine: the one place that turns criterion
// scores, weights and eligibility into totals and a ranking. Evaluate,
// the sensitivity analysis, tco_to_win and --explain all work through it,
// and the XLSX's hidden tie-break column comes from its order
// (TieBreakOrder). It holds an evaluation as flat arrays so a Monte Carlo
// sample costs a few multiplications per option. Rows follow the results
// given (rank order once Evaluate has ranked), so the lowest index breaks
// a sample's ties exactly as rank() did.
type model struct {
	n, nc   int
	crit    []Criterion
	method  Method
	ids     []string
	elig    []bool
	x       []float64 // n×nc criterion scores in crit order
	w       []float64 // normalised weights
	raw     []float64 // weights as given (or as derived by AHP)
	tco     []float64
	priced  []bool
	costIdx int             // column of the RelativeCost criterion; -1 when there is none
	cov     []coverageParts // n×nc; active for Coverage criteria
	active  []int           // indexes of cov entries with unknown items
}

// coverageParts splits a coverage score into the credit that is known and
// the number of must and want items whose state is "unknown" (credit 0.5).
type coverageParts struct {
	active           bool
	got, max         float64
	unkMust, unkWant int
}

// newEngine reduces results to the engine's arrays. Criterion scores are
// taken as the results hold them; Evaluate fills the cost column with
// costColumn before it ranks.
func newEngine(crit []Criterion, method Method, results []Result, w, raw map[catalog.Criterion]float64) *model {
	nc := len(crit)
	m := &model{n: len(results), nc: nc, crit: crit, method: method, costIdx: -1,
		x: make([]float64, len(results)*nc), w: make([]float64, nc), raw: make([]float64, nc),
		cov: make([]coverageParts, len(results)*nc)}
	col := make(map[string]int, nc)
	for k, c := range crit {
		m.w[k] = w[c.ID]
		m.raw[k] = raw[c.ID]
		if c.Rule == RelativeCost {
			m.costIdx = k
		}
		if c.Rule == Coverage {
			col[string(c.ID)] = k
		}
	}
	for i, r := range results {
		m.ids = append(m.ids, r.ID)
		m.elig = append(m.elig, r.Eligible)
		m.tco = append(m.tco, r.TCO.Total)
		m.priced = append(m.priced, r.TCO.Priced)
		row := m.cov[i*nc : (i+1)*nc]
		for k, c := range crit {
			m.x[i*nc+k] = r.Criteria[string(c.ID)]
		}
		for _, it := range r.Items {
			k, ok := col[it.Criterion]
			if !ok {
				continue
			}
			p := &row[k]
			lw := levelWeight(it.Level)
			p.max += lw
			switch {
			case it.State == string(catalog.StateUnknown) && it.Credit == 0.5 && it.Level == Must:
				p.unkMust++
			case it.State == string(catalog.StateUnknown) && it.Credit == 0.5:
				p.unkWant++
			default:
				p.got += lw * it.Credit
			}
		}
		for k := range row {
			p := &row[k]
			p.active = p.max > 0 && p.unkMust+p.unkWant > 0
			if p.active {
				m.active = append(m.active, i*nc+k)
			}
		}
	}
	return m
}

// scores fills out with every option's total under the model's method,
// unrounded: the weight-threshold searches work on these continuous totals.
func (m *model) scores(x, w, out []float64) {
	m.method.Totals(x, m.n, m.nc, w, m.elig, out)
}

// totals fills out with the totals the ranking uses: the method's, rounded
// to 0.01 as Result.Score is.
func (m *model) totals(x, w, out []float64) {
	m.scores(x, w, out)
	roundAll(out)
}

// roundAll rounds scores to 0.01 as the official ranking does, so that a
// sample's ties fall to the lower index, which is rank()'s tie-break order
// (priced first, lower TCO, id).
func roundAll(s []float64) {
	for i, v := range s {
		s[i] = round2(v)
	}
}

// winner is the eligible option that ranks first on scores s with the
// evaluation's TCOs; -1 when nothing is eligible.
func (m *model) winner(s []float64) int {
	return m.first(s, m.tco, m.priced)
}

// first is the eligible option that ranks first by the ranking order
// (rankKey.before) given scores, TCOs and priced flags; -1 when none is
// eligible.
func (m *model) first(s, tco []float64, priced []bool) int {
	best := -1
	var bk rankKey
	for i := 0; i < m.n; i++ {
		if !m.elig[i] {
			continue
		}
		k := rankKey{eligible: true, score: s[i], priced: priced[i], tco: tco[i], id: m.ids[i]}
		if best < 0 || k.before(bk) {
			best, bk = i, k
		}
	}
	return best
}

// costColumn recomputes the cost scores from TCOs with costScores, the
// cost rule, into x; nothing when no criterion is scored on cost.
func (m *model) costColumn(tco, x []float64) {
	m.costColumnOf(tco, m.priced, x)
}

// costColumnOf is costColumn with other priced flags (tco_to_win prices an
// unpriced option).
func (m *model) costColumnOf(tco []float64, priced []bool, x []float64) {
	if m.costIdx < 0 {
		return
	}
	costScores(tco, priced, m.elig, x[m.costIdx:], m.nc)
}

// costScores is the cost rule, the one place it lives: 100 × cheapest /
// TCO, where cheapest is over eligible priced options (over all priced
// ones when none is eligible), rounded to 0.01. Relative to the best only,
// so adding or removing a dominated option never rescales anyone. An
// unpriced option scores 0: a price nobody has stated cannot win on cost.
// A priced TCO with a missing initial fee or add-on price is compared on
// what is known, and the gap is listed as unverified.
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

// score fills in every result's cost score and total through the engine.
// Results keep their order; rank sorts them next.
func (m *model) score(results []Result) {
	m.costColumn(m.tco, m.x)
	s := make([]float64, m.n)
	m.totals(m.x, m.w, s)
	for i := range results {
		if m.costIdx >= 0 {
			results[i].Criteria[string(m.crit[m.costIdx].ID)] = m.x[i*m.nc+m.costIdx]
		}
		results[i].Score = s[i]
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
// then (ineligible) fewest violations, then higher score, then the
// tie-break (tieBefore). Every key is total, so the order never depends
// on the catalog's order.
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
	return a.tieBefore(b)
}

// tieBefore breaks a tie on the total: priced before unpriced, lower TCO,
// then id.
func (a rankKey) tieBefore(b rankKey) bool {
	if a.priced != b.priced {
		return a.priced
	}
	if a.tco != b.tco {
		return a.tco < b.tco
	}
	return a.id < b.id
}

// TieBreakOrder numbers the results 1, 2, … in the ranking's tie-break
// order (priced before unpriced, lower TCO, then id), by id. A spreadsheet
// that ranks on the totals breaks ties on this number to rank as Evaluate
// does.
func TieBreakOrder(results []Result) map[string]int {
	order := make([]rankKey, len(results))
	for i := range results {
		order[i] = results[i].rankKey()
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].tieBefore(order[j]) })
	pos := make(map[string]int, len(order))
	for i, k := range order {
		pos[k.id] = i + 1
	}
	return pos
}

// engine is the model of an evaluation's results as they stand, with its
// criteria, method and weights. An evaluation that did not come from
// Evaluate (decoded, or built by hand) gets the default criteria and the
// method its Method names.
func (ev *Evaluation) engine() *model {
	crit := ev.Criteria
	if crit == nil {
		crit = defaultCriteria
	}
	w, raw := map[catalog.Criterion]float64{}, map[catalog.Criterion]float64{}
	for _, c := range crit {
		w[c.ID] = ev.Weights[string(c.ID)]
		raw[c.ID] = ev.InputWeight(c.ID)
	}
	return newEngine(crit, ev.DecisionMethod(), ev.Results, w, raw)
}

// DecisionMethod is the method that ranked the evaluation.
func (ev *Evaluation) DecisionMethod() Method {
	if ev.method != nil {
		return ev.method
	}
	if m, err := findMethod(defaultMethods, ev.Method); err == nil {
		return m
	}
	return WSM
}

// InputWeight is criterion c's weight as the user expressed it: the
// [weights] value, or, when the weights were derived from
// [weights.pairwise] (AHP), the derived normalised weight, since no plain
// value was given. The one place this rule lives.
func (ev *Evaluation) InputWeight(c catalog.Criterion) float64 {
	if ev.AHP != nil || ev.Requirements == nil {
		return ev.Weights[string(c)]
	}
	return ev.Requirements.Weights[c]
}
