package reports

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/scoring"
)

// Sheet names, en and ja. Scripts and tests find sheets by these.
var sheetNames = map[string][2]string{
	"Summary":      {"概要", "Summary"},
	"Scores":       {"評価点", "Scores"},
	"TCO":          {"TCO", "TCO"},
	"Features":     {"機能対応表", "Features"},
	"Posture":      {"セキュリティ診断", "Posture"},
	"Requirements": {"要件", "Requirements"},
	"Sources":      {"出典", "Sources"},
}

// SheetName returns the localised name of a report sheet.
func SheetName(lang, key string) string {
	n := sheetNames[key]
	if lang == "ja" {
		return n[0]
	}
	return n[1]
}

// WeightsName is the defined name of the weight input cells (one row, in
// catalog.Criteria order) on the Requirements sheet.
const WeightsName = "Weights"

// Layout of the Scores sheet, fixed so formulas and scripts can rely on it.
const (
	scoresFirstRow = 2
	colRank        = "A"
	colID          = "B"
	colOptName     = "C"
	colKind        = "D"
	colEligible    = "E"
	colTotal       = "F"
	colCritFirst   = 7 // G..L: criteria in catalog.Criteria order
	colTCO         = "M"
	colTie         = "N"
	colViolations  = "O"
	colToWin       = "P" // tco_to_win: the highest TCO at which the option ranks first
	colToWinMonth  = "Q" // the vendor's monthly price that TCO leaves
	colChart       = "S" // the charts sit right of the table
	chartRows      = 20  // bars in the totals chart: the leaders, not 1,000 options
)

type xw struct {
	f      *excelize.File
	lang   string
	err    error
	styles map[string]int
}

func (x *xw) keep(err error) {
	if x.err == nil && err != nil {
		x.err = err
	}
}

// text is the one place a text cell is written. SetCellStr stores a shared
// string, which spreadsheet programs never evaluate, so catalog text like
// "=HYPERLINK(...)" or "@SUM(...)" stays text. Control characters are
// removed and the length kept under Excel's cell limit.
func (x *xw) text(sheet, cell, s string) {
	s = sanitizeTerminal(strings.ReplaceAll(s, "\n", "\x00"))
	s = strings.ReplaceAll(s, "\x00", "\n")
	s = strings.ReplaceAll(s, "�", "")
	if r := []rune(s); len(r) > 32000 {
		s = string(r[:32000]) + "…"
	}
	x.keep(x.f.SetCellStr(sheet, cell, s))
}

