package siteview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// siteLook is the look of the simulated pages: the app's own colours and fonts,
// links in the primary colour, with text a little smaller (85 %) and tighter spaces, as a website is drawn
// more densely than the app around it. It follows the learner's text size, so
// larger text makes the pages larger too. It is what lets a whole page of a
// procedure, with its errors, hold on a 1280×720 screen.
type siteLook struct{}

// base is the app's theme at the moment of drawing.
func (siteLook) base() fyne.Theme {
	if a := fyne.CurrentApp(); a != nil {
		return a.Settings().Theme()
	}
	return theme.DefaultTheme()
}

// Color is the app's, except that links take the primary colour, as on the web
// (the app draws its own links in the text colour).
func (l siteLook) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameHyperlink {
		n = theme.ColorNamePrimary
	}
	return l.base().Color(n, v)
}

func (l siteLook) Font(s fyne.TextStyle) fyne.Resource { return l.base().Font(s) }

func (l siteLook) Icon(n fyne.ThemeIconName) fyne.Resource { return l.base().Icon(n) }

func (l siteLook) Size(n fyne.ThemeSizeName) float32 {
	s := l.base().Size(n)
	switch n {
	case theme.SizeNameText, theme.SizeNameSubHeadingText, theme.SizeNameHeadingText, theme.SizeNameInlineIcon:
		return s * 0.85
	case theme.SizeNameCaptionText:
		return s * 0.9
	case theme.SizeNamePadding, theme.SizeNameInnerPadding:
		return s * 2 / 3
	}
	return s
}

// tight draws a text of a page with none of its inner padding above and below:
// a field's name just over its box, an error just under it, as on real sites.
func tight(obj fyne.CanvasObject) fyne.CanvasObject { return container.New(tightLayout{}, obj) }

type tightLayout struct{}

// trim is the inner padding of a text drawn in the pages' look.
func (tightLayout) trim() float32 { return siteLook{}.Size(theme.SizeNameInnerPadding) }

func (l tightLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	t := l.trim()
	for _, o := range objs {
		o.Move(fyne.NewPos(0, -t))
		o.Resize(fyne.NewSize(size.Width, size.Height+2*t))
	}
}

func (l tightLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		if o.Visible() {
			m = m.Max(o.MinSize())
		}
	}
	if m.Height == 0 {
		return m
	}
	return fyne.NewSize(m.Width, fyne.Max(0, m.Height-2*l.trim()))
}

// errorLine is the message under an item of a page that must be corrected: an
// error icon and red words (never the colour alone), hidden until needed.
func errorLine() (*fyne.Container, *widget.Label) {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.DangerImportance
	l.TextStyle = fyne.TextStyle{Bold: true}
	icon := widget.NewIcon(theme.ErrorIcon())
	row := container.NewBorder(nil, nil, container.NewVBox(icon), nil, tight(l))
	row.Hide()
	return row, l
}
