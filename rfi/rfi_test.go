package rfi

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/data"
	"github.com/mailpick/mailpick/scoring"
)

var day = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// example is the flagship example evaluated over the embedded catalog,
// with the default exchange rates the CLI would take.
func example(t testing.TB, lang string, ids []string, newVendors ...string) Input {
	t.Helper()
	src, err := data.FS.ReadFile("examples/smb-50-ja.toml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := scoring.ParseRequirements("smb-50-ja.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	fx, err := scoring.DefaultFX()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"USD", "EUR"} {
		r.UseDefaultFX(fx, c)
	}
	a, err := scoring.DefaultAssumptions()
	if err != nil {
		t.Fatal(err)
	}
	ev, err := scoring.Evaluate(r, cat, a, scoring.Options{NoSensitivity: true})
	if err != nil {
		t.Fatal(err)
	}
	return Input{Requirements: r, Catalog: cat, Assumptions: a, Eval: ev, Lang: lang, Options: ids, New: newVendors, Now: day}
}

func questionOf(t testing.TB, s *Sheet, key string) Question {
	t.Helper()
	for _, q := range s.Questions {
		if q.Key == key {
			return q
		}
	}
	t.Fatalf("%s: no question %s", s.Name, key)
	return Question{}
}

func TestPlanDefaultSelection(t *testing.T) {
	in := example(t, "ja", nil)
	q, err := Plan(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, s := range q.Sheets {
		got[s.OptionID] = true
	}
	for _, res := range in.Eval.Results {
		want := res.Eligible && (res.Provisional || len(unverifiedMusts(&res, in.Requirements)) > 0)
		if got[res.ID] != want {
			t.Errorf("%s asked = %v, want %v (eligible %v, provisional %v, unverified %v)", res.ID, got[res.ID], want, res.Eligible, res.Provisional, res.Unverified)
		}
	}
	if !got["cybermail-sigma"] || !got["idc-mail-premium"] {
		t.Errorf("the provisional Japanese services are not asked: %v", got)
	}
}

// The order on a sheet: decisive questions first, and within each part
// musts, then wants, then price and storage facts.
func TestPlanOrderAndDecisive(t *testing.T) {
	q, err := Plan(context.Background(), example(t, "en", []string{"cybermail-sigma"}))
	if err != nil {
		t.Fatal(err)
	}
	s := &q.Sheets[0]
	seenPlain := false
	last := map[bool]int{}
	for _, qu := range s.Questions {
		if !qu.Decisive {
			seenPlain = true
		} else if seenPlain {
			t.Fatalf("decisive %s comes after a question that is not", qu.Key)
		}
		if g := groupOrder[qu.Group]; g < last[qu.Decisive] {
			t.Fatalf("%s (%s) is out of group order", qu.Key, qu.Group)
		} else {
			last[qu.Decisive] = g
		}
	}
	// An unverified must of an option that can win at some price: a "no"
	// puts it out, so it is decisive.
	if qu := questionOf(t, s, "features.forwarding"); !qu.Decisive || qu.Why != "if not met, it is out: a must-have" {
		t.Errorf("features.forwarding: decisive %v, why %q", qu.Decisive, qu.Why)
	}
	// A must a vendor page already states is not doubted.
	if qu := questionOf(t, s, "mobile.webmail"); qu.Decisive || !strings.HasPrefix(qu.Current, "yes — vendor, read ") {
		t.Errorf("mobile.webmail: decisive %v, current %q", qu.Decisive, qu.Current)
	}
	// Its price decides: the tco_to_win is named for procurement.
	if qu := questionOf(t, s, "pricing.per_user_month"); !qu.Decisive || !strings.HasPrefix(qu.Why, "ranks first while its 5-year TCO is at most ") {
		t.Errorf("pricing.per_user_month: decisive %v, why %q", qu.Decisive, qu.Why)
	}
	if qu := questionOf(t, s, "pricing.per_user_month"); qu.Current != "unknown (no source states it)" {
		t.Errorf("price current = %q", qu.Current)
	}
	// Add-on prices are asked where the catalog says addon.
	questionOf(t, s, "addons.security.retention")
}

// Each decisive capability question is decisive for the reason it gives:
// re-evaluated with that one value changed, the option's standing changes
// as stated; and a must or want not marked changes nothing of the kind.
func TestDecisiveClaimsHold(t *testing.T) {
	in := example(t, "en", []string{"idc-mail-premium", "xserver-business", "sakura-mailbox"})
	q, err := Plan(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	p := &planner{ctx: context.Background(), in: in, lang: "en", results: map[string]*scoring.Result{}}
	for i := range in.Eval.Results {
		p.results[in.Eval.Results[i].ID] = &in.Eval.Results[i]
	}
	checked := 0
	for _, s := range q.Sheets {
		o := catalog.Find(in.Catalog, s.OptionID)
		base := p.results[s.OptionID]
		for _, qu := range s.Questions {
			if qu.Group != GroupMust && qu.Group != GroupWant {
				continue
			}
			var set func(*catalog.Option)
			switch {
			case strings.Contains(qu.Why, "if met"):
				set = func(c *catalog.Option) { c.Caps[qu.Key] = catalog.Yes }
			case strings.Contains(qu.Why, "if not met"):
				set = func(c *catalog.Option) { c.Caps[qu.Key] = catalog.No }
			default:
				continue
			}
			if !strings.Contains(qu.Key, ".") || qu.Key == "storage.per_user_gb" || qu.Key == "support.hours" {
				continue
			}
			res, err := p.rerun(o, set)
			if err != nil {
				t.Fatal(err)
			}
			checked++
			switch qu.Why {
			case "if met, it ranks first":
				if res.Rank != 1 {
					t.Errorf("%s %s: claims first when met, rank %d", s.OptionID, qu.Key, res.Rank)
				}
			case "if not met, it no longer ranks first":
				if base.Rank != 1 || res.Rank == 1 {
					t.Errorf("%s %s: claims it loses first place, rank %d → %d", s.OptionID, qu.Key, base.Rank, res.Rank)
				}
			case "if not met, it is out: a must-have":
				if res.Eligible {
					t.Errorf("%s %s: claims out, still eligible", s.OptionID, qu.Key)
				}
			}
		}
	}
	if checked < 5 {
		t.Fatalf("only %d decisive claims checked; the test checks nothing", checked)
	}
}

func TestPlanSelectionErrors(t *testing.T) {
	for _, tt := range []struct {
		ids, newV []string
		want      string
	}{
		{[]string{"cybermail"}, nil, "--option cybermail: no such option; did you mean cybermail-sigma?"},
		{[]string{"cybermail-sigma"}, []string{"  "}, "--new is empty"},
	} {
		_, err := Plan(context.Background(), example(t, "en", tt.ids, tt.newV...))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v %v: err = %v, want %q", tt.ids, tt.newV, err, tt.want)
		}
	}
	if got := NewID("株式会社テスト", 2); got != "new-vendor-2" {
		t.Errorf("NewID(Japanese) = %q", got)
	}
	if got := NewID("Example Mail Inc.", 1); got != "new-example-mail-inc" {
		t.Errorf("NewID = %q", got)
	}
	used := map[string]bool{}
	long := strings.Repeat("a", 40)
	if a, b := sheetName(long, used), sheetName(long, used); len(a) != 31 || len(b) != 31 || a == b {
		t.Errorf("sheet names %q %q", a, b)
	}
}

// The workbook as written: literal header, validation on every answer
// cell, protection everywhere but the answer and evidence cells, and the
// hidden index.
func TestWorkbookStructure(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		t.Run(lang, func(t *testing.T) {
			q, err := Plan(context.Background(), example(t, lang, []string{"cybermail-sigma"}, "Example Mail Inc."))
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := Write(&buf, q); err != nil {
				t.Fatal(err)
			}
			checkWorkbook(t, buf.Bytes(), q)
			// A workbook sent back unanswered has no answers and no problems.
			sheets, probs := Read("rfi.xlsx", buf.Bytes())
			if len(probs) > 0 || len(sheets) != 2 {
				t.Fatalf("unanswered: %d sheets, problems %v", len(sheets), probs)
			}
			for _, s := range sheets {
				if len(s.Answers) > 0 {
					t.Errorf("%s: %d answers in a blank questionnaire", s.Sheet, len(s.Answers))
				}
			}
		})
	}
}

