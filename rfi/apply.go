package rfi

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/catalog/tomlfile"
)

// Applied is one option rebuilt from the answers, with how many keys the
// vendor answered.
type Applied struct {
	Option   *catalog.Option
	Answered int
}

// Apply turns answered sheets into catalog options. Each option that has
// at least one answer is the catalog's option (or, for a --new sheet, a new
// one) with every answered key replaced by the answer. Keys left blank
// keep the catalog's value. Each sheet with answers adds one source of
// kind vendor_answer, naming the file, the sheet, the vendor and the date,
// that backs exactly the keys answered; each answered key's evidence line
// says what was answered, where, and the vendor's evidence note.
//
// Rules across answers: a price answered as pricing.flat_month and/or
// pricing.per_user_month replaces the catalog's tiers and terms, as a quote
// does, and a component left blank beside an answered one is 0 (the
// catalog's convention for a price that names one component); tiers
// answered replace them tier by tier. Every problem is returned at once.
func Apply(cat []*catalog.Option, sheets []SheetAnswers, answeredOn time.Time) ([]Applied, Problems) {
	var probs Problems
	var order []string
	byOption := map[string][]*SheetAnswers{}
	for i := range sheets {
		s := &sheets[i]
		if len(s.Answers) == 0 {
			continue
		}
		if _, ok := byOption[s.OptionID]; !ok {
			order = append(order, s.OptionID)
		}
		byOption[s.OptionID] = append(byOption[s.OptionID], s)
	}
	var out []Applied
	for _, id := range order {
		ss := byOption[id]
		if ps := conflicts(ss); len(ps) > 0 {
			probs = append(probs, ps...)
			continue
		}
		o, n, ps := applyOption(cat, ss, answeredOn)
		probs = append(probs, ps...)
		if o != nil && len(ps) == 0 {
			out = append(out, Applied{Option: o, Answered: n})
		}
	}
	return out, probs
}

// conflicts reports a key answered differently on two sheets (two files
// sent back for the same option).
func conflicts(ss []*SheetAnswers) Problems {
	var probs Problems
	first := map[string]struct {
		a Answer
		s *SheetAnswers
	}{}
	for _, s := range ss {
		for _, a := range s.Answers {
			prev, ok := first[a.Key]
			if !ok {
				first[a.Key] = struct {
					a Answer
					s *SheetAnswers
				}{a, s}
				continue
			}
			if prev.a.Value != a.Value {
				probs = append(probs, Problem{File: s.File, Sheet: s.Sheet, Cell: a.Cell, Key: a.Key,
					Msg: fmt.Sprintf("answered %q here and %q in %s!%s!%s; keep one answer", a.Value.String(a.Spec), prev.a.Value.String(prev.a.Spec), prev.s.File, prev.s.Sheet, prev.a.Cell)})
			}
		}
	}
	return probs
}

// answerSet is an option's answers from every sheet, by key, each with
// the sheet it came from.
type answerSet map[string]located

type located struct {
	Answer
	sheet *SheetAnswers
}

func (as answerSet) problem(key, format string, args ...any) Problem {
	a := as[key]
	return Problem{File: a.sheet.File, Sheet: a.sheet.Sheet, Cell: a.Cell, Key: key, Msg: fmt.Sprintf(format, args...)}
}

