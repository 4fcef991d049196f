package rfi

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// SheetAnswers are the answers found on one option's sheet of one file.
type SheetAnswers struct {
	File     string // the file name as given
	Sheet    string
	OptionID string
	New      bool
	Service  string
	Vendor   string
	Currency string
	Answers  []Answer
	// cells maps every key of the sheet to its answer cell, answered or
	// not, so a problem found later (a new vendor's missing URL) can
	// point at the cell to fill.
	cells map[string]string
}

// Answer is one answered question.
type Answer struct {
	Key      string
	Cell     string // e.g. "G7"
	Raw      string // the cell as stored
	Value    Value
	Spec     Spec
	Evidence string
}

// maxEvidence bounds an evidence note kept in the catalog.
const maxEvidence = 2000

// maxUnzipped bounds the unzipped size of a workbook: a questionnaire is
// well under a megabyte; a zip bomb is not read.
const maxUnzipped = 256 << 20

// unzipsTooLarge reports a vendor's file (untrusted) whose parts declare
// more than maxUnzipped bytes unzipped, with a message that says so, before
// excelize refuses it with a generic one. The limits Read passes to
// excelize still hold if the declared sizes lie.
func unzipsTooLarge(file string, data []byte) (Problem, bool) {
	n, ok := declaredUnzippedSize(data)
	if !ok || n <= maxUnzipped {
		return Problem{}, false
	}
	return Problem{File: file, Msg: fmt.Sprintf("unzips to %d MB, more than the %d MB a questionnaire can take (a workbook with images or other sheets pasted in?); answer in the workbook mailpick rfi export wrote, text only", n>>20, maxUnzipped>>20)}, true
}

// declaredUnzippedSize sums the uncompressed sizes an XLSX (a zip archive)
// declares for its parts; ok is false when data is not a zip archive.
func declaredUnzippedSize(data []byte) (n uint64, ok bool) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return 0, false
	}
	for _, f := range z.File {
		n += f.UncompressedSize64
	}
	return n, true
}

// Read reads one answered workbook. Every problem is returned at once,
// each as FILE!Sheet!Cell: key: what is wrong, what is allowed.
func Read(file string, data []byte) ([]SheetAnswers, Problems) {
	if p, big := unzipsTooLarge(file, data); big {
		return nil, Problems{p}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzipped / 4})
	if err != nil {
		return nil, Problems{{File: file, Msg: fmt.Sprintf("not an XLSX workbook (%v); send back the workbook mailpick rfi export wrote", err)}}
	}
	defer f.Close()
	if idx, _ := f.GetSheetIndex(metaSheet); idx < 0 {
		return nil, Problems{{File: file, Msg: "not a mailpick questionnaire: it has no " + metaSheet + " sheet (a workbook from another tool, or answers copied into a new file); answer in the workbook mailpick rfi export wrote"}}
	}
	meta, err := f.GetRows(metaSheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, Problems{{File: file, Sheet: metaSheet, Msg: fmt.Sprintf("cannot be read: %v", err)}}
	}
	at := func(row, col int) string {
		if row-1 < len(meta) && col-1 < len(meta[row-1]) {
			return meta[row-1][col-1]
		}
		return ""
	}
	if v := at(1, 2); at(1, 1) != "format" || v != formatVersion {
		return nil, Problems{{File: file, Sheet: metaSheet, Cell: "B1", Msg: fmt.Sprintf("questionnaire format %q is not %q; export the questionnaire again with this version of mailpick", v, formatVersion)}}
	}
	cover := at(5, 2)
	var entries []SheetAnswers
	var keys [][]string
	var probs Problems
	seen := map[string]bool{}
	for row := metaFirstRow; at(row, 1) != ""; row++ {
		e := SheetAnswers{File: file, Sheet: at(row, 1), OptionID: at(row, 2), New: at(row, 3) == "true",
			Service: at(row, 4), Vendor: at(row, 5), Currency: at(row, 6)}
		if e.OptionID == "" || seen[e.Sheet] || seen["option:"+e.OptionID] {
			probs = append(probs, Problem{File: file, Sheet: metaSheet, Cell: cell(1, row), Msg: "the questionnaire's index was edited; export the questionnaire again"})
			continue
		}
		seen[e.Sheet], seen["option:"+e.OptionID] = true, true
		entries = append(entries, e)
		keys = append(keys, strings.Fields(at(row, 7)))
	}
	if len(entries) == 0 && len(probs) == 0 {
		probs = append(probs, Problem{File: file, Sheet: metaSheet, Msg: "lists no sheets; export the questionnaire again"})
	}
	present := map[string]bool{}
	for _, name := range f.GetSheetList() {
		present[name] = true
	}
	var expected []string
	for _, e := range entries {
		expected = append(expected, e.Sheet)
	}
	var missing []string
	for _, e := range entries {
		if !present[e.Sheet] {
			missing = append(missing, e.Sheet)
		}
	}
	for _, name := range f.GetSheetList() {
		if name == metaSheet || name == cover || seen[name] {
			continue
		}
		hint := "name it as exported"
		if len(missing) > 0 {
			hint = "give it back its exported name (" + strings.Join(missing, ", ") + ")"
		}
		probs = append(probs, Problem{File: file, Sheet: name, Msg: "is not a sheet of this questionnaire (renamed?); its answers are not read; " + hint})
	}
	var out []SheetAnswers
	for i, e := range entries {
		if !present[e.Sheet] {
			probs = append(probs, Problem{File: file, Sheet: e.Sheet, Msg: fmt.Sprintf("sheet missing (renamed or deleted?); the questionnaire's sheets are %s: keep their names", strings.Join(expected, ", "))})
			continue
		}
		sa, ps := readSheet(f, e, keys[i])
		probs = append(probs, ps...)
		out = append(out, sa)
	}
	return out, probs
}

