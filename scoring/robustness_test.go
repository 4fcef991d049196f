package scoring

import "testing"

func TestNearestTip(t *testing.T) {
	sh := func(w float64, who string) *WeightShift { return &WeightShift{Weight: w, NewWinner: who} }
	cases := []struct {
		name    string
		ts      []WeightThreshold
		want    string // criterion, "" for nil
		to      float64
		winner  string
		changed float64
	}{
		{"none", nil, "", 0, "", 0},
		{"no shift flips", []WeightThreshold{{Criterion: "cost", Weight: 0.3}}, "", 0, "", 0},
		{"nearest of up and down", []WeightThreshold{
			{Criterion: "cost", Weight: 0.3, Up: sh(0.6, "a"), Down: sh(0.25, "b")},
			{Criterion: "security", Weight: 0.2, Up: sh(0.27, "c")},
		}, "cost", 0.25, "b", 0.05},
		{"across criteria", []WeightThreshold{
			{Criterion: "cost", Weight: 0.3, Down: sh(0.1, "b")},
			{Criterion: "security", Weight: 0.2, Up: sh(0.23, "c")},
		}, "security", 0.23, "c", 0.03},
		{"tie keeps the earlier criterion", []WeightThreshold{
			{Criterion: "cost", Weight: 0.5, Up: sh(0.75, "a")},
			{Criterion: "security", Weight: 0.25, Down: sh(0, "c")},
		}, "cost", 0.75, "a", 0.25},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := nearestTip(c.ts)
			if c.want == "" {
				if got != nil {
					t.Fatalf("got %+v, want nil", got)
				}
				return
			}
			if got == nil || got.Criterion != c.want || got.To != c.to || got.NewWinner != c.winner || !near(got.Change, c.changed) {
				t.Fatalf("got %+v, want %s → %v (%s), change %v", got, c.want, c.to, c.winner, c.changed)
			}
		})
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }
