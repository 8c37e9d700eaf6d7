package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/courses"
	"declic/i18n"
)

// finishFirstModule answers the mini pack's final quiz right and ends the module.
func finishFirstModule(t *testing.T, s *storeUI, pack *courses.Pack) {
	t.Helper()
	s.u.OpenLesson(pack, pack.Modules[0], 0, 0)
	test.Tap(button(t, s.w, "Le bouton gauche"))
	test.Tap(button(t, s.w, "Vérifier"))
	test.Tap(button(t, s.w, "Suivant"))
	test.Tap(button(t, s.w, "Terminer la leçon"))
}

func TestParcoursShowsACompletedModuleAsDoneWithItsCompetencyLevel(t *testing.T) {
	st, _ := openStore(t)
	addProfile(t, st, "Ana", "chat")
	pack := miniPack(t, quizLesson)
	s := newStoreUI(t, st, []*courses.Pack{pack}, language.French)
	finishFirstModule(t, s, pack)
	s.clock.Advance(20 * time.Minute)
	test.Tap(button(t, s.w, "Accueil"))
	if !shows(t, s.w, "Fini") {
		t.Fatal("the home card of a finished module shows no « Fini » mark")
	}
	test.Tap(button(t, s.w, "Mon parcours"))
	for _, want := range []string{"1 module fini", "1 module à faire", "Fini", "À faire",
		"5.2 · Construire un environnement numérique", "Niveau 1 sur 3", "Ce que je peux faire ensuite"} {
		if !shows(t, s.w, want) {
			t.Errorf("Mon parcours does not show %q", want)
		}
	}
	test.Tap(button(t, s.w, "Pourquoi ?"))
	if !shows(t, s.w, "Premier module — réussi") || !shows(t, s.w, "Quiz final : 100 %") {
		t.Fatal("the evidence behind the level is not shown")
	}
	test.Tap(button(t, s.w, "Retour"))
	test.Tap(button(t, s.w, "Commencer : Second module"))
	if !shows(t, s.w, "Pour continuer.") {
		t.Fatal("the next-step button does not open the next module")
	}
}

func TestParcoursResumesAtTheLastScreenSeen(t *testing.T) {
	st, _ := openStore(t)
	addProfile(t, st, "Ana", "chat")
	pack := miniPack(t, quizLesson)
	s := newStoreUI(t, st, []*courses.Pack{pack}, language.French)
	s.u.OpenLesson(pack, pack.Modules[0], 0, 0)
	test.Tap(button(t, s.w, "Passer"))
	test.Tap(button(t, s.w, "Mon parcours"))
	if !shows(t, s.w, "1 module en cours") {
		t.Error("the module begun is not in progress")
	}
	test.Tap(button(t, s.w, "Continuer : Premier module"))
	if s.u.Player() == nil || s.u.Player().StepTitle() != "Fin" {
		t.Fatal("Continuer does not open the last screen seen")
	}
}

func TestActiveTimeIsWrittenInHoursAndMinutes(t *testing.T) {
	u := &ui{tr: i18n.New(language.French)}
	cases := map[time.Duration]string{
		30 * time.Second:            "Pas encore de temps d'apprentissage",
		time.Minute:                 "1 minute d'apprentissage",
		45 * time.Minute:            "45 minutes d'apprentissage",
		2*time.Hour + 5*time.Minute: "2 h 05 d'apprentissage",
		time.Hour + 59*time.Minute + 59*time.Second: "1 h 59 d'apprentissage",
	}
	for d, want := range cases {
		if got := u.activeLabel(d); got != want {
			t.Errorf("activeLabel(%v) = %q, want %q", d, got, want)
		}
	}
}
