// Package scoring turns a company's requirements and a catalog into a
// decision: eligibility, criterion scores, TCO, ranking, sensitivity and the
// reasons in plain words. Everything here is a pure function over domain
// types; files are read by the caller.
package scoring

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/catalog/tomlfile"
)

// Level is how much a requirement matters.
type Level string

const (
	Must Level = "must"
	Want Level = "want"
	No   Level = "no"
)

// Requirements is a company's requirements file (README.md, "Requirements file").
type Requirements struct {
	Lang         string
	Currency     string
	HorizonYears int

	CompanyName   string
	CompanyDomain string

	Users  int
	Growth float64 // fraction per year

	StoragePerUserGB float64 // 0 = not stated

	Caps         map[string]Level // capability path → level; absent = no
	SupportHours string           // "", "business", "24x7"

	InitialMax float64 // 0 = no limit
	MonthlyMax float64

	Expertise       catalog.Expertise
	AdminHoursMonth float64 // hours the team can give to mail each month
	// AdminHoursUnset is true when [operations] admin_hours_per_month is
	// not given: AdminHoursMonth is then 0 by default, not a stated fact,
	// and readiness calls the team's capacity unknown.
	AdminHoursUnset bool
	AdminHourlyCost float64 // in Currency; 0 = assumption default
	HourlyCostGiven bool
	ServerMonthly   catalog.Amount // self-hosting: the company's own hosting figure
	HardwareInitial catalog.Amount
	Customization   Level // seed: 自由にカスタマイズ / 他システムとの連携

	Weights  map[catalog.Criterion]float64 // as given, not normalised
	Pairwise map[string]float64            // [weights.pairwise] "cost_vs_security" = 3
	FX       map[string]float64            // 1 unit of key = value units of Currency
	// FXOrigin says where each rate in FX came from: the [fx] table or a
	// default from data/fx.toml (UseDefaultFX).
	FXOrigin map[string]FXUse

	Quotes  map[string]Quote // option id → the company's own quote
	Exclude []string         // option ids left out on purpose

	// TaxBasis is the basis every price is converted to: catalog.TaxExcluded
	// (税抜, the default) or catalog.TaxIncluded (税込).
	TaxBasis string
	// ConsumptionTax is the rate that converts between the bases (0.10 =
	// 10 %); ConsumptionTaxGiven is false when it is the JPY default.
	ConsumptionTax      float64
	ConsumptionTaxGiven bool
	// Contract is the commitment the company will sign.
	Contract Contract

	doc *tomlfile.Doc
}

// Line returns the line of a key in the requirements file, 0 if unknown.
func (r *Requirements) Line(key string) int {
	if r.doc == nil {
		return 0
	}
	return r.doc.Line(key)
}

var currencyCode = regexp.MustCompile(`^[A-Z]{3}$`)

var topKeys = []string{"lang", "currency", "horizon_years", "company", "accounts", "storage", "features", "mobile",
	"security", "support", "budget", "operations", "weights", "fx", "quotes", "exclude",
	"tax_basis", "consumption_tax", "contract"}

