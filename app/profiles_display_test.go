package app

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"

	"declic/courses"
	"declic/learner"
	"declic/speech"
)

// withoutVoice makes the app find no voice, so tapping a speed only shows the
// "no voice" explanation instead of speaking on the test machine.
func withoutVoice(t *testing.T) {
	t.Helper()
	t.Setenv("PATH", t.TempDir())
}

// dismissOverlays closes the dialogs on top of the window (the "no voice" one).
func dismissOverlays(w fyne.Window) {
	for top := w.Canvas().Overlays().Top(); top != nil; top = w.Canvas().Overlays().Top() {
		w.Canvas().Overlays().Remove(top)
	}
}

// chosen tells whether the choice button labelled label is marked as chosen.
func chosen(t *testing.T, w fyne.Window, label string) bool {
	t.Helper()
	b := button(t, w, label)
	return b.Icon == theme.ConfirmIcon() && b.Importance == widget.HighImportance
}

// appTextSize is the text size of the theme the app's windows are drawn with.
func appTextSize() float32 { return fyne.CurrentApp().Settings().Theme().Size(theme.SizeNameText) }

// appBackground is the background colour the app's windows are drawn with.
func appBackground() any {
	return fyne.CurrentApp().Settings().Theme().Color(theme.ColorNameBackground, theme.VariantLight)
}

// waitFor polls cond a little: Fyne applies a new theme on its own goroutine.
func waitFor(cond func() bool) bool {
	for i := 0; i < 200 && !cond(); i++ {
		time.Sleep(10 * time.Millisecond)
	}
	return cond()
}

func TestTheReadingSpeedIsKeptInTheProfile(t *testing.T) {
	withoutVoice(t)
	st, _ := openStore(t)
	ana := addProfile(t, st, "Ana", "chat")
	addProfile(t, st, "Bob", "velo")
	s := newStoreUI(t, st, []*courses.Pack{miniPack(t, quizLesson)}, language.French)
	test.Tap(tile(t, s.w, "Ana"))
	test.Tap(button(t, s.w, "Affichage et voix"))
	if !chosen(t, s.w, "Normale") {
		t.Fatal("a new profile does not read at normal speed")
	}
	test.Tap(button(t, s.w, "Lente"))
	dismissOverlays(s.w)
	if !chosen(t, s.w, "Lente") || chosen(t, s.w, "Normale") {
		t.Fatal("the slow speed is not marked as chosen")
	}
	stored, err := st.Profile(context.Background(), ana.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Preferences.SpeechRate != speech.Slow {
		t.Fatalf("stored speech rate = %v, want %v", stored.Preferences.SpeechRate, speech.Slow)
	}

	// Close the profile: back to the chooser, at normal speed.
	test.Tap(button(t, s.w, "Accueil"))
	test.Tap(button(t, s.w, "Ana"))
	if s.u.Profile() != nil || !shows(t, s.w, "Qui êtes-vous ?") {
		t.Fatal("the profile button did not lead back to the chooser")
	}
	if got := s.u.Preferences().SpeechRate; got != speech.Normal {
		t.Errorf("the chooser reads at speed %v, want normal", got)
	}

	// Reopen it: the slow speed is back, on the screen and for the voice.
	test.Tap(tile(t, s.w, "Ana"))
	if s.u.Profile() == nil || s.u.Profile().ID != ana.ID {
		t.Fatal("Ana's profile did not open again")
	}
	if got := s.u.Preferences().SpeechRate; got != speech.Slow {
		t.Errorf("after reopening, speech rate = %v, want %v", got, speech.Slow)
	}
	test.Tap(button(t, s.w, "Affichage et voix"))
	if !chosen(t, s.w, "Lente") {
		t.Error("after reopening, « Lente » is not the chosen speed")
	}
}

func TestClosingAProfileShowsTheChooserInTheDefaultDisplay(t *testing.T) {
	withoutVoice(t)
	st, _ := openStore(t)
	ana := addProfile(t, st, "Ana", "chat")
	bob := addProfile(t, st, "Bob", "velo")
	s := newStoreUI(t, st, []*courses.Pack{miniPack(t, quizLesson)}, language.French)
	defaultSize, calm := appTextSize(), appBackground()

	test.Tap(tile(t, s.w, "Ana"))
	test.Tap(button(t, s.w, "Affichage et voix"))
	test.Tap(button(t, s.w, "200 %"))
	test.Tap(button(t, s.w, "Contraste fort"))
	test.Tap(button(t, s.w, "Rapide"))
	dismissOverlays(s.w)
	test.Tap(findCheck(t, s.w, "Lire chaque écran tout seul"))
	if !waitFor(func() bool { return appTextSize() == 2*defaultSize }) || appBackground() != highContrastPalette.Background {
		t.Fatalf("Ana's settings were not applied: text %v, background %v", appTextSize(), appBackground())
	}

	// Ana leaves: the next person finds the chooser in the default display.
	test.Tap(button(t, s.w, "Ana"))
	if s.u.Profile() != nil || !shows(t, s.w, "Qui êtes-vous ?") {
		t.Fatal("the profile button did not lead back to the chooser")
	}
	if !waitFor(func() bool { return appTextSize() == defaultSize }) {
		t.Errorf("the chooser's text size is %v, want the default %v", appTextSize(), defaultSize)
	}
	if appBackground() != calm || s.u.highContrast() {
		t.Errorf("the chooser's background is %v, want the calm %v", appBackground(), calm)
	}
	want := learner.Preferences{TextScale: 1, Theme: themeCalm, Language: "fr", SpeechRate: speech.Normal}
	if got := s.u.Preferences(); got != want {
		t.Errorf("the chooser's display is %+v, want %+v", got, want)
	}

	// Bob opens his own (default) display; Ana's settings stay hers.
	test.Tap(tile(t, s.w, "Bob"))
	if s.u.Profile() == nil || s.u.Profile().ID != bob.ID {
		t.Fatal("Bob's profile did not open")
	}
	if got := s.u.Preferences(); got != want {
		t.Errorf("Bob's display is %+v, want %+v", got, want)
	}
	test.Tap(button(t, s.w, "Bob"))
	test.Tap(tile(t, s.w, "Ana"))
	if s.u.Profile() == nil || s.u.Profile().ID != ana.ID {
		t.Fatal("Ana's profile did not open again")
	}
	anas := learner.Preferences{TextScale: 2, Theme: themeHighContrast, Language: "fr", ReadAloud: true, SpeechRate: speech.Fast}
	if got := s.u.Preferences(); got != anas {
		t.Errorf("Ana's display on her return is %+v, want %+v", got, anas)
	}
	if !waitFor(func() bool { return appTextSize() == 2*defaultSize }) || appBackground() != highContrastPalette.Background {
		t.Errorf("Ana's display was not restored: text %v, background %v", appTextSize(), appBackground())
	}
}