func applyOption(cat []*catalog.Option, ss []*SheetAnswers, answeredOn time.Time) (*catalog.Option, int, Problems) {
	first := ss[0]
	as := answerSet{}
	for _, s := range ss {
		for _, a := range s.Answers {
			if _, ok := as[a.Key]; !ok {
				as[a.Key] = located{a, s}
			}
		}
	}
	var probs Problems
	var o *catalog.Option
	if base := catalog.Find(cat, first.OptionID); base != nil {
		o = cloneOption(base)
	} else if first.New {
		o = newOption(first, answeredOn)
		if a, ok := as["url"]; ok {
			o.URL = a.Value.Text
		} else {
			probs = append(probs, Problem{File: first.File, Sheet: first.Sheet, Cell: first.cells["url"], Key: "url",
				Msg: "missing; a new vendor's sheet needs the web page of its service (https://…)"})
		}
		if a, ok := as["name"]; ok {
			o.Name = a.Value.Text
		}
	} else {
		return nil, 0, Problems{{File: first.File, Sheet: first.Sheet, Msg: fmt.Sprintf("option %s is not in the catalog; import with the same --catalog files as the export", first.OptionID)}}
	}

	keys := make([]string, 0, len(as))
	for k := range as {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		a := as[k]
		if _, ok := catalog.LookupCapability(k); ok {
			o.Caps[k] = a.Value.State
			if a.Value.State == catalog.Addon {
				if _, has := o.AddonPrice[k]; !has {
					o.AddonPrice[k] = catalog.Unknown
				}
			} else {
				delete(o.AddonPrice, k)
			}
		}
	}
	for _, k := range keys {
		a := as[k]
		n := catalog.Known(a.Value.Num)
		switch {
		case strings.HasPrefix(k, "addons."):
			capKey := strings.TrimPrefix(k, "addons.")
			if st := o.Cap(capKey); st != catalog.Addon {
				probs = append(probs, as.problem(k, "a price for an option (addon), but %s is %q; give it only when %s is answered \"addon\"", capKey, st, capKey))
				continue
			}
			o.AddonPrice[capKey] = n
		case k == "storage.per_user_gb":
			o.Storage.PerUserGB = n
		case k == "storage.total_gb":
			o.Storage.TotalGB = n
		case k == "support.hours":
			o.Support.Hours = a.Value.Text
		case k == "pricing.tax":
			o.Pricing.Tax, o.Pricing.TaxStated = a.Value.Text, true
		case k == "pricing.max_users":
			o.Pricing.MaxUsers = n
			if !tiered(&o.Pricing) && len(o.Pricing.Tiers) == 1 {
				o.Pricing.Tiers[0].MaxUsers = n
			}
		}
	}
	if o.Pricing.Currency == "" {
		o.Pricing.Currency = first.Currency
	}
	probs = append(probs, applyPrice(o, as)...)
	if len(probs) > 0 {
		return nil, 0, probs
	}
	cite(o, ss, as, answeredOn)

	// The option must load as catalog data: write it and read it back, so
	// the output passes `catalog validate` and every derived field (the
	// headline price) is what Parse makes of it.
	b := catalog.Marshal("", []*catalog.Option{o})
	parsed, err := catalog.Parse(first.File, b)
	if err != nil {
		var tps tomlfile.Problems
		if !errors.As(err, &tps) {
			return nil, 0, Problems{{File: first.File, Sheet: first.Sheet, Msg: err.Error()}}
		}
		for _, tp := range tps {
			key := strings.TrimPrefix(tp.Key, "option[0].")
			p := Problem{File: first.File, Sheet: first.Sheet, Key: key, Msg: tp.Msg}
			if a, ok := as[key]; ok {
				p.File, p.Sheet, p.Cell = a.sheet.File, a.sheet.Sheet, a.Cell
			}
			probs = append(probs, p)
		}
		return nil, 0, probs
	}
	parsed[0].Origin = ""
	return parsed[0], len(as), nil
}

func newOption(s *SheetAnswers, answeredOn time.Time) *catalog.Option {
	o := &catalog.Option{ID: s.OptionID, Name: s.Service, Vendor: s.Vendor, Kind: catalog.Provider, AsOf: answeredOn,
		Caps: map[string]catalog.State{}, AddonPrice: map[string]catalog.Amount{}, Build: map[string]catalog.State{}, Evidence: map[string]string{},
		Pricing: catalog.Pricing{Currency: s.Currency, Tax: catalog.TaxUnknown, PerYear: catalog.Known(0), MinUsers: catalog.Unknown,
			MaxUsers: catalog.Unknown, Billing: "unknown",
			Tiers: []catalog.Tier{{MaxUsers: catalog.Unknown, StorageTotalGB: catalog.Unknown,
				Prices: []catalog.Price{{FlatMonth: catalog.Known(0), PerUserMonth: catalog.Unknown, Initial: catalog.Unknown}}}}},
		Storage: catalog.Storage{PerUserGB: catalog.Unknown, Pooled: catalog.StateUnknown, TotalGB: catalog.Unknown},
		Support: catalog.SupportTerms{Hours: "unknown", SLAPercent: catalog.Unknown},
		Operations: catalog.Operations{SetupHours: catalog.Unknown, MonthlyAdminHours: catalog.Unknown, ServerMonthly: catalog.Unknown,
			HardwareInitial: catalog.Unknown, RAMGB: catalog.Unknown},
	}
	for _, k := range catalog.CapabilityKeys {
		o.Caps[k.Path()] = catalog.StateUnknown
	}
	return o
}

var tierField = regexp.MustCompile(`^pricing\.tiers\[([0-9]+)\]\.(.+)$`)

