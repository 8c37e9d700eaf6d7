package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/app/pictures"
	"declic/courses"
	"declic/i18n"
	"declic/learner"
	"declic/plugins/view"
)

// entryOnScreen finds the text field on screen.
func entryOnScreen(t *testing.T, w fyne.Window) *view.Entry {
	t.Helper()
	var found *view.Entry
	walk(t, w.Content(), func(o fyne.CanvasObject) {
		if e, ok := o.(*view.Entry); ok && found == nil {
			found = e
		}
	})
	if found == nil {
		t.Fatal("no text field on screen")
	}
	return found
}

func TestTwoProfilesSeeOnlyTheirOwnProgress(t *testing.T) {
	st, _ := openStore(t)
	ana := addProfile(t, st, "Ana", "chat")
	bob := addProfile(t, st, "Bob", "velo")
	pack := miniPack(t, quizLesson)
	s := newStoreUI(t, st, []*courses.Pack{pack}, language.French)
	if s.u.Profile() != nil || !shows(t, s.w, "Qui êtes-vous ?") {
		t.Fatal("with two profiles the app starts on the chooser")
	}
	test.Tap(tile(t, s.w, "Ana"))
	if s.u.Profile() == nil || s.u.Profile().ID != ana.ID {
		t.Fatal("Ana's profile did not open")
	}
	test.Tap(card(t, s.w, "Second module"))
	test.Tap(button(t, s.w, "Commencer"))
	test.Tap(button(t, s.w, "Mon parcours"))
	if !shows(t, s.w, "1 module en cours") || !shows(t, s.w, "Mon parcours · Ana") {
		t.Fatal("Ana's parcours does not show her module in progress")
	}
	test.Tap(button(t, s.w, "Ana")) // the top bar's profile button leads to the chooser
	test.Tap(tile(t, s.w, "Bob"))
	if s.u.Profile().ID != bob.ID {
		t.Fatal("Bob's profile did not open")
	}
	test.Tap(button(t, s.w, "Mon parcours"))
	if shows(t, s.w, "1 module en cours") || !shows(t, s.w, "0 module en cours") || !shows(t, s.w, "2 modules à faire") {
		t.Fatal("Bob sees progress that is not his")
	}
	sum, err := st.Summary(context.Background(), bob.ID, learner.ModulesOf(pack), learner.SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.ToDo != 2 {
		t.Fatalf("Bob's summary = %+v", sum)
	}
}

// protectedProfiles makes Ana (picture password soleil, arbre, chat) and Bob.
func protectedProfiles(t *testing.T, st *learner.Store) learner.Profile {
	t.Helper()
	ana := addProfile(t, st, "Ana", "chat")
	if err := st.SetPicturePassword(context.Background(), ana.ID, []int{0, 1, 2}); err != nil {
		t.Fatal(err)
	}
	addProfile(t, st, "Bob", "velo")
	return ana
}

func TestAPicturePasswordRefusesTheWrongOrderThenOpens(t *testing.T) {
	st, _ := openStore(t)
	ana := protectedProfiles(t, st)
	s := newStoreUI(t, st, []*courses.Pack{miniPack(t, quizLesson)}, language.French)
	test.Tap(tile(t, s.w, "Ana"))
	if !shows(t, s.w, "Touchez vos 3 images, dans l'ordre.") {
		t.Fatal("no picture password screen")
	}
	for _, p := range []string{"le soleil", "le chat", "l'arbre"} {
		test.Tap(tile(t, s.w, p))
	}
	if s.u.Profile() != nil || !shows(t, s.w, "Ce ne sont pas les bonnes images. Essayez encore.") {
		t.Fatal("a wrong order must be refused with a message")
	}
	for _, p := range []string{"le soleil", "l'arbre", "le chat"} {
		test.Tap(tile(t, s.w, p))
	}
	if s.u.Profile() == nil || s.u.Profile().ID != ana.ID {
		t.Fatal("the right pictures did not open the profile")
	}
}

func TestAPINOpensWithTheNumberPadAndTheKeyboard(t *testing.T) {
	st, _ := openStore(t)
	ana := addProfile(t, st, "Ana", "chat")
	if err := st.SetPIN(context.Background(), ana.ID, "1234"); err != nil {
		t.Fatal(err)
	}
	s := newStoreUI(t, st, []*courses.Pack{miniPack(t, quizLesson)}, language.French)
	if s.u.Profile() != nil {
		t.Fatal("a protected profile must not open by itself, even alone")
	}
	test.Tap(tile(t, s.w, "Ana"))
	test.Tap(button(t, s.w, "1"))
	test.Tap(button(t, s.w, "2"))
	test.Tap(button(t, s.w, "Valider"))
	if !shows(t, s.w, "Le code a 4 chiffres. Vous avez tapé 2 chiffres.") {
		t.Fatal("a short code needs a clear message")
	}
	for _, d := range []string{"3", "5", "Valider"} {
		test.Tap(button(t, s.w, d))
	}
	if s.u.Profile() != nil || !shows(t, s.w, "Ce n'est pas le bon code.") {
		t.Fatal("a wrong code must be refused")
	}
	test.TypeOnCanvas(s.w.Canvas(), "12a")
	if !shows(t, s.w, "Tapez seulement des chiffres.") {
		t.Fatal("a letter needs a clear message")
	}
	test.TypeOnCanvas(s.w.Canvas(), "34")
	s.w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if s.u.Profile() == nil || s.u.Profile().ID != ana.ID {
		t.Fatal("the right code typed on the keyboard did not open the profile")
	}
}

func TestCreateRenameAndDeleteAProfileWithAMessageForEachBadInput(t *testing.T) {
	st, _ := openStore(t)
	s := newStoreUI(t, st, []*courses.Pack{miniPack(t, quizLesson)}, language.French)
	if !shows(t, s.w, "Votre prénom") {
		t.Fatal("with no profile the app asks for a first name")
	}
	create := func() { test.Tap(button(t, s.w, "Créer mon profil")) }
	create()
	if !shows(t, s.w, "Écrivez votre prénom.") {
		t.Fatal("an empty first name needs a message")
	}
	name := entryOnScreen(t, s.w)
	test.Type(name, strings.Repeat("a", learner.MaxFirstNameLength+1))
	create()
	if !shows(t, s.w, "Ce prénom est trop long. Écrivez 40 lettres au plus.") {
		t.Fatal("a long first name needs a message")
	}
	name.SetText("  Marie ")
	create()
	if !shows(t, s.w, "Choisissez une image.") {
		t.Fatal("a missing picture needs a message")
	}
	test.Tap(tile(t, s.w, "le chat"))
	create()
	profiles, _ := st.Profiles(context.Background())
	if len(profiles) != 1 || profiles[0].FirstName != "Marie" || profiles[0].Avatar != "chat" {
		t.Fatalf("profiles = %+v", profiles)
	}
	test.Tap(button(t, s.w, "Non, merci"))
	if !shows(t, s.w, "Que savez-vous déjà faire ?") {
		t.Fatal("a new profile starts with the placement questionnaire")
	}
	test.Tap(button(t, s.w, "Passer le questionnaire"))
	test.Tap(button(t, s.w, "Marie"))
	test.Tap(button(t, s.w, "Modifier"))
	name = entryOnScreen(t, s.w)
	name.SetText(" ")
	test.Tap(button(t, s.w, "Enregistrer le prénom"))
	if !shows(t, s.w, "Écrivez votre prénom.") {
		t.Fatal("renaming to nothing needs a message")
	}
	name.SetText("Maria")
	test.Tap(button(t, s.w, "Enregistrer le prénom"))
	test.Tap(tile(t, s.w, "la lune"))
	p, _ := st.Profile(context.Background(), profiles[0].ID)
	if p.FirstName != "Maria" || p.Avatar != "lune" {
		t.Fatalf("after rename and new picture: %+v", p)
	}
	test.Tap(button(t, s.w, "Supprimer ce profil"))
	for _, want := range []string{"Voulez-vous supprimer le profil « Maria » ?", "Tout le travail fait avec ce profil sera effacé.", "seront perdus"} {
		if !shows(t, s.w, want) {
			t.Errorf("the confirmation does not say %q", want)
		}
	}
	test.Tap(button(t, s.w, "Non, garder le profil"))
	if profiles, _ := st.Profiles(context.Background()); len(profiles) != 1 {
		t.Fatal("cancelling deleted the profile")
	}
	test.Tap(button(t, s.w, "Supprimer ce profil"))
	test.Tap(button(t, s.w, "Oui, supprimer"))
	if profiles, _ := st.Profiles(context.Background()); len(profiles) != 0 {
		t.Fatalf("the profile is still there: %+v", profiles)
	}
}

func TestANewPicturePasswordNeedsThreeDifferentPictures(t *testing.T) {
	st, _ := openStore(t)
	s := newStoreUI(t, st, []*courses.Pack{miniPack(t, quizLesson)}, language.French)
	entryOnScreen(t, s.w).SetText("Lina")
	test.Tap(tile(t, s.w, "la fleur"))
	test.Tap(button(t, s.w, "Créer mon profil"))
	test.Tap(button(t, s.w, "Avec 3 images"))
	test.Tap(tile(t, s.w, "le soleil"))
	test.Tap(tile(t, s.w, "le soleil"))
	if !shows(t, s.w, "Choisissez 3 images différentes.") {
		t.Fatal("the same picture twice needs a message")
	}
	test.Tap(tile(t, s.w, "la clé"))
	test.Tap(tile(t, s.w, "le bateau"))
	if !shows(t, s.w, "C'est fait ! Votre profil est protégé.") {
		t.Fatal("no confirmation")
	}
	profiles, _ := st.Profiles(context.Background())
	ok, err := st.CheckPicturePassword(context.Background(), profiles[0].ID,
		[]int{pictures.Index("soleil"), pictures.Index("cle"), pictures.Index("bateau")})
	if err != nil || !ok {
		t.Fatalf("picture password not stored: %v %v", ok, err)
	}
}

func TestANewPINNeedsFourDigits(t *testing.T) {
	st, _ := openStore(t)
	s := newStoreUI(t, st, []*courses.Pack{miniPack(t, quizLesson)}, language.English)
	test.Tap(button(t, s.w, "Create my profile"))
	if !shows(t, s.w, "Write your first name.") {
		t.Fatal("the message must be in the learner's language")
	}
	entryOnScreen(t, s.w).SetText("Lina")
	test.Tap(tile(t, s.w, "the flower"))
	test.Tap(button(t, s.w, "Create my profile"))
	test.Tap(button(t, s.w, "With a code"))
	test.Tap(button(t, s.w, "7"))
	test.Tap(button(t, s.w, "OK"))
	if !shows(t, s.w, "The code has 4 digits. You typed 1 digit.") {
		t.Fatal("a one-digit code needs a message")
	}
	for _, d := range []string{"0", "0", "1", "OK"} { // the 7 typed before is kept
		test.Tap(button(t, s.w, d))
	}
	profiles, _ := st.Profiles(context.Background())
	if ok, err := st.CheckPIN(context.Background(), profiles[0].ID, "7001"); err != nil || !ok || !profiles[0].HasPIN {
		t.Fatalf("PIN not stored: %v %v", ok, err)
	}
}

func TestEveryPictureHasANameInEveryLanguage(t *testing.T) {
	if len(pictures.IDs) != learner.PictureCount {
		t.Fatalf("%d pictures, the picture password needs %d", len(pictures.IDs), learner.PictureCount)
	}
	for _, lang := range []language.Tag{language.French, language.English} {
		tr := i18n.New(lang)
		for _, id := range pictures.IDs {
			if name := tr.T("learner.picture." + id); name == "" || strings.Contains(name, "learner.") {
				t.Errorf("%s: picture %s has no name (%q)", lang, id, name)
			}
		}
	}
	seen := map[string]bool{}
	for _, id := range pictures.IDs {
		res := pictures.Resource(id)
		if len(res.Content()) == 0 || !strings.Contains(string(res.Content()), "viewBox") || strings.Contains(string(res.Content()), "<text") {
			t.Errorf("%s: the picture must be an SVG with a viewBox and no text", id)
		}
		if seen[id] {
			t.Errorf("%s twice", id)
		}
		seen[id] = true
	}
}

func TestTheKeyboardReachesThePINPadAfterTheFirstNameField(t *testing.T) {
	st, _ := openStore(t)
	s := newStoreUI(t, st, []*courses.Pack{miniPack(t, quizLesson)}, language.French)
	name := entryOnScreen(t, s.w)
	if s.w.Canvas().Focused() != name {
		t.Fatal("the first-name field should have the keyboard focus")
	}
	test.Type(name, "Zoé")
	test.Tap(tile(t, s.w, "le chat"))
	test.Tap(button(t, s.w, "Créer mon profil"))
	test.Tap(button(t, s.w, "Avec un code"))
	// The field of the previous screen must not keep the keyboard: the digits go
	// to the number pad, and Entrée validates the code (not the old form).
	test.TypeOnCanvas(s.w.Canvas(), "2468")
	s.w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	profiles, _ := st.Profiles(context.Background())
	if len(profiles) != 1 {
		t.Fatalf("%d profiles: the old form was submitted again", len(profiles))
	}
	if ok, _ := st.CheckPIN(context.Background(), profiles[0].ID, "2468"); !ok || !profiles[0].HasPIN {
		t.Fatal("the code typed on the keyboard was not saved")
	}
}

func TestAFirstNameWithAControlCharacterIsRefusedWithAMessage(t *testing.T) {
	st, _ := openStore(t)
	s := newStoreUI(t, st, []*courses.Pack{miniPack(t, quizLesson)}, language.French)
	entryOnScreen(t, s.w).SetText("Ma\trie")
	test.Tap(tile(t, s.w, "le chat"))
	test.Tap(button(t, s.w, "Créer mon profil"))
	if !shows(t, s.w, "Ce prénom ne peut pas être enregistré. Essayez un autre prénom.") {
		t.Fatal("a first name with a tab needs a message")
	}
	if profiles, _ := st.Profiles(context.Background()); len(profiles) != 0 {
		t.Fatalf("the profile was created: %+v", profiles)
	}
}
