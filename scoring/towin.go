package scoring

import (
	"math"
)

// toWinCeiling bounds the search: a TCO this large scores ~0 on cost, so
// an option that still ranks first there wins at any price.
const toWinCeiling = 1e15

// setTCOToWin sets TCOToWin, TCOToWinAnyPrice, TCOToWinWhileUnpriced and
// PriceToWinMonthly on every eligible option; results are in the model's
// order.
func (m *model) setTCOToWin(results []Result) {
	for i := range results {
		if !m.elig[i] {
			continue
		}
		x, anyPrice, ok := m.tcoToWin(i, knownFloor(&results[i]))
		switch {
		case anyPrice:
			if rivals := m.pricelessRivals(i); len(rivals) > 0 {
				for _, j := range rivals {
					results[i].TCOToWinWhileUnpriced = append(results[i].TCOToWinWhileUnpriced, m.ids[j])
				}
				break
			}
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
// toWinCeiling; ok is false when no price, however low, is enough — no
// TCO at or above floor, the costs that are not the vendor's price
// (labour, hosting, hardware), which no quote can lower.
//
// Method: a one-dimensional search on the option's own TCO X. Cost scores
// are relative to the cheapest eligible option (100 × cheapest / TCO), so
// lowering X raises this option's cost score and, once X is the cheapest,
// lowers everyone else's: under the weighted sum, winning is monotone in X
// and bisection finds the boundary. TOPSIS is searched the same way; its
// closeness also improves as X falls. The search runs on log X between 1
// and toWinCeiling to a relative precision of 1e-9, through the same cost
// rule (costScores), totals and ranking order (rankKey) as Evaluate: the
// engine's. Any other method is searched the same way; the bound is exact
// where winning is monotone in X.
func (m *model) tcoToWin(i int, floor float64) (x float64, anyPrice, ok bool) {
	tco := append([]float64(nil), m.tco...)
	priced := append([]bool(nil), m.priced...)
	xs := append([]float64(nil), m.x...)
	s := make([]float64, m.n)
	wins := func(v float64) bool {
		tco[i], priced[i] = v, true
		m.costColumnOf(tco, priced, xs)
		m.totals(xs, m.w, s)
		return m.first(s, tco, priced) == i
	}
	if wins(toWinCeiling) {
		return 0, true, true
	}
	lo, hi := math.Max(1, floor), toWinCeiling
	if !wins(lo) {
		return 0, false, false
	}
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

// pricelessRivals are the eligible options whose missing price a win of
// option i at any price rests on: those it does not score strictly above
// with no cost points of its own (as at an unbounded TCO once another
// price is known). Ranking first at any price without outscoring them
// comes from a price being known at all: as the only eligible option with
// a price it is compared with itself and gets full cost points, and on a
// tie the tie-break puts a known price first. Each unpriced rival could
// say the same of itself, so that claim holds only while they stay
// unpriced. Empty when i wins at any price outright, which at most one
// option can: two that each outscored the other with no cost points would
// each score more than the other.
func (m *model) pricelessRivals(i int) []int {
	tco := append([]float64(nil), m.tco...)
	priced := append([]bool(nil), m.priced...)
	xs := append([]float64(nil), m.x...)
	tco[i], priced[i] = toWinCeiling, true
	m.costColumnOf(tco, priced, xs)
	if m.costIdx >= 0 {
		xs[i*m.nc+m.costIdx] = 0
	}
	s := make([]float64, m.n)
	m.totals(xs, m.w, s)
	var out []int
	for j := 0; j < m.n; j++ {
		if j != i && m.elig[j] && s[j] >= s[i] {
			out = append(out, j)
		}
	}
	return out
}

// knownFloor is the part of an option's TCO that is not the vendor's
// price: labour, hosting and hardware. A quote can lower everything else,
// never this.
func knownFloor(res *Result) float64 {
	floor := 0.0
	for _, l := range res.TCO.Lines {
		switch l.Item {
		case "setup_labour", "admin_labour", "server", "hardware":
			floor += lineTotal(l)
		}
	}
	return floor
}

func lineTotal(l CostLine) float64 {
	t := l.Initial
	for _, v := range l.Yearly {
		t += v
	}
	return t
}

// priceToWinMonthly is the recurring licence a vendor may charge per month
// for the option to reach TCO x: x less every line that is not the
// recurring licence (labour, hosting, hardware, and the initial fee, yearly
// licence and add-ons as stated), spread over the horizon's months.
func priceToWinMonthly(res *Result, x float64) float64 {
	other := 0.0
	for _, l := range res.TCO.Lines {
		// A quote replaces the whole recurring licence, the months of a
		// term signed past the horizon included.
		if l.Item != "licence" && l.Item != "licence_beyond_horizon" {
			other += lineTotal(l)
		}
	}
	months := float64(12 * len(res.TCO.Years))
	return (x - other) / months
}
