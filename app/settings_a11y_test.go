package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"

	"declic/courses"
	"declic/i18n"
	"declic/internal/prereq"
	"declic/learner"
	"declic/plugins/view"
	"declic/speech"
)

// withTopBar makes sure the accessibility buttons are on screen: New puts
// « Écouter » in the top bar and home shows the settings and language buttons;
// if the speaker is missing (another shape of New), they go in a row on top.
func withTopBar(u *ui, w fyne.Window) {
	if u.access.speaker != nil {
		return
	}
	w.SetContent(container.NewBorder(u.a11yTopBar(), nil, nil, nil, w.Content()))
}

func TestTextSizeHasFourStepsAndAppliesAtOnce(t *testing.T) {
	if len(textScales) < 4 || textScales[0] != 1 || textScales[len(textScales)-1] != 2 {
		t.Fatalf("TextScales = %v: want at least 4 steps from 100 %% to 200 %%", textScales)
	}
	pack := miniPack(t, quizLesson)
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	withTopBar(u, w)
	// The top bar stays on screen while the size changes: it must grow at once.
	speaker := button(t, w, "Écouter")
	before := speaker.MinSize().Height
	u.ShowAccessibility()
	test.Tap(button(t, w, "200 %"))
	if u.theme.Scale != 2 {
		t.Fatalf("scale after tapping 200 %% = %v", u.theme.Scale)
	}
	if got := fyne.CurrentApp().Settings().Theme().Size(theme.SizeNameText); got != 40 {
		t.Errorf("text size in the app's theme = %v, want 40", got)
	}
	// Fyne applies a new theme to open windows on its own goroutine: wait for it.
	// The text doubles and the spacing grows by half: the button grows by 1.5 or more.
	grown := func() bool { return speaker.MinSize().Height >= before*1.5 }
	for i := 0; i < 200 && !grown(); i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if !grown() {
		t.Errorf("the speaker button grew from %.0f to %.0f only", before, speaker.MinSize().Height)
	}
	chosen := button(t, w, "200 %")
	if chosen.Icon != theme.ConfirmIcon() || chosen.Importance != widget.HighImportance {
		t.Error("the chosen size is not marked with a check mark")
	}
	if button(t, w, "100 %").Icon != nil {
		t.Error("a size not chosen carries a mark")
	}
}

func TestHighContrastAppliesAtOnce(t *testing.T) {
	u, w, _ := newUI(t, nil, language.French)
	withTopBar(u, w)
	u.ShowAccessibility()
	test.Tap(button(t, w, "Contraste fort"))
	if got := fyne.CurrentApp().Settings().Theme().Color(theme.ColorNameBackground, theme.VariantLight); got != highContrastPalette.Background {
		t.Errorf("background = %v, want the high-contrast white", got)
	}
	if !u.highContrast() || button(t, w, "Contraste fort").Icon != theme.ConfirmIcon() {
		t.Error("the high-contrast choice is not kept and marked")
	}
	test.Tap(button(t, w, "Couleurs douces"))
	if u.highContrast() {
		t.Error("« Couleurs douces » did not bring the calm colours back")
	}
}

func TestPreferencesRoundTrip(t *testing.T) {
	u, _, _ := newUI(t, nil, language.French)
	u.ApplyPreferences(learner.Preferences{TextScale: 1.5, Theme: themeHighContrast, Language: "en", ReadAloud: true, SpeechRate: speech.Slow})
	got := u.Preferences()
	want := learner.Preferences{TextScale: 1.5, Theme: themeHighContrast, Language: "en", ReadAloud: true, SpeechRate: speech.Slow}
	if got != want {
		t.Errorf("Preferences() = %+v, want %+v", got, want)
	}
	if u.tr.T("nav.home") != "Home" {
		t.Errorf("the language of the preferences was not applied: %q", u.tr.T("nav.home"))
	}
}

