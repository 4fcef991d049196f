package msg

import (
	"encoding/json"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// TestTable is the check a message library would leave to run time: every
// code has both languages, both take the same arguments, and no entry uses
// printf verbs (arguments are named, so each language orders them freely).
func TestTable(t *testing.T) {
	if len(table) < 100 {
		t.Fatalf("table has %d codes; the labels were not registered", len(table))
	}
	for _, code := range Codes() {
		e := table[code]
		if strings.TrimSpace(e.EN) == "" || strings.TrimSpace(e.JA) == "" {
			t.Errorf("%s lacks a language: en %q, ja %q", code, e.EN, e.JA)
		}
		if en, ja := placeholders(e.EN), placeholders(e.JA); !reflect.DeepEqual(en, ja) {
			t.Errorf("%s: en takes %v, ja takes %v", code, en, ja)
		}
		for _, s := range []string{e.EN, e.JA} {
			if regexp.MustCompile(`%[-+#0-9.\[\]]*[a-zA-Z]`).MatchString(s) {
				t.Errorf("%s uses a printf verb; name the argument instead: %q", code, s)
			}
		}
	}
}

// allowedLatin are the words Japanese text may carry in Latin letters:
// acronyms (any word in capitals: TCO, DMARC) and the few words a
// Japanese IT manager reads as they are.
var allowedLatin = map[string]bool{
	"mailpick": true, "ceil": true, "Web": true,
	"reject": true, "quarantine": true, // DMARC policy values
	"IPv": true, "Null": true, "Received": true, // IPv6, Null MX (RFC 7505), a header's name
}

// TestJapaneseHasNoStrayEnglish catches untranslated words ("unknown",
// "basic", "requirements") in Japanese text. Placeholders, [toml.keys],
// --flags with their value, snake_case keys, quoted file values ("none"), a file's value in parentheses
// （must）, record syntax (p=none, -all) and one-letter variables are code,
// not words.
func TestJapaneseHasNoStrayEnglish(t *testing.T) {
	code := regexp.MustCompile(`\{[^}]*\}|\[[^\]]*\]|--[a-z-]+( [a-z]+)?|mailpick [a-z]+|[a-z]+_[a-z_]+|"[a-z0-9]+"|（[a-z]+）|[a-z]+=[a-z0-9]+(/[a-z]+)*|[-~]all|https://|\b[a-zA-Z]\b`)
	word := regexp.MustCompile(`[A-Za-z]+`)
	for _, c := range Codes() {
		ja := code.ReplaceAllString(table[c].JA, "")
		for _, w := range word.FindAllString(ja, -1) {
			if !allowedLatin[w] && strings.ToUpper(w) != w { // an acronym (SMTP, MTA-STS) reads as it is
				t.Errorf("%s: Japanese text has the English word %q: %q", c, w, table[c].JA)
			}
		}
	}
}

func TestRender(t *testing.T) {
	add(map[string]Entry{
		"test.order":   {EN: "{a} before {b}", JA: "{b}の前に{a}"},
		"test.verbs":   {EN: "{h:.1f} h, {n} items", JA: "{h:.1f}時間、{n}件"},
		"test.typed":   {EN: "{key} is {level}; {opt} offers {state}; {cost}", JA: "{key}は{level}。{opt}は{state}。{cost}"},
		"test.nested":  {EN: "why: {inner}", JA: "理由: {inner}"},
		"test.clauses": {EN: "{parts}", JA: "{parts}"},
	})
	cases := []struct {
		name, lang string
		m          Message
		want       string
	}{
		{"en order", "en", New("test.order", "a", "X", "b", "Y"), "X before Y"},
		{"ja reorders", "ja", New("test.order", "a", "X", "b", "Y"), "Yの前にX"},
		{"verb", "en", New("test.verbs", "h", 8.96, "n", 3), "9.0 h, 3 items"},
		{"verb ja", "ja", New("test.verbs", "h", 8.94, "n", 3), "8.9時間、3件"},
		{"missing arg shows", "en", New("test.order", "a", "X"), "X before ‹b›"},
		{"unknown code shows", "en", New("test.nope"), "test.nope"},
		{"typed en", "en", New("test.typed", "key", Req("budget.monthly_max"), "level", Level("must"),
			"opt", Option{ID: "o1", Name: "Mail One"}, "state", State("unknown"), "cost", Money{Amount: 1234567, Currency: "JPY"}),
			"monthly budget is required; Mail One offers unknown; 1,234,567 JPY"},
		{"typed ja", "ja", New("test.typed", "key", Req("budget.monthly_max"), "level", Level("must"),
			"opt", Option{ID: "o1", Name: "Mail One"}, "state", State("unknown"), "cost", Money{Amount: 1234567, Currency: "JPY"}),
			"月額費用の予算は必須です。Mail Oneは不明。1,234,567 JPY"},
		{"lower bound en", "en", New("test.nested", "inner", Money{Amount: 5744813, Currency: "JPY", AtLeast: true}), "why: ≥ 5,744,813 JPY"},
		{"lower bound ja", "ja", New("test.nested", "inner", Money{Amount: 5744813, Currency: "JPY", AtLeast: true}), "理由: ≥ 5,744,813 JPY"},
		{"known amount has no mark", "ja", New("test.nested", "inner", Money{Amount: 6051053, Currency: "JPY"}), "理由: 6,051,053 JPY"},
		{"nested", "ja", New("test.nested", "inner", New("test.order", "a", "X", "b", "Y")), "理由: Yの前にX"},
		{"clauses en", "en", New("test.clauses", "parts", Clauses{New("test.order", "a", 1, "b", 2), New("test.order", "a", 3, "b", 4)}), "1 before 2; 3 before 4"},
		{"clauses ja", "ja", New("test.clauses", "parts", Clauses{New("test.order", "a", 1, "b", 2), New("test.order", "a", 3, "b", 4)}), "2の前に1。4の前に3"},
		{"addon key", "ja", New("test.nested", "inner", Req("addons.pricing.per_user_month")), "理由: オプション料金: 1ユーザーあたりの料金"},
		{"expertise ja", "ja", New("test.nested", "inner", Expertise("basic")), "理由: 基礎レベル"},
		{"basis", "ja", New("test.nested", "inner", Basis("assumption+requirements")), "理由: 前提値 + 要件ファイル"},
		{"basis named once", "ja", New("test.nested", "inner", Basis("assumption+assumption")), "理由: 前提値"},
		{"basis named once en", "en", New("test.nested", "inner", Basis("assumption+requirements+assumption")), "why: assumption + requirements"},
		{"criterion label", "ja", New("test.nested", "inner", Label{ID: "cost", EN: "Cost", JA: "予算"}), "理由: 予算"},
	}
	for _, c := range cases {
		if got := Render(c.lang, c.m); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

// TestMessageJSON pins the shape a program reads next to the sentence.
func TestMessageJSON(t *testing.T) {
	m := New("violation.budget_monthly", "key", Req("budget.monthly_max"), "cost", Money{Amount: 100, Currency: "JPY"},
		"option", Option{ID: "o1", Name: "Mail One"}, "criterion", Label{ID: "cost", EN: "Cost", JA: "予算"}, "hours", 1.5)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"code":"violation.budget_monthly","args":{"cost":{"amount":100,"currency":"JPY"},"criterion":"cost","hours":1.5,"key":"budget.monthly_max","option":{"id":"o1","name":"Mail One"}}}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

func TestFormatMoney(t *testing.T) {
	cases := []struct {
		v    float64
		cur  string
		want string
	}{
		{0, "JPY", "0 JPY"}, {1234.4, "JPY", "1,234 JPY"}, {-1234567, "JPY", "-1,234,567 JPY"},
		{12.5, "USD", "12.50 USD"}, {999.994, "USD", "999.99 USD"}, {1000.4, "USD", "1,000 USD"},
	}
	for _, c := range cases {
		if got := FormatMoney(c.v, c.cur); got != c.want {
			t.Errorf("FormatMoney(%v, %s) = %q, want %q", c.v, c.cur, got, c.want)
		}
	}
}
