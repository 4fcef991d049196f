package tomlfile

import (
	"errors"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The two inputs of the issue each took gigabytes in the TOML library.
// They must now fail at once, with little memory, naming the line.
func TestDeepInputsFailFast(t *testing.T) {
	tests := []struct {
		name string
		src  string
		line int
	}{
		{"10,000 nested inline tables", "ok = 1\nx = " + strings.Repeat("{a=", 10000) + "1" + strings.Repeat("}", 10000) + "\n", 2},
		{"20,000-part dotted key", strings.Repeat("a.", 19999) + "a = 1\n", 1},
		{"20,000-part table header", "[" + strings.Repeat("a.", 19999) + "a]\n", 1},
		{"10,000 nested arrays", "x = " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err := Parse("d.toml", []byte(tt.src))
			runtime.ReadMemStats(&after)
			var ps Problems
			if !errors.As(err, &ps) || len(ps) != 1 {
				t.Fatalf("err = %v, want one problem", err)
			}
			if want := "d.toml:" + strconv.Itoa(tt.line) + ": nested too deeply (limit 16)"; ps[0].Error() != want {
				t.Errorf("got  %s\nwant %s", ps[0].Error(), want)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
				t.Errorf("allocated %d bytes to refuse a %d-byte file", alloc, len(tt.src))
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func TestTooDeep(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want int // line, 0 = within the limit
	}{
		{"flat", "a = 1\nb = \"x\"\n[t]\nc = [1, 2]\n", 0},
		{"16 levels of dotted key", strings.Repeat("a.", 15) + "a = 1", 0},
		{"17 levels of dotted key", strings.Repeat("a.", 16) + "a = 1", 1},
		{"header plus key", "[a.b.c.d.e.f.g.h]\ni.j.k.l.m.n.o.p = 1\n", 0},
		{"header plus key, one more", "[a.b.c.d.e.f.g.h]\ni.j.k.l.m.n.o.p.q = 1\n", 2},
		{"array of tables counts its element", "[[a.b.c.d.e.f.g.h.i.j.k.l.m.n.o]]\nx = 1\n", 2},
		{"array of tables, 15 parts", "[[a.b.c.d.e.f.g.h.i.j.k.l.m.n]]\nx = 1\n", 0},
		{"inline tables", "x = " + strings.Repeat("{a=", 15) + "1" + strings.Repeat("}", 15), 0},
		{"inline tables, one more", "x = " + strings.Repeat("{a=", 16) + "1" + strings.Repeat("}", 16), 1},
		{"arrays", "x = " + strings.Repeat("[", 15) + strings.Repeat("]", 15), 0},
		{"arrays, one more", "x = " + strings.Repeat("[", 16) + strings.Repeat("]", 16), 1},
		{"dotted keys inside inline tables", "x = {" + strings.Repeat("a.", 14) + "a = 1}", 0},
		{"dotted keys inside inline tables, one more", "x = {" + strings.Repeat("a.", 15) + "a = 1}", 1},
		{"multi-line array", "x = [\n  1,\n  [[[[[[[[[[[[[[[[2]]]]]]]]]]]]]]]],\n]\n", 3},
		{"brackets in strings do not count", `x = "` + strings.Repeat("{[", 100) + `"` + "\ny = '" + strings.Repeat("[", 100) + "'\n", 0},
		{"brackets in comments do not count", "x = 1 # " + strings.Repeat("{", 100) + "\n", 0},
		{"brackets in multi-line strings do not count", "x = \"\"\"\n" + strings.Repeat("[", 100) + "\n\"\"\"\ny = '''\n" + strings.Repeat("{", 100) + "'''\n", 0},
		{"quoted key with dots is one part", `"` + strings.Repeat("a.", 40) + `" = 1`, 0},
		{"escaped quote does not end a string", `x = "\"` + strings.Repeat("[", 40) + `"`, 0},
		{"line count past multi-line strings", "x = \"\"\"\n\n\n\"\"\"\ny = " + strings.Repeat("[", 17) + strings.Repeat("]", 17), 5},
		{"date-times with a space in an array", "x = [1979-05-27 07:32:00, " + strings.Repeat("[", 17) + strings.Repeat("]", 17) + "]", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tooDeep([]byte(tt.src), 16); got != tt.want {
				t.Errorf("tooDeep = line %d, want %d", got, tt.want)
			}
		})
	}
}

func TestNotUTF8(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"Shift_JIS", "[accounts]\nusers = 5\n# \x83\x81\x81[\x83\x8b\x82\xcc\x83A\x83J\x83E\x83\x93\x83g\n", "x.toml:3: not UTF-8; save it as UTF-8 (it looks like Shift_JIS)"},
		{"EUC-JP", "# \xa4\xb3\xa4\xf3\xa4\xcb\xa4\xc1\xa4\xcf\n", "x.toml:1: not UTF-8; save it as UTF-8 (it looks like EUC-JP)"},
		{"UTF-16", "\xff\xfea\x00=\x001\x00", "x.toml:1: not UTF-8; save it as UTF-8 (it looks like UTF-16)"},
		{"something else", "a = 1\n\n# \xff\xff\xff\n", "x.toml:3: not UTF-8; save it as UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.toml", []byte(tt.src))
			if err == nil || err.Error() != tt.want {
				t.Errorf("got  %v\nwant %s", err, tt.want)
			}
		})
	}
}

