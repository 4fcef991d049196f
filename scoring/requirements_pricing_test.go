package scoring

import (
	"strings"
	"testing"

	"github.com/mailpick/mailpick/catalog"
)

func TestParseTaxContractAndQuotes(t *testing.T) {
	src := `tax_basis = "included"
[accounts]
users = 10
[contract]
term_months = 12
payment = "upfront"
[quotes.kagoya-mail]
flat_month = 3300
tax = "included"
term_months = 12
[quotes.zoho-mail-lite]
initial = 1000
`
	r, err := ParseRequirements("r.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if r.TaxBasis != catalog.TaxIncluded || r.ConsumptionTax != 0.10 || r.ConsumptionTaxGiven {
		t.Errorf("tax basis %q rate %v given %v", r.TaxBasis, r.ConsumptionTax, r.ConsumptionTaxGiven)
	}
	if r.Contract != (Contract{TermMonths: 12, Payment: catalog.PaymentUpfront}) {
		t.Errorf("contract %+v", r.Contract)
	}
	q := r.Quotes["kagoya-mail"]
	if !q.Recurring() || q.FlatMonth != catalog.Known(3300) || q.Tax != catalog.TaxIncluded || q.TermMonths != 12 {
		t.Errorf("quote %+v", q)
	}
	if p := q.Price(); p.PerUserMonth != catalog.Known(0) || p.FlatMonth != catalog.Known(3300) {
		t.Errorf("a flat quote has no per-user part: %+v", p)
	}
	if z := r.Quotes["zoho-mail-lite"]; z.Recurring() || z.Tax != catalog.TaxIncluded {
		t.Errorf("an initial-only quote %+v: not recurring, tax defaults to the basis", z)
	}
	// Defaults: excluded basis; no consumption-tax default outside JPY.
	r, err = ParseRequirements("r.toml", []byte("currency = \"USD\"\n[accounts]\nusers = 10\n"))
	if err != nil {
		t.Fatal(err)
	}
	if r.TaxBasis != catalog.TaxExcluded || r.ConsumptionTax != 0 {
		t.Errorf("USD defaults: basis %q rate %v", r.TaxBasis, r.ConsumptionTax)
	}
}

func TestParseTaxContractAndQuotesProblems(t *testing.T) {
	tests := []struct{ src, want string }{
		{"tax_basis = \"gross\"\n[accounts]\nusers = 1\n", `r.toml:1: tax_basis: "gross" is not allowed`},
		{"consumption_tax = 10\n[accounts]\nusers = 1\n", "r.toml:1: consumption_tax: must be a fraction between 0 and 0.5 (0.10 = 10 %; got 10)"},
		{"[accounts]\nusers = 1\n[contract]\nterm_months = 0\n", "r.toml:4: contract.term_months: must be between 1 and 120"},
		{"[accounts]\nusers = 1\n[contract]\nterms = 12\n", "contract.terms: unknown key (allowed here: term_months, payment)"},
		{"[accounts]\nusers = 1\n[quotes.x]\nflat_month = -1\n", "r.toml:4: quotes.x.flat_month: must be between 0 and 10,000,000,000 (got -1)"},
		{"[accounts]\nusers = 1\n[quotes.x]\ntax = \"included\"\n", "quotes.x: states no price"},
		{"[accounts]\nusers = 1\n[quotes.x]\nflat = 3\n", "quotes.x.flat: unknown key (allowed here: currency, per_user_month, flat_month"},
	}
	for _, tt := range tests {
		_, err := ParseRequirements("r.toml", []byte(tt.src))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v\nwant %q", tt.src, err, tt.want)
		}
	}
}

func TestCheckReferences(t *testing.T) {
	opts := []*catalog.Option{testOption("kagoya-mail", catalog.Provider, catalog.Yes), testOption("mailcow", catalog.SelfHosted, catalog.Yes)}
	opts[0].Pricing.Tax = catalog.TaxIncluded
	r, err := ParseRequirements("r.toml", []byte("currency = \"USD\"\nexclude = [\"mailcow\", \"mailcw\"]\n[accounts]\nusers = 1\n[fx]\nJPY = 0.0067\n[quotes.kagoya]\nflat_month = 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	probs := CheckReferences("r.toml", r, opts, nil)
	got := probs.Error()
	for _, want := range []string{
		`r.toml:2: exclude[1]: "mailcw" is not an option in the catalog; did you mean "mailcow"?`,
		`quotes.kagoya: "kagoya" is not an option in the catalog; did you mean "kagoya-mail"?`,
		`consumption_tax: needed to convert prices of kagoya-mail to the excluded basis`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems %s\nwant %q", got, want)
		}
	}
	if len(probs) != 3 {
		t.Errorf("%d problems, want 3", len(probs))
	}
}

// An exclude list that leaves nothing to compare is a problem of the
// requirements file, named at its line; leaving one option is fine.
func TestCheckReferencesExcludeAll(t *testing.T) {
	opts := []*catalog.Option{testOption("kagoya-mail", catalog.Provider, catalog.Yes), testOption("mailcow", catalog.SelfHosted, catalog.Yes)}
	for _, tc := range []struct {
		exclude string
		want    string
	}{
		{`["mailcow", "kagoya-mail"]`, `r.toml:2: exclude: leaves out every option in the catalog (2); nothing is left to compare`},
		{`["mailcow"]`, ""},
		{`[]`, ""},
	} {
		r, err := ParseRequirements("r.toml", []byte("lang = \"en\"\nexclude = "+tc.exclude+"\n[accounts]\nusers = 1\n"))
		if err != nil {
			t.Fatal(err)
		}
		probs := CheckReferences("r.toml", r, opts, nil)
		if tc.want == "" {
			if len(probs) != 0 {
				t.Errorf("exclude %s: %v", tc.exclude, probs)
			}
			continue
		}
		if len(probs) != 1 || !strings.Contains(probs.Error(), tc.want) {
			t.Errorf("exclude %s: problems %q, want one containing %q", tc.exclude, probs.Error(), tc.want)
		}
	}
}

// A self-hosted option priced from the hosting table (税込 prices) needs a
// consumption-tax rate outside JPY just as a catalog price does.
func TestCheckReferencesHostingTax(t *testing.T) {
	o := testOption("stack", catalog.SelfHosted, catalog.Yes)
	o.Operations.RAMGB = catalog.Known(1)
	plans := []catalog.HostingPlan{{ID: "vps", RAMGB: 2, Monthly: 1100, Currency: "JPY", Tax: catalog.TaxIncluded}}
	r, err := ParseRequirements("r.toml", []byte("currency = \"USD\"\n[accounts]\nusers = 1\n[fx]\nJPY = 0.0067\n"))
	if err != nil {
		t.Fatal(err)
	}
	if probs := CheckReferences("r.toml", r, []*catalog.Option{o}, plans); len(probs) != 1 || !strings.Contains(probs.Error(), "consumption_tax: needed to convert prices of stack") {
		t.Errorf("problems %v", probs)
	}
	// With the company's own server figure the table is not used.
	r.ServerMonthly = catalog.Known(30)
	if probs := CheckReferences("r.toml", r, []*catalog.Option{o}, plans); len(probs) != 0 {
		t.Errorf("server_monthly given: problems %v", probs)
	}
}