func (x *xw) num(sheet, cell string, v float64) { x.keep(x.f.SetCellFloat(sheet, cell, v, -1, 64)) }
func (x *xw) formula(sheet, cell, fm string)    { x.keep(x.f.SetCellFormula(sheet, cell, fm)) }
func (x *xw) style(sheet, from, to, name string) {
	x.keep(x.f.SetCellStyle(sheet, from, to, x.styles[name]))
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

func colName(col int) string {
	n, _ := excelize.ColumnNumberToName(col)
	return n
}

// quoteSheet makes a sheet name usable in a formula reference.
func quoteSheet(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func moneyFormat(cur string) string {
	if cur == "JPY" || cur == "KRW" {
		return `#,##0 "` + cur + `"`
	}
	return `#,##0.00 "` + cur + `"`
}

func (x *xw) newStyles(cur string) {
	mf := moneyFormat(cur)
	score := "0.00"
	isoDate := "yyyy-mm-dd"
	hdr := &excelize.Style{Font: &excelize.Font{Bold: true, Color: "1B1F24"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EDF3"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
		Border:    []excelize.Border{{Type: "bottom", Color: "8A96A3", Style: 1}}}
	defs := map[string]*excelize.Style{
		"head":  hdr,
		"title": {Font: &excelize.Font{Bold: true, Size: 16, Color: "0B5CAD"}},
		"h2":    {Font: &excelize.Font{Bold: true, Size: 12, Color: "0B5CAD"}},
		"wrap":  {Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}},
		"money": {CustomNumFmt: &mf},
		// A provisional option's known lines: money, greyed.
		"partMoney": {CustomNumFmt: &mf, Font: &excelize.Font{Color: "5F6B7A"}},
		"score":     {CustomNumFmt: &score},
		"total":     {CustomNumFmt: &score, Font: &excelize.Font{Bold: true}},
		"int":       {NumFmt: 1},
		"pct":       {NumFmt: 10},
		"date":      {CustomNumFmt: &isoDate},
		"input":     {Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}, Font: &excelize.Font{Bold: true, Color: "0B5CAD"}, Border: []excelize.Border{{Type: "left", Color: "E0A100", Style: 1}, {Type: "right", Color: "E0A100", Style: 1}, {Type: "top", Color: "E0A100", Style: 1}, {Type: "bottom", Color: "E0A100", Style: 1}}},
		"good":      {Font: &excelize.Font{Color: "0A7D3B", Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E6F4EA"}}},
		"bad":       {Font: &excelize.Font{Color: "B3261E"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FCE8E6"}}},
		"warn":      {Font: &excelize.Font{Color: "8A5A00"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF8E1"}}},
		"muted":     {Font: &excelize.Font{Color: "5F6B7A"}},
		"stale":     {Font: &excelize.Font{Color: "B3261E", Bold: true}, CustomNumFmt: &isoDate},
		"note":      {Font: &excelize.Font{Italic: true, Color: "5F6B7A"}, Alignment: &excelize.Alignment{WrapText: false}},
		"reason":    {Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}},
	}
	x.styles = map[string]int{}
	for k, s := range defs {
		id, err := x.f.NewStyle(s)
		x.keep(err)
		x.styles[k] = id
	}
}

// WriteXLSX writes the workbook for consultants: criterion scores are
// values, while totals and ranks on Scores are formulas over the weight
// cells on Requirements, so changing a weight re-ranks the options.
func WriteXLSX(w io.Writer, in *Input) error {
	ev := in.Eval
	lang := ev.Lang
	f := excelize.NewFile()
	defer f.Close()
	x := &xw{f: f, lang: lang}
	x.newStyles(ev.Currency)
	keys := []string{"Summary", "Scores", "TCO", "Features", "Posture", "Requirements", "Sources"}
	x.keep(f.SetSheetName("Sheet1", SheetName(lang, keys[0])))
	for _, k := range keys[1:] {
		_, err := f.NewSheet(SheetName(lang, k))
		x.keep(err)
	}
	x.requirementsSheet(in)
	x.scoresSheet(in)
	x.summarySheet(in)
	x.tcoSheet(in)
	x.featuresSheet(in)
	x.postureSheet(in)
	x.sourcesSheet(in)
	// Printing: A4 landscape, each sheet one page wide, as many tall as it
	// takes, with the header row repeated.
	for _, k := range keys {
		sh := SheetName(lang, k)
		x.keep(f.SetPageLayout(sh, &excelize.PageLayoutOptions{Size: ptr(9), Orientation: ptr("landscape"), FitToWidth: ptr(1), FitToHeight: ptr(0)}))
		x.keep(f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: ptr(true)}))
		if k == "Scores" || k == "TCO" || k == "Features" || k == "Sources" {
			x.keep(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: quoteSheet(sh) + "!$1:$1", Scope: sh}))
		}
	}
	yes := true
	x.keep(f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &yes}))
	x.keep(f.SetDocProps(&excelize.DocProperties{Title: L(lang, "title"), Creator: "mailpick", Created: in.Now.UTC().Format(time.RFC3339), Modified: in.Now.UTC().Format(time.RFC3339)}))
	f.SetActiveSheet(0)
	if x.err != nil {
		return fmt.Errorf("building XLSX: %w", x.err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("writing XLSX: %w", err)
	}
	return nil
}

func (x *xw) header(sheet string, row int, heads []string) {
	for i, h := range heads {
		x.text(sheet, cellName(i+1, row), h)
	}
	x.style(sheet, cellName(1, row), cellName(len(heads), row), "head")
}

func (x *xw) freeze(sheet string, row int) {
	x.keep(x.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: row, TopLeftCell: cellName(1, row+1), ActivePane: "bottomLeft"}))
}

