package reports

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/scoring"
)

// PricesSheet is the name of the sheet of price inputs, the same in every
// language: scripts and people who edit prices find it by this name, and
// its header row (PricesHeadRow) holds the literal keys of a [quotes]
// entry (PriceKeys).
const PricesSheet = "Prices"

// Layout of the Prices sheet: a localized label row above the row of
// literal keys, then one row per option in the Scores sheet's order.
const (
	PricesHeadRow  = 4
	pricesFirstRow = PricesHeadRow + 1
)

// PriceKeys are the input columns of the Prices sheet, in order from C:
// the keys of a [quotes.<id>] entry in the requirements.
var PriceKeys = []string{"per_user_month", "flat_month", "initial"}

// Violations the licence price decides: the plan's capacity and contract
// (a quote has no tiers and no term) and the budget (it depends on the
// price). Every other violation stands whatever the price.
var (
	licenceViolations = map[string]bool{"violation.accounts": true, "violation.capacity": true,
		"violation.contract_term": true, "violation.contract_payment": true}
	budgetViolations = map[string]bool{"violation.initial_budget": true, "violation.initial_budget_known": true,
		"violation.monthly_budget": true, "violation.monthly_budget_known": true}
)

// priceRow is what the Prices sheet needs of one option: the licence as
// the evaluation priced it, the other cost lines apart from it, and the
// price of year 1 to prefill the inputs with (in the evaluation's currency
// and tax basis, as a [quotes] entry without currency and tax states it).
type priceRow struct {
	pum, flat, init catalog.Amount // the prefilled inputs
	catInit         float64        // the catalog's initial fee, which a quote without one keeps
	minUsers        catalog.Amount
	single          bool // the year-1 price reproduces the licence of every year
	converted       string
	fromQuote       bool

	engLic      []float64
	engFee      float64
	otherInit   float64
	other       []float64
	engPriced   bool
	licUnpriced bool // the licence itself is what makes the TCO provisional
	// Completeness: the missing lines no price input can fill (add-ons,
	// hardware), and whether the evaluation's and the catalog's initial
	// fees are known.
	otherMissing               int
	engInitKnown, catInitKnown bool
	otherPrice                 bool // priced apart from the licence (per-year fee, server)
	fixedViol                  int
	licViol                    int
	quoteCap                   bool // a quote (no tiers) would still break the mailbox pool
}

func newPriceRow(lang string, res *scoring.Result, r *scoring.Requirements) priceRow {
	t := res.TCO
	ny := len(t.Years)
	p := priceRow{engLic: make([]float64, ny), other: make([]float64, ny), engPriced: t.Priced, otherPrice: true}
	p.splitLines(t)
	for _, v := range res.Violations {
		switch {
		case licenceViolations[v.Code]:
			p.licViol++
		case budgetViolations[v.Code]:
		default:
			p.fixedViol++
		}
	}
	if res.Option != nil && r != nil {
		p.prefill(lang, res.Option, t, r)
	}
	return p
}

// splitLines parts the TCO into the licence, the initial fee and the
// other lines, and notes what leaves it unpriced.
func (p *priceRow) splitLines(t scoring.TCO) {
	for _, l := range t.Lines {
		switch l.Item {
		case "licence":
			copy(p.engLic, l.Yearly)
		case "initial_fee":
			p.engFee = l.Initial
			p.init = catalog.Known(l.Initial)
		default:
			p.otherInit += l.Initial
			for i, v := range l.Yearly {
				if i < len(p.other) {
					p.other[i] += v
				}
			}
		}
	}
	p.engInitKnown = true
	for _, m := range t.Missing {
		switch m {
		case "pricing.per_year", "operations.server_monthly":
			p.otherPrice = false
			p.otherMissing++
		case "pricing.per_user_month", "pricing.flat_month", "pricing.tiers":
			p.licUnpriced = true
		case "pricing.initial":
			p.engInitKnown = false
		default:
			p.otherMissing++
		}
	}
}

