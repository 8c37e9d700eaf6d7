package app

import (
	"fmt"
	"image"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/courses"
	"declic/plugins/view"
)

// keyboard drives a window with keys only, as a learner without a mouse does.
// Its keys go where the desktop driver sends them (fyne's
// internal/driver/glfw/window.go, processKeyPressed): KeyDown to the focused
// control when it is a desktop.Keyable, or to the window's key-down handler when
// nothing has the focus; then Tab moves the focus (unless the control keeps Tab),
// other keys go to the focused control's TypedKey (or the window's), Space also
// as a character; at last KeyUp. The test canvas has no key-down handlers, so
// the window's are called as the app installs them (UI.keyDown, UI.keyUp).
type keyboard struct {
	t *testing.T
	w fyne.Window
	u *ui
}

// tab moves the focus forward (Tab), or backward (Shift+Tab).
func (k keyboard) tab()      { k.press(fyne.KeyTab) }
func (k keyboard) shiftTab() { test.FocusPrevious(k.w.Canvas()) }

// enter presses Entrée; keypadEnter the keypad's Entrée; escape Échap.
func (k keyboard) enter()       { k.press(fyne.KeyReturn) }
func (k keyboard) keypadEnter() { k.press(fyne.KeyEnter) }
func (k keyboard) escape()      { k.press(fyne.KeyEscape) }

// typeText types characters into the focused control, key by key.
func (k keyboard) typeText(text string) {
	k.t.Helper()
	f := k.w.Canvas().Focused()
	if f == nil {
		k.t.Fatalf("typing %q with nothing focused", text)
	}
	test.Type(f, text)
}

// press sends one key, down and up, as the desktop driver does.
func (k keyboard) press(name fyne.KeyName) {
	c := k.w.Canvas()
	ev := &fyne.KeyEvent{Name: name}
	if f := c.Focused(); f != nil {
		if kb, ok := f.(desktop.Keyable); ok {
			kb.KeyDown(ev)
		}
	} else if k.u != nil {
		k.u.keyDown(ev)
	}
	switch {
	case name == fyne.KeyTab:
		if tb, ok := c.Focused().(fyne.Tabbable); ok && tb.AcceptsTab() {
			c.Focused().TypedKey(ev)
		} else {
			test.FocusNext(c)
		}
	default:
		if f := c.Focused(); f != nil {
			f.TypedKey(ev)
		} else if h := c.OnTypedKey(); h != nil {
			h(ev)
		}
		if name == fyne.KeySpace {
			if f := c.Focused(); f != nil {
				f.TypedRune(' ')
			} else if h := c.OnTypedRune(); h != nil {
				h(' ')
			}
		}
	}
	if f := c.Focused(); f != nil {
		if kb, ok := f.(desktop.Keyable); ok {
			kb.KeyUp(ev)
		}
	} else if k.u != nil {
		k.u.keyUp(ev)
	}
}

// space presses Space on the focused object, as the desktop driver sends it: the
// key, then the character.
func (k keyboard) space() {
	k.t.Helper()
	if k.w.Canvas().Focused() == nil {
		k.t.Fatal("Space pressed with nothing focused")
	}
	k.press(fyne.KeySpace)
}

// tabTo presses Tab until want has the focus, and fails if it never comes.
func (k keyboard) tabTo(what string, want func(fyne.Focusable) bool) {
	k.t.Helper()
	var visited []string
	for i := 0; i < 200; i++ {
		k.tab()
		f := k.w.Canvas().Focused()
		if f != nil && want(f) {
			return
		}
		if i < 40 {
			co, _ := f.(fyne.CanvasObject)
			d, _ := view.Describe(co)
			visited = append(visited, fmt.Sprintf("%T %q", f, d.Name))
		}
	}
	k.t.Fatalf("Tab never reaches %s; it goes to:\n  %s", what, strings.Join(visited, "\n  "))
}

// tabToButton presses Tab until the button labelled label has the focus.
func (k keyboard) tabToButton(label string) {
	k.t.Helper()
	k.tabTo("the button "+label, func(f fyne.Focusable) bool {
		b, ok := f.(*view.PushButton)
		return ok && b.Text == label
	})
}

