package catalog

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"time"

	"github.com/mailpick/mailpick/catalog/tomlfile"
	"github.com/mailpick/mailpick/data"
)

// Embedded returns the catalog compiled into the binary, sorted by id.
func Embedded() ([]*Option, error) {
	return parseFS(data.FS, "catalog")
}

func parseFS(fsys fs.FS, dir string) ([]*Option, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var all []*Option
	var probs tomlfile.Problems
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".toml" {
			continue
		}
		p := path.Join(dir, e.Name())
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		opts, err := Parse("data/"+p, b)
		var ps tomlfile.Problems
		if errors.As(err, &ps) {
			probs = append(probs, ps...)
			continue
		} else if err != nil {
			return nil, err
		}
		all = append(all, opts...)
	}
	if len(probs) > 0 {
		return nil, probs
	}
	merged, err := Merge(nil, all)
	if err != nil {
		return nil, err
	}
	return merged, nil
}

// Merge returns base with overrides applied: an override whose id exists in
// base replaces it; new ids are added. Within overrides an id must be unique
// across files, since which one wins would otherwise be an accident of order.
func Merge(base, overrides []*Option) ([]*Option, error) {
	byID := make(map[string]*Option, len(base)+len(overrides))
	for _, o := range base {
		byID[o.ID] = o
	}
	seen := map[string]string{}
	var probs tomlfile.Problems
	for _, o := range overrides {
		if prev, dup := seen[o.ID]; dup {
			probs = append(probs, tomlfile.Problem{File: o.Origin, Key: "id", Msg: "id " + o.ID + " is also defined in " + prev + "; keep one"})
			continue
		}
		seen[o.ID] = o.Origin
		byID[o.ID] = o
	}
	if len(probs) > 0 {
		return nil, probs
	}
	out := make([]*Option, 0, len(byID))
	for _, o := range byID {
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Newest returns the most recent as_of date in opts: the catalog's date.
func Newest(opts []*Option) time.Time {
	var t time.Time
	for _, o := range opts {
		if o.AsOf.After(t) {
			t = o.AsOf
		}
	}
	return t
}

// Find returns the option with id, or nil.
func Find(opts []*Option, id string) *Option {
	for _, o := range opts {
		if o.ID == id {
			return o
		}
	}
	return nil
}