// requirementsSheet holds the weight inputs (row 4, B:G) first, so their
// address is fixed, then the requirements as given.
func (x *xw) requirementsSheet(in *Input) {
	ev, lang := in.Eval, x.lang
	sh := SheetName(lang, "Requirements")
	x.text(sh, "A1", L(lang, "sec_requirements"))
	x.style(sh, "A1", "A1", "title")
	x.text(sh, "A3", L(lang, "criterion"))
	x.text(sh, "A4", L(lang, "weights"))
	for i, c := range catalog.Criteria {
		x.text(sh, cellName(i+2, 3), c.Label(lang))
		x.num(sh, cellName(i+2, 4), inputWeight(ev, c))
	}
	x.style(sh, "A3", "G3", "head")
	x.style(sh, "B4", "G4", "input")
	x.text(sh, "A5", pick(lang, "↑ 重みを変更すると「評価点」シートの総合点と順位が再計算されます（0〜1000）。",
		"↑ Change a weight (0–1000) and the totals and ranks on the Scores sheet recompute."))
	x.style(sh, "A5", "A5", "note")
	ref := quoteSheet(sh) + "!$B$4:$G$4"
	x.keep(x.f.SetDefinedName(&excelize.DefinedName{Name: WeightsName, RefersTo: ref}))
	for i, c := range catalog.Criteria {
		x.keep(x.f.SetDefinedName(&excelize.DefinedName{Name: "Weight_" + string(c), RefersTo: quoteSheet(sh) + "!$" + colName(i+2) + "$4"}))
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = "B4:G4"
	x.keep(dv.SetRange(0, 1000, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween))
	dv.SetError(excelize.DataValidationErrorStyleStop, pick(lang, "重み", "Weight"), pick(lang, "0〜1000の数値を入力してください", "Enter a number from 0 to 1000"))
	dv.SetInput(pick(lang, "重み", "Weight"), pick(lang, "相対的な重み（0〜1000）", "Relative weight (0–1000)"))
	x.keep(x.f.AddDataValidation(sh, dv))

	row := 7
	d := requirementsSection(in)
	for _, b := range d.Blocks {
		switch b.Kind {
		case bHeading:
			x.text(sh, cellName(1, row), b.Text)
			x.style(sh, cellName(1, row), cellName(1, row), "h2")
			row++
		case bTable:
			row = x.table(sh, row, b.Table) + 1
		}
	}
	x.keep(x.f.SetColWidth(sh, "A", "A", 30))
	x.keep(x.f.SetColWidth(sh, "B", "G", 22))
}

// table writes a document table at row and returns the next free row.
func (x *xw) table(sh string, row int, t *table) int {
	x.header(sh, row, t.Head)
	for _, r := range t.Rows {
		row++
		for i, c := range r {
			ref := cellName(i+1, row)
			x.text(sh, ref, c.Text)
			if c.Tone != "" {
				x.style(sh, ref, ref, c.Tone)
			}
		}
	}
	return row + 1
}

func (x *xw) scoresSheet(in *Input) {
	ev, lang := in.Eval, x.lang
	sh := SheetName(lang, "Scores")
	heads := []string{L(lang, "rank"), "ID", L(lang, "option"), L(lang, "kind"), L(lang, "eligible") + " (1/0)", L(lang, "score")}
	for _, c := range catalog.Criteria {
		heads = append(heads, c.Label(lang))
	}
	heads = append(heads, fmt.Sprintf("%s (%d %s, %s)", L(lang, "tco"), ev.HorizonYears, L(lang, "years"), taxWord(lang, taxBasisOf(ev))),
		pick(lang, "同点時の順序（TCO・ID）", "Tie-break (TCO, id)"), L(lang, "violations"), L(lang, "to_win_tco"), L(lang, "to_win_monthly"))
	x.header(sh, 1, heads)
	n := len(ev.Results)
	last := scoresFirstRow + n - 1
	if n == 0 {
		last = scoresFirstRow
	}
	rng := func(col string) string { return fmt.Sprintf("$%s$%d:$%s$%d", col, scoresFirstRow, col, last) }
	critFirst, critLast := colName(colCritFirst), colName(colCritFirst+len(catalog.Criteria)-1)
	tieOrder := tieBreakOrder(ev.Results)
	for i := range ev.Results {
		res := &ev.Results[i]
		row := scoresFirstRow + i
		c := func(col string) string { return fmt.Sprintf("%s%d", col, row) }
		x.text(sh, c(colID), res.ID)
		x.text(sh, c(colOptName), res.Name)
		x.text(sh, c(colKind), L(lang, res.Kind))
		el := 0.0
		if res.Eligible {
			el = 1
		}
		x.num(sh, c(colEligible), el)
		for j, cr := range catalog.Criteria {
			x.num(sh, cellName(colCritFirst+j, row), res.Criteria[string(cr)])
		}
		// Totals: the same weighted sum as scoring (SPEC §5), rounded the same.
		x.formula(sh, c(colTotal), fmt.Sprintf("ROUND(SUMPRODUCT(%s%d:%s%d,%s)/SUM(%s),2)", critFirst, row, critLast, row, WeightsName, WeightsName))
		if res.TCO.Priced {
			x.num(sh, c(colTCO), res.TCO.Total)
		} else {
			x.text(sh, c(colTCO), L(lang, "incomplete"))
		}
		// Ties on the total are broken as scoring breaks them: priced
		// first, then cheaper, then by id. The key is that order's position,
		// so equal TCOs and unpriced options still get distinct ranks.
		x.num(sh, c(colTie), float64(tieOrder[res.ID]))
		var vs []string
		for _, v := range res.Violations {
			vs = append(vs, v.Detail)
		}
		x.text(sh, c(colViolations), strings.Join(vs, "; "))
		x.toWin(sh, row, res, ev.Currency)
		// Rank among eligible options only: RANK over all totals, minus the
		// ineligible ones above, plus eligible ties that are cheaper.
		x.formula(sh, c(colRank), fmt.Sprintf(`IF(%[1]s=1,RANK(%[2]s,%[3]s)-COUNTIFS(%[4]s,0,%[3]s,">"&%[2]s)+COUNTIFS(%[4]s,1,%[3]s,%[2]s,%[5]s,"<"&%[6]s),"")`,
			c(colEligible), c(colTotal), rng(colTotal), rng(colEligible), rng(colTie), c(colTie)))
	}
	if n > 0 {
		x.style(sh, colTotal+fmt.Sprint(scoresFirstRow), colTotal+fmt.Sprint(last), "total")
		x.style(sh, critFirst+fmt.Sprint(scoresFirstRow), critLast+fmt.Sprint(last), "score")
		x.style(sh, colTCO+fmt.Sprint(scoresFirstRow), colTie+fmt.Sprint(last), "money")
		x.flagProvisional(sh, ev.Results)
		x.keep(x.f.SetConditionalFormat(sh, fmt.Sprintf("%s%d:%s%d", critFirst, scoresFirstRow, critLast, last), []excelize.ConditionalFormatOptions{{
			Type: "3_color_scale", Criteria: "=", MinType: "num", MidType: "num", MaxType: "num",
			MinValue: "0", MidValue: "50", MaxValue: "100", MinColor: "#F8696B", MidColor: "#FFEB84", MaxColor: "#63BE7B"}}))
		x.keep(x.f.SetConditionalFormat(sh, fmt.Sprintf("%s%d:%s%d", colTotal, scoresFirstRow, colTotal, last), []excelize.ConditionalFormatOptions{{
			Type: "data_bar", Criteria: "=", MinType: "num", MaxType: "num", MinValue: "0", MaxValue: "100", BarColor: "#638EC6"}}))
		red, _ := x.f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "9C0006"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}})
		x.keep(x.f.SetConditionalFormat(sh, fmt.Sprintf("%s%d:%s%d", colEligible, scoresFirstRow, colEligible, last), []excelize.ConditionalFormatOptions{{
			Type: "cell", Criteria: "==", Value: "0", Format: &red}}))
		x.keep(x.f.AutoFilter(sh, fmt.Sprintf("A1:%s%d", colToWinMonth, last), nil))
		bars := min(n, chartRows)
		x.keep(x.f.AddChart(sh, colChart+"2", &excelize.Chart{
			Type: excelize.Bar,
			Series: []excelize.ChartSeries{{Name: quoteSheet(sh) + "!$" + colTotal + "$1",
				Categories: fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(sh), colOptName, scoresFirstRow, colOptName, scoresFirstRow+bars-1),
				Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(sh), colTotal, scoresFirstRow, colTotal, scoresFirstRow+bars-1),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"0072B2"}}}},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: L(lang, "chart_scores")}}},
			Legend:    excelize.ChartLegend{Position: "none"},
			XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: excelize.Font{Color: "1B1F24", Size: 9}},
			YAxis:     excelize.ChartAxis{Minimum: ptr(0.0), Maximum: ptr(100.0), MajorGridLines: true, Font: excelize.Font{Color: "1B1F24", Size: 9}},
			Dimension: excelize.ChartDimension{Width: 640, Height: uint(160 + 22*bars)},
			PlotArea:  excelize.ChartPlotArea{ShowVal: true},
		}))
	}
	// Radar of the criterion profiles of the leading eligible options.
	var radar []excelize.ChartSeries
	for i, res := range ev.Results {
		if !res.Eligible || len(radar) == 5 {
			continue
		}
		row := scoresFirstRow + i
		radar = append(radar, excelize.ChartSeries{Name: fmt.Sprintf("%s!$%s$%d", quoteSheet(sh), colOptName, row),
			Categories: fmt.Sprintf("%s!$%s$1:$%s$1", quoteSheet(sh), critFirst, critLast),
			Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(sh), critFirst, row, critLast, row),
			Line:       excelize.LineOptions{Width: 2}})
	}
	if len(radar) > 1 {
		x.keep(x.f.AddChart(sh, fmt.Sprintf("%s%d", colChart, 4+(160+22*min(n, chartRows))/20), &excelize.Chart{
			Type: excelize.Radar, Series: radar,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: pick(lang, "評価項目ごとの比較（上位の適合案）", "Criterion profile of the leading eligible options")}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			YAxis:     excelize.ChartAxis{Minimum: ptr(0.0), Maximum: ptr(100.0), MajorUnit: 25},
			Dimension: excelize.ChartDimension{Width: 640, Height: 420},
		}))
	}
	x.freeze(sh, 1)
	x.keep(x.f.SetRowHeight(sh, 1, 32))
	// The tie-break helper only feeds RANK; hidden so nobody reads 1e15 as a price.
	x.keep(x.f.SetColVisible(sh, colTie, false))
	x.keep(x.f.SetColWidth(sh, "A", "A", 7))
	x.keep(x.f.SetColWidth(sh, "B", "B", 24))
	x.keep(x.f.SetColWidth(sh, "C", "C", 34))
	x.keep(x.f.SetColWidth(sh, "D", "F", 12))
	x.keep(x.f.SetColWidth(sh, critFirst, critLast, 11))
	x.keep(x.f.SetColWidth(sh, colTCO, colTie, 16))
	x.keep(x.f.SetColWidth(sh, colViolations, colViolations, 60))
	x.keep(x.f.SetColWidth(sh, colToWin, colToWinMonth, 18))
}

