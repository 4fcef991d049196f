package reports

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/mailpick/mailpick/scoring"
)

// taxBasisOf is the evaluation's tax basis ("excluded" when unknown).
func taxBasisOf(ev *scoring.Evaluation) string {
	if ev.Requirements != nil && ev.Requirements.TaxBasis != "" {
		return ev.Requirements.TaxBasis
	}
	for _, r := range ev.Results {
		if r.TCO.TaxBasis != "" {
			return r.TCO.TaxBasis
		}
	}
	return "excluded"
}

// toWin writes an eligible option's tco_to_win and monthly price to ask
// on the Scores sheet: numbers when there is a limit, words otherwise.
func (x *xw) toWin(sh string, row int, res *scoring.Result, cur string) {
	if !res.Eligible {
		return
	}
	total, monthly := toWinCells(x.lang, res, cur)
	x.toWinCell(sh, cellName(colNum(x.cols.toWin), row), res, total, cur)
	ref := cellName(colNum(x.cols.toWinMonth), row)
	if res.TCOToWin != nil && res.PriceToWinMonthly != nil {
		x.num(sh, ref, floorMoney(*res.PriceToWinMonthly, cur))
		x.style(sh, ref, ref, "money")
		return
	}
	x.text(sh, ref, monthly.Text)
}

// toWinCell writes tco_to_win as a number (money format) when there is
// one, else the cell's words in its tone.
func (x *xw) toWinCell(sh, ref string, res *scoring.Result, c cell, cur string) {
	if res.TCOToWin != nil && !res.TCOToWinAnyPrice {
		x.num(sh, ref, floorMoney(*res.TCOToWin, cur))
		x.style(sh, ref, ref, "money")
		return
	}
	x.text(sh, ref, c.Text)
	if c.Tone != "" {
		x.style(sh, ref, ref, c.Tone)
	}
}

// tcoPricing writes, from row on, the tax basis and contract rules, the
// plan per year and the hosting plans, as in the other formats. The plan
// is one row per option and year here, its term last, so a long tier name
// and term never sit under a narrow year column.
func (x *xw) tcoPricing(sh string, row int, ev *scoring.Evaluation) {
	lang := x.lang
	heading := func(s string) {
		x.text(sh, cellName(1, row), s)
		x.style(sh, cellName(1, row), cellName(1, row), "h2")
		row++
	}
	note := func(s string) {
		x.text(sh, cellName(1, row), s)
		x.style(sh, cellName(1, row), cellName(1, row), "note")
		row += 2
	}
	heading(L(lang, "tax_basis"))
	note(taxBasisText(lang, ev.Requirements))
	heading(L(lang, "contract"))
	note(contractText(lang, ev.Requirements))
	if planTable(ev) != nil {
		heading(L(lang, "plan_per_year"))
		note(L(lang, "tiers_rule"))
		t := &table{Head: []string{"ID", L(lang, "option"), L(lang, "year"), L(lang, "accounts"), L(lang, "hosting_plan"), L(lang, "contract")}}
		for i := range ev.Results {
			res := &ev.Results[i]
			if !hasPlan(res.TCO) {
				continue
			}
			for _, y := range res.TCO.Years {
				t.Rows = append(t.Rows, texts(res.ID, res.Name, fmt.Sprint(y.Year), fmt.Sprint(y.Accounts), y.Plan, termText(lang, y.TermMonths, y.Payment)))
			}
		}
		row = x.table(sh, row, t) + 1
	}
	if t := hostingTable(ev); t != nil {
		heading(L(lang, "hosting_title"))
		note(L(lang, "hosting_note"))
		row = x.table(sh, row, t) + 1
	}
}

func colNum(col string) int {
	n, _ := excelize.ColumnNameToNumber(col)
	return n
}