// prefill finds the price to fill the inputs with — the [quotes] entry
// the evaluation used, else the catalog price of year 1 — in the
// evaluation's currency and tax basis, and whether it alone reproduces
// every year's licence.
func (p *priceRow) prefill(lang string, o *catalog.Option, t scoring.TCO, r *scoring.Requirements) {
	p.minUsers = o.Pricing.MinUsers
	conv := func(v float64, cur, tax string) float64 {
		x, err := r.Convert(v, cur)
		if err != nil {
			return math.NaN()
		}
		return r.ToBasis(x, tax)
	}
	if o.Pricing.Initial.Known {
		p.catInit = conv(o.Pricing.Initial.Value, o.Pricing.Currency, o.Pricing.Tax)
		p.catInitKnown = true
	}
	cur, tax := o.Pricing.Currency, o.Pricing.Tax
	var pr catalog.Price
	if q, ok := r.Quotes[o.ID]; ok && q.Recurring() {
		pr, cur, tax, p.fromQuote = q.Price(), q.Currency, q.Tax, true
	} else {
		pr = yearOnePrice(o, t)
	}
	if pr.PerUserMonth.Known {
		p.pum = catalog.Known(conv(pr.PerUserMonth.Value, cur, tax))
	}
	if pr.FlatMonth.Known {
		p.flat = catalog.Known(conv(pr.FlatMonth.Value, cur, tax))
	}
	if (cur != "" && cur != r.Currency) || (tax != "" && tax != catalog.TaxUnknown && tax != r.TaxBasis) {
		p.converted = cur
		if tax != "" && tax != catalog.TaxUnknown {
			p.converted += " " + taxWord(lang, tax)
		}
	}
	// Tiers that change with the accounts, or a term price, are not one
	// price: the sheet then keeps the evaluation's licence until the row
	// is edited.
	p.single = t.Priced && p.pum.Known && p.flat.Known
	for y := range p.engLic {
		if !p.single {
			break
		}
		want := (p.billed(t.Years[y].Accounts)*p.pum.Value + p.flat.Value) * 12
		if math.Abs(want-p.engLic[y]) > 1e-6*math.Max(1, math.Abs(want)) {
			p.single = false
		}
	}
	if r.StoragePerUserGB > 0 && o.Storage.TotalGB.Known {
		for _, y := range t.Years {
			if float64(y.Accounts)*r.StoragePerUserGB > o.Storage.TotalGB.Value {
				p.quoteCap = true
			}
		}
	}
}

func (p priceRow) billed(acc int) float64 {
	if p.minUsers.Known && float64(acc) < p.minUsers.Value {
		return p.minUsers.Value
	}
	return float64(acc)
}

// yearOnePrice is the catalog price the evaluation bought in year 1: the
// tier named by the year's plan, sold on the year's term and payment.
func yearOnePrice(o *catalog.Option, t scoring.TCO) catalog.Price {
	tiers := o.Pricing.TierList()
	if len(t.Years) == 0 || len(tiers) == 0 {
		return catalog.Price{}
	}
	y := t.Years[0]
	for _, tier := range tiers {
		if tier.Name != y.Plan {
			continue
		}
		for _, pr := range tier.Prices {
			if pr.TermMonths == y.TermMonths && pr.Payment == y.Payment {
				return pr
			}
		}
	}
	if len(tiers) == 1 && len(tiers[0].Prices) == 1 {
		return tiers[0].Prices[0]
	}
	return catalog.Price{}
}

// pricesCols are the Prices sheet's columns. The inputs and what they
// price are visible; the evaluation's figures the formulas start from sit
// in hidden columns to the right, each headed by its key.
type pricesCols struct {
	ny                                           int
	id, name, pum, flat, init, note, lic, fee    int
	tco                                          int
	origPum, origFlat, origInit, catInit, minU   int
	otherPriced, engPriced, engFee, otherInit    int
	engLic, other                                int
	fixedViol, licViol, quoteCap, edited, recurr int
	priced, tcoSum, tieKey, elig, bestElig       int
	bestAny, idOrder, tie, cost, last            int
	otherMissing, engInitKnown, catInitKnown     int
	complete                                     int
}

