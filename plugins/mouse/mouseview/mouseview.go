// Package mouseview draws a mouse exercise: a calm play area with one target at a
// time, big at first and smaller as the learner succeeds. A tap beside the target
// counts as a miss (kindly). There is no timer.
//
// The target honours the learner's Hands (view.Hands): with slow hands it is half
// as big again, a double-click may take 1.2 s, and the pointer may move 24 units
// during a click, or during a drag, whose drop also counts near the zone.
//
// Accessibility fallback: a learner who cannot use a mouse presses Tab to focus the
// target and Entrée (or Space) to do its gesture; a scroll box also moves with the
// arrow keys, Page bas and Space. This lets everyone finish the lesson, and is
// documented in docs/activities.md.
package mouseview

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/plugins"
	"declic/plugins/mouse"
	"declic/plugins/view"
)

func init() { view.Register(mouse.Name, Build) }

// Sizes of the target: it starts at BigTarget and shrinks to SmallTarget on the
// last round, never below the 44-unit accessible minimum.
const (
	BigTarget   float32 = 160
	SmallTarget float32 = 72
	// The play area's smallest size: it grows with the room the screen gives it.
	areaWidth  float32 = 600
	areaHeight float32 = 270
)

// places are where successive targets appear, as fractions of the play area, so the
// learner moves the mouse between them.
var places = []fyne.Position{{X: 0.2, Y: 0.35}, {X: 0.7, Y: 0.6}, {X: 0.4, Y: 0.7}, {X: 0.8, Y: 0.3}, {X: 0.5, Y: 0.45}, {X: 0.25, Y: 0.65}}

// Build makes the mouse widget for a *mouse.Activity.
func Build(act plugins.Activity, env view.Env) fyne.CanvasObject {
	a, ok := act.(*mouse.Activity)
	if !ok {
		return view.Text(env.Tr().T("activity.unavailable"))
	}
	return newMouse(a, env).content
}

type mouseView struct {
	act       *mouse.Activity
	env       view.Env
	hands     view.Hands
	clock     view.Clock
	session   *view.Session
	steps     []int // target entry of each step, in order
	cur       int
	results   []mouse.TargetResult
	pad       *pad
	target    *Target
	scroller  *ScrollBox
	zone      fyne.CanvasObject
	zoneRect  *canvas.Rectangle
	zoneLabel *widget.Label
	area      *fyne.Container
	heading   *widget.Label
	gesture   *widget.Label
	progress  *widget.Label
	feedback  *view.Feedback
	content   fyne.CanvasObject
	// lastSuccess is when the last gesture succeeded: the second click of a
	// double-click that lands beside the next target is not a miss.
	lastSuccess time.Time
	// waiting stops the wait for a double-click's second click.
	waiting func()
}

func newMouse(a *mouse.Activity, env view.Env) *mouseView {
	t := env.Tr()
	v := &mouseView{act: a, env: env, hands: env.PointerHands(), clock: env.Clock, session: view.NewSession(env), results: make([]mouse.TargetResult, len(a.Targets))}
	if v.clock == nil {
		v.clock = view.SystemClock{}
	}
	for i := range a.Targets {
		for r := 0; r < a.Rounds; r++ {
			v.steps = append(v.steps, i)
		}
	}
	v.pad = newPad(v.padMissed)
	v.target = newTarget(v)
	v.scroller = newScrollBox(t.T("mouse.scroll_goal"), v.succeed)
	v.zoneRect = canvas.NewRectangle(view.Tinted(theme.Color(theme.ColorNameSuccess), 40))
	v.zoneRect.StrokeColor = theme.Color(theme.ColorNameForeground)
	v.zoneRect.StrokeWidth = 3
	v.zoneRect.CornerRadius = 10
	zoneLabel := widget.NewLabel("") // not wrapped: a wrapped label in a centre stacks its letters
	v.zoneLabel = zoneLabel
	zoneLabel.Alignment = fyne.TextAlignCenter
	zoneLabel.TextStyle = fyne.TextStyle{Bold: true}
	v.zone = container.NewStack(v.zoneRect, container.NewCenter(container.NewVBox(widget.NewIcon(theme.DownloadIcon()), zoneLabel)))
	v.area = container.New(&areaLayout{v: v}, v.pad, v.zone, v.scroller, v.target)
	v.heading = view.Heading("")
	v.gesture = view.Text("")
	v.progress = widget.NewLabel("")
	v.feedback = view.NewFeedback()
	// On a wide window, what to do stands beside the play area, which takes the
	// rest of the width and the height of that column: all of it fits one screen.
	side := container.NewVBox(view.Compact(v.heading), view.Compact(v.progress), view.Compact(v.gesture),
		v.feedback, view.Compact(view.Text(t.T("mouse.keyboard_hint"))))
	play := view.Columns(view.Panel(v.area), side, 0, 22)
	if a.Instruction != "" {
		v.content = container.NewVBox(view.CompactText(a.Instruction), play)
	} else {
		v.content = container.NewVBox(play)
	}
	v.show()
	return v
}