func readSheet(f *excelize.File, e SheetAnswers, keys []string) (SheetAnswers, Problems) {
	var probs Problems
	add := func(c, key, format string, args ...any) {
		probs = append(probs, Problem{File: e.File, Sheet: e.Sheet, Cell: c, Key: key, Msg: fmt.Sprintf(format, args...)})
	}
	rows, err := f.GetRows(e.Sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		add("", "", "cannot be read: %v", err)
		return e, probs
	}
	get := func(row, col int) string {
		if row-1 < len(rows) && col-1 < len(rows[row-1]) {
			return rows[row-1][col-1]
		}
		return ""
	}
	for i, k := range headerKeys {
		if strings.TrimSpace(get(headerRow, i+1)) != k {
			add(cell(i+1, headerRow), "", "the header row was changed (this cell should read %q); restore it: answers are read by the columns %s", k, strings.Join(headerKeys, ", "))
			return e, probs
		}
	}
	e.cells = map[string]string{}
	kc, ac, ec := colOf("key"), colOf("answer"), colOf("evidence")
	for j, key := range keys {
		row := firstRow + j
		answerCell := cell(ac, row)
		e.cells[key] = answerCell
		got := strings.TrimSpace(get(row, kc))
		if got != key {
			shown := got
			if shown == "" {
				shown = "(blank)"
			}
			add(cell(kc, row), shown, "the key was edited (this row asks %s); restore it: answers are matched by key", key)
			continue
		}
		spec, ok := SpecFor(key)
		if !ok {
			add(cell(kc, row), key, "not a question mailpick asks; export the questionnaire again")
			continue
		}
		raw := get(row, ac)
		if fm, _ := f.GetCellFormula(e.Sheet, answerCell); fm != "" {
			add(answerCell, key, "is a formula (=%s); type the value itself", clip(fm, 30))
			continue
		}
		if t, _ := f.GetCellType(e.Sheet, answerCell); t == excelize.CellTypeBool {
			raw = map[string]string{"1": "true", "0": "false", "TRUE": "true", "FALSE": "false"}[raw]
		}
		v, answered, err := ParseAnswer(spec, raw, e.Currency)
		if err != nil {
			add(answerCell, key, "%s", err)
			continue
		}
		if !answered {
			continue
		}
		evidence := cleanEvidence(get(row, ec))
		if n := utf8.RuneCountInString(evidence); n > maxEvidence {
			add(cell(ec, row), key, "the evidence note is %d characters; the catalog keeps at most %d: shorten it, or put the details in a document and give its URL", n, maxEvidence)
			continue
		}
		e.Answers = append(e.Answers, Answer{Key: key, Cell: answerCell, Raw: raw, Value: v, Spec: spec, Evidence: evidence})
	}
	// An answer typed below the last question would be silently lost.
	for row := firstRow + len(keys); row <= len(rows); row++ {
		if strings.TrimSpace(get(row, ac)) != "" || strings.TrimSpace(get(row, kc)) != "" {
			add(cell(ac, row), "", "a row below the questions (added by hand?) is not read; answer in the rows of the questions")
			break
		}
	}
	return e, probs
}

// cleanEvidence keeps an evidence note on one line, without control
// characters. Its length is checked by the caller: a note is never cut.
func cleanEvidence(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
}
