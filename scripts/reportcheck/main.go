// Command reportcheck is the Go half of scripts/check-reports.sh: it edits
// a weight or a price in a report workbook the way a consultant would,
// writes the [quotes] entries the edited prices amount to, and compares a
// workbook recalculated by LibreOffice, or a PDF's text, with the JSON
// evaluation. It is a development tool, not part of mailpick.
//
//	reportcheck set-weight IN.xlsx OUT.xlsx CRITERION VALUE
//	reportcheck set-price IN.xlsx OUT.xlsx OPTION KEY VALUE   (VALUE "" empties the cell)
//	reportcheck quotes EDITED.xlsx ORIGINAL.xlsx              (TOML on stdout)
//	reportcheck winner EVALUATION.json                         (the recommended id)
//	reportcheck compare RECALCULATED.xlsx EVALUATION.json
//	reportcheck pdf-text PDFTOTEXT.txt EVALUATION.json
package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/mailpick/mailpick/reports"
)

type evaluation struct {
	Results []struct {
		ID       string  `json:"id"`
		Name     string  `json:"name"`
		Eligible bool    `json:"eligible"`
		Rank     int     `json:"rank"`
		Score    float64 `json:"score"`
		TCO      struct {
			Total    *float64 `json:"total"` // null while provisional
			Complete bool     `json:"complete"`
		} `json:"tco"`
	} `json:"results"`
	Recommendation struct {
		ID string `json:"id"`
	} `json:"recommendation"`
}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "set-weight":
		if len(os.Args) != 6 {
			usage()
		}
		err = setWeight(os.Args[2], os.Args[3], os.Args[4], os.Args[5])
	case "set-price":
		if len(os.Args) != 7 {
			usage()
		}
		err = setPrice(os.Args[2], os.Args[3], os.Args[4], os.Args[5], os.Args[6])
	case "quotes":
		if len(os.Args) != 4 {
			usage()
		}
		err = quotes(os.Args[2], os.Args[3])
	case "winner":
		if len(os.Args) != 3 {
			usage()
		}
		var ev *evaluation
		if ev, err = readEval(os.Args[2]); err == nil {
			fmt.Println(ev.Recommendation.ID)
		}
	case "compare":
		if len(os.Args) != 4 {
			usage()
		}
		err = compare(os.Args[2], os.Args[3])
	case "pdf-text":
		if len(os.Args) != 4 {
			usage()
		}
		err = pdfText(os.Args[2], os.Args[3])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "reportcheck:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: reportcheck set-weight IN.xlsx OUT.xlsx CRITERION VALUE | set-price IN.xlsx OUT.xlsx OPTION KEY VALUE | quotes EDITED.xlsx ORIGINAL.xlsx | winner EVAL.json | compare RECALC.xlsx EVAL.json | pdf-text TEXT.txt EVAL.json")
	os.Exit(2)
}

var cellPattern = regexp.MustCompile(`^'?(.*?)'?!\$([A-Z]+)\$(\d+)$`)

// weightCell finds the input cell of a criterion through the workbook's
// defined name Weight_<criterion>, so the check follows the workbook and
// not our assumptions about its criteria or their order.
func weightCell(f *excelize.File, criterion string) (sheet, cell string, err error) {
	name := "Weight_" + criterion
	var known []string
	for _, dn := range f.GetDefinedName() {
		if c, ok := strings.CutPrefix(dn.Name, "Weight_"); ok {
			known = append(known, c)
		}
		if dn.Name != name {
			continue
		}
		m := cellPattern.FindStringSubmatch(dn.RefersTo)
		if m == nil {
			return "", "", fmt.Errorf("defined name %s refers to %q, not a cell", dn.Name, dn.RefersTo)
		}
		return strings.ReplaceAll(m[1], "''", "'"), m[2] + m[3], nil
	}
	if len(known) == 0 {
		return "", "", fmt.Errorf("no defined name %s in the workbook (%s has none: is it a mailpick report?)", name, reports.WeightsName)
	}
	return "", "", fmt.Errorf("unknown criterion %q; the workbook weighs %s", criterion, strings.Join(known, ", "))
}

