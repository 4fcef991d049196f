package catalog

import (
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"

	"github.com/mailpick/mailpick/data"
)

func TestEmbeddedCatalogLoads(t *testing.T) {
	opts, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if len(opts) == 0 {
		t.Fatal("embedded catalog is empty")
	}
}

// The shipped files state every key: a warning (a table or key taken as
// "unknown" because it is missing) is fine in a user's file, not in ours.
func TestEmbeddedCatalogHasNoWarnings(t *testing.T) {
	entries, err := fs.ReadDir(data.FS, "catalog")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		p := path.Join("catalog", e.Name())
		b, err := fs.ReadFile(data.FS, p)
		if err != nil {
			t.Fatal(err)
		}
		_, warns, err := ParseWarn("data/"+p, b)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range warns {
			t.Errorf("%v", w)
		}
	}
}

// The catalog's truth rule: every option says where its facts come from,
// what kind of page each source is and when it was read; every price says
// its tax basis; every decisive value can be traced to a source.
func TestEmbeddedOptionsCarryDatedSources(t *testing.T) {
	opts, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[Kind]int{}
	for _, o := range opts {
		kinds[o.Kind]++
		if o.AsOf.IsZero() {
			t.Errorf("%s has no as_of", o.ID)
		}
		if len(o.SourceList) == 0 {
			t.Errorf("%s has no sources", o.ID)
		}
		for i, s := range o.SourceList {
			if s.Kind == SourceUnstated || s.Read.IsZero() {
				t.Errorf("%s: source %d (%s) lacks a kind or a read date: write it as {url, kind, read}", o.ID, i+1, s.URL)
			}
			if s.Read.After(o.AsOf) {
				t.Errorf("%s: source %d read on %s, after the option's as_of %s", o.ID, i+1, s.ReadOn(), o.AsOf.Format("2006-01-02"))
			}
		}
		for key, ev := range o.Evidence {
			for _, n := range evidenceRefs(ev) {
				if n > len(o.SourceList) {
					t.Errorf("%s: evidence %q cites source %d of %d", o.ID, key, n, len(o.SourceList))
				}
			}
		}
		if o.Kind == Provider && knownPrice(o) {
			if !o.Pricing.TaxStated {
				t.Errorf("%s states a price but no pricing.tax (\"included\", \"excluded\" or \"unknown\")", o.ID)
			}
			if len(o.SourcesFor("pricing.per_user_month"))+len(o.SourcesFor("pricing.flat_month")) == 0 {
				t.Errorf("%s states a price that no source backs (give the source keys = [\"pricing\"] or cite it in [option.evidence])", o.ID)
			}
		}
		for _, k := range []string{"storage.per_user_gb", "storage.total_gb"} {
			a := o.Storage.PerUserGB
			if k == "storage.total_gb" {
				a = o.Storage.TotalGB
			}
			if a.Known && len(o.SourcesFor(k)) == 0 {
				t.Errorf("%s: %s = %v but no source backs it", o.ID, k, a.Value)
			}
		}
		if o.Operations.RAMGB.Known && len(o.SourcesFor("operations.ram_gb")) == 0 {
			t.Errorf("%s: operations.ram_gb = %v but no source backs it", o.ID, o.Operations.RAMGB.Value)
		}
		for _, k := range CapabilityKeys {
			if st := o.Cap(k.Path()); st != StateUnknown {
				if _, ok := o.Evidence[k.Path()]; !ok {
					t.Errorf("%s: %s = %s but no evidence line says why", o.ID, k.Path(), st)
				}
			}
		}
		if o.Kind == SelfHosted && !o.Operations.RAMGB.Known {
			t.Errorf("%s: self-hosted without operations.ram_gb; give the stack's documented memory or \"unknown\" with a reason", o.ID)
		}
	}
	if kinds[Provider] < 8 || kinds[SelfHosted] < 5 {
		t.Errorf("catalog has %d providers and %d self-hosted stacks; want at least 8 and 5", kinds[Provider], kinds[SelfHosted])
	}
}

// knownPrice reports whether any tier or term states a recurring price.
func knownPrice(o *Option) bool {
	for _, t := range o.Pricing.Tiers {
		for _, p := range t.Prices {
			if (p.FlatMonth.Known && p.FlatMonth.Value > 0) || (p.PerUserMonth.Known && p.PerUserMonth.Value > 0) {
				return true
			}
		}
	}
	return false
}

// Every capability key is defined in both languages, in one sentence.
func TestEveryKeyIsDefined(t *testing.T) {
	for _, k := range CapabilityKeys {
		for _, lang := range []string{"ja", "en"} {
			d := k.Definition(lang)
			if d == "" {
				t.Errorf("%s has no %s definition", k.Path(), lang)
			}
			end := "."
			if lang == "ja" {
				end = "。"
			}
			if !strings.HasSuffix(d, end) || strings.Count(strings.ReplaceAll(d, "e.g.", "eg"), end) != 1 {
				t.Errorf("%s (%s) is not one sentence: %q", k.Path(), lang, d)
			}
		}
	}
	for _, k := range KeyDefs {
		if k.DefJA == "" || k.DefEN == "" {
			t.Errorf("%s lacks a definition", k.Path)
		}
	}
	for removed := range RemovedKeys {
		if _, ok := LookupCapability(removed); ok {
			t.Errorf("%s is both removed and a current key", removed)
		}
	}
}

func TestMergeOverridesByID(t *testing.T) {
	a := &Option{ID: "a", Name: "A", Origin: "embedded"}
	b := &Option{ID: "b", Name: "B", Origin: "embedded"}
	a2 := &Option{ID: "a", Name: "A2", Origin: "mine.toml"}
	got, err := Merge([]*Option{b, a}, []*Option{a2})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "A2" || got[1].Name != "B" {
		t.Errorf("merge = %v %v", got[0].Name, got[1].Name)
	}
	if _, err := Merge(nil, []*Option{a2, {ID: "a", Origin: "other.toml"}}); err == nil {
		t.Error("the same id in two override files must be an error")
	}
}

// The README's capability table is the vocabulary's, word for word, in both
// languages, so the two cannot drift apart.
func TestREADMEDefinesEveryKey(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, k := range CapabilityKeys {
		row := "| `" + k.Path() + "` | " + k.DefEN + " | " + k.DefJA + " |"
		if !strings.Contains(readme, row) {
			t.Errorf("README lacks the row %s", row)
		}
	}
	for _, k := range KeyDefs {
		if !strings.Contains(readme, "| `"+k.Path+"` | "+k.DefEN+" | "+k.DefJA+" |") {
			t.Errorf("README lacks the definition of %s", k.Path)
		}
	}
}
