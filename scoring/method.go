package scoring

import (
	"fmt"
	"strings"
)

// A Method turns criterion scores and weights into each option's total.
// The engine (model) calls it and does the rest the same way for every
// method: rounding to 0.01, the ranking order with its tie-break, the
// samples and the searches.
type Method interface {
	// ID names the method in --method, the JSON and the reports ("wsm").
	ID() string
	// Linear is true when the total is the weighted sum Σ_c w_c·x_ic of
	// the criterion scores as given. Every total then moves on a straight
	// line as one weight moves, so weight thresholds are solved exactly,
	// and a spreadsheet recomputes the total with SUMPRODUCT. Analyses of
	// a method that is not linear search numerically and say so.
	Linear() bool
	// Totals writes each option's total (0–100, unrounded) to out. x holds
	// the n×nc criterion scores row by row, w the normalised weights, elig
	// which options are eligible (a method may take reference points from
	// them only). It must not keep x or w: the engine reuses them.
	Totals(x []float64, n, nc int, w []float64, elig []bool, out []float64)
	// Describe says in lang how the total is computed, for the methodology.
	Describe(lang string) string
}

// WSM is the weighted sum: total = Σ weight × criterion score.
var WSM Method = wsm{}

// TOPSIS is closeness to the ideal option (Hwang and Yoon, 1981).
var TOPSIS Method = topsis{}

// defaultMethods are the methods --method accepts, the default first.
var defaultMethods = []Method{WSM, TOPSIS}

// DefaultMethods returns the methods Evaluate accepts by default, the
// default first. The slice is a copy: a caller may extend it and pass it in
// Options.Methods.
func DefaultMethods() []Method { return append([]Method(nil), defaultMethods...) }

// MethodIDs lists the default methods' ids, the default first.
func MethodIDs() []string { return methodIDs(defaultMethods) }

func methodIDs(ms []Method) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID()
	}
	return out
}

// CheckMethod says whether id names a default method ("" names the
// default); the error lists the ids.
func CheckMethod(id string) error {
	_, err := findMethod(defaultMethods, id)
	return err
}

// findMethod picks the method named id from ms; "" is the first.
func findMethod(ms []Method, id string) (Method, error) {
	if len(ms) == 0 {
		return nil, fmt.Errorf("no decision method to rank with")
	}
	if id == "" {
		return ms[0], nil
	}
	for _, m := range ms {
		if m.ID() == id {
			return m, nil
		}
	}
	return nil, fmt.Errorf("method %q is not supported; use %s", id, orList(methodIDs(ms)))
}

// orList joins ids as "a or b", "a, b or c".
func orList(ids []string) string {
	if len(ids) <= 1 {
		return strings.Join(ids, "")
	}
	return strings.Join(ids[:len(ids)-1], ", ") + " or " + ids[len(ids)-1]
}

type wsm struct{}

func (wsm) ID() string   { return "wsm" }
func (wsm) Linear() bool { return true }

func (wsm) Totals(x []float64, n, nc int, w []float64, _ []bool, out []float64) {
	for i := 0; i < n; i++ {
		s := 0.0
		for k, v := range x[i*nc : (i+1)*nc] {
			s += w[k] * v
		}
		out[i] = s
	}
}

func (wsm) Describe(lang string) string {
	return tr(lang, "The total is a weighted sum (WSM): total = Σ(weight × criterion score) ÷ Σ weights. Criterion scores are 0–100; weights come from [weights] in the requirements file, normalised to sum 1.",
		"総合点は加重和（WSM）です: 総合点 = Σ(重み × 評価点) ÷ Σ重み。評価点は各項目0〜100点、重みは要件ファイルの[weights]（正規化して合計1）。")
}

type topsis struct{}

func (topsis) ID() string   { return "topsis" }
func (topsis) Linear() bool { return false }

func (topsis) Totals(x []float64, n, nc int, w []float64, elig []bool, out []float64) {
	topsisScores(x, n, nc, w, elig, out)
}

func (topsis) Describe(lang string) string {
	return tr(lang, "The total is TOPSIS closeness × 100: each criterion's scores are divided by their root sum of squares over the eligible options and multiplied by its weight; the total is the distance from the worst such point over the sum of the distances from the best and the worst. Weights come from [weights] in the requirements file, normalised to sum 1.",
		"総合点はTOPSISの近接度×100です: 各項目の評価点を適合する選択肢での二乗和の平方根で割って重みを掛け、最悪点からの距離 ÷（最良点からの距離＋最悪点からの距離）を求めます。重みは要件ファイルの[weights]（正規化して合計1）。")
}