// current returns the target entry now asked for.
func (v *mouseView) current() mouse.Target { return v.act.Targets[v.steps[v.cur]] }

// size is the target's size: linear from BigTarget to SmallTarget over the steps,
// times the Hands' TargetScale.
func (v *mouseView) size() float32 {
	scale := v.hands.TargetScale
	if len(v.steps) <= 1 {
		return BigTarget * scale
	}
	return (BigTarget - (BigTarget-SmallTarget)*float32(v.cur)/float32(len(v.steps)-1)) * scale
}

// show sets up the step v.cur.
func (v *mouseView) show() {
	t := v.env.Tr()
	if v.cur >= len(v.steps) {
		v.target.Hide()
		v.scroller.Hide()
		v.zone.Hide()
		return
	}
	tg := v.current()
	v.target.offset = fyne.Position{}
	v.target.clicks.Reset()
	v.stopWaiting()
	v.heading.SetText(tg.Label)
	v.progress.SetText(t.T("mouse.progress", map[string]any{"N": v.cur + 1, "Total": len(v.steps)}))
	hints := map[string]string{mouse.Click: "mouse.click", mouse.DoubleClick: "mouse.double_click", mouse.RightClick: "mouse.right_click", mouse.Drag: "mouse.drag", mouse.Scroll: "mouse.scroll"}
	v.gesture.SetText(t.T(hints[tg.Action]))
	v.zone.Hide()
	v.scroller.Hide()
	v.target.Show()
	switch tg.Action {
	case mouse.Drag:
		v.zone.Show()
		v.zoneLabel.SetText(tg.Zone + "\n" + t.T("mouse.drop_here"))
	case mouse.Scroll:
		v.target.Hide()
		v.scroller.reset()
		v.scroller.Show()
	}
	v.target.Refresh()
	v.area.Refresh()
}

// succeed counts a right gesture and moves on.
func (v *mouseView) succeed() {
	defer relayout(v.content)
	if v.cur >= len(v.steps) {
		return
	}
	t := v.env.Tr()
	v.results[v.steps[v.cur]].Successes++
	v.cur++
	v.lastSuccess = v.clock.Now()
	v.session.Changed()
	focused := v.target.Focused() || v.scroller.Focused()
	if v.cur == len(v.steps) {
		r := v.act.GradeIn(mouse.Answer{Targets: v.results}, v.env.T)
		v.session.Attempt(r)
		v.feedback.Set(true, t.T("activity.correct"), r.Feedback)
		v.show()
		v.session.Finish(r)
		return
	}
	v.feedback.Set(true, t.T("mouse.success"), "")
	v.show()
	if focused { // keyboard users keep going without hunting for the next target
		if v.current().Action == mouse.Scroll {
			view.FocusOn(v.env, v.scroller)
		} else {
			view.FocusOn(v.env, v.target)
		}
	}
}

// missed counts a gesture beside the target (or the wrong gesture) kindly.
func (v *mouseView) missed(wrongGesture bool) {
	defer relayout(v.content)
	if v.cur >= len(v.steps) {
		return
	}
	t := v.env.Tr()
	v.results[v.steps[v.cur]].Misses++
	v.session.Changed()
	msg := t.T("mouse.missed")
	if wrongGesture {
		msg = t.T("mouse.wrong_gesture") + " " + v.gesture.Text + "."
	}
	v.feedback.Set(false, t.T("activity.wrong"), msg)
}

// padMissed counts a gesture on the play area beside the target, unless it is
// the second click of a double-click that just succeeded: the target moved away
// under the pointer.
func (v *mouseView) padMissed(wrongGesture bool) {
	if !v.lastSuccess.IsZero() && v.clock.Now().Sub(v.lastSuccess) <= v.hands.DoubleClick {
		return
	}
	v.missed(wrongGesture)
}

