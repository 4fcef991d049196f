package scoring

import (
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/catalog/tomlfile"
)

// allKeys is the English template with its commented-out keys turned on,
// [weights.pairwise] added: a requirements file with every numeric key.
func allKeys() string {
	var b strings.Builder
	for _, l := range strings.Split(Template("en"), "\n") {
		if strings.HasPrefix(l, "# [quotes.") {
			l = "[quotes.mailcow]"
		} else if k, ok := strings.CutPrefix(l, "# "); ok && strings.Contains(k, " = ") && !strings.HasPrefix(k, " ") {
			l = k
		}
		b.WriteString(l + "\n")
	}
	b.WriteString("[weights.pairwise]\ncost_vs_security = 3\n")
	return b.String()
}

// Every number of a requirements file has a row in RequirementRanges: set
// to 1e300, each is reported with its range, none as "no documented
// range". A key added to the template without a row fails here.
func TestEveryRequirementNumberHasRange(t *testing.T) {
	src := allKeys()
	if _, err := ParseRequirements("all.toml", []byte(src)); err != nil {
		t.Fatalf("the template with every key: %v", err)
	}
	lines := strings.Split(src, "\n")
	n := 0
	for i, l := range lines {
		key, val, ok := strings.Cut(l, "=")
		if !ok {
			continue
		}
		val, _, _ = strings.Cut(val, "#")
		if _, err := strconv.ParseFloat(strings.TrimSpace(val), 64); err == nil {
			lines[i] = key + "= 1e300"
			n++
		}
	}
	_, err := ParseRequirements("all.toml", []byte(strings.Join(lines, "\n")))
	var ps tomlfile.Problems
	if !errors.As(err, &ps) {
		t.Fatal(err)
	}
	ranged := 0
	for _, p := range ps {
		if strings.Contains(p.Msg, "documented range") {
			t.Errorf("%s", p)
		}
		if strings.Contains(p.Msg, "got 1e+300)") {
			ranged++
		}
	}
	if n < 20 || ranged != n {
		t.Errorf("%d numbers set to 1e300, %d reported with their range:\n%v", n, ranged, ps)
	}
}

