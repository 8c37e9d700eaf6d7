// Package viewtest drives activity widgets in tests the way a learner would: find a
// button by its words, Tab to a control, press a key, and record what the widget
// reported to the lesson player. It uses fyne.io/fyne/v2/test, so it runs headless.
package viewtest

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
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
func Button(t testing.TB, root fyne.CanvasObject, text string) *view.PushButton {
	t.Helper()
	for _, b := range All[*view.PushButton](root) {
		if b.Text == text {
			return b
		}
	}
	t.Fatalf("no visible button %q", text)
	return nil
}

// HasButton reports whether a visible button has exactly text.
func HasButton(root fyne.CanvasObject, text string) bool {
	for _, b := range All[*view.PushButton](root) {
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

// Clock is a clock for gestures that moves only when told: Advance runs the
// timers that come due, so a test decides when a double-click's wait is over.
type Clock struct {
	now    time.Time
	timers []*timer
}

type timer struct {
	at      time.Time
	f       func()
	stopped bool
}

// NewClock returns a clock at a fixed moment.
func NewClock() *Clock { return &Clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)} }

// Now is the clock's time.
func (c *Clock) Now() time.Time { return c.now }

// AfterFunc calls f when Advance passes d from now.
func (c *Clock) AfterFunc(d time.Duration, f func()) (stop func()) {
	t := &timer{at: c.now.Add(d), f: f}
	c.timers = append(c.timers, t)
	return func() { t.stopped = true }
}

// Advance moves the clock on by d and runs, in order, the timers now due.
func (c *Clock) Advance(d time.Duration) {
	c.now = c.now.Add(d)
	for {
		var next *timer
		for _, t := range c.timers {
			if !t.stopped && !t.at.After(c.now) && (next == nil || t.at.Before(next.at)) {
				next = t
			}
		}
		if next == nil {
			return
		}
		next.stopped = true
		next.f()
	}
}

var _ view.Clock = (*Clock)(nil)

// The mouse, as the desktop driver sends it: MouseDown to a desktop.Mouseable,
// Dragged events to a fyne.Draggable once the pointer moved 2 units, MouseUp,
// then DragEnd after a drag, or the tap when there was none (a right tap for the
// right button; a double-tappable object's tap waits in the driver, so it is
// left to test.DoubleTap).

// dragThreshold is how far the desktop driver lets the pointer move before it
// starts a drag.
const dragThreshold = 2

// Click presses and releases the left button on obj, the pointer moving by
// wobble meanwhile (a shaking hand), as the desktop driver sends it.
func Click(obj fyne.CanvasObject, wobble fyne.Delta) {
	gesture(obj, desktop.MouseButtonPrimary, wobble)
}

// RightClick presses and releases the right button on obj.
func RightClick(obj fyne.CanvasObject) {
	gesture(obj, desktop.MouseButtonSecondary, fyne.Delta{})
}

// DragBy presses the left button on obj, moves the pointer by d in ten steps and
// releases it.
func DragBy(obj fyne.CanvasObject, d fyne.Delta) {
	gesture(obj, desktop.MouseButtonPrimary, d)
}

func gesture(obj fyne.CanvasObject, button desktop.MouseButton, move fyne.Delta) {
	at := fyne.NewPos(obj.Size().Width/2, obj.Size().Height/2)
	if m, ok := obj.(desktop.Mouseable); ok {
		m.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: at}, Button: button})
	}
	dragging := false
	if d, ok := obj.(fyne.Draggable); ok && button == desktop.MouseButtonPrimary && move != (fyne.Delta{}) {
		const steps = 10
		var pending fyne.Delta
		for i := 0; i < steps; i++ {
			step := fyne.NewDelta(move.DX/steps, move.DY/steps)
			at = at.Add(step)
			pending = fyne.NewDelta(pending.DX+step.DX, pending.DY+step.DY)
			if !dragging && abs(pending.DX) < dragThreshold && abs(pending.DY) < dragThreshold {
				continue
			}
			dragging = true
			d.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: at}, Dragged: pending})
			pending = fyne.Delta{}
		}
	}
	if m, ok := obj.(desktop.Mouseable); ok {
		m.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: at}, Button: button})
	}
	if d, ok := obj.(fyne.Draggable); ok && dragging {
		d.DragEnd()
		return
	}
	ev := &fyne.PointEvent{Position: at}
	if button == desktop.MouseButtonSecondary {
		if s, ok := obj.(fyne.SecondaryTappable); ok {
			s.TappedSecondary(ev)
		}
		return
	}
	_, double := obj.(fyne.DoubleTappable)
	if t, ok := obj.(fyne.Tappable); ok && !double {
		t.Tapped(ev)
	}
}

func abs(x float32) float32 {
	if x < 0 {
		return -x
	}
	return x
}
