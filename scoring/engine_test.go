package scoring

import (
	"testing"
)

// The ranking's tie-break is the one TieBreakOrder numbers.
func TestTieBreakOrder(t *testing.T) {
	results := []Result{
		{ID: "unpriced-b"},
		{ID: "same-tco-b", TCO: TCO{Priced: true, Total: 100}},
		{ID: "unpriced-a"},
		{ID: "same-tco-a", TCO: TCO{Priced: true, Total: 100}},
		{ID: "cheap", TCO: TCO{Priced: true, Total: 50}},
	}
	got := TieBreakOrder(results)
	rank(results) // all ineligible with 0 violations and score 0: the tie-break alone
	for i, r := range results {
		if got[r.ID] != i+1 {
			t.Errorf("%s: TieBreakOrder %d, rank order %d", r.ID, got[r.ID], i+1)
		}
	}
}
