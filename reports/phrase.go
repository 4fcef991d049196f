package reports

import (
	"strings"
	"unicode"
)

// Japanese has no spaces between words, and a browser or a naive line
// breaker may break a line between any two of its characters: "1ユー /
// ザー月額", "外部サービ / ス". Every format's headers, table cells, chart
// labels and paragraphs break at phrase boundaries instead — where the script
// changes (kanji, katakana), after a closing bracket or 、, before an
// opening bracket — with hiragana (particles, okurigana) kept with the
// word before it: "スマートフォンでの / 利用", "1ユーザー / 月額". A heuristic,
// not a dictionary; every boundary it finds also keeps the basic JIS X 4051
// rules (no line starts with ー, a small kana or a closing mark).

type scriptClass int

const (
	scOther scriptClass = iota
	scSpace
	scNarrow // Latin letters, digits, ASCII punctuation
	scKanji
	scKatakana
	scHiragana
	scOpen  // opening brackets
	scClose // closing brackets, 、。・ and the like
)

func scriptOf(r rune) scriptClass {
	switch {
	case r == ' ':
		return scSpace
	case unicode.Is(unicode.Han, r) || r == '々' || r == '〆':
		return scKanji
	case unicode.Is(unicode.Katakana, r) || r == 'ー':
		return scKatakana
	case unicode.Is(unicode.Hiragana, r):
		return scHiragana
	case noLineEnd(r):
		return scOpen
	case noLineStart(r):
		return scClose
	case !wideRune(r):
		return scNarrow
	}
	return scOther
}

// phraseBreak reports whether a line may break before rs[i] at a phrase
// boundary of Japanese text (spaces are not its business).
func phraseBreak(rs []rune, i int) bool {
	if i <= 0 || i >= len(rs) {
		return false
	}
	a, b := scriptOf(rs[i-1]), scriptOf(rs[i])
	switch {
	case a == scSpace || b == scSpace:
		return false
	case inFigure(rs, i): // "月8.0時間": the "." is not a full stop
		return false
	case b == scClose || a == scOpen:
		return false
	case a == scClose || b == scOpen:
		return true
	case a == scNarrow || b == scNarrow: // "1ユーザー", "Xserverビジネス"
		return false
	case b == scHiragana: // a particle or okurigana stays with its word
		return false
	case counterKana(rs[i-1]) && rs[i] == '月': // "12か月", "3ヶ月"
		return false
	case a == scKatakana && b == scKatakana:
		return katakanaTail(rs, i)
	}
	return a != b
}

// inFigure reports whether a break before rs[i] would split a figure:
// between two digits, around a separator that has digits on both sides
// ("8.0", "320,016", "10:30", "2026/11/30"), or after a currency or sign
// that a digit follows ("¥5,785,000", "$12", "−3"). Its punctuation is
// also 、。 to phraseBreak and a closing mark to JIS X 4051, which allow a
// break after it, so this is the one rule that keeps a figure whole; a unit
// after a space ("320,016 JPY") may still go to the next line.
func inFigure(rs []rune, i int) bool {
	if i <= 0 || i >= len(rs) {
		return false
	}
	a, b := rs[i-1], rs[i]
	switch {
	case digit(a) && digit(b):
		return true
	case figureSep(a) && digit(b):
		return i >= 2 && digit(rs[i-2])
	case digit(a) && figureSep(b):
		return i+1 < len(rs) && digit(rs[i+1])
	case strings.ContainsRune("¥￥$＄€£+＋-−", a):
		return digit(b)
	}
	return false
}

func digit(r rune) bool     { return '0' <= r && r <= '9' || '０' <= r && r <= '９' }
func figureSep(r rune) bool { return strings.ContainsRune(",.:/，．：／", r) }

// strongBreak is a phrase boundary at punctuation: after a closing bracket
// or 、, before an opening bracket.
func strongBreak(rs []rune, i int) bool {
	if !phraseBreak(rs, i) {
		return false
	}
	return scriptOf(rs[i-1]) == scClose || scriptOf(rs[i]) == scOpen
}

// phrases splits s at its spaces and phrase boundaries; joined with "" (a
// space stays at the end of its phrase) they give s back.
func phrases(s string) []string {
	rs := []rune(s)
	var out []string
	start := 0
	for i := 1; i < len(rs); i++ {
		if rs[i-1] == ' ' && rs[i] != ' ' || phraseBreak(rs, i) {
			out = append(out, string(rs[start:i]))
			start = i
		}
	}
	return append(out, string(rs[start:]))
}

