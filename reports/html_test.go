package reports

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// TestDistinctLabels: labels that a plain cut would make the same stay
// distinct, every line fits its width, and none has more than two lines.
func TestDistinctLabels(t *testing.T) {
	cases := []struct {
		name   string
		labels []string
		maxEm  float64
	}{
		{"plans of one product", []string{"Google Workspace Business Starter", "Google Workspace Business Standard", "Google Workspace Business Plus"}, 6},
		{"ranked plans", []string{"15. Google Workspace Business Starter", "17. Google Workspace Business Standard"}, 8},
		{"differ in the middle", []string{"KAGOYA メールサーバー 専用プラン（年間契約、メール付き）", "KAGOYA メールサーバー 共用プラン（年間契約、メール付き）"}, 8},
		{"differ at the end only", []string{"Stalwart (community edition) hosted in Tokyo region A", "Stalwart (community edition) hosted in Tokyo region B"}, 9},
		{"short labels untouched", []string{"Mailu", "Mail-in-a-Box"}, 20},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := distinctLabels(c.labels, c.maxEm, 2)
			seen := map[string]int{}
			for i, lines := range got {
				if len(lines) > 2 {
					t.Errorf("%q: %d lines %q", c.labels[i], len(lines), lines)
				}
				for _, l := range lines {
					if textEm(l) > c.maxEm+1e-9 {
						t.Errorf("%q: line %q is %.2f em, over %.0f", c.labels[i], l, textEm(l), c.maxEm)
					}
				}
				k := strings.Join(lines, "\n")
				if j, ok := seen[k]; ok {
					t.Errorf("%q and %q both read %q", c.labels[j], c.labels[i], k)
				}
				seen[k] = i
			}
			if c.name == "short labels untouched" {
				for i, lines := range got {
					if len(lines) != 1 || lines[0] != c.labels[i] {
						t.Errorf("%q became %q", c.labels[i], lines)
					}
				}
			}
		})
	}
}

// TestWrapEmKinsoku: a chart label wrapped between Japanese characters
// starts no line with a closing bracket, 。、・ー or small kana.
func TestWrapEmKinsoku(t *testing.T) {
	s := "エックスサーバー（レンタルサーバー、メール付き）・ビジネスプラン"
	// From 4 em: kinsokuAt never leaves one character alone on a line,
	// so at 3 em "付き）・" must break somewhere forbidden.
	for w := 4.0; w <= 20; w++ {
		lines := wrapEm(s, w)
		if got := strings.Join(lines, ""); got != s {
			t.Fatalf("width %.0f: lost text: %q", w, lines)
		}
		for _, l := range lines[1:] {
			if r := []rune(l)[0]; noLineStart(r) {
				t.Errorf("width %.0f: line %q starts with %q", w, l, r)
			}
		}
		for _, l := range lines[:len(lines)-1] {
			if r := []rune(l); noLineEnd(r[len(r)-1]) {
				t.Errorf("width %.0f: line %q ends with an opening bracket", w, l)
			}
		}
	}
}

// TestChartStaysInViewBox lays out charts of every size the input allows
// and checks, with the same width estimate, that labels, values, ticks and
// legend end inside the viewBox.
func TestChartStaysInViewBox(t *testing.T) {
	for _, years := range []int{1, 5, 10} {
		c := &chart{Money: true, Cur: "JPY", Series: []string{"初期費用"}, Sequential: true}
		for y := 1; y <= years; y++ {
			c.Series = append(c.Series, fmt.Sprintf("%d年目", y))
		}
		for i, name := range []string{"Google Workspace Business Standard", "エックスサーバー（レンタルサーバー、メール付き）", "Postfix + Dovecot + Rspamd + Roundcube (hand-built)"} {
			c.Labels = append(c.Labels, name)
			row := []float64{20000}
			for y := 0; y < years; y++ {
				row = append(row, float64(300000*(i+1)))
			}
			c.Values = append(c.Values, row)
		}
		for _, l := range []chartLayout{wideChart, narrowChart} {
			sc := layoutSVG(c, l, "ja")
			colors := map[string]bool{}
			for _, lg := range sc.Legend {
				colors[lg.Color] = true
			}
			if len(colors) != len(c.Series) {
				t.Errorf("%d years: %d colours for %d series", years, len(colors), len(c.Series))
			}
			if sc.Unit.Text == "" {
				t.Errorf("%s, %d years: the money axis names no unit", l.Class, years)
			}
			for _, tk := range sc.Ticks {
				w := textEm(tk.Label) * l.ValuePx
				left := map[string]float64{"start": tk.X, "middle": tk.X - w/2, "end": tk.X - w}[tk.Anchor]
				if left < 0 || left+w > sc.Width || sc.TickY > sc.Height {
					t.Errorf("%s, %d years: tick %q spans %.0f–%.0f of %v", l.Class, years, tk.Label, left, left+w, sc.Width)
				}
			}
			for _, b := range sc.Bars {
				right := b.Value.X + textEm(b.Value.Text)*l.ValuePx
				if right > sc.Width {
					t.Errorf("%s, %d years: value %s ends at %.0f, past %v", l.Class, years, b.Value.Text, right, sc.Width)
				}
				for _, ln := range b.Lines {
					w := textEm(ln.Text) * l.FontPx
					left, right := ln.X, ln.X+w
					if ln.Anchor == "end" {
						left, right = ln.X-w, ln.X
					}
					if left < 0 || right > sc.Width {
						t.Errorf("%s, %d years: label %q spans %.0f–%.0f of %v", l.Class, years, ln.Text, left, right, sc.Width)
					}
				}
			}
			for _, lg := range sc.Legend {
				if right := lg.X + 16 + textEm(lg.Name)*l.ValuePx; right > sc.Width {
					t.Errorf("%s, %d years: legend %q ends at %.0f", l.Class, years, lg.Name, right)
				}
			}
		}
	}
}

