package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/attest"
	"declic/bilan"
	"declic/internal/clocktest"
	"declic/learner"
	"declic/records"
)

// exportAnaToStick opens Ana's profile (with the PIN 4821 and one module done) on a
// PC, saves her profile file on the stick "CLE-ANA" through the screens, and returns
// the stick's folder and the profile.
func exportAnaToStick(t *testing.T) (string, learner.Profile, *learner.Store) {
	t.Helper()
	s, st := clockedUI(t, language.French)
	p := openAna(t, s, st)
	finishModule(t, st, p, "02-la-souris", "La souris", 1.5, 0.9, clocktest.Now().Add(-time.Hour))
	if err := st.SetPIN(context.Background(), p.ID, "4821"); err != nil {
		t.Fatal(err)
	}
	usb := stick(t, "CLE-ANA")
	s.u.ShowMyData()
	test.Tap(button(t, s.w, "Emporter mon profil"))
	typePIN(t, s.w, "4821")
	test.Tap(button(t, s.w, "Sur la clé USB « CLE-ANA »"))
	if !shows(t, s.w, "C'est fait ! Votre profil est enregistré.") {
		t.Fatal("the profile file was not saved")
	}
	return usb, p, st
}

func TestTheProfileIsSavedOnAStickSealedWithThePIN(t *testing.T) {
	usb, p, st := exportAnaToStick(t)
	path := filepath.Join(usb, anaFile(t, st, p))
	pp, err := learner.ReadProfileFile(path)
	if err != nil {
		t.Fatal(err)
	}
	key, _ := st.ProfileKey(context.Background(), p.ID)
	if pp.ProfileID != p.ID || pp.DID != key.DID() || pp.Unlock != learner.SecretPIN {
		t.Fatalf("profile file %+v", pp)
	}
	data, _ := os.ReadFile(path)
	if bytes.Contains(data, []byte(key.SecretMultibase())) {
		t.Fatal("the key is in clear in the profile file")
	}
	if runtime.GOOS != "windows" {
		if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
			t.Errorf("the profile file has mode %v, want 0600", st.Mode().Perm())
		}
	}
}

func TestAProfileWithoutProtectionIsProtectedBeforeItLeaves(t *testing.T) {
	s, st := clockedUI(t, language.French)
	p := openAna(t, s, st)
	usb := stick(t, "CLE")
	s.u.ShowMyData()
	test.Tap(button(t, s.w, "Emporter mon profil"))
	for _, want := range []string{"Protégez d'abord votre profil", "Votre profil va voyager sur une clé USB."} {
		if !shows(t, s.w, want) {
			t.Fatalf("the screen does not say %q", want)
		}
	}
	test.Tap(button(t, s.w, "Avec un code"))
	typePIN(t, s.w, "2580")
	test.Tap(button(t, s.w, "Sur la clé USB « CLE »"))
	if !shows(t, s.w, "Il faudra votre code de 4 chiffres.") {
		t.Fatal("the learner is not told she needs her code on the other PC")
	}
	if ok, err := st.CheckPIN(context.Background(), p.ID, "2580"); !ok || err != nil {
		t.Fatal("the PIN chosen for the export does not protect the profile")
	}
	pp, err := learner.ReadProfileFile(filepath.Join(usb, anaFile(t, st, p)))
	if err != nil || pp.Open(learner.Secret{PIN: "2580"}) != nil {
		t.Fatalf("the file is not sealed with the PIN chosen: %v", err)
	}
}

func TestAWrongPINAtExportIsSaidAndNothingIsSaved(t *testing.T) {
	s, st := clockedUI(t, language.French)
	p := openAna(t, s, st)
	st.SetPicturePassword(context.Background(), p.ID, []int{0, 1, 2})
	usb := stick(t, "CLE")
	s.u.ShowMyData()
	test.Tap(button(t, s.w, "Emporter mon profil"))
	for _, pic := range []string{"la lune", "la tasse", "la clé"} {
		test.Tap(tile(t, s.w, pic))
	}
	if !shows(t, s.w, "Ce ne sont pas les bonnes images. Essayez encore.") {
		t.Fatal("wrong pictures are not said")
	}
	if entries, _ := os.ReadDir(usb); len(entries) != 0 {
		t.Fatal("something was written after wrong pictures")
	}
	for _, pic := range []string{"le soleil", "l'arbre", "le chat"} {
		test.Tap(tile(t, s.w, pic))
	}
	test.Tap(button(t, s.w, "Sur la clé USB « CLE »"))
	if !shows(t, s.w, "Il faudra vos 3 images, dans le même ordre.") {
		t.Fatal("the pictures did not seal the file")
	}
}

