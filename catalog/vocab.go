package catalog

// Criterion is one of the six scored criteria. Each maps to a section of the
// seed article, whose Japanese terms are the labels of Japanese reports.
type Criterion string

const (
	CriterionCost       Criterion = "cost"
	CriterionFeatures   Criterion = "features"
	CriterionMobile     Criterion = "mobile"
	CriterionSecurity   Criterion = "security"
	CriterionSupport    Criterion = "support"
	CriterionOperations Criterion = "operations"
)

// Criteria lists the criteria in report order.
var Criteria = []Criterion{CriterionCost, CriterionFeatures, CriterionMobile, CriterionSecurity, CriterionSupport, CriterionOperations}

// Label returns the criterion's name in lang ("ja" or "en").
func (c Criterion) Label(lang string) string {
	l := criterionLabels[c]
	if lang == "ja" {
		return l[0]
	}
	return l[1]
}

var criterionLabels = map[Criterion][2]string{
	CriterionCost:       {"予算（コスト）", "Cost"},
	CriterionFeatures:   {"機能性", "Features"},
	CriterionMobile:     {"スマートフォンでの利用", "Smartphone use"},
	CriterionSecurity:   {"セキュリティ", "Security"},
	CriterionSupport:    {"サポート体制", "Support"},
	CriterionOperations: {"専門知識・運用負担", "Expertise & operating load"},
}

// Capability keys: the yes/no/addon/unknown facts a catalog states about an
// option and a requirements file asks for with must/want/no. One list, so the
// requirements parser, the catalog validator, the scorer and every report
// agree on the vocabulary. Each key is defined in one sentence per language:
// a catalog says true only when a source shows exactly that.
type CapabilityKey struct {
	Table     string    // "features", "mobile", "security", "support"
	Name      string    // "forwarding"
	Criterion Criterion // criterion it scores under
	JA, EN    string    // labels; JA follows the seed's wording
	DefJA     string    // what true means, one sentence
	DefEN     string
}

// Path is the dotted key used in files and violations ("security.retention").
func (k CapabilityKey) Path() string { return k.Table + "." + k.Name }

// Label returns the key's label in lang.
func (k CapabilityKey) Label(lang string) string {
	if lang == "ja" {
		return k.JA
	}
	return k.EN
}

// Definition returns the one-sentence definition in lang.
func (k CapabilityKey) Definition(lang string) string {
	if lang == "ja" {
		return k.DefJA
	}
	return k.DefEN
}

