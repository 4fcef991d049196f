package catalog

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/mailpick/mailpick/catalog/tomlfile"
)

var (
	idPattern       = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`)
	currencyPattern = regexp.MustCompile(`^[A-Z]{3}$`)
	domainPattern   = regexp.MustCompile(`^(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`)
)

var optionKeys = []string{"id", "name", "vendor", "kind", "url", "as_of", "sources", "probe_domains", "notes",
	"pricing", "storage", "features", "mobile", "security", "support", "operations", "build", "addons", "evidence"}

// ParseAt is Parse that also refuses an as_of after now.
func ParseAt(file string, data []byte, now time.Time) ([]*Option, error) {
	doc, err := tomlfile.Parse(file, data)
	if err != nil {
		return nil, err
	}
	doc.Now = now
	doc.CheckKeys(doc.Tree, "", []string{"option"})
	tables := doc.Tables(doc.Tree, "", "option")
	if len(tables) == 0 && len(doc.Problems()) == 0 {
		doc.Addf("option", "no [[option]] entries; a catalog file lists options as [[option]] tables")
	}
	var opts []*Option
	seen := map[string]string{}
	for i, t := range tables {
		path := fmt.Sprintf("option[%d]", i)
		o := parseOption(doc, t, path)
		o.Origin = file
		if o.ID != "" {
			if prev, dup := seen[o.ID]; dup {
				doc.Addf(path+".id", "duplicate id %q (also at %s); ids must be unique", o.ID, prev)
			}
			seen[o.ID] = path
		}
		opts = append(opts, o)
	}
	doc.CheckNumbers(Ranges)
	if err := doc.Err(); err != nil {
		return nil, err
	}
	return opts, nil
}

func parseOption(doc *tomlfile.Doc, t map[string]any, path string) *Option {
	o := &Option{Caps: map[string]State{}, AddonPrice: map[string]Amount{}, Build: map[string]State{}, Evidence: map[string]string{}}
	doc.CheckKeys(t, path, optionKeys)

	o.ID = requiredString(doc, t, path, "id")
	if o.ID != "" && !idPattern.MatchString(o.ID) {
		doc.Addf(path+".id", "%q is not a valid id; use lowercase letters, digits and '-' (e.g. \"google-workspace-starter\")", o.ID)
	}
	o.Name = requiredString(doc, t, path, "name")
	o.Vendor = requiredString(doc, t, path, "vendor")
	if k, ok := doc.Enum(t, path, "kind", string(Provider), string(SelfHosted)); ok {
		o.Kind = Kind(k)
	} else if _, present := t["kind"]; !present {
		doc.Addf(path+".kind", "missing; set kind = \"provider\" or \"self-hosted\"")
	}
	o.URL = requiredString(doc, t, path, "url")
	if o.URL != "" {
		checkURL(doc, path+".url", o.URL)
	}
	if d, ok := doc.Date(t, path, "as_of"); ok {
		o.AsOf = d
		checkAsOf(doc, path+".as_of", d)
	} else if _, present := t["as_of"]; !present {
		doc.Addf(path+".as_of", "missing; every option needs the date its facts were read, e.g. as_of = 2025-11-01")
	}
	if s, ok := doc.Strings(t, path, "sources"); ok && len(s) > 0 {
		o.Sources = s
		for i, u := range s {
			checkURL(doc, fmt.Sprintf("%s.sources[%d]", path, i), u)
		}
	} else if _, present := t["sources"]; !present || ok {
		doc.Addf(path+".sources", "missing or empty; list the pages every price and claim was read from")
	}
	if pd, ok := doc.Strings(t, path, "probe_domains"); ok {
		for i, d := range pd {
			if !domainPattern.MatchString(d) {
				doc.Addf(fmt.Sprintf("%s.probe_domains[%d]", path, i), "%q is not a domain name", d)
			}
		}
		o.ProbeDomains = pd
	}
	o.Notes, _ = doc.String(t, path, "notes")

	parsePricing(doc, doc.Table(t, path, "pricing"), path+".pricing", o)
	parseStorage(doc, doc.Table(t, path, "storage"), path+".storage", o)
	for _, table := range CapabilityTables {
		parseCaps(doc, t, path, table, o)
	}
	parseOperations(doc, doc.Table(t, path, "operations"), path+".operations", o)
	parseAddons(doc, doc.Table(t, path, "addons"), path+".addons", o)
	parseBuild(doc, t, path, o)
	if ev := doc.Table(t, path, "evidence"); ev != nil {
		for k := range ev {
			if s, ok := doc.String(ev, path+".evidence", k); ok {
				o.Evidence[k] = s
			}
		}
	}
	return o
}

func requiredString(doc *tomlfile.Doc, t map[string]any, path, key string) string {
	s, ok := doc.String(t, path, key)
	if !ok {
		if _, present := t[key]; !present {
			doc.Addf(tomlfile.Join(path, key), "missing; it is required")
		}
		return ""
	}
	if strings.TrimSpace(s) == "" {
		doc.Addf(tomlfile.Join(path, key), "is empty")
	}
	return s
}

func checkURL(doc *tomlfile.Doc, path, raw string) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		doc.Addf(path, "%q is not an http(s) URL", raw)
	}
}

// amount reads a number or "unknown". required controls whether absence is a
// problem: a catalog must say "unknown" explicitly, so a forgotten key is not
// mistaken for a researched one.
func amount(doc *tomlfile.Doc, t map[string]any, path, key string, required bool) Amount {
	v, ok := t[key]
	if !ok {
		if required {
			doc.Addf(tomlfile.Join(path, key), "missing; give a number from a source or \"unknown\"")
		}
		return Unknown
	}
	if s, isStr := v.(string); isStr {
		if s == "unknown" {
			return Unknown
		}
		doc.Addf(tomlfile.Join(path, key), "must be a number or \"unknown\", not %q", s)
		return Unknown
	}
	f, ok := doc.Float(t, path, key)
	if !ok {
		return Unknown
	}
	return Known(f + 0) // -0 + 0 is +0; the range is checked by CheckNumbers
}

func parsePricing(doc *tomlfile.Doc, t map[string]any, path string, o *Option) {
	if t == nil {
		doc.Addf(path, "missing [%s] table; give currency, per_user_month and initial (numbers or \"unknown\")", strings.TrimPrefix(path, strings.SplitN(path, ".", 2)[0]+"."))
		return
	}
	doc.CheckKeys(t, path, []string{"currency", "per_user_month", "initial", "per_year", "min_users", "max_users", "billing"})
	if c := requiredString(doc, t, path, "currency"); c != "" {
		if !currencyPattern.MatchString(c) {
			doc.Addf(path+".currency", "%q is not an ISO 4217 code like \"JPY\" or \"USD\"", c)
		}
		o.Pricing.Currency = c
	}
	o.Pricing.PerUserMonth = amount(doc, t, path, "per_user_month", true)
	o.Pricing.Initial = amount(doc, t, path, "initial", true)
	o.Pricing.PerYear = amount(doc, t, path, "per_year", false)
	if _, ok := t["per_year"]; !ok {
		o.Pricing.PerYear = Known(0)
	}
	o.Pricing.MinUsers = amount(doc, t, path, "min_users", false)
	o.Pricing.MaxUsers = amount(doc, t, path, "max_users", false)
	if o.Pricing.MinUsers.Known && o.Pricing.MaxUsers.Known && o.Pricing.MinUsers.Value > o.Pricing.MaxUsers.Value {
		doc.Addf(path+".min_users", "min_users (%v) is above max_users (%v)", o.Pricing.MinUsers.Value, o.Pricing.MaxUsers.Value)
	}
	if b, ok := doc.Enum(t, path, "billing", "monthly", "annual", "unknown"); ok {
		o.Pricing.Billing = b
	} else {
		o.Pricing.Billing = "unknown"
	}
}

func parseStorage(doc *tomlfile.Doc, t map[string]any, path string, o *Option) {
	if t == nil {
		doc.Addf(path, "missing [storage] table; give per_user_gb (number or \"unknown\")")
		return
	}
	doc.CheckKeys(t, path, []string{"per_user_gb", "pooled"})
	o.Storage.PerUserGB = amount(doc, t, path, "per_user_gb", true)
	o.Storage.Pooled = state(doc, t, path, "pooled", false)
	if o.Storage.Pooled == Addon {
		doc.Addf(path+".pooled", "must be true, false or \"unknown\"")
	}
}

// state reads true/false/"addon"/"unknown".
func state(doc *tomlfile.Doc, t map[string]any, path, key string, required bool) State {
	v, ok := t[key]
	if !ok {
		if required {
			doc.Addf(tomlfile.Join(path, key), "missing; say true, false, \"addon\" or \"unknown\" (unknown when no source says)")
		}
		return StateUnknown
	}
	switch x := v.(type) {
	case bool:
		if x {
			return Yes
		}
		return No
	case string:
		switch x {
		case "addon":
			return Addon
		case "unknown":
			return StateUnknown
		}
	}
	doc.Addf(tomlfile.Join(path, key), "must be true, false, \"addon\" or \"unknown\", not %s", tomlfile.Describe(v))
	return StateUnknown
}

func parseCaps(doc *tomlfile.Doc, opt map[string]any, optPath, table string, o *Option) {
	path := optPath + "." + table
	t := doc.Table(opt, optPath, table)
	allowed := KeysOf(table)
	if table == "support" {
		allowed = append(allowed, "hours", "sla_percent")
	}
	if t == nil {
		doc.Addf(path, "missing [%s] table; give %s (true, false, \"addon\" or \"unknown\")", table, strings.Join(KeysOf(table), ", "))
		return
	}
	doc.CheckKeys(t, path, allowed)
	for _, name := range KeysOf(table) {
		o.Caps[table+"."+name] = state(doc, t, path, name, true)
	}
	if table == "support" {
		if h, ok := doc.Enum(t, path, "hours", "business", "24x7", "unknown"); ok {
			o.Support.Hours = h
		} else {
			if _, present := t["hours"]; !present {
				doc.Addf(path+".hours", "missing; \"business\", \"24x7\" or \"unknown\"")
			}
			o.Support.Hours = "unknown"
		}
		o.Support.SLAPercent = amount(doc, t, path, "sla_percent", true)
	}
}

func parseOperations(doc *tomlfile.Doc, t map[string]any, path string, o *Option) {
	if t == nil {
		doc.Addf(path, "missing [operations] table; give required_expertise (\"none\", \"basic\", \"expert\" or \"unknown\")")
		return
	}
	doc.CheckKeys(t, path, []string{"required_expertise", "setup_hours", "monthly_admin_hours", "server_monthly", "hardware_initial"})
	if e, ok := doc.Enum(t, path, "required_expertise", "none", "basic", "expert", "unknown"); ok {
		if e != "unknown" {
			o.Operations.RequiredExpertise = Expertise(e)
		}
	} else if _, present := t["required_expertise"]; !present {
		doc.Addf(path+".required_expertise", "missing; \"none\", \"basic\", \"expert\" or \"unknown\"")
	}
	o.Operations.SetupHours = amount(doc, t, path, "setup_hours", false)
	o.Operations.MonthlyAdminHours = amount(doc, t, path, "monthly_admin_hours", false)
	o.Operations.ServerMonthly = amount(doc, t, path, "server_monthly", false)
	o.Operations.HardwareInitial = amount(doc, t, path, "hardware_initial", false)
}

func parseAddons(doc *tomlfile.Doc, t map[string]any, path string, o *Option) {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, ok := LookupCapability(k); !ok {
			doc.Addf(path+"."+k, "not a capability key; use a dotted key such as \"security.archive\"")
			continue
		}
		o.AddonPrice[k] = amount(doc, t, path, k, true)
	}
	for k, s := range o.Caps {
		if s == Addon {
			if _, ok := o.AddonPrice[k]; !ok {
				doc.Addf(path, "%s is \"addon\" but [addons] has no \"%s\" price per user per month (a number or \"unknown\")", k, k)
			}
		}
	}
}

func parseBuild(doc *tomlfile.Doc, opt map[string]any, optPath string, o *Option) {
	path := optPath + ".build"
	t := doc.Table(opt, optPath, "build")
	if o.Kind != SelfHosted {
		if t != nil {
			doc.Addf(path, "only self-hosted options have a [build] table")
		}
		return
	}
	var allowed []string
	for _, s := range BuildSteps {
		allowed = append(allowed, s.Key)
	}
	if t == nil {
		doc.Addf(path, "missing [build] table; say for each step of the build flow (%s) whether the stack includes it: \"included\", \"manual\" or \"unknown\"", strings.Join(allowed, ", "))
		return
	}
	doc.CheckKeys(t, path, allowed)
	for _, s := range BuildSteps {
		v, ok := doc.Enum(t, path, s.Key, "included", "manual", "unknown")
		switch {
		case !ok:
			if _, present := t[s.Key]; !present {
				doc.Addf(path+"."+s.Key, "missing; \"included\", \"manual\" or \"unknown\"")
			}
			o.Build[s.Key] = StateUnknown
		case v == "included":
			o.Build[s.Key] = Yes
		case v == "manual":
			o.Build[s.Key] = No
		default:
			o.Build[s.Key] = StateUnknown
		}
	}
}
