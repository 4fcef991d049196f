package scoring

import (
	"fmt"
	"strings"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/catalog/tomlfile"
	"github.com/mailpick/mailpick/msg"
)

// Quote is a price the company obtained itself. It replaces the catalog's
// price for that option: when it states a recurring price (per_user_month
// and/or flat_month), that price replaces every tier and term of the
// catalog; when it states only initial, only the initial fee is replaced.
type Quote struct {
	Currency     string
	PerUserMonth catalog.Amount
	FlatMonth    catalog.Amount
	Initial      catalog.Amount
	TermMonths   int    // 0 = not stated
	Tax          string // catalog.TaxIncluded/TaxExcluded/TaxUnknown; default: the requirements' tax_basis
}

// Recurring reports whether the quote states a monthly price.
func (q Quote) Recurring() bool { return q.PerUserMonth.Known || q.FlatMonth.Known }

// Price returns the quote as a catalog price: a component the quote does
// not state is zero, because a quote is the whole recurring price.
func (q Quote) Price() catalog.Price {
	p := catalog.Price{FlatMonth: catalog.Known(0), PerUserMonth: catalog.Known(0), Initial: q.Initial, TermMonths: q.TermMonths}
	if q.PerUserMonth.Known {
		p.PerUserMonth = q.PerUserMonth
	}
	if q.FlatMonth.Known {
		p.FlatMonth = q.FlatMonth
	}
	return p
}

// Contract is the commitment the company will sign. TermMonths is the
// longest term it accepts (0: any term, the cheapest per month wins);
// Payment is catalog.PaymentMonthly, catalog.PaymentUpfront or "" (either).
type Contract struct {
	TermMonths int
	Payment    string
}

// allows reports whether a price's term and payment fit the contract; a
// price that states neither fits any contract.
func (c Contract) allows(p catalog.Price) bool {
	if c.Payment != "" && p.Payment != "" && p.Payment != c.Payment {
		return false
	}
	return c.TermMonths == 0 || p.TermMonths == 0 || p.TermMonths <= c.TermMonths
}

// DefaultConsumptionTax is Japan's standard consumption-tax rate (10 %
// since 2019-10-01), the default for JPY evaluations.
const DefaultConsumptionTax = 0.10

func parseTaxAndContract(doc *tomlfile.Doc, t map[string]any, r *Requirements) {
	if v, ok := doc.Enum(t, "", "tax_basis", catalog.TaxExcluded, catalog.TaxIncluded); ok {
		r.TaxBasis = v
	}
	if v, ok := doc.Float(t, "", "consumption_tax"); ok {
		if v < 0 || v > 0.5 {
			doc.Addf("consumption_tax", "must be a fraction between 0 and 0.5 (0.10 = 10 %%; got %v)", v)
		} else {
			r.ConsumptionTax, r.ConsumptionTaxGiven = v, true
		}
	}
	if !r.ConsumptionTaxGiven && r.Currency == "JPY" {
		r.ConsumptionTax = DefaultConsumptionTax
	}
	c := doc.Table(t, "", "contract")
	if c == nil {
		return
	}
	doc.CheckKeys(c, "contract", []string{"term_months", "payment"})
	if n, ok := doc.Int(c, "contract", "term_months"); ok {
		if n < 1 || n > 120 {
			doc.Addf("contract.term_months", "must be between 1 and 120 months (the longest commitment you will sign; got %d)", n)
		} else {
			r.Contract.TermMonths = int(n)
		}
	}
	if v, ok := doc.Enum(c, "contract", "payment", catalog.PaymentMonthly, catalog.PaymentUpfront, "any"); ok && v != "any" {
		r.Contract.Payment = v
	}
}

var quoteKeys = []string{"currency", "per_user_month", "flat_month", "initial", "term_months", "tax"}

func parseQuotes(doc *tomlfile.Doc, q map[string]any, r *Requirements) {
	for _, id := range sortedKeys(q) {
		qt := doc.Table(q, "quotes", id)
		if qt == nil {
			continue
		}
		p := "quotes." + id
		doc.CheckKeys(qt, p, quoteKeys)
		quote := Quote{Currency: r.Currency, Tax: r.TaxBasis}
		if c, ok := doc.String(qt, p, "currency"); ok {
			if !currencyCode.MatchString(c) {
				doc.Addf(p+".currency", "%q is not an ISO 4217 code", c)
			} else {
				quote.Currency = c
			}
		}
		for _, k := range []string{"per_user_month", "flat_month", "initial"} {
			v, ok := doc.Float(qt, p, k)
			if !ok {
				continue // range: checkNumbers
			}
			switch k {
			case "per_user_month":
				quote.PerUserMonth = catalog.Known(v)
			case "flat_month":
				quote.FlatMonth = catalog.Known(v)
			default:
				quote.Initial = catalog.Known(v)
			}
		}
		if n, ok := doc.Int(qt, p, "term_months"); ok {
			if n < 1 || n > 120 {
				doc.Addf(p+".term_months", "must be between 1 and 120 months (got %d)", n)
			} else {
				quote.TermMonths = int(n)
			}
		}
		if v, ok := doc.Enum(qt, p, "tax", catalog.TaxIncluded, catalog.TaxExcluded, catalog.TaxUnknown); ok {
			quote.Tax = v
		}
		if !quote.Recurring() && !quote.Initial.Known {
			doc.Addf(p, "states no price; give per_user_month and/or flat_month (and initial) from the vendor's quote")
		}
		r.Quotes[id] = quote
	}
}

