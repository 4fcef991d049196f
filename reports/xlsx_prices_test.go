package reports

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/scoring"
)

// pricesRow finds option id's row on the Prices sheet by the literal id
// column, as a consultant or a script would.
func pricesRow(t *testing.T, f *excelize.File, id string) int {
	t.Helper()
	rows, err := f.GetRows(PricesSheet)
	if err != nil {
		t.Fatal(err)
	}
	for r := PricesHeadRow; r < len(rows); r++ {
		if len(rows[r]) > 0 && rows[r][0] == id {
			return r + 1
		}
	}
	t.Fatalf("Prices has no row for %s", id)
	return 0
}

func TestXLSXPricesSheetHasTheQuoteKeys(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			in := fixture(t, fixtureOpts{lang: lang})
			f := openXLSX(t, in)
			if idx, err := f.GetSheetIndex(PricesSheet); err != nil || idx < 0 {
				t.Fatalf("no sheet named %q in %v", PricesSheet, f.GetSheetList())
			}
			rows, err := f.GetRows(PricesSheet)
			if err != nil {
				t.Fatal(err)
			}
			head := rows[PricesHeadRow-1]
			for i, k := range append([]string{"id"}, PriceKeys...) {
				want := []int{0, 2, 3, 4}[i]
				if want >= len(head) || head[want] != k {
					t.Errorf("header row %d = %q; want %q in column %s", PricesHeadRow, head, k, colName(want+1))
				}
			}
			// A Japanese label may be broken into lines at its phrases (fitHeads).
			squash := strings.NewReplacer("\n", "", " ", "").Replace
			if label := rows[PricesHeadRow-2]; len(label) < 3 || squash(label[2]) != squash(L(lang, "xlsx_price_pum")) {
				t.Errorf("label row = %q; want the localized labels above the keys", label)
			}
			for i, res := range in.Eval.Results {
				if got := rows[pricesFirstRow-1+i][0]; got != res.ID {
					t.Errorf("Prices row %d is %q, want %q (the Scores order)", pricesFirstRow+i, got, res.ID)
				}
			}
		})
	}
}

// An unknown price is an empty input, flagged, never a zero; the option
// stays provisional.
func TestXLSXUnknownPriceIsEmptyAndFlagged(t *testing.T) {
	in := fixture(t, fixtureOpts{lang: "en"})
	f := openXLSX(t, in)
	// Lambda states no per-user price (0) and leaves the flat price open.
	row := pricesRow(t, f, "lambda-unpriced")
	if v, _ := f.GetCellValue(PricesSheet, fmt.Sprint("C", row), excelize.Options{RawCellValue: true}); v != "0" {
		t.Errorf("lambda per_user_month = %q; want the stated 0", v)
	}
	for _, col := range []string{"D"} {
		ref := col + fmt.Sprint(row)
		if v, _ := f.GetCellValue(PricesSheet, ref); v != "" {
			t.Errorf("Prices!%s = %q for an unknown price; want empty", ref, v)
		}
		id, _ := f.GetCellStyle(PricesSheet, ref)
		st, err := f.GetStyle(id)
		if err != nil || len(st.Fill.Color) == 0 || st.Fill.Color[0] != "FFD8A8" {
			t.Errorf("Prices!%s is not flagged as unknown: %+v", ref, st.Fill)
		}
	}
	if note, _ := f.GetCellValue(PricesSheet, fmt.Sprint("F", row)); !strings.Contains(note, L("en", "xlsx_price_unknown")) {
		t.Errorf("note %q does not say the price is unknown", note)
	}
	// A known price is prefilled and styled as an input.
	row = pricesRow(t, f, "beta-mail")
	if v, _ := f.GetCellValue(PricesSheet, fmt.Sprint("C", row), excelize.Options{RawCellValue: true}); v != "500" {
		t.Errorf("beta-mail per_user_month = %q, want 500", v)
	}
}

