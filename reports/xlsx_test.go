package reports

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/scoring"
)

func openXLSX(t *testing.T, in *Input) *excelize.File {
	t.Helper()
	var b bytes.Buffer
	if err := WriteXLSX(&b, in); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestXLSXSheetsFormulasAndNames(t *testing.T) {
	cases := []struct {
		lang   string
		sheets []string
	}{
		{"en", []string{"Summary", "Scores", "Prices", "TCO", "Features", "Posture", "Requirements", "Sources"}},
		{"ja", []string{"概要", "評価点", "Prices", "TCO", "機能対応表", "セキュリティ診断", "要件", "出典"}},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			in := fixture(t, fixtureOpts{lang: c.lang, posture: true})
			f := openXLSX(t, in)
			if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(c.sheets, ",") {
				t.Fatalf("sheets = %v, want %v", got, c.sheets)
			}
			scores := SheetName(c.lang, "Scores")
			for i, res := range in.Eval.Results {
				row := scoresFirstRow + i
				total, err := f.GetCellFormula(scores, fmt.Sprintf("%s%d", colTotal, row))
				if err != nil || !strings.HasPrefix(total, "ROUND(SUMPRODUCT(") || !strings.Contains(total, WeightsName) {
					t.Errorf("%s total cell formula = %q, %v; want ROUND(SUMPRODUCT(..., Weights)...)", res.ID, total, err)
				}
				rank, _ := f.GetCellFormula(scores, fmt.Sprintf("%s%d", colRank, row))
				if !strings.Contains(rank, "RANK(") || !strings.HasPrefix(rank, "IF(") {
					t.Errorf("%s rank cell formula = %q; want IF(eligible, RANK(...))", res.ID, rank)
				}
				for j, cr := range in.Eval.Criteria {
					ref := cellName(colCritFirst+j, row)
					// Cost follows the Prices sheet; the others are values.
					if fm, _ := f.GetCellFormula(scores, ref); (fm != "") != (cr.Rule == scoring.RelativeCost) {
						t.Errorf("criterion score %s (%s) has the formula %q; want a formula only for cost", ref, cr.ID, fm)
					}
					v, _ := f.GetCellValue(scores, ref)
					got, _ := strconv.ParseFloat(v, 64)
					if math.Abs(got-res.Criteria[string(cr.ID)]) > 1e-9 {
						t.Errorf("%s %s = %v, want %v", res.ID, cr.ID, got, res.Criteria[string(cr.ID)])
					}
				}
			}
			var names []string
			for _, dn := range f.GetDefinedName() {
				names = append(names, dn.Name+"="+dn.RefersTo)
			}
			want := WeightsName + "=" + quoteSheet(SheetName(c.lang, "Requirements")) + "!$B$4:$G$4"
			if !strings.Contains(strings.Join(names, ";"), want) {
				t.Errorf("defined names %v lack %s", names, want)
			}
			dvs, err := f.GetDataValidations(SheetName(c.lang, "Requirements"))
			if err != nil || len(dvs) != 1 || dvs[0].Sqref != "B4:G4" {
				t.Errorf("weight validation = %+v, %v", dvs, err)
			}
			props, err := f.GetCalcProps()
			if err != nil || props.FullCalcOnLoad == nil || !*props.FullCalcOnLoad {
				t.Errorf("fullCalcOnLoad not set: %+v %v", props, err)
			}
		})
	}
}

