package plugins_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"

	"declic/i18n"
)

// messageSources are the folders whose parsers return catalogue messages to
// trainers: this package (the shared decoding), each activity kind (not their
// view packages, which speak to learners) and the words of pictures (svgtext).
var messageSources = []string{".", "quiz", "mouse", "keyboard", "form", "order", "spot", "site", "../svgtext"}

// messageID is the shape of the ids of trainers' messages.
var messageID = regexp.MustCompile(`^(plugins|courses)\.[a-z0-9_]+(\.[a-z0-9_]+)*$`)

// placeholder finds the {{.Name}} values a message's text needs.
var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// messageUse is a message id written in a parser's source, with where, and the
// names of the values given with it when it is the id of a NewError or i18n.M
// call (nil when the id stands alone, in a table).
type messageUse struct {
	where string
	names []string
}

// messageCodes scans the parsers' sources (tests left out) for message ids:
// every string literal shaped like one, and the name/value pairs passed with it
// to plugins.NewError and i18n.M.
func messageCodes(t *testing.T) map[string][]messageUse {
	t.Helper()
	codes := map[string][]messageUse{}
	fset := token.NewFileSet()
	for _, dir := range messageSources {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no Go files in %s (%v)", dir, err)
		}
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			called := map[*ast.BasicLit]bool{}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				idArg := -1
				switch fun := call.Fun.(type) {
				case *ast.SelectorExpr:
					switch fun.Sel.Name {
					case "NewError":
						idArg = 1
					case "M":
						idArg = 0
					}
				case *ast.Ident:
					if fun.Name == "NewError" {
						idArg = 1
					}
				}
				if idArg < 0 || len(call.Args) <= idArg {
					return true
				}
				lit, ok := call.Args[idArg].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				id, _ := strconv.Unquote(lit.Value)
				if !messageID.MatchString(id) {
					t.Errorf("%s: %q is not the id of a catalogue message", fset.Position(lit.Pos()), id)
					return true
				}
				names := []string{}
				for i := idArg + 1; i < len(call.Args); i += 2 {
					if name, ok := call.Args[i].(*ast.BasicLit); ok && name.Kind == token.STRING {
						s, _ := strconv.Unquote(name.Value)
						names = append(names, s)
					}
				}
				codes[id] = append(codes[id], messageUse{where: fset.Position(lit.Pos()).String(), names: names})
				called[lit] = true
				return true
			})
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING || called[lit] {
					return true
				}
				if id, err := strconv.Unquote(lit.Value); err == nil && messageID.MatchString(id) {
					codes[id] = append(codes[id], messageUse{where: fset.Position(lit.Pos()).String()})
				}
				return true
			})
		}
	}
	return codes
}

// Every code a parser can return — an activity kind's, the shared decoding's,
// or the words of a picture's — has its French and its English text, with the
// same placeholders, and every value a message needs is given where it is made.
func TestEveryParserMessageHasFrenchAndEnglishText(t *testing.T) {
	codes := messageCodes(t)
	// The scan must see the parsers, not an empty folder: a few codes of
	// different sources stand for the others.
	for _, id := range []string{"plugins.quiz.no_right_choice", "plugins.site.go_unknown", "plugins.keyboard.unknown_key",
		"plugins.toml.unclosed_quote", "plugins.image.web", "courses.activity_unknown_key", "courses.svg_text_attribute", "courses.svg_cut"} {
		if len(codes[id]) == 0 {
			t.Errorf("the scan of %v did not find %s", messageSources, id)
		}
	}
	if len(codes) < 100 {
		t.Errorf("the scan found %d message ids, fewer than the parsers hold", len(codes))
	}
	french, english := catalogue(t, "fr"), catalogue(t, "en")
	ids := make([]string, 0, len(codes))
	for id := range codes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		where := codes[id][0].where
		if !i18n.Has(language.French, id) || !i18n.Has(language.English, id) {
			t.Errorf("%s: %s lacks its French or its English text", where, id)
			continue
		}
		fr, en := french[id], english[id]
		want := placeholders(fr)
		if got := placeholders(en); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: the English text has the values %v, the French one %v", id, got, want)
		}
		if strings.HasPrefix(id, "plugins.") && fr == en {
			t.Errorf("%s: the English text is the French one: %q", id, en)
		}
		for _, use := range codes[id] {
			if use.names == nil {
				continue
			}
			for _, name := range want {
				if !contains(use.names, name) {
					t.Errorf("%s: %s needs {{.%s}}, which is not given (%v)", use.where, id, name, use.names)
				}
			}
		}
	}
}

// Each activity problem reads as a sentence in both languages once its values
// are filled: no placeholder left, no template error.
func TestEveryParserMessageReadsWithItsValues(t *testing.T) {
	french := catalogue(t, "fr")
	for id, uses := range messageCodes(t) {
		if !strings.HasPrefix(id, "plugins.") {
			continue
		}
		pairs := []any{}
		for _, name := range placeholders(french[id]) {
			pairs = append(pairs, name, "«"+name+"»")
		}
		for _, tag := range []language.Tag{language.French, language.English} {
			text := i18n.New(tag).Message(i18n.M(id, pairs...))
			if text == id || strings.Contains(text, "<no value>") || strings.Contains(text, "{{") {
				t.Errorf("%s: %s in %v reads %q", uses[0].where, id, tag, text)
			}
			for i := 1; i < len(pairs); i += 2 {
				if !strings.Contains(text, pairs[i].(string)) {
					t.Errorf("%s in %v does not show %s: %q", id, tag, pairs[i], text)
				}
			}
		}
	}
}

// No parser writes its own sentence: the text of every problem comes from the
// catalogue (the shared decoder keeps only the TOML reader's words it could not
// name, inside a catalogue message).
func TestParsersWriteNoSentenceOfTheirOwn(t *testing.T) {
	fset := token.NewFileSet()
	for _, dir := range messageSources {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				pkg, ok := sel.X.(*ast.Ident)
				if ok && (pkg.Name == "fmt" && (sel.Sel.Name == "Errorf" || sel.Sel.Name == "Sprintf") ||
					pkg.Name == "errors" && sel.Sel.Name == "New") && len(call.Args) > 0 {
					if lit, ok := call.Args[0].(*ast.BasicLit); ok && strings.Count(lit.Value, " ") >= 4 {
						t.Errorf("%s: a sentence written in code: %s", fset.Position(call.Pos()), lit.Value)
					}
				}
				return true
			})
		}
	}
}

// catalogue reads the texts of one language from the message files as they
// are written, placeholders included: id → text ("other" for a message with a
// description).
func catalogue(t *testing.T, lang string) map[string]string {
	t.Helper()
	files, _ := filepath.Glob("../i18n/locales/*." + lang + ".toml")
	if len(files) == 0 {
		t.Fatalf("no message files for %s", lang)
	}
	out := map[string]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var messages map[string]any
		if err := toml.Unmarshal(data, &messages); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for id, v := range messages {
			switch v := v.(type) {
			case string:
				out[id] = v
			case map[string]any:
				out[id], _ = v["other"].(string)
			}
		}
	}
	return out
}

func placeholders(text string) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	sort.Strings(out)
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