// TestAModuleCanBeDoneWithTheKeyboardOnly opens a module from home, answers its
// quiz and finishes it with Tab, Shift+Tab and Space only.
func TestAModuleCanBeDoneWithTheKeyboardOnly(t *testing.T) {
	pack := miniPack(t, quizLesson)
	u, w, events := newUI(t, []*courses.Pack{pack}, language.French)
	k := keyboard{t: t, w: w, u: u}
	u.ShowHome()

	first := card(t, w, "Premier module")
	k.tabTo("the first module's card", func(f fyne.Focusable) bool { return f == fyne.Focusable(first) })
	k.space()
	if !shows(t, w, "Pour essayer.") {
		t.Fatal("Space on the card did not open the module page")
	}
	k.tabToButton("Commencer")
	k.space()
	if got := u.Player().StepTitle(); got != "Une question" {
		t.Fatalf("after Commencer the screen is %q", got)
	}
	k.tabToButton("Le bouton gauche")
	k.space()
	k.tabToButton("Vérifier")
	// Shift+Tab goes back to the choices, Tab comes back to « Vérifier ».
	k.shiftTab()
	if b, ok := w.Canvas().Focused().(*view.PushButton); !ok || b.Text == "Vérifier" {
		t.Fatalf("Shift+Tab did not leave « Vérifier »: focus on %v", w.Canvas().Focused())
	}
	k.tabToButton("Vérifier")
	k.space()
	if !shows(t, w, "Bravo !") {
		t.Fatal("the right answer given with the keyboard is not praised")
	}
	if !u.Player().CanGoNext() {
		t.Fatal("the quiz answered with the keyboard did not unlock « Suivant »")
	}
	k.tabToButton("Suivant")
	k.space()
	if got := u.Player().StepTitle(); got != "Fin" {
		t.Fatalf("after Suivant the screen is %q", got)
	}
	k.tabToButton("Terminer la leçon")
	k.space()
	if !shows(t, w, "Bravo, vous avez fini le module !") {
		t.Fatal("the module end is not shown")
	}
	if len(events.Completions) != 1 || !events.Completions[0].Result.Mastered {
		t.Fatalf("completion = %+v, want the module mastered", events.Completions)
	}
	k.tabToButton("Module suivant : Second module")
	k.space()
	if !shows(t, w, "Pour continuer.") {
		t.Error("the next module's page is not shown")
	}
}

// TestFocusIsVisible: a focused button looks different from an unfocused one.
func TestFocusIsVisible(t *testing.T) {
	pack := miniPack(t, quizLesson)
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	k := keyboard{t: t, w: w, u: u}
	for _, hc := range []bool{false, true} {
		name := themeCalm
		if hc {
			name = themeHighContrast
		}
		u.applyContrast(name)
		u.OpenModule(pack, pack.Modules[0])
		for _, label := range []string{"Commencer", "Essayer"} { // a main button, an ordinary one
			b := button(t, w, label)
			w.Canvas().Unfocus()
			before := captureOf(w, b)
			k.tabToButton(label)
			after := captureOf(w, b)
			if samePixels(before, after) {
				t.Errorf("%s theme: the focused button %q looks the same as unfocused", name, label)
			}
		}
	}
}

// captureOf returns the window's pixels under obj.
func captureOf(w fyne.Window, obj fyne.CanvasObject) image.Image {
	img := w.Canvas().Capture()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(obj)
	scale := w.Canvas().Scale()
	r := image.Rect(int(pos.X*scale), int(pos.Y*scale), int((pos.X+obj.Size().Width)*scale), int((pos.Y+obj.Size().Height)*scale))
	out := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	for y := 0; y < r.Dy(); y++ {
		for x := 0; x < r.Dx(); x++ {
			out.Set(x, y, img.At(r.Min.X+x, r.Min.Y+y))
		}
	}
	return out
}

func samePixels(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				return false
			}
		}
	}
	return true
}

// TestEveryActivityKindIsReachableByTabAndNeverTraps walks the focus with Tab
// through a starter step of each activity kind: something inside the activity takes
// the focus, « Passer » is reachable, and Tab comes back round (no trap).
func TestEveryActivityKindIsReachableByTabAndNeverTraps(t *testing.T) {
	pack := loadStarter(t)
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	k := keyboard{t: t, w: w, u: u}
	for _, s := range firstStepOfEachKind(pack) {
		u.OpenLesson(pack, pack.Modules[s.module], s.lesson, s.step)
		w.Canvas().Unfocus()
		seen := map[fyne.Focusable]bool{}
		var order []fyne.Focusable
		skip := false
		for i := 0; i < 300; i++ {
			k.tab()
			f := w.Canvas().Focused()
			if f == nil {
				break
			}
			if seen[f] {
				break
			}
			seen[f] = true
			order = append(order, f)
			if b, ok := f.(*view.PushButton); ok && b.Text == "Passer" {
				skip = true
			}
		}
		if !skip {
			t.Errorf("%s (%s): « Passer » is never reached with Tab", s.kind, s.stepTitle)
		}
		// Besides the top bar and the player's own buttons, the activity has focusables.
		inActivity := 0
		for _, f := range order {
			if b, ok := f.(*view.PushButton); ok && (b.Text == "Passer" || b.Text == "Précédent" || b.Text == "Accueil" || b.Text == "") {
				continue
			}
			inActivity++
		}
		if inActivity == 0 {
			t.Errorf("%s (%s): nothing in the activity takes the keyboard focus", s.kind, s.stepTitle)
		}
		if len(order) < 2 || len(order) >= 300 {
			t.Errorf("%s: Tab visited %d objects", s.kind, len(order))
		}
	}
}