func TestXLSXCostFollowsPricesByFormula(t *testing.T) {
	in := fixture(t, fixtureOpts{lang: "en"})
	f := openXLSX(t, in)
	scores, tco := SheetName("en", "Scores"), SheetName("en", "TCO")
	cols := scoresLayout(len(in.Eval.Criteria))
	costCol := ""
	for j, c := range in.Eval.Criteria {
		if c.Rule == scoring.RelativeCost {
			costCol = colName(colCritFirst + j)
		}
	}
	row := scoresFirstRow
	for _, ref := range []string{cols.tco, costCol, colEligible, cols.tie} {
		fm, _ := f.GetCellFormula(scores, ref+fmt.Sprint(row))
		if !strings.Contains(fm, quoteSheet(PricesSheet)+"!") {
			t.Errorf("Scores!%s%d = formula %q; want a reference to the Prices sheet", ref, row, fm)
		}
	}
	fm, _ := f.GetCellFormula(tco, "D2")
	if !strings.Contains(fm, quoteSheet(PricesSheet)+"!") {
		t.Errorf("TCO!D2 = formula %q; want the year's cost from the Prices sheet", fm)
	}
	p := pricesLayout(in.Eval.HorizonYears)
	fm, _ = f.GetCellFormula(PricesSheet, cellName(p.lic, pricesFirstRow))
	if !strings.Contains(fm, "C"+fmt.Sprint(pricesFirstRow)) || !strings.Contains(fm, "*12") {
		t.Errorf("licence year 1 = %q; want (billed × per_user_month + flat_month) × 12", fm)
	}
}

// calcScores recalculates the Scores sheet with excelize's engine: id →
// total, rank, TCO cell.
type calcRow struct {
	total      float64
	rank, tco  string
	cost, elig string
}

func calcScores(t *testing.T, f *excelize.File, ev *scoring.Evaluation) map[string]calcRow {
	t.Helper()
	scores := SheetName(ev.Lang, "Scores")
	cols := scoresLayout(len(ev.Criteria))
	costCol := ""
	for j, c := range ev.Criteria {
		if c.Rule == scoring.RelativeCost {
			costCol = colName(colCritFirst + j)
		}
	}
	calc := func(ref string) string {
		v, err := f.CalcCellValue(scores, ref, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("calc %s: %v", ref, err)
		}
		return v
	}
	out := map[string]calcRow{}
	for i := range ev.Results {
		row := scoresFirstRow + i
		id, _ := f.GetCellValue(scores, colID+fmt.Sprint(row))
		tot, _ := strconv.ParseFloat(calc(colTotal+fmt.Sprint(row)), 64)
		out[id] = calcRow{total: tot, rank: calc(colRank + fmt.Sprint(row)), tco: calc(cols.tco + fmt.Sprint(row)),
			cost: calc(costCol + fmt.Sprint(row)), elig: calc(colEligible + fmt.Sprint(row))}
	}
	return out
}

func agree(t *testing.T, got map[string]calcRow, ev *scoring.Evaluation, what string) {
	t.Helper()
	for _, res := range ev.Results {
		g := got[res.ID]
		want := strconv.Itoa(res.Rank)
		if !res.Eligible {
			want = ""
		}
		if math.Abs(g.total-res.Score) > 0.01+1e-9 || g.rank != want {
			t.Errorf("%s: %s total %v rank %q; evaluate %v rank %q", what, res.ID, g.total, g.rank, res.Score, want)
		}
		cost, _ := strconv.ParseFloat(g.cost, 64)
		if math.Abs(cost-res.Criteria["cost"]) > 0.01+1e-9 {
			t.Errorf("%s: %s cost score %v; evaluate %v", what, res.ID, g.cost, res.Criteria["cost"])
		}
		tco, err := strconv.ParseFloat(g.tco, 64)
		switch {
		case res.TCO.Priced && (err != nil || math.Abs(tco-res.TCO.Total) > 0.01):
			t.Errorf("%s: %s TCO %q; evaluate %v", what, res.ID, g.tco, res.TCO.Total)
		case !res.TCO.Priced && err == nil:
			t.Errorf("%s: %s TCO %q; evaluate: provisional", what, res.ID, g.tco)
		}
		if el := g.elig == "1"; el != res.Eligible {
			t.Errorf("%s: %s eligible %q; evaluate %v", what, res.ID, g.elig, res.Eligible)
		}
	}
}

