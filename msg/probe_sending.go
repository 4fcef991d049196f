package msg

// The probe's findings on the addresses mail leaves from (sending.*,
// --sending-ip): reverse DNS and the SPF result receivers compute.
var _ = add(map[string]Entry{
	"probe.sending.hint": {EN: "not run: give --sending-ip ADDR (each address your mail leaves from, e.g. the IP in the Received: header a recipient's server added)",
		JA: "未実行です。--sending-ip ADDR で、メールの送信元アドレスをすべて指定してください（例: 受信側サーバーが付けたReceivedヘッダーにあるIPアドレス）"},
	"probe.sending.mail_host": {EN: "mail.<your domain>.", JA: "＜メールサーバー名＞."},
	"probe.sending.ptr.fix": {EN: "ask the owner of {addr} (your ISP or hosting provider) to set {rev} PTR {host} and publish {host} {type} {addr}",
		JA: "{addr}の管理者（プロバイダーやホスティング事業者）に {rev} PTR {host} の設定を依頼し、{host} {type} {addr} を公開してください"},
	"probe.sending.ptr.fail": {EN: "sending addresses without forward-confirmed reverse DNS; {gmail} refuses their mail (5.7.25) and {yahoo} downgrades it: {items}",
		JA: "正引きと逆引きが一致しない送信元アドレスがあります。{gmail}はそのメールを拒否し（5.7.25）、{yahoo}は評価を下げます: {items}"},
	"probe.sending.ptr.pass": {EN: "every sending address has forward-confirmed reverse DNS: {items}", JA: "すべての送信元アドレスで正引きと逆引きが一致します: {items}"},
	"probe.sending.spf.fix": {EN: "authorize the address in {domain}'s SPF record: add {terms} before its all term (or the {include} of the service that sends from it); run mailpick spf {domain} --ip ADDR for the trace",
		JA: "{domain}のSPFレコードでこのアドレスを許可してください。\"all\"の前に{terms}を加えます（または、そのアドレスから送るサービスの{include}を加えます）。判定の経過は mailpick spf {domain} --ip ADDR で確認できます"},
	"probe.sending.spf.fail": {EN: "SPF does not pass for mail sent from {items}", JA: "次のアドレスから送ったメールはSPFに合格しません: {items}"},
	"probe.sending.spf.warn": {EN: "SPF gives no pass (receivers do not count neutral or softfail as authenticated) for {items}",
		JA: "次のアドレスではSPFが合格になりません（受信側は中立（neutral）やソフトフェイル（softfail）を認証済みとみなしません）: {items}"},
	"probe.sending.spf.error": {EN: "SPF could not be evaluated (temperror): {items}", JA: "SPFを評価できませんでした（temperror）: {items}"},
	"probe.sending.spf.pass":  {EN: "SPF passes for mail from {domain} sent from {addrs}", JA: "{addrs}から送った{domain}のメールはSPFに合格します"},
})
