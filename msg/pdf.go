package msg

// Page 1 of every report: how robust the decision is, and what nobody has
// confirmed yet; and the words the PDF's tables and charts print.
var _ = add(map[string]Entry{
	"decision_win":         {EN: "Wins in {pct} of {samples} weight samples", JA: "重みを揺らした{samples}回の試行のうち{pct}で1位"},
	"decision_runner_up":   {EN: "{option}: score {score}, {margin} points behind", JA: "{option}（総合点{score}、差{margin}点）"},
	"decision_tipping":     {EN: "Smallest weight change that flips it", JA: "1位が入れ替わる最小の重み変更"},
	"decision_no_tipping":  {EN: "none: no single weight change makes another option first", JA: "なし（どの重みを1つ変えても1位は変わりません）"},
	"decision_no_sens":     {EN: "not computed in this run", JA: "この実行では計算していません"},
	"decision_unconfirmed": {EN: "Must-haves nobody has confirmed", JA: "確認されていない必須要件"},
	"decision_unconfirmed_none": {EN: "none: a source states every must-have for both",
		JA: "なし（推奨・次点とも、すべての必須要件に出典があります）"},
	"decision_option_keys": {EN: "{option}: {keys}", JA: "{option}: {keys}"},
	"catalog_facts":        {EN: "Catalog facts", JA: "カタログ情報の鮮度"},

	// Tables whose figures are all zero are one line, not rows of "0".
	"zero_rows": {EN: "Lines that are 0 in every column, left out of the table: {items}.",
		JA: "すべての列が0の行は表から省きました: {items}。"},
	// A table's figures in a unit: the unit goes in the header.
	"unit_header":     {EN: "{label} ({unit})", JA: "{label}（{unit}）"},
	"tco_by_year":     {EN: "TCO by year", JA: "年別のTCO"},
	"chart_tco_total": {EN: "{years}-year TCO: initial cost and years 1 to {years}", JA: "{years}年間のTCO（初期費用と1〜{years}年目）"},
	"year_one":        {EN: "1 year", JA: "1 年"},
	"chart_tco_one":   {EN: "1-year TCO: initial cost and year 1", JA: "1年間のTCO（初期費用と1年目）"},
	"unit_thousand":   {EN: "thousand {cur}", JA: "千{cur}"},
	"unit_million":    {EN: "million {cur}", JA: "百万{cur}"},
	"unit_billion":    {EN: "billion {cur}", JA: "十億{cur}"},
	"unit_yen":        {EN: "JPY", JA: "円"},
	"unit_points":     {EN: "points", JA: "点"},
	"dist.dirichlet":  {EN: "Dirichlet", JA: "ディリクレ分布"},
})
