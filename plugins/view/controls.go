package view

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// This file holds Déclic's focusable controls: Fyne's button, check box, text
// field and drop-down list, with the focus outline drawn around them, Entrée
// doing what Space does, and the keys they do not use (Échap) handed on to the
// window. Every screen and activity builds its controls with them.

// PushButton is a button that Space and Entrée (the main and the keypad one)
// press alike, with the focus outline. Its text, icon and importance are Fyne's.
type PushButton struct {
	widget.Button
	outline Outline
	// Name is what the read-aloud says for the button when its text does not name
	// it (a module card, a picture): empty means its text.
	Name string
	// Role is what the read-aloud calls it: RoleButton when empty.
	Role Role
	// State is what the read-aloud says of its state (a quiz choice: chosen or not).
	State State
	// Hands, when set, gives the pointer the room and time of the learner's
	// setting (see Hands): a click that slips a little off the button still
	// presses it, and with slow hands a shaking second click soon after the first
	// is not a second press.
	Hands *Hands
	// Clock times the clicks for Hands (nil: the system clock).
	Clock Clock

	lastClick     fyne.Position // where a drag that began on the button is now
	dragging      bool
	lastPressedAt int64 // Unix milliseconds of the last pointer press that counted
}

// NewPushButton returns a button with a label and an optional icon.
func NewPushButton(label string, icon fyne.Resource, tapped func()) *PushButton {
	b := &PushButton{}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// CreateRenderer draws Fyne's button and the focus outline.
func (b *PushButton) CreateRenderer() fyne.WidgetRenderer {
	return b.outline.Renderer(b, b.Button.CreateRenderer())
}

// FocusGained shows the outline.
func (b *PushButton) FocusGained() { b.Button.FocusGained(); b.outline.Gained(b) }

// FocusLost hides the outline.
func (b *PushButton) FocusLost() { b.Button.FocusLost(); b.outline.Lost() }

// Tapped presses the button. With Hands asking for it, a pointer click that
// comes sooner than the double-click time after the last one is a tremor, not a
// second press.
func (b *PushButton) Tapped(ev *fyne.PointEvent) {
	if ev != nil && b.Hands != nil && b.Hands.IgnoreRepeats && !b.Disabled() {
		now := clockOrSystem(b.Clock).Now().UnixMilli()
		if b.lastPressedAt != 0 && now-b.lastPressedAt < b.Hands.DoubleClick.Milliseconds() {
			return
		}
		b.lastPressedAt = now
	}
	b.Button.Tapped(ev)
}

// TypedKey presses the button on Entrée as on Space; Échap and the keys the
// button does not use go to the window.
func (b *PushButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		b.Button.Tapped(nil)
	case fyne.KeySpace:
		b.Button.TypedKey(ev)
	default:
		forwardKey(b, ev)
	}
}

// TypedRune hands characters other than Space to the window.
func (b *PushButton) TypedRune(r rune) {
	if r != ' ' {
		forwardRune(b, r)
	}
}

// KeyDown tells the window a key went down.
func (b *PushButton) KeyDown(ev *fyne.KeyEvent) { tellKeyDown(b, ev) }

// KeyUp tells the window a key came up.
func (b *PushButton) KeyUp(ev *fyne.KeyEvent) { tellKeyUp(b, ev) }

// Dragged follows a press that moves before it is released: Fyne then sends no
// tap, so DragEnd decides.
func (b *PushButton) Dragged(ev *fyne.DragEvent) {
	b.dragging = true
	b.lastClick = ev.Position
}

// DragEnd presses the button when the pointer is released over it, or with Hands
// within their room around it: a click whose hand moved is still a click.
func (b *PushButton) DragEnd() {
	if !b.dragging {
		return
	}
	b.dragging = false
	var slop float32
	if b.Hands != nil {
		slop = b.Hands.Slop
	}
	p, s := b.lastClick, b.Size()
	if p.X >= -slop && p.Y >= -slop && p.X <= s.Width+slop && p.Y <= s.Height+slop {
		b.Tapped(&fyne.PointEvent{Position: p})
	}
}

