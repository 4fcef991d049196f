package reports

import (
	"strings"
	"testing"
)

// TestPhrases: Japanese splits where a reader would break it, particles
// stay with their word, and no phrase boundary breaks the JIS X 4051 rules.
func TestPhrases(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"1ユーザー月額", []string{"1ユーザー", "月額"}},
		{"スマートフォンでの利用", []string{"スマートフォンでの", "利用"}},
		{"予算（コスト）", []string{"予算", "（コスト）"}},
		{"専門知識・運用負担", []string{"専門知識・", "運用負担"}},
		{"自社構築は非推奨", []string{"自社構築は", "非推奨"}},
		{"KAGOYA メールサーバー 共用プラン", []string{"KAGOYA ", "メールサーバー ", "共用", "プラン"}},
		{"Xserverビジネス", []string{"Xserverビジネス"}},
		{"Per user-month", []string{"Per ", "user-month"}},
		{"12か月契約・一括前払い", []string{"12か月契約・", "一括前払い"}},
		{"3ヶ月", []string{"3ヶ月"}},
		{"エンタープライズプラン", []string{"エンタープライズ", "プラン"}},
		{"ビジネスプロ", []string{"ビジネス", "プロ"}},
		{"メールボックス", []string{"メールボックス"}},
		{"さくらのメールボックス", []string{"さくらの", "メールボックス"}},
		{"", []string{""}},
	}
	for _, c := range cases {
		got := phrases(c.in)
		if strings.Join(got, "\x00") != strings.Join(c.want, "\x00") {
			t.Errorf("phrases(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, s := range []string{"エックスサーバー（レンタルサーバー、メール付き）", "メールサーバー運営の負担が問題ないといえる管理者・担当部署がいる", "ウイルスフィルタ、クライアント・ユーザー間の暗号化通信。"} {
		ps := phrases(s)
		if strings.Join(ps, "") != s {
			t.Errorf("phrases(%q) lost text: %q", s, ps)
		}
		for i := 1; i < len(ps); i++ {
			prev, next := []rune(ps[i-1]), []rune(ps[i])
			if noLineStart(next[0]) || noLineEnd(prev[len(prev)-1]) {
				t.Errorf("phrases(%q): a line may not break between %q and %q", s, ps[i-1], ps[i])
			}
		}
	}
}

// TestBreakLines: the one line-breaking rule of the PDF and the HTML
// charts breaks at spaces and phrase boundaries, even when that leaves a
// line short, and inside a word only when the word is longer than a line.
func TestBreakLines(t *testing.T) {
	em := func(r rune) float64 { return textEm(string(r)) }
	cases := []struct {
		in    string
		width float64 // em
		want  []string
	}{
		{"外部サービス", 6, []string{"外部サービス"}},
		{"外部サービス", 5, []string{"外部", "サービス"}},
		{"セキュリティ", 4, []string{"セキュリ", "ティ"}},           // longer than a line: 禁則 keeps ィ off the line start
		{"スマートフォンでの利用", 8, []string{"スマートフォン", "での利用"}}, // a phrase longer than a line
		{"予算（コスト）", 5, []string{"予算", "（コスト）"}},
		{"専門知識・運用負担", 6, []string{"専門知識・", "運用負担"}},
		{"1人月あたり総額", 7, []string{"1人月あたり", "総額"}},
		{"KAGOYA メールサーバー エンタープライズプラン", 20, []string{"KAGOYA メールサーバー", "エンタープライズプラン"}},
		{"エンタープライズプラン", 9, []string{"エンタープライズ", "プラン"}},
		{"さくらのメールボックス", 9, []string{"さくらの", "メールボックス"}},
		{"メールプレミアム (IDC hosting)（暫定）", 13, []string{"メールプレミアム (IDC", "hosting)（暫定）"}},
		{"エンタープライズ（36か月契約・一括前払い）", 9, []string{"エンタープライズ", "（36か月契約・", "一括前払い）"}},
		{"The runner-up scores lower", 8, []string{"The runner-up", "scores lower"}},
		{"line one\nline two", 40, []string{"line one", "line two"}},
		{"", 5, []string{""}},
	}
	for _, c := range cases {
		got := breakLines(c.in, c.width, em)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("breakLines(%q, %.0f em) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}

// TestBreakLinesKeepsFiguresWhole breaks the review's sentences at every
// width from one character up: no line may end inside a figure
// ("月8. / 0時間", "320, / 016 JPY", "1, / 920時間", "1. / 17米ドル") unless
// the figure alone is wider than the line, and every character prints.
func TestBreakLinesKeepsFiguresWhole(t *testing.T) {
	em := func(r rune) float64 { return textEm(string(r)) }
	for _, c := range []struct {
		text string
		figs []string
	}{
		{"Mailuの運用は月約22.0時間かかりますが、確保できるのは月8.0時間です", []string{"22.0", "8.0"}},
		{"容量不足・大量送信・パッチ）に月約22.0時間", []string{"22.0"}},
		{"判明している初期費用だけで320,016 JPY", []string{"320,016"}},
		{"令和7年賃金構造基本統計調査 ソフトウェア作成者 ¥5,785,000/年 ÷ 1,920時間", []string{"¥5,785,000/", "1,920"}},
		{"既定値: 報告省令レート（令和8年3月分）（1ユーロ（1EUR）につき1.17米ドル × 157円）", []string{"1.17", "157"}},
		{"受付は10:30から、期限は2026/11/30、差額は−3,200円", []string{"10:30", "2026/11/30", "−3,200"}},
	} {
		full := 0.0
		for _, r := range c.text {
			full += em(r)
		}
		for maxW := 0.5; maxW <= full+0.5; maxW += 0.25 {
			lines := breakLines(c.text, maxW, em)
			if got, want := strings.ReplaceAll(strings.Join(lines, ""), " ", ""), strings.ReplaceAll(c.text, " ", ""); got != want {
				t.Fatalf("%q at %.2f em lost characters: %q", c.text, maxW, lines)
			}
			for _, f := range c.figs {
				// Only a figure wider than the line may break, with the
				// marks JIS X 4051 keeps off a line start ("30、").
				w := textEm(f)
				for _, r := range c.text[strings.Index(c.text, f)+len(f):] {
					if !noLineStart(r) {
						break
					}
					w += em(r)
				}
				if w > maxW {
					continue
				}
				for k := 1; k < len(lines); k++ {
					for i := range f {
						if i > 0 && strings.HasSuffix(lines[k-1], f[:i]) && strings.HasPrefix(lines[k], f[i:]) {
							t.Errorf("%q at %.2f em splits %q: %q / %q", c.text, maxW, f, lines[k-1], lines[k])
						}
					}
				}
			}
		}
	}
}

// TestInFigure is the break rule itself, position by position.
func TestInFigure(t *testing.T) {
	for _, c := range []struct {
		s    string
		at   int // a break before rune at
		want bool
	}{
		{"月8.0時間", 1, false}, // 月 / 8.0: a figure may start a line
		{"月8.0時間", 2, true},  // 8 / .0
		{"月8.0時間", 3, true},  // 8. / 0
		{"月8.0時間", 4, false}, // 8.0 / 時間: not inside the figure
		{"320,016 JPY", 4, true},
		{"320,016 JPY", 8, false},
		{"¥5,785,000/年", 1, true},
		{"¥5,785,000/年", 11, false},
		{"÷ 1,920時間", 4, true},
		{"1.17米ドル", 2, true},
		{"10:30", 3, true},
		{"2026/11/30", 5, true},
		{"1位。2位", 3, false}, // a full stop after a figure ends it
		{"plan-1, basic", 7, false},
		{"1.", 2, false},
	} {
		if got := inFigure([]rune(c.s), c.at); got != c.want {
			t.Errorf("inFigure(%q, %d) = %v, want %v", c.s, c.at, got, c.want)
		}
	}
}
