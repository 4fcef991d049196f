package scoring

import (
	"math"
	"reflect"
	"testing"

	"github.com/mailpick/mailpick/catalog"
)

// TestTOPSISByHand: two criteria, weights ¾ and ¼ (the other four 0).
//
//	A = (30, 40), B = (40, 30): both column norms √(30²+40²) = 50,
//	r_A = (.6, .8), r_B = (.8, .6); v_A = (.45, .20), v_B = (.60, .15).
//	ideal (.60, .20), anti-ideal (.45, .15).
//	A: D+ = .15, D− = .05 → C = .25;  B: D+ = .05, D− = .15 → C = .75.
//
// Adding C = (0, 0) as an eligible option leaves the norms alone (0² adds 0)
// but moves the anti-ideal to (0, 0):
//
//	A: D− = √(.45²+.20²) = √.2425 = .49244, D+ = .15 → .49244/.64244 = .76652
//	B: D− = √(.60²+.15²) = √.3825 = .61847, D+ = .05 → .61847/.66847 = .92520
//	C: D− = 0 → 0.
//
// As an ineligible option C does not move the reference points; it is scored
// against them: D+ = √(.6²+.2²) = .63246, D− = √(.45²+.15²) = .47434 → .42857.
func TestTOPSISByHand(t *testing.T) {
	w := []float64{0.75, 0.25, 0, 0, 0, 0}
	row := func(a, b float64) []float64 { return []float64{a, b, 0, 0, 0, 0} }
	tests := []struct {
		name string
		rows [][]float64
		elig []bool
		want []float64
	}{
		{"two", [][]float64{row(30, 40), row(40, 30)}, []bool{true, true}, []float64{25, 75}},
		{"zero option eligible", [][]float64{row(30, 40), row(40, 30), row(0, 0)}, []bool{true, true, true},
			[]float64{76.652, 92.520, 0}},
		{"zero option ineligible", [][]float64{row(30, 40), row(40, 30), row(0, 0)}, []bool{true, true, false},
			[]float64{25, 75, 42.857}},
		{"single option is the ideal", [][]float64{row(10, 10)}, []bool{true}, []float64{100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var x []float64
			for _, r := range tt.rows {
				x = append(x, r...)
			}
			out := make([]float64, len(tt.rows))
			topsisScores(x, len(tt.rows), 6, w, tt.elig, out)
			for i := range out {
				if math.Abs(out[i]-tt.want[i]) > 0.001 {
					t.Errorf("option %d: %.4f, want %.3f", i, out[i], tt.want[i])
				}
			}
		})
	}
}

func TestEvaluateTOPSIS(t *testing.T) {
	ev := embeddedEvaluation(t, smbTOML, Options{Method: "topsis", NoSensitivity: true})
	if ev.Method != "topsis" {
		t.Fatalf("method %q", ev.Method)
	}
	prev := math.Inf(1)
	for _, r := range ev.Results {
		if r.Score < 0 || r.Score > 100 {
			t.Errorf("%s: score %v out of 0..100", r.ID, r.Score)
		}
		if r.Eligible {
			if r.Score > prev {
				t.Errorf("%s: ranked below a lower score", r.ID)
			}
			prev = r.Score
		}
	}
	if _, err := Evaluate(testRequirements(), nil, testAssumptions(t), Options{Method: "electre"}); err == nil {
		t.Error("an unknown method must be an error")
	}
}

func eligibleOrder(ev *Evaluation, skip string) []string {
	var ids []string
	for _, r := range ev.Results {
		if r.Eligible && r.ID != skip {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// TestNoRankReversal: adding or removing a clearly dominated option must not
// change the order of the others under the weighted sum. The cost score is
// relative to the cheapest eligible option, and a dominated option is never
// the cheapest; every other criterion is on an absolute scale.
func TestNoRankReversal(t *testing.T) {
	r, err := ParseRequirements("req.toml", []byte(smbTOML))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	a := testAssumptions(t)
	base, err := Evaluate(r, cat, a, Options{NoSensitivity: true})
	if err != nil {
		t.Fatal(err)
	}
	want := eligibleOrder(base, "")
	if len(want) < 3 {
		t.Fatalf("need at least 3 eligible options, got %v", want)
	}
	byID := map[string]*catalog.Option{}
	for _, o := range cat {
		byID[o.ID] = o
	}
	// Copies of the winner, the middle and the last option, each made
	// dearer and missing a want: dominated by the original.
	for _, id := range []string{want[0], want[len(want)/2], want[len(want)-1]} {
		t.Run(id, func(t *testing.T) {
			d := *byID[id]
			d.ID, d.Name = "dominated-"+id, "dominated copy"
			d.Caps = map[string]catalog.State{}
			for k, v := range byID[id].Caps {
				d.Caps[k] = v
			}
			d.Caps["security.two_factor"] = catalog.No
			if p := byID[id].Pricing.PerUserMonth; p.Known { // an unpriced copy is dominated already
				d.Pricing.PerUserMonth = catalog.Known(p.Value*1.5 + 1)
			}
			with, err := Evaluate(r, append(append([]*catalog.Option{}, cat...), &d), a, Options{NoSensitivity: true})
			if err != nil {
				t.Fatal(err)
			}
			if got := eligibleOrder(with, d.ID); !reflect.DeepEqual(got, want) {
				t.Errorf("adding %s reordered the others:\n got %v\nwant %v", d.ID, got, want)
			}
			for _, res := range with.Results {
				if res.ID != d.ID {
					if b := find(t, base, res.ID); b.Score != res.Score || b.Criteria["cost"] != res.Criteria["cost"] {
						t.Errorf("%s: score %v → %v with a dominated option added", res.ID, b.Score, res.Score)
					}
				}
			}
		})
	}
	// Removing the last eligible option (dominated by the first on total
	// score) keeps the order of the rest.
	last := want[len(want)-1]
	var without []*catalog.Option
	for _, o := range cat {
		if o.ID != last {
			without = append(without, o)
		}
	}
	ev, err := Evaluate(r, without, a, Options{NoSensitivity: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := eligibleOrder(ev, ""); !reflect.DeepEqual(got, want[:len(want)-1]) {
		t.Errorf("removing %s reordered the others:\n got %v\nwant %v", last, got, want[:len(want)-1])
	}
}
