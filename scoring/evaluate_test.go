package scoring

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/mailpick/mailpick/catalog"
)

func violationKeys(r Result) []string {
	var ks []string
	for _, v := range r.Violations {
		ks = append(ks, v.Requirement)
	}
	return ks
}

func TestEligibilityViolations(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(r *Requirements, o *catalog.Option)
		want   []string
	}{
		{"all met", func(r *Requirements, o *catalog.Option) {}, nil},
		{"must capability missing", func(r *Requirements, o *catalog.Option) {
			r.Caps["security.retention"] = Must
			o.Caps["security.retention"] = catalog.No
		}, []string{"security.retention"}},
		{"want capability missing is not a violation", func(r *Requirements, o *catalog.Option) {
			r.Caps["security.retention"] = Want
			o.Caps["security.retention"] = catalog.No
		}, nil},
		{"addon meets a must", func(r *Requirements, o *catalog.Option) {
			r.Caps["security.retention"] = Must
			o.Caps["security.retention"] = catalog.Addon
			o.AddonPrice["security.retention"] = catalog.Known(100)
		}, nil},
		{"storage too small", func(r *Requirements, o *catalog.Option) {
			r.StoragePerUserGB = 100
		}, []string{"storage.per_user_gb"}},
		{"users beyond plan maximum in the last year", func(r *Requirements, o *catalog.Option) {
			o.Pricing.MaxUsers = catalog.Known(14) // year 3 needs 15
		}, []string{"accounts.users"}},
		{"initial budget", func(r *Requirements, o *catalog.Option) {
			o.Pricing.Initial = catalog.Known(10000)
			r.InitialMax = 5000
		}, []string{"budget.initial_max"}},
		{"monthly budget", func(r *Requirements, o *catalog.Option) {
			// year 1: 10 × 500 licence + 1 h × 2,000 admin = 7,000 a month
			r.MonthlyMax = 6999
		}, []string{"budget.monthly_max"}},
		{"monthly budget exactly met", func(r *Requirements, o *catalog.Option) {
			r.MonthlyMax = 7000
		}, nil},
		{"customisation must rules out a service", func(r *Requirements, o *catalog.Option) {
			r.Customization = Must
		}, []string{"operations.customization"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testRequirements()
			o := testOption("p", catalog.Provider, catalog.Yes)
			tt.mutate(r, o)
			ev, err := Evaluate(r, []*catalog.Option{o}, testAssumptions(t), Options{})
			if err != nil {
				t.Fatal(err)
			}
			res := ev.Results[0]
			if got := violationKeys(res); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("violations %v, want %v (%+v)", got, tt.want, res.Violations)
			}
			if res.Eligible != (len(tt.want) == 0) || (res.Eligible && res.Rank != 1) || (!res.Eligible && res.Rank != 0) {
				t.Errorf("eligible=%v rank=%d", res.Eligible, res.Rank)
			}
			for _, v := range res.Violations {
				if v.Detail == "" {
					t.Errorf("violation %s has no sentence", v.Requirement)
				}
			}
		})
	}
}

