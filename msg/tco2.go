package msg

// Terms signed past the horizon and servers the hosting table cannot
// carry: the cost line, its note, and why a self-hosted option has no
// server price.
var _ = add(map[string]Entry{
	"cost.licence_beyond_horizon": {EN: "Licence months beyond the horizon", JA: "検討期間を超える契約月数分のライセンス"},
	"cost.beyond_note": {EN: "{term}-month term signed in year {year}, {beyond} months beyond the horizon",
		JA: "{year}年目に契約する{term}か月契約、うち{beyond}か月は検討期間外"},
	"cost.beyond_note_paid": {EN: "{term}-month term paid {payment} in year {year}, {beyond} months beyond the horizon",
		JA: "{year}年目に契約する{term}か月契約（{payment}）、うち{beyond}か月は検討期間外"},

	"hosting_gap.memory": {EN: "no plan in the hosting table has the {ram} GB of memory the stack needs",
		JA: "ホスティング料金表に、スタックに必要なメモリ{ram}GBのプランがありません"},
	"hosting_gap.disk": {EN: "no plan in the hosting table states a disk that holds {disk} GB of mail (year {year}: {accounts} accounts × {per_user} GB)",
		JA: "ホスティング料金表に、メール{disk}GB（{year}年目: {accounts}アカウント × {per_user}GB）が収まるディスク容量を記載したプランがありません"},
	"hosting_gap.memory_disk": {EN: "no plan in the hosting table has the {ram} GB of memory the stack needs, nor states a disk that holds {disk} GB of mail (year {year}: {accounts} accounts × {per_user} GB)",
		JA: "ホスティング料金表に、スタックに必要なメモリ{ram}GBのプランも、メール{disk}GB（{year}年目: {accounts}アカウント × {per_user}GB）が収まるディスク容量を記載したプランもありません"},
	"hosting_gap.together": {EN: "no plan in the hosting table has both the {ram} GB of memory the stack needs and a disk that holds {disk} GB of mail (year {year}: {accounts} accounts × {per_user} GB)",
		JA: "ホスティング料金表に、スタックに必要なメモリ{ram}GBと、メール{disk}GB（{year}年目: {accounts}アカウント × {per_user}GB）が収まるディスク容量の両方を満たすプランがありません"},
	"hosting_gaps_title": {EN: "No plan of the hosting table can carry these self-hosted options, so their server price is unknown until you state server_monthly:",
		JA: "次の自社構築の選択肢は、ホスティング料金表のどのプランでも要件を満たせないため、server_monthlyを指定するまでサーバー費用は不明です:"},
	"hosting_gap_item": {EN: "{option}: {why}", JA: "{option}: {why}"},
})
