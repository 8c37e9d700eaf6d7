package view_test

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
)

// fyneControls are Fyne's focusable widgets that Déclic replaces with its own
// (PushButton, Check, Entry, Select): theirs draw no focus outline, and Entrée
// does not press them.
var fyneControls = map[string]string{
	"NewButton":             "view.NewPushButton",
	"NewButtonWithIcon":     "view.NewPushButton",
	"NewCheck":              "view.NewCheck",
	"NewEntry":              "view.NewEntry",
	"NewPasswordEntry":      "view.NewPasswordEntry",
	"NewMultiLineEntry":     "view.NewMultiLineEntry",
	"NewSelect":             "view.NewSelect",
	"NewSelectEntry":        "view.NewSelect",
	"NewRadioGroup":         "view.PushButton with Role = view.RoleChoice",
	"NewHyperlink":          "a view.PushButton, or a link that embeds view.Outline",
	"NewCheckGroup":         "view.NewCheck",
	"NewList":               "rows that embed view.Outline",
	"NewSlider":             "view.PushButton choices",
	"NewEntryWithData":      "view.NewEntry",
	"NewCheckWithData":      "view.NewCheck",
	"NewSelectWithData":     "view.NewSelect",
	"NewButtonWithData":     "view.NewPushButton",
	"NewHyperlinkWithStyle": "a view.PushButton",
}

// TestEveryScreenUsesTheOutlinedControls reads the app's and the activities'
// sources and fails on a Fyne control built directly, and on a custom focusable
// widget whose FocusGained does not show the shared outline (Outline.Gained, or
// a view control's own FocusGained): one focus outline, everywhere.
func TestEveryScreenUsesTheOutlinedControls(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	var problems []string
	fset := token.NewFileSet()
	scanned := 0
	for _, dir := range []string{"app", "plugins"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			rel, _ := filepath.Rel(root, path)
			if strings.HasPrefix(rel, filepath.Join("plugins", "view")+string(filepath.Separator)) &&
				!strings.Contains(rel, "viewtest") {
				return nil // the controls themselves
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			scanned++
			problems = append(problems, fyneControlCalls(fset, rel, f)...)
			problems = append(problems, focusWithoutOutline(fset, rel, f)...)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if scanned < 20 {
		t.Fatalf("only %d source files read: the walk is wrong", scanned)
	}
	sort.Strings(problems)
	if len(problems) > 0 {
		t.Errorf("%d controls would show no focus outline or ignore Entrée:\n  %s", len(problems), strings.Join(problems, "\n  "))
	}
}

// fyneControlCalls lists the calls of widget.NewButton and the like in f.
func fyneControlCalls(fset *token.FileSet, rel string, f *ast.File) []string {
	widgetName := ""
	for _, imp := range f.Imports {
		if imp.Path.Value == `"fyne.io/fyne/v2/widget"` {
			widgetName = "widget"
			if imp.Name != nil {
				widgetName = imp.Name.Name
			}
		}
	}
	if widgetName == "" {
		return nil
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == widgetName {
			if use, bad := fyneControls[sel.Sel.Name]; bad {
				pos := fset.Position(call.Pos())
				out = append(out, rel+":"+itoa(pos.Line)+": widget."+sel.Sel.Name+": use "+use)
			}
		}
		return true
	})
	return out
}

// focusWithoutOutline lists the FocusGained methods of f that do not call a
// Gained (view.Outline's) or another FocusGained (a view control's).
func focusWithoutOutline(fset *token.FileSet, rel string, f *ast.File) []string {
	var out []string
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Recv == nil || fn.Name.Name != "FocusGained" || fn.Body == nil {
			continue
		}
		shows := false
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Gained" || sel.Sel.Name == "FocusGained") {
				shows = true
			}
			return true
		})
		if !shows {
			pos := fset.Position(fn.Pos())
			out = append(out, rel+":"+itoa(pos.Line)+": FocusGained draws its own focus mark: embed view.Outline and call Gained")
		}
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestTheSourceCheckFindsAFyneButtonAndAFocusMarkOfItsOwn checks the checker on
// a file written the old way.
func TestTheSourceCheckFindsAFyneButtonAndAFocusMarkOfItsOwn(t *testing.T) {
	const src = `package p

import w "fyne.io/fyne/v2/widget"

type part struct{ frame *canvas.Rectangle }

func (p *part) FocusGained() { p.frame.StrokeWidth = 4 }

func build() { _ = w.NewButton("OK", nil); _ = w.NewLabel("texte") }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "old.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	calls, marks := fyneControlCalls(fset, "old.go", f), focusWithoutOutline(fset, "old.go", f)
	if len(calls) != 1 || !strings.Contains(calls[0], "old.go:9: widget.NewButton") {
		t.Errorf("Fyne controls found: %q, want the button on line 9 only", calls)
	}
	if len(marks) != 1 || !strings.Contains(marks[0], "old.go:7:") {
		t.Errorf("focus marks found: %q, want the one on line 7", marks)
	}
}
