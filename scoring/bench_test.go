package scoring

import (
	"fmt"
	"testing"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/data"
)

func exampleRequirements(b *testing.B) *Requirements {
	b.Helper()
	src, err := data.FS.ReadFile("examples/smb-50-ja.toml")
	if err != nil {
		b.Fatal(err)
	}
	r, err := ParseRequirements("smb-50-ja.toml", src)
	if err != nil {
		b.Fatal(err)
	}
	return r
}

// GeneratedCatalog returns n options cycling through the embedded ones with
// varied prices and capabilities, for benchmarks at scale.
func generatedCatalog(b *testing.B, n int) []*catalog.Option {
	b.Helper()
	base, err := catalog.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	out := make([]*catalog.Option, n)
	states := []catalog.State{catalog.Yes, catalog.No, catalog.StateUnknown, catalog.Yes}
	for i := range out {
		o := *base[i%len(base)]
		o.ID = fmt.Sprintf("gen-%04d", i)
		o.Caps = make(map[string]catalog.State, len(o.Caps))
		for j, k := range catalog.CapabilityKeys {
			o.Caps[k.Path()] = states[(i+j)%len(states)]
		}
		if o.Pricing.PerUserMonth.Known {
			o.Pricing.PerUserMonth.Value *= 1 + float64(i%37)/100
		}
		out[i] = &o
	}
	return out
}

func BenchmarkEvaluateEmbedded(b *testing.B) {
	r := exampleRequirements(b)
	opts, err := catalog.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	a, _ := DefaultAssumptions()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Evaluate(r, opts, a, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(opts)), "options")
}

func BenchmarkEvaluate1000(b *testing.B) {
	r := exampleRequirements(b)
	opts := generatedCatalog(b, 1000)
	a, _ := DefaultAssumptions()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Evaluate(r, opts, a, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseEmbeddedCatalog(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := catalog.Embedded(); err != nil {
			b.Fatal(err)
		}
	}
}
