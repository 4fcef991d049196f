package catalog

import (
	"fmt"
	"strings"
	"testing"
)

// withPricing swaps minimalOption's [option.pricing] body for another.
func withPricing(t *testing.T, pricing string) string {
	t.Helper()
	old := "[option.pricing]\ncurrency = \"JPY\"\nper_user_month = 300\ninitial = \"unknown\"\n"
	if !strings.Contains(minimalOption, old) {
		t.Fatal("minimalOption changed; update withPricing")
	}
	return strings.Replace(minimalOption, old, pricing, 1)
}

func TestParsePricingForms(t *testing.T) {
	tests := []struct {
		name    string
		pricing string
		check   func(t *testing.T, p Pricing)
	}{
		{"per user, as before", "[option.pricing]\ncurrency = \"JPY\"\nper_user_month = 300\ninitial = \"unknown\"\n", func(t *testing.T, p Pricing) {
			pr := p.Tiers[0].Prices[0]
			if len(p.Tiers) != 1 || pr.PerUserMonth != Known(300) || pr.FlatMonth != Known(0) || pr.Initial.Known || p.Tax != TaxUnknown {
				t.Errorf("%+v", p)
			}
		}},
		{"flat per contract", "[option.pricing]\ncurrency = \"JPY\"\nflat_month = 3300\ninitial = 0\ntax = \"included\"\nterm_months = 1\n", func(t *testing.T, p Pricing) {
			pr := p.Tiers[0].Prices[0]
			if pr.FlatMonth != Known(3300) || pr.PerUserMonth != Known(0) || pr.TermMonths != 1 || p.Tax != TaxIncluded || p.FlatMonth != Known(3300) {
				t.Errorf("%+v", p)
			}
		}},
		{"flat and per user", "[option.pricing]\ncurrency = \"JPY\"\nflat_month = 1000\nper_user_month = 100\ninitial = 0\n", func(t *testing.T, p Pricing) {
			if pr := p.Tiers[0].Prices[0]; pr.Monthly(10) != 2000 {
				t.Errorf("monthly for 10 = %v, want 2000", pr.Monthly(10))
			}
		}},
		{"by term", "[option.pricing]\ncurrency = \"USD\"\ntax = \"excluded\"\ninitial = 0\nterms = [\n  {term_months = 1, per_user_month = 15.00},\n  {term_months = 12, payment = \"monthly\", per_user_month = 13.13},\n  {term_months = 12, payment = \"upfront\", per_user_month = 12.50},\n]\n", func(t *testing.T, p Pricing) {
			ps := p.Tiers[0].Prices
			if len(ps) != 3 || ps[1].Payment != PaymentMonthly || ps[2].PerUserMonth != Known(12.5) || ps[2].Initial != Known(0) {
				t.Errorf("%+v", ps)
			}
		}},
		{"tiers with terms", "[option.pricing]\ncurrency = \"JPY\"\ninitial = 16500\n[[option.pricing.tiers]]\nname = \"スタンダード\"\nstorage_total_gb = 300\nterms = [{term_months = 3, flat_month = 5016}, {term_months = 36, flat_month = 3760}]\n[[option.pricing.tiers]]\nname = \"プレミアム\"\nstorage_total_gb = 400\nflat_month = 7524\nterm_months = 36\ninitial = 0\n", func(t *testing.T, p Pricing) {
			if len(p.Tiers) != 2 || p.Tiers[0].Name != "スタンダード" || p.Tiers[0].StorageTotalGB != Known(300) || len(p.Tiers[0].Prices) != 2 {
				t.Fatalf("%+v", p.Tiers)
			}
			if p.Tiers[0].Prices[1].Initial != Known(16500) || p.Tiers[1].Prices[0].Initial != Known(0) {
				t.Errorf("initial fees: tier default %v, own %v", p.Tiers[0].Prices[1].Initial, p.Tiers[1].Prices[0].Initial)
			}
		}},
		{"unknown flat price", "[option.pricing]\ncurrency = \"JPY\"\nflat_month = \"unknown\"\ninitial = \"unknown\"\n", func(t *testing.T, p Pricing) {
			if p.Tiers[0].Prices[0].Known() {
				t.Errorf("an unknown flat price is known: %+v", p.Tiers[0].Prices[0])
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts, err := Parse("x.toml", []byte(withPricing(t, tt.pricing)))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, opts[0].Pricing)
		})
	}
}

