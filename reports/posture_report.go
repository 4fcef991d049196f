package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/mailpick/mailpick/probe"
	"github.com/mailpick/mailpick/probe/profile"
)

// PostureInput is what the posture report of `mailpick probe -o FILE`
// shows: the probed domains (with their profiles' verdicts and changes
// since a baseline, when asked for), in the order given.
type PostureInput struct {
	Results  []probe.DomainResult
	Profiles []*profile.Profile
	Lang     string
	Now      time.Time
	Version  string
	Baseline string // the --baseline file, "" without one
}

// PostureFormats maps an output file extension to its posture renderer.
var PostureFormats = map[string]func(io.Writer, *PostureInput) error{
	".pdf":  WritePosturePDF,
	".html": WritePostureHTML,
	".md":   WritePostureMarkdown,
	".xlsx": WritePostureXLSX,
	".json": WritePostureJSON,
}

// PostureExtensions lists the accepted extensions in a stable order.
var PostureExtensions = []string{".pdf", ".html", ".md", ".xlsx", ".json"}

// topFixes is how many fixes page 1 names.
const topFixes = 3

// WritePosturePDF writes the posture report as an A4 PDF, with the same
// fonts, layout and wrapping as the decision report.
func WritePosturePDF(w io.Writer, in *PostureInput) error {
	return writePDFDoc(w, buildPosture(in), in.Version, in.Now)
}

// WritePostureHTML writes the posture report as one self-contained page.
func WritePostureHTML(w io.Writer, in *PostureInput) error {
	return writeHTMLDoc(w, buildPosture(in))
}

// WritePostureMarkdown writes the posture report as Markdown.
func WritePostureMarkdown(w io.Writer, in *PostureInput) error {
	return writeMarkdownDoc(w, buildPosture(in))
}

// postureJSON is the report as data: the results exactly as probe --format
// json prints them, and page 1's ranking of fixes.
type postureJSON struct {
	Title       string               `json:"title"`
	Lang        string               `json:"lang"`
	GeneratedAt time.Time            `json:"generated_at"`
	Version     string               `json:"version"`
	Baseline    string               `json:"baseline,omitempty"`
	TopFixes    []Fix                `json:"top_fixes"`
	Domains     []probe.DomainResult `json:"domains"`
}

// WritePostureJSON writes the posture report's data.
func WritePostureJSON(w io.Writer, in *PostureInput) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	doms := in.Results
	if doms == nil {
		doms = []probe.DomainResult{}
	}
	out := postureJSON{Title: pl(in.Lang, "title"), Lang: in.Lang, GeneratedAt: in.Now.UTC(), Version: in.Version, Baseline: in.Baseline,
		TopFixes: RankFixes(in.Results, topFixes), Domains: doms}
	if out.TopFixes == nil {
		out.TopFixes = []Fix{}
	}
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("writing JSON: %w", err)
	}
	return nil
}

// Fix is one change to make, ranked for page 1.
type Fix struct {
	Domain  string       `json:"domain"`
	Check   string       `json:"check"`
	Status  probe.Status `json:"status"`
	Summary string       `json:"summary"`
	Fix     string       `json:"fix"`
	Blocks  []string     `json:"blocks"` // profile requirements it leaves not met
}

// RankFixes orders every warn and fail that carries a fix: first those
// that keep the most profile requirements from being met, then fail before
// warn, then by domain as given and check as the registry lists them.
func RankFixes(results []probe.DomainResult, n int) []Fix {
	rank := map[string]int{}
	for i, c := range probe.Registry {
		rank[c.ID] = i
	}
	type cand struct {
		Fix
		dom, reg int
	}
	var cs []cand
	for di, r := range results {
		blocks := map[string][]string{}
		for _, p := range r.Profiles {
			for _, q := range p.Requirements {
				if q.Status != probe.NotMet {
					continue
				}
				for _, id := range q.Checks {
					blocks[id] = append(blocks[id], p.ID+"/"+q.ID)
				}
			}
		}
		seen := map[string]bool{}
		for _, c := range r.Checks {
			if (c.Status != probe.Warn && c.Status != probe.Fail) || c.Fix == "" || seen[c.ID] {
				continue
			}
			seen[c.ID] = true
			b := blocks[c.ID]
			if b == nil {
				b = []string{}
			}
			reg, ok := rank[c.ID]
			if !ok {
				reg = len(rank)
			}
			cs = append(cs, cand{Fix{Domain: r.Domain, Check: c.ID, Status: c.Status, Summary: c.Summary, Fix: c.Fix, Blocks: b}, di, reg})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if len(a.Blocks) != len(b.Blocks) {
			return len(a.Blocks) > len(b.Blocks)
		}
		if a.Status.Severity() != b.Status.Severity() {
			return a.Status.Severity() > b.Status.Severity()
		}
		if a.dom != b.dom {
			return a.dom < b.dom
		}
		return a.reg < b.reg
	})
	var out []Fix
	for i := 0; i < len(cs) && i < n; i++ {
		out = append(out, cs[i].Fix)
	}
	return out
}

