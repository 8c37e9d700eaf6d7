package app

import (
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/courses"
	"declic/i18n"
	"declic/learner"
)

func TestTheOpeningScreenGivesWayToTheProfilesWhenTheDatabaseIsOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "learner.db")
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := a.NewWindow("")
	w.Resize(defaultWindowSize)
	u := buildUI(a, w, testOptions(t, uiOptions{Packs: []*courses.Pack{miniPack(t, quizLesson)}, Tr: i18n.New(language.French), databaseLater: path}))
	t.Cleanup(func() { u.Close() })
	if !shows(t, w, "Déclic") || u.Store() != nil || u.home.Visible() {
		t.Fatal("the first screen is the opening screen: Déclic's name, no store yet, no way home")
	}
	if shows(t, w, "Nouveau profil") || shows(t, w, "Premier module") {
		t.Fatal("neither the profiles nor the courses may show before the database is open")
	}
	u.openDatabaseInBackground(path)
	if !waitFor(func() bool { return shows(t, w, "Nouveau profil") }) {
		t.Fatal("the new-profile screen did not come")
	}
	if u.Store() == nil {
		t.Fatal("no learner store once the profile screen is shown")
	}
}

func TestADatabaseOpeningAfterTheWindowClosedIsClosedAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "learner.db")
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := a.NewWindow("")
	u := buildUI(a, w, testOptions(t, uiOptions{Packs: []*courses.Pack{miniPack(t, quizLesson)}, Tr: i18n.New(language.French), databaseLater: path}))
	if err := u.Close(); err != nil {
		t.Fatal(err)
	}
	opened := openLearnerStore(path)
	if opened.err != nil {
		t.Fatal(opened.err)
	}
	u.useStore(opened)
	if u.Store() != nil {
		t.Fatal("a closed window took the store")
	}
	// The store was closed: the file opens again (one writer at a time otherwise).
	again, err := learner.Open(path)
	if err != nil {
		t.Fatalf("the store left open by a closed window: %v", err)
	}
	again.Close()
}

func TestWorkAfterTheFirstFrameRunsOnce(t *testing.T) {
	cases := map[string]bool{"when the first frame is drawn": true, "when no frame comes in time": false}
	for name, drawn := range cases {
		t.Run(name, func(t *testing.T) {
			u, w, _ := newUI(t, []*courses.Pack{miniPack(t, quizLesson)}, language.French)
			calls := make(chan time.Time, 4)
			start := time.Now()
			u.afterFirstFrame(func() { calls <- time.Now() })
			if drawn {
				w.Canvas().Capture()
				w.Canvas().Capture()
			}
			select {
			case at := <-calls:
				if !drawn && at.Sub(start) < firstFrameWait {
					t.Fatalf("ran after %v, before any frame and before the time limit", at.Sub(start))
				}
			case <-time.After(firstFrameWait + 3*time.Second):
				t.Fatal("nothing ran")
			}
			select {
			case <-calls:
				t.Fatal("the work ran twice")
			case <-time.After(firstFrameWait + 500*time.Millisecond):
			}
		})
	}
}
