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
	// The example leaves [fx] out and relies on the embedded defaults, as
	// the CLI applies them.
	fx, err := DefaultFX()
	if err != nil {
		b.Fatal(err)
	}
	for cur := range fx {
		r.UseDefaultFX(fx, cur)
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
		// Vary every price so the ranking is not 1,000 copies of 28 ties.
		f := 1 + float64(i%37)/100
		o.Pricing.Tiers = make([]catalog.Tier, len(base[i%len(base)].Pricing.Tiers))
		for t, tier := range base[i%len(base)].Pricing.Tiers {
			tier.Prices = append([]catalog.Price(nil), tier.Prices...)
			for p := range tier.Prices {
				tier.Prices[p].PerUserMonth.Value *= f
				tier.Prices[p].FlatMonth.Value *= f
			}
			o.Pricing.Tiers[t] = tier
		}
		out[i] = &o
	}
	return out
}

// The core (eligibility, scores, TCO, ranking, reasons) is measured apart
// from the default sensitivity analysis (4 × 10,000 Monte Carlo samples and
// the weight thresholds), which dominates on large catalogs.
func benchmarkEvaluate(b *testing.B, opts []*catalog.Option, o Options) {
	r := exampleRequirements(b)
	a, _ := DefaultAssumptions()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Evaluate(r, opts, a, o); err != nil {
			b.Fatal(err)
		}
	}
}

func embedded(b *testing.B) []*catalog.Option {
	opts, err := catalog.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	return opts
}

func BenchmarkEvaluateEmbedded(b *testing.B) {
	benchmarkEvaluate(b, embedded(b), Options{NoSensitivity: true})
}

func BenchmarkEvaluateEmbeddedWithSensitivity(b *testing.B) {
	benchmarkEvaluate(b, embedded(b), Options{})
}

func BenchmarkEvaluate1000(b *testing.B) {
	benchmarkEvaluate(b, generatedCatalog(b, 1000), Options{NoSensitivity: true})
}

func BenchmarkEvaluate1000WithSensitivity(b *testing.B) {
	benchmarkEvaluate(b, generatedCatalog(b, 1000), Options{})
}

func BenchmarkParseEmbeddedCatalog(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := catalog.Embedded(); err != nil {
			b.Fatal(err)
		}
	}
}
