package app

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/courses"
)

// TestTheModulePagePrintsItsSheetToMyDocuments: « Imprimer la fiche », then
// « Dans Mes documents », writes the module's one-page PDF there and says where.
func TestTheModulePagePrintsItsSheetToMyDocuments(t *testing.T) {
	pack := loadStarter(t)
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	u.opts.ExportDir = t.TempDir()
	m := pack.Modules[1]
	u.OpenModule(pack, m)
	test.Tap(button(t, w, "Imprimer la fiche"))
	if !shows(t, w, "Où enregistrer la fiche ?") {
		t.Fatal("the learner is asked where to save the sheet")
	}
	test.Tap(button(t, w, "Dans Mes documents"))
	want := filepath.Join(u.opts.ExportDir, "fiche-"+m.ID+".pdf")
	data, err := os.ReadFile(want)
	if err != nil {
		t.Fatalf("the sheet is not in Mes documents: %v", err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Error("the file is not a PDF")
	}
	for _, text := range []string{"C'est fait ! La fiche est dans ce dossier :", u.opts.ExportDir, "Le fichier s'appelle : fiche-" + m.ID + ".pdf", "Ouvrez le fichier, puis imprimez-le."} {
		if !shows(t, w, text) {
			t.Errorf("the screen does not say %q", text)
		}
	}
	test.Tap(button(t, w, "Ouvrir la fiche"))
	test.Tap(button(t, w, "Retour au module"))
	if !shows(t, w, m.Summary) {
		t.Error("« Retour au module » shows the module page again")
	}
}

// TestASheetThatCannotBeSavedSaysWhyInPlainWords saves into a folder that is no
// longer there (a USB stick pulled out) and reads the message.
func TestASheetThatCannotBeSavedSaysWhyInPlainWords(t *testing.T) {
	pack := loadStarter(t)
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	u.opts.ExportDir = filepath.Join(t.TempDir(), "cle-usb-retiree")
	u.ShowSheetPlaces(pack, pack.Modules[0])
	test.Tap(button(t, w, "Dans Mes documents"))
	if !shows(t, w, "Ce dossier n'existe plus. Choisissez un autre dossier.") {
		t.Error("no plain message for a missing folder")
	}
	if entries, _ := os.ReadDir(filepath.Dir(u.opts.ExportDir)); len(entries) != 0 {
		t.Errorf("nothing is written anywhere else: %v", entries)
	}
}
