package app

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/courses"
	"declic/plugins/view"
)

// siteShot is a simulated site of the starter pack, played to a telling page.
type siteShot struct {
	name   string // the picture's file name, without .png
	lesson string // the lesson's file, as in Lesson.File
	play   func(t *testing.T, w fyne.Window)
	shows  string // a text the page must show once played
}

// siteShots are the five simulations pictured in docs/starter-pack.md: each shows
// one thing the site kind offers (the desktop frame, a hand-off to FranceConnect,
// the fake file window, an SMS code beside the browser, the phone frame).
var siteShots = []siteShot{
	{
		name:   "site-desktop-enregistrer-sous",
		lesson: "modules/04-fichiers-et-dossiers/02-enregistrer.md",
		play: func(t *testing.T, w fyne.Window) {
			test.Tap(button(t, w, "Fichier"))
			test.Tap(button(t, w, "Enregistrer sous"))
		},
		shows: "Nom du fichier",
	},
	{
		name:   "site-franceconnect",
		lesson: "modules/09-les-demarches-en-ligne/01-se-connecter-avec-franceconnect.md",
		play: func(t *testing.T, w fyne.Window) {
			test.Tap(button(t, w, "S'identifier avec FranceConnect"))
		},
		shows: "Je choisis un compte pour me connecter",
	},
	{
		name:   "site-ajouter-un-fichier",
		lesson: "modules/09-les-demarches-en-ligne/02-creer-un-compte-et-telecharger.md",
		play: func(t *testing.T, w fyne.Window) {
			test.Tap(button(t, w, "Envoyer un document"))
			test.Tap(button(t, w, "Ajouter un fichier"))
		},
		shows: "facture-electricite-mars.pdf",
	},
	{
		name:   "site-code-sms",
		lesson: "modules/12-proteger-ma-vie-privee/04-je-verifie.md",
		play: func(t *testing.T, w fyne.Window) {
			entries := visibleEntries(t, w)
			if len(entries) < 2 {
				t.Fatalf("the sign-in page shows %d fields, want 2", len(entries))
			}
			test.Type(entries[0], "marie.dupont@messagerie.example.fr")
			test.Type(entries[1], "Soleil-Jardin-42")
			test.Tap(button(t, w, "Se connecter"))
		},
		shows: "704182",
	},
	{
		name:   "site-telephone",
		lesson: "modules/11-appeler-en-video/04-je-verifie.md",
		play:   func(*testing.T, fyne.Window) {},
		shows:  "visio.cabinet-martin.example.fr/rdv",
	},
}

// TestSiteSimulationScreenshots plays five simulations of the starter pack in the
// real player at 1280×720 and, with -screenshots DIR, saves each as
// DIR/<name>.png (docs/starter-pack.md shows them; the test runs in app/):
//
//	go test -tags no_emoji ./app -run TestSiteSimulationScreenshots -screenshots ../docs/screenshots
//
// Without the flag it still plays them and checks each page shows what its
// picture is meant to show.
func TestSiteSimulationScreenshots(t *testing.T) {
	pack := loadStarter(t)
	for _, s := range siteShots {
		t.Run(s.name, func(t *testing.T) {
			u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
			w.Resize(fyne.NewSize(1280, 720))
			m, li, si := siteStep(t, pack, s.lesson)
			u.OpenLesson(pack, m, li, si)
			s.play(t, w)
			if !shows(t, w, s.shows) && !overlayShows(t, w, s.shows) {
				t.Fatalf("the page does not show %q", s.shows)
			}
			if *screenshotDir != "" {
				if err := os.MkdirAll(*screenshotDir, 0o755); err != nil {
					t.Fatal(err)
				}
				saveShot(t, w, *screenshotDir, s.name)
			}
		})
	}
}

// siteStep finds the first screen of a lesson that holds a site activity.
func siteStep(t *testing.T, pack *courses.Pack, file string) (*courses.Module, int, int) {
	t.Helper()
	for _, m := range pack.Modules {
		for li, l := range m.Lessons {
			if l.File != file {
				continue
			}
			for si, s := range l.Steps {
				if strings.Contains(stepKinds(s), "site") {
					return m, li, si
				}
			}
			t.Fatalf("%s has no site activity", file)
		}
	}
	t.Fatalf("no lesson %s in the starter pack", file)
	return nil, 0, 0
}

// visibleEntries returns the text fields on screen, top to bottom as built.
func visibleEntries(t *testing.T, w fyne.Window) []*view.Entry {
	t.Helper()
	var out []*view.Entry
	walk(t, w.Content(), func(o fyne.CanvasObject) {
		if e, ok := o.(*view.Entry); ok && e.Visible() {
			out = append(out, e)
		}
	})
	return out
}
