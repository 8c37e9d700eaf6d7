package app

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/makiuchi-d/gozxing"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"
	"golang.org/x/text/language"

	cardfile "declic/card"
	"declic/courses"
	"declic/i18n"
	"declic/internal/clocktest"
	"declic/learner"
	"declic/speech"
)

// clockedUI is a UI and its learner store on one hand-moved clock, starting at the
// test clock's "now" (the PIN waits are dated by the store and counted down by the UI).
func clockedUI(t *testing.T, lang language.Tag) (*storeUI, *learner.Store) {
	t.Helper()
	clock := &fakeClock{t: clocktest.Now()}
	dir := t.TempDir()
	st, err := learner.Open(filepath.Join(dir, "learner.db"), learner.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return startUI(t, st, clock, lang), st
}

// startUI starts the interface on st with clock, as Run does.
func startUI(t *testing.T, st *learner.Store, clock *fakeClock, lang language.Tag) *storeUI {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := a.NewWindow("")
	w.Resize(defaultWindowSize)
	exports := t.TempDir()
	u := buildUI(a, w, testOptions(t, uiOptions{Packs: []*courses.Pack{miniPack(t, quizLesson)}, Tr: i18n.New(lang), Store: st,
		Now: clock.Now, ExportDir: exports, SpanInterval: time.Hour}))
	t.Cleanup(func() { u.Close() })
	return &storeUI{u: u, w: w, store: st, clock: clock, dir: exports}
}

// recordingVoice is a voice that says nothing and returns at once: the text it was
// given is what the learner would hear (UI.ReadingText).
type recordingVoice struct{}

func (recordingVoice) Available() error                                    { return nil }
func (recordingVoice) Speak(context.Context, string, speech.Options) error { return nil }
func (recordingVoice) Stop()                                               {}

// useVoice makes u read aloud with engine. The end of a reading does not refresh the
// speaker button here: under the test driver fyne.Do runs its function on the calling
// goroutine, so the voice's goroutine would change the button while the test's own
// goroutine does (the two refreshes of its icon crashed Fyne once in CI).
func useVoice(u *ui, engine speech.Engine) {
	u.access.reader = speech.NewReader(engine)
}

// findCodeView and findCardQR find the card's code and QR code on screen.
func findCodeView(t *testing.T, w fyne.Window) *codeView {
	t.Helper()
	var found *codeView
	walk(t, w.Content(), func(o fyne.CanvasObject) {
		if v, ok := o.(*codeView); ok {
			found = v
		}
	})
	if found == nil {
		t.Fatal("no card code on screen")
	}
	return found
}

func findCardQR(t *testing.T, w fyne.Window) *cardQR {
	t.Helper()
	var found *cardQR
	walk(t, w.Content(), func(o fyne.CanvasObject) {
		if q, ok := o.(*cardQR); ok {
			found = q
		}
	})
	if found == nil {
		t.Fatal("no QR code on screen")
	}
	return found
}

// openAna creates Ana's profile and opens it.
func openAna(t *testing.T, s *storeUI, st *learner.Store) learner.Profile {
	t.Helper()
	p := addProfile(t, st, "Ana", "chat")
	s.u.profiles.ShowProfiles()
	test.Tap(tile(t, s.w, "Ana"))
	if s.u.Profile() == nil {
		t.Fatal("Ana's profile did not open")
	}
	return p
}

func TestMyCardShowsTheDIDAsAQRCodeAndItsShortCode(t *testing.T) {
	s, st := clockedUI(t, language.French)
	useVoice(s.u, recordingVoice{})
	p := openAna(t, s, st)
	test.Tap(button(t, s.w, "Mon parcours"))
	test.Tap(button(t, s.w, "Ma carte Déclic"))
	key, err := st.ProfileKey(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Ma carte Déclic", "Ana", "Cette carte montre la clé de votre profil Déclic."} {
		if !shows(t, s.w, want) {
			t.Errorf("the card screen does not show %q", want)
		}
	}
	if got := findCodeView(t, s.w).Code(); got != key.Fingerprint() {
		t.Fatalf("code shown %q, want keys.Fingerprint %q", got, key.Fingerprint())
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(findCardQR(t, s.w).Image())
	if err != nil {
		t.Fatal(err)
	}
	res, err := gozxingqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_PURE_BARCODE: true})
	if err != nil {
		t.Fatalf("the QR code on screen cannot be read: %v", err)
	}
	if res.GetText() != key.DID() {
		t.Fatalf("the QR code holds %q, want the profile's did:key %q", res.GetText(), key.DID())
	}
	// Read aloud: the code letter by letter, one group a sentence.
	groups := strings.Split(key.Fingerprint(), "-")
	spelled := func(g string) string { return strings.Join(strings.Split(g, ""), " ") }
	screen := screenText(s.u.body, s.u.navigationWords())
	test.Tap(button(t, s.w, "Écouter mon code"))
	heard := s.u.ReadingText()
	for _, g := range groups {
		if !strings.Contains(screen, spelled(g)) {
			t.Errorf("reading the screen does not spell group %s: %q", g, screen)
		}
		if !strings.Contains(heard, spelled(g)) {
			t.Errorf("« Écouter mon code » does not spell group %s: %q", g, heard)
		}
	}
	if strings.Contains(heard, key.Fingerprint()) {
		t.Errorf("the code is read as one word: %q", heard)
	}
}

