package catalog

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Marshal writes options as a catalog file that Parse reads back into the
// same options: every key present, "unknown" spelled out, sources as
// tables with their kind and dates, prices in the simplest form that holds
// them (simple, by term, or tiered). header, when not empty, is written
// first as comment lines. Programs that produce catalog data (rfi import)
// use it, so their output passes `mailpick catalog validate`.
func Marshal(header string, opts []*Option) []byte {
	var w tomlWriter
	if header != "" {
		for _, l := range strings.Split(strings.TrimRight(header, "\n"), "\n") {
			w.printf("%s\n", strings.TrimRight("# "+l, " "))
		}
	}
	for i, o := range opts {
		if i > 0 || header != "" {
			w.printf("\n")
		}
		w.option(o)
	}
	return w.Bytes()
}

type tomlWriter struct{ bytes.Buffer }

func (w *tomlWriter) printf(format string, args ...any) { fmt.Fprintf(w, format, args...) }

func (w *tomlWriter) kv(key, value string) { w.printf("%s = %s\n", tomlKey(key), value) }

func (w *tomlWriter) option(o *Option) {
	w.printf("[[option]]\n")
	w.kv("id", tomlString(o.ID))
	w.kv("name", tomlString(o.Name))
	w.kv("vendor", tomlString(o.Vendor))
	w.kv("kind", tomlString(string(o.Kind)))
	w.kv("url", tomlString(o.URL))
	w.kv("as_of", tomlDate(o.AsOf))
	w.printf("sources = [\n")
	for _, s := range o.SourceList {
		w.printf("  %s,\n", sourceTOML(s, o.AsOf))
	}
	w.printf("]\n")
	if len(o.ProbeDomains) > 0 {
		probe := make([]string, len(o.ProbeDomains))
		for i, d := range o.ProbeDomains {
			probe[i] = tomlString(d)
		}
		w.kv("probe_domains", "["+strings.Join(probe, ", ")+"]")
	}
	if o.Notes != "" {
		w.kv("notes", tomlString(o.Notes))
	}

	w.pricing(&o.Pricing)

	w.printf("\n[option.storage]\n")
	w.kv("per_user_gb", amountTOML(o.Storage.PerUserGB))
	if o.Storage.Pooled == Addon { // not a valid pooled value; say unknown rather than write a file that fails
		w.kv("pooled", stateTOML(StateUnknown))
	} else {
		w.kv("pooled", stateTOML(o.Storage.Pooled))
	}
	w.kv("total_gb", amountTOML(o.Storage.TotalGB))

	for _, table := range CapabilityTables {
		w.printf("\n[option.%s]\n", table)
		for _, name := range KeysOf(table) {
			w.kv(name, stateTOML(o.Cap(table+"."+name)))
		}
		if table == "support" {
			w.kv("hours", tomlString(orUnknownString(o.Support.Hours)))
			w.kv("sla_percent", amountTOML(o.Support.SLAPercent))
		}
	}

	ops := o.Operations
	w.printf("\n[option.operations]\n")
	w.kv("required_expertise", tomlString(orUnknownString(string(ops.RequiredExpertise))))
	w.kv("setup_hours", amountTOML(ops.SetupHours))
	w.kv("monthly_admin_hours", amountTOML(ops.MonthlyAdminHours))
	w.kv("server_monthly", amountTOML(ops.ServerMonthly))
	w.kv("hardware_initial", amountTOML(ops.HardwareInitial))
	w.kv("ram_gb", amountTOML(ops.RAMGB))

	if o.Kind == SelfHosted {
		w.printf("\n[option.build]\n")
		for _, s := range BuildSteps {
			v := map[State]string{Yes: "included", No: "manual"}[o.Build[s.Key]]
			w.kv(s.Key, tomlString(orUnknownString(v)))
		}
	}

	if len(o.AddonPrice) > 0 {
		w.printf("\n[option.addons]\n")
		for _, k := range sortedKeys(o.AddonPrice) {
			w.kv(k, amountTOML(o.AddonPrice[k]))
		}
	}
	if len(o.Evidence) > 0 {
		w.printf("\n[option.evidence]\n")
		for _, k := range sortedKeys(o.Evidence) {
			w.kv(k, tomlString(o.Evidence[k]))
		}
	}
}

