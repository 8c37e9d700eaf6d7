package app

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/attest"
	"declic/branding"
	"declic/courses"
	"declic/internal/prereq"
	"declic/keys"
	"declic/learner"
	"declic/plugins/view"
	"declic/records"
)

// attestDay is a Tuesday, at noon so the date is the same in every time zone.
var attestDay = time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)

// finishModule records a module finished after an hour of active learning.
func finishModule(t *testing.T, st *learner.Store, p learner.Profile, moduleID, title string, hours, score float64, end time.Time) {
	t.Helper()
	start := end.Add(-70 * time.Minute)
	err := st.Record(context.Background(),
		learner.StepView{ProfileID: p.ID, PackID: "declic-starter", ModuleID: moduleID, LessonID: "01", Step: 0, At: start},
		learner.ActiveSpan{ProfileID: p.ID, PackID: "declic-starter", ModuleID: moduleID, Start: start, End: end, Active: time.Hour},
		learner.Completion{ProfileID: p.ID, PackID: "declic-starter", PackVersion: "1.0.0", ModuleID: moduleID,
			ModuleTitle: title, Level: courses.Beginner, Competencies: []string{"5.2"}, Hours: hours,
			FinalScore: score, Mastered: score >= 0.8, At: end})
	if err != nil {
		t.Fatal(err)
	}
}

// stick makes a folder that stands for a plugged-in USB stick.
func stick(t *testing.T, label string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), label)
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	plug(t, attest.Drive{Label: label, Path: dir})
	return dir
}

// check finds the visible tick box whose text is label.
func check(t *testing.T, w fyne.Window, label string) *view.Check {
	t.Helper()
	var found *view.Check
	walk(t, w.Content(), func(o fyne.CanvasObject) {
		if c, ok := o.(*view.Check); ok && c.Text == label && c.Visible() {
			found = c
		}
	})
	if found == nil {
		t.Fatalf("no tick box %q on screen", label)
	}
	return found
}

// verified reads and verifies a credential file as the centre would.
func verified(t *testing.T, path string) *records.Record {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := records.Verify(data, records.VerifyOptions{Now: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatalf("%s does not verify: %v", filepath.Base(path), err)
	}
	return rec
}

func attestationsUI(t *testing.T, lang language.Tag) (*storeUI, learner.Profile) {
	t.Helper()
	st, _ := openStore(t)
	p := addProfile(t, st, "Ana", "chat")
	finishModule(t, st, p, "02-la-souris", "La souris", 1.5, 0.9, attestDay)
	s := newStoreUI(t, st, []*courses.Pack{miniPack(t, quizLesson)}, lang)
	if s.u.Profile() == nil {
		t.Fatal("the only profile did not open")
	}
	s.u.ShowAttestations()
	return s, p
}

func TestACompletedModuleAppearsWithItsDateHoursAndScore(t *testing.T) {
	s, _ := attestationsUI(t, language.French)
	if !check(t, s.w, "La souris").Checked {
		t.Error("a finished module is not ticked by default")
	}
	if !shows(t, s.w, "Terminé le mardi 3 mars 2026. Durée : 1,5 h. Score : 90 %.") {
		t.Error("the module's date, hours and score are not written out")
	}
	if !shows(t, s.w, "Cette attestation prouve que vous avez suivi ce module avec Déclic.") {
		t.Error("the screen does not say what an attestation proves")
	}
}

func TestAModuleFinishedInTheAppAppears(t *testing.T) {
	st, _ := openStore(t)
	addProfile(t, st, "Ana", "chat")
	pack := miniPack(t, quizLesson)
	s := newStoreUI(t, st, []*courses.Pack{pack}, language.French)
	s.u.ShowAttestations()
	if !shows(t, s.w, "Vous n'avez pas encore d'attestation.") {
		t.Fatal("no empty state before any module is finished")
	}
	finishFirstModule(t, s, pack)
	s.u.ShowAttestations()
	check(t, s.w, pack.Modules[0].Title)
}

func TestExportToAUSBStickWritesRecordsTheCentreAcceptsWithTheSameIdEachTime(t *testing.T) {
	usb := stick(t, "CLE-ANA")
	s, p := attestationsUI(t, language.French)
	test.Tap(button(t, s.w, "Exporter"))
	test.Tap(button(t, s.w, "Sur la clé USB « CLE-ANA »"))
	if !shows(t, s.w, "C'est fait ! Votre attestation est dans ce dossier :") || !shows(t, s.w, usb) {
		t.Fatal("the screen does not say where the file is")
	}
	if !shows(t, s.w, "Apportez la clé USB à votre conseiller numérique.") {
		t.Error("the screen does not say what to do with the stick")
	}
	file := filepath.Join(usb, "attestation-declic-starter-02-la-souris.json")
	first := verified(t, file)
	if first.SubjectID != "urn:uuid:"+p.ID || first.CreditsEarned != 1.5 || first.ScorePercent != 90 {
		t.Errorf("record %+v", first)
	}
	if first.DisplayName != "" {
		t.Errorf("the record carries the name %q although the box was not ticked", first.DisplayName)
	}
	pdf, err := os.ReadFile(filepath.Join(usb, attest.PDFName))
	if err != nil || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("no printable PDF beside the record: %v", err)
	}

	// Export again, later: the same record.
	s.clock.Advance(72 * time.Hour)
	s.u.ShowAttestations()
	test.Tap(button(t, s.w, "Exporter"))
	test.Tap(button(t, s.w, "Sur la clé USB « CLE-ANA »"))
	if again := verified(t, file); again.ID != first.ID {
		t.Errorf("re-export changed the record id from %s to %s", first.ID, again.ID)
	}
}

