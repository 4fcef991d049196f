package reports

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/scoring"
)

// SheetName returns the localised name of a report sheet (sheet.<key> in
// the message table). Scripts and tests find sheets by these.
// The Prices sheet keeps its one name in every language (PricesSheet).
func SheetName(lang, key string) string {
	if key == "Prices" {
		return PricesSheet
	}
	return msg.T(lang, "sheet."+key)
}

// sheetKeys are the report's sheets, in workbook order: Scores stays
// second, where scripts look for it.
var sheetKeys = []string{"Summary", "Scores", "Prices", "TCO", "Features", "Posture", "Requirements", "Sources"}

// WeightsName is the defined name of the weight input cells (one row, in
// the evaluation's criteria order) on the Requirements sheet; each cell is
// also named Weight_<criterion id>.
const WeightsName = "Weights"

// Layout of the Scores sheet. Columns A–F are fixed so formulas and
// scripts can rely on them; the criteria follow, one column each in the
// evaluation's order, and the rest after them (scoresLayout).
const (
	scoresFirstRow = 2
	colRank        = "A"
	colID          = "B"
	colOptName     = "C"
	colKind        = "D"
	colEligible    = "E"
	colTotal       = "F"
	colCritFirst   = 7   // G: the first criterion
	chartRows      = 200 // bars in a chart: every option of any real catalog, not a 1,000-option test
)

// scoresCols are the Scores sheet's columns from the criteria on.
type scoresCols struct {
	critFirst, critLast string
	tco, tie            string
	violations          string
	toWin               string // tco_to_win: the highest TCO at which the option ranks first
	toWinMonth          string // the vendor's monthly price that TCO leaves
	chart               string // the charts sit right of the table, after a blank column
}

// scoresLayout places nc criterion columns from G and the others after
// them (G–L, then M–Q and the charts at S for the six default criteria).
func scoresLayout(nc int) scoresCols {
	c := colCritFirst + nc
	return scoresCols{critFirst: colName(colCritFirst), critLast: colName(c - 1), tco: colName(c), tie: colName(c + 1),
		violations: colName(c + 2), toWin: colName(c + 3), toWinMonth: colName(c + 4), chart: colName(c + 6)}
}

type xw struct {
	f      *excelize.File
	lang   string
	err    error
	styles map[string]int
	cols   scoresCols
	// live is true when the method's totals are the weighted sum, so the
	// Scores sheet recomputes them from the weight cells (SUMPRODUCT);
	// otherwise the totals are the evaluation's values.
	live bool
	// prices are the cells of the Prices sheet the other sheets read.
	prices pricesRefs
	ev     *scoring.Evaluation
	// written records every cell written, by sheet, row and column, and
	// the text of text cells: the wrapping and print passes read it
	// instead of scanning the workbook back.
	written map[string]map[int]map[int]written
	// spans are the sheets' table widths in columns (spanOf).
	spans map[string]int
	// heads are the header cells by sheet, row and column: fitHeads
	// sizes their columns.
	heads map[string]map[int][]int
	// looks are tcoLook's conditional formats: warning, lower bound.
	looks []int
}

func (x *xw) keep(err error) {
	if x.err == nil && err != nil {
		x.err = err
	}
}

// text is the one place a text cell is written. SetCellStr stores a shared
// string, which spreadsheet programs never evaluate, so catalog text like
// "=HYPERLINK(...)" or "@SUM(...)" stays text. Control characters are
// removed and the length kept to Excel's cell limit (fitCell).
func (x *xw) text(sheet, cell, s string) {
	// Line by line: sanitizeTerminal turns control characters, line ends
	// among them, into "�", which is dropped; the line ends stay.
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.ReplaceAll(sanitizeTerminal(l), "�", "")
	}
	s = strings.Join(lines, "\n")
	s = fitCell(s)
	x.keep(x.f.SetCellStr(sheet, cell, s))
	x.mark(sheet, cell, s, true)
}

func (x *xw) num(sheet, cell string, v float64) {
	x.keep(x.f.SetCellFloat(sheet, cell, v, -1, 64))
	x.mark(sheet, cell, "", false)
}

func (x *xw) formula(sheet, cell, fm string) {
	x.keep(x.f.SetCellFormula(sheet, cell, fm))
	x.mark(sheet, cell, "", false)
}

// formulaNum writes a formula with the evaluation's value as its cached
// result, so a viewer that does not recalculate (a file preview) shows
// the figure rather than an empty cell. A text result cannot be cached
// this way; those cells show once the workbook is calculated.
func (x *xw) formulaNum(sheet, cell, fm string, v float64) {
	x.num(sheet, cell, v)
	x.formula(sheet, cell, fm)
}

