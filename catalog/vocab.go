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
// agree on the vocabulary.
type CapabilityKey struct {
	Table     string    // "features", "mobile", "security", "support"
	Name      string    // "forwarding"
	Criterion Criterion // criterion it scores under
	JA, EN    string    // labels; JA follows the seed's wording
}

// Path is the dotted key used in files and violations ("security.archive").
func (k CapabilityKey) Path() string { return k.Table + "." + k.Name }

// Label returns the key's label in lang.
func (k CapabilityKey) Label(lang string) string {
	if lang == "ja" {
		return k.JA
	}
	return k.EN
}

var CapabilityKeys = []CapabilityKey{
	{"features", "forwarding", CriterionFeatures, "メール転送", "Mail forwarding"},
	{"features", "auto_reply", CriterionFeatures, "メール自動返信", "Auto-reply"},
	{"features", "mailing_lists", CriterionFeatures, "メーリングリスト", "Mailing lists"},
	{"features", "per_user_quota", CriterionFeatures, "ユーザーごとのディスク容量変更", "Per-user mailbox quota"},
	{"features", "user_permissions", CriterionFeatures, "ユーザー権限（転送設定・パスワード設定）の管理", "User permission control (forwarding, passwords)"},
	{"features", "bulk_admin", CriterionFeatures, "メールアドレスの一括作成・変更", "Bulk create/change of addresses"},
	{"mobile", "webmail", CriterionMobile, "スマートフォンで使えるWebメール", "Webmail usable on smartphones"},
	{"mobile", "native_apps", CriterionMobile, "スマートフォンのメールアプリ対応", "Native mobile app / ActiveSync / IMAP"},
	{"security", "spam_filter", CriterionSecurity, "迷惑メールフィルタ", "Spam filter"},
	{"security", "virus_filter", CriterionSecurity, "ウイルスフィルタ", "Virus filter"},
	{"security", "client_tls", CriterionSecurity, "クライアント・ユーザー間の暗号化通信", "Client–server encryption (TLS)"},
	{"security", "transport_tls", CriterionSecurity, "メール通信経路の暗号化", "Server–server encryption (STARTTLS)"},
	{"security", "ip_restriction", CriterionSecurity, "メール接続元のIPアドレス制限", "Client IP address restriction"},
	{"security", "sender_authentication", CriterionSecurity, "なりすましメール対策（送信ドメイン認証）", "Sender authentication (SPF/DKIM/DMARC)"},
	{"security", "attachment_download", CriterionSecurity, "添付ファイルのダウンロード機能（脱PPAP対策）", "Attachment download links (no PPAP)"},
	{"security", "misdelivery_prevention", CriterionSecurity, "メール誤送信対策", "Misdelivery prevention"},
	{"security", "archive", CriterionSecurity, "メールアーカイブ", "Mail archive"},
	{"security", "two_factor", CriterionSecurity, "二要素認証", "Two-factor authentication"},
	{"security", "closed_network", CriterionSecurity, "閉域網での運用", "Runs in a closed network"},
	{"security", "data_in_japan", CriterionSecurity, "データの国内保管", "Data stored in Japan"},
	{"support", "japanese", CriterionSupport, "日本語サポート", "Support in Japanese"},
	{"support", "phone", CriterionSupport, "電話での問い合わせ", "Phone support"},
	{"support", "migration_assistance", CriterionSupport, "メールサーバー移行・設定代行", "Migration / setup assistance"},
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
