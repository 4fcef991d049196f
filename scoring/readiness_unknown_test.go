package scoring

import (
	"slices"
	"testing"

	"github.com/mailpick/mailpick/catalog"
)

// TestReadinessUnknown: a case whose deciding fact is unknown reads
// "unknown" (met false, so old readers see no "met"), and the verdict
// counts it neither way: no known gap, an ability unknown → possible, with
// what to confirm among the reasons.
func TestReadinessUnknown(t *testing.T) {
	unpriced := func(r *Requirements, a *Assumptions) {
		r.ServerMonthly, r.HardwareInitial = catalog.Amount{}, catalog.Amount{}
		a.Hosting = nil // no hosting table: the server cost stays unknown
	}
	tests := []struct {
		name    string
		mutate  func(r *Requirements, a *Assumptions, svc *catalog.Option)
		status  map[string]string
		verdict string
		reasons []string // reason codes, in order
	}{
		{"hosting cost unknown, no budget set",
			func(r *Requirements, a *Assumptions, _ *catalog.Option) { unpriced(r, a) },
			map[string]string{"service.no_budget": StatusUnknown, "build.capacity": StatusMet, "service.no_time": StatusNotMet},
			"possible", []string{"ready.possible"}},
		{"hosting cost unknown under a monthly budget, customisation wanted",
			func(r *Requirements, a *Assumptions, _ *catalog.Option) {
				unpriced(r, a)
				r.MonthlyMax = 1e9
				r.Customization = Want
			},
			map[string]string{"service.no_budget": StatusUnknown, "build.customization": StatusMet},
			"possible", []string{"ready.need_unconfirmed", "ready.unknown_budget"}},
		{"known costs already over budget",
			func(r *Requirements, a *Assumptions, _ *catalog.Option) {
				unpriced(r, a)
				r.InitialMax = 1000 // the setup hours alone cost more
			},
			map[string]string{"service.no_budget": StatusMet},
			"not_recommended", []string{"ready.no_budget"}},
		{"lower-bound TCO below the cheapest service",
			func(r *Requirements, _ *Assumptions, svc *catalog.Option) {
				r.HardwareInitial = catalog.Amount{}
				svc.Pricing.PerUserMonth = catalog.Known(100000)
			},
			map[string]string{"service.no_budget": StatusUnknown},
			"possible", []string{"ready.possible"}},
		{"lower-bound TCO above the cheapest service's known total",
			func(r *Requirements, _ *Assumptions, _ *catalog.Option) { r.HardwareInitial = catalog.Amount{} },
			map[string]string{"service.no_budget": StatusMet},
			"possible", []string{"ready.possible", "ready.costs_more"}},
		{"admin hours not given",
			func(r *Requirements, _ *Assumptions, _ *catalog.Option) {
				r.AdminHoursUnset, r.AdminHoursMonth = true, 0
			},
			map[string]string{"build.capacity": StatusUnknown, "service.no_time": StatusUnknown},
			"possible", []string{"ready.possible_unconfirmed", "ready.unknown_time", "ready.costs_more"}},
		{"admin hours not given, basic team: the known gap decides",
			func(r *Requirements, _ *Assumptions, _ *catalog.Option) {
				r.AdminHoursUnset, r.AdminHoursMonth = true, 0
				r.Expertise = catalog.ExpertiseBasic
			},
			map[string]string{"build.capacity": StatusUnknown, "build.expertise": StatusNotMet},
			"not_recommended", []string{"ready.no_expert"}},
		{"no service confirms the security must-haves",
			func(r *Requirements, _ *Assumptions, svc *catalog.Option) {
				r.Caps["security.retention"] = Must
				svc.Caps["security.retention"] = catalog.StateUnknown
			},
			map[string]string{"build.security": StatusUnknown, "service.security": StatusUnknown, "service.needs": StatusMet},
			"possible", []string{"ready.possible", "ready.costs_more"}},
		{"a service confirms them",
			func(r *Requirements, _ *Assumptions, _ *catalog.Option) { r.Caps["security.retention"] = Must },
			map[string]string{"build.security": StatusNotMet, "service.security": StatusMet},
			"possible", []string{"ready.possible", "ready.costs_more"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, a := testRequirements(), testAssumptions(t)
			svc := testOption("svc", catalog.Provider, catalog.Yes)
			tt.mutate(r, a, svc)
			ev, err := Evaluate(r, []*catalog.Option{svc, testOption("self", catalog.SelfHosted, catalog.Yes)}, a, Options{NoSensitivity: true})
			if err != nil {
				t.Fatal(err)
			}
			rd := ev.SelfHostReadiness
			for _, c := range rd.Conditions {
				if c.Met != (c.Status == StatusMet) {
					t.Errorf("%s: met %v with status %q", c.Key, c.Met, c.Status)
				}
				if want, ok := tt.status[c.Key]; ok && c.Status != want {
					t.Errorf("%s: status %q, want %q (%s)", c.Key, c.Status, want, c.Detail)
				}
			}
			var codes []string
			for _, m := range rd.ReasonCodes {
				codes = append(codes, m.Code)
			}
			if rd.Verdict != tt.verdict || !slices.Equal(codes, tt.reasons) {
				t.Errorf("verdict %q %v, want %q %v", rd.Verdict, codes, tt.verdict, tt.reasons)
			}
		})
	}
}

// TestAdminHoursUnset: admin_hours_per_month left out is no stated 0.
func TestAdminHoursUnset(t *testing.T) {
	for _, tt := range []struct {
		ops   string
		unset bool
	}{
		{"", true},
		{"[operations]\nadmin_expertise = \"basic\"\n", true},
		{"[operations]\nadmin_hours_per_month = 0\n", false},
	} {
		r, err := ParseRequirements("req.toml", []byte("[accounts]\nusers = 10\n"+tt.ops))
		if err != nil {
			t.Fatalf("%q: %v", tt.ops, err)
		}
		if r.AdminHoursUnset != tt.unset {
			t.Errorf("%q: unset %v, want %v", tt.ops, r.AdminHoursUnset, tt.unset)
		}
	}
}
