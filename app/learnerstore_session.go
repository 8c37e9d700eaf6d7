package app

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/app/pictures"
	"declic/courses"
	"declic/learner"
	"declic/plugins/view"
)

// session is the part of the UI that knows the learner: the store, the open
// profile, its events and its active time.
type session struct {
	store       *learner.Store
	ownsStore   bool
	rec         *learner.Recorder
	profile     *learner.Profile
	active      *activeTime
	memory      eventSink // the events used when no profile is open
	parcoursBtn *view.PushButton
	attestBtn   *view.PushButton
	profileBtn  *view.PushButton
	states      map[string]learner.ModuleState // "pack/module" → state, for the home cards
	closed      bool
	placement   *placementRun // the questionnaire being answered
	unlockTick  func()        // updates the wait screen after wrong PINs (TickUnlockWait)
}

// Profile returns the open profile, or nil (tests use it).
func (u *ui) Profile() *learner.Profile { return u.profile }

// Store returns the learner store, or nil when the app runs without one.
func (u *ui) Store() *learner.Store { return u.store }

// sessionButtons builds the top-bar entries "Mon parcours" and the profile's name
// (which leads to the profile chooser); both stay hidden until a profile is open.
func (u *ui) sessionButtons() fyne.CanvasObject {
	u.parcoursBtn = view.NewPushButton(u.barText(barParcours), theme.ListIcon(), u.ShowParcours)
	u.profileBtn = view.NewPushButton("", theme.AccountIcon(), u.profiles.ShowProfiles)
	u.attestBtn = u.AttestationsButton()
	u.parcoursBtn.Hide()
	u.attestBtn.Hide()
	u.profileBtn.Hide()
	return container.NewHBox(u.parcoursBtn, u.profileBtn)
}

// start opens the learner store (if any) and shows the first screen.
func (u *ui) start() {
	u.memory = u.opts.Events
	switch {
	case u.opts.Store != nil:
		u.attachStore(u.opts.Store, false)
		u.profiles.startProfiles()
	case u.opts.Database != "":
		u.openDatabase(u.opts.Database)
	case u.opts.databaseLater != "":
		u.showOpening() // the database opens after the first frame (Run)
	default:
		u.ShowHome()
	}
}

// openedStore is the outcome of opening the learner database, found off the UI
// goroutine and shown on it.
type openedStore struct {
	path  string
	store *learner.Store
	aside string // where a damaged database was put aside, when a fresh one replaced it
	err   error  // why there is no store
}

// openLearnerStore opens the learner database at path, putting a damaged one aside
// for a fresh one. It touches no widget: it may run on any goroutine.
func openLearnerStore(path string) openedStore {
	st, err := learner.Open(path)
	if !errors.Is(err, learner.ErrCorrupt) {
		return openedStore{path: path, store: st, err: err}
	}
	fresh, aside, rerr := learner.Recover(path)
	if rerr != nil {
		return openedStore{path: path, err: fmt.Errorf("%w; recovery: %v", err, rerr)}
	}
	return openedStore{path: path, store: fresh, aside: aside}
}

// openDatabase opens the learner database at path and shows the first screen.
func (u *ui) openDatabase(path string) { u.useStore(openLearnerStore(path)) }

// openDatabaseInBackground opens the learner database at path off the UI goroutine,
// so that nothing waits for it (its integrity check reads the whole file); the
// profile chooser replaces the opening screen when it is ready.
func (u *ui) openDatabaseInBackground(path string) {
	go func() {
		opened := openLearnerStore(path)
		fyne.Do(func() { u.useStore(opened) })
	}()
}