// ParseRequirements reads a requirements file. All problems are returned
// together as tomlfile.Problems with file, line and key. Each table has its
// own parser below, in the file's order; the cross-field checks run last,
// once every table is read.
func ParseRequirements(file string, data []byte) (*Requirements, error) {
	doc, err := tomlfile.Parse(file, data)
	if err != nil {
		return nil, err
	}
	r := &Requirements{Lang: "ja", Currency: "JPY", HorizonYears: 5, Caps: map[string]Level{},
		Weights: map[catalog.Criterion]float64{}, FX: map[string]float64{}, FXOrigin: map[string]FXUse{}, Quotes: map[string]Quote{},
		Expertise: catalog.ExpertiseNone, Customization: No, doc: doc, TaxBasis: catalog.TaxExcluded}
	t := doc.Tree
	doc.CheckKeys(t, "", topKeys)
	parseTopLevel(doc, t, r)
	parseCompany(doc, t, r)
	parseAccounts(doc, t, r)
	parseStorage(doc, t, r)
	parseCapabilities(doc, t, r)
	parseBudget(doc, t, r)
	parseOperations(doc, t, r)
	parseWeights(doc, doc.Table(t, "", "weights"), r)
	parseFX(doc, t, r)
	parseTaxAndContract(doc, t, r)
	parseQuotes(doc, doc.Table(t, "", "quotes"), r)
	if ex, ok := doc.Strings(t, "", "exclude"); ok {
		r.Exclude = ex
	}

	checkNumbers(doc, r)
	if err := checkQuoteCurrencies(doc, r); err != nil {
		return nil, err
	}
	if err := doc.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

// parseTopLevel reads lang, currency and horizon_years.
func parseTopLevel(doc *tomlfile.Doc, t map[string]any, r *Requirements) {
	if s, ok := doc.Enum(t, "", "lang", "ja", "en"); ok {
		r.Lang = s
	}
	if s, ok := doc.String(t, "", "currency"); ok {
		if !currencyCode.MatchString(s) {
			doc.Addf("currency", "%q is not an ISO 4217 code; use three capitals like \"JPY\" or \"USD\"", s)
		} else {
			r.Currency = s
		}
	}
	if n, ok := doc.Int(t, "", "horizon_years"); ok {
		if n < 1 || n > 20 {
			doc.Addf("horizon_years", "must be between 1 and 20 years (got %d)", n)
		} else {
			r.HorizonYears = int(n)
		}
	}
}

// parseCompany reads [company]: a name for the reports and the domain the
// posture probe measures.
func parseCompany(doc *tomlfile.Doc, t map[string]any, r *Requirements) {
	c := doc.Table(t, "", "company")
	if c == nil {
		return
	}
	doc.CheckKeys(c, "company", []string{"name", "domain"})
	r.CompanyName, _ = doc.String(c, "company", "name")
	if d, ok := doc.String(c, "company", "domain"); ok {
		d = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(d)), ".")
		if !regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`).MatchString(d) {
			doc.Addf("company.domain", "%q is not a domain name (write it like \"example.co.jp\", without @ or https://)", d)
		} else {
			r.CompanyDomain = d
		}
	}
}

// parseAccounts reads [accounts], the one table every file needs.
func parseAccounts(doc *tomlfile.Doc, t map[string]any, r *Requirements) {
	a := doc.Table(t, "", "accounts")
	if a == nil {
		doc.Addf("accounts", "missing [accounts] table; say how many mail accounts you need: users = 50")
	} else {
		doc.CheckKeys(a, "accounts", []string{"users", "growth_per_year"})
		if n, ok := doc.Int(a, "accounts", "users"); ok {
			r.Users = int(n) // range: checkNumbers
		} else if _, present := a["users"]; !present {
			doc.Addf("accounts.users", "missing; the number of mail accounts you need now, e.g. users = 50")
		}
		if g, ok := doc.Float(a, "accounts", "growth_per_year"); ok {
			r.Growth = g + 0 // -0 + 0 is +0; range: checkNumbers
		}
	}
}

// parseStorage reads [storage].
func parseStorage(doc *tomlfile.Doc, t map[string]any, r *Requirements) {
	s := doc.Table(t, "", "storage")
	if s == nil {
		return
	}
	doc.CheckKeys(s, "storage", []string{"per_user_gb"})
	if g, ok := doc.Float(s, "storage", "per_user_gb"); ok {
		r.StoragePerUserGB = g
	}
}

// parseCapabilities reads the must/want/no levels of [features], [mobile],
// [security] and [support], and support hours.
func parseCapabilities(doc *tomlfile.Doc, t map[string]any, r *Requirements) {
	for _, table := range catalog.CapabilityTables {
		tt := doc.Table(t, "", table)
		if tt == nil {
			continue
		}
		allowed := catalog.KeysOf(table)
		if table == "support" {
			allowed = append(allowed, "hours")
		}
		// A key that was split gets its migration hint, not "unknown key".
		for _, k := range sortedKeys(tt) {
			if hint, removed := catalog.RemovedKeys[table+"."+k]; removed {
				doc.Addf(table+"."+k, "%s", hint)
				allowed = append(allowed, k)
			}
		}
		doc.CheckKeys(tt, table, allowed)
		for _, name := range catalog.KeysOf(table) {
			if lv, ok := doc.Enum(tt, table, name, "must", "want", "no"); ok {
				r.Caps[table+"."+name] = Level(lv)
			}
		}
		if table == "support" {
			if h, ok := doc.Enum(tt, table, "hours", "business", "24x7"); ok {
				r.SupportHours = h
			}
		}
	}
}

// parseBudget reads [budget].
func parseBudget(doc *tomlfile.Doc, t map[string]any, r *Requirements) {
	b := doc.Table(t, "", "budget")
	if b == nil {
		return
	}
	doc.CheckKeys(b, "budget", []string{"initial_max", "monthly_max"})
	for _, k := range []string{"initial_max", "monthly_max"} {
		if v, ok := doc.Float(b, "budget", k); ok {
			if v <= 0 {
				doc.Addf("budget."+k, "must be a positive amount in %s (leave it out for no limit; got %v)", r.Currency, v)
				continue
			}
			if k == "initial_max" {
				r.InitialMax = v
			} else {
				r.MonthlyMax = v
			}
		}
	}
}

// parseOperations reads [operations]: the team's expertise and time, its
// hourly cost, its own hosting figures and the need for customisation.
func parseOperations(doc *tomlfile.Doc, t map[string]any, r *Requirements) {
	o := doc.Table(t, "", "operations")
	if _, ok := o["admin_hours_per_month"]; !ok {
		r.AdminHoursUnset = true
	}
	if o == nil {
		return
	}
	doc.CheckKeys(o, "operations", []string{"admin_expertise", "admin_hours_per_month", "admin_hourly_cost", "server_monthly", "hardware_initial", "customization"})
	if e, ok := doc.Enum(o, "operations", "admin_expertise", catalog.ExpertiseLevels...); ok {
		r.Expertise = catalog.Expertise(e)
	}
	if h, ok := doc.Float(o, "operations", "admin_hours_per_month"); ok {
		if h < 0 || h > 744 {
			doc.Addf("operations.admin_hours_per_month", "must be between 0 and 744 hours (a month has at most 744; got %v)", h)
		} else {
			r.AdminHoursMonth = h
		}
	}
	if c, ok := doc.Float(o, "operations", "admin_hourly_cost"); ok {
		r.AdminHourlyCost, r.HourlyCostGiven = c, true
	}
	for _, k := range []string{"server_monthly", "hardware_initial"} {
		if v, ok := doc.Float(o, "operations", k); ok {
			if k == "server_monthly" {
				r.ServerMonthly = catalog.Known(v)
			} else {
				r.HardwareInitial = catalog.Known(v)
			}
		}
	}
	if lv, ok := doc.Enum(o, "operations", "customization", "must", "want", "no"); ok {
		r.Customization = Level(lv)
	}
}

// parseFX reads [fx], the exchange rates into the requirements' currency.
func parseFX(doc *tomlfile.Doc, t map[string]any, r *Requirements) {
	fx := doc.Table(t, "", "fx")
	if fx == nil {
		return
	}
	keys := sortedKeys(fx)
	for _, k := range keys {
		if !currencyCode.MatchString(k) {
			doc.Addf("fx."+k, "%q is not an ISO 4217 code (e.g. USD = 150.0 means 1 USD = 150 %s)", k, r.Currency)
			continue
		}
		if v, ok := doc.Float(fx, "fx", k); ok {
			if v <= 0 {
				doc.Addf("fx."+k, "rate must be positive (1 %s = how many %s; got %v)", k, r.Currency, v)
				continue
			}
			r.FX[k] = v
			r.FXOrigin[k] = FXUse{Currency: k, Rate: v, Origin: "requirements"}
		}
	}
}

// checkQuoteCurrencies needs the currency and [fx] settled first. A quote
// in a currency with no [fx] rate takes the embedded default; only a
// currency with no default either is a problem.
func checkQuoteCurrencies(doc *tomlfile.Doc, r *Requirements) error {
	if len(r.Quotes) == 0 {
		return nil
	}
	defaults, err := DefaultFX()
	if err != nil {
		return fmt.Errorf("embedded exchange rates are invalid (a bug): %w", err)
	}
	for _, id := range sortedQuoteIDs(r.Quotes) {
		q := r.Quotes[id]
		if _, ok := r.UseDefaultFX(defaults, q.Currency); !ok {
			doc.Addf("quotes."+id+".currency", "no exchange rate for %s and no default; add [fx] %s = <%s per 1 %s>", q.Currency, q.Currency, r.Currency, q.Currency)
		}
	}
	return nil
}

func parseWeights(doc *tomlfile.Doc, w map[string]any, r *Requirements) {
	if w == nil {
		for c, v := range DefaultWeights {
			r.Weights[c] = v
		}
		return
	}
	allowed := []string{"pairwise"}
	for _, c := range CriterionIDs() {
		allowed = append(allowed, string(c))
	}
	doc.CheckKeys(w, "weights", allowed)
	sum := 0.0
	given, bad := 0, false
	for _, c := range CriterionIDs() {
		_, present := w[string(c)]
		v, ok := doc.Float(w, "weights", string(c))
		bad = bad || (present && !ok)
		if ok {
			given++
			if v < 0 {
				doc.Addf("weights."+string(c), "must not be negative (got %v); use 0 to ignore a criterion", v)
				bad = true
				continue
			}
			r.Weights[c] = v
			sum += v
		}
	}
	if pw := doc.Table(w, "weights", "pairwise"); pw != nil {
		r.Pairwise = map[string]float64{}
		for _, k := range sortedKeys(pw) {
			a, b, ok := strings.Cut(k, "_vs_")
			_, okA := LookupCriterion(a)
			_, okB := LookupCriterion(b)
			if !ok || !okA || !okB || a == b {
				doc.Addf("weights.pairwise."+k, "must be named <criterion>_vs_<criterion>, e.g. cost_vs_security = 3")
				continue
			}
			if v, ok := doc.Float(pw, "weights.pairwise", k); ok {
				if v < 1.0/9 || v > 9 {
					doc.Addf("weights.pairwise."+k, "must be on Saaty's scale 1/9 … 9 (3 = %s moderately more important than %s; got %v)", a, b, v)
					continue
				}
				r.Pairwise[k] = v
			}
		}
		return
	}
	// Reported with every other problem, unless a weight that was wrong
	// (negative, not a number) is why the sum is zero.
	if given > 0 && sum == 0 && !bad {
		doc.Addf("weights", "all weights are zero; give at least one criterion a positive weight (e.g. cost = 3)")
	}
	if given == 0 {
		for c, v := range DefaultWeights {
			r.Weights[c] = v
		}
	}
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Level returns the requirement level of a capability path.
func (r *Requirements) Level(path string) Level {
	if l, ok := r.Caps[path]; ok {
		return l
	}
	return No
}

// NormalisedWeights returns the weights of the default criteria scaled to
// sum 1.
func (r *Requirements) NormalisedWeights() map[catalog.Criterion]float64 {
	return normalise(r.Weights)
}

func normalise(w map[catalog.Criterion]float64) map[catalog.Criterion]float64 {
	return normaliseOver(CriterionIDs(), w)
}

// normaliseOver scales the weights of criteria ids to sum 1; all equal
// when they sum to 0.
func normaliseOver(ids []catalog.Criterion, w map[catalog.Criterion]float64) map[catalog.Criterion]float64 {
	sum := 0.0
	for _, c := range ids {
		sum += w[c]
	}
	out := make(map[catalog.Criterion]float64, len(ids))
	for _, c := range ids {
		if sum > 0 {
			out[c] = w[c] / sum
		} else {
			out[c] = 1 / float64(len(ids))
		}
	}
	return out
}

// Convert turns amount in currency cur into the requirements' currency.
func (r *Requirements) Convert(v float64, cur string) (float64, error) {
	if cur == "" || cur == r.Currency {
		return v, nil
	}
	rate, ok := r.FX[cur]
	if !ok {
		return 0, fmt.Errorf("no exchange rate for %s and no default: add [fx] %s = <%s per 1 %s> to the requirements", cur, cur, r.Currency, cur)
	}
	return v * rate, nil
}

// Excludes reports whether the requirements leave option id out (exclude).
func (r *Requirements) Excludes(id string) bool { return slices.Contains(r.Exclude, id) }
