package main

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/mailpick/mailpick/reports"
)

// pricesTable is the Prices sheet as a consultant sees it: the row of
// literal keys, and the option rows under it by id. It is found by the
// keys, not by mailpick's layout constants, so the check fails if the
// sheet stops carrying them.
type pricesTable struct {
	f       *excelize.File
	headRow int            // 1-based
	col     map[string]int // key → 1-based column
	row     map[string]int // option id → 1-based row
	ids     []string       // in sheet order
}

func readPrices(f *excelize.File) (*pricesTable, error) {
	rows, err := f.GetRows(reports.PricesSheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("no sheet %q: %v", reports.PricesSheet, err)
	}
	t := &pricesTable{f: f, col: map[string]int{}, row: map[string]int{}}
	for r, cells := range rows {
		if t.headRow == 0 {
			cols := map[string]int{}
			for c, v := range cells {
				cols[strings.TrimSpace(v)] = c + 1
			}
			ok := cols["id"] > 0
			for _, k := range reports.PriceKeys {
				ok = ok && cols[k] > 0
			}
			if ok {
				t.headRow, t.col = r+1, cols
			}
			continue
		}
		ic := t.col["id"] - 1
		if ic >= len(cells) || strings.TrimSpace(cells[ic]) == "" {
			break // the option rows end at the first row without an id
		}
		id := strings.TrimSpace(cells[ic])
		t.row[id] = r + 1
		t.ids = append(t.ids, id)
	}
	if t.headRow == 0 {
		return nil, fmt.Errorf("sheet %s has no header row with the keys id, %s", reports.PricesSheet, strings.Join(reports.PriceKeys, ", "))
	}
	return t, nil
}

func (t *pricesTable) cell(id, key string) (string, error) {
	r, ok := t.row[id]
	if !ok {
		return "", fmt.Errorf("sheet %s has no option %q", reports.PricesSheet, id)
	}
	c, ok := t.col[key]
	if !ok {
		return "", fmt.Errorf("sheet %s has no column %q", reports.PricesSheet, key)
	}
	return excelize.CoordinatesToCellName(c, r)
}

func (t *pricesTable) value(id, key string) (string, error) {
	ref, err := t.cell(id, key)
	if err != nil {
		return "", err
	}
	v, err := t.f.GetCellValue(reports.PricesSheet, ref, excelize.Options{RawCellValue: true})
	return strings.TrimSpace(v), err
}

// setPrice writes one input of the Prices sheet, as a consultant types a
// quote; an empty value empties the cell.
func setPrice(in, out, id, key, value string) error {
	isKey := false
	for _, k := range reports.PriceKeys {
		isKey = isKey || k == key
	}
	if !isKey {
		return fmt.Errorf("key %q is not a price input; use one of %s", key, strings.Join(reports.PriceKeys, ", "))
	}
	f, err := excelize.OpenFile(in)
	if err != nil {
		return err
	}
	defer f.Close()
	t, err := readPrices(f)
	if err != nil {
		return err
	}
	ref, err := t.cell(id, key)
	if err != nil {
		return err
	}
	if value == "" {
		err = f.SetCellValue(reports.PricesSheet, ref, nil)
	} else {
		v, perr := strconv.ParseFloat(value, 64)
		if perr != nil || v < 0 || math.IsInf(v, 0) {
			return fmt.Errorf("price %q: want an amount of 0 or more", value)
		}
		err = f.SetCellFloat(reports.PricesSheet, ref, v, -1, 64)
	}
	if err != nil {
		return err
	}
	fmt.Printf("set %s!%s (%s %s) = %q\n", reports.PricesSheet, ref, id, key, value)
	return f.SaveAs(out)
}

// quotes prints, as TOML, the [quotes] entry each edited row of the
// Prices sheet stands for: a row whose inputs differ from the original
// workbook's is the quote of its non-empty inputs. This is the rule the
// sheet's formulas follow, derived here from the two files alone.
func quotes(edited, original string) error {
	open := func(p string) (*pricesTable, error) {
		f, err := excelize.OpenFile(p)
		if err != nil {
			return nil, err
		}
		return readPrices(f)
	}
	e, err := open(edited)
	if err != nil {
		return err
	}
	o, err := open(original)
	if err != nil {
		return err
	}
	var b strings.Builder
	n := 0
	for _, id := range e.ids {
		vals := map[string]string{}
		changed := false
		for _, k := range reports.PriceKeys {
			ev, err := e.value(id, k)
			if err != nil {
				return err
			}
			ov, err := o.value(id, k)
			if err != nil {
				return err
			}
			vals[k] = ev
			changed = changed || !sameAmount(ev, ov)
		}
		if !changed {
			continue
		}
		n++
		fmt.Fprintf(&b, "\n[quotes.%s]\n", id)
		stated := 0
		for _, k := range reports.PriceKeys {
			if vals[k] == "" {
				continue
			}
			v, err := strconv.ParseFloat(vals[k], 64)
			if err != nil {
				return fmt.Errorf("%s %s = %q: not a number", id, k, vals[k])
			}
			fmt.Fprintf(&b, "%s = %s\n", k, strconv.FormatFloat(v, 'f', -1, 64))
			stated++
		}
		if stated == 0 {
			return fmt.Errorf("%s: every price input was emptied; a quote needs at least one", id)
		}
	}
	if n == 0 {
		return fmt.Errorf("no row of %s differs from %s", edited, original)
	}
	_, err = os.Stdout.WriteString(b.String())
	return err
}

func sameAmount(a, b string) bool {
	if a == "" || b == "" {
		return a == b
	}
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	return err1 == nil && err2 == nil && x == y
}

// compareTCO checks the Prices sheet's tco column against the JSON: the
// same total for a priced option, and no number for a provisional one;
// and its complete column (0 puts "≥" before the TCO) against
// tco.complete.
func compareTCO(f *excelize.File, ev *evaluation) (bad int, err error) {
	t, err := readPrices(f)
	if err != nil {
		return 0, err
	}
	for _, res := range ev.Results {
		v, err := t.value(res.ID, "tco")
		if err != nil {
			return 0, err
		}
		got, perr := strconv.ParseFloat(v, 64)
		switch {
		case res.TCO.Total == nil && perr == nil:
			fmt.Printf("MISMATCH %-40s tco xlsx=%v json=provisional\n", res.ID, got)
			bad++
		case res.TCO.Total != nil && (perr != nil || math.Abs(got-*res.TCO.Total) > 0.01):
			fmt.Printf("MISMATCH %-40s tco xlsx=%q json=%.2f\n", res.ID, v, *res.TCO.Total)
			bad++
		}
		c, err := t.value(res.ID, "complete")
		if err != nil {
			return 0, err
		}
		if res.TCO.Total != nil && (c == "1") != res.TCO.Complete {
			fmt.Printf("MISMATCH %-40s complete xlsx=%q json=%v\n", res.ID, c, res.TCO.Complete)
			bad++
		}
	}
	return bad, nil
}