func TestGrowth(t *testing.T) {
	tests := []struct {
		growth  string
		problem string
		warning string
	}{
		{"0.1", "", ""},
		{"-0.9", "", ""},
		{"0.99", "", ""},
		{"1", "", "req.toml:3: warning: accounts.growth_per_year: 1 is +100 % a year; if you meant 1 % a year, write 0.01"},
		{"2.5", "", "req.toml:3: warning: accounts.growth_per_year: 2.5 is +250 % a year; if you meant 2.5 % a year, write 0.025"},
		{"10", "req.toml:3: accounts.growth_per_year: must be a fraction between -0.9 and 3 (0.1 = +10 % a year) (got 10); if you meant 10 % a year, write 0.1", ""},
		{"-5", "req.toml:3: accounts.growth_per_year: must be a fraction between -0.9 and 3 (0.1 = +10 % a year) (got -5); if you meant -5 % a year, write -0.05", ""},
		{"1e300", "req.toml:3: accounts.growth_per_year: must be a fraction between -0.9 and 3 (0.1 = +10 % a year) (got 1e+300)", ""},
		{"nan", "req.toml:3: accounts.growth_per_year: must be a finite number, not NaN", ""},
	}
	for _, tt := range tests {
		r, err := ParseRequirements("req.toml", []byte("[accounts]\nusers = 5\ngrowth_per_year = "+tt.growth+"\n"))
		if got := errText(err); got != tt.problem {
			t.Errorf("growth %s: problem\n got %q\nwant %q", tt.growth, got, tt.problem)
		}
		if r == nil {
			continue
		}
		var ws []string
		for _, w := range r.Warnings() {
			ws = append(ws, w.Warning())
		}
		if got := strings.Join(ws, "\n"); got != tt.warning {
			t.Errorf("growth %s: warning\n got %q\nwant %q", tt.growth, got, tt.warning)
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// The accounts of the last year must stay within catalog.MaxAccounts:
// 300 users at +1000 % for 17 years overflowed int64 and made a negative
// TCO that still won.
func TestLastYearAccounts(t *testing.T) {
	tests := []struct {
		src  string
		want string
	}{
		{"horizon_years = 17\n[accounts]\nusers = 300\ngrowth_per_year = 2\n",
			"req.toml:4: accounts.growth_per_year: with 300 users growing +200 % a year, year 17 would have 12,914,016,300 accounts, more than the 10,000,000 mailpick models"},
		{"horizon_years = 20\n[accounts]\nusers = 10000000\ngrowth_per_year = 0.01\n",
			"req.toml:4: accounts.growth_per_year: with 10000000 users growing +1 % a year, year 20 would have 12,081,090 accounts"},
		{"horizon_years = 20\n[accounts]\nusers = 10000000\ngrowth_per_year = -0.01\n", ""},
		{"horizon_years = 20\n[accounts]\nusers = 10000000\n", ""},
	}
	for _, tt := range tests {
		_, err := ParseRequirements("req.toml", []byte(tt.src))
		if got := errText(err); (tt.want == "") != (got == "") || !strings.HasPrefix(got, tt.want) {
			t.Errorf("%q:\n got %q\nwant %q", tt.src, got, tt.want)
		}
	}
	if n := Accounts(10_000_000, 0, 20); n != 10_000_000 {
		t.Errorf("Accounts = %d", n)
	}
}

// No cost leaves Evaluate as NaN, ±Inf, negative or above MaxCost, even
// when every input is at the top of its range.
func TestCostsStayFinite(t *testing.T) {
	src := "horizon_years = 20\n[accounts]\nusers = 10000000\n[operations]\nadmin_hourly_cost = 1000000\n[fx]\nUSD = 1000000\nEUR = 1000000\n"
	r, err := ParseRequirements("req.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	opts, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	_, err = Evaluate(r, opts, testAssumptions(t), Options{NoSensitivity: true})
	var ps tomlfile.Problems
	if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Line != 3 || !strings.Contains(ps[0].Msg, "outside 0 … 1e+15") {
		t.Fatalf("err = %v, want the cost beyond MaxCost reported at accounts.users", err)
	}
	// The same at a sane scale evaluates, and every cost is finite.
	r.Users, r.AdminHourlyCost, r.FX = 50, 5000, map[string]float64{"USD": 150, "EUR": 160}
	ev, err := Evaluate(r, opts, testAssumptions(t), Options{NoSensitivity: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range ev.Results {
		if v := res.TCO.Total; math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			t.Errorf("%s: TCO %v", res.ID, v)
		}
	}
}

func TestPercent(t *testing.T) {
	for f, want := range map[float64]string{0.1: "+10 %", -0.05: "-5 %", math.Copysign(0, -1): "0 %", -0.0001: "0 %", 2: "+200 %", 0.125: "+12.5 %"} {
		if got := percent(f); got != want {
			t.Errorf("percent(%v) = %q, want %q", f, got, want)
		}
	}
}

// README "Limits" shows the range tables as the code has them: a range
// changed here and not there fails.
func TestReadmeListsEveryRange(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	_, section, ok := strings.Cut(readme, "\n## Limits\n")
	if !ok {
		t.Fatal("README has no Limits section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	for name, table := range map[string]tomlfile.RangeTable{"requirements": RequirementRanges, "catalog": catalog.Ranges} {
		if !strings.Contains(section, table.Markdown()) {
			t.Errorf("README Limits does not show the %s ranges as the code has them; paste:\n%s", name, table.Markdown())
		}
	}
	for _, want := range []string{
		"nested too deeply (limit " + strconv.Itoa(tomlfile.MaxDepth) + ")",
		"nested at most **" + strconv.Itoa(tomlfile.MaxDepth) + "** levels",
		"| " + strconv.Itoa(tomlfile.MaxBytes>>20) + " MB |",
		"stay within **" + tomlfile.FormatNumber(catalog.MaxAccounts) + "**",
	} {
		if !strings.Contains(section, want) {
			t.Errorf("README Limits lacks %q", want)
		}
	}
}
