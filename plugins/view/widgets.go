package view

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Sizes of touch targets, in Fyne units (≈ pixels at scale 1): 44 is the accessible
// minimum, 52 what we aim for on every button (a one-line button at the reading
// size, with room to spare over 44, so an activity still fits a 1280×720 screen).
const (
	MinTarget  float32 = 44
	Target     float32 = 52
	ImageWidth float32 = 360
)

// Heading is a large, bold, wrapped text (a question, a page title).
func Heading(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameSubHeadingText
	l.TextStyle = fyne.TextStyle{Bold: true}
	return l
}

// Text is a wrapped text at the reading size.
func Text(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// Button is a big button: at least Target units high, highlighted when primary.
func Button(label string, icon fyne.Resource, primary bool, tapped func()) *PushButton {
	b := NewPushButton(label, icon, tapped)
	if primary {
		b.Importance = widget.HighImportance
	}
	return b
}

// MinSize wraps obj so it is never smaller than w×h: big targets for unsteady hands.
func MinSize(obj fyne.CanvasObject, w, h float32) fyne.CanvasObject {
	return container.New(&minLayout{min: fyne.NewSize(w, h)}, obj)
}

type minLayout struct{ min fyne.Size }

func (l *minLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize is at least l.min while something inside is shown; a hidden button
// (« Afficher la réponse » before a wrong try) takes no room in its row.
func (l *minLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m, shown := l.min, false
	for _, o := range objs {
		if o.Visible() {
			shown = true
			m = m.Max(o.MinSize())
		}
	}
	if !shown && len(objs) > 0 {
		return fyne.Size{}
	}
	return m
}

// Buttons lays out big buttons in a row, left-aligned.
func Buttons(bs ...fyne.CanvasObject) *fyne.Container {
	row := container.NewHBox()
	for _, b := range bs {
		row.Add(MinSize(b, 160, Target))
	}
	row.Add(layout.NewSpacer())
	return row
}

// Picture loads a pack image through env (drawn by env.Bitmap when set, else
// from env.Image), or returns nil when there is none or it cannot be loaded
// (validation already told the trainer; the learner sees the text).
func Picture(env Env, path string, w, h float32) fyne.CanvasObject {
	if path == "" {
		return nil
	}
	var img *canvas.Image
	switch {
	case env.Bitmap != nil:
		bitmap, err := env.Bitmap(path, fyne.NewSize(w, h))
		if err != nil || bitmap == nil {
			return nil
		}
		img = canvas.NewImageFromImage(bitmap)
	case env.Image != nil:
		res, err := env.Image(path)
		if err != nil || res == nil {
			return nil
		}
		img = canvas.NewImageFromResource(res)
	default:
		return nil
	}
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(w, h))
	return img
}

// Feedback shows the outcome of an attempt with an icon AND a word (never colour
// alone), followed by the kind explanation from the pack.
type Feedback struct {
	widget.BaseWidget
	icon    *widget.Icon
	word    *widget.Label
	message *widget.Label
	box     *fyne.Container
}

// NewFeedback returns an empty, hidden feedback area.
func NewFeedback() *Feedback {
	f := &Feedback{icon: widget.NewIcon(nil), word: widget.NewLabel(""), message: Text("")}
	f.word.TextStyle = fyne.TextStyle{Bold: true}
	f.word.SizeName = theme.SizeNameSubHeadingText
	// The word and the message sit close together, so a quiz's feedback shows
	// whole on a 1280×720 screen after a wrong answer.
	f.box = container.NewBorder(container.NewHBox(MinSize(f.icon, 40, 40), Compact(f.word)), nil, nil, nil, Compact(f.message))
	f.ExtendBaseWidget(f)
	f.Hide()
	return f
}

// Set shows ok (a check mark and word) or not ok (an info mark and word) with message.
func (f *Feedback) Set(ok bool, word, message string) {
	if ok {
		f.icon.SetResource(theme.ConfirmIcon())
		f.word.Importance = widget.SuccessImportance
	} else {
		f.icon.SetResource(theme.InfoIcon())
		f.word.Importance = widget.MediumImportance
	}
	f.word.SetText(word)
	f.message.SetText(message)
	if message == "" {
		f.message.Hide() // no empty line under a lone « Bravo ! »
	} else {
		f.message.Show()
	}
	f.Show()
	f.Refresh()
}

// Clear hides the feedback.
func (f *Feedback) Clear() { f.Hide() }

// Word is the word shown ("Bravo !"), for tests and read-aloud.
func (f *Feedback) Word() string { return f.word.Text }

// Message is the explanation shown.
func (f *Feedback) Message() string { return f.message.Text }

// CreateRenderer draws the icon, the word and the message.
func (f *Feedback) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(f.box) }

// ErrorLine is an inline error under a form field: an error icon and red text.
func ErrorLine() (*fyne.Container, *widget.Label) {
	l := Text("")
	l.Importance = widget.DangerImportance
	l.TextStyle = fyne.TextStyle{Bold: true}
	row := container.NewBorder(nil, nil, widget.NewIcon(theme.ErrorIcon()), nil, Compact(l))
	row.Hide()
	return row, l
}

// Panel draws a calm framed background behind content, like a page or a card.
func Panel(content fyne.CanvasObject) fyne.CanvasObject {
	return container.NewStack(panelBackground(), container.NewPadded(content))
}

// RowPanel is a Panel with less space inside its frame: for the rows of a list
// (the steps of an ordering exercise), so a list of six holds on one screen. The
// space left is what the focus outline of a button at the row's edge needs, so
// the outline never lies on the frame.
func RowPanel(content fyne.CanvasObject) fyne.CanvasObject {
	inset := OutlineReach()
	return container.NewStack(panelBackground(), container.New(layout.NewCustomPaddedLayout(inset, inset, inset, inset), content))
}

func panelBackground() *canvas.Rectangle {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	bg.StrokeWidth = 2
	bg.CornerRadius = 6
	return bg
}

// Tinted returns c with alpha a, for soft highlights.
func Tinted(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}

// FocusOn focuses obj on its canvas, if it is shown, so keyboard users keep their place.
func FocusOn(env Env, obj fyne.Focusable) {
	var c fyne.Canvas
	if env.Window != nil {
		c = env.Window.Canvas()
	} else if app := fyne.CurrentApp(); app != nil {
		c = app.Driver().CanvasForObject(obj.(fyne.CanvasObject))
	}
	if c != nil {
		c.Focus(obj)
	}
}
