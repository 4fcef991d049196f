package tomlfile

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
)

// Bounds on a TOML file, checked before the text reaches the TOML library.
// github.com/BurntSushi/toml has no nesting limit and copies the key path
// at every level, so 40 KB of "{a={a=…" or a 20,000-part dotted key takes
// gigabytes; and its memory grows about 100-400 times the file size on
// files with many keys or tables. A requirements file is a few KB and the
// whole embedded catalog is 70 KB, so these bounds are far above any real
// file and keep the worst one near 400 MB (measured, see README "Limits").
const (
	// MaxBytes is the largest TOML file read.
	MaxBytes = 1 << 20
	// MaxDepth is how deeply values may nest: every table header part,
	// dotted key part, array and inline table is one level, so
	// [[option]] / [option.pricing] / per_user_month is depth 3.
	MaxDepth = 16
)

// checkText runs the checks that must pass before parsing: size, encoding
// and nesting depth. It returns at most one problem: later checks assume
// the earlier ones passed.
func checkText(file string, data []byte) *Problem {
	if len(data) > MaxBytes {
		return &Problem{File: file, Msg: fmt.Sprintf("larger than %d MB, the limit for a TOML file; split a catalog into several files in a directory", MaxBytes>>20)}
	}
	if p := checkUTF8(file, data); p != nil {
		return p
	}
	if line := tooDeep(data, MaxDepth); line > 0 {
		return &Problem{File: file, Line: line, Msg: fmt.Sprintf("nested too deeply (limit %d)", MaxDepth)}
	}
	return nil
}

