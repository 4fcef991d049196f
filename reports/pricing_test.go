package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/mailpick/mailpick/scoring"
)

// pricingFacts are what every format must show for the fixture's tiered,
// flat-priced option (kappa-flat: Small, Medium, Large as 20 accounts grow
// 10 % a year, on the 12-month upfront term, prices stated 税込) and its
// unknown-priced one (lambda-unpriced: provisional).
type pricingFacts struct {
	tiers       []string // kappa-flat's plan, years 1–3
	taxBasis    string   // the tax-basis sentence
	provisional string   // the provisional mark
	toWin       string   // lambda-unpriced's tco_to_win as shown
}

func factsFor(t *testing.T, in *Input) pricingFacts {
	t.Helper()
	lang, cur := in.Eval.Lang, in.Eval.Currency
	kappa, lambda := findResult(in.Eval, "kappa-flat"), findResult(in.Eval, "lambda-unpriced")
	if kappa == nil || lambda == nil {
		t.Fatal("fixture lost kappa-flat or lambda-unpriced")
	}
	// The fixture must exercise what it claims to: a tier change, a term,
	// a provisional option with a limit.
	var plans []string
	for _, y := range kappa.TCO.Years {
		plans = append(plans, y.Plan)
	}
	if strings.Join(plans, ",") != "Small,Medium,Large" || kappa.TCO.Years[0].TermMonths != 12 || kappa.TCO.PriceTax != "included" {
		t.Fatalf("kappa-flat years = %+v (price tax %s); want Small, Medium, Large on 12 months from a tax-included price", kappa.TCO.Years, kappa.TCO.PriceTax)
	}
	if !lambda.Provisional || lambda.TCOToWin == nil || lambda.PriceToWinMonthly == nil {
		t.Fatalf("lambda-unpriced: provisional %v, tco_to_win %v; want a provisional option with a limit", lambda.Provisional, lambda.TCOToWin)
	}
	var f pricingFacts
	for _, y := range kappa.TCO.Years {
		f.tiers = append(f.tiers, planText(lang, y))
	}
	f.taxBasis = taxBasisText(lang, in.Eval.Requirements)
	f.provisional = L(lang, "incomplete")
	f.toWin = scoring.Money(floorMoney(*lambda.TCOToWin, cur), cur)
	return f
}

func TestEveryFormatShowsPricing(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		t.Run(lang, func(t *testing.T) {
			in := fixture(t, fixtureOpts{lang: lang})
			f := factsFor(t, in)
			want := append([]string{f.taxBasis, f.provisional, f.toWin}, f.tiers...)
			if lang == "ja" && !strings.Contains(f.tiers[0], "Small（12か月契約・一括前払い）") {
				t.Errorf("year-1 plan reads %q", f.tiers[0])
			}
			if lang == "en" && !strings.Contains(f.taxBasis, "exclude consumption tax (rate 10%)") {
				t.Errorf("tax basis reads %q", f.taxBasis)
			}
			md := string(render(t, func(b *bytes.Buffer, in *Input) error { return WriteMarkdown(b, in) }, in))
			html := string(render(t, func(b *bytes.Buffer, in *Input) error { return WriteHTML(b, in) }, in))
			for _, w := range want {
				if !strings.Contains(md, mdEscape(w)) {
					t.Errorf("markdown lacks %q", w)
				}
				if !strings.Contains(html, htmlEsc(w)) {
					t.Errorf("html lacks %q", w)
				}
			}
			if txt := pdfToText(t, in); txt != "" {
				squashed := squashSpace(txt)
				for _, w := range want {
					if !strings.Contains(squashed, squashSpace(PDFText(w))) {
						t.Errorf("PDF text lacks %q", w)
					}
				}
			}
		})
	}
}

// pdfToText renders the PDF and extracts its text with poppler's
// pdftotext; "" (and the PDF part skipped) where poppler is not installed.
func pdfToText(t *testing.T, in *Input) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("pdftotext not installed (poppler-utils): PDF text not checked")
		return ""
	}
	dir := t.TempDir()
	pdf := filepath.Join(dir, "r.pdf")
	if err := os.WriteFile(pdf, render(t, func(b *bytes.Buffer, in *Input) error { return WritePDF(b, in) }, in), 0o644); err != nil {
		t.Fatal(err)
	}
	return pdftotext(t, bin, pdf, "-raw")
}

