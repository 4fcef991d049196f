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
