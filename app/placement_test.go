package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/courses"
	"declic/learner"
	"declic/plugins/mouse/mouseview"
	"declic/plugins/view/viewtest"
)

// newLearnerOnStarter creates a profile that has not seen the questionnaire yet
// and opens it on the starter pack.
func newLearnerOnStarter(t *testing.T) (*storeUI, learner.Profile) {
	t.Helper()
	st, _ := openStore(t)
	p, err := st.CreateProfile(context.Background(), learner.NewProfile{FirstName: "Ana", Avatar: "chat"})
	if err != nil {
		t.Fatal(err)
	}
	s := newStoreUI(t, st, []*courses.Pack{loadStarter(t)}, language.French)
	if !shows(t, s.w, "Que savez-vous déjà faire ?") {
		t.Fatal("the first visit does not start with the questionnaire")
	}
	return s, p
}

func TestThePlacementQuestionnaireCompletesAndSuggestsAModule(t *testing.T) {
	s, p := newLearnerOnStarter(t)
	test.Tap(button(t, s.w, "Commencer le questionnaire"))
	if !shows(t, s.w, "Question 1 sur 10") {
		t.Fatal("no question counter")
	}
	test.Tap(button(t, s.w, "Oui")) // switch a computer on
	// A real target to click: the mouse activity's own widget.
	var target *mouseview.Target
	walk(t, s.w.Content(), func(o fyne.CanvasObject) {
		if x, ok := o.(*mouseview.Target); ok {
			target = x
		}
	})
	if target == nil {
		t.Fatal("the practical mouse question shows no target")
	}
	viewtest.Click(target, fyne.Delta{})
	if !shows(t, s.w, "Question 3 sur 10") {
		t.Fatal("clicking the real target did not answer the practical question")
	}
	test.Tap(button(t, s.w, "Oui"))                  // double-click
	test.Tap(button(t, s.w, "Je ne sais pas faire")) // typing: not yet
	// Practical quiz: the right answer counts as known.
	test.Tap(button(t, s.w, "Oui"))
	test.Tap(button(t, s.w, "Dans la barre d'adresse, en haut du navigateur"))
	test.Tap(button(t, s.w, "Vérifier"))
	if !shows(t, s.w, "Question 7 sur 10") {
		t.Fatal("the quiz answered right did not go on")
	}
	for range 4 {
		if shows(t, s.w, "Un message vous demande votre mot de passe.") {
			test.Tap(button(t, s.w, "Je ne sais pas faire"))
			continue
		}
		test.Tap(button(t, s.w, "Non"))
	}
	if !shows(t, s.w, "Merci ! Le questionnaire est fini.") || !shows(t, s.w, "Module 3 · Le clavier") {
		t.Fatal("the suggestion is not the first module not known yet (the keyboard)")
	}
	if !shows(t, s.w, "Vous savez déjà faire 5 choses sur 10.") {
		t.Error("the count of things known is wrong")
	}
	got, _ := s.store.Profile(context.Background(), p.ID)
	if got.Placement.State != learner.PlacementDone || got.Placement.ModuleID != "03-le-clavier" || got.Placement.PackID != "fr.declic.premiers-pas" {
		t.Fatalf("placement stored = %+v", got.Placement)
	}
	test.Tap(button(t, s.w, "Commencer : Le clavier"))
	if !shows(t, s.w, "Les leçons") {
		t.Fatal("the suggested module's page does not open")
	}
}

func TestThePlacementQuestionnaireCanBeSkippedAndRedone(t *testing.T) {
	s, p := newLearnerOnStarter(t)
	test.Tap(button(t, s.w, "Passer le questionnaire"))
	if !shows(t, s.w, "Que voulez-vous apprendre ?") {
		t.Fatal("skipping does not lead home")
	}
	got, _ := s.store.Profile(context.Background(), p.ID)
	if got.Placement.State != learner.PlacementSkipped {
		t.Fatalf("placement = %+v", got.Placement)
	}
	test.Tap(button(t, s.w, "Mon parcours"))
	test.Tap(button(t, s.w, "Refaire le questionnaire"))
	test.Tap(button(t, s.w, "Commencer le questionnaire"))
	test.Tap(button(t, s.w, "Non"))
	test.Tap(button(t, s.w, "Passer le questionnaire"))
	got, _ = s.store.Profile(context.Background(), p.ID)
	if got.Placement.State != learner.PlacementSkipped {
		t.Fatalf("skipping midway = %+v", got.Placement)
	}
}

func TestPlacementSuggestionFallsBackOnPacksWithoutTheModules(t *testing.T) {
	pack := miniPack(t, quizLesson)
	if m := placementSuggestion(pack, []bool{false}); m != pack.Modules[0] {
		t.Fatalf("suggestion on a pack without the starter modules = %v", m)
	}
	starter := loadStarter(t)
	all := make([]bool, len(placementQuestions))
	for i := range all {
		all[i] = true
	}
	if m := placementSuggestion(starter, all); m == nil || m.ID != placementAllKnown {
		t.Fatalf("knowing everything suggests %v", m)
	}
	for _, q := range placementQuestions {
		found := false
		for _, m := range starter.Modules {
			found = found || m.ID == q.module
		}
		if !found {
			t.Errorf("question %s points at %s, not in the starter pack", q.id, q.module)
		}
	}
}
