// Package orderview draws an ordering exercise: the steps shuffled, each in a row
// with its place number and big "Monter" / "Descendre" buttons. Keyboard users Tab
// to a button and press Space; focus follows the moved step, so pressing Space
// again keeps moving it.
package orderview

import (
	"math/rand/v2"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/plugins"
	"declic/plugins/order"
	"declic/plugins/view"
)

func init() { view.Register(order.Name, Build) }

// moveHeight is the height of the « Monter » and « Descendre » buttons: the
// accessible minimum, so six steps, their buttons and the room for the focus
// outline around them hold on one 1280×720 screen (« Vérifier » keeps the full
// view.Target).
const moveHeight = view.MinTarget

// Shuffle chooses the starting order; tests replace it to get a known order.
var Shuffle = func(a *order.Activity) []int {
	return a.Shuffled(rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())))
}

// Build makes the ordering widget for an *order.Activity.
func Build(act plugins.Activity, env view.Env) fyne.CanvasObject {
	a, ok := act.(*order.Activity)
	if !ok {
		return view.Text(env.Tr().T("activity.unavailable"))
	}
	return newOrder(a, env, Shuffle(a)).content
}

type row struct {
	place  *widget.Label
	text   *widget.Label
	status *widget.Icon
	up     *view.PushButton
	down   *view.PushButton
}

type orderView struct {
	act      *order.Activity
	env      view.Env
	session  *view.Session
	current  []int
	rows     []*row
	check    *view.PushButton
	reveal   *view.PushButton
	next     *view.PushButton
	feedback *view.Feedback
	last     plugins.Result
	content  fyne.CanvasObject
}

func newOrder(a *order.Activity, env view.Env, start []int) *orderView {
	t := env.Tr()
	v := &orderView{act: a, env: env, session: view.NewSession(env), current: append([]int(nil), start...)}
	col := container.NewVBox()
	if a.Instruction != "" {
		col.Add(view.Compact(view.Heading(a.Instruction)))
	}
	// The rows sit closer than the default spacing: six steps hold on one screen.
	rows := container.New(layout.NewCustomPaddedVBoxLayout(theme.Padding() / 2))
	for k := range v.current {
		r := &row{place: widget.NewLabel(strconv.Itoa(k+1) + "."), text: widget.NewLabel(""), status: widget.NewIcon(nil)}
		r.text.Wrapping = fyne.TextWrapWord // a long step takes two lines, never cut
		r.text.SizeName = theme.SizeNameSubHeadingText
		r.place.TextStyle = fyne.TextStyle{Bold: true}
		r.place.SizeName = theme.SizeNameSubHeadingText
		r.up = env.SteadyButton(t.T("order.up"), theme.MoveUpIcon(), func() { v.move(k, -1) })
		r.down = env.SteadyButton(t.T("order.down"), theme.MoveDownIcon(), func() { v.move(k, +1) })
		buttons := container.NewHBox(view.MinSize(r.up, 150, moveHeight), view.MinSize(r.down, 150, moveHeight))
		middle := container.NewVBox(layout.NewSpacer(), view.Compact(r.text), layout.NewSpacer())
		left := container.NewVBox(layout.NewSpacer(), container.NewHBox(view.MinSize(r.status, 32, 32), view.Compact(r.place)), layout.NewSpacer())
		line := container.NewBorder(nil, nil, left, container.NewVBox(layout.NewSpacer(), buttons, layout.NewSpacer()), middle)
		rows.Add(view.RowPanel(line))
		v.rows = append(v.rows, r)
	}
	v.check = env.SteadyButton(t.T("activity.check"), theme.ConfirmIcon(), v.grade)
	v.check.Importance = widget.HighImportance
	v.reveal = env.SteadyButton(t.T("activity.show_answer"), theme.VisibilityIcon(), v.showAnswer)
	v.next = env.SteadyButton(t.T("activity.continue"), theme.NavigateNextIcon(), func() { v.session.Finish(v.last) })
	v.next.Importance = widget.HighImportance
	v.reveal.Hide()
	v.next.Hide()
	v.feedback = view.NewFeedback()
	// « Vérifier » and the feedback beside the steps when the window is wide, so
	// the learner sees the steps and the answer together; under them otherwise.
	// The steps keep room for about 70 characters: a step and its two buttons on
	// one line (on a 1024-wide netbook, « Vérifier » goes under the steps).
	side := container.NewVBox(view.Buttons(v.check, v.reveal, v.next), v.feedback)
	col.Add(view.Columns(rows, side, 70, 22))
	v.content = view.Settle(col)
	v.refresh()
	return v
}

// move swaps the step at place k with its neighbour and keeps the keyboard focus on
// the same button of the moved step.
func (v *orderView) move(k, dir int) {
	defer relayout(v.content)
	j := k + dir
	if j < 0 || j >= len(v.current) {
		return
	}
	v.current[k], v.current[j] = v.current[j], v.current[k]
	v.session.Changed()
	v.feedback.Clear()
	for _, r := range v.rows {
		r.status.SetResource(nil)
	}
	v.refresh()
	target := v.rows[j].up
	if dir > 0 {
		target = v.rows[j].down
	}
	if !target.Disabled() {
		view.FocusOn(v.env, target)
	}
}

func (v *orderView) refresh() {
	for k, r := range v.rows {
		r.text.SetText(v.act.Steps[v.current[k]])
		if k == 0 {
			r.up.Disable()
		} else {
			r.up.Enable()
		}
		if k == len(v.rows)-1 {
			r.down.Disable()
		} else {
			r.down.Enable()
		}
	}
}

// Order is the current order, as indexes into the activity's steps.
func (v *orderView) Order() []int { return append([]int(nil), v.current...) }

func (v *orderView) grade() {
	defer relayout(v.content)
	t := v.env.Tr()
	r := v.act.GradeIn(order.Answer{Order: v.Order()}, v.env.T)
	v.last = r
	v.session.Attempt(r)
	v.markPlaces()
	if r.Passed {
		v.feedback.Set(true, t.T("activity.correct"), r.Feedback)
		v.lock()
		v.reveal.Hide()
		v.session.Finish(r)
		return
	}
	v.feedback.Set(false, t.T("activity.wrong"), r.Feedback+"\n"+t.T("activity.try_again"))
	v.reveal.Show()
}

// markPlaces puts a check mark beside each step in its right place.
func (v *orderView) markPlaces() {
	for k, r := range v.rows {
		if v.current[k] == k {
			r.status.SetResource(theme.ConfirmIcon())
		} else {
			r.status.SetResource(nil)
		}
	}
}

func (v *orderView) showAnswer() {
	defer relayout(v.content)
	t := v.env.Tr()
	for k := range v.current {
		v.current[k] = k
	}
	v.refresh()
	v.markPlaces()
	v.lock()
	v.feedback.Set(false, t.T("activity.right_answer"), "")
	v.reveal.Hide()
	v.next.Show()
	view.FocusOn(v.env, v.next)
}

func (v *orderView) lock() {
	for _, r := range v.rows {
		r.up.Disable()
		r.down.Disable()
	}
	v.check.Disable()
}

// relayout lays out content again after parts were shown or hidden (feedback, error
// lines, the right answer), so nothing is drawn over something else.
func relayout(content fyne.CanvasObject) {
	if c, ok := content.(*fyne.Container); ok {
		c.Refresh()
	}
}
