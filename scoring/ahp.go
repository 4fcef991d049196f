package scoring

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/catalog/tomlfile"
)

// MaxConsistencyRatio is Saaty's limit: above it the judgements contradict
// each other too much for their weights to mean anything.
const MaxConsistencyRatio = 0.10

// randomIndex is Saaty's random consistency index RI by matrix order
// (Saaty, The Analytic Hierarchy Process, 1980, table 1.7; 1 and 2 are 0
// because such matrices are always consistent).
var randomIndex = []float64{0, 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49}

// AHP reports weights derived from [weights.pairwise].
type AHP struct {
	Criteria         []string           `json:"criteria"` // the criteria compared; the others weigh 0
	Weights          map[string]float64 `json:"weights"`
	LambdaMax        float64            `json:"lambda_max"`
	CI               float64            `json:"ci"` // (λmax − n)/(n − 1)
	RI               float64            `json:"ri"`
	CR               float64            `json:"cr"` // CI/RI; 0 for n ≤ 2
	MostInconsistent *Judgement         `json:"most_inconsistent,omitempty"`
}

// Judgement is one pairwise comparison as given and as the derived weights
// imply it (w_a/w_b).
type Judgement struct {
	Key     string  `json:"key"`
	Given   float64 `json:"given"`
	Implied float64 `json:"implied"`
}

// principalEigen returns the principal right eigenvector of a positive
// matrix, normalised to sum 1, and its eigenvalue, by power iteration. A
// positive matrix has a unique positive Perron vector and the iteration
// converges to it from the uniform start.
func principalEigen(a [][]float64) ([]float64, float64) {
	n := len(a)
	w := make([]float64, n)
	for i := range w {
		w[i] = 1 / float64(n)
	}
	next := make([]float64, n)
	for range 10000 {
		sum := 0.0
		for i := range a {
			next[i] = 0
			for j := range a[i] {
				next[i] += a[i][j] * w[j]
			}
			sum += next[i]
		}
		diff := 0.0
		for i := range next {
			next[i] /= sum
			diff = math.Max(diff, math.Abs(next[i]-w[i]))
		}
		w, next = next, w
		if diff < 1e-15 {
			break
		}
	}
	// λmax as the mean of (Aw)_i / w_i, exact at convergence.
	lambda := 0.0
	for i := range a {
		aw := 0.0
		for j := range a[i] {
			aw += a[i][j] * w[j]
		}
		lambda += aw / w[i]
	}
	return w, lambda / float64(n)
}

// consistency returns CI and CR for an n×n matrix with eigenvalue lambda.
func consistency(n int, lambda float64) (ci, ri, cr float64) {
	if n <= 2 {
		return 0, 0, 0
	}
	ci = math.Max(0, (lambda-float64(n))/float64(n-1))
	ri = randomIndex[min(n, len(randomIndex)-1)]
	return ci, ri, ci / ri
}

// deriveAHP builds the reciprocal matrix from r.Pairwise and derives the
// weights. Every pair among the criteria named must be judged exactly once:
// a gap would let the eigenvector invent a judgement nobody made. Criteria
// not named in any pair weigh 0. Problems carry the file and line.
func deriveAHP(r *Requirements, ids []catalog.Criterion) (*AHP, map[catalog.Criterion]float64, error) {
	file := ""
	if r.doc != nil {
		file = r.doc.File
	}
	var probs tomlfile.Problems
	add := func(key, format string, args ...any) {
		probs = append(probs, tomlfile.Problem{File: file, Line: r.Line(key), Key: key, Msg: fmt.Sprintf(format, args...)})
	}
	if len(r.Weights) > 0 {
		add("weights", "give either criterion weights or [weights.pairwise], not both")
	}
	idx := map[catalog.Criterion]int{}
	var crit []catalog.Criterion
	for _, c := range ids { // report order, not file order
		for k := range r.Pairwise {
			a, b, _ := strings.Cut(k, "_vs_")
			if string(c) == a || string(c) == b {
				idx[c] = len(crit)
				crit = append(crit, c)
				break
			}
		}
	}
	n := len(crit)
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		m[i][i] = 1
	}
	keys := make([]string, 0, len(r.Pairwise))
	for k := range r.Pairwise {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	given := map[[2]int]string{}
	for _, k := range keys {
		a, b, _ := strings.Cut(k, "_vs_")
		i, j := idx[catalog.Criterion(a)], idx[catalog.Criterion(b)]
		pair := [2]int{min(i, j), max(i, j)}
		if prev, dup := given[pair]; dup {
			add("weights.pairwise."+k, "repeats %s; give each pair once (%s = 1/%s)", prev, k, prev)
			continue
		}
		given[pair] = k
		m[i][j] = r.Pairwise[k]
		m[j][i] = 1 / r.Pairwise[k]
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if _, ok := given[[2]int{i, j}]; !ok {
				key := string(crit[i]) + "_vs_" + string(crit[j])
				add("weights.pairwise", "missing %s: compare every pair of the criteria you name (%d pairs for %d criteria); %s = 1 means equally important",
					key, n*(n-1)/2, n, key)
			}
		}
	}
	if len(probs) > 0 {
		return nil, nil, probs
	}
	w, lambda := principalEigen(m)
	ci, ri, cr := consistency(n, lambda)
	res := &AHP{Weights: map[string]float64{}, LambdaMax: lambda, CI: ci, RI: ri, CR: cr}
	weights := map[catalog.Criterion]float64{}
	for _, c := range ids {
		weights[c] = 0
		res.Weights[string(c)] = 0
	}
	for i, c := range crit {
		res.Criteria = append(res.Criteria, string(c))
		weights[c] = w[i]
		res.Weights[string(c)] = w[i]
	}
	// The judgement furthest, on a log scale, from what the weights imply.
	worst := 0.0
	for _, k := range keys {
		a, b, _ := strings.Cut(k, "_vs_")
		i, j := idx[catalog.Criterion(a)], idx[catalog.Criterion(b)]
		if given[[2]int{min(i, j), max(i, j)}] != k {
			continue
		}
		implied := w[i] / w[j]
		if d := math.Abs(math.Log(r.Pairwise[k] / implied)); res.MostInconsistent == nil || d > worst {
			worst = d
			res.MostInconsistent = &Judgement{Key: k, Given: r.Pairwise[k], Implied: implied}
		}
	}
	if cr > MaxConsistencyRatio {
		j := res.MostInconsistent
		add("weights.pairwise."+j.Key, "the pairwise judgements are inconsistent (consistency ratio %.3f > %.2f); the most inconsistent is %s = %v, while the other judgements imply about %.2f: revise it",
			cr, MaxConsistencyRatio, j.Key, j.Given, j.Implied)
		return res, nil, probs
	}
	return res, weights, nil
}