// TestXLSXFormulasAgreeWithScoring recalculates with excelize's engine:
// the totals and ranks must equal scoring's, and a changed weight must
// re-rank. (scripts/check-reports.sh does the same with LibreOffice.)
func TestXLSXFormulasAgreeWithScoring(t *testing.T) {
	in := fixture(t, fixtureOpts{lang: "en"})
	f := openXLSX(t, in)
	scores := SheetName("en", "Scores")
	calc := func(ref string) string {
		v, err := f.CalcCellValue(scores, ref)
		if err != nil {
			t.Fatalf("calc %s: %v", ref, err)
		}
		return v
	}
	for i, res := range in.Eval.Results {
		row := scoresFirstRow + i
		got, _ := strconv.ParseFloat(calc(fmt.Sprintf("%s%d", colTotal, row)), 64)
		if math.Abs(got-res.Score) > 0.01 {
			t.Errorf("%s: XLSX total %v, scoring %v", res.ID, got, res.Score)
		}
		rank := calc(fmt.Sprintf("%s%d", colRank, row))
		want := strconv.Itoa(res.Rank)
		if !res.Eligible {
			want = ""
		}
		if rank != want {
			t.Errorf("%s: XLSX rank %q, scoring %q", res.ID, rank, want)
		}
	}
	// All weight on features: the XLSX must now put the best features score
	// first, whatever the evaluation's own ranking was.
	req := SheetName("en", "Requirements")
	for i := range in.Eval.Criteria {
		w := 0
		if in.Eval.Criteria[i].ID == catalog.CriterionFeatures {
			w = 1
		}
		if err := f.SetCellValue(req, cellName(i+2, 4), w); err != nil {
			t.Fatal(err)
		}
	}
	var top string
	for i, res := range in.Eval.Results {
		if calc(fmt.Sprintf("%s%d", colRank, scoresFirstRow+i)) == "1" {
			top = res.ID
		}
	}
	best, bestScore := "", -1.0
	for _, res := range in.Eval.Results {
		if res.Eligible && res.Criteria["features"] > bestScore {
			best, bestScore = res.ID, res.Criteria["features"]
		}
	}
	if top != best {
		t.Errorf("with all weight on features the XLSX ranks %q first, want %q", top, best)
	}
}

func TestXLSXTextNeverFormula(t *testing.T) {
	in := fixture(t, fixtureOpts{lang: "en"})
	f := openXLSX(t, in)
	scores := SheetName("en", "Scores")
	found := false
	for i, res := range in.Eval.Results {
		if !strings.HasPrefix(res.Name, "=") {
			continue
		}
		found = true
		ref := fmt.Sprintf("%s%d", colOptName, scoresFirstRow+i)
		fm, _ := f.GetCellFormula(scores, ref)
		v, _ := f.GetCellValue(scores, ref)
		typ, _ := f.GetCellType(scores, ref)
		if fm != "" || v != res.Name || typ != excelize.CellTypeSharedString {
			t.Errorf("%s: formula %q, value %q, type %v; want the text %q as a string", ref, fm, v, typ, res.Name)
		}
	}
	if !found {
		t.Fatal("fixture lost its option whose name starts with '='")
	}
	// And everywhere else: no cell outside the formula columns holds a formula.
	for _, sh := range f.GetSheetList() {
		rows, _ := f.GetRows(sh)
		for r, cols := range rows {
			for c := range cols {
				ref := cellName(c+1, r+1)
				fm, _ := f.GetCellFormula(sh, ref)
				if fm == "" {
					continue
				}
				// Formulas live in the Scores sheet's computed columns (rank,
				// eligible, total, cost, TCO, tie-break) and the Summary, TCO
				// and Prices sheets; never in a text cell.
				col := strings.TrimRight(ref, "0123456789")
				cols := scoresLayout(len(in.Eval.Criteria))
				scoresComputed := col == colRank || col == colEligible || col == colTotal || col == cols.tco || col == cols.tie ||
					(c >= colCritFirst-1 && c < colCritFirst-1+len(in.Eval.Criteria))
				allowed := (sh == scores && scoresComputed) ||
					sh == SheetName("en", "Summary") || sh == SheetName("en", "TCO") || sh == PricesSheet
				if !allowed || strings.Contains(fm, "HYPERLINK") || strings.Contains(fm, "SUM(1,2)") {
					t.Errorf("%s!%s holds an unexpected formula %q", sh, ref, fm)
				}
			}
		}
	}
}

// Options tied on the total must get distinct XLSX ranks in scoring's
// order: priced before unpriced, cheaper first, then by id.
func TestTieBreakOrderMatchesScoring(t *testing.T) {
	results := []scoring.Result{
		{ID: "unpriced-b"},
		{ID: "same-tco-b", TCO: scoring.TCO{Priced: true, Total: 100}},
		{ID: "unpriced-a"},
		{ID: "same-tco-a", TCO: scoring.TCO{Priced: true, Total: 100}},
		{ID: "cheap", TCO: scoring.TCO{Priced: true, Total: 50}},
	}
	got := scoring.TieBreakOrder(results)
	want := map[string]int{"cheap": 1, "same-tco-a": 2, "same-tco-b": 3, "unpriced-a": 4, "unpriced-b": 5}
	for id, pos := range want {
		if got[id] != pos {
			t.Errorf("%s: position %d, want %d", id, got[id], pos)
		}
	}
}