// CheckReferences reports, as problems of the requirements file, what can
// only be checked against the catalog: every id in exclude or [quotes] must
// be a catalog option (a misspelt id would silently change nothing), and a
// price that must move between tax bases — a catalog price, a quote, or the
// hosting plan a self-hosted option will be priced on — needs a
// consumption-tax rate.
func CheckReferences(file string, r *Requirements, opts []*catalog.Option, hosting []catalog.HostingPlan) tomlfile.Problems {
	ids := make([]string, 0, len(opts))
	known := map[string]*catalog.Option{}
	for _, o := range opts {
		ids = append(ids, o.ID)
		known[o.ID] = o
	}
	var probs tomlfile.Problems
	unknownID := func(key, id string) {
		hint := "; `mailpick catalog list` shows every id"
		if s := closestID(id, ids); s != "" {
			hint = fmt.Sprintf("; did you mean %q?", s)
		}
		probs = append(probs, tomlfile.Problem{File: file, Line: r.Line(key), Key: key,
			Msg: fmt.Sprintf("%q is not an option in the catalog%s", id, hint)})
	}
	left := 0
	for _, o := range opts {
		if !r.Excludes(o.ID) {
			left++
		}
	}
	for i, id := range r.Exclude {
		if known[id] == nil {
			unknownID(fmt.Sprintf("exclude[%d]", i), id)
		}
	}
	if len(opts) > 0 && left == 0 {
		probs = append(probs, tomlfile.Problem{File: file, Line: r.Line("exclude"), Key: "exclude",
			Msg: fmt.Sprintf("leaves out every option in the catalog (%d); nothing is left to compare: remove some ids, or add your own options with --catalog", len(opts))})
	}
	for _, id := range sortedQuoteIDs(r.Quotes) {
		if known[id] == nil {
			unknownID("quotes."+id, id)
		}
	}
	if !r.ConsumptionTaxGiven && r.Currency != "JPY" {
		var need []string
		for _, o := range opts {
			tax := o.Pricing.Tax
			if q, ok := r.Quotes[o.ID]; ok && q.Recurring() {
				tax = q.Tax
			}
			if plan, ok := hostingFor(o, r, hosting); ok && plan.Tax != catalog.TaxUnknown && plan.Tax != r.TaxBasis {
				tax = plan.Tax
			}
			if tax != catalog.TaxUnknown && tax != r.TaxBasis {
				need = append(need, o.ID)
			}
		}
		if len(need) > 0 {
			more := ""
			if len(need) > 3 {
				more = fmt.Sprintf(" and %d more", len(need)-3)
				need = need[:3]
			}
			probs = append(probs, tomlfile.Problem{File: file, Line: r.Line("currency"), Key: "consumption_tax",
				Msg: fmt.Sprintf("needed to convert prices of %s%s to the %s basis; set consumption_tax = <rate, e.g. 0.10>",
					strings.Join(need, ", "), more, r.TaxBasis)})
		}
	}
	return probs
}

// hostingFor is the hosting-table plan a self-hosted option's server is
// priced on, when neither the catalog nor the requirements give a figure:
// the one rule the TCO (costModel.hosting) and this check share.
func hostingFor(o *catalog.Option, r *Requirements, plans []catalog.HostingPlan) (catalog.HostingPlan, bool) {
	p, _, ok := hostingPlan(o, r, plans)
	return p, ok
}

// HostingGap says why no plan of the hosting table can carry a self-hosted
// option: what it needs and which need no plan meets.
type HostingGap struct {
	RAMGB float64 `json:"ram_gb"` // the stack's operations.ram_gb
	// DiskGB is the mailbox total the server must hold: Accounts (the
	// horizon's largest year, Year) × PerUserGB; 0 when the requirements
	// state no mailbox size.
	DiskGB    float64 `json:"disk_gb,omitempty"`
	Year      int     `json:"year,omitempty"`
	Accounts  int     `json:"accounts,omitempty"`
	PerUserGB float64 `json:"per_user_gb,omitempty"`
	// Unmet is "memory" (no plan has the memory), "disk" (no plan states a
	// disk that holds the mail), "memory_disk" (neither) or "together"
	// (some plan has the memory and another the disk, none both).
	Unmet string `json:"unmet"`
}