func TestParsePricingProblems(t *testing.T) {
	tests := []struct{ name, pricing, want string }{
		{"no price at all", "[option.pricing]\ncurrency = \"JPY\"\ninitial = 0\n", "option[0].pricing.per_user_month: missing; give per_user_month and/or flat_month"},
		{"terms and keys", "[option.pricing]\ncurrency = \"JPY\"\nflat_month = 1\nterms = [{term_months = 1, flat_month = 2}]\ninitial = 0\n", "option[0].pricing.flat_month: give either terms = [...] or flat_month"},
		{"term without months", "[option.pricing]\ncurrency = \"JPY\"\nterms = [{flat_month = 2}]\ninitial = 0\n", "option[0].pricing.terms[0].term_months: missing"},
		{"same term twice", "[option.pricing]\ncurrency = \"JPY\"\nterms = [{term_months = 12, flat_month = 2}, {term_months = 12, flat_month = 3}]\n", "option[0].pricing.terms[1]: same term_months and payment as terms[0]"},
		{"tier order", "[option.pricing]\ncurrency = \"JPY\"\n[[option.pricing.tiers]]\nname = \"L\"\nmax_users = 300\nflat_month = 2\n[[option.pricing.tiers]]\nname = \"S\"\nmax_users = 50\nflat_month = 1\n", "option[0].pricing.tiers[1].max_users: tiers go from smallest to largest"},
		{"tier without name", "[option.pricing]\ncurrency = \"JPY\"\n[[option.pricing.tiers]]\nflat_month = 2\n", "option[0].pricing.tiers[0].name: missing"},
		{"price beside tiers", "[option.pricing]\ncurrency = \"JPY\"\nper_user_month = 1\n[[option.pricing.tiers]]\nname = \"S\"\nflat_month = 2\n", "option[0].pricing.per_user_month: give prices in each [[option.pricing.tiers]] entry"},
		{"bad tax", "[option.pricing]\ncurrency = \"JPY\"\nflat_month = 1\ninitial = 0\ntax = \"税込\"\n", "option[0].pricing.tax: \"税込\" is not allowed"},
		{"term out of range", "[option.pricing]\ncurrency = \"JPY\"\nflat_month = 1\ninitial = 0\nterm_months = 0\n", "option[0].pricing.term_months: must be between 1 and 120 months"},
		{"negative flat", "[option.pricing]\ncurrency = \"JPY\"\nflat_month = -5\ninitial = 0\n", "option[0].pricing.flat_month: must be between 0 and 10,000,000,000 (got -5)"},
		{"bad payment", "[option.pricing]\ncurrency = \"JPY\"\nflat_month = 1\ninitial = 0\npayment = \"yearly\"\n", "option[0].pricing.payment: \"yearly\" is not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.toml", []byte(withPricing(t, tt.pricing)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParseSourcesBothForms(t *testing.T) {
	src := strings.Replace(minimalOption, `sources = ["https://x.example/pricing"]`,
		`sources = ["https://x.example/pricing", {url = "https://blog.example/x", kind = "third_party", read = 2026-10-03, title = "a blog"}]`, 1)
	opts, err := Parse("x.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	s := opts[0].SourceList
	if len(s) != 2 || s[0].Kind != SourceUnstated || s[0].ReadOn() != "2026-01-01" || s[1].Kind != SourceThirdParty || s[1].ReadOn() != "2026-10-03" {
		t.Errorf("sources %+v", s)
	}
	if len(opts[0].Sources) != 2 || opts[0].Sources[1] != "https://blog.example/x" {
		t.Errorf("Sources (URLs) %v", opts[0].Sources)
	}
	bad := strings.Replace(minimalOption, `sources = ["https://x.example/pricing"]`, `sources = [{url = "https://b.example/", kind = "blog"}]`, 1)
	if _, err := Parse("x.toml", []byte(bad)); err == nil || !strings.Contains(err.Error(), `option[0].sources[0].kind: "blog" is not allowed`) {
		t.Errorf("kind = blog: %v", err)
	}
}

func TestEmbeddedHostingTable(t *testing.T) {
	plans, err := EmbeddedHosting()
	if err != nil {
		t.Fatal(err)
	}
	if len(plans) == 0 {
		t.Fatal("no hosting plans")
	}
	for i, p := range plans {
		if p.RAMGB <= 0 || p.Monthly <= 0 || p.AsOf.IsZero() || len(p.Sources) == 0 || p.Tax == "" {
			t.Errorf("plan %s lacks a figure, date, source or tax basis: %+v", p.ID, p)
		}
		if i > 0 && plans[i-1].Monthly > p.Monthly {
			t.Errorf("plans not ordered by price at %s", p.ID)
		}
	}
}

// disk_gb is a number from the source or "unknown"; left out it is
// unknown; 0 or less is an error. The embedded table states it for
// さくらのVPS 1G (SSD 50 GB) only.
func TestHostingDisk(t *testing.T) {
	const plan = `[[plan]]
id = "v"
provider = "P"
name = "1G"
ram_gb = 1
%s
monthly = 100
initial = 0
currency = "JPY"
tax = "included"
term_months = 1
as_of = 2026-10-03
sources = [{ url = "https://vps.example/", kind = "vendor", read = 2026-10-03 }]
`
	tests := []struct {
		line string
		want Amount
		err  string
	}{
		{"disk_gb = 50", Known(50), ""},
		{`disk_gb = "unknown"`, Unknown, ""},
		{"", Unknown, ""},
		{"disk_gb = 0", Unknown, "plan[0].disk_gb: must be above 0 GB"},
		{`disk_gb = "big"`, Unknown, `plan[0].disk_gb: must be a number or "unknown"`},
	}
	for _, tt := range tests {
		plans, err := ParseHosting("h.toml", []byte(fmt.Sprintf(plan, tt.line)))
		switch {
		case tt.err != "":
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: error %v, want %q", tt.line, err, tt.err)
			}
		case err != nil:
			t.Errorf("%q: %v", tt.line, err)
		case plans[0].DiskGB != tt.want:
			t.Errorf("%q: disk %+v, want %+v", tt.line, plans[0].DiskGB, tt.want)
		}
	}
	plans, err := EmbeddedHosting()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range plans {
		want := Unknown
		if p.ID == "sakura-vps-1g-ishikari" {
			want = Known(50)
		}
		if p.DiskGB != want {
			t.Errorf("%s: disk %+v, want %+v", p.ID, p.DiskGB, want)
		}
	}
}