// TestXLSXPriceEditsMatchEvaluate edits the Prices sheet as a consultant
// would and recalculates with excelize's engine: totals, ranks, cost
// scores, TCOs and eligibility must equal scoring.Evaluate given the
// [quotes] entry the edited row stands for. scripts/check-reports.sh does
// the same with LibreOffice.
func TestXLSXPriceEditsMatchEvaluate(t *testing.T) {
	in := fixture(t, fixtureOpts{lang: "en"})
	agree(t, calcScores(t, openXLSX(t, in), in.Eval), in.Eval, "as written")
	cases := []struct {
		name string
		id   string
		set  map[string]any // key → value; nil empties the cell
	}{
		{"unknown price filled", "lambda-unpriced", map[string]any{"per_user_month": 100.0}},
		{"known price raised", "beta-mail", map[string]any{"per_user_month": 2000.0}},
		{"tiered plan quoted", "kappa-flat", map[string]any{"flat_month": 1000.0}},
		{"initial only", "gamma-nospam", map[string]any{"initial": 50000.0, "per_user_month": nil, "flat_month": nil}},
		{"monthly quote without initial", "beta-mail", map[string]any{"per_user_month": 400.0, "initial": nil}},
		{"over the monthly budget", "beta-mail", map[string]any{"per_user_month": 6000.0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := fixture(t, fixtureOpts{lang: "en"})
			f := openXLSX(t, in)
			row := pricesRow(t, f, c.id)
			cols := map[string]string{"per_user_month": "C", "flat_month": "D", "initial": "E"}
			for k, v := range c.set {
				if err := f.SetCellValue(PricesSheet, cols[k]+fmt.Sprint(row), v); err != nil {
					t.Fatal(err)
				}
			}
			// The quote the edited row stands for: its non-empty inputs,
			// in the report's currency and tax basis.
			r := *in.Eval.Requirements
			q := scoring.Quote{Currency: r.Currency, Tax: r.TaxBasis}
			for k, col := range cols {
				v, _ := f.GetCellValue(PricesSheet, col+fmt.Sprint(row), excelize.Options{RawCellValue: true})
				if v == "" {
					continue
				}
				x, err := strconv.ParseFloat(v, 64)
				if err != nil {
					t.Fatalf("%s %s = %q", c.id, k, v)
				}
				switch k {
				case "per_user_month":
					q.PerUserMonth = catalog.Known(x)
				case "flat_month":
					q.FlatMonth = catalog.Known(x)
				default:
					q.Initial = catalog.Known(x)
				}
			}
			r.Quotes = map[string]scoring.Quote{c.id: q}
			var opts []*catalog.Option
			for _, res := range in.Eval.Results {
				opts = append(opts, res.Option)
			}
			want, err := scoring.Evaluate(&r, opts, in.Assumptions, scoring.Options{Lang: "en", NoSensitivity: true})
			if err != nil {
				t.Fatal(err)
			}
			agree(t, calcScores(t, f, in.Eval), want, c.name)
		})
	}
}

