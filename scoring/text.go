package scoring

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/mailpick/mailpick/catalog"
)

// tr picks the sentence for lang. Reasons are written for a manager, in the
// report's language, at evaluation time, so renderers never rebuild them.
func tr(lang, en, ja string, args ...any) string {
	if lang == "ja" {
		return fmt.Sprintf(ja, args...)
	}
	return fmt.Sprintf(en, args...)
}

// Money formats an amount with thousands separators and the currency code.
func Money(v float64, currency string) string {
	neg := v < 0
	v = math.Abs(v)
	var s string
	if currency == "JPY" || v >= 1000 {
		s = strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	} else {
		s = strconv.FormatFloat(v, 'f', 2, 64)
	}
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	out := b.String() + " " + currency
	if neg {
		out = "-" + out
	}
	return out
}

func capLabel(path, lang string) string {
	if k, ok := catalog.LookupCapability(path); ok {
		return k.Label(lang)
	}
	switch path {
	case "storage.per_user_gb":
		return tr(lang, "disk per user", "1ユーザーあたりのディスク容量")
	case "support.hours":
		return tr(lang, "support hours", "サポートの対応時間")
	case "operations.customization":
		return tr(lang, "free customisation / integration", "自由なカスタマイズ・他システム連携")
	}
	return path
}

// CapLabel names a requirement key for people.
func CapLabel(path, lang string) string { return capLabel(path, lang) }

// levelPhrase renders a requirement level inside a sentence.
func levelPhrase(l Level, lang string) string {
	switch l {
	case Must:
		return tr(lang, "required", "必須です")
	case Want:
		return tr(lang, "wanted", "希望されています")
	}
	return tr(lang, "not needed", "不要です")
}
