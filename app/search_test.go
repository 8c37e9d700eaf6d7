package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"

	"declic/courses"
	"declic/internal/prereq"
	"declic/search"
)

// withSearchBar puts the search field in the top bar beside the title, as New
// does once it is wired, and registers Ctrl+F.
func withSearchBar(u *ui) {
	for i, o := range u.top.Objects {
		if title, ok := o.(*widget.Label); ok {
			u.top.Objects[i] = container.NewBorder(nil, nil, title, nil, u.searchBar())
			break
		}
	}
	u.top.Refresh()
	u.registerSearchShortcut()
}

// newSearchTestUI opens a window over packs with the search field in its top
// bar and a real index in a temporary folder. With sync false the index is
// opened but not filled: the test calls svc.Sync itself.
func newSearchTestUI(t *testing.T, packs []*courses.Pack, sync bool) (*ui, fyne.Window, *searchService) {
	t.Helper()
	u, w, _ := newUI(t, packs, language.French)
	withSearchBar(u)
	svc := openSearchService(filepath.Join(t.TempDir(), "search"))
	u.attachSearch(svc)
	t.Cleanup(func() {
		if err := u.StopSearch(); err != nil {
			t.Error(err)
		}
	})
	if sync {
		svc.Sync(packs)
		eventually(t, "the index is ready", func() bool { return svc.Status() == searchReady })
	}
	return u, w, svc
}

