package app

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
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

// damageFile folds the WAL into the learner file and writes over every page but
// the first, as a failing disk would: the file still opens, its tables do not read.
func damageFile(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	header := make([]byte, 100)
	if _, err := f.ReadAt(header, 0); err != nil {
		t.Fatal(err)
	}
	pageSize := int64(binary.BigEndian.Uint16(header[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	info, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() < 3*pageSize {
		t.Fatalf("the learner file has %d bytes: too few pages to damage", info.Size())
	}
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xA5}, int(info.Size()-pageSize)), pageSize); err != nil {
		t.Fatal(err)
	}
}

func TestCheckMyDataSaysWhetherTheLearnerFileIsSound(t *testing.T) {
	tests := []struct {
		name    string
		lang    language.Tag
		damaged bool
		gone    bool   // the file deleted while Déclic runs
		open    string // « Mes données »
		check   string // the button
		want    string
	}{
		{"a sound file is said sound, in French", language.French, false, false, "Mes données", "Vérifier mes données", "Vos données sont en bon état."},
		{"a sound file is said sound, in English", language.English, false, false, "My data", "Check my data", "Your data is in good shape."},
		{"a damaged file is said damaged, with what to do, in French", language.French, true, false, "Mes données", "Vérifier mes données",
			"Le fichier de vos données est abîmé. Copiez vos données tout de suite avec « Copier mes données ». Puis demandez de l'aide à la personne qui vous accompagne."},
		{"a damaged file is said damaged, with what to do, in English", language.English, true, false, "My data", "Check my data",
			"The file of your data is damaged. Copy your data now with « Copy my data ». Then ask the person who helps you."},
		{"a file gone is said unreadable, in French", language.French, false, true, "Mes données", "Vérifier mes données",
			"Déclic n'a pas pu relire vos données. Fermez Déclic, puis réessayez."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, _ := openStore(t)
			addProfile(t, st, "Anaïs", "chat")
			s := newStoreUI(t, st, []*courses.Pack{miniPack(t, quizLesson)}, tt.lang)
			s.u.ShowMyData()
			if !shows(t, s.w, tt.open) {
				t.Fatalf("« %s » is not shown", tt.open)
			}
			if tt.damaged {
				damageFile(t, st.Path())
			}
			if tt.gone {
				if runtime.GOOS == "windows" {
					t.Skip("Windows does not delete a file that is open")
				}
				for _, suffix := range []string{"-wal", "-shm", ""} {
					os.Remove(st.Path() + suffix)
				}
			}
			test.Tap(button(t, s.w, tt.check))
			if !shows(t, s.w, tt.want) {
				t.Errorf("after %q, %q is not on screen", tt.check, tt.want)
			}
		})
	}
}
