package scoring

import (
	"math"
	"testing"

	"github.com/mailpick/mailpick/catalog"
)

func TestAccounts(t *testing.T) {
	tests := []struct {
		users  int
		growth float64
		year   int
		want   int
	}{
		{50, 0.1, 1, 50},
		{50, 0.1, 2, 55}, // 55.000000000000007 must not round up to 56
		{50, 0.1, 3, 61}, // 60.5 → 61
		{10, 0.2, 3, 15}, // 14.4 → 15
		{10, -0.5, 2, 5},
		{10, -1, 2, 0},
		{7, 0, 5, 7},
	}
	for _, tt := range tests {
		if got := Accounts(tt.users, tt.growth, tt.year); got != tt.want {
			t.Errorf("Accounts(%d, %v, %d) = %d, want %d", tt.users, tt.growth, tt.year, got, tt.want)
		}
	}
}

func approx(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

// Provider over 3 years with 20 % growth, a USD price, a minimum of 12
// billed users and the catalog's admin hours. Worked by hand:
//
//	accounts: 10, 12, ceil(14.4)=15; billed: max(acc, 12) = 12, 12, 15
//	licence:  billed × 5 USD × 100 JPY/USD × 12 = 72,000; 72,000; 90,000
//	admin:    1 h × 2,000 JPY × 12 = 24,000 a year
//	initial:  20 USD × 100 = 2,000
//	years:    96,000; 96,000; 114,000 → total 2,000 + 306,000 = 308,000
//	per user-month: 308,000 / ((10+12+15) × 12 = 444) = 693.6936…
func TestTCOProviderWithGrowthAndFX(t *testing.T) {
	r := testRequirements()
	o := testOption("p", catalog.Provider, catalog.Yes)
	o.Pricing = catalog.Pricing{Currency: "USD", PerUserMonth: catalog.Known(5), Initial: catalog.Known(20),
		PerYear: catalog.Known(0), MinUsers: catalog.Known(12)}
	a := testAssumptions(t)
	tco, err := computeTCO(o, r, a, effort(o, r, a))
	if err != nil {
		t.Fatal(err)
	}
	wantYears := []TCOYear{{Year: 1, Accounts: 10, Cost: 96000}, {Year: 2, Accounts: 12, Cost: 96000}, {Year: 3, Accounts: 15, Cost: 114000}}
	for i, y := range wantYears {
		if tco.Years[i].Year != y.Year || tco.Years[i].Accounts != y.Accounts || !approx(tco.Years[i].Cost, y.Cost) {
			t.Errorf("year %d = %+v, want %+v", i+1, tco.Years[i], y)
		}
	}
	if !approx(tco.Initial, 2000) || !approx(tco.Total, 308000) || !approx(tco.PerUserMonth, 308000.0/444) {
		t.Errorf("initial %v total %v per-user-month %v; want 2000, 308000, %v", tco.Initial, tco.Total, tco.PerUserMonth, 308000.0/444)
	}
	if !tco.Complete || !tco.Priced {
		t.Errorf("complete=%v priced=%v, want both true", tco.Complete, tco.Priced)
	}
}

// Self-hosted over 3 years. Worked by hand:
//
//	initial: 40 setup h × 2,000 + 50,000 hardware = 130,000
//	yearly:  EUR 100 licence × 150 = 15,000; admin 5 h × 2,000 × 12 = 120,000;
//	         server 3,000 × 12 = 36,000 → 171,000
//	total:   130,000 + 3 × 171,000 = 643,000; per user-month 643,000 / 444
func TestTCOSelfHosted(t *testing.T) {
	r := testRequirements()
	o := testOption("s", catalog.SelfHosted, catalog.Yes)
	o.Pricing = catalog.Pricing{Currency: "EUR", PerUserMonth: catalog.Known(0), Initial: catalog.Known(0), PerYear: catalog.Known(100)}
	a := testAssumptions(t)
	tco, err := computeTCO(o, r, a, effort(o, r, a))
	if err != nil {
		t.Fatal(err)
	}
	if !approx(tco.Initial, 130000) || !approx(tco.Total, 643000) || !approx(tco.PerUserMonth, 643000.0/444) {
		t.Errorf("initial %v total %v per-user-month %v", tco.Initial, tco.Total, tco.PerUserMonth)
	}
	for _, y := range tco.Years {
		if !approx(y.Cost, 171000) {
			t.Errorf("year %d cost %v, want 171000", y.Year, y.Cost)
		}
	}
}

func TestTCOUnknownPriceIsNotPriced(t *testing.T) {
	r := testRequirements()
	o := testOption("p", catalog.Provider, catalog.Yes)
	o.Pricing.PerUserMonth = catalog.Unknown
	o.Pricing.Initial = catalog.Unknown
	a := testAssumptions(t)
	tco, err := computeTCO(o, r, a, effort(o, r, a))
	if err != nil {
		t.Fatal(err)
	}
	if tco.Priced || tco.Complete {
		t.Fatalf("priced=%v complete=%v, want false", tco.Priced, tco.Complete)
	}
	if len(tco.Missing) != 2 || tco.Missing[0] != "pricing.per_user_month" || tco.Missing[1] != "pricing.initial" {
		t.Errorf("missing = %v", tco.Missing)
	}
	// A quote fills the gap and is converted from its own currency.
	r.Quotes["p"] = Quote{Currency: "USD", PerUserMonth: catalog.Known(1), Initial: catalog.Known(0)}
	tco, err = computeTCO(o, r, a, effort(o, r, a))
	if err != nil {
		t.Fatal(err)
	}
	// (10+12+15) × 1 USD × 100 × 12 = 44,400 licence + 3 × 24,000 admin = 116,400
	if !tco.Priced || !approx(tco.Total, 116400) {
		t.Errorf("with quote: priced=%v total=%v, want true 116400", tco.Priced, tco.Total)
	}
}

func TestTCOMissingFXIsAnError(t *testing.T) {
	r := testRequirements()
	delete(r.FX, "USD")
	o := testOption("p", catalog.Provider, catalog.Yes)
	o.Pricing.Currency = "USD"
	a := testAssumptions(t)
	if _, err := computeTCO(o, r, a, effort(o, r, a)); err == nil {
		t.Fatal("want an error for a currency with no [fx] rate")
	}
}

// Without catalog hours, the build flow is costed step by step from the
// assumptions, and an unknown step costs as much as a manual one.
func TestEffortFromBuildFlow(t *testing.T) {
	r := testRequirements()
	a := testAssumptions(t)
	o := testOption("s", catalog.SelfHosted, catalog.Yes)
	o.Operations.SetupHours = catalog.Unknown
	o.Operations.MonthlyAdminHours = catalog.Unknown
	var wantManual float64
	for _, s := range catalog.BuildSteps {
		o.Build[s.Key] = catalog.StateUnknown
		wantManual += a.BuildManual[s.Key]
	}
	e := effort(o, r, a)
	if !approx(e.SetupHours, wantManual) || e.SetupBasis != "assumption" {
		t.Errorf("unknown steps: setup %v (%s), want %v", e.SetupHours, e.SetupBasis, wantManual)
	}
	for _, s := range catalog.BuildSteps {
		o.Build[s.Key] = catalog.Yes
	}
	if e2 := effort(o, r, a); e2.SetupHours >= e.SetupHours {
		t.Errorf("an all-in-one stack (%v h) should need fewer hours than a manual one (%v h)", e2.SetupHours, e.SetupHours)
	}
	var wantMonthly float64
	for _, task := range catalog.OperatingTasks {
		wantMonthly += a.OpsBase[task.Key] + a.OpsPer100[task.Key]*10/100
	}
	if !approx(e.MonthlyHours[0], wantMonthly) {
		t.Errorf("year-1 monthly hours %v, want %v", e.MonthlyHours[0], wantMonthly)
	}
	if e.MonthlyHours[2] <= e.MonthlyHours[0] {
		t.Errorf("operating load should grow with accounts: %v", e.MonthlyHours)
	}
}