func ptr[T any](v T) *T { return &v }

func (x *xw) summarySheet(in *Input) {
	ev, lang := in.Eval, x.lang
	sh := SheetName(lang, "Summary")
	scores := quoteSheet(SheetName(lang, "Scores"))
	x.text(sh, "A1", L(lang, "title"))
	x.style(sh, "A1", "A1", "title")
	x.text(sh, "A2", subtitle(in))
	x.style(sh, "A2", "A2", "muted")
	row := 4
	kv := func(k string, v func(ref string)) {
		x.text(sh, cellName(1, row), k)
		x.style(sh, cellName(1, row), cellName(1, row), "head")
		v(cellName(2, row))
		row++
	}
	kv(L(lang, "recommendation"), func(ref string) { x.text(sh, ref, resultName(ev, ev.Recommendation.ID)); x.style(sh, ref, ref, "good") })
	if ev.Recommendation.RunnerUp != "" {
		kv(L(lang, "runner_up"), func(ref string) { x.text(sh, ref, resultName(ev, ev.Recommendation.RunnerUp)) })
	}
	// Live: follows the weights on the Requirements sheet.
	n := max(1, len(ev.Results))
	kv(pick(lang, "現在の重みでの1位（自動計算）", "Top option at the current weights (live)"), func(ref string) {
		x.formula(sh, ref, fmt.Sprintf(`IFERROR(INDEX(%[1]s!$C$2:$C$%[2]d,MATCH(1,%[1]s!$A$2:$A$%[2]d,0)),"%[3]s")`, scores, n+1, L(lang, "none")))
	})
	kv(L(lang, "self_host"), func(ref string) { x.text(sh, ref, L(lang, ev.SelfHostReadiness.Verdict)) })
	if rec := findResult(ev, ev.Recommendation.ID); rec != nil && rec.TCO.Priced {
		kv(fmt.Sprintf("%s (%d %s)", L(lang, "tco"), ev.HorizonYears, L(lang, "years")), func(ref string) {
			x.num(sh, ref, rec.TCO.Total)
			x.style(sh, ref, ref, "money")
		})
		kv(L(lang, "per_user_month"), func(ref string) { x.num(sh, ref, rec.TCO.PerUserMonth); x.style(sh, ref, ref, "money") })
	}
	if rec := findResult(ev, ev.Recommendation.ID); rec != nil && rec.Provisional {
		kv(fmt.Sprintf("%s (%d %s)", L(lang, "tco"), ev.HorizonYears, L(lang, "years")), func(ref string) {
			x.text(sh, ref, L(lang, "incomplete")+" — "+toWinLine(lang, rec, ev.Currency))
			x.style(sh, ref, ref, "warn")
		})
	}
	if tb := taxBasisShort(lang, ev.Requirements); tb != "" {
		kv(L(lang, "tax_basis"), func(ref string) { x.text(sh, ref, tb) })
	}
	if in.PostureNote != "" {
		kv("⚠", func(ref string) { x.text(sh, ref, in.PostureNote); x.style(sh, ref, ref, "warn") })
	}
	age := CatalogAge(ev, in.Now)
	kv(pick(lang, "カタログの確認日", "Catalog checked"), func(ref string) { x.text(sh, ref, age.Summary(lang)) })
	if w := age.Warning(lang); w != "" {
		kv("⚠", func(ref string) { x.text(sh, ref, w); x.style(sh, ref, ref, "warn") })
	}
	row++
	list := func(title string, items []string) {
		x.text(sh, cellName(1, row), title)
		x.style(sh, cellName(1, row), cellName(1, row), "h2")
		row++
		for _, it := range items {
			x.text(sh, cellName(1, row), "• "+it)
			row++
		}
		row++
	}
	list(L(lang, "reasons"), ev.Recommendation.Reasons)
	list(L(lang, "self_host")+": "+L(lang, ev.SelfHostReadiness.Verdict), ev.SelfHostReadiness.Reasons)
	if len(ev.SelfHostReadiness.Conditions) > 0 {
		row = x.table(sh, row, conditionsTable(lang, ev.SelfHostReadiness.Conditions)) + 1
	}
	// Sensitivity and methodology close the summary, as in the other formats.
	for _, s := range []section{sensitivitySection(in), methodologySection(in)} {
		x.text(sh, cellName(1, row), s.Title)
		x.style(sh, cellName(1, row), cellName(1, row), "h2")
		row++
		for _, b := range s.Blocks {
			switch b.Kind {
			case bPara, bWarn:
				x.text(sh, cellName(1, row), b.Text)
				row += 2
			case bBullets:
				for _, it := range b.Items {
					x.text(sh, cellName(1, row), "• "+it)
					row++
				}
				row++
			case bHeading:
				x.text(sh, cellName(1, row), b.Text)
				x.style(sh, cellName(1, row), cellName(1, row), "h2")
				row++
			case bTable:
				row = x.table(sh, row, b.Table) + 1
			}
		}
	}
	x.keep(x.f.SetColWidth(sh, "A", "A", 34))
	x.keep(x.f.SetColWidth(sh, "B", "B", 44))
	x.keep(x.f.SetColWidth(sh, "C", "C", 70))
}