// applyPrice applies the price answers: a single price, tiers, the initial
// fee and the term.
func applyPrice(o *catalog.Option, as answerSet) Problems {
	var probs Problems
	p := &o.Pricing
	num := func(k string) (catalog.Amount, bool) {
		a, ok := as[k]
		return catalog.Known(a.Value.Num), ok
	}
	flat, hasFlat := num("pricing.flat_month")
	user, hasUser := num("pricing.per_user_month")
	initial, hasInitial := num("pricing.initial")
	termA, hasTerm := num("pricing.term_months")
	term := int(termA.Value)

	tierAns := map[int]map[string]located{}
	var tierKeys []string
	for k, a := range as {
		if m := tierField.FindStringSubmatch(k); m != nil {
			n, _ := strconv.Atoi(m[1])
			if tierAns[n] == nil {
				tierAns[n] = map[string]located{}
			}
			tierAns[n][m[2]] = a
			tierKeys = append(tierKeys, k)
		}
	}
	sort.Slice(tierKeys, func(i, j int) bool { return as[tierKeys[i]].Cell < as[tierKeys[j]].Cell })
	if (hasFlat || hasUser) && len(tierAns) > 0 {
		k := "pricing.flat_month"
		if !hasFlat {
			k = "pricing.per_user_month"
		}
		return Problems{as.problem(k, "a price is answered here and by tier (%s); give one price or the tiers, not both", tierKeys[0])}
	}
	firstPrice := func() catalog.Price {
		for _, t := range p.TierList() {
			for _, pr := range t.Prices {
				return pr
			}
		}
		return catalog.Price{FlatMonth: catalog.Known(0), PerUserMonth: catalog.Unknown, Initial: catalog.Unknown}
	}()
	answered := func(pr catalog.Price, fl, us catalog.Amount, hasF, hasU bool) catalog.Price {
		out := catalog.Price{FlatMonth: catalog.Known(0), PerUserMonth: catalog.Known(0), Initial: pr.Initial, TermMonths: pr.TermMonths, Payment: pr.Payment}
		if hasF {
			out.FlatMonth = fl
		}
		if hasU {
			out.PerUserMonth = us
		}
		if hasTerm {
			out.TermMonths, out.Payment = term, ""
		}
		return out
	}
	switch {
	case len(tierAns) > 0:
		var existing []catalog.Tier
		if tiered(p) {
			existing = p.Tiers
		}
		last := len(existing)
		for n := range tierAns {
			last = max(last, n)
		}
		var tiers []catalog.Tier
		var prev *catalog.Tier
		for n := 1; n <= last; n++ {
			ans := tierAns[n]
			var t catalog.Tier
			switch {
			case n <= len(existing):
				t = existing[n-1]
				t.Prices = append([]catalog.Price(nil), t.Prices...)
			case len(ans) == 0:
				continue
			default:
				t = catalog.Tier{MaxUsers: catalog.Unknown, StorageTotalGB: catalog.Unknown,
					Prices: []catalog.Price{{FlatMonth: catalog.Unknown, PerUserMonth: catalog.Known(0), Initial: firstPrice.Initial}}}
			}
			if a, ok := ans["name"]; ok {
				t.Name = a.Value.Text
			}
			if a, ok := ans["max_users"]; ok {
				t.MaxUsers = catalog.Known(a.Value.Num)
			}
			if a, ok := ans["storage_total_gb"]; ok {
				t.StorageTotalGB = catalog.Known(a.Value.Num)
			}
			fa, hf := ans["flat_month"]
			ua, hu := ans["per_user_month"]
			if hf || hu {
				base := t.Prices[0]
				if len(t.Prices) > 1 {
					base.TermMonths, base.Payment = 0, ""
				}
				t.Prices = []catalog.Price{answered(base, catalog.Known(fa.Value.Num), catalog.Known(ua.Value.Num), hf, hu)}
			}
			if strings.TrimSpace(t.Name) == "" {
				at := firstAnswered(ans)
				probs = append(probs, Problem{File: at.sheet.File, Sheet: at.sheet.Sheet, Cell: at.Cell, Key: fmt.Sprintf("pricing.tiers[%d].name", n),
					Msg: "a tier without a name; name each tier as you sell it (e.g. \"Standard\")"})
			}
			if prev != nil && t.MaxUsers.Known && prev.MaxUsers.Known && t.MaxUsers.Value < prev.MaxUsers.Value {
				at := firstAnswered(ans)
				if a, ok := ans["max_users"]; ok {
					at = a
				}
				probs = append(probs, Problem{File: at.sheet.File, Sheet: at.sheet.Sheet, Cell: at.Cell, Key: fmt.Sprintf("pricing.tiers[%d].max_users", n),
					Msg: fmt.Sprintf("%v accounts is below the previous tier's %v; list tiers from smallest to largest", t.MaxUsers.Value, prev.MaxUsers.Value)})
			}
			tiers = append(tiers, t)
			prev = &tiers[len(tiers)-1]
		}
		p.Tiers = tiers
	case hasFlat || hasUser:
		// One price for this company, as a quote: it replaces the
		// catalog's tiers and terms.
		base := firstPrice
		if len(p.TierList()) > 1 || len(p.TierList()[0].Prices) > 1 {
			base.TermMonths, base.Payment = 0, ""
		}
		p.Tiers = []catalog.Tier{{MaxUsers: p.MaxUsers, StorageTotalGB: catalog.Unknown,
			Prices: []catalog.Price{answered(base, flat, user, hasFlat, hasUser)}}}
	case hasTerm:
		// The term alone picks the catalog's price on that term.
		var terms []string
		for i, t := range p.TierList() {
			var keep []catalog.Price
			for _, pr := range t.Prices {
				if len(t.Prices) == 1 || pr.TermMonths == term {
					keep = append(keep, pr)
				}
				terms = append(terms, strconv.Itoa(pr.TermMonths))
			}
			if len(keep) == 0 {
				probs = append(probs, as.problem("pricing.term_months", "%d months is not a term the catalog lists (%s); give the price on that term in pricing.flat_month or pricing.per_user_month",
					term, strings.Join(dedupe(terms), ", ")))
				break
			}
			if len(keep) == 1 {
				keep[0].TermMonths = term
			}
			if len(p.Tiers) > i {
				p.Tiers[i].Prices = keep
			}
		}
	}
	if hasInitial {
		for i := range p.Tiers {
			for j := range p.Tiers[i].Prices {
				p.Tiers[i].Prices[j].Initial = initial
			}
		}
	}
	return probs
}