func buildPosture(in *PostureInput) *document {
	lang := in.Lang
	d := &document{Lang: lang, Title: pl(lang, "title"), Subtitle: postureSubtitle(in)}
	d.Sections = append(d.Sections, postureSummary(in))
	if len(in.Results) > 1 {
		d.Sections = append(d.Sections, postureComparison(in))
	}
	for _, r := range in.Results {
		d.Sections = append(d.Sections, postureDomain(in, r))
	}
	d.Sections = append(d.Sections, postureAbout(in))
	return d
}

func postureSubtitle(in *PostureInput) string {
	var names []string
	for i, r := range in.Results {
		if i == 3 {
			names = append(names, fmt.Sprintf(pl(in.Lang, "and_more"), len(in.Results)-3))
			break
		}
		names = append(names, r.Domain)
	}
	return strings.Join(names, ", ") + " · " + L(in.Lang, "generated") + " " + in.Now.Format("2006-01-02")
}

// postureSummary is page 1: the grade of every domain, the profiles'
// verdicts and the three fixes that matter most.
func postureSummary(in *PostureInput) section {
	lang := in.Lang
	s := section{ID: "summary", Title: pl(lang, "sec_summary")}
	g := &table{Head: []string{pl(lang, "domain"), pl(lang, "grade"), pl(lang, "score"), pl(lang, "findings")}, Num: []bool{false, false, true, false}, Widths: []float64{2, 0.7, 0.8, 2.5}}
	for _, r := range in.Results {
		fails, warns := 0, 0
		for _, c := range r.Checks {
			switch c.Status {
			case probe.Fail:
				fails++
			case probe.Warn:
				warns++
			}
		}
		g.Rows = append(g.Rows, row(txt(r.Domain), gradeCell(r.Grade), txt(fmt.Sprint(r.Score)), txt(fmt.Sprintf(pl(lang, "fails_warns"), fails, warns))))
	}
	s.Blocks = append(s.Blocks, block{Kind: bTable, Table: g})
	if in.Baseline != "" {
		var items []string
		for _, r := range in.Results {
			items = append(items, changeLine(lang, r))
		}
		s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: pl(lang, "since_baseline")}, block{Kind: bBullets, Items: items})
	}
	if len(in.Profiles) > 0 {
		s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: pl(lang, "profiles")})
		t := &table{Head: []string{pl(lang, "profile")}, Widths: []float64{2.6}}
		for _, r := range in.Results {
			t.Head = append(t.Head, r.Domain)
			t.Widths = append(t.Widths, 1.4)
		}
		for _, p := range in.Profiles {
			rw := row(txt(p.TitleIn(lang)))
			for _, r := range in.Results {
				rw = append(rw, shortVerdictCell(lang, findProfile(r, p.ID)))
			}
			t.Rows = append(t.Rows, rw)
		}
		s.Blocks = append(s.Blocks, block{Kind: bTable, Table: t}, block{Kind: bPara, Text: pl(lang, "verdict_legend")})
	}
	s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: pl(lang, "top_fixes")})
	fixes := RankFixes(in.Results, topFixes)
	if len(fixes) == 0 {
		s.Blocks = append(s.Blocks, block{Kind: bPara, Text: pl(lang, "nothing_to_fix")})
	} else {
		t := &table{Head: []string{"#", pl(lang, "check"), pl(lang, "finding"), pl(lang, "fix")}, Num: []bool{true, false, false, false}, Widths: []float64{0.3, 1.3, 2.4, 3.2}}
		for i, f := range fixes {
			what := f.Check + "\n" + statusWord(lang, f.Status)
			if len(in.Results) > 1 {
				what = f.Domain + "\n" + what
			}
			fix := f.Fix
			if len(f.Blocks) > 0 {
				fix += "\n" + fmt.Sprintf(pl(lang, "blocks"), len(f.Blocks), strings.Join(profileIDs(f.Blocks), ", "))
			}
			st := statusCellIn(lang, f.Status)
			t.Rows = append(t.Rows, row(txt(fmt.Sprint(i+1)), tone(what, st.Tone), txt(f.Summary), txt(fix)))
		}
		s.Blocks = append(s.Blocks, block{Kind: bTable, Table: t})
	}
	s.Blocks = append(s.Blocks, block{Kind: bPageBreak})
	return s
}