// hostingNeed is what a server must have for a self-hosted option.
type hostingNeed struct {
	ramGB, diskGB, perUserGB float64
	year, accounts           int
}

// needOf is the stack's memory and, when the requirements state a mailbox
// size, the mailbox total of the horizon's largest year (the last one
// unless the accounts shrink). The disk the operating system and the
// stack itself take is not added: no catalog entry states it as a figure,
// so the plan chosen is the least disk that can do, not a sizing.
func needOf(o *catalog.Option, r *Requirements) hostingNeed {
	n := hostingNeed{ramGB: o.Operations.RAMGB.Value}
	if r.StoragePerUserGB <= 0 {
		return n
	}
	for y := 1; y <= r.HorizonYears; y++ {
		if acc := Accounts(r.Users, r.Growth, y); acc >= n.accounts {
			n.year, n.accounts = y, acc
		}
	}
	n.perUserGB = r.StoragePerUserGB
	n.diskGB = float64(n.accounts) * r.StoragePerUserGB
	return n
}

func (n hostingNeed) memory(p catalog.HostingPlan) bool { return p.RAMGB >= n.ramGB }

// disk is met with no mailbox size to hold, else only by a stated disk.
func (n hostingNeed) disk(p catalog.HostingPlan) bool {
	return n.diskGB == 0 || (p.DiskGB.Known && p.DiskGB.Value >= n.diskGB)
}

// hostingPlan is hostingFor with the reason when no plan qualifies: the
// cheapest plan (plans are ordered by price) with the stack's memory and
// a disk that holds the mailbox total. gap is nil when the table does not
// apply (a stated server price, or no ram_gb).
func hostingPlan(o *catalog.Option, r *Requirements, plans []catalog.HostingPlan) (plan catalog.HostingPlan, gap *HostingGap, ok bool) {
	if o.Kind != catalog.SelfHosted || o.Operations.ServerMonthly.Known || r.ServerMonthly.Known || !o.Operations.RAMGB.Known {
		return catalog.HostingPlan{}, nil, false
	}
	n := needOf(o, r)
	memory, disk := false, false
	for _, p := range plans {
		if n.memory(p) && n.disk(p) {
			return p, nil, true
		}
		memory = memory || n.memory(p)
		disk = disk || n.disk(p)
	}
	g := &HostingGap{RAMGB: n.ramGB, DiskGB: n.diskGB, Year: n.year, Accounts: n.accounts, PerUserGB: n.perUserGB}
	switch {
	case !memory && !disk:
		g.Unmet = "memory_disk"
	case !memory:
		g.Unmet = "memory"
	case !disk:
		g.Unmet = "disk"
	default:
		g.Unmet = "together"
	}
	return catalog.HostingPlan{}, g, false
}

func sortedQuoteIDs(q map[string]Quote) []string {
	m := make(map[string]any, len(q))
	for k := range q {
		m[k] = nil
	}
	return sortedKeys(m)
}

// closestID suggests the catalog id nearest to a misspelt one: within edit
// distance 3, else the shortest id that starts with what was typed.
func closestID(id string, ids []string) string {
	best, bestD := "", 4
	for _, c := range ids {
		if d := tomlfile.EditDistance(id, c); d < bestD {
			best, bestD = c, d
		}
	}
	if best != "" {
		return best
	}
	var prefixed []string
	for _, c := range ids {
		if strings.HasPrefix(c, id) {
			prefixed = append(prefixed, c)
		}
	}
	// Several ids extend what was typed (kagoya → kagoya-mail,
	// kagoya-mail-shared, …): the shortest is the plan the others
	// specialise, so it is the likeliest meant.
	shortest := ""
	for _, c := range prefixed {
		if shortest == "" || len(c) < len(shortest) || (len(c) == len(shortest) && c < shortest) {
			shortest = c
		}
	}
	return shortest
}

// ToBasis converts a price stated with tax basis `tax` to the requirements'
// basis. A price whose basis is unknown is used as stated (the caller lists
// it as unverified).
func (r *Requirements) ToBasis(v float64, tax string) float64 {
	switch {
	case tax == catalog.TaxUnknown || tax == "" || tax == r.TaxBasis:
		return v
	case tax == catalog.TaxIncluded: // to excluded
		return v / (1 + r.ConsumptionTax)
	default: // excluded to included
		return v * (1 + r.ConsumptionTax)
	}
}

// Message says which need no plan of the hosting table meets.
func (g *HostingGap) Message() msg.Message {
	return msg.New("hosting_gap."+g.Unmet, "ram", g.RAMGB, "disk", g.DiskGB, "year", g.Year, "accounts", g.Accounts, "per_user", g.PerUserGB)
}
