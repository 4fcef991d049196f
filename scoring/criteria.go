package scoring

import (
	"fmt"

	"github.com/mailpick/mailpick/catalog"
)

// Rule says how a criterion is scored. The engine needs to know it, not
// just the scores: the sensitivity analysis re-scores a criterion when it
// varies the input the rule reads (the prices, or the unknown items).
type Rule int

const (
	// Coverage is the level-weighted share of the criterion's requirement
	// items (Item.Criterion) an option meets, 0–100 (coverage). Unknown
	// items count half; the "unknowns" scenario samples them.
	Coverage Rule = iota + 1
	// RelativeCost is 100 × the cheapest eligible priced TCO ÷ the
	// option's TCO (costScores): it depends on the other options, so the
	// "prices" scenario and tco_to_win recompute it. At most one criterion
	// has this rule.
	RelativeCost
	// PerOption is Criterion.Score, which rates each option on its own
	// facts; the sensitivity scenarios keep it as evaluated.
	PerOption
)

// Criterion describes one scored criterion, once. Everything that weighs,
// scores, ranks or shows criteria iterates a list of these (the
// evaluation's, Evaluation.Criteria): the requirements' [weights] keys, the
// engine's columns, the tables, the XLSX columns and weight cells, the
// charts and the methodology text.
type Criterion struct {
	ID catalog.Criterion
	// JA and EN are its name in reports; JA follows the seed's headings.
	JA, EN string
	// ShortJA and ShortEN head the terminal table's columns (at most five
	// columns wide).
	ShortJA, ShortEN string
	// DefaultWeight is its [weights] value when the file has no [weights].
	DefaultWeight float64
	Rule          Rule
	// Score rates one option 0–100 and says why in lang; set for (and
	// only for) the PerOption rule.
	Score func(f OptionFacts, lang string) (float64, string)
	// HowJA and HowEN say in a sentence how it is scored, for the
	// methodology; criteria with the same sentence share one line.
	HowJA, HowEN string
}

// OptionFacts is what a PerOption criterion may read about one option, all
// computed before any criterion is scored.
type OptionFacts struct {
	Option       *catalog.Option
	Requirements *Requirements
	Effort       Effort
	TCO          TCO
	Items        []Item
}

// Label is the criterion's name in lang ("ja" or "en").
func (c Criterion) Label(lang string) string {
	if lang == "ja" {
		return c.JA
	}
	return c.EN
}

// Short is the criterion's column head in lang.
func (c Criterion) Short(lang string) string {
	if lang == "ja" {
		return c.ShortJA
	}
	return c.ShortEN
}

// How is the methodology sentence in lang.
func (c Criterion) How(lang string) string {
	if lang == "ja" {
		return c.HowJA
	}
	return c.HowEN
}

const (
	coverageHowJA = "要件ごとの充足度の加重平均×100（必須は希望の2倍の重み）。対応・オプション＝1、不明＝0.5、非対応＝0。ディスク容量は提供容量÷必要容量（上限1）。要件のない項目は全選択肢100点。"
	coverageHowEN = "the level-weighted share of requirements met × 100 (a must counts twice a want). Met or add-on = 1, unknown = 0.5, no = 0. Disk per user scores offered ÷ required (at most 1). A criterion with nothing required scores 100 for everyone."
)