// waitForSecondClick starts the wait for the second click of a double-click:
// when the double-click time is over without it, the single click was the
// wrong gesture.
func (v *mouseView) waitForSecondClick() {
	v.stopWaiting()
	step := v.cur
	v.waiting = v.clock.AfterFunc(v.hands.DoubleClick, func() {
		v.waiting = nil
		if v.cur == step {
			v.missed(true)
		}
	})
}

func (v *mouseView) stopWaiting() {
	if v.waiting != nil {
		v.waiting()
		v.waiting = nil
	}
}

// areaLayout places the pad over the whole area, the drop zone on the right, the
// scroll box in the middle and the target at its place for the current step.
type areaLayout struct{ v *mouseView }

func (l *areaLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(areaWidth, areaHeight)
}

func (l *areaLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	v := l.v
	v.pad.Move(fyne.Position{})
	v.pad.Resize(size)
	zw := size.Width * 0.28
	v.zone.Move(fyne.NewPos(size.Width-zw-20, 20))
	v.zone.Resize(fyne.NewSize(zw, size.Height-40))
	v.scroller.Move(fyne.NewPos(size.Width*0.25, 10))
	v.scroller.Resize(fyne.NewSize(size.Width*0.5, size.Height-20))
	if v.cur >= len(v.steps) {
		return
	}
	s := v.size()
	p := places[v.cur%len(places)]
	if v.current().Action == mouse.Drag {
		p = fyne.Position{X: 0.2, Y: 0.5}
	}
	// Keep the target inside the area, whatever the area's height.
	x := clamp(p.X*size.Width-s/2, 0, size.Width-s) + v.target.offset.X
	y := clamp(p.Y*size.Height-s/2, 0, size.Height-s) + v.target.offset.Y
	v.target.Move(fyne.NewPos(x, y))
	v.target.Resize(fyne.NewSize(s, s))
}

// clamp returns x limited to [lo, hi] (lo when hi < lo).
func clamp(x, lo, hi float32) float32 {
	return fyne.Max(lo, fyne.Min(x, hi))
}

// pad is the play area's background: any gesture that lands on it is a miss.
type pad struct {
	widget.BaseWidget
	onMiss func(bool)
}

func newPad(onMiss func(bool)) *pad {
	p := &pad{onMiss: onMiss}
	p.ExtendBaseWidget(p)
	return p
}

func (p *pad) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(theme.Color(theme.ColorNameBackground)))
}

func (p *pad) Tapped(*fyne.PointEvent)          { p.onMiss(false) }
func (p *pad) DoubleTapped(*fyne.PointEvent)    { p.onMiss(false) }
func (p *pad) TappedSecondary(*fyne.PointEvent) { p.onMiss(false) }

// Target is the round thing to click, double-click, right-click or drag. It
// reads the mouse itself (view.Clicks), so that the learner's Hands set the
// double-click time and how far the pointer may move during a click. It is also
// focusable: Entrée or Space does its gesture (the keyboard fallback).
type Target struct {
	widget.BaseWidget
	view.Outline
	v      *mouseView
	circle *canvas.Circle
	offset fyne.Position // how far it has been dragged
	clicks view.Clicks
}

func newTarget(v *mouseView) *Target {
	t := &Target{v: v, circle: canvas.NewCircle(theme.Color(theme.ColorNamePrimary))}
	t.circle.StrokeColor = theme.Color(theme.ColorNameForeground)
	t.circle.StrokeWidth = 4
	t.clicks = view.Clicks{Hands: v.hands, Clock: v.clock, OnClick: t.clicked, OnRightClick: t.rightClicked,
		OnDrag: t.dragged, OnDrop: t.dropped, OnCancel: t.cancelDrag}
	t.ExtendBaseWidget(t)
	return t
}

// Action is the gesture this target asks for now.
func (t *Target) Action() string { return t.v.current().Action }

// CreateRenderer draws the round target and the focus outline.
func (t *Target) CreateRenderer() fyne.WidgetRenderer {
	return t.Outline.Renderer(t, widget.NewSimpleRenderer(container.NewStack(t.circle, container.NewCenter(widget.NewIcon(theme.RadioButtonCheckedIcon())))))
}