func (w *tomlWriter) pricing(p *Pricing) {
	w.printf("\n[option.pricing]\n")
	w.kv("currency", tomlString(orUnknownString(p.Currency)))
	if p.TaxStated {
		w.kv("tax", tomlString(p.Tax))
	}
	w.kv("per_year", amountTOML(p.PerYear))
	w.kv("min_users", amountTOML(p.MinUsers))
	w.kv("max_users", amountTOML(p.MaxUsers))
	w.kv("billing", tomlString(orUnknownString(p.Billing)))
	tiers := p.TierList()
	// One unnamed tier is the simple form or the by-term form, written
	// directly under [pricing]; Parse gives that tier [pricing]'s max_users.
	if len(tiers) == 1 && tiers[0].Name == "" {
		w.prices(tiers[0].Prices)
		return
	}
	for _, t := range tiers {
		w.printf("\n[[option.pricing.tiers]]\n")
		w.kv("name", tomlString(t.Name))
		w.kv("max_users", amountTOML(t.MaxUsers))
		w.kv("storage_total_gb", amountTOML(t.StorageTotalGB))
		w.prices(t.Prices)
	}
}

// prices writes one price as keys of the current table, or several as a
// terms list.
func (w *tomlWriter) prices(ps []Price) {
	if len(ps) == 1 {
		for _, kv := range priceKVs(ps[0]) {
			w.kv(kv[0], kv[1])
		}
		return
	}
	w.printf("terms = [\n")
	for _, pr := range ps {
		var parts []string
		for _, kv := range priceKVs(pr) {
			parts = append(parts, tomlKey(kv[0])+" = "+kv[1])
		}
		w.printf("  { %s },\n", strings.Join(parts, ", "))
	}
	w.printf("]\n")
}

// priceKVs are the keys of one price. A component that is Known(0) while
// the other is stated is left out: Parse reads an absent component as 0.
func priceKVs(pr Price) [][2]string {
	var out [][2]string
	if pr.TermMonths > 0 {
		out = append(out, [2]string{"term_months", strconv.Itoa(pr.TermMonths)})
	}
	if pr.Payment != "" {
		out = append(out, [2]string{"payment", tomlString(pr.Payment)})
	}
	zero := func(a Amount) bool { return a.Known && a.Value == 0 }
	writeFlat := !zero(pr.FlatMonth)
	writeUser := !zero(pr.PerUserMonth) || !writeFlat
	if writeFlat {
		out = append(out, [2]string{"flat_month", amountTOML(pr.FlatMonth)})
	}
	if writeUser {
		out = append(out, [2]string{"per_user_month", amountTOML(pr.PerUserMonth)})
	}
	out = append(out, [2]string{"initial", amountTOML(pr.Initial)})
	return out
}

func sourceTOML(s Source, asOf time.Time) string {
	if s.Kind == SourceUnstated && s.File == "" {
		// The plain form: Parse dates it with the option's as_of.
		if s.Read.Equal(asOf) && len(s.Keys) == 0 && s.Title == "" && s.Published.IsZero() {
			return tomlString(s.URL)
		}
	}
	var parts []string
	if s.URL != "" {
		parts = append(parts, "url = "+tomlString(s.URL))
	}
	if s.File != "" {
		parts = append(parts, "file = "+tomlString(s.File))
	}
	kind := s.Kind
	if kind == SourceUnstated {
		kind = SourceThirdParty // a table must state a kind; the weakest is the honest one
	}
	parts = append(parts, "kind = "+tomlString(string(kind)), "read = "+tomlDate(s.Read))
	if !s.Published.IsZero() {
		parts = append(parts, "published = "+tomlDate(s.Published))
	}
	if s.Title != "" {
		parts = append(parts, "title = "+tomlString(s.Title))
	}
	if len(s.Keys) > 0 {
		ks := make([]string, len(s.Keys))
		for i, k := range s.Keys {
			ks[i] = tomlString(k)
		}
		parts = append(parts, "keys = ["+strings.Join(ks, ", ")+"]")
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

func amountTOML(a Amount) string {
	if !a.Known {
		return `"unknown"`
	}
	return strconv.FormatFloat(a.Value, 'f', -1, 64)
}

func stateTOML(s State) string {
	switch s {
	case Yes:
		return "true"
	case No:
		return "false"
	case Addon:
		return `"addon"`
	}
	return `"unknown"`
}

func tomlDate(t time.Time) string {
	if t.IsZero() {
		return `"unknown"`
	}
	return t.Format("2006-01-02")
}

func orUnknownString(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// tomlKey writes a bare key when TOML allows one (A-Za-z0-9_-), else a
// quoted key: "security.retention" under [option.addons] is one key.
func tomlKey(k string) string {
	if k == "" {
		return `""`
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return tomlString(k)
		}
	}
	return k
}

// tomlString is a TOML basic string (TOML 1.0 §String): quote and
// backslash escaped, control characters as \uXXXX, invalid UTF-8 replaced.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\uFFFD`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