func TestTheProfileIsAddedOnAnotherPCFromTheStick(t *testing.T) {
	usb, p, home := exportAnaToStick(t)
	other, st := clockedUI(t, language.French) // the centre's PC, no profile yet
	stickAt(t, "CLE-ANA", usb)
	other.u.profiles.ShowNewProfile()
	test.Tap(button(t, other.w, "J'ai déjà un profil sur une clé USB"))
	test.Tap(button(t, other.w, anaFile(t, home, p)+" — clé USB « CLE-ANA »"))
	if !shows(t, other.w, "Bonjour Ana !") {
		t.Fatal("the profile's first name is not shown before its code")
	}
	typePIN(t, other.w, "1234")
	if !shows(t, other.w, "Ce n'est pas le bon code. Essayez encore.") {
		t.Fatal("a wrong code is not said")
	}
	if ps, _ := st.Profiles(context.Background()); len(ps) != 0 {
		t.Fatal("a wrong code added the profile")
	}
	typePIN(t, other.w, "4821")
	if !waitFor(func() bool { return shows(t, other.w, "C'est fait ! Le profil de Ana est sur cet ordinateur.") }) {
		t.Fatal("the import did not finish")
	}
	if !shows(t, other.w, "Vous retrouvez vos progrès et votre carte Déclic.") {
		t.Error("a new profile is not announced as such")
	}
	test.Tap(button(t, other.w, "Ouvrir le profil « Ana »"))
	if other.u.Profile() == nil || other.u.Profile().ID != p.ID {
		t.Fatal("the added profile does not open")
	}
	kh, _ := home.ProfileKey(context.Background(), p.ID)
	kc, _ := st.ProfileKey(context.Background(), p.ID)
	if kh.DID() != kc.DID() {
		t.Fatal("the two PCs have two keys for one learner")
	}
	mods, _ := st.CompletedModules(context.Background(), p.ID)
	if len(mods) != 1 || mods[0].ModuleID != "02-la-souris" {
		t.Fatalf("the module finished at home is missing: %+v", mods)
	}
	// Her records, signed at the centre, carry the same key as at home.
	creds, err := (&attest.Issuer{Store: st, Now: other.clock.Now}).Issue(context.Background(), p.ID, mods, "")
	if err != nil {
		t.Fatal(err)
	}
	if rec := verifiedBytes(t, creds[0].JSON, other.clock.Now()); rec.IssuerDID != kh.DID() {
		t.Fatalf("a record at the centre is signed by %s, not her key %s", rec.IssuerDID, kh.DID())
	}
}

func TestBringingTheProfileBackMergesBothHistories(t *testing.T) {
	usb, p, home := exportAnaToStick(t)
	centre, st := clockedUI(t, language.French)
	stickAt(t, "CLE-ANA", usb)
	file := anaFile(t, home, p)
	pp, _ := learner.ReadProfileFile(filepath.Join(usb, file))
	if _, err := st.ImportProfile(context.Background(), pp, learner.Secret{PIN: "4821"}); err != nil {
		t.Fatal(err)
	}
	// Meanwhile, at home, she finishes another module; back at the centre she adds
	// the new file.
	finishModule(t, home, p, "03-le-clavier", "Le clavier", 2, 0.85, clocktest.Now())
	data, err := home.ProfileFile(context.Background(), p.ID, learner.Secret{PIN: "4821"})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(usb, file), data, 0o600)
	centre.u.profiles.ShowProfiles()
	test.Tap(tile(t, centre.w, "Ajouter mon profil"))
	test.Tap(button(t, centre.w, file+" — clé USB « CLE-ANA »"))
	typePIN(t, centre.w, "4821")
	if !waitFor(func() bool {
		return shows(t, centre.w, "Vos progrès des 2 ordinateurs sont réunis. Rien n'est perdu.")
	}) {
		t.Fatal("the merge is not announced")
	}
	mods, _ := st.CompletedModules(context.Background(), p.ID)
	if len(mods) != 2 {
		t.Fatalf("after the merge, %d modules finished, want 2", len(mods))
	}
	if ps, _ := st.Profiles(context.Background()); len(ps) != 1 {
		t.Fatalf("%d profiles after bringing the same one twice", len(ps))
	}
}

func TestBadProfileFilesAreExplainedAndAddNothing(t *testing.T) {
	usb, p, home := exportAnaToStick(t)
	good, _ := os.ReadFile(filepath.Join(usb, anaFile(t, home, p)))
	centre, st := clockedUI(t, language.French)
	bad := filepath.Join(t.TempDir(), "CLE")
	os.Mkdir(bad, 0o700)
	stickAt(t, "CLE", bad)
	huge := filepath.Join(bad, "profil-declic-gros.json")
	f, _ := os.Create(huge)
	f.Truncate(learner.MaxProfileFileSize + 1)
	f.Close()
	files := map[string][]byte{
		"profil-declic-abime.json":  good[:len(good)/3],
		"profil-declic-change.json": bytes.Replace(good, []byte(`"first_name":"Ana"`), []byte(`"first_name":"Eve"`), 1),
		"profil-declic-futur.json":  bytes.Replace(good, []byte(`"version":1,`), []byte(`"version":7,`), 1),
		"profil-declic-carte.json":  []byte(`{"type":"DeclicCard","version":1}`),
	}
	for name, data := range files {
		os.WriteFile(filepath.Join(bad, name), data, 0o600)
	}
	for _, tc := range []struct{ file, want string }{
		{"profil-declic-abime.json", "Ce fichier est abîmé. Enregistrez encore votre profil sur l'autre ordinateur."},
		{"profil-declic-change.json", "Ce fichier est abîmé."},
		{"profil-declic-futur.json", "Ce profil vient d'une version plus récente de Déclic. Installez la nouvelle version."},
		{"profil-declic-carte.json", "Ce fichier n'est pas un profil Déclic. Choisissez un fichier « profil-declic-… »."},
		{"profil-declic-gros.json", "Ce fichier est trop gros pour être un profil Déclic."},
	} {
		centre.u.ShowImportProfile(centre.u.profiles.ShowProfiles)
		test.Tap(button(t, centre.w, tc.file+" — clé USB « CLE »"))
		if !shows(t, centre.w, tc.want) || !shows(t, centre.w, "Rien n'a changé sur cet ordinateur.") {
			t.Errorf("%s: the screen does not say %q and that nothing changed", tc.file, tc.want)
		}
	}
	if ps, _ := st.Profiles(context.Background()); len(ps) != 0 {
		t.Fatalf("bad files added %d profiles", len(ps))
	}
}

