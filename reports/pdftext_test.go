package reports

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// pdfLayoutText renders in as a PDF and returns poppler's text of it (-layout
// keeps a table row on one line). It skips the test without pdftotext.
func pdfLayoutText(t *testing.T, in *Input) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (Debian: poppler-utils) is not installed")
	}
	dir := t.TempDir()
	pdf := filepath.Join(dir, "r.pdf")
	if err := os.WriteFile(pdf, render(t, func(b *bytes.Buffer, in *Input) error { return WritePDF(b, in) }, in), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestPDFNumbersNeverBreak renders the widest TCO table the input allows
// at a realistic size (300 users, 10 years) and checks that every TCO
// figure appears whole: a figure split over two lines ("10,138,80" / "0")
// is not found with digits and commas on neither side.
func TestPDFNumbersNeverBreak(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		t.Run(lang, func(t *testing.T) {
			in := fixture(t, fixtureOpts{lang: lang, users: 300, years: 10})
			text := pdfLayoutText(t, in)
			ev := in.Eval
			n := 0
			for _, res := range ev.Results {
				if !res.TCO.Priced {
					continue
				}
				figs := []float64{res.TCO.Total, res.TCO.PerUserMonth}
				for _, y := range res.TCO.Years {
					figs = append(figs, y.Cost)
				}
				for k, v := range figs {
					f := moneyNum(v, ev.Currency)
					if k == 0 && !res.TCO.Complete {
						// The lower-bound marker stays with its figure.
						f = PDFText("≥ ") + f
					}
					re := regexp.MustCompile(`(^|[^0-9,.])` + regexp.QuoteMeta(f) + `($|[^0-9,.])`)
					// The figure columns are whole cells on one line.
					if !re.MatchString(text) {
						t.Errorf("%s: figure %s is not whole in the PDF text", res.ID, f)
					}
					n++
				}
			}
			if n < 30 {
				t.Fatalf("only %d figures checked; the fixture should price several options", n)
			}
		})
	}
}

// TestPDFJapaneseKinsoku reads the Japanese PDF back with pdftotext and
// checks every printed line against the basic JIS X 4051 rules.
func TestPDFJapaneseKinsoku(t *testing.T) {
	in := fixture(t, fixtureOpts{lang: "ja", posture: true, sensitivity: true, users: 300, years: 10})
	text := pdfLayoutText(t, in)
	bad := 0
	for _, line := range strings.Split(text, "\n") {
		// -layout puts table cells side by side; each run of text
		// between wide gaps is one printed line of one cell.
		for _, seg := range regexp.MustCompile(`\s{2,}`).Split(strings.TrimSpace(line), -1) {
			rs := []rune(seg)
			if len(rs) == 0 {
				continue
			}
			if noLineStart(rs[0]) || noLineEnd(rs[len(rs)-1]) {
				t.Errorf("line breaks 禁則: %q (in %q)", seg, strings.TrimSpace(line))
				if bad++; bad > 20 {
					t.FailNow()
				}
			}
		}
	}
}
