package scoring

import (
	"math"
	"strings"
	"testing"

	"github.com/mailpick/mailpick/catalog"
)

func flat(v float64) catalog.Price {
	return catalog.Price{FlatMonth: catalog.Known(v), PerUserMonth: catalog.Known(0), Initial: catalog.Known(0)}
}

// A plan sold per contract in three tiers, over 5 years at +50 %/year.
// Worked by hand:
//
//	accounts: 100, 150, 225, ceil(337.5)=338, ceil(506.25)=507
//	tier:     S (≤150), S, M (≤300), L (≤600), L
//	licence:  12 × 10,000 = 120,000; 120,000; 12 × 18,000 = 216,000; 12 × 30,000 = 360,000; 360,000
//	admin:    1 h × 2,000 × 12 = 24,000 a year
//	initial:  S's 5,000, once (a later tier charges no new initial fee)
//	total:    5,000 + 1,176,000 + 120,000 = 1,301,000
func TestTCOFlatTiersFollowGrowth(t *testing.T) {
	r := testRequirements()
	r.Users, r.Growth, r.HorizonYears = 100, 0.5, 5
	o := testOption("tiered", catalog.Provider, catalog.Yes)
	s := flat(10000)
	s.Initial = catalog.Known(5000)
	o.Pricing = catalog.Pricing{Currency: "JPY", Tax: catalog.TaxExcluded, PerYear: catalog.Known(0), Tiers: []catalog.Tier{
		{Name: "S", MaxUsers: catalog.Known(150), Prices: []catalog.Price{s}},
		{Name: "M", MaxUsers: catalog.Known(300), Prices: []catalog.Price{flat(18000)}},
		{Name: "L", MaxUsers: catalog.Known(600), Prices: []catalog.Price{flat(30000)}},
	}}
	a := testAssumptions(t)
	tco, err := computeTCO(o, r, a, effort(o, r, a))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		acc  int
		plan string
		cost float64
	}{{100, "S", 144000}, {150, "S", 144000}, {225, "M", 240000}, {338, "L", 384000}, {507, "L", 384000}}
	for i, w := range want {
		y := tco.Years[i]
		if y.Accounts != w.acc || y.Plan != w.plan || !approx(y.Cost, w.cost) {
			t.Errorf("year %d = %+v, want accounts %d plan %s cost %v", i+1, y, w.acc, w.plan, w.cost)
		}
	}
	if !approx(tco.Initial, 5000) || !approx(tco.Total, 1301000) || !tco.Priced || tco.capacity != nil {
		t.Errorf("initial %v total %v priced %v gap %+v; want 5000, 1301000, true, none", tco.Initial, tco.Total, tco.Priced, tco.capacity)
	}
}

// The cheapest tier that fits wins even when it is not the smallest: a
// promotional larger tier that costs less is taken.
func TestTCOTakesCheapestFittingTier(t *testing.T) {
	r := testRequirements()
	o := testOption("promo", catalog.Provider, catalog.Yes)
	o.Pricing = catalog.Pricing{Currency: "JPY", Tax: catalog.TaxExcluded, PerYear: catalog.Known(0), Tiers: []catalog.Tier{
		{Name: "small", MaxUsers: catalog.Known(20), Prices: []catalog.Price{flat(9000)}},
		{Name: "large", MaxUsers: catalog.Known(100), Prices: []catalog.Price{flat(8000)}},
	}}
	a := testAssumptions(t)
	tco, err := computeTCO(o, r, a, effort(o, r, a))
	if err != nil {
		t.Fatal(err)
	}
	for _, y := range tco.Years {
		if y.Plan != "large" || !approx(y.Cost, 8000*12+24000) {
			t.Errorf("year %d: %+v, want the cheaper large tier at 120,000", y.Year, y)
		}
	}
}

