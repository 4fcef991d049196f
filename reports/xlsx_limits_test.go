package reports

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/scoring"
)

// Excel's limits, which excelize enforces with an error (row height,
// column width, sheet name) or Excel with a repair dialog (formula
// length): every one is reached here with valid input, at and past it.

// checkLimits opens the workbook and fails on any row over 409 points,
// column over 255 characters, cell over 32,767 UTF-16 units or formula
// over 8,192 characters; it returns the longest formula.
func checkLimits(t *testing.T, f *excelize.File) int {
	t.Helper()
	longest := 0
	for _, sh := range f.GetSheetList() {
		if n := len(utf16.Encode([]rune(sh))); n > excelize.MaxSheetNameLength {
			t.Errorf("sheet name %q is %d characters", sh, n)
		}
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for r, cols := range rows {
			if h, _ := f.GetRowHeight(sh, r+1); h > excelize.MaxRowHeight {
				t.Errorf("%s row %d is %.1f pt", sh, r+1, h)
			}
			for c, v := range cols {
				ref := cellName(c+1, r+1)
				if n := len(utf16.Encode([]rune(v))); n > excelize.TotalCellChars {
					t.Errorf("%s!%s holds %d characters", sh, ref, n)
				}
				fm, _ := f.GetCellFormula(sh, ref)
				longest = max(longest, len(fm))
				if len(fm) > 8192 {
					t.Errorf("%s!%s formula is %d characters", sh, ref, len(fm))
				}
			}
			if r == 0 {
				for c := 1; c <= len(cols)+5; c++ {
					if w, _ := f.GetColWidth(sh, colName(c)); w > excelize.MaxColumnWidth {
						t.Errorf("%s column %s is %.1f wide", sh, colName(c), w)
					}
				}
			}
		}
	}
	return longest
}

// sheetText is every text cell of a sheet, in row order.
func sheetText(t *testing.T, f *excelize.File, sh string) []string {
	t.Helper()
	rows, err := f.GetRows(sh)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, cols := range rows {
		for _, v := range cols {
			if v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// An exclude list of 27 ids made the Requirements row taller than Excel
// allows and the workbook was not written. Every length now writes, the
// list continuing on the rows below, every id still there.
func TestXLSXLongExcludeList(t *testing.T) {
	for _, n := range []int{26, 27, 28, 1000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			in := fixture(t, fixtureOpts{lang: "ja"})
			var ids []string
			for i := range n {
				ids = append(ids, fmt.Sprintf("google-workspace-business-standard-%04d", i))
			}
			in.Eval.Requirements.Exclude = ids
			f := openXLSX(t, in)
			checkLimits(t, f)
			all := strings.Join(sheetText(t, f, SheetName("ja", "Requirements")), ", ")
			for _, id := range ids {
				if !strings.Contains(all, id) {
					t.Fatalf("id %s lost from the Requirements sheet", id)
				}
			}
		})
	}
}

// Long catalog and requirements text: a company name and an option name
// up to and past Excel's 32,767 characters a cell, a note of many lines.
func TestXLSXLongText(t *testing.T) {
	cases := []struct {
		name string
		text string
		cut  bool
	}{
		{"at the limit", strings.Repeat("a", excelize.TotalCellChars), false},
		{"past the limit", strings.Repeat("a", excelize.TotalCellChars+1), true},
		{"wide, past", strings.Repeat("長", 40000), true},
		{"astral at the limit", strings.Repeat("😀", excelize.TotalCellChars/2) + "a", false},
		{"astral past", strings.Repeat("😀", excelize.TotalCellChars/2+1), true},
		{"many lines", strings.Repeat("a line\n", 200), false},
		{"words", strings.Repeat("サンプル商事株式会社 ", 2000), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := fitCell(c.text)
			if n := len(utf16.Encode([]rune(got))); n > excelize.TotalCellChars {
				t.Fatalf("fitCell left %d UTF-16 units", n)
			}
			if cut := got != c.text; cut != c.cut || (cut && !strings.HasSuffix(got, "…")) {
				t.Errorf("cut = %v (ends %q), want %v", cut, got[max(0, len(got)-6):], c.cut)
			}
			in := fixture(t, fixtureOpts{lang: "ja"})
			in.Eval.Requirements.CompanyName = c.text
			in.Eval.Results[0].Name = c.text
			in.Eval.Results[1].Violations = append(in.Eval.Results[1].Violations, scoring.Violation{Requirement: "x", Detail: c.text})
			f := openXLSX(t, in)
			checkLimits(t, f)
		})
	}
}

