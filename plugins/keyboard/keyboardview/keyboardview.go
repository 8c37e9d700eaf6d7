// Package keyboardview draws a keyboard exercise: a box to type the text in, or a
// key-capture area for keys and shortcuts, above a drawn French keyboard that
// lights up the next key to press (and says its name in words, never colour alone).
package keyboardview

import (
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/plugins"
	"declic/plugins/keyboard"
	"declic/plugins/view"
)

func init() { view.Register(keyboard.Name, Build) }

// Build makes the keyboard widget for a *keyboard.Activity.
func Build(act plugins.Activity, env view.Env) fyne.CanvasObject {
	a, ok := act.(*keyboard.Activity)
	if !ok {
		return view.Text(env.Tr().T("activity.unavailable"))
	}
	if a.IsText() {
		return newTyping(a, env).content
	}
	return newKeys(a, env).content
}

// typing is the "type this text" exercise.
type typing struct {
	act      *keyboard.Activity
	env      view.Env
	session  *view.Session
	entry    *view.Entry
	keys     *drawnKeyboard
	next     *widget.Label
	check    *view.PushButton
	reveal   *view.PushButton
	cont     *view.PushButton
	feedback *view.Feedback
	last     plugins.Result
	content  fyne.CanvasObject
	// typed is the text as it was before the last change, and pasted tells
	// that a change once brought in several characters at once: a paste.
	typed  string
	pasted bool
}

func newTyping(a *keyboard.Activity, env view.Env) *typing {
	t := env.Tr()
	v := &typing{act: a, env: env, session: view.NewSession(env), keys: newDrawnKeyboard()}
	model := view.Heading(a.Expected)
	v.entry = view.NewEntry()
	v.entry.SetPlaceHolder(t.T("keyboard.type_here"))
	v.entry.Name = t.T("keyboard.type_here") + " " + a.Expected
	v.entry.OnChanged = func(string) { v.guide(); v.session.Changed() }
	v.entry.OnSubmitted = func(string) { v.grade() }
	v.next = widget.NewLabel("")
	v.next.TextStyle = fyne.TextStyle{Bold: true}
	v.check = view.Button(t.T("activity.check"), theme.ConfirmIcon(), true, v.grade)
	v.reveal = view.Button(t.T("activity.show_answer"), theme.VisibilityIcon(), false, v.showAnswer)
	v.cont = view.Button(t.T("activity.continue"), theme.NavigateNextIcon(), true, func() { v.session.Finish(v.last) })
	v.reveal.Hide()
	v.cont.Hide()
	v.feedback = view.NewFeedback()
	col := container.NewVBox()
	if a.Instruction != "" {
		col.Add(view.CompactText(a.Instruction))
	}
	col.Add(view.Compact(model))
	col.Add(view.MinSize(v.entry, 400, view.Target))
	col.Add(view.Buttons(v.check, v.reveal, v.cont))
	col.Add(v.feedback)
	col.Add(view.Compact(v.next))
	// On a wide window the drawn keyboard stands beside the exercise: one screen.
	v.content = view.Columns(col, container.NewCenter(v.keys.object), 0, 0)
	v.guide()
	return v
}

// guide lights the key(s) for the next character, or Effacer when the text typed
// so far already differs from the model; in a copy-and-paste exercise, Ctrl + V
// once the rest of the model is already on screen, ready to be copied.
func (v *typing) guide() {
	t := v.env.Tr()
	typed := []rune(v.entry.Text)
	want := []rune(v.act.Expected)
	if len(typed) >= len([]rune(v.typed))+2 {
		v.pasted = true // keys bring one character per change; a paste brings many
	}
	v.typed = v.entry.Text
	var keys []string
	switch {
	case !strings.HasPrefix(v.act.Expected, v.entry.Text):
		keys = []string{"Effacer"}
	case v.act.Paste && pasteNext(typed, want):
		keys = []string{"Ctrl", "V"}
	case len(typed) < len(want):
		keys = KeysFor(want[len(typed)])
	default:
		keys = []string{"Entrée"}
	}
	v.keys.Highlight(keys...)
	if len(keys) == 0 {
		v.next.SetText("")
		return
	}
	v.next.SetText(t.T("keyboard.next_key", map[string]any{"Key": strings.Join(keys, " + ")}))
}

// pasteNext reports whether the rest of want, after what is typed, is a whole
// word or more that already stands in typed: the place for Ctrl+V.
func pasteNext(typed, want []rune) bool {
	if len(typed) == 0 || len(typed) >= len(want) {
		return false
	}
	before := want[len(typed)-1]
	if unicode.IsLetter(before) || unicode.IsDigit(before) {
		return false // in the middle of a word: the paste would double its start
	}
	return strings.Contains(string(typed), string(want[len(typed):]))
}

