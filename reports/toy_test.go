package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/scoring"
)

// The toy criterion and the toy method live here, in test code only: the
// test shows that adding a criterion or a decision method is a descriptor
// (and its scorer), with no change to the engine, the sensitivity
// analysis, --explain or any renderer.

// toyCriterion scores an option on its own facts: 100 for a hosted
// service, 30 for self-hosting ("toy: shorter supply chain").
var toyCriterion = scoring.Criterion{
	ID: "toy", JA: "おもちゃ基準", EN: "Toy criterion", ShortJA: "玩具", ShortEN: "toy", DefaultWeight: 1,
	Rule: scoring.PerOption,
	Score: func(f scoring.OptionFacts, lang string) (float64, string) {
		if f.Option.Kind == catalog.SelfHosted {
			return 30, "toy: self-hosted"
		}
		return 100, "toy: a service"
	},
	HowJA: "おもちゃの規則（サービス100点、自社構築30点）。", HowEN: "a toy rule (a service 100, self-hosting 30).",
}

// wpm is the weighted product model, Π_c x_c^w_c: a real decision method,
// and not linear in the weights (a weight is an exponent).
type wpm struct{}

func (wpm) ID() string   { return "wpm" }
func (wpm) Linear() bool { return false }
func (wpm) Describe(lang string) string {
	return pick(lang, "総合点は加重積（WPM）です。", "The total is the weighted product (WPM): Π criterion score^weight.")
}

func (wpm) Totals(x []float64, n, nc int, w []float64, _ []bool, out []float64) {
	for i := 0; i < n; i++ {
		out[i] = wpmTotal(x[i*nc:(i+1)*nc], w)
	}
}

func wpmTotal(x, w []float64) float64 {
	p := 1.0
	for k, v := range x {
		if w[k] > 0 {
			p *= math.Pow(v, w[k]) // 0 on a criterion weighted above 0 makes the total 0
		}
	}
	return p
}

func toyFixture(t *testing.T, lang string) *Input {
	t.Helper()
	return fixture(t, fixtureOpts{lang: lang, sensitivity: true, samples: 500,
		criteria: append(scoring.DefaultCriteria(), toyCriterion),
		methods:  append(scoring.DefaultMethods(), wpm{}), method: "wpm",
		weights: map[catalog.Criterion]float64{"toy": 2}})
}

func TestToyCriterionAndMethod(t *testing.T) {
	in := toyFixture(t, "en")
	ev := in.Eval

	t.Run("evaluate", func(t *testing.T) {
		if ev.Method != "wpm" || len(ev.Criteria) != 7 || ev.Weights["toy"] <= 0 {
			t.Fatalf("method %q, %d criteria, toy weight %v", ev.Method, len(ev.Criteria), ev.Weights["toy"])
		}
		sum := 0.0
		for _, w := range ev.Weights {
			sum += w
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("weights sum to %v, want 1 with the toy criterion in", sum)
		}
		ws := make([]float64, len(ev.Criteria))
		for k, c := range ev.Criteria {
			ws[k] = ev.Weights[string(c.ID)]
		}
		prev := math.Inf(1)
		for _, r := range ev.Results {
			want := 100.0
			if r.Kind == string(catalog.SelfHosted) {
				want = 30
			}
			if r.Criteria["toy"] != want || !strings.HasPrefix(r.Explanation["toy"], "toy: ") {
				t.Errorf("%s: toy %v (%q), want %v", r.ID, r.Criteria["toy"], r.Explanation["toy"], want)
			}
			x := make([]float64, len(ev.Criteria))
			for k, c := range ev.Criteria {
				x[k] = r.Criteria[string(c.ID)]
			}
			if got := math.Round(wpmTotal(x, ws)*100) / 100; r.Score != got {
				t.Errorf("%s: score %v, want the weighted product %v", r.ID, r.Score, got)
			}
			if r.Eligible {
				if r.Score > prev {
					t.Errorf("%s ranks below a lower score", r.ID)
				}
				prev = r.Score
			}
		}
	})

	t.Run("sensitivity", func(t *testing.T) {
		s := ev.Sensitivity
		if s == nil || s.Winner == "" {
			t.Fatalf("no sensitivity: %+v", s)
		}
		if s.OneAtATimeExact {
			t.Error("a method that is not linear got closed-form thresholds")
		}
		found := false
		for _, th := range s.OneAtATime {
			found = found || th.Criterion == "toy"
		}
		if !found || len(s.OneAtATime) != 7 {
			t.Errorf("thresholds for %d criteria, toy among them: %v", len(s.OneAtATime), found)
		}
		sum := 0.0
		for _, o := range s.Options {
			sum += o.WinProbability
		}
		if math.Abs(sum-1) > 1e-9 {
			t.Errorf("win probabilities sum to %v", sum)
		}
	})

	t.Run("explain", func(t *testing.T) {
		scannedSome := false
		for _, r := range ev.Results {
			e, err := scoring.Explain(ev, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(e.Criteria) != 7 || e.Criteria[6].Label != "Toy criterion" || e.Criteria[6].Why != r.Explanation["toy"] {
				t.Errorf("%s: criteria %+v", r.ID, e.Criteria)
			}
			if e.ToWin.WeightsExact {
				t.Errorf("%s: weights to win called exact under wpm", r.ID)
			}
			if e.ToWin.Winner != (r.Rank == 1) {
				t.Errorf("%s: rank %d, to_win.winner %v", r.ID, r.Rank, e.ToWin.Winner)
			}
			text := e.Text()
			if !strings.Contains(text, "Toy criterion: toy: ") {
				t.Errorf("%s: text lacks the toy criterion:\n%s", r.ID, text)
			}
			scannedSome = scannedSome || strings.Contains(text, "(found by scanning)")
		}
		if !scannedSome {
			t.Error("no explanation says its weights were found by scanning")
		}
	})

	t.Run("terminal and markdown summary", func(t *testing.T) {
		var b bytes.Buffer
		if err := WriteTable(&b, ev); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "  toy ") {
			t.Errorf("table lacks the toy column:\n%s", b.String())
		}
		b.Reset()
		if err := WriteMarkdownSummary(&b, ev); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "| Toy criterion |") {
			t.Errorf("summary lacks the toy column:\n%s", b.String())
		}
	})

	for _, ext := range FormatExtensions {
		t.Run(ext, func(t *testing.T) {
			var b bytes.Buffer
			if err := Formats[ext](&b, in); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			switch ext {
			case ".md", ".html":
				for _, want := range []string{"Toy criterion", "a toy rule (a service 100, self-hosting 30).", "The total is the weighted product (WPM)",
					"(found by scanning)"} {
					if !strings.Contains(out, want) && !strings.Contains(out, mdEscape(want)) {
						t.Errorf("lacks %q", want)
					}
				}
			case ".json":
				var got struct {
					Method  string             `json:"method"`
					Weights map[string]float64 `json:"weights"`
					Results []struct {
						Criteria map[string]float64 `json:"criteria"`
					} `json:"results"`
				}
				if err := json.Unmarshal(b.Bytes(), &got); err != nil {
					t.Fatal(err)
				}
				if got.Method != "wpm" || got.Weights["toy"] == 0 || len(got.Results) == 0 {
					t.Errorf("method %q, toy weight %v", got.Method, got.Weights["toy"])
				}
				for _, r := range got.Results {
					if _, ok := r.Criteria["toy"]; !ok {
						t.Errorf("a result lacks the toy criterion: %v", r.Criteria)
					}
				}
			case ".pdf":
				if !strings.HasPrefix(out, "%PDF-") {
					t.Fatal("not a PDF")
				}
				// The PDF draws the same document as Markdown and HTML.
				if !strings.Contains(strings.Join(build(in).Sections[1].Blocks[1].Table.Head, "|"), "Toy criterion") {
					t.Error("the ranking table the PDF draws lacks the toy column")
				}
			case ".xlsx":
				checkToyXLSX(t, in)
			}
		})
	}
}

