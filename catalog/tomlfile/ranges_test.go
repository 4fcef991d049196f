package tomlfile

import (
	"math"
	"strings"
	"testing"
)

func TestRangeTableFor(t *testing.T) {
	rt := RangeTable{
		"a.b":             {Max: 1},
		"quotes.*.x":      {Max: 2},
		"weights.*":       {Max: 3},
		"weights.p.*":     {Max: 4},
		"option.addons.*": {Max: 5},
	}
	tests := []struct {
		path string
		max  float64 // 0 = no range
	}{
		{"a.b", 1},
		{"a.c", 0},
		{"a", 0},
		{"quotes.acme.x", 2},
		{"quotes.acme.y", 0},
		{"quotes.x", 0},
		{"weights.cost", 3},
		{"weights.p.cost_vs_security", 4}, // more literal parts win
		{"option[3].addons.security.archive", 5},
		{"option[3].addons", 0},
	}
	for _, tt := range tests {
		r, ok := rt.For(tt.path)
		if ok != (tt.max != 0) || r.Max != tt.max {
			t.Errorf("For(%q) = %+v, %v; want max %v", tt.path, r, ok, tt.max)
		}
	}
}

func TestRangeContains(t *testing.T) {
	tests := []struct {
		r    Range
		v    float64
		want bool
	}{
		{Range{Min: 1, Max: 20, Whole: true}, 1, true},
		{Range{Min: 1, Max: 20, Whole: true}, 20, true},
		{Range{Min: 1, Max: 20, Whole: true}, 21, false},
		{Range{Min: 1, Max: 20, Whole: true}, 2.5, false},
		{Range{Min: 0, Max: 1}, math.NaN(), false},
		{Range{Min: 0, Max: 1}, math.Inf(1), false},
		{Range{Min: 0, Max: 1}, math.Copysign(0, -1), true},
		{Range{Min: 0, MinOpen: true, Max: 1}, 0, false},
		{Range{Min: 0, MinOpen: true, Max: 1}, 1e-9, true},
	}
	for _, tt := range tests {
		if got := tt.r.Contains(tt.v); got != tt.want {
			t.Errorf("%+v.Contains(%v) = %v", tt.r, tt.v, got)
		}
	}
}

func TestRangeText(t *testing.T) {
	tests := []struct {
		r    Range
		want string
	}{
		{Range{Min: 1, Max: 20, Whole: true, Unit: "years"}, "a whole number between 1 and 20 years"},
		{Range{Min: 0, Max: 10_000_000_000}, "between 0 and 10,000,000,000"},
		{Range{Min: 1e-6, Max: 1e6}, "between 0.000001 and 1,000,000"},
		{Range{Min: 0, MinOpen: true, Max: 5000}, "more than 0 and at most 5000"},
		{Range{Min: 1.0 / 9, Max: 9, Label: "on Saaty's scale 1/9 … 9"}, "on Saaty's scale 1/9 … 9"},
	}
	for _, tt := range tests {
		if got := tt.r.String(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

// CheckNumbers reports each out-of-range number once, at its line, skips
// keys already reported (and what is inside them), and calls a number
// without a range a bug.
func TestCheckNumbers(t *testing.T) {
	src := "a = 5\nb = -1\n[t]\nc = 1e300\nd = [1, 99]\n[unknown]\ne = 1e300\n[n]\nf = 1\n"
	doc, err := Parse("x.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	doc.Addf("unknown", "unknown key")
	doc.CheckNumbers(RangeTable{"a": {Max: 10}, "b": {Max: 10}, "t.*": {Max: 10}, "n.f": {Max: 10}, "t.d": {Max: 50}})
	var got []string
	for _, p := range doc.Problems() {
		got = append(got, p.Error())
	}
	want := []string{
		"x.toml:6: unknown: unknown key",
		"x.toml:2: b: must be between 0 and 10 (got -1)",
		"x.toml:4: t.c: must be between 0 and 10 (got 1e+300)",
		"x.toml:5: t.d[1]: must be between 0 and 50 (got 99)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	doc2, _ := Parse("x.toml", []byte("z = 1\n"))
	doc2.CheckNumbers(RangeTable{})
	if ps := doc2.Problems(); len(ps) != 1 || !strings.Contains(ps[0].Msg, "has no documented range") {
		t.Errorf("a number without a range: %v", ps)
	}
}

func TestFormatNumber(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 744: "744", 1000: "1000", 10000: "10,000", 10_000_000: "10,000,000",
		-20000: "-20,000", 0.1: "0.1", 1e15: "1e+15", 1.0 / 9: "0.1111"} {
		if got := FormatNumber(v); got != want {
			t.Errorf("FormatNumber(%v) = %q, want %q", v, got, want)
		}
	}
}
