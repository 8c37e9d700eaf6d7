package app

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"

	"declic/courses"
	"declic/courses/starter"
	"declic/i18n"
	"declic/plugins"
	"declic/plugins/view"
	_ "declic/plugins/views"
)

func TestMain(m *testing.M) {
	if os.Getenv("DECLIC_STARTUP_PROBE") == "1" {
		// Child process of TestStartUpWithCUTF8SelectsFrenchWithoutAnError: start
		// like the app does and print the languages chosen.
		a := test.NewApp()
		tr := i18n.New(i18n.Detect())
		buildUI(a, a.NewWindow(""), uiOptions{Tr: tr})
		fmt.Println("declic-language:", tr.Language())
		fmt.Println("toolkit-language:", lang.SystemLocale())
		os.Exit(0)
	}
	// The tests count the wait screen down themselves (TickUnlockWait, with their
	// clock): the real ticker's goroutine would change the screen while a test reads
	// it (a data race under the test driver, where fyne.Do runs on the caller).
	waitTicker = 24 * time.Hour
	os.Exit(m.Run())
}

// walk visits every object of a tree of containers and widgets.
func walk(t *testing.T, obj fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	if obj == nil {
		return
	}
	visit(obj)
	switch o := obj.(type) {
	case *fyne.Container:
		for _, c := range o.Objects {
			walk(t, c, visit)
		}
	case *container.Scroll:
		walk(t, o.Content, visit)
	case fyne.Widget:
		r := test.TempWidgetRenderer(t, o)
		for _, c := range r.Objects() {
			walk(t, c, visit)
		}
	}
}

// button finds the visible button whose text is label.
func button(t *testing.T, w fyne.Window, label string) *view.PushButton {
	t.Helper()
	var found *view.PushButton
	walk(t, w.Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*view.PushButton); ok && b.Text == label && b.Visible() {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no visible button %q on screen", label)
	}
	return found
}

// shows reports whether some label or rich text on screen contains text.
func shows(t *testing.T, w fyne.Window, text string) bool {
	t.Helper()
	seen := false
	walk(t, w.Content(), func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			seen = seen || (x.Visible() && strings.Contains(x.Text, text))
		case *widget.RichText:
			seen = seen || strings.Contains(segmentsText(x.Segments), text)
		}
	})
	return seen
}

// segmentsText flattens rich text, list items included.
func segmentsText(segs []widget.RichTextSegment) string {
	var sb strings.Builder
	for _, seg := range segs {
		switch s := seg.(type) {
		case *widget.TextSegment:
			sb.WriteString(s.Text)
		case *widget.ListSegment:
			sb.WriteString(segmentsText(s.Items))
		case *widget.ParagraphSegment:
			sb.WriteString(segmentsText(s.Texts))
		}
		sb.WriteString(" ")
	}
	return sb.String()
}

func newUI(t *testing.T, packs []*courses.Pack, lang language.Tag) (*ui, fyne.Window, *memoryEvents) {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := a.NewWindow("")
	w.Resize(defaultWindowSize)
	events := &memoryEvents{}
	clock := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	u := buildUI(a, w, testOptions(t, uiOptions{Packs: packs, Tr: i18n.New(lang), Events: events, Now: func() time.Time {
		clock = clock.Add(time.Second)
		return clock
	}}))
	return u, w, events
}

func loadStarter(t *testing.T) *courses.Pack {
	t.Helper()
	pack, problems, err := courses.Load(starter.FS(), starter.Source)
	if err != nil {
		t.Fatal(err)
	}
	if problems.HasErrors() {
		t.Fatalf("starter pack has errors, first: %s", problems[0])
	}
	return pack
}

// card finds the module card (a button under its text) whose title is title.
func card(t *testing.T, w fyne.Window, title string) *view.PushButton {
	t.Helper()
	var found *view.PushButton
	walk(t, w.Content(), func(o fyne.CanvasObject) {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) != 2 {
			return
		}
		b, ok := c.Objects[0].(*view.PushButton)
		if !ok || b.Text != "" {
			return
		}
		walk(t, c.Objects[1], func(x fyne.CanvasObject) {
			if l, ok := x.(*widget.Label); ok && l.Text == title {
				found = b
			}
		})
	})
	if found == nil {
		t.Fatalf("no module card titled %q", title)
	}
	return found
}