func squashSpace(s string) string { return strings.Join(strings.Fields(s), "") }

func TestXLSXShowsPricing(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		t.Run(lang, func(t *testing.T) {
			in := fixture(t, fixtureOpts{lang: lang})
			fc := factsFor(t, in)
			f := openXLSX(t, in)
			scores, tco := SheetName(lang, "Scores"), SheetName(lang, "TCO")
			lambda := findResult(in.Eval, "lambda-unpriced")
			var lrow int
			for i := range in.Eval.Results {
				if in.Eval.Results[i].ID == lambda.ID {
					lrow = scoresFirstRow + i
				}
			}
			// Scores: the TCO cell says provisional in the warning style,
			// never a number; tco_to_win is a number.
			cols := scoresLayout(len(in.Eval.Criteria))
			ref := cols.tco + fmt.Sprint(lrow)
			// A formula over the Prices sheet: what a spreadsheet shows
			// once calculated.
			if v, err := f.CalcCellValue(scores, ref); v != fc.provisional {
				t.Errorf("Scores!%s = %q (%v), want %q", ref, v, err, fc.provisional)
			}
			// The warning look is a conditional format: it goes once the
			// Prices sheet gives a price.
			if !hasWarnRule(f, scores, ref) {
				t.Errorf("Scores!%s has no warning look while provisional", ref)
			}
			ref = cols.toWin + fmt.Sprint(lrow)
			if v, _ := f.GetCellValue(scores, ref, excelize.Options{RawCellValue: true}); v != trimFloat(floorMoney(*lambda.TCOToWin, in.Eval.Currency)) {
				t.Errorf("Scores!%s (tco_to_win) = %q, want %v", ref, v, floorMoney(*lambda.TCOToWin, in.Eval.Currency))
			}
			if h, _ := f.GetCellValue(scores, cols.tco+"1"); !strings.Contains(h, taxWord(lang, "excluded")) {
				t.Errorf("Scores TCO header %q does not name the tax basis", h)
			}
			// TCO sheet: the provisional total is text, never a SUM of the
			// known lines; the plan per year and the tax basis are there.
			rows, err := f.GetRows(tco)
			if err != nil {
				t.Fatal(err)
			}
			all, checked := "", false
			for r, cols := range rows {
				all += strings.Join(cols, "\t") + "\n"
				if r <= len(in.Eval.Results) && len(cols) > 0 && cols[0] == lambda.ID { // the main table, not the cost lines below
					total := cellName(4+in.Eval.HorizonYears, r+1)
					// A formula that says provisional until the Prices sheet
					// gives a price, never a SUM of the known lines alone.
					if v, err := f.CalcCellValue(tco, total); v != fc.provisional {
						t.Errorf("TCO!%s = %q (%v), want %q", total, v, err, fc.provisional)
					}
					checked = true
				}
			}
			if !checked {
				t.Errorf("TCO sheet has no row for %s", lambda.ID)
			}
			// The plan is one row per option and year: tier, then term.
			want := []string{fc.taxBasis, contractText(lang, in.Eval.Requirements)}
			for _, y := range findResult(in.Eval, "kappa-flat").TCO.Years {
				want = append(want, fmt.Sprintf("kappa-flat\tKappa メール\t%d\t%d\t%s\t%s", y.Year, y.Accounts, y.Plan, termText(lang, y.TermMonths, y.Payment)))
			}
			for _, w := range want {
				if !strings.Contains(all, w) {
					t.Errorf("TCO sheet lacks %q", w)
				}
			}
		})
	}
}

// isWarnStyle reports whether a cell style is the "warn" tone (its font
// colour), as provisional figures are drawn.
// hasWarnRule reports whether a conditional format on ref gives it the
// warning look when the Prices sheet says the option is unpriced.
func hasWarnRule(f *excelize.File, sheet, ref string) bool {
	cfs, err := f.GetConditionalFormats(sheet)
	if err != nil {
		return false
	}
	for _, rule := range cfs[ref] {
		if rule.Format == nil || !strings.Contains(rule.Criteria, "'Prices'!") {
			continue
		}
		st, err := f.GetConditionalStyle(*rule.Format)
		if err == nil && st.Font != nil && strings.EqualFold(st.Font.Color, "8A5A00") {
			return true
		}
	}
	return false
}

