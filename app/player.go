package app

import (
	"math"
	"path"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/courses"
	"declic/plugins"
	"declic/plugins/view"
	"declic/progress"
)

// Player shows a module's lessons one screen at a time. It remembers the outcome of
// every activity during this run through the module, to decide mastery at the end.
type Player struct {
	u         *UI
	pack      *courses.Pack
	module    *courses.Module
	lessonIdx int
	stepIdx   int
	started   time.Time
	outcomes  map[progress.ActivityRef]progress.Outcome

	lessonTitle *widget.Label
	stepTitle   *widget.Label
	stepCount   *widget.Label
	bar         *stepBar
	header      *fyne.Container
	footer      *fyne.Container
	content     *fyne.Container
	hint        *widget.Label
	prev        *widget.Button
	next        *widget.Button
	skip        *widget.Button
}

// OpenLesson opens lesson lessonIdx of module m at step stepIdx. Within the same
// module the player (and what the learner did) is kept.
func (u *UI) OpenLesson(pack *courses.Pack, m *courses.Module, lessonIdx, stepIdx int) {
	if lessonIdx < 0 || lessonIdx >= len(m.Lessons) {
		u.OpenModule(pack, m)
		return
	}
	if u.player == nil || u.player.module != m {
		u.player = newPlayer(u, pack, m)
	}
	p := u.player
	p.lessonIdx, p.stepIdx = lessonIdx, stepIdx
	u.show(p.screen())
	p.showStep()
}

func newPlayer(u *UI, pack *courses.Pack, m *courses.Module) *Player {
	p := &Player{u: u, pack: pack, module: m, started: u.opts.Now(), outcomes: map[progress.ActivityRef]progress.Outcome{}}
	p.lessonTitle = widget.NewLabel("")
	p.lessonTitle.Truncation = fyne.TextTruncateEllipsis
	p.stepTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.stepTitle.SizeName = theme.SizeNameHeadingText
	p.stepTitle.Wrapping = fyne.TextWrapWord
	p.stepCount = widget.NewLabel("")
	p.bar = newStepBar(u.theme.Palette.Button, u.theme.Palette.Primary)
	p.content = container.NewStack()
	p.hint = widget.NewLabel(u.tr.T("lesson.activity_first"))
	p.hint.Wrapping = fyne.TextWrapWord
	p.prev = widget.NewButtonWithIcon(u.tr.T("lesson.previous"), theme.NavigateBackIcon(), p.Previous)
	p.next = widget.NewButtonWithIcon(u.tr.T("lesson.next"), theme.NavigateNextIcon(), p.Next)
	p.next.IconPlacement = widget.ButtonIconTrailingText
	p.next.Importance = widget.HighImportance
	p.skip = widget.NewButton(u.tr.T("lesson.skip"), p.Skip)
	return p
}

func (p *Player) screen() fyne.CanvasObject {
	p.header = container.NewVBox(
		container.NewBorder(nil, nil, nil, p.stepCount, p.lessonTitle),
		p.bar.object(),
		p.stepTitle,
	)
	p.footer = container.NewBorder(nil, nil, p.prev, container.NewHBox(p.skip, p.next), p.hint)
	return container.NewBorder(container.NewPadded(p.header), container.NewPadded(p.footer), nil, nil, container.NewPadded(p.content))
}

func (p *Player) lesson() *courses.Lesson { return p.module.Lessons[p.lessonIdx] }

func (p *Player) step() *courses.Step { return p.lesson().Steps[p.stepIdx] }

// StepTitle is the title of the screen being shown.
func (p *Player) StepTitle() string { return p.stepTitle.Text }

// StepCountText is the "Étape 3 sur 8" label.
func (p *Player) StepCountText() string { return p.stepCount.Text }

// CanGoNext tells whether "Suivant" is enabled.
func (p *Player) CanGoNext() bool { return !p.next.Disabled() }

// showStep renders the current step and updates the counters and buttons.
func (p *Player) showStep() {
	lesson := p.lesson()
	if len(lesson.Steps) == 0 {
		p.finishLesson()
		return
	}
	if p.stepIdx >= len(lesson.Steps) {
		p.stepIdx = len(lesson.Steps) - 1
	}
	step := p.step()
	tr := p.u.tr
	p.lessonTitle.SetText(lesson.Title)
	p.stepTitle.SetText(step.Title)
	total := len(lesson.Steps)
	p.stepCount.SetText(tr.N("lesson.step_of", p.stepIdx+1, map[string]any{"Total": total}))
	p.bar.SetValue(float64(p.stepIdx+1) / float64(total))
	p.header.Refresh() // the labels' widths changed: lay the header out again

	r := &stepRenderer{tr: tr, pack: p.pack, theme: p.u.theme, activity: p.activityWidget,
		pictures: p.u.pictures, scale: p.u.win.Canvas().Scale()}
	scroll := container.NewVScroll(r.render(step.Blocks))
	scroll.OnScrolled = func(fyne.Position) { p.u.touch() } // scrolling is learner activity (active time)
	p.content.Objects = []fyne.CanvasObject{scroll}
	p.content.Refresh()
	p.prefetchNext(r)

	if p.stepIdx == 0 {
		p.prev.Disable()
		if p.lessonIdx > 0 {
			p.prev.Enable()
		}
	} else {
		p.prev.Enable()
	}
	if p.stepIdx == total-1 {
		p.next.SetText(tr.T("lesson.finish"))
	} else {
		p.next.SetText(tr.T("lesson.next"))
	}
	p.updateGate()
	p.u.touch()
	p.u.opts.Events.StepViewed(p.ref(), p.u.opts.Now())
}