// profileIDs are the distinct profiles of "profile/requirement" ids.
func profileIDs(reqs []string) []string {
	var out []string
	for _, r := range reqs {
		p, _, _ := strings.Cut(r, "/")
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// shortVerdictCell is a verdict on one line, for page 1.
func shortVerdictCell(lang string, p *probe.ProfileResult) cell {
	c := verdictCell(lang, p)
	if p != nil {
		met, notMet, unmeasured := p.Count()
		c.Text = fmt.Sprintf("%s (%d/%d/%d)", verdictText(lang, p.Met), met, notMet, unmeasured)
	}
	return c
}

func changeLine(lang string, r probe.DomainResult) string {
	b := r.Baseline
	switch {
	case b == nil:
		return r.Domain + ": " + pl(lang, "no_baseline")
	case !b.Found:
		return r.Domain + ": " + fmt.Sprintf(pl(lang, "baseline_missing"), filepath.Base(b.File))
	}
	worse, better := 0, 0
	for _, c := range r.Changes {
		switch c.Direction {
		case probe.Worse:
			worse++
		case probe.Better:
			better++
		}
	}
	return fmt.Sprintf(pl(lang, "change_line"), r.Domain, b.Grade, r.Grade, b.Score, r.Score, worse, better)
}

func findProfile(r probe.DomainResult, id string) *probe.ProfileResult {
	for i := range r.Profiles {
		if r.Profiles[i].ID == id {
			return &r.Profiles[i]
		}
	}
	return nil
}

func verdictCell(lang string, p *probe.ProfileResult) cell {
	if p == nil {
		return tone("—", "muted")
	}
	met, notMet, unmeasured := p.Count()
	text := verdictText(lang, p.Met) + "\n" + fmt.Sprintf(pl(lang, "counts"), met, notMet, unmeasured)
	switch {
	case p.Met == nil:
		return tone(text, "warn")
	case *p.Met:
		return tone(text, "good")
	}
	return tone(text, "bad")
}

func verdictText(lang string, met *bool) string {
	switch {
	case met == nil:
		return pl(lang, "verdict_confirm")
	case *met:
		return pl(lang, "verdict_met")
	}
	return pl(lang, "verdict_not_met")
}

// postureComparison sets the domains side by side: the company's beside
// each candidate provider's, category by category.
func postureComparison(in *PostureInput) section {
	lang := in.Lang
	s := section{ID: "comparison", Title: pl(lang, "sec_comparison")}
	t := &table{Head: []string{""}, Widths: []float64{1.8}}
	for _, r := range in.Results {
		t.Head = append(t.Head, r.Domain)
		t.Num = append(t.Num, false)
		t.Widths = append(t.Widths, 1.2)
	}
	gr := row(txt(pl(lang, "grade")))
	sc := row(txt(pl(lang, "score")))
	for _, r := range in.Results {
		gr = append(gr, gradeCell(r.Grade))
		sc = append(sc, txt(fmt.Sprint(r.Score)))
	}
	t.Rows = append(t.Rows, gr, sc)
	for _, cat := range probe.Categories() {
		any := false
		rw := row(txt(categoryName(lang, cat)))
		for _, r := range in.Results {
			cs, ok := r.Categories[cat]
			if !ok {
				rw = append(rw, tone("—", "muted"))
				continue
			}
			any = true
			rw = append(rw, scoreCell(float64(cs.Score)))
			rw[len(rw)-1].Text = fmt.Sprintf("%d (%d/%d)", cs.Score, cs.Passed, cs.Total)
		}
		if any {
			t.Rows = append(t.Rows, rw)
		}
	}
	for _, p := range in.Profiles {
		rw := row(txt(p.TitleIn(lang)))
		for _, r := range in.Results {
			rw = append(rw, verdictCell(lang, findProfile(r, p.ID)))
		}
		t.Rows = append(t.Rows, rw)
	}
	s.Blocks = append(s.Blocks, block{Kind: bTable, Table: t})
	return s
}

// postureDomain is one domain: every category with its findings and the
// record to publish, the profiles requirement by requirement, and the
// changes since the baseline.
func postureDomain(in *PostureInput, r probe.DomainResult) section {
	lang := in.Lang
	s := section{ID: "domain-" + strings.ReplaceAll(r.Domain, ".", "-"), Title: fmt.Sprintf("%s — %s %s (%d/100)", r.Domain, pl(lang, "grade"), r.Grade, r.Score)}
	byCat := map[string][]probe.Check{}
	for _, c := range r.Checks {
		byCat[c.Category] = append(byCat[c.Category], c)
	}
	cats := probe.Categories()
	for c := range byCat {
		if !slices.Contains(cats, c) {
			cats = append(cats, c)
		}
	}
	for _, cat := range cats {
		checks := byCat[cat]
		if len(checks) == 0 {
			continue
		}
		title := categoryName(lang, cat)
		if cs, ok := r.Categories[cat]; ok {
			title += fmt.Sprintf(" — %d/100 (%d/%d %s)", cs.Score, cs.Passed, cs.Total, pl(lang, "passed"))
		}
		t := &table{Head: []string{pl(lang, "status"), pl(lang, "check"), pl(lang, "finding"), pl(lang, "fix")}, Widths: []float64{0.6, 1.1, 2.8, 2.8}}
		for _, c := range checks {
			finding := c.Summary
			if c.Target != "" && c.Target != r.Domain {
				finding += " [" + c.Target + "]"
			}
			t.Rows = append(t.Rows, row(statusCellIn(lang, c.Status), txt(c.ID), txt(finding), txt(c.Fix)))
		}
		s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: title}, block{Kind: bTable, Table: t})
	}
	for _, p := range r.Profiles {
		met, notMet, unmeasured := p.Count()
		s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: fmt.Sprintf("%s — %s (%s)", p.Title, verdictText(lang, p.Met), fmt.Sprintf(pl(lang, "counts"), met, notMet, unmeasured))})
		t := &table{Head: []string{pl(lang, "requirement"), pl(lang, "status"), pl(lang, "fix_or_check")}, Widths: []float64{2.6, 0.9, 3.2}}
		for _, q := range p.Requirements {
			t.Rows = append(t.Rows, row(txt(q.Text), reqStatusCell(lang, q.Status), txt(q.Fix)))
		}
		s.Blocks = append(s.Blocks, block{Kind: bTable, Table: t}, block{Kind: bPara, Text: fmt.Sprintf(pl(lang, "source_line"), p.Source, p.AsOf)})
	}
	if b := r.Baseline; b != nil {
		s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: pl(lang, "since_baseline")}, block{Kind: bPara, Text: changeLine(lang, r)})
		if b.Found && len(r.Changes) > 0 {
			t := &table{Head: []string{pl(lang, "change"), pl(lang, "check"), pl(lang, "from_to"), pl(lang, "summary")}, Widths: []float64{0.7, 1.1, 1, 3.6}}
			for _, c := range r.Changes {
				t.Rows = append(t.Rows, row(directionCell(lang, c.Direction), txt(c.ID), txt(c.From+" → "+c.To), txt(c.Summary)))
			}
			s.Blocks = append(s.Blocks, block{Kind: bTable, Table: t})
		}
	}
	return s
}

