package rfi

import (
	"fmt"
	"strings"

	"github.com/mailpick/mailpick/catalog/tomlfile"
)

// Problem is one thing wrong with an answered workbook, located the way a
// spreadsheet user finds it: FILE!Sheet!Cell.
type Problem struct {
	File  string
	Sheet string // "" for a problem of the whole file
	Cell  string // "" for a problem of the whole sheet
	Key   string // the question's key, "" when none
	Msg   string // what is wrong and what is allowed
}

func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Sheet != "" {
		b.WriteString("!" + p.Sheet)
	}
	if p.Cell != "" {
		b.WriteString("!" + p.Cell)
	}
	if p.Key != "" {
		fmt.Fprintf(&b, ": %s", p.Key)
	}
	fmt.Fprintf(&b, ": %s", p.Msg)
	return b.String()
}

// Problems is every problem found, reported together so a vendor's
// workbook is fixed in one pass.
type Problems []Problem

func (ps Problems) Error() string { return tomlfile.FormatList(ps) }
