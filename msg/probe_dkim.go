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

// What the DKIM key parser finds (probe/dkim), as errors whose English is
// the error's text.
var _ = add(map[string]Entry{
	"probe.dkim.err.empty_tag": {EN: "empty tag (two semicolons in a row)", JA: "空のタグがあります（セミコロンが2つ続いています）"},
	"probe.dkim.err.not_tv":    {EN: "{part} is not tag=value", JA: "{part}が「タグ=値」の形式ではありません"},
	"probe.dkim.err.twice":     {EN: "tag {tag} appears twice", JA: "タグ{tag}が2回あります"},
	"probe.dkim.err.v_first":   {EN: "{v} must be the first tag", JA: "{v}は最初のタグである必要があります"},
	"probe.dkim.err.version":   {EN: "{value}: want {want}", JA: "{value}: {want}にしてください"},
	"probe.dkim.err.key_type":  {EN: "{value}: want {rsa} or {ed}", JA: "{value}: {rsa}か{ed}にしてください"},
	"probe.dkim.err.no_p":      {EN: "missing required tag {p} (the public key)", JA: "必須のタグ{p}（公開鍵）がありません"},
	"probe.dkim.err.hashes":    {EN: "{h} allows no hash verifiers accept; add {sha} (RFC 8301 §3.1)", JA: "{h}には検証側が受け付けるハッシュがありません。{sha}を加えてください（RFC 8301 §3.1）"},
	"probe.dkim.err.services":  {EN: "{s} does not list {email} or *, so verifiers ignore the key", JA: "{s}に{email}も*もないため、検証側はこの鍵を無視します"},
	"probe.dkim.err.base64":    {EN: "{p} is not valid base64", JA: "{p}が正しいBASE64形式ではありません"},
	"probe.dkim.err.not_rsa":   {EN: "{p} is not an RSA public key", JA: "{p}がRSA公開鍵ではありません"},
	"probe.dkim.err.non_rsa":   {EN: "{p} holds a non-RSA key but {k}", JA: "{k}なのに、{p}にはRSA以外の鍵があります"},
	"probe.dkim.err.ed_size":   {EN: "{ed} key is {n} bytes, want 32", JA: "{ed}鍵が{n}バイトです（32バイトである必要があります）"},
	"probe.dkim.err.several":   {EN: "{n} DKIM records at one selector; verifiers may pick either", JA: "1つのセレクターにDKIMレコードが{n}件あり、検証側がどれを使うか分かりません"},
})
