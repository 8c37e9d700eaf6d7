package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"

	"declic/courses"
	"declic/internal/prereq"
	"declic/learner"
	"declic/plugins/mouse/mouseview"
	"declic/plugins/order"
	"declic/plugins/order/orderview"
	"declic/plugins/quiz"
	"declic/plugins/site"
	"declic/plugins/view"
)

// This file drives the app with the keyboard alone, Entrée pressing what has the
// focus: creating a profile, answering the placement questionnaire, doing a
// whole module of the starter pack; Échap going back one step where nothing is
// lost; and the voice saying where the focus is.

// focusedButton is the text of the focused button, or "".
func focusedButton(w fyne.Window) string {
	if b, ok := w.Canvas().Focused().(*view.PushButton); ok {
		return b.Text
	}
	return ""
}

// tabToTile presses Tab until the picture tile captioned caption has the focus.
func (k keyboard) tabToTile(caption string) {
	k.t.Helper()
	k.tabTo("the picture "+caption, func(f fyne.Focusable) bool {
		b, ok := f.(*view.PushButton)
		return ok && b.Name == caption
	})
}

func TestAProfileIsCreatedWithKeysOnly(t *testing.T) {
	st, _ := openStore(t)
	s := newStoreUI(t, st, []*courses.Pack{loadStarter(t)}, language.French)
	k := keyboard{t: t, w: s.w, u: s.u}
	if _, ok := s.w.Canvas().Focused().(*view.Entry); !ok {
		t.Fatalf("the new profile's first name does not have the focus: %T", s.w.Canvas().Focused())
	}
	k.typeText("Marie")
	k.enter() // no picture yet: Entrée in the field says what is missing
	if !shows(t, s.w, "Choisissez une image.") {
		t.Fatal("Entrée with no picture chosen does not say so")
	}
	k.tabToTile("le chat")
	k.enter()
	if !strings.Contains(s.u.describeFocus(s.w.Canvas().Focused()), "choisi : le chat") {
		t.Errorf("the picture chosen with Entrée is not marked chosen: %s", s.u.describeFocus(s.w.Canvas().Focused()))
	}
	k.tabToButton("Créer mon profil")
	k.keypadEnter() // the keypad's Entrée presses as well
	if !shows(t, s.w, "Voulez-vous protéger votre profil ?") {
		t.Fatal("Entrée on « Créer mon profil » did not create the profile")
	}
	// The new screen was opened with the keyboard: its main button has the focus.
	if got := focusedButton(s.w); got != "Non, merci" {
		t.Fatalf("after the profile is created the focus is on %q, want « Non, merci »", got)
	}
	k.enter()
	if s.u.Profile() == nil || s.u.Profile().FirstName != "Marie" || s.u.Profile().Avatar != "chat" {
		t.Fatalf("the profile opened is %+v, want Marie with the cat", s.u.Profile())
	}
	if !shows(t, s.w, "Que savez-vous déjà faire ?") {
		t.Error("the new profile does not start with the questionnaire")
	}
}

