// Command funclen lists the non-test functions longer than a limit whose
// doc comment does not say why they must be long ("long because …"), and
// exits 1 if there are any. make lint runs it over the module.
//
//	go run ./scripts/funclen [-max 80] [dir ...]
package main

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	max := flag.Int("max", 80, "longest function, in lines, that needs no reason")
	all := flag.Bool("all", false, "list every long function, with or without a reason")
	flag.Parse()
	dirs := flag.Args()
	if len(dirs) == 0 {
		dirs = []string{"."}
	}
	var found []finding
	for _, d := range dirs {
		fs, err := scan(d, *max)
		if err != nil {
			fmt.Fprintln(os.Stderr, "funclen:", err)
			os.Exit(2)
		}
		found = append(found, fs...)
	}
	sort.Slice(found, func(i, j int) bool { return found[i].lines > found[j].lines })
	bad := 0
	for _, f := range found {
		if !f.reason {
			bad++
		}
		if !f.reason || *all {
			mark := ""
			if f.reason {
				mark = " (says why)"
			}
			fmt.Printf("%s: %s is %d lines%s\n", f.pos, f.name, f.lines, mark)
		}
	}
	if bad > 0 {
		fmt.Printf("%d function(s) over %d lines without a doc comment saying \"long because …\"\n", bad, *max)
		os.Exit(1)
	}
}

type finding struct {
	pos    string
	name   string
	lines  int
	reason bool
}

// scan parses every non-test Go file under dir (skipping testdata and
// hidden directories) and returns its functions longer than max lines.
func scan(dir string, max int) ([]finding, error) {
	var out []finding
	fset := token.NewFileSet()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != dir && (name == "testdata" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			start, end := fset.Position(fn.Pos()), fset.Position(fn.End())
			n := end.Line - start.Line + 1
			if n <= max {
				continue
			}
			name := fn.Name.Name
			if fn.Recv != nil && len(fn.Recv.List) > 0 {
				name = recvName(fn.Recv.List[0].Type) + "." + name
			}
			out = append(out, finding{pos: fmt.Sprintf("%s:%d", path, start.Line), name: name, lines: n,
				reason: fn.Doc != nil && strings.Contains(strings.ToLower(fn.Doc.Text()), "long because")})
		}
		return nil
	})
	return out, err
}

func recvName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return recvName(t.X)
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr:
		return recvName(t.X)
	}
	return "?"
}