func (x *xw) tcoSheet(in *Input) {
	ev, lang := in.Eval, x.lang
	sh := SheetName(lang, "TCO")
	heads := []string{"ID", L(lang, "option"), L(lang, "initial")}
	for y := 1; y <= ev.HorizonYears; y++ {
		heads = append(heads, lf(lang, "year_n", y))
	}
	heads = append(heads, L(lang, "total")+" ("+taxWord(lang, taxBasisOf(ev))+")", L(lang, "per_user_month"), L(lang, "not_included"), L(lang, "to_win_tco"))
	x.header(sh, 1, heads)
	ny := ev.HorizonYears
	totalCol := 4 + ny
	// Priced options first (in rank order), so the chart over the top rows
	// never draws a partial cost as if it were a price.
	var order []*scoring.Result
	priced := 0
	for i := range ev.Results {
		if ev.Results[i].TCO.Priced {
			order = append(order, &ev.Results[i])
			priced++
		}
	}
	for i := range ev.Results {
		if !ev.Results[i].TCO.Priced {
			order = append(order, &ev.Results[i])
		}
	}
	for i, res := range order {
		row := 2 + i
		x.text(sh, cellName(1, row), res.ID)
		x.text(sh, cellName(2, row), res.Name)
		x.num(sh, cellName(3, row), res.TCO.Initial)
		for j, y := range res.TCO.Years {
			x.num(sh, cellName(4+j, row), y.Cost)
		}
		if res.Provisional {
			// Text, not SUM: the known lines alone would sort as the
			// cheapest option.
			x.text(sh, cellName(totalCol, row), L(lang, "incomplete"))
		} else {
			x.formula(sh, cellName(totalCol, row), fmt.Sprintf("SUM(%s:%s)", cellName(3, row), cellName(3+ny, row)))
		}
		if res.TCO.Priced {
			x.num(sh, cellName(totalCol+1, row), res.TCO.PerUserMonth)
		} else {
			x.text(sh, cellName(totalCol+1, row), L(lang, "incomplete"))
			x.style(sh, cellName(totalCol+1, row), cellName(totalCol+1, row), "warn")
		}
		x.text(sh, cellName(totalCol+2, row), missingText(lang, res.TCO.Missing))
		if res.Eligible {
			total, _ := toWinCells(lang, res, ev.Currency)
			x.toWinCell(sh, cellName(totalCol+3, row), res, total, ev.Currency)
		}
	}
	n := len(ev.Results)
	last := 1 + max(n, 1)
	if n > 0 {
		x.style(sh, cellName(3, 2), cellName(totalCol+1, last), "money")
		for i, res := range order {
			if res.Provisional {
				x.style(sh, cellName(3, 2+i), cellName(totalCol-1, 2+i), "partMoney")
				x.style(sh, cellName(totalCol, 2+i), cellName(totalCol+1, 2+i), "warn")
			}
		}
		x.keep(x.f.AutoFilter(sh, fmt.Sprintf("A1:%s", cellName(totalCol+3, last)), nil))
	}
	if priced > 0 {
		var series []excelize.ChartSeries
		bars := min(priced, chartRows)
		for j := 0; j <= ny; j++ {
			col := colName(3 + j)
			series = append(series, excelize.ChartSeries{Name: fmt.Sprintf("%s!$%s$1", quoteSheet(sh), col),
				Categories: fmt.Sprintf("%s!$B$2:$B$%d", quoteSheet(sh), 1+bars),
				Values:     fmt.Sprintf("%s!$%s$2:$%s$%d", quoteSheet(sh), col, col, 1+bars),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{strings.TrimPrefix(palette[j%len(palette)], "#")}}})
		}
		x.keep(x.f.AddChart(sh, cellName(totalCol+5, 2), &excelize.Chart{
			Type: excelize.BarStacked, Series: series,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: L(lang, "chart_tco") + " (" + ev.Currency + ")"}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: excelize.Font{Color: "1B1F24", Size: 9}},
			YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0"}, Font: excelize.Font{Color: "1B1F24", Size: 9}},
			Dimension: excelize.ChartDimension{Width: 720, Height: uint(200 + 22*bars)},
		}))
	}
	// Cost lines with their basis.
	row := last + 3
	x.text(sh, cellName(1, row), L(lang, "cost_lines"))
	x.style(sh, cellName(1, row), cellName(1, row), "h2")
	row++
	x.header(sh, row, []string{"ID", L(lang, "option"), L(lang, "initial"), L(lang, "horizon_sum"), L(lang, "item"), L(lang, "basis")})
	first := row + 1
	for i := range ev.Results {
		res := &ev.Results[i]
		for _, l := range res.TCO.Lines {
			row++
			sum := 0.0
			for _, v := range l.Yearly {
				sum += v
			}
			x.text(sh, cellName(1, row), res.ID)
			x.text(sh, cellName(2, row), res.Name)
			x.num(sh, cellName(3, row), l.Initial)
			x.num(sh, cellName(4, row), sum)
			x.text(sh, cellName(5, row), costItemLabel(l.Item, lang))
			x.text(sh, cellName(6, row), basisLabel(lang, l.Basis))
		}
	}
	if row >= first {
		x.style(sh, cellName(3, first), cellName(4, row), "money")
	}
	x.tcoPricing(sh, row+2, ev)
	x.freeze(sh, 1)
	x.keep(x.f.SetRowHeight(sh, 1, 32))
	x.keep(x.f.SetColWidth(sh, "A", "A", 24))
	x.keep(x.f.SetColWidth(sh, "B", "B", 34))
	x.keep(x.f.SetColWidth(sh, "C", colName(totalCol+1), 16))
	x.keep(x.f.SetColWidth(sh, colName(totalCol+2), colName(totalCol+2), 40))
	x.keep(x.f.SetColWidth(sh, colName(totalCol+3), colName(totalCol+3), 18))
}

