package msg

// Words: the names of keys, states, levels and bases that sentences,
// tables and reports share. Capability labels are the catalog's
// (catalog.CapabilityKeys, each with both languages); criterion labels are
// the scoring criteria's descriptors. Everything else is here, once.
var _ = add(map[string]Entry{
	// Requirement and cost keys that are not capabilities (ReqLabel).
	"req.storage.per_user_gb":              {EN: "disk per user", JA: "1ユーザーあたりのディスク容量"},
	"req.support.hours":                    {EN: "support hours", JA: "サポートの対応時間"},
	"req.operations.customization":         {EN: "free customisation / integration", JA: "自由なカスタマイズ・他システム連携"},
	"req.budget.initial_max":               {EN: "initial budget", JA: "初期費用の予算"},
	"req.budget.monthly_max":               {EN: "monthly budget", JA: "月額費用の予算"},
	"req.accounts.users":                   {EN: "number of accounts", JA: "メールアカウント数"},
	"req.operations.admin_expertise":       {EN: "in-house expertise", JA: "社内の専門知識"},
	"req.operations.admin_hours_per_month": {EN: "admin hours available", JA: "確保できる管理工数"},
	"req.pricing.initial":                  {EN: "initial fee", JA: "初期費用"},
	"req.pricing.per_user_month":           {EN: "price per user", JA: "1ユーザーあたりの料金"},
	"req.pricing.flat_month":               {EN: "price per contract", JA: "契約あたりの月額料金"},
	"req.pricing.tiers":                    {EN: "price of a larger plan", JA: "上位プランの料金"},
	"req.pricing.tax":                      {EN: "whether the price includes tax", JA: "料金が税込か税抜か"},
	"req.pricing.per_year":                 {EN: "yearly licence", JA: "年額ライセンス"},
	"req.operations.server_monthly":        {EN: "server cost per month", JA: "サーバーの月額費用"},
	"req.operations.hardware_initial":      {EN: "hardware bought up front", JA: "初期のハードウェア費用"},
	"req.contract.term_months":             {EN: "contract term", JA: "契約期間"},
	"req.contract.payment":                 {EN: "payment", JA: "支払方法"},
	"req.addon":                            {EN: "add-on price: {cap}", JA: "オプション料金: {cap}"},

	// How an option meets a requirement (State). Catalog states, then the
	// values the scorer writes itself.
	"state.yes":            {EN: "met", JA: "対応"},
	"state.no":             {EN: "no", JA: "非対応"},
	"state.addon":          {EN: "add-on", JA: "オプション"},
	"state.unknown":        {EN: "unknown", JA: "不明"},
	"state.sized by you":   {EN: "sized by you", JA: "自社で用意"},
	"state.your own staff": {EN: "your own staff", JA: "自社の担当者"},
	"state.business":       {EN: "business hours", JA: "営業時間内"},
	"state.24x7":           {EN: "24x7", JA: "24時間365日"},

	// Requirement levels: as a label, and inside a sentence (Level).
	"level.must":        {EN: "must", JA: "必須"},
	"level.want":        {EN: "want", JA: "希望"},
	"level.no":          {EN: "no", JA: "不要"},
	"level.phrase.must": {EN: "required", JA: "必須です"},
	"level.phrase.want": {EN: "wanted", JA: "希望されています"},
	"level.phrase.no":   {EN: "not needed", JA: "不要です"},

	// Mail-server expertise (Expertise). English keeps the file's values.
	"expertise.none":   {EN: "none", JA: "なし"},
	"expertise.basic":  {EN: "basic", JA: "基礎レベル"},
	"expertise.expert": {EN: "expert", JA: "専門レベル"},

	// Where a figure came from (Basis).
	"basis.catalog":       {EN: "catalog", JA: "カタログ"},
	"basis.quote":         {EN: "quote", JA: "見積"},
	"basis.requirements":  {EN: "requirements", JA: "要件ファイル"},
	"basis.assumption":    {EN: "assumption", JA: "前提値"},
	"basis.hosting":       {EN: "hosting table", JA: "ホスティング料金表"},
	"basis.vendor_answer": {EN: "vendor's answer", JA: "ベンダーの回答"},

	// Cost lines of the TCO (CostLine.Item).
	"cost.licence":          {EN: "Licences", JA: "ライセンス"},
	"cost.licence_per_year": {EN: "Yearly licence", JA: "年額ライセンス"},
	"cost.initial_fee":      {EN: "Initial fee", JA: "初期費用"},
	"cost.setup_labour":     {EN: "Setup labour", JA: "構築工数"},
	"cost.admin_labour":     {EN: "Admin labour", JA: "運用管理工数"},
	"cost.server":           {EN: "Server / hosting", JA: "サーバー費用"},
	"cost.hardware":         {EN: "Hardware", JA: "機器購入費"},
	"cost.with_note":        {EN: "{item} ({note})", JA: "{item}（{note}）"},
	"cost.addon":            {EN: "Add-on: {cap}", JA: "オプション: {cap}"},

	// Ways of paying (inside a sentence).
	"payment.upfront": {EN: "upfront", JA: "前払い"},
	"payment.monthly": {EN: "monthly", JA: "月払い"},

	// Tax basis of amounts.
	"tax.included": {EN: "including consumption tax", JA: "税込"},
	"tax.excluded": {EN: "excluding consumption tax", JA: "税抜"},

	// Option kinds and the readiness verdicts.
	"kind.provider":           {EN: "service", JA: "外部サービス"},
	"kind.self-hosted":        {EN: "self-hosted", JA: "自社構築"},
	"verdict.recommended":     {EN: "self-hosting recommended", JA: "自社構築を推奨"},
	"verdict.possible":        {EN: "possible (consider services first)", JA: "自社構築は可能（ただし外部サービスを優先検討）"},
	"verdict.not_recommended": {EN: "not recommended", JA: "自社構築は非推奨"},
	"step.included":           {EN: "included by the stack", JA: "スタックに含まれる"},
	"step.manual":             {EN: "manual", JA: "手作業"},
	"step.unknown":            {EN: "unknown (costed as manual)", JA: "不明（手作業で見積り）"},
	"status.met":              {EN: "met", JA: "満たす"},
	"status.partly":           {EN: "partly", JA: "一部"},
	"status.unverified":       {EN: "unverified", JA: "未確認"},
	"status.missed":           {EN: "missed", JA: "満たさない"},
	"option.self-built":       {EN: "a self-built mail server", JA: "自社構築のメールサーバー"},
	"list.more":               {EN: "{names} and {n} more", JA: "{names} ほか{n}件"},
})

// CostItem names a TCO cost line ("licence", "addon:archiving").
func CostItem(lang, item string) string {
	if c, ok := cutAddon(item); ok {
		return T(lang, "cost.addon", "cap", Req(c))
	}
	return wordOf(lang, "cost.", item)
}

func cutAddon(item string) (string, bool) {
	const p = "addon:"
	if len(item) > len(p) && item[:len(p)] == p {
		return item[len(p):], true
	}
	return "", false
}

// Tax names a tax basis ("included" or "excluded").
func Tax(lang, basis string) string {
	if basis == "included" {
		return T(lang, "tax.included")
	}
	return T(lang, "tax.excluded")
}
