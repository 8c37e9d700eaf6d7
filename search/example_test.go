package search_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"declic/courses"
	"declic/search"
)

// A screen's use of the package: open, sync in the background, wait until
// ready, search as the learner types, show results by module. The step whose
// title holds the word comes first.
func Example() {
	dir, _ := os.MkdirTemp("", "search-example-*")
	defer os.RemoveAll(dir)

	idx, err := search.Open(dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer idx.Close()
	// The app runs Sync in the background; the screen says "préparation…" until
	// State() is Ready.
	if err := idx.Sync(context.Background(), []*courses.Pack{examplePack()}); err != nil {
		fmt.Println(err)
		return
	}

	res, err := idx.Search(context.Background(), "sourie", "fr", 10)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, g := range res.Groups() {
		fmt.Printf("%s (%s)\n", g.ModuleTitle, g.Level)
		for _, r := range g.Results {
			var sb strings.Builder
			for _, f := range r.Snippet {
				if f.Highlight {
					sb.WriteString("[" + f.Text + "]")
				} else {
					sb.WriteString(f.Text)
				}
			}
			// PackID, ModuleID, LessonID and StepIndex open the exact step.
			fmt.Printf("  %s › %s (%s/%s/%d): %s\n", r.LessonTitle, r.StepTitle, r.ModuleID, r.LessonID, r.StepIndex, sb.String())
		}
	}
	// Output:
	// La souris (débutant)
	//   Tenir la souris › Voici la souris (02-la-souris/01-tenir-la-souris/0): La [souris] sert à montrer et à choisir.
	//   Tenir la souris › Cliquer (02-la-souris/01-tenir-la-souris/1): Appuyez une fois sur le bouton gauche de la [souris].
}

func examplePack() *courses.Pack {
	para := func(s string) []courses.Block {
		return []courses.Block{courses.Paragraph{Inlines: []courses.Inline{{Text: s}}}}
	}
	return &courses.Pack{
		ID: "fr.example.souris", Version: "1.0.0", Title: "Exemple", Language: "fr",
		Modules: []*courses.Module{{
			ID: "02-la-souris", Title: "La souris", Level: courses.Beginner, Order: 2,
			Lessons: []*courses.Lesson{{
				ID: "01-tenir-la-souris", Title: "Tenir la souris",
				Steps: []*courses.Step{
					{Title: "Voici la souris", Blocks: para("La souris sert à montrer et à choisir.")},
					{Title: "Cliquer", Blocks: para("Appuyez une fois sur le bouton gauche de la souris.")},
				},
			}},
		}},
	}
}
