// Package formview draws a form inside a fake browser: an address bar showing the
// site, the fields with their hints, the send button, error messages under each
// field (an error icon and red text, like real sites) and a success page. All fields
// are standard focusable widgets: Tab moves between them, Entrée in the last field
// or Space (or Entrée) on the button sends the form.
package formview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/plugins"
	"declic/plugins/form"
	"declic/plugins/view"
)

func init() { view.Register(form.Name, Build) }

// Build makes the form widget for a *form.Activity.
func Build(act plugins.Activity, env view.Env) fyne.CanvasObject {
	a, ok := act.(*form.Activity)
	if !ok {
		return view.Text(env.Tr().T("activity.unavailable"))
	}
	return newForm(a, env).content
}

type input struct {
	entry   *view.Entry  // text, email, password, date, number, textarea
	choice  *view.Select // choice
	errRow  *fyne.Container
	errText *widget.Label
}

func (in *input) value() string {
	if in.choice != nil {
		return in.choice.Selected
	}
	return in.entry.Text
}

type formView struct {
	act      *form.Activity
	env      view.Env
	session  *view.Session
	inputs   []*input
	submit   *view.PushButton
	reveal   *view.PushButton
	next     *view.PushButton
	last     plugins.Result
	feedback *view.Feedback
	page     *fyne.Container
	success  fyne.CanvasObject
	content  fyne.CanvasObject
}

func newForm(a *form.Activity, env view.Env) *formView {
	t := env.Tr()
	v := &formView{act: a, env: env, session: view.NewSession(env)}
	fields := container.NewVBox()
	if a.Title != "" {
		fields.Add(view.Compact(view.Heading(a.Title)))
	}
	var tops, fieldsAndErrors []fyne.CanvasObject
	anyRequired := false
	for i, f := range a.Fields {
		in := &input{}
		// A required field's name ends with a star, as on real sites; read
		// aloud, it says « (obligatoire) ».
		shown, spoken := f.Label, f.Label
		if f.Required {
			anyRequired = true
			shown += " " + requiredStar
			spoken += " " + t.T("form.required_mark")
		}
		if f.Hint != "" {
			spoken += " " + f.Hint
		}
		top := view.Tight(newSpokenAs(fieldLabel(shown, f.Hint), spoken))
		var box fyne.CanvasObject
		switch f.Type {
		case form.Choice:
			in.choice = view.NewSelect(f.Options, func(string) { v.session.Changed() })
			in.choice.PlaceHolder = t.T("form.choose")
			in.choice.Name = spoken
			box = in.choice
		case form.Password:
			in.entry = view.NewPasswordEntry()
		case form.TextArea:
			in.entry = view.NewMultiLineEntry()
			in.entry.Wrapping = fyne.TextWrapWord
			in.entry.SetMinRowsVisible(2) // it scrolls inside for longer messages
		default:
			in.entry = view.NewEntry()
			if f.Type == form.Date {
				in.entry.SetPlaceHolder("JJ/MM/AAAA")
			}
		}
		if in.entry != nil {
			box = in.entry
			in.entry.Name = spoken
			in.entry.OnChanged = func(string) { v.session.Changed() }
			if f.Type != form.TextArea {
				last := i == len(a.Fields)-1
				in.entry.OnSubmitted = func(string) {
					if last {
						v.send()
					}
				}
			}
		}
		in.errRow, in.errText = view.ErrorLine()
		tops = append(tops, top)
		fieldsAndErrors = append(fieldsAndErrors, container.NewVBox(view.MinSize(box, 300, view.MinTarget+4), in.errRow))
		v.inputs = append(v.inputs, in)
	}
	fields.Add(fieldGrid(tops, fieldsAndErrors))
	submit := a.Submit
	if submit == "" {
		submit = t.T("form.submit")
	}
	v.submit = view.Button(submit, theme.MailSendIcon(), true, v.send)
	v.reveal = view.Button(t.T("activity.show_answer"), theme.VisibilityIcon(), false, v.showExample)
	v.next = view.Button(t.T("activity.continue"), theme.NavigateNextIcon(), true, func() { v.session.Finish(v.last) })
	v.reveal.Hide()
	v.next.Hide()
	v.feedback = view.NewFeedback()
	buttons := view.Buttons(v.submit, v.reveal, v.next)
	if anyRequired {
		// « * obligatoire » beside the send button: it explains the stars
		// without taking a line of the screen.
		// Read aloud, each field already says « (obligatoire) »: the legend is silent.
		legend := &widget.TextSegment{Text: t.T("form.required_legend"), Style: widget.RichTextStyleInline}
		legend.Style.SizeName = theme.SizeNameCaptionText
		fields.Add(container.NewHBox(buttons, container.NewCenter(newSpokenAs(widget.NewRichText(legend), ""))))
	} else {
		fields.Add(buttons)
	}
	fields.Add(v.feedback)
	v.page = container.NewVBox(fields)

	col := container.NewVBox()
	if a.Instruction != "" {
		col.Add(view.Compact(view.Heading(a.Instruction)))
	}
	pad := theme.Padding()
	page := container.New(layout.NewCustomPaddedLayout(pad/2, 0, pad, pad), v.page)
	col.Add(view.Panel(container.NewBorder(addressBar(a.Site), nil, nil, nil, page)))
	v.content = col
	return v
}