func TestThePlacementQuestionnaireIsAnsweredWithKeysOnly(t *testing.T) {
	s, p := newLearnerOnStarter(t)
	k := keyboard{t: t, w: s.w, u: s.u}
	k.tabToButton("Commencer le questionnaire")
	k.enter()
	for i := 0; i < len(placementQuestions); i++ {
		q := placementQuestions[i]
		if !shows(t, s.w, "Question "+itoa(i+1)+" sur 10") {
			t.Fatalf("question %d is not shown", i+1)
		}
		// The question was opened with Entrée: something in it has the focus.
		f := s.w.Canvas().Focused()
		if f == nil {
			t.Fatalf("question %d (%s): nothing has the focus", i+1, q.id)
		}
		switch q.kind {
		case "":
			if got := focusedButton(s.w); got != "Oui" {
				t.Fatalf("question %d: the focus is on %q, want « Oui »", i+1, got)
			}
			k.enter()
		case "mouse":
			if _, ok := f.(*mouseview.Target); !ok {
				t.Fatalf("question %d: the focus is on %T, want the target", i+1, f)
			}
			k.enter() // the keyboard's way to click the target
		case "keyboard":
			if _, ok := f.(*view.Entry); !ok {
				t.Fatalf("question %d: the focus is on %T, want the typing box", i+1, f)
			}
			k.typeText(s.u.tr.T("learner.placement.q.type.text"))
			k.enter()
		case "quiz":
			right := s.u.tr.T("learner.placement.q." + q.id + ".right")
			if got := focusedButton(s.w); got != right {
				k.tabToButton(right)
			}
			k.enter()
			k.tabToButton("Vérifier")
			k.enter()
		}
	}
	if !shows(t, s.w, "Merci ! Le questionnaire est fini.") {
		t.Fatal("the questionnaire did not end")
	}
	got, err := s.store.Profile(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Placement.State != learner.PlacementDone || got.Placement.ModuleID != placementAllKnown {
		t.Errorf("placement saved as %+v: every answer was known, want the last module suggested", got.Placement)
	}
	// The suggestion's main button has the focus: Entrée opens the module.
	k.enter()
	if !shows(t, s.w, "Commencer") || focusedButton(s.w) != "Commencer" {
		t.Errorf("Entrée on the suggestion did not open the module with « Commencer » focused (focus on %q)", focusedButton(s.w))
	}
}

// orderedAsWritten makes every ordering exercise start in the right order, so a
// test that only presses « Vérifier » passes it.
func orderedAsWritten(t *testing.T) {
	old := orderview.Shuffle
	orderview.Shuffle = func(a *order.Activity) []int {
		out := make([]int, len(a.Steps))
		for i := range out {
			out[i] = i
		}
		return out
	}
	t.Cleanup(func() { orderview.Shuffle = old })
}

func TestAStarterModuleIsCompletedWithKeysOnly(t *testing.T) {
	orderedAsWritten(t)
	pack := loadStarter(t)
	u, w, events := newUI(t, []*courses.Pack{pack}, language.French)
	k := keyboard{t: t, w: w, u: u}
	m := pack.Modules[0]
	u.ShowHome()
	first := card(t, w, m.Title)
	k.tabTo("the first module's card", func(f fyne.Focusable) bool { return f == fyne.Focusable(first) })
	k.enter()
	if focusedButton(w) != "Commencer" {
		t.Fatalf("Entrée on the card: the focus is on %q, want « Commencer »", focusedButton(w))
	}
	k.enter()
	screens := 0
	for screens = 0; screens < 200 && !shows(t, w, "Bravo, vous avez fini le module !"); screens++ {
		p := u.Player()
		if !view.Holds(u.body, p.next) { // a lesson's end: its main button has the focus
			if got := focusedButton(w); got != "Leçon suivante" {
				t.Fatalf("at a lesson's end the focus is on %q, want « Leçon suivante »", got)
			}
			k.enter()
			continue
		}
		pending := p.pendingActivities()
		if len(pending) == 0 {
			if !strings.HasPrefix(focusedButton(w), "Suivant") && focusedButton(w) != "Terminer la leçon" {
				k.tabTo("« Suivant »", func(f fyne.Focusable) bool { return f == fyne.Focusable(p.next) })
			}
			k.enter()
			continue
		}
		step := p.step()
		a := step.Blocks[pending[0]].(courses.Activity)
		switch a.Kind {
		case "quiz":
			for _, i := range a.Parsed.(*quiz.Activity).CorrectIndexes() {
				k.tabToButton(a.Parsed.(*quiz.Activity).Choices[i].Text)
				k.enter()
			}
			k.tabToButton("Vérifier")
			k.enter()
		case "order":
			k.tabToButton("Vérifier")
			k.enter()
		case "mouse":
			for p.pendingActivities() != nil && len(p.pendingActivities()) > 0 {
				k.tabTo("the target", func(f fyne.Focusable) bool {
					_, target := f.(*mouseview.Target)
					_, box := f.(*mouseview.ScrollBox)
					return target || box
				})
				if _, box := w.Canvas().Focused().(*mouseview.ScrollBox); box {
					k.press(fyne.KeyPageDown)
					k.press(fyne.KeyPageDown)
					continue
				}
				k.enter()
			}
		case "site":
			// The site's own run knows the next step: its button, pressed with
			// Tab and Entrée like a learner who follows the hints.
			sa := a.Parsed.(*site.Activity)
			run := sa.NewRun(nil)
			for i := 0; !run.Done() && i < 20; i++ {
				next := run.NextStep()
				it := run.Page().Items[next]
				if it.Type != site.Button && it.Type != site.Link {
					t.Fatalf("%s: no keyboard path written for a site's %s", step.Title, it.Type)
				}
				k.tabToButton(it.Text)
				k.enter()
				run.Press(next)
			}
		default:
			t.Fatalf("%s: no keyboard path written for a %s activity", step.Title, a.Kind)
		}
		if len(p.pendingActivities()) == len(pending) {
			t.Fatalf("%s: the %s activity is not done with the keyboard", step.Title, a.Kind)
		}
		// The activity is done: the focus is on a control that can still be used
		// (« Suivant », or what the activity offers next), never a locked one.
		if f := w.Canvas().Focused(); f == nil || !focusableNow(f) {
			t.Errorf("%s: after the %s activity the focus is on %T, which cannot be used", step.Title, a.Kind, f)
		}
	}
	if len(events.Completions) != 1 || !events.Completions[0].Result.Mastered {
		t.Fatalf("after %d screens, completions = %+v: want the module mastered", screens, events.Completions)
	}
	if got := focusedButton(w); !strings.HasPrefix(got, "Module suivant") {
		t.Errorf("at the module's end the focus is on %q, want « Module suivant »", got)
	}
	t.Logf("module « %s » done with Tab and Entrée over %d screens", m.Title, screens)
}

func TestEnterPressesTheFocusedButtonCardAndChoiceAsSpaceDoes(t *testing.T) {
	pack := miniPack(t, quizLesson)
	for _, key := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace} {
		u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
		k := keyboard{t: t, w: w, u: u}
		u.ShowHome()
		first := card(t, w, "Premier module")
		k.tabTo("the card", func(f fyne.Focusable) bool { return f == fyne.Focusable(first) })
		k.press(key)
		if !shows(t, w, "Pour essayer.") {
			t.Fatalf("%s on a card did not open the module", key)
		}
		k.tabToButton("Commencer")
		k.press(key)
		k.tabToButton("Le bouton gauche")
		k.press(key)
		if b := button(t, w, "Le bouton gauche"); b.State != view.StateSelected {
			t.Errorf("%s on a quiz answer did not choose it", key)
		}
		u.ShowAccessibility()
		box := findCheck(t, w, "Lire chaque écran tout seul")
		k.tabTo("the check box", func(f fyne.Focusable) bool { return f == fyne.Focusable(box) })
		k.press(key)
		if !box.Checked {
			t.Errorf("%s on a check box did not tick it", key)
		}
	}
}

