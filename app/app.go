// Package app is Déclic's desktop interface, built with Fyne: the home screen of
// modules, the module page, the lesson player and its screens. It receives a
// fyne.App and a fyne.Window from main, so every screen can be driven headless by
// fyne.io/fyne/v2/test.
package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/attest"
	"declic/branding"
	"declic/courses"
	"declic/i18n"
	_ "declic/i18n/toolkitlocale" // initialised before Fyne: LANG=C.UTF-8 means French, quietly
	"declic/learner"
	"declic/plugins/view"
	"declic/speech"
)

// uiOptions are what the interface needs from the rest of the program.
type uiOptions struct {
	// Packs are the course packs: the built-in ones first (the starter pack, then
	// « Mes démarches en ligne »), then the installed ones.
	Packs []*courses.Pack
	// Tr speaks the learner's language.
	Tr *i18n.Translator
	// eventSink receives what the learner does; nil keeps them in memory.
	Events eventSink
	// Now is the clock (tests pass a fake one); nil means time.Now.
	Now func() time.Time
	// Store is an open learner store: the app starts on the profile chooser and
	// records events there. When nil, Database (a file path) is opened instead;
	// when both are empty the app runs without profiles and keeps events in memory.
	Store *learner.Store
	// Database is the learner database file to open when Store is nil
	// (datadir.Dirs.Database).
	Database string
	// ExportDir is where "Mes données" exports by default; empty means the user's
	// Documents folder (or home folder).
	ExportDir string
	// spanInterval is how often active time is recorded; 0 means SpanInterval.
	SpanInterval time.Duration
	// Branding is the centre bundle installed beside the program, or nil. Its
	// centre's name signs the attestations « Déclic – <name> ».
	Branding *branding.Bundle
	// Voice reads aloud; nil means the system's voice (speech.New).
	Voice speech.Engine
	// Drives lists the USB sticks plugged in now; nil means attest.RemovableDrives.
	Drives func() []attest.Drive
	// startup notes the phases of start-up when they are measured (Run), or nil.
	startup *startupMarks
	// databaseLater is the learner database Run opens after the first frame: the
	// interface starts on the opening screen instead (Database opens it at once).
	databaseLater string
	// ReturnMemory gives the memory Go freed back to the system, after the
	// background work of the start and when the learner leaves the lessons; nil
	// means debug.FreeOSMemory.
	ReturnMemory func()
}

// ui is the running interface: one window whose body changes from screen to screen.
type ui struct {
	app    fyne.App
	win    fyne.Window
	opts   uiOptions
	tr     *i18n.Translator
	theme  *appTheme
	body   *fyne.Container
	top    *fyne.Container
	page   *fyne.Container // the top bar above the body
	home   *view.PushButton
	player *lessonPlayer
	// freed gives freed memory back to the system after bursts of work.
	freed *memoryReturn
	// onHome is true while the home screen is shown.
	onHome bool
	// packs is the pack manager; nil when there is no data folder (tests, preview).
	packs *packManager
	// pictures keeps lesson pictures drawn at screen size.
	pictures *pictureCache
	// The top bar's parts, re-arranged when the text size changes (arrangeTopBar).
	speakerObj, sessionObj, searchObj fyne.CanvasObject
	// access is read-aloud, the keyboard's state and the hands (a11y.go).
	access *a11yState
	// search is the top bar's search field and the results screen (search.go).
	search *searchUI
	// profiles are the profile chooser, locks and settings (profiles.go).
	profiles *profileScreens

	session // the learner store, the open profile and its active time (learnerstore.go)
}

// buildUI builds the interface inside win and shows the home screen.
func buildUI(a fyne.App, win fyne.Window, opts uiOptions) *ui {
	if opts.Events == nil {
		opts.Events = &memoryEvents{}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Drives == nil {
		opts.Drives = attest.RemovableDrives
	}
	u := &ui{app: a, win: win, opts: opts, tr: opts.Tr, theme: newTheme(), pictures: newPictureCache(), search: &searchUI{}}
	u.freed = newMemoryReturn(opts.ReturnMemory)
	u.access = newA11yState(u, opts.Voice)
	u.profiles = &profileScreens{host: u}
	a.Settings().SetTheme(u.theme)
	win.SetTitle(u.tr.T("app.title"))

	u.home = view.NewPushButton(u.barText(barHome), theme.HomeIcon(), u.ShowHome)
	// What a learner needs on every screen, even in a lesson: home, search, the
	// voice, their progress and their profile. Settings, language, attestations and
	// courses are on the home screen's toolbar (homeToolbar).
	u.speakerObj, u.sessionObj, u.searchObj = u.speakerButton(), u.sessionButtons(), u.searchBar()
	u.top = container.NewStack()
	u.arrangeTopBar()
	u.body = container.NewStack()
	u.search.host = u.searchHost() // the search screen is shown in the body
	header := container.NewVBox(u.top, widget.NewSeparator(), u.keyNote())
	if opts.Branding != nil {
		header = container.NewVBox(u.brandingBar(opts.Branding), u.top, widget.NewSeparator(), u.keyNote())
	}
	page := container.NewBorder(header, nil, nil, nil, u.body)
	u.page = page
	// The activity layer lies under every screen: it sees the learner's mouse
	// moves. The root hears where the keyboard focus goes.
	win.SetContent(newWindowRoot(u, container.NewStack(newActivityLayer(u.touch), page)))
	u.registerSearchShortcut()
	u.watchActivity()
	u.watchKeys()
	u.start()
	return u
}

// arrangeTopBar lays out the top bar for the text size: one row normally; at 150%
// and more, the search and the voice on a first row and the learner's buttons on a
// second, so nothing runs off the window's edge.
func (u *ui) arrangeTopBar() {
	if u.theme.Scale >= 1.5 {
		first := container.NewBorder(nil, nil, u.home, u.speakerObj, u.searchObj)
		second := container.NewHBox(layout.NewSpacer(), u.sessionObj)
		u.top.Objects = []fyne.CanvasObject{container.NewVBox(first, second)}
	} else {
		right := container.NewHBox(u.speakerObj, u.sessionObj)
		u.top.Objects = []fyne.CanvasObject{container.NewBorder(nil, nil, u.home, right, u.searchObj)}
	}
	u.top.Refresh()
	// The bar's height changed: the page is laid out again, or the second row
	// would lie over the screen's first lines.
	if u.page != nil {
		u.page.Refresh()
	}
}

// show replaces the body with a screen.
func (u *ui) show(screen fyne.CanvasObject) {
	u.onHome = false
	u.leaveScreen()
	if u.player == nil {
		// Out of the lessons, their pictures are not needed: their megabytes go
		// back to the system.
		if u.pictures.forgetLessons() > 0 {
			u.freed.soon()
		}
	}
	u.body.Objects = []fyne.CanvasObject{screen}
	u.body.Refresh()
	u.screenShown()
	u.screenChanged()
}

// lessonPlayer returns the lesson player when a lesson is open (tests use it).
func (u *ui) Player() *lessonPlayer { return u.player }