var CapabilityKeys = []CapabilityKey{
	{Table: "features", Name: "forwarding", Criterion: CriterionFeatures, JA: "メール転送", EN: "Mail forwarding",
		DefJA: "受信したメールを別のアドレスへ自動で転送するよう、利用者または管理者が設定できる。",
		DefEN: "A user or admin can have incoming mail forwarded automatically to another address."},
	{Table: "features", Name: "auto_reply", Criterion: CriterionFeatures, JA: "メール自動返信", EN: "Auto-reply",
		DefJA: "不在時などに、受信したメールへ定型文を自動で返信するよう設定できる。",
		DefEN: "A mailbox can answer incoming mail automatically with a set message (e.g. out of office)."},
	{Table: "features", Name: "mailing_lists", Criterion: CriterionFeatures, JA: "メーリングリスト", EN: "Mailing lists",
		DefJA: "一つのアドレス宛てのメールを登録した複数のメンバーへ配信できる。",
		DefEN: "One address delivers each message to a list of members the admin maintains."},
	{Table: "features", Name: "per_user_quota", Criterion: CriterionFeatures, JA: "ユーザーごとのディスク容量変更", EN: "Per-user mailbox quota",
		DefJA: "管理者がメールボックスごとに容量の上限を設定・変更できる。",
		DefEN: "The admin can set and change the size limit of each mailbox."},
	{Table: "features", Name: "user_permissions", Criterion: CriterionFeatures, JA: "ユーザー権限（転送設定・パスワード設定）の管理", EN: "User permission control (forwarding, passwords)",
		DefJA: "利用者に転送設定やパスワード変更を許すかどうかを管理者が決められる。",
		DefEN: "The admin decides whether users may set forwarding or change their password."},
	{Table: "features", Name: "bulk_admin", Criterion: CriterionFeatures, JA: "メールアドレスの一括作成・変更", EN: "Bulk create/change of addresses",
		DefJA: "CSVなどで多数のメールアドレスを一度に作成・変更できる。",
		DefEN: "Many addresses can be created or changed in one step (e.g. from a CSV file)."},
	{Table: "mobile", Name: "webmail", Criterion: CriterionMobile, JA: "スマートフォンで使えるWebメール", EN: "Webmail usable on smartphones",
		DefJA: "ブラウザだけでメールを読み書きできるWebメールがある。",
		DefEN: "Mail can be read and written in a web browser, with nothing to install."},
	{Table: "mobile", Name: "native_apps", Criterion: CriterionMobile, JA: "スマートフォンのメールアプリ対応", EN: "Native mobile app / ActiveSync / IMAP",
		DefJA: "スマートフォンのメールアプリからIMAP・POP・ActiveSyncなどで接続できる。",
		DefEN: "Phone mail apps can connect over IMAP, POP, ActiveSync or the vendor's own app."},
	{Table: "security", Name: "spam_filter", Criterion: CriterionSecurity, JA: "迷惑メールフィルタ", EN: "Spam filter",
		DefJA: "受信メールを迷惑メールかどうか判定し、隔離・振り分け・拒否する。",
		DefEN: "Incoming mail is judged for spam and quarantined, filed or rejected."},
	{Table: "security", Name: "virus_filter", Criterion: CriterionSecurity, JA: "ウイルスフィルタ", EN: "Virus filter",
		DefJA: "メールと添付ファイルをウイルス対策エンジンで検査し、感染したものを止める。",
		DefEN: "Mail and attachments are scanned by an anti-virus engine and infected ones are stopped."},
	{Table: "security", Name: "client_tls", Criterion: CriterionSecurity, JA: "クライアント・ユーザー間の暗号化通信", EN: "Client–server encryption (TLS)",
		DefJA: "メールアプリやWebメールとサーバーの間の通信がTLSで暗号化される。",
		DefEN: "Mail apps and webmail talk to the server over TLS."},
	{Table: "security", Name: "transport_tls", Criterion: CriterionSecurity, JA: "メール通信経路の暗号化", EN: "Server–server encryption (STARTTLS)",
		DefJA: "他社のメールサーバーとの送受信がSTARTTLSなどで暗号化される。",
		DefEN: "Mail to and from other servers travels encrypted (STARTTLS, MTA-STS or DANE)."},
	{Table: "security", Name: "ip_restriction", Criterion: CriterionSecurity, JA: "メール接続元のIPアドレス制限", EN: "Client IP address restriction",
		DefJA: "メールやWebメールに接続できる送信元IPアドレスを管理者が制限できる。",
		DefEN: "The admin can limit the IP addresses mail clients and webmail may connect from."},
	{Table: "security", Name: "sender_verification", Criterion: CriterionSecurity, JA: "受信メールの送信ドメイン認証（SPF/DKIM/DMARC検証）", EN: "Inbound sender checks (SPF/DKIM/DMARC)",
		DefJA: "受信したメールを送信元ドメインのSPF・DKIM・DMARCで検証し、なりすましを判定・処理する。",
		DefEN: "Incoming mail is checked against the sender domain's SPF, DKIM and DMARC, and spoofed mail is marked, quarantined or rejected."},
	{Table: "security", Name: "dkim_signing", Criterion: CriterionSecurity, JA: "送信メールのDKIM署名（自社ドメイン）", EN: "Outbound DKIM signing (your domain)",
		DefJA: "自社ドメインから送るメールにDKIM署名を付けられ、受信側がSPF・DMARCとあわせて正当な送信と確認できる。",
		DefEN: "Mail sent from your own domain can be DKIM-signed, so receivers can verify it and your DMARC policy can pass."},
	{Table: "security", Name: "attachment_download", Criterion: CriterionSecurity, JA: "添付ファイルのダウンロード機能（脱PPAP対策）", EN: "Attachment download links (no PPAP)",
		DefJA: "添付ファイルをメールから切り離し、受信者がダウンロードリンクから取得する方式にできる。",
		DefEN: "Attachments can be replaced by a download link, so no zip-with-password is mailed."},
	{Table: "security", Name: "misdelivery_prevention", Criterion: CriterionSecurity, JA: "メール誤送信対策", EN: "Misdelivery prevention",
		DefJA: "送信前の保留・確認・上長承認などで、宛先間違いのメールを止められる。",
		DefEN: "Outgoing mail can be held, confirmed or approved before it leaves, to stop mail to the wrong address."},
	{Table: "security", Name: "archive_mailbox", Criterion: CriterionSecurity, JA: "アーカイブメールボックス（古いメールの保管領域）", EN: "Archive mailbox (space for old mail)",
		DefJA: "通常のメールボックスとは別に、利用者が古いメールを移して保管・閲覧できる領域がある。",
		DefEN: "Each user has extra storage, beside the mailbox, where old mail is moved and can still be read."},
	{Table: "security", Name: "retention", Criterion: CriterionSecurity, JA: "メールアーカイブ（保存・監査・eDiscovery）", EN: "Mail retention and audit archive (eDiscovery)",
		DefJA: "送受信したメールの写しを利用者が消せない形で一定期間保存し、監査や訴訟対応のために検索できる。",
		DefEN: "Copies of sent and received mail are kept for a set period where users cannot delete them, searchable for audit or eDiscovery."},
	{Table: "security", Name: "two_factor", Criterion: CriterionSecurity, JA: "二要素認証", EN: "Two-factor authentication",
		DefJA: "パスワードに加えてワンタイムコードなど第二の要素でログインを確認できる。",
		DefEN: "Logins can require a second factor (e.g. a one-time code) besides the password."},
	{Table: "security", Name: "closed_network", Criterion: CriterionSecurity, JA: "閉域網での運用", EN: "Runs in a closed network",
		DefJA: "インターネットから遮断された自社の閉域網の中だけで運用できる。",
		DefEN: "The system can run entirely inside a network cut off from the internet."},
	{Table: "security", Name: "data_in_japan", Criterion: CriterionSecurity, JA: "データの国内保管", EN: "Data stored in Japan",
		DefJA: "メールのデータが日本国内に保管されることを提供者が示している（自社構築では自社設備）。",
		DefEN: "The provider states that mail data is stored in Japan (self-hosted: on the company's own equipment)."},
	{Table: "support", Name: "japanese", Criterion: CriterionSupport, JA: "日本語サポート", EN: "Support in Japanese",
		DefJA: "日本語で問い合わせができ、日本語のマニュアルがある。",
		DefEN: "Questions can be asked, and manuals read, in Japanese."},
	{Table: "support", Name: "phone", Criterion: CriterionSupport, JA: "電話での問い合わせ", EN: "Phone support",
		DefJA: "電話で問い合わせができる。",
		DefEN: "Support can be reached by phone."},
	{Table: "support", Name: "migration_assistance", Criterion: CriterionSupport, JA: "メールサーバー移行・設定代行", EN: "Migration / setup assistance",
		DefJA: "提供者がメールの移行や初期設定を代行・支援する。",
		DefEN: "The provider moves existing mail or does the initial setup for the company."},
}