// clicked is a success for a click target (a double-click is forgiven); on a
// double-click target the first click waits for the second; on a right-click
// target it is the wrong gesture.
func (t *Target) clicked(n int) {
	switch t.Action() {
	case mouse.Click:
		if n == 1 {
			t.v.succeed()
		}
	case mouse.DoubleClick:
		if n == 2 {
			t.v.stopWaiting()
			t.v.succeed()
			return
		}
		t.v.waitForSecondClick()
	case mouse.RightClick:
		if n == 1 {
			t.v.missed(true)
		}
	}
}

// rightClicked is a success for a right-click target, the wrong gesture on the
// others (a drag target ignores it).
func (t *Target) rightClicked() {
	switch t.Action() {
	case mouse.RightClick:
		t.v.succeed()
	case mouse.Drag:
	default:
		t.v.missed(true)
	}
}

// dragged moves a drag target with the mouse.
func (t *Target) dragged(d fyne.Delta) {
	if t.Action() != mouse.Drag {
		return
	}
	t.offset = t.offset.Add(d)
	t.v.area.Refresh()
}

// cancelDrag puts a drag target back: the hand moved, but too little for a drag.
func (t *Target) cancelDrag() {
	if t.Action() == mouse.Drag {
		t.offset = fyne.Position{}
		t.v.area.Refresh()
	}
}

// dropped drops the target: on the zone (or, with the Hands' room, near it) it
// is a success, elsewhere it goes back.
func (t *Target) dropped() {
	if t.Action() != mouse.Drag {
		return
	}
	center := t.Position().Add(fyne.NewPos(t.Size().Width/2, t.Size().Height/2))
	z := t.v.zone
	room := t.v.hands.Slop
	inside := center.X >= z.Position().X-room && center.X <= z.Position().X+z.Size().Width+room &&
		center.Y >= z.Position().Y-room && center.Y <= z.Position().Y+z.Size().Height+room
	if inside {
		t.v.succeed()
		return
	}
	t.offset = fyne.Position{}
	t.v.missed(false)
	t.v.area.Refresh()
}

// MouseDown starts a gesture.
func (t *Target) MouseDown(ev *desktop.MouseEvent) { t.clicks.MouseDown(ev) }

// MouseUp ends a gesture: a click, a right-click or a drop.
func (t *Target) MouseUp(ev *desktop.MouseEvent) { t.clicks.MouseUp(ev) }

// Dragged follows the pointer while the button is down.
func (t *Target) Dragged(ev *fyne.DragEvent) { t.clicks.Dragged(ev) }

// DragEnd is decided by MouseUp.
func (t *Target) DragEnd() { t.clicks.DragEnd() }

// FocusGained shows the focus outline.
func (t *Target) FocusGained() { t.Outline.Gained(t) }

// FocusLost hides the focus outline.
func (t *Target) FocusLost() { t.Outline.Lost() }

// TypedRune ignores letters.
func (t *Target) TypedRune(rune) {}

// TypedKey does the target's gesture on Entrée or Space: the keyboard fallback.
// Other keys (Échap) go to the window.
func (t *Target) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter || ev.Name == fyne.KeySpace {
		t.v.succeed()
		return
	}
	view.ForwardKey(t, ev)
}

// Describe names the target for the read-aloud: its label, or the gesture asked.
func (t *Target) Describe() view.Description {
	name := t.v.heading.Text
	if name == "" {
		name = t.v.gesture.Text
	}
	return view.Description{Role: view.RoleTarget, Name: name}
}

var (
	_ desktop.Mouseable = (*Target)(nil)
	_ fyne.Draggable    = (*Target)(nil)
	_ fyne.Focusable    = (*Target)(nil)
	_ desktop.Keyable   = (*Target)(nil)
	_ view.Described    = (*Target)(nil)
)

// ScrollBox is a page taller than its frame: turning the wheel (or pressing the
// arrow keys, Page bas or Space when it has the focus) moves it down until the star
// at the bottom shows.
type ScrollBox struct {
	widget.BaseWidget
	view.Outline
	goal     string
	onDone   func()
	offset   float32
	frame    *canvas.Rectangle
	lines    []*canvas.Rectangle
	star     *widget.Label
	finished bool
}

// scrollDistance is how far the page must move, in Fyne units.
const scrollDistance float32 = 600

