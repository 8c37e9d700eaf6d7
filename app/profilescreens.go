package app

import (
	"fyne.io/fyne/v2"

	"declic/i18n"
	"declic/learner"
)

// profileScreens are the screens of the learner profiles: the chooser, the locks
// (pictures or PIN), creating, protecting, editing and deleting a profile.
type profileScreens struct {
	host profileHost
	// editing is true while a profile's settings are open: the protection
	// screens come back to them.
	editing bool
}

// profileHost is what the profile screens need from the window. They open and
// close the learner's session, so they see more of it than the other screens:
// the store, the session's start and end, the shared lock pads and messages.
type profileHost interface {
	translator() *i18n.Translator
	window() fyne.Window
	Store() *learner.Store
	// show puts a screen in the body; escapeTo and mainControl set what Échap
	// leads to and the control Entrée presses.
	show(fyne.CanvasObject)
	escapeTo(back func(), kept func() string)
	mainControl(fyne.Focusable)
	touch()
	// hideHome hides the top bar's home button (no profile is open);
	// forgetPlayer drops the lesson player of the profile that closed.
	hideHome()
	forgetPlayer()
	markStartup(phase string)
	flushEvents() error
	resetDisplay()
	openProfile(learner.Profile)
	closeProfile()
	lockedOut(err error, retry, back func()) bool
	unlockWaiting(p learner.Profile, retry func()) bool
	storeFailed(err error)
	showNotice(icon fyne.Resource, title string, lines []string, path, action string, next func())
	pictureTile(res fyne.Resource, picture float32, caption string, tapped func()) (fyne.CanvasObject, func(bool))
	pictureTileWrapped(res fyne.Resource, picture float32, caption string, tapped func(), wrap bool) (fyne.CanvasObject, func(bool))
	pictureSequence(title, hint string, distinct bool, done func(picked []int, fail func(string)), extra ...fyne.CanvasObject) fyne.CanvasObject
	showPINPad(title, hint string, submit func(pin string, fail func(string)), extra ...fyne.CanvasObject)
	ShowHome()
	ShowCard(p learner.Profile, back func())
	ShowImportProfile(back func())
}

func (u *ui) translator() *i18n.Translator { return u.tr }
func (u *ui) window() fyne.Window          { return u.win }
func (u *ui) hideHome()                    { u.home.Hide() }
func (u *ui) forgetPlayer()                { u.player = nil }
func (u *ui) markStartup(phase string)     { u.opts.startup.mark(phase) }
func (u *ui) flushEvents() error           { return u.rec.Flush() }
