package scoring

import (
	"errors"
	"io/fs"
	"math"
	"strings"
	"testing"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/catalog/tomlfile"
	"github.com/mailpick/mailpick/data"
)

// FuzzLoaders feeds arbitrary bytes through both loaders people hand
// files to, the requirements and the catalog, and then through an
// evaluation when a file loads. Run it under a memory limit (README
// "Limits"): a parse that needs gigabytes is a crash too.
//
// Properties: no panic; every problem is for people (no Go type names, no
// raw escapes, no "a bug" from a number without a range); a problem about
// a key the file has carries a line; a loaded tree nests at most about
// tomlfile.MaxDepth levels; and an evaluation either fails or has no cost
// that is NaN, infinite, negative or above MaxCost.
func FuzzLoaders(f *testing.F) {
	for _, dir := range []string{"examples", "catalog"} {
		entries, err := fs.ReadDir(data.FS, dir)
		if err != nil {
			f.Fatal(err)
		}
		for _, e := range entries {
			b, err := data.FS.ReadFile(dir + "/" + e.Name())
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Add([]byte(Template("en")))
	f.Add([]byte("x = " + strings.Repeat("{a=", 40) + "1" + strings.Repeat("}", 40)))
	f.Add([]byte(strings.Repeat("a.", 40) + "a = 1"))
	f.Add([]byte("x = [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]\n"))
	f.Add([]byte("horizon_years = 17\n[accounts]\nusers = 300\ngrowth_per_year = 10.0\n"))
	f.Add([]byte("horizon_years = 20\n[accounts]\nusers = 10000000\ngrowth_per_year = 0.9\n[fx]\nUSD = 1e6\nEUR = 1e6\n"))
	f.Add([]byte("[accounts]\nusers = 1979-05-27T07:32:00\n[[storage]]\nper_user_gb = 1\n"))
	f.Add([]byte("[accounts]\nusers = 5\n# \x83\x81\x81[\x83\x8b\n"))
	f.Add([]byte("[[option]]\nas_of = 07:32:00\n[option.pricing]\nper_user_month = -0.0\n"))

	embedded, err := catalog.Embedded()
	if err != nil {
		f.Fatal(err)
	}
	assume, err := DefaultAssumptions()
	if err != nil {
		f.Fatal(err)
	}
	fixedReq, err := ParseRequirements("req.toml", []byte("[accounts]\nusers = 50\ngrowth_per_year = 0.1\n[fx]\nUSD = 150\nEUR = 160\n"))
	if err != nil {
		f.Fatal(err)
	}

	f.Fuzz(func(t *testing.T, b []byte) {
		checkTree(t, b)
		r, err := ParseRequirements("req.toml", b)
		checkProblems(t, b, err)
		if err == nil {
			ev, err := Evaluate(r, embedded, assume, Options{NoSensitivity: true})
			checkEvaluation(t, ev, err)
		}
		opts, err := catalog.Parse("cat.toml", b)
		checkProblems(t, b, err)
		if err == nil && len(opts) > 0 {
			ev, err := Evaluate(fixedReq, opts, assume, Options{NoSensitivity: true})
			checkEvaluation(t, ev, err)
		}
	})
}

// checkTree: what the TOML library accepts nests no deeper than the
// pre-scan allows. The pre-scan counts an array of tables named in a
// later header ([a.b] under [[a]]) as one level, the tree as two, so the
// tree may be up to twice as deep.
func checkTree(t *testing.T, b []byte) {
	doc, err := tomlfile.Parse("x.toml", b)
	if err != nil {
		return
	}
	if d := depth(doc.Tree); d > 2*tomlfile.MaxDepth+1 {
		t.Fatalf("tree of depth %d passed the pre-scan (limit %d)", d, tomlfile.MaxDepth)
	}
}

func depth(v any) int {
	d := 0
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			d = max(d, depth(e))
		}
	case []map[string]any:
		for _, e := range x {
			d = max(d, depth(e))
		}
	case []any:
		for _, e := range x {
			d = max(d, depth(e))
		}
	default:
		return 0
	}
	return d + 1
}

var notForPeople = []string{"time.Time", "%!", `\x00`, "map[", "interface {}", "[]any", "a bug"}

func checkProblems(t *testing.T, b []byte, err error) {
	if err == nil {
		return
	}
	var ps tomlfile.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error is not a list of problems: %v", err)
	}
	for _, p := range ps {
		msg := p.Error()
		for _, bad := range notForPeople {
			if strings.Contains(p.Msg, bad) {
				t.Fatalf("message has %q: %s", bad, msg)
			}
		}
		if p.Line == 0 && p.Key != "" && present(b, p.Key) {
			t.Fatalf("no line for a key the file has: %s", msg)
		}
	}
}

// present reports whether the top-level key of key is in the file.
func present(b []byte, key string) bool {
	doc, err := tomlfile.Parse("x.toml", b)
	if err != nil {
		return false
	}
	top, _, _ := strings.Cut(key, ".")
	top, _, _ = strings.Cut(top, "[")
	_, ok := doc.Tree[top]
	return ok
}

func checkEvaluation(t *testing.T, ev *Evaluation, err error) {
	if err != nil {
		return
	}
	for _, res := range ev.Results {
		tc := res.TCO
		vals := []float64{tc.Initial, tc.Total, tc.PerUserMonth}
		for _, y := range tc.Years {
			vals = append(vals, y.Cost)
		}
		for _, l := range tc.Lines {
			vals = append(vals, l.Initial)
			vals = append(vals, l.Yearly...)
		}
		for _, v := range vals {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || math.Signbit(v) || v > MaxCost {
				t.Fatalf("%s: cost %v reached the evaluation", res.ID, v)
			}
		}
		for _, p := range []*float64{res.TCOToWin, res.PriceToWinMonthly} {
			if p != nil && (math.IsNaN(*p) || math.IsInf(*p, 0) || *p < 0) {
				t.Fatalf("%s: price to win %v reached the evaluation", res.ID, *p)
			}
		}
		if math.IsNaN(res.Score) || math.IsInf(res.Score, 0) {
			t.Fatalf("%s: score %v", res.ID, res.Score)
		}
	}
}
