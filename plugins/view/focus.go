package view

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// This file holds the one focus outline every focusable control of Déclic draws,
// and the way the window hears where the focus goes.

// OutlineTheme is a theme that gives the focus outline its colours and widths:
// Déclic's theme (app.Theme) does, with a dark ring at 3:1 or more against every
// background the app draws. Any other theme gets a black ring of 3 units and a
// white one of 2.
type OutlineTheme interface {
	// OutlineColors are the colours of the dark inner ring and of the light
	// outer ring (the halo, which shows the outline on a dark background).
	OutlineColors(v fyne.ThemeVariant) (dark, halo color.Color)
	// OutlineWidths are the widths of the two rings, in units.
	OutlineWidths() (dark, halo float32)
}

// focusGap is the room left between a control's edge and its outline, so the
// outline never covers the control's own border.
const focusGap float32 = 1

// OutlineReach is how far, in units, the outline reaches outside its control at
// the current theme: what a layout must leave around a focusable control for the
// whole outline to show.
func OutlineReach() float32 {
	dark, halo := outlineWidths()
	return focusGap + dark + halo
}

// outlineWidths are the widths of the two rings, whole units so that each ring is
// crisp on a 1:1 screen.
func outlineWidths() (dark, halo float32) {
	dark, halo = 3, 2
	if ot, ok := currentTheme().(OutlineTheme); ok {
		dark, halo = ot.OutlineWidths()
	}
	dark = float32(math.Max(2, math.Floor(float64(dark))))
	halo = float32(math.Max(1, math.Floor(float64(halo))))
	return dark, halo
}

// outlineColors are the two rings' colours: the theme's, or black and white.
func outlineColors() (dark, halo color.Color) {
	dark, halo = color.Black, color.White
	if ot, ok := currentTheme().(OutlineTheme); ok {
		v := theme.VariantLight
		if app := fyne.CurrentApp(); app != nil {
			v = app.Settings().ThemeVariant()
		}
		dark, halo = ot.OutlineColors(v)
	}
	return dark, halo
}

func currentTheme() fyne.Theme {
	if app := fyne.CurrentApp(); app != nil && app.Settings().Theme() != nil {
		return app.Settings().Theme()
	}
	return theme.DefaultTheme()
}

// Outline is the focus outline of one control: a dark ring around the control, a
// unit away from its edge, and a light ring around the dark one, so that it shows
// on light and dark backgrounds alike. Every focusable widget of Déclic keeps one:
// it draws it with its own parts (Renderer) and tells it when the focus comes and
// goes (Gained, Lost). The outline is made of straight bars, drawn the same by
// every Fyne painter, at widths and colours the theme gives.
//
// Embedding an Outline also makes a focusable widget a desktop.Keyable that tells
// the window about the keys pressed on it (KeyDown, KeyUp): the window learns
// that the next focus move comes from Tab.
type Outline struct {
	owner   fyne.Widget
	focused bool
	// pointer is true while a pointer press is handled: a focus it gives is not
	// a keyboard move.
	pointer bool
	bars    []fyne.CanvasObject
}

// Renderer returns inner with the outline drawn around owner.
func (o *Outline) Renderer(owner fyne.Widget, inner fyne.WidgetRenderer) fyne.WidgetRenderer {
	o.owner = owner
	if o.bars == nil {
		for range 8 {
			bar := canvas.NewRectangle(color.Black)
			bar.Hide()
			o.bars = append(o.bars, bar)
		}
	}
	r := &outlinedRenderer{WidgetRenderer: inner, o: o}
	o.place(owner.Size())
	return r
}

// Focused reports whether the control has the keyboard focus.
func (o *Outline) Focused() bool { return o.focused }

// Gained shows the outline around obj, which took the focus, and tells the window.
func (o *Outline) Gained(obj fyne.Focusable) {
	o.focused = true
	o.refresh()
	if co, ok := obj.(fyne.CanvasObject); ok {
		if l := listenerOf(co); l != nil {
			l.FocusMoved(obj, o.pointer)
		}
	}
}