// fmlText is s as a string literal inside a formula.
func fmlText(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
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
	intFmt := "0"
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
		"index": {CustomNumFmt: &intFmt},
		// Centred: a right-aligned rank ran into the left-aligned id
		// beside it ("1xserver-business").
		"rank":  {CustomNumFmt: &intFmt, Alignment: &excelize.Alignment{Horizontal: "center"}},
		"plain": {NumFmt: 0},
		"keys":  {Font: &excelize.Font{Family: "Consolas", Color: "5F6B7A", Size: 9}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F3F5F8"}}, Border: []excelize.Border{{Type: "bottom", Color: "8A96A3", Style: 1}}},
		"inputMoney": {CustomNumFmt: &mf, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}, Font: &excelize.Font{Bold: true, Color: "0B5CAD"},
			Border: []excelize.Border{{Type: "left", Color: "E0A100", Style: 1}, {Type: "right", Color: "E0A100", Style: 1}, {Type: "top", Color: "E0A100", Style: 1}, {Type: "bottom", Color: "E0A100", Style: 1}}},
		// An input whose price no source states: empty, and it shows.
		"inputUnknown": {CustomNumFmt: &mf, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFD8A8"}}, Font: &excelize.Font{Bold: true, Color: "0B5CAD"},
			Border: []excelize.Border{{Type: "left", Color: "C05600", Style: 2}, {Type: "right", Color: "C05600", Style: 2}, {Type: "top", Color: "C05600", Style: 2}, {Type: "bottom", Color: "C05600", Style: 2}}},
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
	for _, k := range slices.Sorted(maps.Keys(defs)) { // sorted: the same file every time
		s := defs[k]
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
	x := &xw{f: f, lang: lang, ev: ev, cols: scoresLayout(len(ev.Criteria)), live: ev.DecisionMethod().Linear()}
	x.newStyles(ev.Currency)
	keys := sheetKeys
	x.keep(f.SetSheetName("Sheet1", SheetName(lang, keys[0])))
	for _, k := range keys[1:] {
		_, err := f.NewSheet(SheetName(lang, k))
		x.keep(err)
	}
	// Long text wraps in its column, a lone paragraph or a row's last
	// cell across the sheet's table width.
	spans := map[string]int{"Summary": 4, "Scores": 1, "Prices": 6, "TCO": 6, "Features": min(3+len(ev.Results), 8),
		"Posture": 7, "Requirements": 1 + max(len(ev.Criteria), 3), "Sources": 5}
	x.spans = map[string]int{}
	for k, n := range spans {
		x.spans[SheetName(lang, k)] = n
	}
	x.requirementsSheet(in)
	x.prices = x.pricesSheet(in)
	x.scoresSheet(in)
	x.summarySheet(in)
	x.tcoSheet(in)
	x.featuresSheet(in)
	x.postureSheet(in)
	x.sourcesSheet(in)
	// Headers, then long text, before the print widths are measured.
	for _, k := range keys {
		x.fitHeads(SheetName(lang, k))
		x.wrapLong(SheetName(lang, k))
	}
	x.printSetup(keys)
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
	x.markHeads(sheet, row, 1, len(heads))
}

// markHeads records cells from–to of row as header cells (fitHeads).
func (x *xw) markHeads(sheet string, row, from, to int) {
	if x.heads == nil {
		x.heads = map[string]map[int][]int{}
	}
	if x.heads[sheet] == nil {
		x.heads[sheet] = map[int][]int{}
	}
	for c := from; c <= to; c++ {
		x.heads[sheet][row] = append(x.heads[sheet][row], c)
	}
}

func (x *xw) freeze(sheet string, row int) {
	x.keep(x.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: row, TopLeftCell: cellName(1, row+1), ActivePane: "bottomLeft"}))
}