// RemovedKeys are capability keys that were split because they meant two
// things; a file that still uses one gets this hint instead of "unknown key".
var RemovedKeys = map[string]string{
	"security.archive": "security.archive was split: use archive_mailbox (extra space where users keep old mail) " +
		"and/or retention (copies users cannot delete, kept for audit and eDiscovery)",
	"security.sender_authentication": "security.sender_authentication was split: use sender_verification (incoming mail is " +
		"checked with SPF/DKIM/DMARC) and/or dkim_signing (mail from your domain is DKIM-signed)",
}

// CapabilityTables are the tables that hold capability keys.
var CapabilityTables = []string{"features", "mobile", "security", "support"}

// LookupCapability finds a key by its dotted path.
func LookupCapability(path string) (CapabilityKey, bool) {
	for _, k := range CapabilityKeys {
		if k.Path() == path {
			return k, true
		}
	}
	return CapabilityKey{}, false
}

// KeysOf returns the capability names in table, in vocabulary order.
func KeysOf(table string) []string {
	var out []string
	for _, k := range CapabilityKeys {
		if k.Table == table {
			out = append(out, k.Name)
		}
	}
	return out
}

// Expertise is the level of mail-server knowledge an option needs or a team
// has. The seed: self-hosting needs 高い専門知識を持った管理者.
type Expertise string

