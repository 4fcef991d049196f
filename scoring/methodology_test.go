package scoring

import (
	"math"
	"testing"

	"github.com/mailpick/mailpick/catalog"
)

// workedExample is the example carried through METHODOLOGY.md. If this test
// changes, change the document.
func workedExample(t *testing.T) (*Requirements, []*catalog.Option) {
	t.Helper()
	r := testRequirements()
	r.HorizonYears, r.Users, r.Growth = 1, 10, 0
	r.Expertise, r.AdminHoursMonth, r.AdminHourlyCost = catalog.ExpertiseBasic, 10, 2000
	r.Caps = map[string]Level{"features.forwarding": Must, "security.retention": Want}
	r.Weights = map[catalog.Criterion]float64{catalog.CriterionCost: 2, catalog.CriterionFeatures: 1, catalog.CriterionMobile: 0,
		catalog.CriterionSecurity: 1, catalog.CriterionSupport: 0, catalog.CriterionOperations: 1}
	p := testOption("p", catalog.Provider, catalog.Yes)
	q := testOption("q", catalog.Provider, catalog.Yes)
	q.Pricing.PerUserMonth = catalog.Known(300)
	q.Caps["security.retention"] = catalog.No
	u := testOption("u", catalog.Provider, catalog.Yes)
	u.Pricing.PerUserMonth = catalog.Known(200)
	u.Caps["features.forwarding"] = catalog.No
	return r, []*catalog.Option{p, q, u}
}

func TestMethodologyWorkedExample(t *testing.T) {
	r, opts := workedExample(t)
	ev, err := Evaluate(r, opts, testAssumptions(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	near := func(what string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got-want) > tol {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	p, q, u := find(t, ev, "p"), find(t, ev, "q"), find(t, ev, "u")
	// TCO: licence 10 × price × 12 + admin 1 h × 2,000 × 12 = 24,000.
	near("P TCO", p.TCO.Total, 84000, 1e-9)
	near("Q TCO", q.TCO.Total, 60000, 1e-9)
	near("U TCO", u.TCO.Total, 48000, 1e-9)
	if u.Eligible || p.Rank != 1 || q.Rank != 2 {
		t.Fatalf("ranks: p %d q %d u eligible %v", p.Rank, q.Rank, u.Eligible)
	}
	// Cost is relative to the cheapest eligible option (Q), not to U.
	near("P cost", p.Criteria["cost"], 71.43, 1e-9)
	near("Q cost", q.Criteria["cost"], 100, 1e-9)
	near("P security", p.Criteria["security"], 100, 0)
	near("Q security", q.Criteria["security"], 0, 0)
	near("operations", p.Criteria["operations"], 80, 0) // 100 × 4/(4+1)
	// 0.4 × 71.43 + 0.2 × 100 + 0.2 × 100 + 0.2 × 80 = 84.57; Q 76.
	near("P score", p.Score, 84.57, 1e-9)
	near("Q score", q.Score, 76, 1e-9)

	s := ev.Sensitivity
	th := map[string]WeightThreshold{}
	for _, x := range s.OneAtATime {
		th[x.Criterion] = x
	}
	// Security: (1−t)·80.71 + 100t = (1−t)·95 at t = 14.29/114.29 = 0.125; raw 0.125 × 4/0.875 = 4/7.
	if d := th["security"].Down; d == nil || d.NewWinner != "q" {
		t.Fatalf("security down: %+v", d)
	}
	near("security down", th["security"].Down.Weight, 0.125, 1e-4)
	near("security down raw", th["security"].Down.RawWeight, 4.0/7, 1e-3)
	// Cost: 93.33 − 21.90u = 60 + 40u at u = 7/13 = 0.5385; raw 0.5385 × 3/0.4615 = 3.5.
	near("cost up", th["cost"].Up.Weight, 7.0/13, 1e-4)
	near("cost up raw", th["cost"].Up.RawWeight, 3.5, 1e-3)
	if th["cost"].Down != nil || th["security"].Up != nil {
		t.Errorf("cost down %+v, security up %+v: want none", th["cost"].Down, th["security"].Up)
	}
	// Q wins on price when P's cost score 71.43f drops: 28.57f + 56 < 76 ⇔ f < 0.7.
	// Cost scores are rounded to 0.01 points, as Evaluate rounds them, which
	// moves the exact boundary to 0.70021.
	e, err := Explain(ev, "q")
	if err != nil {
		t.Fatal(err)
	}
	near("Q price factor", e.ToWin.PriceFactor, 0.7, 5e-4)
	// TOPSIS: P 68.26, Q 31.74 — the methods agree.
	if !s.MethodAgreement.Agree || s.MethodAgreement.TOPSIS != "p" {
		t.Errorf("agreement %+v", s.MethodAgreement)
	}
	evT, err := Evaluate(r, opts, testAssumptions(t), Options{Method: "topsis", NoSensitivity: true})
	if err != nil {
		t.Fatal(err)
	}
	near("P topsis", find(t, evT, "p").Score, 68.26, 0.01)
	near("Q topsis", find(t, evT, "q").Score, 31.74, 0.01)
	// Monte Carlo, seed 1: P's security weight (mean 0.2, sd √(0.2·0.8/51) =
	// 0.056) falls below 0.125 with probability ≈ Φ(−1.34) ≈ 0.09, so P
	// should win about 91 % of samples (standard error 0.003).
	near("P win probability", p.WinProbability, 0.91, 0.02)
	near("win probabilities sum", p.WinProbability+q.WinProbability+u.WinProbability, 1, 1e-9)
	if u.WinProbability != 0 {
		t.Errorf("ineligible U wins with probability %v", u.WinProbability)
	}
	near("unknowns", s.Inputs[1].WinnerProbability, 1, 0) // nothing is unknown in this example
	t.Logf("win probability P %.4f, Q %.4f; prices %.4f, unknowns %.4f, all %.4f", p.WinProbability, q.WinProbability,
		s.Inputs[0].WinnerProbability, s.Inputs[1].WinnerProbability, s.Inputs[2].WinnerProbability)
	t.Logf("rank acceptability P %v Q %v", s.Options[0].RankAcceptability, s.Options[1].RankAcceptability)
	if ev.SelfHostReadiness.Verdict != "not_recommended" {
		t.Errorf("readiness %q", ev.SelfHostReadiness.Verdict)
	}
	t.Logf("generic plan: %.1f h setup, %.2f h/month", ev.SelfHostReadiness.Plans[0].SetupHours, ev.SelfHostReadiness.Plans[0].MonthlyHours)
}
