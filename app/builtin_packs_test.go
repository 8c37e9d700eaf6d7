package app

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/courses"
	"declic/courses/embedded"
	"declic/plugins/site"
	"declic/plugins/view"
	"declic/plugins/view/viewtest"
)

// loadBuiltIn loads the packs built into Déclic, as Run does.
func loadBuiltIn(t *testing.T) []*courses.Pack {
	t.Helper()
	packs, err := embedded.Load()
	if err != nil {
		t.Fatal(err)
	}
	return packs
}

// loadDemarches loads the built-in pack « Mes démarches en ligne ».
func loadDemarches(t *testing.T) *courses.Pack {
	t.Helper()
	for _, p := range loadBuiltIn(t) {
		if p.ID == "fr.declic.mes-demarches" {
			return p
		}
	}
	t.Fatal("no built-in pack fr.declic.mes-demarches")
	return nil
}

func TestHomeShowsBothBuiltInPacksAndKeepsThemWhenTheLibraryChanges(t *testing.T) {
	packs := loadBuiltIn(t)
	u, w, _ := newUI(t, packs, language.French)
	for _, want := range []string{"Premiers pas numériques", "Mes démarches en ligne", "La souris", "Mes démarches essentielles", "Ma santé en ligne"} {
		if !shows(t, w, want) {
			t.Errorf("the home screen does not show %q", want)
		}
	}
	other := miniPack(t, quizLesson)
	other.ID, other.Title, other.Source = "org.example.autre", "Un autre cours", "/packs/autre"
	u.setInstalledPacks([]*courses.Pack{other})
	if len(u.opts.Packs) != 3 || u.opts.Packs[0] != packs[0] || u.opts.Packs[1] != packs[1] {
		t.Fatalf("the built-in packs must stay first, in order: %d packs", len(u.opts.Packs))
	}
	demarches := packs[1]
	test.Tap(card(t, w, demarches.Modules[0].Title))
	if !shows(t, w, demarches.Modules[0].Summary) {
		t.Error("the card of « Mes démarches essentielles » does not open its module page")
	}
}

// TestTheOtherBuiltInPacksArriveAfterTheFirstFrame follows Run: the starter pack
// alone at first; « Mes démarches en ligne » and a pack installed in the library
// are read in the background and join in one step, the built-in pack after the
// starter and before the installed one; the search index is then brought to the
// three packs, and the built-in packs stay first when the library changes.
func TestTheOtherBuiltInPacksArriveAfterTheFirstFrame(t *testing.T) {
	builtIn := embedded.Packs()
	first, err := embedded.LoadPacks(builtIn[:1])
	if err != nil {
		t.Fatal(err)
	}
	library := filepath.Join(t.TempDir(), "packs")
	copyTree(t, "../courses/testdata/example", filepath.Join(library, "org.example.decouverte"))
	u, w, _ := newUI(t, first, language.French)
	withSearchBar(u)
	u.StartSearch(filepath.Join(t.TempDir(), "search"))
	t.Cleanup(func() { u.StopSearch() })
	u.ShowHome()
	if shows(t, w, "Mes démarches en ligne") || shows(t, w, "Découvrir l'ordinateur") {
		t.Fatal("a pack shows on the home screen before it is read")
	}
	later := readLater(builtIn[1:], library, nil) // what loadLater reads in the background
	if len(later.builtIn) != 1 || len(later.installed) != 1 {
		t.Fatalf("read after the first frame: %d built-in packs, %d installed, want 1 and 1", len(later.builtIn), len(later.installed))
	}
	u.joinLater(later)
	if !shows(t, w, "Mes démarches en ligne") || !shows(t, w, "Découvrir l'ordinateur") {
		t.Error("the second built-in pack and the installed pack are not on the home screen")
	}
	const order = "fr.declic.premiers-pas fr.declic.mes-demarches org.example.decouverte"
	if ids := packIDs(u.opts.Packs); ids != order {
		t.Errorf("packs in order: %s, want %s", ids, order)
	}
	svc := u.search.svc
	eventually(t, "the search index is brought to the three packs", func() bool {
		svc.mu.Lock()
		defer svc.mu.Unlock()
		return packIDs(svc.packs) == order
	})
	third := miniPack(t, quizLesson)
	third.ID, third.Title, third.Source = "org.example.troisieme", "Un troisième cours", "/packs/3"
	u.setInstalledPacks([]*courses.Pack{third})
	if want, ids := "fr.declic.premiers-pas fr.declic.mes-demarches org.example.troisieme", packIDs(u.opts.Packs); ids != want {
		t.Errorf("when the library changes the built-in packs must stay first: %s, want %s", ids, want)
	}
}