// Describe says what the button is, for the read-aloud.
func (b *PushButton) Describe() Description {
	d := Description{Role: b.Role, State: b.State, Name: b.Name}
	if d.Role == "" {
		d.Role = RoleButton
	}
	if d.Name == "" {
		d.Name = b.Text
	}
	if b.Disabled() {
		d.State = StateUnavailable
	}
	return d
}

var (
	_ desktop.Keyable = (*PushButton)(nil)
	_ fyne.Draggable  = (*PushButton)(nil)
	_ Described       = (*PushButton)(nil)
)

// Check is a check box that Space and Entrée tick or untick, with the focus
// outline.
type Check struct {
	widget.Check
	outline Outline
}

// NewCheck returns a check box with a label, calling changed when it is ticked
// or unticked.
func NewCheck(label string, changed func(bool)) *Check {
	c := &Check{}
	c.Text, c.OnChanged = label, changed
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer draws Fyne's check box and the focus outline.
func (c *Check) CreateRenderer() fyne.WidgetRenderer {
	return c.outline.Renderer(c, c.Check.CreateRenderer())
}

// FocusGained shows the outline.
func (c *Check) FocusGained() { c.Check.FocusGained(); c.outline.Gained(c) }

// FocusLost hides the outline.
func (c *Check) FocusLost() { c.Check.FocusLost(); c.outline.Lost() }

// Tapped ticks or unticks the box (and gives it the focus, from the pointer).
func (c *Check) Tapped(ev *fyne.PointEvent) {
	c.outline.Pointer(func() { c.Check.Tapped(ev) })
}

// TypedKey ticks or unticks on Entrée (Space comes as a character); Échap and
// the keys the box does not use go to the window.
func (c *Check) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if !c.Disabled() {
			c.SetChecked(!c.Checked)
		}
	case fyne.KeySpace:
	default:
		forwardKey(c, ev)
	}
}

// TypedRune ticks or unticks on Space, and hands other characters to the window.
func (c *Check) TypedRune(r rune) {
	if r == ' ' {
		c.Check.TypedRune(r)
		return
	}
	forwardRune(c, r)
}

// KeyDown tells the window a key went down.
func (c *Check) KeyDown(ev *fyne.KeyEvent) { tellKeyDown(c, ev) }

// KeyUp tells the window a key came up.
func (c *Check) KeyUp(ev *fyne.KeyEvent) { tellKeyUp(c, ev) }

// Describe says what the box is and whether it is ticked, for the read-aloud.
func (c *Check) Describe() Description {
	d := Description{Role: RoleCheck, Name: c.Text, State: StateUnchecked}
	if c.Checked {
		d.State = StateChecked
	}
	return d
}

var (
	_ desktop.Keyable = (*Check)(nil)
	_ Described       = (*Check)(nil)
)

// Entry is a text field with the focus outline; Échap goes to the window.
type Entry struct {
	widget.Entry
	outline Outline
	// Name is what the read-aloud calls the field (the words of its label); empty
	// means its placeholder.
	Name string
}

// NewEntry returns a one-line text field.
func NewEntry() *Entry {
	e := &Entry{}
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip) // as widget.NewEntry
	e.ExtendBaseWidget(e)
	return e
}

// NewPasswordEntry returns a one-line field whose text shows as dots, with an
// eye button at its end that shows or hides the text.
func NewPasswordEntry() *Entry {
	e := NewEntry()
	e.Password = true
	e.ActionItem = newRevealer(e)
	return e
}

// NewMultiLineEntry returns a field of several lines.
func NewMultiLineEntry() *Entry {
	e := NewEntry()
	e.MultiLine = true
	return e
}

// CreateRenderer draws Fyne's field and the focus outline.
func (e *Entry) CreateRenderer() fyne.WidgetRenderer {
	return e.outline.Renderer(e, e.Entry.CreateRenderer())
}

// FocusGained shows the outline.
func (e *Entry) FocusGained() { e.Entry.FocusGained(); e.outline.Gained(e) }

// FocusLost hides the outline.
func (e *Entry) FocusLost() { e.Entry.FocusLost(); e.outline.Lost() }

