package reports

import (
	"fmt"
	"math"

	"github.com/xuri/excelize/v2"
)

// Printing: A4, each sheet as wide as legible type allows. A sheet up to
// onePageChars character widths wide prints on one page wide (landscape
// when over portraitChars); a wider one (the feature matrix of a large
// catalog) spreads over as many pages wide as pageChars each takes, with
// its title columns repeated, rather than shrinking to an unreadable
// size. Pages run as tall as the sheet needs (FitToHeight 0).
const (
	portraitChars = 100
	onePageChars  = 240
	pageChars     = 200
)

// printTitles are the rows (and columns) repeated on every printed page.
// TCO repeats only its ID and name columns: the cost lines and plans below
// the main table have headers of their own, which row 1 would contradict.
var printTitles = map[string]string{
	"Scores":   "$A:$C,%[1]s!$1:$1",
	"TCO":      "$A:$B",
	"Features": "$A:$A,%[1]s!$1:$1",
	"Sources":  "$1:$1",
}

func (x *xw) printSetup(keys []string) {
	for _, k := range keys {
		sh := SheetName(x.lang, k)
		w := x.printWidth(sh)
		orient := "portrait"
		if w > portraitChars {
			orient = "landscape"
		}
		wide := 1
		if w > onePageChars {
			wide = int(math.Ceil(w / pageChars))
		}
		x.keep(x.f.SetPageLayout(sh, &excelize.PageLayoutOptions{Size: ptr(9), Orientation: ptr(orient), FitToWidth: ptr(wide), FitToHeight: ptr(0)}))
		x.keep(x.f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: ptr(true)}))
		x.keep(x.f.SetPageMargins(sh, &excelize.PageLayoutMarginsOptions{Left: ptr(0.4), Right: ptr(0.4), Top: ptr(0.6), Bottom: ptr(0.6), Header: ptr(0.3), Footer: ptr(0.3)}))
		x.keep(x.f.SetHeaderFooter(sh, &excelize.HeaderFooterOptions{OddFooter: "&L&A&R&P / &N"}))
		if t, ok := printTitles[k]; ok {
			q := quoteSheet(sh)
			x.keep(x.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: q + "!" + fmt.Sprintf(t, q), Scope: sh}))
		}
	}
}

// printWidth is the width of a sheet's visible written columns, in
// characters.
func (x *xw) printWidth(sh string) float64 {
	w := 0.0
	for c := 1; c <= x.lastCol(sh); c++ {
		name := colName(c)
		if v, err := x.f.GetColVisible(sh, name); err == nil && !v {
			continue
		}
		if cw, err := x.f.GetColWidth(sh, name); err == nil {
			w += cw
		}
	}
	return w
}