func TestLanguageChangesInTwoTapsFromHome(t *testing.T) {
	pack := miniPack(t, quizLesson)
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	withTopBar(u, w)
	u.ShowHome()
	test.Tap(button(t, w, "Français"))
	names := map[string]bool{}
	walk(t, w.Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*view.PushButton); ok {
			names[b.Text] = true
		}
	})
	for _, tag := range interfaceLanguages() {
		if !names[languageName(tag.String())] && !names[languageName(tag.String())+" — en test"] {
			t.Errorf("the language list lacks %s (%s)", languageName(tag.String()), tag)
		}
	}
	for _, tag := range interfaceLanguages() {
		if isExperimentalLanguage(tag) {
			t.Errorf("%s is listed although DECLIC_LANG does not ask for it", tag)
		}
	}
	test.Tap(button(t, w, "English"))
	if u.tr.Language() != language.English {
		t.Fatalf("language after the second tap = %v", u.tr.Language())
	}
	if !shows(t, w, u.tr.T("home.greeting")) || u.tr.T("home.greeting") == "Bonjour ! Que voulez-vous apprendre ?" {
		t.Error("home is not shown again in English")
	}
	if button(t, w, "Home") == nil || button(t, w, "Listen") == nil || button(t, w, "English") == nil {
		t.Error("the top bar did not switch to English")
	}
}

func TestLanguageNamesAreTheirOwn(t *testing.T) {
	for code, want := range map[string]string{"fr": "Français", "en": "English", "es": "Español", "pt": "Português",
		"uk": "Українська", "ro": "Română", "tr": "Türkçe", "ar": "العربية"} {
		if got := languageName(code); got != want {
			t.Errorf("LanguageName(%s) = %q, want %q", code, got, want)
		}
	}
}

func TestArabicIsListedOnlyWhenAskedFor(t *testing.T) {
	hasArabic := func() bool {
		for _, tag := range interfaceLanguages() {
			if base, _ := tag.Base(); base.String() == "ar" {
				return true
			}
		}
		return false
	}
	if hasArabic() {
		t.Error("Arabic is offered without DECLIC_LANG=ar")
	}
	t.Setenv("DECLIC_LANG", "ar")
	if i18n.Match(language.Arabic) == language.Arabic && !hasArabic() {
		for _, tag := range interfaceLanguages() {
			t.Log(tag)
		}
		t.Error("DECLIC_LANG=ar does not list Arabic")
	}
}

func TestScreenTextReadsTitleTextChoicesAndFeedbackButNotNavigation(t *testing.T) {
	pack := miniPack(t, quizLesson)
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	u.OpenLesson(pack, pack.Modules[0], 0, 0)
	test.Tap(button(t, w, "La molette"))
	test.Tap(button(t, w, "Vérifier"))
	text := screenText(u.body, u.navigationWords())
	for _, want := range []string{"Une question", "Avec quel bouton faites-vous un clic ?", "Le bouton gauche", "La molette", "Pas encore", "Étape 1 sur 2"} {
		if !strings.Contains(text, want) {
			t.Errorf("the screen text lacks %q:\n%s", want, text)
		}
	}
	if strings.Index(text, "Étape 1 sur 2") > strings.Index(text, "Une question") ||
		strings.Index(text, "Une question") > strings.Index(text, "Avec quel bouton") ||
		strings.Index(text, "Avec quel bouton") > strings.Index(text, "Pas encore") {
		t.Errorf("the screen is not read top to bottom:\n%s", text)
	}
	for _, nav := range []string{"Suivant", "Précédent", "Passer", "Vérifier"} {
		for _, line := range strings.Split(text, "\n") {
			if line == nav {
				t.Errorf("the navigation button %q is read:\n%s", nav, text)
			}
		}
	}
	u.OpenLesson(pack, pack.Modules[0], 0, 1)
	if text := screenText(u.body, nil); !strings.Contains(text, "le bouton gauche sert à cliquer") && !strings.Contains(text, "Le bouton gauche sert à cliquer") {
		t.Errorf("the « À retenir » box is not read:\n%s", text)
	}
}

