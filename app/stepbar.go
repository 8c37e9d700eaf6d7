package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// stepBar is a slim progress bar: how far the learner is in the lesson. The
// "Étape 3 sur 8" label beside it says the same in words.
type stepBar struct {
	track, fill *canvas.Rectangle
	value       float64
}

const stepBarHeight = 10

func newStepBar(track, fill color.Color) *stepBar {
	b := &stepBar{track: canvas.NewRectangle(track), fill: canvas.NewRectangle(fill)}
	b.track.CornerRadius = stepBarHeight / 2
	b.fill.CornerRadius = stepBarHeight / 2
	return b
}

// object returns the bar as a canvas object.
func (b *stepBar) object() fyne.CanvasObject { return container.New(b, b.track, b.fill) }

// SetValue sets the filled share, between 0 and 1.
func (b *stepBar) SetValue(v float64) {
	b.value = min(max(v, 0), 1)
	b.fill.Refresh()
}

// Layout draws the track over the whole width and the fill over its share.
func (b *stepBar) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	y := (size.Height - stepBarHeight) / 2
	b.track.Move(fyne.NewPos(0, y))
	b.track.Resize(fyne.NewSize(size.Width, stepBarHeight))
	b.fill.Move(fyne.NewPos(0, y))
	b.fill.Resize(fyne.NewSize(size.Width*float32(b.value), stepBarHeight))
}

// MinSize is the bar's height; it takes whatever width it is given.
func (b *stepBar) MinSize(_ []fyne.CanvasObject) fyne.Size { return fyne.NewSize(40, stepBarHeight) }