// checkWorkbook asserts what Write promises, on any workbook holding q
// (also one LibreOffice has saved again).
func checkWorkbook(t *testing.T, b []byte, q *Questionnaire) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); got[0] != coverName(q.Lang) {
		t.Errorf("sheets %v: the cover comes first", got)
	}
	cover, _ := f.GetCellValue(coverName(q.Lang), "A3")
	if !strings.Contains(cover, q.Company) || q.Company == "" {
		t.Errorf("the cover does not name the company %q: %q", q.Company, cover)
	}
	if vis, _ := f.GetSheetVisible(metaSheet); vis {
		t.Errorf("the index sheet is visible")
	}
	for _, s := range q.Sheets {
		for i, k := range headerKeys {
			if v, _ := f.GetCellValue(s.Name, cell(i+1, headerRow)); v != k {
				t.Errorf("%s header col %d = %q, want %q", s.Name, i+1, v, k)
			}
		}
		dvs, err := f.GetDataValidations(s.Name)
		if err != nil {
			t.Fatal(err)
		}
		byCell := map[string]*excelize.DataValidation{}
		for _, dv := range dvs {
			for _, ref := range strings.Fields(dv.Sqref) {
				cells := []string{ref}
				if from, to, ok := strings.Cut(ref, ":"); ok {
					cells = expand(t, from, to)
				}
				for _, c := range cells {
					byCell[c] = dv
				}
			}
		}
		for i, qu := range s.Questions {
			row := firstRow + i
			ans := cell(colOf("answer"), row)
			dv := byCell[ans]
			if dv == nil {
				t.Errorf("%s!%s (%s): no data validation", s.Name, ans, qu.Key)
				continue
			}
			want := map[Kind]string{KindState: "list", KindEnum: "list", KindNumber: "decimal", KindWhole: "whole", KindText: "textLength", KindURL: "textLength"}[qu.Spec.Kind]
			if dv.Type != want || dv.ErrorStyle == nil || *dv.ErrorStyle != "stop" {
				t.Errorf("%s!%s (%s): validation %s, want %s with a stop alert", s.Name, ans, qu.Key, dv.Type, want)
			}
			if qu.Spec.Kind == KindState && !strings.Contains(dv.Formula1, choiceLabel("addon", q.Lang)) {
				t.Errorf("%s!%s: list %s lacks %s", s.Name, ans, dv.Formula1, choiceLabel("addon", q.Lang))
			}
			for col, wantLocked := range map[string]bool{"key": true, "question": true, "current": true, "answer": false, "evidence": false} {
				if got := locked(t, f, s.Name, cell(colOf(col), row)); got != wantLocked {
					t.Errorf("%s!%s (%s): locked = %v, want %v", s.Name, cell(colOf(col), row), col, got, wantLocked)
				}
			}
		}
	}
}

