package rfi

import (
	"context"
	"errors"
	"fmt"
	"github.com/mailpick/mailpick/msg"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/scoring"
)

// Group is the part of a sheet a question belongs to, in sheet order.
type Group string

const (
	GroupIdentity Group = "identity" // a new vendor's service name and page
	GroupMust     Group = "must"
	GroupWant     Group = "want"
	GroupPrice    Group = "price" // the price and storage facts the TCO needs
)

var groupOrder = map[Group]int{GroupIdentity: 0, GroupMust: 1, GroupWant: 2, GroupPrice: 3}

// Question is one row of a sheet.
type Question struct {
	Key      string
	Group    Group
	Spec     Spec
	Decisive bool
	// Why says, for procurement, how the answer could change the
	// ranking. It is printed by `rfi export`, never written to the
	// workbook: a vendor told the price at which it wins quotes exactly
	// that price.
	Why     string
	Current string // the catalog's value with its source kind and date; "" for a new vendor
}

// Sheet is one option's questionnaire.
type Sheet struct {
	Name      string // the worksheet's name
	OptionID  string
	New       bool // a vendor not in the catalog (--new)
	Service   string
	Vendor    string
	Currency  string // of every amount asked on the sheet
	Questions []Question
}

// Decisive counts the decisive questions.
func (s *Sheet) Decisive() int {
	n := 0
	for _, q := range s.Questions {
		if q.Decisive {
			n++
		}
	}
	return n
}

// Questionnaire is one workbook.
type Questionnaire struct {
	Lang    string
	Company string
	Date    time.Time
	Needs   []string // what the company needs, one line each, for the cover
	Sheets  []Sheet
}

// Input is what Plan needs: the evaluation as `evaluate` computed it and
// what produced it, so an option can be re-evaluated with one answer
// changed.
type Input struct {
	Requirements *scoring.Requirements
	Catalog      []*catalog.Option
	Assumptions  *scoring.Assumptions
	Eval         *scoring.Evaluation
	Lang         string
	Options      []string // --option: ask these; default: see Plan
	New          []string // --new: blank questionnaires for vendors not in the catalog
	Now          time.Time
}

// ErrSelection is wrapped by every error about which options to ask.
var ErrSelection = errors.New("cannot choose the options to ask")

