package app

import (
	"context"
	"errors"
	"image/color"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"declic/i18n"
	"declic/plugins/view"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/courses"
	"declic/search"
)

// Search as you type: each key from searchMinLetters letters on starts its query at
// once (the one still running is cancelled), and at most searchLimit steps are
// shown. An answer that arrives after a newer key is dropped, so the screen is laid
// out at most once per answer the learner can still see.
const (
	searchMinLetters = 3
	searchLimit      = 15
	// searchLanguage "" searches every pack, each with its own language's rules:
	// a learner with an English interface still finds the French starter pack.
	searchLanguage = ""
	// searchReadResults is how many results the read-aloud button reads.
	searchReadResults = 5
)

// searchHost is what the search screen needs from the window it is shown in.
type searchHost struct {
	tr  func() *i18n.Translator // the learner's language now
	win fyne.Window
	// body is the window's body: the results screen is shown there (show), and
	// is on screen while it is the body's only object.
	body       *fyne.Container
	show       func(fyne.CanvasObject)
	escapeTo   func(back func(), kept func() string)
	levelLabel func(courses.Level) string
	// findModule finds an installed module, or nil when its pack is gone.
	findModule func(packID, moduleID string) (*courses.Pack, *courses.Module)
	// read reads text aloud in the language lang.
	read func(text, lang string)
	// packs are the installed packs, which the index holds.
	packs func() []*courses.Pack
	// The screens a result or a button leads to.
	home       func()
	openModule func(*courses.Pack, *courses.Module)
	openLesson func(pack *courses.Pack, m *courses.Module, lessonIdx, stepIdx int)
}

// searchHost gives the search screen what it needs of the window.
func (u *ui) searchHost() searchHost {
	return searchHost{
		tr: func() *i18n.Translator { return u.tr }, win: u.win, body: u.body, show: u.show,
		escapeTo: u.escapeTo, levelLabel: u.levelLabel, findModule: u.findModule, read: u.Read, packs: func() []*courses.Pack { return u.opts.Packs },
		home: u.ShowHome, openModule: u.OpenModule, openLesson: u.OpenLesson,
	}
}

// searchUI is one window's search: the field in the top bar, the index service
// and the results screen.
type searchUI struct {
	host  searchHost
	svc   *searchService
	entry *searchEntry

	cancel   context.CancelFunc
	seq      int            // the latest query; older answers are dropped
	inflight sync.WaitGroup // queries still running, waited for by StopSearch
	// answering is held while an answer or a change of the index's status goes on
	// screen: the test driver runs fyne.Do at once on the calling goroutine, where
	// the app's driver queues it, so tests hold it too while they type or look.
	answering sync.Mutex

	page    *fyne.Container // the results screen, the body while it is shown
	results *resultsView    // the list of results, kept and filled again at each key
	rows    []*searchRow    // the rows shown, in order (keyboard navigation)
	waiting string          // the query shown as "préparation…", run again when ready
	shown   search.Results  // the results on screen (read aloud)
	// onAnswerShown, when set (--measure-search), is told each text whose answer
	// the screen now shows.
	onAnswerShown func(text string)
	// stopped is set by StopSearch: the window is closing.
	stopped bool
}

// StartSearch opens the search index kept in dir (datadir.Dirs.Cache + "/search")
// in the background: the app is usable at once. A reopened index answers at
// once with what it held; a new one says "préparation…" until the first
// ResyncSearch, to call once the installed packs are known (so that packs not
// yet loaded are not dropped from the index and indexed again). Call StopSearch
// when the window closes.
func (u *ui) StartSearch(dir string) {
	u.attachSearch(openSearchService(dir))
}

// prepareSearch gives the window a search service that answers « préparation… »
// until openSearch opens its index: Run opens it after the first frame.
func (u *ui) prepareSearch() { u.attachSearch(&searchService{}) }

// openSearch opens, in the background, the index of the service prepareSearch gave.
func (u *ui) openSearch(dir string) { u.search.svc.open(dir) }