func TestStarterFirstModuleSuivantShowsTheNextStep(t *testing.T) {
	pack := loadStarter(t)
	u, w, events := newUI(t, []*courses.Pack{pack}, language.French)
	first := pack.Modules[0]
	test.Tap(card(t, w, first.Title))
	if !shows(t, w, first.Summary) {
		t.Fatalf("the module page does not show the summary %q", first.Summary)
	}
	test.Tap(button(t, w, "Commencer"))
	lesson := first.Lessons[0]
	if len(lesson.Steps) < 2 {
		t.Fatalf("the first lesson needs 2 screens for this test, has %d", len(lesson.Steps))
	}
	if got := u.Player().StepTitle(); got != lesson.Steps[0].Title {
		t.Fatalf("first screen title = %q, want %q", got, lesson.Steps[0].Title)
	}
	if !u.Player().CanGoNext() {
		t.Fatal("the first screen of the first lesson should not hold an exercise")
	}
	test.Tap(button(t, w, "Suivant"))
	if got, want := u.Player().StepTitle(), lesson.Steps[1].Title; got != want {
		t.Fatalf("after Suivant the title is %q, want %q", got, want)
	}
	if !shows(t, w, lesson.Steps[1].Title) {
		t.Errorf("the second screen's title %q is not on screen", lesson.Steps[1].Title)
	}
	wantCount := "Étape 2 sur " + itoa(len(lesson.Steps))
	if got := u.Player().StepCountText(); got != wantCount {
		t.Errorf("step counter = %q, want %q", got, wantCount)
	}
	if len(events.Views) != 2 || events.Views[1].Step != 1 || events.Views[1].ModuleID != first.ID {
		t.Errorf("step views recorded = %+v", events.Views)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// miniPack is a two-module pack written in Markdown, loaded by the real parser.
func miniPack(t *testing.T, lessonBody string) *courses.Pack {
	t.Helper()
	fsys := fstest.MapFS{
		"pack.toml": {Data: []byte(`id = "org.example.mini"
version = "1.0.0"
title = "Petit cours"
language = "fr"
authors = ["Test"]
licence = "CC0-1.0"
description = "Un cours pour les tests."
min_app_version = "0.1.0"
`)},
		"modules/01-un/module.toml": {Data: []byte(`title = "Premier module"
summary = "Pour essayer."
level = "débutant"
competencies = ["5.2"]
hours = 0.5
order = 1
goals = ["Essayer un exercice."]
`)},
		"modules/01-un/01-lecon.md": {Data: []byte(lessonBody)},
		"modules/02-deux/module.toml": {Data: []byte(`title = "Second module"
summary = "Pour continuer."
level = "débutant"
competencies = ["5.2"]
hours = 0.5
order = 2
`)},
		"modules/02-deux/01-lecon.md": {Data: []byte("+++\ntitle = \"Suite\"\n+++\n\n## Bonjour\n\nUn texte.\n")},
	}
	pack, problems, err := courses.Load(fsys, "test")
	if err != nil {
		t.Fatal(err)
	}
	if problems.HasErrors() {
		t.Fatalf("mini pack: %v", problems)
	}
	return pack
}

const quizLesson = `+++
title = "Essayer"
final = true
+++

## Une question

` + "```quiz" + `
question = "Avec quel bouton faites-vous un clic ?"
[[choices]]
text = "Le bouton gauche"
correct = true
[[choices]]
text = "La molette"
` + "```" + `

## Fin

> À retenir : le bouton gauche sert à cliquer.
`

func TestAnActivityHoldsSuivantUntilTheLearnerSkipsIt(t *testing.T) {
	pack := miniPack(t, quizLesson)
	u, w, events := newUI(t, []*courses.Pack{pack}, language.French)
	u.OpenLesson(pack, pack.Modules[0], 0, 0)
	if u.Player().CanGoNext() {
		t.Fatal("Suivant must wait while the quiz is not done")
	}
	if !shows(t, w, "Passer") && !shows(t, w, "Faites l'exercice") {
		t.Error("the learner is not told how to go on")
	}
	test.Tap(button(t, w, "Passer"))
	if got := u.Player().StepTitle(); got != "Fin" {
		t.Fatalf("after Passer the screen is %q, want %q", got, "Fin")
	}
	if len(events.Attempts) != 1 || !events.Attempts[0].Skipped || events.Attempts[0].Kind != "quiz" {
		t.Fatalf("the skip was not recorded: %+v", events.Attempts)
	}
	if !shows(t, w, "À retenir") {
		t.Error("the block quote is not shown as an « À retenir » box")
	}
	test.Tap(button(t, w, "Terminer la leçon"))
	if !shows(t, w, "Bravo, vous avez fini le module !") {
		t.Fatal("the module end screen is not shown")
	}
	if !shows(t, w, "Vous pouvez refaire la dernière leçon") {
		t.Error("a skipped final quiz must not count as mastered")
	}
	if len(events.Completions) != 1 || events.Completions[0].Result.Mastered {
		t.Fatalf("completion = %+v", events.Completions)
	}
	test.Tap(button(t, w, "Module suivant : Second module"))
	if !shows(t, w, "Pour continuer.") {
		t.Error("the next module's page is not shown")
	}
}

func TestAnActivityTheAppCannotShowGetsAFriendlyCardAndNeverBlocks(t *testing.T) {
	_, known := plugins.Lookup("dessin")
	if known {
		t.Fatal("test assumes no kind named dessin")
	}
	tests := []struct {
		name     string
		lang     language.Tag
		activity courses.Activity
		want     []string // on screen, whole or in part
		notWant  string
	}{
		{"a kind this build cannot show is named, in French", language.French,
			courses.Activity{Kind: "dessin", Line: 7},
			[]string{"Cet exercice ne peut pas s'afficher.", "Pour la personne qui a écrit le cours : cette version de Déclic ne sait pas afficher les activités « dessin »."}, "unknown"},
		{"a kind this build cannot show is named, in English", language.English,
			courses.Activity{Kind: "dessin", Line: 7},
			[]string{"This exercise cannot be shown.", "For the course author: this version of Déclic cannot show « dessin » activities."}, "afficher"},
		{"the parser's problem is said in the learner's language", language.English,
			courses.Activity{Kind: "quiz", Line: 7, Err: plugins.NewError(plugins.Position{File: "modules/m/01.md", Line: 8}, "plugins.quiz.no_question")},
			[]string{"This exercise cannot be shown.", "For the course author: modules/m/01.md:8: the question is missing."}, "question manque"},
		{"a problem of the course reader is said in the learner's language", language.English,
			courses.Activity{Kind: "dessin", Line: 7, Err: i18n.NewError(nil, nil, "courses.activity_unknown_kind", "Kind", "dessin", "Kinds", "quiz")},
			[]string{"For the course author: The activity kind « dessin » does not exist."}, "n'existe pas"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pack := miniPack(t, "+++\ntitle = \"L\"\n+++\n\n## Texte\n\nBonjour.\n")
			// A block this app cannot show, as a newer or broken pack could hold.
			step := pack.Modules[0].Lessons[0].Steps[0]
			step.Blocks = append(step.Blocks, tt.activity)
			u, w, events := newUI(t, []*courses.Pack{pack}, tt.lang)
			u.OpenLesson(pack, pack.Modules[0], 0, 0)
			for _, want := range tt.want {
				if !shows(t, w, want) {
					t.Errorf("%q is not on screen", want)
				}
			}
			if shows(t, w, tt.notWant) {
				t.Errorf("%q is on screen: words of another language", tt.notWant)
			}
			if !u.Player().CanGoNext() {
				t.Fatal("an activity the app cannot show must not block the learner")
			}
			if len(events.Attempts) != 0 {
				t.Errorf("nothing was attempted: %+v", events.Attempts)
			}
		})
	}
}

func TestLessonScreensShowEveryKindOfBlock(t *testing.T) {
	pack := miniPack(t, "+++\ntitle = \"Blocs\"\n+++\n\n## Tout\n\nUn **mot** en *italique* et la touche `Entrée`.\n\n- premier point\n- second point\n\n1. un\n2. deux\n\n### Sous-titre\n\n> À retenir : une idée.\n")
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	u.OpenLesson(pack, pack.Modules[0], 0, 0)
	for _, want := range []string{"mot", "italique", "[Entrée]", "premier point", "deux", "Sous-titre", "Une idée", "À retenir"} {
		if !shows(t, w, want) {
			t.Errorf("%q is not on screen", want)
		}
	}
}

func TestEnglishInterfaceOnAFrenchPack(t *testing.T) {
	pack := miniPack(t, quizLesson)
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.English)
	if !shows(t, w, "Hello! What would you like to learn?") {
		t.Error("home greeting not in English")
	}
	u.OpenLesson(pack, pack.Modules[0], 0, 0)
	button(t, w, "Skip")
	if got := u.Player().StepCountText(); got != "Step 1 of 2" {
		t.Errorf("counter = %q", got)
	}
}

