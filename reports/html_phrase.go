package reports

import (
	"strings"
	"unicode"
)

// Japanese has no spaces between words, and a browser may break a line
// between any two of its characters: "1ユー / ザー月額". The HTML's headers
// and chart labels break at phrase boundaries instead — where the script
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
	case b == scClose || a == scOpen:
		return false
	case a == scClose || b == scOpen:
		return true
	case a == scNarrow || b == scNarrow: // "1ユーザー", "Xserverビジネス"
		return false
	case b == scHiragana: // a particle or okurigana stays with its word
		return false
	}
	return a != b
}

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