// attachSearch gives the window its search service (tests pass their own).
func (u *ui) attachSearch(svc *searchService) {
	s := u.search
	s.svc = svc
	// Indexing allocates tens of megabytes that are garbage once it is done.
	svc.setOnSynced(u.freed.soon)
	svc.setOnChange(func() {
		fyne.Do(func() {
			u.search.answering.Lock() // like an answer: the screen changes one at a time
			defer u.search.answering.Unlock()
			u.search.searchStatusChanged()
		})
	})
}

// ResyncSearch makes the index hold u.opts.Packs, in the background: call it
// once the library is loaded, and after a pack is installed, upgraded or removed
// (only the packs that changed are indexed again).
func (u *ui) ResyncSearch() { u.search.resync() }

// resync makes the index hold the installed packs, in the background.
func (s *searchUI) resync() { s.svc.Sync(s.host.packs()) }

// StopSearch stops indexing and closes the index (when the window closes).
func (u *ui) StopSearch() error {
	s := u.search
	if s.stopped {
		return nil
	}
	s.stopped = true
	if s.cancel != nil {
		s.cancel()
	}
	// No answer may reach the screen once search is stopped (the window is
	// closing, or a test is tearing its window down).
	s.inflight.Wait()
	return s.svc.Close()
}

// searchBar is the search field for the top bar: a magnifier and a wide entry.
// Results appear as the learner types; Enter opens the best one.
func (u *ui) searchBar() fyne.CanvasObject {
	s := u.search
	s.entry = newSearchEntry(u.search)
	setSearchPlaceholder(u, u.barText(barSearch))
	s.entry.OnChanged = u.search.searchTyped
	s.entry.OnSubmitted = func(string) { u.search.searchSubmitted() }
	return container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), nil, s.entry)
}

// registerSearchShortcut makes Ctrl+F (Cmd+F on macOS) put the cursor in the
// search field, from any screen.
func (u *ui) registerSearchShortcut() {
	u.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { u.search.focusSearch() })
}

// focusSearch puts the cursor in the search field, its text selected so that
// typing replaces it.
func (s *searchUI) focusSearch() {
	e := s.entry
	if e == nil {
		return
	}
	s.host.win.Canvas().Focus(e)
	e.TypedShortcut(&fyne.ShortcutSelectAll{})
}

// searchTyped runs the query of the text typed so far.
func (s *searchUI) searchTyped(text string) {
	if letters(text) < searchMinLetters {
		s.seq++ // an answer on its way is no longer wanted
		if s.cancel != nil {
			s.cancel()
		}
		if s.searchShown() {
			s.showSearchMessage(s.host.tr().T("search.more_letters"), nil)
		}
		return
	}
	s.runSearch(text)
}

// letters counts the characters of text, spaces around it left out.
func letters(text string) int { return utf8.RuneCountInString(strings.TrimSpace(text)) }

// searchAnswer is what a query found, for the screen.
type searchAnswer struct {
	text string
	res  search.Results
	sug  search.Suggestions
	err  error
}

// runSearch cancels the query in flight and starts text's in the background;
// its answer is shown unless a newer query started meanwhile.
func (s *searchUI) runSearch(text string) {
	if s.entry != nil && s.entry.Text != text {
		return // the learner typed again: that text has its own query
	}
	if s.cancel != nil {
		s.cancel()
	}
	s.seq++
	seq := s.seq
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	svc := s.svc
	s.inflight.Add(1)
	go func() {
		defer s.inflight.Done()
		a := answer(ctx, svc, text)
		if errors.Is(a.err, context.Canceled) || ctx.Err() != nil {
			return // a newer query, or StopSearch, replaced this one
		}
		fyne.Do(func() {
			s.answering.Lock() // one answer at a time, even where fyne.Do runs at once
			defer s.answering.Unlock()
			if s.seq == seq {
				s.showAnswer(a)
			}
		})
	}()
}