// addressBar draws the browser's top: back/forward/reload marks and the site name.
func addressBar(site string) fyne.CanvasObject {
	nav := container.NewHBox(widget.NewIcon(theme.NavigateBackIcon()), widget.NewIcon(theme.NavigateNextIcon()), widget.NewIcon(theme.ViewRefreshIcon()))
	address := view.Compact(widget.NewLabel(site))
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	bg.CornerRadius = 14
	bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	bg.StrokeWidth = 1
	field := container.NewStack(bg, container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), nil, address))
	bar := canvas.NewRectangle(theme.Color(theme.ColorNameHeaderBackground))
	inset := theme.Padding() / 2
	return container.NewStack(bar, container.New(layout.NewCustomPaddedLayout(inset, inset, inset*2, inset*2), container.NewBorder(nil, nil, nav, nil, field)))
}

// requiredStar marks a required field's name, as real sites do; the legend
// « * obligatoire » beside the send button explains it.
const requiredStar = "*"

// spokenAs draws a text and gives read-aloud other words: a field's name says
// « Prénom (obligatoire) Par exemple : Marie » for « Prénom * Par exemple : Marie »,
// since a voice says nothing for a star; the legend « * obligatoire » says nothing.
type spokenAs struct {
	widget.BaseWidget
	text   *widget.RichText
	spoken string
}

func newSpokenAs(text *widget.RichText, spoken string) *spokenAs {
	f := &spokenAs{text: text, spoken: spoken}
	f.ExtendBaseWidget(f)
	return f
}

// SpeechText is what « Écouter » says for this text.
func (f *spokenAs) SpeechText() string { return f.spoken }

// CreateRenderer draws the text.
func (f *spokenAs) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(f.text) }