func TestTheFirstNameIsOnTheRecordOnlyWhenChosen(t *testing.T) {
	usb := stick(t, "CLE")
	s, _ := attestationsUI(t, language.French)
	if !shows(t, s.w, "Sans cette case, votre prénom n'est pas écrit sur l'attestation.") {
		t.Error("the name box is not explained")
	}
	test.Tap(check(t, s.w, "Mettre mon prénom sur l'attestation"))
	test.Tap(button(t, s.w, "Exporter"))
	test.Tap(button(t, s.w, "Sur la clé USB « CLE »"))
	if got := verified(t, filepath.Join(usb, "attestation-declic-starter-02-la-souris.json")).DisplayName; got != "Ana" {
		t.Errorf("display name %q, want Ana", got)
	}
}

func TestOnlyTheTickedModulesAreExported(t *testing.T) {
	usb := stick(t, "CLE")
	st, _ := openStore(t)
	p := addProfile(t, st, "Ana", "chat")
	finishModule(t, st, p, "02-la-souris", "La souris", 1.5, 0.9, attestDay)
	finishModule(t, st, p, "03-le-clavier", "Le clavier", 2, 0.85, attestDay.Add(24*time.Hour))
	s := newStoreUI(t, st, nil, language.French)
	s.u.ShowAttestations()
	test.Tap(check(t, s.w, "La souris"))
	test.Tap(button(t, s.w, "Exporter"))
	test.Tap(button(t, s.w, "Sur la clé USB « CLE »"))
	entries, _ := os.ReadDir(usb)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != "attestation-declic-starter-03-le-clavier.json,attestation-declic.pdf" {
		t.Errorf("files on the stick: %v", names)
	}
	test.Tap(button(t, s.w, "Mes attestations")) // back from « C'est fait ! »
	test.Tap(check(t, s.w, "La souris"))
	test.Tap(check(t, s.w, "Le clavier"))
	test.Tap(button(t, s.w, "Exporter"))
	if !shows(t, s.w, "Cochez au moins un module.") {
		t.Error("nothing ticked: no message")
	}
}

func TestWithoutAStickTheLearnerCanUseMesDocuments(t *testing.T) {
	plug(t)
	s, _ := attestationsUI(t, language.French)
	test.Tap(button(t, s.w, "Exporter"))
	if !shows(t, s.w, "Aucune clé USB n'est branchée.") {
		t.Error("no word about the missing stick")
	}
	button(t, s.w, "Chercher la clé USB")
	button(t, s.w, "Choisir un dossier")
	test.Tap(button(t, s.w, "Dans Mes documents"))
	verified(t, filepath.Join(s.dir, "attestation-declic-starter-02-la-souris.json"))
	if !shows(t, s.w, "Copiez ces fichiers sur une clé USB, ou imprimez la feuille.") {
		t.Error("after an export to a folder, the screen does not say what to do next")
	}
}

func readOnlyDir(t *testing.T) string {
	t.Helper()
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
	return dir
}

func TestAReadOnlyFolderIsExplainedInTheLearnersLanguage(t *testing.T) {
	for _, c := range []struct {
		lang           language.Tag
		export, target string
		want           string
	}{
		{language.French, "Exporter", "Sur la clé USB « PROTEGEE »", "Impossible d'écrire dans ce dossier. La clé USB est peut-être protégée."},
		{language.English, "Export", "On the USB stick “PROTEGEE”", "This folder cannot be written to. The USB stick may be locked."},
	} {
		ro := readOnlyDir(t)
		plug(t, attest.Drive{Label: "PROTEGEE", Path: ro})
		s, _ := attestationsUI(t, c.lang)
		test.Tap(button(t, s.w, c.export))
		test.Tap(button(t, s.w, c.target))
		plug(t)
		if !shows(t, s.w, c.want) {
			t.Errorf("%s: no clear message for a read-only stick", c.lang)
		}
		if entries, _ := os.ReadDir(ro); len(entries) != 0 {
			t.Errorf("%s: the read-only folder got %d files", c.lang, len(entries))
		}
	}
}

func TestAStickPulledOutIsExplained(t *testing.T) {
	gone := filepath.Join(t.TempDir(), "CLE")
	plug(t, attest.Drive{Label: "CLE", Path: gone})
	s, _ := attestationsUI(t, language.French)
	test.Tap(button(t, s.w, "Exporter"))
	test.Tap(button(t, s.w, "Sur la clé USB « CLE »"))
	if !shows(t, s.w, "Ce dossier n'existe plus. La clé USB est peut-être débranchée.") {
		t.Error("no clear message for a stick pulled out")
	}
}