// TestStartUpWithCUTF8SelectsFrenchWithoutAnError starts a fresh process (package
// initialisation included) with the Debian container default LANG=C.UTF-8.
func TestStartUpWithCUTF8SelectsFrenchWithoutAnError(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	env := []string{"DECLIC_STARTUP_PROBE=1", "LANG=C.UTF-8"}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "DECLIC_LANG":
		default:
			env = append(env, kv)
		}
	}
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("start-up probe failed: %v\n%s", err, out)
	}
	text := string(out)
	if !strings.Contains(text, "declic-language: fr\n") || !strings.Contains(text, "toolkit-language: fr") {
		t.Errorf("French was not chosen:\n%s", text)
	}
	if strings.Contains(text, "rror") {
		t.Errorf("start-up logged an error:\n%s", text)
	}
}

func TestCardSummaryKeepsTheFirstSentenceAndCutsAtAWord(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Allumer et éteindre l'ordinateur. Découvrir le bureau et les fenêtres.", "Allumer et éteindre l'ordinateur."},
		{"Court.", "Court."},
		{"Tenir la souris, cliquer, double-cliquer, faire un clic droit, glisser-déposer et utiliser la molette.",
			"Tenir la souris, cliquer, double-cliquer, faire un clic droit…"},
	}
	for _, c := range cases {
		if got := cardSummary(c.in); got != c.want {
			t.Errorf("cardSummary(%q) = %q, want %q", c.in, got, c.want)
		}
		if n := len([]rune(cardSummary(c.in))); n > cardSummaryMax+1 {
			t.Errorf("summary of %d characters is too long for a card", n)
		}
	}
}

