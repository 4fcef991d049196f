package rfi

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// The workbook's fixed layout, shared by Write and Read.
const (
	metaSheet     = "_mailpick"      // very hidden: which sheet asks which option, and its keys row by row
	formatVersion = "mailpick-rfi/1" // A1/B1 of the meta sheet
	labelRow      = 3                // localized column labels
	headerRow     = 4                // the literal keys: key, question, current, answer, evidence
	firstRow      = 5                // the first question
	metaFirstRow  = 8                // the first sheet entry in the meta sheet
)

// Meta sheet columns of a sheet entry.
var metaCols = []string{"sheet", "option", "new", "service", "vendor", "currency", "keys"}

// Write writes the questionnaire as an XLSX workbook: a cover sheet, one
// protected sheet per option whose only editable cells are the answers
// (with data validation) and their evidence, and a very hidden sheet
// that lets Read check the workbook came back as it was sent.
func Write(w io.Writer, q *Questionnaire) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &book{f: f, lang: q.Lang}
	x.newStyles()
	cover := coverName(q.Lang)
	x.keep(f.SetSheetName("Sheet1", cover))
	x.cover(cover, q)
	for i := range q.Sheets {
		x.sheet(&q.Sheets[i])
	}
	x.meta(q, cover)
	x.keep(f.ProtectWorkbook(&excelize.WorkbookProtectionOptions{LockStructure: true}))
	x.keep(f.SetDocProps(&excelize.DocProperties{Creator: "mailpick", Title: strings.TrimSpace(tr(q.Lang, "Questionnaire", "質問票") + " " + q.Company),
		Created: q.Date.UTC().Format("2006-01-02T15:04:05Z"), Modified: q.Date.UTC().Format("2006-01-02T15:04:05Z")}))
	idx, _ := f.GetSheetIndex(cover)
	f.SetActiveSheet(idx)
	if x.err != nil {
		return fmt.Errorf("writing the questionnaire: %w", x.err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("writing the questionnaire: %w", err)
	}
	return nil
}

type book struct {
	f      *excelize.File
	lang   string
	err    error
	styles map[string]int
}

func (x *book) keep(err error) {
	if x.err == nil && err != nil {
		x.err = err
	}
}

// text writes a shared string, so "=..." typed into a catalog stays text,
// without control characters.
func (x *book) text(sheet, cell, s string) {
	s = strings.Map(func(r rune) rune {
		if r != '\n' && unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 32000 {
		s = string(r[:32000]) + "…"
	}
	x.keep(x.f.SetCellStr(sheet, cell, s))
}

func (x *book) style(sheet, from, to, name string) {
	x.keep(x.f.SetCellStyle(sheet, from, to, x.styles[name]))
}

func cell(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

func (x *book) newStyles() {
	border := []excelize.Border{{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "right", Color: "A6A6A6", Style: 1},
		{Type: "top", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1}}
	top := &excelize.Alignment{WrapText: true, Vertical: "top"}
	unlocked := &excelize.Protection{Locked: false}
	defs := map[string]*excelize.Style{
		"title":    {Font: &excelize.Font{Bold: true, Size: 14}},
		"heading":  {Font: &excelize.Font{Bold: true, Size: 12}},
		"wrap":     {Alignment: top},
		"note":     {Font: &excelize.Font{Color: "595959"}, Alignment: top},
		"label":    {Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}, Alignment: top, Border: border},
		"keys":     {Font: &excelize.Font{Color: "808080", Size: 8}, Alignment: top, Border: border},
		"key":      {Font: &excelize.Font{Color: "595959", Size: 9}, Alignment: top, Border: border},
		"cell":     {Alignment: top, Border: border},
		"decisive": {Font: &excelize.Font{Bold: true, Color: "C00000"}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}, Border: border},
		"answer":   {Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}, Alignment: top, Border: border, Protection: unlocked},
		"evidence": {Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF9E6"}}, Alignment: top, Border: border, Protection: unlocked},
	}
	x.styles = map[string]int{}
	for name, s := range defs {
		id, err := x.f.NewStyle(s)
		x.keep(err)
		x.styles[name] = id
	}
}

// protect locks a sheet: its cells can be selected and its columns and
// rows resized, nothing else, except cells whose style unlocks them. No
// password: protection guards against slips, and Read checks the rest.
func (x *book) protect(sheet string) {
	x.keep(x.f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true,
		FormatColumns: true, FormatRows: true}))
}

