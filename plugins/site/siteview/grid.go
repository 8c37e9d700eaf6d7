package siteview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// grid lays out fields in up to maxCols equal columns, as many as the width holds
// with at least minWidth each, row after row; a row is as tall as its tallest
// field. Tab follows the order of the fields: left to right, then the next row.
func grid(maxCols int, minWidth float32, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(&gridLayout{maxCols: maxCols, minWidth: minWidth}, objs...)
}

// gridLayout remembers the last width it was given, like flowLayout.
type gridLayout struct {
	maxCols  int
	minWidth float32
	width    float32
}

func (l *gridLayout) cols(width float32, n int) int {
	gap := theme.Padding() * 4
	c := l.maxCols
	for c > 1 && (width <= 0 || float32(c)*l.minWidth+float32(c-1)*gap > width) {
		c--
	}
	return max(1, min(c, n))
}

// rowHeights returns the height of each row when laid out in c columns.
func rowHeights(objs []fyne.CanvasObject, c int) []float32 {
	var hs []float32
	for i := 0; i < len(objs); i += c {
		var h float32
		for _, o := range objs[i:min(i+c, len(objs))] {
			h = fyne.Max(h, o.MinSize().Height)
		}
		hs = append(hs, h)
	}
	return hs
}

func (l *gridLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	c := l.cols(size.Width, len(objs))
	gap := theme.Padding() * 4
	colW := (size.Width - float32(c-1)*gap) / float32(c)
	var y float32
	for r, h := range rowHeights(objs, c) {
		for k, o := range objs[r*c : min(r*c+c, len(objs))] {
			o.Move(fyne.NewPos(float32(k)*(colW+gap), y))
			o.Resize(fyne.NewSize(colW, h))
		}
		y += h + theme.Padding()
	}
}

func (l *gridLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) == 0 {
		return fyne.Size{}
	}
	c := l.cols(l.width, len(objs))
	var w, h float32
	for _, o := range objs {
		w = fyne.Max(w, o.MinSize().Width)
	}
	hs := rowHeights(objs, c)
	for _, rh := range hs {
		h += rh
	}
	h += theme.Padding() * float32(len(hs)-1)
	if c > 1 {
		w = float32(c)*fyne.Max(w, l.minWidth) + float32(c-1)*theme.Padding()*4
	}
	return fyne.NewSize(w, h)
}