func TestRememberBoxDoesNotRepeatItsHeading(t *testing.T) {
	cases := []struct{ in, want string }{
		{"À retenir : la souris glisse sur la table.", "La souris glisse sur la table."},
		{"À retenir: un clic, c'est appuyer une fois.", "Un clic, c'est appuyer une fois."},
		{"Une idée sans étiquette.", "Une idée sans étiquette."},
	}
	for _, c := range cases {
		blocks := []courses.Block{courses.Paragraph{Inlines: []courses.Inline{{Text: c.in}}}}
		got := withoutRememberLabel(blocks, "À retenir")
		if text := got[0].(courses.Paragraph).Inlines[0].Text; text != c.want {
			t.Errorf("%q → %q, want %q", c.in, text, c.want)
		}
	}
}

func TestHoursUseTheLanguagesDecimalSign(t *testing.T) {
	for _, c := range []struct {
		lang language.Tag
		want string
	}{{language.French, "1,5 h"}, {language.English, "1.5 h"}, {language.Ukrainian, "1,5"}} {
		u := &ui{tr: i18n.New(c.lang)}
		if got := u.hoursLabel(1.5); !strings.Contains(got, c.want) {
			t.Errorf("%v: hoursLabel(1.5) = %q, want %q in it", c.lang, got, c.want)
		}
	}
}
