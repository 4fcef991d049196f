package reports

import (
	"math"
	"testing"
)

// Growth that rounds to zero is "0%": -0.0 in a requirements file printed
// as "-0%".
func TestSignedPercent(t *testing.T) {
	tests := []struct {
		f        float64
		decimals int
		want     string
	}{
		{0.1, 0, "+10%"},
		{0.1, 1, "+10.0%"},
		{-0.05, 1, "-5.0%"},
		{math.Copysign(0, -1), 0, "0%"},
		{math.Copysign(0, -1), 1, "0.0%"},
		{-0.001, 0, "0%"},
		{-0.0004, 1, "0.0%"},
		{0, 0, "0%"},
		{0.004, 0, "0%"},
	}
	for _, tt := range tests {
		if got := signedPercent(tt.f, tt.decimals); got != tt.want {
			t.Errorf("signedPercent(%v, %d) = %q, want %q", tt.f, tt.decimals, got, tt.want)
		}
	}
}