func (x *xw) featuresSheet(in *Input) {
	ev, lang := in.Eval, x.lang
	sh := SheetName(lang, "Features")
	heads := []string{L(lang, "requirement"), L(lang, "key"), L(lang, "level")}
	for _, r := range ev.Results {
		heads = append(heads, r.Name)
	}
	x.header(sh, 1, heads)
	if len(ev.Results) == 0 {
		return
	}
	verified := verifiedIndex(in.Verifications)
	for k, it := range ev.Results[0].Items {
		row := 2 + k
		x.text(sh, cellName(1, row), scoring.RequirementLabel(it.Key, lang))
		x.text(sh, cellName(2, row), it.Key)
		x.text(sh, cellName(3, row), L(lang, string(it.Level)))
		for j := range ev.Results {
			res := &ev.Results[j]
			ref := cellName(4+j, row)
			if k >= len(res.Items) || res.Items[k].Key != it.Key {
				continue
			}
			c := stateCell(lang, res.Items[k], verified[res.ID+"|"+it.Key])
			markAnswered(&c, res, it.Key, lang)
			x.text(sh, ref, c.Text)
			if c.Tone != "" {
				x.style(sh, ref, ref, c.Tone)
			}
		}
	}
	last := 1 + len(ev.Results[0].Items)
	x.text(sh, cellName(1, last+2), L(lang, "matrix_legend")+answerLegend(ev, lang))
	x.style(sh, cellName(1, last+2), cellName(1, last+2), "note")
	x.keep(x.f.AutoFilter(sh, fmt.Sprintf("A1:%s", cellName(3+len(ev.Results), last)), nil))
	x.keep(x.f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 3, YSplit: 1, TopLeftCell: "D2", ActivePane: "bottomRight"}))
	x.keep(x.f.SetColWidth(sh, "A", "A", 40))
	x.keep(x.f.SetColWidth(sh, "B", "B", 28))
	x.keep(x.f.SetColWidth(sh, "C", "C", 8))
	x.keep(x.f.SetColWidth(sh, "D", colName(3+len(ev.Results)), 18))
	x.keep(x.f.SetRowHeight(sh, 1, 45))
}

