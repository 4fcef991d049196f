package scoring

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/mailpick/mailpick/catalog/tomlfile"
)

const ahpBase = `
lang = "en"
[accounts]
users = 10
`

func TestPrincipalEigen(t *testing.T) {
	tests := []struct {
		name   string
		a      [][]float64
		w      []float64
		lambda float64
		cr     float64
		tol    float64
	}{
		// n = 3: the principal eigenvector is the normalised row geometric
		// mean and λmax = 1 + c^⅓ + c^−⅓ with c = a12·a23/a13 (Crawford and
		// Williams, J. Math. Psych. 29, 1985; Saaty, The Analytic Hierarchy
		// Process, 1980). a12 = 3, a13 = 5, a23 = 3: rows' geometric means
		// 15^⅓, 1, 15^−⅓ → (0.63699, 0.25828, 0.10473); c = 1.8, λmax =
		// 1 + 1.21644 + 0.82207 = 3.03851; CI = 0.019256, CR = CI/0.58 = 0.03320.
		{"saaty 3x3", [][]float64{{1, 3, 5}, {1. / 3, 1, 3}, {1. / 5, 1. / 3, 1}},
			[]float64{0.63699, 0.25828, 0.10473}, 3.03851, 0.03320, 1e-5},
		// A consistent matrix a_ij = w_i/w_j has eigenvector w and λmax = n
		// exactly (Saaty 1977, J. Math. Psych. 15, theorem 1): CR = 0.
		{"consistent 4x4", [][]float64{{1, 4. / 3, 2, 4}, {3. / 4, 1, 3. / 2, 3}, {1. / 2, 2. / 3, 1, 2}, {1. / 4, 1. / 3, 1. / 2, 1}},
			[]float64{0.4, 0.3, 0.2, 0.1}, 4, 0, 1e-12},
		// Saaty's light-intensity experiment with four chairs (Saaty 1977,
		// J. Math. Psych. 15, §4; also The Analytic Hierarchy Process, 1980,
		// ch. 2): published λmax = 4.39 and CI = 0.13, weights ≈ 0.62, 0.24,
		// 0.10, 0.05 (two decimals; checked here to 0.01). CR = 0.13/0.90 = 0.14.
		{"saaty chairs 4x4", [][]float64{{1, 5, 6, 7}, {1. / 5, 1, 4, 6}, {1. / 6, 1. / 4, 1, 4}, {1. / 7, 1. / 6, 1. / 4, 1}},
			[]float64{0.62, 0.24, 0.10, 0.05}, 4.39, 0.14, 0.01},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, lambda := principalEigen(tt.a)
			_, _, cr := consistency(len(tt.a), lambda)
			for i := range w {
				if math.Abs(w[i]-tt.w[i]) > tt.tol {
					t.Errorf("w[%d] = %.6f, want %.6f", i, w[i], tt.w[i])
				}
			}
			if math.Abs(lambda-tt.lambda) > tt.tol || math.Abs(cr-tt.cr) > tt.tol {
				t.Errorf("λmax %.6f CR %.6f, want %v %v", lambda, cr, tt.lambda, tt.cr)
			}
			// Whatever the source says, A·w = λ·w must hold.
			for i := range tt.a {
				aw := 0.0
				for j := range tt.a[i] {
					aw += tt.a[i][j] * w[j]
				}
				if math.Abs(aw-lambda*w[i]) > 1e-9 {
					t.Errorf("row %d: (Aw)_i = %v, λw_i = %v", i, aw, lambda*w[i])
				}
			}
		})
	}
}

func TestAHPWeightsFromRequirements(t *testing.T) {
	tests := []struct {
		name    string
		toml    string
		weights map[string]float64 // nil when an error is expected
		cr      float64
		errKey  string
		errLine int
	}{
		{"3x3 textbook", ahpBase + `[weights.pairwise]
cost_vs_security = 3
cost_vs_operations = 5
security_vs_operations = 3
`, map[string]float64{"cost": 0.63699, "security": 0.25828, "operations": 0.10473, "features": 0, "mobile": 0, "support": 0}, 0.03320, "", 0},
		{"reversed keys are reciprocals", ahpBase + `[weights.pairwise]
security_vs_cost = 0.3333333333333333
operations_vs_cost = 0.2
security_vs_operations = 3
`, map[string]float64{"cost": 0.63699, "security": 0.25828, "operations": 0.10473}, 0.03320, "", 0},
		{"two criteria", ahpBase + `[weights.pairwise]
cost_vs_features = 4
`, map[string]float64{"cost": 0.8, "features": 0.2}, 0, "", 0},
		// Chairs: CR 0.14 > 0.10. With w = (.619, .235, .101, .045) the
		// judgement furthest from w_i/w_j on a log scale is a14 = 7 against
		// .619/.045 = 13.7 (|ln 0.51| = 0.67; next a12 = 5 vs 2.63, 0.64),
		// on line 8.
		{"inconsistent chairs", ahpBase + `[weights.pairwise]
cost_vs_features = 5
cost_vs_security = 6
cost_vs_operations = 7
features_vs_security = 4
features_vs_operations = 6
security_vs_operations = 4
`, nil, 0, "weights.pairwise.cost_vs_operations", 8},
		{"missing pair", ahpBase + `[weights.pairwise]
cost_vs_features = 5
cost_vs_security = 6
`, nil, 0, "weights.pairwise", 5},
		{"pair given twice", ahpBase + `[weights.pairwise]
cost_vs_features = 5
features_vs_cost = 0.2
`, nil, 0, "weights.pairwise.features_vs_cost", 7},
		{"weights and pairwise together", ahpBase + `[weights]
cost = 3
[weights.pairwise]
cost_vs_features = 5
`, nil, 0, "weights", 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseRequirements("req.toml", []byte(tt.toml))
			if err != nil {
				t.Fatal(err)
			}
			ev, err := Evaluate(r, nil, testAssumptions(t), Options{NoSensitivity: true})
			if tt.weights == nil {
				var ps tomlfile.Problems
				if !errors.As(err, &ps) {
					t.Fatalf("want file problems, got %v", err)
				}
				found := false
				for _, p := range ps {
					if p.Key == tt.errKey && p.Line == tt.errLine && p.File == "req.toml" {
						found = true
					}
				}
				if !found {
					t.Errorf("want a problem at req.toml:%d %s, got %v", tt.errLine, tt.errKey, ps)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ev.AHP == nil {
				t.Fatal("no AHP report")
			}
			for k, want := range tt.weights {
				if math.Abs(ev.Weights[k]-want) > 1e-5 || math.Abs(ev.AHP.Weights[k]-want) > 1e-5 {
					t.Errorf("%s: weight %.6f, want %.5f", k, ev.Weights[k], want)
				}
			}
			if math.Abs(ev.AHP.CR-tt.cr) > 1e-5 {
				t.Errorf("CR %.6f, want %.5f", ev.AHP.CR, tt.cr)
			}
		})
	}
}

func TestAHPErrorNamesTheJudgement(t *testing.T) {
	r, err := ParseRequirements("req.toml", []byte(ahpBase+`[weights.pairwise]
cost_vs_features = 9
features_vs_security = 9
security_vs_cost = 9
`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Evaluate(r, nil, testAssumptions(t), Options{NoSensitivity: true})
	if err == nil || !strings.Contains(err.Error(), "inconsistent") || !strings.Contains(err.Error(), "req.toml:") {
		t.Errorf("a cyclic judgement must be an inconsistency error with file:line, got %v", err)
	}
}