// TestWithoutAVoiceTheSpeakerExplainsHowToGetOne empties PATH so that espeak-ng
// cannot be found: the speaker button then opens an explanation in French.
func TestWithoutAVoiceTheSpeakerExplainsHowToGetOne(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	u, w, _ := newUI(t, nil, language.French)
	withTopBar(u, w)
	test.Tap(button(t, w, "Écouter"))
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no explanation is shown")
	}
	var said []string
	walk(t, top, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			said = append(said, l.Text)
		}
	})
	all := strings.Join(said, " ")
	for _, want := range []string{"Aucune voix n'est installée", "sudo apt install espeak-ng"} {
		if !strings.Contains(all, want) {
			t.Errorf("the explanation lacks %q: %q", want, all)
		}
	}
	if u.access.reader.Speaking() {
		t.Error("the reader claims to speak without a voice")
	}
	u.ShowAccessibility()
	if !shows(t, w, "Aucune voix n'est installée sur cet ordinateur.") {
		t.Error("the settings screen does not say that no voice is installed")
	}
}

// TestTheSpeakerReadsTheLessonScreenWithEspeak reads a lesson screen with the real
// espeak-ng (no sound card is needed: it still runs to the end).
func TestTheSpeakerReadsTheLessonScreenWithEspeak(t *testing.T) {
	prereq.Program(t, "espeak-ng", "espeak-ng")
	pack := miniPack(t, "+++\ntitle = \"L\"\n+++\n\n## Copier\n\nAppuyez sur `Ctrl+C` pour copier votre **e-mail**.\n")
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	withTopBar(u, w)
	u.OpenLesson(pack, pack.Modules[0], 0, 0)
	test.Tap(button(t, w, "Écouter"))
	got := u.ReadingText()
	for _, want := range []string{"Copier.", "Contrôle C", "imèle"} {
		if !strings.Contains(got, want) {
			t.Errorf("the text read lacks %q: %q", want, got)
		}
	}
	for _, bad := range []string{"[", "**", "`", "Suivant"} {
		if strings.Contains(got, bad) {
			t.Errorf("the text read holds %q: %q", bad, got)
		}
	}
	u.StopReading()
	if u.access.reader.Speaking() || button(t, w, "Écouter") == nil {
		t.Error("after Stop the button does not offer « Écouter » again")
	}
}

func TestAutomaticReadingReadsEachNewScreen(t *testing.T) {
	prereq.Program(t, "espeak-ng", "espeak-ng")
	pack := miniPack(t, quizLesson)
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	withTopBar(u, w)
	u.ShowAccessibility()
	test.Tap(findCheck(t, w, "Lire chaque écran tout seul"))
	u.OpenLesson(pack, pack.Modules[0], 0, 1)
	u.screenChanged() // what u.show calls once the lead wires it
	if !strings.Contains(u.ReadingText(), "Fin.") {
		t.Errorf("the new screen was not read: %q", u.ReadingText())
	}
	u.StopReading()
}

func findCheck(t *testing.T, w fyne.Window, label string) *view.Check {
	t.Helper()
	var found *view.Check
	walk(t, w.Content(), func(o fyne.CanvasObject) {
		if c, ok := o.(*view.Check); ok && c.Text == label {
			found = c
		}
	})
	if found == nil {
		t.Fatalf("no check %q", label)
	}
	return found
}

// TestSettingsAreKeptInTheProfile changes the size, the colours and the language
// of an open profile, then reads the profile back from the real learner store.
func TestSettingsAreKeptInTheProfile(t *testing.T) {
	st, err := learner.Open(filepath.Join(t.TempDir(), "learner.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	p, err := st.CreateProfile(ctx, learner.NewProfile{FirstName: "Marie", Avatar: "soleil"})
	if err != nil {
		t.Fatal(err)
	}
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := a.NewWindow("")
	u := buildUI(a, w, testOptions(t, uiOptions{Store: st, Tr: i18n.New(language.French)}))
	u.openProfile(p)
	withTopBar(u, w)
	u.ShowAccessibility()
	test.Tap(button(t, w, "150 %"))
	test.Tap(button(t, w, "Contraste fort"))
	test.Tap(findCheck(t, w, "Lire chaque écran tout seul"))
	u.ShowLanguages()
	test.Tap(button(t, w, "Español"))
	got, err := st.Profile(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := learner.Preferences{TextScale: 1.5, Theme: themeHighContrast, Language: "es", ReadAloud: true, SpeechRate: speech.Normal}
	if got.Preferences != want {
		t.Errorf("stored preferences = %+v, want %+v", got.Preferences, want)
	}
}
