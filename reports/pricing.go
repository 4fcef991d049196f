package reports

import (
	"fmt"
	"github.com/mailpick/mailpick/msg"
	"math"
	"strings"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/scoring"
)

// This file renders how options are priced: the tax basis, the contract
// term rule, the plan (tier and term) bought each year, the hosting plan
// of self-hosted options, provisional options and the quote to ask for
// (tco_to_win). Every format takes these from the builders below.

// provTone is the tone of a provisional option's cost figures: its TCO
// covers the known lines only, so it must never read as a price.
func provTone(res *scoring.Result) string {
	if res.Provisional {
		return "warn"
	}
	return ""
}

// partTone greys a provisional option's yearly figures: they are the
// known lines only, not what the option costs.
func partTone(res *scoring.Result) string {
	if res.Provisional {
		return "muted"
	}
	return ""
}

// taxWord names a tax basis: 税抜 / 税込 / not stated.
func taxWord(lang, basis string) string {
	switch basis {
	case catalog.TaxExcluded:
		return L(lang, "tax_excluded")
	case catalog.TaxIncluded:
		return L(lang, "tax_included")
	}
	return L(lang, "tax_unknown")
}

// taxRate is the consumption-tax rate as a percentage ("10%") and its
// conversion factor ("1.1").
func taxRate(r *scoring.Requirements) (pct, factor string) {
	return trimFloat(100*r.ConsumptionTax) + "%", trimFloat(1 + r.ConsumptionTax)
}

// taxBasisText states the basis of every amount and how prices stated on
// the other basis, or on none, were treated.
func taxBasisText(lang string, r *scoring.Requirements) string {
	if r == nil {
		return ""
	}
	var s string
	switch {
	case r.ConsumptionTax <= 0:
		s = lf(lang, "tax_text_norate", "basis", taxWord(lang, r.TaxBasis))
	case r.TaxBasis == catalog.TaxIncluded:
		pct, f := taxRate(r)
		s = lf(lang, "tax_text_included", "rate", pct, "factor", f)
	default:
		pct, f := taxRate(r)
		s = lf(lang, "tax_text_excluded", "rate", pct, "factor", f)
	}
	return msg.Para(lang, s, L(lang, "tax_text_rest"))
}

// taxBasisShort is the one-line form for the terminal and summaries.
func taxBasisShort(lang string, r *scoring.Requirements) string {
	if r == nil {
		return ""
	}
	if r.ConsumptionTax <= 0 {
		return lf(lang, "tax_short", "basis", taxWord(lang, r.TaxBasis), "rate", "—")
	}
	pct, _ := taxRate(r)
	return lf(lang, "tax_short", "basis", taxWord(lang, r.TaxBasis), "rate", pct)
}

// contractText states which term's price is used, from [contract].
func contractText(lang string, r *scoring.Requirements) string {
	if r == nil {
		return ""
	}
	s := L(lang, "contract_any")
	if r.Contract.TermMonths > 0 {
		s = lf(lang, "contract_max", "months", r.Contract.TermMonths)
	}
	switch r.Contract.Payment {
	case catalog.PaymentMonthly:
		s = msg.Para(lang, s, L(lang, "contract_monthly"))
	case catalog.PaymentUpfront:
		s = msg.Para(lang, s, L(lang, "contract_upfront"))
	}
	return s
}

// contractValue is the contract as given, for the requirements table.
func contractValue(lang string, c scoring.Contract) string {
	if c.TermMonths == 0 && c.Payment == "" {
		return L(lang, "contract_none")
	}
	return termText(lang, c.TermMonths, c.Payment)
}

// termText is a term and its payment: "12か月契約・一括前払い",
// "12-month term, paid upfront"; "" when neither is stated.
func termText(lang string, months int, payment string) string {
	var parts []string
	if months > 0 {
		parts = append(parts, lf(lang, "term_n", "months", months))
	}
	switch payment {
	case catalog.PaymentMonthly:
		parts = append(parts, L(lang, "pay_monthly"))
	case catalog.PaymentUpfront:
		parts = append(parts, L(lang, "pay_upfront"))
	}
	return strings.Join(parts, L(lang, "sep.list_dot"))
}

// planText is the plan bought in one year: the tier as the vendor names
// it and the term of its price.
func planText(lang string, y scoring.TCOYear) string {
	term := termText(lang, y.TermMonths, y.Payment)
	switch {
	case y.Plan == "" && term == "":
		return "—"
	case y.Plan == "":
		return term
	case term == "":
		return y.Plan
	}
	return lf(lang, "plan_term", "plan", y.Plan, "term", term)
}

