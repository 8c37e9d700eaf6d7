// Package quizview draws a quiz: the question, big toggle buttons for the choices
// (radio marks for one answer, check marks for several), "Vérifier", kind feedback
// and the right answer after a wrong one. Every control is a focusable button, so
// Tab and Space (or Entrée) are enough to answer. The buttons honour the learner's
// Hands: a click that slips a little still counts, and with slow hands a shaking
// second click does not undo a choice.
package quizview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/plugins"
	"declic/plugins/quiz"
	"declic/plugins/view"
)

func init() { view.Register(quiz.Name, Build) }

// Build makes the quiz widget for a *quiz.Activity.
func Build(act plugins.Activity, env view.Env) fyne.CanvasObject {
	a, ok := act.(*quiz.Activity)
	if !ok {
		return view.Text(env.Tr().T("activity.unavailable"))
	}
	return newQuiz(a, env).content
}

type quizView struct {
	act      *quiz.Activity
	env      view.Env
	session  *view.Session
	selected []bool
	choices  []*view.PushButton
	check    *view.PushButton
	reveal   *view.PushButton
	next     *view.PushButton
	feedback *view.Feedback
	answer   *widget.Label
	last     plugins.Result
	content  fyne.CanvasObject
}

func newQuiz(a *quiz.Activity, env view.Env) *quizView {
	t := env.Tr()
	v := &quizView{act: a, env: env, session: view.NewSession(env), selected: make([]bool, len(a.Choices))}
	top := container.NewVBox()
	if a.Instruction != "" {
		top.Add(view.CompactText(a.Instruction))
	}
	question := view.Compact(view.Heading(a.Question))
	// The question's picture is loaded before the choices' pictures.
	picture := view.Picture(env, a.Image, view.ImageWidth, 200)
	col := container.NewVBox()
	if picture == nil {
		top.Add(question)
	} else {
		// The picture illustrates the question: it stands beside it, at the top
		// of the column of « Vérifier » and the feedback.
		col.Add(question)
	}
	hint := t.T("quiz.pick_one")
	if a.Multiple {
		hint = t.T("quiz.pick_all")
	}
	col.Add(view.CompactText(hint))
	for i, c := range a.Choices {
		b := env.SteadyButton(c.Text, nil, func() { v.toggle(i) })
		b.Alignment = widget.ButtonAlignLeading
		b.Role = view.RoleChoice
		v.choices = append(v.choices, b)
		row := view.MinSize(b, 0, view.Target)
		if img := view.Picture(env, c.Image, 120, 80); img != nil {
			row = container.NewBorder(nil, nil, img, nil, row)
		}
		col.Add(row)
	}
	v.refreshChoices()
	v.check = env.SteadyButton(t.T("activity.check"), theme.ConfirmIcon(), v.grade)
	v.check.Importance = widget.HighImportance
	v.reveal = env.SteadyButton(t.T("activity.show_answer"), theme.VisibilityIcon(), v.showAnswer)
	v.next = env.SteadyButton(t.T("activity.continue"), theme.NavigateNextIcon(), func() { v.session.Finish(v.last) })
	v.next.Importance = widget.HighImportance
	v.reveal.Hide()
	v.next.Hide()
	v.feedback = view.NewFeedback()
	v.answer = view.Text("")
	v.answer.TextStyle = fyne.TextStyle{Bold: true}
	v.answer.Hide()
	// « Vérifier » and the feedback stand beside the choices when the window is
	// wide, under the question's picture if there is one, as in an ordering
	// exercise: after a wrong answer, the explanation shows in full next to the
	// answers, without scrolling. On a narrow window or with large text: the
	// picture, the choices, then « Vérifier » and the feedback under them.
	// The buttons go to a second line when the column is narrow.
	buttons := view.Flow(view.MinSize(v.check, 160, view.Target), view.MinSize(v.reveal, 160, view.Target), view.MinSize(v.next, 160, view.Target))
	side := container.NewVBox(buttons, v.feedback, view.Compact(v.answer))
	top.Add(view.Aside(col, picture, side, 30, 45))
	v.content = view.Settle(top)
	return v
}

func (v *quizView) toggle(i int) {
	if !v.act.Multiple {
		for j := range v.selected {
			v.selected[j] = j == i
		}
	} else {
		v.selected[i] = !v.selected[i]
	}
	v.refreshChoices()
	v.session.Changed()
}

// refreshChoices shows each choice's state by the shape of its mark (filled or
// empty), not by colour alone.
func (v *quizView) refreshChoices() {
	for i, b := range v.choices {
		on := v.selected[i]
		switch {
		case v.act.Multiple && on:
			b.SetIcon(theme.CheckButtonCheckedIcon())
		case v.act.Multiple:
			b.SetIcon(theme.CheckButtonIcon())
		case on:
			b.SetIcon(theme.RadioButtonCheckedIcon())
		default:
			b.SetIcon(theme.RadioButtonIcon())
		}
		if on {
			b.Importance = widget.HighImportance
			b.State = view.StateSelected
		} else {
			b.Importance = widget.MediumImportance
			b.State = view.StateNotSelected
		}
		b.Refresh()
	}
}

func (v *quizView) selection() []int {
	var out []int
	for i, on := range v.selected {
		if on {
			out = append(out, i)
		}
	}
	return out
}

func (v *quizView) grade() {
	defer relayout(v.content)
	t := v.env.Tr()
	sel := v.selection()
	if len(sel) == 0 {
		v.feedback.Set(false, t.T("activity.wrong"), t.T("quiz.none_selected"))
		return
	}
	r := v.act.GradeIn(quiz.Answer{Selected: sel}, v.env.T)
	v.last = r
	v.session.Attempt(r)
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

func (v *quizView) showAnswer() {
	defer relayout(v.content)
	t := v.env.Tr()
	for _, i := range v.act.CorrectIndexes() {
		v.choices[i].SetIcon(theme.ConfirmIcon())
	}
	v.lock()
	// The explanation stays; « Essayez encore. » goes: the answer is shown now.
	v.feedback.Set(false, t.T("activity.wrong"), v.last.Feedback)
	v.answer.SetText(t.T("activity.right_answer") + " " + v.act.RightAnswer())
	v.answer.Show()
	v.reveal.Hide()
	v.next.Show()
	view.FocusOn(v.env, v.next)
}

func (v *quizView) lock() {
	for _, b := range v.choices {
		b.Disable()
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