func TestNoCompletionGivesAKindEmptyStateThatSaysHowToEarnOne(t *testing.T) {
	st, _ := openStore(t)
	addProfile(t, st, "Ana", "chat")
	s := newStoreUI(t, st, []*courses.Pack{miniPack(t, quizLesson)}, language.French)
	s.u.ShowAttestations()
	for _, want := range []string{"Vous n'avez pas encore d'attestation.", "Pour en avoir une, terminez un module jusqu'au quiz final."} {
		if !shows(t, s.w, want) {
			t.Errorf("the empty state does not say %q", want)
		}
	}
	test.Tap(button(t, s.w, "Choisir un module"))
	if !shows(t, s.w, "Bonjour ! Que voulez-vous apprendre ?") {
		t.Error("the empty state's button does not lead to the modules")
	}
}

func TestTheCentreNameSignsWhenABrandingBundleGivesOne(t *testing.T) {
	usb := stick(t, "CLE")
	s, _ := attestationsUI(t, language.French)
	s.u.opts.Branding = &branding.Bundle{Name: "Espace numérique de Villeneuve"}
	test.Tap(button(t, s.w, "Exporter"))
	test.Tap(button(t, s.w, "Sur la clé USB « CLE »"))
	rec := verified(t, filepath.Join(usb, "attestation-declic-starter-02-la-souris.json"))
	if rec.IssuerName != "Déclic – Espace numérique de Villeneuve" {
		t.Errorf("issuer %q", rec.IssuerName)
	}
	// The profile's own key signs, never a key of the PC.
	key, err := s.store.ProfileKey(context.Background(), s.u.Profile().ID)
	if err != nil || key.DID() != rec.IssuerDID {
		t.Errorf("the record is not signed by the profile's key: %v", err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(s.store.Path()), "keys", keys.FileName)); !os.IsNotExist(err) {
		t.Errorf("an installation key was made for the record: %v", err)
	}
}

// TestTwoLearnersOnOnePCExportRecordsSignedByTheirOwnKeys drives the real screens
// for two profiles of one PC: each exports her record, and the centre sees two
// issuers, each the did:key of the profile that finished the module.
func TestTwoLearnersOnOnePCExportRecordsSignedByTheirOwnKeys(t *testing.T) {
	st, _ := openStore(t)
	ana := addProfile(t, st, "Ana", "chat")
	bruno := addProfile(t, st, "Bruno", "soleil")
	finishModule(t, st, ana, "02-la-souris", "La souris", 1.5, 0.9, attestDay)
	finishModule(t, st, bruno, "02-la-souris", "La souris", 1.5, 0.85, attestDay)
	s := newStoreUI(t, st, []*courses.Pack{miniPack(t, quizLesson)}, language.French)
	issuers := map[string]string{}
	for _, who := range []string{"Ana", "Bruno"} {
		usb := stick(t, "CLE-"+strings.ToUpper(who))
		s.u.profiles.ShowProfiles()
		test.Tap(tile(t, s.w, who))
		s.u.ShowAttestations()
		test.Tap(button(t, s.w, "Exporter"))
		test.Tap(button(t, s.w, "Sur la clé USB « CLE-"+strings.ToUpper(who)+" »"))
		rec := verified(t, filepath.Join(usb, "attestation-declic-starter-02-la-souris.json"))
		issuers[who] = rec.IssuerDID
	}
	ka, _ := st.ProfileKey(context.Background(), ana.ID)
	kb, _ := st.ProfileKey(context.Background(), bruno.ID)
	if issuers["Ana"] != ka.DID() || issuers["Bruno"] != kb.DID() || ka.DID() == kb.DID() {
		t.Fatalf("issuers %v; want Ana's %s and Bruno's %s", issuers, ka.DID(), kb.DID())
	}
}

func TestACompletionWithoutItsPackIsLeftOutOfTheList(t *testing.T) {
	st, _ := openStore(t)
	p := addProfile(t, st, "Ana", "chat")
	// Recorded while the pack was missing: no title, no hours.
	if err := st.Record(context.Background(), learner.Completion{ProfileID: p.ID, PackID: "gone", PackVersion: "1.0.0",
		ModuleID: "m", FinalScore: 1, Mastered: true, At: attestDay}); err != nil {
		t.Fatal(err)
	}
	finishModule(t, st, p, "02-la-souris", "La souris", 1.5, 0.9, attestDay)
	s := newStoreUI(t, st, nil, language.French)
	usb := stick(t, "CLE")
	s.u.ShowAttestations()
	test.Tap(button(t, s.w, "Exporter"))
	test.Tap(button(t, s.w, "Sur la clé USB « CLE »"))
	if !shows(t, s.w, "C'est fait ! Votre attestation est dans ce dossier :") {
		t.Fatal("the export of the module that can be attested failed")
	}
	verified(t, filepath.Join(usb, "attestation-declic-starter-02-la-souris.json"))
}
