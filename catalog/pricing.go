package catalog

import (
	"fmt"
	"strings"

	"github.com/mailpick/mailpick/catalog/tomlfile"
)

// priceKeys are the keys that state one price, at [pricing], in a tier or
// in a terms entry.
var priceKeys = []string{"per_user_month", "flat_month", "initial", "term_months", "payment"}

// parsePricing reads [option.pricing] in any of its forms:
//
//   - simple: per_user_month and/or flat_month (+ initial, term_months,
//     payment) directly under [pricing];
//   - by term: terms = [{term_months = 1, per_user_month = 15}, …], one
//     entry per commitment the same plan is sold on;
//   - tiered: [[option.pricing.tiers]], each with its own price (simple or
//     by term), max_users and storage_total_gb.
//
// Every form ends up as Pricing.Tiers, so the cost model walks one shape.
func parsePricing(doc *tomlfile.Doc, t map[string]any, path string, o *Option) {
	if t == nil {
		doc.Addf(path, "missing [pricing] table; give currency and per_user_month and/or flat_month (numbers or \"unknown\")")
		return
	}
	doc.CheckKeys(t, path, []string{"currency", "per_user_month", "flat_month", "initial", "term_months", "payment",
		"terms", "tiers", "tax", "per_year", "min_users", "max_users", "billing"})
	p := &o.Pricing
	if c := requiredString(doc, t, path, "currency"); c != "" && c != "unknown" {
		if !currencyPattern.MatchString(c) {
			doc.Addf(path+".currency", "%q is not an ISO 4217 code like \"JPY\" or \"USD\"", c)
		}
		p.Currency = c
	}
	p.Tax = TaxUnknown
	if v, ok := doc.Enum(t, path, "tax", TaxIncluded, TaxExcluded, TaxUnknown); ok {
		p.Tax, p.TaxStated = v, true
	}
	p.PerYear = amount(doc, t, path, "per_year", false)
	if _, ok := t["per_year"]; !ok {
		p.PerYear = Known(0)
	}
	p.MinUsers = amount(doc, t, path, "min_users", false)
	p.MaxUsers = amount(doc, t, path, "max_users", false)
	if p.MinUsers.Known && p.MaxUsers.Known && p.MinUsers.Value > p.MaxUsers.Value {
		doc.Addf(path+".min_users", "min_users (%v) is above max_users (%v)", p.MinUsers.Value, p.MaxUsers.Value)
	}
	if b, ok := doc.Enum(t, path, "billing", "monthly", "annual", "unknown"); ok {
		p.Billing = b
	} else {
		p.Billing = "unknown"
	}

	// The initial fee stated under [pricing] applies to every tier and term
	// that does not state its own.
	defaultInitial := Unknown
	if _, ok := t["initial"]; ok {
		defaultInitial = amount(doc, t, path, "initial", false)
	}
	tiers := doc.Tables(t, path, "tiers")
	if len(tiers) > 0 {
		for _, k := range []string{"per_user_month", "flat_month", "term_months", "payment", "terms"} {
			if _, ok := t[k]; ok {
				doc.Addf(path+"."+k, "give prices in each [[option.pricing.tiers]] entry, not also under [pricing]")
			}
		}
		for i, tt := range tiers {
			tp := fmt.Sprintf("%s.tiers[%d]", path, i)
			doc.CheckKeys(tt, tp, append([]string{"name", "max_users", "storage_total_gb", "terms"}, priceKeys...))
			tier := Tier{MaxUsers: amount(doc, tt, tp, "max_users", false), StorageTotalGB: amount(doc, tt, tp, "storage_total_gb", false)}
			tier.Name, _ = doc.String(tt, tp, "name")
			if strings.TrimSpace(tier.Name) == "" {
				doc.Addf(tp+".name", "missing; name each tier as the vendor does (e.g. \"スタンダード\")")
			}
			if i > 0 {
				prev := p.Tiers[i-1]
				if tier.MaxUsers.Known && prev.MaxUsers.Known && tier.MaxUsers.Value < prev.MaxUsers.Value {
					doc.Addf(tp+".max_users", "tiers go from smallest to largest; %v is below the previous tier's %v", tier.MaxUsers.Value, prev.MaxUsers.Value)
				}
			}
			tier.Prices = parsePrices(doc, tt, tp, defaultInitial, "a tier")
			p.Tiers = append(p.Tiers, tier)
		}
	} else {
		tier := Tier{MaxUsers: p.MaxUsers, StorageTotalGB: Unknown}
		tier.Prices = parsePrices(doc, t, path, defaultInitial, "[pricing]")
		p.Tiers = []Tier{tier}
	}
	if p.Currency == "" && t["currency"] == "unknown" && p.anyKnownPrice() {
		doc.Addf(path+".currency", "is \"unknown\" but a price is stated; give the currency the source quotes it in")
	}
	if len(p.Tiers) > 0 && len(p.Tiers[0].Prices) > 0 {
		first := p.Tiers[0].Prices[0]
		p.PerUserMonth, p.FlatMonth, p.Initial = first.PerUserMonth, first.FlatMonth, first.Initial
		p.TermMonths, p.Payment = first.TermMonths, first.Payment
	}
}

