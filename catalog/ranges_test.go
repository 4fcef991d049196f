package catalog

import (
	"errors"
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mailpick/mailpick/catalog/tomlfile"
	"github.com/mailpick/mailpick/data"
)

// outOfRange replaces every number given as a key's whole value in a TOML
// text with v and returns the text and how many it replaced. Tests use it
// to prove that every numeric key of a shipped file has a range.
func outOfRange(src, v string) (string, int) {
	lines := strings.Split(src, "\n")
	n := 0
	for i, l := range lines {
		key, val, ok := strings.Cut(l, "=")
		if !ok || strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		val, _, _ = strings.Cut(val, "#")
		if _, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(val), "_", ""), 64); err != nil {
			continue
		}
		lines[i] = key + "= " + v
		n++
	}
	return strings.Join(lines, "\n"), n
}

// Every number of the shipped catalog has a row in Ranges: set to 1e300,
// each one is reported with its range, none as "no documented range". A
// new numeric key without a row fails here once a shipped option uses it.
func TestEveryCatalogNumberHasRange(t *testing.T) {
	entries, err := fs.ReadDir(data.FS, "catalog")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := data.FS.ReadFile("catalog/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		src, n := outOfRange(string(b), "1e300")
		if n == 0 {
			t.Fatalf("%s: no numbers replaced", e.Name())
		}
		_, err = Parse(e.Name(), []byte(src))
		var ps tomlfile.Problems
		if !errors.As(err, &ps) {
			t.Fatalf("%s: err = %v", e.Name(), err)
		}
		ranged := 0
		for _, p := range ps {
			switch {
			case strings.Contains(p.Msg, "(got 1e+300)") && strings.Contains(p.Msg, "must be "):
				ranged++
			case strings.Contains(p.Msg, "documented range"):
				t.Errorf("%s", p)
			}
		}
		if ranged != n {
			t.Errorf("%s: %d numbers set to 1e300, %d reported out of range:\n%v", e.Name(), n, ranged, ps)
		}
	}
}

func TestAsOf(t *testing.T) {
	now := time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		asOf string
		want string // "" = no as_of problem
	}{
		{"2026-11-26", ""},
		{"2026-11-27", ""}, // a day ahead: a catalog written east of the clock
		{"2026-11-28", "x.toml:5: option[0].as_of: 2026-11-28 is in the future; give the date the facts were read (today is 2026-11-26)"},
		{"2999-01-01", "x.toml:5: option[0].as_of: 2999-01-01 is in the future"},
		{"07:32:00", "x.toml:5: option[0].as_of: must be a date like 2025-01-31, not a time of day"},
		{"2025-01-01T07:32:00Z", ""},
	}
	for _, tt := range tests {
		src := "[[option]]\nid = \"x-mail\"\nname = \"X\"\nvendor = \"X\"\nas_of = " + tt.asOf + "\n"
		_, err := ParseAt("x.toml", []byte(src), now)
		var ps tomlfile.Problems
		if !errors.As(err, &ps) {
			t.Fatalf("%s: %v", tt.asOf, err)
		}
		var got string
		for _, p := range ps {
			if strings.HasSuffix(p.Key, "as_of") {
				got = p.Error()
			}
		}
		if (tt.want == "") != (got == "") || !strings.HasPrefix(got, tt.want) {
			t.Errorf("as_of = %s: got %q, want %q", tt.asOf, got, tt.want)
		}
	}
	// A source's read date is a date the facts were read too.
	src := "[[option]]\nid = \"x-mail\"\nas_of = 2026-11-01\nsources = [{url = \"https://x.example/\", kind = \"vendor\", read = 2999-01-01}]\n"
	_, err := ParseAt("x.toml", []byte(src), now)
	if err == nil || !strings.Contains(err.Error(), "x.toml:4: option[0].sources[0].read: 2999-01-01 is in the future") {
		t.Errorf("future read date: %v", err)
	}
	// The embedded catalog is not checked against a clock: a machine set to
	// 2020 must still load it.
	b, _ := data.FS.ReadFile("catalog/self-hosted.toml")
	if _, err := Parse("self-hosted.toml", b); err != nil {
		t.Fatal(err)
	}
	if _, err := ParseAt("self-hosted.toml", b, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)); err == nil {
		t.Error("ParseAt with a clock in 2020 accepted dates after it")
	}
}