func pricesLayout(ny int) pricesCols {
	c := pricesCols{ny: ny, id: 1, name: 2, pum: 3, flat: 4, init: 5, note: 6, lic: 7}
	c.fee = c.lic + ny
	c.tco = c.fee + 1
	next := c.tco + 2 // a blank column before the hidden ones
	take := func(n int) int { v := next; next += n; return v }
	c.origPum, c.origFlat, c.origInit, c.catInit, c.minU = take(1), take(1), take(1), take(1), take(1)
	c.otherPriced, c.engPriced, c.engFee, c.otherInit = take(1), take(1), take(1), take(1)
	c.engLic, c.other = take(ny), take(ny)
	c.fixedViol, c.licViol, c.quoteCap, c.edited, c.recurr = take(1), take(1), take(1), take(1), take(1)
	c.priced, c.tcoSum, c.tieKey, c.elig, c.bestElig = take(1), take(1), take(1), take(1), take(1)
	c.bestAny, c.idOrder, c.tie, c.cost = take(1), take(1), take(1), take(1)
	c.otherMissing, c.engInitKnown, c.catInitKnown, c.complete = take(1), take(1), take(1), take(1)
	c.last = next - 1
	return c
}

// pricesRefs are the cells other sheets read from the Prices sheet.
type pricesRefs struct {
	cols       pricesCols
	first, end int // option rows
	accRow     int // billed-accounts row: one cell per year under the licence columns
	userMonths string
}

// cell is an absolute reference to column col of option row i on Prices.
func (p pricesRefs) cell(col, i int) string {
	return quoteSheet(PricesSheet) + "!$" + colName(col) + "$" + fmt.Sprint(p.first+i)
}

