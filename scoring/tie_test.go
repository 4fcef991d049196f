package scoring

import (
	"math"
	"reflect"
	"testing"

	"github.com/mailpick/mailpick/catalog"
)

// tieRequirements asks for a few wants, so that options can differ on
// more than cost.
func tieRequirements() *Requirements {
	r := testRequirements()
	for _, k := range []string{"features.forwarding", "features.mailing_lists", "mobile.webmail", "security.spam_filter"} {
		r.Caps[k] = Want
	}
	return r
}

func unpriced(o *catalog.Option) *catalog.Option {
	o.Pricing.PerUserMonth = catalog.Amount{}
	return o
}

func evaluateTie(t *testing.T, opts ...*catalog.Option) *Evaluation {
	t.Helper()
	ev, err := Evaluate(tieRequirements(), opts, testAssumptions(t), Options{Sensitivity: SensitivityOptions{Samples: 600}})
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// TestTieIsNoWin: equal capabilities and no price known. First place is a
// three-way tie that only the id order breaks, and every figure says so.
func TestTieIsNoWin(t *testing.T) {
	ev := evaluateTie(t, unpriced(testOption("c-mail", catalog.Provider, catalog.Yes)),
		unpriced(testOption("a-mail", catalog.Provider, catalog.Yes)), unpriced(testOption("b-mail", catalog.Provider, catalog.Yes)))
	rec := ev.Recommendation
	if want := []string{"a-mail", "b-mail", "c-mail"}; !reflect.DeepEqual(rec.Tie, want) || rec.TieBreak != "id" || rec.ID != "a-mail" {
		t.Fatalf("tie %v broken by %q, winner %s; want %v by id, a-mail listed first", rec.Tie, rec.TieBreak, rec.ID, want)
	}
	if len(rec.ReasonCodes) == 0 || rec.ReasonCodes[0].Code != "reason.tie" {
		t.Errorf("first reason %v, want reason.tie", rec.ReasonCodes)
	}
	for _, m := range rec.ReasonCodes {
		if m.Code == "reason.scores" || m.Code == "reason.cheaper" {
			t.Errorf("a tie is argued as a lead: %s", m.Code)
		}
	}

	s := ev.Sensitivity
	if s.TiedFirst != s.Samples {
		t.Errorf("%d of %d samples tied for first; identical options tie in every one", s.TiedFirst, s.Samples)
	}
	for i, r := range ev.Results {
		if math.Abs(r.WinProbability-1.0/3) > 1e-9 {
			t.Errorf("%s: win probability %v, want 1/3 (a tie shared three ways)", r.ID, r.WinProbability)
		}
		o := s.Options[i]
		if o.RankMin != 1 || o.RankMax != 3 {
			t.Errorf("%s: rank range %d–%d, want 1–3", r.ID, o.RankMin, o.RankMax)
		}
		for k, p := range o.RankAcceptability {
			if math.Abs(p-1.0/3) > 1e-9 {
				t.Errorf("%s: rank %d acceptability %v, want 1/3", r.ID, k+1, p)
			}
		}
	}
	if s.WinnerProbability > 0.5 {
		t.Errorf("winner probability %v: the tie-break is credited as a win", s.WinnerProbability)
	}
	for _, in := range s.Inputs {
		if math.Abs(in.WinnerProbability-1.0/3) > 1e-9 {
			t.Errorf("scenario %s: winner probability %v, want 1/3", in.Name, in.WinnerProbability)
		}
	}

	if tp := s.Tipping; tp == nil || !tp.Tie || tp.Code != "whatif.tie" || tp.Change != 0 {
		t.Errorf("tipping %+v: want the tie line (no weight change needed)", tp)
	}

	// A quote at any price puts any one of them first while the other two
	// stay unpriced: each may say so, none may claim any price outright.
	for _, r := range ev.Results {
		if r.TCOToWinAnyPrice || r.TCOToWin != nil {
			t.Errorf("%s: any price %v, tco_to_win %v; a tie is no win at any price", r.ID, r.TCOToWinAnyPrice, r.TCOToWin)
		}
		if len(r.TCOToWinWhileUnpriced) != 2 {
			t.Errorf("%s: while unpriced %v, want the other two", r.ID, r.TCOToWinWhileUnpriced)
		}
		for _, id := range r.TCOToWinWhileUnpriced {
			if id == r.ID {
				t.Errorf("%s lists itself as a rival", r.ID)
			}
		}
	}

	for _, id := range []string{"a-mail", "b-mail"} {
		e, err := Explain(ev, id)
		if err != nil {
			t.Fatal(err)
		}
		if e.ToWin.Lines[0].Code != map[string]string{"a-mail": "whatif.tie_first", "b-mail": "whatif.tied"}[id] {
			t.Errorf("explain %s opens with %s", id, e.ToWin.Lines[0].Code)
		}
	}
}

// TestTieOnEqualPrices: two identical priced options tie; the tie-break
// goes by id, and a price cut, not any price, would put either first.
func TestTieOnEqualPrices(t *testing.T) {
	ev := evaluateTie(t, testOption("b-mail", catalog.Provider, catalog.Yes), testOption("a-mail", catalog.Provider, catalog.Yes))
	rec := ev.Recommendation
	if !reflect.DeepEqual(rec.Tie, []string{"a-mail", "b-mail"}) || rec.TieBreak != "id" {
		t.Errorf("tie %v by %q, want [a-mail b-mail] by id", rec.Tie, rec.TieBreak)
	}
	for _, r := range ev.Results {
		if r.TCOToWinAnyPrice || len(r.TCOToWinWhileUnpriced) > 0 || r.TCOToWin == nil {
			t.Errorf("%s: any price %v, while unpriced %v, tco_to_win %v; want a finite tco_to_win", r.ID,
				r.TCOToWinAnyPrice, r.TCOToWinWhileUnpriced, r.TCOToWin)
		}
	}
}

// TestNoTieNoTieLine: a clear winner has no tie, its reasons argue the
// lead, and ranking first at any price (when it does) is claimed by it
// alone.
func TestNoTieNoTieLine(t *testing.T) {
	strong := unpriced(testOption("strong", catalog.Provider, catalog.Yes))
	weak := testOption("weak", catalog.Provider, catalog.No)
	ev := evaluateTie(t, weak, strong)
	rec := ev.Recommendation
	if rec.ID != "strong" || rec.Tie != nil || rec.TieBreak != "" {
		t.Fatalf("winner %s, tie %v %q; want strong, no tie", rec.ID, rec.Tie, rec.TieBreak)
	}
	if rec.ReasonCodes[0].Code != "reason.scores" {
		t.Errorf("first reason %s, want reason.scores", rec.ReasonCodes[0].Code)
	}
	if tp := ev.Sensitivity.Tipping; tp != nil && tp.Tie {
		t.Error("tipping says tie without one")
	}
	if ev.Sensitivity.TiedFirst != 0 {
		t.Errorf("%d tied samples, want 0", ev.Sensitivity.TiedFirst)
	}
	s, w := find(t, ev, "strong"), find(t, ev, "weak")
	if !s.TCOToWinAnyPrice || len(s.TCOToWinWhileUnpriced) > 0 {
		t.Errorf("strong: any price %v, while unpriced %v; it outscores weak with no cost points", s.TCOToWinAnyPrice, s.TCOToWinWhileUnpriced)
	}
	if w.TCOToWinAnyPrice {
		t.Error("weak claims first at any price too")
	}
}

// TestAnyPriceOnTieBreak: two identical unpriced options and a weaker
// priced one. Either unpriced option, priced at anything, ties the other on
// the total and is listed first because its price is known: it ranks
// first at any price only while its twin stays unpriced, and the weaker
// priced option is no such rival.
func TestAnyPriceOnTieBreak(t *testing.T) {
	weak := testOption("priced-weak", catalog.Provider, catalog.No)
	ev := evaluateTie(t, unpriced(testOption("x-mail", catalog.Provider, catalog.Yes)),
		unpriced(testOption("y-mail", catalog.Provider, catalog.Yes)), weak)
	for _, pair := range [][2]string{{"x-mail", "y-mail"}, {"y-mail", "x-mail"}} {
		r := find(t, ev, pair[0])
		if r.TCOToWinAnyPrice || !reflect.DeepEqual(r.TCOToWinWhileUnpriced, []string{pair[1]}) {
			t.Errorf("%s: any price %v, while unpriced %v; want only while %s is unpriced", pair[0],
				r.TCOToWinAnyPrice, r.TCOToWinWhileUnpriced, pair[1])
		}
	}
	if n := 0; true {
		for _, r := range ev.Results {
			if r.TCOToWinAnyPrice {
				n++
			}
		}
		if n > 1 {
			t.Errorf("%d options rank first at any price", n)
		}
	}
}
