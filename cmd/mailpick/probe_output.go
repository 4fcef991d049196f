package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/probe"
)

// resultWriter writes probe results one domain at a time, so a long run
// streams instead of holding every result. This file is the one place
// that knows the probe output formats.
type resultWriter interface {
	Write(probe.DomainResult) error
	Close() error // finishes the document (JSON array, buffered text)
}

// newResultWriter writes results in format. The formats people read
// (table, md) word the findings in lang; the data formats (json, jsonl,
// csv) keep the English sentences, and JSON the coded messages beside
// them (summary_code, fix_code).
func newResultWriter(w io.Writer, format, lang string) (resultWriter, error) {
	bw := bufio.NewWriter(w)
	switch format {
	case "table":
		return &tableWriter{w: bw, lang: lang}, nil
	case "json":
		return &jsonArrayWriter{w: bw}, nil
	case "jsonl":
		return &jsonlWriter{w: bw}, nil
	case "csv":
		return &csvWriter{w: csv.NewWriter(bw), bw: bw}, nil
	case "md":
		return &mdWriter{w: bw, lang: lang}, nil
	}
	return nil, checkFormat(format, probeFormats...)
}

// sanitize makes DNS- and server-supplied text safe to print on a
// terminal: control characters (escape sequences) become visible.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return '�'
		}
		return r
	}, s)
}

// jsonArrayWriter writes `[`, each domain as it comes, and `]` on Close:
// valid JSON even for 100,000 domains, without holding them.
type jsonArrayWriter struct {
	w *bufio.Writer
	n int
}

func (j *jsonArrayWriter) Write(r probe.DomainResult) error {
	b, err := json.MarshalIndent(r, "  ", "  ")
	if err != nil {
		return fmt.Errorf("writing JSON: %w", err)
	}
	sep := "[\n  "
	if j.n > 0 {
		sep = ",\n  "
	}
	j.n++
	j.w.WriteString(sep)
	j.w.Write(b)
	return j.w.Flush()
}

func (j *jsonArrayWriter) Close() error {
	if j.n == 0 {
		j.w.WriteString("[")
	}
	j.w.WriteString("\n]\n")
	return j.w.Flush()
}

type jsonlWriter struct{ w *bufio.Writer }

func (j *jsonlWriter) Write(r probe.DomainResult) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("writing JSON: %w", err)
	}
	j.w.Write(b)
	j.w.WriteByte('\n')
	return j.w.Flush()
}

func (j *jsonlWriter) Close() error { return j.w.Flush() }

// csvWriter writes one row per check, the domain's score repeated, so a
// spreadsheet can filter and pivot.
type csvWriter struct {
	w      *csv.Writer
	bw     *bufio.Writer
	header bool
}

func (c *csvWriter) Write(r probe.DomainResult) error {
	if !c.header {
		c.header = true
		c.w.Write([]string{"domain", "score", "grade", "id", "category", "status", "target", "summary", "fix"})
	}
	for _, ch := range r.Checks {
		c.w.Write([]string{r.Domain, strconv.Itoa(r.Score), r.Grade, ch.ID, ch.Category, string(ch.Status),
			csvSafe(ch.Target), csvSafe(ch.Summary), csvSafe(ch.Fix)})
	}
	for _, row := range csvPostureRows(r) {
		c.w.Write(row)
	}
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return err
	}
	return c.bw.Flush()
}

func (c *csvWriter) Close() error {
	c.w.Flush()
	return c.bw.Flush()
}

// csvSafe keeps spreadsheet programs from running DNS text as a formula
// (CSV injection): a leading =, +, -, @ gets a quote in front.
func csvSafe(s string) string {
	s = sanitize(s)
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

// statusOrder sorts categories as the registry does.
func categoryOrder(cats map[string]probe.CategoryScore) []string {
	order := probe.Categories()
	var out []string
	for _, c := range order {
		if _, ok := cats[c]; ok {
			out = append(out, c)
		}
	}
	var rest []string
	for c := range cats {
		if !slices.Contains(order, c) {
			rest = append(rest, c)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

type tableWriter struct {
	w    *bufio.Writer
	n    int
	lang string
}

func (t *tableWriter) Write(r probe.DomainResult) error {
	r = r.In(t.lang)
	if t.n > 0 {
		t.w.WriteString("\n")
	}
	t.n++
	fmt.Fprintf(t.w, "%s\n", msg.T(t.lang, "probe.cli.head", "domain", r.Domain, "grade", r.Grade, "score", r.Score, "ms", int(r.DurationMS)))
	var cats []string
	for _, c := range categoryOrder(r.Categories) {
		cats = append(cats, fmt.Sprintf("%s %d", c, r.Categories[c].Score))
	}
	if len(cats) > 0 {
		fmt.Fprintf(t.w, "  %s\n", strings.Join(cats, " · "))
	}
	for _, c := range r.Checks {
		target := ""
		if c.Target != "" && c.Target != r.Domain {
			target = " [" + sanitize(c.Target) + "]"
		}
		fmt.Fprintf(t.w, "  %-5s %-18s %s%s\n", checkStatus(t.lang, string(c.Status)), c.ID, sanitize(c.Summary), target)
		if c.Fix != "" {
			fmt.Fprintf(t.w, "        %-18s %s %s\n", "", msg.T(t.lang, "probe.cli.fix"), sanitize(c.Fix))
		}
	}
	writeProfilesTable(t.w, r, t.lang)
	writeChangesTable(t.w, r, t.lang)
	return t.w.Flush()
}

func (t *tableWriter) Close() error { return t.w.Flush() }

type mdWriter struct {
	w    *bufio.Writer
	lang string
}

func mdCell(s string) string {
	s = sanitize(s)
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "<", "&lt;")
	return s
}

func (m *mdWriter) Write(r probe.DomainResult) error {
	r = r.In(m.lang)
	fmt.Fprintf(m.w, "## %s\n\n", msg.T(m.lang, "probe.cli.md_head", "domain", mdCell(r.Domain), "grade", r.Grade, "score", r.Score))
	if len(r.Categories) > 0 {
		fmt.Fprintf(m.w, "%s\n|---|---:|---:|\n", msg.T(m.lang, "probe.cli.md_categories"))
		for _, c := range categoryOrder(r.Categories) {
			s := r.Categories[c]
			name := c
			if m.lang == "ja" {
				name = msg.T(m.lang, "posture.category."+c)
			}
			fmt.Fprintf(m.w, "| %s | %d | %d/%d |\n", name, s.Score, s.Passed, s.Total)
		}
		m.w.WriteString("\n")
	}
	fmt.Fprintf(m.w, "%s\n|---|---|---|---|\n", msg.T(m.lang, "probe.cli.md_checks"))
	for _, c := range r.Checks {
		fix := ""
		if c.Fix != "" {
			fix = "`" + strings.ReplaceAll(mdCell(c.Fix), "`", "'") + "`"
		}
		fmt.Fprintf(m.w, "| %s | `%s` | %s | %s |\n", checkStatus(m.lang, string(c.Status)), c.ID, mdCell(c.Summary), fix)
	}
	m.w.WriteString("\n")
	writeProfilesMD(m, r)
	writeChangesMD(m, r)
	return m.w.Flush()
}

func (m *mdWriter) Close() error { return m.w.Flush() }
