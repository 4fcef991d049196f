package scoring

import (
	"reflect"
	"testing"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/msg"
)

func conditionMap(rd Readiness) map[string]bool {
	m := map[string]bool{}
	for _, c := range rd.Conditions {
		m[c.Key] = c.Met
	}
	return m
}

func TestReadinessConditions(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(r *Requirements)
		self    bool // a self-hosted option in the catalog (5 h/month, setup 40 h)
		verdict string
		met     []string
		notMet  []string
	}{
		{"basic team, nothing calls for it", func(r *Requirements) { r.Expertise = catalog.ExpertiseBasic }, true, "not_recommended",
			[]string{"service.needs", "service.security", "service.no_expert"},
			[]string{"build.customization", "build.security", "build.expertise"}},
		{"expert team, customisation wanted", func(r *Requirements) { r.Customization = Want }, true, "recommended",
			[]string{"build.customization", "build.expertise", "build.capacity"},
			[]string{"service.no_expert", "service.no_time"}},
		{"expert team, closed network", func(r *Requirements) { r.Caps["security.closed_network"] = Want }, true, "recommended",
			[]string{"build.security", "build.expertise"}, []string{"service.security", "build.customization"}},
		{"expert team without a need", func(r *Requirements) {}, true, "possible",
			[]string{"build.expertise", "build.capacity", "service.needs"}, []string{"build.customization", "build.security"}},
		{"expert but no time (5 h needed, 4 h available)", func(r *Requirements) {
			r.Customization = Want
			r.AdminHoursMonth = 4
		}, true, "not_recommended", []string{"build.customization", "service.no_time"}, []string{"build.capacity"}},
		{"over budget", func(r *Requirements) {
			r.Customization = Want
			r.InitialMax = 1000 // setup 40 h × 2,000 + hardware 50,000 = 130,000
		}, true, "not_recommended", []string{"service.no_budget"}, nil},
		// Without a self-hosted option the seed's flow is costed by hand:
		// 12 manual steps = 70 h + accounts (10 users, no extra) and
		// 8.5 h/month base + 10 users' share of the per-100 load.
		{"no self-hosted option in the catalog", func(r *Requirements) { r.Customization = Must }, false, "recommended",
			[]string{"build.customization", "build.capacity", "build.expertise"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testRequirements()
			tt.mutate(r)
			opts := []*catalog.Option{testOption("svc", catalog.Provider, catalog.Yes)}
			if tt.self {
				opts = append(opts, testOption("self", catalog.SelfHosted, catalog.Yes))
			}
			ev, err := Evaluate(r, opts, testAssumptions(t), Options{NoSensitivity: true})
			if err != nil {
				t.Fatal(err)
			}
			rd := ev.SelfHostReadiness
			if rd.Verdict != tt.verdict {
				t.Errorf("verdict %q, want %q; reasons %v", rd.Verdict, tt.verdict, rd.Reasons)
			}
			if len(rd.Reasons) == 0 {
				t.Error("no reasons")
			}
			got := conditionMap(rd)
			if len(got) != 9 {
				t.Errorf("want the seed's 4 build and 5 service cases, got %d", len(got))
			}
			for _, k := range tt.met {
				if !got[k] {
					t.Errorf("%s should be met", k)
				}
			}
			for _, k := range tt.notMet {
				if got[k] {
					t.Errorf("%s should not be met", k)
				}
			}
			for _, c := range rd.Conditions {
				if c.Case == "" || (c.Side != "build" && c.Side != "service") {
					t.Errorf("condition %+v lacks the seed's case or side", c)
				}
			}
			if len(rd.Plans) != 1 {
				t.Fatalf("want one plan, got %d", len(rd.Plans))
			}
			p := rd.Plans[0]
			if len(p.Checklist) != len(catalog.BuildSteps) {
				t.Errorf("checklist has %d steps, want the seed's %d", len(p.Checklist), len(catalog.BuildSteps))
			}
			if p.Generic == tt.self {
				t.Errorf("generic = %v with a self-hosted option = %v", p.Generic, tt.self)
			}
			if p.SetupCost != p.SetupHours*r.AdminHourlyCost {
				t.Errorf("setup cost %v ≠ %v h × %v", p.SetupCost, p.SetupHours, r.AdminHourlyCost)
			}
		})
	}
}

func TestGenericPlanFollowsTheSeedFlow(t *testing.T) {
	r := testRequirements()
	a := testAssumptions(t)
	ev, err := Evaluate(r, []*catalog.Option{testOption("svc", catalog.Provider, catalog.Yes)}, a, Options{NoSensitivity: true})
	if err != nil {
		t.Fatal(err)
	}
	p := ev.SelfHostReadiness.Plans[0]
	want := 0.0
	for i, s := range catalog.BuildSteps {
		want += a.BuildManual[s.Key]
		if c := p.Checklist[i]; c.Step != s.Key || c.Included != "manual" || c.Hours != a.BuildManual[s.Key] || c.Label != s.EN {
			t.Errorf("step %d: %+v, want %s manual %v h", i, c, s.Key, a.BuildManual[s.Key])
		}
	}
	// 10 users: no accounts beyond the first 10, so no extra hours.
	if !p.Generic || p.SetupHours != want || p.SetupBasis != "assumption" {
		t.Errorf("plan %+v, want generic with %v setup hours", p, want)
	}
	if len(p.Tasks) != len(catalog.OperatingTasks) {
		t.Errorf("tasks %v", p.Tasks)
	}
	sum := 0.0
	for _, tk := range p.Tasks {
		sum += tk.Hours
	}
	if !approx(sum, p.MonthlyHours) {
		t.Errorf("tasks sum to %v, monthly hours %v", sum, p.MonthlyHours)
	}
}

// TestUnknownCostOverBudgetSaysWhy: with no self-hosted option and no
// server price, the self-built stand-in's cost is unknown; readiness may
// still call it over budget, but then says the known costs alone exceed
// it, not a bare "over budget" next to "cost unknown".
func TestUnknownCostOverBudgetSaysWhy(t *testing.T) {
	r := testRequirements()
	r.ServerMonthly, r.HardwareInitial = catalog.Amount{}, catalog.Amount{}
	r.InitialMax = 1000 // the setup hours alone cost more
	a := testAssumptions(t)
	a.Hosting = nil // no hosting table: the server cost stays unknown
	ev, err := Evaluate(r, []*catalog.Option{testOption("svc", catalog.Provider, catalog.Yes)}, a, Options{NoSensitivity: true})
	if err != nil {
		t.Fatal(err)
	}
	var c *Condition
	for i := range ev.SelfHostReadiness.Conditions {
		if ev.SelfHostReadiness.Conditions[i].Key == "service.no_budget" {
			c = &ev.SelfHostReadiness.Conditions[i]
		}
	}
	if c == nil || !c.Met {
		t.Fatalf("service.no_budget %+v, want met", c)
	}
	codes := []string{c.Code}
	if parts, ok := c.Args["parts"].(msg.Clauses); ok {
		codes = nil
		for _, p := range parts {
			codes = append(codes, p.Code)
		}
	}
	want := []string{"cond.cost_unknown", "violation.initial_budget_known"}
	if !reflect.DeepEqual(codes, want) {
		t.Errorf("detail %v (%s), want %v", codes, c.Detail, want)
	}
}