// postureAbout says how to read the report and where each profile comes
// from.
func postureAbout(in *PostureInput) section {
	lang := in.Lang
	s := section{ID: "about", Title: pl(lang, "sec_about")}
	s.Blocks = append(s.Blocks, block{Kind: bBullets, Items: []string{pl(lang, "about_status"), pl(lang, "about_score"), pl(lang, "about_profiles")}})
	if len(in.Profiles) > 0 {
		t := &table{Head: []string{pl(lang, "profile"), pl(lang, "publisher"), pl(lang, "applies_to"), pl(lang, "source")}, Widths: []float64{1.6, 1.2, 2.4, 2.4}}
		for _, p := range in.Profiles {
			src := p.Source + "\n" + fmt.Sprintf(pl(lang, "as_of"), p.AsOf)
			if n := p.NoteIn(lang); n != "" {
				src += "\n" + n
			}
			t.Rows = append(t.Rows, row(txt(p.TitleIn(lang)), txt(p.Publisher), txt(p.ScopeIn(lang)), txt(src)))
		}
		s.Blocks = append(s.Blocks, block{Kind: bTable, Table: t})
	}
	return s
}

func statusWord(lang string, s probe.Status) string { return pl(lang, "st_"+string(s)) }

func statusCellIn(lang string, s probe.Status) cell {
	c := statusCell(s)
	c.Text = statusWord(lang, s)
	return c
}