func TestXLSXLayoutAndPrint(t *testing.T) {
	in := fixture(t, fixtureOpts{lang: "ja", posture: true})
	f := openXLSX(t, in)
	frozen := map[string]string{SheetName("ja", "Scores"): "D2", SheetName("ja", "TCO"): "C2", PricesSheet: "C5", SheetName("ja", "Features"): "D2"}
	for sh, tl := range frozen {
		p, err := f.GetPanes(sh)
		if err != nil || !p.Freeze || p.TopLeftCell != tl || p.XSplit == 0 || p.YSplit == 0 {
			t.Errorf("%s panes = %+v, %v; want rows and columns frozen at %s", sh, p, err, tl)
		}
	}
	titles := map[string]bool{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			titles[dn.Scope] = true
		}
	}
	for _, sh := range f.GetSheetList() {
		pl, err := f.GetPageLayout(sh)
		if err != nil || pl.Size == nil || *pl.Size != 9 || pl.FitToHeight == nil || *pl.FitToHeight != 0 || pl.FitToWidth == nil || *pl.FitToWidth < 1 {
			t.Errorf("%s page layout = %+v, %v; want A4 (9), fit to width, FitToHeight 0", sh, pl, err)
		}
		if props, _ := f.GetSheetProps(sh); props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("%s does not fit to page", sh)
		}
	}
	for _, k := range []string{"Scores", "Prices", "TCO", "Features", "Sources"} {
		if !titles[SheetName("ja", k)] {
			t.Errorf("%s has no print titles (rows repeated on each page)", k)
		}
	}
	// The tie-break index is an index, never money.
	scores := SheetName("ja", "Scores")
	cols := scoresLayout(len(in.Eval.Criteria))
	id, _ := f.GetCellStyle(scores, cols.tie+"2")
	if st, _ := f.GetStyle(id); st.CustomNumFmt != nil && strings.Contains(*st.CustomNumFmt, "JPY") {
		t.Errorf("the tie-break column is formatted as money: %q", *st.CustomNumFmt)
	}
}

// The same evaluation at the same clock writes the same workbook: styles
// and strings are created in a fixed order. ([Content_Types].xml is left
// out: excelize lists the image types in map order.)
func TestXLSXReproducible(t *testing.T) {
	in := fixture(t, fixtureOpts{lang: "ja"})
	parts := func() map[string]string {
		b := render(t, func(b *bytes.Buffer, in *Input) error { return WriteXLSX(b, in) }, in)
		z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, f := range z.File {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(r)
			r.Close()
			out[f.Name] = string(body)
		}
		return out
	}
	a, b := parts(), parts()
	for name, body := range a {
		if name != "[Content_Types].xml" && b[name] != body {
			t.Errorf("two renderings differ in %s", name)
		}
	}
}

// On the Summary, the recommended option's TCO and its per-user-month
// figure carry the same "≥" look, driven by the Prices sheet's
// completeness cell: a lower-bound total gives a lower-bound per-user figure.
func TestSummaryPerUserKeepsLowerBound(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		in := fixture(t, fixtureOpts{lang: lang})
		f := openXLSX(t, in)
		sh := SheetName(lang, "Summary")
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		formats, err := f.GetConditionalFormats(sh)
		if err != nil {
			t.Fatal(err)
		}
		lowerLook := func(ref string) bool {
			for _, o := range formats[ref] {
				if strings.Contains(o.Criteria, "=0") && o.Format != nil {
					return true
				}
			}
			return false
		}
		found := 0
		for r, row := range rows {
			if len(row) < 2 {
				continue
			}
			label := row[0]
			if !strings.HasPrefix(label, L(lang, "tco")+" (") && label != L(lang, "per_user_month") {
				continue
			}
			ref := fmt.Sprintf("B%d", r+1)
			if fm, _ := f.GetCellFormula(sh, ref); fm == "" {
				continue // the provisional wording, not a figure
			}
			found++
			if !lowerLook(ref) {
				t.Errorf("%s: Summary %s (%s) has no lower-bound look: %+v", lang, label, ref, formats[ref])
			}
		}
		if found != 2 {
			t.Errorf("%s: found %d priced TCO/per-user rows on the Summary, want 2", lang, found)
		}
	}
}