func expand(t *testing.T, from, to string) []string {
	c1, r1, err1 := excelize.CellNameToCoordinates(from)
	c2, r2, err2 := excelize.CellNameToCoordinates(to)
	if err1 != nil || err2 != nil {
		t.Fatalf("bad range %s:%s", from, to)
	}
	var out []string
	for c := c1; c <= c2; c++ {
		for r := r1; r <= r2; r++ {
			out = append(out, cell(c, r))
		}
	}
	return out
}

// locked reports whether a cell is locked under sheet protection, reading
// the workbook's XML: excelize reads styles back without their protection.
func locked(t *testing.T, f *excelize.File, sheet, ref string) bool {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return st.Protection == nil || st.Protection.Locked
}

// fill answers a sheet of a workbook as a vendor would, by key.
func fill(t *testing.T, b []byte, sheet string, answers map[string]any) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(sheet)
	for key, v := range answers {
		row := 0
		for i, r := range rows {
			if i >= firstRow-1 && len(r) > 0 && r[0] == key {
				row = i + 1
			}
		}
		if row == 0 {
			t.Fatalf("%s: no row %s", sheet, key)
		}
		switch x := v.(type) {
		case float64:
			err = f.SetCellFloat(sheet, cell(colOf("answer"), row), x, -1, 64)
		case bool:
			err = f.SetCellBool(sheet, cell(colOf("answer"), row), x)
		case string:
			err = f.SetCellStr(sheet, cell(colOf("answer"), row), x)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if _, err := f.WriteTo(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func workbook(t *testing.T, lang string, ids []string, newVendors ...string) ([]byte, *Questionnaire, Input) {
	t.Helper()
	in := example(t, lang, ids, newVendors...)
	q, err := Plan(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, q); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), q, in
}

func TestImportAppliesAnswers(t *testing.T) {
	b, _, in := workbook(t, "ja", []string{"cybermail-sigma", "xserver-business"}, "株式会社テスト")
	b = fill(t, b, "cybermail-sigma", map[string]any{"features.forwarding": "はい", "security.virus_filter": true,
		"pricing.per_user_month": 300.0, "pricing.tax": "税抜", "pricing.term_months": "12ヶ月", "pricing.initial": "¥0",
		"security.retention": "オプション", "addons.security.retention": 50.0})
	b = fill(t, b, "xserver-business", map[string]any{
		"pricing.tiers[1].flat_month": 3000.0, "pricing.tiers[2].max_users": 100.0, "pricing.tiers[4].name": "メガ",
		"pricing.tiers[4].storage_total_gb": 1000.0, "pricing.tiers[4].flat_month": 20000.0})
	b = fill(t, b, "new-vendor-1", map[string]any{"url": "https://test.example.jp/mail", "features.forwarding": "○", "pricing.per_user_month": 250.0})
	sheets, probs := Read("answers.xlsx", b)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	applied, probs := Apply(in.Catalog, sheets, day)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	if len(applied) != 3 {
		t.Fatalf("applied %d options", len(applied))
	}
	cm := applied[0].Option
	if cm.Cap("features.forwarding") != catalog.Yes || cm.Cap("security.virus_filter") != catalog.Yes || cm.Cap("security.retention") != catalog.Addon {
		t.Errorf("caps not applied: %v %v %v", cm.Cap("features.forwarding"), cm.Cap("security.virus_filter"), cm.Cap("security.retention"))
	}
	if p := cm.Pricing; !p.PerUserMonth.Known || p.PerUserMonth.Value != 300 || p.FlatMonth != catalog.Known(0) || p.Tax != "excluded" || p.TermMonths != 12 || p.Initial != catalog.Known(0) {
		t.Errorf("price = %+v", p)
	}
	if cm.AddonPrice["security.retention"] != catalog.Known(50) {
		t.Errorf("addon price = %v", cm.AddonPrice["security.retention"])
	}
	ss := cm.SourcesFor("features.forwarding")
	if len(ss) == 0 || ss[0].Kind != catalog.SourceVendorAnswer || ss[0].File != "answers.xlsx" || !ss[0].Read.Equal(day) {
		t.Errorf("forwarding's source = %+v", ss)
	}
	// A key not answered keeps its old sources and value.
	if got := cm.SourcesFor("mobile.webmail"); len(got) == 0 || got[0].Kind != catalog.SourceVendor || cm.Cap("mobile.webmail") != catalog.Yes {
		t.Errorf("webmail changed: %v %+v", cm.Cap("mobile.webmail"), got)
	}
	if ev := cm.Evidence["features.forwarding"]; !strings.HasPrefix(ev, `answered "yes" by サイバーソリューションズ株式会社 in answers.xlsx!cybermail-sigma!G`) {
		t.Errorf("evidence = %q", ev)
	}

	xs := applied[1].Option
	tiers := xs.Pricing.Tiers
	if len(tiers) != 4 || tiers[3].Name != "メガ" || tiers[3].StorageTotalGB != catalog.Known(1000) {
		t.Fatalf("tiers = %+v", tiers)
	}
	if len(tiers[0].Prices) != 1 || tiers[0].Prices[0].FlatMonth != catalog.Known(3000) || tiers[0].Prices[0].Initial != catalog.Known(16500) {
		t.Errorf("tier 1 answered price = %+v (one price, the catalog's initial kept)", tiers[0].Prices)
	}
	if len(tiers[1].Prices) != 4 || tiers[1].MaxUsers != catalog.Known(100) {
		t.Errorf("tier 2 keeps its terms and gets the limit: %+v", tiers[1])
	}

	nv := applied[2].Option
	if nv.ID != "new-vendor-1" || nv.Name != "株式会社テスト" || nv.URL != "https://test.example.jp/mail" || nv.Kind != catalog.Provider || !nv.AsOf.Equal(day) {
		t.Errorf("new option = %s %q %q %s %v", nv.ID, nv.Name, nv.URL, nv.Kind, nv.AsOf)
	}
	// The written catalog loads without warnings and evaluates.
	var opts []*catalog.Option
	for _, a := range applied {
		opts = append(opts, a.Option)
	}
	out := catalog.Marshal("test", opts)
	if _, warns, err := catalog.ParseWarn("answers.toml", out); err != nil || len(warns) > 0 {
		t.Fatalf("output: %v, warnings %v", err, warns)
	}
}

// Every malformed answer is reported at once, each at its cell.
func TestImportProblems(t *testing.T) {
	b, _, in := workbook(t, "ja", []string{"cybermail-sigma", "xserver-business"}, "Example Mail Inc.")
	b = fill(t, b, "cybermail-sigma", map[string]any{
		"pricing.per_user_month":            "要相談",
		"features.forwarding":               "たぶん",
		"pricing.term_months":               "12.5",
		"features.auto_reply":               "はい",
		"addons.security.dkim_signing":      100.0, // dkim_signing is not answered addon
		"pricing.tiers[1].name":             "Basic",
		"pricing.tiers[1].flat_month":       1000.0,
		"pricing.tiers[2].per_user_month":   10.0, // a tier without a name
		"pricing.tiers[2].max_users":        5.0,
		"pricing.tiers[1].max_users":        50.0, // tiers out of order
		"pricing.tiers[2].storage_total_gb": 10.0,
	})
	b = fill(t, b, "new-example-mail-inc", map[string]any{"features.forwarding": "はい"}) // no url
	sheets, probs := Read("bad.xlsx", b)
	want := []string{
		`bad.xlsx!cybermail-sigma!G`, `: features.forwarding: "たぶん" is not in the list; allowed: yes, no, addon, unknown (はい, いいえ, オプション, 不明), or blank`,
		`: pricing.per_user_month: "要相談" is not a number; allowed: a number from 0 to 1,000,000 JPY per account per month`,
		`: pricing.term_months: "12.5" is not a whole number`,
	}
	msg := probs.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("Read problems lack %q:\n%s", w, msg)
		}
	}
	if len(probs) != 3 {
		t.Errorf("%d Read problems, want 3:\n%s", len(probs), msg)
	}
	_, probs = Apply(in.Catalog, sheets, day)
	msg = probs.Error()
	for _, w := range []string{
		`: addons.security.dkim_signing: a price for an option (addon), but security.dkim_signing is "unknown"; give it only when security.dkim_signing is answered "addon"`,
		`: pricing.tiers[2].name: a tier without a name`,
		`: pricing.tiers[2].max_users: 5 accounts is below the previous tier's 50`,
		`bad.xlsx!new-example-mail-inc!G6: url: missing; a new vendor's sheet needs the web page of its service`,
	} {
		if !strings.Contains(msg, w) {
			t.Errorf("Apply problems lack %q:\n%s", w, msg)
		}
	}
}