// A mailbox pool that the growth outgrows in year 4. Worked by hand:
// 10 GB per mailbox; accounts 100, 150, 225, 338 → need 1,000, 1,500,
// 2,250, 3,380 GB; tiers hold 2,000 and 3,000 GB → A, A, B, none.
func TestPooledStorageOutgrownInYear4(t *testing.T) {
	r := testRequirements()
	r.Users, r.Growth, r.HorizonYears, r.StoragePerUserGB = 100, 0.5, 5, 10
	o := testOption("pool", catalog.Provider, catalog.Yes)
	o.Storage.PerUserGB = catalog.Known(20)
	o.Pricing = catalog.Pricing{Currency: "JPY", Tax: catalog.TaxExcluded, PerYear: catalog.Known(0), Tiers: []catalog.Tier{
		{Name: "A", StorageTotalGB: catalog.Known(2000), Prices: []catalog.Price{flat(5000)}},
		{Name: "B", StorageTotalGB: catalog.Known(3000), Prices: []catalog.Price{flat(9000)}},
	}}
	ev, err := Evaluate(r, []*catalog.Option{o}, testAssumptions(t), Options{NoSensitivity: true})
	if err != nil {
		t.Fatal(err)
	}
	res := ev.Results[0]
	if res.Eligible || len(res.Violations) != 1 {
		t.Fatalf("eligible %v violations %+v; want one violation", res.Eligible, res.Violations)
	}
	v := res.Violations[0]
	for _, want := range []string{"year 4", "338 accounts", "3380 GB", "3000 GB"} {
		if !strings.Contains(v.Detail, want) {
			t.Errorf("violation %q does not name %q", v.Detail, want)
		}
	}
	if v.Requirement != "storage.per_user_gb" {
		t.Errorf("requirement %q", v.Requirement)
	}
	plans := []string{}
	for _, y := range res.TCO.Years {
		plans = append(plans, y.Plan)
	}
	if got := strings.Join(plans, ","); got != "A,A,B,B,B" {
		t.Errorf("plans %s, want A,A,B then the largest B for the years that do not fit", got)
	}

	// The same limit stated once for the whole contract (storage.total_gb,
	// no tiers) and a user limit are judged the same way.
	o2 := testOption("contract-pool", catalog.Provider, catalog.Yes)
	o2.Storage.TotalGB = catalog.Known(1600)
	o3 := testOption("user-cap", catalog.Provider, catalog.Yes)
	o3.Pricing.MaxUsers = catalog.Known(200)
	ev, err = Evaluate(r, []*catalog.Option{o2, o3}, testAssumptions(t), Options{NoSensitivity: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ id, key, year string }{{"contract-pool", "storage.per_user_gb", "year 3"}, {"user-cap", "accounts.users", "year 3"}} {
		res := find(t, ev, tt.id)
		if len(res.Violations) != 1 || res.Violations[0].Requirement != tt.key || !strings.Contains(res.Violations[0].Detail, tt.year) {
			t.Errorf("%s: violations %+v, want one on %s naming %s", tt.id, res.Violations, tt.key, tt.year)
		}
	}
}

// Prices move between tax bases at the consumption-tax rate; a price of
// unknown basis is used as stated and listed as unverified.
func TestTaxBasisConversion(t *testing.T) {
	tests := []struct {
		name       string
		priceTax   string
		basis      string
		rate       float64
		wantYear   float64 // licence + 24,000 admin
		unverified bool
	}{
		{"included to excluded", catalog.TaxIncluded, catalog.TaxExcluded, 0.10, 1100 / 1.1 * 12, false},
		{"excluded to included", catalog.TaxExcluded, catalog.TaxIncluded, 0.10, 1100 * 1.1 * 12, false},
		{"same basis", catalog.TaxIncluded, catalog.TaxIncluded, 0.10, 1100 * 12, false},
		{"eight per cent", catalog.TaxIncluded, catalog.TaxExcluded, 0.08, 1100 / 1.08 * 12, false},
		{"unknown used as stated", catalog.TaxUnknown, catalog.TaxExcluded, 0.10, 1100 * 12, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testRequirements()
			r.TaxBasis, r.ConsumptionTax = tt.basis, tt.rate
			o := testOption("p", catalog.Provider, catalog.Yes)
			o.Pricing = catalog.Pricing{Currency: "JPY", Tax: tt.priceTax, PerYear: catalog.Known(0),
				Tiers: []catalog.Tier{{Prices: []catalog.Price{flat(1100)}}}}
			ev, err := Evaluate(r, []*catalog.Option{o}, testAssumptions(t), Options{NoSensitivity: true})
			if err != nil {
				t.Fatal(err)
			}
			res := ev.Results[0]
			if got := res.TCO.Years[0].Cost - 24000; math.Abs(got-tt.wantYear) > 1e-6 {
				t.Errorf("year-1 licence %v, want %v", got, tt.wantYear)
			}
			if res.TCO.TaxBasis != tt.basis {
				t.Errorf("tco.tax_basis %q, want %q", res.TCO.TaxBasis, tt.basis)
			}
			has := false
			for _, u := range res.Unverified {
				has = has || u == "pricing.tax"
			}
			if has != tt.unverified {
				t.Errorf("pricing.tax unverified = %v, want %v (%v)", has, tt.unverified, res.Unverified)
			}
		})
	}
}

