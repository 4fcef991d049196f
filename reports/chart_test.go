package reports

import (
	"reflect"
	"testing"
)

// TestAxisTicks: ticks fall on 1-2-5 × 10^k values from 0 and the last
// one reaches the largest bar (issue: "13.3M, 26.7M" were odd values).
func TestAxisTicks(t *testing.T) {
	cases := []struct {
		hi   float64
		want []float64
	}{
		{100, []float64{0, 20, 40, 60, 80, 100}},
		{131969789, []float64{0, 5e7, 1e8, 1.5e8}},
		{8701666, []float64{0, 2e6, 4e6, 6e6, 8e6, 1e7}},
		{5744813, []float64{0, 2e6, 4e6, 6e6}},
		{62.1, []float64{0, 20, 40, 60, 80}},
		{0.5, []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5}},
		{0, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
	}
	for _, c := range cases {
		got := axisTicks(c.hi, 6)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("axisTicks(%v) = %v, want %v", c.hi, got, c.want)
		}
		if last := got[len(got)-1]; last < c.hi {
			t.Errorf("axisTicks(%v): last tick %v is below the largest value", c.hi, last)
		}
	}
}

func TestAxisUnit(t *testing.T) {
	cases := []struct {
		lang, cur string
		top       float64
		div       float64
		unit      string
		tick      string // label of the top tick
	}{
		{"ja", "JPY", 1.5e8, 1e6, "百万円", "150"},
		{"ja", "JPY", 6e6, 1e3, "千円", "6,000"},
		{"en", "JPY", 1.5e8, 1e6, "million JPY", "150"},
		{"en", "USD", 5000, 1, "USD", "5,000"},
		{"ja", "USD", 2e4, 1e3, "千USD", "20"},
	}
	for _, c := range cases {
		div, unit := axisUnit(c.lang, c.cur, c.top)
		if div != c.div || unit != c.unit {
			t.Errorf("axisUnit(%s, %s, %v) = %v %q, want %v %q", c.lang, c.cur, c.top, div, unit, c.div, c.unit)
		}
		if got := tickLabel(c.top, div, c.top/5); got != c.tick {
			t.Errorf("tickLabel(%v) = %q, want %q", c.top, got, c.tick)
		}
	}
	if got := tickLabel(2.5e6, 1e6, 5e5); got != "2.5" {
		t.Errorf("a half step keeps its decimal: got %q", got)
	}
}

// TestSeriesColorsNeverRepeat: a TCO chart for any horizon the input
// allows (1–10 years, and beyond) gives every series its own colour.
func TestSeriesColorsNeverRepeat(t *testing.T) {
	for years := 1; years <= 15; years++ {
		c := &chart{Sequential: true, Series: make([]string, years+1)}
		seen := map[rgb]int{}
		for j := range c.Series {
			col := c.seriesColor(j)
			if k, dup := seen[col]; dup {
				t.Errorf("%d years: series %d and %d share colour %v", years, k, j, col)
			}
			seen[col] = j
		}
	}
}
