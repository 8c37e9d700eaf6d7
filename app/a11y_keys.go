package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/plugins/view"
)

// This file is the keyboard side of accessibility: the window content that hears
// where the focus goes (view.FocusListener), Échap going back one step where that
// is safe, the focus following a screen opened with the keyboard, and the
// read-aloud saying where the focus is (« Bouton : Commencer »).

// whereAmIShortcut says where the focus is, on demand: Ctrl+Espace.
var whereAmIShortcut = &desktop.CustomShortcut{KeyName: fyne.KeySpace, Modifier: fyne.KeyModifierControl}

// keysState is one window's keyboard state.
type keysState struct {
	// tabbing is true from a Tab key down to the focus move it makes.
	tabbing bool
	// activating is true while Entrée, Space or Échap is down: a screen shown
	// then was opened with the keyboard.
	activating bool
	// screenByKey is true when the screen on show was opened with the keyboard
	// and its first control has not had the focus yet.
	screenByKey bool
	// back is what Échap does on this screen (nil: nothing); kept tells why it
	// would lose something now ("" when it is safe).
	back func()
	kept func() string
	// main is the control a screen opened with the keyboard focuses first (nil:
	// the first control of the screen).
	main fyne.Focusable
	// screenKey and screenRune take the keys the screen itself handles (the PIN
	// pad's digits) when nothing has the focus or a control hands them on.
	screenKey  func(*fyne.KeyEvent)
	screenRune func(rune)
	// note says, under the top bar, why Échap did nothing.
	note     *fyne.Container
	noteText *widget.Label
	// dialogSafe is the safe choice of the dialog on show (showDialog), which
	// Échap makes; nil when no dialog of Déclic's is open.
	dialogSafe func()
}

// windowRoot is the window's content: the activity layer under the page. It is
// the window's view.FocusListener.
type windowRoot struct {
	widget.BaseWidget
	u       *ui
	content fyne.CanvasObject
}

func newWindowRoot(u *ui, content fyne.CanvasObject) *windowRoot {
	r := &windowRoot{u: u, content: content}
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer draws the content.
func (r *windowRoot) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.content) }

// FocusMoved scrolls the focused control into view and, when Tab moved to it and
// the learner reads every screen aloud, says its name and role.
func (r *windowRoot) FocusMoved(obj fyne.Focusable, byPointer bool) { r.u.focusMoved(obj, byPointer) }

// KeyDown notes Tab, Entrée and Space.
func (r *windowRoot) KeyDown(ev *fyne.KeyEvent) { r.u.keyDown(ev) }

// KeyUp ends them.
func (r *windowRoot) KeyUp(ev *fyne.KeyEvent) { r.u.keyUp(ev) }

var _ view.FocusListener = (*windowRoot)(nil)

// watchKeys puts the window's key handlers in place: the ones Fyne calls when no
// control has the focus, and the « where am I » shortcut.
func (u *ui) watchKeys() {
	c := u.win.Canvas()
	if dc, ok := c.(desktop.Canvas); ok {
		dc.SetOnKeyDown(u.keyDown)
		dc.SetOnKeyUp(u.keyUp)
	}
	c.SetOnTypedKey(u.typedKey)
	c.SetOnTypedRune(u.typedRune)
	c.AddShortcut(whereAmIShortcut, func(fyne.Shortcut) { u.SayWhereFocusIs() })
}

// keyNote is the line under the top bar that says why Échap did nothing.
func (u *ui) keyNote() fyne.CanvasObject {
	k := &u.access.keys
	k.noteText = widget.NewLabel("")
	k.noteText.Wrapping = fyne.TextWrapWord
	k.noteText.TextStyle = fyne.TextStyle{Bold: true}
	k.note = container.NewBorder(nil, nil, sized(widget.NewIcon(theme.InfoIcon()), 32, 32), nil, k.noteText)
	k.note.Hide()
	return k.note
}

// keyDown notes the keys that matter here; every key is learner activity.
func (u *ui) keyDown(ev *fyne.KeyEvent) {
	u.touch()
	k := &u.access.keys
	switch ev.Name {
	case fyne.KeyTab:
		k.tabbing = true
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace, fyne.KeyEscape:
		k.activating = true
	}
}

// keyUp ends Tab, Entrée, Space or Échap. When Entrée or Space opened a new
// screen, or Échap went back to one, the focus goes to its main control: a
// keyboard user goes on from there.
func (u *ui) keyUp(ev *fyne.KeyEvent) {
	k := &u.access.keys
	switch ev.Name {
	case fyne.KeyTab:
		k.tabbing = false
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace, fyne.KeyEscape:
		k.activating = false
		if k.screenByKey {
			k.screenByKey = false
			u.focusScreen()
		}
	}
}

// focusScreen gives the focus to the screen's main control, or its first one,
// unless the screen already put it somewhere.
func (u *ui) focusScreen() {
	c := u.win.Canvas()
	if c.Focused() != nil {
		return
	}
	k := &u.access.keys
	target := k.main
	if target == nil || !focusableNow(target) {
		target = view.FirstFocusable(u.body)
	}
	if target != nil {
		c.Focus(target)
	}
}

// focusableNow reports whether f is shown and enabled.
func focusableNow(f fyne.Focusable) bool {
	if d, ok := f.(fyne.Disableable); ok && d.Disabled() {
		return false
	}
	o, ok := f.(fyne.CanvasObject)
	return ok && o.Visible()
}

