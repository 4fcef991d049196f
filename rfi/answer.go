// Package rfi is mailpick's procurement round trip: it writes a
// questionnaire workbook (RFI/RFQ, 質問票・見積依頼) for the vendors of the
// options whose answers could change the decision, and reads the answered
// workbooks back as catalog data whose every answered value cites the
// vendor's answer as its source.
//
// It sits beside scoring and reports, not inside either: it reads an
// evaluation through scoring's public API (re-running scoring.Evaluate on
// modified copies of an option to find the decisive questions) and writes
// catalog files through catalog.Marshal, so the rest of mailpick sees the
// answers as ordinary catalog data (`--catalog answers.toml`).
package rfi

import (
	"fmt"
	"github.com/mailpick/mailpick/msg"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mailpick/mailpick/catalog"
)

// Kind is the form an answer takes.
type Kind int

const (
	KindState  Kind = iota // yes / no / addon / unknown
	KindNumber             // a decimal ≥ 0 in a unit (money, GB)
	KindWhole              // a whole number in a range (months, accounts)
	KindEnum               // one of a fixed list (tax basis, support hours)
	KindText               // free text (a plan or service name)
	KindURL                // an http(s) URL
)

// Spec is what one question accepts.
type Spec struct {
	Kind     Kind
	Unit     Unit
	Min, Max float64  // KindNumber, KindWhole
	Enum     []string // KindEnum: canonical values, e.g. "included"
}

// Unit is what a number counts.
type Unit int

const (
	UnitNone Unit = iota
	UnitPerUserMonth
	UnitFlatMonth
	UnitOnce
	UnitGB
	UnitMonths
	UnitAccounts
)

// Value is a parsed answer. Blank answers are not values: the catalog
// keeps what it had.
type Value struct {
	State catalog.State // KindState
	Num   float64       // KindNumber, KindWhole
	Text  string        // KindEnum (canonical), KindText, KindURL
}

// String is the value as catalog data writes it.
func (v Value) String(s Spec) string {
	switch s.Kind {
	case KindState:
		return string(v.State)
	case KindNumber, KindWhole:
		return strconv.FormatFloat(v.Num, 'f', -1, 64)
	}
	return v.Text
}

// maxMoney bounds a price: larger is a typing mistake, not a quote.
const maxMoney = 1e12

var tierKey = regexp.MustCompile(`^pricing\.tiers\[([1-9][0-9]?)\]\.(name|max_users|storage_total_gb|flat_month|per_user_month)$`)

// specFor returns what the question with key accepts; false for a key no
// questionnaire asks. SpecFor narrows its numbers to the catalog's ranges.
func specFor(key string) (Spec, bool) {
	if _, ok := catalog.LookupCapability(key); ok {
		return Spec{Kind: KindState}, true
	}
	if cap, ok := strings.CutPrefix(key, "addons."); ok {
		if _, isCap := catalog.LookupCapability(cap); isCap {
			return Spec{Kind: KindNumber, Unit: UnitPerUserMonth, Max: maxMoney}, true
		}
		return Spec{}, false
	}
	if m := tierKey.FindStringSubmatch(key); m != nil {
		key = "pricing.tiers." + m[2]
	}
	switch key {
	case "name", "pricing.tiers.name":
		return Spec{Kind: KindText, Max: 200}, true
	case "url":
		return Spec{Kind: KindURL, Max: 2000}, true
	case "pricing.per_user_month", "pricing.tiers.per_user_month":
		return Spec{Kind: KindNumber, Unit: UnitPerUserMonth, Max: maxMoney}, true
	case "pricing.flat_month", "pricing.tiers.flat_month":
		return Spec{Kind: KindNumber, Unit: UnitFlatMonth, Max: maxMoney}, true
	case "pricing.initial":
		return Spec{Kind: KindNumber, Unit: UnitOnce, Max: maxMoney}, true
	case "storage.per_user_gb", "storage.total_gb", "pricing.tiers.storage_total_gb":
		return Spec{Kind: KindNumber, Unit: UnitGB, Max: 1e9}, true
	case "pricing.term_months":
		return Spec{Kind: KindWhole, Unit: UnitMonths, Min: 1, Max: 120}, true
	case "pricing.max_users", "pricing.tiers.max_users":
		return Spec{Kind: KindWhole, Unit: UnitAccounts, Min: 1, Max: 10_000_000}, true
	case "pricing.tax":
		return Spec{Kind: KindEnum, Enum: []string{catalog.TaxIncluded, catalog.TaxExcluded, catalog.TaxUnknown}}, true
	case "support.hours":
		return Spec{Kind: KindEnum, Enum: []string{"business", "24x7", "unknown"}}, true
	}
	return Spec{}, false
}