// requirementsSheet holds the weight inputs (row 4, from B, one per
// criterion) first, so their address is fixed, then the requirements as
// given.
func (x *xw) requirementsSheet(in *Input) {
	ev, lang := in.Eval, x.lang
	sh := SheetName(lang, "Requirements")
	// Widths first: the tables below continue a cell too long for one
	// row at these. At least B–D: the requirement tables use them.
	x.setWidth(sh, "A", "A", 30)
	x.setWidth(sh, "B", colName(1+max(len(ev.Criteria), 3)), 22)
	x.text(sh, "A1", L(lang, "sec_requirements"))
	x.style(sh, "A1", "A1", "title")
	x.text(sh, "A3", L(lang, "criterion"))
	x.text(sh, "A4", L(lang, "weights"))
	for i, c := range ev.Criteria {
		x.text(sh, cellName(i+2, 3), c.Label(lang))
		x.num(sh, cellName(i+2, 4), ev.InputWeight(c.ID))
	}
	last := colName(1 + max(len(ev.Criteria), 1)) // the last weight column
	x.style(sh, "A3", last+"3", "head")
	x.markHeads(sh, 3, 1, 1+len(ev.Criteria))
	x.style(sh, "B4", last+"4", "input")
	if x.live {
		x.text(sh, "A5", L(lang, "xlsx_weights_note"))
	} else {
		x.text(sh, "A5", lf(lang, "xlsx_weights_fixed", "method", strings.ToUpper(ev.Method)))
	}
	x.style(sh, "A5", "A5", "note")
	ref := quoteSheet(sh) + "!$B$4:$" + last + "$4"
	x.keep(x.f.SetDefinedName(&excelize.DefinedName{Name: WeightsName, RefersTo: ref}))
	for i, c := range ev.Criteria {
		x.keep(x.f.SetDefinedName(&excelize.DefinedName{Name: "Weight_" + string(c.ID), RefersTo: quoteSheet(sh) + "!$" + colName(i+2) + "$4"}))
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = "B4:" + last + "4"
	x.keep(dv.SetRange(0, 1000, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween))
	dv.SetError(excelize.DataValidationErrorStyleStop, L(lang, "xlsx_weight"), L(lang, "xlsx_weight_error"))
	dv.SetInput(L(lang, "xlsx_weight"), L(lang, "xlsx_weight_input"))
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
}

// table writes a document table at row and returns the next free row. A
// cell too long for one row (a list of 1,000 excluded ids) continues in
// the rows below it, at the column widths already set.
func (x *xw) table(sh string, row int, t *table) int {
	x.header(sh, row, t.Head)
	for _, r := range t.Rows {
		row++
		parts := make([][]string, len(r))
		n := 1
		for i, c := range r {
			parts[i] = chunks(c.Text, x.availAt(sh, i+1, len(r)))
			n = max(n, len(parts[i]))
		}
		for k := range n {
			for i, c := range r {
				if k >= len(parts[i]) {
					continue
				}
				ref := cellName(i+1, row+k)
				x.text(sh, ref, parts[i][k])
				if c.Tone != "" {
					x.style(sh, ref, ref, c.Tone)
				}
			}
		}
		row += n - 1
	}
	return row + 1
}

// para writes text alone on its rows from row, spread over the sheet's
// span, as many rows as it needs, in style st (none when empty); it
// returns the row after it.
func (x *xw) para(sh string, row int, text, st string) int {
	for _, p := range chunks(text, x.availAt(sh, 1, 1)) {
		ref := cellName(1, row)
		x.text(sh, ref, p)
		if st != "" {
			x.style(sh, ref, ref, st)
		}
		row++
	}
	return row
}

// scoresSheet: it is long because it lays out one sheet top to bottom, cell
// by cell, and its formulas refer to cells placed earlier in the same
// sequence. Criterion scores are values except cost, which, with the TCO,
// eligibility and the tie-break, follows the Prices sheet by formula.
func (x *xw) scoresSheet(in *Input) {
	ev, lang := in.Eval, x.lang
	sh := SheetName(lang, "Scores")
	heads := []string{L(lang, "rank"), "ID", L(lang, "option"), L(lang, "kind"), L(lang, "eligible") + " (1/0)", L(lang, "score")}
	for _, c := range ev.Criteria {
		heads = append(heads, c.Label(lang))
	}
	heads = append(heads, fmt.Sprintf("%s (%d %s, %s)", L(lang, "tco"), ev.HorizonYears, L(lang, "years"), taxWord(lang, taxBasisOf(ev))),
		L(lang, "xlsx_tiebreak"), L(lang, "violations"), L(lang, "to_win_tco"), L(lang, "to_win_monthly"))
	x.header(sh, 1, heads)
	n := len(ev.Results)
	last := scoresFirstRow + n - 1
	if n == 0 {
		last = scoresFirstRow
	}
	rng := func(col string) string { return fmt.Sprintf("$%s$%d:$%s$%d", col, scoresFirstRow, col, last) }
	cols := x.cols
	critFirst, critLast := cols.critFirst, cols.critLast
	pc := x.prices.cols
	tieOrder := scoring.TieBreakOrder(ev.Results)
	for i := range ev.Results {
		res := &ev.Results[i]
		row := scoresFirstRow + i
		c := func(col string) string { return fmt.Sprintf("%s%d", col, row) }
		x.text(sh, c(colID), res.ID)
		x.text(sh, c(colOptName), res.Name)
		x.text(sh, c(colKind), msg.T(lang, "kind."+res.Kind))
		// Eligibility follows the price where the price decides it (the
		// budget, a plan's capacity and term): Prices computes it.
		el := 0.0
		if res.Eligible {
			el = 1
		}
		x.formulaNum(sh, c(colEligible), x.prices.cell(pc.elig, i), el)
		for j, cr := range ev.Criteria {
			ref := cellName(colCritFirst+j, row)
			if cr.Rule == scoring.RelativeCost {
				x.formulaNum(sh, ref, x.prices.cell(pc.cost, i), res.Criteria[string(cr.ID)])
				continue
			}
			x.num(sh, ref, res.Criteria[string(cr.ID)])
		}
		if x.live {
			// Totals: the weighted sum the method computes, rounded the
			// same, over the weight cells.
			x.formulaNum(sh, c(colTotal), fmt.Sprintf("ROUND(SUMPRODUCT(%s%d:%s%d,%s)/SUM(%s),2)", critFirst, row, critLast, row, WeightsName, WeightsName), res.Score)
		} else {
			// A method that is not the weighted sum has no such formula:
			// the totals are the evaluation's, and the note under the
			// weights says they do not follow them.
			x.num(sh, c(colTotal), res.Score)
		}
		if res.TCO.Priced {
			x.formulaNum(sh, c(cols.tco), x.prices.cell(pc.tco, i), res.TCO.Total)
		} else {
			x.formula(sh, c(cols.tco), x.prices.cell(pc.tco, i))
		}
		// Ties on the total are broken as scoring breaks them (priced
		// first, lower TCO, then id): Prices numbers that order.
		x.formulaNum(sh, c(cols.tie), x.prices.cell(pc.tie, i), float64(tieOrder[res.ID]))
		var vs []string
		for _, v := range res.Violations {
			vs = append(vs, v.Detail)
		}
		x.text(sh, c(cols.violations), msg.Sentences(lang, vs))
		x.toWin(sh, row, res, ev.Currency)
		// Rank among eligible options only: RANK over all totals, minus the
		// ineligible ones above, plus eligible ties that break before.
		rank := fmt.Sprintf(`IF(%[1]s=1,RANK(%[2]s,%[3]s)-COUNTIFS(%[4]s,0,%[3]s,">"&%[2]s)+COUNTIFS(%[4]s,1,%[3]s,%[2]s,%[5]s,"<"&%[6]s),"")`,
			c(colEligible), c(colTotal), rng(colTotal), rng(colEligible), rng(cols.tie), c(cols.tie))
		if res.Eligible {
			x.formulaNum(sh, c(colRank), rank, float64(res.Rank))
		} else {
			x.formula(sh, c(colRank), rank)
		}
	}
	chartRow := last + 3
	if n > 0 {
		x.style(sh, colTotal+fmt.Sprint(scoresFirstRow), colTotal+fmt.Sprint(last), "total")
		x.style(sh, critFirst+fmt.Sprint(scoresFirstRow), critLast+fmt.Sprint(last), "score")
		x.style(sh, colRank+fmt.Sprint(scoresFirstRow), colRank+fmt.Sprint(last), "rank")
		x.style(sh, colEligible+fmt.Sprint(scoresFirstRow), colEligible+fmt.Sprint(last), "index")
		for i := range ev.Results {
			x.tcoLook(sh, fmt.Sprintf("%s%d", cols.tco, scoresFirstRow+i), i)
		}
		x.style(sh, cols.tie+fmt.Sprint(scoresFirstRow), cols.tie+fmt.Sprint(last), "index")
		x.style(sh, cols.violations+fmt.Sprint(scoresFirstRow), cols.violations+fmt.Sprint(last), "reason")
		x.keep(x.f.SetConditionalFormat(sh, fmt.Sprintf("%s%d:%s%d", critFirst, scoresFirstRow, critLast, last), []excelize.ConditionalFormatOptions{{
			Type: "3_color_scale", Criteria: "=", MinType: "num", MidType: "num", MaxType: "num",
			MinValue: "0", MidValue: "50", MaxValue: "100", MinColor: "#F8696B", MidColor: "#FFEB84", MaxColor: "#63BE7B"}}))
		x.keep(x.f.SetConditionalFormat(sh, fmt.Sprintf("%s%d:%s%d", colTotal, scoresFirstRow, colTotal, last), []excelize.ConditionalFormatOptions{{
			Type: "data_bar", Criteria: "=", MinType: "num", MaxType: "num", MinValue: "0", MaxValue: "100", BarColor: "#638EC6"}}))
		red, _ := x.f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "9C0006"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}})
		x.keep(x.f.SetConditionalFormat(sh, fmt.Sprintf("%s%d:%s%d", colEligible, scoresFirstRow, colEligible, last), []excelize.ConditionalFormatOptions{{
			Type: "cell", Criteria: "==", Value: "0", Format: &red}}))
		x.keep(x.f.AutoFilter(sh, fmt.Sprintf("A1:%s%d", cols.toWinMonth, last), nil))
		// Every option has a bar; the chart sits under the table, so it
		// covers no cell and prints with it.
		bars := min(n, chartRows)
		h := 120 + 20*bars
		x.keep(x.f.AddChart(sh, "C"+fmt.Sprint(chartRow), &excelize.Chart{
			Type: excelize.Bar,
			Series: []excelize.ChartSeries{{Name: quoteSheet(sh) + "!$" + colTotal + "$1",
				Categories: fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(sh), colOptName, scoresFirstRow, colOptName, scoresFirstRow+bars-1),
				Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(sh), colTotal, scoresFirstRow, colTotal, scoresFirstRow+bars-1),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"0072B2"}}}},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: L(lang, "chart_scores")}}},
			Legend:    excelize.ChartLegend{Position: "none"},
			XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: excelize.Font{Color: "1B1F24", Size: 9}},
			YAxis:     excelize.ChartAxis{Minimum: ptr(0.0), Maximum: ptr(100.0), MajorUnit: 10, MajorGridLines: true, Font: excelize.Font{Color: "1B1F24", Size: 9}},
			Dimension: excelize.ChartDimension{Width: 720, Height: uint(h)},
			PlotArea:  excelize.ChartPlotArea{ShowVal: true},
		}))
		chartRow += h/20 + 2
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
		x.keep(x.f.AddChart(sh, fmt.Sprintf("C%d", chartRow), &excelize.Chart{
			Type: excelize.Radar, Series: radar,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: L(lang, "xlsx_profile_chart")}}},
			Legend:    excelize.ChartLegend{Position: "right"},
			YAxis:     excelize.ChartAxis{Minimum: ptr(0.0), Maximum: ptr(100.0), MajorUnit: 25},
			Dimension: excelize.ChartDimension{Width: 720, Height: 420},
		}))
	}
	// Option names stay in view scrolling right, the header scrolling down.
	x.keep(x.f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 3, YSplit: 1, TopLeftCell: "D2", ActivePane: "bottomRight"}))
	x.keep(x.f.SetRowHeight(sh, 1, 48))
	// The tie-break helper only feeds RANK; hidden so nobody reads it as a figure.
	x.keep(x.f.SetColVisible(sh, cols.tie, false))
	x.setWidth(sh, "A", "A", 6)
	x.setWidth(sh, "B", "B", 28)
	x.setWidth(sh, "C", "C", 28)
	x.setWidth(sh, "D", "D", 10)
	x.setWidth(sh, "E", "F", 8)
	x.setWidth(sh, critFirst, critLast, 9)
	x.setWidth(sh, cols.tco, cols.tco, 15)
	x.setWidth(sh, cols.tie, cols.tie, 8)
	x.setWidth(sh, cols.violations, cols.violations, 28)
	x.setWidth(sh, cols.toWin, cols.toWinMonth, 14)
}