// TestEscapeGoesBackOneStepWhereNothingIsLost presses Échap on each kind of
// screen. Safe means that nothing the learner typed or chose there is lost: then
// Échap goes back one step. An answer not checked yet, a first name not saved,
// the questionnaire under way: Échap stays and says why under the top bar.
func TestEscapeGoesBackOneStepWhereNothingIsLost(t *testing.T) {
	pack := miniPack(t, quizLesson)
	for _, c := range []struct {
		name  string
		open  func(u *ui, w fyne.Window, k keyboard)
		after func(t *testing.T, u *ui, w fyne.Window) bool
		kept  string // the note when Échap stays
	}{
		{"a module page goes back home",
			func(u *ui, _ fyne.Window, _ keyboard) { u.OpenModule(pack, pack.Modules[0]) },
			func(_ *testing.T, u *ui, _ fyne.Window) bool { return u.onHome }, ""},
		{"the second screen of a lesson goes back to the first",
			func(u *ui, _ fyne.Window, _ keyboard) { u.OpenLesson(pack, pack.Modules[0], 0, 1) },
			func(_ *testing.T, u *ui, _ fyne.Window) bool {
				return u.Player() != nil && u.Player().StepTitle() == "Une question"
			}, ""},
		{"an exercise not touched goes back to the module page",
			func(u *ui, _ fyne.Window, _ keyboard) { u.OpenLesson(pack, pack.Modules[0], 0, 0) },
			func(t *testing.T, u *ui, w fyne.Window) bool {
				return u.Player() == nil && shows(t, w, "Pour essayer.")
			}, ""},
		{"an answer chosen and not checked keeps the screen",
			func(u *ui, w fyne.Window, k keyboard) {
				u.OpenLesson(pack, pack.Modules[0], 0, 0)
				k.tabToButton("Le bouton gauche")
				k.enter()
			},
			func(_ *testing.T, u *ui, _ fyne.Window) bool {
				return u.Player() != nil && u.Player().StepTitle() == "Une question"
			},
			"Échap ne fait rien ici : votre réponse n'est pas encore vérifiée."},
		{"an answer checked can be left",
			func(u *ui, w fyne.Window, k keyboard) {
				u.OpenLesson(pack, pack.Modules[0], 0, 0)
				k.tabToButton("Le bouton gauche")
				k.enter()
				k.tabToButton("Vérifier")
				k.enter()
			},
			func(t *testing.T, u *ui, w fyne.Window) bool {
				return u.Player() == nil && shows(t, w, "Pour essayer.")
			}, ""},
		{"the settings go back home",
			func(u *ui, _ fyne.Window, _ keyboard) { u.ShowAccessibility() },
			func(_ *testing.T, u *ui, _ fyne.Window) bool { return u.onHome }, ""},
		{"the module's end goes back to its page",
			func(u *ui, _ fyne.Window, _ keyboard) {
				u.OpenLesson(pack, pack.Modules[0], 0, 1)
				u.Player().Next()
			},
			func(t *testing.T, u *ui, w fyne.Window) bool { return shows(t, w, "Pour essayer.") }, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
			k := keyboard{t: t, w: w, u: u}
			c.open(u, w, k)
			k.escape()
			if !c.after(t, u, w) {
				t.Errorf("after Échap the screen is not the one expected")
			}
			note := u.access.keys
			switch {
			case c.kept != "" && (!note.note.Visible() || note.noteText.Text != c.kept):
				t.Errorf("Échap stayed without saying why: note %q shown=%v, want %q", note.noteText.Text, note.note.Visible(), c.kept)
			case c.kept == "" && note.note.Visible():
				t.Errorf("Échap went back but shows the note %q", note.noteText.Text)
			}
		})
	}
}

