package scoring

import (
	"math"
)

// topsisScores ranks by closeness to the ideal (Hwang and Yoon, 1981):
//
//	r_ic = x_ic / sqrt(Σ_j x_jc²)      vector normalisation per criterion
//	v_ic = w_c · r_ic
//	A+_c = max_i v_ic, A−_c = min_i v_ic
//	D±_i = sqrt(Σ_c (v_ic − A±_c)²)
//	C_i  = D−_i / (D+_i + D−_i), score = 100 · C_i
//
// Every criterion score is already "more is better" (cost is 100 ×
// cheapest/TCO), so all columns are benefit columns. Norms, ideal and
// anti-ideal come from the eligible options only: an option that cannot be
// chosen must not move the ones that can. Ineligible options are scored
// against the same reference points for display. An option equal to the
// ideal scores 100, which covers a single eligible option.
func topsisScores(x []float64, n, nc int, w []float64, elig []bool, out []float64) {
	ref := func(i int) bool { return elig[i] }
	some := false
	for i := 0; i < n; i++ {
		some = some || elig[i]
	}
	if !some { // nothing eligible: rank them all against each other
		ref = func(int) bool { return true }
	}
	// Fixed arrays: a sample allocates nothing, and they index faster than
	// slices (about 15 % on the TOPSIS samples). checkCriteria keeps nc
	// within maxCriteria.
	var norm, pos, neg [maxCriteria]float64
	if nc > len(norm) {
		panic("topsis: too many criteria")
	}
	for c := 0; c < nc; c++ {
		s := 0.0
		for i := 0; i < n; i++ {
			if ref(i) {
				s += x[i*nc+c] * x[i*nc+c]
			}
		}
		norm[c] = math.Sqrt(s)
		pos[c], neg[c] = math.Inf(-1), math.Inf(1)
		for i := 0; i < n; i++ {
			if !ref(i) {
				continue
			}
			v := topsisV(x[i*nc+c], norm[c], w[c])
			pos[c] = math.Max(pos[c], v)
			neg[c] = math.Min(neg[c], v)
		}
	}
	for i := 0; i < n; i++ {
		var dp, dn float64
		for c := 0; c < nc; c++ {
			v := topsisV(x[i*nc+c], norm[c], w[c])
			dp += (v - pos[c]) * (v - pos[c])
			dn += (v - neg[c]) * (v - neg[c])
		}
		dp, dn = math.Sqrt(dp), math.Sqrt(dn)
		if dp == 0 {
			out[i] = 100
		} else {
			out[i] = 100 * dn / (dp + dn)
		}
	}
}

func topsisV(x, norm, w float64) float64 {
	if norm == 0 {
		return 0
	}
	return w * x / norm
}
