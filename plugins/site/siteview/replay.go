package siteview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/plugins/site"
	"declic/plugins/view"
)

// replayView is « Revoir mon parcours »: the pages the learner went through, one
// at a time, drawn as they left them, with what they did on each.
type replayView struct {
	visits []site.Visit
	at     int
	where  *widget.Label
	events *fyne.Container
	prev   *view.PushButton
	next   *view.PushButton
	panel  fyne.CanvasObject
}

// toggleReplay starts the replay, or closes it: the button beside the mission
// says « Revoir mon parcours », then « Fermer le parcours ».
func (v *siteView) toggleReplay() {
	if v.tour != nil {
		v.stopReplay()
		return
	}
	v.startReplay()
}

// startReplay shows the first page of the learner's path.
func (v *siteView) startReplay() {
	t := v.t
	r := &replayView{visits: v.run.Visits()}
	r.where = widget.NewLabel("")
	r.where.TextStyle = fyne.TextStyle{Bold: true}
	r.where.Wrapping = fyne.TextWrapWord
	r.events = container.NewVBox()
	r.prev = v.env.SteadyButton(t.T("site.replay_prev"), theme.NavigateBackIcon(), func() { v.showVisit(r.at - 1) })
	r.next = v.env.SteadyButton(t.T("site.replay_next"), theme.NavigateNextIcon(), func() { v.showVisit(r.at + 1) })
	r.next.Importance = widget.HighImportance
	r.panel = container.NewVBox(view.Compact(r.where), r.events, view.Buttons(r.prev, r.next))
	v.tour = r
	v.replay.SetText(t.T("site.replay_close"))
	v.replay.SetIcon(theme.CancelIcon())
	v.side.Objects = []fyne.CanvasObject{r.panel}
	v.showVisit(0)
	view.FocusOn(v.env, r.next)
}

// showVisit draws the i-th page of the path and what the learner did there.
func (v *siteView) showVisit(i int) {
	r := v.tour
	if r == nil || i < 0 || i >= len(r.visits) {
		return
	}
	r.at = i
	visit := r.visits[i]
	pv := buildPage(v.act, visit.Page, v.env, v.phone, nil)
	for k, iv := range pv.items {
		if iv.takesValue() {
			iv.setValue(visit.Values[k], v.t)
		}
	}
	v.body.Objects = []fyne.CanvasObject{pv.root}
	v.body.Refresh()
	v.dress(v.act.Pages[visit.Page])
	v.sms.Hide()
	r.where.SetText(v.t.N("site.replay_page", i+1, map[string]any{"Total": len(r.visits)}))
	r.events.Objects = nil
	for _, line := range v.describe(visit) {
		r.events.Add(line)
	}
	r.prev.Show()
	r.next.Show()
	if i == 0 {
		r.prev.Hide()
	}
	if i == len(r.visits)-1 {
		r.next.Hide()
	}
	v.relayout()
	// The focus stays on the button that was pressed, or moves to its neighbour
	// when that one just disappeared at the start or the end of the path.
	if c := v.canvas(); c != nil {
		if f := c.Focused(); f == nil || (f == r.prev && !r.prev.Visible()) || (f == r.next && !r.next.Visible()) {
			switch {
			case r.next.Visible():
				c.Focus(r.next)
			case r.prev.Visible():
				c.Focus(r.prev)
			}
		}
	}
}

// describe tells, line by line, what the learner did on a visited page: what they
// filled in, then each step in order, a wrong step with its message; the same
// step done several times in a row is one line, with how many times.
func (v *siteView) describe(visit site.Visit) []fyne.CanvasObject {
	t := v.t
	p := v.act.Pages[visit.Page]
	var out []fyne.CanvasObject
	line := func(icon fyne.Resource, text string, danger bool) {
		l := view.Text(text)
		if danger {
			l.Importance = widget.DangerImportance
		}
		out = append(out, container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(icon)), nil, view.Compact(l)))
	}
	for k, it := range p.Items {
		val := visit.Values[k]
		if val == "" {
			continue
		}
		switch {
		case it.Type == site.Check:
			line(theme.CheckButtonCheckedIcon(), t.T("site.replay_ticked", map[string]any{"Text": it.Text}), false)
		case it.Type == site.Field && it.Input == site.Password:
			line(theme.DocumentCreateIcon(), t.T("site.replay_password", map[string]any{"Label": it.Label}), false)
		default:
			line(theme.DocumentCreateIcon(), t.T("site.replay_value", map[string]any{"Label": it.Label, "Value": val}), false)
		}
	}
	events := visit.Events
	for i := 0; i < len(events); {
		e := events[i]
		n := 1
		for i+n < len(events) && events[i+n] == e {
			n++
		}
		i += n
		var icon fyne.Resource
		var text string
		switch e.Do {
		case site.DoCookies:
			icon, text = theme.InfoIcon(), t.T("site.replay_refused")
			if e.Value == site.Accept {
				text = t.T("site.replay_accepted")
			}
		case site.DoPress:
			icon, text = theme.NavigateNextIcon(), t.T("site.replay_pressed", map[string]any{"Text": p.Items[e.Item].Words()})
		case site.DoBack:
			icon, text = theme.NavigateBackIcon(), t.T("site.replay_back")
		default:
			continue
		}
		if n > 1 {
			text = t.T("site.replay_times", map[string]any{"Text": text, "Count": n})
		}
		line(icon, text, false)
		if e.Mistake != "" {
			line(theme.ErrorIcon(), e.Mistake, true)
		}
	}
	if p.Goal {
		line(theme.ConfirmIcon(), t.T("site.replay_goal"), false)
	} else if len(out) == 0 {
		line(theme.InfoIcon(), t.T("site.replay_nothing"), false)
	}
	return out
}

// stopReplay goes back to the goal page and the result.
func (v *siteView) stopReplay() {
	v.tour = nil
	v.replay.SetText(v.t.T("site.replay"))
	v.replay.SetIcon(theme.MediaReplayIcon())
	v.side.Objects = []fyne.CanvasObject{v.live}
	v.showPage(false)
	v.relayout()
	view.FocusOn(v.env, v.replay)
}