// prefetchNext prepares the next screen's pictures while the learner reads this one.
func (p *Player) prefetchNext(r *stepRenderer) {
	if p.u.pictures == nil || p.stepIdx+1 >= len(p.lesson().Steps) {
		return
	}
	next := p.lesson().Steps[p.stepIdx+1].Blocks
	size := stackedImageSize
	if _, _, ok := pictureBesideText(next); ok {
		size = imageMaxSize
	}
	w, h := r.pixels(size)
	p.u.pictures.prefetch(p.pack, next, w, h)
}

func (p *Player) ref() StepRef {
	return StepRef{PackID: p.pack.ID, PackVersion: p.pack.Version, ModuleID: p.module.ID, LessonID: p.lesson().ID, Step: p.stepIdx}
}

func (p *Player) activityRef(block int) progress.ActivityRef {
	return progress.ActivityRef{LessonID: p.lesson().ID, Step: p.stepIdx, Block: block}
}

// pendingActivities lists the blocks of the current step whose activity is neither
// done nor skipped.
func (p *Player) pendingActivities() []int {
	var pending []int
	for i, b := range p.step().Blocks {
		if _, ok := b.(courses.Activity); !ok {
			continue
		}
		o := p.outcomes[p.activityRef(i)]
		if !o.Done && !o.Skipped {
			pending = append(pending, i)
		}
	}
	return pending
}

// updateGate blocks "Suivant" while an activity waits, and offers "Passer" instead.
func (p *Player) updateGate() {
	if len(p.pendingActivities()) > 0 {
		p.next.Disable()
		p.skip.Show()
		// At large text sizes the hint would take the room the activity needs;
		// the disabled « Suivant » and the « Passer » button say the same.
		if p.u.theme.Scale < 1.5 {
			p.hint.Show()
		}
	} else {
		p.next.Enable()
		p.skip.Hide()
		p.hint.Hide()
	}
	// Showing or hiding « Passer » changes the width of the buttons' row, and
	// « Suivant » may have become « Terminer la leçon »: lay the footer out again,
	// or « Passer » keeps the size and place it had (none, or over « Suivant »).
	p.footer.Refresh()
}

// activityWidget builds the plug-in's widget for an activity block, or a friendly
// card when the app cannot show it (unknown kind, invalid body): then the activity
// counts as skipped so the learner is never stuck.
func (p *Player) activityWidget(block int, a courses.Activity) fyne.CanvasObject {
	ref := p.activityRef(block)
	stepRef := p.ref()
	if a.Parsed != nil {
		begun := p.u.opts.Now()
		env := view.Env{
			T:      p.u.tr,
			Window: p.u.win,
			Image: func(src string) (fyne.Resource, error) {
				return loadResource(p.pack.FS, path.Join(path.Dir(p.lesson().File), src))
			},
			Attempt: func(res plugins.Result, d time.Duration) {
				p.u.touch()
				o := p.outcomes[ref]
				if !o.Attempted {
					o.Attempted = true
					o.FirstScore = res.Score
				}
				p.outcomes[ref] = o
				p.u.opts.Events.Attempted(Attempt{Step: stepRef, Block: block, Kind: a.Kind, Result: res, Duration: d, At: p.u.opts.Now()})
			},
			Done: func(res plugins.Result) {
				o := p.outcomes[ref]
				if !o.Attempted {
					o.Attempted = true
					o.FirstScore = res.Score
					p.u.opts.Events.Attempted(Attempt{Step: stepRef, Block: block, Kind: a.Kind, Result: res, Duration: p.u.opts.Now().Sub(begun), At: p.u.opts.Now()})
				}
				o.Done = true
				p.outcomes[ref] = o
				if p.ref() == stepRef {
					p.updateGate()
				}
			},
		}
		if obj, ok := view.Build(a.Parsed, env); ok {
			return obj
		}
	}
	detail := "unknown activity kind " + a.Kind
	if a.Err != nil {
		detail = a.Err.Error()
	}
	o := p.outcomes[ref]
	o.Skipped = true
	p.outcomes[ref] = o
	return p.unavailableCard(detail)
}

