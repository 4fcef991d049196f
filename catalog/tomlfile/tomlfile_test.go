package tomlfile

import (
	"fmt"
	"strings"
	"testing"
)

func TestIndexLines(t *testing.T) {
	src := `top = 1
[a]
b = 2
"quoted key" = 3
multi = """
x = not a key
"""
arr = [
  1,
  2,
]
after = true

[[option]]
id = "one"
[option.pricing]
price = 1

[[option]]
id = "two"
[option.pricing]
price = 2
[option.evidence]
"pricing.price" = "p"
`
	lines := indexLines(src)
	want := map[string]int{
		"top": 1, "a": 2, "a.b": 3, "a.quoted key": 4, "a.multi": 5, "a.arr": 8, "a.after": 12,
		"option[0]": 14, "option[0].id": 15, "option[0].pricing": 16, "option[0].pricing.price": 17,
		"option[1]": 19, "option[1].id": 20, "option[1].pricing.price": 22, "option[1].evidence.pricing.price": 24,
	}
	for k, v := range want {
		if lines[k] != v {
			t.Errorf("line of %q = %d, want %d", k, lines[k], v)
		}
	}
	if _, ok := lines["a.x"]; ok {
		t.Error("a line inside a multi-line string was indexed as a key")
	}
	d := &Doc{lines: lines}
	// A missing key points at its table.
	if got := d.Line("option[1].pricing.currency"); got != 21 {
		t.Errorf("fallback line = %d, want 21", got)
	}
}

func TestCheckKeysSuggests(t *testing.T) {
	d := &Doc{File: "f.toml", lines: map[string]int{"t.usres": 4}}
	d.CheckKeys(map[string]any{"usres": 1, "users": 2}, "t", []string{"users", "growth"})
	ps := d.Problems()
	if len(ps) != 1 || ps[0].Line != 4 || ps[0].Key != "t.usres" {
		t.Fatalf("problems %+v", ps)
	}
	if want := `f.toml:4: t.usres: unknown key; did you mean "users"? (allowed here: users, growth)`; ps[0].Error() != want {
		t.Errorf("got  %s\nwant %s", ps[0].Error(), want)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("a = 1\n[b]\nc = \"d\"\n[[e]]\nf = [1,\n2]\n"))
	f.Add([]byte("x = \"\"\"\nmulti\n\"\"\"\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Parse("f.toml", b)
		if err != nil {
			return
		}
		for k := range d.lines {
			if d.Line(k) < 1 {
				t.Fatalf("key %q has line %d", k, d.Line(k))
			}
		}
	})
}

// Tables created implicitly by a dotted key or a header have the line that
// created them, so "h: unknown key" for h.x = 0 has a line (found by
// FuzzLoaders).
func TestLineOfImplicitTables(t *testing.T) {
	lines := indexLines("x = 1\nh.a.b = 0\n[p.q]\nr = 1\n[h.c]\n")
	d := &Doc{lines: lines}
	for path, want := range map[string]int{"h": 2, "h.a": 2, "h.a.b": 2, "p": 3, "p.q": 3, "h.c": 5} {
		if got := d.Line(path); got != want {
			t.Errorf("Line(%q) = %d, want %d", path, got, want)
		}
	}
}

func TestFormatListCaps(t *testing.T) {
	many := func(n int) Problems {
		ps := make(Problems, n)
		for i := range ps {
			ps[i] = Problem{File: "f.toml", Line: i + 1, Key: fmt.Sprintf("k%d", i+1), Msg: "unknown key"}
		}
		return ps
	}
	for _, tc := range []struct {
		n         int
		lines     int // lines in the output
		last      string
		hasMore   bool
		firstLine string
	}{
		{1, 1, "f.toml:1: k1: unknown key", false, "f.toml:1: k1: unknown key"},
		{2, 3, "  f.toml:2: k2: unknown key", false, "2 problems:"},
		{MaxListed, MaxListed + 1, fmt.Sprintf("  f.toml:%d: k%d: unknown key", MaxListed, MaxListed), false, fmt.Sprintf("%d problems:", MaxListed)},
		{MaxListed + 1, MaxListed + 2, "  … and 1 more; fix the ones above (or check that this is the right file) and run again", true, fmt.Sprintf("%d problems:", MaxListed+1)},
		{60000, MaxListed + 2, fmt.Sprintf("  … and %d more; fix the ones above (or check that this is the right file) and run again", 60000-MaxListed), true, "60000 problems:"},
	} {
		out := many(tc.n).Error()
		lines := strings.Split(out, "\n")
		if len(lines) != tc.lines || lines[0] != tc.firstLine || lines[len(lines)-1] != tc.last {
			t.Errorf("%d problems: %d lines, first %q, last %q; want %d, %q, %q", tc.n, len(lines), lines[0], lines[len(lines)-1], tc.lines, tc.firstLine, tc.last)
		}
	}
}