func reqStatusCell(lang, s string) cell {
	switch s {
	case probe.Met:
		return tone(pl(lang, "req_met"), "good")
	case probe.NotMet:
		return tone(pl(lang, "req_not_met"), "bad")
	}
	return tone(pl(lang, "req_not_measurable"), "warn")
}

func directionCell(lang, d string) cell {
	switch d {
	case probe.Worse:
		return tone(pl(lang, "worse"), "bad")
	case probe.Better:
		return tone(pl(lang, "better"), "good")
	}
	return tone(pl(lang, "changed"), "muted")
}

func categoryName(lang, cat string) string {
	if n, ok := postureCategories[cat]; ok {
		return pick(lang, n[0], n[1])
	}
	return cat
}

var postureCategories = map[string][2]string{
	"mx":      {"MX（受信サーバー）", "MX (receiving servers)"},
	"spf":     {"SPF", "SPF"},
	"dmarc":   {"DMARC", "DMARC"},
	"dkim":    {"DKIM", "DKIM"},
	"mtasts":  {"MTA-STS", "MTA-STS"},
	"tlsrpt":  {"TLS-RPT", "TLS-RPT"},
	"bimi":    {"BIMI", "BIMI"},
	"dnssec":  {"DNSSEC", "DNSSEC"},
	"tls":     {"SMTPのTLS", "SMTP TLS"},
	"client":  {"クライアント接続（465/587/993）", "Client ports (465/587/993)"},
	"sending": {"送信元アドレス（--sending-ip）", "Sending addresses (--sending-ip)"},
}

// pl is a posture-report label in lang.
func pl(lang, key string) string {
	l, ok := postureLabels[key]
	if !ok {
		return key
	}
	return pick(lang, l[0], l[1])
}

