package scoring

import (
	"fmt"
	"math"
	"time"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/catalog/tomlfile"
	"github.com/mailpick/mailpick/data"
)

// Assumptions are the model's documented defaults (data/assumptions.toml),
// used only where neither the catalog nor the requirements give a figure.
type Assumptions struct {
	AsOf           time.Time
	HourlyCost     float64
	HourlyCurrency string
	HourlyBasis    string
	// The hourly cost's derivation, when the file states it:
	// AnnualWage ÷ HoursPerYear × LoadingFactor.
	AnnualWage     float64
	HoursPerYear   float64
	LoadingFactor  float64
	BuildManual    map[string]float64
	BuildIncluded  map[string]float64
	AccountsPer100 float64
	OpsBase        map[string]float64
	OpsPer100      map[string]float64
	ProviderBase   float64
	ProviderPer100 float64
	// Hosting is the table of servers a self-hosted stack is priced on when
	// neither the catalog nor the requirements give server_monthly.
	Hosting []catalog.HostingPlan
}

// DefaultAssumptions parses the embedded assumptions file. It is part of the
// binary, so a problem with it is a bug, reported as an error.
func DefaultAssumptions() (*Assumptions, error) {
	b, err := data.FS.ReadFile("assumptions.toml")
	if err != nil {
		return nil, err
	}
	a, err := ParseAssumptions("data/assumptions.toml", b)
	if err != nil {
		return nil, err
	}
	if a.Hosting, err = catalog.EmbeddedHosting(); err != nil {
		return nil, err
	}
	return a, nil
}

// ParseAssumptions reads an assumptions file.
func ParseAssumptions(file string, b []byte) (*Assumptions, error) {
	doc, err := tomlfile.Parse(file, b)
	if err != nil {
		return nil, err
	}
	a := &Assumptions{BuildManual: map[string]float64{}, BuildIncluded: map[string]float64{},
		OpsBase: map[string]float64{}, OpsPer100: map[string]float64{}}
	t := doc.Tree
	a.AsOf, _ = doc.Date(t, "", "as_of")
	if l := doc.Table(t, "", "labour"); l != nil {
		a.HourlyCost, _ = doc.Float(l, "labour", "hourly_cost")
		a.HourlyCurrency, _ = doc.String(l, "labour", "currency")
		a.HourlyBasis, _ = doc.String(l, "labour", "basis")
		a.AnnualWage, _ = doc.Float(l, "labour", "annual_wage")
		a.HoursPerYear, _ = doc.Float(l, "labour", "hours_per_year")
		a.LoadingFactor, _ = doc.Float(l, "labour", "loading_factor")
		// A stated derivation must give the stated figure (to the yen), so
		// the number and its explanation cannot drift apart.
		if a.AnnualWage > 0 && a.HoursPerYear > 0 && a.LoadingFactor > 0 {
			if d := a.AnnualWage / a.HoursPerYear * a.LoadingFactor; math.Abs(d-a.HourlyCost) > 1 {
				doc.Addf("labour.hourly_cost", "%v does not match annual_wage ÷ hours_per_year × loading_factor = %.0f", a.HourlyCost, d)
			}
		}
	}
	if bh := doc.Table(t, "", "build_hours"); bh != nil {
		readHours(doc, doc.Table(bh, "build_hours", "manual"), "build_hours.manual", buildKeys(), a.BuildManual)
		readHours(doc, doc.Table(bh, "build_hours", "included"), "build_hours.included", buildKeys(), a.BuildIncluded)
	}
	a.AccountsPer100, _ = doc.Float(t, "", "accounts_per_100_users")
	if oh := doc.Table(t, "", "operating_hours"); oh != nil {
		readHours(doc, doc.Table(oh, "operating_hours", "base"), "operating_hours.base", taskKeys(), a.OpsBase)
		readHours(doc, doc.Table(oh, "operating_hours", "per_100_users"), "operating_hours.per_100_users", taskKeys(), a.OpsPer100)
	}
	if p := doc.Table(t, "", "provider_admin_hours"); p != nil {
		a.ProviderBase, _ = doc.Float(p, "provider_admin_hours", "base")
		a.ProviderPer100, _ = doc.Float(p, "provider_admin_hours", "per_100_users")
	}
	if a.HourlyCost <= 0 || a.HourlyCurrency == "" {
		doc.Addf("labour", "hourly_cost and currency are required")
	}
	if err := doc.Err(); err != nil {
		return nil, err
	}
	return a, nil
}

func readHours(doc *tomlfile.Doc, t map[string]any, path string, keys []string, into map[string]float64) {
	if t == nil {
		doc.Addf(path, "missing table")
		return
	}
	doc.CheckKeys(t, path, keys)
	for _, k := range keys {
		v, ok := doc.Float(t, path, k)
		if !ok {
			doc.Addf(path+"."+k, "missing")
			continue
		}
		into[k] = v
	}
}

func buildKeys() []string {
	var ks []string
	for _, s := range catalog.BuildSteps {
		ks = append(ks, s.Key)
	}
	return ks
}

func taskKeys() []string {
	var ks []string
	for _, s := range catalog.OperatingTasks {
		ks = append(ks, s.Key)
	}
	return ks
}

// hourlyCost is the labour cost per hour in the requirements' currency.
func (a *Assumptions) hourlyCost(r *Requirements) (float64, string, error) {
	if r.HourlyCostGiven {
		return r.AdminHourlyCost, "requirements", nil
	}
	v, err := r.Convert(a.HourlyCost, a.HourlyCurrency)
	if err != nil {
		return 0, "", fmt.Errorf("the default labour cost is in %s: %w (or set [operations] admin_hourly_cost)", a.HourlyCurrency, err)
	}
	return v, "assumption", nil
}
