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