func TestSelfHostedViolations(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(r *Requirements)
		want   []string
	}{
		{"expert team with time", func(r *Requirements) {}, nil},
		{"team lacks expertise", func(r *Requirements) { r.Expertise = catalog.ExpertiseBasic }, []string{"operations.admin_expertise"}},
		{"team lacks hours", func(r *Requirements) { r.AdminHoursMonth = 4.5 }, []string{"operations.admin_hours_per_month"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testRequirements()
			tt.mutate(r)
			o := testOption("s", catalog.SelfHosted, catalog.Yes)
			ev, err := Evaluate(r, []*catalog.Option{o}, testAssumptions(t), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := violationKeys(ev.Results[0]); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("violations %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMustMetOnlyByUnknownIsUnverified(t *testing.T) {
	r := testRequirements()
	r.Caps["support.phone"] = Must
	r.Caps["security.two_factor"] = Want
	o := testOption("p", catalog.Provider, catalog.Yes)
	o.Caps["support.phone"] = catalog.StateUnknown
	o.Caps["security.two_factor"] = catalog.StateUnknown
	ev, err := Evaluate(r, []*catalog.Option{o}, testAssumptions(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	res := ev.Results[0]
	if !res.Eligible || len(res.Violations) != 0 {
		t.Fatalf("an unknown must keeps the option eligible; got %+v", res.Violations)
	}
	if !reflect.DeepEqual(res.Unverified, []string{"support.phone"}) {
		t.Errorf("unverified = %v, want [support.phone] (a want is not listed)", res.Unverified)
	}
	// Unknown earns half credit: support has phone (must, weight 2) only → 50.
	if res.Criteria["support"] != 50 {
		t.Errorf("support score %v, want 50", res.Criteria["support"])
	}
}

func TestTiesGiveNoNaN(t *testing.T) {
	r := testRequirements()
	// Nothing required anywhere, identical options: every score must be a
	// number and the ranking decided by id.
	opts := []*catalog.Option{testOption("b", catalog.Provider, catalog.Yes), testOption("a", catalog.Provider, catalog.Yes), testOption("c", catalog.Provider, catalog.Yes)}
	ev, err := Evaluate(r, opts, testAssumptions(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range ev.Results {
		if math.IsNaN(res.Score) || math.IsInf(res.Score, 0) {
			t.Fatalf("%s score %v", res.ID, res.Score)
		}
		for c, v := range res.Criteria {
			if math.IsNaN(v) || v != ev.Results[0].Criteria[c] {
				t.Errorf("%s %s = %v, want a tie with %v", res.ID, c, v, ev.Results[0].Criteria[c])
			}
		}
	}
	if ids := []string{ev.Results[0].ID, ev.Results[1].ID, ev.Results[2].ID}; !reflect.DeepEqual(ids, []string{"a", "b", "c"}) {
		t.Errorf("tie order %v, want by id", ids)
	}
	// All-zero weights (only possible in code, the parser rejects them)
	// fall back to equal weights instead of dividing by zero.
	w := normalise(map[catalog.Criterion]float64{})
	for _, c := range catalog.Criteria {
		if math.Abs(w[c]-1.0/6) > 1e-12 {
			t.Errorf("weight %s = %v", c, w[c])
		}
	}
}

func TestCostScoreRelativeToCheapest(t *testing.T) {
	r := testRequirements()
	cheap := testOption("cheap", catalog.Provider, catalog.Yes)
	dear := testOption("dear", catalog.Provider, catalog.Yes)
	dear.Pricing.PerUserMonth = catalog.Known(1000)
	unpriced := testOption("unpriced", catalog.Provider, catalog.Yes)
	unpriced.Pricing.PerUserMonth = catalog.Unknown
	ev, err := Evaluate(r, []*catalog.Option{dear, unpriced, cheap}, testAssumptions(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, d, u := find(t, ev, "cheap"), find(t, ev, "dear"), find(t, ev, "unpriced")
	if c.Criteria["cost"] != 100 || u.Criteria["cost"] != 0 {
		t.Errorf("cheap %v unpriced %v, want 100 and 0", c.Criteria["cost"], u.Criteria["cost"])
	}
	want := round2(100 * c.TCO.Total / d.TCO.Total)
	if d.Criteria["cost"] != want {
		t.Errorf("dear cost score %v, want %v", d.Criteria["cost"], want)
	}
}

func TestRankingStableUnderCatalogReordering(t *testing.T) {
	opts, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	r := testRequirements()
	r.Caps["security.spam_filter"] = Must
	r.Caps["features.forwarding"] = Want
	r.Expertise = catalog.ExpertiseBasic
	a := testAssumptions(t)
	base, err := Evaluate(r, opts, a, Options{})
	if err != nil {
		t.Fatal(err)
	}
	order := func(ev *Evaluation) []string {
		var ids []string
		for _, x := range ev.Results {
			ids = append(ids, x.ID)
		}
		return ids
	}
	want := order(base)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20; i++ {
		shuffled := append([]*catalog.Option(nil), opts...)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		ev, err := Evaluate(r, shuffled, a, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := order(ev); !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffle %d changed the ranking:\n got %v\nwant %v", i, got, want)
		}
	}
}

func TestRecommendationAndReadiness(t *testing.T) {
	r := testRequirements()
	r.Expertise = catalog.ExpertiseBasic
	cheap := testOption("cheap", catalog.Provider, catalog.Yes)
	dear := testOption("dear", catalog.Provider, catalog.Yes)
	dear.Pricing.PerUserMonth = catalog.Known(2000)
	self := testOption("self", catalog.SelfHosted, catalog.Yes)
	ev, err := Evaluate(r, []*catalog.Option{dear, cheap, self}, testAssumptions(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ev.Recommendation.ID != "cheap" || ev.Recommendation.RunnerUp != "dear" {
		t.Errorf("recommendation %+v", ev.Recommendation)
	}
	if len(ev.Recommendation.Reasons) < 2 {
		t.Errorf("want the score line and at least one deciding reason, got %v", ev.Recommendation.Reasons)
	}
	if ev.SelfHostReadiness.Verdict != "not_recommended" {
		t.Errorf("a basic team: verdict %q, want not_recommended", ev.SelfHostReadiness.Verdict)
	}
	r.Expertise = catalog.ExpertiseExpert
	r.Customization = Want
	ev, err = Evaluate(r, []*catalog.Option{dear, cheap, self}, testAssumptions(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ev.SelfHostReadiness.Verdict != "recommended" {
		t.Errorf("expert team needing customisation: verdict %q (%v)", ev.SelfHostReadiness.Verdict, ev.SelfHostReadiness.Conditions)
	}
	r.Customization = No
	ev, _ = Evaluate(r, []*catalog.Option{dear, cheap, self}, testAssumptions(t), Options{})
	if ev.SelfHostReadiness.Verdict != "possible" {
		t.Errorf("expert team without a need: verdict %q", ev.SelfHostReadiness.Verdict)
	}
}

func TestDecidingReasonNamesTheDifference(t *testing.T) {
	r := testRequirements()
	r.Caps["security.retention"] = Want
	r.Caps["security.spam_filter"] = Want
	r.Weights = map[catalog.Criterion]float64{catalog.CriterionSecurity: 1}
	win := testOption("win", catalog.Provider, catalog.Yes)
	run := testOption("run", catalog.Provider, catalog.Yes)
	run.Caps["security.retention"] = catalog.StateUnknown
	ev, err := Evaluate(r, []*catalog.Option{run, win}, testAssumptions(t), Options{NoSensitivity: true})
	if err != nil {
		t.Fatal(err)
	}
	want := "Security: 100 vs 75 — Mail retention and audit archive (eDiscovery) (yes vs unknown)"
	found := false
	for _, reason := range ev.Recommendation.Reasons {
		found = found || reason == want
	}
	if !found {
		t.Errorf("reasons %q lack %q (spam filter is met by both and must not be named)", ev.Recommendation.Reasons, want)
	}
}