func TestEscapeInATextFieldIsPassedOnAndKeepsANameNotSaved(t *testing.T) {
	st, _ := openStore(t)
	addProfile(t, st, "Ana", "chat")
	s := newStoreUI(t, st, []*courses.Pack{loadStarter(t)}, language.French)
	k := keyboard{t: t, w: s.w, u: s.u}
	s.u.profiles.ShowNewProfile()
	k.escape() // nothing typed yet: back to the chooser
	if !shows(t, s.w, "Qui êtes-vous ?") {
		t.Fatal("Échap on an empty new profile did not go back to the profiles")
	}
	s.u.profiles.ShowNewProfile()
	k.typeText("Marie")
	k.escape() // from inside the field
	if !shows(t, s.w, "Nouveau profil") {
		t.Fatal("Échap lost the first name typed")
	}
	if got := s.u.access.keys.noteText.Text; got != "Échap ne fait rien ici : votre profil n'est pas encore créé." {
		t.Errorf("the note says %q", got)
	}
	if e, ok := s.w.Canvas().Focused().(*view.Entry); !ok || e.Text != "Marie" {
		t.Errorf("after Échap the field is %v", s.w.Canvas().Focused())
	}
}

func TestEscapeDuringTheQuestionnaireKeepsTheAnswers(t *testing.T) {
	s, _ := newLearnerOnStarter(t)
	k := keyboard{t: t, w: s.w, u: s.u}
	test.Tap(button(t, s.w, "Commencer le questionnaire"))
	test.Tap(button(t, s.w, "Oui"))
	k.escape()
	if !shows(t, s.w, "Question 2 sur 10") || len(s.u.placement.known) != 1 {
		t.Fatal("Échap left the questionnaire or lost an answer")
	}
	if got := s.u.access.keys.noteText.Text; !strings.Contains(got, "pendant les questions") {
		t.Errorf("the note says %q", got)
	}
}