// fieldLabel shows a field's name in bold, then its hint in smaller letters on the
// same line when there is room (« Prénom * Par exemple : Marie »).
func fieldLabel(label, hint string) *widget.RichText {
	name := &widget.TextSegment{Text: label, Style: widget.RichTextStyleStrong}
	name.Style.Inline = true
	segs := []widget.RichTextSegment{name}
	if hint != "" {
		h := &widget.TextSegment{Text: " " + hint, Style: widget.RichTextStyleInline}
		h.Style.SizeName = theme.SizeNameCaptionText
		segs = append(segs, h)
	}
	rt := widget.NewRichText(segs...)
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

// fieldGrid lays the fields out in two columns when the page is wide enough for
// two fields of about 30 characters side by side, else one under the other, like
// a real site on a small screen. tops are the fields' names, bodies the fields with
// their error lines. In a row, both names take the height of the taller one, so the
// two fields line up whatever the names' lengths or the errors shown under them.
// Tab follows the reading order: left, right, next row.
func fieldGrid(tops, bodies []fyne.CanvasObject) fyne.CanvasObject {
	var rows []fyne.CanvasObject
	for i := 0; i < len(tops); i += 2 {
		if i+1 < len(tops) {
			pair := []fyne.CanvasObject{tops[i], tops[i+1]}
			left := container.NewVBox(container.New(&tallestOf{pair}, tops[i]), bodies[i])
			right := container.NewVBox(container.New(&tallestOf{pair}, tops[i+1]), bodies[i+1])
			rows = append(rows, view.Halves(left, right, 30))
		} else {
			rows = append(rows, view.Halves(container.NewVBox(tops[i], bodies[i]), layout.NewSpacer(), 30))
		}
	}
	return container.NewVBox(rows...)
}

// tallestOf lays out its object at the top and is as tall as the tallest of a
// group (the names of one row of fields): side-by-side stacks then line up.
type tallestOf struct{ group []fyne.CanvasObject }

func (l *tallestOf) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(fyne.NewSize(size.Width, o.MinSize().Height))
	}
}

func (l *tallestOf) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	for _, o := range l.group {
		m.Height = fyne.Max(m.Height, o.MinSize().Height)
	}
	return m
}

// Values returns what the learner entered, one value per field.
func (v *formView) Values() []string {
	out := make([]string, len(v.inputs))
	for i, in := range v.inputs {
		out[i] = in.value()
	}
	return out
}

func (v *formView) send() {
	defer relayout(v.content)
	if v.session.Finished() {
		return
	}
	t := v.env.Tr()
	values := v.Values()
	errs := v.act.Check(values, v.env.T)
	r := v.act.GradeIn(form.Answer{Values: values}, v.env.T)
	v.last = r
	v.session.Attempt(r)
	firstBad := -1
	for i, in := range v.inputs {
		if errs[i] == "" {
			in.errRow.Hide()
			continue
		}
		in.errText.SetText(errs[i])
		in.errRow.Show()
		if firstBad < 0 {
			firstBad = i
		}
	}
	v.page.Refresh() // lay out the error lines just shown
	if r.Passed {
		v.showSuccess(r)
		v.session.Finish(r)
		return
	}
	v.feedback.Set(false, t.T("activity.wrong"), t.T("form.fix"))
	v.reveal.Show()
	if firstBad >= 0 {
		if in := v.inputs[firstBad]; in.entry != nil {
			view.FocusOn(v.env, in.entry)
		} else {
			view.FocusOn(v.env, in.choice)
		}
	}
}

// showExample fills the form with values the site accepts, locks it and lets the
// learner go on: the right answer shown after a wrong try.
func (v *formView) showExample() {
	defer relayout(v.content)
	t := v.env.Tr()
	for i, val := range v.act.Example() {
		in := v.inputs[i]
		if in.choice != nil {
			in.choice.SetSelected(val)
			in.choice.Disable()
		} else {
			in.entry.SetText(val)
			if pw := in.entry.Password; pw {
				in.entry.Password = false // show the example password: it is only an example
				in.entry.Refresh()
			}
			in.entry.Disable()
		}
		in.errRow.Hide()
	}
	v.submit.Disable()
	v.reveal.Hide()
	v.feedback.Set(false, t.T("activity.right_answer"), t.T("form.example"))
	v.next.Show()
	view.FocusOn(v.env, v.next)
}

// showSuccess replaces the form with the site's confirmation page.
func (v *formView) showSuccess(r plugins.Result) {
	t := v.env.Tr()
	fb := view.NewFeedback()
	fb.Set(true, t.T("activity.correct"), r.Feedback)
	v.success = fb
	v.page.Objects = []fyne.CanvasObject{container.NewCenter(view.MinSize(fb, 480, 160))}
	v.page.Refresh()
}

// relayout lays out content again after parts were shown or hidden (feedback, error
// lines, the right answer), so nothing is drawn over something else.
func relayout(content fyne.CanvasObject) {
	if c, ok := content.(*fyne.Container); ok {
		c.Refresh()
	}
}