func newScrollBox(goal string, onDone func()) *ScrollBox {
	s := &ScrollBox{goal: goal, onDone: onDone}
	s.frame = canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	s.frame.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	s.frame.StrokeWidth = 2
	for i := 0; i < 12; i++ {
		s.lines = append(s.lines, canvas.NewRectangle(theme.Color(theme.ColorNameDisabled)))
	}
	s.star = widget.NewLabelWithStyle("★ "+goal, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	s.star.SizeName = theme.SizeNameSubHeadingText
	s.ExtendBaseWidget(s)
	return s
}

func (s *ScrollBox) reset() { s.offset, s.finished = 0, false; s.Refresh() }

// Scrolled moves the page by the wheel's distance, in either direction (touchpads
// and mice disagree on which way is "down").
func (s *ScrollBox) Scrolled(ev *fyne.ScrollEvent) {
	d := ev.Scrolled.DY
	if d < 0 {
		d = -d
	}
	s.advance(d)
}

func (s *ScrollBox) advance(d float32) {
	if s.finished {
		return
	}
	s.offset = min(s.offset+d, scrollDistance)
	s.Refresh()
	if s.offset >= scrollDistance {
		s.finished = true
		s.onDone()
	}
}

// FocusGained shows the focus outline.
func (s *ScrollBox) FocusGained() { s.Outline.Gained(s) }

// FocusLost hides the focus outline.
func (s *ScrollBox) FocusLost() { s.Outline.Lost() }

// TypedRune ignores letters.
func (s *ScrollBox) TypedRune(rune) {}

// TypedKey scrolls with the keyboard: arrows move a little, Page bas and Space a
// lot. Other keys (Échap) go to the window.
func (s *ScrollBox) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDown:
		s.advance(60)
	case fyne.KeyPageDown, fyne.KeySpace:
		s.advance(scrollDistance / 2)
	default:
		view.ForwardKey(s, ev)
	}
}

// Tapped takes the focus, so the keys work after a click.
func (s *ScrollBox) Tapped(*fyne.PointEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(s); c != nil {
		s.Outline.Pointer(func() { c.Focus(s) })
	}
}

// Describe names the page to scroll for the read-aloud.
func (s *ScrollBox) Describe() view.Description {
	return view.Description{Role: view.RoleScrollArea, Name: s.goal}
}

// CreateRenderer draws the page and the focus outline.
func (s *ScrollBox) CreateRenderer() fyne.WidgetRenderer {
	objs := []fyne.CanvasObject{s.frame}
	for _, l := range s.lines {
		objs = append(objs, l)
	}
	objs = append(objs, s.star)
	return s.Outline.Renderer(s, &scrollRenderer{s: s, objects: objs})
}

type scrollRenderer struct {
	s       *ScrollBox
	objects []fyne.CanvasObject
}

func (r *scrollRenderer) Layout(size fyne.Size) {
	s := r.s
	s.frame.Resize(size)
	for i, l := range s.lines {
		y := 30 + float32(i)*70 - s.offset*0.9
		l.Move(fyne.NewPos(30, y))
		l.Resize(fyne.NewSize(size.Width-60, 14))
		l.Hidden = y < 5 || y > size.Height-20
	}
	starY := size.Height + scrollDistance - 60 - s.offset - size.Height*0.5
	if s.offset >= scrollDistance {
		starY = size.Height/2 - 20
	}
	s.star.Move(fyne.NewPos(0, starY))
	s.star.Resize(fyne.NewSize(size.Width, 40))
	s.star.Hidden = starY > size.Height-40
}

func (r *scrollRenderer) MinSize() fyne.Size           { return fyne.NewSize(300, 200) }
func (r *scrollRenderer) Refresh()                     { r.Layout(r.s.Size()); canvas.Refresh(r.s) }
func (r *scrollRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *scrollRenderer) Destroy()                     {}

var (
	_ fyne.Scrollable = (*ScrollBox)(nil)
	_ fyne.Focusable  = (*ScrollBox)(nil)
	_ view.Described  = (*ScrollBox)(nil)
)

// relayout lays out content again after parts were shown or hidden (feedback, error
// lines, the right answer), so nothing is drawn over something else.
func relayout(content fyne.CanvasObject) {
	if c, ok := content.(*fyne.Container); ok {
		c.Refresh()
	}
}
