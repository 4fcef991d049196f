package msg

// Self-hosting readiness with a third state: a case whose deciding fact is
// unknown (Condition.Status "unknown"), and the verdict's reasons when an
// unknown keeps it from saying whether the team can self-host.
var _ = add(map[string]Entry{
	"cond_unknown": {EN: "unknown", JA: "不明"},

	"cond.capacity_unset": {EN: "running {option} takes about {hours:.1f} h/month; the team's time is not given: set [operations] admin_hours_per_month",
		JA: "{option}の運用は月約{hours:.1f}時間、確保できる時間は未設定です。[operations] admin_hours_per_monthを設定してください"},

	"ready.possible_unconfirmed": {EN: "no known gap rules self-hosting out, but whether the team can carry it is not known yet, and nothing requires it: consider the services first",
		JA: "自社構築を妨げる既知の問題はありませんが、体制が足りるかは未確認で、必要な要件もありません。まず外部サービスを検討してください"},
	"ready.need_unconfirmed": {EN: "your requirements call for self-hosting, but whether the team can carry it is not known yet: confirm the points below first",
		JA: "要件は自社構築を必要としていますが、体制が足りるかは未確認です。先に以下を確認してください"},
	"ready.unknown_time": {EN: "admin time not given: the operating load is about {hours:.1f} h/month; set [operations] admin_hours_per_month",
		JA: "管理工数が未設定です（運用負担は月約{hours:.1f}時間）。[operations] admin_hours_per_monthを設定してください"},
	"ready.unknown_budget": {EN: "whether self-hosting fits the budget is unknown: a cost no source states is left out; get a quote or set [operations] server_monthly",
		JA: "自社構築が予算に収まるかは不明です（公開情報のない費用を含みません）。見積を取得するか[operations] server_monthlyを設定してください"},
})