// hasPlan reports whether any year names a tier or a term.
func hasPlan(t scoring.TCO) bool {
	for _, y := range t.Years {
		if y.Plan != "" || y.TermMonths != 0 || y.Payment != "" {
			return true
		}
	}
	return false
}

// planTable lists, per year, the tier and term each option is priced on,
// under a row of that year's accounts; nil when no option has tiers or
// terms.
func planTable(ev *scoring.Evaluation) *table {
	lang := ev.Lang
	t := &table{Head: []string{L(lang, "option")}, Widths: []float64{1.6}}
	for y := 1; y <= ev.HorizonYears; y++ {
		t.Head = append(t.Head, lf(lang, "year_n", "n", y))
		t.Widths = append(t.Widths, 1.3)
	}
	for i := range ev.Results {
		res := &ev.Results[i]
		if !hasPlan(res.TCO) {
			continue
		}
		if len(t.Rows) == 0 {
			acc := row(tone(L(lang, "accounts"), "muted"))
			for _, y := range res.TCO.Years {
				acc = append(acc, tone(fmt.Sprint(y.Accounts), "muted"))
			}
			t.Rows = append(t.Rows, acc)
		}
		rw := row(txt(res.Name))
		for _, y := range res.TCO.Years {
			rw = append(rw, txt(planText(lang, y)))
		}
		t.Rows = append(t.Rows, rw)
	}
	if len(t.Rows) == 0 {
		return nil
	}
	return t
}

// hostingTable names the VPS plan each self-hosted option was priced on;
// nil when none came from the hosting table.
func hostingTable(ev *scoring.Evaluation) *table {
	lang, cur := ev.Lang, ev.Currency
	t := &table{Head: []string{L(lang, "option"), L(lang, "hosting_provider"), L(lang, "hosting_plan"), L(lang, "ram_gb"), L(lang, "monthly"), L(lang, "as_of"), L(lang, "sources")},
		Num: []bool{false, false, false, true, true, false, false}, Widths: []float64{1.5, 1.1, 0.7, 0.8, 0.9, 1.0, 2.0}}
	for i := range ev.Results {
		res := &ev.Results[i]
		h := res.TCO.Hosting
		if h == nil {
			continue
		}
		t.Rows = append(t.Rows, row(txt(res.Name), txt(h.Provider), txt(h.Name), txt(trimFloat(h.RAMGB)),
			txt(scoring.Money(h.Monthly, cur)), txt(h.AsOf), txt(h.Source)))
	}
	if len(t.Rows) == 0 {
		return nil
	}
	return t
}

// pricingBlocks are the TCO section's plan-per-year and hosting tables
// with the rules behind them.
func pricingBlocks(ev *scoring.Evaluation) []block {
	lang := ev.Lang
	// Without tiers or terms there is no plan to show; the term rule
	// still says how a plan sold on several terms would be priced.
	out := []block{{Kind: bPara, Text: contractText(lang, ev.Requirements)}}
	if t := planTable(ev); t != nil {
		out = append([]block{{Kind: bHeading, Text: L(lang, "plan_per_year")}}, out...)
		out = append(out, block{Kind: bPara, Text: L(lang, "tiers_rule")}, block{Kind: bTable, Table: t})
	}
	t, gaps := hostingTable(ev), hostingGaps(ev)
	if t != nil || len(gaps) > 0 {
		out = append(out, block{Kind: bHeading, Text: L(lang, "hosting_title")}, block{Kind: bPara, Text: L(lang, "hosting_note")})
	}
	if t != nil {
		out = append(out, block{Kind: bTable, Table: t})
	}
	if len(gaps) > 0 {
		out = append(out, block{Kind: bPara, Text: L(lang, "hosting_gaps_title")}, block{Kind: bBullets, Items: gaps})
	}
	return out
}

// hostingGaps says, for each self-hosted option no plan of the hosting
// table can carry, which need no plan meets.
func hostingGaps(ev *scoring.Evaluation) []string {
	var out []string
	for i := range ev.Results {
		res := &ev.Results[i]
		if g := res.TCO.HostingGap; g != nil {
			out = append(out, msg.T(ev.Lang, "hosting_gap_item", "option", res.Name, "why", msg.Render(ev.Lang, g.Message())))
		}
	}
	return out
}

// floorMoney rounds a ceiling down to what Money shows, so "≤ X" never
// states a figure above the boundary.
func floorMoney(v float64, cur string) float64 {
	if cur == "JPY" || cur == "KRW" || v >= 1000 {
		return math.Floor(v)
	}
	return math.Floor(v*100) / 100
}

