package reports

import (
	"encoding/json"
	"fmt"
	"github.com/mailpick/mailpick/msg"
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
	in = in.localized()
	return writePDFDoc(w, buildPosture(in), in.Version, in.Now)
}

// WritePostureHTML writes the posture report as one self-contained page.
func WritePostureHTML(w io.Writer, in *PostureInput) error {
	in = in.localized()
	return writeHTMLDoc(w, buildPosture(in))
}

// WritePostureMarkdown writes the posture report as Markdown.
func WritePostureMarkdown(w io.Writer, in *PostureInput) error {
	in = in.localized()
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

// localized is in with every finding in the report's language: the
// probe's coded messages rendered in in.Lang (probe.DomainResult.In).
// The JSON keeps the English sentences beside the codes instead.
func (in *PostureInput) localized() *PostureInput {
	if in.Lang == "en" || in.Lang == "" {
		return in
	}
	out := *in
	out.Results = make([]probe.DomainResult, len(in.Results))
	for i, r := range in.Results {
		out.Results[i] = r.In(in.Lang)
	}
	return &out
}

// changeStatus words a status of a change, or "absent" (a check one side
// does not have).
func changeStatus(lang, s string) string {
	if s == probe.Absent {
		return msg.T(lang, "probe.absent")
	}
	if msg.Has("posture.st_" + s) {
		return pl(lang, "st_"+s)
	}
	return s
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
			names = append(names, pl(in.Lang, "and_more", "n", len(in.Results)-3))
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
		g.Rows = append(g.Rows, row(txt(r.Domain), gradeCell(r.Grade), txt(fmt.Sprint(r.Score)), txt(pl(lang, "fails_warns", "fails", fails, "warns", warns))))
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
				fix += "\n" + pl(lang, "blocks", "n", len(f.Blocks), "profiles", strings.Join(profileIDs(f.Blocks), ", "))
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
		return r.Domain + ": " + pl(lang, "baseline_missing", "file", filepath.Base(b.File))
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
	return pl(lang, "change_line", "domain", r.Domain, "from_grade", b.Grade, "to_grade", r.Grade, "from_score", b.Score, "to_score", r.Score, "worse", worse, "better", better)
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
	text := verdictText(lang, p.Met) + "\n" + pl(lang, "counts", "met", met, "not_met", notMet, "confirm", unmeasured)
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
		s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: fmt.Sprintf("%s — %s (%s)", p.Title, verdictText(lang, p.Met), pl(lang, "counts", "met", met, "not_met", notMet, "confirm", unmeasured))})
		t := &table{Head: []string{pl(lang, "requirement"), pl(lang, "status"), pl(lang, "fix_or_check")}, Widths: []float64{2.6, 0.9, 3.2}}
		for _, q := range p.Requirements {
			t.Rows = append(t.Rows, row(txt(q.Text), reqStatusCell(lang, q.Status), txt(q.Fix)))
		}
		s.Blocks = append(s.Blocks, block{Kind: bTable, Table: t}, block{Kind: bPara, Text: pl(lang, "source_line", "source", p.Source, "date", p.AsOf)})
	}
	if b := r.Baseline; b != nil {
		s.Blocks = append(s.Blocks, block{Kind: bHeading, Text: pl(lang, "since_baseline")}, block{Kind: bPara, Text: changeLine(lang, r)})
		if b.Found && len(r.Changes) > 0 {
			t := &table{Head: []string{pl(lang, "change"), pl(lang, "check"), pl(lang, "from_to"), pl(lang, "summary")}, Widths: []float64{0.7, 1.1, 1, 3.6}}
			for _, c := range r.Changes {
				t.Rows = append(t.Rows, row(directionCell(lang, c.Direction), txt(c.ID), txt(changeStatus(lang, c.From)+" → "+changeStatus(lang, c.To)), txt(c.Summary)))
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
			src := p.Source + "\n" + pl(lang, "as_of", "date", p.AsOf)
			if n := p.NoteIn(lang); n != "" {
				src += "\n" + n
			}
			t.Rows = append(t.Rows, row(txt(p.TitleIn(lang)), txt(p.PublisherIn(lang)), txt(p.ScopeIn(lang)), txt(src)))
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
	if msg.Has("posture.category." + cat) {
		return msg.T(lang, "posture.category."+cat)
	}
	return cat
}

// pl is a posture-report label in lang, from the message table, with
// named arguments.
func pl(lang, key string, kv ...any) string { return msg.T(lang, "posture."+key, kv...) }