func ptr[T any](v T) *T { return &v }

// maxLinkLen is the longest hyperlink address Excel opens (2,079
// characters, its limit for a URL); a longer one makes Excel repair the
// file.
const maxLinkLen = 2079

// summarySheet: it is long because it lays out one sheet top to bottom, cell
// by cell, and its formulas refer to cells placed earlier in the same
// sequence.
func (x *xw) summarySheet(in *Input) {
	ev, lang := in.Eval, x.lang
	sh := SheetName(lang, "Summary")
	scores := quoteSheet(SheetName(lang, "Scores"))
	x.setWidth(sh, "A", "A", 32) // first: long text is measured at these
	x.setWidth(sh, "B", "D", 40)
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
	// kvText is a row of text: a value too long for one row (the
	// unconfirmed must-haves of two options) continues below.
	kvText := func(k string, v cell) {
		x.text(sh, cellName(1, row), k)
		x.style(sh, cellName(1, row), cellName(1, row), "head")
		for _, p := range chunks(v.Text, x.availAt(sh, 2, 2)) {
			ref := cellName(2, row)
			x.text(sh, ref, p)
			if v.Tone != "" {
				x.style(sh, ref, ref, v.Tone)
			}
			row++
		}
	}
	kvText(L(lang, "recommendation"), recommendationCell(ev))
	// How robust the pick is, as page 1 of the PDF says it: win
	// probability, runner-up and margin, the weight change that flips it,
	// the must-haves no source confirms — the evaluation's figures.
	for _, r := range decisionRows(ev) {
		kvText(r[0].Text, r[1])
	}
	if findResult(ev, ev.Recommendation.ID) == nil && ev.Recommendation.RunnerUp != "" {
		kvText(L(lang, "runner_up"), txt(resultName(ev, ev.Recommendation.RunnerUp)))
	}
	if x.live {
		// Live: follows the weights on the Requirements sheet.
		n := max(1, len(ev.Results))
		kv(L(lang, "xlsx_live_top"), func(ref string) {
			x.formula(sh, ref, fmt.Sprintf(`IFERROR(INDEX(%[1]s!$C$2:$C$%[2]d,MATCH(1,%[1]s!$A$2:$A$%[2]d,0)),%[3]s)`, scores, n+1, fmlText(L(lang, "none"))))
		})
	}
	kv(L(lang, "self_host"), func(ref string) { x.text(sh, ref, msg.T(lang, "verdict."+ev.SelfHostReadiness.Verdict)) })
	if rec := findResult(ev, ev.Recommendation.ID); rec != nil && rec.TCO.Priced {
		// The recommended option's TCO as priced on the Prices sheet.
		i := resultIndex(ev, rec.ID)
		pc, pr := x.prices.cols, x.prices
		kv(fmt.Sprintf("%s (%d %s)", L(lang, "tco"), ev.HorizonYears, L(lang, "years")), func(ref string) {
			x.formulaNum(sh, ref, pr.cell(pc.tco, i), rec.TCO.Total)
			x.tcoLook(sh, ref, i)
		})
		kv(L(lang, "per_user_month"), func(ref string) {
			x.formulaNum(sh, ref, fmt.Sprintf(`IF(%s=1,%s/%s,%s)`, pr.cell(pc.priced, i), pr.cell(pc.tcoSum, i), pr.userMonths, fmlText(L(lang, "incomplete"))), rec.TCO.PerUserMonth)
			// A lower-bound TCO gives a lower-bound figure per user-month:
			// the same "≥" look as the TCO above it.
			x.tcoLook(sh, ref, i)
		})
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
	kv(L(lang, "catalog_checked"), func(ref string) { x.text(sh, ref, age.Summary(lang)) })
	if w := age.Warning(lang); w != "" {
		kv("⚠", func(ref string) { x.text(sh, ref, w); x.style(sh, ref, ref, "warn") })
	}
	row++
	list := func(title string, items []string) {
		x.text(sh, cellName(1, row), title)
		x.style(sh, cellName(1, row), cellName(1, row), "h2")
		row++
		for _, it := range items {
			row = x.para(sh, row, "• "+it, "")
		}
		row++
	}
	list(L(lang, "reasons"), ev.Recommendation.Reasons)
	list(L(lang, "self_host")+": "+msg.T(lang, "verdict."+ev.SelfHostReadiness.Verdict), ev.SelfHostReadiness.Reasons)
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
				row = x.para(sh, row, b.Text, "") + 1
			case bBullets:
				for _, it := range b.Items {
					row = x.para(sh, row, "• "+it, "")
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
}

// tcoSheet: it is long because it lays out one sheet top to bottom, cell by
// cell, and its formulas refer to cells placed earlier in the same sequence.
// Every figure is a formula over the Prices sheet: the licence follows its
// inputs, the other lines are the evaluation's.
func (x *xw) tcoSheet(in *Input) {
	ev, lang := in.Eval, x.lang
	sh := SheetName(lang, "TCO")
	heads := []string{"ID", L(lang, "option"), L(lang, "initial")}
	for y := 1; y <= ev.HorizonYears; y++ {
		heads = append(heads, lf(lang, "year_n", "n", y))
	}
	heads = append(heads, L(lang, "total")+" ("+taxWord(lang, taxBasisOf(ev))+")", L(lang, "per_user_month"), L(lang, "not_included"), L(lang, "to_win_tco"))
	x.header(sh, 1, heads)
	ny := ev.HorizonYears
	totalCol := 4 + ny
	// Widths first: long text is measured at these.
	x.setWidth(sh, "A", "A", 22)
	x.setWidth(sh, "B", "B", 32)
	x.setWidth(sh, "C", colName(totalCol+1), 14)
	x.setWidth(sh, colName(totalCol+2), colName(totalCol+2), 36)
	x.setWidth(sh, colName(totalCol+3), colName(totalCol+3), 16)
	pc, pr := x.prices.cols, x.prices
	// Priced options first (in rank order), so the chart over the top rows
	// never draws a partial cost as if it were a price.
	var order []int
	priced := 0
	for i := range ev.Results {
		if ev.Results[i].TCO.Priced {
			order = append(order, i)
			priced++
		}
	}
	for i := range ev.Results {
		if !ev.Results[i].TCO.Priced {
			order = append(order, i)
		}
	}
	for k, i := range order {
		res := &ev.Results[i]
		row := 2 + k
		x.text(sh, cellName(1, row), res.ID)
		x.text(sh, cellName(2, row), res.Name)
		x.formulaNum(sh, cellName(3, row), pr.cell(pc.otherInit, i)+"+"+pr.cell(pc.fee, i), res.TCO.Initial)
		for y := 0; y < ny; y++ {
			cost := 0.0
			if y < len(res.TCO.Years) {
				cost = res.TCO.Years[y].Cost
			}
			x.formulaNum(sh, cellName(4+y, row), pr.cell(pc.other+y, i)+"+N("+pr.cell(pc.lic+y, i)+")", cost)
		}
		// Text, not the sum, while the price is unknown: the known lines
		// alone would sort as the cheapest option.
		sum := fmt.Sprintf("SUM(%s:%s)", cellName(3, row), cellName(3+ny, row))
		total := fmt.Sprintf(`IF(%s=1,%s,%s)`, pr.cell(pc.priced, i), sum, fmlText(L(lang, "incomplete")))
		perUser := fmt.Sprintf(`IF(%s=1,%s/%s,%s)`, pr.cell(pc.priced, i), sum, pr.userMonths, fmlText(L(lang, "incomplete")))
		if res.TCO.Priced {
			x.formulaNum(sh, cellName(totalCol, row), total, res.TCO.Total)
			x.formulaNum(sh, cellName(totalCol+1, row), perUser, res.TCO.PerUserMonth)
		} else {
			x.formula(sh, cellName(totalCol, row), total)
			x.formula(sh, cellName(totalCol+1, row), perUser)
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
		for k, i := range order {
			res := &ev.Results[i]
			if res.Provisional {
				x.style(sh, cellName(3, 2+k), cellName(totalCol-1, 2+k), "partMoney")
			}
			x.tcoLook(sh, cellName(totalCol, 2+k), i)
			x.tcoLook(sh, cellName(totalCol+1, 2+k), i)
		}
		x.style(sh, cellName(totalCol+2, 2), cellName(totalCol+2, last), "reason")
		x.keep(x.f.AutoFilter(sh, fmt.Sprintf("A1:%s", cellName(totalCol+3, last)), nil))
	}
	row := last + 2
	if n > 0 {
		row = x.tcoChart(sh, row, order, totalCol)
	}
	// Cost lines with their basis.
	row++
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
			switch l.Item {
			case "licence":
				// The licence follows the Prices sheet.
				x.num(sh, cellName(3, row), l.Initial)
				x.formula(sh, cellName(4, row), fmt.Sprintf("SUM(%s:%s)", pr.cell(pc.lic, i), strings.TrimPrefix(pr.cell(pc.lic+ny-1, i), quoteSheet(PricesSheet)+"!")))
			case "initial_fee":
				x.formula(sh, cellName(3, row), pr.cell(pc.fee, i))
				x.num(sh, cellName(4, row), sum)
			default:
				x.num(sh, cellName(3, row), l.Initial)
				x.num(sh, cellName(4, row), sum)
			}
			x.text(sh, cellName(5, row), costItemLabel(l.Item, lang))
			x.text(sh, cellName(6, row), basisLabel(lang, l.Basis))
		}
	}
	if row >= first {
		x.style(sh, cellName(3, first), cellName(4, row), "money")
	}
	x.tcoPricing(sh, row+2, ev)
	x.keep(x.f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 2, YSplit: 1, TopLeftCell: "C2", ActivePane: "bottomRight"}))
	x.keep(x.f.SetRowHeight(sh, 1, 32))
}