func (v *typing) grade() {
	defer relayout(v.content)
	if v.session.Finished() {
		return
	}
	t := v.env.Tr()
	r := v.act.GradeIn(keyboard.Answer{Text: v.entry.Text, Pasted: v.pasted}, v.env.T)
	v.last = r
	v.session.Attempt(r)
	if r.Passed {
		v.feedback.Set(true, t.T("activity.correct"), r.Feedback)
		v.entry.Disable()
		v.check.Disable()
		v.reveal.Hide()
		v.session.Finish(r)
		return
	}
	v.feedback.Set(false, t.T("activity.wrong"), r.Feedback+"\n"+t.T("activity.try_again"))
	v.reveal.Show()
}

func (v *typing) showAnswer() {
	defer relayout(v.content)
	t := v.env.Tr()
	v.feedback.Set(false, t.T("activity.right_answer"), v.act.Expected)
	v.entry.Disable()
	v.check.Disable()
	v.reveal.Hide()
	v.cont.Show()
	view.FocusOn(v.env, v.cont)
}

// keys is the "press these keys" exercise.
type keys struct {
	act      *keyboard.Activity
	env      view.Env
	session  *view.Session
	capture  *Capture
	drawn    *drawnKeyboard
	next     *widget.Label
	feedback *view.Feedback
	pressed  []string
	matched  int
	content  fyne.CanvasObject
}

func newKeys(a *keyboard.Activity, env view.Env) *keys {
	t := env.Tr()
	v := &keys{act: a, env: env, session: view.NewSession(env), drawn: newDrawnKeyboard()}
	v.capture = NewCapture(t.T("keyboard.press_area"), v.pressedKey)
	v.capture.WantsTab = func() bool {
		return v.matched < len(a.Keys) && strings.HasSuffix(a.Keys[v.matched], "Tab")
	}
	v.next = view.Heading("")
	v.feedback = view.NewFeedback()
	col := container.NewVBox()
	if a.Instruction != "" {
		col.Add(view.CompactText(a.Instruction))
	}
	col.Add(view.Compact(v.next))
	col.Add(view.MinSize(v.capture, 400, 90))
	col.Add(v.feedback)
	v.content = view.Columns(col, container.NewCenter(v.drawn.object), 0, 0)
	v.guide()
	return v
}

func (v *keys) guide() {
	if v.matched >= len(v.act.Keys) {
		v.drawn.Highlight()
		v.next.SetText("")
		return
	}
	want := v.act.Keys[v.matched]
	v.drawn.Highlight(strings.Split(want, "+")...)
	v.next.SetText(v.env.Tr().T("keyboard.next_key", map[string]any{"Key": strings.ReplaceAll(want, "+", " + ")}))
}

// pressedKey receives each key or shortcut the learner presses, by canonical name.
func (v *keys) pressedKey(name string) {
	defer relayout(v.content)
	if v.session.Finished() {
		return
	}
	t := v.env.Tr()
	v.pressed = append(v.pressed, name)
	want := v.act.Keys[v.matched]
	if name != want {
		if isModifierOf(name, want) {
			return // Ctrl held on the way to Ctrl+C: not a mistake
		}
		v.feedback.Set(false, t.T("activity.wrong"), t.T("keyboard.pressed", map[string]any{"Key": name})+"\n"+
			t.T("keyboard.next_key", map[string]any{"Key": want}))
		return
	}
	v.matched++
	v.feedback.Set(true, t.T("activity.correct"), t.T("keyboard.pressed", map[string]any{"Key": name}))
	v.guide()
	if v.matched == len(v.act.Keys) {
		r := v.act.GradeIn(keyboard.Answer{Keys: v.pressed}, v.env.T)
		v.session.Attempt(r)
		v.feedback.Set(r.Passed, t.T("activity.correct"), r.Feedback)
		v.capture.done = true
		v.session.Finish(r)
	}
}

// isModifierOf reports whether name is only modifiers that are part of shortcut want.
func isModifierOf(name, want string) bool {
	parts := strings.Split(want, "+")
	if len(parts) < 2 {
		return false
	}
	for _, n := range strings.Split(name, "+") {
		found := false
		for _, p := range parts[:len(parts)-1] {
			found = found || n == p
		}
		if !found {
			return false
		}
	}
	return true
}

// Capture is a focusable area that turns key presses into canonical key names
// ("Entrée", "Ctrl+C"). Tapping it gives it the keyboard focus; it keeps Tab for
// itself while the exercise runs, so "press Tab" can be taught.
type Capture struct {
	widget.BaseWidget
	view.Outline
	prompt *widget.Label
	frame  *canvas.Rectangle
	onKey  func(string)
	held   map[string]bool
	done   bool
	// WantsTab reports whether the key expected now involves Tab (nil: never).
	WantsTab func() bool
}