// eventually waits (up to 20 s) for cond, which the search's goroutines make true.
// onScreen makes cond look at u's screen while no search answer is being put on
// it: the test driver runs an answer on the goroutine that found it.
func onScreen(u *ui, cond func() bool) func() bool {
	return func() bool {
		u.search.answering.Lock()
		defer u.search.answering.Unlock()
		return cond()
	}
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// typeQuery puts the cursor in the field (its text selected, as Ctrl+F does)
// and types text key by key, which replaces what was there.
func typeQuery(u *ui, w fyne.Window, text string) {
	u.search.answering.Lock() // the answers wait until the last key is typed
	defer u.search.answering.Unlock()
	u.search.focusSearch()
	test.Type(w.Canvas().Focused(), text)
}

// rows returns the result rows on screen.
func searchRows(u *ui) []*searchRow {
	if !u.search.searchShown() {
		return nil
	}
	return u.search.rows
}

// highlighted returns the runs of a rich text shown as found words: bold and
// in the primary colour.
func highlighted(rt *widget.RichText) []string {
	var out []string
	for _, seg := range rt.Segments {
		if ts, ok := seg.(*widget.TextSegment); ok && ts.Style.TextStyle.Bold && ts.Style.ColorName == theme.ColorNamePrimary {
			out = append(out, ts.Text)
		}
	}
	return out
}

func TestSearchTypoShowsTheMouseModuleWithAHighlightedSnippet(t *testing.T) {
	pack := loadStarter(t)
	u, w, _ := newSearchTestUI(t, []*courses.Pack{pack}, true)
	typeQuery(u, w, "sourie")
	eventually(t, "results are shown", onScreen(u, func() bool { return len(searchRows(u)) > 0 }))

	first := searchRows(u)[0].result
	if first.ModuleID != "02-la-souris" {
		t.Errorf("first result is in module %q, want the mouse module 02-la-souris", first.ModuleID)
	}
	if !shows(t, w, first.ModuleTitle) {
		t.Errorf("the module title %q is not shown above its results", first.ModuleTitle)
	}
	found := false
	for _, r := range searchRows(u) {
		for _, h := range append(highlighted(r.snippet), highlighted(r.title)...) {
			if strings.Contains(strings.ToLower(h), "souris") {
				found = true
			}
		}
	}
	if !found {
		t.Error("no result shows « souris » in bold and in colour")
	}
	if w.Canvas().Focused() != u.search.entry {
		t.Error("showing the results took the cursor out of the field: the learner cannot go on typing")
	}
}

func TestSearchTappingAResultOpensThatExactStep(t *testing.T) {
	pack := loadStarter(t)
	u, w, _ := newSearchTestUI(t, []*courses.Pack{pack}, true)
	typeQuery(u, w, "double-clic")
	eventually(t, "results are shown", onScreen(u, func() bool { return len(searchRows(u)) > 1 }))
	// The second row, so that opening the first step of a lesson by chance cannot pass.
	row := searchRows(u)[1]
	test.Tap(row)
	p := u.Player()
	if p == nil {
		t.Fatal("tapping a result opened no lesson")
	}
	if p.StepTitle() != row.result.StepTitle || p.module.ID != row.result.ModuleID ||
		p.lesson().ID != row.result.LessonID || p.stepIdx != row.result.StepIndex {
		t.Errorf("opened %s/%s step %d %q, want %s/%s step %d %q", p.module.ID, p.lesson().ID, p.stepIdx, p.StepTitle(),
			row.result.ModuleID, row.result.LessonID, row.result.StepIndex, row.result.StepTitle)
	}
}

func TestSearchDemarcheCafFindsTheProceduresModule(t *testing.T) {
	pack := loadStarter(t)
	u, w, _ := newSearchTestUI(t, []*courses.Pack{pack}, true)
	typeQuery(u, w, "demarche caf")
	eventually(t, "results are shown", onScreen(u, func() bool { return len(searchRows(u)) > 0 }))
	if got := searchRows(u)[0].result.ModuleID; got != "09-les-demarches-en-ligne" {
		t.Errorf("first result is in %q, want the online procedures module", got)
	}
}

func TestSearchEnterOpensTheFirstResult(t *testing.T) {
	pack := loadStarter(t)
	u, w, _ := newSearchTestUI(t, []*courses.Pack{pack}, true)
	typeQuery(u, w, "souris")
	eventually(t, "results are shown", onScreen(u, func() bool { return len(searchRows(u)) > 0 }))
	want := searchRows(u)[0].result
	u.search.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if p := u.Player(); p == nil || p.StepTitle() != want.StepTitle || p.lesson().ID != want.LessonID {
		t.Fatalf("Enter did not open the first result %s / %q", want.LessonID, want.StepTitle)
	}
}

func TestSearchNonsenseShowsAKindMessageAndSuggestions(t *testing.T) {
	pack := loadStarter(t)
	u, w, _ := newSearchTestUI(t, []*courses.Pack{pack}, true)
	typeQuery(u, w, "wxqzt")
	msg := "Aucun résultat pour « wxqzt ». Essayez un autre mot."
	eventually(t, "the no-result message is shown", onScreen(u, func() bool { return u.search.searchShown() && shows(t, w, msg) }))
	if len(searchRows(u)) != 0 {
		t.Error("result rows are shown beside the no-result message")
	}
	if !shows(t, w, "Vous pouvez commencer par ces modules :") {
		t.Fatal("no modules are suggested")
	}
	// A beginners' module is offered; tapping it opens it.
	first := pack.Modules[0]
	test.Tap(button(t, w, first.Title+" · "+u.levelLabel(first.Level)))
	if !shows(t, w, u.tr.T("module.start")) || !shows(t, w, first.Summary) {
		t.Error("tapping a suggested module did not open it")
	}
}

func TestSearchSuggestedWordSearchesAgain(t *testing.T) {
	pack := loadStarter(t)
	u, w, svc := newSearchTestUI(t, []*courses.Pack{pack}, true)
	// A word the fuzzy search does not reach (3 typos) but Suggest does (same start).
	const query = "navixxxx"
	res, err := svc.Search(t.Context(), query, "", 5)
	if err != nil || len(res.Hits) != 0 {
		t.Fatalf("%q finds %d results (err %v): choose another query for this test", query, len(res.Hits), err)
	}
	sug, err := svc.Suggest(query, "")
	if err != nil || len(sug.Words) == 0 {
		t.Fatalf("Suggest(%q) = %v, %v: want close words", query, sug.Words, err)
	}
	typeQuery(u, w, query)
	eventually(t, "the suggestions are shown", onScreen(u, func() bool { return u.search.searchShown() && shows(t, w, "Vouliez-vous dire :") }))
	test.Tap(button(t, w, sug.Words[0]))
	if u.search.entry.Text != sug.Words[0] {
		t.Errorf("the field holds %q after tapping the suggestion %q", u.search.entry.Text, sug.Words[0])
	}
	eventually(t, "the suggested word's results are shown", onScreen(u, func() bool { return len(searchRows(u)) > 0 }))
}

func TestSearchSaysPreparingThenShowsResultsWithoutRetyping(t *testing.T) {
	pack := loadStarter(t)
	u, w, svc := newSearchTestUI(t, []*courses.Pack{pack}, false)
	typeQuery(u, w, "souris")
	eventually(t, "the screen says search is being prepared", onScreen(u, func() bool {
		return u.search.searchShown() && shows(t, w, "Préparation de la recherche…")
	}))
	if svc.Status() == searchReady {
		t.Fatal("the index is ready before any Sync")
	}
	svc.Sync([]*courses.Pack{pack})
	eventually(t, "results appear by themselves", onScreen(u, func() bool { return len(searchRows(u)) > 0 }))
	if shows(t, w, "Préparation de la recherche…") {
		t.Error("the preparing message stays beside the results")
	}
}

func TestSearchCtrlFFocusesTheField(t *testing.T) {
	pack := loadStarter(t)
	u, w, _ := newSearchTestUI(t, []*courses.Pack{pack}, true)
	u.OpenLesson(pack, pack.Modules[1], 0, 0)
	if w.Canvas().Focused() == u.search.entry {
		t.Fatal("the field has the focus before Ctrl+F")
	}
	w.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault})
	if w.Canvas().Focused() != u.search.entry {
		t.Fatal("Ctrl+F did not put the cursor in the search field")
	}
	test.Type(w.Canvas().Focused(), "clavier") // the window sends keys to the focused object
	if got := u.search.entry.Text; got != "clavier" {
		t.Errorf("after Ctrl+F, typing gives %q in the field", got)
	}
	eventually(t, "results are shown", onScreen(u, func() bool { return len(searchRows(u)) > 0 }))
}