// tcoChart draws the TCO by year of every option, at row, from hidden
// columns right of the table: a provisional option keeps its category,
// marked, with no bar until the Prices sheet prices it, so the known lines
// alone never draw as the cheapest. It returns the row under the chart.
func (x *xw) tcoChart(sh string, row int, order []int, totalCol int) int {
	ev, lang := x.ev, x.lang
	pc, pr := x.prices.cols, x.prices
	ny := ev.HorizonYears
	src := totalCol + 5 // after the to-win column and a blank one
	for k, i := range order {
		r := 2 + k
		name := cellName(2, r) // the name as text in the table, never in a formula
		x.formula(sh, cellName(src, r), fmt.Sprintf(`IF(%s=1,%s,%s&%s)`, pr.cell(pc.priced, i), name, name, fmlText(L(lang, "prov_suffix"))))
		for j := 0; j <= ny; j++ {
			x.formula(sh, cellName(src+1+j, r), fmt.Sprintf(`IF(%s=1,%s,NA())`, pr.cell(pc.priced, i), cellName(3+j, r)))
		}
	}
	x.keep(x.f.SetColVisible(sh, colName(src)+":"+colName(src+1+ny), false))
	x.text(sh, cellName(1, row), L(lang, "xlsx_chart_priced_only"))
	x.style(sh, cellName(1, row), cellName(1, row), "note")
	row++
	bars := min(len(order), chartRows)
	var series []excelize.ChartSeries
	for j := 0; j <= ny; j++ {
		col := colName(src + 1 + j)
		series = append(series, excelize.ChartSeries{Name: fmt.Sprintf("%s!$%s$1", quoteSheet(sh), colName(3+j)),
			Categories: fmt.Sprintf("%s!$%s$2:$%s$%d", quoteSheet(sh), colName(src), colName(src), 1+bars),
			Values:     fmt.Sprintf("%s!$%s$2:$%s$%d", quoteSheet(sh), col, col, 1+bars),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{strings.TrimPrefix(palette[j%len(palette)], "#")}}})
	}
	h := 160 + 22*bars
	x.keep(x.f.AddChart(sh, cellName(2, row), &excelize.Chart{
		Type: excelize.BarStacked, Series: series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: L(lang, "chart_tco") + " (" + ev.Currency + ")"}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: excelize.Font{Color: "1B1F24", Size: 9}},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0"}, Font: excelize.Font{Color: "1B1F24", Size: 9}},
		Dimension: excelize.ChartDimension{Width: 820, Height: uint(h)},
	}))
	return row + h/20 + 2
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
		x.text(sh, cellName(3, row), msg.T(lang, "level."+string(it.Level)))
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
	x.setWidth(sh, "A", "A", 40)
	x.setWidth(sh, "B", "B", 28)
	x.setWidth(sh, "C", "C", 8)
	x.setWidth(sh, "D", colName(3+len(ev.Results)), 18)
	x.keep(x.f.SetRowHeight(sh, 1, 45))
}

