package catalog

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// Every embedded option survives Marshal → Parse unchanged: the writer
// holds every key the parser reads, in a form it accepts, and the output
// loads without a single warning.
func TestMarshalRoundTripsEmbedded(t *testing.T) {
	opts, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	b := Marshal("written by a test\nsecond line", opts)
	if !strings.HasPrefix(string(b), "# written by a test\n# second line\n\n[[option]]\n") {
		t.Errorf("header not written as comments:\n%.120s", b)
	}
	back, warns, err := ParseWarn("round.toml", b)
	if err != nil {
		t.Fatalf("Marshal output does not parse: %v", err)
	}
	if len(warns) > 0 {
		t.Errorf("Marshal output has warnings: %v", warns)
	}
	if len(back) != len(opts) {
		t.Fatalf("got %d options back, want %d", len(back), len(opts))
	}
	for i, o := range opts {
		got, want := *back[i], *o
		got.Origin, want.Origin = "", ""
		if len(want.ProbeDomains) == 0 {
			want.ProbeDomains = nil
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: round trip differs\n got %+v\nwant %+v", o.ID, got, want)
		}
	}
}

// Text that TOML must escape, a file source, tiers with one price each and
// a price with both components survive the round trip.
func TestMarshalEscapesAndForms(t *testing.T) {
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	o := &Option{ID: "x-mail", Name: "X \"Mail\"\tβ\x01", Vendor: `株式会社X\`, Kind: Provider, URL: "https://x.example/",
		AsOf: day, Notes: "line 1\nline 2",
		SourceList: []Source{
			{URL: "https://x.example/p", Kind: SourceVendor, Read: day, Keys: []string{"pricing"}},
			{File: "answers.xlsx", Kind: SourceVendorAnswer, Read: day, Title: "answer of X", Keys: []string{"features.forwarding"}},
		},
		Caps: map[string]State{}, AddonPrice: map[string]Amount{"security.retention": Known(1.5)}, Build: map[string]State{},
		Evidence: map[string]string{"features.forwarding": "vendor's answer: \"yes\""},
		Pricing: Pricing{Currency: "JPY", Tax: TaxIncluded, TaxStated: true, PerYear: Known(0), MinUsers: Unknown, MaxUsers: Known(500), Billing: "monthly",
			Tiers: []Tier{
				{Name: "S", MaxUsers: Known(10), StorageTotalGB: Known(100), Prices: []Price{{FlatMonth: Known(1000), PerUserMonth: Known(50), Initial: Known(0), TermMonths: 12}}},
				{Name: "L", MaxUsers: Unknown, StorageTotalGB: Known(300), Prices: []Price{{FlatMonth: Unknown, PerUserMonth: Known(0), Initial: Unknown}}},
			}},
		Storage: Storage{PerUserGB: Known(2.5), Pooled: Yes, TotalGB: Unknown},
		Support: SupportTerms{Hours: "24x7", SLAPercent: Known(99.9)},
	}
	for _, k := range CapabilityKeys {
		o.Caps[k.Path()] = StateUnknown
	}
	o.Caps["features.forwarding"] = Yes
	o.Caps["security.retention"] = Addon
	b := Marshal("", []*Option{o})
	back, warns, err := ParseWarn("x.toml", b)
	if err != nil {
		t.Fatalf("does not parse: %v\n%s", err, b)
	}
	if len(warns) > 0 {
		t.Errorf("warnings: %v", warns)
	}
	got := back[0]
	if got.Name != o.Name || got.Vendor != o.Vendor || got.Notes != o.Notes {
		t.Errorf("text changed: %q %q %q", got.Name, got.Vendor, got.Notes)
	}
	if s := got.SourceList[1]; s.File != "answers.xlsx" || s.URL != "" || s.Kind != SourceVendorAnswer {
		t.Errorf("file source = %+v", s)
	}
	if got.Sources[1] != "answers.xlsx" {
		t.Errorf("Sources = %v; a file source is listed by its file name", got.Sources)
	}
	if !reflect.DeepEqual(got.Pricing.Tiers, o.Pricing.Tiers) {
		t.Errorf("tiers\n got %+v\nwant %+v", got.Pricing.Tiers, o.Pricing.Tiers)
	}
	if got.SourcesFor("features.forwarding")[0].Tag("en") != "vendor's answer, answered 2026-12-01" {
		t.Errorf("tag = %q", got.SourcesFor("features.forwarding")[0].Tag("en"))
	}
}

func TestSourceFileRules(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{`{file = "dir/a.xlsx", kind = "vendor_answer", read = 2026-12-01}`, "without a directory"},
		{`{file = "", kind = "vendor_answer", read = 2026-12-01}`, "file: is empty"},
		{`{kind = "vendor_answer", read = 2026-12-01}`, "url: missing"},
		{`{file = "a.xlsx", url = "ftp://x", kind = "vendor_answer"}`, "not an http(s) URL"},
	} {
		src := strings.Replace(minimalOption, `sources = ["https://x.example/pricing"]`, "sources = ["+tt.src+"]", 1)
		_, err := Parse("x.toml", []byte(src))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.src, err, tt.want)
		}
	}
}