func firstAnswered(m map[string]located) located {
	var best located
	for _, a := range m {
		if best.sheet == nil || a.Cell < best.Cell {
			best = a
		}
	}
	return best
}

func dedupe(xs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// catalogTables are the tables a source with no keys backs: an option with
// one such source reads every value from it (catalog.Option.SourcesFor).
var catalogTables = []string{"pricing", "storage", "features", "mobile", "security", "support", "operations", "build", "addons"}

// cite adds one vendor_answer source per sheet that backs the keys it
// answered, and an evidence line per answered key.
func cite(o *catalog.Option, ss []*SheetAnswers, as answerSet, answeredOn time.Time) {
	// A lone source without keys backed every value by being alone; once
	// the answer joins it, it must say so.
	if len(o.SourceList) == 1 && len(o.SourceList[0].Keys) == 0 {
		o.SourceList[0].Keys = append([]string(nil), catalogTables...)
	}
	date := answeredOn.Format("2006-01-02")
	for _, s := range ss {
		var keys []string
		seen := map[string]bool{}
		for _, a := range s.Answers {
			if as[a.Key].sheet != s {
				continue // the same answer came first from another file
			}
			for _, k := range sourceKeys(a.Key) {
				if !seen[k] {
					seen[k] = true
					keys = append(keys, k)
				}
			}
			if a.Key == "name" || a.Key == "url" {
				continue
			}
			ev := fmt.Sprintf("answered %q by %s in %s!%s!%s on %s", a.Value.String(a.Spec), o.Vendor, filepath.Base(s.File), s.Sheet, a.Cell, date)
			if a.Evidence != "" {
				ev += ": " + a.Evidence
			}
			ek := evidenceKey(a.Key)
			if prev, ok := o.Evidence[ek]; ok && ek != a.Key && strings.HasPrefix(prev, "answered ") {
				ev = prev + "; " + ev
			}
			o.Evidence[ek] = ev
		}
		if len(keys) == 0 && len(o.SourceList) > 0 {
			continue // a new vendor that gave only its name and page still needs its one source
		}
		o.SourceList = append(o.SourceList, catalog.Source{File: filepath.Base(s.File), Kind: catalog.SourceVendorAnswer, Read: answeredOn,
			Title: fmt.Sprintf("answer of %s to the questionnaire, sheet %s", o.Vendor, s.Sheet), Keys: keys})
		o.Sources = append(o.Sources, filepath.Base(s.File))
	}
}

// sourceKeys are the catalog keys an answered question backs.
func sourceKeys(key string) []string {
	switch {
	case key == "name" || key == "url":
		return nil
	case key == "pricing.flat_month" || key == "pricing.per_user_month":
		// One component answered states the other as 0.
		return []string{"pricing.flat_month", "pricing.per_user_month"}
	case strings.HasPrefix(key, "pricing.tiers["):
		return []string{"pricing.tiers"}
	case strings.HasPrefix(key, "addons."):
		return []string{"addons"}
	}
	return []string{key}
}

// evidenceKey is the [option.evidence] key an answer's line goes under.
func evidenceKey(key string) string {
	if strings.HasPrefix(key, "pricing.tiers[") {
		return "pricing.tiers"
	}
	return key
}
