package reports

import (
	"io"
	"strings"
)

// WriteMarkdown writes the full report as GitHub-flavoured Markdown. Every
// text from catalogs, requirements and servers goes through mdEscape.
func WriteMarkdown(w io.Writer, in *Input) error { return writeMarkdownDoc(w, build(in)) }

// writeMarkdownDoc renders a document model as Markdown; the decision
// report and the posture report share it.
func writeMarkdownDoc(w io.Writer, d *document) error {
	p := &errWriter{w: w}
	p.printf("# %s\n\n%s\n\n", mdEscape(d.Title), mdEscape(d.Subtitle))
	for _, s := range d.Sections {
		p.printf("## %s\n\n", mdEscape(s.Title))
		for _, b := range s.Blocks {
			switch b.Kind {
			case bPara:
				p.printf("%s\n\n", mdEscape(b.Text))
			case bWarn:
				p.printf("> **⚠** %s\n\n", mdEscape(b.Text))
			case bHeading:
				p.printf("### %s\n\n", mdEscape(b.Text))
			case bBullets:
				for _, it := range b.Items {
					p.printf("- %s\n", mdEscape(it))
				}
				p.printf("\n")
			case bTable:
				mdTable(p, b.Table)
			case bChart:
				// Charts are drawn in HTML, PDF and XLSX; the table beside
				// each chart carries the same numbers.
			}
		}
	}
	return p.err
}

func mdTable(p *errWriter, t *table) {
	p.printf("|")
	for _, h := range t.Head {
		p.printf(" %s |", mdEscape(h))
	}
	p.printf("\n|")
	for i := range t.Head {
		if i < len(t.Num) && t.Num[i] {
			p.printf("--:|")
		} else {
			p.printf("---|")
		}
	}
	p.printf("\n")
	for _, r := range t.Rows {
		p.printf("|")
		for _, c := range r {
			p.printf(" %s |", mdCell(c.Text))
		}
		p.printf("\n")
	}
	p.printf("\n")
}

// mdCell escapes a table cell; line breaks become <br> (the only raw HTML
// we emit, after escaping the text itself).
func mdCell(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = mdEscape(l)
	}
	return strings.Join(lines, "<br>")
}