// Plan chooses the options to ask and their questions. By default it asks
// every eligible option that is provisional (price unknown) or has an
// unverified must-have; Input.Options names them instead.
//
// A question is decisive when some answer to it, with everything else
// unchanged, changes who ranks first or whether any price can make the
// option rank first. Plan finds out by re-running scoring.Evaluate on a
// copy of the catalog where the option has that one value changed (met
// and not met); for the price questions it reads the option's tco_to_win.
// Decisive questions come first on each sheet.
//
// Plan re-evaluates the catalog once per unknown answer of each option
// asked, which takes seconds on a large catalog; it stops at the next
// re-evaluation when ctx is done and returns ctx's error.
func Plan(ctx context.Context, in Input) (*Questionnaire, error) {
	r, ev := in.Requirements, in.Eval
	lang := in.Lang
	if lang == "" {
		lang = ev.Lang
	}
	q := &Questionnaire{Lang: lang, Company: r.CompanyName, Date: in.Now, Needs: needs(r, lang)}
	results := map[string]*scoring.Result{}
	for i := range ev.Results {
		results[ev.Results[i].ID] = &ev.Results[i]
	}
	var ids []string
	if len(in.Options) > 0 {
		seen := map[string]bool{}
		for _, id := range in.Options {
			if seen[id] {
				continue
			}
			seen[id] = true
			if catalog.Find(in.Catalog, id) == nil {
				return nil, fmt.Errorf("%w: --option %s: no such option%s", ErrSelection, id, didYouMean(id, in.Catalog))
			}
			if results[id] == nil {
				return nil, fmt.Errorf("%w: --option %s: the requirements exclude it; remove it from exclude to ask its vendor", ErrSelection, id)
			}
			ids = append(ids, id)
		}
	} else {
		for i := range ev.Results {
			res := &ev.Results[i]
			if res.Eligible && (res.Provisional || len(unverifiedMusts(res, r)) > 0) {
				ids = append(ids, res.ID)
			}
		}
	}
	for _, vendor := range in.New {
		if strings.TrimSpace(vendor) == "" {
			return nil, fmt.Errorf("%w: --new is empty; give the vendor's name, e.g. --new \"Example Mail Inc.\"", ErrSelection)
		}
	}
	names := map[string]bool{coverName(lang): true, metaSheet: true}
	p := &planner{ctx: ctx, in: in, lang: lang, results: results}
	for _, id := range ids {
		o := catalog.Find(in.Catalog, id)
		sh := Sheet{Name: sheetName(id, names), OptionID: id, Service: o.Name, Vendor: o.Vendor, Currency: o.Pricing.Currency}
		if sh.Currency == "" {
			sh.Currency = r.Currency
		}
		qs, err := p.questions(o)
		if err != nil {
			return nil, err
		}
		sh.Questions = qs
		q.Sheets = append(q.Sheets, sh)
	}
	newIDs := map[string]bool{}
	for i, vendor := range in.New {
		vendor = strings.TrimSpace(vendor)
		id := NewID(vendor, i+1)
		if newIDs[id] {
			return nil, fmt.Errorf("%w: --new %q is given twice", ErrSelection, vendor)
		}
		newIDs[id] = true
		if catalog.Find(in.Catalog, id) != nil {
			return nil, fmt.Errorf("%w: --new %q: its id %s is already in the catalog; ask it with --option %s", ErrSelection, vendor, id, id)
		}
		qs, err := p.questions(nil)
		if err != nil {
			return nil, err
		}
		q.Sheets = append(q.Sheets, Sheet{Name: sheetName(id, names), OptionID: id, New: true, Service: vendor, Vendor: vendor,
			Currency: r.Currency, Questions: qs})
	}
	if len(q.Sheets) == 0 {
		return nil, fmt.Errorf("%w: no eligible option is provisional or has an unverified must-have; name options with --option ID or add a vendor with --new NAME", ErrSelection)
	}
	return q, nil
}

var nonID = regexp.MustCompile(`[^a-z0-9]+`)

// NewID is the catalog id of a vendor added with --new: its name in
// lowercase ASCII words joined by '-', or "new-vendor-N" when the name has
// no ASCII letters or digits (a Japanese company name).
func NewID(vendor string, n int) string {
	s := strings.Trim(nonID.ReplaceAllString(strings.ToLower(fold(vendor)), "-"), "-")
	if len(s) > 40 {
		s = strings.Trim(s[:40], "-")
	}
	if len(s) < 2 {
		return fmt.Sprintf("new-vendor-%d", n)
	}
	return "new-" + s
}

// sheetName is the option id, shortened to Excel's 31 characters and made
// unique; names already taken are in used.
func sheetName(id string, used map[string]bool) string {
	name := id
	if len(name) > 31 {
		name = name[:31]
	}
	for n := 2; used[strings.ToLower(name)]; n++ {
		suffix := fmt.Sprintf("~%d", n)
		base := id
		if len(base)+len(suffix) > 31 {
			base = base[:31-len(suffix)]
		}
		name = base + suffix
	}
	used[strings.ToLower(name)] = true
	return name
}

func didYouMean(id string, opts []*catalog.Option) string {
	var near []string
	for _, o := range opts {
		if strings.Contains(o.ID, id) || strings.Contains(id, o.ID) {
			near = append(near, o.ID)
		}
	}
	if len(near) == 0 {
		return "; run mailpick catalog list to see the ids"
	}
	if len(near) > 3 {
		near = near[:3]
	}
	return "; did you mean " + strings.Join(near, ", ") + "?"
}

// unverifiedMusts are the must-haves of res that no source settles.
func unverifiedMusts(res *scoring.Result, r *scoring.Requirements) []string {
	var out []string
	for _, u := range res.Unverified {
		if u == "storage.per_user_gb" || r.Level(u) == scoring.Must {
			out = append(out, u)
		}
	}
	return out
}

