package search

import (
	"context"
	"errors"
	"strings"
	"testing"

	"declic/courses"
	"declic/courses/starter"
	_ "declic/plugins/builtin" // activity kinds, so activities are parsed and their texts indexed
)

// stepSpec is a step of a hand-made test pack: its title and its text.
type stepSpec struct{ title, text string }

// handPack builds a one-module, one-lesson pack in memory, for tests that need
// packs of their own (versions, languages) rather than the starter pack.
func handPack(id, version, lang, moduleTitle string, steps ...stepSpec) *courses.Pack {
	les := &courses.Lesson{ID: "01-lecon", File: "modules/01-module/01-lecon.md", Title: moduleTitle + " : la leçon"}
	for i, s := range steps {
		les.Steps = append(les.Steps, &courses.Step{
			Title: s.title,
			Line:  5 + 4*i,
			Blocks: []courses.Block{
				courses.Paragraph{Inlines: []courses.Inline{{Text: s.text}}},
			},
		})
	}
	return &courses.Pack{
		ID: id, Version: version, Title: "Pack " + id, Language: lang, Source: "test:" + id,
		Modules: []*courses.Module{{
			ID: "01-module", Dir: "modules/01-module", Title: moduleTitle,
			Level: courses.Beginner, Order: 1, Lessons: []*courses.Lesson{les},
		}},
	}
}

// loadStarter loads the embedded starter pack, failing the test if it does not load.
func loadStarter(tb testing.TB) *courses.Pack {
	tb.Helper()
	p, problems, err := courses.Load(starter.FS(), starter.Source)
	if err != nil {
		tb.Fatalf("loading the starter pack: %v", err)
	}
	if p == nil || len(p.Modules) == 0 {
		tb.Fatalf("the starter pack has no modules (%d problems)", len(problems))
	}
	return p
}

// loadEnglish loads the small English pack in testdata.
func loadEnglish(tb testing.TB) *courses.Pack {
	tb.Helper()
	p, problems, err := courses.LoadPath("testdata/en-pack")
	if err != nil {
		tb.Fatalf("loading testdata/en-pack: %v", err)
	}
	if problems.HasErrors() {
		tb.Fatalf("testdata/en-pack has problems: %v", problems)
	}
	return p
}

// openSynced opens a new index in a temporary folder and syncs packs into it.
func openSynced(tb testing.TB, packs ...*courses.Pack) *Index {
	tb.Helper()
	idx, err := Open(tb.TempDir())
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { idx.Close() })
	if err := idx.Sync(context.Background(), packs); err != nil {
		tb.Fatalf("Sync: %v", err)
	}
	return idx
}

// search runs a query and fails the test on error.
func search(tb testing.TB, idx *Index, q, lang string) Results {
	tb.Helper()
	res, err := idx.Search(context.Background(), q, lang, 10)
	if err != nil {
		tb.Fatalf("Search(%q, %q): %v", q, lang, err)
	}
	return res
}

// describe lists hits for failure messages.
func describe(res Results) string {
	var sb strings.Builder
	for i, h := range res.Hits {
		sb.WriteString("\n  ")
		sb.WriteString(strings.Join([]string{h.ModuleID, h.LessonID, h.StepTitle}, " / "))
		sb.WriteString(" | ")
		sb.WriteString(marked(h.Snippet))
		if i == 5 {
			break
		}
	}
	return sb.String()
}

// marked renders a snippet with [brackets] around highlighted runs.
func marked(fs []Fragment) string {
	var sb strings.Builder
	for _, f := range fs {
		if f.Highlight {
			sb.WriteString("[" + f.Text + "]")
		} else {
			sb.WriteString(f.Text)
		}
	}
	return sb.String()
}

// stepTitles returns the step titles of the hits.
func stepTitles(res Results) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.StepTitle)
	}
	return out
}

func isNotReady(err error) bool { return errors.Is(err, ErrNotReady) }
