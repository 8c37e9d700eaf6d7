package app

import (
	"fmt"
	"math"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/courses"
	"declic/learner"
	"declic/plugins/view"
)

// ShowParcours shows "Mon parcours": modules done, in progress and to do, the
// hours of active learning, the competencies with their levels, and what to do
// next with a big button that resumes where the learner stopped.
func (u *ui) ShowParcours() {
	if u.profile == nil || u.store == nil {
		u.ShowHome()
		return
	}
	u.player = nil
	sum, err := u.summary()
	if err != nil {
		u.storeFailed(err)
		return
	}
	tr := u.tr
	items := []fyne.CanvasObject{heading(tr.T("learner.parcours.title", map[string]any{"Name": u.profile.FirstName}))}

	counts := container.NewGridWithColumns(4,
		statBox(theme.ConfirmIcon(), tr.N("learner.parcours.done_count", sum.Done)),
		statBox(theme.MediaPlayIcon(), tr.N("learner.parcours.in_progress_count", sum.InProgress)),
		statBox(theme.RadioButtonIcon(), tr.N("learner.parcours.todo_count", sum.ToDo)),
		statBox(theme.HistoryIcon(), u.activeLabel(sum.Active)),
	)
	items = append(items, counts)

	if sum.Next >= 0 && sum.Next < len(sum.Modules) {
		next := sum.Modules[sum.Next]
		label := tr.T("learner.parcours.start", map[string]any{"Title": next.Title})
		if next.State == learner.InProgress {
			label = tr.T("learner.parcours.resume", map[string]any{"Title": next.Title})
		}
		go1 := view.NewPushButton(label, theme.NavigateNextIcon(), func() { u.resume(next) })
		go1.Importance = widget.HighImportance
		items = append(items, widget.NewCard("", "", container.NewVBox(
			bold(tr.T("learner.parcours.next")), container.NewHBox(sized(go1, 0, 64)))))
	} else {
		items = append(items, widget.NewCard("", "", wrapped(tr.T("learner.parcours.all_done"))))
	}

	competencies := []fyne.CanvasObject{bold(tr.T("learner.parcours.competencies"))}
	if len(sum.Competencies) == 0 {
		competencies = append(competencies, wrapped(tr.T("learner.parcours.no_competency")))
	}
	for _, c := range shownCompetencies(sum.Competencies) {
		name := c.Label
		if name == "" {
			name = c.Code
		} else {
			name = c.Code + " · " + name
		}
		// « Pourquoi ? » goes under the level when the column is too narrow for both
		// (large text): a row wider than its column would push the page past the
		// window's edge. The row sets each part at its own height from the top, so
		// the bar is lowered to the middle of the level's line.
		bar := u.fixedLevelBar(c.Level)
		level := widget.NewLabel(tr.T("learner.parcours.level", map[string]any{"Level": c.Level, "Max": learner.MaxLevel}))
		lower := fyne.Max(0, (level.MinSize().Height-bar.MinSize().Height)/2)
		row := container.New(layout.NewRowWrapLayout(), container.New(layout.NewCustomPaddedLayout(lower, lower, 0, 0), bar), level)
		if len(c.Evidence) > 0 { // the modules behind the level, on tap
			row.Add(view.NewPushButton(tr.T("learner.parcours.why"), theme.InfoIcon(), func() { u.showEvidence(c) }))
		}
		competencies = append(competencies, wrapped(name), row)
	}

	modules := []fyne.CanvasObject{bold(tr.T("learner.parcours.modules"))}
	var lastPack string
	for _, m := range sum.Modules {
		if m.PackID != lastPack {
			lastPack = m.PackID
			if p := findPack(u.opts.Packs, m.PackID); p != nil && len(u.opts.Packs) > 1 {
				modules = append(modules, widget.NewLabelWithStyle(p.Title, fyne.TextAlignLeading, fyne.TextStyle{Italic: false, Bold: true}))
			}
		}
		icon, word := u.stateMark(m.State)
		title := widget.NewLabel(m.Title)
		title.Truncation = fyne.TextTruncateEllipsis
		modules = append(modules, container.NewBorder(nil, nil,
			container.NewHBox(widget.NewIcon(icon), sized(widget.NewLabelWithStyle(word, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), 110, 0)),
			nil, title))
	}
	columns := container.NewGridWithColumns(2, container.NewVBox(competencies...), container.NewVBox(modules...))
	items = append(items, columns)

	redo := view.NewPushButton(tr.T("learner.parcours.redo_placement"), theme.ViewRefreshIcon(), u.ShowPlacement)
	data := view.NewPushButton(tr.T("learner.mydata.open"), theme.StorageIcon(), u.ShowMyData)
	cardBtn := view.NewPushButton(tr.T("card.open"), theme.AccountIcon(), func() { u.ShowCard(*u.profile, u.ShowParcours) })
	// The buttons go on a second line when the text is large: cut at the window's
	// edge, the last one would lose its focus outline.
	items = append(items, widget.NewSeparator(), container.New(layout.NewRowWrapLayout(), redo, data, cardBtn))
	u.show(view.ScrollPage(container.NewVBox(items...)))
	u.escapeTo(u.ShowHome, nil)
}

