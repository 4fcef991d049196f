package rfi

import (
	"fmt"
	"strings"

	"github.com/mailpick/mailpick/catalog"
)

// QuestionText is the plain question a vendor reads for key, in lang.
// Capabilities are asked as their one-sentence definition: the vendor
// answers whether that sentence is true of its service.
func QuestionText(key, lang string) string {
	if k, ok := catalog.LookupCapability(key); ok {
		return k.Label(lang) + tr(lang, ": ", "：") + k.Definition(lang)
	}
	if capKey, ok := strings.CutPrefix(key, "addons."); ok {
		return tr(lang, "If “%s” is an option (addon): its price per account per month.",
			"「%s」がオプション（有償）の場合: アカウントあたりの月額料金。", capLabel(capKey, lang))
	}
	if m := tierKey.FindStringSubmatch(key); m != nil {
		head := tr(lang, "Only if you sell the plan in tiers (by capacity or accounts), smallest first — tier %s: ",
			"容量やアカウント数で段階的なプランがある場合のみ（小さい順）— 第%s段階: ", m[1])
		return head + tierFieldText[m[2]][langIndex(lang)]
	}
	if t, ok := questionTexts[key]; ok {
		return t[langIndex(lang)]
	}
	return key
}

func langIndex(lang string) int {
	if lang == "ja" {
		return 0
	}
	return 1
}

func capLabel(key, lang string) string {
	if k, ok := catalog.LookupCapability(key); ok {
		return k.Label(lang)
	}
	return key
}

var questionTexts = map[string][2]string{
	"name": {"サービス（プラン）の名称を教えてください。",
		"What is the name of the service (plan)?"},
	"url": {"サービスの内容と料金を説明しているWebページのURLを教えてください（必須）。",
		"The web page that describes the service and its prices (required)."},
	"storage.per_user_gb": {"1アカウントのメールボックスに使える最大容量は何GBですか。",
		"How large can one account's mailbox be, in GB?"},
	"storage.total_gb": {"アカウント数にかかわらず契約全体で使える容量の合計がある場合、何GBですか。",
		"If storage is a pool for the whole contract, whatever the accounts: how many GB?"},
	"support.hours": {"サポートの対応時間はどれですか。",
		"When does support answer?"},
	"pricing.tax": {"回答いただく価格は消費税込みですか、税抜きですか。",
		"Do the prices you give include consumption tax (VAT)?"},
	"pricing.term_months": {"回答いただく価格の前提となる契約期間は何か月ですか。",
		"What commitment, in months, do the prices you give assume?"},
	"pricing.flat_month": {"アカウント数にかかわらず契約ごとにかかる月額料金はいくらですか（なければ0）。",
		"The monthly price per contract, whatever the number of accounts (0 if none)."},
	"pricing.per_user_month": {"アカウント1つあたりの月額料金はいくらですか（なければ0）。",
		"The monthly price per account (0 if none)."},
	"pricing.initial": {"初期費用はいくらですか（なければ0）。",
		"The one-off fee at sign-up (0 if none)."},
	"pricing.max_users": {"この価格で作成できるアカウント数の上限はいくつですか（上限がなければ空欄）。",
		"The most accounts this price allows (blank if there is no limit)."},
}

var tierFieldText = map[string][2]string{
	"name":             {"プラン名", "plan name"},
	"max_users":        {"アカウント数の上限", "most accounts"},
	"storage_total_gb": {"契約全体の容量（GB）", "storage for the whole contract (GB)"},
	"flat_month":       {"契約あたりの月額料金", "monthly price per contract"},
	"per_user_month":   {"アカウントあたりの月額料金", "monthly price per account"},
}

// groupLabel names a group in the section column.
func groupLabel(g Group, lang string) string {
	l := map[Group][2]string{
		GroupIdentity: {"基本情報", "identity"},
		GroupMust:     {"必須", "must"},
		GroupWant:     {"希望", "want"},
		GroupPrice:    {"価格・容量", "price"},
	}[g]
	return l[langIndex(lang)]
}

// formatText describes in the format column what an answer may be.
func formatText(s Spec, currency, lang string) string {
	switch s.Kind {
	case KindState, KindEnum:
		return strings.Join(s.Choices(lang), tr(lang, " / ", "／"))
	case KindNumber:
		return tr(lang, "number, %s", "数値（%s）", s.Unit.Label(currency, lang))
	case KindWhole:
		return tr(lang, "whole number %s–%s, %s", "整数 %s〜%s（%s）", shortNumber(s.Min), shortNumber(s.Max), s.Unit.Label(currency, lang))
	case KindURL:
		return tr(lang, "https://…", "https://…")
	}
	return tr(lang, "text", "文字")
}