// Lost hides the outline.
func (o *Outline) Lost() {
	o.focused = false
	o.refresh()
}

// Pointer runs press, the handling of a click or tap that may give the control
// the focus: the window then knows the focus did not come from the keyboard.
func (o *Outline) Pointer(press func()) {
	o.pointer = true
	defer func() { o.pointer = false }()
	press()
}

// KeyDown tells the window a key went down on the control.
func (o *Outline) KeyDown(ev *fyne.KeyEvent) { tellKeyDown(o.owner, ev) }

// KeyUp tells the window a key came up on the control.
func (o *Outline) KeyUp(ev *fyne.KeyEvent) { tellKeyUp(o.owner, ev) }

func (o *Outline) refresh() {
	if o.owner == nil {
		return
	}
	o.place(o.owner.Size())
}

// place puts the bars around a control of size, in the theme's colours, shown
// while the control has the focus.
func (o *Outline) place(size fyne.Size) {
	if len(o.bars) == 0 {
		return
	}
	dark, halo := outlineWidths()
	darkColor, haloColor := outlineColors()
	w, h := size.Width, size.Height
	ring := func(bars []fyne.CanvasObject, inset, width float32, c color.Color) {
		e := inset + width // how far the ring's outer edge is from the control
		rects := [4]struct{ x, y, w, h float32 }{
			{-e, -e, w + 2*e, width},                // top
			{-e, h + inset, w + 2*e, width},         // bottom
			{-e, -inset, width, h + 2*inset},        // left
			{w + inset, -inset, width, h + 2*inset}, // right
		}
		for i, r := range rects {
			bar := bars[i].(*canvas.Rectangle)
			bar.FillColor = c
			bar.Move(fyne.NewPos(r.x, r.y))
			bar.Resize(fyne.NewSize(r.w, r.h))
		}
	}
	ring(o.bars[:4], focusGap, dark, darkColor)
	ring(o.bars[4:], focusGap+dark, halo, haloColor)
	for _, b := range o.bars {
		b.(*canvas.Rectangle).Hidden = !o.focused || size.IsZero()
		b.Refresh()
	}
}

// outlinedRenderer is a widget's own renderer with the outline's bars drawn last.
type outlinedRenderer struct {
	fyne.WidgetRenderer
	o    *Outline
	objs []fyne.CanvasObject
}

func (r *outlinedRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	r.o.place(size)
}

func (r *outlinedRenderer) Refresh() {
	r.WidgetRenderer.Refresh()
	r.o.refresh()
}

func (r *outlinedRenderer) Objects() []fyne.CanvasObject {
	inner := r.WidgetRenderer.Objects()
	r.objs = append(append(r.objs[:0], inner...), r.o.bars...)
	return r.objs
}

// FocusListener is the window content that hears where the keyboard focus goes
// and which keys go down: the app reads the focused control's name and role
// aloud when Tab moved to it, scrolls it into view, and knows which actions came
// from the keyboard. Outline finds it as the content of the control's canvas.
type FocusListener interface {
	// FocusMoved is told that obj took the focus; byPointer is true when a click
	// or a tap gave it.
	FocusMoved(obj fyne.Focusable, byPointer bool)
	// KeyDown and KeyUp are told of every key pressed or released on a control.
	KeyDown(ev *fyne.KeyEvent)
	KeyUp(ev *fyne.KeyEvent)
}

// canvasOf is the canvas obj is drawn on, or nil.
func canvasOf(obj fyne.CanvasObject) fyne.Canvas {
	if obj == nil {
		return nil
	}
	app := fyne.CurrentApp()
	if app == nil {
		return nil
	}
	return app.Driver().CanvasForObject(obj)
}

// listenerOf is the FocusListener of obj's window, or nil.
func listenerOf(obj fyne.CanvasObject) FocusListener {
	c := canvasOf(obj)
	if c == nil {
		return nil
	}
	l, _ := c.Content().(FocusListener)
	return l
}

