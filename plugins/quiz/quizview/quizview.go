// Package quizview draws a quiz: the question, big toggle buttons for the choices
// (radio marks for one answer, check marks for several), "Vérifier", kind feedback
// and the right answer after a wrong one. Every control is a focusable button, so
// Tab and Space are enough to answer.
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
	choices  []*widget.Button
	check    *widget.Button
	reveal   *widget.Button
	next     *widget.Button
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
	top.Add(view.Compact(view.Heading(a.Question)))
	// The question's picture is loaded before the choices' pictures.
	picture := view.Picture(env, a.Image, view.ImageWidth, 200)
	col := container.NewVBox()
	hint := t.T("quiz.pick_one")
	if a.Multiple {
		hint = t.T("quiz.pick_all")
	}
	col.Add(view.CompactText(hint))
	for i, c := range a.Choices {
		b := widget.NewButtonWithIcon(c.Text, nil, func() { v.toggle(i) })
		b.Alignment = widget.ButtonAlignLeading
		v.choices = append(v.choices, b)
		row := view.MinSize(b, 0, view.Target)
		if img := view.Picture(env, c.Image, 120, 80); img != nil {
			row = container.NewBorder(nil, nil, img, nil, row)
		}
		col.Add(row)
	}
	v.refreshChoices()
	v.check = view.Button(t.T("activity.check"), theme.ConfirmIcon(), true, v.grade)
	v.reveal = view.Button(t.T("activity.show_answer"), theme.VisibilityIcon(), false, v.showAnswer)
	v.next = view.Button(t.T("activity.continue"), theme.NavigateNextIcon(), true, func() { v.session.Finish(v.last) })
	v.reveal.Hide()
	v.next.Hide()
	v.feedback = view.NewFeedback()
	v.answer = view.Text("")
	v.answer.TextStyle = fyne.TextStyle{Bold: true}
	v.answer.Hide()
	col.Add(view.Buttons(v.check, v.reveal, v.next))
	col.Add(v.feedback)
	col.Add(v.answer)
	if picture != nil {
		// Beside the choices when the window is wide, so the question, its picture
		// and « Vérifier » hold on one screen; above them otherwise.
		top.Add(view.Illustrated(col, container.NewVBox(picture), 30))
	} else {
		top.Add(col)
	}
	v.content = top
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
		} else {
			b.Importance = widget.MediumImportance
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
