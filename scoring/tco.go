package scoring

import (
	"encoding/json"
	"math"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/msg"
)

// TCO is an option's total cost of ownership over the horizon, in the
// requirements' currency and tax basis. Complete is false when any price no
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
	// TaxBasis is the basis of every figure: "excluded" (税抜) or "included" (税込).
	TaxBasis string `json:"tax_basis"`
	// PriceTax is the basis the price was stated in before conversion;
	// "unknown" means it was used as stated.
	PriceTax string `json:"price_tax"`
	// Hosting is the server plan a self-hosted option was priced on, when
	// it came from the hosting table.
	Hosting *HostingUsed `json:"hosting,omitempty"`
	// HostingGap says why the hosting table could not price a self-hosted
	// option's server (no plan with the memory and disk it needs).
	HostingGap *HostingGap `json:"hosting_gap,omitempty"`

	// capacity is the first year no tier can hold, if any: a violation.
	capacity *capacityGap
	// contractGap is the first year's price that needs a longer term or
	// another payment than [contract] allows, if any: a violation.
	contractGap *catalog.Price
	// taxUnverified is set when a non-zero price of unknown tax basis was
	// used as stated.
	taxUnverified bool
}

// HostingUsed names the hosting-table plan behind a self-hosted TCO.
type HostingUsed struct {
	ID       string  `json:"id"`
	Provider string  `json:"provider"`
	Name     string  `json:"name"`
	RAMGB    float64 `json:"ram_gb"`
	DiskGB   float64 `json:"disk_gb,omitempty"` // 0 when the table does not state it
	Monthly  float64 `json:"monthly"`           // in the evaluation's currency and tax basis
	Source   string  `json:"source"`
	AsOf     string  `json:"as_of"`
}

// capacityGap is the first year the accounts or the mailbox total exceed
// every tier.
type capacityGap struct {
	Year     int
	Accounts int
	NeedGB   float64 // accounts × required GB per mailbox; 0 when the accounts are the limit
	Limit    float64 // the largest tier's max_users or storage_total_gb
}

// TCOYear is one year's accounts and cost, and the plan bought that year:
// the tier's name as the vendor gives it ("" for a plan without tiers) and
// the term of the price used.
type TCOYear struct {
	Year       int     `json:"year"`
	Accounts   int     `json:"accounts"`
	Cost       float64 `json:"cost"`
	Plan       string  `json:"plan,omitempty"`
	TermMonths int     `json:"term_months,omitempty"`
	Payment    string  `json:"payment,omitempty"`
}

// CostLine is one line of the cost model, with where its figure came from:
// "catalog", "quote", "requirements" or "assumption".
type CostLine struct {
	Item    string    `json:"item"`
	Initial float64   `json:"initial"`
	Yearly  []float64 `json:"yearly"`
	Basis   string    `json:"basis"`
	Note    string    `json:"note,omitempty"`
	// Commitments are the terms a licence_beyond_horizon line charges for.
	Commitments []Commitment `json:"commitments,omitempty"`
}

