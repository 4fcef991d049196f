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