func TestWithoutAStickTheImportScreenSaysWhatToDo(t *testing.T) {
	centre, _ := clockedUI(t, language.French)
	plug(t)
	centre.u.ShowImportProfile(centre.u.profiles.ShowProfiles)
	if !shows(t, centre.w, "Déclic ne trouve pas de profil sur une clé USB.") {
		t.Fatal("no stick, and the screen does not say so")
	}
	button(t, centre.w, "Choisir le fichier")
	test.Tap(button(t, centre.w, "Retour"))
	if !shows(t, centre.w, "Nouveau profil") {
		t.Fatal("« Retour » does not go back")
	}
}

func TestMonBilanIsSavedSignedByTheProfileKey(t *testing.T) {
	s, st := clockedUI(t, language.French)
	p := openAna(t, s, st)
	finishModule(t, st, p, "02-la-souris", "La souris", 1.5, 0.9, clocktest.Now().Add(-time.Hour))
	usb := stick(t, "CLE")
	s.u.ShowMyData()
	test.Tap(check(t, s.w, "Mettre mon prénom dans le bilan"))
	test.Tap(button(t, s.w, "Enregistrer mon bilan"))
	test.Tap(button(t, s.w, "Sur la clé USB « CLE »"))
	key, _ := st.ProfileKey(context.Background(), p.ID)
	name := "bilan-declic-ana-" + codeGroup(key.Fingerprint()) + "-" + clocktest.Now().Format("2006-01-02") + ".json"
	if !shows(t, s.w, "C'est fait ! Votre bilan est enregistré.") || !shows(t, s.w, "Le fichier s'appelle « "+name+" ».") {
		t.Fatal("the saved bilan is not announced")
	}
	data, err := os.ReadFile(filepath.Join(usb, name))
	if err != nil {
		t.Fatal(err)
	}
	b, err := bilan.Verify(data)
	if err != nil {
		t.Fatalf("the bilan does not verify: %v", err)
	}
	if b.Learner.DID != key.DID() || b.Learner.Name != "Ana" || len(b.Modules) != 1 || b.Modules[0].State != bilan.ModuleDone {
		t.Fatalf("bilan %+v", b)
	}
}

// anaFile is the name of the profile file of p on st.
func anaFile(t *testing.T, st *learner.Store, p learner.Profile) string {
	t.Helper()
	key, err := st.ProfileKey(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	return profileFileName(p.FirstName, key.Fingerprint())
}

func TestTwoLearnersWithOneFirstNameKeepTwoFilesOnTheStick(t *testing.T) {
	s, st := clockedUI(t, language.French)
	ana1 := addProfile(t, st, "Ana", "chat")
	ana2 := addProfile(t, st, "Ana", "velo")
	usb := stick(t, "CLE")
	for _, p := range []learner.Profile{ana1, ana2} {
		st.SetPIN(context.Background(), p.ID, "1234")
		s.u.profiles.ShowProfiles()
		s.u.openProfile(p)
		s.u.ShowMyData()
		test.Tap(button(t, s.w, "Emporter mon profil"))
		typePIN(t, s.w, "1234")
		test.Tap(button(t, s.w, "Sur la clé USB « CLE »"))
	}
	f1, f2 := anaFile(t, st, ana1), anaFile(t, st, ana2)
	if f1 == f2 {
		t.Fatalf("two learners named Ana share the file name %s", f1)
	}
	for _, f := range []string{f1, f2} {
		if _, err := learner.ReadProfileFile(filepath.Join(usb, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// stickAt makes the folder dir stand for a plugged-in USB stick labelled label.
func stickAt(t *testing.T, label, dir string) {
	t.Helper()
	plug(t, attest.Drive{Label: label, Path: dir})
}

// verifiedBytes checks a record as a centre would, at now.
func verifiedBytes(t *testing.T, data []byte, now time.Time) *records.Record {
	t.Helper()
	rec, err := records.Verify(data, records.VerifyOptions{Now: now.Add(time.Hour)})
	if err != nil {
		t.Fatalf("the record does not verify: %v", err)
	}
	return rec
}
