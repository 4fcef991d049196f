package scoring

import (
	"math"

	"github.com/mailpick/mailpick/catalog"
)

// TCO is an option's total cost of ownership over the horizon, in the
// requirements' currency (SPEC §5). Complete is false when any price no
// source states (and no quote gives) is missing; Total then covers only the
// known lines and Missing names what is absent. Priced is false when the
// recurring price itself (per-user licence, or hosting for a self-hosted
// stack) is unknown: such a TCO cannot be compared at all.
type TCO struct {
	Initial      float64    `json:"initial"`
	Total        float64    `json:"total"`
	PerUserMonth float64    `json:"per_user_month"`
	Years        []TCOYear  `json:"years"`
	Complete     bool       `json:"complete"`
	Priced       bool       `json:"priced"`
	Missing      []string   `json:"missing,omitempty"`
	Lines        []CostLine `json:"lines"`
}

// TCOYear is one year's accounts and cost.
type TCOYear struct {
	Year     int     `json:"year"`
	Accounts int     `json:"accounts"`
	Cost     float64 `json:"cost"`
}

// CostLine is one line of the cost model, with where its figure came from:
// "catalog", "quote", "requirements" or "assumption".
type CostLine struct {
	Item    string    `json:"item"`
	Initial float64   `json:"initial"`
	Yearly  []float64 `json:"yearly"`
	Basis   string    `json:"basis"`
	Note    string    `json:"note,omitempty"`
}

// Accounts returns the accounts in year y (1-based):
// ceil(users × (1+growth)^(y−1)). A tiny epsilon absorbs float error so that
// 50 × 1.1 = 55.000000000000007 stays 55.
func Accounts(users int, growth float64, year int) int {
	v := float64(users) * math.Pow(1+growth, float64(year-1))
	return int(math.Ceil(v - 1e-9))
}

// Effort is the labour a self-hosted option needs, in hours.
type Effort struct {
	SetupHours   float64            `json:"setup_hours"`
	SetupBasis   string             `json:"setup_basis"`
	Steps        []StepEffort       `json:"steps,omitempty"`
	MonthlyHours []float64          `json:"monthly_hours"` // per year
	MonthlyBasis string             `json:"monthly_basis"`
	Tasks        map[string]float64 `json:"tasks,omitempty"` // year-1 monthly hours per operating task
}

// StepEffort is one build step of the seed's flow.
type StepEffort struct {
	Step     string  `json:"step"`
	Included string  `json:"included"` // "included", "manual", "unknown"
	Hours    float64 `json:"hours"`
}

// effort estimates setup and monthly hours. Catalog figures win; otherwise
// the seed's build flow and operating load are costed with the assumptions.
// An unknown step is costed as manual: we will not assume automation that no
// source states.
func effort(o *catalog.Option, r *Requirements, a *Assumptions) Effort {
	var e Effort
	if o.Kind == catalog.SelfHosted {
		if o.Operations.SetupHours.Known {
			e.SetupHours, e.SetupBasis = o.Operations.SetupHours.Value, "catalog"
		} else {
			e.SetupBasis = "assumption"
			for _, s := range catalog.BuildSteps {
				st := o.Build[s.Key]
				h, label := a.BuildManual[s.Key], "manual"
				switch st {
				case catalog.Yes:
					h, label = a.BuildIncluded[s.Key], "included"
				case catalog.StateUnknown:
					label = "unknown"
				}
				if s.Key == "accounts" && r.Users > 10 {
					h += a.AccountsPer100 * float64(r.Users-10) / 100
				}
				e.Steps = append(e.Steps, StepEffort{Step: s.Key, Included: label, Hours: h})
				e.SetupHours += h
			}
		}
	}
	e.Tasks = map[string]float64{}
	for y := 1; y <= r.HorizonYears; y++ {
		acc := float64(Accounts(r.Users, r.Growth, y))
		var h float64
		switch {
		case o.Operations.MonthlyAdminHours.Known:
			h, e.MonthlyBasis = o.Operations.MonthlyAdminHours.Value, "catalog"
		case o.Kind == catalog.SelfHosted:
			e.MonthlyBasis = "assumption"
			for _, t := range catalog.OperatingTasks {
				th := a.OpsBase[t.Key] + a.OpsPer100[t.Key]*acc/100
				if y == 1 {
					e.Tasks[t.Key] = th
				}
				h += th
			}
		default:
			e.MonthlyBasis = "assumption"
			h = a.ProviderBase + a.ProviderPer100*acc/100
		}
		e.MonthlyHours = append(e.MonthlyHours, h)
	}
	return e
}

