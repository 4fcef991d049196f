// Package tomlfile reads a TOML file into a generic tree and reports every
// problem in it at once, each with file, line and dotted key, so a user can
// fix a requirements or catalog file in one pass instead of one error per run.
package tomlfile

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Problem is one thing wrong with an input file.
type Problem struct {
	File string
	Line int    // 0 when unknown
	Key  string // dotted path, e.g. "option[2].pricing.per_user_month"
	Msg  string // what is wrong and how to fix it
}

func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	if p.Key != "" {
		fmt.Fprintf(&b, ": %s", p.Key)
	}
	fmt.Fprintf(&b, ": %s", p.Msg)
	return b.String()
}

// Problems is every problem found in one or more files. It is an error so a
// loader can return all of them together.
type Problems []Problem

func (ps Problems) Error() string { return FormatList(ps) }

// MaxListed is how many problems FormatList prints. A file that is not
// what the command expects (a wrong file, a pasted log) yields one problem
// per line; tens of thousands of lines bury the first one, which is the one
// that tells the user what went wrong.
const MaxListed = 50

// FormatList is the one layout of a problem list: one line per problem,
// under a count when there are several, at most MaxListed of them and then
// how many more there are. Other packages with their own problem type (a
// workbook's cells) use it too.
func FormatList[E error](ps []E) string {
	shown := ps[:min(len(ps), MaxListed)]
	lines := make([]string, len(shown), len(shown)+1)
	for i, p := range shown {
		lines[i] = p.Error()
	}
	if more := len(ps) - len(shown); more > 0 {
		lines = append(lines, fmt.Sprintf("… and %d more; fix the ones above (or check that this is the right file) and run again", more))
	}
	if len(ps) > 1 {
		return fmt.Sprintf("%d problems:\n  %s", len(ps), strings.Join(lines, "\n  "))
	}
	return strings.Join(lines, "\n")
}

// Sorted orders problems by file and line so output is stable.
func (ps Problems) Sorted() Problems {
	out := append(Problems(nil), ps...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out
}

// Doc is a parsed TOML file: its generic tree plus a map from dotted key to
// the line that defines it. BurntSushi/toml keeps key positions private, so
// the line index is built here from the text.
type Doc struct {
	File  string
	Tree  map[string]any
	lines map[string]int
	probs Problems
	warns Problems
	// Now, when set, is the clock for checks against today (a catalog
	// as_of may not be in the future).
	Now time.Time
}

// Parse decodes data. A syntax error is returned as a Problem with its line;
// nothing else is checked here.
func Parse(file string, data []byte) (*Doc, error) {
	if p := checkText(file, data); p != nil {
		return nil, Problems{*p}
	}
	var tree map[string]any
	if _, err := toml.Decode(string(data), &tree); err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			msg := readableSyntax(perr.Message)
			if perr.Usage != "" {
				msg += " (" + strings.TrimSpace(strings.SplitN(perr.Usage, "\n", 2)[0]) + ")"
			}
			line := perr.Position.Line
			// The parser reports an unexpected end of line on the next line;
			// point at the line the user has to fix.
			if strings.Contains(perr.Message, `'\n'`) && line > 1 {
				line--
			}
			return nil, Problems{{File: file, Line: line, Msg: "TOML syntax: " + msg}}
		}
		return nil, Problems{{File: file, Msg: "TOML syntax: " + readableSyntax(err.Error())}}
	}
	return &Doc{File: file, Tree: tree, lines: indexLines(string(data))}, nil
}

