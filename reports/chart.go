package reports

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/mailpick/mailpick/msg"
)

// niceNum rounds x to a "nice" number, 1, 2 or 5 × 10^k (Heckbert,
// "Nice numbers for graph labels", Graphics Gems, 1990): rounded to the
// nearest when round, else to the next one up.
func niceNum(x float64, round bool) float64 {
	if x <= 0 {
		return 1
	}
	exp := math.Floor(math.Log10(x))
	f := x / math.Pow(10, exp)
	var nf float64
	switch {
	case round && f < 1.5, !round && f <= 1:
		nf = 1
	case round && f < 3, !round && f <= 2:
		nf = 2
	case round && f < 7, !round && f <= 5:
		nf = 5
	default:
		nf = 10
	}
	return nf * math.Pow(10, exp)
}

// axisTicks are round tick values from 0 to at least hi, about n of them:
// the axis ends on the last tick, so every bar ends inside the plot.
func axisTicks(hi float64, n int) []float64 {
	if hi <= 0 {
		hi = 1
	}
	step := niceNum(niceNum(hi, false)/float64(max(n-1, 1)), true)
	top := math.Ceil(hi/step-1e-9) * step
	var out []float64
	for k := 0; ; k++ {
		// Twelve significant digits drop the binary residue (0.30000000000000004).
		v, _ := strconv.ParseFloat(strconv.FormatFloat(float64(k)*step, 'g', 12, 64), 64)
		if v > top+step/2 {
			break
		}
		out = append(out, v)
	}
	return out
}

// axisUnit is the unit a money axis counts in, chosen so its largest tick
// has at most four digits ("150" 百万円 rather than 150,000,000): the
// divisor and the unit's name for the axis title.
func axisUnit(lang, cur string, top float64) (float64, string) {
	c := cur
	if lang == "ja" && cur == "JPY" {
		c = msg.T(lang, "unit_yen")
	}
	switch {
	case top >= 1e10:
		return 1e9, msg.T(lang, "unit_billion", "cur", c)
	case top >= 1e7:
		return 1e6, msg.T(lang, "unit_million", "cur", c)
	case top >= 1e4:
		return 1e3, msg.T(lang, "unit_thousand", "cur", c)
	}
	return 1, c
}

// tickLabel writes a tick value in units of div: whole numbers with
// thousands separators, one decimal only where the step needs it.
func tickLabel(v, div, step float64) string {
	x := v / div
	if step/div < 1 && math.Abs(x-math.Round(x)) > 1e-9 {
		return strings.TrimSuffix(fmt.Sprintf("%.1f", x), ".0")
	}
	return groupDigits(int(math.Round(x)))
}

// seriesColor is the colour of a chart's series j. A chart whose series
// after the first are periods (the TCO by year) gives them a sequential
// palette, light to dark blue, one distinct shade per year for any horizon,
// and the first series (initial cost) an orange apart; other charts use
// the qualitative Okabe–Ito palette.
func (c *chart) seriesColor(j int) rgb {
	if c.Sequential && len(c.Series) > 1 {
		if j == 0 {
			return rgb{230, 159, 0}
		}
		n := len(c.Series) - 1
		t := 0.0
		if n > 1 {
			t = float64(j-1) / float64(n-1)
		}
		lo, hi := rgb{158, 202, 225}, rgb{8, 48, 107}
		mix := func(a, b int) int { return int(math.Round(float64(a) + t*float64(b-a))) }
		return rgb{mix(lo.r, hi.r), mix(lo.g, hi.g), mix(lo.b, hi.b)}
	}
	return chartColors[j%len(chartColors)]
}

// valueLabel is the label at the end of bar i: its total, marked "≥" when
// the total is a lower bound. The PDF and the HTML both draw it.
func (c *chart) valueLabel(i int) string {
	v := c.fmtValue(c.total(i))
	if i < len(c.AtLeast) && c.AtLeast[i] {
		return msg.AtLeastMark + v
	}
	return v
}
