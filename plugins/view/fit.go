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

// Aside puts side to the right of main when the width holds both: main with room
// for about mainChars characters of text (or its own minimum width, if wider),
// side with room for about sideChars, under picture when there is one. When main
// needs more, side gives up room, down to two thirds of sideChars (or its own
// minimum width, or picture's, if wider): its text stays easy to read.
// On a narrow window or with large text they stand one under the other: picture
// first (seen before what it illustrates), then main, then side. A quiz keeps
// its feedback beside its answers this way, in sight after a wrong one. Tab
// visits main, then side; picture may be nil.
func Aside(main, picture, side fyne.CanvasObject, mainChars, sideChars int) *fyne.Container {
	objs := []fyne.CanvasObject{main, side}
	if picture != nil {
		objs = append(objs, picture)
	}
	return container.New(&asideLayout{mainChars: mainChars, sideChars: sideChars}, objs...)
}

// asideLayout lays out main, side and an optional picture; like columnsLayout,
// it remembers the last width it was given.
type asideLayout struct {
	mainChars, sideChars int
	width                float32
}

// parts splits objs into main, side and picture (nil when there is none).
func (l *asideLayout) parts(objs []fyne.CanvasObject) (main, side, picture fyne.CanvasObject) {
	main, side = objs[0], objs[1]
	if len(objs) > 2 && objs[2].Visible() {
		picture = objs[2]
	}
	return main, side, picture
}

// mainWidth is the least width of the left column.
func (l *asideLayout) mainWidth(main fyne.CanvasObject) float32 {
	return fyne.Max(main.MinSize().Width, charsWidth(l.mainChars))
}

// sideNeed is the least width of the right column: two thirds of sideChars,
// or side's or picture's own minimum width.
func (l *asideLayout) sideNeed(side, picture fyne.CanvasObject) float32 {
	w := fyne.Max(side.MinSize().Width, charsWidth(l.sideChars*2/3))
	if picture != nil {
		w = fyne.Max(w, picture.MinSize().Width)
	}
	return w
}

// sideWidth is the right column's width in width: room for sideChars characters
// when main leaves it, less when main needs it, never less than sideNeed.
func (l *asideLayout) sideWidth(width float32, side, picture fyne.CanvasObject, main fyne.CanvasObject) float32 {
	need := l.sideNeed(side, picture)
	w := fyne.Max(need, charsWidth(l.sideChars))
	if width > 0 {
		w = fyne.Min(w, width-theme.Padding()*4-l.mainWidth(main))
	}
	return fyne.Max(need, w)
}

// pictureHeight is the picture's height and the space under it (0 without one).
func pictureHeight(picture fyne.CanvasObject) float32 {
	if picture == nil {
		return 0
	}
	return picture.MinSize().Height + theme.Padding()
}

// wide reports whether width holds main and the right column side by side.
func (l *asideLayout) wide(objs []fyne.CanvasObject, width float32) bool {
	if len(objs) < 2 || width <= 0 {
		return false
	}
	main, side, picture := l.parts(objs)
	return width >= l.mainWidth(main)+theme.Padding()*4+l.sideNeed(side, picture)
}

func (l *asideLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	if len(objs) < 2 {
		return
	}
	main, side, picture := l.parts(objs)
	if l.wide(objs, size.Width) {
		gap := theme.Padding() * 4
		sideW := l.sideWidth(size.Width, side, picture, main)
		x := size.Width - sideW
		main.Move(fyne.NewPos(0, 0))
		main.Resize(fyne.NewSize(x-gap, fyne.Max(size.Height, main.MinSize().Height)))
		top := pictureHeight(picture)
		if picture != nil {
			picture.Move(fyne.NewPos(x, 0))
			picture.Resize(fyne.NewSize(sideW, picture.MinSize().Height))
		}
		side.Move(fyne.NewPos(x, top))
		side.Resize(fyne.NewSize(sideW, fyne.Max(size.Height-top, side.MinSize().Height)))
		return
	}
	var y float32
	for _, o := range []fyne.CanvasObject{picture, main, side} {
		if o == nil {
			continue
		}
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + theme.Padding()
	}
}

func (l *asideLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) < 2 {
		return fyne.Size{}
	}
	main, side, picture := l.parts(objs)
	m, s := main.MinSize(), side.MinSize()
	top := pictureHeight(picture)
	if l.wide(objs, l.width) {
		return fyne.NewSize(l.mainWidth(main)+theme.Padding()*4+l.sideNeed(side, picture), fyne.Max(m.Height, top+s.Height))
	}
	w := fyne.Max(m.Width, s.Width)
	if picture != nil {
		w = fyne.Max(w, picture.MinSize().Width)
	}
	return fyne.NewSize(w, top+m.Height+theme.Padding()+s.Height)
}

// Flow lays out objects left to right at their minimum size, going to the next
// line when the width is full, like the words of a text: a row of buttons in a
// narrow column, the links and buttons of a simulated web page. Tab follows the
// order of the objects; one that is hidden, or shows nothing, takes no room.
func Flow(objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(&flowLayout{}, objs...)
}

// flowLayout remembers the last width it was given: like wrapped text, its
// height depends on it.
type flowLayout struct{ width float32 }

// place puts objs in lines that fit width and returns each object's position
// and the total size.
func (l *flowLayout) place(objs []fyne.CanvasObject, width float32) ([]fyne.Position, fyne.Size) {
	gap := theme.Padding() * 2
	pos := make([]fyne.Position, len(objs))
	var x, y, lineH, maxW float32
	for i, o := range objs {
		m := o.MinSize()
		if !o.Visible() || m.IsZero() {
			continue
		}
		if x > 0 && width > 0 && x+m.Width > width {
			x, y = 0, y+lineH+gap
			lineH = 0
		}
		pos[i] = fyne.NewPos(x, y)
		x += m.Width + gap
		lineH = fyne.Max(lineH, m.Height)
		maxW = fyne.Max(maxW, x-gap)
	}
	return pos, fyne.NewSize(maxW, y+lineH)
}

func (l *flowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	pos, _ := l.place(objs, size.Width)
	for i, o := range objs {
		m := o.MinSize()
		o.Move(pos[i])
		o.Resize(fyne.NewSize(fyne.Min(m.Width, size.Width), m.Height))
	}
}

func (l *flowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	_, size := l.place(objs, l.width)
	if l.width > 0 {
		// As wide as the widest object, so the row can still be made narrower.
		var widest float32
		for _, o := range objs {
			if o.Visible() {
				widest = fyne.Max(widest, o.MinSize().Width)
			}
		}
		size.Width = widest
	}
	return size
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