// Line returns the line defining path ("a.b", "option[3].id"), falling back to
// the nearest enclosing table so a missing key points at its table.
func (d *Doc) Line(path string) int {
	for p := path; p != ""; {
		if l, ok := d.lines[p]; ok {
			return l
		}
		// A key given as [[key]] where a table was expected is indexed
		// by its elements.
		if l, ok := d.lines[p+"[0]"]; ok {
			return l
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return 0
}

// Addf records a problem at path. A key already reported (a table given
// as [[array]]) is not reported missing as well: loaders treat a value of
// the wrong type as absent.
func (d *Doc) Addf(path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if strings.HasPrefix(msg, "missing") {
		for _, p := range d.probs {
			if p.Key == path {
				return
			}
		}
	}
	d.probs = append(d.probs, Problem{File: d.File, Line: d.Line(path), Key: path, Msg: msg})
}

// Err returns the recorded problems, or nil.
func (d *Doc) Err() error {
	if len(d.probs) == 0 {
		return nil
	}
	return d.probs.Sorted()
}

// Problems returns what has been recorded so far.
func (d *Doc) Problems() Problems { return d.probs }

// Warnf records a warning at path: something the file leaves out that a
// reader should know about (a value taken as "unknown"), which does not stop
// the file from loading.
func (d *Doc) Warnf(path, format string, args ...any) {
	d.warns = append(d.warns, Problem{File: d.File, Line: d.Line(path), Key: path, Msg: fmt.Sprintf(format, args...)})
}

// Warnings returns the warnings recorded so far, ordered by line.
func (d *Doc) Warnings() Problems { return d.warns.Sorted() }

// Table reads a sub-table; a value of another type is recorded as a problem
// and yields nil.
func (d *Doc) Table(parent map[string]any, parentPath, key string) map[string]any {
	v, ok := parent[key]
	if !ok {
		return nil
	}
	t, ok := v.(map[string]any)
	if !ok {
		d.Addf(join(parentPath, key), "must be a table ([%s]), not %s", stripIndexes(join(parentPath, key)), typeName(v))
		return nil
	}
	return t
}

// CheckKeys records every key of t that is not in allowed, with the allowed
// keys as the hint. Typos in requirement files must not pass silently.
func (d *Doc) CheckKeys(t map[string]any, path string, allowed []string) {
	set := make(map[string]bool, len(allowed))
	for _, k := range allowed {
		set[k] = true
	}
	var unknown []string
	for k := range t {
		if !set[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		hint := ""
		if s := closest(k, allowed); s != "" {
			hint = fmt.Sprintf("; did you mean %q?", s)
		}
		d.Addf(join(path, k), "unknown key%s (allowed here: %s)", hint, strings.Join(allowed, ", "))
	}
}

// Join builds a dotted path.
func join(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// Join is exported for callers that build paths.
func Join(parent, key string) string { return join(parent, key) }

func typeName(v any) string {
	switch x := v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case map[string]any:
		return "a table"
	case []any, []map[string]any:
		return "an array"
	case time.Time:
		return timeKind(x)
	default:
		return "a value of another kind"
	}
}

// TypeName names v's TOML type for messages.
func TypeName(v any) string { return typeName(v) }

// closest suggests the allowed key within edit distance 2 of k.
func closest(k string, allowed []string) string {
	best, bestD := "", 3
	for _, a := range allowed {
		if d := editDistance(k, a); d < bestD {
			best, bestD = a, d
		}
	}
	return best
}

// EditDistance is the Levenshtein distance between a and b, in bytes: the
// one measure behind every "did you mean" hint.
func EditDistance(a, b string) int { return editDistance(a, b) }

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// indexLines maps dotted keys to their defining line. It understands the
// TOML people write by hand: [table], [[array]] (indexed as name[i]),
// dotted and quoted keys, and skips multi-line strings and arrays.
func indexLines(src string) map[string]int {
	out := map[string]int{}
	arrays := map[string]int{}
	table := ""
	inMulti := "" // closing delimiter of a multi-line string
	depth := 0    // open brackets of a multi-line array or inline table
	for i, raw := range strings.Split(src, "\n") {
		lineNo := i + 1
		line := strings.TrimSpace(raw)
		if inMulti != "" {
			if strings.Contains(line, inMulti) {
				inMulti = ""
			}
			continue
		}
		if depth > 0 {
			depth += bracketDelta(line)
			continue
		}
		if line == "" || line[0] == '#' {
			continue
		}
		if strings.HasPrefix(line, "[[") {
			name := normaliseKey(strings.TrimSuffix(strings.TrimSpace(strings.SplitN(line[2:], "]]", 2)[0]), "]"))
			name = resolveArrayPrefix(name, arrays)
			idx := arrays[name]
			arrays[name] = idx + 1
			table = fmt.Sprintf("%s[%d]", name, idx)
			out[table] = lineNo
			definePrefixes(out, "", name, lineNo)
			continue
		}
		if line[0] == '[' {
			name := normaliseKey(strings.SplitN(line[1:], "]", 2)[0])
			table = resolveArrayPrefix(name, arrays)
			out[table] = lineNo
			definePrefixes(out, "", table, lineNo)
			continue
		}
		eq := keyEnd(line)
		if eq < 0 {
			continue
		}
		key := normaliseKey(line[:eq])
		out[join(table, key)] = lineNo
		definePrefixes(out, table, key, lineNo)
		rest := strings.TrimSpace(line[eq+1:])
		for _, delim := range []string{`"""`, `'''`} {
			if strings.HasPrefix(rest, delim) && !strings.Contains(rest[3:], delim) {
				inMulti = delim
			}
		}
		if inMulti == "" {
			depth = bracketDelta(rest)
			if depth < 0 {
				depth = 0
			}
		}
	}
	return out
}

// definePrefixes records the line of the tables a dotted key or header
// creates implicitly (a and a.b for a.b.c = 1), unless an earlier line
// defined them, so a problem about a has a line.
func definePrefixes(out map[string]int, base, key string, line int) {
	parts := strings.Split(key, ".")
	for i := 1; i < len(parts); i++ {
		p := join(base, strings.Join(parts[:i], "."))
		if _, ok := out[p]; !ok {
			out[p] = line
		}
	}
}

// resolveArrayPrefix turns "option.pricing" into "option[2].pricing" when
// option is an array of tables whose current element is 2.
func resolveArrayPrefix(name string, arrays map[string]int) string {
	parts := strings.Split(name, ".")
	var b strings.Builder
	prefix := ""
	for i, p := range parts {
		if i > 0 {
			b.WriteByte('.')
			prefix += "."
		}
		prefix += p
		b.WriteString(p)
		if n, ok := arrays[prefix]; ok && i < len(parts)-1 {
			fmt.Fprintf(&b, "[%d]", n-1)
			prefix = b.String()
		}
	}
	return b.String()
}

// keyEnd finds the '=' that ends a key, outside quotes.
func keyEnd(line string) int {
	quote := byte(0)
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '=':
			return i
		}
	}
	return -1
}

func normaliseKey(k string) string {
	parts := splitKey(strings.TrimSpace(k))
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if uq, err := strconv.Unquote(p); err == nil {
			p = uq
		} else {
			p = strings.Trim(p, "'")
		}
		parts[i] = p
	}
	return strings.Join(parts, ".")
}

// splitKey splits a dotted key on dots outside quotes.
func splitKey(k string) []string {
	var parts []string
	quote := byte(0)
	start := 0
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '.':
			parts = append(parts, k[start:i])
			start = i + 1
		}
	}
	return append(parts, k[start:])
}

// bracketDelta counts unclosed [ and { outside strings and comments.
func bracketDelta(s string) int {
	d := 0
	quote := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			return d
		case c == '[' || c == '{':
			d++
		case c == ']' || c == '}':
			d--
		}
	}
	return d
}