func tellKeyDown(obj fyne.CanvasObject, ev *fyne.KeyEvent) {
	if l := listenerOf(obj); l != nil {
		l.KeyDown(ev)
	}
}

func tellKeyUp(obj fyne.CanvasObject, ev *fyne.KeyEvent) {
	if l := listenerOf(obj); l != nil {
		l.KeyUp(ev)
	}
}

// ForwardKey gives the window a key a control does not use (Échap): the window's
// own key handler gets it, as when nothing has the focus. Custom controls call it
// from TypedKey for the keys they leave.
func ForwardKey(obj fyne.CanvasObject, ev *fyne.KeyEvent) { forwardKey(obj, ev) }

// forwardKey gives the window a key a control does not use (Escape, F-keys):
// the window's own key handler, as when nothing has the focus.
func forwardKey(obj fyne.CanvasObject, ev *fyne.KeyEvent) {
	if c := canvasOf(obj); c != nil {
		if f := c.OnTypedKey(); f != nil {
			f(ev)
		}
	}
}

// forwardRune gives the window a character a control does not use (a digit typed
// while a key of the PIN pad has the focus).
func forwardRune(obj fyne.CanvasObject, r rune) {
	if c := canvasOf(obj); c != nil {
		if f := c.OnTypedRune(); f != nil {
			f(r)
		}
	}
}

// FirstFocusable returns the first control Tab would reach inside obj, walking
// containers, scroll containers and cards in order, or nil. Hidden and disabled
// controls are skipped.
func FirstFocusable(obj fyne.CanvasObject) fyne.Focusable {
	var found fyne.Focusable
	walkContainers(obj, func(o fyne.CanvasObject) bool {
		if f, ok := o.(fyne.Focusable); ok && focusable(o) {
			found = f
			return true
		}
		return false
	})
	return found
}

// focusable reports whether o would take the focus now.
func focusable(o fyne.CanvasObject) bool {
	if d, ok := o.(fyne.Disableable); ok && d.Disabled() {
		return false
	}
	return o.Visible()
}

// walkContainers visits obj and, in order, what visible containers, scroll
// containers and cards hold, until visit returns true. It reports whether visit did.
func walkContainers(obj fyne.CanvasObject, visit func(fyne.CanvasObject) bool) bool {
	if obj == nil || !obj.Visible() {
		return false
	}
	if visit(obj) {
		return true
	}
	switch o := obj.(type) {
	case *fyne.Container:
		for _, c := range o.Objects {
			if walkContainers(c, visit) {
				return true
			}
		}
	case *container.Scroll:
		return walkContainers(o.Content, visit)
	case *widget.Card:
		return walkContainers(o.Content, visit)
	}
	return false
}

// pathTo returns the objects from root down to obj through containers, scroll
// containers and cards (root first, obj last), or nil when obj is not found there.
func pathTo(root, obj fyne.CanvasObject) []fyne.CanvasObject {
	if root == nil {
		return nil
	}
	if root == obj {
		return []fyne.CanvasObject{root}
	}
	var kids []fyne.CanvasObject
	switch o := root.(type) {
	case *fyne.Container:
		kids = o.Objects
	case *container.Scroll:
		kids = []fyne.CanvasObject{o.Content}
	case *widget.Card:
		kids = []fyne.CanvasObject{o.Content}
	}
	for _, k := range kids {
		if p := pathTo(k, obj); p != nil {
			return append([]fyne.CanvasObject{root}, p...)
		}
	}
	return nil
}

// Holds reports whether obj is root or lies inside it, through containers,
// scroll containers and cards.
func Holds(root, obj fyne.CanvasObject) bool { return pathTo(root, obj) != nil }

