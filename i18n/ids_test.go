package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"declic/internal/prereq"

	"github.com/pelletier/go-toml/v2"
)

// codeIDs scans the module's Go sources (tests left out) and returns:
// called — ids passed as a literal to a T or N method, with where;
// literals — every string literal (ids kept in tables count as used);
// prefixes — literals joined to something else with + ("module.level." + level).
func codeIDs(t *testing.T, root string) (called map[string]string, literals, prefixes map[string]bool) {
	called, literals, prefixes = map[string]string{}, map[string]bool{}, map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "testdata", "vendor", "node_modules":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Logf("skipped %s: %v", path, err) // a file being written by someone else
			return nil
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.BasicLit:
				if x.Kind == token.STRING {
					if s, err := strconv.Unquote(x.Value); err == nil {
						literals[s] = true
					}
				}
			case *ast.BinaryExpr:
				if lit, ok := x.X.(*ast.BasicLit); ok && x.Op == token.ADD && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil {
						prefixes[s] = true
					}
				}
			case *ast.CallExpr:
				sel, ok := x.Fun.(*ast.SelectorExpr)
				if !ok || (sel.Sel.Name != "T" && sel.Sel.Name != "N") || len(x.Args) == 0 {
					return true
				}
				if lit, ok := x.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil && strings.Contains(s, ".") {
						called[s] = fset.Position(lit.Pos()).String()
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return called, literals, prefixes
}

// bundleIDs returns the ids of the French (reference) files, by area.
func bundleIDs(t *testing.T) map[string]string {
	ids := map[string]string{} // id → file
	files, _ := fs.Glob(locales, "locales/*.fr.toml")
	for _, name := range files {
		data, _ := locales.ReadFile(name)
		var messages map[string]any
		if err := toml.Unmarshal(data, &messages); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for id := range messages {
			ids[id] = name
		}
	}
	return ids
}

// nextDot returns the index of the next "." after i in s, or -1.
func nextDot(s string, i int) int {
	j := strings.Index(s[i+1:], ".")
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

// TestEveryMessageIDIsDefinedAndUsed fails on an id the code asks for that no
// French file defines, and on a French id no code uses (a literal, a table entry
// or a prefix joined with + all count as a use).
func TestEveryMessageIDIsDefinedAndUsed(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	prereq.File(t, filepath.Join(root, "go.mod"))
	called, literals, prefixes := codeIDs(t, root)
	ids := bundleIDs(t)
	var missing, unused []string
	for id, where := range called {
		if _, ok := ids[id]; !ok {
			missing = append(missing, where+": "+id)
		}
	}
	for id, file := range ids {
		if literals[id] {
			continue
		}
		used := false
		// An id built from two literals: T(kind + ".title") with kind = "learner.start.newer".
		for i := strings.Index(id, "."); i > 0; i = nextDot(id, i) {
			if literals[id[:i]] && literals[id[i:]] {
				used = true
				break
			}
		}
		for p := range prefixes {
			if p != "" && strings.HasSuffix(p, ".") && strings.HasPrefix(id, p) {
				used = true
				break
			}
		}
		// An id assembled from literal parts, each a literal of its own: the
		// command-line help asks for ID.command.summary with the program's
		// ID, each command's Name() and "summary" (internal/cli).
		if !used && strings.Count(id, ".") >= 2 {
			used = true
			for _, part := range strings.Split(id, ".") {
				used = used && literals[part]
			}
		}
		if !used {
			unused = append(unused, file+": "+id)
		}
	}
	sort.Strings(missing)
	sort.Strings(unused)
	if len(missing) > 0 {
		t.Errorf("%d ids used in code but missing from the French messages:\n  %s", len(missing), strings.Join(missing, "\n  "))
	}
	if len(unused) > 0 {
		t.Errorf("%d message ids no code uses:\n  %s", len(unused), strings.Join(unused, "\n  "))
	}
}