// withEspeak reads with the real espeak-ng.
func withEspeak(t *testing.T) {
	t.Helper()
	prereq.Program(t, "espeak-ng", "espeak-ng")
}

func TestTabSaysTheFocusedControlsNameAndRole(t *testing.T) {
	withEspeak(t)
	pack := miniPack(t, quizLesson)
	for _, c := range []struct {
		lang language.Tag
		open func(u *ui)
		to   string // the focused control's text
		want string
	}{
		{language.French, func(u *ui) { u.OpenModule(pack, pack.Modules[0]) }, "Commencer", "Bouton : Commencer."},
		{language.French, func(u *ui) { u.OpenLesson(pack, pack.Modules[0], 0, 0) }, "La molette", "Choix, pas choisi : La molette."},
		{language.French, func(u *ui) { u.ShowAccessibility() }, "Lire chaque écran tout seul", "Case à cocher, cochée : Lire chaque écran tout seul."},
		{language.English, func(u *ui) { u.OpenModule(pack, pack.Modules[0]) }, "Start", "Button: Start."},
		{language.Ukrainian, func(u *ui) { u.OpenModule(pack, pack.Modules[0]) }, "Почати", "Кнопка: Почати."},
	} {
		u, w, _ := newUI(t, []*courses.Pack{pack}, c.lang)
		k := keyboard{t: t, w: w, u: u}
		u.access.autoRead = true
		c.open(u)
		k.tabTo(c.to, func(f fyne.Focusable) bool {
			co, _ := f.(fyne.CanvasObject)
			d, _ := view.Describe(co)
			return d.Name == c.to
		})
		if got := u.ReadingText(); got != c.want {
			t.Errorf("%s: Tab to %q reads %q, want %q", c.lang, c.to, got, c.want)
		}
		u.StopReading()
	}
}

func TestTheFocusIsSaidOnlyWhenAskedOrWhenEveryScreenIsRead(t *testing.T) {
	withEspeak(t)
	st, _ := openStore(t)
	s := newStoreUI(t, st, []*courses.Pack{loadStarter(t)}, language.French)
	u, w := s.u, s.w
	k := keyboard{t: t, w: w, u: u}
	// A click in the field gives it the focus: the voice says nothing.
	var name *view.Entry
	walk(t, w.Content(), func(o fyne.CanvasObject) {
		if e, ok := o.(*view.Entry); ok && e.Name == "Votre prénom" {
			name = e
		}
	})
	w.Canvas().Unfocus()
	u.access.autoRead = true
	viewClickField(name)
	if got := u.ReadingText(); got != "" {
		t.Errorf("a click on the field is read aloud: %q", got)
	}
	// Without automatic reading, Tab says nothing; Ctrl+Espace says where.
	u.access.autoRead = false
	w.Canvas().Focus(name)
	k.tab()
	if got := u.ReadingText(); got != "" {
		t.Errorf("Tab is read aloud while every screen is not: %q", got)
	}
	u.SayWhereFocusIs()
	if got, want := u.ReadingText(), "Bouton, pas choisi : le soleil."; got != want {
		t.Errorf("Ctrl+Espace reads %q, want %q", got, want)
	}
	w.Canvas().Unfocus()
	u.SayWhereFocusIs()
	if got := u.ReadingText(); !strings.Contains(got, "Rien n'est choisi.") {
		t.Errorf("with nothing focused, Ctrl+Espace reads %q", got)
	}
	u.StopReading()
}

