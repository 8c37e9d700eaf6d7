package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/courses"
	"declic/plugins/view"
)

// OpenModule shows a module's goal screen: what the learner will be able to do, the
// lessons, and a big "Commencer" button.
func (u *ui) OpenModule(pack *courses.Pack, m *courses.Module) {
	u.player = nil
	number := widget.NewLabel(u.tr.T("module.number", map[string]any{"Number": moduleNumber(pack, m)}) +
		" · " + u.levelLabel(m.Level) + " · " + u.hoursLabel(m.Hours))
	title := widget.NewLabelWithStyle(m.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	title.Wrapping = fyne.TextWrapWord
	summary := widget.NewLabel(m.Summary)
	summary.Wrapping = fyne.TextWrapWord
	intro := container.NewVBox(number, title, summary)

	var goals fyne.CanvasObject = container.NewVBox()
	if len(m.Goals) > 0 {
		goals = titledList(u.tr.T("module.goals"), m.Goals)
	}

	lessonsTitle := widget.NewLabelWithStyle(u.tr.T("module.lessons"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	lessons := []fyne.CanvasObject{lessonsTitle}
	for i, lesson := range m.Lessons {
		label := lesson.Title
		if lesson.DurationMinutes > 0 {
			label += "  (" + u.tr.T("module.lesson_minutes", map[string]any{"Minutes": lesson.DurationMinutes}) + ")"
		}
		icon := theme.DocumentIcon()
		if lesson.Final {
			// The final quiz is said in words above its button, not by its icon
			// alone: it is where the learner checks what they know.
			icon = theme.ConfirmIcon()
			lessons = append(lessons, widget.NewLabelWithStyle(u.tr.T("module.final_lesson"),
				fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		}
		btn := view.NewPushButton(label, icon, func() { u.OpenLesson(pack, m, i, 0) })
		btn.Alignment = widget.ButtonAlignLeading
		lessons = append(lessons, btn)
	}
	start := view.NewPushButton(u.tr.T("module.start"), theme.NavigateNextIcon(), func() { u.OpenLesson(pack, m, 0, 0) })
	start.Importance = widget.HighImportance
	if len(m.Lessons) == 0 {
		start.Disable()
	}
	// Goals on the left, lessons on the right: both visible at once on a wide screen.
	// With large text (150% and more) one column keeps every line readable.
	cols := 2
	if u.theme.Scale >= 1.5 {
		cols = 1
	}
	columns := container.NewGridWithColumns(cols, goals, container.NewVBox(lessons...))
	page := view.ScrollPage(container.NewVBox(intro, columns))
	u.show(container.NewBorder(nil, container.NewPadded(container.NewHBox(start, u.sheetButton(pack, m))), nil, nil, page))
	u.escapeTo(u.ShowHome, nil)
	u.mainControl(start)
}