// pricesSheet writes the price inputs and the formulas that price each
// option from them, as the evaluation does with a [quotes] entry: a row
// whose inputs differ from what it was filled with is read as the quote
// holding its non-empty cells. Until then the row keeps the evaluation's
// licence, so tiers and terms a single price cannot express stay exact.
// Long because it lays out one sheet cell by cell, each formula naming
// cells placed before it.
func (x *xw) pricesSheet(in *Input) pricesRefs {
	ev, lang := in.Eval, x.lang
	sh := PricesSheet
	ny := ev.HorizonYears
	c := pricesLayout(ny)
	n := len(ev.Results)
	refs := pricesRefs{cols: c, first: pricesFirstRow, end: pricesFirstRow + n - 1}
	refs.accRow = refs.end + 3
	r := ev.Requirements
	col := func(i int) string { return colName(i) }
	ref := func(ci, row int) string { return cellName(ci, row) }
	abs := func(ci, row int) string { return "$" + col(ci) + "$" + fmt.Sprint(row) }

	x.text(sh, "A1", L(lang, "xlsx_prices_title"))
	x.style(sh, "A1", "A1", "title")
	x.text(sh, "A2", lf(lang, "xlsx_prices_note", "currency", ev.Currency, "basis", taxWord(lang, taxBasisOf(ev))))
	x.style(sh, "A2", "A2", "note")

	labels := []string{"ID", L(lang, "option"), L(lang, "xlsx_price_pum"), L(lang, "xlsx_price_flat"), L(lang, "xlsx_price_initial"), L(lang, "note")}
	keys := append([]string{"id", "name"}, PriceKeys...)
	keys = append(keys, "note")
	for y := 1; y <= ny; y++ {
		labels = append(labels, L(lang, "xlsx_price_licence")+" "+lf(lang, "year_n", "n", y))
		keys = append(keys, fmt.Sprintf("licence_y%d", y))
	}
	labels = append(labels, L(lang, "xlsx_price_fee"), fmt.Sprintf("%s (%d %s)", L(lang, "tco"), ny, L(lang, "years")))
	keys = append(keys, "initial_fee", "tco")
	for i, l := range labels {
		x.text(sh, ref(i+1, PricesHeadRow-1), l)
		x.text(sh, ref(i+1, PricesHeadRow), keys[i])
	}
	x.style(sh, ref(1, PricesHeadRow-1), ref(len(labels), PricesHeadRow-1), "head")
	x.markHeads(sh, PricesHeadRow-1, 1, len(labels))
	x.style(sh, ref(1, PricesHeadRow), ref(len(labels), PricesHeadRow), "keys")
	hidden := map[int]string{c.origPum: "orig_per_user_month", c.origFlat: "orig_flat_month", c.origInit: "orig_initial",
		c.catInit: "catalog_initial", c.minU: "min_users", c.otherPriced: "other_priced", c.engPriced: "engine_priced",
		c.engFee: "engine_initial_fee", c.otherInit: "other_initial", c.fixedViol: "fixed_violations", c.licViol: "plan_violations",
		c.quoteCap: "quote_capacity_gap", c.edited: "edited", c.recurr: "quote_recurring", c.priced: "priced", c.tcoSum: "tco_sum",
		c.tieKey: "tco_key", c.elig: "eligible", c.bestElig: "cost_candidate_eligible", c.bestAny: "cost_candidate_any",
		c.idOrder: "id_order", c.tie: "tie_break", c.cost: "cost_score", c.otherMissing: "other_missing",
		c.engInitKnown: "engine_initial_known", c.catInitKnown: "catalog_initial_known", c.complete: "complete"}
	for y := 0; y < ny; y++ {
		hidden[c.engLic+y] = fmt.Sprintf("engine_licence_y%d", y+1)
		hidden[c.other+y] = fmt.Sprintf("other_costs_y%d", y+1)
	}
	for _, ci := range slices.Sorted(maps.Keys(hidden)) {
		x.text(sh, ref(ci, PricesHeadRow), hidden[ci])
	}

	// Accounts billed per year (the evaluation's) and the budget, below
	// the options, under the licence columns.
	acc := refs.accRow
	x.text(sh, ref(1, acc), L(lang, "xlsx_price_accounts"))
	x.style(sh, ref(1, acc), ref(1, acc), "head")
	userMonths := 0.0
	for y := 0; y < ny; y++ {
		a := 0
		if r != nil {
			a = scoring.Accounts(r.Users, r.Growth, y+1)
		} else if n > 0 && y < len(ev.Results[0].TCO.Years) {
			a = ev.Results[0].TCO.Years[y].Accounts
		}
		userMonths += float64(a) * 12
		x.num(sh, ref(c.lic+y, acc), float64(a))
		x.style(sh, ref(c.lic+y, acc), ref(c.lic+y, acc), "int")
	}
	x.text(sh, ref(1, acc+1), L(lang, "xlsx_price_user_months"))
	x.num(sh, ref(c.lic, acc+1), userMonths)
	x.style(sh, ref(c.lic, acc+1), ref(c.lic, acc+1), "int")
	refs.userMonths = quoteSheet(sh) + "!" + abs(c.lic, acc+1)
	initMax, monthMax := 0.0, 0.0
	if r != nil {
		initMax, monthMax = r.InitialMax, r.MonthlyMax
	}
	x.text(sh, ref(1, acc+2), L(lang, "xlsx_price_budget_initial"))
	x.num(sh, ref(c.lic, acc+2), initMax)
	x.text(sh, ref(1, acc+3), L(lang, "xlsx_price_budget_monthly"))
	x.num(sh, ref(c.lic, acc+3), monthMax)
	x.style(sh, ref(c.lic, acc+2), ref(c.lic, acc+3), "money")
	x.text(sh, ref(1, acc+4), L(lang, "xlsx_price_best"))
	bestRef := abs(c.lic, acc+4)
	x.formula(sh, ref(c.lic, acc+4), fmt.Sprintf(`IF(COUNT(%[1]s)>0,MIN(%[1]s),MIN(%[2]s))`, relRng(c.bestElig, refs), relRng(c.bestAny, refs)))
	x.style(sh, ref(c.lic, acc+4), ref(c.lic, acc+4), "money")
	for rr := acc; rr <= acc+4; rr++ { // the labels span the input columns
		x.keep(x.f.MergeCell(sh, ref(1, rr), ref(c.note, rr)))
	}
	for i, k := range []string{"xlsx_price_legend_edit", "xlsx_price_legend_unknown", "xlsx_price_legend_kept", "xlsx_price_legend_fixed"} {
		x.text(sh, ref(1, acc+6+i), L(lang, k))
		x.style(sh, ref(1, acc+6+i), ref(1, acc+6+i), "note")
	}

	ids := make([]string, n)
	for i := range ev.Results {
		ids[i] = ev.Results[i].ID
	}
	sort.Strings(ids)
	idOrder := map[string]int{}
	for i, id := range ids {
		idOrder[id] = i + 1
	}
	b2f := func(b bool) float64 {
		if b {
			return 1
		}
		return 0
	}
	for i := range ev.Results {
		res := &ev.Results[i]
		row := pricesFirstRow + i
		p := newPriceRow(lang, res, r)
		R := func(ci int) string { return ref(ci, row) }
		x.text(sh, R(c.id), res.ID)
		x.text(sh, R(c.name), res.Name)
		amt := func(ci, orig int, a catalog.Amount) {
			if a.Known && !math.IsNaN(a.Value) {
				x.num(sh, R(ci), a.Value)
				x.num(sh, R(orig), a.Value)
			}
		}
		// An unknown licence component stays empty, flagged: a zero would
		// rank the option as the cheapest. When both are known but a later
		// year's tier is not, both stay empty: the year-1 price is no quote.
		if !p.licUnpriced || p.pum.Known != p.flat.Known {
			amt(c.pum, c.origPum, p.pum)
			amt(c.flat, c.origFlat, p.flat)
		}
		amt(c.init, c.origInit, p.init)
		x.style(sh, R(c.pum), R(c.init), "inputMoney")
		var notes []string
		for _, ci := range []int{c.pum, c.flat, c.init} {
			if v, _ := x.f.GetCellValue(sh, R(ci)); v == "" {
				x.style(sh, R(ci), R(ci), "inputUnknown")
			}
		}
		switch {
		case p.licUnpriced:
			notes = append(notes, L(lang, "xlsx_price_unknown"))
		case !p.engPriced:
			notes = append(notes, lf(lang, "xlsx_price_other_unknown", "missing", missingText(lang, res.TCO.Missing)))
		case !p.single && p.pum.Known && p.flat.Known:
			notes = append(notes, L(lang, "xlsx_price_kept"))
		}
		if !p.init.Known {
			notes = append(notes, L(lang, "xlsx_price_initial_unknown"))
		}
		if p.fromQuote {
			notes = append(notes, L(lang, "xlsx_price_from_quote"))
		}
		if p.converted != "" {
			notes = append(notes, lf(lang, "xlsx_price_converted", "from", p.converted))
		}
		x.text(sh, R(c.note), strings.Join(notes, noteSep(lang)))
		if p.licUnpriced {
			x.style(sh, R(c.note), R(c.note), "warn")
		}

		// The evaluation's figures.
		x.num(sh, R(c.catInit), p.catInit)
		if p.minUsers.Known {
			x.num(sh, R(c.minU), p.minUsers.Value)
		}
		x.num(sh, R(c.otherPriced), b2f(p.otherPrice))
		x.num(sh, R(c.engPriced), b2f(p.engPriced))
		x.num(sh, R(c.engFee), p.engFee)
		x.num(sh, R(c.otherInit), p.otherInit)
		for y := 0; y < ny; y++ {
			x.num(sh, R(c.engLic+y), p.engLic[y])
			x.num(sh, R(c.other+y), p.other[y])
		}
		x.num(sh, R(c.fixedViol), float64(p.fixedViol))
		x.num(sh, R(c.licViol), float64(p.licViol))
		x.num(sh, R(c.quoteCap), b2f(p.quoteCap))
		x.num(sh, R(c.idOrder), float64(idOrder[res.ID]))

		// The formulas. changed: an input differs from what it was filled
		// with (an emptied cell counts; blank = 0 must not).
		changed := func(in, orig int) string {
			return fmt.Sprintf("IF(ISBLANK(%[2]s),NOT(ISBLANK(%[1]s)),OR(ISBLANK(%[1]s),%[1]s<>%[2]s))", R(in), R(orig))
		}
		x.formula(sh, R(c.edited), fmt.Sprintf("IF(OR(%s,%s,%s),1,0)", changed(c.pum, c.origPum), changed(c.flat, c.origFlat), changed(c.init, c.origInit)))
		// A quote with a monthly price replaces every tier and term.
		x.formula(sh, R(c.recurr), fmt.Sprintf("IF(AND(%s=1,OR(NOT(ISBLANK(%s)),NOT(ISBLANK(%s)))),1,0)", R(c.edited), R(c.pum), R(c.flat)))
		for y := 0; y < ny; y++ {
			// Billed accounts: never fewer than the plan's min_users.
			// An unknown licence shows empty, not 0, until a quote prices it;
			// the sums read it with N().
			else_ := R(c.engLic + y)
			if p.licUnpriced {
				else_ = `""`
			}
			lic := fmt.Sprintf("IF(%s=1,(MAX(%s,%s)*%s+%s)*12,%s)", R(c.recurr), abs(c.lic+y, acc), R(c.minU), R(c.pum), R(c.flat), else_)
			if p.licUnpriced {
				x.formula(sh, R(c.lic+y), lic)
			} else {
				x.formulaNum(sh, R(c.lic+y), lic, p.engLic[y])
			}
		}
		// The initial fee: the quote's; a monthly quote without one keeps
		// the catalog's initial fee.
		x.formulaNum(sh, R(c.fee), fmt.Sprintf("IF(%[1]s=1,IF(ISBLANK(%[2]s),IF(%[3]s=1,%[4]s,%[5]s),%[2]s),%[5]s)",
			R(c.edited), R(c.init), R(c.recurr), R(c.catInit), R(c.engFee)), p.engFee)
		x.formula(sh, R(c.priced), fmt.Sprintf("IF(%s=1,%s,%s)", R(c.recurr), R(c.otherPriced), R(c.engPriced)))
		x.formula(sh, R(c.tcoSum), fmt.Sprintf("%s+%s+SUM(%s:%s)+SUM(%s:%s)", R(c.otherInit), R(c.fee),
			R(c.other), R(c.other+ny-1), R(c.lic), R(c.lic+ny-1)))
		tco := fmt.Sprintf(`IF(%s=1,%s,%s)`, R(c.priced), R(c.tcoSum), fmlText(L(lang, "incomplete")))
		if res.TCO.Priced {
			x.formulaNum(sh, R(c.tco), tco, res.TCO.Total)
		} else {
			x.formula(sh, R(c.tco), tco)
		}
		// Ties are broken on the TCO to the cent, so the comparison never
		// rests on the last bits of a sum.
		x.formula(sh, R(c.tieKey), fmt.Sprintf("ROUND(%s,2)", R(c.tcoSum)))
		// Eligible: no violation the price cannot change, none of the
		// plan's (a quote has no tiers and no term, but the option's
		// mailbox pool still holds), and within budget.
		x.formula(sh, R(c.elig), fmt.Sprintf("IF(AND(%[1]s=0,IF(%[2]s=1,%[3]s,%[4]s)=0,OR(%[5]s<=0,%[6]s+%[7]s<=%[5]s),OR(%[8]s<=0,(%[9]s+N(%[10]s))/12<=%[8]s)),1,0)",
			R(c.fixedViol), R(c.recurr), R(c.quoteCap), R(c.licViol),
			abs(c.lic, acc+2), R(c.otherInit), R(c.fee), abs(c.lic, acc+3), R(c.other), R(c.lic)))
		x.formula(sh, R(c.bestElig), fmt.Sprintf(`IF(AND(%s=1,%s=1),%s,"")`, R(c.priced), R(c.elig), R(c.tcoSum)))
		x.formula(sh, R(c.bestAny), fmt.Sprintf(`IF(%s=1,%s,"")`, R(c.priced), R(c.tcoSum)))
		// The tie-break: priced first, lower TCO, then id.
		x.formula(sh, R(c.tie), fmt.Sprintf(`1+COUNTIFS(%[1]s,">"&%[2]s)+COUNTIFS(%[1]s,%[2]s,%[3]s,"<"&%[4]s)+COUNTIFS(%[1]s,%[2]s,%[3]s,%[4]s,%[5]s,"<"&%[6]s)`,
			relRng(c.priced, refs), R(c.priced), relRng(c.tieKey, refs), R(c.tieKey), relRng(c.idOrder, refs), R(c.idOrder)))
		// Complete: no line missing, so the TCO is no lower bound ("≥").
		// The initial fee is known when entered, or kept from the catalog
		// by a monthly quote, or known to the evaluation.
		x.num(sh, R(c.otherMissing), float64(p.otherMissing))
		x.num(sh, R(c.engInitKnown), b2f(p.engInitKnown))
		x.num(sh, R(c.catInitKnown), b2f(p.catInitKnown))
		x.formula(sh, R(c.complete), fmt.Sprintf("IF(AND(%[1]s=0,IF(%[2]s=1,IF(ISBLANK(%[3]s),IF(%[4]s=1,%[5]s,%[6]s),1),%[6]s)=1),1,0)",
			R(c.otherMissing), R(c.edited), R(c.init), R(c.recurr), R(c.catInitKnown), R(c.engInitKnown)))
		// The cost rule (100 × cheapest ÷ TCO, to 0.01; 0 without a price).
		x.formula(sh, R(c.cost), fmt.Sprintf("IF(%[1]s<>1,0,IF(OR(%[2]s<=0,%[2]s<=%[3]s),100,ROUND(100*%[3]s/%[2]s,2)))",
			R(c.priced), R(c.tcoSum), bestRef))
	}
	if n > 0 {
		last := refs.end
		x.style(sh, ref(c.lic, pricesFirstRow), ref(c.tco, last), "money")
		x.style(sh, ref(c.origPum, pricesFirstRow), ref(c.last, last), "plain")
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s:%s", ref(c.pum, pricesFirstRow), ref(c.init, last))
		x.keep(dv.SetRange(0, scoring.MaxCost, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween))
		dv.SetError(excelize.DataValidationErrorStyleStop, L(lang, "xlsx_price_pum"), L(lang, "xlsx_price_error"))
		dv.SetInput(L(lang, "xlsx_price_input_title"), L(lang, "xlsx_price_input"))
		x.keep(x.f.AddDataValidation(sh, dv))
	}
	x.keep(x.f.SetColVisible(sh, col(c.origPum)+":"+col(c.last), false))
	x.keep(x.f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 2, YSplit: PricesHeadRow, TopLeftCell: ref(3, pricesFirstRow), ActivePane: "bottomRight"}))
	x.setWidth(sh, "A", "A", 22)
	x.setWidth(sh, "B", "B", 30)
	x.setWidth(sh, "C", "E", 14)
	x.setWidth(sh, "F", "F", 36)
	x.setWidth(sh, col(c.lic), col(c.tco), 13)
	x.keep(x.f.SetRowHeight(sh, PricesHeadRow-1, 32))
	x.keep(x.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sh,
		RefersTo: fmt.Sprintf("%[1]s!$A:$B,%[1]s!$%[2]d:$%[3]d", quoteSheet(sh), PricesHeadRow-1, PricesHeadRow)}))
	return refs
}

