package scoring

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mailpick/mailpick/catalog"
)

func termPrice(term int, pay string, monthly float64) catalog.Price {
	return catalog.Price{FlatMonth: catalog.Known(monthly), PerUserMonth: catalog.Known(0), Initial: catalog.Known(0), TermMonths: term, Payment: pay}
}

// licenceOf returns the licence and licence_beyond_horizon lines of a TCO
// (nil when absent).
func licenceOf(t TCO) (lic, beyond *CostLine) {
	for i := range t.Lines {
		switch t.Lines[i].Item {
		case "licence":
			lic = &t.Lines[i]
		case "licence_beyond_horizon":
			beyond = &t.Lines[i]
		}
	}
	return lic, beyond
}

func termsOf(t TCO) string {
	var s []string
	for _, y := range t.Years {
		s = append(s, fmt.Sprintf("%s%d%.1s", y.Plan, y.TermMonths, y.Payment))
	}
	return strings.Join(s, ",")
}

// Terms longer than the months left in the horizon are not chosen; a term
// that must be signed anyway is charged in full. One plan, 10 accounts, no
// growth, flat prices per month: 1-month term 5,000 (monthly), 12-month
// term 4,000 (monthly), 36-month term 3,000 (upfront). Worked by hand
// (term letters: m = monthly, u = upfront):
//
//	all terms, H=1: 12 months left → 1 or 12 → 12m at 4,000 = 48,000
//	all terms, H=3: 36 left → 36u fits → 3,000 × 12 = 36,000 a year
//	all terms, H=5: 36u covers years 1–3 (36,000 a year); year 4 has 24
//	                left → 12m 48,000; year 5 has 12 left → 12m 48,000
//	36u only, H=1:  nothing fits 12 months → 36u signed in full: 36,000 for
//	                the year + 24 × 3,000 = 72,000 beyond, in year 1
//	36u only, H=2:  24 left → in full: year 1 36,000 + 12 × 3,000 = 36,000
//	                beyond; year 2 is covered by the same term, 36,000
//	36u only, H=3:  fits: 36,000 a year, nothing beyond
//	36u only, H=5:  years 1–3 one term; year 4 has 24 left → a second 36u in
//	                full: 36,000 in years 4 and 5 + 12 × 3,000 beyond in year 4
//	all terms, contract ≤ 12 months, H=3: 12m every year, 48,000
//	36u only, contract monthly, H=1: nothing allowed → the shortest offered
//	                (36u, a contract violation), in full as above
func TestTermsWithinHorizon(t *testing.T) {
	all := []catalog.Price{termPrice(1, catalog.PaymentMonthly, 5000), termPrice(12, catalog.PaymentMonthly, 4000), termPrice(36, catalog.PaymentUpfront, 3000)}
	long := []catalog.Price{termPrice(36, catalog.PaymentUpfront, 3000)}
	tests := []struct {
		name     string
		prices   []catalog.Price
		horizon  int
		contract Contract
		licence  []float64
		beyond   []float64 // nil: no line
		terms    string
		commit   string // year/term/beyond of each commitment
	}{
		{"all H1", all, 1, Contract{}, []float64{48000}, nil, "12m", ""},
		{"all H3", all, 3, Contract{}, []float64{36000, 36000, 36000}, nil, "36u,36u,36u", ""},
		{"all H5", all, 5, Contract{}, []float64{36000, 36000, 36000, 48000, 48000}, nil, "36u,36u,36u,12m,12m", ""},
		{"36 only H1", long, 1, Contract{}, []float64{36000}, []float64{72000}, "36u", "1/36/24"},
		{"36 only H2", long, 2, Contract{}, []float64{36000, 36000}, []float64{36000, 0}, "36u,36u", "1/36/12"},
		{"36 only H3", long, 3, Contract{}, []float64{36000, 36000, 36000}, nil, "36u,36u,36u", ""},
		{"36 only H5", long, 5, Contract{}, []float64{36000, 36000, 36000, 36000, 36000}, []float64{0, 0, 0, 36000, 0}, "36u,36u,36u,36u,36u", "4/36/12"},
		{"contract 12 H3", all, 3, Contract{TermMonths: 12}, []float64{48000, 48000, 48000}, nil, "12m,12m,12m", ""},
		{"contract monthly H1", long, 1, Contract{Payment: catalog.PaymentMonthly}, []float64{36000}, []float64{72000}, "36u", "1/36/24"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testRequirements()
			r.Users, r.Growth, r.HorizonYears, r.Contract = 10, 0, tt.horizon, tt.contract
			o := testOption("x", catalog.Provider, catalog.Yes)
			o.Pricing = catalog.Pricing{Currency: "JPY", Tax: catalog.TaxExcluded, PerYear: catalog.Known(0), Tiers: []catalog.Tier{{Prices: tt.prices}}}
			a := testAssumptions(t)
			tco, err := computeTCO(o, r, a, effort(o, r, a))
			if err != nil {
				t.Fatal(err)
			}
			lic, beyond := licenceOf(tco)
			if lic == nil || !sameFloats(lic.Yearly, tt.licence) {
				t.Errorf("licence %+v, want %v", lic, tt.licence)
			}
			switch {
			case tt.beyond == nil && beyond != nil:
				t.Errorf("unexpected beyond-horizon line %+v", beyond)
			case tt.beyond != nil && (beyond == nil || !sameFloats(beyond.Yearly, tt.beyond)):
				t.Errorf("beyond-horizon line %+v, want %v", beyond, tt.beyond)
			}
			var commits []string
			if beyond != nil {
				for _, c := range beyond.Commitments {
					commits = append(commits, fmt.Sprintf("%d/%d/%d", c.Year, c.TermMonths, c.BeyondMonths))
				}
			}
			if got := strings.Join(commits, ";"); got != tt.commit {
				t.Errorf("commitments %q, want %q", got, tt.commit)
			}
			if got := termsOf(tco); got != tt.terms {
				t.Errorf("terms per year %q, want %q", got, tt.terms)
			}
			// The total counts every month signed for, beyond the horizon too.
			want := 0.0
			for _, v := range append(append([]float64{}, tt.licence...), tt.beyond...) {
				want += v
			}
			if !approx(tco.Total-24000*float64(tt.horizon), want) {
				t.Errorf("total %v, want licence %v + admin %v", tco.Total, want, 24000*tt.horizon)
			}
		})
	}
}

func sameFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !approx(a[i], b[i]) {
			return false
		}
	}
	return true
}

// Xserverビジネス as the embedded catalog sells it: three tiers of 300 /
// 400 / 500 GB, each on prepaid terms of 3, 6, 12 or 36 months (スタンダード
// 5,016 / 4,598 / 4,180 / 3,760 a month; プレミアム 10,032 / 9,196 / 8,360
// / 7,524; エンタープライズ 15,048 / 13,794 / 12,550 / 11,286), initial fee
// 16,500, tax basis not stated (used as stated). 1 GB per mailbox. Worked
// by hand:
//
//	50 users, H=1 (the review's v1): 50 GB → スタンダード; 12 months left →
//	  the 36-month term is out; 12-month 4,180 × 12 = 50,160
//	300 users +10 %, H=3: accounts 300, 330, 363 → S, P, P.
//	  year 1: 36 left → S 36-month 3,760 × 12 = 45,120
//	  year 2: 330 GB outgrows S → a new P term; 24 left → 12-month
//	          8,360 × 12 = 100,320 (S's remaining 24 months not charged)
//	  year 3: that term ends; 12 left → 12-month P again, 100,320
//	300 users +10 %, H=5: accounts 300, 330, 363, ceil(399.3)=400,
//	  ceil(439.23)=440 → S, P, P, P, E.
//	  year 1: S 36-month 45,120; year 2: P, 48 left → 36-month 7,524 × 12 =
//	  90,288 for years 2–4 (400 GB still fits P in year 4); year 5: the term
//	  ended, 440 GB → E, 12 left → 12-month 12,550 × 12 = 150,600
func TestXserverBusinessTerms(t *testing.T) {
	opts, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	var x *catalog.Option
	for _, o := range opts {
		if o.ID == "xserver-business" {
			x = o
		}
	}
	if x == nil {
		t.Fatal("no xserver-business in the embedded catalog")
	}
	tests := []struct {
		users   int
		growth  float64
		horizon int
		licence []float64
		plans   string
	}{
		{50, 0.1, 1, []float64{50160}, "スタンダード12u"},
		{300, 0.1, 3, []float64{45120, 100320, 100320}, "スタンダード36u,プレミアム12u,プレミアム12u"},
		{300, 0.1, 5, []float64{45120, 90288, 90288, 90288, 150600}, "スタンダード36u,プレミアム36u,プレミアム36u,プレミアム36u,エンタープライズ12u"},
	}
	for _, tt := range tests {
		r := testRequirements()
		r.Users, r.Growth, r.HorizonYears, r.StoragePerUserGB = tt.users, tt.growth, tt.horizon, 1
		a := testAssumptions(t)
		tco, err := computeTCO(x, r, a, effort(x, r, a))
		if err != nil {
			t.Fatal(err)
		}
		lic, beyond := licenceOf(tco)
		if lic == nil || !sameFloats(lic.Yearly, tt.licence) || beyond != nil {
			t.Errorf("%d users, %d years: licence %+v beyond %+v, want %v and none beyond", tt.users, tt.horizon, lic, beyond, tt.licence)
		}
		if got := termsOf(tco); got != tt.plans {
			t.Errorf("%d users, %d years: plans %q, want %q", tt.users, tt.horizon, got, tt.plans)
		}
		if !approx(tco.Initial, 16500) {
			t.Errorf("initial %v, want 16,500 once", tco.Initial)
		}
	}
}

// The beyond-horizon line names its term in the report's language.
func TestBeyondHorizonLabel(t *testing.T) {
	l := CostLine{Item: "licence_beyond_horizon", Commitments: []Commitment{{Year: 1, TermMonths: 36, Payment: catalog.PaymentUpfront, BeyondMonths: 24}}}
	for lang, want := range map[string]string{
		"en": "Licence months beyond the horizon (36-month term paid upfront in year 1, 24 months beyond the horizon)",
		"ja": "検討期間を超える契約月数分のライセンス（1年目に契約する36か月契約（前払い）、うち24か月は検討期間外）",
	} {
		if got := l.Label(lang); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	if got := (CostLine{Item: "server", Note: "vps-1g"}).Label("en"); got != "Server / hosting (vps-1g)" {
		t.Errorf("server line: %q", got)
	}
}

// A quote replaces the licence whole, so the monthly price to ask for
// leaves out the beyond-horizon months as well: 1 year, TCO 12,000, admin
// 2,400 → (12,000 − 2,400) / 12 = 800 a month.
func TestPriceToWinIgnoresBeyondHorizon(t *testing.T) {
	res := &Result{TCO: TCO{Years: make([]TCOYear, 1), Lines: []CostLine{
		{Item: "licence", Yearly: []float64{3000}},
		{Item: "licence_beyond_horizon", Yearly: []float64{6000}},
		{Item: "admin_labour", Yearly: []float64{2400}},
	}}}
	if got := priceToWinMonthly(res, 12000); !approx(got, 800) {
		t.Errorf("price to win %v a month, want 800", got)
	}
}
