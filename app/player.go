package app

import (
	"errors"
	"image"
	"math"
	"path"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/courses"
	"declic/i18n"
	"declic/plugins"
	"declic/plugins/view"
	"declic/progress"
)

// lessonPlayer shows a module's lessons one screen at a time. It remembers the outcome of
// every activity during this run through the module, to decide mastery at the end.
type lessonPlayer struct {
	host      playerHost
	pack      *courses.Pack
	module    *courses.Module
	lessonIdx int
	stepIdx   int
	started   time.Time
	outcomes  map[progress.ActivityRef]progress.Outcome
	// unsaved are the current step's activities the learner changed and did not
	// finish: leaving the step would lose that answer (Échap waits).
	unsaved map[progress.ActivityRef]bool

	stepTitle *widget.Label
	// where names the lesson and the step in small text beside the step's title:
	// « Allumer et éteindre l'ordinateur · Étape 2 sur 10 ».
	where     *widget.Label
	row       *headerRow
	countText string
	bar       *stepBar
	header    *fyne.Container
	footer    *fyne.Container
	page      *fyne.Container // the header, the step and the footer
	content   *fyne.Container
	hint      *widget.Label
	prev      *view.PushButton
	next      *view.PushButton
	skip      *view.PushButton
}

// playerHost is what the lesson player needs from the window it plays in, and
// nothing more: the player never reaches the rest of the interface.
type playerHost struct {
	tr       func() *i18n.Translator // the learner's language now
	win      fyne.Window
	theme    *appTheme
	pictures *pictureCache
	access   *a11yState       // the hands and the gestures' clock
	events   func() eventSink // the open profile's, or kept in memory
	now      func() time.Time
	// touch notes learner activity (active time).
	touch func()
	// show puts a screen in the window's body.
	show func(fyne.CanvasObject)
	// escapeTo and mainControl set what Échap leads to and the control Entrée
	// presses (a11y_keys.go).
	escapeTo    func(back func(), kept func() string)
	mainControl func(fyne.Focusable)
	// The screens the player leads to.
	openModule func(*courses.Pack, *courses.Module)
	openLesson func(pack *courses.Pack, m *courses.Module, lessonIdx, stepIdx int)
	home       func()
}

// playerHost gives the lesson player what it needs of the window.
func (u *ui) playerHost() playerHost {
	return playerHost{
		tr: func() *i18n.Translator { return u.tr }, win: u.win, theme: u.theme, pictures: u.pictures,
		access: u.access, events: func() eventSink { return u.opts.Events }, now: u.opts.Now, touch: u.touch, show: u.show,
		escapeTo: u.escapeTo, mainControl: u.mainControl,
		openModule: u.OpenModule, openLesson: u.OpenLesson, home: u.ShowHome,
	}
}

// OpenLesson opens lesson lessonIdx of module m at step stepIdx. Within the same
// module the player (and what the learner did) is kept.
func (u *ui) OpenLesson(pack *courses.Pack, m *courses.Module, lessonIdx, stepIdx int) {
	if lessonIdx < 0 || lessonIdx >= len(m.Lessons) {
		u.OpenModule(pack, m)
		return
	}
	if u.player == nil || u.player.module != m {
		u.player = newPlayer(u.playerHost(), pack, m)
	}
	p := u.player
	p.lessonIdx, p.stepIdx = lessonIdx, stepIdx
	u.show(p.screen())
	p.showStep()
}