func TestTooLarge(t *testing.T) {
	_, err := Parse("big.toml", []byte(strings.Repeat("#", MaxBytes+1)))
	if err == nil || !strings.HasPrefix(err.Error(), "big.toml: larger than 1 MB") {
		t.Errorf("err = %v", err)
	}
	if _, err := Parse("ok.toml", []byte(strings.Repeat("#", MaxBytes))); err != nil {
		t.Errorf("a file of exactly MaxBytes: %v", err)
	}
}

// Syntax errors name the end of the file and line instead of showing
// '\x00' and '\n'.
func TestSyntaxMessagesForPeople(t *testing.T) {
	tests := []struct{ src, want string }{
		{"[budget", "x.toml:1: TOML syntax: expected '.' or ']' to end table name, but got the end of the file instead"},
		{"a = ", "x.toml:1: TOML syntax: unexpected end of the file; expected value"},
		{"[budget\nx = 1\n", "x.toml:1: TOML syntax: expected '.' or ']' to end table name, but got the end of the line instead"},
	}
	for _, tt := range tests {
		_, err := Parse("x.toml", []byte(tt.src))
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q:\ngot  %v\nwant %s", tt.src, err, tt.want)
		}
	}
}

// Values of TOML's date and time types are named as such, never as Go's
// time.Time; a time of day is not a date.
func TestDateAndTimeValues(t *testing.T) {
	doc, err := Parse("x.toml", []byte("n = 1979-05-27T07:32:00Z\nd = 1979-05-27\nl = 1979-05-27T07:32:00\nt = 07:32:00\n"))
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"n": "a date and time", "d": "a date", "l": "a date and time", "t": "a time of day"} {
		doc.Float(doc.Tree, "", key)
		if got := doc.Problems()[len(doc.Problems())-1].Msg; got != "must be a number, not "+want {
			t.Errorf("%s: %q", key, got)
		}
	}
	if _, ok := doc.Date(doc.Tree, "", "t"); ok {
		t.Error("a time of day was read as a date")
	}
	if got := doc.Problems()[len(doc.Problems())-1]; got.Line != 4 || !strings.Contains(got.Msg, "not a time of day") {
		t.Errorf("problem %+v", got)
	}
	for _, key := range []string{"n", "d", "l"} {
		if d, ok := doc.Date(doc.Tree, "", key); !ok || d.Year() != 1979 {
			t.Errorf("%s: %v %v", key, d, ok)
		}
	}
}

// A table given as an array of tables ([[storage]]) has the line of its
// first element.
func TestLineOfArrayOfTables(t *testing.T) {
	doc, err := Parse("x.toml", []byte("[accounts]\nusers = 5\n[[storage]]\nper_user_gb = 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	doc.Table(doc.Tree, "", "storage")
	ps := doc.Problems()
	if len(ps) != 1 || ps[0].Error() != "x.toml:3: storage: must be a table ([storage]), not an array" {
		t.Errorf("problems %v", ps)
	}
}
