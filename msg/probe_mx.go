package msg

// The probe's findings (mailpick probe): the words shared by every check
// (joints, counts, DNS failures) and the MX checks. Record text, host
// names and addresses are arguments and stay as published.
var _ = add(map[string]Entry{
	// Joints and items of lists.
	"probe.cat":            {EN: "{a}{b}", JA: "{a}{b}"},
	"probe.item.err":       {EN: "{item}: {err}", JA: "{item}: {err}"},
	"probe.item.paren_err": {EN: "{item} ({err})", JA: "{item}（{err}）"},
	"probe.lookup_failed":  {EN: "{what} lookup failed ({err}); not measured", JA: "{what}の検索に失敗しました（{err}）。測定できていません"},
	"probe.reverse_failed": {EN: "reverse lookups failed: {items}", JA: "逆引きに失敗しました: {items}"},

	// Counted things (Count).
	"probe.unit.host":          {EN: "{n} hosts", JA: "{n}台"},
	"probe.unit.host.one":      {EN: "1 host", JA: "1台"},
	"probe.unit.address":       {EN: "{n} addresses", JA: "{n}件"},
	"probe.unit.address.one":   {EN: "1 address", JA: "1件"},
	"probe.unit.mx_record":     {EN: "{n} MX records", JA: "MXレコード{n}件"},
	"probe.unit.mx_record.one": {EN: "1 MX record", JA: "MXレコード1件"},
	"probe.unit.term":          {EN: "{n} terms", JA: "{n}個"},
	"probe.unit.term.one":      {EN: "1 term", JA: "1個"},

	// DNS failures (dnsclient's kinds), with the name and type asked.
	"probe.err.dns.nxdomain":   {EN: "{type} {name}: no such domain (NXDOMAIN){more}", JA: "{type} {name}: ドメインが存在しません（NXDOMAIN）{more}"},
	"probe.err.dns.nodata":     {EN: "{type} {name}: no record of that type (NODATA){more}", JA: "{type} {name}: その種類のレコードがありません（NODATA）{more}"},
	"probe.err.dns.servfail":   {EN: "{type} {name}: server failure (SERVFAIL){more}", JA: "{type} {name}: サーバー障害（SERVFAIL）{more}"},
	"probe.err.dns.refused":    {EN: "{type} {name}: query refused (REFUSED){more}", JA: "{type} {name}: 問い合わせが拒否されました（REFUSED）{more}"},
	"probe.err.dns.timeout":    {EN: "{type} {name}: no answer before the deadline{more}", JA: "{type} {name}: 期限内に応答がありません{more}"},
	"probe.err.dns.truncated":  {EN: "{type} {name}: answer truncated even over TCP{more}", JA: "{type} {name}: TCPでも応答が途中で切れています{more}"},
	"probe.err.dns.failed":     {EN: "{type} {name}: query failed{more}", JA: "{type} {name}: 問い合わせに失敗しました{more}"},
	"probe.err.kind.nxdomain":  {EN: "no such domain (NXDOMAIN)", JA: "ドメインが存在しません（NXDOMAIN）"},
	"probe.err.kind.nodata":    {EN: "no record of that type (NODATA)", JA: "その種類のレコードがありません（NODATA）"},
	"probe.err.kind.servfail":  {EN: "server failure (SERVFAIL)", JA: "サーバー障害（SERVFAIL）"},
	"probe.err.kind.refused":   {EN: "query refused (REFUSED)", JA: "問い合わせが拒否されました（REFUSED）"},
	"probe.err.kind.timeout":   {EN: "no answer before the deadline", JA: "期限内に応答がありません"},
	"probe.err.kind.truncated": {EN: "answer truncated even over TCP", JA: "TCPでも応答が途中で切れています"},
	"probe.err.kind.failed":    {EN: "query failed", JA: "問い合わせに失敗しました"},
	"probe.err.text":           {EN: "{text}", JA: "{text}"},
	"probe.err.none":           {EN: "no detail", JA: "詳細なし"},

	// mx.records
	"probe.mx.records.none": {EN: "{domain} has no MX records, so mail for it cannot be delivered reliably",
		JA: "{domain}にはMXレコードがないため、このドメイン宛てのメールを確実には配送できません"},
	"probe.mx.records.none.fix": {EN: "publish your mail server: {mx} — or, if the domain never receives mail, a null MX: {null} (RFC 7505)",
		JA: "メールサーバーを公開してください（{mx}）。メールを受け取らないドメインなら、Null MX（{null}）を公開してください（RFC 7505）"},
	"probe.mx.records.mixed": {EN: "a null MX (\"accepts no mail\") is published next to real MX records; senders may refuse or mis-route mail",
		JA: "Null MX（メールを受け付けない宣言）が通常のMXレコードと並んで公開されています。送信側がメールを拒否したり誤った経路で送ったりするおそれがあります"},
	"probe.mx.records.mixed.fix": {EN: "remove the record {record} — a null MX must be the only MX record (RFC 7505 §3)",
		JA: "レコード {record} を削除してください。Null MXは唯一のMXレコードでなければなりません（RFC 7505 §3）"},
	"probe.mx.records.null": {EN: "{domain} publishes a null MX: it declares that it accepts no mail (RFC 7505), so senders fail at once instead of retrying",
		JA: "{domain}はNull MXを公開し、メールを受け付けないと宣言しています（RFC 7505）。送信側は再送を繰り返さず、すぐに配送を諦めます"},
	"probe.mx.records.pass": {EN: "{n}: {hosts}", JA: "{n}: {hosts}"},
	"probe.mx.records.more": {EN: " (and {n} more, not examined)", JA: "（ほか{n}件は未確認）"},
	"probe.mx.dep.none":     {EN: "no MX records", JA: "MXレコードがありません"},
	"probe.mx.dep.failed":   {EN: "MX lookup failed; not measured", JA: "MXの検索に失敗したため、測定できていません"},
	"probe.mx.dep.null":     {EN: "null MX: the domain accepts no mail", JA: "Null MXのため、このドメインはメールを受け付けません"},

	// mx.resolve
	"probe.mx.resolve.literal":     {EN: "{host} is an IP address, not a host name", JA: "{host}はホスト名ではなくIPアドレスです"},
	"probe.mx.resolve.literal.fix": {EN: "give the server a name: {a}, then {mx}", JA: "サーバーに名前を付け（{a}）、そのうえで {mx} を公開してください"},
	"probe.mx.resolve.no_address":  {EN: "{host} has no A or AAAA record", JA: "{host}にAレコードもAAAAレコードもありません"},
	"probe.mx.resolve.no_address.fix": {EN: "publish an address for {host} (e.g. {example}) or remove the MX record",
		JA: "{host}のアドレスを公開する（例: {example}）か、そのMXレコードを削除してください"},
	"probe.mx.resolve.cname": {EN: "{host} is a CNAME to {target}", JA: "{host}は{target}へのCNAMEです"},
	"probe.mx.resolve.cname.fix": {EN: "point the MX at the canonical name: {mx} (RFC 5321 §5.1 forbids MX → CNAME)",
		JA: "MXを正式名に向けてください: {mx}（RFC 5321 §5.1はMXからCNAMEへの参照を禁じています）"},
	"probe.mx.resolve.fail":  {EN: "some MX hosts cannot receive mail: {items}", JA: "メールを受信できないMXホストがあります: {items}"},
	"probe.mx.resolve.warn":  {EN: "MX points at an alias: {items}", JA: "MXが別名（CNAME）を指しています: {items}"},
	"probe.mx.resolve.error": {EN: "could not resolve every MX host: {items}", JA: "名前解決できなかったMXホストがあります: {items}"},
	"probe.mx.resolve.pass":  {EN: "every MX host resolves to an address ({n})", JA: "すべてのMXホストがアドレスに解決されます（{n}）"},

	// mx.ipv6
	"probe.mx.ipv6.pass":  {EN: "{n} of {total} MX hosts have an IPv6 address", JA: "MXホスト{total}台のうち{n}台にIPv6アドレスがあります"},
	"probe.mx.ipv6.error": {EN: "AAAA lookup failed for {hosts}; not measured", JA: "{hosts}のAAAA検索に失敗したため、測定できていません"},
	"probe.mx.ipv6.warn": {EN: "no MX host has an IPv6 address: senders on IPv6-only networks cannot deliver",
		JA: "IPv6アドレスを持つMXホストがありません。IPv6のみのネットワークからは配送できません"},
	"probe.mx.ipv6.fix": {EN: "add an AAAA record to an MX host, e.g. {example}", JA: "いずれかのMXホストにAAAAレコードを追加してください。例: {example}"},

	// mx.ptr, and the reverse lookups sending.ptr shares.
	"probe.mx.ptr.none": {EN: "no MX addresses to check", JA: "確認するMXアドレスがありません"},
	"probe.mx.ptr.bad":  {EN: "{host} [{addr}]: {why}", JA: "{host} [{addr}]: {why}"},
	"probe.mx.ptr.fix":  {EN: "ask the owner of {addr} (your hosting provider) to set {ptr}", JA: "{addr}の管理者（ホスティング事業者）に、{ptr} の設定を依頼してください"},
	"probe.mx.ptr.warn": {EN: "reverse DNS does not confirm some MX addresses; receivers often distrust mail from such hosts: {items}",
		JA: "逆引きDNSで確認できないMXアドレスがあります。受信側はこうしたホストからのメールを信用しないことがよくあります: {items}"},
	"probe.mx.ptr.pass":  {EN: "every MX address has forward-confirmed reverse DNS ({n})", JA: "すべてのMXアドレスで正引きと逆引きが一致します（{n}）"},
	"probe.ptr.not_ip":   {EN: "not an IP address", JA: "IPアドレスではありません"},
	"probe.ptr.none":     {EN: "no PTR record", JA: "PTRレコードがありません"},
	"probe.ptr.not_back": {EN: "PTR {name} does not resolve back to it", JA: "PTRの{name}がこのアドレスに正引きされません"},
})

// Changes since a baseline (--baseline).
var _ = add(map[string]Entry{
	"probe.change.new":          {EN: "not in the baseline (a check that run did not have); now {status}: {summary}", JA: "前回の結果にはありません（前回の版になかったチェック）。今回は{status}: {summary}"},
	"probe.change.gone":         {EN: "{why}; it was {status}: {summary}", JA: "{why}。前回は{status}: {summary}"},
	"probe.change.gone_check":   {EN: "this mailpick no longer has this check", JA: "この版のmailpickにはこのチェックがありません"},
	"probe.change.not_reported": {EN: "not reported by this run", JA: "今回の実行では報告されていません"},
	"probe.change.status":       {EN: "{from} → {to}: {summary}", JA: "{from} → {to}: {summary}"},
	"probe.change.unjudged":     {EN: "{from} → {to} (not judged now, so not a regression): {summary}", JA: "{from} → {to}（今回は判定していないため、悪化ではありません）: {summary}"},
})

// The status of a check one side of a comparison does not have.
var _ = add(map[string]Entry{
	"probe.absent": {EN: "absent", JA: "なし"},
})
