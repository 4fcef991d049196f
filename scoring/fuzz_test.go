package scoring

import (
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/catalog/tomlfile"
)

// saaty maps a byte onto the 17 values of Saaty's scale, 1/9 … 1 … 9.
func saaty(b byte) float64 {
	v := float64(int(b)%17 - 8) // −8 … 8
	if v >= 0 {
		return v + 1
	}
	return 1 / (1 - v)
}

// FuzzAHP: any complete set of judgements gives finite positive weights
// summing to 1 and a CR ≥ 0, or a problem naming a judgement.
func FuzzAHP(f *testing.F) {
	f.Add([]byte{3, 10, 12, 10})
	f.Add([]byte{6, 0, 16, 3, 9, 8, 8, 1, 2, 15, 16, 4, 5, 6, 7, 8})
	f.Add([]byte{2, 8})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		n := 2 + int(data[0])%5 // 2 … 6 criteria
		data = data[1:]
		r := &Requirements{Pairwise: map[string]float64{}, Weights: map[catalog.Criterion]float64{}}
		k := 0
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				b := byte(8) // missing bytes: equal importance
				if k < len(data) {
					b = data[k]
				}
				k++
				r.Pairwise[string(CriterionIDs()[i])+"_vs_"+string(CriterionIDs()[j])] = saaty(b)
			}
		}
		res, w, err := deriveAHP(r, CriterionIDs())
		if err != nil {
			var ps tomlfile.Problems
			if !errors.As(err, &ps) || len(ps) != 1 || res == nil || res.CR <= MaxConsistencyRatio || res.MostInconsistent == nil {
				t.Fatalf("error %v with report %+v", err, res)
			}
			return
		}
		sum := 0.0
		for i, c := range CriterionIDs() {
			v := w[c]
			if math.IsNaN(v) || v < 0 || (i < n && v <= 0) || (i >= n && v != 0) {
				t.Fatalf("weight %s = %v", c, v)
			}
			sum += v
		}
		if math.Abs(sum-1) > 1e-9 || res.CR < 0 || math.IsNaN(res.CR) || res.LambdaMax < float64(n)-1e-9 {
			t.Fatalf("sum %v CR %v λ %v", sum, res.CR, res.LambdaMax)
		}
	})
}

// FuzzSensitivity: any small table of scores gives win probabilities that
// sum to 1 over eligible options (0 for the rest), JSON-safe numbers, and
// thresholds at which the winner really changes.
func FuzzSensitivity(f *testing.F) {
	f.Add([]byte{3, 0xff, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 5, 15, 25, 35, 45, 55, 65, 75, 85, 95, 1, 2, 3, 4, 5, 6})
	f.Add([]byte{1, 0x01, 100, 100, 100, 100, 100, 100})
	f.Add([]byte{4, 0x06, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		n := 1 + int(data[0])%6
		eligBits := data[1]
		data = data[2:]
		next := func() float64 {
			if len(data) == 0 {
				return 50
			}
			b := data[0]
			data = data[1:]
			return float64(b % 101)
		}
		var res []Result
		for i := 0; i < n; i++ {
			c := map[string]float64{}
			for _, cr := range CriterionIDs() {
				c[string(cr)] = next()
			}
			res = append(res, Result{ID: string(rune('a' + i)), Eligible: eligBits&(1<<i) != 0, Criteria: c,
				TCO: TCO{Priced: c["cost"] > 0, Total: 1000 / math.Max(c["cost"], 1)}})
		}
		w := map[catalog.Criterion]float64{}
		for _, c := range CriterionIDs() {
			w[c] = next()
		}
		w = normalise(w)
		for _, method := range []string{"wsm", "topsis"} {
			m := newModel(res, w, w, method)
			s := m.analyze(SensitivityOptions{Samples: 200, Seed: 1}.withDefaults())
			if _, err := json.Marshal(s); err != nil {
				t.Fatalf("%s: %v", method, err)
			}
			sum, anyElig := 0.0, false
			for i, o := range s.Options {
				if !m.elig[i] && o.WinProbability != 0 {
					t.Fatalf("ineligible %s wins %v", o.ID, o.WinProbability)
				}
				anyElig = anyElig || m.elig[i]
				sum += o.WinProbability
			}
			if anyElig && math.Abs(sum-1) > 1e-9 {
				t.Fatalf("%s: sum %v", method, sum)
			}
			if method != "wsm" || s.Winner == "" {
				continue
			}
			win := -1
			for i, id := range m.ids {
				if id == s.Winner {
					win = i
				}
			}
			wb, sc := make([]float64, m.nc), make([]float64, m.n)
			for k, th := range s.OneAtATime {
				for dir, sh := range map[float64]*WeightShift{1: th.Up, -1: th.Down} {
					if sh == nil {
						continue
					}
					past := sh.Weight + dir*1e-6
					if past < 0 || past > 1 {
						continue
					}
					if got := m.winnerAt(k, past, wb, sc); got == win {
						t.Fatalf("%s: past %v the winner is still %s", th.Criterion, sh.Weight, s.Winner)
					}
				}
			}
		}
	})
}
