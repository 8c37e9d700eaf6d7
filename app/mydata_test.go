package app

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/courses"
	"declic/learner"
)

func TestMyDataShowsTheFileExportsAndDeletes(t *testing.T) {
	st, _ := openStore(t)
	ana := addProfile(t, st, "Anaïs", "chat")
	pack := miniPack(t, quizLesson)
	s := newStoreUI(t, st, []*courses.Pack{pack}, language.French)
	s.u.OpenLesson(pack, pack.Modules[1], 0, 0)
	test.Tap(button(t, s.w, "Mon parcours"))
	test.Tap(button(t, s.w, "Mes données"))
	if !shows(t, s.w, st.Path()) {
		t.Fatal("the file's path is not shown")
	}
	test.Tap(button(t, s.w, "Copier mes données"))
	want := filepath.Join(s.dir, "declic-anais-2026-11-23.json")
	if !shows(t, s.w, "Vos données sont dans : "+want) {
		t.Fatal("the export's path is not shown")
	}
	data, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	var exp learner.Export
	if err := json.Unmarshal(data, &exp); err != nil {
		t.Fatal(err)
	}
	if exp.Format != learner.ExportFormat || exp.Profile.FirstName != "Anaïs" || len(exp.StepViews) != 1 {
		t.Fatalf("export = %+v", exp)
	}
	test.Tap(button(t, s.w, "Copier mes données"))
	if _, err := os.Stat(filepath.Join(s.dir, "declic-anais-2026-11-23-2.json")); err != nil {
		t.Fatal("a second export must not overwrite the first")
	}
	test.Tap(button(t, s.w, "Effacer mon profil et mes données"))
	if !shows(t, s.w, "Voulez-vous supprimer le profil « Anaïs » ?") {
		t.Fatal("no confirmation naming the profile")
	}
	test.Tap(button(t, s.w, "Oui, supprimer"))
	if _, err := st.Profile(context.Background(), ana.ID); err == nil {
		t.Fatal("the profile is still there")
	}
	if s.u.Profile() != nil {
		t.Fatal("the deleted profile is still open")
	}
}

func TestAnExportIntoAFolderThatDoesNotExistSaysSo(t *testing.T) {
	st, _ := openStore(t)
	addProfile(t, st, "Ana", "chat")
	s := newStoreUI(t, st, []*courses.Pack{miniPack(t, quizLesson)}, language.French)
	s.u.opts.ExportDir = filepath.Join(s.dir, "absent")
	s.u.ShowMyData()
	test.Tap(button(t, s.w, "Copier mes données"))
	if !shows(t, s.w, "La copie n'a pas marché. Essayez un autre dossier.") {
		t.Fatal("a failed export needs a clear message")
	}
}

func TestFileSafeNames(t *testing.T) {
	for in, want := range map[string]string{"Anaïs": "anais", "Jean Marc": "jean-marc", "李": "profil", "Zoé-2": "zoe-2"} {
		if got := fileSafe(in); got != want {
			t.Errorf("fileSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMyDataListsTheAttestationsHandedOut exports an attestation to a USB stick,
// then « Mes données »: the learner's file names that record by its id.
func TestMyDataListsTheAttestationsHandedOut(t *testing.T) {
	usb := stick(t, "CLE-ANA")
	s, _ := attestationsUI(t, language.French)
	test.Tap(button(t, s.w, "Exporter"))
	test.Tap(button(t, s.w, "Sur la clé USB « CLE-ANA »"))
	rec := verified(t, filepath.Join(usb, "attestation-declic-starter-02-la-souris.json"))

	s.u.ShowMyData()
	test.Tap(button(t, s.w, "Copier mes données"))
	data, err := os.ReadFile(filepath.Join(s.dir, "declic-ana-"+s.clock.Now().Format("2006-01-02")+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var exp learner.Export
	if err := json.Unmarshal(data, &exp); err != nil {
		t.Fatal(err)
	}
	if len(exp.IssuedRecords) != 1 {
		t.Fatalf("issued records in the export: %+v, want the one attestation", exp.IssuedRecords)
	}
	got := exp.IssuedRecords[0]
	if got.RecordID != rec.ID || got.PackID != "declic-starter" || got.ModuleID != "02-la-souris" || got.IssuedAt.IsZero() {
		t.Errorf("issued record %+v, want %s for declic-starter/02-la-souris", got, rec.ID)
	}
}
