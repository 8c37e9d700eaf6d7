package app

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/courses"
)

// sitePack is a one-module pack whose lesson shows a site simulation per step,
// with one picture for the pages that show one.
func sitePack(t *testing.T, bodies ...string) *courses.Pack {
	t.Helper()
	var lesson strings.Builder
	lesson.WriteString("+++\ntitle = \"Envoyer un document\"\nduration = 10\n+++\n")
	for i, b := range bodies {
		fmt.Fprintf(&lesson, "\n## Exercice %d\n\nC'est un exercice : rien n'est envoyé.\n\n```site\n%s```\n", i+1, b)
	}
	fsys := fstest.MapFS{
		"pack.toml":                               {Data: []byte("id = \"org.example.site\"\nversion = \"1.0.0\"\ntitle = \"Sites\"\nlanguage = \"fr\"\nauthors = [\"Test\"]\nlicence = \"CC0-1.0\"\ndescription = \"Des sites.\"\nmin_app_version = \"0.1.0\"\n")},
		"modules/01-sites/module.toml":            {Data: []byte("title = \"Les sites\"\nsummary = \"Essayer.\"\nlevel = \"débutant\"\ncompetencies = [\"5.2\"]\nhours = 0.5\norder = 1\n")},
		"modules/01-sites/01-envoyer.md":          {Data: []byte(lesson.String())},
		"modules/01-sites/images/caf-accueil.svg": {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 400"><rect width="640" height="400" fill="#dfe8f5"/><rect x="40" y="40" width="560" height="80" fill="#2a5ca8"/></svg>`)},
	}
	pack, problems, err := courses.Load(fsys, "test")
	if err != nil {
		t.Fatal(err)
	}
	if problems.HasErrors() {
		t.Fatalf("site pack: %v", problems)
	}
	return pack
}

func readSiteExample(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../plugins/site/testdata/caf.toml")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestASiteSimulationFitsTheScreen plays the agreed example in the real player at
// 1280×720, text at 100 %: its first page with the cookie banner, and its tallest
// state, the form page after sending it empty (a message under every item), must
// show whole, with the player's buttons, without scrolling.
func TestASiteSimulationFitsTheScreen(t *testing.T) {
	pack := sitePack(t, readSiteExample(t))
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	w.Resize(fyne.NewSize(1280, 720))
	u.OpenLesson(pack, pack.Modules[0], 0, 0)
	if by := measureStep(t, u.Player()); by > 0 {
		t.Errorf("the first page with its cookie banner is %.0f px too tall", by)
	} else {
		t.Logf("first page: %.0f px left", -by)
	}
	if *fitShotsDir != "" {
		saveShot(t, w, *fitShotsDir, "site-1-cookies")
	}
	test.Tap(button(t, w, "Tout refuser"))
	test.Tap(button(t, w, "Envoyer un document"))
	test.Tap(button(t, w, "Valider l'envoi"))
	if !shows(t, w, "Cochez cette case pour continuer.") {
		t.Fatal("the form page shows its errors")
	}
	if by := measureStep(t, u.Player()); by > 0 {
		t.Errorf("the form page with an error under every item is %.0f px too tall", by)
	} else {
		t.Logf("form page with errors: %.0f px left", -by)
	}
	if *fitShotsDir != "" {
		saveShot(t, w, *fitShotsDir, "site-2-errors")
	}
}

// desktopExample is a procedure on the computer in the desktop frame: a browser's
// window with its address bar under the title bar, then a dialog with its own
// title bar, a list, two fields and a check box.
const desktopExample = `prompt = "Enregistrez la facture dans Documents. C'est un exercice."
goal = "Enregistrer la facture dans Documents"
frame = "desktop"

[[pages]]
id = "facture"
address = "caf.fr/mon-compte/documents"
window = "Mon Compte - CAF"
title = "Votre attestation de paiement"
text = "Votre attestation de mars est prête."
image = "images/caf-accueil.svg"

[[pages.items]]
type = "button"
text = "Télécharger"
go = "fenetre"
style = "primary"

[[pages]]
id = "fenetre"
window = "Enregistrer sous"
title = "Où enregistrer le document ?"
hint = "Choisissez Documents, puis écrivez un nom."

[[pages.items]]
type = "choice"
label = "Dossier"
options = ["Bureau", "Documents", "Images", "Téléchargements"]
expect = "Documents"

[[pages.items]]
type = "field"
label = "Nom du fichier"
expect = "attestation"
required = true

[[pages.items]]
type = "field"
label = "Type"
expect = "pdf"
required = true

[[pages.items]]
type = "check"
text = "Ouvrir le document après l'enregistrement"
required = true

[[pages.items]]
type = "button"
text = "Annuler"
wrong = "Le document n'est pas enregistré."

[[pages.items]]
type = "button"
text = "Enregistrer"
go = "fin"
style = "primary"

[[pages]]
id = "fin"
title = "Document enregistré"
text = "Votre attestation est dans Documents."
goal = true
`

// TestADesktopSimulationFitsTheScreen plays a desktop-frame simulation in the real
// player at 1280×720, text at 100 %: the browser's window (title bar and address
// bar) with its picture, and the dialog after sending it empty (a message under
// every item), must show whole without scrolling.
func TestADesktopSimulationFitsTheScreen(t *testing.T) {
	pack := sitePack(t, desktopExample)
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	w.Resize(fyne.NewSize(1280, 720))
	u.OpenLesson(pack, pack.Modules[0], 0, 0)
	if by := measureStep(t, u.Player()); by > 0 {
		t.Errorf("the browser's window is %.0f px too tall", by)
	} else {
		t.Logf("browser's window: %.0f px left", -by)
	}
	if !shows(t, w, "Mon Compte - CAF") || !shows(t, w, "caf.fr/mon-compte/documents") {
		t.Fatal("the title bar and the address bar show")
	}
	test.Tap(button(t, w, "Télécharger"))
	test.Tap(button(t, w, "Enregistrer"))
	if !shows(t, w, "Cochez cette case pour continuer.") || shows(t, w, "caf.fr/mon-compte/documents") {
		t.Fatal("the dialog shows its errors, without an address bar")
	}
	if by := measureStep(t, u.Player()); by > 0 {
		t.Errorf("the dialog with an error under every item is %.0f px too tall", by)
	} else {
		t.Logf("dialog with errors: %.0f px left", -by)
	}
	if *fitShotsDir != "" {
		saveShot(t, w, *fitShotsDir, "site-desktop-errors")
	}
}