// parsePrices reads either a terms list or the price keys of one table.
func parsePrices(doc *tomlfile.Doc, t map[string]any, path string, defaultInitial Amount, where string) []Price {
	if _, ok := t["terms"]; ok {
		for _, k := range []string{"per_user_month", "flat_month", "term_months", "payment"} {
			if _, dup := t[k]; dup {
				doc.Addf(path+"."+k, "give either terms = [...] or %s in %s, not both", k, where)
			}
		}
		if _, ok := t["initial"]; ok {
			defaultInitial = amount(doc, t, path, "initial", false)
		}
		entries := doc.Tables(t, path, "terms")
		if len(entries) == 0 {
			doc.Addf(path+".terms", "is empty; list one entry per term, e.g. terms = [{term_months = 12, flat_month = 4180}]")
		}
		var out []Price
		seen := map[string]int{}
		for i, e := range entries {
			ep := fmt.Sprintf("%s.terms[%d]", path, i)
			doc.CheckKeys(e, ep, priceKeys)
			pr := parsePrice(doc, e, ep, defaultInitial)
			if _, ok := e["term_months"]; !ok {
				doc.Addf(ep+".term_months", "missing; a terms entry says which commitment its price assumes (months, e.g. 12)")
			}
			key := fmt.Sprintf("%d/%s", pr.TermMonths, pr.Payment)
			if prev, dup := seen[key]; dup {
				doc.Addf(ep, "same term_months and payment as terms[%d]; each term appears once", prev)
			}
			seen[key] = i
			out = append(out, pr)
		}
		return out
	}
	_, hasUser := t["per_user_month"]
	_, hasFlat := t["flat_month"]
	if !hasUser && !hasFlat {
		doc.Addf(tomlfile.Join(path, "per_user_month"), "missing; give per_user_month and/or flat_month in %s (a number from a source or \"unknown\")", where)
		return []Price{{FlatMonth: Unknown, PerUserMonth: Unknown, Initial: defaultInitial}}
	}
	if _, ok := t["initial"]; !ok && where == "[pricing]" {
		doc.Warnf(tomlfile.Join(path, "initial"), "missing; taken as \"unknown\" (write a number from a source, or \"unknown\")")
	}
	return []Price{parsePrice(doc, t, path, defaultInitial)}
}

// parsePrice reads one price. A component that is absent is Known(0) when
// the other is stated: a flat-priced plan has no per-account charge.
func parsePrice(doc *tomlfile.Doc, t map[string]any, path string, defaultInitial Amount) Price {
	pr := Price{FlatMonth: Known(0), PerUserMonth: Known(0), Initial: defaultInitial}
	_, hasUser := t["per_user_month"]
	_, hasFlat := t["flat_month"]
	if !hasUser && !hasFlat {
		doc.Addf(path, "no price; give per_user_month and/or flat_month (a number or \"unknown\")")
		pr.FlatMonth, pr.PerUserMonth = Unknown, Unknown
	}
	if hasUser {
		pr.PerUserMonth = amount(doc, t, path, "per_user_month", false)
	}
	if hasFlat {
		pr.FlatMonth = amount(doc, t, path, "flat_month", false)
	}
	if _, ok := t["initial"]; ok {
		pr.Initial = amount(doc, t, path, "initial", false)
	}
	if n, ok := doc.Int(t, path, "term_months"); ok {
		if n < 1 || n > 120 {
			doc.Addf(tomlfile.Join(path, "term_months"), "must be between 1 and 120 months (got %d)", n)
		} else {
			pr.TermMonths = int(n)
		}
	}
	if v, ok := doc.Enum(t, path, "payment", PaymentMonthly, PaymentUpfront); ok {
		pr.Payment = v
	}
	return pr
}

// anyKnownPrice reports whether any tier or term states a recurring price
// or an initial fee, or a yearly licence is stated.
func (p *Pricing) anyKnownPrice() bool {
	if p.PerYear.Known && p.PerYear.Value > 0 {
		return true
	}
	for _, t := range p.Tiers {
		for _, pr := range t.Prices {
			if (pr.FlatMonth.Known && pr.FlatMonth.Value > 0) || (pr.PerUserMonth.Known && pr.PerUserMonth.Value > 0) || (pr.Initial.Known && pr.Initial.Value > 0) {
				return true
			}
		}
	}
	return false
}

// TierList returns the tiers to price: Tiers, or for a Pricing built in
// code with only the simple fields, one tier made of them.
func (p Pricing) TierList() []Tier {
	if len(p.Tiers) > 0 {
		return p.Tiers
	}
	flat := p.FlatMonth
	if !flat.Known && flat.Value == 0 && p.PerUserMonth.Known {
		flat = Known(0) // a per-user price with no flat part stated
	}
	return []Tier{{MaxUsers: p.MaxUsers, Prices: []Price{{FlatMonth: flat, PerUserMonth: p.PerUserMonth, Initial: p.Initial,
		TermMonths: p.TermMonths, Payment: p.Payment}}}}
}