// checkToyXLSX: the toy criterion gets its column and weight cell, the
// columns after it move right, and the totals of a method that is not
// linear are the evaluation's values, not a weighted-sum formula.
func checkToyXLSX(t *testing.T, in *Input) {
	f := openXLSX(t, in)
	lang := in.Eval.Lang
	scores, req := SheetName(lang, "Scores"), SheetName(lang, "Requirements")
	cols := scoresLayout(len(in.Eval.Criteria))
	if cols.critLast != "M" || cols.tco != "N" {
		t.Fatalf("layout %+v: want criteria G–M and TCO in N", cols)
	}
	if h, _ := f.GetCellValue(scores, "M1"); h != "Toy criterion" {
		t.Errorf("Scores!M1 = %q, want the toy criterion", h)
	}
	if h, _ := f.GetCellValue(scores, "N1"); !strings.HasPrefix(h, L(lang, "tco")) {
		t.Errorf("Scores!N1 = %q, want the TCO column", h)
	}
	for i, r := range in.Eval.Results {
		row := scoresFirstRow + i
		ref := fmt.Sprintf("%s%d", colTotal, row)
		if fm, _ := f.GetCellFormula(scores, ref); fm != "" {
			t.Errorf("%s total is a formula %q under wpm", r.ID, fm)
		}
		v, _ := f.GetCellValue(scores, ref, excelize.Options{RawCellValue: true})
		if got, _ := strconv.ParseFloat(v, 64); got != r.Score {
			t.Errorf("%s total %v, want %v", r.ID, got, r.Score)
		}
		rank, err := f.CalcCellValue(scores, fmt.Sprintf("%s%d", colRank, row))
		want := strconv.Itoa(r.Rank)
		if !r.Eligible {
			want = ""
		}
		if err != nil || rank != want {
			t.Errorf("%s rank %q (%v), want %q", r.ID, rank, err, want)
		}
		toy, _ := f.GetCellValue(scores, fmt.Sprintf("M%d", row), excelize.Options{RawCellValue: true})
		if got, _ := strconv.ParseFloat(toy, 64); got != r.Criteria["toy"] {
			t.Errorf("%s toy %v, want %v", r.ID, got, r.Criteria["toy"])
		}
	}
	names := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		names[dn.Name] = dn.RefersTo
	}
	if names["Weight_toy"] != quoteSheet(req)+"!$H$4" || names[WeightsName] != quoteSheet(req)+"!$B$4:$H$4" {
		t.Errorf("weight names %v", names)
	}
	if v, _ := f.GetCellValue(req, "H4"); v != "2" {
		t.Errorf("toy weight cell = %q, want 2", v)
	}
	if note, _ := f.GetCellValue(req, "A5"); !strings.Contains(note, "does not recompute") {
		t.Errorf("the note under the weights does not say they do not recompute: %q", note)
	}
}