// One plan on four prepaid terms (as Xserverビジネス sells it): the
// requirements' contract decides which price the TCO uses.
func TestTermChosenByContract(t *testing.T) {
	terms := []catalog.Price{
		{FlatMonth: catalog.Known(5016), PerUserMonth: catalog.Known(0), Initial: catalog.Known(0), TermMonths: 3},
		{FlatMonth: catalog.Known(4598), PerUserMonth: catalog.Known(0), Initial: catalog.Known(0), TermMonths: 6},
		{FlatMonth: catalog.Known(4180), PerUserMonth: catalog.Known(0), Initial: catalog.Known(0), TermMonths: 12},
		{FlatMonth: catalog.Known(3760), PerUserMonth: catalog.Known(0), Initial: catalog.Known(0), TermMonths: 36},
	}
	tests := []struct {
		contract Contract
		monthly  float64
		term     int
	}{
		{Contract{}, 3760, 36},                // default: the cheapest per month
		{Contract{TermMonths: 12}, 4180, 12},  // longest term the company signs
		{Contract{TermMonths: 24}, 4180, 12},  // no 24-month term: the best within it
		{Contract{TermMonths: 6}, 4598, 6},    //
		{Contract{TermMonths: 1}, 5016, 3},    // nothing that short: the shortest offered
		{Contract{TermMonths: 120}, 3760, 36}, //
	}
	for _, tt := range tests {
		r := testRequirements()
		r.Contract = tt.contract
		o := testOption("x", catalog.Provider, catalog.Yes)
		o.Pricing = catalog.Pricing{Currency: "JPY", Tax: catalog.TaxExcluded, PerYear: catalog.Known(0),
			Tiers: []catalog.Tier{{Name: "スタンダード", Prices: terms}}}
		a := testAssumptions(t)
		tco, err := computeTCO(o, r, a, effort(o, r, a))
		if err != nil {
			t.Fatal(err)
		}
		y := tco.Years[0]
		if !approx(y.Cost, tt.monthly*12+24000) || y.TermMonths != tt.term {
			t.Errorf("contract %+v: year 1 %+v, want %v/month on a %d-month term", tt.contract, y, tt.monthly, tt.term)
		}
	}
}

// Microsoft 365 sells one plan three ways: monthly term, annual term billed
// monthly (+5 % since 2025-04) and annual term paid upfront. With 10, 12
// and 15 accounts (testRequirements) and USD at 100 JPY:
//
//	annual/monthly: (10+12+15) × 13.13 × 100 × 12 = 582,972
//	annual/upfront: 37 × 12.50 × 1,200 = 555,000
//	monthly term:   37 × 15.00 × 1,200 = 666,000
func TestMicrosoftStyleTerms(t *testing.T) {
	pu := func(v float64, term int, pay string) catalog.Price {
		return catalog.Price{FlatMonth: catalog.Known(0), PerUserMonth: catalog.Known(v), Initial: catalog.Known(0), TermMonths: term, Payment: pay}
	}
	prices := []catalog.Price{pu(15.00, 1, catalog.PaymentMonthly), pu(13.13, 12, catalog.PaymentMonthly), pu(12.50, 12, catalog.PaymentUpfront)}
	tests := []struct {
		contract Contract
		licence  float64
	}{
		{Contract{TermMonths: 12, Payment: catalog.PaymentMonthly}, 582972},
		{Contract{TermMonths: 12, Payment: catalog.PaymentUpfront}, 555000},
		{Contract{TermMonths: 12}, 555000},
		{Contract{}, 555000},
		{Contract{TermMonths: 1}, 666000},
		{Contract{Payment: catalog.PaymentMonthly}, 582972},
	}
	for _, tt := range tests {
		r := testRequirements()
		r.Contract = tt.contract
		o := testOption("m365", catalog.Provider, catalog.Yes)
		o.Pricing = catalog.Pricing{Currency: "USD", Tax: catalog.TaxExcluded, PerYear: catalog.Known(0), Tiers: []catalog.Tier{{Prices: prices}}}
		a := testAssumptions(t)
		tco, err := computeTCO(o, r, a, effort(o, r, a))
		if err != nil {
			t.Fatal(err)
		}
		if got := tco.Total - 3*24000; math.Abs(got-tt.licence) > 1e-6 {
			t.Errorf("contract %+v: licence %v, want %v", tt.contract, got, tt.licence)
		}
	}
}