// prompt is the input message a spreadsheet shows when the answer cell is
// selected (at most 255 characters).
func prompt(s Spec, currency, lang string) (title, msg string) {
	title = tr(lang, "Answer", "回答")
	switch s.Kind {
	case KindState:
		msg = tr(lang, "Choose from the list: yes, no, addon (a paid option), unknown. Leave blank if you cannot say.",
			"一覧から選んでください: はい／いいえ／オプション（有償）／不明。わからない場合は空欄のままで構いません。")
	case KindEnum:
		msg = tr(lang, "Choose from the list: %s.", "一覧から選んでください: %s。", strings.Join(s.Choices(lang), tr(lang, ", ", "／")))
	case KindNumber:
		msg = tr(lang, "Digits only, in %s (e.g. %s).", "数字のみ、単位は%s（例: %s）。", s.Unit.Label(currency, lang), s.Unit.example())
	case KindWhole:
		msg = tr(lang, "A whole number from %s to %s, in %s.", "%s〜%sの整数（%s）。", shortNumber(s.Min), shortNumber(s.Max), s.Unit.Label(currency, lang))
	case KindURL:
		msg = tr(lang, "A web address starting with https://", "https:// で始まるURL。")
	default:
		msg = tr(lang, "Text, up to %d characters.", "%d文字以内。", int(s.Max))
	}
	return title, msg
}

// errorText is the message a spreadsheet shows when an answer breaks the
// validation.
func errorText(s Spec, currency, lang string) (title, msg string) {
	title = tr(lang, "Not a valid answer", "回答の形式が違います")
	switch s.Kind {
	case KindState, KindEnum:
		msg = tr(lang, "Choose one of: %s.", "次から選んでください: %s。", strings.Join(s.Choices(lang), tr(lang, ", ", "／")))
	case KindNumber:
		msg = tr(lang, "Type a number from 0 in %s, digits only.", "0以上の数値を数字のみで入力してください（%s）。", s.Unit.Label(currency, lang))
	case KindWhole:
		msg = tr(lang, "Type a whole number from %s to %s.", "%s〜%sの整数を入力してください。", shortNumber(s.Min), shortNumber(s.Max))
	default:
		msg = tr(lang, "Up to %d characters.", "%d文字以内で入力してください。", int(s.Max))
	}
	return title, msg
}

// coverName is the name of the cover sheet.
func coverName(lang string) string { return tr(lang, "Cover", "表紙") }

func coverLines(q *Questionnaire) (title string, lines []string, steps []string) {
	lang := q.Lang
	company := q.Company
	if company == "" {
		company = tr(lang, "(the company did not give its name)", "（依頼元の社名が未記入です）")
	}
	title = tr(lang, "Questionnaire on your mail service (RFI)", "メールサービスに関する質問票（RFI）")
	lines = []string{
		tr(lang, "From: %s", "依頼元: %s", company),
		tr(lang, "Date: %s", "依頼日: %s", q.Date.Format("2006-01-02")),
		tr(lang, "%s is choosing how to run its e-mail. Please answer the questions on the sheet of your service, so that your service is compared on what you state rather than on what public pages say or leave out.",
			"%sはメール環境の選定を行っています。公開情報だけでなく貴社のご回答にもとづいて比較するため、貴社サービスのシートの質問にご回答ください。", company),
	}
	steps = []string{
		tr(lang, "Answer in the yellow cells of the “answer” column. Yes/no questions have a drop-down list: yes, no, addon (a paid option), unknown.",
			"「回答」列の黄色のセルにご回答ください。はい／いいえの質問はドロップダウンから選べます（はい／いいえ／オプション（有償）／不明）。"),
		tr(lang, "Type numbers as digits only, in the unit the “format” column gives (e.g. 300). Give prices for the accounts and mailbox size below.",
			"数値は「回答の形式」列の単位で、数字のみを入力してください（例: 300）。価格は下記のアカウント数・容量を前提にお答えください。"),
		tr(lang, "In the “evidence” column, name the document, web page or note your answer rests on.",
			"「根拠」列に、回答の根拠となる資料名・URL・補足をご記入ください。"),
		tr(lang, "Questions marked ★ weigh most in the comparison; please answer them first.",
			"★の付いた質問は比較への影響が大きいため、優先してご回答ください。"),
		tr(lang, "The “current” column shows what we found in public sources, with its kind and date. Correct it where it is wrong.",
			"「現在の情報」列は公開情報から把握している内容（出典の種別と日付）です。誤りがあればご回答で訂正してください。"),
		tr(lang, "Leave a cell blank if you cannot say. Do not rename sheets or change the key column: answers are read back by key.",
			"わからない項目は空欄のままで構いません。シート名やキー列は変更しないでください（回答はキーで読み取ります）。"),
		tr(lang, "Return this file as it is when you have answered.",
			"ご回答後、このファイルをそのままご返送ください。"),
	}
	return title, lines, steps
}

// headerLabels are the localized labels above the literal header row.
func headerLabels(lang string) []string {
	if lang == "ja" {
		return []string{"キー", "優先", "区分", "質問", "回答の形式", "現在の情報（出典・日付）", "回答", "根拠（資料名・URL・補足）"}
	}
	return []string{"Key", "Priority", "Section", "Question", "Format", "Current (source, date)", "Answer", "Evidence (document, URL, note)"}
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
