package msg

// The probe's terminal and Markdown output (mailpick probe --format table
// or md): its labels, in the language of --lang.
var _ = add(map[string]Entry{
	"probe.cli.head":               {EN: "{domain}  grade {grade}  score {score}/100  ({ms} ms)", JA: "{domain}  評価 {grade}  点数 {score}/100（{ms}ミリ秒）"},
	"probe.cli.fix":                {EN: "fix:", JA: "修正:"},
	"probe.cli.check":              {EN: "check:", JA: "確認:"},
	"probe.cli.profiles":           {EN: "profiles:", JA: "送信者要件:"},
	"probe.cli.profile_counts":     {EN: "({met} met, {not_met} not met, {unmeasured} not measurable; {as_of}, {source})", JA: "（適合{met}・不適合{not_met}・要確認{unmeasured}。{as_of}時点、{source}）"},
	"probe.cli.req.met":            {EN: "met", JA: "適合"},
	"probe.cli.req.not_met":        {EN: "not met", JA: "不適合"},
	"probe.cli.req.not_measurable": {EN: "not measurable", JA: "要確認"},
	"probe.cli.baseline_missing":   {EN: "since baseline: {file} has no result for {domain}; nothing to compare", JA: "前回から: {file}に{domain}の結果がないため、比較できません"},
	"probe.cli.since":              {EN: "since baseline{when}: grade {from_grade} → {to_grade}, score {from_score} → {to_score}", JA: "前回{when}から: 評価 {from_grade} → {to_grade}、点数 {from_score} → {to_score}"},
	"probe.cli.of":                 {EN: " of {date}", JA: "（{date}）"},
	"probe.cli.no_change":          {EN: ", no check changed", JA: "、変化したチェックはありません"},
	"probe.cli.worse":              {EN: "worse", JA: "悪化"},
	"probe.cli.better":             {EN: "better", JA: "改善"},
	"probe.cli.other":              {EN: "other changes", JA: "その他の変化"},

	"probe.cli.md_head":             {EN: "{domain} — grade {grade} ({score}/100)", JA: "{domain} — 評価 {grade}（{score}/100）"},
	"probe.cli.md_categories":       {EN: "| category | score | passed |", JA: "| カテゴリ | 点数 | 合格 |"},
	"probe.cli.md_checks":           {EN: "| status | check | finding | fix |", JA: "| 結果 | チェック | 所見 | 修正 |"},
	"probe.cli.md_profiles":         {EN: "Sender-requirement profiles", JA: "送信者要件（プロファイル）"},
	"probe.cli.md_profiles_head":    {EN: "| profile | verdict | requirement | status | fix or what to check |", JA: "| プロファイル | 判定 | 要件 | 結果 | 修正、または確認する場所 |"},
	"probe.cli.md_profile_title":    {EN: "{title} ({as_of}, [source]({source}))", JA: "{title}（{as_of}時点、[出典]({source})）"},
	"probe.cli.md_baseline_missing": {EN: "{file} has no result for this domain.", JA: "{file}にはこのドメインの結果がありません。"},
	"probe.cli.md_since":            {EN: "Grade {from_grade} → {to_grade}, score {from_score} → {to_score}.", JA: "評価 {from_grade} → {to_grade}、点数 {from_score} → {to_score}。"},
	"probe.cli.md_no_change":        {EN: "No check changed.", JA: "変化したチェックはありません。"},
	"probe.cli.md_changes_head":     {EN: "| change | check | from | to | summary |", JA: "| 変化 | チェック | 前回 | 今回 | 内容 |"},
})
