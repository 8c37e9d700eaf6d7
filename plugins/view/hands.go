package view

import (
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// This file holds what lets pointer gestures wait for slow or shaking hands: the
// learner's setting (Hands), the clock that times the clicks (Clock), and Clicks,
// which turns a control's raw mouse events into clicks, double-clicks,
// right-clicks and drags with the time and room the setting gives.

// Hands says how much time and room a learner's pointer gestures get. The
// learner chooses it in « Affichage et voix »; the mouse drills, the site
// simulations and the quiz honour it.
type Hands struct {
	// DoubleClick is the longest pause between the two clicks of a double-click.
	DoubleClick time.Duration
	// Slop is how far, in units, the pointer may move while the button is down
	// and the gesture still be a click; a drag must go further to count as one.
	Slop float32
	// TargetScale enlarges the targets of the mouse drills (1: as designed).
	TargetScale float32
	// IgnoreRepeats drops a second click on the same answer sooner than
	// DoubleClick after the first: a tremor, not a change of mind.
	IgnoreRepeats bool
}

// SlowDoubleClick is the double-click time with slow hands: longer than the
// slowest setting of the common desktop systems (900 ms on Windows).
const SlowDoubleClick = 1200 * time.Millisecond

// NormalHands is the default: the system's double-click time (Fyne's), and a
// few units of movement allowed during a click.
func NormalHands() Hands {
	d := 300 * time.Millisecond
	if app := fyne.CurrentApp(); app != nil {
		if got := app.Driver().DoubleTapDelay(); got > 0 {
			d = got
		}
	}
	return Hands{DoubleClick: d, Slop: 4, TargetScale: 1}
}

// SlowHands gives gestures time and room: a double-click may take 1.2 s, the
// pointer may move 24 units during a click, the drills' targets are half as big
// again, and a shaking second click does not undo a choice.
func SlowHands() Hands {
	return Hands{DoubleClick: SlowDoubleClick, Slop: 24, TargetScale: 1.5, IgnoreRepeats: true}
}

// orNormal returns h, or NormalHands when h is the zero value.
func (h Hands) orNormal() Hands {
	if h.DoubleClick <= 0 {
		return NormalHands()
	}
	if h.TargetScale <= 0 {
		h.TargetScale = 1
	}
	return h
}

// Clock gives the time and timers that gestures need. Tests pass their own, to
// decide when a double-click's wait is over.
type Clock interface {
	Now() time.Time
	// AfterFunc calls f on the interface's thread after d, unless stop is called
	// first.
	AfterFunc(d time.Duration, f func()) (stop func())
}

// SystemClock is the computer's clock; its timers call back through fyne.Do.
type SystemClock struct{}

// Now is time.Now.
func (SystemClock) Now() time.Time { return time.Now() }

// AfterFunc calls f on Fyne's thread after d.
func (SystemClock) AfterFunc(d time.Duration, f func()) (stop func()) {
	t := time.AfterFunc(d, func() { fyne.Do(f) })
	return func() { t.Stop() }
}

func clockOrSystem(c Clock) Clock {
	if c == nil {
		return SystemClock{}
	}
	return c
}

// Clicks recognises the gestures of one control from its mouse events: a click
// (and how many in a row: 2 for the second click of a double-click), a
// right-click, and a drag with its drop. The pointer may move Hands.Slop units
// while the button is down and the gesture is still a click; two clicks make a
// double-click when the second starts within Hands.DoubleClick of the first.
//
// A control uses it by being a desktop.Mouseable and a fyne.Draggable and
// passing it the events (MouseDown, Dragged, MouseUp, DragEnd); it must not be a
// fyne.Tappable as well, or Fyne would report the same click twice.
type Clicks struct {
	Hands Hands
	Clock Clock
	// OnClick is called at the release of a click: n is 1, or 2 for the second
	// click of a double-click (then the count starts again).
	OnClick func(n int)
	// OnRightClick is called at the release of a right-click.
	OnRightClick func()
	// OnDrag is called as the pointer moves with the button down, with the
	// distance moved since the last call.
	OnDrag func(d fyne.Delta)
	// OnDrop is called at the release of a drag that went further than the slop.
	OnDrop func()
	// OnCancel is called at the release of a drag that stayed within the slop,
	// before OnClick: what the drag moved goes back.
	OnCancel func()

	down      bool
	button    desktop.MouseButton
	travelled fyne.Delta // from the press to now
	far       bool       // the pointer went further than the slop
	lastAt    time.Time  // the release of the last single click
	lastPos   fyne.Position
	pressAt   time.Time
	pressPos  fyne.Position
}

// Reset forgets a click in progress and the last click (a new target came).
func (g *Clicks) Reset() {
	*g = Clicks{Hands: g.Hands, Clock: g.Clock, OnClick: g.OnClick, OnRightClick: g.OnRightClick,
		OnDrag: g.OnDrag, OnDrop: g.OnDrop, OnCancel: g.OnCancel}
}

// MouseDown starts a gesture.
func (g *Clicks) MouseDown(ev *desktop.MouseEvent) {
	g.down, g.button, g.travelled, g.far = true, ev.Button, fyne.Delta{}, false
	g.pressAt, g.pressPos = clockOrSystem(g.Clock).Now(), ev.Position
}

// Dragged follows the pointer while the button is down.
func (g *Clicks) Dragged(ev *fyne.DragEvent) {
	if !g.down || g.button == desktop.MouseButtonSecondary {
		return
	}
	g.travelled.DX += ev.Dragged.DX
	g.travelled.DY += ev.Dragged.DY
	if distance(g.travelled) > g.Hands.orNormal().Slop {
		g.far = true
	}
	if g.OnDrag != nil {
		g.OnDrag(ev.Dragged)
	}
}

// MouseUp ends the gesture: a drop when it went far, else a click.
func (g *Clicks) MouseUp(ev *desktop.MouseEvent) {
	if !g.down {
		return
	}
	g.down = false
	h := g.Hands.orNormal()
	switch {
	case g.far:
		g.lastAt = time.Time{}
		if g.OnDrop != nil {
			g.OnDrop()
		}
	case ev.Button == desktop.MouseButtonSecondary || g.button == desktop.MouseButtonSecondary:
		g.lastAt = time.Time{}
		if g.OnRightClick != nil {
			g.OnRightClick()
		}
	default:
		if g.travelled != (fyne.Delta{}) && g.OnCancel != nil {
			g.OnCancel()
		}
		n := 1
		if !g.lastAt.IsZero() && g.pressAt.Sub(g.lastAt) <= h.DoubleClick &&
			distance(fyne.NewDelta(g.pressPos.X-g.lastPos.X, g.pressPos.Y-g.lastPos.Y)) <= h.Slop*2+4 {
			n = 2
			g.lastAt = time.Time{}
		} else {
			g.lastAt, g.lastPos = clockOrSystem(g.Clock).Now(), g.pressPos
		}
		if g.OnClick != nil {
			g.OnClick(n)
		}
	}
}

// DragEnd does nothing: MouseUp, which Fyne sends first, decided.
func (g *Clicks) DragEnd() {}

func distance(d fyne.Delta) float32 {
	return float32(math.Hypot(float64(d.DX), float64(d.DY)))
}
