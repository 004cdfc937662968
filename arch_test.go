package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The layout's rules (issue 9), checked so that they stay true.

// sources parses every Go file of the module that is not a test.
func sources(t *testing.T) (*token.FileSet, map[string]*ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	files := make(map[string]*ast.File)
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		files[p] = f
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fset, files
}

// TestFunctionSize: no function outside tests is longer than 80 lines,
// unless its doc comment says why ("longer than 80 lines because").
func TestFunctionSize(t *testing.T) {
	fset, files := sources(t)
	for p, f := range files {
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			n := fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1
			if n > 80 && !strings.Contains(fd.Doc.Text(), "longer than 80 lines because") {
				t.Errorf("%s: %s is %d lines long; split it, or say why in its doc comment", p, fd.Name.Name, n)
			}
		}
	}
}

// TestOneExit: in jmlog, main() is the only caller of os.Exit. (The
// benchmark tools under bench/ are programs of their own.)
func TestOneExit(t *testing.T) {
	_, files := sources(t)
	for p, f := range files {
		if strings.HasPrefix(p, "bench/") {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			fd, ok := n.(*ast.FuncDecl)
			if ok && p == "main.go" && fd.Name.Name == "main" {
				return false
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Exit" {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == "os" {
					t.Errorf("%s: os.Exit outside main()", p)
				}
			}
			return true
		})
	}
}

// TestFilterDeps: the searcher depends only on codes, parse and parse's
// subpackages (logcat fields and log times of the lines with codes), and
// its importers do not pull in the inputs' and reports' libraries.
func TestFilterDeps(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "./filter").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, banned := range []string{"prometheus", "protobuf", "fsnotify", "nxadm/tail", "klauspost"} {
			if strings.Contains(dep, banned) {
				t.Errorf("filter depends on %s", dep)
			}
		}
		if strings.HasPrefix(dep, "github.com/jmlog/jmlog/") && dep != "github.com/jmlog/jmlog/filter" &&
			dep != "github.com/jmlog/jmlog/codes" && dep != "github.com/jmlog/jmlog/parse" &&
			!strings.HasPrefix(dep, "github.com/jmlog/jmlog/parse/") {
			t.Errorf("filter depends on %s; it may import only codes, parse and parse/...", dep)
		}
	}
}
