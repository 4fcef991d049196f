package msg

// Lower bounds and ties: the sentences that keep a lower-bound TCO's "≥"
// in an argument, and that say a first place is a tie decided by the
// tie-break rule rather than a win.
var _ = add(map[string]Entry{
	"whatif.price_cut_min": {EN: "a price cut of at least {pct:.1f}%: {years}-year TCO from {from} to {to}, other prices unchanged (the TCO leaves out a cost no source states, so the cut needed can only be larger)",
		JA: "{pct:.1f}%以上の値下げ: {years}年間TCOを{from}から{to}へ（他社の価格は据え置き。公開情報のない費用を含まないため、必要な値下げ幅はこれより大きくなり得ます）"},

	// A tie for first (Recommendation.Tie): the rule that lists one first.
	"tie_break.priced": {EN: "a known price before an unknown one", JA: "価格が判明している選択肢を先に挙げる"},
	"tie_break.tco":    {EN: "the lower TCO first", JA: "TCOが低い選択肢を先に挙げる"},
	"tie_break.id":     {EN: "alphabetical order of the option ids", JA: "選択肢IDの辞書順"},
	"reason.tie": {EN: "{options} tie for first with a score of {score:.1f}: the requirements and weights do not separate them, and {option} is listed first only by the tie-break rule ({rule}); resolve the unknowns (quotes, vendor answers) to tell them apart",
		JA: "{options}が総合点{score:.1f}で同点1位です。要件と重みでは差がつかず、{option}を先に挙げているのはタイブレーク規則（{rule}）によるものです。見積やベンダーへの確認で不明点を解消すると差がつきます"},
	"whatif.tie": {EN: "none needed: {n} options already tie for first, and the tie-break rule ({rule}) alone decides which is listed first",
		JA: "不要（すでに{n}件が同点1位で、どれを先に挙げるかはタイブレーク規則（{rule}）だけで決まっています）"},
	"whatif.tie_first": {EN: "{option} ties for first with {others}; only the tie-break rule ({rule}) lists it first, so another option needs no weight change to rank first",
		JA: "{option}は{others}と同点1位です。先に挙げているのはタイブレーク規則（{rule}）によるもので、重みを変えなくても他の選択肢が1位になり得ます"},
	"whatif.tied": {EN: "{option} ties for first with {winner}; only the tie-break rule ({rule}) lists it at rank {rank}. To rank first outright:",
		JA: "{option}は{winner}と同点1位で、{rank}位に挙げているのはタイブレーク規則（{rule}）によるものです。単独1位になるには:"},

	// Ranking first at any price only while other options have no price
	// (Result.TCOToWinWhileUnpriced).
	"whatif.while_unpriced": {EN: "a quote at any price would put it first, but only while {options} have no known price: cost points compare known prices only, so this is no advantage over them",
		JA: "見積を入れればどの価格でも1位になりますが、それは{options}の価格が不明な間に限ります。予算（コスト）の点数は判明している価格どうしの比較のため、これらに対する優位ではありません"},
	"explain.to_win_while_unpriced": {EN: "TCO to rank first (tco_to_win): any price, but only while {options} have no known price",
		JA: "1位になるTCOの上限: {options}の価格が不明な間に限り、価格に関係なく1位"},
	"to_win_while_unpriced_one": {EN: "first at any price only while 1 other option has no price", JA: "他の1件の価格が不明な間に限り、価格に関係なく1位"},
	"to_win_while_unpriced":     {EN: "first at any price only while {n} other options have no price", JA: "他の{n}件の価格が不明な間に限り、価格に関係なく1位"},

	// Page 1: the runner-up of a tie, and a win probability with ties shared.
	"recommendation_tie":     {EN: "{option} (tied for first with {n} more; listed first by the tie-break rule)", JA: "{option}（他{n}件と同点1位。タイブレーク規則で先に挙げています）"},
	"decision_runner_up_tie": {EN: "{option}: score {score}, tied for first", JA: "{option}（総合点{score}、同点1位）"},
	"decision_win_shared": {EN: "Wins in {pct} of {samples} weight samples (a tie for first is shared: 1/k to each of k tied options; {tied} samples tied)",
		JA: "重みを揺らした{samples}回の試行のうち{pct}で1位（同点1位は等分して数えます。同点は{tied}回）"},
	// The sensitivity section: the options that never won a sample, in
	// one line instead of a row each.
	"sens_never_first": {EN: "Never first in any sample (0.0%), {n} options: {options}.", JA: "どの試行でも1位にならなかった選択肢（0.0%）、{n}件: {options}。"},

	// The age of catalog facts under a month (catalog.Age).
	"age.day_one": {EN: "1 day", JA: "1日"},
	"age.days":    {EN: "{n} days", JA: "{n}日"},

	"decision_runner_up_close": {EN: "{option}: score {score}, less than 0.1 points behind", JA: "{option}（総合点{score}、差0.1点未満）"},
})