// tco_to_win is checked the way procurement would use it: enter a quote
// that brings the option's TCO to the figure and re-run the evaluation.
func TestTCOToWinReEvaluated(t *testing.T) {
	build := func() (*Requirements, []*catalog.Option) {
		r := testRequirements()
		// Four security wants: missing one costs 25 security points.
		for _, k := range []string{"two_factor", "spam_filter", "virus_filter", "client_tls"} {
			r.Caps["security."+k] = Want
		}
		known := testOption("known", catalog.Provider, catalog.Yes)
		known.Caps["security.two_factor"] = catalog.No
		known.Caps["security.spam_filter"] = catalog.No
		cheap := testOption("cheap", catalog.Provider, catalog.Yes)
		cheap.Caps["security.two_factor"] = catalog.No
		cheap.Pricing.PerUserMonth = catalog.Known(400)
		mid := testOption("mid", catalog.Provider, catalog.Yes)
		mid.Pricing.PerUserMonth = catalog.Known(3000)
		unknown := testOption("unknown", catalog.Provider, catalog.Yes)
		unknown.Pricing.PerUserMonth = catalog.Unknown
		unknown.Pricing.Initial = catalog.Known(0)
		return r, []*catalog.Option{known, cheap, mid, unknown}
	}
	r, opts := build()
	ev, err := Evaluate(r, opts, testAssumptions(t), Options{NoSensitivity: true})
	if err != nil {
		t.Fatal(err)
	}
	if !find(t, ev, "unknown").Provisional || find(t, ev, "mid").Provisional {
		t.Fatal("provisional flags wrong")
	}
	// Admin labour is the one known line: 3 × 24,000 = 72,000 over 36 months.
	for _, id := range []string{"unknown", "mid"} {
		res := find(t, ev, id)
		if res.Rank == 1 {
			t.Fatalf("%s already ranks first; the test needs it behind", id)
		}
		if res.TCOToWin == nil {
			t.Fatalf("%s: tco_to_win is null", id)
		}
		x := *res.TCOToWin
		if id == "mid" && x >= res.TCO.Total {
			t.Errorf("mid: tco_to_win %v not below its TCO %v", x, res.TCO.Total)
		}
		for _, tt := range []struct {
			factor float64
			first  bool
		}{{1 - 1e-6, true}, {0.9, true}, {1.01, false}, {1.2, false}} {
			r, opts := build()
			// A flat monthly quote F with TCO = 36F + 72,000 (admin labour).
			f := (x*tt.factor - 72000) / 36
			r.Quotes[id] = Quote{Currency: "JPY", Tax: catalog.TaxExcluded, FlatMonth: catalog.Known(f), Initial: catalog.Known(0)}
			ev2, err := Evaluate(r, opts, testAssumptions(t), Options{NoSensitivity: true})
			if err != nil {
				t.Fatal(err)
			}
			got := find(t, ev2, id)
			if math.Abs(got.TCO.Total-x*tt.factor) > 1e-6*x {
				t.Fatalf("quote gives TCO %v, want %v", got.TCO.Total, x*tt.factor)
			}
			if (got.Rank == 1) != tt.first {
				t.Errorf("%s at %.4f × tco_to_win: rank %d, want first=%v", id, tt.factor, got.Rank, tt.first)
			}
		}
		if m := res.PriceToWinMonthly; m == nil || math.Abs(*m-(x-72000)/36) > 1e-6 {
			t.Errorf("%s: price_to_win_monthly %v, want (x−72,000)/36", id, m)
		}
	}
	// The winner's own bound is at or above its TCO; an ineligible option
	// has none.
	w := ev.Results[0]
	if w.TCOToWin == nil && !w.TCOToWinAnyPrice {
		t.Errorf("winner %s has no tco_to_win", w.ID)
	} else if w.TCOToWin != nil && *w.TCOToWin < w.TCO.Total {
		t.Errorf("winner's tco_to_win %v below its TCO %v", *w.TCOToWin, w.TCO.Total)
	}
}