func (x *xw) postureSheet(in *Input) {
	lang := x.lang
	sh := SheetName(lang, "Posture")
	x.setWidth(sh, "A", "A", 26) // first: long text is measured at these
	x.setWidth(sh, "B", "D", 16)
	x.setWidth(sh, "E", "E", 60)
	x.setWidth(sh, "F", "F", 24)
	x.setWidth(sh, "G", "G", 60)
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
			st := statusCellIn(x.lang, c.Status)
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
}

func (x *xw) sourcesSheet(in *Input) {
	ev, lang := in.Eval, x.lang
	sh := SheetName(lang, "Sources")
	x.header(sh, 1, []string{"ID", L(lang, "option"), L(lang, "as_of"), L(lang, "note"), L(lang, "sources")})
	row, links := 1, 0
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
				x.mark(sh, cellName(3, row), "", false)
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
			// Excel takes a link of at most maxLinkLen characters and
			// excelize at most TotalSheetHyperlinks links a sheet; a source
			// past either stays its text.
			if (strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")) && len(s) <= maxLinkLen && links < excelize.TotalSheetHyperlinks {
				x.keep(x.f.SetCellHyperLink(sh, cellName(5, row), s, "External"))
				links++
			}
		}
	}
	row += 2
	x.text(sh, cellName(1, row), L(lang, "assumptions_as_of"))
	x.text(sh, cellName(3, row), ev.Assumptions.AsOf)
	x.text(sh, cellName(5, row), "data/assumptions.toml: "+ev.Assumptions.HourlyCostBasis)
	x.freeze(sh, 1)
	x.keep(x.f.AutoFilter(sh, fmt.Sprintf("A1:E%d", max(2, row-2)), nil))
	x.setWidth(sh, "A", "A", 24)
	x.setWidth(sh, "B", "B", 34)
	x.setWidth(sh, "C", "C", 12)
	x.setWidth(sh, "D", "D", 30)
	x.setWidth(sh, "E", "E", 80)
}
