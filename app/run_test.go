package app

import (
	"errors"
	"testing"

	"golang.org/x/text/language"

	"declic/courses"
)

func TestParseFlags(t *testing.T) {
	f, err := parseFlags([]string{"--preview", "/tmp/mon-cours"})
	if err != nil || f.Preview != "/tmp/mon-cours" {
		t.Fatalf("preview: %+v %v", f, err)
	}
	f, err = parseFlags([]string{"--measure-startup"})
	if err != nil || !f.MeasureStartup || f.MeasureMemory {
		t.Fatalf("measure-startup: %+v %v", f, err)
	}
	if f, err = parseFlags([]string{"--measure-search"}); err != nil || !f.MeasureSearch || f.MeasureStartup {
		t.Fatalf("measure-search: %+v %v", f, err)
	}
	if f, err = parseFlags([]string{"--version"}); err != nil || !f.Version {
		t.Fatalf("version: %+v %v", f, err)
	}
	for _, bad := range [][]string{{"--nope"}, {"stray"}, {"--preview"}} {
		if _, err := parseFlags(bad); !errors.Is(err, ErrUsage) {
			t.Errorf("%v: want ErrUsage, got %v", bad, err)
		}
	}
}

func TestInstalledPacksArrivingLaterRefreshHomeButNeverInterruptALesson(t *testing.T) {
	first := miniPack(t, quizLesson)
	u, w, _ := newUI(t, []*courses.Pack{first}, language.French)
	first.Source = "embedded:test"
	second := miniPack(t, quizLesson)
	second.ID, second.Title, second.Source = "org.example.autre", "Un autre cours", "/packs/autre"

	u.OpenLesson(first, first.Modules[0], 0, 0)
	u.setInstalledPacks([]*courses.Pack{second})
	if u.Player() == nil || u.Player().StepTitle() != "Une question" {
		t.Fatal("a pack arriving must not pull the learner out of the lesson")
	}
	u.ShowHome()
	if !shows(t, w, "Un autre cours") {
		t.Fatal("the home screen does not show the installed pack")
	}
	third := miniPack(t, quizLesson)
	third.ID, third.Title, third.Source = "org.example.troisieme", "Un troisième cours", "/packs/3"
	u.setInstalledPacks([]*courses.Pack{third})
	if !shows(t, w, "Un troisième cours") || shows(t, w, "Un autre cours") {
		t.Error("the home screen was not refreshed with the new library")
	}
	if len(u.opts.Packs) != 2 || u.opts.Packs[0] != first {
		t.Errorf("the embedded pack must stay first: %d packs", len(u.opts.Packs))
	}
}