func (x *book) cover(sheet string, q *Questionnaire) {
	lang := q.Lang
	title, intro, steps := coverLines(q)
	x.keep(x.f.SetColWidth(sheet, "A", "A", coverWidth))
	x.keep(x.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{FitToWidth: intPtr(1), FitToHeight: intPtr(0)}))
	x.keep(x.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: boolPtr(true)}))
	row := 1
	put := func(s, style string) {
		x.text(sheet, cell(1, row), s)
		x.style(sheet, cell(1, row), cell(1, row), style)
		if n := lines(s, coverWidth); n > 1 {
			x.keep(x.f.SetRowHeight(sheet, row, lineHeight*float64(n)+2))
		}
		row++
	}
	put(title, "title")
	row++
	for _, l := range intro {
		put(l, "wrap")
	}
	row++
	put(tr(lang, "What we need", "当社の条件"), "heading")
	for _, l := range q.Needs {
		put("・"+l, "wrap")
	}
	row++
	put(tr(lang, "How to answer", "回答方法"), "heading")
	for i, s := range steps {
		put(fmt.Sprintf("%d. %s", i+1, s), "wrap")
	}
	row++
	put(tr(lang, "Sheets", "シート一覧"), "heading")
	for _, s := range q.Sheets {
		put(tr(lang, "・%s — %s (%s): %d questions, %d marked ★", "・%s — %s（%s）: 質問%d件（うち★%d件）",
			s.Name, s.Service, s.Vendor, len(s.Questions), s.Decisive()), "wrap")
	}
	x.protect(sheet)
}

// widths of the columns key … evidence, in characters.
var widths = []float64{24, 8, 9, 52, 21, 32, 14, 32}

const (
	coverWidth = 80   // characters: fits A4 portrait at 11 points
	lineHeight = 14.5 // points per line of 11-point text
)

// lines estimates how many lines s wraps to in a column width characters
// wide: spreadsheets do not grow a row for wrapped text they did not lay
// out themselves, so Write sets each row's height.
func lines(s string, width float64) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		w := 0
		for _, r := range l {
			w += runeWidth(r)
		}
		n += max(1, int(math.Ceil(float64(w)*1.05/(width-1))))
	}
	return n
}

// runeWidth is 2 for East Asian wide and full-width characters.
func runeWidth(r rune) int {
	switch {
	case r >= 0x1100 && (r <= 0x115f || (r >= 0x2e80 && r <= 0xa4cf && r != 0x303f) || (r >= 0xac00 && r <= 0xd7a3) ||
		(r >= 0xf900 && r <= 0xfaff) || (r >= 0xfe30 && r <= 0xfe4f) || (r >= 0xff00 && r <= 0xff60) ||
		(r >= 0xffe0 && r <= 0xffe6) || (r >= 0x20000 && r <= 0x3fffd)):
		return 2
	}
	return 1
}