// TestABrokenBuiltInPackIsLeftOutAndTheLibraryStillArrives: a built-in pack read
// after the first frame that has errors (a bug of the build) is left out; the
// installed packs read with it still reach the home screen.
func TestABrokenBuiltInPackIsLeftOutAndTheLibraryStillArrives(t *testing.T) {
	first, err := embedded.LoadPacks(embedded.Packs()[:1])
	if err != nil {
		t.Fatal(err)
	}
	broken := embedded.Pack{Source: "embedded:broken", FS: func() fs.FS {
		return fstest.MapFS{"pack.toml": {Data: []byte("id = \"fr.declic.casse\"\nversion = \"pas une version\"\n")}}
	}}
	library := filepath.Join(t.TempDir(), "packs")
	copyTree(t, "../courses/testdata/example", filepath.Join(library, "org.example.decouverte"))
	u, w, _ := newUI(t, first, language.French)
	u.ShowHome()
	later := readLater([]embedded.Pack{broken}, library, nil)
	if len(later.builtIn) != 0 || len(later.installed) != 1 {
		t.Fatalf("read: %d built-in packs, %d installed, want 0 and 1", len(later.builtIn), len(later.installed))
	}
	u.joinLater(later)
	if !shows(t, w, "Découvrir l'ordinateur") {
		t.Error("the installed pack is not on the home screen")
	}
	if want, ids := "fr.declic.premiers-pas org.example.decouverte", packIDs(u.opts.Packs); ids != want {
		t.Errorf("packs: %s, want %s", ids, want)
	}
}

// packIDs lists the packs' ids, separated by spaces.
func packIDs(packs []*courses.Pack) string {
	ids := make([]string, len(packs))
	for i, p := range packs {
		ids[i] = p.ID
	}
	return strings.Join(ids, " ")
}

// TestEveryDemarchesStepFitsWithoutScrolling is the starter pack's fit test on
// « Mes démarches en ligne »: every screen, site simulations included, shows
// whole in a 1280×720 window at the default text size.
func TestEveryDemarchesStepFitsWithoutScrolling(t *testing.T) {
	checkEveryStepFits(t, loadDemarches(t), nil)
}

// demarchesQuizFeedbackWaitingForRoom are the quizzes of « Mes démarches en
// ligne » whose feedback after a wrong answer still ends below the fold at
// 1280×720. It is empty: modules 6–10 ask one answer per question where several
// answers ticked overflowed. Like the starter's list, each entry must still
// overflow: the list only shrinks.
var demarchesQuizFeedbackWaitingForRoom = map[string]bool{}

func TestDemarchesQuizFeedbackShowsAfterAWrongAnswer(t *testing.T) {
	checkQuizFeedbackShows(t, loadDemarches(t), demarchesQuizFeedbackWaitingForRoom)
}

// TestSearchFindsLessonsOfBothBuiltInPacks searches the index Run builds over
// both built-in packs: a word of each pack finds it among the first results, and
// a synonym of « Mes démarches en ligne » (pack.toml) finds its lesson.
func TestSearchFindsLessonsOfBothBuiltInPacks(t *testing.T) {
	packs := loadBuiltIn(t)
	u, w, _ := newSearchTestUI(t, packs, true)
	tests := []struct {
		query, pack, module string
	}{
		{"double-cliquer", "fr.declic.premiers-pas", "02-la-souris"},
		{"déclaration trimestrielle", "fr.declic.mes-demarches", "01-demarches-essentielles"},
		{"revenu de solidarité active", "fr.declic.mes-demarches", "01-demarches-essentielles"},
		{"téléconsultation", "fr.declic.mes-demarches", "05-ma-sante-en-ligne"},
		{"consultation vidéo", "fr.declic.mes-demarches", "05-ma-sante-en-ligne"},
		{"DTR", "fr.declic.mes-demarches", "01-demarches-essentielles"},
		{"pré-demande", "fr.declic.mes-demarches", "04-mon-identite-numerique"},
	}
	for _, tt := range tests {
		typeQuery(u, w, tt.query)
		// The rows of the query before stay until this one's answer replaces them.
		eventually(t, "results for "+tt.query, onScreen(u, func() bool {
			return strings.HasSuffix(u.search.shown.Query, tt.query) && len(searchRows(u)) > 0
		}))
		var first []string
		ok := false
		for _, row := range searchRows(u)[:min(3, len(searchRows(u)))] {
			first = append(first, row.result.PackID+"/"+row.result.ModuleID)
			ok = ok || (row.result.PackID == tt.pack && row.result.ModuleID == tt.module)
		}
		if !ok {
			t.Errorf("%q: first results in %v, none in %s/%s", tt.query, first, tt.pack, tt.module)
		}
	}
}

// pressSpoken presses the visible object under root whose spoken words start
// with words: a simulated site's link (tapped), or a document of its file window
// (clicked, as the file window reads the mouse itself).
func pressSpoken(t *testing.T, root fyne.CanvasObject, words string) {
	t.Helper()
	var said []string
	for _, obj := range viewtest.All[fyne.CanvasObject](root) {
		s, ok := obj.(interface{ SpeechText() string })
		if !ok || !obj.Visible() {
			continue
		}
		if !strings.HasPrefix(s.SpeechText(), words) {
			said = append(said, s.SpeechText())
			continue
		}
		if tap, ok := obj.(fyne.Tappable); ok {
			test.Tap(tap)
		} else {
			viewtest.Click(obj, fyne.Delta{})
		}
		return
	}
	t.Fatalf("nothing to press says %q; on screen: %q", words, said)
}

