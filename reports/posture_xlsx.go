package reports

import (
	"fmt"
	"github.com/mailpick/mailpick/msg"
	"io"
	"time"

	"github.com/xuri/excelize/v2"
)

// postureSheet names a sheet of the posture workbook in lang.
func postureSheet(lang, key string) string { return msg.T(lang, "posture.sheet."+key) }

// WritePostureXLSX writes the posture report as a workbook: page 1's
// summary, then every check, every requirement and every change as a
// filterable table, with the decision report's styles and text escaping.
// It is long because it lays out one sheet top to bottom, cell by cell, and
// its formulas refer to cells placed earlier in the same sequence.
func WritePostureXLSX(w io.Writer, in *PostureInput) error {
	in = in.localized()
	lang := in.Lang
	f := excelize.NewFile()
	defer f.Close()
	x := &xw{f: f, lang: lang}
	x.newStyles("JPY")
	keys := []string{"Summary", "Findings"}
	if len(in.Profiles) > 0 {
		keys = append(keys, "Profiles")
	}
	if in.Baseline != "" {
		keys = append(keys, "Changes")
	}
	x.keep(f.SetSheetName("Sheet1", postureSheet(lang, keys[0])))
	for _, k := range keys[1:] {
		_, err := f.NewSheet(postureSheet(lang, k))
		x.keep(err)
	}
	d := buildPosture(in)

	// Summary: the document's page 1 and, for several domains, the
	// comparison.
	sh := postureSheet(lang, "Summary")
	x.text(sh, "A1", d.Title)
	x.style(sh, "A1", "A1", "title")
	x.text(sh, "A2", d.Subtitle)
	// Widths first: a table cell too long for one row continues below
	// it, measured at these (xw.table).
	x.keep(f.SetColWidth(sh, "A", "A", 60))
	x.keep(f.SetColWidth(sh, "B", "H", 24))
	row := 4
	for _, s := range d.Sections {
		if s.ID != "summary" && s.ID != "comparison" {
			continue
		}
		x.text(sh, cellName(1, row), s.Title)
		x.style(sh, cellName(1, row), cellName(1, row), "h2")
		row++
		for _, b := range s.Blocks {
			switch b.Kind {
			case bHeading:
				row++
				x.text(sh, cellName(1, row), b.Text)
				x.style(sh, cellName(1, row), cellName(1, row), "h2")
				row++
			case bTable:
				row = x.table(sh, row, b.Table) + 1
			case bPara:
				x.text(sh, cellName(1, row), b.Text)
				row += 2
			case bBullets:
				for _, it := range b.Items {
					x.text(sh, cellName(1, row), it)
					x.style(sh, cellName(1, row), cellName(1, row), "reason")
					row++
				}
				row++
			}
		}
		row++
	}

	// Findings: one row per check.
	sh = postureSheet(lang, "Findings")
	x.header(sh, 1, []string{pl(lang, "domain"), pl(lang, "check"), "category", pl(lang, "status"), pl(lang, "finding"), "target", pl(lang, "fix")})
	row = 1
	for _, r := range in.Results {
		for _, c := range r.Checks {
			row++
			x.text(sh, cellName(1, row), r.Domain)
			x.text(sh, cellName(2, row), c.ID)
			x.text(sh, cellName(3, row), categoryName(lang, c.Category))
			st := statusCellIn(lang, c.Status)
			x.text(sh, cellName(4, row), st.Text)
			if st.Tone != "" {
				x.style(sh, cellName(4, row), cellName(4, row), st.Tone)
			}
			x.text(sh, cellName(5, row), c.Summary)
			x.text(sh, cellName(6, row), c.Target)
			x.text(sh, cellName(7, row), c.Fix)
		}
	}
	x.finishList(sh, row, 7, []float64{24, 18, 18, 10, 70, 24, 70})

	if len(in.Profiles) > 0 {
		sh = postureSheet(lang, "Profiles")
		x.header(sh, 1, []string{pl(lang, "domain"), pl(lang, "profile"), "id", pl(lang, "requirement"), pl(lang, "status"), pl(lang, "fix_or_check"), pl(lang, "source")})
		row = 1
		for _, r := range in.Results {
			for _, p := range r.Profiles {
				for _, q := range p.Requirements {
					row++
					x.text(sh, cellName(1, row), r.Domain)
					x.text(sh, cellName(2, row), p.Title)
					x.text(sh, cellName(3, row), p.ID+"/"+q.ID)
					x.text(sh, cellName(4, row), q.Text)
					st := reqStatusCell(lang, q.Status)
					x.text(sh, cellName(5, row), st.Text)
					x.style(sh, cellName(5, row), cellName(5, row), st.Tone)
					x.text(sh, cellName(6, row), q.Fix)
					x.text(sh, cellName(7, row), p.Source+" ("+p.AsOf+")")
				}
			}
		}
		x.finishList(sh, row, 7, []float64{24, 30, 28, 60, 14, 70, 40})
	}
	if in.Baseline != "" {
		sh = postureSheet(lang, "Changes")
		x.header(sh, 1, []string{pl(lang, "domain"), pl(lang, "change"), pl(lang, "check"), pl(lang, "from_to"), pl(lang, "summary")})
		row = 1
		for _, r := range in.Results {
			if r.Baseline != nil && !r.Baseline.Found {
				row++
				x.text(sh, cellName(1, row), r.Domain)
				x.text(sh, cellName(5, row), changeLine(lang, r))
			}
			for _, c := range r.Changes {
				row++
				x.text(sh, cellName(1, row), r.Domain)
				dc := directionCell(lang, c.Direction)
				x.text(sh, cellName(2, row), dc.Text)
				x.style(sh, cellName(2, row), cellName(2, row), dc.Tone)
				x.text(sh, cellName(3, row), c.ID)
				x.text(sh, cellName(4, row), changeStatus(lang, c.From)+" → "+changeStatus(lang, c.To))
				x.text(sh, cellName(5, row), c.Summary)
			}
		}
		x.finishList(sh, row, 5, []float64{24, 10, 18, 18, 90})
	}
	for _, k := range keys {
		sh := postureSheet(lang, k)
		x.keep(f.SetPageLayout(sh, &excelize.PageLayoutOptions{Size: ptr(9), Orientation: ptr("landscape"), FitToWidth: ptr(1), FitToHeight: ptr(0)}))
		x.keep(f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: ptr(true)}))
	}
	x.keep(f.SetDocProps(&excelize.DocProperties{Title: d.Title, Creator: "mailpick", Created: in.Now.UTC().Format(time.RFC3339), Modified: in.Now.UTC().Format(time.RFC3339)}))
	f.SetActiveSheet(0)
	if x.err != nil {
		return fmt.Errorf("building XLSX: %w", x.err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("writing XLSX: %w", err)
	}
	return nil
}

// finishList freezes the header, adds a filter and sets column widths.
func (x *xw) finishList(sh string, last, cols int, widths []float64) {
	x.freeze(sh, 1)
	x.keep(x.f.AutoFilter(sh, fmt.Sprintf("A1:%s%d", colName(cols), max(last, 2)), nil))
	for i, w := range widths {
		c := colName(i + 1)
		x.keep(x.f.SetColWidth(sh, c, c, w))
	}
	x.keep(x.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: quoteSheet(sh) + "!$1:$1", Scope: sh}))
}
