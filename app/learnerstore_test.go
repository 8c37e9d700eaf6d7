package app

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"
	_ "modernc.org/sqlite"

	"declic/courses"
	"declic/i18n"
	"declic/internal/prereq"
	"declic/learner"
	"declic/plugins/view"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time          { return c.t }
func (c *fakeClock) Advance(d time.Duration) { c.t = c.t.Add(d) }

// storeUI is a UI on a real learner store in a temporary folder.
type storeUI struct {
	u     *ui
	w     fyne.Window
	store *learner.Store
	clock *fakeClock
	dir   string
}

// openStore opens a fresh learner database in a temporary folder.
func openStore(t *testing.T) (*learner.Store, string) {
	t.Helper()
	dir := t.TempDir()
	st, err := learner.Open(filepath.Join(dir, "learner.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, dir
}

// addProfile creates a profile in the store, placement already answered so it
// opens on the home screen.
func addProfile(t *testing.T, st *learner.Store, name, avatar string) learner.Profile {
	t.Helper()
	ctx := context.Background()
	p, err := st.CreateProfile(ctx, learner.NewProfile{FirstName: name, Avatar: avatar})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetPlacement(ctx, p.ID, learner.Placement{State: learner.PlacementSkipped, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	p, err = st.Profile(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// newStoreUI starts the interface on st, the way Run does, with a hand-moved clock.
func newStoreUI(t *testing.T, st *learner.Store, packs []*courses.Pack, lang language.Tag) *storeUI {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := a.NewWindow("")
	w.Resize(defaultWindowSize)
	clock := &fakeClock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	dir := t.TempDir()
	u := buildUI(a, w, testOptions(t, uiOptions{Packs: packs, Tr: i18n.New(lang), Store: st, Now: clock.Now, ExportDir: dir, SpanInterval: time.Hour}))
	t.Cleanup(func() { u.Close() })
	return &storeUI{u: u, w: w, store: st, clock: clock, dir: dir}
}

// tile finds the picture tile (a button under a picture and its caption) whose
// caption is caption.
func tile(t *testing.T, w fyne.Window, caption string) *view.PushButton {
	t.Helper()
	var found *view.PushButton
	walk(t, w.Content(), func(o fyne.CanvasObject) {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) < 2 {
			return
		}
		b, ok := c.Objects[0].(*view.PushButton)
		if !ok || b.Text != "" {
			return
		}
		walk(t, c.Objects[1], func(x fyne.CanvasObject) {
			if l, ok := x.(*widget.Label); ok && l.Text == caption {
				found = b
			}
		})
	})
	if found == nil {
		t.Fatalf("no picture tile %q on screen", caption)
	}
	return found
}

func TestALessonStepViewedIsInTheStoreAfterFlush(t *testing.T) {
	st, _ := openStore(t)
	ana := addProfile(t, st, "Ana", "chat")
	pack := miniPack(t, quizLesson)
	s := newStoreUI(t, st, []*courses.Pack{pack}, language.French)
	if s.u.Profile() == nil || s.u.Profile().ID != ana.ID {
		t.Fatal("the only profile, unprotected, should open directly")
	}
	s.u.OpenLesson(pack, pack.Modules[1], 0, 0)
	if err := s.u.Flush(); err != nil {
		t.Fatal(err)
	}
	sum, err := st.Summary(context.Background(), ana.ID, learner.ModulesOf(pack), learner.SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m := sum.Modules[1]
	if m.StepsSeen != 1 || m.State != learner.InProgress || m.ResumeLesson != "01-lecon" {
		t.Fatalf("module after one step viewed = %+v", m)
	}
}

func TestAnAttemptAndACompletionReachTheStoreWithTheModulesCompetencies(t *testing.T) {
	st, _ := openStore(t)
	ana := addProfile(t, st, "Ana", "chat")
	pack := miniPack(t, quizLesson)
	s := newStoreUI(t, st, []*courses.Pack{pack}, language.French)
	s.u.OpenLesson(pack, pack.Modules[0], 0, 0)
	test.Tap(button(t, s.w, "Le bouton gauche"))
	test.Tap(button(t, s.w, "Vérifier"))
	test.Tap(button(t, s.w, "Suivant"))
	test.Tap(button(t, s.w, "Terminer la leçon"))
	if err := s.u.Flush(); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := st.Export(context.Background(), ana.ID, &out); err != nil {
		t.Fatal(err)
	}
	var exp learner.Export
	if err := json.Unmarshal([]byte(out.String()), &exp); err != nil {
		t.Fatal(err)
	}
	if len(exp.Attempts) != 1 || exp.Attempts[0].Kind != "quiz" || !exp.Attempts[0].Passed || exp.Attempts[0].Score != 1 {
		t.Fatalf("attempts = %+v", exp.Attempts)
	}
	if len(exp.Completions) != 1 {
		t.Fatalf("completions = %+v", exp.Completions)
	}
	c := exp.Completions[0]
	if !c.Mastered || c.ModuleTitle != "Premier module" || len(c.Competencies) != 1 || c.Competencies[0] != "5.2" || c.Hours != 0.5 || c.Level != "débutant" {
		t.Fatalf("completion = %+v", c)
	}
}

func TestActiveTimeFollowsActionsAndFocusWithAFakeClock(t *testing.T) {
	st, _ := openStore(t)
	ana := addProfile(t, st, "Ana", "chat")
	pack := miniPack(t, quizLesson)
	s := newStoreUI(t, st, []*courses.Pack{pack}, language.French)
	// Opening the profile was an action at 10:00:00. A mouse move over the
	// window 10 s later is another.
	s.clock.Advance(10 * time.Second)
	test.MoveMouse(s.w.Canvas(), fyne.NewPos(640, 700))
	// 5 s later the window loses the focus: 15 s counted, in a span outside modules.
	s.clock.Advance(5 * time.Second)
	s.u.focusChanged(false)
	// Idle without focus for 10 minutes: nothing counts. Focus comes back, then
	// the learner opens a lesson (an action) and stays 3 minutes without acting:
	// 2 minutes count (IdleLimit), in the module's span.
	s.clock.Advance(10 * time.Minute)
	s.u.focusChanged(true)
	s.u.OpenLesson(pack, pack.Modules[1], 0, 0)
	s.clock.Advance(3 * time.Minute)
	s.u.ShowHome() // leaving the module closes its span
	if err := s.u.Flush(); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := st.Export(context.Background(), ana.ID, &out); err != nil {
		t.Fatal(err)
	}
	var exp learner.Export
	if err := json.Unmarshal([]byte(out.String()), &exp); err != nil {
		t.Fatal(err)
	}
	if exp.ActiveMs != (15*time.Second + 2*time.Minute).Milliseconds() {
		t.Fatalf("active time = %d ms, want 135000; spans %+v", exp.ActiveMs, exp.ActiveSpans)
	}
	var inModule, outside int64
	for _, sp := range exp.ActiveSpans {
		if sp.ModuleID == pack.Modules[1].ID {
			inModule += sp.ActiveMs
		} else if sp.ModuleID == "" {
			outside += sp.ActiveMs
		}
	}
	if inModule != (2*time.Minute).Milliseconds() || outside != (15*time.Second).Milliseconds() {
		t.Fatalf("in module %d ms, outside %d ms; spans %+v", inModule, outside, exp.ActiveSpans)
	}
}

func TestKeyPressesCountAsActivity(t *testing.T) {
	st, _ := openStore(t)
	ana := addProfile(t, st, "Ana", "chat")
	s := newStoreUI(t, st, []*courses.Pack{miniPack(t, quizLesson)}, language.French)
	s.clock.Advance(90 * time.Second)
	s.u.touch() // stands for the key hook, which the test canvas does not call
	s.clock.Advance(90 * time.Second)
	s.u.touch()
	s.clock.Advance(time.Second)
	if err := s.u.Close(); err != nil {
		t.Fatal(err)
	}
	sum, err := st.Summary(context.Background(), ana.ID, nil, learner.SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Active != 181*time.Second {
		t.Fatalf("active = %v, want 3m1s (each gap under 2 minutes counts, and the last second)", sum.Active)
	}
}

func TestACorruptedDatabaseAtStartIsPutAsideWithAKindMessage(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "learner.db")
	if err := os.WriteFile(path, []byte(strings.Repeat("pas une base de données ", 400)), 0o644); err != nil {
		t.Fatal(err)
	}
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := a.NewWindow("")
	w.Resize(defaultWindowSize)
	u := buildUI(a, w, testOptions(t, uiOptions{Packs: []*courses.Pack{miniPack(t, quizLesson)}, Tr: i18n.New(language.French), Database: path}))
	t.Cleanup(func() { u.Close() })
	for _, want := range []string{"Votre fichier de suivi était abîmé.", "Vos cours sont toujours là.", "learner.db.damaged-"} {
		if !shows(t, w, want) {
			t.Errorf("%q is not on screen", want)
		}
	}
	aside, _ := filepath.Glob(filepath.Join(dir, "learner.db.damaged-*"))
	if len(aside) != 1 {
		t.Fatalf("damaged file kept aside: %v", aside)
	}
	if !shows(t, w, aside[0]) {
		t.Errorf("the path %s is not shown", aside[0])
	}
	test.Tap(button(t, w, "Continuer"))
	if !shows(t, w, "Nouveau profil") {
		t.Fatal("after the message, a fresh store starts with a new profile")
	}
	if u.Store() == nil {
		t.Fatal("no store after recovery")
	}
}

func TestAReadOnlyDataFolderIsExplainedAndTheAppStillWorks(t *testing.T) {
	dir := t.TempDir()
	if os.Geteuid() == 0 {
		if err := exec.Command("chattr", "+i", dir).Run(); err != nil {
			prereq.Missing(t, "root without chattr +i: cannot make a read-only folder (%v)", err)
		}
		t.Cleanup(func() { exec.Command("chattr", "-i", dir).Run() })
	} else {
		os.Chmod(dir, 0o555)
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
	}
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := a.NewWindow("")
	w.Resize(defaultWindowSize)
	events := &memoryEvents{}
	pack := miniPack(t, quizLesson)
	u := buildUI(a, w, testOptions(t, uiOptions{Packs: []*courses.Pack{pack}, Tr: i18n.New(language.French), Database: filepath.Join(dir, "learner.db"), Events: events}))
	t.Cleanup(func() { u.Close() })
	for _, want := range []string{"Déclic ne peut pas enregistrer vos progrès.", "vos progrès ne seront pas gardés", dir} {
		if !shows(t, w, want) {
			t.Errorf("%q is not on screen", want)
		}
	}
	test.Tap(button(t, w, "Continuer sans enregistrer"))
	test.Tap(card(t, w, "Second module"))
	test.Tap(button(t, w, "Commencer"))
	if got := u.Player().StepTitle(); got != "Bonjour" {
		t.Fatalf("lesson screen = %q", got)
	}
	if len(events.Views) != 1 {
		t.Fatalf("events kept in memory = %+v", events.Views)
	}
}

func TestADatabaseFromANewerDeclicIsLeftUntouched(t *testing.T) {
	st, dir := openStore(t)
	st.Close()
	path := filepath.Join(dir, "learner.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, _ := os.ReadFile(path)
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := a.NewWindow("")
	u := buildUI(a, w, testOptions(t, uiOptions{Packs: []*courses.Pack{miniPack(t, quizLesson)}, Tr: i18n.New(language.French), Database: path}))
	u.Close()
	if !shows(t, w, "Ce fichier vient d'une version plus récente de Déclic.") || !shows(t, w, "Installez la nouvelle version") {
		t.Fatal("no clear message for a newer file")
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Fatal("the newer file was changed")
	}
}
