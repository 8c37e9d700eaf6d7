package view

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// This file holds what lets an activity fit a 1280×720 screen without scrolling:
// tighter spacing around short texts, and two columns when the window is wide.

// Compact draws obj (a label or rich text) with half the usual space above and
// below it, at the same text size and colours: the text's transparent inner
// padding is trimmed, never the text itself. Use it for texts, never around
// buttons or fields: their height is the touch target. It is a plain container,
// so read-aloud and tests still find the text inside.
func Compact(obj fyne.CanvasObject) fyne.CanvasObject {
	return container.New(compactLayout{share: 0.5}, obj)
}

// Tight draws obj (a label or rich text) with none of its inner padding above and
// below: for a field's name just above the field, as on real sites.
func Tight(obj fyne.CanvasObject) fyne.CanvasObject {
	return container.New(compactLayout{share: 1}, obj)
}

// CompactText is Text with half the usual space above and below it.
func CompactText(text string) fyne.CanvasObject { return Compact(Text(text)) }

// compactLayout draws its object from a share of the inner padding above its own
// top to the same share below its bottom: that part of the transparent padding
// around the text lies over its neighbours' margins, so rows of text sit closer.
type compactLayout struct{ share float32 }

func (l compactLayout) trim() float32 { return theme.InnerPadding() * l.share }

func (l compactLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	trim := l.trim()
	for _, o := range objs {
		o.Move(fyne.NewPos(0, -trim))
		o.Resize(fyne.NewSize(size.Width, size.Height+2*trim))
	}
}

func (l compactLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
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

// Columns puts main and side next to each other when the width holds both: main
// on the left with room for about mainChars characters of text, side on the right
// with room for sideChars characters (or its own minimum width, if wider). On a
// narrow window or with large text, side goes under main, as a plain column.
// Both keep their order for Tab.
func Columns(main, side fyne.CanvasObject, mainChars, sideChars int) *fyne.Container {
	return container.New(&columnsLayout{mainChars: mainChars, sideChars: sideChars}, main, side)
}

// Illustrated puts picture to the right of main when the width holds both (main
// with room for about mainChars characters of text), and above main on a narrow
// window or with large text, so the picture is seen before what it illustrates.
// Tab order is unchanged: a picture takes no focus.
func Illustrated(main, picture fyne.CanvasObject, mainChars int) *fyne.Container {
	return container.New(&columnsLayout{mainChars: mainChars, sideAbove: true}, main, picture)
}

// Halves puts left and right in two equal columns when each holds about minChars
// characters of text; on a narrow window or with large text, right goes under left.
func Halves(left, right fyne.CanvasObject, minChars int) *fyne.Container {
	return container.New(&columnsLayout{mainChars: minChars, sideChars: minChars, even: true}, left, right)
}

// columnsLayout remembers the last width it was given: like wrapped text, its
// height depends on it (one row when wide, two when narrow).
type columnsLayout struct {
	mainChars, sideChars int
	// even gives both columns the same width.
	even bool
	// sideAbove puts side above main, rather than under it, in one column.
	sideAbove bool
	width     float32
}

// charsWidth is the width of n average characters at the current text size.
func charsWidth(n int) float32 {
	if n <= 0 {
		return 0
	}
	return fyne.MeasureText(strings.Repeat("n", n), theme.TextSize(), fyne.TextStyle{}).Width
}

func (l *columnsLayout) sideWidth(side fyne.CanvasObject) float32 {
	w := fyne.Max(side.MinSize().Width, charsWidth(l.sideChars))
	if l.even && l.width > 0 {
		w = fyne.Max(w, (l.width-theme.Padding()*4)/2)
	}
	return w
}

// wide reports whether width holds both columns.
func (l *columnsLayout) wide(objs []fyne.CanvasObject, width float32) bool {
	if len(objs) != 2 || width <= 0 {
		return false
	}
	mainW := fyne.Max(objs[0].MinSize().Width, charsWidth(l.mainChars))
	return width >= mainW+theme.Padding()*4+l.sideWidth(objs[1])
}

func (l *columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	if len(objs) != 2 {
		return
	}
	main, side := objs[0], objs[1]
	if l.wide(objs, size.Width) {
		gap := theme.Padding() * 4
		sideW := l.sideWidth(side)
		mainW := size.Width - gap - sideW
		main.Move(fyne.NewPos(0, 0))
		main.Resize(fyne.NewSize(mainW, fyne.Max(size.Height, main.MinSize().Height)))
		side.Move(fyne.NewPos(mainW+gap, 0))
		side.Resize(fyne.NewSize(sideW, fyne.Max(size.Height, side.MinSize().Height)))
		return
	}
	first, second := main, side
	if l.sideAbove {
		first, second = side, main
	}
	firstH := first.MinSize().Height
	first.Move(fyne.NewPos(0, 0))
	first.Resize(fyne.NewSize(size.Width, firstH))
	second.Move(fyne.NewPos(0, firstH+theme.Padding()))
	second.Resize(fyne.NewSize(size.Width, second.MinSize().Height))
}

func (l *columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) != 2 {
		return fyne.Size{}
	}
	a, b := objs[0].MinSize(), objs[1].MinSize()
	if l.wide(objs, l.width) {
		return fyne.NewSize(a.Width+theme.Padding()*4+l.sideWidth(objs[1]), fyne.Max(a.Height, b.Height))
	}
	return fyne.NewSize(fyne.Max(a.Width, b.Width), a.Height+theme.Padding()+b.Height)
}

// Settle lays obj out twice each time it is laid out: wrapped text (a step of an
// ordering exercise, a feedback message) measures its height at the width it
// was last given, so the first pass gives every text its width and the second
// its height. Without it, the first frame (and a screenshot) shows rows as tall
// as their text squeezed into no width, until the next frames correct them.
func Settle(obj fyne.CanvasObject) *fyne.Container {
	return container.New(settleLayout{}, obj)
}

type settleLayout struct{}

func (settleLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
		o.Refresh() // a container lays itself and everything inside out again
	}
}

func (settleLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		if o.Visible() {
			m = m.Max(o.MinSize())
		}
	}
	return m
}
