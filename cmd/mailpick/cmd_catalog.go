package main

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mailpick/mailpick/catalog"
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
		Long: `List prints every option: id, kind, name, price per user-month, and as_of.

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
			PerUserMonth: amountJSON(o.Pricing.PerUserMonth), AsOf: o.AsOf.Format("2006-01-02"), Sources: o.Sources, Origin: o.Origin})
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
	fmt.Fprintf(env.Stdout, "%-40s %-12s %-14s %-10s %s\n", "ID", "KIND", "PER USER/MONTH", "AS OF", "NAME")
	for _, s := range list {
		price := fmt.Sprintf("%v %s", s.PerUserMonth, s.Currency)
		if s.PerUserMonth == "unknown" {
			price = "unknown"
		}
		fmt.Fprintf(env.Stdout, "%-40s %-12s %-14s %-10s %s\n", s.ID, s.Kind, price, s.AsOf, cleanText(s.Name))
	}
	return nil
}

func newCatalogShowCommand(env *Env) *cobra.Command {
	var catalogs []string
	var format string
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show one option in full, with its sources",
		Long: `Show prints every fact the catalog holds about one option, the evidence
for each known value and the sources with their as_of date.

Exit status: 0 done; 2 unknown id or bad catalog file.`,
		Example: `  mailpick catalog show mailcow
  mailpick catalog show microsoft-365-business-basic --format json`,
		Args: cobra.ExactArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			opts, err := catalog.Embedded()
			if err != nil || len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			ids := make([]string, len(opts))
			for i, o := range opts {
				ids[i] = o.ID
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCatalogShow(cmd.Context(), env, args[0], catalogs, format)
		},
	}
	cmd.Flags().StringArrayVar(&catalogs, "catalog", nil, "catalog `PATH` added over the embedded catalog (repeatable)")
	cmd.Flags().StringVar(&format, "format", "text", "output `format`: text or json")
	return cmd
}

func runCatalogShow(_ context.Context, env *Env, id string, catalogs []string, format string) error {
	if err := checkFormat(format, "text", "json"); err != nil {
		return err
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
		return writeJSON(env.Stdout, optionJSON(o))
	}
	w := env.Stdout
	fmt.Fprintf(w, "%s (%s)\n  id: %s\n  vendor: %s\n  url: %s\n  as_of: %s\n", cleanText(o.Name), o.Kind, o.ID, cleanText(o.Vendor), cleanText(o.URL), o.AsOf.Format("2006-01-02"))
	if o.Notes != "" {
		fmt.Fprintf(w, "  notes: %s\n", cleanText(o.Notes))
	}
	fmt.Fprintf(w, "pricing (%s): per_user_month %s, initial %s, per_year %s, min_users %s, max_users %s, billing %s\n",
		o.Pricing.Currency, o.Pricing.PerUserMonth, o.Pricing.Initial, o.Pricing.PerYear, o.Pricing.MinUsers, o.Pricing.MaxUsers, o.Pricing.Billing)
	fmt.Fprintf(w, "storage: per_user_gb %s, pooled %s\n", o.Storage.PerUserGB, o.Storage.Pooled)
	for _, table := range catalog.CapabilityTables {
		fmt.Fprintf(w, "%s:\n", table)
		for _, k := range catalog.CapabilityKeys {
			if k.Table != table {
				continue
			}
			line := fmt.Sprintf("  %-24s %-8s", k.Name, o.Cap(k.Path()))
			if p, ok := o.AddonPrice[k.Path()]; ok {
				line += fmt.Sprintf(" (addon %s %s/user/month)", p, o.Pricing.Currency)
			}
			if ev, ok := o.Evidence[k.Path()]; ok {
				line += "  ← " + cleanText(ev)
			}
			fmt.Fprintln(w, line)
		}
	}
	fmt.Fprintf(w, "  %-24s %s\n  %-24s %s\n", "hours", o.Support.Hours, "sla_percent", o.Support.SLAPercent)
	fmt.Fprintf(w, "operations: required_expertise %s, setup_hours %s, monthly_admin_hours %s, server_monthly %s, hardware_initial %s\n",
		orUnknown(string(o.Operations.RequiredExpertise)), o.Operations.SetupHours, o.Operations.MonthlyAdminHours, o.Operations.ServerMonthly, o.Operations.HardwareInitial)
	if o.Kind == catalog.SelfHosted {
		fmt.Fprintln(w, "build flow:")
		for _, s := range catalog.BuildSteps {
			st := map[catalog.State]string{catalog.Yes: "included", catalog.No: "manual"}[o.Build[s.Key]]
			fmt.Fprintf(w, "  %-16s %-9s %s\n", s.Key, orUnknown(st), s.EN)
		}
	}
	fmt.Fprintln(w, "sources:")
	for i, s := range o.Sources {
		fmt.Fprintf(w, "  [%d] %s\n", i+1, cleanText(s))
	}
	fmt.Fprintf(w, "origin: %s\n", o.Origin)
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

func optionJSON(o *catalog.Option) map[string]any {
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
	return map[string]any{
		"id": o.ID, "name": o.Name, "vendor": o.Vendor, "kind": o.Kind, "url": o.URL, "as_of": o.AsOf.Format("2006-01-02"),
		"sources": o.Sources, "probe_domains": o.ProbeDomains, "notes": o.Notes,
		"pricing": map[string]any{"currency": o.Pricing.Currency, "per_user_month": amountJSON(o.Pricing.PerUserMonth),
			"initial": amountJSON(o.Pricing.Initial), "per_year": amountJSON(o.Pricing.PerYear),
			"min_users": amountJSON(o.Pricing.MinUsers), "max_users": amountJSON(o.Pricing.MaxUsers), "billing": o.Pricing.Billing},
		"storage":      map[string]any{"per_user_gb": amountJSON(o.Storage.PerUserGB), "pooled": string(o.Storage.Pooled)},
		"capabilities": caps, "addons": addons,
		"support": map[string]any{"hours": o.Support.Hours, "sla_percent": amountJSON(o.Support.SLAPercent)},
		"operations": map[string]any{"required_expertise": orUnknown(string(o.Operations.RequiredExpertise)),
			"setup_hours": amountJSON(o.Operations.SetupHours), "monthly_admin_hours": amountJSON(o.Operations.MonthlyAdminHours),
			"server_monthly": amountJSON(o.Operations.ServerMonthly), "hardware_initial": amountJSON(o.Operations.HardwareInitial)},
		"build": build, "evidence": o.Evidence, "origin": o.Origin,
	}
}

func newCatalogValidateCommand(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check catalog files: schema, sources, as_of, unknown values",
		Long: `Validate parses each catalog file and reports every problem at once with
file:line: key: message — unknown keys, wrong types, missing sources or as_of,
a capability left out instead of "unknown", an addon without a price. It also
warns (without failing) about facts older than 12 months.

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
	all, err := parseCatalogFiles(files, func(file string, opts []*catalog.Option) {
		for _, o := range opts {
			if catalog.Stale(o.AsOf, env.Now()) {
				fmt.Fprintf(env.Stderr, "%s: warning: %s: as_of %s is more than 12 months old; re-check its sources\n", file, o.ID, o.AsOf.Format("2006-01-02"))
			}
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