func setWeight(in, out, criterion, value string) error {
	v, err := strconv.ParseFloat(value, 64)
	if err != nil {
		return fmt.Errorf("weight %q: %v", value, err)
	}
	f, err := excelize.OpenFile(in)
	if err != nil {
		return err
	}
	defer f.Close()
	sheet, cell, err := weightCell(f, criterion)
	if err != nil {
		return err
	}
	if err := f.SetCellFloat(sheet, cell, v, -1, 64); err != nil {
		return err
	}
	fmt.Printf("set %s!%s (%s) = %v\n", sheet, cell, criterion, v)
	return f.SaveAs(out)
}

// totalTolerance is how far a spreadsheet's total may be from the
// engine's: one step of the 0.01 rounding. A total that lands on a half
// cent (47.055) is rounded up by the spreadsheet's decimal ROUND and may
// be rounded down by the engine, whose binary sum is 47.05499…; the
// small epsilon absorbs that 47.06 − 47.05 is 0.0100000000000016.
const totalTolerance = 0.01 + 1e-9

func readEval(path string) (*evaluation, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var ev evaluation
	if err := json.Unmarshal(b, &ev); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(ev.Results) == 0 {
		return nil, fmt.Errorf("%s: no results", path)
	}
	return &ev, nil
}

// compare reads the Scores sheet (the second sheet; its name is localised)
// as LibreOffice left it: cached values of the formulas.
func compare(xlsx, evalJSON string) error {
	ev, err := readEval(evalJSON)
	if err != nil {
		return err
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		return err
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) < 2 {
		return fmt.Errorf("%s: %d sheets", xlsx, len(sheets))
	}
	sh := sheets[1]
	rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
	if err != nil {
		return err
	}
	type got struct {
		rank  string
		total float64
	}
	byID := map[string]got{}
	for _, r := range rows[1:] {
		if len(r) < 6 || r[1] == "" {
			continue
		}
		if strings.TrimSpace(r[5]) == "" {
			return fmt.Errorf("%s: total of %s is empty: the workbook was not recalculated", sh, r[1])
		}
		t, err := strconv.ParseFloat(r[5], 64)
		if err != nil {
			return fmt.Errorf("%s: total of %s is %q", sh, r[1], r[5])
		}
		byID[r[1]] = got{rank: strings.TrimSpace(r[0]), total: t}
	}
	bad := 0
	for _, res := range ev.Results {
		g, ok := byID[res.ID]
		if !ok {
			fmt.Printf("MISSING %s\n", res.ID)
			bad++
			continue
		}
		want := strconv.Itoa(res.Rank)
		if !res.Eligible {
			want = ""
		}
		status := "ok"
		if math.Abs(g.total-res.Score) > totalTolerance || g.rank != want {
			status = "MISMATCH"
			bad++
		}
		fmt.Printf("%-8s %-40s rank xlsx=%-3q json=%-3q total xlsx=%7.2f json=%7.2f\n", status, res.ID, g.rank, want, g.total, res.Score)
	}
	tcoBad, err := compareTCO(f, ev)
	if err != nil {
		return err
	}
	bad += tcoBad
	if bad > 0 {
		return fmt.Errorf("%d differences between %s and %s", bad, xlsx, evalJSON)
	}
	fmt.Printf("all %d totals, ranks, TCOs and \"≥\" marks agree\n", len(ev.Results))
	return nil
}

func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// pdfText checks that pdftotext -raw output holds every option's name and
// the recommendation. Whitespace is ignored: a long name wraps in a cell.
func pdfText(textFile, evalJSON string) error {
	ev, err := readEval(evalJSON)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(textFile)
	if err != nil {
		return err
	}
	text := squash(string(b))
	var missing []string
	rec := ""
	for _, r := range ev.Results {
		if !strings.Contains(text, squash(reports.PDFText(r.Name))) {
			missing = append(missing, r.Name)
		}
		if r.ID == ev.Recommendation.ID {
			rec = r.Name
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("PDF text lacks %d option name(s): %q", len(missing), missing)
	}
	if rec != "" && !strings.Contains(text, squash(reports.L(langOf(text), "recommendation")+reports.PDFText(rec))) {
		return fmt.Errorf("PDF text lacks the recommendation %q next to its label", rec)
	}
	fmt.Printf("PDF names all %d options and recommends %q\n", len(ev.Results), rec)
	return nil
}

func langOf(text string) string {
	if strings.Contains(text, reports.L("ja", "recommendation")) {
		return "ja"
	}
	return "en"
}