// Choices are the values a drop-down offers, in lang.
func (s Spec) Choices(lang string) []string {
	var canon []string
	switch s.Kind {
	case KindState:
		canon = []string{"yes", "no", "addon", "unknown"}
	case KindEnum:
		canon = s.Enum
	default:
		return nil
	}
	out := make([]string, len(canon))
	for i, c := range canon {
		out[i] = choiceLabel(c, lang)
	}
	return out
}

// choiceLabel is the word a workbook shows for a canonical value (both
// languages' words are also read back as answers: stateSynonyms,
// enumSynonyms).
func choiceLabel(canon, lang string) string {
	if msg.Has("rfi.choice." + canon) {
		return msg.T(lang, "rfi.choice."+canon)
	}
	return canon
}

// synonyms map what a vendor may type (after fold) to a canonical value,
// per kind: both languages' labels, and the usual variants (○/×, 税別).
var stateSynonyms = map[string]catalog.State{
	"yes": catalog.Yes, "y": catalog.Yes, "true": catalog.Yes, "はい": catalog.Yes, "○": catalog.Yes, "◯": catalog.Yes, "対応": catalog.Yes,
	"no": catalog.No, "n": catalog.No, "false": catalog.No, "いいえ": catalog.No, "×": catalog.No, "✕": catalog.No, "非対応": catalog.No,
	"addon": catalog.Addon, "add-on": catalog.Addon, "add on": catalog.Addon, "option": catalog.Addon, "オプション": catalog.Addon, "有償オプション": catalog.Addon,
	"unknown": catalog.StateUnknown, "不明": catalog.StateUnknown,
}

var enumSynonyms = map[string]string{
	"included": catalog.TaxIncluded, "incl": catalog.TaxIncluded, "税込": catalog.TaxIncluded, "税込み": catalog.TaxIncluded, "内税": catalog.TaxIncluded,
	"excluded": catalog.TaxExcluded, "excl": catalog.TaxExcluded, "税抜": catalog.TaxExcluded, "税抜き": catalog.TaxExcluded, "税別": catalog.TaxExcluded, "外税": catalog.TaxExcluded,
	"business": "business", "business hours": "business", "営業時間内": "business", "営業時間": "business", "平日": "business",
	"24x7": "24x7", "24/7": "24x7", "24時間365日": "24x7", "24時間": "24x7",
	"unknown": "unknown", "不明": "unknown",
}

// fold narrows full-width ASCII (Ｕ+FF01–FF5E) and the ideographic space,
// trims and lowercases: what a Japanese input method types for "300" or
// "Yes" reads the same as the ASCII.
func fold(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000 || r == 0xA0:
			return ' '
		}
		return r
	}, s)
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// ParseAnswer reads one answer cell. ok is false for a blank cell (no
// answer). The error says what is wrong and what is allowed, in English,
// as every mailpick input problem does.
func ParseAnswer(s Spec, raw, currency string) (v Value, ok bool, err error) {
	if !utf8.ValidString(raw) {
		return Value{}, false, fmt.Errorf("is not valid text; %s", s.Allowed(currency))
	}
	f := fold(raw)
	if f == "" {
		return Value{}, false, nil
	}
	shown := clip(strings.TrimSpace(raw), 40)
	switch s.Kind {
	case KindState:
		if st, known := stateSynonyms[f]; known {
			return Value{State: st}, true, nil
		}
		return Value{}, false, fmt.Errorf("%q is not in the list; %s", shown, s.Allowed(currency))
	case KindEnum:
		if c, known := enumSynonyms[f]; known && contains(s.Enum, c) {
			return Value{Text: c}, true, nil
		}
		return Value{}, false, fmt.Errorf("%q is not in the list; %s", shown, s.Allowed(currency))
	case KindNumber, KindWhole:
		n, perr := parseNumber(f, s.Unit, currency)
		if perr != nil {
			return Value{}, false, fmt.Errorf("%q is not a number; %s", shown, s.Allowed(currency))
		}
		if s.Kind == KindWhole && n != math.Trunc(n) {
			return Value{}, false, fmt.Errorf("%q is not a whole number; %s", shown, s.Allowed(currency))
		}
		if n < s.Min || n > s.Max {
			return Value{}, false, fmt.Errorf("%s is out of range; %s", strconv.FormatFloat(n, 'f', -1, 64), s.Allowed(currency))
		}
		return Value{Num: n}, true, nil
	case KindURL:
		t := strings.TrimSpace(raw)
		u, perr := url.Parse(t)
		if perr != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(t, " \t\n") || len(t) > int(s.Max) {
			return Value{}, false, fmt.Errorf("%q is not a web address; %s", shown, s.Allowed(currency))
		}
		return Value{Text: t}, true, nil
	default: // KindText
		t := strings.Join(strings.Fields(raw), " ")
		if utf8.RuneCountInString(t) > int(s.Max) {
			return Value{}, false, fmt.Errorf("is longer than %d characters; %s", int(s.Max), s.Allowed(currency))
		}
		if strings.IndexFunc(t, unicode.IsControl) >= 0 {
			return Value{}, false, fmt.Errorf("contains control characters; %s", s.Allowed(currency))
		}
		return Value{Text: t}, true, nil
	}
}