// viewClickField clicks a text field as the desktop driver does: MouseDown,
// which gives it the focus, then MouseUp.
func viewClickField(e *view.Entry) {
	ev := &desktop.MouseEvent{Button: desktop.MouseButtonPrimary}
	e.MouseDown(ev)
	e.MouseUp(ev)
}

func TestADialogOpensOnItsSafeChoiceAndTakesEscapeAndEnter(t *testing.T) {
	pack := miniPack(t, quizLesson)
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	k := keyboard{t: t, w: w, u: u}
	u.OpenModule(pack, pack.Modules[0])
	removed := 0
	ask := func() {
		u.showDialog("Supprimer le cours ?", widget.NewLabel("Le cours sera supprimé."),
			dialogChoice{label: "Annuler", safe: true},
			dialogChoice{label: "Supprimer", main: true, do: func() { removed++ }})
	}
	ask()
	if got := focusedButton(w); got != "Annuler" {
		t.Fatalf("the dialog opens with the focus on %q, want « Annuler »", got)
	}
	k.escape()
	if w.Canvas().Overlays().Top() != nil || removed != 0 {
		t.Fatal("Échap did not close the dialog on its safe choice")
	}
	if !shows(t, w, "Pour essayer.") {
		t.Fatal("Échap on the dialog also left the module page under it")
	}
	ask()
	k.tabToButton("Supprimer")
	k.enter()
	if w.Canvas().Overlays().Top() != nil || removed != 1 {
		t.Fatalf("Entrée on « Supprimer »: dialog still open = %v, removed %d times", w.Canvas().Overlays().Top() != nil, removed)
	}
	k.escape() // no dialog now: Échap goes back home from the module page
	if !u.onHome {
		t.Error("Échap after the dialog closed does not go back home")
	}
}