func TestSearchIndexInUseSaysSoAndDoesNotCrash(t *testing.T) {
	pack := loadStarter(t)
	dir := filepath.Join(t.TempDir(), "search")
	other, err := search.Open(dir) // the other Déclic window
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	withSearchBar(u)
	u.StartSearch(dir)
	defer u.StopSearch()
	svc := u.search.svc
	eventually(t, "the index was tried", func() bool { return svc.Status() != searchPreparing })
	if svc.Status() != searchInUse {
		t.Fatalf("status %v, want searchInUse", svc.Status())
	}
	typeQuery(u, w, "souris")
	eventually(t, "the screen says search is in use elsewhere", onScreen(u, func() bool {
		return u.search.searchShown() && shows(t, w, "Déclic est déjà ouvert dans une autre fenêtre.")
	}))
	test.Tap(button(t, w, u.tr.T("nav.home")))
	if u.search.searchShown() {
		t.Error("the home button on the message did not leave search")
	}
}

func TestSearchKeyboardReachesAndOpensResults(t *testing.T) {
	pack := loadStarter(t)
	u, w, _ := newSearchTestUI(t, []*courses.Pack{pack}, true)
	typeQuery(u, w, "clavier")
	eventually(t, "results are shown", onScreen(u, func() bool { return len(searchRows(u)) > 2 }))
	rows := searchRows(u)
	c := w.Canvas()
	entry := u.search.entry
	if !entry.AcceptsTab() {
		t.Fatal("with results shown, Tab in the field does not lead to them")
	}
	entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab}) // what the window does with Tab
	if c.Focused() != rows[0] {
		t.Fatal("Tab from the field does not reach the first result")
	}
	rows[0].TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	rows[1].TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if c.Focused() != rows[2] {
		t.Fatal("Down does not move to the next result")
	}
	rows[2].TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	if c.Focused() != rows[1] {
		t.Fatal("Up does not move to the previous result")
	}
	test.FocusNext(c) // Tab between rows, as the window does it
	if c.Focused() != rows[2] {
		t.Fatalf("Tab from the second result focuses %T, want the third", c.Focused())
	}
	rows[0].TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	if c.Focused() != entry {
		t.Error("Up from the first result does not go back to the field")
	}
	w.Canvas().Capture() // lay the rows out
	last := rows[len(rows)-1]
	c.Focus(last)
	scroll := u.search.page.Objects[0].(*container.Scroll)
	if bottom := last.Position().Y + last.Size().Height; bottom > scroll.Offset.Y+scroll.Size().Height+theme.Padding() || scroll.Offset.Y == 0 {
		t.Errorf("the focused last result (bottom %v) is out of view (offset %v, height %v)", bottom, scroll.Offset.Y, scroll.Size().Height)
	}
	c.Focus(rows[1])
	want := rows[1].result
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if p := u.Player(); p == nil || p.StepTitle() != want.StepTitle || p.lesson().ID != want.LessonID {
		t.Fatal("Enter on a result did not open its step")
	}
}

