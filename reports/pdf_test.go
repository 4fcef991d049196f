package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

func TestPDFRendersWithEmbeddedFont(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		in := fixture(t, fixtureOpts{lang: lang, posture: true, sensitivity: true})
		var b bytes.Buffer
		if err := WritePDF(&b, in); err != nil {
			t.Fatal(err)
		}
		out := b.Bytes()
		if !bytes.HasPrefix(out, []byte("%PDF-")) {
			t.Fatalf("%s: not a PDF", lang)
		}
		if !bytes.Contains(out, []byte("/FontFile2")) || !bytes.Contains(out, []byte("ipaexg")) {
			t.Errorf("%s: the TrueType font is not embedded", lang)
		}
		if n := bytes.Count(out, []byte("/Type /Page\n")) + bytes.Count(out, []byte("/Type /Page ")); n < 3 {
			t.Errorf("%s: %d pages, want several", lang, n)
		}
		// Same input and clock, same bytes: reports can be diffed and cached.
		var b2 bytes.Buffer
		if err := WritePDF(&b2, in); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, b2.Bytes()) {
			t.Errorf("%s: PDF output is not reproducible", lang)
		}
	}
}

// TestWrapKeepsEveryCharacter guards against fpdf's SplitText, which drops
// the kanji it breaks a line at.
func TestWrapKeepsEveryCharacter(t *testing.T) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(pdfFont, "", ipaexGothic)
	pdf.SetFont(pdfFont, "", 9)
	p := &pdfWriter{pdf: pdf, widths: map[float64]map[rune]float64{}}
	cases := []struct {
		text  string
		width float64
	}{
		{"構築・運用に月約10.8時間かかりますが、確保できるのは月8.0時間です。自社構築は非推奨です。", 30},
		{"The runner-up scores lower because its price is not stated by any source", 25},
		{"混在 mixed テキスト with English words と日本語", 20},
		{"averyveryverylongwordwithoutanyspacesatallthatmustbebroken", 15},
		{"line one\nline two", 100},
		{"", 50},
	}
	for _, c := range cases {
		lines := p.wrap(c.text, c.width, 9)
		joined := strings.Join(lines, "")
		strip := func(s string) string { return strings.NewReplacer(" ", "", "\n", "").Replace(s) }
		if strip(joined) != strip(pdfText(c.text)) {
			t.Errorf("wrap(%q) lost characters: %q", c.text, lines)
		}
		for _, l := range lines {
			if w := pdf.GetStringWidth(l); w > c.width+0.01 && len([]rune(l)) > 1 {
				t.Errorf("wrap(%q): line %q is %.1f mm wide, limit %.1f", c.text, l, w, c.width)
			}
		}
	}
}

// TestWrapKinsoku checks the basic JIS X 4051 rules on lines wrapped at
// every width: no line starts with a closing bracket, 。、・ー or small
// kana, and no line ends with an opening bracket.
func TestWrapKinsoku(t *testing.T) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(pdfFont, "", ipaexGothic)
	pdf.SetFont(pdfFont, "", 9)
	p := &pdfWriter{pdf: pdf, widths: map[float64]map[rune]float64{}}
	texts := []string{
		"一部・未確認: メール転送（不明）、メール自動返信（不明）、メーリングリスト（不明）。",
		"スマートフォンのメールアプリ対応・ユーザー権限（転送設定・パスワード設定）の管理っ。",
		"「さくらのメールボックス」『KAGOYA』【注意】ウィルスフィルタ、チェック、ショップ。",
	}
	for _, text := range texts {
		// From 15 mm up, five characters a line: narrower, "明）、" alone
		// may not fit, and the line breaks where it must.
		for w := 15.0; w <= 60; w += 0.7 {
			lines := p.wrap(text, w, 9)
			if got := strings.Join(lines, ""); strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(text, " ", "") {
				t.Fatalf("wrap(%q, %.1f) lost characters: %q", text, w, lines)
			}
			for k, l := range lines {
				rs := []rune(l)
				if len(rs) == 0 {
					continue
				}
				if k > 0 && noLineStart(rs[0]) {
					t.Errorf("wrap at %.1f mm: line %q starts with %q", w, l, rs[0])
				}
				if k < len(lines)-1 && noLineEnd(rs[len(rs)-1]) {
					t.Errorf("wrap at %.1f mm: line %q ends with %q", w, l, rs[len(rs)-1])
				}
			}
		}
	}
	for _, r := range "）」。、・ーっャ" {
		if !noLineStart(r) {
			t.Errorf("noLineStart(%q) = false", r)
		}
	}
	for _, r := range "あ漢A1" {
		if noLineStart(r) || noLineEnd(r) {
			t.Errorf("%q is forbidden at a line edge", r)
		}
	}
}

// TestTableAlwaysFitsThePage: however many columns a table has, it turns
// landscape and, past what landscape holds, keeps to the page width with
// narrower columns rather than running off the page.
func TestTableAlwaysFitsThePage(t *testing.T) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(pdfFont, "", ipaexGothic)
	pdf.SetFont(pdfFont, "", 9)
	p := &pdfWriter{pdf: pdf, widths: map[float64]map[rune]float64{}}
	for _, cols := range []int{3, 12, 16, 40} {
		tb := &table{}
		var r []cell
		for i := 0; i < cols; i++ {
			tb.Head = append(tb.Head, "Smartphone")
			tb.Num = append(tb.Num, true)
			r = append(r, txt("131,969,789"))
		}
		tb.Rows = [][]cell{r}
		land := p.tableNeedsLandscape(tb)
		if land != (cols > 10) {
			t.Errorf("%d columns: landscape %v", cols, land)
		}
		width := contentW
		if land {
			width = pageH - marginL - marginR
		}
		tl := p.layoutTable(tb, land)
		sum := 0.0
		for _, w := range tl.cw {
			sum += w
		}
		if sum > width+0.01 {
			t.Errorf("%d columns: %.1f mm wide on a %.1f mm page", cols, sum, width)
		}
		if tl.size < lastResortFont {
			t.Errorf("%d columns: %.1f pt", cols, tl.size)
		}
	}
}