func (x *book) sheet(s *Sheet) {
	lang := x.lang
	_, err := x.f.NewSheet(s.Name)
	x.keep(err)
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		x.keep(x.f.SetColWidth(s.Name, col, col, w))
	}
	x.text(s.Name, "A1", s.Service+" — "+s.Vendor)
	x.style(s.Name, "A1", "A1", "title")
	x.text(s.Name, "A2", x.sheetNote(s))
	x.style(s.Name, "A2", "A2", "note")
	last := cell(len(headerKeys), 1)
	x.keep(x.f.MergeCell(s.Name, "A1", last))
	x.keep(x.f.MergeCell(s.Name, "A2", cell(len(headerKeys), 2)))
	for i, l := range headerLabels(lang) {
		x.text(s.Name, cell(i+1, labelRow), l)
		x.text(s.Name, cell(i+1, headerRow), headerKeys[i])
	}
	x.style(s.Name, cell(1, labelRow), cell(len(headerKeys), labelRow), "label")
	x.keep(x.f.SetRowHeight(s.Name, labelRow, lineHeight*2+3))
	x.keep(x.f.SetRowHeight(s.Name, 2, lineHeight*float64(lines(x.sheetNote(s), sum(widths)))+3))
	x.style(s.Name, cell(1, headerRow), cell(len(headerKeys), headerRow), "keys")

	type group struct {
		spec  Spec
		cells []string
	}
	var groups []*group
	byKind := map[string]*group{}
	for i, q := range s.Questions {
		row := firstRow + i
		x.text(s.Name, cell(colOf("key"), row), q.Key)
		if q.Decisive {
			x.text(s.Name, cell(colOf("priority"), row), "★")
		}
		x.text(s.Name, cell(colOf("section"), row), groupLabel(q.Group, lang))
		x.text(s.Name, cell(colOf("question"), row), QuestionText(q.Key, lang))
		x.text(s.Name, cell(colOf("format"), row), formatText(q.Spec, s.Currency, lang))
		cur := q.Current
		if s.New {
			cur = "—"
		}
		x.text(s.Name, cell(colOf("current"), row), cur)
		n := 1
		for col, text := range map[string]string{"question": QuestionText(q.Key, lang), "current": cur, "format": formatText(q.Spec, s.Currency, lang), "key": q.Key} {
			n = max(n, lines(text, widths[colOf(col)-1]))
		}
		x.keep(x.f.SetRowHeight(s.Name, row, lineHeight*float64(n)+3))
		x.style(s.Name, cell(1, row), cell(1, row), "key")
		x.style(s.Name, cell(colOf("priority"), row), cell(colOf("priority"), row), "decisive")
		x.style(s.Name, cell(colOf("section"), row), cell(colOf("current"), row), "cell")
		x.style(s.Name, cell(colOf("answer"), row), cell(colOf("answer"), row), "answer")
		x.style(s.Name, cell(colOf("evidence"), row), cell(colOf("evidence"), row), "evidence")
		// One validation rule per kind of answer, covering all its cells.
		k := fmt.Sprintf("%d/%d/%v/%v/%s", q.Spec.Kind, q.Spec.Unit, q.Spec.Min, q.Spec.Max, strings.Join(q.Spec.Enum, ","))
		g := byKind[k]
		if g == nil {
			g = &group{spec: q.Spec}
			byKind[k] = g
			groups = append(groups, g)
		}
		g.cells = append(g.cells, cell(colOf("answer"), row))
	}
	for _, g := range groups {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(strings.Join(g.cells, " "))
		switch g.spec.Kind {
		case KindState, KindEnum:
			x.keep(dv.SetDropList(g.spec.Choices(lang)))
		case KindNumber:
			x.keep(dv.SetRange(0, g.spec.Max, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween))
		case KindWhole:
			x.keep(dv.SetRange(int(g.spec.Min), int(g.spec.Max), excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween))
		default:
			x.keep(dv.SetRange(0, int(g.spec.Max), excelize.DataValidationTypeTextLength, excelize.DataValidationOperatorBetween))
		}
		dv.SetInput(prompt(g.spec, s.Currency, lang))
		title, msg := errorText(g.spec, s.Currency, lang)
		dv.SetError(excelize.DataValidationErrorStyleStop, title, msg)
		x.keep(x.f.AddDataValidation(s.Name, dv))
	}
	x.keep(x.f.SetPanes(s.Name, &excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: cell(1, firstRow), ActivePane: "bottomLeft"}))
	x.keep(x.f.SetPageLayout(s.Name, &excelize.PageLayoutOptions{Orientation: strPtr("landscape"), FitToWidth: intPtr(1), FitToHeight: intPtr(0)}))
	x.keep(x.f.SetSheetProps(s.Name, &excelize.SheetPropsOptions{FitToPage: boolPtr(true)}))
	x.keep(x.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", strings.ReplaceAll(s.Name, "'", "''"), labelRow, headerRow), Scope: s.Name}))
	x.protect(s.Name)
}

func (x *book) sheetNote(s *Sheet) string {
	return tr(x.lang, "Answer in the yellow cells (answer, evidence). Questions marked ★ weigh most; please answer them first. Amounts are in %s.",
		"黄色のセル（回答・根拠）にご回答ください。★の質問は比較への影響が大きいため優先してご回答ください。金額の通貨は%sです。", s.Currency)
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}

func strPtr(s string) *string { return &s }
func intPtr(i int) *int       { return &i }
func boolPtr(b bool) *bool    { return &b }

// meta writes the very hidden sheet Read trusts: the format, and for each
// option sheet its name, option id and the key of every row, so a renamed
// sheet or an edited key is found, not misread.
func (x *book) meta(q *Questionnaire, cover string) {
	_, err := x.f.NewSheet(metaSheet)
	x.keep(err)
	for i, kv := range [][2]string{{"format", formatVersion}, {"lang", q.Lang}, {"company", q.Company},
		{"exported", q.Date.Format("2006-01-02")}, {"cover", cover}} {
		x.text(metaSheet, cell(1, i+1), kv[0])
		x.text(metaSheet, cell(2, i+1), kv[1])
	}
	for i, c := range metaCols {
		x.text(metaSheet, cell(i+1, metaFirstRow-1), c)
	}
	for i, s := range q.Sheets {
		keys := make([]string, len(s.Questions))
		for j, qu := range s.Questions {
			keys[j] = qu.Key
		}
		row := metaFirstRow + i
		for j, v := range []string{s.Name, s.OptionID, strconv.FormatBool(s.New), s.Service, s.Vendor, s.Currency, strings.Join(keys, " ")} {
			x.text(metaSheet, cell(j+1, row), v)
		}
	}
	x.protect(metaSheet)
	x.keep(x.f.SetSheetVisible(metaSheet, false, true))
}