// typedKey takes the keys no control used: Échap goes back one step where that
// is safe; the screen's own keys (the PIN pad's) go to it.
func (u *ui) typedKey(ev *fyne.KeyEvent) {
	k := &u.access.keys
	if ev.Name == fyne.KeyEscape {
		u.GoBack()
		return
	}
	if k.screenKey != nil {
		k.screenKey(ev)
	}
}

// typedRune gives the screen the characters no control used.
func (u *ui) typedRune(r rune) {
	if f := u.access.keys.screenRune; f != nil {
		f(r)
	}
}

// GoBack is Échap: it goes back one step when that loses nothing, and otherwise
// says why it stays. Over a dialog, it makes the dialog's safe choice.
//
// Safe means that nothing the learner typed or chose on the screen is lost: a
// page of reading, a list, the settings (saved at once), an activity finished or
// not touched yet. An answer not checked yet, a first name typed and not saved,
// or a questionnaire under way keep Échap from leaving; the screen's own
// « Précédent » or « Retour » button still does, on purpose.
func (u *ui) GoBack() {
	k := &u.access.keys
	if k.dialogSafe != nil { // a dialog of Déclic's: Échap is its safe choice
		k.dialogSafe()
		return
	}
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		// A window of an activity (its « Ouvrir un fichier ») closes as its
		// « Annuler » does; another dialog (Fyne's file chooser) stays.
		if p, ok := top.(*widget.PopUp); ok {
			if d, ok := p.Content.(view.Dismisser); ok {
				d.Dismiss()
			}
		}
		return
	}
	if k.back == nil {
		return
	}
	if k.kept != nil {
		if why := k.kept(); why != "" {
			u.showKeyNote(why)
			return
		}
	}
	k.back()
}

// escapeTo makes Échap call back on this screen; kept, when not nil, tells why
// leaving now would lose something (then Échap stays). Call it after u.show.
func (u *ui) escapeTo(back func(), kept func() string) {
	k := &u.access.keys
	k.back, k.kept = back, kept
}

// mainControl names the control a screen opened with the keyboard focuses first.
func (u *ui) mainControl(f fyne.Focusable) { u.access.keys.main = f }

// screenKeys gives the screen the keys and characters no control used.
func (u *ui) screenKeys(key func(*fyne.KeyEvent), r func(rune)) {
	k := &u.access.keys
	k.screenKey, k.screenRune = key, r
}

// showKeyNote says under the top bar (and aloud, when the learner reads every
// screen) why Échap did nothing.
func (u *ui) showKeyNote(text string) {
	k := &u.access.keys
	if k.note == nil {
		return
	}
	k.noteText.SetText(text)
	k.note.Show()
	u.win.Content().Refresh()
	if u.access.autoRead && u.access.reader.Available() == nil {
		u.Read(text, u.tr.Language().String())
	}
}

// keysLeaveScreen forgets what the screen did with the keys (a new screen comes).
func (u *ui) keysLeaveScreen() {
	k := &u.access.keys
	k.back, k.kept, k.main, k.screenKey, k.screenRune = nil, nil, nil, nil, nil
	k.screenByKey = k.activating
	if k.note != nil && k.note.Visible() {
		k.note.Hide()
		u.win.Content().Refresh()
	}
}

// focusMoved scrolls the focused control into view; when Tab moved the focus and
// the learner reads every screen aloud, the voice says what it is.
func (u *ui) focusMoved(obj fyne.Focusable, byPointer bool) {
	k := &u.access.keys
	byTab := k.tabbing && !byPointer
	k.tabbing = false
	if co, ok := obj.(fyne.CanvasObject); ok && u.body != nil {
		view.Reveal(u.body, co)
	}
	if byTab && u.access.autoRead && u.access.reader.Available() == nil {
		u.Read(u.describeFocus(obj), u.tr.Language().String())
	}
}

// SayWhereFocusIs reads aloud the focused control's role and name (Ctrl+Espace),
// or says that nothing has the focus and how to move it.
func (u *ui) SayWhereFocusIs() {
	f := u.win.Canvas().Focused()
	if f == nil {
		u.Read(u.tr.T("a11y.where.nothing"), u.tr.Language().String())
		return
	}
	u.Read(u.describeFocus(f), u.tr.Language().String())
}

// describeFocus says what a control is, as a screen reader would: « Bouton :
// Commencer le questionnaire », « Case à cocher, cochée : Lire chaque écran ».
func (u *ui) describeFocus(f fyne.Focusable) string {
	co, _ := f.(fyne.CanvasObject)
	d, ok := view.Describe(co)
	if !ok {
		return u.tr.T("a11y.where.unknown")
	}
	return focusWords(u.tr.T, d)
}

// focusWords puts a Description in words with the translator t.
func focusWords(t func(string, ...any) string, d view.Description) string {
	role := t("a11y.role." + string(d.Role))
	data := map[string]any{"Role": role, "Name": d.Name}
	var text string
	switch {
	case d.State != view.StateNone && d.Name != "":
		data["State"] = t("a11y.state." + string(d.State))
		text = t("a11y.where.role_state_name", data)
	case d.State != view.StateNone:
		data["State"] = t("a11y.state." + string(d.State))
		text = t("a11y.where.role_state", data)
	case d.Name != "":
		text = t("a11y.where.role_name", data)
	default:
		text = role
	}
	if d.Value != "" {
		text += ". " + t("a11y.where.value", map[string]any{"Value": d.Value})
	}
	return text
}