type planner struct {
	ctx     context.Context
	in      Input
	lang    string
	results map[string]*scoring.Result
}

// questions lists o's questions (o nil: a new vendor), decisive first.
func (p *planner) questions(o *catalog.Option) ([]Question, error) {
	r := p.in.Requirements
	var qs []Question
	add := func(key string, g Group) {
		s, ok := SpecFor(key)
		if !ok {
			panic("rfi: no spec for " + key) // the key lists below and SpecFor disagree: a bug
		}
		q := Question{Key: key, Group: g, Spec: s}
		if o != nil {
			q.Current = currentText(o, key, p.lang)
		}
		qs = append(qs, q)
	}
	selfHosted := o != nil && o.Kind == catalog.SelfHosted
	if o == nil {
		add("name", GroupIdentity)
		add("url", GroupIdentity)
	}
	for _, lvl := range []scoring.Level{scoring.Must, scoring.Want} {
		g := GroupMust
		if lvl == scoring.Want {
			g = GroupWant
		}
		for _, k := range catalog.CapabilityKeys {
			if r.Level(k.Path()) == lvl {
				add(k.Path(), g)
			}
		}
		if lvl == scoring.Must && r.StoragePerUserGB > 0 && !selfHosted {
			add("storage.per_user_gb", GroupMust)
		}
		if lvl == scoring.Want && r.SupportHours != "" && !selfHosted {
			add("support.hours", GroupWant)
		}
	}
	for _, k := range []string{"pricing.tax", "pricing.term_months", "pricing.flat_month", "pricing.per_user_month", "pricing.initial", "pricing.max_users"} {
		add(k, GroupPrice)
	}
	if !selfHosted {
		if r.StoragePerUserGB <= 0 {
			add("storage.per_user_gb", GroupPrice)
		}
		add("storage.total_gb", GroupPrice)
	}
	// An add-on's price is part of the TCO: ask it where the catalog
	// says addon, and where a must-have is open (answered "addon", it
	// would be costed with no price).
	for _, k := range catalog.CapabilityKeys {
		lvl, st := r.Level(k.Path()), stateOf(o, k.Path())
		if (lvl != scoring.No && st == catalog.Addon) || (lvl == scoring.Must && st == catalog.StateUnknown) {
			add("addons."+k.Path(), GroupPrice)
		}
	}
	if !selfHosted {
		for n := 1; n <= tierBlocks(o); n++ {
			for _, f := range []string{"name", "max_users", "storage_total_gb", "flat_month", "per_user_month"} {
				add(fmt.Sprintf("pricing.tiers[%d].%s", n, f), GroupPrice)
			}
		}
	}
	if o != nil {
		if err := p.markDecisive(o, qs); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(qs, func(i, j int) bool {
		a, b := qs[i], qs[j]
		if (a.Group == GroupIdentity) != (b.Group == GroupIdentity) {
			return a.Group == GroupIdentity
		}
		if a.Decisive != b.Decisive {
			return a.Decisive
		}
		return groupOrder[a.Group] < groupOrder[b.Group]
	})
	return qs, nil
}

func stateOf(o *catalog.Option, key string) catalog.State {
	if o == nil {
		return catalog.StateUnknown
	}
	return o.Cap(key)
}

// tierBlocks is how many tier blocks a sheet offers: one per tier the
// catalog knows plus one, or two for a plan the catalog does not know in
// tiers.
func tierBlocks(o *catalog.Option) int {
	if o != nil && tiered(&o.Pricing) {
		return len(o.Pricing.Tiers) + 1
	}
	return 2
}

func tiered(p *catalog.Pricing) bool {
	return len(p.Tiers) > 1 || (len(p.Tiers) == 1 && p.Tiers[0].Name != "")
}

// markDecisive sets Decisive and Why on the questions of o.
func (p *planner) markDecisive(o *catalog.Option, qs []Question) error {
	base := p.results[o.ID]
	if base == nil {
		return nil
	}
	cur := p.in.Eval.Currency
	years := p.in.Eval.HorizonYears
	priceWhy := ""
	if base.Eligible && base.TCOToWin != nil {
		priceWhy = msg.T(p.lang, "rfi.ranks_first_while", "years", years, "tco", scoring.Money(*base.TCOToWin, cur))
		if base.PriceToWinMonthly != nil {
			priceWhy += msg.T(p.lang, "rfi.vendor_price", "monthly", scoring.Money(*base.PriceToWinMonthly, cur))
		}
	}
	for i := range qs {
		q := &qs[i]
		switch {
		case q.Group == GroupMust || q.Group == GroupWant:
			why, err := p.answerMatters(o, base, q.Key, q.Group == GroupMust)
			if err != nil {
				return err
			}
			q.Decisive, q.Why = why != "", why
		case priceWhy != "" && headlinePrice[q.Key]:
			q.Decisive, q.Why = true, priceWhy
		}
	}
	return nil
}

// headlinePrice are the price questions marked decisive when the option's
// price decides whether it ranks first.
var headlinePrice = map[string]bool{"pricing.tax": true, "pricing.term_months": true, "pricing.flat_month": true,
	"pricing.per_user_month": true, "pricing.initial": true}

// variant is one possible answer to a question, applied to a copy of the
// option.
type variant struct {
	favourable bool
	apply      func(o *catalog.Option)
}

// variants are the answers to key that could differ from what the
// catalog says: met, when the catalog does not say met, and not met, when
// no source settles it. A value a source states as met is not doubted:
// marking every met must-have of a contender decisive would bury the
// questions that are open.
func (p *planner) variants(o *catalog.Option, key string) []variant {
	r := p.in.Requirements
	var out []variant
	switch {
	case key == "storage.per_user_gb":
		need := r.StoragePerUserGB
		cur := o.Storage.PerUserGB
		if !cur.Known || cur.Value < need {
			out = append(out, variant{true, func(o *catalog.Option) { o.Storage.PerUserGB = catalog.Known(need) }})
		}
		if !cur.Known {
			out = append(out, variant{false, func(o *catalog.Option) { o.Storage.PerUserGB = catalog.Known(need / 2) }})
		}
	case key == "support.hours":
		cur := o.Support.Hours
		if cur != r.SupportHours && cur != "24x7" {
			out = append(out, variant{true, func(o *catalog.Option) { o.Support.Hours = r.SupportHours }})
		}
		if r.SupportHours == "24x7" && (cur == "" || cur == "unknown") {
			out = append(out, variant{false, func(o *catalog.Option) { o.Support.Hours = "business" }})
		}
	default:
		cur := o.Cap(key)
		if cur != catalog.Yes && cur != catalog.Addon {
			out = append(out, variant{true, func(o *catalog.Option) { o.Caps[key] = catalog.Yes }})
		}
		if cur == catalog.StateUnknown {
			out = append(out, variant{false, func(o *catalog.Option) { o.Caps[key] = catalog.No }})
		}
	}
	return out
}

// answerMatters re-evaluates o with each other answer to key and says how
// that changes its standing, or "" when no answer would.
func (p *planner) answerMatters(o *catalog.Option, base *scoring.Result, key string, must bool) (string, error) {
	winnable := func(r *scoring.Result) bool {
		return r.Eligible && (r.TCOToWin != nil || r.TCOToWinAnyPrice || len(r.TCOToWinWhileUnpriced) > 0)
	}
	first0, win0 := base.Rank == 1, winnable(base)
	for _, v := range p.variants(o, key) {
		res, err := p.rerun(o, v.apply)
		if err != nil {
			return "", err
		}
		first, win := res.Rank == 1, winnable(res)
		switch {
		case v.favourable && first && !first0:
			return msg.T(p.lang, "rfi.if_met_it_ranks"), nil
		case !v.favourable && first0 && !first:
			return msg.T(p.lang, "rfi.if_not_met_it"), nil
		case v.favourable && win && !win0:
			return msg.T(p.lang, "rfi.if_met_a_price", "tco", scoring.Money(ptrOr(res.TCOToWin, math.Inf(1)), p.in.Eval.Currency)), nil
		case !v.favourable && win0 && !win && must && !res.Eligible:
			return msg.T(p.lang, "rfi.if_not_met_it2"), nil
		case !v.favourable && win0 && !win:
			return msg.T(p.lang, "rfi.if_not_met_no"), nil
		}
	}
	return "", nil
}

func ptrOr(p *float64, d float64) float64 {
	if p == nil {
		return d
	}
	return *p
}

// rerun evaluates the catalog with a modified copy of o in its place and
// returns o's result. The sensitivity analysis is skipped: only ranks and
// tco_to_win are read.
func (p *planner) rerun(o *catalog.Option, apply func(*catalog.Option)) (*scoring.Result, error) {
	if err := p.ctx.Err(); err != nil {
		return nil, err
	}
	c := cloneOption(o)
	apply(c)
	cat := make([]*catalog.Option, len(p.in.Catalog))
	for i, x := range p.in.Catalog {
		if x.ID == o.ID {
			x = c
		}
		cat[i] = x
	}
	ev, err := scoring.Evaluate(p.in.Requirements, cat, p.in.Assumptions, scoring.Options{Lang: p.lang, Method: p.in.Eval.Method, NoSensitivity: true})
	if err != nil {
		return nil, fmt.Errorf("re-evaluating %s: %w", o.ID, err)
	}
	for i := range ev.Results {
		if ev.Results[i].ID == o.ID {
			return &ev.Results[i], nil
		}
	}
	return nil, fmt.Errorf("re-evaluating %s: the option disappeared", o.ID)
}

// cloneOption copies o deeply enough that changing a value of the copy
// never changes o.
func cloneOption(o *catalog.Option) *catalog.Option {
	c := *o
	c.Caps = cloneMap(o.Caps)
	c.AddonPrice = cloneMap(o.AddonPrice)
	c.Build = cloneMap(o.Build)
	c.Evidence = cloneMap(o.Evidence)
	c.Sources = append([]string(nil), o.Sources...)
	c.ProbeDomains = append([]string(nil), o.ProbeDomains...)
	c.SourceList = make([]catalog.Source, len(o.SourceList))
	for i, s := range o.SourceList {
		s.Keys = append([]string(nil), s.Keys...)
		c.SourceList[i] = s
	}
	c.Pricing.Tiers = make([]catalog.Tier, len(o.Pricing.Tiers))
	for i, t := range o.Pricing.Tiers {
		t.Prices = append([]catalog.Price(nil), t.Prices...)
		c.Pricing.Tiers[i] = t
	}
	return &c
}

func cloneMap[V any](m map[string]V) map[string]V {
	out := make(map[string]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// needs are the cover's lines on what the company needs, so a vendor can
// quote for it.
func needs(r *scoring.Requirements, lang string) []string {
	out := []string{
		msg.T(lang, "rfi.mail_accounts_now_growing", "users", r.Users, "growth", pct(r.Growth)),
		msg.T(lang, "rfi.period_compared_years", "years", r.HorizonYears),
	}
	if r.StoragePerUserGB > 0 {
		out = append(out, msg.T(lang, "rfi.mailbox_size_needed_gb", "gb", trimNum(r.StoragePerUserGB)))
	}
	if r.SupportHours != "" {
		out = append(out, msg.T(lang, "rfi.support_hours_needed", "hours", choiceLabel(r.SupportHours, lang)))
	}
	basis := choiceLabel(r.TaxBasis, lang)
	out = append(out, msg.T(lang, "rfi.prices_are_compared_in", "currency", r.Currency, "basis", basis))
	return out
}

func pct(f float64) string {
	return trimNum(math.Round(f*1000)/10) + "%"
}

func trimNum(v float64) string { return fmt.Sprint(v) }