// longestPhraseEm is the width of the widest phrase of s: the narrowest
// s can be set without breaking inside a phrase.
func longestPhraseEm(s string) float64 {
	best := 0.0
	for _, p := range phrases(s) {
		best = max(best, textEm(strings.TrimSpace(p)))
	}
	return best
}

// katakanaTails are the katakana words that end the compound names of
// mail plans and services ("エンタープライズ / プラン", "レンタル / サーバー",
// "ビジネス / プロ"): a katakana run breaks before one of them when it ends
// the run and at least four katakana precede it (メールサーバー stays whole). Katakana words have no
// other mark of their boundaries; this short list is not a dictionary.
var katakanaTails = []string{"プラン", "サーバー", "サーバ", "サービス", "ボックス", "プロ"}

func katakanaTail(rs []rune, i int) bool {
	if i < 4 {
		return false
	}
	for _, r := range rs[i-4 : i] {
		if scriptOf(r) != scKatakana {
			return false
		}
	}
	for _, t := range katakanaTails {
		n := i + len([]rune(t))
		if n <= len(rs) && string(rs[i:n]) == t && (n == len(rs) || scriptOf(rs[n]) != scKatakana) {
			return true
		}
	}
	return false
}

// counterKana is the kana of a month count ("12か月", "3ヶ月"), which is
// part of the word, not a particle before it.
func counterKana(r rune) bool { return strings.ContainsRune("かヶケカヵ", r) }

// breakLines breaks s into lines no wider than maxW, as width measures
// each character: the one line-breaking rule of the PDF and the HTML
// charts. Where a line overflows, it ends at the last space or
// punctuation break (strongBreak) that keeps the line at least half
// full, else at the last phrase boundary (phraseBreak) that does, else
// at the last break between two characters that keeps a Latin word
// whole and obeys JIS X 4051 (kinsokuAt); only a word or a phrase longer
// than a whole line breaks inside. A "\n" always breaks. Spaces at a break
// are dropped; no other character is.
func breakLines(s string, maxW float64, width func(rune) float64) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		rs := []rune(para)
		start := 0
		for {
			w, i := 0.0, start
			for ; i < len(rs); i++ {
				cw := width(rs[i])
				if w+cw > maxW+1e-9 && i > start { // rounding: a column sized to its text holds it
					break
				}
				w += cw
			}
			if i == len(rs) {
				out = append(out, strings.TrimRight(string(rs[start:]), " "))
				break
			}
			end := lineEnd(rs, start, i, maxW, width)
			out = append(out, strings.TrimRight(string(rs[start:end]), " "))
			start = end
			for start < len(rs) && rs[start] == ' ' {
				start++
			}
			if start == len(rs) {
				break
			}
		}
	}
	return out
}

// lineEnd is where a line from rs[start] that overflows at rs[i] ends:
// a break that keeps the line at least half full; else the last break
// of any fill whose word or phrase then fits the next line; else, for a
// word or phrase longer than a line, where its script changes
// ("スマートフォン / での"), else between two of its characters.
func lineEnd(rs []rune, start, i int, maxW float64, width func(rune) float64) int {
	if rs[i] == ' ' {
		return i
	}
	strong, phrase, any, script := -1, -1, -1, -1
	w := 0.0
	for end := start + 1; end <= i; end++ {
		w += width(rs[end-1])
		full := w >= maxW/2
		switch {
		case rs[end-1] == ' ' || strongBreak(rs, end):
			any = end
			if full {
				strong = end
			}
		case phraseBreak(rs, end):
			any = end
			if full {
				phrase = end
			}
		case full && scriptBreak(rs, end):
			script = end
		}
	}
	switch {
	case strong > 0:
		return strong
	case phrase > 0:
		return phrase
	case any > 0 && unitWidth(rs, any, width) <= maxW:
		return any
	case script > 0:
		return script
	}
	end, _ := kinsokuAt(rs, start, i)
	return end
}

// scriptBreak reports whether Japanese text changes script before rs[i]
// (katakana to hiragana, kanji to katakana) where JIS X 4051 allows a
// break: the least bad place inside a phrase too long for a line.
func scriptBreak(rs []rune, i int) bool {
	a, b := scriptOf(rs[i-1]), scriptOf(rs[i])
	jp := func(c scriptClass) bool { return c == scKanji || c == scKatakana || c == scHiragana }
	return jp(a) && jp(b) && a != b && !noLineStart(rs[i])
}

// unitWidth is the width of the word or phrase that starts at rs[i]: up to
// the next space or phrase boundary.
func unitWidth(rs []rune, i int, width func(rune) float64) float64 {
	w := 0.0
	for j := i; j < len(rs); j++ {
		if j > i && (rs[j] == ' ' || phraseBreak(rs, j)) {
			break
		}
		w += width(rs[j])
	}
	return w
}