func TestSearchRowsAreBigTargets(t *testing.T) {
	pack := loadStarter(t)
	u, w, _ := newSearchTestUI(t, []*courses.Pack{pack}, true)
	typeQuery(u, w, "mot de passe")
	eventually(t, "results are shown", onScreen(u, func() bool { return len(searchRows(u)) > 0 }))
	w.Canvas().Capture() // draws the screen, which lays the scrolled rows out
	for _, r := range searchRows(u) {
		if s := r.Size(); s.Height < searchRowMinHeight || s.Width < 300 {
			t.Errorf("row %q is %v, want at least 44 px high and wide", r.result.StepTitle, s)
		}
	}
}

func TestSearchFewerThanThreeLettersSearchesNothing(t *testing.T) {
	pack := loadStarter(t)
	u, w, _ := newSearchTestUI(t, []*courses.Pack{pack}, true)
	typeQuery(u, w, "so")
	time.Sleep(300 * time.Millisecond) // time for a (wrong) answer to arrive
	if u.search.searchShown() {
		t.Fatal("2 letters already opened the results screen")
	}
	test.Type(u.search.entry, "u")
	eventually(t, "results are shown from the third letter", onScreen(u, func() bool { return len(searchRows(u)) > 0 }))
	u.search.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	if !shows(t, w, "Écrivez au moins 3 lettres.") || len(searchRows(u)) != 0 {
		t.Error("going back to 2 letters leaves old results instead of asking for 3 letters")
	}
}

func TestSearchResyncFindsAnInstalledPackAndForgetsARemovedOne(t *testing.T) {
	starterPack := loadStarter(t)
	extra := miniPack(t, "+++\ntitle = \"Le trombone\"\n+++\n\n## Attacher des feuilles\n\nLe trombone tient les feuilles ensemble.\n")
	u, w, svc := newSearchTestUI(t, []*courses.Pack{starterPack}, true)
	u.opts.Packs = append(u.opts.Packs, extra)
	u.ResyncSearch()
	eventually(t, "the new pack is indexed", func() bool {
		for _, p := range svc.idx.Packs() {
			if p.ID == extra.ID {
				return true
			}
		}
		return false
	})
	typeQuery(u, w, "trombone")
	eventually(t, "the new pack's step is found", onScreen(u, func() bool {
		rows := searchRows(u)
		return len(rows) > 0 && rows[0].result.PackID == extra.ID
	}))
	row := searchRows(u)[0]
	u.opts.Packs = u.opts.Packs[:1] // removed
	test.Tap(row)                   // a result shown before the removal
	if u.Player() != nil {
		t.Fatal("a removed pack's step was opened")
	}
	if !shows(t, w, "Ce cours n'est plus installé.") {
		t.Error("tapping a removed pack's result does not say it is gone")
	}
	eventually(t, "the removed pack leaves the index", func() bool { return len(svc.idx.Packs()) == 1 })
}

// TestSearchReadAloudReadsTheSnippets reads the results with the real espeak-ng.
func TestSearchReadAloudReadsTheSnippets(t *testing.T) {
	prereq.Program(t, "espeak-ng", "espeak-ng")
	pack := loadStarter(t)
	u, w, _ := newSearchTestUI(t, []*courses.Pack{pack}, true)
	typeQuery(u, w, "sourie")
	eventually(t, "results are shown", onScreen(u, func() bool { return len(searchRows(u)) > 0 }))
	first := searchRows(u)[0].result
	test.Tap(button(t, w, "Écouter les résultats"))
	defer u.StopReading()
	got := u.ReadingText()
	if !strings.Contains(got, first.StepTitle) || !strings.Contains(got, strings.TrimSpace(search.SnippetText(first.Snippet)[:20])) {
		t.Errorf("the voice reads %q, want the first result's title and snippet", got)
	}
}

