package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/catalog/tomlfile"
	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/scoring"
)

// inputError turns a file problem list into a usage error (exit 2), keeping
// its file:line: key: message lines.
func inputError(err error) error {
	var ps tomlfile.Problems
	if errors.As(err, &ps) {
		return usageError{ps}
	}
	return err
}

// printWarnings writes what in the requirements is allowed but probably
// not meant (growth_per_year = 1 for 1 %), without failing the run.
func printWarnings(w io.Writer, r *scoring.Requirements) {
	for _, p := range r.Warnings() {
		fmt.Fprintf(w, "mailpick: %s\n", p.Warning())
	}
}

func loadRequirements(path string) (*scoring.Requirements, error) {
	if path == "" {
		return nil, usageErrorf("missing --requirements (-r) FILE; create one with: mailpick init -o requirements.toml")
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, usageErrorf("requirements file %s does not exist; create one with: mailpick init -o %s", path, path)
	}
	b, err := readInput("", path, maxTOMLBytes)
	if err != nil {
		return nil, err
	}
	r, err := scoring.ParseRequirements(path, b)
	if err != nil {
		return nil, inputError(err)
	}
	return r, nil
}

// loadCatalog returns the embedded catalog with every --catalog file or
// directory applied over it (same id replaces).
func loadCatalog(paths []string) ([]*catalog.Option, error) {
	base, err := catalog.Embedded()
	if err != nil {
		return nil, fmt.Errorf("embedded catalog is invalid (a bug): %w", err)
	}
	if len(paths) == 0 {
		return base, nil
	}
	files, err := expandCatalogPaths(paths)
	if err != nil {
		return nil, err
	}
	over, err := parseCatalogFiles(files, nil)
	if err != nil {
		return nil, err
	}
	merged, err := catalog.Merge(base, over)
	if err != nil {
		return nil, inputError(err)
	}
	return merged, nil
}

func expandCatalogPaths(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, usageErrorf("--catalog %s: %v", p, errors.Unwrap(err))
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		m, _ := filepath.Glob(filepath.Join(p, "*.toml"))
		if len(m) == 0 {
			return nil, usageErrorf("--catalog %s: directory has no .toml files", p)
		}
		sort.Strings(m)
		files = append(files, m...)
	}
	return files, nil
}

// parseCatalogFiles parses every file and reports all their problems
// together (exit 2); each, when set, sees every file that parsed with its
// warnings (optional tables and keys left out, taken as "unknown").
func parseCatalogFiles(files []string, each func(file string, opts []*catalog.Option, warns tomlfile.Problems)) ([]*catalog.Option, error) {
	var all []*catalog.Option
	var probs tomlfile.Problems
	for _, f := range files {
		opts, warns, err := parseCatalogFile(f)
		if err != nil {
			var ps tomlfile.Problems
			if errors.As(err, &ps) {
				probs = append(probs, ps...)
				continue
			}
			return nil, err
		}
		if each != nil {
			each(f, opts, warns)
		}
		all = append(all, opts...)
	}
	if len(probs) > 0 {
		return nil, usageError{probs}
	}
	return all, nil
}

func parseCatalogFile(path string) ([]*catalog.Option, tomlfile.Problems, error) {
	b, err := readInput("", path, maxTOMLBytes)
	if err != nil {
		return nil, nil, err
	}
	// A user's as_of is checked against the system clock; the embedded
	// catalog is not (catalog.Parse), so a wrong clock cannot break it.
	return catalog.ParseWarnAt(path, b, time.Now())
}

// checkCurrencies makes sure every currency the evaluation meets — catalog
// prices, the hosting table for self-hosted options, the default labour
// cost — has a rate into the requirements' currency. A rate the
// requirements leave out takes the embedded default (data/fx.toml) and
// yields a note; only a currency with no default either is a problem of the
// requirements file.
func checkCurrencies(reqPath string, r *scoring.Requirements, opts []*catalog.Option, a *scoring.Assumptions, lang string) ([]string, error) {
	need := map[string][]string{}
	selfHosted := false
	for _, o := range opts {
		if r.Excludes(o.ID) {
			continue // not evaluated: its currency needs no rate
		}
		if o.Kind == catalog.SelfHosted {
			selfHosted = true
		}
		if o.Pricing.Currency != "" && o.Pricing.Currency != r.Currency {
			need[o.Pricing.Currency] = append(need[o.Pricing.Currency], o.ID)
		}
	}
	if selfHosted {
		plans, err := catalog.EmbeddedHosting()
		if err != nil {
			return nil, fmt.Errorf("embedded hosting table is invalid (a bug): %w", err)
		}
		for _, p := range plans {
			if p.Currency != r.Currency && !contains(need[p.Currency], "the hosting table") {
				need[p.Currency] = append(need[p.Currency], "the hosting table")
			}
		}
	}
	if !r.HourlyCostGiven && a.HourlyCurrency != r.Currency {
		need[a.HourlyCurrency] = append(need[a.HourlyCurrency], "the default admin hourly cost")
	}
	if len(need) == 0 {
		return nil, nil
	}
	defaults, err := scoring.DefaultFX()
	if err != nil {
		return nil, fmt.Errorf("embedded exchange rates are invalid (a bug): %w", err)
	}
	curs := make([]string, 0, len(need))
	for c := range need {
		curs = append(curs, c)
	}
	sort.Strings(curs)
	var notes []string
	var probs tomlfile.Problems
	for _, c := range curs {
		_, given := r.FX[c]
		u, ok := r.UseDefaultFX(defaults, c)
		if ok {
			if !given {
				notes = append(notes, msg.T(lang, "cli.note.fx_default", "file", reqPath, "cur", c,
					"rate", strconv.FormatFloat(u.Rate, 'f', -1, 64), "base", r.Currency, "source", u.Describe(lang)))
			}
			continue
		}
		ids := need[c]
		more := ""
		if len(ids) > 3 {
			more = fmt.Sprintf(" and %d more", len(ids)-3)
			ids = ids[:3]
		}
		probs = append(probs, tomlfile.Problem{File: reqPath, Line: r.Line("fx"), Key: "fx." + c,
			Msg: fmt.Sprintf("no exchange rate for %s and no default for it, needed by %v%s; add under [fx]: %s = <%s per 1 %s>", c, ids, more, c, r.Currency, c)})
	}
	if len(probs) > 0 {
		return notes, usageError{probs}
	}
	return notes, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// checkAgainstCatalog reports, all at once (exit 2), what in the
// requirements only the catalog can judge: ids in exclude or [quotes] that
// it does not have, a missing consumption-tax rate, and currencies with no
// rate. It returns the notes about default rates taken, in lang.
func checkAgainstCatalog(reqPath string, r *scoring.Requirements, opts []*catalog.Option, a *scoring.Assumptions, lang string) ([]string, error) {
	probs := scoring.CheckReferences(reqPath, r, opts, a.Hosting)
	notes, err := checkCurrencies(reqPath, r, opts, a, lang)
	var more tomlfile.Problems
	if errors.As(err, &more) {
		probs = append(probs, more...)
	} else if err != nil {
		return nil, err
	}
	if len(probs) > 0 {
		return nil, usageError{probs.Sorted()}
	}
	return notes, nil
}