// postureLabels are the posture report's fixed texts, ja and en.
var postureLabels = map[string][2]string{
	"title":              {"メールセキュリティ診断レポート", "Mail security posture report"},
	"and_more":           {"ほか%d件", "and %d more"},
	"sec_summary":        {"概要", "Summary"},
	"sec_comparison":     {"ドメインの比較", "Domains compared"},
	"sec_about":          {"このレポートについて", "About this report"},
	"domain":             {"ドメイン", "Domain"},
	"grade":              {"評価", "Grade"},
	"score":              {"点数", "Score"},
	"findings":           {"指摘", "Findings"},
	"fails_warns":        {"不合格 %d件、警告 %d件", "%d fail, %d warn"},
	"profiles":           {"送信者要件（プロファイル）", "Sender requirements (profiles)"},
	"profile":            {"プロファイル", "Profile"},
	"as_of":              {"%s時点の要件", "requirements as of %s"},
	"counts":             {"適合%d・不適合%d・要確認%d", "%d met, %d not met, %d to confirm"},
	"verdict_met":        {"適合", "met"},
	"verdict_not_met":    {"不適合", "not met"},
	"verdict_confirm":    {"要確認", "to confirm"},
	"verdict_legend":     {"（適合/不適合/要確認の件数）「要確認」は、DNSとTLSで測れる要件は満たしているものの、メッセージなどでしか確認できない要件（ワンクリック登録解除、迷惑メール率など）が残っていることを示します。確認する場所は各ドメインの節にあります。", "(met/not met/to confirm) \"To confirm\": what DNS and TLS show is met; the rest can only be checked in messages or elsewhere (one-click unsubscribe, spam rate); each domain's section says where."},
	"top_fixes":          {"最優先の修正（3件）", "The three most important fixes"},
	"nothing_to_fix":     {"修正が必要な指摘はありません。すべてのチェックが合格または情報のみです。", "Nothing to fix: every check passes or is information only."},
	"blocks":             {"これにより満たせない要件: %d件（%s）", "Keeps %d requirement(s) from being met: %s"},
	"since_baseline":     {"前回からの変化", "Changes since the baseline"},
	"no_baseline":        {"比較対象なし", "no baseline"},
	"baseline_missing":   {"%s にこのドメインの結果がないため比較できません", "%s has no result for this domain; nothing to compare"},
	"change_line":        {"%s: 評価 %s → %s、点数 %d → %d（悪化%d件、改善%d件）", "%s: grade %s → %s, score %d → %d (%d worse, %d better)"},
	"passed":             {"合格", "passed"},
	"status":             {"結果", "Status"},
	"check":              {"チェック", "Check"},
	"finding":            {"所見", "Finding"},
	"fix":                {"修正（公開するレコード）", "Fix (record to publish)"},
	"requirement":        {"要件", "Requirement"},
	"fix_or_check":       {"修正、または確認する場所", "Fix, or what to check and where"},
	"source_line":        {"出典: %s（%s時点）", "Source: %s (as of %s)"},
	"change":             {"変化", "Change"},
	"from_to":            {"前回 → 今回", "Then → now"},
	"summary":            {"内容", "Summary"},
	"worse":              {"悪化", "worse"},
	"better":             {"改善", "better"},
	"changed":            {"変化", "changed"},
	"req_met":            {"適合", "met"},
	"req_not_met":        {"不適合", "not met"},
	"req_not_measurable": {"要確認（DNS/TLSでは測定不可）", "to confirm (not measurable from DNS/TLS)"},
	"st_pass":            {"合格", "pass"},
	"st_warn":            {"警告", "warn"},
	"st_fail":            {"不合格", "fail"},
	"st_info":            {"情報", "info"},
	"st_skip":            {"対象外", "skip"},
	"st_error":           {"測定不能", "error"},
	"publisher":          {"発行元", "Publisher"},
	"applies_to":         {"対象", "Applies to"},
	"source":             {"出典と日付", "Source and date"},
	"about_status":       {"結果: 合格・警告・不合格は判定、情報は判定しない事実、対象外は該当しないもの、測定不能はタイムアウトなどで測れなかったもの（不合格とは数えません）。", "Statuses: pass, warn and fail are verdicts; info is a fact without a verdict, skip means not applicable, error means it could not be measured (a timeout, say) and never counts as a fail."},
	"about_score":        {"点数: カテゴリごとに合格10点・警告5点・不合格0点で100点満点に換算し、カテゴリの平均を総合点とします。評価はA（90以上）・B（80以上）・C（65以上）・D（50以上）・F。", "Score: per category, pass earns 10 points, warn 5 and fail 0, scaled to 100; the overall score is the mean of the categories. Grade: A ≥ 90, B ≥ 80, C ≥ 65, D ≥ 50, else F."},
	"about_profiles":     {"送信者要件: 各要件を、それを測るチェックの結果から「適合」「不適合」「要確認」に判定します。要件の文言は各発行元の公開資料（下表、日付はその資料の時点）によります。", "Sender requirements: each requirement is judged met, not met or to confirm from the checks that measure it. The requirement texts follow each publisher's own pages (below, dated as of the text used)."},
}
