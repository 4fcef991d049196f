package scoring

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/catalog/tomlfile"
)

func TestTemplateParsesAndCommentsEveryKey(t *testing.T) {
	keyLine := regexp.MustCompile(`^#?\s*([a-z_A-Z]+) = `)
	for _, lang := range []string{"ja", "en"} {
		tpl := Template(lang)
		r, err := ParseRequirements("template.toml", []byte(tpl))
		if err != nil {
			t.Fatalf("%s template does not parse: %v", lang, err)
		}
		if r.Lang != lang || r.Users != 50 || r.StoragePerUserGB != 1 {
			t.Errorf("%s template: lang %q users %d storage %v", lang, r.Lang, r.Users, r.StoragePerUserGB)
		}
		n := 0
		for _, line := range strings.Split(tpl, "\n") {
			if !keyLine.MatchString(line) {
				continue
			}
			n++
			if !strings.Contains(line, " # ") {
				t.Errorf("%s template: key without a comment: %q", lang, line)
			}
		}
		// Every capability key plus the other keys must be in the template.
		if n < len(catalog.CapabilityKeys)+15 {
			t.Errorf("%s template has only %d keys", lang, n)
		}
	}
}

// Each malformed file must produce these messages, with the line.
func TestParseRequirementsErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"typo in a key", "curency = \"JPY\"\n[accounts]\nusers = 5\n",
			[]string{`req.toml:1: curency: unknown key; did you mean "currency"?`}},
		{"users zero", "[accounts]\nusers = 0\n", []string{"req.toml:2: accounts.users: must be a whole number between 1 and 10,000,000 accounts (got 0)"}},
		{"users a string", "[accounts]\nusers = \"fifty\"\n", []string{`req.toml:2: accounts.users: must be a whole number, not the string "fifty"`}},
		{"growth below -0.9", "[accounts]\nusers = 5\ngrowth_per_year = -2\n", []string{"req.toml:3: accounts.growth_per_year: must be a fraction between -0.9 and 3 (0.1 = +10 % a year) (got -2); if you meant -2 % a year, write -0.02"}},
		{"weights all zero", "[accounts]\nusers = 5\n[weights]\ncost = 0\nsecurity = 0\n", []string{"req.toml:3: weights: all weights are zero"}},
		{"negative weight", "[accounts]\nusers = 5\n[weights]\ncost = -1\n", []string{"req.toml:4: weights.cost: must not be negative"}},
		{"bad currency", "currency = \"yen\"\n[accounts]\nusers = 5\n", []string{`req.toml:1: currency: "yen" is not an ISO 4217 code`}},
		{"bad level", "[accounts]\nusers = 5\n[features]\nforwarding = \"yes\"\n", []string{`req.toml:4: features.forwarding: "yes" is not allowed; use one of "must", "want", "no"`}},
		{"missing accounts", "lang = \"en\"\n", []string{"req.toml: accounts: missing [accounts] table"}},
		{"syntax error", "[accounts\nusers = 5\n", []string{"req.toml:1: TOML syntax"}},
		{"typo in security", "[accounts]\nusers = 5\n[security]\ntwo_factors = \"must\"\n", []string{`req.toml:4: security.two_factors: unknown key; did you mean "two_factor"?`}},
		{"horizon too long", "horizon_years = 50\n[accounts]\nusers = 5\n", []string{"req.toml:1: horizon_years: must be between 1 and 20 years (got 50)"}},
		{"negative budget", "[accounts]\nusers = 5\n[budget]\nmonthly_max = -10\n", []string{"req.toml:4: budget.monthly_max: must be a positive amount"}},
		{"bad fx", "[accounts]\nusers = 5\n[fx]\nUSD = 0\n", []string{"req.toml:4: fx.USD: rate must be positive"}},
		{"quote currency without fx", "[accounts]\nusers = 5\n[quotes.kagoya-mail]\ncurrency = \"CHF\"\nper_user_month = 3\n", []string{"req.toml:4: quotes.kagoya-mail.currency: no exchange rate for CHF and no default"}},
		{"bad pairwise key", "[accounts]\nusers = 5\n[weights.pairwise]\ncost_security = 3\n", []string{"req.toml:4: weights.pairwise.cost_security: must be named <criterion>_vs_<criterion>"}},
		{"bad expertise", "[accounts]\nusers = 5\n[operations]\nadmin_expertise = \"guru\"\n", []string{`req.toml:4: operations.admin_expertise: "guru" is not allowed; use one of "none", "basic", "expert"`}},
		{"several problems together", "curency = \"JPY\"\n[accounts]\nusers = -3\n[storage]\nper_user_gb = \"lots\"\n",
			[]string{"3 problems", "req.toml:1: curency", "req.toml:3: accounts.users", "req.toml:5: storage.per_user_gb: must be a number, not a string"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseRequirements("req.toml", []byte(tt.src))
			if err == nil {
				t.Fatal("want an error")
			}
			var ps tomlfile.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error %T is not a problem list: %v", err, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%s\ndoes not contain %q", err, w)
				}
			}
		})
	}
}

func TestParseRequirementsDefaultsAndValues(t *testing.T) {
	src := `
[accounts]
users = 50
growth_per_year = 0.1
[security]
retention = "must"
[weights]
cost = 1
security = 3
[fx]
USD = 150
`
	r, err := ParseRequirements("r.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if r.Lang != "ja" || r.Currency != "JPY" || r.HorizonYears != 5 {
		t.Errorf("defaults: lang %q currency %q horizon %d", r.Lang, r.Currency, r.HorizonYears)
	}
	if r.Level("security.retention") != Must || r.Level("security.two_factor") != No {
		t.Error("levels not read")
	}
	w := r.NormalisedWeights()
	if w[catalog.CriterionCost] != 0.25 || w[catalog.CriterionSecurity] != 0.75 || w[catalog.CriterionMobile] != 0 {
		t.Errorf("normalised weights %v", w)
	}
	if v, err := r.Convert(2, "USD"); err != nil || v != 300 {
		t.Errorf("Convert(2 USD) = %v, %v", v, err)
	}
	if _, err := r.Convert(2, "EUR"); err == nil || !strings.Contains(err.Error(), "add [fx] EUR") {
		t.Errorf("missing rate error: %v", err)
	}
}

func FuzzParseRequirements(f *testing.F) {
	f.Add([]byte(Template("ja")))
	f.Add([]byte(Template("en")))
	f.Add([]byte("[accounts]\nusers = 5\n[weights.pairwise]\ncost_vs_security = 3\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseRequirements("f.toml", b)
		if err != nil {
			var ps tomlfile.Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error is not a problem list: %v", err)
			}
			return
		}
		if r.Users < 1 || r.HorizonYears < 1 || r.Growth < -1 {
			t.Fatalf("accepted impossible values: %+v", r)
		}
	})
}