// Allowed says in English what an answer of this spec may be, for
// problem messages.
func (s Spec) Allowed(currency string) string {
	switch s.Kind {
	case KindState:
		return "allowed: yes, no, addon, unknown (はい, いいえ, オプション, 不明), or blank"
	case KindEnum:
		var parts []string
		for _, c := range s.Enum {
			parts = append(parts, fmt.Sprintf("%s (%s)", c, choiceLabel(c, "ja")))
		}
		return "allowed: " + strings.Join(parts, ", ") + ", or blank"
	case KindNumber:
		return fmt.Sprintf("allowed: a number from 0 to %s %s, digits only (e.g. %s), or blank", shortNumber(s.Max), s.Unit.English(currency), s.Unit.example())
	case KindWhole:
		return fmt.Sprintf("allowed: a whole number from %s to %s %s, or blank", shortNumber(s.Min), shortNumber(s.Max), s.Unit.English(currency))
	case KindURL:
		return "allowed: a web address starting with https:// or http://, or blank"
	}
	return fmt.Sprintf("allowed: text up to %d characters, or blank", int(s.Max))
}

// English names the unit for messages.
func (u Unit) English(currency string) string {
	switch u {
	case UnitPerUserMonth:
		return currency + " per account per month"
	case UnitFlatMonth:
		return currency + " per month per contract"
	case UnitOnce:
		return currency + " once"
	case UnitGB:
		return "GB"
	case UnitMonths:
		return "months"
	case UnitAccounts:
		return "accounts"
	}
	return ""
}

// Label names the unit in a workbook's language.
func (u Unit) Label(currency, lang string) string {
	if lang != "ja" {
		return u.English(currency)
	}
	switch u {
	case UnitPerUserMonth:
		return currency + "／アカウント・月"
	case UnitFlatMonth:
		return currency + "／月（契約あたり）"
	case UnitOnce:
		return currency + "（初回のみ）"
	case UnitGB:
		return "GB"
	case UnitMonths:
		return "か月"
	case UnitAccounts:
		return "アカウント"
	}
	return ""
}

func (u Unit) example() string {
	switch u {
	case UnitGB:
		return "50"
	case UnitOnce:
		return "16500"
	}
	return "300"
}

// shortNumber writes a range bound with thousands separators, exactly
// (1e10 → "10,000,000,000"), so the questionnaire states the same range as
// the catalog's range table.
func shortNumber(v float64) string {
	return groupThousands(strconv.FormatFloat(v, 'f', -1, 64))
}

func groupThousands(s string) string {
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}

// grouped is a number written with thousands separators: 1,200 or 12,345.6.
var grouped = regexp.MustCompile(`^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$`)

// plain is a decimal as people type it, or as a spreadsheet stores it
// (1.5E+3 for a large number).
var plain = regexp.MustCompile(`^([0-9]+(\.[0-9]*)?|\.[0-9]+)(e[+-]?[0-9]{1,3})?$`)

// parseNumber reads a folded number: digits with optional thousands
// separators, an optional currency sign before it and an optional unit
// after it that matches what was asked ("1,200円", "¥1200", "50 GB",
// "12ヶ月"). Anything else — "要相談", "1200/年", "about 300" — is not a
// number, because guessing would put a wrong price in the decision.
func parseNumber(f string, u Unit, currency string) (float64, error) {
	s := f
	for _, sign := range []string{"¥", "￥", "$", "€", "£"} {
		s = strings.TrimPrefix(s, sign)
	}
	s = strings.TrimSpace(s)
	for _, suf := range unitSuffixes(u, currency) {
		if t, ok := strings.CutSuffix(s, suf); ok {
			s = strings.TrimSpace(t)
			break
		}
	}
	switch {
	case grouped.MatchString(s):
		s = strings.ReplaceAll(s, ",", "")
	case plain.MatchString(s):
	default:
		return 0, fmt.Errorf("not a number")
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		return 0, fmt.Errorf("not a number")
	}
	return n, nil
}

func unitSuffixes(u Unit, currency string) []string {
	money := []string{strings.ToLower(currency)}
	if currency == "JPY" {
		money = append(money, "円")
	}
	switch u {
	case UnitPerUserMonth, UnitFlatMonth, UnitOnce:
		return money
	case UnitGB:
		return []string{"gb"}
	case UnitMonths:
		return []string{"か月", "ヶ月", "ケ月", "カ月", "ヵ月", "months", "month"}
	case UnitAccounts:
		return []string{"アカウント", "accounts", "users", "人"}
	}
	return nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// clip shortens s to n runes for a message.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