// TestTheProfileKeyScreensWorkWithKeysOnly goes through « Ma carte Déclic », the
// profile that travels and « Mon bilan » with Tab, Entrée and Échap: the card saved
// on a USB stick, Échap back from each screen to the one before, the profile saved
// on the stick with its PIN typed on the keyboard, then added on another PC from the
// chooser, and « Mon bilan » saved.
func TestTheProfileKeyScreensWorkWithKeysOnly(t *testing.T) {
	s, st := clockedUI(t, language.French)
	p := openAna(t, s, st)
	if err := st.SetPIN(context.Background(), p.ID, "4821"); err != nil {
		t.Fatal(err)
	}
	usb := stick(t, "CLE-ANA")
	k := keyboard{t: t, w: s.w, u: s.u}
	expect := func(step, text string) {
		t.Helper()
		if !shows(t, s.w, text) {
			t.Fatalf("%s: the screen does not show %q", step, text)
		}
	}
	s.u.ShowMyData()
	k.tabToButton("Ma carte Déclic")
	k.enter()
	expect("Entrée on « Ma carte Déclic »", "Cette carte montre la clé de votre profil Déclic.")
	k.escape()
	expect("Échap on the card", "Emporter mon profil")
	if s.w.Canvas().Focused() == nil {
		t.Error("after Échap nothing has the focus: the keyboard user must start again from the top")
	}
	k.tabToButton("Ma carte Déclic")
	k.enter()
	k.tabToButton("Enregistrer ma carte")
	k.enter()
	expect("Entrée on « Enregistrer ma carte »", "Sur la clé USB « CLE-ANA »")
	k.escape()
	expect("Échap on where to save the card", "Cette carte montre la clé de votre profil Déclic.")
	k.tabToButton("Enregistrer ma carte")
	k.enter()
	k.tabToButton("Sur la clé USB « CLE-ANA »")
	k.enter()
	expect("Entrée on the stick", "C'est fait ! Votre carte est enregistrée.")
	k.tabToButton("Revenir à ma carte")
	k.enter()
	k.escape()

	k.tabToButton("Emporter mon profil")
	k.enter()
	expect("Entrée on « Emporter mon profil »", "Tapez votre code. Il protège votre profil sur la clé USB.")
	k.escape()
	expect("Échap on the number pad", "Emporter mon profil")
	k.tabToButton("Emporter mon profil")
	k.enter()
	if got := focusedButton(s.w); got != "Valider" {
		t.Fatalf("the number pad opened with the focus on %q, not « Valider »", got)
	}
	k.typeText("4821") // the keyboard's digits go to the pad
	k.enter()
	expect("the PIN typed and Entrée", "Où voulez-vous enregistrer votre profil ?")
	k.tabToButton("Sur la clé USB « CLE-ANA »")
	k.enter()
	expect("Entrée on the stick", "C'est fait ! Votre profil est enregistré.")
	k.tabToButton("Mes données")
	k.enter()

	k.tabToButton("Enregistrer mon bilan")
	k.enter()
	expect("Entrée on « Enregistrer mon bilan »", "Où voulez-vous enregistrer votre bilan ?")
	k.escape()
	expect("Échap on where to save the bilan", "Emporter mon profil")
	k.tabToButton("Enregistrer mon bilan")
	k.enter()
	k.tabToButton("Sur la clé USB « CLE-ANA »")
	k.enter()
	expect("Entrée on the stick", "C'est fait ! Votre bilan est enregistré.")

	// The centre's PC: the profile is added from the chooser's « Ajouter mon profil ».
	other, ost := clockedUI(t, language.French)
	addProfile(t, ost, "Bob", "soleil")
	stickAt(t, "CLE-ANA", usb)
	ok := keyboard{t: t, w: other.w, u: other.u}
	other.u.profiles.ShowProfiles()
	ok.tabToTile("Ajouter mon profil")
	ok.enter()
	if !shows(t, other.w, "Ajouter mon profil depuis une clé USB") {
		t.Fatal("Entrée on « Ajouter mon profil » did not open the import screen")
	}
	ok.escape()
	if !shows(t, other.w, "Qui êtes-vous ?") {
		t.Fatal("Échap on the import screen did not go back to the profiles")
	}
	ok.tabToTile("Ajouter mon profil")
	ok.enter()
	ok.tabToButton(anaFile(t, st, p) + " — clé USB « CLE-ANA »")
	ok.enter()
	if !shows(t, other.w, "Bonjour Ana !") {
		t.Fatal("Entrée on the profile file did not ask for its code")
	}
	ok.typeText("4821")
	ok.enter()
	if !waitFor(func() bool { return shows(t, other.w, "C'est fait ! Le profil de Ana est sur cet ordinateur.") }) {
		t.Fatal("the import did not finish")
	}
	ok.tabToButton("Ouvrir le profil « Ana »")
	ok.enter()
	if other.u.Profile() == nil || other.u.Profile().ID != p.ID {
		t.Fatal("Entrée on « Ouvrir le profil » did not open the added profile")
	}
}

// TestASettingChosenWithEnterKeepsTheFocus: « Affichage et voix » is drawn again
// with each choice; the option just chosen with Entrée keeps the focus, so Tab
// goes on from there and a second Entrée does not fall on « 100 % ».
func TestASettingChosenWithEnterKeepsTheFocus(t *testing.T) {
	for _, option := range []string{"200 %", "Contraste fort", "Plus de temps et de place", "Lente"} {
		t.Run(option, func(t *testing.T) {
			u, w, _ := newUI(t, []*courses.Pack{miniPack(t, quizLesson)}, language.French)
			k := keyboard{t: t, w: w, u: u}
			u.ShowAccessibility()
			k.tabToButton(option)
			k.enter()
			if got := focusedButton(w); got != option {
				t.Fatalf("after Entrée on « %s » the focus is on %q", option, got)
			}
			if b := button(t, w, option); b.Importance != widget.HighImportance {
				t.Errorf("« %s » is not shown as chosen", option)
			}
		})
	}
	u, w, _ := newUI(t, []*courses.Pack{miniPack(t, quizLesson)}, language.French)
	k := keyboard{t: t, w: w, u: u}
	u.ShowAccessibility()
	k.tabToButton("200 %")
	k.enter()
	k.enter()
	if u.theme.Scale != 2 {
		t.Errorf("a second Entrée changed the text size to %v", u.theme.Scale)
	}
}
