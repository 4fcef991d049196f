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

// ParseWarn is Parse that also returns the warnings: tables and keys the
// README marks optional that the file leaves out, each taken as "unknown".
// `catalog validate` prints them; the embedded catalog must have none.
func ParseWarn(file string, data []byte) ([]*Option, tomlfile.Problems, error) {
	return ParseWarnAt(file, data, time.Time{})
}

// ParseWarnAt is ParseWarn that also refuses an as_of after now (a zero now
// checks nothing).
func ParseWarnAt(file string, data []byte, now time.Time) ([]*Option, tomlfile.Problems, error) {
	doc, err := tomlfile.Parse(file, data)
	if err != nil {
		return nil, nil, err
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
		return nil, nil, err
	}
	return opts, doc.Warnings(), nil
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
	o.SourceList = parseSources(doc, t, path, o.AsOf)
	for _, s := range o.SourceList {
		o.Sources = append(o.Sources, s.Ref())
	}
	if len(o.SourceList) == 0 {
		if _, present := t["sources"]; !present || len(doc.Problems()) == 0 {
			doc.Addf(path+".sources", "missing or empty; list the pages every price and claim was read from")
		}
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

func parseStorage(doc *tomlfile.Doc, t map[string]any, path string, o *Option) {
	o.Storage = Storage{PerUserGB: Unknown, Pooled: StateUnknown, TotalGB: Unknown}
	if t == nil {
		doc.Warnf(path, "missing [storage] table; per_user_gb, pooled and total_gb taken as \"unknown\"")
		return
	}
	doc.CheckKeys(t, path, []string{"per_user_gb", "pooled", "total_gb"})
	if _, ok := t["per_user_gb"]; !ok {
		doc.Warnf(path+".per_user_gb", "missing; taken as \"unknown\"")
	}
	o.Storage.PerUserGB = amount(doc, t, path, "per_user_gb", false)
	o.Storage.TotalGB = amount(doc, t, path, "total_gb", false)
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
	for _, name := range KeysOf(table) {
		o.Caps[table+"."+name] = StateUnknown
	}
	if t == nil {
		if table == "support" {
			o.Support.Hours = "unknown"
		}
		doc.Warnf(path, "missing [%s] table; %s taken as \"unknown\"", table, strings.Join(KeysOf(table), ", "))
		return
	}
	t = withoutRemoved(doc, t, path, table)
	doc.CheckKeys(t, path, allowed)
	for _, name := range KeysOf(table) {
		if _, ok := t[name]; !ok {
			doc.Warnf(path+"."+name, "missing; taken as \"unknown\" (say true, false, \"addon\" or \"unknown\")")
			continue
		}
		o.Caps[table+"."+name] = state(doc, t, path, name, false)
	}
	if table == "support" {
		if h, ok := doc.Enum(t, path, "hours", "business", "24x7", "unknown"); ok {
			o.Support.Hours = h
		} else {
			if _, present := t["hours"]; !present {
				doc.Warnf(path+".hours", "missing; taken as \"unknown\" (\"business\", \"24x7\" or \"unknown\")")
			}
			o.Support.Hours = "unknown"
		}
		if _, present := t["sla_percent"]; !present {
			doc.Warnf(path+".sla_percent", "missing; taken as \"unknown\"")
		}
		o.Support.SLAPercent = amount(doc, t, path, "sla_percent", false)
	}
}

func parseOperations(doc *tomlfile.Doc, t map[string]any, path string, o *Option) {
	if t == nil {
		doc.Warnf(path, "missing [operations] table; required_expertise and the hours and costs taken as \"unknown\"")
		return
	}
	doc.CheckKeys(t, path, []string{"required_expertise", "setup_hours", "monthly_admin_hours", "server_monthly", "hardware_initial", "ram_gb"})
	if e, ok := doc.Enum(t, path, "required_expertise", "none", "basic", "expert", "unknown"); ok {
		if e != "unknown" {
			o.Operations.RequiredExpertise = Expertise(e)
		}
	} else if _, present := t["required_expertise"]; !present {
		doc.Warnf(path+".required_expertise", "missing; taken as \"unknown\" (\"none\", \"basic\", \"expert\" or \"unknown\")")
	}
	o.Operations.SetupHours = amount(doc, t, path, "setup_hours", false)
	o.Operations.MonthlyAdminHours = amount(doc, t, path, "monthly_admin_hours", false)
	o.Operations.ServerMonthly = amount(doc, t, path, "server_monthly", false)
	o.Operations.HardwareInitial = amount(doc, t, path, "hardware_initial", false)
	o.Operations.RAMGB = amount(doc, t, path, "ram_gb", false)
}

func parseAddons(doc *tomlfile.Doc, t map[string]any, path string, o *Option) {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if hint, removed := RemovedKeys[k]; removed {
			doc.Addf(path+"."+k, "%s", hint)
			continue
		}
		if _, ok := LookupCapability(k); !ok {
			doc.Addf(path+"."+k, "not a capability key; use a dotted key such as \"security.retention\"")
			continue
		}
		o.AddonPrice[k] = amount(doc, t, path, k, true)
	}
	caps := make([]string, 0, len(o.Caps))
	for k := range o.Caps {
		caps = append(caps, k)
	}
	sort.Strings(caps)
	for _, k := range caps {
		if o.Caps[k] == Addon {
			if _, ok := o.AddonPrice[k]; !ok {
				doc.Warnf(path, "%s is \"addon\" but [addons] has no \"%s\" price per user per month; taken as \"unknown\"", k, k)
				o.AddonPrice[k] = Unknown
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
	for _, s := range BuildSteps {
		o.Build[s.Key] = StateUnknown
	}
	if t == nil {
		doc.Warnf(path, "missing [build] table; every step of the build flow (%s) taken as \"unknown\"", strings.Join(allowed, ", "))
		return
	}
	doc.CheckKeys(t, path, allowed)
	for _, s := range BuildSteps {
		v, ok := doc.Enum(t, path, s.Key, "included", "manual", "unknown")
		switch {
		case !ok:
			if _, present := t[s.Key]; !present {
				doc.Warnf(path+"."+s.Key, "missing; taken as \"unknown\" (\"included\", \"manual\" or \"unknown\")")
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

// withoutRemoved reports every split key in a capability table with its
// migration hint, and returns the table without them so they are not also
// reported as unknown keys.
func withoutRemoved(doc *tomlfile.Doc, t map[string]any, path, table string) map[string]any {
	var out map[string]any
	for k := range t {
		if hint, ok := RemovedKeys[table+"."+k]; ok {
			doc.Addf(path+"."+k, "%s", hint)
			if out == nil {
				out = make(map[string]any, len(t))
				for k2, v := range t {
					out[k2] = v
				}
			}
			delete(out, k)
		}
	}
	if out == nil {
		return t
	}
	return out
}
