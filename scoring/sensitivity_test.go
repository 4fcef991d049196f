package scoring

import (
	"math"
	"reflect"
	"testing"

	"github.com/mailpick/mailpick/catalog"
)

// smbTOML is a 50-user company like data/examples/smb-50-ja.toml, inline
// so the test does not move when the example is edited.
const smbTOML = `
lang = "en"
currency = "JPY"
[accounts]
users = 50
growth_per_year = 0.1
[storage]
per_user_gb = 1
[features]
forwarding = "must"
auto_reply = "must"
mailing_lists = "want"
[mobile]
webmail = "must"
native_apps = "want"
[security]
spam_filter = "must"
virus_filter = "must"
sender_verification = "must"
retention = "want"
two_factor = "want"
[support]
japanese = "want"
phone = "want"
hours = "business"
[operations]
admin_expertise = "basic"
admin_hours_per_month = 8
admin_hourly_cost = 5000
server_monthly = 8000
hardware_initial = 0
[weights]
cost = 3
features = 2
mobile = 1
security = 3
support = 1
operations = 2
[fx]
USD = 150.0
EUR = 160.0
`

func embeddedEvaluation(t testing.TB, toml string, o Options) *Evaluation {
	t.Helper()
	r, err := ParseRequirements("req.toml", []byte(toml))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	a, err := DefaultAssumptions()
	if err != nil {
		t.Fatal(err)
	}
	ev, err := Evaluate(r, cat, a, o)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestWinProbabilitiesSumToOne(t *testing.T) {
	for _, method := range []string{"wsm", "topsis"} {
		t.Run(method, func(t *testing.T) {
			ev := embeddedEvaluation(t, smbTOML, Options{Method: method, Sensitivity: SensitivityOptions{Samples: 2000}})
			s := ev.Sensitivity
			if s == nil || s.Winner == "" {
				t.Fatalf("no sensitivity or no winner: %+v", s)
			}
			sum := 0.0
			for i, r := range ev.Results {
				if !r.Eligible && r.WinProbability != 0 {
					t.Errorf("ineligible %s has win probability %v", r.ID, r.WinProbability)
				}
				if r.WinProbability != s.Options[i].WinProbability || r.ID != s.Options[i].ID {
					t.Errorf("result %s and sensitivity row %s disagree", r.ID, s.Options[i].ID)
				}
				sum += r.WinProbability
				if r.Eligible {
					acc := 0.0
					for _, p := range s.Options[i].RankAcceptability {
						acc += p
					}
					if math.Abs(acc-1) > 1e-9 {
						t.Errorf("%s: rank acceptabilities sum to %v", r.ID, acc)
					}
					if s.Options[i].RankMin < 1 || s.Options[i].RankMin > s.Options[i].RankMax {
						t.Errorf("%s: rank range %d..%d", r.ID, s.Options[i].RankMin, s.Options[i].RankMax)
					}
				}
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Errorf("win probabilities sum to %v", sum)
			}
			if len(s.Inputs) != 3 {
				t.Fatalf("want 3 input scenarios, got %d", len(s.Inputs))
			}
			for _, in := range s.Inputs {
				sum := 0.0
				for _, p := range in.WinProbability {
					sum += p
				}
				if math.Abs(sum-1) > 1e-9 {
					t.Errorf("%s: win probabilities sum to %v", in.Name, sum)
				}
				if in.WinnerProbability != in.WinProbability[s.Winner] {
					t.Errorf("%s: winner probability %v, table says %v", in.Name, in.WinnerProbability, in.WinProbability[s.Winner])
				}
			}
		})
	}
}

func TestDominatedOptionNeverWins(t *testing.T) {
	r := testRequirements()
	r.Caps["features.forwarding"] = Want
	r.Caps["security.retention"] = Want
	good := testOption("good", catalog.Provider, catalog.Yes)
	// Worse or equal on every criterion: dearer, and misses two wants.
	bad := testOption("bad", catalog.Provider, catalog.Yes)
	bad.Pricing.PerUserMonth = catalog.Known(700)
	bad.Caps["features.forwarding"] = catalog.No
	bad.Caps["security.retention"] = catalog.No
	other := testOption("other", catalog.Provider, catalog.Yes)
	other.Pricing.PerUserMonth = catalog.Known(450)
	other.Caps["security.retention"] = catalog.No
	ev, err := Evaluate(r, []*catalog.Option{bad, good, other}, testAssumptions(t), Options{Sensitivity: SensitivityOptions{Samples: 5000}})
	if err != nil {
		t.Fatal(err)
	}
	for i, res := range ev.Results {
		if res.ID != "bad" {
			continue
		}
		if res.WinProbability != 0 {
			t.Errorf("dominated option wins with probability %v", res.WinProbability)
		}
		if o := ev.Sensitivity.Options[i]; o.RankMin < 2 {
			t.Errorf("dominated option reaches rank %d", o.RankMin)
		}
	}
	for _, in := range ev.Sensitivity.Inputs {
		if in.Name == "prices" || in.Name == "all" {
			continue // a ±20 % price draw can undo a price difference
		}
		if p := in.WinProbability["bad"]; p != 0 {
			t.Errorf("%s: dominated option wins with probability %v", in.Name, p)
		}
	}
}

// twoCriteria builds results scored only on cost and security.
func twoCriteria(rows map[string][2]float64, order []string) []Result {
	var out []Result
	for _, id := range order {
		v := rows[id]
		c := map[string]float64{}
		for _, cr := range catalog.Criteria {
			c[string(cr)] = 100
		}
		c["cost"], c["security"] = v[0], v[1]
		out = append(out, Result{ID: id, Eligible: true, Criteria: c, TCO: TCO{Priced: true, Total: 100 * 100 / math.Max(v[0], 1)}})
	}
	return out
}

func weightsOf(cost, security float64) map[catalog.Criterion]float64 {
	w := map[catalog.Criterion]float64{}
	for _, c := range catalog.Criteria {
		w[c] = 0
	}
	w[catalog.CriterionCost], w[catalog.CriterionSecurity] = cost, security
	return w
}

// TestWeightFlipThreshold works the thresholds out by hand.
//
//	A: cost 100, security 60     B: cost 50, security 100     C: cost 40, security 50
//	weights cost = security = 1 (normalised ½, ½): A 80, B 75, C 45 → A wins.
//
// Security weight t, cost 1−t:
//
//	A(t) = 100 − 40t, B(t) = 50 + 50t, C(t) = 40 + 10t
//	A = B at t = 50/90 = 5/9 ≈ 0.5556 → B wins above; C never catches A or B.
//	Raw: t·S/(1−t) with S = 1 (cost) → (5/9)/(4/9) = 1.25.
//	Down: A(t) − B(t) = 50 − 90t grows as t falls: no change.
//
// Cost weight u, security 1−u:
//
//	A(u) = 60 + 40u, B(u) = 100 − 50u: equal at u = 40/90 = 4/9 → B below.
//	Raw: (4/9)/(5/9) = 0.8.
func TestWeightFlipThreshold(t *testing.T) {
	res := twoCriteria(map[string][2]float64{"A": {100, 60}, "B": {50, 100}, "C": {40, 50}}, []string{"A", "B", "C"})
	w := weightsOf(0.5, 0.5)
	raw := weightsOf(1, 1)
	m := newModel(res, w, raw, "wsm")
	ths, exact := m.oneAtATime(0)
	if !exact {
		t.Fatal("weighted sum thresholds should be exact")
	}
	tests := []struct {
		criterion      string
		up, down       float64 // NaN: no change
		upRaw, downRaw float64
		upWho, downWho string
	}{
		{"security", 5.0 / 9, math.NaN(), 1.25, 0, "B", ""},
		{"cost", math.NaN(), 4.0 / 9, 0, 0.8, "", "B"},
	}
	for _, tt := range tests {
		var th *WeightThreshold
		for i := range ths {
			if ths[i].Criterion == tt.criterion {
				th = &ths[i]
			}
		}
		if th == nil {
			t.Fatalf("no threshold for %s", tt.criterion)
		}
		check := func(dir string, s *WeightShift, want, wantRaw float64, who string) {
			if math.IsNaN(want) {
				if s != nil {
					t.Errorf("%s %s: want no change, got %+v", tt.criterion, dir, *s)
				}
				return
			}
			if s == nil {
				t.Fatalf("%s %s: want change at %v, got none", tt.criterion, dir, want)
			}
			if math.Abs(s.Weight-want) > 1e-12 || math.Abs(s.RawWeight-wantRaw) > 1e-12 || s.NewWinner != who {
				t.Errorf("%s %s: got %+v, want weight %v raw %v winner %s", tt.criterion, dir, *s, want, wantRaw, who)
			}
		}
		check("up", th.Up, tt.up, tt.upRaw, tt.upWho)
		check("down", th.Down, tt.down, tt.downRaw, tt.downWho)
	}
	// A zero-weight criterion on which everyone scores 100 changes nothing.
	for _, th := range ths {
		if th.Criterion == "mobile" && (th.Up != nil || th.Down != nil) {
			t.Errorf("mobile: %+v", th)
		}
	}
	// B wins for security weight in [5/9, 1]; C never.
	k := 3 // security in catalog.Criteria
	if lo, hi, ok := m.winInterval(k, 1); !ok || math.Abs(lo-5.0/9) > 1e-12 || hi != 1 {
		t.Errorf("B's interval %v..%v %v", lo, hi, ok)
	}
	if _, _, ok := m.winInterval(k, 2); ok {
		t.Error("C should never win")
	}
}

// The closed-form thresholds must agree with brute force just either side.
func TestThresholdsMatchBruteForce(t *testing.T) {
	ev := embeddedEvaluation(t, smbTOML, Options{NoSensitivity: true})
	w, raw := map[catalog.Criterion]float64{}, map[catalog.Criterion]float64{}
	for _, c := range catalog.Criteria {
		w[c] = ev.Weights[string(c)]
		raw[c] = ev.Requirements.Weights[c]
	}
	m := newModel(ev.Results, w, raw, "wsm")
	sc := make([]float64, m.n)
	m.scores(m.x, m.w, sc)
	win := m.winner(sc)
	ths, _ := m.oneAtATime(win)
	wb := make([]float64, m.nc)
	checked := 0
	for k, th := range ths {
		for _, s := range []*WeightShift{th.Up, th.Down} {
			if s == nil {
				continue
			}
			checked++
			dir := 1.0
			if s.Weight < th.Weight {
				dir = -1
			}
			if got := m.winnerAt(k, s.Weight-dir*1e-7, wb, sc); got != win {
				t.Errorf("%s: just before %v the winner is already %s", th.Criterion, s.Weight, m.ids[got])
			}
			if got := m.winnerAt(k, s.Weight+dir*1e-7, wb, sc); m.ids[got] != s.NewWinner {
				t.Errorf("%s: just past %v the winner is %s, reported %s", th.Criterion, s.Weight, m.ids[got], s.NewWinner)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no threshold to check")
	}
	// TOPSIS has no closed form; the scan must land on the same kind of point.
	m.method = "topsis"
	m.scores(m.x, m.w, sc)
	win = m.winner(sc)
	ths, exact := m.oneAtATime(win)
	if exact {
		t.Error("TOPSIS thresholds are not exact")
	}
	for k, th := range ths {
		for _, s := range []*WeightShift{th.Up, th.Down} {
			if s == nil {
				continue
			}
			dir := 1.0
			if s.Weight < th.Weight {
				dir = -1
			}
			if got := m.winnerAt(k, s.Weight-dir*1e-6, wb, sc); got != win {
				t.Errorf("topsis %s: before %v the winner is already %s", th.Criterion, s.Weight, m.ids[got])
			}
		}
	}
}

func TestSameSeedSameResults(t *testing.T) {
	// Close scores so the samples matter.
	r := testRequirements()
	r.Caps["security.retention"] = Want
	r.Weights[catalog.CriterionCost] = 4
	a := testOption("a", catalog.Provider, catalog.Yes)
	b := testOption("b", catalog.Provider, catalog.Yes)
	b.Pricing.PerUserMonth = catalog.Known(530)
	c := testOption("c", catalog.Provider, catalog.Yes)
	a.Caps["security.retention"] = catalog.StateUnknown
	c.Caps["security.retention"] = catalog.No
	c.Pricing.PerUserMonth = catalog.Known(400)
	opts := []*catalog.Option{a, b, c}
	run := func(seed uint64) *Evaluation {
		ev, err := Evaluate(r, opts, testAssumptions(t), Options{Sensitivity: SensitivityOptions{Samples: 3000, Seed: seed}})
		if err != nil {
			t.Fatal(err)
		}
		return ev
	}
	x, y, z := run(7), run(7), run(8)
	if !reflect.DeepEqual(x.Sensitivity, y.Sensitivity) || !reflect.DeepEqual(x.Results, y.Results) {
		t.Error("same seed gave different results")
	}
	if reflect.DeepEqual(x.Sensitivity.Options, z.Sensitivity.Options) && reflect.DeepEqual(x.Sensitivity.Inputs, z.Sensitivity.Inputs) {
		t.Error("a different seed gave identical samples; is the seed used?")
	}
	if x.Sensitivity.WinnerProbability <= 0 || x.Sensitivity.WinnerProbability >= 1 {
		t.Errorf("want a contested case, winner probability %v", x.Sensitivity.WinnerProbability)
	}
}

// The sampled weights must centre on the given ones: E[w] = w for Dir(κw).
func TestDirichletMean(t *testing.T) {
	w := []float64{0.3, 0.2, 0.1, 0.3, 0, 0.1}
	r := newRand(3)
	sum := make([]float64, len(w))
	out := make([]float64, len(w))
	const n = 20000
	for range n {
		dirichlet(r, DefaultConcentration, w, out)
		s := 0.0
		for k, v := range out {
			sum[k] += v
			s += v
		}
		if math.Abs(s-1) > 1e-12 || out[4] != 0 {
			t.Fatalf("sample %v off the simplex or moved a zero weight", out)
		}
	}
	for k := range w {
		// sd of w=0.3 is sqrt(0.21/51) = 0.064; the mean of 20,000 is within 0.0014 (3 se).
		if got := sum[k] / n; math.Abs(got-w[k]) > 0.002 {
			t.Errorf("weight %d: mean %v, want %v", k, got, w[k])
		}
	}
}

func TestTCOToWinTwoOptions(t *testing.T) {
	// A: cost 100 (TCO 100), security 60; B: cost 50 (TCO 200), security 100.
	// Weights ½, ½: A 80, B 75. Once B's TCO X is at least A's 100, B's cost
	// score is round2(100·100/X) and B = ½·cost + 50 beats 80 when the
	// rounded cost exceeds 60, i.e. when 10000/X ≥ 60.005: X ≤ 166.6528.
	// (Without the cost score's rounding — the drift the sensitivity
	// model once had — the boundary would be 5/6 × 200 = 166.67.)
	res := twoCriteria(map[string][2]float64{"A": {100, 60}, "B": {50, 100}}, []string{"A", "B"})
	m := newModel(res, weightsOf(0.5, 0.5), weightsOf(1, 1), "wsm")
	x, anyPrice, ok := m.tcoToWin(1)
	if !ok || anyPrice || math.Abs(x-10000/60.005) > 1e-4 {
		t.Errorf("B's TCO to win = %v (any=%v ok=%v), want 10000/60.005", x, anyPrice, ok)
	}
	// A already wins; with security 60 vs 100 and no cost advantage it
	// would lose, so it too has a finite bound above its own TCO.
	if x, _, ok := m.tcoToWin(0); !ok || x < 100 {
		t.Errorf("A's TCO to win = %v %v, want ≥ its own 100", x, ok)
	}
}

func TestMethodAgreement(t *testing.T) {
	// A: cost 100, security 0; B: 60, 60; C: 0, 100. Weights ½, ½.
	// WSM: A 50, B 60, C 50 → B. TOPSIS: both norms √(100²+60²) = 116.62;
	// v_A = (.4287, 0), v_B = (.2572, .2572), v_C = (0, .4287); ideal
	// (.4287, .4287), anti (0, 0): A 0.5, B .3638/(.2425+.3638) = 0.6, C 0.5 → B.
	res := twoCriteria(map[string][2]float64{"A": {100, 0}, "B": {60, 60}, "C": {0, 100}}, []string{"A", "B", "C"})
	m := newModel(res, weightsOf(0.5, 0.5), weightsOf(1, 1), "wsm")
	if a := m.agreement(); a.WSM != "B" || a.TOPSIS != "B" || !a.Agree {
		t.Errorf("%+v", a)
	}
	// A: 79, 30; B: 100, 10. WSM: A 54.5, B 55 → B. TOPSIS divides each
	// gap by its column norm, √(79²+100²) = 127.4 vs √(30²+10²) = 31.6, so
	// A's 20-point security lead outweighs B's 21-point cost lead:
	// gaps .5·21/127.4 = .082 and .5·20/31.6 = .316, C_A = .316/.398 = 0.79 → A.
	res = twoCriteria(map[string][2]float64{"A": {79, 30}, "B": {100, 10}}, []string{"B", "A"})
	m = newModel(res, weightsOf(0.5, 0.5), weightsOf(1, 1), "wsm")
	if a := m.agreement(); a.WSM != "B" || a.TOPSIS != "A" || a.Agree {
		t.Errorf("%+v", a)
	}
}

func BenchmarkSensitivity(b *testing.B) {
	ev := embeddedEvaluation(b, smbTOML, Options{NoSensitivity: true})
	w, raw := map[catalog.Criterion]float64{}, map[catalog.Criterion]float64{}
	for _, c := range catalog.Criteria {
		w[c] = ev.Weights[string(c)]
		raw[c] = ev.Requirements.Weights[c]
	}
	for _, method := range []string{"wsm", "topsis"} {
		m := newModel(ev.Results, w, raw, method)
		o := SensitivityOptions{Samples: 10000}.withDefaults()
		b.Run(method+"/full", func(b *testing.B) {
			for b.Loop() {
				m.analyze(o)
			}
			b.ReportMetric(float64(len(ev.Results)), "options")
		})
		b.Run(method+"/weights-only", func(b *testing.B) {
			r := newRand(1)
			wb := make([]float64, m.nc)
			sc := make([]float64, m.n)
			for b.Loop() {
				for range 10000 {
					dirichlet(r, o.Concentration, m.w, wb)
					m.scores(m.x, wb, sc)
					m.winner(sc)
				}
			}
		})
	}
}
