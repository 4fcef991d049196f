package msg

// Lower bounds and ties: the sentences that keep a lower-bound TCO's "≥"
// in an argument, and that say a first place is a tie decided by the
// tie-break rule rather than a win.
var _ = add(map[string]Entry{
	"whatif.price_cut_min": {EN: "a price cut of at least {pct:.1f}%: {years}-year TCO from {from} to {to}, other prices unchanged (the TCO leaves out a cost no source states, so the cut needed can only be larger)",
		JA: "{pct:.1f}%以上の値下げ: {years}年間TCOを{from}から{to}へ（他社の価格は据え置き。公開情報のない費用を含まないため、必要な値下げ幅はこれより大きくなり得ます）"},
})