func (p *Player) unavailableCard(detail string) fyne.CanvasObject {
	tr := p.u.tr
	title := widget.NewLabelWithStyle(tr.T("activity.unavailable.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	body := widget.NewLabel(tr.T("activity.unavailable.body"))
	body.Wrapping = fyne.TextWrapWord
	small := widget.NewLabel(tr.T("activity.unavailable.detail", map[string]any{"Detail": detail}))
	small.Wrapping = fyne.TextWrapWord
	small.SizeName = theme.SizeNameCaptionText
	return widget.NewCard("", "", container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil,
		container.NewVBox(title, body, small)))
}

// Next goes to the next screen, or ends the lesson on the last one.
func (p *Player) Next() {
	if len(p.pendingActivities()) > 0 {
		return
	}
	if p.stepIdx+1 < len(p.lesson().Steps) {
		p.stepIdx++
		p.showStep()
		return
	}
	p.finishLesson()
}

// Previous goes back one screen, or to the last screen of the previous lesson.
func (p *Player) Previous() {
	if p.stepIdx > 0 {
		p.stepIdx--
		p.showStep()
		return
	}
	if p.lessonIdx > 0 {
		p.lessonIdx--
		p.stepIdx = len(p.lesson().Steps) - 1
		p.u.show(p.screen())
		p.showStep()
	}
}

// Skip marks the step's waiting activities as skipped (recorded, never punished)
// and moves on.
func (p *Player) Skip() {
	for _, block := range p.pendingActivities() {
		ref := p.activityRef(block)
		o := p.outcomes[ref]
		o.Skipped = true
		p.outcomes[ref] = o
		kind := p.step().Blocks[block].(courses.Activity).Kind
		p.u.opts.Events.Attempted(Attempt{Step: p.ref(), Block: block, Kind: kind, Skipped: true, At: p.u.opts.Now()})
	}
	p.updateGate()
	p.Next()
}

// finishLesson shows the "lesson finished" screen, or the module's end.
func (p *Player) finishLesson() {
	if p.lessonIdx+1 >= len(p.module.Lessons) {
		p.finishModule()
		return
	}
	tr := p.u.tr
	title := widget.NewLabelWithStyle(tr.T("end.lesson_done"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	nextLesson := p.module.Lessons[p.lessonIdx+1]
	label := widget.NewLabelWithStyle(nextLesson.Title, fyne.TextAlignCenter, fyne.TextStyle{})
	label.Wrapping = fyne.TextWrapWord
	cont := widget.NewButtonWithIcon(tr.T("end.next_lesson"), theme.NavigateNextIcon(), func() {
		p.u.OpenLesson(p.pack, p.module, p.lessonIdx+1, 0)
	})
	cont.Importance = widget.HighImportance
	home := widget.NewButtonWithIcon(tr.T("end.back_home"), theme.HomeIcon(), p.u.ShowHome)
	p.u.show(container.NewCenter(container.NewVBox(
		widget.NewIcon(theme.ConfirmIcon()), title, label, layout.NewSpacer(), cont, home)))
}

// Result applies the mastery rule to what the learner did so far.
func (p *Player) Result() progress.Result { return progress.Evaluate(p.module, p.outcomes) }

// finishModule records the completion and shows the recap: what the learner can now
// do, the final score, mastery, and the next module.
func (p *Player) finishModule() {
	tr := p.u.tr
	res := p.Result()
	p.u.opts.Events.ModuleCompleted(ModuleCompletion{
		PackID: p.pack.ID, PackVersion: p.pack.Version, ModuleID: p.module.ID,
		Result: res, Started: p.started, Ended: p.u.opts.Now(),
	})
	title := widget.NewLabelWithStyle(tr.T("end.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	title.Wrapping = fyne.TextWrapWord
	items := []fyne.CanvasObject{title}
	if len(p.module.Goals) > 0 {
		items = append(items, titledList(tr.T("end.now_you_can"), p.module.Goals))
	}
	if res.HasFinalQuiz {
		pct := int(math.Round(res.FinalScore * 100))
		items = append(items, widget.NewLabel(tr.N("end.score", pct)))
		if res.Mastered {
			items = append(items, container.NewHBox(widget.NewIcon(theme.ConfirmIcon()), widget.NewLabel(tr.T("end.mastered"))))
		} else {
			msg := widget.NewLabel(tr.T("end.not_mastered"))
			msg.Wrapping = fyne.TextWrapWord
			items = append(items, msg)
		}
	}
	if res.Skipped > 0 {
		msg := widget.NewLabel(tr.T("end.skipped"))
		msg.Wrapping = fyne.TextWrapWord
		items = append(items, msg)
	}
	var buttons []fyne.CanvasObject
	if next := nextModule(p.pack, p.module); next != nil {
		b := widget.NewButtonWithIcon(tr.T("end.next_module", map[string]any{"Title": next.Title}), theme.NavigateNextIcon(), func() {
			p.u.OpenModule(p.pack, next)
		})
		b.Importance = widget.HighImportance
		buttons = append(buttons, b)
	}
	buttons = append(buttons, widget.NewButtonWithIcon(tr.T("end.back_home"), theme.HomeIcon(), p.u.ShowHome))
	items = append(items, container.NewHBox(buttons...))
	p.u.show(container.NewVScroll(container.NewPadded(container.NewVBox(items...))))
}
