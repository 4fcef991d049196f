package scoring

import (
	"testing"
	"time"

	"github.com/mailpick/mailpick/catalog"
)

// testOption builds a provider with every capability set to state.
func testOption(id string, kind catalog.Kind, state catalog.State) *catalog.Option {
	o := &catalog.Option{ID: id, Name: id, Vendor: "v", Kind: kind, AsOf: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		Sources: []string{"https://example.com/"}, Caps: map[string]catalog.State{}, AddonPrice: map[string]catalog.Amount{},
		Build: map[string]catalog.State{}}
	for _, k := range catalog.CapabilityKeys {
		o.Caps[k.Path()] = state
	}
	o.Pricing = catalog.Pricing{Currency: "JPY", Tax: catalog.TaxExcluded, PerUserMonth: catalog.Known(500), Initial: catalog.Known(0), PerYear: catalog.Known(0)}
	o.Storage = catalog.Storage{PerUserGB: catalog.Known(50), Pooled: catalog.No}
	o.Support = catalog.SupportTerms{Hours: "business", SLAPercent: catalog.Known(99.9)}
	o.Operations = catalog.Operations{RequiredExpertise: catalog.ExpertiseBasic, MonthlyAdminHours: catalog.Known(1)}
	if kind == catalog.SelfHosted {
		o.Operations = catalog.Operations{RequiredExpertise: catalog.ExpertiseExpert, SetupHours: catalog.Known(40),
			MonthlyAdminHours: catalog.Known(5)}
		o.Pricing.PerUserMonth = catalog.Known(0)
	}
	return o
}

func testRequirements() *Requirements {
	return &Requirements{Lang: "en", Currency: "JPY", HorizonYears: 3, Users: 10, Growth: 0.2,
		Caps: map[string]Level{}, Weights: map[catalog.Criterion]float64{catalog.CriterionCost: 1, catalog.CriterionFeatures: 1,
			catalog.CriterionMobile: 1, catalog.CriterionSecurity: 1, catalog.CriterionSupport: 1, catalog.CriterionOperations: 1},
		FX: map[string]float64{"USD": 100, "EUR": 150}, Quotes: map[string]Quote{}, Expertise: catalog.ExpertiseExpert,
		AdminHoursMonth: 100, AdminHourlyCost: 2000, HourlyCostGiven: true, Customization: No, TaxBasis: catalog.TaxExcluded,
		ServerMonthly: catalog.Known(3000), HardwareInitial: catalog.Known(50000)}
}

func testAssumptions(t *testing.T) *Assumptions {
	t.Helper()
	a, err := DefaultAssumptions()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func find(t *testing.T, ev *Evaluation, id string) Result {
	t.Helper()
	for _, r := range ev.Results {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no result %s", id)
	return Result{}
}
