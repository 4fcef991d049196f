package reports

import (
	"math"
	"strconv"
)

// signedPercent writes a fraction as a signed percentage with the given
// decimals. A value that rounds to zero is "0%", never "-0%" or "+0%":
// growth of -0.0 or -0.001 is no growth at that precision.
func signedPercent(f float64, decimals int) string {
	scale := math.Pow(10, float64(decimals))
	p := math.Round(f*100*scale) / scale
	if p == 0 {
		return strconv.FormatFloat(0, 'f', decimals, 64) + "%"
	}
	s := strconv.FormatFloat(p, 'f', decimals, 64)
	if p > 0 {
		s = "+" + s
	}
	return s + "%"
}