// relRng is a range over every option row of column ci, on the Prices
// sheet itself.
func relRng(ci int, p pricesRefs) string {
	return fmt.Sprintf("$%s$%d:$%s$%d", colName(ci), p.first, colName(ci), max(p.end, p.first))
}

func noteSep(lang string) string {
	if lang == "ja" {
		return "。"
	}
	return "; "
}

// resultIndex is the position of option id in the evaluation's results
// (the row order of the Scores and Prices sheets); -1 when absent.
func resultIndex(ev *scoring.Evaluation, id string) int {
	for i := range ev.Results {
		if ev.Results[i].ID == id {
			return i
		}
	}
	return -1
}

// tcoLook styles a cell showing option i's TCO as its price stands on
// the Prices sheet: the warning look while it is provisional, and "≥"
// before the figure while a cost line is missing (a lower bound). Both are
// conditional formats, so they follow the inputs.
func (x *xw) tcoLook(sh, ref string, i int) {
	pc, pr := x.prices.cols, x.prices
	cur := x.ev.Currency
	ge := `"≥ "` + moneyFormat(cur)
	// Two formats for every cell, made once: one each per cell made
	// thousands for a large catalog.
	if x.looks == nil {
		warn, err := x.f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "8A5A00"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF8E1"}}})
		x.keep(err)
		lower, err := x.f.NewConditionalStyle(&excelize.Style{CustomNumFmt: &ge})
		x.keep(err)
		x.looks = []int{warn, lower}
	}
	warn, lower := x.looks[0], x.looks[1]
	x.style(sh, ref, ref, "money")
	x.keep(x.f.SetConditionalFormat(sh, ref, []excelize.ConditionalFormatOptions{
		{Type: "formula", Criteria: fmt.Sprintf("%s<>1", pr.cell(pc.priced, i)), Format: &warn, StopIfTrue: true},
		{Type: "formula", Criteria: fmt.Sprintf("%s=0", pr.cell(pc.complete, i)), Format: &lower},
	}))
}
