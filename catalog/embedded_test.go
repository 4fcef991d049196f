package catalog

import "testing"

func TestEmbeddedCatalogLoads(t *testing.T) {
	opts, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if len(opts) == 0 {
		t.Fatal("embedded catalog is empty")
	}
}

// The catalog's truth rule: every option says where its facts come from and
// when they were read, and every known price cites evidence.
func TestEmbeddedOptionsCarrySourcesAndAsOf(t *testing.T) {
	opts, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[Kind]int{}
	for _, o := range opts {
		kinds[o.Kind]++
		if len(o.Sources) == 0 {
			t.Errorf("%s has no sources", o.ID)
		}
		if o.AsOf.IsZero() {
			t.Errorf("%s has no as_of", o.ID)
		}
		if o.Kind == Provider && o.Pricing.PerUserMonth.Known {
			if _, ok := o.Evidence["pricing.per_user_month"]; !ok {
				t.Errorf("%s states a price but no evidence line for pricing.per_user_month", o.ID)
			}
		}
	}
	if kinds[Provider] < 8 || kinds[SelfHosted] < 5 {
		t.Errorf("catalog has %d providers and %d self-hosted stacks; want at least 8 and 5", kinds[Provider], kinds[SelfHosted])
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