func (x *xw) postureSheet(in *Input) {
	lang := x.lang
	sh := SheetName(lang, "Posture")
	x.text(sh, "A1", L(lang, "sec_posture"))
	x.style(sh, "A1", "A1", "title")
	row := 3
	if in.PostureNote != "" {
		x.text(sh, "A3", "⚠ "+in.PostureNote)
		x.style(sh, "A3", "A3", "warn")
		row = 5
	}
	if len(in.Posture) == 0 {
		x.text(sh, cellName(1, row), L(lang, "posture_absent"))
		return
	}
	x.header(sh, row, []string{L(lang, "domain"), L(lang, "score_100"), L(lang, "grade")})
	for _, dr := range in.Posture {
		row++
		x.text(sh, cellName(1, row), dr.Domain)
		x.num(sh, cellName(2, row), float64(dr.Score))
		x.text(sh, cellName(3, row), dr.Grade)
	}
	row += 2
	if len(in.Verifications) > 0 {
		t := postureSection(in)
		for _, b := range t.Blocks {
			if b.Kind == bTable && len(b.Table.Head) == 5 { // the verification table
				x.text(sh, cellName(1, row), L(lang, "posture_verify"))
				x.style(sh, cellName(1, row), cellName(1, row), "h2")
				row = x.table(sh, row+1, b.Table) + 1
				break
			}
		}
	}
	x.text(sh, cellName(1, row), L(lang, "posture_findings"))
	x.style(sh, cellName(1, row), cellName(1, row), "h2")
	row++
	hrow := row
	x.header(sh, row, []string{L(lang, "domain"), L(lang, "check"), L(lang, "category"), L(lang, "status"), L(lang, "summary"), L(lang, "target"), L(lang, "fix")})
	for _, dr := range in.Posture {
		for _, c := range dr.Checks {
			row++
			x.text(sh, cellName(1, row), dr.Domain)
			x.text(sh, cellName(2, row), c.ID)
			x.text(sh, cellName(3, row), c.Category)
			st := statusCell(c.Status)
			x.text(sh, cellName(4, row), st.Text)
			if st.Tone != "" {
				x.style(sh, cellName(4, row), cellName(4, row), st.Tone)
			}
			x.text(sh, cellName(5, row), c.Summary)
			x.text(sh, cellName(6, row), c.Target)
			x.text(sh, cellName(7, row), c.Fix)
		}
	}
	x.keep(x.f.AutoFilter(sh, fmt.Sprintf("A%d:G%d", hrow, max(row, hrow+1)), nil))
	x.keep(x.f.SetColWidth(sh, "A", "A", 26))
	x.keep(x.f.SetColWidth(sh, "B", "D", 16))
	x.keep(x.f.SetColWidth(sh, "E", "E", 60))
	x.keep(x.f.SetColWidth(sh, "F", "F", 24))
	x.keep(x.f.SetColWidth(sh, "G", "G", 60))
}

