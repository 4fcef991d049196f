package reports

// Labels are the fixed texts of every format, in ja (the seed's terms) and en.
var labels = map[string][2]string{
	"title":           {"メール環境 選定レポート", "Mail platform decision report"},
	"recommendation":  {"推奨", "Recommendation"},
	"runner_up":       {"次点", "Runner-up"},
	"self_host":       {"自社構築の適否", "Self-hosting readiness"},
	"rank":            {"順位", "Rank"},
	"option":          {"選択肢", "Option"},
	"kind":            {"種別", "Kind"},
	"score":           {"総合点", "Score"},
	"tco":             {"TCO", "TCO"},
	"per_user_month":  {"1ユーザー月額", "Per user-month"},
	"eligible":        {"適合", "Eligible"},
	"ineligible":      {"対象外（必須要件を満たさない）", "Ineligible (fails a must-have)"},
	"unverified":      {"未確認の必須要件", "Unverified must-haves"},
	"provider":        {"外部サービス", "service"},
	"self-hosted":     {"自社構築", "self-hosted"},
	"recommended":     {"自社構築を推奨", "self-hosting recommended"},
	"possible":        {"自社構築は可能（ただし外部サービスを優先検討）", "possible (consider services first)"},
	"not_recommended": {"自社構築は非推奨", "not recommended"},
	"none":            {"該当なし", "none"},
	"incomplete":      {"価格不明", "price unknown"},
	"accounts":        {"メールアカウント数", "Accounts"},
	"years":           {"年", "years"},
	"growth":          {"年間増加率", "growth/year"},
}

// L returns the label for key in lang.
func L(lang, key string) string {
	l, ok := labels[key]
	if !ok {
		return key
	}
	if lang == "ja" {
		return l[0]
	}
	return l[1]
}