// Commitment is a term that had to be signed although it runs past the
// horizon (no shorter term was sold or allowed): the months beyond the
// horizon are owed all the same.
type Commitment struct {
	Year         int    `json:"year"` // the year the term was signed
	Plan         string `json:"plan,omitempty"`
	TermMonths   int    `json:"term_months"`
	Payment      string `json:"payment,omitempty"`
	BeyondMonths int    `json:"beyond_months"`
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

// StepEffort is one step of the build flow (catalog.BuildSteps).
type StepEffort struct {
	Step     string  `json:"step"`
	Included string  `json:"included"` // "included", "manual", "unknown"
	Hours    float64 `json:"hours"`
}

// effort estimates setup and monthly hours. Catalog figures win; otherwise
// the build flow and operating load are costed with the assumptions.
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

// costModel carries what every line of one option's TCO shares: the
// horizon's accounts and the conversion into the evaluation's currency and
// tax basis.
type costModel struct {
	o        *catalog.Option
	r        *Requirements
	accounts []int
	t        *TCO
}

func (m *costModel) line(item string, initial float64, yearly []float64, basis, note string) {
	m.t.Lines = append(m.t.Lines, CostLine{Item: item, Initial: initial, Yearly: yearly, Basis: basis, Note: note})
}

func (m *costModel) missing(what string) {
	m.t.Complete = false
	m.t.Missing = append(m.t.Missing, what)
}

// money converts an amount stated in cur on tax basis tax.
func (m *costModel) money(v float64, cur, tax string) (float64, error) {
	if v != 0 && (tax == catalog.TaxUnknown || tax == "") {
		m.t.taxUnverified = true
	}
	x, err := m.r.Convert(v, cur)
	return m.r.ToBasis(x, tax), err
}

// perYear repeats a monthly amount over every year.
func (m *costModel) perYear(monthly float64) []float64 {
	out := make([]float64, len(m.accounts))
	for i := range out {
		out[i] = monthly * 12
	}
	return out
}

// billed is the accounts charged per user: never fewer than min_users.
func (m *costModel) billed(acc int) float64 {
	b := float64(acc)
	if p := m.o.Pricing.MinUsers; p.Known && b < p.Value {
		b = p.Value
	}
	return b
}

// computeTCO prices an option over the horizon: licence (by tier and term),
// initial fee, yearly licence, add-ons, labour and, for self-hosting,
// server and hardware. Each step adds cost lines that name their basis.
func computeTCO(o *catalog.Option, r *Requirements, a *Assumptions, e Effort) (TCO, error) {
	n := r.HorizonYears
	t := TCO{Complete: true, Priced: true, TaxBasis: r.TaxBasis}
	m := &costModel{o: o, r: r, accounts: make([]int, n), t: &t}
	for y := 1; y <= n; y++ {
		m.accounts[y-1] = Accounts(r.Users, r.Growth, y)
	}
	t.Years = make([]TCOYear, n)
	for i := range t.Years {
		t.Years[i] = TCOYear{Year: i + 1, Accounts: m.accounts[i]}
	}
	steps := []func() error{
		m.licence,
		m.perYearLicence,
		m.addons,
		func() error { return m.labour(a, e) },
		func() error { return m.hosting(a) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return TCO{}, err
		}
	}
	m.total()
	return t, nil
}

// total sums the lines into years, the initial cost and the horizon total.
func (m *costModel) total() {
	t := m.t
	userMonths := 0.0
	for _, y := range t.Years {
		userMonths += float64(y.Accounts) * 12
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
}

// pricedPlan is the licence as sold: the tiers to choose from, in which
// currency and tax basis, and where the figures came from. A quote's
// initial fee, or the catalog's when a quote states only the monthly price,
// is carried apart because it may be in another currency and basis.
type pricedPlan struct {
	tiers []catalog.Tier
	cur   string
	tax   string
	basis string // "catalog" or "quote"

	initial      catalog.Amount // when set, replaces the first year's price's initial fee
	initialCur   string
	initialTax   string
	initialBasis string
}

func (m *costModel) plan() pricedPlan {
	o := m.o
	p := pricedPlan{tiers: o.Pricing.TierList(), cur: o.Pricing.Currency, tax: o.Pricing.Tax, basis: "catalog"}
	q, ok := m.r.Quotes[o.ID]
	if !ok {
		return p
	}
	if q.Recurring() {
		// A quote is for this company's size: one price, no tier limits.
		p.tiers = []catalog.Tier{{MaxUsers: catalog.Unknown, StorageTotalGB: catalog.Unknown, Prices: []catalog.Price{q.Price()}}}
		p.cur, p.tax, p.basis = q.Currency, q.Tax, "quote"
		p.initial, p.initialCur, p.initialTax, p.initialBasis = o.Pricing.Initial, o.Pricing.Currency, o.Pricing.Tax, "catalog"
	}
	if q.Initial.Known {
		p.initial, p.initialCur, p.initialTax, p.initialBasis = q.Initial, q.Currency, q.Tax, "quote"
	}
	return p
}

// signedTerm is one term bought: tier and price from month start of the
// horizon (0-based) until stop, the month it is no longer used — its end,
// a tier change, or the end of the horizon. full is set when no term the
// contract allows fitted the months left, so the whole commitment is owed
// even past the horizon.
type signedTerm struct {
	tier  int
	price catalog.Price
	start int
	stop  int
	full  bool
}

// termLength is how many months a price commits to; a price that states
// no term is taken month by month.
func termLength(p catalog.Price) int {
	if p.TermMonths > 0 {
		return p.TermMonths
	}
	return 1
}

// end is the month after the term's last month, as signed.
func (s signedTerm) end() int { return s.start + termLength(s.price) }

// beyond is how many months of a term signed in full run past a horizon
// of total months; 0 when a tier change ended it first.
func (s signedTerm) beyond(total int) int {
	if !s.full || s.stop < total || s.end() <= total {
		return 0
	}
	return s.end() - total
}

// choosePrice picks, among one tier's prices, the one to sign with left
// months of the horizon to go, the way procurement signs: a term that
// runs past the horizon is a commitment to pay in full, so only terms of
// at most left months the contract allows (term up to its term_months, its
// payment) are candidates, and the cheapest per month for the billed
// accounts wins (a known price beats an unknown one). When none fits, the
// shortest allowed term is signed and full is true; when the contract
// allows none, the shortest term offered (a contract violation).
func choosePrice(prices []catalog.Price, c Contract, billed float64, left int) (best catalog.Price, full bool) {
	var pool, allowed []catalog.Price
	for _, p := range prices {
		if !c.allows(p) {
			continue
		}
		allowed = append(allowed, p)
		if termLength(p) <= left {
			pool = append(pool, p)
		}
	}
	if len(pool) == 0 {
		if len(allowed) == 0 {
			allowed = prices
		}
		shortest := allowed[0]
		for _, p := range allowed[1:] {
			if termLength(p) < termLength(shortest) {
				shortest = p
			}
		}
		return shortest, termLength(shortest) > left
	}
	best = pool[0]
	for _, p := range pool[1:] {
		switch {
		case p.Known() && !best.Known():
			best = p
		case p.Known() && best.Known() && p.Monthly(billed) < best.Monthly(billed):
			best = p
		}
	}
	return best, false
}

// rate is what a price costs per month of the horizon it can be used in:
// its monthly price, or for a term signed in full its whole commitment
// spread over the months left.
func rate(p catalog.Price, full bool, billed float64, left int) float64 {
	if full {
		return p.Monthly(billed) * float64(termLength(p)) / float64(left)
	}
	return p.Monthly(billed)
}

// poolGB is a tier's mailbox pool: its own storage_total_gb, else the
// option's storage.total_gb.
func (m *costModel) poolGB(t catalog.Tier) catalog.Amount {
	if t.StorageTotalGB.Known {
		return t.StorageTotalGB
	}
	return m.o.Storage.TotalGB
}

// fits reports whether a tier holds a year's accounts and mailbox total.
func (m *costModel) fits(t catalog.Tier, acc int) bool {
	if t.MaxUsers.Known && float64(acc) > t.MaxUsers.Value {
		return false
	}
	need := float64(acc) * m.r.StoragePerUserGB
	pool := m.poolGB(t)
	return need == 0 || !pool.Known || need <= pool.Value
}

// sign chooses the term to sign at month mo: the cheapest tier that holds
// that year's accounts and mailbox total, on the price choosePrice picks
// for it. When no tier holds the year, the largest tier is signed.
func (m *costModel) sign(p pricedPlan, mo int) signedTerm {
	y, total := mo/12, 12*len(m.accounts)
	acc, left := m.accounts[y], total-mo
	billed := m.billed(acc)
	var out signedTerm
	found := false
	for i, tier := range p.tiers {
		if !m.fits(tier, acc) {
			continue
		}
		pr, full := choosePrice(tier.Prices, m.r.Contract, billed, left)
		better := !found ||
			(pr.Known() && !out.price.Known()) ||
			(pr.Known() && out.price.Known() && rate(pr, full, billed, left) < rate(out.price, out.full, billed, left))
		if better {
			out, found = signedTerm{tier: i, price: pr, full: full}, true
		}
	}
	if !found {
		last := len(p.tiers) - 1
		pr, full := choosePrice(p.tiers[last].Prices, m.r.Contract, billed, left)
		out = signedTerm{tier: last, price: pr, full: full}
	}
	out.start = mo
	return out
}

// holds reports whether a signed term's tier can stay on in year y: it
// holds the year, or no tier does and it is already the largest.
func (m *costModel) holds(p pricedPlan, s signedTerm, y int) bool {
	if m.fits(p.tiers[s.tier], m.accounts[y]) {
		return true
	}
	if s.tier != len(p.tiers)-1 {
		return false
	}
	for _, t := range p.tiers {
		if m.fits(t, m.accounts[y]) {
			return false
		}
	}
	return true
}

// chooseTerms walks the horizon month by month and signs terms as
// procurement would. A term, once signed, covers its months: a new one is
// signed when it ends, or earlier only when growth outgrows its tier (the
// new tier's term then starts that month and the old term's remaining
// months are not charged, as an upgrade credited pro rata). Each term is
// chosen among those that end within the horizon (choosePrice). A year no
// tier holds is recorded as a capacity gap and costed on the largest tier.
func (m *costModel) chooseTerms(p pricedPlan) []signedTerm {
	total := 12 * len(m.accounts)
	var terms []signedTerm
	for mo := 0; mo < total; mo++ {
		y := mo / 12
		if mo%12 == 0 && m.t.capacity == nil {
			held := false
			for _, t := range p.tiers {
				held = held || m.fits(t, m.accounts[y])
			}
			if !held {
				m.t.capacity = m.gap(y, p.tiers[len(p.tiers)-1])
			}
		}
		if n := len(terms); n > 0 {
			cur := &terms[n-1]
			if mo < cur.end() && m.holds(p, *cur, y) {
				continue
			}
			cur.stop = mo
		}
		terms = append(terms, m.sign(p, mo))
	}
	last := &terms[len(terms)-1]
	last.stop = total
	return terms
}

func (m *costModel) gap(y int, largest catalog.Tier) *capacityGap {
	acc := m.accounts[y]
	g := &capacityGap{Year: y + 1, Accounts: acc}
	if largest.MaxUsers.Known && float64(acc) > largest.MaxUsers.Value {
		g.Limit = largest.MaxUsers.Value
		return g
	}
	g.NeedGB = float64(acc) * m.r.StoragePerUserGB
	g.Limit = m.poolGB(largest).Value
	return g
}

// licence adds the recurring licence and the initial fee, by tier and
// term. Every month within the horizon is costed in its own year at that
// year's billed accounts, whether the term is paid monthly or up front;
// the months of a term signed in full that run past the horizon are added,
// at the last year's accounts, in the year the term was signed, on their
// own line (licence_beyond_horizon) that names the term.
func (m *costModel) licence() error {
	p := m.plan()
	m.t.PriceTax = p.tax
	if len(p.tiers) == 0 {
		m.missing("pricing.per_user_month")
		m.t.Priced = false
		return nil
	}
	terms := m.chooseTerms(p)
	yearly, beyond, err := m.charge(p, terms)
	if err != nil {
		return err
	}
	m.recordTerms(p, terms)
	first := terms[0].price
	switch {
	case !first.PerUserMonth.Known:
		m.missing("pricing.per_user_month")
		m.t.Priced = false
	case !first.FlatMonth.Known:
		m.missing("pricing.flat_month")
		m.t.Priced = false
	default:
		for _, s := range terms {
			if !s.price.Known() {
				m.missing("pricing.tiers")
				m.t.Priced = false
				break
			}
		}
	}
	if m.t.Priced {
		m.line("licence", 0, yearly, p.basis, "")
		if beyond != nil {
			m.t.Lines = append(m.t.Lines, *beyond)
		}
	}
	return m.initialFee(p, first)
}

// charge costs the signed terms: each month within the horizon in its own
// year at that year's billed accounts, and the months past the horizon of
// a term signed in full in the year it was signed (nil when there are
// none). It also records the first term the contract does not allow.
func (m *costModel) charge(p pricedPlan, terms []signedTerm) (yearly []float64, beyond *CostLine, err error) {
	n, total := len(m.accounts), 12*len(m.accounts)
	yearly = make([]float64, n)
	for _, s := range terms {
		if m.t.contractGap == nil && !m.r.Contract.allows(s.price) {
			gap := s.price
			m.t.contractGap = &gap
		}
		if !s.price.Known() {
			continue
		}
		perMonth := make([]float64, n)
		for y := range perMonth {
			if perMonth[y], err = m.money(s.price.Monthly(m.billed(m.accounts[y])), p.cur, p.tax); err != nil {
				return nil, nil, err
			}
		}
		for mo := s.start; mo < s.stop; mo++ {
			yearly[mo/12] += perMonth[mo/12]
		}
		if b := s.beyond(total); b > 0 {
			if beyond == nil {
				beyond = &CostLine{Item: "licence_beyond_horizon", Yearly: make([]float64, n), Basis: p.basis}
			}
			beyond.Yearly[s.start/12] += float64(b) * perMonth[n-1]
			beyond.Commitments = append(beyond.Commitments, Commitment{Year: s.start/12 + 1, Plan: p.tiers[s.tier].Name,
				TermMonths: s.price.TermMonths, Payment: s.price.Payment, BeyondMonths: b})
		}
	}
	return yearly, beyond, nil
}

// recordTerms names in each year the term that covers most of its months
// (the earliest on a tie): its tier, term and payment.
func (m *costModel) recordTerms(p pricedPlan, terms []signedTerm) {
	for y := range m.t.Years {
		best, most := 0, 0
		for i, s := range terms {
			from, to := max(s.start, 12*y), min(s.stop, 12*(y+1))
			if k := to - from; k > most {
				best, most = i, k
			}
		}
		s := terms[best]
		m.t.Years[y].Plan, m.t.Years[y].TermMonths, m.t.Years[y].Payment = p.tiers[s.tier].Name, s.price.TermMonths, s.price.Payment
	}
}

// initialFee charges the first year's price's initial fee once: moving up
// a tier later is assumed to cost no new initial fee, as the sources for
// tiered plans describe upgrades.
func (m *costModel) initialFee(p pricedPlan, first catalog.Price) error {
	initial, cur, tax, basis := first.Initial, p.cur, p.tax, p.basis
	if p.initialBasis != "" {
		initial, cur, tax, basis = p.initial, p.initialCur, p.initialTax, p.initialBasis
	}
	if !initial.Known {
		m.missing("pricing.initial")
		return nil
	}
	v, err := m.money(initial.Value, cur, tax)
	if err != nil {
		return err
	}
	m.line("initial_fee", v, make([]float64, len(m.accounts)), basis, "")
	return nil
}

func (m *costModel) perYearLicence() error {
	py := m.o.Pricing.PerYear
	if !py.Known {
		m.missing("pricing.per_year")
		m.t.Priced = false
		return nil
	}
	if py.Value == 0 {
		return nil
	}
	v, err := m.money(py.Value, m.o.Pricing.Currency, m.o.Pricing.Tax)
	if err != nil {
		return err
	}
	yearly := make([]float64, len(m.accounts))
	for i := range yearly {
		yearly[i] = v
	}
	m.line("licence_per_year", 0, yearly, "catalog", "")
	return nil
}

// addons buys every add-on the requirements ask for (must or want).
func (m *costModel) addons() error {
	for _, k := range catalog.CapabilityKeys {
		p := k.Path()
		if m.o.Cap(p) != catalog.Addon || m.r.Level(p) == No {
			continue
		}
		price, ok := m.o.AddonPrice[p]
		if !ok || !price.Known {
			m.missing("addons." + p)
			continue
		}
		rate, err := m.money(price.Value, m.o.Pricing.Currency, m.o.Pricing.Tax)
		if err != nil {
			return err
		}
		yearly := make([]float64, len(m.accounts))
		for i := range yearly {
			yearly[i] = m.billed(m.accounts[i]) * rate * 12
		}
		m.line("addon:"+p, 0, yearly, "catalog", "")
	}
	return nil
}

// labour costs setup and admin hours. Wages carry no consumption tax, so
// labour is the same on either basis.
func (m *costModel) labour(a *Assumptions, e Effort) error {
	hourly, hourlyBasis, err := a.hourlyCost(m.r)
	if err != nil {
		return err
	}
	if e.SetupHours > 0 {
		m.line("setup_labour", e.SetupHours*hourly, make([]float64, len(m.accounts)), e.SetupBasis+"+"+hourlyBasis, "")
	}
	yearly := make([]float64, len(m.accounts))
	for i := range yearly {
		yearly[i] = e.MonthlyHours[i] * hourly * 12
	}
	m.line("admin_labour", 0, yearly, e.MonthlyBasis+"+"+hourlyBasis, "")
	return nil
}

// hosting prices a self-hosted option's server: the catalog's figure, else
// the company's own server_monthly, else the cheapest plan of the hosting
// table with enough memory for the stack (operations.ram_gb) and a disk
// that holds the mailbox total (hostingPlan). Figures from
// the catalog or the requirements are taken as stated on the evaluation's
// tax basis.
func (m *costModel) hosting(a *Assumptions) error {
	o := m.o
	if o.Kind != catalog.SelfHosted {
		return nil
	}
	server, sb := o.Operations.ServerMonthly, "catalog"
	if !server.Known {
		server, sb = m.r.ServerMonthly, "requirements"
	}
	switch {
	case server.Known:
		m.line("server", 0, m.perYear(server.Value), sb, "")
	default:
		plan, gap, ok := hostingPlan(o, m.r, a.Hosting)
		if !ok {
			m.missing("operations.server_monthly")
			m.t.Priced = false
			m.t.HostingGap = gap
			break
		}
		monthly, err := m.money(plan.Monthly, plan.Currency, plan.Tax)
		if err != nil {
			return err
		}
		used := &HostingUsed{ID: plan.ID, Provider: plan.Provider, Name: plan.Name, RAMGB: plan.RAMGB,
			Monthly: monthly, AsOf: plan.AsOf.Format("2006-01-02")}
		if plan.DiskGB.Known {
			used.DiskGB = plan.DiskGB.Value
		}
		if len(plan.Sources) > 0 {
			used.Source = plan.Sources[0].URL
		}
		m.t.Hosting = used
		m.line("server", 0, m.perYear(monthly), "hosting", plan.ID)
	}
	hw, hb := o.Operations.HardwareInitial, "catalog"
	if !hw.Known {
		hw, hb = m.r.HardwareInitial, "requirements"
	}
	switch {
	case hw.Known:
		m.line("hardware", hw.Value, make([]float64, len(m.accounts)), hb, "")
	case m.t.Hosting != nil:
		// A rented server needs no hardware bought up front.
	default:
		m.missing("operations.hardware_initial")
	}
	return nil
}

// MarshalJSON writes a provisional TCO (Priced false) with "total" and
// "per_user_month" null and the sum of the known lines as "known_total":
// a consumer sorting on total must never see an unknown price as the
// cheapest.
func (t TCO) MarshalJSON() ([]byte, error) {
	type plain TCO
	if t.Priced {
		return json.Marshal(plain(t))
	}
	return json.Marshal(struct {
		plain
		Total        *float64 `json:"total"`
		PerUserMonth *float64 `json:"per_user_month"`
		KnownTotal   float64  `json:"known_total"`
	}{plain: plain(t), KnownTotal: t.Total})
}

// Label names a cost line in lang with its note; a line that charges
// terms past the horizon names each term and how many of its months lie
// beyond it.
func (l CostLine) Label(lang string) string {
	item := msg.CostItem(lang, l.Item)
	var notes []string
	if l.Note != "" {
		notes = append(notes, l.Note)
	}
	for _, c := range l.Commitments {
		if c.Payment != "" {
			notes = append(notes, msg.T(lang, "cost.beyond_note_paid", "term", c.TermMonths, "payment", msg.T(lang, "payment."+c.Payment),
				"year", c.Year, "beyond", c.BeyondMonths))
		} else {
			notes = append(notes, msg.T(lang, "cost.beyond_note", "term", c.TermMonths, "year", c.Year, "beyond", c.BeyondMonths))
		}
	}
	if len(notes) == 0 {
		return item
	}
	return msg.T(lang, "cost.with_note", "item", item, "note", msg.Join(lang, notes))
}