// MouseDown places the cursor (and gives the field the focus, from the pointer).
func (e *Entry) MouseDown(m *desktop.MouseEvent) {
	e.outline.Pointer(func() { e.Entry.MouseDown(m) })
}

// TappedSecondary opens the paste menu (the focus comes from the pointer).
func (e *Entry) TappedSecondary(ev *fyne.PointEvent) {
	e.outline.Pointer(func() { e.Entry.TappedSecondary(ev) })
}

// TypedKey edits the text; Échap goes to the window.
func (e *Entry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape {
		forwardKey(e, ev)
		return
	}
	e.Entry.TypedKey(ev)
}

// KeyDown keeps Fyne's selection with Shift and tells the window.
func (e *Entry) KeyDown(ev *fyne.KeyEvent) { e.Entry.KeyDown(ev); tellKeyDown(e, ev) }

// KeyUp keeps Fyne's selection with Shift and tells the window.
func (e *Entry) KeyUp(ev *fyne.KeyEvent) { e.Entry.KeyUp(ev); tellKeyUp(e, ev) }

// Describe says what the field is, for the read-aloud.
func (e *Entry) Describe() Description {
	d := Description{Role: RoleField, Name: e.Name}
	if e.Password {
		d.Role = RolePassword
	}
	if d.Name == "" {
		d.Name = e.PlaceHolder
	}
	if e.Disabled() {
		d.State = StateUnavailable
	}
	return d
}

var _ Described = (*Entry)(nil)

// newRevealer is the eye button of a password field: it shows the text typed, or
// hides it again. It is a big target, like every button.
func newRevealer(e *Entry) *PushButton {
	var b *PushButton
	b = NewPushButton("", theme.VisibilityIcon(), func() {
		e.Password = !e.Password
		if e.Password {
			b.SetIcon(theme.VisibilityIcon())
		} else {
			b.SetIcon(theme.VisibilityOffIcon())
		}
		e.Refresh()
	})
	b.Importance = widget.LowImportance
	b.Role = RoleShowPassword
	return b
}

// Select is a drop-down list that Space and Entrée open, with the focus outline.
type Select struct {
	widget.Select
	outline Outline
	// Name is what the read-aloud calls the list (the words of its label).
	Name string
}

// NewSelect returns a list of options, calling changed with the one chosen.
func NewSelect(options []string, changed func(string)) *Select {
	s := &Select{}
	s.Options, s.OnChanged = options, changed
	s.PlaceHolder = "(Select one)"
	s.ExtendBaseWidget(s)
	return s
}

// CreateRenderer draws Fyne's list and the focus outline.
func (s *Select) CreateRenderer() fyne.WidgetRenderer {
	return s.outline.Renderer(s, s.Select.CreateRenderer())
}

// FocusGained shows the outline.
func (s *Select) FocusGained() { s.Select.FocusGained(); s.outline.Gained(s) }

// FocusLost hides the outline.
func (s *Select) FocusLost() { s.Select.FocusLost(); s.outline.Lost() }

// Tapped opens the list (and gives it the focus, from the pointer).
func (s *Select) Tapped(ev *fyne.PointEvent) {
	s.outline.Pointer(func() { s.Select.Tapped(ev) })
}

// TypedKey opens the list on Entrée as on Space; Échap goes to the window.
func (s *Select) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		s.Select.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace, Physical: ev.Physical})
	case fyne.KeyEscape:
		forwardKey(s, ev)
	default:
		s.Select.TypedKey(ev)
	}
}

// KeyDown tells the window a key went down.
func (s *Select) KeyDown(ev *fyne.KeyEvent) { tellKeyDown(s, ev) }

// KeyUp tells the window a key came up.
func (s *Select) KeyUp(ev *fyne.KeyEvent) { tellKeyUp(s, ev) }

// Describe says what the list is and what is chosen, for the read-aloud.
func (s *Select) Describe() Description {
	d := Description{Role: RoleList, Name: s.Name, Value: s.Selected}
	if d.Name == "" {
		d.Name = s.PlaceHolder
	}
	if s.Disabled() {
		d.State = StateUnavailable
	}
	return d
}

var (
	_ desktop.Keyable = (*Select)(nil)
	_ Described       = (*Select)(nil)
)