func TestJSONShowsPricing(t *testing.T) {
	in := fixture(t, fixtureOpts{lang: "en"})
	var doc struct {
		Results []struct {
			ID          string   `json:"id"`
			Provisional bool     `json:"provisional"`
			TCOToWin    *float64 `json:"tco_to_win"`
			TCO         struct {
				TaxBasis string `json:"tax_basis"`
				Years    []struct {
					Plan       string `json:"plan"`
					TermMonths int    `json:"term_months"`
				} `json:"years"`
			} `json:"tco"`
		} `json:"results"`
	}
	raw := render(t, func(b *bytes.Buffer, in *Input) error { return WriteJSON(b, in) }, in)
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, r := range doc.Results {
		if r.TCO.TaxBasis != "excluded" {
			t.Errorf("%s: tco.tax_basis = %q", r.ID, r.TCO.TaxBasis)
		}
		switch r.ID {
		case "kappa-flat":
			seen++
			if len(r.TCO.Years) != 3 || r.TCO.Years[0].Plan != "Small" || r.TCO.Years[2].Plan != "Large" || r.TCO.Years[0].TermMonths != 12 {
				t.Errorf("kappa-flat years = %+v", r.TCO.Years)
			}
		case "lambda-unpriced":
			seen++
			if !r.Provisional || r.TCOToWin == nil {
				t.Errorf("lambda-unpriced: provisional %v, tco_to_win %v", r.Provisional, r.TCOToWin)
			}
		}
	}
	if seen != 2 {
		t.Fatal("JSON lacks the fixture's pricing options")
	}
	// An ineligible option has no limit: null, not 0, which would read as
	// "wins only if free".
	if !bytes.Contains(raw, []byte(`"tco_to_win": null`)) {
		t.Error(`JSON lacks "tco_to_win": null for the ineligible options`)
	}
}

func TestTableAndExplainShowPricing(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		in := fixture(t, fixtureOpts{lang: lang})
		fc := factsFor(t, in)
		lambda := findResult(in.Eval, "lambda-unpriced")
		var b bytes.Buffer
		if err := WriteTable(&b, in.Eval); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, w := range []string{taxBasisShort(lang, in.Eval.Requirements), L(lang, "prov_short"), toWinLine(lang, lambda, in.Eval.Currency)} {
			if !strings.Contains(out, w) {
				t.Errorf("%s table lacks %q:\n%s", lang, w, out)
			}
		}
		if !strings.Contains(toWinLine(lang, lambda, in.Eval.Currency), fc.toWin) {
			t.Errorf("%s: to-win line %q lacks %s", lang, toWinLine(lang, lambda, in.Eval.Currency), fc.toWin)
		}
		// --explain: tco_to_win for the provisional option and for a
		// known-priced one (the winner, which stays first up to it).
		for _, id := range []string{"lambda-unpriced", "kappa-flat", "alpha-mail"} {
			res := findResult(in.Eval, id)
			e, err := scoring.Explain(in.Eval, id)
			if err != nil {
				t.Fatal(err)
			}
			text := e.Text()
			x := scoring.Money(floorMoney(*res.TCOToWin, in.Eval.Currency), in.Eval.Currency)
			head := map[string]string{"ja": "1位になるTCOの上限: ", "en": "TCO to rank first (tco_to_win): "}[lang]
			if !strings.Contains(text, head) || !strings.Contains(text, x) {
				t.Errorf("%s --explain %s lacks tco_to_win %s:\n%s", lang, id, x, text)
			}
			if res.Provisional != strings.Contains(text, map[string]string{"ja": "暫定（価格不明）", "en": "provisional, the price is unknown"}[lang]) {
				t.Errorf("%s --explain %s: provisional %v not stated as such:\n%s", lang, id, res.Provisional, text)
			}
		}
	}
}