// Column widths are capped at Excel's 255 whatever is asked, and a header
// phrase longer than any column breaks inside.
func TestXLSXColumnWidthLimit(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	x := &xw{f: f}
	for _, w := range []float64{254, 255, 256, 1e6} {
		x.setWidth("Sheet1", "A", "A", w)
		if got, _ := f.GetColWidth("Sheet1", "A"); got != min(w, 255) || x.err != nil {
			t.Errorf("setWidth(%v): width %v, err %v", w, got, x.err)
		}
	}
	if got := breakPhrases(strings.Repeat("エ", 100), 12); strings.Contains(got, "\nー") || len(strings.Split(got, "\n")) < 9 {
		t.Errorf("a 100-character katakana header breaks as %q", got)
	}
}

// A feature matrix headed by an option name of thousands of characters
// without a space, and a violation text far past what a row shows.
func TestXLSXLongHeaderAndViolations(t *testing.T) {
	in := fixture(t, fixtureOpts{lang: "ja"})
	in.Eval.Results[0].Name = strings.Repeat("エンタープライズプラン", 400)
	in.Eval.Results[0].Violations = append(in.Eval.Results[0].Violations, scoring.Violation{Requirement: "x", Detail: strings.Repeat("必須要件を満たしていません。", 600)})
	f := openXLSX(t, in)
	checkLimits(t, f)
	w, _ := f.GetColWidth(SheetName("ja", "Features"), "D")
	if w > maxHeadWidth {
		t.Errorf("the feature matrix column grew to %v for its header, past %v", w, maxHeadWidth)
	}
}

// Japanese headers break at phrase boundaries, never before a small kana,
// and each line fits its column.
func TestXLSXJapaneseHeadersBreakAtPhrases(t *testing.T) {
	in := fixture(t, fixtureOpts{lang: "ja"})
	f := openXLSX(t, in)
	sh := SheetName("ja", "Scores")
	rows, _ := f.GetRows(sh)
	for c, h := range rows[0] {
		if v, _ := f.GetColVisible(sh, colName(c+1)); !v {
			continue // the tie-break helper
		}
		w, _ := f.GetColWidth(sh, colName(c+1))
		for _, line := range strings.Split(h, "\n") {
			rs := []rune(line)
			if len(rs) > 0 && noLineStart(rs[0]) {
				t.Errorf("header %q has a line starting with %q", h, string(rs[0]))
			}
			if float64(displayWidth(line))*charUnits+headPad > w+1e-9 {
				t.Errorf("header line %q is wider than its column (%v)", line, w)
			}
		}
		if squash := strings.ReplaceAll(h, "\n", ""); strings.Contains(h, "\n") && !strings.Contains(squash, "セキュリティ") &&
			strings.Contains(squash, "セキュリテ") {
			t.Errorf("header %q cut セキュリティ", h)
		}
	}
	for _, want := range []string{"セキュリティ", "スマートフォンでの"} {
		found := false
		for _, h := range rows[0] {
			for _, line := range strings.Split(h, "\n") {
				found = found || strings.Contains(line, want)
			}
		}
		if !found {
			t.Errorf("no header line holds %q whole: %q", want, rows[0])
		}
	}
	// The Scores sheet still prints one page wide.
	for _, lang := range []string{"en", "ja"} {
		f := openXLSX(t, fixture(t, fixtureOpts{lang: lang}))
		if o, _ := f.GetPageLayout(SheetName(lang, "Scores")); o.FitToWidth == nil || *o.FitToWidth != 1 {
			t.Errorf("%s: Scores prints %v pages wide", lang, o.FitToWidth)
		}
	}
}