func TestTwoProfilesShowTwoCards(t *testing.T) {
	s, st := clockedUI(t, language.French)
	openAna(t, s, st)
	s.u.ShowCard(*s.u.Profile(), s.u.ShowHome)
	first := findCodeView(t, s.w).Code()
	bob := addProfile(t, st, "Bob", "velo")
	s.u.ShowCard(bob, s.u.ShowHome)
	if second := findCodeView(t, s.w).Code(); second == first {
		t.Fatal("two profiles show the same card code")
	}
}

func TestMyCardIsSavedOnTheUSBStickWithItsPrintableSheet(t *testing.T) {
	s, st := clockedUI(t, language.French)
	p := openAna(t, s, st)
	usb := stick(t, "CLE-ANA")
	test.Tap(button(t, s.w, "Mon parcours"))
	test.Tap(button(t, s.w, "Mes données"))
	test.Tap(button(t, s.w, "Ma carte Déclic"))
	test.Tap(button(t, s.w, "Enregistrer ma carte"))
	test.Tap(button(t, s.w, "Sur la clé USB « CLE-ANA »"))
	for _, want := range []string{"C'est fait ! Votre carte est enregistrée.", "Sur la clé USB « CLE-ANA », dans ce dossier :",
		"Il y a 2 fichiers : « carte-declic-ana.json » et « carte-declic-ana.pdf ».", "Apportez la clé USB à votre conseiller numérique."} {
		if !shows(t, s.w, want) {
			t.Errorf("after saving, the screen does not say %q", want)
		}
	}
	data, err := os.ReadFile(filepath.Join(usb, "carte-declic-ana.json"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := cardfile.Parse(data)
	if err != nil {
		t.Fatalf("the saved card does not parse: %v", err)
	}
	key, _ := st.ProfileKey(context.Background(), p.ID)
	if c.DID != key.DID() || c.Code != key.Fingerprint() || c.Name != "Ana" || !c.Created.Equal(clocktest.Now()) {
		t.Fatalf("saved card %+v", c)
	}
	pdf, err := os.ReadFile(filepath.Join(usb, "carte-declic-ana.pdf"))
	if err != nil || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("no printable card: %v", err)
	}
	if runtime.GOOS != "windows" {
		for _, name := range []string{"carte-declic-ana.json", "carte-declic-ana.pdf"} {
			if st, _ := os.Stat(filepath.Join(usb, name)); st.Mode().Perm() != 0o600 {
				t.Errorf("%s has mode %v, want 0600", name, st.Mode().Perm())
			}
		}
	}
	test.Tap(button(t, s.w, "Ouvrir la carte pour l'imprimer")) // the test app opens nothing, and must not fail
	test.Tap(button(t, s.w, "Revenir à ma carte"))
	if !shows(t, s.w, "Cette carte montre la clé de votre profil Déclic.") {
		t.Fatal("« Revenir à ma carte » does not go back to the card")
	}
}

func TestACardSavedInAFolderThatCannotBeWrittenSaysSo(t *testing.T) {
	s, st := clockedUI(t, language.French)
	openAna(t, s, st)
	s.u.opts.ExportDir = readOnlyDir(t)
	plug(t)
	s.u.ShowCard(*s.u.Profile(), s.u.ShowMyData)
	test.Tap(button(t, s.w, "Enregistrer ma carte"))
	if !shows(t, s.w, "Aucune clé USB n'est branchée.") {
		t.Error("without a stick the screen does not say so")
	}
	test.Tap(button(t, s.w, "Dans Mes documents"))
	if !shows(t, s.w, "Impossible d'écrire dans ce dossier.") {
		t.Fatal("a read-only folder is not explained")
	}
	entries, _ := os.ReadDir(s.u.opts.ExportDir)
	if len(entries) != 0 {
		t.Fatalf("files written in a read-only folder: %v", entries)
	}
}

func TestTheCardIsAlsoReachedFromTheProfileEditScreen(t *testing.T) {
	s, st := clockedUI(t, language.French)
	p := addProfile(t, st, "Ana", "chat")
	s.u.profiles.ShowEditProfile(p)
	test.Tap(button(t, s.w, "Ma carte Déclic"))
	key, _ := st.ProfileKey(context.Background(), p.ID)
	if findCodeView(t, s.w).Code() != key.Fingerprint() {
		t.Fatal("the edit screen's card is not the profile's")
	}
	test.Tap(button(t, s.w, "Retour"))
	if !shows(t, s.w, "Profil : Ana") {
		t.Fatal("« Retour » does not go back to the edit screen")
	}
}
