package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// attestHeading is the screen's big bold title.
func attestHeading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameHeadingText
	l.Wrapping = fyne.TextWrapWord
	return l
}

// attestBold is a bold label that wraps.
func attestBold(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	return l
}

// attestWrapped is a plain label that wraps.
func attestWrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// attestPath shows a folder so the learner can read it to a trainer, or copy it
// with its « Copier » button.
func (u *ui) attestPath(path string) fyne.CanvasObject { return u.pathLabel(path) }

// attestMessage is where the screen says what went wrong; hidden until then.
func attestMessage() *widget.Label {
	l := attestBold("")
	l.Importance = widget.DangerImportance
	l.Hide()
	return l
}

func attestShowError(l *widget.Label, text string) {
	l.Importance = widget.DangerImportance
	l.SetText(text)
	l.Show()
}

// attestIcon is a 48×48 icon beside a sentence.
func attestIcon(res fyne.Resource) fyne.CanvasObject {
	return container.New(layout.NewGridWrapLayout(fyne.NewSize(48, 48)), widget.NewIcon(res))
}