// toWinCells are the quote-to-ask cells of one option: the highest TCO
// at which it ranks first and the vendor's monthly price that leaves.
func toWinCells(lang string, res *scoring.Result, cur string) (total, monthly cell) {
	monthly = txt("—")
	switch {
	case len(res.TCOToWinWhileUnpriced) > 0:
		return tone(whileUnpricedText(lang, res), "warn"), monthly
	case res.TCOToWinAnyPrice:
		return tone(L(lang, "to_win_any"), "good"), monthly
	case res.TCOToWin == nil:
		return tone(L(lang, "to_win_none"), "muted"), monthly
	}
	total = txt(scoring.Money(floorMoney(*res.TCOToWin, cur), cur))
	if res.PriceToWinMonthly != nil {
		monthly = txt(scoring.Money(floorMoney(*res.PriceToWinMonthly, cur), cur))
	}
	return total, monthly
}

// whileUnpricedText says that an option would rank first at any price only
// while other options have no price (Result.TCOToWinWhileUnpriced).
func whileUnpricedText(lang string, res *scoring.Result) string {
	if n := len(res.TCOToWinWhileUnpriced); n != 1 {
		return lf(lang, "to_win_while_unpriced", "n", n)
	}
	return L(lang, "to_win_while_unpriced_one")
}

// toWinLine is the one-line form: "1位になるTCO ≤ X（月額 ≤ Y）".
func toWinLine(lang string, res *scoring.Result, cur string) string {
	switch {
	case len(res.TCOToWinWhileUnpriced) > 0:
		return whileUnpricedText(lang, res)
	case res.TCOToWinAnyPrice:
		return L(lang, "to_win_any")
	case res.TCOToWin == nil:
		return L(lang, "to_win_none")
	}
	x := scoring.Money(floorMoney(*res.TCOToWin, cur), cur)
	if res.PriceToWinMonthly == nil {
		return lf(lang, "to_win_line_total", "tco", x)
	}
	return lf(lang, "to_win_line", "tco", x, "monthly", scoring.Money(floorMoney(*res.PriceToWinMonthly, cur), cur))
}

// toWinBlocks is the ranking section's "quote to ask for": every eligible
// option with its TCO (or provisional), tco_to_win and the monthly price
// to ask, after a line on the method.
func toWinBlocks(ev *scoring.Evaluation) []block {
	lang, cur := ev.Lang, ev.Currency
	t := &table{Head: []string{L(lang, "rank"), L(lang, "option"), fmt.Sprintf("%s (%s)", L(lang, "tco"), nYears(lang, ev.HorizonYears)),
		L(lang, "to_win_tco"), L(lang, "to_win_monthly")},
		Num: []bool{true, false, true, true, true}, Widths: []float64{0.5, 2.6, 1.4, 1.6, 1.4}}
	for i := range ev.Results {
		res := &ev.Results[i]
		if !res.Eligible {
			continue
		}
		total, monthly := toWinCells(lang, res, cur)
		t.Rows = append(t.Rows, row(txt(rankText(res)), txt(res.Name), tone(tcoText(lang, res, cur), provTone(res)), total, monthly))
	}
	if len(t.Rows) == 0 {
		return nil
	}
	return []block{{Kind: bHeading, Text: L(lang, "to_win_title")},
		{Kind: bPara, Text: lf(lang, "to_win_method", "years", ev.HorizonYears, "months", 12*ev.HorizonYears)},
		{Kind: bTable, Table: t}}
}

// quoteAmount is a quote's figure, or "—" when the quote does not state it.
func quoteAmount(a catalog.Amount) string {
	if !a.Known {
		return "—"
	}
	return trimFloat(a.Value)
}

// quotesTable lists the company's quotes with every key they may state.
func quotesTable(lang string, r *scoring.Requirements, ids []string) *table {
	t := &table{Head: []string{L(lang, "option"), L(lang, "currency"), L(lang, "quote_flat"), L(lang, "price_per_user_month"), L(lang, "initial"),
		L(lang, "contract"), L(lang, "quote_tax")},
		Num: []bool{false, false, true, true, true, false, false}, Widths: []float64{1.8, 0.7, 1, 1, 1, 1, 0.9}}
	for _, id := range ids {
		q := r.Quotes[id]
		term := termText(lang, q.TermMonths, "")
		if term == "" {
			term = "—"
		}
		t.Rows = append(t.Rows, row(txt(id), txt(q.Currency), txt(quoteAmount(q.FlatMonth)), txt(quoteAmount(q.PerUserMonth)),
			txt(quoteAmount(q.Initial)), txt(term), txt(taxWord(lang, q.Tax))))
	}
	return t
}
