package rfi

import (
	"strconv"
	"strings"

	"github.com/mailpick/mailpick/catalog"
)

// currentText is what the catalog says about key for o, with the kind and
// date of its strongest source, so the vendor sees what to confirm or
// correct: "はい — ベンダー公式（2026-11-30確認）", "unknown (no source
// states it)".
func currentText(o *catalog.Option, key, lang string) string {
	v, known := currentValue(o, key, lang)
	if !known {
		return tr(lang, "unknown (no source states it)", "不明（公開情報なし）")
	}
	src := sourceKey(key)
	if ss := o.SourcesFor(src); len(ss) > 0 {
		return v + " — " + ss[0].Tag(lang)
	}
	return v + tr(lang, " — no source named", " — 出典の記載なし")
}

// sourceKey is the catalog key whose sources back a question's key.
func sourceKey(key string) string {
	switch {
	case strings.HasPrefix(key, "pricing.tiers["):
		return "pricing.tiers"
	case strings.HasPrefix(key, "addons."):
		return "addons"
	}
	return key
}

// currentValue is o's value for key in words; known is false when no
// source states it.
func currentValue(o *catalog.Option, key, lang string) (string, bool) {
	p := &o.Pricing
	cur := p.Currency
	if _, ok := catalog.LookupCapability(key); ok {
		st := o.Cap(key)
		return choiceLabel(string(st), lang), st != catalog.StateUnknown
	}
	if m := tierKey.FindStringSubmatch(key); m != nil {
		n, _ := strconv.Atoi(m[1])
		if !tiered(p) || n > len(p.Tiers) {
			return "", false
		}
		t := p.Tiers[n-1]
		switch m[2] {
		case "name":
			return t.Name, true
		case "max_users":
			return amountText(t.MaxUsers, ""), t.MaxUsers.Known
		case "storage_total_gb":
			return amountText(t.StorageTotalGB, " GB"), t.StorageTotalGB.Known
		case "flat_month":
			return termList(t.Prices, func(pr catalog.Price) catalog.Amount { return pr.FlatMonth }, cur, lang)
		case "per_user_month":
			return termList(t.Prices, func(pr catalog.Price) catalog.Amount { return pr.PerUserMonth }, cur, lang)
		}
	}
	if capKey, ok := strings.CutPrefix(key, "addons."); ok {
		a, has := o.AddonPrice[capKey]
		return amountText(a, " "+cur), has && a.Known
	}
	switch key {
	case "storage.per_user_gb":
		return amountText(o.Storage.PerUserGB, " GB"), o.Storage.PerUserGB.Known
	case "storage.total_gb":
		return amountText(o.Storage.TotalGB, " GB"), o.Storage.TotalGB.Known
	case "support.hours":
		return choiceLabel(o.Support.Hours, lang), o.Support.Hours != "" && o.Support.Hours != "unknown"
	case "pricing.tax":
		return choiceLabel(p.Tax, lang), p.TaxStated && p.Tax != catalog.TaxUnknown
	case "pricing.max_users":
		return amountText(p.MaxUsers, ""), p.MaxUsers.Known
	case "pricing.term_months":
		var terms []string
		seen := map[int]bool{}
		for _, t := range p.TierList() {
			for _, pr := range t.Prices {
				if pr.TermMonths > 0 && !seen[pr.TermMonths] {
					seen[pr.TermMonths] = true
					terms = append(terms, strconv.Itoa(pr.TermMonths))
				}
			}
		}
		if len(terms) == 0 {
			return "", false
		}
		return strings.Join(terms, ", ") + tr(lang, " months", "か月"), true
	case "pricing.flat_month", "pricing.per_user_month", "pricing.initial":
		get := map[string]func(catalog.Price) catalog.Amount{
			"pricing.flat_month":     func(pr catalog.Price) catalog.Amount { return pr.FlatMonth },
			"pricing.per_user_month": func(pr catalog.Price) catalog.Amount { return pr.PerUserMonth },
			"pricing.initial":        func(pr catalog.Price) catalog.Amount { return pr.Initial },
		}[key]
		tiers := p.TierList()
		if !tiered(p) {
			if key != "pricing.initial" && len(tiers[0].Prices) == 1 && !tiers[0].Prices[0].Known() {
				// One component unknown leaves the price unknown; the
				// other's 0 is only the catalog's default.
				return "", false
			}
			return termList(tiers[0].Prices, get, cur, lang)
		}
		var parts []string
		known := false
		for _, t := range tiers {
			s, k := termList(t.Prices, get, cur, lang)
			if k {
				known = true
			}
			parts = append(parts, t.Name+": "+s)
		}
		return strings.Join(parts, "; "), known
	}
	return "", false
}

// termList is one price component on each term of a tier: "4,180 JPY"
// for one price, "3か月 5,016 / 12か月 4,180 JPY" for several.
func termList(ps []catalog.Price, get func(catalog.Price) catalog.Amount, cur, lang string) (string, bool) {
	if len(ps) == 0 {
		return "", false
	}
	if len(ps) == 1 {
		a := get(ps[0])
		return amountText(a, " "+cur), a.Known
	}
	var parts []string
	known := false
	for _, pr := range ps {
		a := get(pr)
		known = known || a.Known
		v := tr(lang, "unknown", "不明")
		if a.Known {
			v = groupThousands(strconv.FormatFloat(a.Value, 'f', -1, 64))
		}
		parts = append(parts, tr(lang, "%d months %s", "%dか月 %s", pr.TermMonths, v))
	}
	return strings.Join(parts, " / ") + " " + cur, known
}

func amountText(a catalog.Amount, unit string) string {
	if !a.Known {
		return ""
	}
	return groupThousands(strconv.FormatFloat(a.Value, 'f', -1, 64)) + unit
}
