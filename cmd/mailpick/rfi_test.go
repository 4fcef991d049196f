package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/xuri/excelize/v2"
)

// cmdRFIFill is the script command that plays the vendor:
//
//	rfifill IN.xlsx OUT.xlsx SHEET OP...
//
// opens a questionnaire, finds each question's row on SHEET by its key
// (column A) and applies OP:
//
//	KEY=VALUE            type VALUE in the answer cell (a number when it
//	                     reads as one, as a spreadsheet stores it; text
//	                     otherwise)
//	evidence:KEY=TEXT    type TEXT in the evidence cell
//	rekey:KEY=NEW        overwrite the key cell (an edited key)
//	rename:NEW           rename SHEET (a renamed sheet)
//
// and saves OUT. It edits the file as excelize does, ignoring the sheet
// protection a vendor's spreadsheet program would enforce, so malformed
// answers can be made on purpose.
//
//	rfifill -foreign OUT.xlsx SHEET
//
// writes a workbook another tool could have made: a sheet with the same
// name and header row, answers filled in, but none of mailpick's index.
func cmdRFIFill(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("rfifill does not fail")
	}
	if len(args) == 3 && args[0] == "-foreign" {
		f := excelize.NewFile()
		defer f.Close()
		ts.Check(f.SetSheetName("Sheet1", args[2]))
		for i, h := range []string{"key", "priority", "section", "question", "format", "current", "answer", "evidence"} {
			c, _ := excelize.CoordinatesToCellName(i+1, 4)
			ts.Check(f.SetCellStr(args[2], c, h))
		}
		ts.Check(f.SetCellStr(args[2], "A5", "features.forwarding"))
		ts.Check(f.SetCellStr(args[2], "G5", "yes"))
		ts.Check(f.SaveAs(ts.MkAbs(args[1])))
		return
	}
	if len(args) < 4 {
		ts.Fatalf("usage: rfifill IN.xlsx OUT.xlsx SHEET OP... | rfifill -foreign OUT.xlsx SHEET")
	}
	f, err := excelize.OpenFile(ts.MkAbs(args[0]))
	ts.Check(err)
	defer f.Close()
	sheet := args[2]
	rows, err := f.GetRows(sheet)
	ts.Check(err)
	rowOf := func(key string) int {
		for i, r := range rows {
			if len(r) > 0 && r[0] == key && i+1 > 4 {
				return i + 1
			}
		}
		ts.Fatalf("%s: no row with key %s", sheet, key)
		return 0
	}
	for _, op := range args[3:] {
		kind, rest := "answer", op
		if k, r, ok := strings.Cut(op, ":"); ok && (k == "evidence" || k == "rekey" || k == "rename") {
			kind, rest = k, r
		}
		if kind == "rename" {
			ts.Check(f.SetSheetName(sheet, rest))
			sheet = rest
			continue
		}
		key, value, ok := strings.Cut(rest, "=")
		if !ok {
			ts.Fatalf("rfifill: %q is not KEY=VALUE", op)
		}
		row := rowOf(key)
		switch kind {
		case "rekey":
			ts.Check(f.SetCellStr(sheet, fmt.Sprintf("A%d", row), value))
		case "evidence":
			ts.Check(f.SetCellStr(sheet, fmt.Sprintf("H%d", row), value))
		default:
			if n, err := strconv.ParseFloat(value, 64); err == nil {
				ts.Check(f.SetCellFloat(sheet, fmt.Sprintf("G%d", row), n, -1, 64))
			} else {
				ts.Check(f.SetCellStr(sheet, fmt.Sprintf("G%d", row), value))
			}
		}
	}
	ts.Check(f.SaveAs(ts.MkAbs(args[1])))
}

// rfi's exit statuses, and an import that fails keeps the older catalog
// file untouched.
func TestRFIExitStatusAndAtomicImport(t *testing.T) {
	dir := t.TempDir()
	req := filepath.Join(repoRoot(t), "data", "examples", "smb-50-ja.toml")
	book := filepath.Join(dir, "rfi.xlsx")
	env, out, stderr := testEnv()
	if err := runRFIExport(context.Background(), env, RFIExportOptions{Requirements: req, Options: []string{"cybermail-sigma"}, Lang: "en", Output: book}); err != nil {
		t.Fatalf("export: %v (%s)", err, stderr)
	}
	if !strings.Contains(out.String(), "wrote "+book+": 1 sheet(s)") {
		t.Errorf("export said %q", out)
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("cybermail-sigma")
	for i, r := range rows {
		if i >= 4 && len(r) > 0 && r[0] == "pricing.per_user_month" {
			_ = f.SetCellStr("cybermail-sigma", fmt.Sprintf("G%d", i+1), "ask sales")
		}
	}
	bad := filepath.Join(dir, "bad.xlsx")
	if err := f.SaveAs(bad); err != nil {
		t.Fatal(err)
	}
	f.Close()
	answers := filepath.Join(dir, "answers.toml")
	if err := os.WriteFile(answers, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want int
	}{
		{[]string{"rfi", "import", bad, "-o", answers}, exitUsage},
		{[]string{"rfi", "import", book, "-o", answers}, exitUsage}, // no answers
		{[]string{"rfi", "import", filepath.Join(dir, "missing.xlsx"), "-o", answers}, exitUsage},
		{[]string{"rfi", "export", "-r", req, "-o", filepath.Join(dir, "x.xlsx"), "--option", "nope"}, exitUsage},
		{[]string{"rfi", "export", "-r", req, "-o", filepath.Join(dir, "no-dir", "x.xlsx"), "--option", "cybermail-sigma"}, exitFailure},
	}
	for _, tt := range tests {
		env, _, stderr := testEnv()
		if code := Main(context.Background(), tt.args, env); code != tt.want {
			t.Errorf("mailpick %v: exit %d, want %d (stderr: %s)", tt.args, code, tt.want, stderr)
		}
	}
	if b, _ := os.ReadFile(answers); string(b) != "old" {
		t.Errorf("a failed import changed %s: %q", answers, b)
	}
	err = runRFIImport(context.Background(), env, RFIImportOptions{Files: []string{bad}, Output: answers})
	if err == nil || !strings.Contains(err.Error(), `bad.xlsx!cybermail-sigma!G`) || !strings.Contains(err.Error(), `pricing.per_user_month: "ask sales" is not a number`) {
		t.Errorf("import error = %v", err)
	}
}