// checkUTF8 reports a file that is not UTF-8 (TOML 1.0 §"Spec": a TOML
// file must be a valid UTF-8 encoded Unicode document), naming the legacy
// Japanese encoding it most likely is, since editors on Japanese Windows
// still save Shift_JIS by default.
func checkUTF8(file string, data []byte) *Problem {
	if utf8.Valid(data) {
		return nil
	}
	bad := 0
	for bad < len(data) {
		r, n := utf8.DecodeRune(data[bad:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		bad += n
	}
	line := 1 + bytes.Count(data[:bad], []byte{'\n'})
	msg := "not UTF-8; save it as UTF-8"
	if enc := guessEncoding(data); enc != "" {
		msg += " (it looks like " + enc + ")"
	}
	return &Problem{File: file, Line: line, Msg: msg}
}

// guessEncoding names the encoding of data when it is valid UTF-16 (by its
// byte order mark), Shift_JIS or EUC-JP, and "" otherwise. Japanese text in
// Shift_JIS almost always has lead bytes 0x81-0x9F (all hiragana and most
// kanji), which EUC-JP never uses outside its rare 0x8E/0x8F prefixes; EUC-JP
// text also decodes as Shift_JIS half-width katakana, so that byte range
// decides between them.
func guessEncoding(data []byte) string {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return "UTF-16"
	}
	sjis := decodes(japanese.ShiftJIS, data)
	euc := decodes(japanese.EUCJP, data)
	sjisLead := false
	for _, c := range data {
		if c >= 0x81 && c <= 0x9F && c != 0x8E && c != 0x8F {
			sjisLead = true
			break
		}
	}
	switch {
	case sjis && (sjisLead || !euc):
		return "Shift_JIS"
	case euc:
		return "EUC-JP"
	}
	return ""
}

// decodes reports whether data is valid in enc: the x/text decoders replace
// what they cannot decode with U+FFFD, which a legacy file cannot contain.
func decodes(enc encoding.Encoding, data []byte) bool {
	out, err := enc.NewDecoder().Bytes(data)
	return err == nil && !bytes.ContainsRune(out, utf8.RuneError)
}

// tooDeep returns the first line on which a value nests deeper than limit,
// or 0. It follows the TOML grammar far enough to know strings, comments,
// table headers, keys and inline arrays and tables; what it does not
// understand is skipped to the end of the line and left to the parser,
// which stops at the first syntax error. It recurses once per level and
// stops one level past limit, so its own stack is bounded too.
func tooDeep(src []byte, limit int) int {
	s := depthScanner{src: src, line: 1, limit: limit}
	s.run()
	return s.deepLine
}

type depthScanner struct {
	src      []byte
	i        int
	line     int
	limit    int
	deepLine int
	table    int // depth of the current [table] or [[array]] header
}

// deeper records d when it is past the limit and reports whether scanning
// must stop.
func (s *depthScanner) deeper(d int) bool {
	if d > s.limit && s.deepLine == 0 {
		s.deepLine = s.line
	}
	return s.deepLine != 0
}

func (s *depthScanner) peek(off int) byte {
	if s.i+off < len(s.src) {
		return s.src[s.i+off]
	}
	return 0
}

func (s *depthScanner) run() {
	for s.i < len(s.src) && s.deepLine == 0 {
		s.skipSpace(false)
		switch s.peek(0) {
		case 0:
			if s.i >= len(s.src) {
				return
			}
			s.i++
		case '\n':
			s.line++
			s.i++
		case '#':
			s.skipComment()
		case '[':
			s.header()
		default:
			start := s.i
			parts := s.key(s.table)
			s.skipSpace(false)
			if s.deepLine == 0 && s.peek(0) == '=' {
				s.i++
				s.value(s.table + parts)
			}
			if s.i == start {
				s.i++ // not a key: the parser will say what it is
			}
			s.skipLine()
		}
	}
}

// header reads [a.b] or [[a.b]]; an array of tables adds one level for
// its element.
func (s *depthScanner) header() {
	s.i++
	extra := 0
	if s.peek(0) == '[' {
		s.i++
		extra = 1
	}
	s.skipSpace(false)
	s.table = s.key(extra) + extra
	s.skipLine()
}

// key reads a possibly dotted key in a table at depth base and returns its
// number of parts, checking base+parts as it goes.
func (s *depthScanner) key(base int) int {
	parts := 0
	for {
		s.skipSpace(false)
		switch c := s.peek(0); {
		case c == '"' || c == '\'':
			s.str()
		case isBare(c):
			for s.i < len(s.src) && isBare(s.src[s.i]) {
				s.i++
			}
		default:
			return parts
		}
		parts++
		if s.deeper(base + parts) {
			return parts
		}
		s.skipSpace(false)
		if s.peek(0) != '.' {
			return parts
		}
		s.i++
	}
}

// value reads one value at depth d.
func (s *depthScanner) value(d int) {
	s.skipSpace(false)
	switch c := s.peek(0); c {
	case '[':
		s.i++
		s.array(d)
	case '{':
		s.i++
		s.inlineTable(d)
	case '"', '\'':
		s.str()
	default:
		// A number, boolean or date-time (which may hold a space): flat.
		for s.i < len(s.src) {
			switch s.src[s.i] {
			case ',', ']', '}', '#', '\n', '[', '{', '"', '\'':
				return
			}
			s.i++
		}
	}
}

// array reads the rest of an inline array at depth d; its elements are at
// d+1. Arrays may span lines and hold comments.
func (s *depthScanner) array(d int) {
	if s.deeper(d + 1) {
		return
	}
	for s.deepLine == 0 {
		s.skipBlank()
		switch s.peek(0) {
		case ']':
			s.i++
			return
		case ',':
			s.i++
			continue
		case 0, '}':
			return // malformed: the parser reports it
		}
		before := s.i
		s.value(d + 1)
		if s.i == before {
			return
		}
	}
}

// inlineTable reads the rest of an inline table at depth d: its keys are
// at d+parts. Newlines are accepted as TOML 1.1 does.
func (s *depthScanner) inlineTable(d int) {
	for s.deepLine == 0 {
		s.skipBlank()
		switch s.peek(0) {
		case '}':
			s.i++
			return
		case ',':
			s.i++
			continue
		case 0, ']':
			return
		}
		before := s.i
		parts := s.key(d)
		s.skipSpace(false)
		if s.deepLine != 0 || s.peek(0) != '=' {
			if s.i == before {
				return
			}
			continue
		}
		s.i++
		s.value(d + parts)
	}
}

// skipBlank skips spaces, newlines and comments inside brackets.
func (s *depthScanner) skipBlank() {
	for {
		s.skipSpace(true)
		if s.peek(0) != '#' {
			return
		}
		s.skipComment()
	}
}

func (s *depthScanner) skipSpace(newlines bool) {
	for s.i < len(s.src) {
		switch s.src[s.i] {
		case ' ', '\t', '\r':
			s.i++
		case '\n':
			if !newlines {
				return
			}
			s.line++
			s.i++
		default:
			return
		}
	}
}

func (s *depthScanner) skipComment() {
	for s.i < len(s.src) && s.src[s.i] != '\n' {
		s.i++
	}
}

// skipLine skips to the end of the line, past strings (a multi-line string
// may follow a broken key) and comments.
func (s *depthScanner) skipLine() {
	for s.i < len(s.src) && s.src[s.i] != '\n' {
		switch s.src[s.i] {
		case '"', '\'':
			s.str()
		case '#':
			s.skipComment()
		default:
			s.i++
		}
	}
}

// str skips a basic, literal or multi-line string, counting its lines.
func (s *depthScanner) str() {
	q := s.src[s.i]
	if s.peek(1) == q && s.peek(2) == q {
		s.i += 3
		for s.i < len(s.src) {
			c := s.src[s.i]
			switch {
			case c == '\\' && q == '"':
				s.i++
				if s.peek(0) == '\n' {
					s.line++
				}
			case c == '\n':
				s.line++
			case c == q && s.peek(1) == q && s.peek(2) == q:
				// Up to two more quotes belong to the content.
				s.i += 3
				for k := 0; k < 2 && s.peek(0) == q; k++ {
					s.i++
				}
				return
			}
			s.i++
		}
		return
	}
	s.i++
	for s.i < len(s.src) {
		c := s.src[s.i]
		switch {
		case c == '\\' && q == '"':
			s.i++
		case c == q:
			s.i++
			return
		case c == '\n':
			return // unterminated: the parser reports it
		}
		s.i++
	}
}

func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// readableSyntax rewrites the TOML library's messages for people: the
// library shows the end of the file as the character '\x00' and other
// characters as Go escapes.
func readableSyntax(msg string) string {
	return syntaxWords.Replace(msg)
}

var syntaxWords = strings.NewReplacer(
	`'\x00'`, "the end of the file",
	"unexpected EOF", "unexpected end of the file",
	`'\n'`, "the end of the line",
	`'\r'`, "a carriage return",
	`'\t'`, "a tab",
)

// timeKind names a TOML date or time value. The TOML library marks local
// dates and times with locations of these names.
func timeKind(t time.Time) string {
	switch t.Location().String() {
	case "date-local":
		return "a date"
	case "time-local":
		return "a time of day"
	}
	return "a date and time"
}