const (
	ExpertiseNone   Expertise = "none"
	ExpertiseBasic  Expertise = "basic"
	ExpertiseExpert Expertise = "expert"
)

// Rank orders expertise levels for comparison.
func (e Expertise) Rank() int {
	switch e {
	case ExpertiseBasic:
		return 1
	case ExpertiseExpert:
		return 2
	}
	return 0
}

// ExpertiseLevels lists the accepted values.
var ExpertiseLevels = []string{"none", "basic", "expert"}

// SupportHours are the support hours values.
var SupportHours = []string{"business", "24x7"}

// BuildStep is one step of the seed's self-hosting build flow
// (自社でメールサーバーを構築する大まかな流れ).
type BuildStep struct {
	Key    string
	JA, EN string
}

var BuildSteps = []BuildStep{
	{"server", "サーバー機器の確保とOSインストール", "Server hardware and OS install"},
	{"network", "ネットワーク設定（固定IPアドレスやホスト名）", "Network: fixed IP address, host name"},
	{"firewall", "ルーター・ファイアウォールの設定", "Router and firewall"},
	{"mta_install", "メールサーバー用ソフトウェアのインストール", "Mail server software install"},
	{"mta_config", "メールサーバー用ソフトウェアの設定", "Mail server software configuration"},
	{"dns", "DNSの設定", "DNS records (MX, SPF, DKIM, DMARC)"},
	{"security", "各種メールセキュリティの設定", "Mail security settings"},
	{"webmail_install", "Webメール用ソフトウェアのインストール", "Webmail install"},
	{"webmail_config", "Webメール用ソフトウェアの設定", "Webmail configuration"},
	{"admin_install", "管理ツール（GUI）のインストール", "Admin GUI install"},
	{"admin_config", "管理ツールの設定", "Admin GUI configuration"},
	{"accounts", "メールアカウントの作成", "Creating mail accounts"},
}

// OperatingTask is one recurring load of running a mail server
// (メールサーバーでよくあるトラブル plus patching).
type OperatingTask struct {
	Key    string
	JA, EN string
}

var OperatingTasks = []OperatingTask{
	{"outages", "メールサーバーの停止への対応", "Server outages"},
	{"non_delivery", "メールの不達の調査", "Non-delivery investigations"},
	{"mailbox_full", "メールボックス容量不足への対応", "Full mailboxes"},
	{"bulk_sending", "メール大量送信の規制", "Policing bulk sending"},
	{"security_patches", "セキュリティパッチ・知識の更新", "Security patches and keeping up"},
}

// CriterionFromString parses a criterion name.
func CriterionFromString(s string) (Criterion, bool) {
	for _, c := range Criteria {
		if string(c) == s {
			return c, true
		}
	}
	return "", false
}