// A price answered both ways, and a term the catalog does not list.
func TestImportPriceConflicts(t *testing.T) {
	b, _, in := workbook(t, "en", []string{"cybermail-sigma", "xserver-business"})
	b = fill(t, b, "cybermail-sigma", map[string]any{"pricing.per_user_month": 300.0, "pricing.tiers[1].flat_month": 1000.0, "pricing.tiers[1].name": "S"})
	b = fill(t, b, "xserver-business", map[string]any{"pricing.term_months": 24.0})
	sheets, probs := Read("x.xlsx", b)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	_, probs = Apply(in.Catalog, sheets, day)
	msg := probs.Error()
	for _, w := range []string{
		"pricing.per_user_month: a price is answered here and by tier",
		"pricing.term_months: 24 months is not a term the catalog lists (3, 6, 12, 36)",
	} {
		if !strings.Contains(msg, w) {
			t.Errorf("problems lack %q:\n%s", w, msg)
		}
	}
	// The term alone picks the catalog's price on that term.
	b2, _, _ := workbook(t, "en", []string{"xserver-business"})
	b2 = fill(t, b2, "xserver-business", map[string]any{"pricing.term_months": 12.0})
	sheets, _ = Read("x.xlsx", b2)
	applied, probs := Apply(in.Catalog, sheets, day)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	for _, tier := range applied[0].Option.Pricing.Tiers {
		if len(tier.Prices) != 1 || tier.Prices[0].TermMonths != 12 {
			t.Errorf("%s: prices %+v, want the 12-month one", tier.Name, tier.Prices)
		}
	}
}