// shownCompetencies puts the competencies with evidence first (the learner's
// own), then the others in code order; a pack's own code without a label and
// without evidence says nothing to a learner and is left out.
func shownCompetencies(all []learner.CompetencyLevel) []learner.CompetencyLevel {
	var with, without []learner.CompetencyLevel
	for _, c := range all {
		switch {
		case len(c.Evidence) > 0:
			with = append(with, c)
		case c.Label != "":
			without = append(without, c)
		}
	}
	return append(with, without...)
}

// statBox is an icon beside a short bold sentence.
func statBox(icon fyne.Resource, text string) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	return widget.NewCard("", "", container.NewBorder(nil, nil, sized(widget.NewIcon(icon), 32, 32), nil, l))
}

// activeLabel writes active time in hours and minutes, the way people say it.
func (u *ui) activeLabel(d time.Duration) string {
	minutes := int(math.Floor(d.Minutes()))
	switch {
	case minutes < 1:
		return u.tr.T("learner.parcours.time_none")
	case minutes < 60:
		return u.tr.N("learner.parcours.time_minutes", minutes)
	}
	return u.tr.T("learner.parcours.time_hours", map[string]any{"Hours": minutes / 60, "Minutes": fmt.Sprintf("%02d", minutes%60)})
}

// stateMark is the icon and the word of a module's state: never colour alone.
func (u *ui) stateMark(s learner.ModuleState) (fyne.Resource, string) {
	switch s {
	case learner.Done:
		return theme.ConfirmIcon(), u.tr.T("learner.state.done")
	case learner.InProgress:
		return theme.MediaPlayIcon(), u.tr.T("learner.state.in_progress")
	}
	return theme.RadioButtonIcon(), u.tr.T("learner.state.todo")
}

// withStateMark adds the done / in-progress mark of the open profile beside a
// home card's level line; modules to do and sessions without a profile show none.
func (u *ui) withStateMark(pack *courses.Pack, m *courses.Module, meta fyne.CanvasObject) fyne.CanvasObject {
	st, ok := u.states[pack.ID+"/"+m.ID]
	if !ok || st == learner.ToDo {
		return meta
	}
	icon, word := u.stateMark(st)
	label := widget.NewLabelWithStyle(word, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	label.SizeName = theme.SizeNameCaptionText
	return container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewIcon(icon), label), meta)
}

// levelBar draws a competency level as MaxLevel blocks, filled up to the level;
// the words "Niveau 1 sur 3" beside it say the same.
func (u *ui) levelBar(level int) fyne.CanvasObject {
	var blocks []fyne.CanvasObject
	for i := range learner.MaxLevel {
		r := canvas.NewRectangle(u.theme.Palette.Input)
		if i < level {
			r.FillColor = u.theme.Palette.Primary
		}
		r.StrokeColor = u.theme.Palette.Border
		r.StrokeWidth = 2
		r.CornerRadius = 4
		blocks = append(blocks, r)
	}
	return container.NewGridWithColumns(learner.MaxLevel, blocks...)
}

// fixedLevelBar is the level bar at its fixed size (150×24), centred in its row.
func (u *ui) fixedLevelBar(level int) fyne.CanvasObject {
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(150, 24), u.levelBar(level)))
}

// showEvidence lists the modules behind a competency level.
func (u *ui) showEvidence(c learner.CompetencyLevel) {
	tr := u.tr
	name := c.Label
	if name == "" {
		name = c.Code
	}
	items := []fyne.CanvasObject{
		heading(name),
		container.NewHBox(u.fixedLevelBar(c.Level),
			widget.NewLabel(tr.T("learner.parcours.level", map[string]any{"Level": c.Level, "Max": learner.MaxLevel}))),
	}
	if len(c.Evidence) == 0 {
		items = append(items, wrapped(tr.T("learner.evidence.none")))
	}
	for _, e := range c.Evidence {
		icon, word := theme.ConfirmIcon(), tr.T("learner.evidence.counts")
		if !e.Counts {
			icon, word = theme.MediaPlayIcon(), tr.T("learner.evidence.not_yet")
		}
		detail := tr.T("learner.evidence.detail", map[string]any{
			"Score": int(math.Round(e.FinalScore * 100)),
			"Date":  e.At.Local().Format("02/01/2006"),
		})
		items = append(items, container.NewBorder(nil, nil, widget.NewIcon(icon), nil,
			container.NewVBox(bold(e.ModuleTitle+" — "+word), wrapped(detail))))
	}
	back := view.NewPushButton(tr.T("nav.back"), theme.NavigateBackIcon(), u.ShowParcours)
	items = append(items, container.NewHBox(back))
	u.show(view.ScrollPage(container.NewVBox(items...)))
	u.escapeTo(u.ShowParcours, nil)
}

// resume opens a module where the learner stopped: the last screen seen, or the
// module's page when nothing was seen yet.
func (u *ui) resume(m learner.ModuleStatus) {
	pack := findPack(u.opts.Packs, m.PackID)
	mod := findModule(u.opts.Packs, m.PackID, m.ModuleID)
	if pack == nil || mod == nil {
		fmt.Fprintln(os.Stderr, "declic: module to resume not installed:", m.PackID, m.ModuleID)
		u.ShowHome()
		return
	}
	if m.ResumeLesson == "" {
		u.OpenModule(pack, mod)
		return
	}
	for i, l := range mod.Lessons {
		if l.ID == m.ResumeLesson {
			step := m.ResumeStep
			if step < 0 || step >= len(l.Steps) {
				step = 0
			}
			u.OpenLesson(pack, mod, i, step)
			return
		}
	}
	u.OpenModule(pack, mod)
}