// computeTCO implements SPEC §5's cost model.
func computeTCO(o *catalog.Option, r *Requirements, a *Assumptions, e Effort) (TCO, error) {
	hourly, hourlyBasis, err := a.hourlyCost(r)
	if err != nil {
		return TCO{}, err
	}
	n := r.HorizonYears
	t := TCO{Complete: true, Priced: true}
	accounts := make([]int, n)
	for y := 1; y <= n; y++ {
		accounts[y-1] = Accounts(r.Users, r.Growth, y)
	}
	addLine := func(item string, initial float64, yearly []float64, basis, note string) {
		t.Lines = append(t.Lines, CostLine{Item: item, Initial: initial, Yearly: yearly, Basis: basis, Note: note})
	}
	missing := func(what string) {
		t.Complete = false
		t.Missing = append(t.Missing, what)
	}

	// Licence per user: the quote wins over the catalog.
	perUser, initial := o.Pricing.PerUserMonth, o.Pricing.Initial
	cur, basis := o.Pricing.Currency, "catalog"
	if q, ok := r.Quotes[o.ID]; ok {
		if q.PerUserMonth.Known {
			perUser = q.PerUserMonth
		}
		if q.Initial.Known {
			initial = q.Initial
		}
		cur, basis = q.Currency, "quote"
	}
	billed := func(acc int) float64 {
		b := float64(acc)
		if o.Pricing.MinUsers.Known && b < o.Pricing.MinUsers.Value {
			b = o.Pricing.MinUsers.Value
		}
		return b
	}
	if perUser.Known {
		rate, err := r.Convert(perUser.Value, cur)
		if err != nil {
			return TCO{}, err
		}
		yearly := make([]float64, n)
		for i := range yearly {
			yearly[i] = billed(accounts[i]) * rate * 12
		}
		addLine("licence", 0, yearly, basis, "")
	} else {
		missing("pricing.per_user_month")
		t.Priced = false
	}
	if initial.Known {
		v, err := r.Convert(initial.Value, cur)
		if err != nil {
			return TCO{}, err
		}
		addLine("initial_fee", v, make([]float64, n), basis, "")
	} else {
		missing("pricing.initial")
	}
	if o.Pricing.PerYear.Known && o.Pricing.PerYear.Value > 0 {
		v, err := r.Convert(o.Pricing.PerYear.Value, o.Pricing.Currency)
		if err != nil {
			return TCO{}, err
		}
		yearly := make([]float64, n)
		for i := range yearly {
			yearly[i] = v
		}
		addLine("licence_per_year", 0, yearly, "catalog", "")
	} else if !o.Pricing.PerYear.Known {
		missing("pricing.per_year")
		t.Priced = false
	}
	// Add-ons the requirements ask for (must or want) are bought.
	for _, k := range catalog.CapabilityKeys {
		p := k.Path()
		if o.Cap(p) != catalog.Addon || r.Level(p) == No {
			continue
		}
		price, ok := o.AddonPrice[p]
		if !ok || !price.Known {
			missing("addons." + p)
			continue
		}
		rate, err := r.Convert(price.Value, o.Pricing.Currency)
		if err != nil {
			return TCO{}, err
		}
		yearly := make([]float64, n)
		for i := range yearly {
			yearly[i] = billed(accounts[i]) * rate * 12
		}
		addLine("addon:"+p, 0, yearly, "catalog", "")
	}
	// Labour.
	if e.SetupHours > 0 {
		addLine("setup_labour", e.SetupHours*hourly, make([]float64, n), e.SetupBasis+"+"+hourlyBasis, "")
	}
	labour := make([]float64, n)
	for i := range labour {
		labour[i] = e.MonthlyHours[i] * hourly * 12
	}
	addLine("admin_labour", 0, labour, e.MonthlyBasis+"+"+hourlyBasis, "")
	// Hosting, for self-hosted options: the catalog, else the company's own figure.
	if o.Kind == catalog.SelfHosted {
		server, sb := o.Operations.ServerMonthly, "catalog"
		if !server.Known {
			server, sb = r.ServerMonthly, "requirements"
		}
		if server.Known {
			yearly := make([]float64, n)
			for i := range yearly {
				yearly[i] = server.Value * 12
			}
			addLine("server", 0, yearly, sb, "")
		} else {
			missing("operations.server_monthly")
			t.Priced = false
		}
		hw, hb := o.Operations.HardwareInitial, "catalog"
		if !hw.Known {
			hw, hb = r.HardwareInitial, "requirements"
		}
		if hw.Known {
			addLine("hardware", hw.Value, make([]float64, n), hb, "")
		} else {
			missing("operations.hardware_initial")
		}
	}

	t.Years = make([]TCOYear, n)
	userMonths := 0.0
	for i := range t.Years {
		t.Years[i] = TCOYear{Year: i + 1, Accounts: accounts[i]}
		userMonths += float64(accounts[i]) * 12
	}
	for _, l := range t.Lines {
		t.Initial += l.Initial
		for i, v := range l.Yearly {
			t.Years[i].Cost += v
		}
	}
	t.Total = t.Initial
	for _, y := range t.Years {
		t.Total += y.Cost
	}
	if userMonths > 0 {
		t.PerUserMonth = t.Total / userMonths
	}
	return t, nil
}
