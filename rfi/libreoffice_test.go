package rfi

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
)

// TestLibreOfficeRoundTrip opens the questionnaire in LibreOffice, as a
// vendor without Excel would, and saves it again: the validation, the
// protection and the hidden index must survive, and the answers must read
// back exactly as from the original. Skipped when LibreOffice is not
// installed (Debian: libreoffice-calc-nogui).
func TestLibreOfficeRoundTrip(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if soffice, err = exec.LookPath("libreoffice"); err != nil {
			t.Skip("LibreOffice not installed")
		}
	}
	if testing.Short() {
		t.Skip("-short: LibreOffice takes seconds to start")
	}
	dir := t.TempDir()
	type sent struct {
		b  []byte
		q  *Questionnaire
		in Input
	}
	langs := []string{"ja", "en"}
	books := map[string]sent{}
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--norestore",
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", filepath.Join(dir, "lo")}
	for _, lang := range langs {
		b, q, in := workbook(t, lang, []string{"cybermail-sigma"}, "Example Mail Inc.")
		b = fill(t, b, "cybermail-sigma", map[string]any{"features.forwarding": choiceLabel("yes", lang), "pricing.per_user_month": 300.0,
			"pricing.tax": choiceLabel("excluded", lang), "storage.per_user_gb": "5"})
		b = fill(t, b, "new-example-mail-inc", map[string]any{"url": "https://mail.example.com/", "features.auto_reply": choiceLabel("no", lang)})
		src := filepath.Join(dir, "rfi-"+lang+".xlsx")
		if err := os.WriteFile(src, b, 0o644); err != nil {
			t.Fatal(err)
		}
		books[lang] = sent{b, q, in}
		args = append(args, src)
	}
	if msg, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	for _, lang := range langs {
		s := books[lang]
		lo, err := os.ReadFile(filepath.Join(dir, "lo", "rfi-"+lang+".xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(lo, s.b) {
			t.Fatal("LibreOffice did not rewrite the workbook")
		}
		checkWorkbook(t, lo, s.q)
		want, probs := Read("rfi.xlsx", s.b)
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		got, probs := Read("rfi.xlsx", lo)
		if len(probs) > 0 {
			t.Fatalf("%s after LibreOffice: %v", lang, probs)
		}
		wa, _ := Apply(s.in.Catalog, want, day)
		ga, probs := Apply(s.in.Catalog, got, day)
		if len(probs) > 0 || len(ga) != 2 {
			t.Fatalf("%s after LibreOffice: %d options, %v", lang, len(ga), probs)
		}
		for i := range wa {
			if !reflect.DeepEqual(wa[i].Option, ga[i].Option) {
				t.Errorf("%s: %s differs after LibreOffice", lang, wa[i].Option.ID)
			}
		}
	}
}