// TestTableLayoutDecisions: a short table never reflows; the ranking is a
// table on a desktop and cards on a phone; the widest table the input
// allows (TCO by year over 10 years for 300 accounts: 13 columns of 7- and
// 8-digit figures) needs more than the page ever has and is cards at every
// width.
func TestTableLayoutDecisions(t *testing.T) {
	in := fixture(t, fixtureOpts{lang: "en", years: 10, users: 300})
	d := build(in)
	var byYear, ranking *table
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			if b.Kind != bTable {
				continue
			}
			setNowrap(b.Table)
			switch {
			case s.ID == "tco" && len(b.Table.Head) == 13:
				byYear = b.Table
			case s.ID == "ranking" && ranking == nil:
				ranking = b.Table
			}
		}
	}
	if byYear == nil || ranking == nil {
		t.Fatal("no TCO-by-year table of 13 columns or no ranking table")
	}
	if ht := layoutTable(ranking); ht.Cards || ht.Below <= 390 || ht.Below > 1280 {
		t.Errorf("ranking needs %.0f px: reflows below %d px (cards always: %v); want a table at 1280 and cards at 390", ht.Need, ht.Below, ht.Cards)
	}
	if ht := layoutTable(byYear); !ht.Cards || ht.Need <= mainMaxPx-2*mainPadPx {
		t.Errorf("TCO by year over 10 years needs %.0f px: cards always = %v, want true", ht.Need, ht.Cards)
	}
	kv := &table{Head: []string{"Key", "Value"}, Rows: [][]cell{texts("samples", "2000")}}
	setNowrap(kv)
	if ht := layoutTable(kv); ht.Cards || ht.Below != 0 {
		t.Errorf("a two-column key/value table reflows: %+v", ht)
	}
}

// TestHTMLForbidsExternalRequests: the page's Content Security Policy
// allows inline styles and nothing else, so even text that slipped through
// as markup could not load or run anything.
func TestHTMLForbidsExternalRequests(t *testing.T) {
	out := string(render(t, func(b *bytes.Buffer, in *Input) error { return WriteHTML(b, in) }, fixture(t, fixtureOpts{lang: "ja"})))
	const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`
	if !strings.Contains(out, csp) {
		t.Errorf("HTML lacks %s", csp)
	}
	for _, bad := range []string{"http://", "https://"} {
		for _, attr := range []string{`src="`, `href="`} {
			if strings.Contains(out, attr+bad) {
				t.Errorf("HTML has %s%s", attr, bad)
			}
		}
	}
}

// TestCSSString: a header from a catalog cannot end the CSS string or the
// <style> element, and reads back as written.
func TestCSSString(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Level", `"Level"`},
		{"必須", `"必須"`},
		{"mailcow: dockerized", `"mailcow\3a \20 dockerized"`},
		{`a"b\c`, `"a\22 b\5c c"`},
		{"</style><script>x</script>", `"\3c \2f style\3e \3c script\3e x\3c \2f script\3e "`},
		{"line\nbreak", `"line\a break"`},
	} {
		if got := cssString(c.in); got != c.want {
			t.Errorf("cssString(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

// FuzzCSSString: whatever the text, the quoted form holds no ASCII but
// letters, digits and hexadecimal escapes between its two quotes.
func FuzzCSSString(f *testing.F) {
	for _, s := range []string{"", "a", `"`, "\\", "</style>", "x: y", "\x00", "\u2028", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := cssString(s)
		if len(q) < 2 || q[0] != '"' || q[len(q)-1] != '"' {
			t.Fatalf("%q: not quoted: %s", s, q)
		}
		in := q[1 : len(q)-1]
		for i := 0; i < len(in); i++ {
			c := in[i]
			switch {
			case c >= 0x80, c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			case c == '\\':
				j := i + 1
				for j < len(in) && strings.IndexByte("0123456789abcdef", in[j]) >= 0 {
					j++
				}
				if j == i+1 || j >= len(in) || in[j] != ' ' {
					t.Fatalf("%q: bad escape at %d in %s", s, i, q)
				}
				i = j
			default:
				t.Fatalf("%q: raw %q in %s", s, c, q)
			}
		}
	})
}
