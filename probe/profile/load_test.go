package profile

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mailpick/mailpick/catalog/tomlfile"
	"github.com/mailpick/mailpick/probe"
)

// Every embedded profile loads, is sourced and dated, and maps each
// measurable requirement to check ids the registry has.
func TestEmbeddedProfiles(t *testing.T) {
	ps, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"gmail-all", "gmail-bulk", "jp-meti-2023-card", "jp-mic-2025-isp", "outlook-high-volume", "yahoo-all", "yahoo-bulk"}
	var got []string
	for _, p := range ps {
		got = append(got, p.ID)
		if !strings.HasPrefix(p.Source, "https://") || p.AsOf == "" || p.Title == "" || p.TitleJA == "" || p.Scope == "" {
			t.Errorf("%s: source %q as_of %q title %q/%q scope %q", p.ID, p.Source, p.AsOf, p.Title, p.TitleJA, p.Scope)
		}
		measurable := 0
		for _, r := range p.Requirements {
			if r.Text == "" || r.TextJA == "" {
				t.Errorf("%s/%s: text missing in a language", p.ID, r.ID)
			}
			if r.Measurable() {
				measurable++
			}
			for _, id := range r.Checks() {
				if _, ok := probe.LookupCheck(id); !ok {
					t.Errorf("%s/%s: check %q not in the registry", p.ID, r.ID, id)
				}
			}
		}
		if measurable == 0 {
			t.Errorf("%s: no requirement is measurable", p.ID)
		}
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("profiles %v, want %v", got, want)
	}
}

// A broken profile file reports every problem at once, each with its line
// and key.
func TestParseProblems(t *testing.T) {
	src := `id = "Bad Id"
title = "t"
publisher = "p"
source = "http://example.test"
as_of = "yesterday"
scope = "s"
scope_ja = "s"
colour = "red"

[[requirement]]
id = "a"
text = "x"
text_ja = "x"
all = ["spf.recrod"]
warn_meets = ["dkim.keys"]

[[requirement]]
id = "a"
text = "y"
text_ja = "y"
`
	_, err := Parse("bad.toml", []byte(src))
	var ps tomlfile.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("want Problems, got %v", err)
	}
	msg := err.Error()
	for _, want := range []string{
		`bad.toml:1: id: "Bad Id"`,
		"title_ja: missing",
		`bad.toml:4: source: "http://example.test"`,
		"bad.toml:5: as_of: must be a date",
		`bad.toml:8: colour: unknown key`,
		`bad.toml:14: requirement[0].all: "spf.recrod" is not a probe check id; did you mean "spf.record"?`,
		`requirement[0].warn_meets: "dkim.keys" is not among`,
		`requirement[1].id: "a" is used twice`,
		"requirement[1].measure: missing",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("problems lack %q:\n%s", want, msg)
		}
	}
}

func TestLoadFSDuplicateAndSelect(t *testing.T) {
	one := "id = \"x\"\ntitle = \"X\"\ntitle_ja = \"X\"\npublisher = \"P\"\nsource = \"https://example.test/\"\nas_of = 2025-01-01\nscope = \"s\"\nscope_ja = \"s\"\n[[requirement]]\nid = \"r\"\ntext = \"t\"\ntext_ja = \"t\"\nall = [\"mx.records\"]\n"
	fsys := fstest.MapFS{"p/a.toml": {Data: []byte(one)}, "p/b.toml": {Data: []byte(one)}}
	if _, err := LoadFS(fsys, "p"); err == nil || !strings.Contains(err.Error(), "p/b.toml: id: \"x\" is also the id of p/a.toml") {
		t.Errorf("duplicate ids: %v", err)
	}
	all, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Select(all, []string{"yahoo-bulk", "GMAIL-ALL", "yahoo-bulk"})
	if err != nil || len(got) != 2 || got[0].ID != "yahoo-bulk" || got[1].ID != "gmail-all" {
		t.Errorf("select: %v %v", got, err)
	}
	if got, _ := Select(all, []string{"all"}); len(got) != len(all) {
		t.Errorf("all: %d of %d", len(got), len(all))
	}
	_, err = Select(all, []string{"gmail"})
	if !errors.Is(err, ErrUnknown) || !strings.Contains(err.Error(), `did you mean "gmail-all"?`) || !strings.Contains(err.Error(), "mailpick probe profiles") {
		t.Errorf("unknown id: %v", err)
	}
}