func (x *xw) sourcesSheet(in *Input) {
	ev, lang := in.Eval, x.lang
	sh := SheetName(lang, "Sources")
	x.header(sh, 1, []string{"ID", L(lang, "option"), L(lang, "as_of"), L(lang, "note"), L(lang, "sources")})
	row := 1
	for i := range ev.Results {
		res := &ev.Results[i]
		srcs := res.Sources
		if len(srcs) == 0 {
			srcs = []string{""}
		}
		for _, s := range srcs {
			row++
			x.text(sh, cellName(1, row), res.ID)
			x.text(sh, cellName(2, row), res.Name)
			if t, err := time.Parse("2006-01-02", res.AsOf); err == nil {
				x.keep(x.f.SetCellValue(sh, cellName(3, row), t))
				st := "date"
				if stale(res.AsOf, in.Now) {
					st = "stale"
					x.text(sh, cellName(4, row), "⚠ "+L(lang, "stale"))
				}
				x.style(sh, cellName(3, row), cellName(3, row), st)
			} else {
				x.text(sh, cellName(3, row), res.AsOf)
			}
			x.text(sh, cellName(5, row), s)
			if strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") {
				x.keep(x.f.SetCellHyperLink(sh, cellName(5, row), s, "External"))
			}
		}
	}
	row += 2
	x.text(sh, cellName(1, row), L(lang, "assumptions_as_of"))
	x.text(sh, cellName(3, row), ev.Assumptions.AsOf)
	x.text(sh, cellName(5, row), "data/assumptions.toml: "+ev.Assumptions.HourlyCostBasis)
	x.freeze(sh, 1)
	x.keep(x.f.AutoFilter(sh, fmt.Sprintf("A1:E%d", max(2, row-2)), nil))
	x.keep(x.f.SetColWidth(sh, "A", "A", 24))
	x.keep(x.f.SetColWidth(sh, "B", "B", 34))
	x.keep(x.f.SetColWidth(sh, "C", "C", 12))
	x.keep(x.f.SetColWidth(sh, "D", "D", 30))
	x.keep(x.f.SetColWidth(sh, "E", "E", 80))
}

// tieBreakOrder numbers the options in scoring's tie-break order (priced
// before unpriced, lower TCO, then id), for the hidden column RANK uses.
func tieBreakOrder(results []scoring.Result) map[string]int {
	order := make([]*scoring.Result, len(results))
	for i := range results {
		order[i] = &results[i]
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if a.TCO.Priced != b.TCO.Priced {
			return a.TCO.Priced
		}
		if a.TCO.Total != b.TCO.Total {
			return a.TCO.Total < b.TCO.Total
		}
		return a.ID < b.ID
	})
	pos := make(map[string]int, len(order))
	for i, r := range order {
		pos[r.ID] = i + 1
	}
	return pos
}