// useStore starts recording into the opened store and shows the first screen, or a
// screen that tells the learner, in plain words, why progress cannot be saved.
func (u *ui) useStore(o openedStore) {
	u.opts.startup.mark("learner-store")
	if u.closed { // the window closed while the database was opening
		if o.store != nil {
			o.store.Close()
		}
		return
	}
	switch {
	case o.err == nil && o.aside != "":
		fmt.Fprintln(os.Stderr, "declic: damaged learner database put aside as", o.aside)
		u.attachStore(o.store, true)
		u.showNotice(theme.WarningIcon(), u.tr.T("learner.start.recovered.title"),
			[]string{u.tr.T("learner.start.recovered.body"), u.tr.T("learner.start.recovered.courses")},
			o.aside, u.tr.T("learner.continue"), u.profiles.startProfiles)
	case o.err == nil:
		u.attachStore(o.store, true)
		u.profiles.startProfiles()
	case errors.Is(o.err, learner.ErrReadOnly):
		fmt.Fprintln(os.Stderr, "declic:", o.err)
		u.showStoreProblem("learner.start.readonly", filepath.Dir(o.path))
	case errors.Is(o.err, learner.ErrNewerSchema):
		fmt.Fprintln(os.Stderr, "declic:", o.err)
		u.showStoreProblem("learner.start.newer", o.path)
	default:
		fmt.Fprintln(os.Stderr, "declic:", o.err)
		u.showStoreProblem("learner.start.unusable", o.path)
	}
}

// showOpening is the first screen while the learner database opens: Déclic's name,
// large, and nothing to press yet. It is shown for a blink on most PCs, and costs
// nothing to draw (no picture to decode).
func (u *ui) showOpening() {
	u.home.Hide()
	name := widget.NewLabelWithStyle(u.tr.T("app.title"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameHeadingText
	u.show(container.NewCenter(name))
}

// showStoreProblem explains why progress cannot be saved and lets the learner go
// on without saving (events stay in memory).
func (u *ui) showStoreProblem(id, path string) {
	u.showNotice(theme.WarningIcon(), u.tr.T(id+".title"),
		[]string{u.tr.T(id + ".body"), u.tr.T("learner.start.nosave")},
		path, u.tr.T("learner.start.continue_nosave"), u.ShowHome)
}

// showNotice is a calm full screen: an icon, a title, short sentences, a path the
// learner can show to a trainer, and one big button.
func (u *ui) showNotice(icon fyne.Resource, title string, lines []string, path, action string, next func()) {
	heading := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameHeadingText
	heading.Wrapping = fyne.TextWrapWord
	items := []fyne.CanvasObject{container.NewBorder(nil, nil, sized(widget.NewIcon(icon), 48, 48), nil, heading)}
	for _, l := range lines {
		items = append(items, wrapped(l))
	}
	if path != "" {
		items = append(items, wrapped(u.tr.T("learner.start.where")), u.pathLabel(path))
	}
	btn := view.NewPushButton(action, theme.NavigateNextIcon(), next)
	btn.Importance = widget.HighImportance
	items = append(items, container.NewHBox(btn))
	u.show(view.ScrollPage(container.NewVBox(items...)))
}

// attachStore starts recording into st.
func (u *ui) attachStore(st *learner.Store, owned bool) {
	u.store, u.ownsStore = st, owned
	u.rec = st.NewRecorder(learner.RecorderOptions{OnError: func(err error) {
		fmt.Fprintln(os.Stderr, "declic: event not saved:", err)
	}})
}

// openProfile makes p the learner of this window: events go to the store under
// its id and active time starts counting. A first visit starts with the placement
// questionnaire.
func (u *ui) openProfile(p learner.Profile) {
	u.closeProfile()
	u.profile = &p
	u.opts.Events = &storeEvents{rec: u.rec, profileID: p.ID, packs: func() []*courses.Pack { return u.opts.Packs }}
	u.active = newActiveTime(u.rec, p.ID, u.opts.Now)
	interval := u.opts.SpanInterval
	if interval <= 0 {
		interval = spanInterval
	}
	u.active.startTicker(interval)
	u.ApplyPreferences(p.Preferences)
	u.refreshProfileButton()
	u.parcoursBtn.Show()
	u.attestBtn.Show()
	u.home.Show()
	if p.Placement.State == learner.PlacementNotYet {
		u.ShowPlacement()
		return
	}
	u.ShowHome()
}

// refreshProfileButton shows the open profile's picture and first name.
func (u *ui) refreshProfileButton() {
	if u.profile == nil {
		u.profileBtn.Hide()
		return
	}
	u.profileBtn.SetIcon(pictures.Resource(u.profile.Avatar))
	u.profileBtn.SetText(u.profile.FirstName)
	u.profileBtn.Show()
}

// closeProfile records the last active time and forgets the profile.
func (u *ui) closeProfile() {
	if u.active != nil {
		u.active.Close()
		u.active = nil
	}
	u.profile = nil
	u.opts.Events = u.memory
	u.states = nil
	if u.parcoursBtn != nil {
		u.parcoursBtn.Hide()
		u.attestBtn.Hide()
		u.profileBtn.Hide()
	}
}

// Close records the last active time, writes every pending event and closes the
// store. Run calls it when the window closes; it may be called more than once.
func (u *ui) Close() error {
	if u.closed {
		return nil
	}
	u.closed = true
	u.forgetA11y() // the voice stops with the window
	u.closeProfile()
	var err error
	if u.rec != nil {
		err = u.rec.Close()
	}
	if u.store != nil && u.ownsStore {
		err = errors.Join(err, u.store.Close())
	}
	return err
}

// Flush waits until every event so far is written (tests, and before reading a
// summary).
func (u *ui) Flush() error {
	if u.active != nil {
		u.active.closeSpan()
	}
	if u.rec == nil {
		return nil
	}
	return u.rec.Flush()
}

// touch reports a learner action to the active clock.
func (u *ui) touch() {
	if u.active != nil {
		u.active.Activity()
	}
}

// watchActivity feeds the active clock with the window's focus; key presses come
// through keyDown (a11y_keys.go). See activeTime for the whole list of sources.
func (u *ui) watchActivity() {
	u.app.Lifecycle().SetOnEnteredForeground(func() { u.focusChanged(true) })
	u.app.Lifecycle().SetOnExitedForeground(func() { u.focusChanged(false) })
}

// focusChanged tells the active clock the window gained or lost the focus.
func (u *ui) focusChanged(focused bool) {
	if u.active != nil {
		u.active.Focus(focused)
	}
}

// leaveScreen takes the focus off the screen that goes and forgets what it did
// with the keys (the PIN pad's digits, what Échap does).
func (u *ui) leaveScreen() {
	u.win.Canvas().Unfocus()
	u.keysLeaveScreen()
}

// screenShown counts the change of screen as an action and tells the active
// clock which module the learner is in (none outside the lesson player).
func (u *ui) screenShown() {
	// The top bar's buttons may have been shown or hidden: lay it out again, and
	// the page under it, whose first line moves when the bar's height changes.
	u.top.Refresh()
	if u.page != nil {
		u.page.Refresh()
	}
	if u.active == nil {
		return
	}
	u.active.Activity()
	if u.player != nil {
		u.active.Enter(u.player.pack.ID, u.player.module.ID)
	} else {
		u.active.Enter("", "")
	}
}

// summary is "Mon parcours" for the open profile, after writing pending events.
func (u *ui) summary() (learner.Summary, error) {
	if err := u.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "declic:", err)
	}
	base, _ := u.tr.Language().Base()
	return u.store.Summary(context.Background(), u.profile.ID, learner.ModulesOf(u.opts.Packs...),
		learner.SummaryOptions{Language: base.String()})
}