func newPlayer(host playerHost, pack *courses.Pack, m *courses.Module) *lessonPlayer {
	p := &lessonPlayer{host: host, pack: pack, module: m, started: host.now(), outcomes: map[progress.ActivityRef]progress.Outcome{}}
	tr := host.tr()
	p.stepTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.stepTitle.SizeName = theme.SizeNameHeadingText
	p.stepTitle.Wrapping = fyne.TextWrapWord
	p.where = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{})
	p.where.SizeName = theme.SizeNameCaptionText
	p.where.Wrapping = fyne.TextWrapWord
	p.row = newHeaderRow(p.stepTitle, p.where)
	p.bar = newStepBar(host.theme.Palette.Button, host.theme.Palette.Primary)
	p.content = container.NewStack()
	p.hint = widget.NewLabel(tr.T("lesson.activity_first"))
	p.hint.Wrapping = fyne.TextWrapWord
	p.prev = view.NewPushButton(tr.T("lesson.previous"), theme.NavigateBackIcon(), p.Previous)
	p.next = view.NewPushButton(tr.T("lesson.next"), theme.NavigateNextIcon(), p.Next)
	p.next.IconPlacement = widget.ButtonIconTrailingText
	p.next.Importance = widget.HighImportance
	p.skip = view.NewPushButton(tr.T("lesson.skip"), nil, p.Skip)
	return p
}

func (p *lessonPlayer) screen() fyne.CanvasObject {
	p.header = container.NewVBox(
		p.row,
		p.bar.object(),
	)
	p.footer = container.NewBorder(nil, nil, p.prev, container.NewHBox(p.skip, p.next), p.hint)
	p.page = container.NewBorder(container.NewPadded(p.header), container.NewPadded(p.footer), nil, nil, p.content)
	return p.page
}

func (p *lessonPlayer) lesson() *courses.Lesson { return p.module.Lessons[p.lessonIdx] }

func (p *lessonPlayer) step() *courses.Step { return p.lesson().Steps[p.stepIdx] }

// StepTitle is the title of the screen being shown.
func (p *lessonPlayer) StepTitle() string { return p.stepTitle.Text }

// StepCountText is the "Étape 3 sur 8" counter shown beside the step's title.
func (p *lessonPlayer) StepCountText() string { return p.countText }

// LessonText is the small text beside the step's title that names the lesson
// and the step: « Allumer et éteindre l'ordinateur · Étape 3 sur 8 ».
func (p *lessonPlayer) LessonText() string { return p.row.layout.oneLine() }

// CanGoNext tells whether "Suivant" is enabled.
func (p *lessonPlayer) CanGoNext() bool { return !p.next.Disabled() }

// showStep renders the current step and updates the counters and buttons.
func (p *lessonPlayer) showStep() {
	lesson := p.lesson()
	if len(lesson.Steps) == 0 {
		p.finishLesson()
		return
	}
	if p.stepIdx >= len(lesson.Steps) {
		p.stepIdx = len(lesson.Steps) - 1
	}
	step := p.step()
	tr := p.host.tr()
	p.stepTitle.SetText(step.Title)
	total := len(lesson.Steps)
	p.countText = tr.N("lesson.step_of", p.stepIdx+1, map[string]any{"Total": total})
	p.row.SetWhere(lesson.Title, p.countText)
	p.bar.SetValue(float64(p.stepIdx+1) / float64(total))
	p.header.Refresh() // the labels' widths changed: lay the header out again

	r := &stepRenderer{tr: tr, pack: p.pack, theme: p.host.theme, activity: p.activityWidget,
		pictures: p.host.pictures, scale: p.host.win.Canvas().Scale()}
	// The focus must not stay on a control of the screen that goes.
	if f, ok := p.host.win.Canvas().Focused().(fyne.CanvasObject); ok && view.Holds(p.content, f) {
		p.host.win.Canvas().Unfocus()
	}
	// The page leaves room inside the scroll, which cuts off what lies outside
	// it, for the focus outline the step's controls draw around their edges.
	scroll := view.ScrollPage(r.render(step.Blocks))
	scroll.OnScrolled = func(fyne.Position) { p.host.touch() } // scrolling is learner activity (active time)
	p.content.Objects = []fyne.CanvasObject{scroll}
	p.content.Refresh()
	p.prefetchNext(r)
	p.unsaved = map[progress.ActivityRef]bool{}
	p.host.escapeTo(p.escape, p.unsavedReason)

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
	// The header may have grown a line (a long lesson name at a large text
	// size): the step is placed under it again, never under its last line.
	p.page.Refresh()
	p.keepFocus()
	p.host.touch()
	p.host.events().StepViewed(p.ref(), p.host.now())
}