// Two workbooks answering the same question differently.
func TestImportConflictAcrossFiles(t *testing.T) {
	b, _, in := workbook(t, "en", []string{"cybermail-sigma"})
	b1 := fill(t, b, "cybermail-sigma", map[string]any{"features.forwarding": "yes", "features.auto_reply": "yes"})
	b2 := fill(t, b, "cybermail-sigma", map[string]any{"features.forwarding": "no", "features.auto_reply": "yes"})
	s1, _ := Read("a.xlsx", b1)
	s2, _ := Read("b.xlsx", b2)
	_, probs := Apply(in.Catalog, append(s1, s2...), day)
	if len(probs) != 1 || !strings.Contains(probs.Error(), `b.xlsx!cybermail-sigma!G`) || !strings.Contains(probs.Error(), `features.forwarding: answered "no" here and "yes" in a.xlsx!cybermail-sigma!G`) {
		t.Errorf("problems = %v", probs)
	}
}

func TestReadRejects(t *testing.T) {
	b, q, _ := workbook(t, "en", []string{"cybermail-sigma"})
	edit := func(fn func(f *excelize.File)) []byte {
		f, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		fn(f)
		var out bytes.Buffer
		if _, err := f.WriteTo(&out); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	keyRow := 0
	for i, qu := range q.Sheets[0].Questions {
		if qu.Key == "features.auto_reply" {
			keyRow = firstRow + i
		}
	}
	for _, tt := range []struct {
		name string
		b    []byte
		want []string
	}{
		{"not a workbook", []byte("key,answer\nfeatures.forwarding,yes\n"), []string{"x.xlsx: not an XLSX workbook"}},
		{"another tool", edit(func(f *excelize.File) { _ = f.DeleteSheet(metaSheet) }), []string{"x.xlsx: not a mailpick questionnaire: it has no _mailpick sheet"}},
		{"renamed sheet", edit(func(f *excelize.File) { _ = f.SetSheetName("cybermail-sigma", "CYBERMAIL") }), []string{
			"x.xlsx!CYBERMAIL: is not a sheet of this questionnaire (renamed?); its answers are not read; give it back its exported name (cybermail-sigma)",
			"x.xlsx!cybermail-sigma: sheet missing (renamed or deleted?)"}},
		{"edited key", edit(func(f *excelize.File) { _ = f.SetCellStr("cybermail-sigma", cell(1, keyRow), "features.autoreply") }), []string{
			fmt.Sprintf("x.xlsx!cybermail-sigma!A%d: features.autoreply: the key was edited (this row asks features.auto_reply); restore it", keyRow)}},
		{"edited header", edit(func(f *excelize.File) { _ = f.SetCellStr("cybermail-sigma", "G4", "reply") }), []string{
			`x.xlsx!cybermail-sigma!G4: the header row was changed (this cell should read "answer")`}},
		{"a formula", edit(func(f *excelize.File) { _ = f.SetCellFormula("cybermail-sigma", cell(colOf("answer"), keyRow), "1+1") }), []string{
			"features.auto_reply: is a formula (=1+1); type the value itself"}},
		{"a row added below", edit(func(f *excelize.File) {
			_ = f.SetCellStr("cybermail-sigma", cell(colOf("answer"), firstRow+len(q.Sheets[0].Questions)+2), "yes")
		}), []string{"a row below the questions (added by hand?) is not read"}},
		{"index edited", edit(func(f *excelize.File) { _ = f.SetCellStr(metaSheet, "B1", "mailpick-rfi/0") }), []string{
			`x.xlsx!_mailpick!B1: questionnaire format "mailpick-rfi/0" is not "mailpick-rfi/1"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := Read("x.xlsx", tt.b)
			msg := probs.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("problems lack %q:\n%s", w, msg)
				}
			}
		})
	}
}

// A number a spreadsheet stores in scientific notation or as a shared
// string reads the same.
func TestReadNumberForms(t *testing.T) {
	b, _, in := workbook(t, "en", []string{"cybermail-sigma"})
	b = fill(t, b, "cybermail-sigma", map[string]any{"pricing.per_user_month": "1,200", "pricing.initial": 1e6})
	sheets, probs := Read("x.xlsx", b)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	applied, probs := Apply(in.Catalog, sheets, day)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	p := applied[0].Option.Pricing
	if p.PerUserMonth != catalog.Known(1200) || p.Initial != catalog.Known(1e6) {
		t.Errorf("per user %v, initial %v", p.PerUserMonth, p.Initial)
	}
}

// An evidence note is kept whole or reported, never cut.
func TestEvidenceNoteLength(t *testing.T) {
	for _, tc := range []struct {
		runes   int
		problem bool
	}{{1, false}, {maxEvidence, false}, {maxEvidence + 1, true}, {5 * maxEvidence, true}} {
		b, _, _ := workbook(t, "en", []string{"cybermail-sigma"})
		b = fill(t, b, "cybermail-sigma", map[string]any{"features.forwarding": "yes"})
		f, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows("cybermail-sigma")
		row := 0
		for i, r := range rows {
			if i >= firstRow-1 && len(r) > 0 && r[0] == "features.forwarding" {
				row = i + 1
			}
		}
		note := strings.Repeat("確", tc.runes)
		if err := f.SetCellStr("cybermail-sigma", cell(colOf("evidence"), row), note); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		sheets, probs := Read("a.xlsx", buf.Bytes())
		msg := probs.Error()
		if tc.problem {
			want := fmt.Sprintf("a.xlsx!cybermail-sigma!%s: features.forwarding: the evidence note is %d characters; the catalog keeps at most %d", cell(colOf("evidence"), row), tc.runes, maxEvidence)
			if len(probs) != 1 || !strings.Contains(msg, want) {
				t.Errorf("%d-character note: problems %q, want one containing %q", tc.runes, msg, want)
			}
			continue
		}
		if len(probs) > 0 {
			t.Fatalf("%d-character note: %v", tc.runes, probs)
		}
		got := sheets[0].Answers[0].Evidence
		if got != note {
			t.Errorf("%d-character note kept as %d characters", tc.runes, len([]rune(got)))
		}
	}
}

func TestShortNumberIsExact(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 999: "999", 1000: "1,000", 1e6: "1,000,000", 1e9: "1,000,000,000", 1e10: "10,000,000,000", 2.5e9: "2,500,000,000", 12.5: "12.5"} {
		if got := shortNumber(v); got != want {
			t.Errorf("shortNumber(%v) = %q, want %q", v, got, want)
		}
	}
}

// A cancelled context (SIGINT, SIGTERM) stops Plan at its next
// re-evaluation instead of after the whole catalog.
func TestPlanStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	q, err := Plan(ctx, example(t, "en", []string{"cybermail-sigma"}))
	if !errors.Is(err, context.Canceled) || q != nil {
		t.Fatalf("Plan with a cancelled context = %v, %v; want nil, context.Canceled", q, err)
	}
}

// A workbook that unzips to more than maxUnzipped is refused with its size
// before excelize opens it; one just under is read as usual.
func TestReadRefusesZipBomb(t *testing.T) {
	bomb := func(size int) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, err := zw.Create("xl/worksheets/sheet1.xml")
		if err != nil {
			t.Fatal(err)
		}
		chunk := bytes.Repeat([]byte{' '}, 1<<20)
		for left := size; left > 0; left -= len(chunk) {
			if _, err := w.Write(chunk[:min(left, len(chunk))]); err != nil {
				t.Fatal(err)
			}
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	data := bomb(maxUnzipped + 1<<20)
	if len(data) > 2<<20 {
		t.Fatalf("the test archive is %d bytes; it should compress far below its size", len(data))
	}
	_, probs := Read("big.xlsx", data)
	want := fmt.Sprintf("big.xlsx: unzips to %d MB, more than the %d MB a questionnaire can take", (maxUnzipped+1<<20)>>20, maxUnzipped>>20)
	if len(probs) != 1 || !strings.Contains(probs.Error(), want) {
		t.Errorf("problems %q, want one containing %q", probs.Error(), want)
	}
	_, probs = Read("small.xlsx", bomb(1<<20))
	if len(probs) != 1 || strings.Contains(probs.Error(), "unzips to") {
		t.Errorf("a small archive that is no workbook: %q, want one problem that is not about its size", probs.Error())
	}
}