// Reveal scrolls every scroll container under root that holds obj so that obj
// and its focus outline are wholly in view (when they fit), as a keyboard user
// expects of the control they moved to. It reports whether a scroll container
// holds obj. Positions are the window's, so obj may lie inside any widget.
func Reveal(root, obj fyne.CanvasObject) bool {
	app := fyne.CurrentApp()
	if app == nil {
		return false
	}
	d := app.Driver()
	var scrolls []*container.Scroll // outer ones first, as the tree holds them
	walkContainers(root, func(o fyne.CanvasObject) bool {
		if s, ok := o.(*container.Scroll); ok {
			scrolls = append(scrolls, s)
		}
		return false
	})
	margin := OutlineReach()
	found := false
	// Innermost first: the outer scroll then shows the inner one where it is.
	for i := len(scrolls) - 1; i >= 0; i-- {
		s := scrolls[i]
		if s.Content == nil {
			continue
		}
		at := d.AbsolutePositionForObject(obj).Subtract(d.AbsolutePositionForObject(s.Content))
		size, content := obj.Size(), s.Content.Size()
		if at.X < 0 || at.Y < 0 || at.X+size.Width > content.Width+1 || at.Y+size.Height > content.Height+1 {
			continue // not inside this scroll
		}
		found = true
		revealIn(s, at, size, margin)
	}
	return found
}

// revealIn scrolls s so that a box at pos (in s's content) of size shows.
func revealIn(s *container.Scroll, pos fyne.Position, size fyne.Size, margin float32) {
	view := s.Size()
	off := s.Offset
	top, bottom := pos.Y-margin, pos.Y+size.Height+margin
	left, right := pos.X-margin, pos.X+size.Width+margin
	switch {
	case bottom-top > view.Height || top < off.Y:
		off.Y = top
	case bottom > off.Y+view.Height:
		off.Y = bottom - view.Height
	}
	switch {
	case right-left > view.Width || left < off.X:
		off.X = left
	case right > off.X+view.Width:
		off.X = right - view.Width
	}
	content := s.Content.Size()
	off.X = fyne.Max(0, fyne.Min(off.X, content.Width-view.Width))
	off.Y = fyne.Max(0, fyne.Min(off.Y, content.Height-view.Height))
	if off != s.Offset {
		s.ScrollToOffset(off)
	}
}

// ScrollPage is a page that scrolls up and down: obj with the usual padding
// around it, never less than the focus outline needs, and on the right the room
// of the thin scroll bar, which Fyne draws over the page's edge.
func ScrollPage(obj fyne.CanvasObject) *container.Scroll {
	return container.NewVScroll(container.New(pageLayout{}, obj))
}

// ScrollPageWidth is the width a ScrollPage of width gives what it holds.
func ScrollPageWidth(width float32) float32 {
	around, right := pageLayout{}.insets()
	return width - around - right
}

type pageLayout struct{}

// insets are the page's margins: around, and on the right.
func (pageLayout) insets() (around, right float32) {
	around = fyne.Max(theme.Padding(), OutlineReach())
	return around, around + theme.Size(theme.SizeNameScrollBarSmall)
}

func (l pageLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	around, right := l.insets()
	for _, o := range objs {
		o.Move(fyne.NewPos(around, around))
		o.Resize(fyne.NewSize(size.Width-around-right, size.Height-2*around))
	}
}

func (l pageLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		if o.Visible() {
			m = m.Max(o.MinSize())
		}
	}
	around, right := l.insets()
	return m.Add(fyne.NewSize(around+right, 2*around))
}

// Dismisser is what a window laid over the screen (a pop-up, like the simulated
// « Ouvrir un fichier ») holds when Échap closes it: the app calls Dismiss when
// Échap is pressed while that window is on top.
type Dismisser interface {
	Dismiss()
}

// Dismissable wraps a pop-up's content so that Échap calls dismiss (the pop-up's
// « Annuler »).
func Dismissable(content fyne.CanvasObject, dismiss func()) fyne.CanvasObject {
	d := &dismissable{content: content, dismiss: dismiss}
	d.ExtendBaseWidget(d)
	return d
}

type dismissable struct {
	widget.BaseWidget
	content fyne.CanvasObject
	dismiss func()
}

func (d *dismissable) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(d.content)
}

// Dismiss closes the pop-up as its « Annuler » does.
func (d *dismissable) Dismiss() { d.dismiss() }