// escape is Échap in a lesson: the previous screen, or the module's page from
// the first screen.
func (p *lessonPlayer) escape() {
	if p.stepIdx > 0 || p.lessonIdx > 0 {
		p.Previous()
		return
	}
	p.host.openModule(p.pack, p.module)
}

// unsavedReason tells why Échap must not leave the step: an answer the learner
// changed and did not check yet ("" when nothing would be lost).
func (p *lessonPlayer) unsavedReason() string {
	for ref := range p.unsaved {
		if o := p.outcomes[ref]; !o.Done && !o.Skipped {
			return p.host.tr().T("a11y.escape.unsaved")
		}
	}
	return ""
}

// keepFocus moves the keyboard focus on when the control that has it can no
// longer be used: from a « Suivant » that an activity locks, into the activity;
// from an activity's finished button, to « Suivant ».
func (p *lessonPlayer) keepFocus() {
	c := p.host.win.Canvas()
	f := c.Focused()
	if f == nil || focusableNow(f) {
		return
	}
	if f == fyne.Focusable(p.next) {
		if first := view.FirstFocusable(p.content); first != nil {
			c.Focus(first)
		}
		return
	}
	if focusableNow(p.next) {
		c.Focus(p.next)
	}
}

// prefetchNext prepares the next screen's pictures while the learner reads this one.
func (p *lessonPlayer) prefetchNext(r *stepRenderer) {
	if p.host.pictures == nil || p.stepIdx+1 >= len(p.lesson().Steps) {
		return
	}
	next := p.lesson().Steps[p.stepIdx+1].Blocks
	size := stackedImageSize
	if _, _, ok := pictureBesideText(next); ok {
		size = imageMaxSize
	}
	w, h := r.pixels(size)
	p.host.pictures.prefetch(p.pack, next, w, h)
}

func (p *lessonPlayer) ref() stepKey {
	return stepKey{PackID: p.pack.ID, PackVersion: p.pack.Version, ModuleID: p.module.ID, LessonID: p.lesson().ID, Step: p.stepIdx}
}

func (p *lessonPlayer) activityRef(block int) progress.ActivityRef {
	return progress.ActivityRef{LessonID: p.lesson().ID, Step: p.stepIdx, Block: block}
}