func TestSearchFollowsALanguageChange(t *testing.T) {
	pack := loadStarter(t)
	u, w, _ := newSearchTestUI(t, []*courses.Pack{pack}, true)
	typeQuery(u, w, "sourie")
	eventually(t, "results are shown", onScreen(u, func() bool { return len(searchRows(u)) > 0 }))
	u.switchLanguage(language.English)
	if got := u.search.entry.PlaceHolder; got != "Search: mouse, e-mail, CAF…" {
		t.Errorf("placeholder after switching to English: %q", got)
	}
	eventually(t, "the results speak English", onScreen(u, func() bool { return shows(t, w, "results for “sourie”") }))
	if len(searchRows(u)) == 0 {
		t.Error("the results are gone after the language change")
	}
}

// TestSearchWiredAsInRunAnswersOnceTheLibraryIsLoaded follows the wiring of
// Run: StartSearch at once, ResyncSearch when the installed packs are known; a
// second start on the same folder answers at once from the kept index.
func TestSearchWiredAsInRunAnswersOnceTheLibraryIsLoaded(t *testing.T) {
	pack := loadStarter(t)
	dir := filepath.Join(t.TempDir(), "search")
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	withSearchBar(u)
	u.StartSearch(dir)
	typeQuery(u, w, "souris")
	eventually(t, "the screen says search is being prepared", onScreen(u, func() bool {
		return u.search.searchShown() && shows(t, w, "Préparation de la recherche…")
	}))
	u.ResyncSearch() // the library is loaded
	eventually(t, "results appear by themselves", onScreen(u, func() bool { return len(searchRows(u)) > 0 }))
	if err := u.StopSearch(); err != nil {
		t.Fatal(err)
	}

	u2, w2, _ := newUI(t, []*courses.Pack{pack}, language.French)
	withSearchBar(u2)
	u2.StartSearch(dir)
	defer u2.StopSearch()
	eventually(t, "the kept index is open", onScreen(u2, func() bool { return u2.search.svc.Status() != searchPreparing }))
	typeQuery(u2, w2, "souris")
	eventually(t, "results come from the kept index, before any resync", onScreen(u2, func() bool { return len(searchRows(u2)) > 0 }))
}

// The frame that answers a key lays out the rows the screen shows, no more: the
// others are laid out once that frame is drawn.
func TestSearchAnswerLaysOutTheRowsOnScreenFirstThenTheRest(t *testing.T) {
	pack := loadStarter(t)
	u, w, svc := newSearchTestUI(t, []*courses.Pack{pack}, true)
	a := answer(context.Background(), svc, "mot de passe")
	if len(a.res.Hits) < 10 {
		t.Fatalf("%d results: the test needs more than a screen of them", len(a.res.Hits))
	}
	u.search.answering.Lock()
	u.search.showAnswer(a)
	first := len(u.search.rows)
	v := u.search.results
	height := v.visibleHeight(u.search)
	used := float32(0)
	for _, o := range v.box.Objects {
		used += v.layout.measure(o).Height + theme.Padding()
	}
	last := v.layout.measure(v.box.Objects[len(v.box.Objects)-1]).Height + theme.Padding()
	u.search.answering.Unlock()
	if first == 0 || first >= len(a.res.Hits) {
		t.Fatalf("the first frame lays out %d rows of %d", first, len(a.res.Hits))
	}
	if used < height || used-last >= height {
		t.Errorf("the first rows take %.0f px (the last %.0f), the screen shows %.0f: they must just fill it", used, last, height)
	}
	w.Canvas().Capture() // draws the frame, after which the other rows come
	eventually(t, "every result is listed", onScreen(u, func() bool { return len(u.search.rows) == len(a.res.Hits) }))
}