// refreshStates reads the module states shown on the home cards.
func (u *ui) refreshStates() {
	u.states = nil
	if u.profile == nil || u.store == nil {
		return
	}
	sum, err := u.summary()
	if err != nil {
		fmt.Fprintln(os.Stderr, "declic:", err)
		return
	}
	u.states = map[string]learner.ModuleState{}
	for _, m := range sum.Modules {
		u.states[m.PackID+"/"+m.ModuleID] = m.State
	}
}

// activityLayer is an invisible widget under every screen. It is a
// desktop.Hoverable, so it receives the mouse moves that no button above it
// takes: each one is a sign the learner is there.
type activityLayer struct {
	widget.BaseWidget
	acted func()
}

func newActivityLayer(acted func()) *activityLayer {
	l := &activityLayer{acted: acted}
	l.ExtendBaseWidget(l)
	return l
}

// CreateRenderer draws nothing.
func (l *activityLayer) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// MouseIn counts as an action.
func (l *activityLayer) MouseIn(*desktop.MouseEvent) { l.acted() }

// MouseMoved counts as an action.
func (l *activityLayer) MouseMoved(*desktop.MouseEvent) { l.acted() }

// MouseOut does nothing: leaving the window is not an action.
func (l *activityLayer) MouseOut() {}

var _ desktop.Hoverable = (*activityLayer)(nil)
