package plugins_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"declic/i18n"
	"declic/plugins"
	_ "declic/plugins/builtin"
)

// docPages are the trainers' reference on activities: French first, then English.
var docPages = []string{"../docs/activities.md", "../docs/activities.en.md"}

// TestEveryDocExampleParses reads docs/activities.md, the trainers' reference (and
// its English version), and parses every ```kind block with the registered kind: an
// example that drifts from the code fails here.
func TestEveryDocExampleParses(t *testing.T) {
	for _, page := range docPages {
		t.Run(page, func(t *testing.T) { everyDocExampleParses(t, page) })
	}
}

func everyDocExampleParses(t *testing.T, page string) {
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	seen := map[string]int{}
	for i := 0; i < len(lines); i++ {
		info := strings.TrimSpace(strings.TrimPrefix(lines[i], "```"))
		if !strings.HasPrefix(lines[i], "```") || info == "" {
			continue
		}
		start := i + 1
		end := start
		for end < len(lines) && !strings.HasPrefix(lines[end], "```") {
			end++
		}
		i = end
		kind, ok := plugins.Lookup(info)
		if !ok {
			continue // a Go or shell example
		}
		body := []byte(strings.Join(lines[start:end], "\n"))
		at := plugins.Position{File: page, Line: start + 1}
		act, err := kind.Parse(body, at)
		if err != nil {
			t.Errorf("example at %s: %v", at, err)
			continue
		}
		if act.Kind() != info {
			t.Errorf("example at %s parsed as kind %q", at, act.Kind())
		}
		seen[info]++
	}
	for _, k := range []string{"quiz", "mouse", "keyboard", "form", "order", "spot", "site"} {
		if seen[k] == 0 {
			t.Errorf("%s has no %s example", page, k)
		}
	}
}

// TestBuiltinRegistersTheSevenKinds is what the CLI relies on.
func TestBuiltinRegistersTheSevenKinds(t *testing.T) {
	if got := strings.Join(plugins.Kinds(), ","); got != "form,keyboard,mouse,order,quiz,site,spot" {
		t.Errorf("Kinds() = %q", got)
	}
}

// BenchmarkParseDocExamples parses every documented example once per iteration:
// the cost of validating activities when a pack is loaded.
func BenchmarkParseDocExamples(b *testing.B) {
	data, err := os.ReadFile("../docs/activities.md")
	if err != nil {
		b.Fatal(err)
	}
	type example struct {
		kind plugins.Kind
		body []byte
	}
	var examples []example
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "```") {
			continue
		}
		info := strings.TrimPrefix(lines[i], "```")
		end := i + 1
		for end < len(lines) && !strings.HasPrefix(lines[end], "```") {
			end++
		}
		if k, ok := plugins.Lookup(info); ok {
			examples = append(examples, example{k, []byte(strings.Join(lines[i+1:end], "\n"))})
		}
		i = end
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range examples {
			if _, err := e.kind.Parse(e.body, plugins.Position{File: "d.md", Line: 1}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(examples)), "examples/op")
}

// TestTheDocsQuoteTheRealMessages checks that the messages the reference quotes
// are the ones validate prints, in each page's language, so that a change of
// wording shows here.
func TestTheDocsQuoteTheRealMessages(t *testing.T) {
	quiz, _ := plugins.Lookup("quiz")
	site, _ := plugins.Lookup("site")
	at := plugins.Position{File: "l.md", Line: 1}
	_, typo := quiz.Parse([]byte("question = \"Q\"\n[[choices]]\ntext = \"a\"\ncorect = true\n"), at)
	_, label := site.Parse([]byte("goal = \"g\"\n[[pages]]\nid = \"a\"\ngoal = true\n[[pages.items]]\ntype = \"button\"\ntext = \"x\"\nlabel = \"y\"\ngo = \"a\"\n"), at)
	var typoErr, labelErr *plugins.Error
	if !errors.As(typo, &typoErr) || !errors.As(label, &labelErr) {
		t.Fatalf("the examples parse: %v, %v", typo, label)
	}
	for i, page := range docPages {
		tr := i18n.New([]language.Tag{language.French, language.English}[i])
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		doc := strings.Join(strings.Fields(string(data)), " ")
		for _, m := range []i18n.Message{i18n.M("courses.activity_error", "Kind", "quiz", "Text", typoErr.Message), labelErr.Message} {
			if text := tr.Message(m); !strings.Contains(doc, text) {
				t.Errorf("%s does not quote %q", page, text)
			}
		}
	}
}
