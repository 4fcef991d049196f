package scoring

import (
	"fmt"
	"strings"

	"github.com/mailpick/mailpick/catalog"
)

// Template returns a requirements file in which every key has a one-line
// comment in lang, grouped by the seed's sections. It is generated from the
// vocabulary so it can never drift from what the parser accepts.
func Template(lang string) string {
	var b strings.Builder
	c := func(en, ja string) string {
		if lang == "ja" {
			return ja
		}
		return en
	}
	line := func(key, value, en, ja string) {
		fmt.Fprintf(&b, "%-24s # %s\n", key+" = "+value, c(en, ja))
	}
	b.WriteString(c("# mailpick requirements. Levels: \"must\" (rules out options without it), \"want\" (scored), \"no\" (ignored).\n",
		"# mailpick 要件ファイル。レベル: \"must\"（必須・満たさない選択肢は除外）、\"want\"（加点）、\"no\"（不要）。\n"))
	b.WriteString(c("# Check it with: mailpick evaluate -r THIS_FILE\n\n", "# 確認: mailpick evaluate -r このファイル\n\n"))
	line("lang", `"`+lang+`"`, "language of reasons and reports: \"ja\" or \"en\"", "理由・レポートの言語（\"ja\" または \"en\"）")
	line("currency", `"JPY"`, "currency of every amount below (ISO 4217)", "以下の金額の通貨（ISO 4217）")
	line("horizon_years", "5", "years of TCO to compare", "TCOを比較する年数")
	line("tax_basis", `"excluded"`, "compare prices \"excluded\" (before tax) or \"included\" (with consumption tax)", "価格を税抜（\"excluded\"）・税込（\"included\"）のどちらで比較するか")
	line("# consumption_tax", "0.10", "consumption-tax rate (default 0.10 for JPY)", "消費税率（JPYの既定は0.10）")
	fmt.Fprintf(&b, "\n[company]\n")
	line("name", `"Example K.K."`, "your company, shown on reports", "会社名（レポートに表示）")
	line("# domain", `"example.co.jp"`, "optional: your mail domain, probed as the current state", "任意: 現在のメールドメイン（現状の診断対象）")
	fmt.Fprintf(&b, "\n[accounts]  # %s\n", c("Mail accounts", "メールアカウント数"))
	line("users", "50", "mail accounts needed now", "現在必要なメールアカウント数")
	line("growth_per_year", "0.1", "yearly growth as a fraction (0.1 = +10 %/year)", "年間増加率（0.1 = 年10%増）")
	fmt.Fprintf(&b, "\n[storage]  # %s\n", c("Disk space", "ディスク容量"))
	line("per_user_gb", "1", "mailbox size each user needs, in GB (the seed: 50 users × 1 GB = 50 GB)", "1ユーザーあたりに必要な容量GB（例: 50人×1GB＝50GB）")
	defaults := map[string]string{"features.forwarding": "must", "features.auto_reply": "must", "features.mailing_lists": "want",
		"features.per_user_quota": "want", "features.user_permissions": "want", "features.bulk_admin": "want",
		"mobile.webmail": "must", "mobile.native_apps": "want",
		"security.spam_filter": "must", "security.virus_filter": "must", "security.client_tls": "must", "security.transport_tls": "must",
		"security.ip_restriction": "want", "security.sender_verification": "must", "security.dkim_signing": "must",
		"security.attachment_download": "want", "security.misdelivery_prevention": "want",
		"security.archive_mailbox": "want", "security.retention": "want", "security.two_factor": "want",
		"security.closed_network": "no", "security.data_in_japan": "no",
		"support.japanese": "must", "support.phone": "want", "support.migration_assistance": "want"}
	sections := map[string][2]string{"features": {"Features", "機能性"}, "mobile": {"Smartphone use", "スマートフォンでの利用"},
		"security": {"Security", "セキュリティ"}, "support": {"Support", "サポート体制"}}
	for _, table := range catalog.CapabilityTables {
		s := sections[table]
		fmt.Fprintf(&b, "\n[%s]  # %s\n", table, c(s[0], s[1]))
		for _, k := range catalog.CapabilityKeys {
			if k.Table != table {
				continue
			}
			line(k.Name, `"`+defaults[k.Path()]+`"`, k.EN, k.JA)
		}
		if table == "support" {
			line("hours", `"business"`, "support hours you need: \"business\" or \"24x7\"", "必要なサポート対応時間（\"business\" または \"24x7\"）")
		}
	}
	fmt.Fprintf(&b, "\n[budget]  # %s\n", c("Budget (leave a key out for no limit)", "予算（上限なしならキーを削除）"))
	line("initial_max", "500000", "most you can spend up front", "初期費用の上限")
	line("monthly_max", "150000", "most you can spend a month in year 1, admin time included", "初年度の月額費用の上限（管理工数を含む）")
	fmt.Fprintf(&b, "\n[contract]  # %s\n", c("The commitment you will sign", "契約条件"))
	line("# term_months", "12", "longest term you will commit to (default: any, the cheapest per month)", "契約できる最長期間（月）。既定は制限なし（月額が最安の期間）")
	line("# payment", `"monthly"`, "\"monthly\", \"upfront\" or \"any\"", "支払方法（\"monthly\"=月払い、\"upfront\"=前払い、\"any\"=どちらでも）")
	fmt.Fprintf(&b, "\n[operations]  # %s\n", c("In-house expertise and operating load", "専門知識・運用負担"))
	line("admin_expertise", `"basic"`, "your mail administrators: \"none\", \"basic\" or \"expert\"", "社内のメール管理者の知識（\"none\"/\"basic\"/\"expert\"）")
	line("admin_hours_per_month", "10", "hours a month the team can give to running mail", "メール運用に割ける月間工数（時間）")
	line("admin_hourly_cost", "4520", "cost of an admin hour (default: 2025 wage survey, software developers, ×1.5 employer cost)", "管理者の時間単価（既定: 令和7年賃金構造基本統計調査 ソフトウェア作成者×1.5）")
	line("customization", `"no"`, "need to customise the server or integrate it with other systems?", "サーバーの自由なカスタマイズ・他システム連携が必要か")
	line("# server_monthly", "8000", "self-hosting: your hosting/VPS cost a month", "自社構築: サーバー・VPSの月額費用")
	line("# hardware_initial", "0", "self-hosting: hardware bought up front", "自社構築: 初期のハードウェア費用")
	fmt.Fprintf(&b, "\n[weights]  # %s\n", c("How much each criterion matters (any positive numbers)", "各基準の重み（正の数、相対値）"))
	for _, cr := range catalog.Criteria {
		line(string(cr), fmt.Sprint(DefaultWeights[cr]), cr.Label("en"), cr.Label("ja"))
	}
	fmt.Fprintf(&b, "\n[fx]  # %s\n", c("Exchange rates into currency (1 unit = N of currency); a currency left out takes mailpick's dated default",
		"為替レート（1単位＝通貨でいくら）。省略した通貨はmailpickの既定レート（出典・日付つき）を使用"))
	line("# USD", "157.0", "1 USD in your currency", "1米ドルあたりの金額")
	line("# EUR", "183.69", "1 EUR in your currency", "1ユーロあたりの金額")
	b.WriteString(c("\n# [quotes.<option-id>]  # a quote you obtained; it replaces the catalog's price\n",
		"\n# [quotes.<option-id>]  # 入手した見積（カタログの価格に代わって使われます）\n"))
	line("# flat_month", "30000", "quoted price per contract per month (any number of accounts)", "見積の契約あたり月額（アカウント数によらない）")
	line("# per_user_month", "500", "quoted price per user per month", "見積の1ユーザー月額")
	line("# initial", "0", "quoted initial fee", "見積の初期費用")
	line("# tax", `"excluded"`, "whether the quote includes consumption tax: \"included\" or \"excluded\"", "見積が税込（\"included\"）か税抜（\"excluded\"）か")
	line("# term_months", "12", "the term the quote assumes, in months", "見積が前提とする契約期間（月）")
	return b.String()
}