// Sheet names and the data-validation texts stay within Excel's limits in
// every language: 31 characters a sheet name, none of []:*?/\; 32 a
// prompt or alert title, 255 a prompt, 225 an alert message.
func TestXLSXNamesAndPromptsWithinExcel(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		for _, k := range sheetKeys {
			n := SheetName(lang, k)
			if len(utf16.Encode([]rune(n))) > excelize.MaxSheetNameLength || strings.ContainsAny(n, `[]:*?/\`) || n == "" {
				t.Errorf("%s sheet %s is named %q", lang, k, n)
			}
		}
		limits := map[string]int{"xlsx_weight": 32, "xlsx_price_pum": 32, "xlsx_price_input_title": 32,
			"xlsx_weight_input": 255, "xlsx_price_input": 255, "xlsx_weight_error": 225, "xlsx_price_error": 225}
		for k, n := range limits {
			if got := len(utf16.Encode([]rune(msg.T(lang, k)))); got > n {
				t.Errorf("%s %s is %d characters, Excel takes %d", lang, k, got, n)
			}
		}
	}
}

// 1,000 options over the longest horizon: the Prices and Scores formulas
// name ranges, never one cell per option, so none nears Excel's 8,192
// characters, and every other limit holds.
func TestXLSXThousandOptions(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 1,000-option workbook")
	}
	in := fixture(t, fixtureOpts{lang: "ja"})
	b, err := os.ReadFile("testdata/catalog.toml")
	if err != nil {
		t.Fatal(err)
	}
	base, err := catalog.Parse("testdata/catalog.toml", b)
	if err != nil {
		t.Fatal(err)
	}
	var opts []*catalog.Option
	for i := 0; len(opts) < 1000; i++ {
		o := *base[i%len(base)]
		o.ID = fmt.Sprintf("%s-%04d", o.ID, i)
		o.Name = fmt.Sprintf("%s #%d", o.Name, i)
		opts = append(opts, &o)
	}
	req := in.Eval.Requirements
	req.HorizonYears = scoring.MaxHorizonYears
	for _, o := range opts[:100] {
		req.Exclude = append(req.Exclude, o.ID)
	}
	ev, err := scoring.Evaluate(req, opts, in.Assumptions, scoring.Options{Lang: "ja", NoSensitivity: true})
	if err != nil {
		t.Fatal(err)
	}
	in.Eval = ev
	f := openXLSX(t, in)
	longest := checkLimits(t, f)
	t.Logf("%d options, %d years: longest formula %d characters", len(ev.Results), ev.HorizonYears, longest)
	if longest > 1000 {
		t.Errorf("the longest formula is %d characters: does one grow with the options?", longest)
	}
}

// The Summary sheet says what page 1 of the PDF says of the pick's
// robustness, from the evaluation: win probability, runner-up and
// margin, the weight change that flips it, the unconfirmed must-haves.
func TestXLSXSummaryCarriesDecisionRows(t *testing.T) {
	in := fixture(t, fixtureOpts{lang: "ja", sensitivity: true})
	rows := decisionRows(in.Eval)
	if len(rows) < 3 {
		t.Fatalf("fixture gives %d decision rows", len(rows))
	}
	f := openXLSX(t, in)
	all := strings.Join(sheetText(t, f, SheetName("ja", "Summary")), "\n")
	for _, r := range rows {
		for _, c := range r {
			if !strings.Contains(all, c.Text) {
				t.Errorf("Summary lacks %q", c.Text)
			}
		}
	}
	// The rank is centred, clear of the id beside it.
	st, _ := f.GetCellStyle(SheetName("ja", "Scores"), cellName(1, scoresFirstRow))
	if s, _ := f.GetStyle(st); s == nil || s.Alignment == nil || s.Alignment.Horizontal != "center" {
		t.Errorf("rank cell style %+v: want centred", s)
	}
}