// defaultCriteria are mailpick's six criteria in report order, each a
// section of the seed article.
var defaultCriteria = []Criterion{
	{ID: catalog.CriterionCost, JA: "予算（コスト）", EN: "Cost", ShortJA: "費用", ShortEN: "cost", DefaultWeight: 3,
		Rule:  RelativeCost,
		HowJA: "100 × 最安のTCO ÷ その選択肢のTCO（比較対象は適合し価格の分かる選択肢）。価格が公開されていない選択肢は見積を入れるまで0点。",
		HowEN: "100 × the cheapest TCO ÷ this option's TCO, over eligible priced options. An option with no stated price scores 0 until you add a quote."},
	{ID: catalog.CriterionFeatures, JA: "機能性", EN: "Features", ShortJA: "機能", ShortEN: "feat", DefaultWeight: 2,
		Rule: Coverage, HowJA: coverageHowJA, HowEN: coverageHowEN},
	{ID: catalog.CriterionMobile, JA: "スマートフォンでの利用", EN: "Smartphone use", ShortJA: "スマホ", ShortEN: "mob", DefaultWeight: 1,
		Rule: Coverage, HowJA: coverageHowJA, HowEN: coverageHowEN},
	{ID: catalog.CriterionSecurity, JA: "セキュリティ", EN: "Security", ShortJA: "安全", ShortEN: "sec", DefaultWeight: 3,
		Rule: Coverage, HowJA: coverageHowJA, HowEN: coverageHowEN},
	{ID: catalog.CriterionSupport, JA: "サポート体制", EN: "Support", ShortJA: "支援", ShortEN: "sup", DefaultWeight: 1,
		Rule: Coverage, HowJA: coverageHowJA, HowEN: coverageHowEN},
	{ID: catalog.CriterionOperations, JA: "専門知識・運用負担", EN: "Expertise & operating load", ShortJA: "運用", ShortEN: "ops", DefaultWeight: 2,
		Rule: PerOption, Score: func(f OptionFacts, lang string) (float64, string) {
			return operationsScore(f.Option, f.Requirements, f.Effort, lang)
		},
		HowJA: "100 × 4 ÷ (4 + 初年度の月間管理工数)。必要な専門知識に社内が1段階足りないごとに半減。",
		HowEN: "100 × 4 ÷ (4 + year-1 monthly admin hours), halved for each level of expertise the team lacks."},
}

// DefaultCriteria returns mailpick's criteria in report order. The slice is
// a copy: a caller may extend it and pass it in Options.Criteria.
func DefaultCriteria() []Criterion { return append([]Criterion(nil), defaultCriteria...) }

// CriterionIDs lists the default criteria's ids in report order: the keys
// [weights] accepts.
func CriterionIDs() []catalog.Criterion { return idsOf(defaultCriteria) }

func idsOf(crit []Criterion) []catalog.Criterion {
	out := make([]catalog.Criterion, len(crit))
	for i, c := range crit {
		out[i] = c.ID
	}
	return out
}

// LookupCriterion finds a default criterion by id.
func LookupCriterion(id string) (Criterion, bool) {
	for _, c := range defaultCriteria {
		if string(c.ID) == id {
			return c, true
		}
	}
	return Criterion{}, false
}

// DefaultWeights apply when [weights] is absent: each criterion's
// DefaultWeight.
var DefaultWeights = func() map[catalog.Criterion]float64 {
	w := make(map[catalog.Criterion]float64, len(defaultCriteria))
	for _, c := range defaultCriteria {
		w[c.ID] = c.DefaultWeight
	}
	return w
}()

// maxCriteria bounds the list: the engine's per-sample buffers are fixed
// arrays of this size.
const maxCriteria = 16

// checkCriteria rejects a list the engine cannot work from: a criterion
// needs an id, a rule, and a scorer for the PerOption rule, and the cost
// rule is relative to one TCO column, so it can appear once.
func checkCriteria(crit []Criterion) error {
	if len(crit) == 0 || len(crit) > maxCriteria {
		return fmt.Errorf("%d criteria to score; the engine takes 1 to %d", len(crit), maxCriteria)
	}
	seen := map[catalog.Criterion]bool{}
	costs := 0
	for _, c := range crit {
		switch {
		case c.ID == "":
			return fmt.Errorf("a criterion has no id")
		case seen[c.ID]:
			return fmt.Errorf("criterion %q is listed twice", c.ID)
		case c.Rule == PerOption && c.Score == nil:
			return fmt.Errorf("criterion %q is scored per option but has no Score function", c.ID)
		case c.Rule != Coverage && c.Rule != RelativeCost && c.Rule != PerOption:
			return fmt.Errorf("criterion %q has no scoring rule", c.ID)
		}
		seen[c.ID] = true
		if c.Rule == RelativeCost {
			costs++
		}
	}
	if costs > 1 {
		return fmt.Errorf("%d criteria are scored on relative cost; the engine has one TCO column", costs)
	}
	return nil
}