// answer searches text and, when nothing is found, asks for suggestions.
func answer(ctx context.Context, svc *searchService, text string) searchAnswer {
	a := searchAnswer{text: text}
	a.res, a.err = svc.Search(ctx, text, searchLanguage, searchLimit)
	if a.err == nil && len(a.res.Hits) == 0 {
		a.sug, a.err = svc.Suggest(text, searchLanguage)
	}
	return a
}

// searchSubmitted (Enter in the field) opens the best result at once, or shows
// why there is none.
func (s *searchUI) searchSubmitted() {
	text := s.entry.Text
	if letters(text) < searchMinLetters {
		s.showSearchPage(text)
		s.showSearchMessage(s.host.tr().T("search.more_letters"), nil)
		return
	}
	if s.cancel != nil {
		s.cancel()
	}
	s.seq++
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	a := answer(ctx, s.svc, text)
	if a.err == nil && len(a.res.Hits) > 0 {
		h := a.res.Hits[0]
		if s.openSearchResult(h) {
			return
		}
	}
	s.showAnswer(a)
}

// searchStatusChanged runs on the UI thread when the index opened, got ready or
// failed: a query shown as "préparation…" is run again without retyping.
func (s *searchUI) searchStatusChanged() {
	if !s.searchShown() || s.waiting == "" {
		return
	}
	switch s.svc.Status() {
	case searchPreparing:
		return
	case searchReady:
		s.runSearch(s.waiting)
	default:
		s.showAnswer(searchAnswer{text: s.waiting, err: search.ErrClosed})
	}
}

// searchShown tells whether the results screen is the one on screen.
func (s *searchUI) searchShown() bool {
	return s.page != nil && len(s.host.body.Objects) == 1 && s.host.body.Objects[0] == s.page
}

// showSearchPage puts the results screen on, keeping the cursor in the field
// when it was there (the learner goes on typing).
func (s *searchUI) showSearchPage(text string) {
	if s.page == nil {
		s.page = container.NewStack()
	}
	if !s.searchShown() {
		typing := s.entry != nil && s.host.win.Canvas().Focused() == s.entry
		s.host.show(s.page)
		s.host.escapeTo(s.host.home, nil)
		if typing {
			s.host.win.Canvas().Focus(s.entry)
		}
	}
}

// showAnswer shows a query's results, or the message that replaces them.
func (s *searchUI) showAnswer(a searchAnswer) {
	s.showSearchPage(a.text)
	s.waiting = ""
	switch {
	case errors.Is(a.err, search.ErrNotReady):
		s.waiting = a.text
		s.showSearchMessage(s.host.tr().T("search.preparing"), widget.NewIcon(theme.HistoryIcon()))
		if s.svc.Status() == searchReady { // it got ready while we were drawing
			s.runSearch(a.text)
		}
	case a.err != nil:
		msg := s.host.tr().T("search.unavailable")
		if errors.Is(a.err, search.ErrInUse) || s.svc.Status() == searchInUse {
			msg = s.host.tr().T("search.in_use")
		}
		s.showSearchMessage(msg, widget.NewIcon(theme.InfoIcon()))
	case len(a.res.Hits) == 0:
		s.showNoResult(a.text, a.sug)
	default:
		s.showResults(a.res)
	}
	if s.onAnswerShown != nil {
		s.onAnswerShown(a.text)
	}
}

// showSearchMessage fills the results screen with one kind sentence (and an
// icon or activity beside it) and a way back home: never an empty page.
func (s *searchUI) showSearchMessage(msg string, beside fyne.CanvasObject) {
	s.rows, s.shown = nil, search.Results{}
	label := widget.NewLabel(msg)
	label.Wrapping = fyne.TextWrapWord
	line := fyne.CanvasObject(label)
	if beside != nil {
		line = container.NewBorder(nil, nil, beside, nil, label)
	}
	home := view.NewPushButton(s.host.tr().T("nav.home"), theme.HomeIcon(), s.host.home)
	s.setSearchContent(container.NewVBox(line, container.NewHBox(home)))
}

