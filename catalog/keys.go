package catalog

import "strings"

// KeyDef defines one catalog key that is not a capability: prices,
// storage, support terms, operations and build steps. With the
// capability keys it is the whole vocabulary of a catalog entry, shown by
// `mailpick catalog show` and in the README.
type KeyDef struct {
	Path  string
	DefJA string
	DefEN string
}

// Definition returns the definition in lang.
func (k KeyDef) Definition(lang string) string {
	if lang == "ja" {
		return k.DefJA
	}
	return k.DefEN
}

// KeyDefs lists the non-capability keys in the order catalog show prints
// them.
var KeyDefs = []KeyDef{
	{Path: "pricing.currency", DefJA: "価格の通貨（ISO 4217、例: JPY、USD）。", DefEN: "Currency of every price of the option (ISO 4217, e.g. JPY, USD)."},
	{Path: "pricing.tax", DefJA: "記載価格が消費税込み（included）か税抜き（excluded）か、出典に記載がない（unknown）か。", DefEN: "Whether the stated prices include consumption tax/VAT (included), exclude it (excluded), or the source does not say (unknown)."},
	{Path: "pricing.per_user_month", DefJA: "アカウント1つあたりの月額料金。", DefEN: "Price per billed account per month."},
	{Path: "pricing.flat_month", DefJA: "アカウント数にかかわらず契約（サーバー）1つあたりにかかる月額料金。", DefEN: "Price per contract (or server) per month, whatever the number of accounts."},
	{Path: "pricing.initial", DefJA: "契約時に一度だけかかる初期費用。", DefEN: "One-off fee at sign-up."},
	{Path: "pricing.term_months", DefJA: "記載価格の前提となる契約期間（月）。", DefEN: "The commitment, in months, the stated price assumes."},
	{Path: "pricing.payment", DefJA: "期間契約の支払い方（monthly: 毎月払い、upfront: 一括前払い）。", DefEN: "How a term is paid: monthly instalments or upfront."},
	{Path: "pricing.terms", DefJA: "同じプランを複数の契約期間で販売する場合の、期間ごとの価格の一覧。", DefEN: "The same plan's price on each term it is sold on."},
	{Path: "pricing.tiers", DefJA: "容量やアカウント上限ごとの段階プラン（小さい順）。", DefEN: "Capacity steps of the plan, smallest first, each with its own price and limits."},
	{Path: "pricing.per_year", DefJA: "毎年かかる固定のライセンス料（例: 管理画面の年間ライセンス）。", DefEN: "A fixed yearly licence (e.g. an admin panel subscription)."},
	{Path: "pricing.min_users", DefJA: "契約できる最小アカウント数。", DefEN: "Fewest accounts the plan can be bought for."},
	{Path: "pricing.max_users", DefJA: "契約できる最大アカウント数。", DefEN: "Most accounts the plan allows."},
	{Path: "pricing.billing", DefJA: "請求の周期（monthly/annual）。", DefEN: "Billing cycle: monthly or annual."},
	{Path: "storage.per_user_gb", DefJA: "メールボックス1つあたりの最大容量（GB）。", DefEN: "Largest size of one mailbox, in GB."},
	{Path: "storage.pooled", DefJA: "容量を全アカウントで共有し、配分を変えられるか。", DefEN: "Whether storage is a shared pool the admin can divide between accounts."},
	{Path: "storage.total_gb", DefJA: "契約全体で使える容量の合計（GB）。", DefEN: "Storage for the whole contract, in GB, whatever the accounts."},
	{Path: "support.hours", DefJA: "サポートの対応時間（business: 営業時間、24x7: 常時）。", DefEN: "When support answers: business hours or 24x7."},
	{Path: "support.sla_percent", DefJA: "提供者が保証する稼働率（%）。", DefEN: "Uptime the provider guarantees, in percent."},
	{Path: "operations.required_expertise", DefJA: "運用に必要なメールサーバーの専門知識（none/basic/expert）。", DefEN: "Mail-server expertise running the option takes: none, basic or expert."},
	{Path: "operations.setup_hours", DefJA: "導入作業にかかる時間（時間）。", DefEN: "Hours the initial setup takes."},
	{Path: "operations.monthly_admin_hours", DefJA: "毎月の管理作業時間（時間）。", DefEN: "Admin hours a month."},
	{Path: "operations.server_monthly", DefJA: "自社構築のサーバー・ホスティング月額。", DefEN: "Server or hosting cost a month, for a self-hosted stack."},
	{Path: "operations.hardware_initial", DefJA: "自社構築で最初に購入する機器の費用。", DefEN: "Hardware bought up front, for a self-hosted stack."},
	{Path: "operations.ram_gb", DefJA: "自社構築の構成が必要とするメモリ（GB）。VPSプランの選定に使う。", DefEN: "Memory the self-hosted stack needs, in GB; it picks the hosting plan."},
}

var tableNames = []string{"pricing", "storage", "features", "mobile", "security", "support", "operations", "build", "addons"}

// LookupKeyDef finds a non-capability key.
func LookupKeyDef(path string) (KeyDef, bool) {
	for _, k := range KeyDefs {
		if k.Path == path {
			return k, true
		}
	}
	return KeyDef{}, false
}

// Definition returns the one-sentence definition of any catalog key in
// lang ("" when the key has none).
func Definition(path, lang string) string {
	if k, ok := LookupCapability(path); ok {
		return k.Definition(lang)
	}
	if k, ok := LookupKeyDef(path); ok {
		return k.Definition(lang)
	}
	if strings.HasPrefix(path, "build.") {
		for _, s := range BuildSteps {
			if "build."+s.Key == path {
				if lang == "ja" {
					return s.JA + "を構成が自動で行うか（included）、管理者が手作業で行うか（manual）。"
				}
				return "Whether the stack does this step (included) or the admin does it by hand (manual): " + s.EN + "."
			}
		}
	}
	return ""
}

// knownKeyPrefix reports whether k names a catalog table or key, for the
// `keys` list of a source.
func knownKeyPrefix(k string) bool {
	for _, t := range tableNames {
		if k == t {
			return true
		}
	}
	if _, ok := LookupCapability(k); ok {
		return true
	}
	if _, ok := LookupKeyDef(k); ok {
		return true
	}
	for _, s := range BuildSteps {
		if k == "build."+s.Key {
			return true
		}
	}
	return false
}
