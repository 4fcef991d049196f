package scoring

import (
	"math"
)

// toWinCeiling bounds the search: a TCO this large scores ~0 on cost, so
// an option that still ranks first there wins at any price.
const toWinCeiling = 1e15

// setTCOToWin sets TCOToWin, TCOToWinAnyPrice and PriceToWinMonthly on
// every eligible option; results are in the model's order.
func (m *model) setTCOToWin(results []Result) {
	for i := range results {
		if !m.elig[i] {
			continue
		}
		x, anyPrice, ok := m.tcoToWin(i)
		switch {
		case anyPrice:
			results[i].TCOToWinAnyPrice = true
		case ok:
			results[i].TCOToWin = &x
			if p := priceToWinMonthly(&results[i], x); p > 0 {
				results[i].PriceToWinMonthly = &p
			}
		}
	}
}

// tcoToWin is the highest horizon TCO at which option i would rank first
// with every other input unchanged (the weights, the other options' TCOs,
// every eligibility verdict). anyPrice is true when it ranks first even at
// toWinCeiling; ok is false when no price, however low, is enough.
//
// Method: a one-dimensional search on the option's own TCO X. Cost scores
// are relative to the cheapest eligible option (100 × cheapest / TCO), so
// lowering X raises this option's cost score and, once X is the cheapest,
// lowers everyone else's: under the weighted sum, winning is monotone in X
// and bisection finds the boundary. TOPSIS is searched the same way; its
// closeness also improves as X falls. The search runs on log X between 1
// and toWinCeiling to a relative precision of 1e-9, through the same cost
// rule (costScores), scores and ranking order (rankKey) as Evaluate.
func (m *model) tcoToWin(i int) (x float64, anyPrice, ok bool) {
	tco := append([]float64(nil), m.tco...)
	priced := append([]bool(nil), m.priced...)
	xs := append([]float64(nil), m.x...)
	s := make([]float64, m.n)
	wins := func(v float64) bool {
		tco[i], priced[i] = v, true
		costScores(tco, priced, m.elig, xs[m.costIdx:], m.nc)
		m.scores(xs, m.w, s)
		roundAll(s)
		return m.first(s, tco, priced) == i
	}
	if wins(toWinCeiling) {
		return 0, true, true
	}
	if !wins(1) {
		return 0, false, false
	}
	lo, hi := 1.0, toWinCeiling
	for hi/lo > 1+1e-9 {
		mid := math.Sqrt(lo * hi)
		if wins(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, false, true
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

// priceToWinMonthly is x less the lines that are not the vendor's price
// (labour, hosting, hardware), spread over the horizon's months.
func priceToWinMonthly(res *Result, x float64) float64 {
	other := 0.0
	for _, l := range res.TCO.Lines {
		switch l.Item {
		case "setup_labour", "admin_labour", "server", "hardware":
			other += l.Initial
			for _, v := range l.Yearly {
				other += v
			}
		}
	}
	months := float64(12 * len(res.TCO.Years))
	return (x - other) / months
}