// NewCapture returns a capture area showing prompt and calling onKey for each press.
func NewCapture(prompt string, onKey func(string)) *Capture {
	c := &Capture{prompt: widget.NewLabel(prompt), onKey: onKey, held: map[string]bool{}}
	c.prompt.Alignment = fyne.TextAlignCenter // one line, centred: a wrapped label in a centre would stack its words
	c.frame = canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	c.frame.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	c.frame.StrokeWidth = 2
	c.frame.CornerRadius = 6
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer draws the framed prompt and the focus outline.
func (c *Capture) CreateRenderer() fyne.WidgetRenderer {
	return c.Outline.Renderer(c, widget.NewSimpleRenderer(container.NewStack(c.frame, container.NewCenter(c.prompt))))
}

// Tapped takes the keyboard focus.
func (c *Capture) Tapped(*fyne.PointEvent) {
	if cv := fyne.CurrentApp().Driver().CanvasForObject(c); cv != nil {
		c.Outline.Pointer(func() { cv.Focus(c) })
	}
}

// FocusGained shows the focus outline.
func (c *Capture) FocusGained() { c.Outline.Gained(c) }

// FocusLost hides the outline and forgets held modifiers.
func (c *Capture) FocusLost() {
	c.held = map[string]bool{}
	c.Outline.Lost()
}

// Describe names the area for the read-aloud.
func (c *Capture) Describe() view.Description {
	return view.Description{Role: view.RoleKeyArea, Name: c.prompt.Text}
}

// AcceptsTab keeps Tab only when Tab is the key to press now; otherwise Tab moves
// the focus on as usual, so a keyboard-only learner is never trapped here.
func (c *Capture) AcceptsTab() bool { return !c.done && c.WantsTab != nil && c.WantsTab() }

// TypedRune is ignored: keys are read in KeyDown.
func (c *Capture) TypedRune(rune) {}

// TypedKey is ignored: keys are read in KeyDown, which also sees modifiers.
func (c *Capture) TypedKey(*fyne.KeyEvent) {}

// KeyDown reports a key: a modifier alone when it is pressed, any other key with
// the modifiers held ("Ctrl+C").
func (c *Capture) KeyDown(ev *fyne.KeyEvent) {
	c.Outline.KeyDown(ev)
	name, ok := KeyName(ev.Name)
	if !ok {
		return
	}
	if isModifier(name) {
		c.held[name] = true
		c.onKey(name)
		return
	}
	var held []string
	for m := range c.held {
		held = append(held, m)
	}
	c.onKey(keyboard.Combine(held, name))
}

// KeyUp releases a modifier.
func (c *Capture) KeyUp(ev *fyne.KeyEvent) {
	c.Outline.KeyUp(ev)
	if name, ok := KeyName(ev.Name); ok {
		delete(c.held, name)
	}
}

var (
	_ desktop.Keyable = (*Capture)(nil)
	_ fyne.Tabbable   = (*Capture)(nil)
	_ view.Described  = (*Capture)(nil)
)

func isModifier(name string) bool {
	for _, m := range keyboard.Modifiers {
		if m == name {
			return true
		}
	}
	return false
}

var keyNames = map[fyne.KeyName]string{
	fyne.KeyReturn: "Entrée", fyne.KeyEnter: "Entrée", fyne.KeyBackspace: "Effacer", fyne.KeyDelete: "Suppr",
	fyne.KeySpace: "Espace", fyne.KeyTab: "Tab", fyne.KeyEscape: "Échap",
	fyne.KeyUp: "Flèche haut", fyne.KeyDown: "Flèche bas", fyne.KeyLeft: "Flèche gauche", fyne.KeyRight: "Flèche droite",
	fyne.KeyHome: "Début", fyne.KeyEnd: "Fin", fyne.KeyPageUp: "Page haut", fyne.KeyPageDown: "Page bas",
	desktop.KeyShiftLeft: "Maj", desktop.KeyShiftRight: "Maj", desktop.KeyControlLeft: "Ctrl", desktop.KeyControlRight: "Ctrl",
	desktop.KeyAltLeft: "Alt", desktop.KeyAltRight: "AltGr", desktop.KeySuperLeft: "Windows", desktop.KeySuperRight: "Windows",
	desktop.KeyCapsLock: "Verr Maj",
}

// KeyName turns a Fyne key into its canonical French name ("Return" → "Entrée").
func KeyName(k fyne.KeyName) (string, bool) {
	if n, ok := keyNames[k]; ok {
		return n, true
	}
	return keyboard.CanonicalKey(string(k)) // letters, digits, F1–F12
}

// relayout lays out content again after parts were shown or hidden (feedback, error
// lines, the right answer), so nothing is drawn over something else.
func relayout(content fyne.CanvasObject) {
	if c, ok := content.(*fyne.Container); ok {
		c.Refresh()
	}
}
