// Package msg holds every sentence and label mailpick shows, in English and
// Japanese side by side, and the one renderer that turns a Message (a code
// plus its arguments) into words.
//
// Scoring decides in values: a violation, a deciding reason, a readiness
// condition or a what-if line is a Message whose arguments are requirement
// keys, amounts, option ids and numbers. Words are chosen only here, at the
// edge, for the terminal table, --explain and every report format, so two
// formats cannot word the same fact differently and the JSON carries the
// code and arguments a program can read without parsing a sentence.
//
// Why a typed Go table and not github.com/nicksnyder/go-i18n/v2 with TOML
// message files:
//   - One entry holds both languages as named fields (EN:, JA:), so a
//     translation cannot be swapped or forgotten without the entry looking
//     wrong in review; go-i18n keeps one file per language, and the two drift
//     apart silently (it falls back to the default language at run time).
//   - Arguments are Go values with a meaning (a requirement key is rendered
//     as its label, an amount with its currency, a level as a phrase), so the
//     renderer knows how to word them in each language; go-i18n passes plain
//     template data and every caller would format amounts and labels itself.
//   - Two languages, and Japanese has no plural forms; the few English
//     plurals are separate codes. go-i18n's CLDR plural rules would not be
//     used, and its templates, file loading and embedding would be code and
//     failure modes with nothing to show for them.
//   - The test in this package checks what the library would leave to run
//     time: every code has both languages, both use the same placeholders,
//     and Japanese text has no stray English words.
//
// Placeholders are named, {name} or {name:.1f} (a fmt verb without the %),
// so each language orders them as its grammar wants.
package msg

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Entry is one message in both languages. Both must be set.
type Entry struct {
	EN, JA string
}

// table is the message table: code → both languages. Each file of this
// package registers its part (report labels, scoring reasons, …) with add,
// so a code is defined once across all of them.
var table = map[string]Entry{}

func add(part map[string]Entry) map[string]Entry {
	for k, e := range part {
		if _, dup := table[k]; dup {
			panic("msg: code " + k + " is defined twice")
		}
		table[k] = e
	}
	return part
}

// Register adds a message for a criterion or method that a caller brings
// (Options.Criteria): its words come with it. It panics when code is
// taken or a language is missing, as a duplicate key in the table would.
func Register(code string, e Entry) {
	if e.EN == "" || e.JA == "" {
		panic("msg: code " + code + " lacks a language")
	}
	add(map[string]Entry{code: e})
}

// Has reports whether code is in the table.
func Has(code string) bool {
	_, ok := table[code]
	return ok
}

// Codes lists every code, sorted (for tests and tools).
func Codes() []string {
	out := make([]string, 0, len(table))
	for k := range table {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Lookup returns the entry for code.
func Lookup(code string) (Entry, bool) {
	e, ok := table[code]
	return e, ok
}

// In returns the entry's text in lang: Japanese for "ja", English otherwise.
func (e Entry) In(lang string) string {
	if lang == "ja" {
		return e.JA
	}
	return e.EN
}

// Message is a code plus its arguments: what scoring decided, before any
// language. Args values are strings, numbers, bools, the types of this
// package (Money, Req, Reqs, Option, Label, Level, Expertise, State, Basis)
// or other Messages.
type Message struct {
	Code string         `json:"code"`
	Args map[string]any `json:"args,omitempty"`
}

// New builds a message from a code and name/value pairs, as slog does.
func New(code string, kv ...any) Message {
	m := Message{Code: code}
	if len(kv) > 0 {
		m.Args = make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m.Args[fmt.Sprint(kv[i])] = kv[i+1]
		}
	}
	return m
}

// IsZero reports whether the message is unset.
func (m Message) IsZero() bool { return m.Code == "" }

// With returns a copy of m with one more argument.
func (m Message) With(name string, v any) Message {
	args := make(map[string]any, len(m.Args)+1)
	for k, x := range m.Args {
		args[k] = x
	}
	args[name] = v
	return Message{Code: m.Code, Args: args}
}

// T renders code in lang with name/value pairs: T(lang, "year_n", "n", 3).
func T(lang, code string, kv ...any) string { return Render(lang, New(code, kv...)) }

// Render words m in lang. A code missing from the table renders as the code
// itself and a missing argument as ‹name›, so a slip shows in the output
// (and in golden files) instead of vanishing.
func Render(lang string, m Message) string {
	e, ok := table[m.Code]
	if !ok {
		return m.Code
	}
	return expand(e.In(lang), lang, m.Args)
}

// RenderAll renders each message.
func RenderAll(lang string, ms []Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = Render(lang, m)
	}
	return out
}

func expand(s, lang string, args map[string]any) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		name, verb, _ := strings.Cut(s[i+1:i+j], ":")
		if v, ok := args[name]; ok {
			b.WriteString(word(v, verb, lang))
		} else {
			b.WriteString("‹" + name + "›")
		}
		s = s[i+j+1:]
	}
}

// placeholders lists the names in s, for the table's test.
func placeholders(s string) []string {
	var out []string
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		name, _, _ := strings.Cut(s[i+1:i+j], ":")
		out = append(out, name)
		s = s[i+j+1:]
	}
	sort.Strings(out)
	return out
}

// word renders one argument in lang.
func word(v any, verb, lang string) string {
	if verb != "" {
		switch v.(type) {
		case float64, float32, int, int64:
			return fmt.Sprintf("%"+verb, v)
		}
	}
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case Message:
		return Render(lang, x)
	case []Message:
		return Join(lang, RenderAll(lang, x))
	case Worder:
		return x.Word(lang)
	}
	return fmt.Sprint(v)
}

// Worder is an argument that words itself in a language.
type Worder interface {
	Word(lang string) string
}

// Join joins items the way lang lists them: "a, b" or "a、b".
func Join(lang string, items []string) string {
	if lang == "ja" {
		return strings.Join(items, "、")
	}
	return strings.Join(items, ", ")
}

// Sentences joins clauses into one text: "a; b" in English, "a。b" in
// Japanese.
func Sentences(lang string, parts []string) string {
	if lang == "ja" {
		var b strings.Builder
		for i, p := range parts {
			b.WriteString(p)
			if i < len(parts)-1 && !strings.HasSuffix(p, "。") {
				b.WriteString("。")
			}
		}
		return b.String()
	}
	return strings.Join(parts, "; ")
}

// Clauses is an argument that renders its messages as Sentences.
type Clauses []Message

// Word implements Worder.
func (c Clauses) Word(lang string) string { return Sentences(lang, RenderAll(lang, c)) }

// Message is the clauses as one message: the clause itself when there is
// one, so the JSON has no wrapper for a single sentence.
func (c Clauses) Message() Message {
	if len(c) == 1 {
		return c[0]
	}
	return New("clauses", "parts", c)
}

// MarshalJSON keeps a nil list an empty array.
func (c Clauses) MarshalJSON() ([]byte, error) {
	if c == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]Message(c))
}

// Para joins whole sentences into a paragraph: a space between them in
// English, nothing in Japanese (each already ends with 。).
func Para(lang string, sentences ...string) string {
	if lang == "ja" {
		return strings.Join(sentences, "")
	}
	return strings.Join(sentences, " ")
}