// pendingActivities lists the blocks of the current step whose activity is neither
// done nor skipped.
func (p *lessonPlayer) pendingActivities() []int {
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
func (p *lessonPlayer) updateGate() {
	if len(p.pendingActivities()) > 0 {
		p.next.Disable()
		p.skip.Show()
		// At large text sizes the hint would take the room the activity needs;
		// the disabled « Suivant » and the « Passer » button say the same.
		if p.host.theme.Scale < 1.5 {
			p.hint.Show()
		} else {
			p.hint.Hide()
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
func (p *lessonPlayer) activityWidget(block int, a courses.Activity) fyne.CanvasObject {
	ref := p.activityRef(block)
	stepRef := p.ref()
	if a.Parsed != nil {
		begun := p.host.now()
		env := view.Env{
			T:      p.host.tr(),
			Window: p.host.win,
			Hands:  p.host.access.hands,
			Clock:  p.host.access.clock,
			Changed: func() {
				if p.ref() == stepRef {
					p.unsaved[ref] = true
				}
			},
			Image: func(src string) (fyne.Resource, error) {
				return loadResource(p.pack.FS, path.Join(path.Dir(p.lesson().File), src), p.host.pictures.converter())
			},
			Bitmap: func(src string, size fyne.Size) (image.Image, error) {
				return p.host.pictures.bitmap(p.pack, path.Join(path.Dir(p.lesson().File), src), size, p.host.win.Canvas().Scale())
			},
			Attempt: func(res plugins.Result, d time.Duration) {
				p.host.touch()
				o := p.outcomes[ref]
				if !o.Attempted {
					o.Attempted = true
					o.FirstScore = res.Score
				}
				p.outcomes[ref] = o
				p.host.events().Attempted(attemptEvent{Step: stepRef, Block: block, Kind: a.Kind, Result: res, Duration: d, At: p.host.now()})
			},
			Done: func(res plugins.Result) {
				o := p.outcomes[ref]
				if !o.Attempted {
					o.Attempted = true
					o.FirstScore = res.Score
					p.host.events().Attempted(attemptEvent{Step: stepRef, Block: block, Kind: a.Kind, Result: res, Duration: p.host.now().Sub(begun), At: p.host.now()})
				}
				o.Done = true
				p.outcomes[ref] = o
				if p.ref() == stepRef {
					p.updateGate()
					p.keepFocus()
				}
			},
		}
		if obj, ok := view.Build(a.Parsed, env); ok {
			return obj
		}
	}
	// What the course author needs, in the learner's language like the rest of
	// the card: the parser's problem, or a kind this build has no widget for.
	detail := p.host.tr().T("activity.unavailable.no_view", map[string]any{"Kind": a.Kind})
	var pe *plugins.Error
	switch {
	case errors.As(a.Err, &pe):
		detail = pe.Text(p.host.tr())
	case a.Err != nil:
		detail = p.host.tr().Error(a.Err)
	}
	o := p.outcomes[ref]
	o.Skipped = true
	p.outcomes[ref] = o
	return p.unavailableCard(detail)
}

func (p *lessonPlayer) unavailableCard(detail string) fyne.CanvasObject {
	tr := p.host.tr()
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
func (p *lessonPlayer) Next() {
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
func (p *lessonPlayer) Previous() {
	if p.stepIdx > 0 {
		p.stepIdx--
		p.showStep()
		return
	}
	if p.lessonIdx > 0 {
		p.lessonIdx--
		p.stepIdx = len(p.lesson().Steps) - 1
		p.host.show(p.screen())
		p.showStep()
	}
}

// Skip marks the step's waiting activities as skipped (recorded, never punished)
// and moves on.
func (p *lessonPlayer) Skip() {
	for _, block := range p.pendingActivities() {
		ref := p.activityRef(block)
		o := p.outcomes[ref]
		o.Skipped = true
		p.outcomes[ref] = o
		kind := p.step().Blocks[block].(courses.Activity).Kind
		p.host.events().Attempted(attemptEvent{Step: p.ref(), Block: block, Kind: kind, Skipped: true, At: p.host.now()})
	}
	p.updateGate()
	p.Next()
}

// finishLesson shows the "lesson finished" screen, or the module's end.
func (p *lessonPlayer) finishLesson() {
	if p.lessonIdx+1 >= len(p.module.Lessons) {
		p.finishModule()
		return
	}
	tr := p.host.tr()
	title := widget.NewLabelWithStyle(tr.T("end.lesson_done"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	nextLesson := p.module.Lessons[p.lessonIdx+1]
	label := widget.NewLabelWithStyle(nextLesson.Title, fyne.TextAlignCenter, fyne.TextStyle{})
	label.Wrapping = fyne.TextWrapWord
	cont := view.NewPushButton(tr.T("end.next_lesson"), theme.NavigateNextIcon(), func() {
		p.host.openLesson(p.pack, p.module, p.lessonIdx+1, 0)
	})
	cont.Importance = widget.HighImportance
	home := view.NewPushButton(tr.T("end.back_home"), theme.HomeIcon(), p.host.home)
	p.host.show(container.NewCenter(container.NewVBox(
		widget.NewIcon(theme.ConfirmIcon()), title, label, layout.NewSpacer(), cont, home)))
	p.host.escapeTo(func() { p.host.openModule(p.pack, p.module) }, nil)
	p.host.mainControl(cont)
}

// Result applies the mastery rule to what the learner did so far.
func (p *lessonPlayer) Result() progress.Result { return progress.Evaluate(p.module, p.outcomes) }

// finishModule records the completion and shows the recap: what the learner can now
// do, the final score, mastery, and the next module.
func (p *lessonPlayer) finishModule() {
	tr := p.host.tr()
	res := p.Result()
	p.host.events().ModuleCompleted(moduleCompletion{
		PackID: p.pack.ID, PackVersion: p.pack.Version, ModuleID: p.module.ID,
		Result: res, Started: p.started, Ended: p.host.now(),
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
			id := "end.not_mastered"
			if res.FinalPracticeDone < res.FinalPractice {
				id = "end.practice_missing" // the gesture was not shown: say which exercises count
			}
			msg := widget.NewLabel(tr.T(id))
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
	var main *view.PushButton
	if next := nextModule(p.pack, p.module); next != nil {
		b := view.NewPushButton(tr.T("end.next_module", map[string]any{"Title": next.Title}), theme.NavigateNextIcon(), func() {
			p.host.openModule(p.pack, next)
		})
		b.Importance = widget.HighImportance
		buttons = append(buttons, b)
		main = b
	}
	home := view.NewPushButton(tr.T("end.back_home"), theme.HomeIcon(), p.host.home)
	if main == nil {
		main = home
	}
	buttons = append(buttons, home)
	items = append(items, container.NewHBox(buttons...))
	p.host.show(view.ScrollPage(container.NewVBox(items...)))
	p.host.escapeTo(func() { p.host.openModule(p.pack, p.module) }, nil)
	p.host.mainControl(main)
}

// headerRow shows the step's title and the small « lesson · Étape 2 sur 10 »
// text (see titleRow). Read aloud, the lesson and the step come first, as a
// reminder of where the learner is, then the step's title, wherever the small
// text is drawn.
type headerRow struct {
	widget.BaseWidget
	title, where *widget.Label
	layout       *titleRow
	row          *fyne.Container
}

func newHeaderRow(title, where *widget.Label) *headerRow {
	h := &headerRow{title: title, where: where, layout: &titleRow{title: title, where: where}}
	h.row = container.New(h.layout, where, title)
	h.ExtendBaseWidget(h)
	return h
}

// SetWhere names the lesson and the step (« Étape 2 sur 10 ») in the small text.
func (h *headerRow) SetWhere(lesson, counter string) {
	h.layout.lesson, h.layout.counter = lesson, counter
	h.where.SetText(h.layout.oneLine())
	h.Refresh()
}

// speechText is what « Écouter » says of the header.
func (h *headerRow) SpeechText() string { return h.where.Text + "\n" + h.title.Text }

// CreateRenderer draws the two labels.
func (h *headerRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(h.row) }

// titleRow lays out the step's title and the small « lesson · Étape 2 sur 10 »
// text on one row, the title on the left and the small text on the right, so the
// header takes one line of heading instead of three. The small text takes at most
// maxWhereShare of the width and wraps there. When that would make the header
// taller than putting the small text on its own line above the title (long
// titles, large text, a narrow window), or when even « Étape 2 sur 10 » would
// not hold in that share, the small text goes above. Both labels wrap: a long
// title is never cut.
type titleRow struct {
	title, where    *widget.Label
	lesson, counter string  // the small text's two parts
	width           float32 // the last width laid out: wrapped text's height depends on it
}

// oneLine is the small text on one line: « lesson · Étape 2 sur 10 ».
func (r *titleRow) oneLine() string { return r.lesson + " · " + r.counter }

// textFor is the small text for a width: on one line when it holds there, else
// with « Étape 2 sur 10 » on a line of its own, so the counter is never split.
func (r *titleRow) textFor(width float32) string {
	if natural(r.where, r.oneLine()) <= width || r.lesson == "" {
		return r.oneLine()
	}
	return r.lesson + " ·\n" + r.counter
}

// setWhereText shows text in the small label, if it changed.
func (r *titleRow) setWhereText(text string) {
	if r.where.Text != text {
		r.where.Text = text
		r.where.Refresh()
	}
}

// maxWhereShare is the largest share of the row the small text may take beside
// the title.
const maxWhereShare = 0.4

// natural is the width label needs to hold text on one line.
func natural(l *widget.Label, text string) float32 {
	return fyne.MeasureText(text, theme.Size(l.SizeName), l.TextStyle).Width + 2*theme.InnerPadding()
}

// lineHeight is the height of a one-line label like l.
func lineHeight(l *widget.Label) float32 {
	return fyne.MeasureText("Ég", theme.Size(l.SizeName), l.TextStyle).Height + 2*theme.InnerPadding()
}

// fitWidth gives the wrapped label l the width w and returns its height then.
func fitWidth(l *widget.Label, w float32) float32 {
	// Twice: a wrapped label knows its height once it has its width.
	l.Resize(fyne.NewSize(w, l.MinSize().Height))
	l.Resize(fyne.NewSize(w, l.MinSize().Height))
	return l.Size().Height
}

// besideWidth is the width of the small text beside the title in a row of width,
// or 0 when « Étape 2 sur 10 », its last words, would not hold on one line there.
func (r *titleRow) besideWidth(width float32) float32 {
	room := width * maxWhereShare
	if width <= 0 || natural(r.where, r.counter) > room {
		return 0
	}
	if one := natural(r.where, r.oneLine()); one <= room {
		return one
	}
	return min(max(natural(r.where, r.lesson+" ·"), natural(r.where, r.counter)), room)
}

// beside places the small text beside the title; it returns the row's height.
func (r *titleRow) beside(width, whereW float32) (titleAt, whereAt fyne.Position, height float32) {
	titleH := fitWidth(r.title, width-whereW-theme.Padding()*2)
	// The small text sits level with the title's first line.
	y := max(0, (lineHeight(r.title)-lineHeight(r.where))/2)
	r.setWhereText(r.textFor(whereW))
	whereH := fitWidth(r.where, whereW)
	return fyne.NewPos(0, 0), fyne.NewPos(width-whereW, y), max(titleH, y+whereH)
}

// above places the small text on its own line above the title, their inner
// paddings overlapping by half; it returns the row's height.
func (r *titleRow) above(width float32) (titleAt, whereAt fyne.Position, height float32) {
	r.setWhereText(r.textFor(width))
	whereH := fitWidth(r.where, width) - theme.InnerPadding()
	return fyne.NewPos(0, whereH), fyne.NewPos(0, 0), whereH + fitWidth(r.title, width)
}

// arrange sizes the two labels for a row of width (the lower of the two ways),
// and returns where each goes and the row's height.
func (r *titleRow) arrange(width float32) (titleAt, whereAt fyne.Position, height float32) {
	titleAt, whereAt, height = r.above(width)
	align := fyne.TextAlignLeading // above the title, it starts where the title starts
	if w := r.besideWidth(width); w > 0 {
		aboveH := height
		if titleAt, whereAt, height = r.beside(width, w); height > aboveH {
			titleAt, whereAt, height = r.above(width)
		} else {
			align = fyne.TextAlignTrailing // beside it, it ends at the window's edge
		}
	}
	if r.where.Alignment != align {
		r.where.Alignment = align
		r.where.Refresh()
	}
	return titleAt, whereAt, height
}

func (r *titleRow) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	r.width = size.Width
	titleAt, whereAt, _ := r.arrange(size.Width)
	r.title.Move(titleAt)
	r.where.Move(whereAt)
}

func (r *titleRow) MinSize(_ []fyne.CanvasObject) fyne.Size {
	if r.width <= 0 { // not laid out yet: one line of title
		return fyne.NewSize(r.title.MinSize().Width, lineHeight(r.title))
	}
	_, _, h := r.arrange(r.width)
	return fyne.NewSize(max(r.title.MinSize().Width, r.where.MinSize().Width), h)
}
