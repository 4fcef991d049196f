package scoring

import (
	"fmt"
	"math"
	"strconv"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/catalog/tomlfile"
)

// Growth bounds: a fraction per year. Above MaxGrowth (+300 % a year) the
// number is almost surely a percentage written as a whole number (10 for
// 10 %); from GrowthWarnAt (+100 %) up it is allowed with a warning.
const (
	MinGrowth    = -0.9
	MaxGrowth    = 3
	GrowthWarnAt = 1
	// MaxHorizonYears is the longest horizon.
	MaxHorizonYears = 20
	// MaxCost is the largest cost mailpick reports, in the requirements'
	// currency: float64 counts every unit exactly up to 2^53 ≈ 9e15.
	MaxCost = 1e15
)

// RequirementRanges is the allowed range of every number in a requirements
// file, keyed by dotted key ("*" is any one key: a currency, an option id,
// a criterion). ParseRequirements checks every number of the file against
// it, so a new numeric key needs only a row here; a number with no row is
// reported as a bug and TestEveryRequirementNumberHasRange fails.
var RequirementRanges = tomlfile.RangeTable{
	"horizon_years":                    {Min: 1, Max: MaxHorizonYears, Whole: true, Unit: "years"},
	"accounts.users":                   {Min: 1, Max: catalog.MaxAccounts, Whole: true, Unit: "accounts"},
	"accounts.growth_per_year":         {Min: MinGrowth, Max: MaxGrowth, Label: "a fraction between -0.9 and 3 (0.1 = +10 % a year)"},
	"storage.per_user_gb":              catalog.RangeStorageGB,
	"budget.initial_max":               {Min: 0, MinOpen: true, Max: catalog.MaxAmount},
	"budget.monthly_max":               {Min: 0, MinOpen: true, Max: catalog.MaxAmount},
	"operations.admin_hours_per_month": catalog.RangeMonthlyHours,
	"operations.admin_hourly_cost":     {Min: 0, Max: catalog.MaxPerUserMonth, Unit: "per hour"},
	"operations.server_monthly":        catalog.RangeAmount,
	"operations.hardware_initial":      catalog.RangeAmount,
	"weights.*":                        {Min: 0, Max: 100},
	"weights.pairwise.*":               {Min: 1.0 / 9, Max: 9, Label: "on Saaty's scale 1/9 … 9"},
	"fx.*":                             {Min: 1e-6, Max: 1e6, Unit: "per 1 unit of the foreign currency"},
	"quotes.*.per_user_month":          catalog.RangePerUserMonth,
	"quotes.*.flat_month":              catalog.RangeAmount,
	"quotes.*.initial":                 catalog.RangeAmount,
	"quotes.*.term_months":             catalog.RangeTermMonths,
	"consumption_tax":                  {Min: 0, Max: 0.5, Label: "a fraction between 0 and 0.5 (0.10 = 10 %)"},
	"contract.term_months":             catalog.RangeTermMonths,
}

// checkNumbers is ParseRequirements' one hook for ranges: growth first,
// for its own hint, then every number against RequirementRanges, then the
// consequences that no single number shows (accounts in the last year).
func checkNumbers(doc *tomlfile.Doc, r *Requirements) {
	if a, ok := doc.Tree["accounts"].(map[string]any); ok {
		checkGrowth(doc, a)
	}
	doc.CheckNumbers(RequirementRanges)
	if len(doc.Problems()) > 0 || r.Users == 0 {
		return
	}
	last := float64(r.Users) * math.Pow(1+r.Growth, float64(r.HorizonYears-1))
	if last > catalog.MaxAccounts {
		key := "accounts.growth_per_year"
		if _, given := doc.Tree["horizon_years"]; given && r.Growth == 0 {
			key = "horizon_years"
		}
		doc.Addf(key, "with %d users growing %s a year, year %d would have %s accounts, more than the %s mailpick models; check users, growth_per_year and horizon_years",
			r.Users, percent(r.Growth), r.HorizonYears, tomlfile.FormatNumber(math.Ceil(last)), tomlfile.FormatNumber(catalog.MaxAccounts))
	}
}

// checkGrowth catches a percentage written where a fraction belongs:
// growth_per_year = 10 means +1000 % a year, not 10 %.
func checkGrowth(doc *tomlfile.Doc, a map[string]any) {
	const key = "accounts.growth_per_year"
	var g float64
	switch v := a["growth_per_year"].(type) {
	case int64:
		g = float64(v)
	case float64:
		g = v
	default:
		return
	}
	hint := fmt.Sprintf("if you meant %s %% a year, write %s", strconv.FormatFloat(g, 'g', -1, 64), strconv.FormatFloat(g/100, 'g', -1, 64))
	switch {
	case (g > MaxGrowth || g < MinGrowth) && math.Abs(g) <= 100:
		doc.Addf(key, "must be %s (got %v); %s", RequirementRanges[key], g, hint)
	case g >= GrowthWarnAt && g <= MaxGrowth:
		doc.Warnf(key, "%v is %s a year; %s", g, percent(g), hint)
	}
}

// percent writes a fraction as a signed percentage with at most one
// decimal, never "-0 %".
func percent(f float64) string {
	p := math.Round(f*1000) / 10
	s := strconv.FormatFloat(p, 'f', -1, 64)
	switch {
	case p > 0:
		s = "+" + s
	case p == 0:
		s = "0"
	}
	return s + " %"
}

// Warnings are problems in the requirements that do not stop the run.
func (r *Requirements) Warnings() tomlfile.Problems {
	if r.doc == nil {
		return nil
	}
	return r.doc.Warnings()
}

// checkCosts is Evaluate's guard that no cost leaves mailpick as +Inf,
// NaN, a negative amount or one too large to be exact. Input ranges keep
// every cost finite, but not below MaxCost: a per-user price of 1,000,000
// for 10,000,000 accounts over 20 years is 2.4e15. The problem is the
// requirements file's, whose accounts and rates multiply the prices.
func checkCosts(results []Result, r *Requirements) error {
	file, line := "requirements", 0
	if r.doc != nil {
		file, line = r.doc.File, r.doc.Line("accounts.users")
	}
	for _, res := range results {
		t := res.TCO
		vals := []float64{t.Initial, t.Total, t.PerUserMonth}
		for _, y := range t.Years {
			vals = append(vals, y.Cost)
		}
		for _, l := range t.Lines {
			vals = append(vals, l.Initial)
			vals = append(vals, l.Yearly...)
		}
		for _, v := range vals {
			if math.IsNaN(v) || v < 0 || v > MaxCost {
				return tomlfile.Problems{{File: file, Line: line, Key: "accounts",
					Msg: fmt.Sprintf("the %d-year cost of %s comes to %s %s, outside 0 … %s that mailpick computes exactly; check users, growth_per_year, the prices and [fx]",
						r.HorizonYears, res.ID, strconv.FormatFloat(v, 'g', 4, 64), r.Currency, tomlfile.FormatNumber(MaxCost))}}
			}
		}
	}
	return nil
}
