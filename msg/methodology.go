package msg

// Methodology: the fixed lines every report prints under "Methodology and
// assumptions". They restate the scoring package's rules
// (scoring/METHODOLOGY.md); when those change, this text changes with them.
// The lines on the decision method and on each criterion come from their
// descriptors in scoring.
var _ = add(map[string]Entry{
	"methodology.eligibility": {EN: "An option that misses any must-have is ineligible and gets no rank. A must-have the catalog marks unknown keeps the option eligible and is listed as unverified.",
		JA: "必須（must）要件を1つでも満たさない選択肢は対象外（順位なし）です。必須要件が「不明」の場合は対象外にせず「未確認」として示します。"},
	"methodology.tco": {EN: "TCO: accounts in year y = ceil(users × (1+growth)^(y−1)); money converted with [fx]. A service costs licences (with minimum seats) + the add-ons you ask for + the initial fee + your own admin hours × hourly cost. Self-hosting adds setup hours × hourly cost + hardware up front and (server per month + monthly admin hours × hourly cost) × 12 each year. All-in per user-month = TCO ÷ Σ(accounts × 12): every line above, admin time and hosting included, not only the licence.",
		JA: "TCO: y年目のアカウント数 = ceil(ユーザー数 × (1+増加率)^(y−1))。金額は[fx]で換算。外部サービスは ライセンス（最低契約数を考慮）＋必要なオプション＋初期費用＋自社の管理工数×時間単価。自社構築は 構築工数×時間単価＋機器費用を初期に、(サーバー月額＋月間管理工数×時間単価)×12を毎年加算。1人月あたり総額 = TCO ÷ Σ(アカウント数×12)。ライセンスだけでなく、上のすべての費用（管理工数やサーバー費用を含む）を含みます。"},
	"methodology.prices": {EN: "Price forms: monthly price = flat price per contract (flat_month) + per-user price (per_user_month) × accounts. A plan sold in tiers is priced each year on the cheapest tier that holds that year's accounts and mailbox total (accounts × required GB per mailbox). Where a plan is sold on several terms, the cheapest price per month within [contract] among the terms that end within the horizon is signed; a term covers its months until it ends (or growth forces a larger tier), and when no term fits the months left, the shortest is charged in full, its months past the horizon in the year it is signed. Every price is converted to the requirements' basis (tax_basis, excluding tax by default): excluding = including ÷ (1 + consumption-tax rate) (consumption_tax, 10% by default for JPY). A price whose tax basis is not stated is used as stated and listed as unverified.",
		JA: "価格の形: 月額 = 契約単位の月額（flat_month）＋ 1ユーザー月額（per_user_month）× アカウント数。容量や人数の段階（tiers）があるプランは、各年のアカウント数とディスク容量の合計（アカウント数 × 1ユーザーあたりの容量）が収まる最も安い段階を使います。同じプランに複数の契約期間の価格がある場合は、[contract]の範囲で検討期間内に終わる契約期間のうち月あたり最も安いものを契約します。契約は期間が終わるまで（増加で上位の段階が必要になるまで）続け、残りの月数に収まる契約期間がなければ最も短い契約期間の全額を計上し、検討期間を超える月数分は契約した年に計上します。価格はすべて要件の基準（tax_basis、既定は税抜）に直します: 税抜 = 税込 ÷ (1 + 消費税率)（consumption_tax、円の既定は10%）。税込か税抜かの記載がない価格は記載どおりに使い「未確認」とします。"},
	"methodology.provisional": {EN: "Provisional options and the quote to ask for: an option whose price is unknown is provisional; its TCO covers the known costs only and it scores 0 on cost. Each eligible option's tco_to_win, the highest TCO at which it ranks first, is found by a one-dimensional search (bisection on a log scale) on its own TCO with every other input unchanged; cost scores are relative to the cheapest option, so a lower TCO only helps. Monthly price to ask = (tco_to_win − labour, server and hardware costs) ÷ months of the horizon.",
		JA: "暫定と見積上限: 価格が不明な選択肢は「暫定」とし、TCOは判明している費用のみ、予算（コスト）は0点です。適合する各選択肢の「1位になるTCOの上限」（tco_to_win）は、他の入力をすべて据え置き、その選択肢自身のTCOだけを動かす一次元の探索（対数目盛の二分法）で求めます。コストの点数は最安との比なので、TCOが低いほど有利になります。月額の上限 =（上限TCO − 工数・サーバー・機器の費用）÷ 評価期間の月数。"},
	"methodology.basis": {EN: "Basis of each cost line: catalog = the vendor's published figure, quote = your own quote, requirements = your requirements file, assumption = mailpick's default (table below), hosting table = the VPS price table bundled with mailpick (servers for self-hosting). A cost no source states is left out and listed as not included.",
		JA: "費用の根拠: カタログ＝ベンダーの公開情報、見積＝自社で取得した見積、要件ファイル＝要件ファイルの値、前提値＝mailpickの前提値（下表）、ホスティング料金表＝mailpickに同梱のVPS料金表（自社構築のサーバー）。公開情報のない費用は含めず「含まれない費用」として示します。"},
	"methodology.effort": {EN: "Self-hosting effort: unless the catalog states it, setup is costed from 12 build steps (manual, or included by the stack), and operation from the usual troubles (outages, non-delivery, full mailboxes, bulk sending) and patching as base hours plus hours per 100 accounts.",
		JA: "自社構築の工数: カタログに記載がなければ、構築手順（12工程）を手作業またはスタックに含まれるかで見積り、運用はよくあるトラブル（停止・不達・容量不足・大量送信）とパッチ対応を基本時間＋100アカウントあたりの時間で見積ります。"},
	"methodology.posture": {EN: "With posture (--posture/--probe): transport_tls and dkim_signing are scored from what was measured (the latter as a proxy: the vendor's own domain's SPF and DMARC) on each option's probe_domains. STARTTLS and TLS ≥ 1.2 succeeding on the MX → met; failing → no. An SPF record ending -all/~all plus a DMARC record with p=reject/quarantine at pct=100 → met; missing or p=none → no. What could not be measured (port 25 blocked, timeouts) keeps the vendor's claim.",
		JA: "診断結果（--posture/--probe）がある場合: 各選択肢のprobe_domainsで実測した結果で「メール通信経路の暗号化」と「送信メールのDKIM署名」を置き換えて採点します（後者は提供者自身のドメインのSPF・DMARCによる代理指標です）。MXでSTARTTLSとTLS 1.2以上が成功すれば対応、失敗すれば非対応。SPFレコードと-all/~all、DMARCレコードとreject/quarantine（pct=100）がそろえば対応、欠落やp=noneは非対応。測定できなかった（ポート25遮断など）場合はベンダーの記載のままです。"},
	"methodology.reasons": {EN: "The deciding reasons are the criteria where the recommended option's weighted lead over the runner-up is largest.",
		JA: "推奨の決め手は、推奨案が次点を上回る重み付きの差が大きい項目の順です。"},
})

// MethodologyLines are the codes of the fixed lines after the criteria, in
// report order.
var MethodologyLines = []string{"methodology.tco", "methodology.prices", "methodology.provisional", "methodology.basis",
	"methodology.effort", "methodology.posture", "methodology.reasons"}