// setSearchContent replaces what the results screen shows.
func (s *searchUI) setSearchContent(obj fyne.CanvasObject) {
	s.page.Objects = []fyne.CanvasObject{view.ScrollPage(obj)}
	s.page.Refresh()
}

// showNoResult says kindly that nothing was found, offers close words (which
// search again) and modules to start with.
func (s *searchUI) showNoResult(text string, sug search.Suggestions) {
	s.rows, s.shown = nil, search.Results{}
	msg := widget.NewLabelWithStyle(s.host.tr().T("search.none", map[string]any{"Query": strings.TrimSpace(text)}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	msg.Wrapping = fyne.TextWrapWord
	items := []fyne.CanvasObject{container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, msg)}
	if len(sug.Words) > 0 {
		var words []fyne.CanvasObject
		for _, w := range sug.Words {
			b := view.NewPushButton(w, theme.SearchIcon(), func() { s.searchFor(w) })
			words = append(words, b)
		}
		items = append(items, widget.NewLabel(s.host.tr().T("search.did_you_mean")), container.NewHBox(words...))
	}
	var modules []fyne.CanvasObject
	for _, mi := range sug.Modules {
		pack, m := s.host.findModule(mi.PackID, mi.ID)
		if m == nil {
			continue
		}
		b := view.NewPushButton(m.Title+" · "+s.host.levelLabel(m.Level), theme.NavigateNextIcon(), func() { s.host.openModule(pack, m) })
		b.Alignment = widget.ButtonAlignLeading
		modules = append(modules, b)
	}
	if len(modules) > 0 {
		items = append(items, widget.NewLabel(s.host.tr().T("search.start_with")), container.NewGridWithColumns(2, modules...))
	}
	items = append(items, container.NewHBox(view.NewPushButton(s.host.tr().T("nav.home"), theme.HomeIcon(), s.host.home)))
	s.setSearchContent(container.NewVBox(items...))
}

// searchFor puts word in the field and searches it at once.
func (s *searchUI) searchFor(word string) {
	s.entry.SetText(word) // which searches it, as a key would
	if s.entry.OnChanged == nil {
		s.runSearch(word)
	}
}

// showResults lists the results by module: the module's title and level, then a
// big row per step with the lesson, the step and a snippet, the words found in
// bold and in colour. The list's widgets are kept from one answer to the next and
// only their texts change (resultsView), so a key lays out what changed only.
func (s *searchUI) showResults(res search.Results) {
	if s.results == nil {
		s.results = newResultsView(s)
	}
	v := s.results
	fresh := len(s.page.Objects) == 0 || s.page.Objects[0] != v.scroll
	if fresh {
		// The width the list will get: the screen's, less the page's margins.
		v.layout.width = view.ScrollPageWidth(s.host.body.Size().Width)
	}
	// The frame that answers a key lays out the rows the screen shows; the others
	// follow once it is drawn, unless another key came: a key costs what the
	// learner sees, not the whole list.
	rows := v.fill(s, res, v.visibleHeight(s))
	if fresh {
		s.page.Objects = []fyne.CanvasObject{v.scroll, container.NewWithoutLayout(v.drawn.raster)}
		s.page.Refresh()
	}
	if v.scroll.Offset.Y != 0 {
		v.scroll.ScrollToTop()
	}
	s.rows, s.shown = rows, res // last: the screen is complete when rows appear
	if len(rows) < len(res.Hits) {
		seq := s.seq
		v.drawn.then(func() {
			s.answering.Lock()
			defer s.answering.Unlock()
			if s.seq == seq && s.results == v && s.searchShown() {
				s.rows = v.fill(s, res, 0)
			}
		})
	}
}

// frameSignal runs a function on the UI goroutine once the next frame is drawn: a
// one-pixel transparent raster, refreshed when asked, whose pixels Fyne computes
// only when it draws it.
type frameSignal struct {
	raster *canvas.Raster
	mu     sync.Mutex
	next   func()
}

func newFrameSignal() *frameSignal {
	f := &frameSignal{}
	f.raster = canvas.NewRasterWithPixels(func(_, _, _, _ int) color.Color {
		f.mu.Lock()
		next := f.next
		f.next = nil
		f.mu.Unlock()
		if next != nil {
			go fyne.Do(next)
		}
		return color.Transparent
	})
	f.raster.SetMinSize(fyne.NewSize(1, 1))
	f.raster.Resize(fyne.NewSize(1, 1))
	return f
}

// then runs next after the next frame (replacing what was asked before).
func (f *frameSignal) then(next func()) {
	f.mu.Lock()
	f.next = next
	f.mu.Unlock()
	f.raster.Refresh()
}

// resultsView is the results screen's list: a heading (how many, and « Écouter »),
// then per module a title and its rows. Its module titles and rows are created the
// first time they are needed and filled again with each answer.
type resultsView struct {
	count  *widget.Label
	listen *view.PushButton
	head   fyne.CanvasObject
	groups []groupHeading
	rows   []*searchRow
	box    *fyne.Container
	layout *resultsLayout
	scroll *container.Scroll
	drawn  *frameSignal // the results below the first ones are laid out after it
}

// groupHeading is a module's title and level above its results.
type groupHeading struct {
	obj          fyne.CanvasObject
	title, level *widget.Label
}

func newResultsView(s *searchUI) *resultsView {
	v := &resultsView{layout: &resultsLayout{}, drawn: newFrameSignal()}
	v.count = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.count.Wrapping = fyne.TextWrapWord
	v.listen = view.NewPushButton(s.host.tr().T("search.listen"), theme.VolumeUpIcon(), s.readSearchResults)
	v.head = container.NewBorder(nil, nil, nil, v.listen, v.count)
	v.box = container.New(v.layout)
	v.scroll = view.ScrollPage(v.box)
	return v
}

// visibleHeight is the height of the list on screen (the window's body before the
// list is first shown).
func (v *resultsView) visibleHeight(s *searchUI) float32 {
	if h := v.scroll.Size().Height; h > 0 {
		return h
	}
	return s.host.body.Size().Height
}

// fill shows the results of res, reusing the widgets of the previous answer, and
// returns the rows shown in order: those that fill height, from the top of the list
// (one row at least), or all of them when height is 0.
func (v *resultsView) fill(s *searchUI, res search.Results, height float32) []*searchRow {
	setText(v.count, s.host.tr().N("search.count", len(res.Hits), map[string]any{"Query": strings.TrimSpace(res.Query)}))
	if text := s.host.tr().T("search.listen"); v.listen.Text != text {
		v.listen.SetText(text)
	}
	objects := []fyne.CanvasObject{v.head}
	var rows []*searchRow
	used := float32(0)
	add := func(o fyne.CanvasObject) {
		objects = append(objects, o)
		if height > 0 {
			used += v.layout.measure(o).Height + theme.Padding() // as the layout will
		}
	}
	full := func() bool { return height > 0 && len(rows) > 0 && used >= height }
	if height > 0 {
		used = v.layout.measure(v.head).Height + theme.Padding()
	}
	for gi, g := range res.Groups() {
		if full() {
			break
		}
		if gi == len(v.groups) {
			title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			title.SizeName = theme.SizeNameSubHeadingText
			title.Wrapping = fyne.TextWrapWord
			level := widget.NewLabel("")
			level.Importance = widget.HighImportance
			v.groups = append(v.groups, groupHeading{obj: container.NewBorder(nil, nil, nil, level, title), title: title, level: level})
		}
		heading := v.groups[gi]
		setText(heading.title, g.ModuleTitle)
		setText(heading.level, s.host.levelLabel(g.Level))
		add(heading.obj)
		for _, h := range g.Results {
			if full() {
				break
			}
			if len(rows) == len(v.rows) {
				v.rows = append(v.rows, newSearchRow(s, h, nil))
			}
			row := v.rows[len(rows)]
			row.set(s, h, func() { s.openSearchResult(h) })
			add(row)
			rows = append(rows, row)
		}
	}
	v.box.Objects = objects
	v.box.Refresh()
	return rows
}

// setText changes a label's text only when it differs: an unchanged label is not
// laid out again.
func setText(l *widget.Label, text string) {
	if l.Text != text {
		l.SetText(text)
	}
}

// openSearchResult opens the step a result points to, mapping its ids back to
// the installed packs. It reports false when the pack is no longer there (the
// index is re-synced and the screen says so).
func (s *searchUI) openSearchResult(h search.Result) bool {
	pack, m := s.host.findModule(h.PackID, h.ModuleID)
	if m != nil {
		for li, l := range m.Lessons {
			if l.ID != h.LessonID {
				continue
			}
			step := h.StepIndex
			if step < 0 || step >= len(l.Steps) {
				step = 0
			}
			s.host.openLesson(pack, m, li, step)
			return true
		}
	}
	s.resync()
	s.showSearchPage(h.StepTitle)
	s.showSearchMessage(s.host.tr().T("search.gone"), widget.NewIcon(theme.InfoIcon()))
	return false
}

// findModule finds an installed module by pack and module id.
func (u *ui) findModule(packID, moduleID string) (*courses.Pack, *courses.Module) {
	for _, p := range u.opts.Packs {
		if p.ID != packID {
			continue
		}
		for _, m := range p.Modules {
			if m.ID == moduleID {
				return p, m
			}
		}
	}
	return nil, nil
}

// readSearchResults reads the first results aloud: module, step and snippet.
func (s *searchUI) readSearchResults() {
	var lines []string
	lines = append(lines, s.host.tr().N("search.count", len(s.shown.Hits), map[string]any{"Query": strings.TrimSpace(s.shown.Query)}))
	for i, h := range s.shown.Hits {
		if i == searchReadResults {
			break
		}
		lines = append(lines, h.ModuleTitle+". "+h.StepTitle+". "+search.SnippetText(h.Snippet))
	}
	s.host.read(strings.Join(lines, "\n"), s.host.tr().Language().String())
}

// focusSearchRow moves the keyboard focus to row i (the field when i < 0).
func (s *searchUI) focusSearchRow(i int) {
	switch {
	case i < 0:
		s.host.win.Canvas().Focus(s.entry)
	case i < len(s.rows):
		s.host.win.Canvas().Focus(s.rows[i])
	}
}

// searchEntry is the search field: Down (and Tab, while results are shown) moves
// to the first result, so that the keyboard reaches them at once.
type searchEntry struct {
	view.Entry
	search *searchUI
}

func newSearchEntry(s *searchUI) *searchEntry {
	e := &searchEntry{search: s}
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	return e
}

// AcceptsTab takes Tab while results are shown: Tab goes to the first result
// instead of the next top-bar button.
func (e *searchEntry) AcceptsTab() bool {
	return e.search.searchShown() && len(e.search.rows) > 0
}

// TypedKey moves to the results on Down and Tab (Shift+Tab still goes back).
func (e *searchEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyDown:
		if e.search.searchShown() && len(e.search.rows) > 0 {
			e.search.focusSearchRow(0)
			return
		}
	case fyne.KeyTab:
		if shiftHeld() {
			e.search.host.win.Canvas().FocusPrevious()
		} else if e.AcceptsTab() {
			e.search.focusSearchRow(0)
		} else {
			e.search.host.win.Canvas().FocusNext()
		}
		return
	}
	e.Entry.TypedKey(k)
}

// shiftHeld tells whether Shift is down (desktop drivers only).
func shiftHeld() bool {
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()&fyne.KeyModifierShift != 0
	}
	return false
}

// searchAgain shows the results screen again in the current language (call it
// from switchLanguage).
func (s *searchUI) searchAgain() {
	if s.entry == nil {
		return
	}
	if s.searchShown() {
		if letters(s.entry.Text) < searchMinLetters {
			s.showSearchMessage(s.host.tr().T("search.more_letters"), nil)
			return
		}
		s.runSearch(s.entry.Text)
	}
}
