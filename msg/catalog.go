package msg

// The catalog's sentences: how old its facts are, what kind of source a
// fact rests on, and the definition of a build-step key.
var _ = add(map[string]Entry{
	"age.no_date":   {EN: "No option evaluated carries a date.", JA: "評価した選択肢の確認日がありません。"},
	"age.one_date":  {EN: "Every catalog fact was checked on {date} ({months} ago).", JA: "カタログの情報はすべて{date}に確認したものです（{months}前）。"},
	"age.range":     {EN: "Catalog facts were checked between {oldest} and {newest}; the oldest is {months} old.", JA: "カタログの情報は{oldest}〜{newest}に確認したもので、最も古いものは{months}前です。"},
	"age.month_one": {EN: "1 month", JA: "1か月"},
	"age.months":    {EN: "{n} months", JA: "{n}か月"},
	"age.stale": {EN: "{stale} of {options} options rest on facts last checked more than 12 months ago (the oldest on {oldest}), so confirm their prices and features with the vendor before you sign.",
		JA: "{options}件中{stale}件の選択肢は12か月より前に確認した情報に基づいているため（最も古い確認日は{oldest}）、契約前に価格と機能を提供元に確かめてください。"},

	"age.stale_one": {EN: "{stale} of {options} options rests on facts last checked more than 12 months ago (the oldest on {oldest}), so confirm their prices and features with the vendor before you sign.",
		JA: "{options}件中{stale}件の選択肢は12か月より前に確認した情報に基づいているため（最も古い確認日は{oldest}）、契約前に価格と機能を提供元に確かめてください。"},

	"source_kind.vendor":        {EN: "vendor", JA: "ベンダー公式"},
	"source_kind.third_party":   {EN: "third party", JA: "第三者サイト"},
	"source_kind.vendor_answer": {EN: "vendor's answer", JA: "ベンダー回答"},
	"source_kind.user":          {EN: "user's entry", JA: "利用者の入力"},
	"source_kind.unstated":      {EN: "kind not stated", JA: "種別不明"},
	"source.answered":           {EN: "{kind}, answered {date}", JA: "{kind}（{date}回答）"},
	"source.page_of":            {EN: "{kind}, page of {date}", JA: "{kind}（{date}付）"},
	"source.read":               {EN: "{kind}, read {date}", JA: "{kind}（{date}確認）"},

	"catalog.build_step": {EN: "Whether the stack does this step (included) or the admin does it by hand (manual): {step}.", JA: "{step}を構成が自動で行うか（included）、管理者が手作業で行うか（manual）。"},
})

// catalog show: the frame around the catalog's own values (TOML values
// such as yes, unknown or included stay as written in the file).
var _ = add(map[string]Entry{
	"catalog.show.stale":            {EN: "⚠ as_of is more than 12 months old: check the sources again", JA: "⚠ as_of が12か月以上前です。出典を確認し直してください"},
	"catalog.show.no_source_named":  {EN: "no source named", JA: "出典の指定なし"},
	"catalog.show.no_source_states": {EN: "no source states it", JA: "記載した出典なし"},
	"catalog.show.sources":          {EN: "sources:", JA: "出典:"},
	"catalog.show.read":             {EN: "{kind}, read {date}", JA: "{kind}、{date}確認"},
	"catalog.show.page_of":          {EN: ", page of {date}", JA: "、{date}付"},
	"catalog.show.backs":            {EN: " (backs {keys})", JA: "（根拠とする項目: {keys}）"},
	"catalog.show.origin":           {EN: "origin: {origin}", JA: "読み込み元: {origin}"},
	"catalog.show.notes":            {EN: "notes: {notes}", JA: "備考: {notes}"},

	"catalog.price.flat":      {EN: "flat {amount}", JA: "定額{amount}"},
	"catalog.price.per_user":  {EN: "per user {amount}", JA: "1ユーザー{amount}"},
	"catalog.price.plus":      {EN: "{a} + {b}", JA: "{a}＋{b}"},
	"catalog.price.month":     {EN: "{amount}/month", JA: "月{amount}"},
	"catalog.price.term_one":  {EN: "1 month: {price}", JA: "1か月契約: {price}"},
	"catalog.price.term":      {EN: "{months} months: {price}", JA: "{months}か月契約: {price}"},
	"catalog.price.paid":      {EN: "{price} {payment}", JA: "{price}（{payment}）"},
	"catalog.price.terms_sep": {EN: "; ", JA: "／"},
	"catalog.tier.gb_users":   {EN: "{name} ({gb} GB, ≤ {users} users)", JA: "{name}（{gb} GB、{users}ユーザーまで）"},
	"catalog.tier.gb":         {EN: "{name} ({gb} GB)", JA: "{name}（{gb} GB）"},
	"catalog.tier.users":      {EN: "{name} (≤ {users} users)", JA: "{name}（{users}ユーザーまで）"},
	"catalog.tier.prices":     {EN: "{tier}: {prices}", JA: "{tier}: {prices}"},
})
