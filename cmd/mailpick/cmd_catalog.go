package main

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/catalog/tomlfile"
	"github.com/mailpick/mailpick/msg"
)

func newCatalogCommand(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "catalog",
		Short: "List, show and validate the options mailpick compares",
		Long: `The catalog lists mail services and self-hosted stacks with their prices,
capabilities, sources and the date the facts were read (as_of). Values no
source states are "unknown". The embedded catalog is used unless --catalog
adds files over it.`,
		Example: `  mailpick catalog list --kind self-hosted
  mailpick catalog show mailcow
  mailpick catalog validate my-options.toml`,
	}
	cmd.AddCommand(newCatalogListCommand(env), newCatalogShowCommand(env), newCatalogValidateCommand(env))
	return cmd
}

// CatalogListOptions are the flags of `mailpick catalog list`.
type CatalogListOptions struct {
	Kind     string
	Format   string
	Catalogs []string
}

func newCatalogListCommand(env *Env) *cobra.Command {
	var opts CatalogListOptions
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List catalog options",
		Long: `List prints every option: id, kind, name, its headline price (the first
tier's first term: per user and/or flat per contract, a month) and as_of.

Exit status: 0 done; 2 bad flags or catalog file.`,
		Example: `  mailpick catalog list
  mailpick catalog list --kind provider --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCatalogList(cmd.Context(), env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Kind, "kind", "", "only `KIND`: provider or self-hosted")
	cmd.Flags().StringVar(&opts.Format, "format", "table", "output `format`: table or json")
	cmd.Flags().StringArrayVar(&opts.Catalogs, "catalog", nil, "catalog `PATH` added over the embedded catalog (repeatable)")
	_ = cmd.RegisterFlagCompletionFunc("kind", cobra.FixedCompletions([]string{"provider", "self-hosted"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"table", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// optionSummary is the JSON shape of `catalog list --format json`.
type optionSummary struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Vendor       string   `json:"vendor"`
	Kind         string   `json:"kind"`
	Currency     string   `json:"currency"`
	PerUserMonth any      `json:"per_user_month"` // number or "unknown"
	FlatMonth    any      `json:"flat_month"`     // number or "unknown"
	Tax          string   `json:"tax"`
	AsOf         string   `json:"as_of"`
	Sources      []string `json:"sources"`
	Origin       string   `json:"origin"`
}

func amountJSON(a catalog.Amount) any {
	if a.Known {
		return a.Value
	}
	return "unknown"
}

func runCatalogList(_ context.Context, env *Env, opts CatalogListOptions) error {
	if err := checkFormat(opts.Format, "table", "json"); err != nil {
		return err
	}
	if opts.Kind != "" && opts.Kind != string(catalog.Provider) && opts.Kind != string(catalog.SelfHosted) {
		return usageErrorf("--kind %q is not supported; use provider or self-hosted", opts.Kind)
	}
	opts2, err := loadCatalog(opts.Catalogs)
	if err != nil {
		return err
	}
	var list []optionSummary
	for _, o := range opts2 {
		if opts.Kind != "" && string(o.Kind) != opts.Kind {
			continue
		}
		list = append(list, optionSummary{ID: o.ID, Name: o.Name, Vendor: o.Vendor, Kind: string(o.Kind), Currency: o.Pricing.Currency,
			PerUserMonth: amountJSON(o.Pricing.PerUserMonth), FlatMonth: amountJSON(o.Pricing.FlatMonth), Tax: o.Pricing.Tax,
			AsOf: o.AsOf.Format("2006-01-02"), Sources: o.Sources, Origin: o.Origin})
	}
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].Kind != list[j].Kind {
			return list[i].Kind < list[j].Kind
		}
		return list[i].ID < list[j].ID
	})
	if opts.Format == "json" {
		if list == nil {
			list = []optionSummary{}
		}
		return writeJSON(env.Stdout, list)
	}
	fmt.Fprintf(env.Stdout, "%-40s %-12s %-22s %-10s %s\n", "ID", "KIND", "PRICE/MONTH", "AS OF", "NAME")
	for _, s := range list {
		fmt.Fprintf(env.Stdout, "%-40s %-12s %-22s %-10s %s\n", s.ID, s.Kind, headlinePrice(s), s.AsOf, cleanText(s.Name))
	}
	return nil
}

func newCatalogShowCommand(env *Env) *cobra.Command {
	var catalogs []string
	var format, lang string
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show one option in full: every key's definition, value and source",
		Long: `Show prints every fact the catalog holds about one option. For each key:
its value, the kind and date of the source behind it (vendor, third party,
vendor's answer, user's entry; the date printed on the page, else the date
it was read), the one-sentence definition of the key, and the evidence line.
Then every source with its kind, read date and page date.

Exit status: 0 done; 2 unknown id or bad catalog file.`,
		Example: `  mailpick catalog show mailcow
  mailpick catalog show xserver-business --lang ja
  mailpick catalog show microsoft-365-business-basic --format json`,
		Args: cobra.ExactArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return completeOptionIDs(&catalogs)(cmd, args, toComplete)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCatalogShow(cmd.Context(), env, args[0], catalogs, format, lang)
		},
	}
	cmd.Flags().StringArrayVar(&catalogs, "catalog", nil, "catalog `PATH` added over the embedded catalog (repeatable)")
	cmd.Flags().StringVar(&format, "format", "text", "output `format`: text or json")
	cmd.Flags().StringVar(&lang, "lang", "en", "language of the key definitions: ja or en")
	_ = cmd.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions([]string{"ja", "en"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// keyFact is one key of an option as catalog show prints it.
type keyFact struct {
	Key        string   `json:"key"`
	Value      string   `json:"value"`
	Definition string   `json:"definition"`
	Sources    []string `json:"sources"` // "[n] kind, date" of each source behind the value
	Evidence   string   `json:"evidence,omitempty"`
}

// optionFacts lists every key of o in catalog order with its value, source
// and definition.
func optionFacts(o *catalog.Option, lang string) []keyFact {
	var out []keyFact
	add := func(key, value string) {
		f := keyFact{Key: key, Value: value, Definition: catalog.Definition(key, lang), Evidence: o.Evidence[key]}
		for _, s := range o.SourcesFor(key) {
			f.Sources = append(f.Sources, fmt.Sprintf("[%d] %s", sourceIndex(o, s)+1, s.Tag(lang)))
		}
		out = append(out, f)
	}
	p := o.Pricing
	add("pricing.currency", orUnknown(p.Currency))
	add("pricing.tax", p.Tax)
	switch {
	case len(p.Tiers) > 1:
		add("pricing.tiers", tiersText(lang, p))
	case len(p.Tiers) == 1 && len(p.Tiers[0].Prices) > 1:
		add("pricing.terms", termsText(lang, p.Tiers[0].Prices))
	default:
		if p.FlatMonth.Known && p.FlatMonth.Value > 0 || !p.FlatMonth.Known && p.PerUserMonth.Known {
			add("pricing.flat_month", p.FlatMonth.String())
		}
		if !(p.PerUserMonth.Known && p.PerUserMonth.Value == 0 && p.FlatMonth.Known && p.FlatMonth.Value > 0) {
			add("pricing.per_user_month", p.PerUserMonth.String())
		}
		if p.TermMonths > 0 {
			add("pricing.term_months", fmt.Sprint(p.TermMonths))
		}
		if p.Payment != "" {
			add("pricing.payment", p.Payment)
		}
	}
	add("pricing.initial", p.Initial.String())
	if p.PerYear.Known && p.PerYear.Value > 0 || !p.PerYear.Known {
		add("pricing.per_year", p.PerYear.String())
	}
	add("pricing.min_users", p.MinUsers.String())
	add("pricing.max_users", p.MaxUsers.String())
	add("pricing.billing", orUnknown(p.Billing))
	add("storage.per_user_gb", o.Storage.PerUserGB.String())
	add("storage.pooled", string(o.Storage.Pooled))
	if o.Storage.TotalGB.Known {
		add("storage.total_gb", o.Storage.TotalGB.String())
	}
	for _, k := range catalog.CapabilityKeys {
		v := string(o.Cap(k.Path()))
		if pr, ok := o.AddonPrice[k.Path()]; ok {
			v += fmt.Sprintf(" (add-on %s %s/user/month)", pr, orUnknown(p.Currency))
		}
		add(k.Path(), v)
		if k.Path() == "support.migration_assistance" {
			add("support.hours", orUnknown(o.Support.Hours))
			add("support.sla_percent", o.Support.SLAPercent.String())
		}
	}
	ops := o.Operations
	add("operations.required_expertise", orUnknown(string(ops.RequiredExpertise)))
	add("operations.setup_hours", ops.SetupHours.String())
	add("operations.monthly_admin_hours", ops.MonthlyAdminHours.String())
	add("operations.server_monthly", ops.ServerMonthly.String())
	add("operations.hardware_initial", ops.HardwareInitial.String())
	if o.Kind == catalog.SelfHosted {
		add("operations.ram_gb", ops.RAMGB.String())
		for _, s := range catalog.BuildSteps {
			st := map[catalog.State]string{catalog.Yes: "included", catalog.No: "manual"}[o.Build[s.Key]]
			add("build."+s.Key, orUnknown(st))
		}
	}
	return out
}

func sourceIndex(o *catalog.Option, s catalog.Source) int {
	for i, x := range o.SourceList {
		if x.Ref() == s.Ref() && x.Read.Equal(s.Read) && x.Kind == s.Kind {
			return i
		}
	}
	return -1
}

func termsText(lang string, ps []catalog.Price) string {
	var parts []string
	for _, pr := range ps {
		parts = append(parts, priceText(lang, pr))
	}
	return strings.Join(parts, msg.T(lang, "catalog.price.terms_sep"))
}

// priceText words one price of a plan: "12 months: flat 4180/month upfront",
// "12か月契約: 月定額4180（前払い）".
func priceText(lang string, pr catalog.Price) string {
	var amount string
	if !pr.FlatMonth.Known || pr.FlatMonth.Value > 0 {
		amount = msg.T(lang, "catalog.price.flat", "amount", pr.FlatMonth.String())
	}
	if !pr.PerUserMonth.Known || pr.PerUserMonth.Value > 0 || amount == "" {
		perUser := msg.T(lang, "catalog.price.per_user", "amount", pr.PerUserMonth.String())
		if amount == "" {
			amount = perUser
		} else {
			amount = msg.T(lang, "catalog.price.plus", "a", amount, "b", perUser)
		}
	}
	s := msg.T(lang, "catalog.price.month", "amount", amount)
	switch {
	case pr.TermMonths == 1:
		s = msg.T(lang, "catalog.price.term_one", "price", s)
	case pr.TermMonths > 1:
		s = msg.T(lang, "catalog.price.term", "months", pr.TermMonths, "price", s)
	}
	if pr.Payment != "" {
		s = msg.T(lang, "catalog.price.paid", "price", s, "payment", msg.T(lang, "payment."+pr.Payment))
	}
	return s
}

func tiersText(lang string, p catalog.Pricing) string {
	var parts []string
	for _, t := range p.Tiers {
		head := t.Name
		switch {
		case t.StorageTotalGB.Known && t.MaxUsers.Known:
			head = msg.T(lang, "catalog.tier.gb_users", "name", t.Name, "gb", t.StorageTotalGB.String(), "users", t.MaxUsers.String())
		case t.StorageTotalGB.Known:
			head = msg.T(lang, "catalog.tier.gb", "name", t.Name, "gb", t.StorageTotalGB.String())
		case t.MaxUsers.Known:
			head = msg.T(lang, "catalog.tier.users", "name", t.Name, "users", t.MaxUsers.String())
		}
		parts = append(parts, msg.T(lang, "catalog.tier.prices", "tier", head, "prices", termsText(lang, t.Prices)))
	}
	return strings.Join(parts, " | ")
}

// runCatalogShow: it is long because it prints the output line by line in the
// order a reader meets it.
func runCatalogShow(_ context.Context, env *Env, id string, catalogs []string, format, lang string) error {
	if err := checkFormat(format, "text", "json"); err != nil {
		return err
	}
	if err := checkLang(lang); err != nil {
		return err
	}
	if lang == "" {
		lang = "en"
	}
	opts, err := loadCatalog(catalogs)
	if err != nil {
		return err
	}
	o := catalog.Find(opts, id)
	if o == nil {
		var ids []string
		for _, x := range opts {
			if strings.Contains(x.ID, id) || strings.Contains(id, x.ID) {
				ids = append(ids, x.ID)
			}
		}
		hint := "run mailpick catalog list to see the ids"
		if len(ids) > 0 {
			hint = "did you mean " + strings.Join(ids, ", ") + "?"
		}
		return usageErrorf("no option with id %q; %s", id, hint)
	}
	if format == "json" {
		return writeJSON(env.Stdout, optionJSON(o, lang))
	}
	w := env.Stdout
	fmt.Fprintf(w, "%s (%s)\n  id: %s\n  vendor: %s\n  url: %s\n  as_of: %s\n", cleanText(o.Name), msg.T(lang, "kind."+string(o.Kind)), o.ID, cleanText(o.Vendor), cleanText(o.URL), o.AsOf.Format("2006-01-02"))
	if catalog.Stale(o.AsOf, env.Now()) {
		fmt.Fprintf(w, "  %s\n", msg.T(lang, "catalog.show.stale"))
	}
	if o.Notes != "" {
		fmt.Fprintf(w, "  %s\n", msg.T(lang, "catalog.show.notes", "notes", cleanText(o.Notes)))
	}
	table := ""
	for _, f := range optionFacts(o, lang) {
		t, name, _ := strings.Cut(f.Key, ".")
		if t != table {
			table = t
			fmt.Fprintf(w, "%s:\n", t)
		}
		src := msg.T(lang, "catalog.show.no_source_named")
		if len(f.Sources) > 0 {
			src = strings.Join(f.Sources, "; ")
		}
		if strings.HasPrefix(f.Value, "unknown") {
			src = msg.T(lang, "catalog.show.no_source_states")
		}
		if v := cleanText(f.Value); len([]rune(v)) <= 10 {
			fmt.Fprintf(w, "  %-24s %-10s %s\n", name, v, src)
		} else {
			fmt.Fprintf(w, "  %-24s %s\n", name, src)
			for _, part := range strings.Split(v, " | ") {
				fmt.Fprintf(w, "      = %s\n", part)
			}
		}
		if f.Definition != "" {
			fmt.Fprintf(w, "      %s\n", f.Definition)
		}
		if f.Evidence != "" {
			fmt.Fprintf(w, "      ← %s\n", cleanText(f.Evidence))
		}
	}
	fmt.Fprintln(w, msg.T(lang, "catalog.show.sources"))
	for i, s := range o.SourceList {
		line := fmt.Sprintf("  [%d] %s — %s", i+1, cleanText(s.Ref()), msg.T(lang, "catalog.show.read", "kind", s.Kind.Label(lang), "date", s.ReadOn()))
		if p := s.PublishedOn(); p != "" {
			line += msg.T(lang, "catalog.show.page_of", "date", p)
		}
		if s.Title != "" {
			line += " — " + cleanText(s.Title)
		}
		if len(s.Keys) > 0 {
			line += msg.T(lang, "catalog.show.backs", "keys", strings.Join(s.Keys, ", "))
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintln(w, msg.T(lang, "catalog.show.origin", "origin", o.Origin))
	return nil
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// cleanText strips control characters from catalog text before it reaches a
// terminal.
func cleanText(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return '�'
		}
		return r
	}, s)
}

// sourceJSON is one source in `catalog show --format json`.
type sourceJSON struct {
	URL       string   `json:"url,omitempty"`
	File      string   `json:"file,omitempty"`
	Kind      string   `json:"kind"`
	Read      string   `json:"read"`
	Published string   `json:"published,omitempty"`
	Title     string   `json:"title,omitempty"`
	Keys      []string `json:"keys,omitempty"`
}

func optionJSON(o *catalog.Option, lang string) map[string]any {
	caps := map[string]any{}
	for _, k := range catalog.CapabilityKeys {
		caps[k.Path()] = string(o.Cap(k.Path()))
	}
	build := map[string]string{}
	for k, v := range o.Build {
		build[k] = string(v)
	}
	addons := map[string]any{}
	for k, v := range o.AddonPrice {
		addons[k] = amountJSON(v)
	}
	var srcs []sourceJSON
	for _, s := range o.SourceList {
		srcs = append(srcs, sourceJSON{URL: s.URL, File: s.File, Kind: string(s.Kind), Read: s.ReadOn(), Published: s.PublishedOn(), Title: s.Title, Keys: s.Keys})
	}
	return map[string]any{
		"id": o.ID, "name": o.Name, "vendor": o.Vendor, "kind": o.Kind, "url": o.URL, "as_of": o.AsOf.Format("2006-01-02"),
		"sources": o.Sources, "source_list": srcs, "probe_domains": o.ProbeDomains, "notes": o.Notes,
		"pricing": map[string]any{"currency": o.Pricing.Currency, "tax": o.Pricing.Tax, "per_user_month": amountJSON(o.Pricing.PerUserMonth),
			"flat_month": amountJSON(o.Pricing.FlatMonth), "initial": amountJSON(o.Pricing.Initial), "per_year": amountJSON(o.Pricing.PerYear),
			"min_users": amountJSON(o.Pricing.MinUsers), "max_users": amountJSON(o.Pricing.MaxUsers), "billing": o.Pricing.Billing},
		"storage":      map[string]any{"per_user_gb": amountJSON(o.Storage.PerUserGB), "pooled": string(o.Storage.Pooled), "total_gb": amountJSON(o.Storage.TotalGB)},
		"capabilities": caps, "addons": addons,
		"support": map[string]any{"hours": o.Support.Hours, "sla_percent": amountJSON(o.Support.SLAPercent)},
		"operations": map[string]any{"required_expertise": orUnknown(string(o.Operations.RequiredExpertise)),
			"setup_hours": amountJSON(o.Operations.SetupHours), "monthly_admin_hours": amountJSON(o.Operations.MonthlyAdminHours),
			"server_monthly": amountJSON(o.Operations.ServerMonthly), "hardware_initial": amountJSON(o.Operations.HardwareInitial),
			"ram_gb": amountJSON(o.Operations.RAMGB)},
		"build": build, "evidence": o.Evidence, "origin": o.Origin,
		"keys": optionFacts(o, lang),
	}
}

func newCatalogValidateCommand(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check catalog files: schema, sources, as_of, unknown values",
		Long: `Validate parses each catalog file and reports every problem at once with
file:line: key: message — unknown keys, wrong types, missing sources or as_of,
a source table without its kind, a key that was split (security.archive,
security.sender_authentication) with the keys that replace it.

It warns without failing about what the format allows you to leave out —
an optional table or key (e.g. [option.build], a capability, initial), each
taken as "unknown" — and about facts older than 12 months.

Exit status: 0 all files valid; 2 a file has problems.`,
		Example: `  mailpick catalog validate data/catalog/*.toml
  mailpick catalog validate my-quotes.toml`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCatalogValidate(cmd.Context(), env, args)
		},
	}
	return cmd
}

func runCatalogValidate(_ context.Context, env *Env, files []string) error {
	all, err := parseCatalogFiles(files, func(file string, opts []*catalog.Option, warns tomlfile.Problems) {
		for _, w := range warns {
			fmt.Fprintf(env.Stderr, "%s: warning: %s\n", w.File+lineSuffix(w.Line), w.Key+": "+w.Msg)
		}
		for _, o := range opts {
			if catalog.Stale(o.AsOf, env.Now()) {
				fmt.Fprintf(env.Stderr, "%s: warning: %s: as_of %s is more than 12 months old; re-check its sources\n", file, o.ID, o.AsOf.Format("2006-01-02"))
			}
		}
		if len(warns) > 0 {
			fmt.Fprintf(env.Stdout, "%s: ok, %d option(s), %d warning(s): the keys named are taken as \"unknown\"\n", file, len(opts), len(warns))
			return
		}
		fmt.Fprintf(env.Stdout, "%s: ok, %d option(s)\n", file, len(opts))
	})
	if err != nil {
		return err
	}
	if _, err := catalog.Merge(nil, all); err != nil {
		return inputError(err)
	}
	return nil
}

func lineSuffix(n int) string {
	if n > 0 {
		return fmt.Sprintf(":%d", n)
	}
	return ""
}

// headlinePrice is the first price of an option in a few characters:
// "8.4 USD/user", "flat 3760 JPY", "flat 3300 + 100/user JPY" or "unknown".
func headlinePrice(s optionSummary) string {
	u, uok := s.PerUserMonth.(float64)
	f, fok := s.FlatMonth.(float64)
	switch {
	case !uok && (!fok || f == 0):
		return "unknown"
	case fok && f > 0 && uok && u > 0:
		return fmt.Sprintf("flat %v + %v/user %s", f, u, s.Currency)
	case fok && f > 0:
		return fmt.Sprintf("flat %v %s", f, s.Currency)
	case !fok:
		return "unknown"
	}
	return fmt.Sprintf("%v %s/user", u, s.Currency)
}
