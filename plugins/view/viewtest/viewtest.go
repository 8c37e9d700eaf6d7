// Package viewtest drives activity widgets in tests the way a learner would: find a
// button by its words, Tab to a control, press a key, and record what the widget
// reported to the lesson player. It uses fyne.io/fyne/v2/test, so it runs headless.
package viewtest

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"declic/plugins"
	"declic/plugins/view"
)

// Recorder collects the results an activity reports through its Env.
type Recorder struct {
	Attempts []plugins.Result
	Done     []plugins.Result
}

// Env returns an Env that records into r.
func (r *Recorder) Env() view.Env {
	return view.Env{
		Attempt: func(res plugins.Result, _ time.Duration) { r.Attempts = append(r.Attempts, res) },
		Done:    func(res plugins.Result) { r.Done = append(r.Done, res) },
	}
}

// Show puts obj in a 1280×720 test window (a test app must exist) and returns it.
func Show(t testing.TB, obj fyne.CanvasObject) fyne.Window {
	t.Helper()
	w := test.NewWindow(obj)
	w.Resize(fyne.NewSize(1280, 720))
	t.Cleanup(w.Close)
	return w
}

// All returns every visible object of type T under root, in layout order.
func All[T any](root fyne.CanvasObject) []T {
	var out []T
	for _, o := range test.LaidOutObjects(root) {
		if x, ok := o.(T); ok && visible(o, root) {
			out = append(out, x)
		}
	}
	return out
}

// visible reports whether o and the containers holding it are shown.
func visible(o, root fyne.CanvasObject) bool {
	if !o.Visible() {
		return false
	}
	var walk func(n fyne.CanvasObject) (found, shown bool)
	walk = func(n fyne.CanvasObject) (bool, bool) {
		if n == o {
			return true, n.Visible()
		}
		var kids []fyne.CanvasObject
		switch c := n.(type) {
		case *fyne.Container:
			kids = c.Objects
		case fyne.Widget:
			kids = test.WidgetRenderer(c).Objects()
		}
		for _, k := range kids {
			if f, s := walk(k); f {
				return true, s && n.Visible()
			}
		}
		return false, false
	}
	_, shown := walk(root)
	return shown
}

// Button returns the visible button whose text is exactly text, or fails the test.
func Button(t testing.TB, root fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	for _, b := range All[*widget.Button](root) {
		if b.Text == text {
			return b
		}
	}
	t.Fatalf("no visible button %q", text)
	return nil
}

// HasButton reports whether a visible button has exactly text.
func HasButton(root fyne.CanvasObject, text string) bool {
	for _, b := range All[*widget.Button](root) {
		if b.Text == text {
			return true
		}
	}
	return false
}

// TabTo presses Tab (moves the focus forward) until target has the focus, as a
// keyboard-only learner would, or fails after 200 presses.
func TabTo(t testing.TB, c fyne.Canvas, target fyne.Focusable) {
	t.Helper()
	for i := 0; i < 200; i++ {
		if c.Focused() == target {
			return
		}
		test.FocusNext(c)
	}
	t.Fatalf("Tab never reached %T", target)
}

// Press sends a key to the focused widget, as the window would.
func Press(t testing.TB, c fyne.Canvas, key fyne.KeyName) {
	t.Helper()
	f := c.Focused()
	if f == nil {
		t.Fatalf("nothing has the focus to receive %s", key)
	}
	f.TypedKey(&fyne.KeyEvent{Name: key})
}

// Texts returns the text of every visible label and rich text under root, in
// tree order. A label's own inner rich text is not counted twice.
func Texts(root fyne.CanvasObject) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.RichText:
			out = append(out, x.String())
		case *fyne.Container:
			for _, k := range x.Objects {
				walk(k)
			}
		case fyne.Widget:
			for _, k := range test.WidgetRenderer(x).Objects() {
				walk(k)
			}
		}
	}
	walk(root)
	return out
}
