package msg

// The probe's DKIM findings (dkim.keys): the keys found at the selectors
// tried (RFC 6376, RFC 8301, RFC 8463).
var _ = add(map[string]Entry{
	"probe.dkim.key":     {EN: "{type} {bits}-bit", JA: "{type} {bits}ビット"},
	"probe.dkim.fine":    {EN: "{selector} ({key})", JA: "{selector}（{key}）"},
	"probe.dkim.broken":  {EN: "{selector}: broken key ({detail})", JA: "{selector}: 鍵が壊れています（{detail}）"},
	"probe.dkim.weak":    {EN: "{selector}: {key} key, which receivers reject as forgeable", JA: "{selector}: {key}の鍵です。偽造できるため、受信側は拒否します"},
	"probe.dkim.short":   {EN: "{selector}: {key} key; 2048 bits is today's minimum", JA: "{selector}: {key}の鍵です。現在は2048ビットが最低限です"},
	"probe.dkim.testing": {EN: "{selector}: {key} key in testing mode ({t}), so receivers may ignore its signatures", JA: "{selector}: {key}の鍵が試験モード（{t}）のため、受信側が署名を無視することがあります"},
	"probe.dkim.rotate": {EN: "generate a 2048-bit RSA (or {alg}) key, publish it at a new selector (e.g. {selector}), switch signing to it, then remove the old key",
		JA: "2048ビットのRSA鍵（または{alg}鍵）を作って新しいセレクター（例: {selector}）に公開し、署名をその鍵に切り替えてから古い鍵を削除してください"},
	"probe.dkim.found":            {EN: "DKIM keys found: {keys}", JA: "DKIM鍵があります: {keys}"},
	"probe.dkim.found_revoked":    {EN: "; revoked (empty {p}): {selectors}", JA: "。失効済み（{p}が空）: {selectors}"},
	"probe.dkim.revoked_at":       {EN: "revoked keys (empty {p}) at {selectors}", JA: "{selectors}の失効済みの鍵（{p}が空）"},
	"probe.dkim.revoked_wildcard": {EN: "a revoked wildcard key (empty {p}) at every selector", JA: "すべてのセレクターで応答する失効済みのワイルドカード鍵（{p}が空）"},
	"probe.dkim.only_revoked": {EN: "no usable DKIM key: only {what}, which no signature can verify with (RFC 6376 §3.6.1)",
		JA: "使えるDKIM鍵がありません。あるのは{what}だけで、どの署名もこれでは検証できません（RFC 6376 §3.6.1）"},
	"probe.dkim.failed":          {EN: "DKIM lookups failed: {items}", JA: "DKIMの検索に失敗しました: {items}"},
	"probe.dkim.wildcard_failed": {EN: "DKIM wildcard probe failed: {err}", JA: "DKIMのワイルドカードの確認に失敗しました: {err}"},
	"probe.dkim.none_given":      {EN: "no DKIM key at the given selectors: {selectors}", JA: "指定したセレクターにDKIM鍵がありません: {selectors}"},
	"probe.dkim.none_common": {EN: "no DKIM key at {n} common selectors; selectors cannot be listed, so name yours with --dkim-selectors",
		JA: "よく使われる{n}個のセレクターにDKIM鍵がありません。セレクターは一覧できないため、--dkim-selectors で自社のものを指定してください"},
	"probe.dkim.wildcard_nomail": {EN: "a revoked wildcard key (empty {p}) answers at every selector, so no DKIM signature can verify as this domain, as a domain that sends no mail should publish",
		JA: "失効済みのワイルドカード鍵（{p}が空）がすべてのセレクターで応答するため、このドメインとして検証できるDKIM署名はありません。メールを送らないドメインとして望ましい設定です"},
})