// sitePageValue is a value a simulated site accepts for an item: the author's
// expected one, or an ordinary value of the right kind.
func sitePageValue(it site.Item) string {
	switch {
	case it.Expect != "":
		return it.Expect
	case it.Type == site.Choice:
		return it.Options[0]
	case it.Type == site.File:
		return it.Files[0]
	case it.Input == site.Password:
		return "Tasse-Foret-Violon-58?"
	case it.Input == site.Email:
		return "marie.durand@example.fr"
	case it.Input == site.Date:
		return "14/01/2027"
	case it.Input == site.Number, it.Input == site.Code:
		return "12"
	}
	return "Exemple"
}

// TestEveryDemarchesSitePageFitsWithoutScrolling plays every site simulation of
// « Mes démarches en ligne » in the real player at 1280×720, text at 100 %, the
// way its author means it, and measures each page it shows, not only the first:
// a learner must see a whole page and its buttons at once.
func TestEveryDemarchesSitePageFitsWithoutScrolling(t *testing.T) {
	pack := loadDemarches(t)
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	w.Resize(fyne.NewSize(1280, 720))
	var over []string
	pages, sims := 0, 0
	for _, m := range pack.Modules {
		for li, l := range m.Lessons {
			for si, s := range l.Steps {
				var a *site.Activity
				for _, b := range s.Blocks {
					if act, ok := b.(courses.Activity); ok && act.Kind == site.Name {
						a = act.Parsed.(*site.Activity)
					}
				}
				if a == nil {
					continue
				}
				sims++
				u.OpenLesson(pack, m, li, si)
				run := a.NewRun(nil) // follows the widget's own run, to know the way
				for steps := 0; !run.Done(); steps++ {
					if steps > 3*len(a.Pages) {
						t.Fatalf("%s#%d: stuck on page %q", l.File, si+1, run.Page().ID)
					}
					page := run.Page()
					if by := measureStep(t, u.Player()); by > 0 {
						over = append(over, fmt.Sprintf("%s#%d « %s », page %q: %.0f px too tall", l.File, si+1, s.Title, page.ID, by))
					}
					pages++
					if page.Title != "" && !shows(t, w, page.Title) {
						t.Fatalf("%s#%d: the screen does not show page %q (%q)", l.File, si+1, page.ID, page.Title)
					}
					if ci := page.CookieItem(); ci >= 0 && run.CookiesPending() {
						test.Tap(viewtest.Button(t, u.Player().content, "Tout refuser"))
						run.Cookies(site.Refuse)
						continue
					}
					// The player's own buttons (« Suivant »…) are outside its content.
					shown := u.Player().content
					entries := viewtest.All[*view.Entry](shown)
					choices := viewtest.All[*view.Select](shown)
					checks := viewtest.All[*view.Check](shown)
					for i, it := range page.Items {
						v := sitePageValue(it)
						switch it.Type {
						case site.Field:
							test.Type(entries[0], v)
							entries = entries[1:]
						case site.Choice:
							choices[0].SetSelected(v)
							choices = choices[1:]
						case site.Check:
							if v = ""; it.Required {
								checks[0].SetChecked(true)
								v = "true"
							}
							checks = checks[1:]
						case site.File:
							test.Tap(viewtest.Button(t, shown, it.Label))
							picker := w.Canvas().Overlays().Top()
							pressSpoken(t, picker, v)
							test.Tap(viewtest.Button(t, picker, "Ouvrir"))
						default:
							continue
						}
						run.Set(i, v)
					}
					next := run.NextStep()
					it := page.Items[next]
					if it.Type == site.Link && !viewtest.HasButton(shown, it.Text) {
						pressSpoken(t, shown, it.Text)
					} else { // a button, or a link in a phone app: a row pressed anywhere
						test.Tap(viewtest.Button(t, shown, it.Text))
					}
					if o := run.Press(next); o.Mistake || o.Blocked {
						t.Fatalf("%s#%d page %q: %q is refused: %v", l.File, si+1, page.ID, it.Text, o.Errors)
					}
				}
				if by := measureStep(t, u.Player()); by > 0 {
					over = append(over, fmt.Sprintf("%s#%d « %s », goal page: %.0f px too tall", l.File, si+1, s.Title, by))
				}
				if !shows(t, w, "Revoir mon parcours") && !shows(t, w, "Bravo") {
					t.Logf("%s#%d: the end of the simulation shows no result", l.File, si+1)
				}
			}
		}
	}
	if sims == 0 {
		t.Fatal("no site simulation in the pack")
	}
	if len(over) > 0 {
		t.Errorf("%d of %d pages of %d simulations need scrolling at 1280×720:\n  %s", len(over), pages, sims, strings.Join(over, "\n  "))
	}
	t.Logf("%d pages of %d site simulations measured", pages, sims)
}
