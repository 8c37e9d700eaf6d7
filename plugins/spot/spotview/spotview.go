// Package spotview draws a fake e-mail, SMS or web page whose parts can be tapped:
// a tapped trap reveals why it is a trap, a safe part says so kindly. "J'ai fini"
// shows the traps the learner missed. Each part is focusable: Tab moves between
// parts, Space or Entrée taps the focused one.
package spotview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/plugins"
	"declic/plugins/spot"
	"declic/plugins/view"
)

func init() { view.Register(spot.Name, Build) }

// Build makes the spot widget for a *spot.Activity.
func Build(act plugins.Activity, env view.Env) fyne.CanvasObject {
	a, ok := act.(*spot.Activity)
	if !ok {
		return view.Text(env.Tr().T("activity.unavailable"))
	}
	return newSpot(a, env).content
}

type spotView struct {
	act      *spot.Activity
	env      view.Env
	session  *view.Session
	parts    []*Part
	done     *view.PushButton
	next     *view.PushButton
	feedback *view.Feedback
	last     plugins.Result
	content  fyne.CanvasObject
}

func newSpot(a *spot.Activity, env view.Env) *spotView {
	t := env.Tr()
	v := &spotView{act: a, env: env, session: view.NewSession(env)}
	// Parts sit close together, like the lines of a real message, with room
	// between them for the focus outline.
	header := container.New(layout.NewCustomPaddedVBoxLayout(view.OutlineReach()))
	body := container.New(layout.NewCustomPaddedVBoxLayout(view.OutlineReach()))
	for i, p := range a.Parts {
		part := newPart(p, func() { v.tapped(i) })
		if p.Field != spot.Body {
			part.label.Wrapping = fyne.TextWrapOff // short lines: sender, subject, address
		}
		v.parts = append(v.parts, part)
		cell := container.NewVBox(part, part.note)
		switch {
		case p.Field == spot.From:
			header.Add(labelled(t.T("spot.from"), cell))
		case p.Field == spot.Subject:
			header.Add(labelled(t.T("spot.subject"), cell))
		case p.Field == spot.URL && a.Format == spot.Web:
			header.Add(labelled(t.T("spot.url"), cell))
		default:
			if p.Field == spot.URL {
				part.label.Importance = widget.HighImportance // looks like a link
			}
			body.Add(cell)
		}
	}
	var page fyne.CanvasObject
	icon := theme.MailComposeIcon()
	switch a.Format {
	case spot.SMS:
		icon = theme.AccountIcon()
		bubble := canvas.NewRectangle(view.Tinted(theme.Color(theme.ColorNamePrimary), 40))
		bubble.CornerRadius = 16
		page = container.New(layout.NewCustomPaddedVBoxLayout(4), header, container.NewStack(bubble, container.NewPadded(body)))
	case spot.Web:
		icon = theme.ComputerIcon()
		page = container.New(layout.NewCustomPaddedVBoxLayout(4), header, widget.NewSeparator(), body)
	default:
		page = container.New(layout.NewCustomPaddedVBoxLayout(4), header, widget.NewSeparator(), body)
	}
	col := container.NewVBox()
	if a.Instruction != "" {
		col.Add(view.Compact(view.Heading(a.Instruction)))
	}
	v.done = view.Button(t.T("spot.done"), theme.ConfirmIcon(), true, v.finish)
	v.next = view.Button(t.T("activity.continue"), theme.NavigateNextIcon(), true, func() { v.session.Finish(v.last) })
	v.next.Hide()
	v.feedback = view.NewFeedback()
	message := view.Panel(container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(icon)), nil, page))
	// On a wide window the hint, « J'ai fini » and the feedback stand beside the
	// message, so the whole exercise shows at once; Tab still visits the message first.
	side := container.NewVBox(view.CompactText(t.T("spot.hint")), view.Buttons(v.done, v.next), v.feedback)
	col.Add(view.Columns(message, side, 44, 22))
	v.content = col
	return v
}

func labelled(label string, obj fyne.CanvasObject) fyne.CanvasObject {
	l := widget.NewLabel(label)
	l.TextStyle = fyne.TextStyle{Bold: true}
	return container.NewBorder(nil, nil, container.NewVBox(view.MinSize(view.Compact(l), 100, 0)), nil, obj)
}

func (v *spotView) tapped(i int) {
	t := v.env.Tr()
	p := v.parts[i]
	if p.marked || v.session.Finished() {
		return
	}
	p.marked = true
	v.session.Changed()
	if p.part.Trap {
		p.reveal(theme.ConfirmIcon(), t.T("spot.trap_found"), p.part.Explain)
	} else {
		p.reveal(theme.InfoIcon(), t.T("spot.not_trap"), p.part.Explain)
	}
	relayout(v.content) // lay out the explanation just shown
}

