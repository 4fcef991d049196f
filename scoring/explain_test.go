package scoring

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/mailpick/mailpick/catalog"
)

// Following the advice must work: moving one weight to what --explain says
// makes the option rank first.
func TestExplainWeightAdviceWorks(t *testing.T) {
	r, err := ParseRequirements("req.toml", []byte(smbTOML))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	a := testAssumptions(t)
	ev, err := Evaluate(r, cat, a, Options{Sensitivity: SensitivityOptions{Samples: 500}})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, res := range ev.Results {
		if !res.Eligible || res.Rank == 1 {
			continue
		}
		e, err := Explain(ev, res.ID)
		if err != nil {
			t.Fatal(err)
		}
		if e.ToWin.Winner || len(e.ToWin.Summary) == 0 {
			t.Errorf("%s: %+v", res.ID, e.ToWin)
		}
		for _, wc := range e.ToWin.Weights {
			if wc.RawTo == 0 {
				continue
			}
			c, _ := catalog.CriterionFromString(wc.Criterion)
			r2 := *r
			r2.Weights = map[catalog.Criterion]float64{}
			for k, v := range r.Weights {
				r2.Weights[k] = v
			}
			// Just past the boundary (1 %): at it the option only ties, and the
			// official ranking rounds scores to 0.01 before breaking ties on TCO.
			nudge := 1.01
			if wc.To < wc.From {
				nudge = 0.99
			}
			r2.Weights[c] = wc.RawTo * nudge
			ev2, err := Evaluate(&r2, cat, a, Options{NoSensitivity: true})
			if err != nil {
				t.Fatal(err)
			}
			if ev2.Recommendation.ID != res.ID && !roundedTie(ev2, res.ID, ev2.Recommendation.ID) {
				t.Errorf("%s: %s weight %v → %v should make it first; winner is %s", res.ID, wc.Criterion, wc.RawFrom, r2.Weights[c], ev2.Recommendation.ID)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no weight advice to check")
	}
}

func TestExplainContents(t *testing.T) {
	r := testRequirements()
	r.Caps["security.retention"] = Must
	r.Caps["features.forwarding"] = Want
	good := testOption("good", catalog.Provider, catalog.Yes)
	out := testOption("out", catalog.Provider, catalog.Yes)
	out.Caps["security.retention"] = catalog.No
	out.Pricing.PerUserMonth = catalog.Known(100)
	second := testOption("second", catalog.Provider, catalog.Yes)
	second.Caps["features.forwarding"] = catalog.StateUnknown
	second.Pricing.PerUserMonth = catalog.Known(600)
	ev, err := Evaluate(r, []*catalog.Option{good, out, second}, testAssumptions(t), Options{Sensitivity: SensitivityOptions{Samples: 500}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id       string
		winner   bool
		blockers int
		status   map[string]string
		text     []string
	}{
		{"good", true, 0, map[string]string{"security.retention": "met", "features.forwarding": "met"},
			[]string{"good [good] — rank 1", "ranks first"}},
		{"out", false, 1, map[string]string{"security.retention": "missed"},
			[]string{"not eligible", "Mail retention and audit archive (eDiscovery) is required", "if those requirements were dropped, it would also need", "lower the Security weight"}},
		{"second", false, 0, map[string]string{"features.forwarding": "unverified"},
			[]string{"rank 2", "a price cut of", "licences"}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			e, err := Explain(ev, tt.id)
			if err != nil {
				t.Fatal(err)
			}
			if e.ToWin.Winner != tt.winner || len(e.ToWin.Blockers) != tt.blockers {
				t.Errorf("to_win %+v", e.ToWin)
			}
			got := map[string]string{}
			for _, rq := range e.Requirements {
				got[rq.Key] = rq.Status
			}
			for k, v := range tt.status {
				if got[k] != v {
					t.Errorf("%s: status %q, want %q", k, got[k], v)
				}
			}
			if len(e.Criteria) != len(catalog.Criteria) || len(e.TCO.Lines) == 0 {
				t.Errorf("criteria %d, TCO lines %d", len(e.Criteria), len(e.TCO.Lines))
			}
			text := e.Text()
			for _, s := range tt.text {
				if !strings.Contains(text, s) {
					t.Errorf("text lacks %q:\n%s", s, text)
				}
			}
			if _, err := json.Marshal(e); err != nil {
				t.Errorf("JSON: %v", err)
			}
		})
	}
	// The price cut: second's TCO × factor must make it first.
	e, _ := Explain(ev, "second")
	if e.ToWin.PriceFactor <= 0 || e.ToWin.PriceFactor >= 1 {
		t.Errorf("price factor %v", e.ToWin.PriceFactor)
	}
	ev.Lang = "ja"
	e, _ = Explain(ev, "second")
	if !strings.Contains(e.Text(), "評価項目") || !strings.Contains(e.Text(), "値下げ") {
		t.Errorf("Japanese text:\n%s", e.Text())
	}
	if _, err := Explain(ev, "goo"); err == nil || !strings.Contains(err.Error(), "did you mean good") {
		t.Errorf("unknown id: %v", err)
	}
}

// roundedTie reports whether two options' scores are equal at the ranking's
// 0.01 rounding: advice whose whole winning band is narrower than that
// rounding ends in a tie that rank() breaks on TCO, so "first" cannot be
// promised there.
func roundedTie(ev *Evaluation, a, b string) bool {
	var sa, sb float64
	for _, r := range ev.Results {
		switch r.ID {
		case a:
			sa = r.Score
		case b:
			sb = r.Score
		}
	}
	return math.Round(sa*100) == math.Round(sb*100) || math.Abs(sa-sb) < 0.011
}
