package rfi

import (
	"fmt"
	"github.com/mailpick/mailpick/msg"
	"strings"

	"github.com/mailpick/mailpick/catalog"
)

// QuestionText is the plain question a vendor reads for key, in lang.
// Capabilities are asked as their one-sentence definition: the vendor
// answers whether that sentence is true of its service.
func QuestionText(key, lang string) string {
	if k, ok := catalog.LookupCapability(key); ok {
		return k.Label(lang) + msg.T(lang, "rfi.label_sep") + k.Definition(lang)
	}
	if capKey, ok := strings.CutPrefix(key, "addons."); ok {
		return msg.T(lang, "rfi.if_is_an_option", "cap", capLabel(capKey, lang))
	}
	if m := tierKey.FindStringSubmatch(key); m != nil {
		head := msg.T(lang, "rfi.only_if_you_sell", "tier", m[1])
		return head + msg.T(lang, "rfi.tier."+m[2])
	}
	if msg.Has("rfi.question." + key) {
		return msg.T(lang, "rfi.question."+key)
	}
	return key
}

func capLabel(key, lang string) string {
	if k, ok := catalog.LookupCapability(key); ok {
		return k.Label(lang)
	}
	return key
}

// groupLabel names a group in the section column.
func groupLabel(g Group, lang string) string { return msg.T(lang, "rfi.group."+string(g)) }

// formatText describes in the format column what an answer may be.
func formatText(s Spec, currency, lang string) string {
	switch s.Kind {
	case KindState, KindEnum:
		return strings.Join(s.Choices(lang), msg.T(lang, "rfi.choice_sep"))
	case KindNumber:
		return msg.T(lang, "rfi.number", "unit", s.Unit.Label(currency, lang))
	case KindWhole:
		return msg.T(lang, "rfi.whole_number", "min", shortNumber(s.Min), "max", shortNumber(s.Max), "unit", s.Unit.Label(currency, lang))
	case KindURL:
		return msg.T(lang, "rfi.https")
	}
	return msg.T(lang, "rfi.text")
}

// prompt is the input message a spreadsheet shows when the answer cell is
// selected (at most 255 characters).
func prompt(s Spec, currency, lang string) (title, text string) {
	title = msg.T(lang, "rfi.answer")
	switch s.Kind {
	case KindState:
		text = msg.T(lang, "rfi.choose_from_the_list")
	case KindEnum:
		text = msg.T(lang, "rfi.choose_from_list", "choices", strings.Join(s.Choices(lang), msg.T(lang, "rfi.list_sep")))
	case KindNumber:
		text = msg.T(lang, "rfi.digits_only_in_e", "unit", s.Unit.Label(currency, lang), "example", s.Unit.example())
	case KindWhole:
		text = msg.T(lang, "rfi.a_whole_number_from", "min", shortNumber(s.Min), "max", shortNumber(s.Max), "unit", s.Unit.Label(currency, lang))
	case KindURL:
		text = msg.T(lang, "rfi.a_web_address_starting")
	default:
		text = msg.T(lang, "rfi.text_up_to_characters", "n", int(s.Max))
	}
	return title, text
}

// errorText is the message a spreadsheet shows when an answer breaks the
// validation.
func errorText(s Spec, currency, lang string) (title, text string) {
	title = msg.T(lang, "rfi.not_a_valid_answer")
	switch s.Kind {
	case KindState, KindEnum:
		text = msg.T(lang, "rfi.choose_one_of", "choices", strings.Join(s.Choices(lang), msg.T(lang, "rfi.list_sep")))
	case KindNumber:
		text = msg.T(lang, "rfi.type_a_number_from", "unit", s.Unit.Label(currency, lang))
	case KindWhole:
		text = msg.T(lang, "rfi.type_a_whole_number", "min", shortNumber(s.Min), "max", shortNumber(s.Max))
	default:
		text = msg.T(lang, "rfi.up_to_characters", "n", int(s.Max))
	}
	return title, text
}

// coverName is the name of the cover sheet.
func coverName(lang string) string { return msg.T(lang, "rfi.cover") }

func coverLines(q *Questionnaire) (title string, lines []string, steps []string) {
	lang := q.Lang
	company := q.Company
	if company == "" {
		company = msg.T(lang, "rfi.the_company_did_not")
	}
	title = msg.T(lang, "rfi.questionnaire_on_your_mail")
	lines = []string{
		msg.T(lang, "rfi.from", "company", company),
		msg.T(lang, "rfi.date", "date", q.Date.Format("2006-01-02")),
		msg.T(lang, "rfi.is_choosing_how_to", "company", company),
	}
	steps = []string{
		msg.T(lang, "rfi.answer_in_the_yellow"),
		msg.T(lang, "rfi.type_numbers_as_digits"),
		msg.T(lang, "rfi.in_the_evidence_column"),
		msg.T(lang, "rfi.questions_marked_weigh_most"),
		msg.T(lang, "rfi.the_current_column_shows"),
		msg.T(lang, "rfi.leave_a_cell_blank"),
		msg.T(lang, "rfi.return_this_file_as"),
	}
	return title, lines, steps
}

// headerLabels are the localized labels above the literal header row.
func headerLabels(lang string) []string {
	out := make([]string, len(headerKeys))
	for i, k := range headerKeys {
		out[i] = msg.T(lang, "rfi.header."+k)
	}
	return out
}

// headerKeys is the literal header row import reads.
var headerKeys = []string{"key", "priority", "section", "question", "format", "current", "answer", "evidence"}

func colOf(name string) int {
	for i, k := range headerKeys {
		if k == name {
			return i + 1
		}
	}
	panic(fmt.Sprintf("rfi: no column %q", name))
}