// Tapped lists the parts tapped so far.
func (v *spotView) Tapped() []int {
	var out []int
	for i, p := range v.parts {
		if p.marked {
			out = append(out, i)
		}
	}
	return out
}

func (v *spotView) finish() {
	defer relayout(v.content)
	t := v.env.Tr()
	r := v.act.GradeIn(spot.Answer{Tapped: v.Tapped()}, v.env.T)
	v.last = r
	v.session.Attempt(r)
	v.done.Disable()
	for _, i := range v.act.Missed(v.Tapped()) {
		v.parts[i].reveal(theme.WarningIcon(), t.T("activity.right_answer"), v.act.Parts[i].Explain)
	}
	for _, p := range v.parts {
		p.locked = true
	}
	if r.Passed {
		v.feedback.Set(true, t.T("activity.correct"), r.Feedback)
		v.session.Finish(r)
		return
	}
	v.feedback.Set(false, t.T("activity.wrong"), r.Feedback)
	v.next.Show()
	view.FocusOn(v.env, v.next)
}

// Part is one tappable piece of the fake message: a framed, wrapped text that can be
// tapped, or focused with Tab and activated with Space or Entrée. It draws the
// shared focus outline.
type Part struct {
	widget.BaseWidget
	view.Outline
	part    spot.Part
	label   *widget.Label
	frame   *canvas.Rectangle
	note    *fyne.Container
	icon    *widget.Icon
	word    *widget.Label
	explain *widget.Label
	onTap   func()
	marked  bool
	locked  bool
}

func newPart(p spot.Part, onTap func()) *Part {
	w := &Part{part: p, label: view.Text(p.Text), onTap: onTap, icon: widget.NewIcon(nil), word: widget.NewLabel(""), explain: view.Text("")}
	w.frame = canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	w.frame.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	w.frame.StrokeWidth = 1
	w.frame.CornerRadius = 4
	w.word.TextStyle = fyne.TextStyle{Bold: true}
	w.note = container.NewBorder(nil, nil, container.NewHBox(w.icon, view.Compact(w.word)), nil, view.Compact(w.explain))
	w.note.Hide()
	w.ExtendBaseWidget(w)
	return w
}

// Text is the part's text as shown.
func (w *Part) Text() string { return w.part.Text }

// Marked reports whether the learner tapped this part.
func (w *Part) Marked() bool { return w.marked }

func (w *Part) reveal(icon fyne.Resource, word, explain string) {
	w.icon.SetResource(icon)
	w.word.SetText(word)
	w.explain.SetText(explain)
	w.note.Show()
	if w.marked {
		w.frame.FillColor = view.Tinted(theme.Color(theme.ColorNamePrimary), 50)
		w.frame.StrokeWidth = 3
	}
	w.frame.Refresh()
	w.note.Refresh()
}

// CreateRenderer draws the frame behind the text, and the focus outline.
func (w *Part) CreateRenderer() fyne.WidgetRenderer {
	inset := container.New(layout.NewCustomPaddedLayout(2, 2, 6, 6), view.Compact(w.label))
	return w.Outline.Renderer(w, widget.NewSimpleRenderer(container.NewStack(w.frame, view.MinSize(inset, 0, view.MinTarget))))
}

// Tapped marks the part.
func (w *Part) Tapped(*fyne.PointEvent) {
	if !w.locked {
		w.onTap()
	}
}

// FocusGained shows the focus outline.
func (w *Part) FocusGained() { w.Outline.Gained(w) }

// FocusLost hides the focus outline.
func (w *Part) FocusLost() { w.Outline.Lost() }

// TypedRune ignores letters.
func (w *Part) TypedRune(rune) {}

// TypedKey taps the part on Space or Entrée; other keys (Échap) go to the window.
func (w *Part) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeySpace || ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter {
		w.Tapped(nil)
		return
	}
	view.ForwardKey(w, ev)
}

// Describe names the part for the read-aloud: its text, and whether it was
// tapped.
func (w *Part) Describe() view.Description {
	d := view.Description{Role: view.RolePart, Name: w.part.Text}
	if w.marked {
		d.State = view.StateSelected
	}
	return d
}

var (
	_ fyne.Tappable   = (*Part)(nil)
	_ fyne.Focusable  = (*Part)(nil)
	_ view.Described  = (*Part)(nil)
	_ desktop.Keyable = (*Part)(nil)
)

// relayout lays out content again after parts were shown or hidden (feedback, error
// lines, the right answer), so nothing is drawn over something else.
func relayout(content fyne.CanvasObject) {
	if c, ok := content.(*fyne.Container); ok {
		c.Refresh()
	}
}
