package view

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// box is a plain rectangle with a minimum size, to see where a layout puts it.
func box(w, h float32) *canvas.Rectangle {
	r := canvas.NewRectangle(nil)
	r.SetMinSize(fyne.NewSize(w, h))
	return r
}

func TestColumnsSideBySideWhenWideStackedWhenNarrow(t *testing.T) {
	test.NewTempApp(t)
	main, side := box(300, 200), box(250, 120)
	c := Columns(main, side, 10, 0)
	w := test.NewTempWindow(t, c)

	w.Resize(fyne.NewSize(1000, 400))
	c.Resize(fyne.NewSize(1000, 400))
	if side.Position().Y != 0 || side.Position().X < main.Size().Width {
		t.Errorf("wide: side at %v, main %v: want side beside main", side.Position(), main.Size())
	}
	if h := c.MinSize().Height; h != 200 {
		t.Errorf("wide: min height %v, want the taller column's 200", h)
	}
	if main.Size().Width+side.Size().Width > 1000 {
		t.Errorf("wide: columns %v + %v overflow 1000", main.Size().Width, side.Size().Width)
	}

	c.Resize(fyne.NewSize(400, 400))
	if side.Position().X != 0 || side.Position().Y < 200 {
		t.Errorf("narrow: side at %v: want it under main", side.Position())
	}
	if h := c.MinSize().Height; h < 320 {
		t.Errorf("narrow: min height %v, want both columns' heights added", h)
	}
}

func TestIllustratedPutsThePictureBesideWhenWideAboveWhenNarrow(t *testing.T) {
	test.NewTempApp(t)
	main, picture := box(300, 200), box(250, 120)
	c := Illustrated(main, picture, 10)
	test.NewTempWindow(t, c)

	c.Resize(fyne.NewSize(1000, 400))
	if picture.Position().Y != 0 || picture.Position().X < main.Size().Width || main.Position().X != 0 {
		t.Errorf("wide: picture at %v, main %v at %v: want the picture right of main", picture.Position(), main.Size(), main.Position())
	}
	c.Resize(fyne.NewSize(400, 400))
	if picture.Position() != (fyne.Position{}) || main.Position().Y < 120 {
		t.Errorf("narrow: picture at %v, main at %v: want the picture above main", picture.Position(), main.Position())
	}
	if h := c.MinSize().Height; h < 320 {
		t.Errorf("narrow: min height %v, want both heights added", h)
	}
}

func TestHalvesGivesBothColumnsTheSameWidth(t *testing.T) {
	test.NewTempApp(t)
	left, right := box(100, 50), box(200, 80)
	c := Halves(left, right, 5)
	test.NewTempWindow(t, c)
	c.Resize(fyne.NewSize(900, 100))
	if left.Size().Width != right.Size().Width || right.Position().X <= left.Size().Width {
		t.Errorf("left %v at %v, right %v at %v: want two equal columns side by side", left.Size(), left.Position(), right.Size(), right.Position())
	}
}

func TestCompactTrimsTheSpaceAroundTextNotTheText(t *testing.T) {
	test.NewTempApp(t)
	l := Text("Bonjour")
	test.NewTempWindow(t, l).Resize(fyne.NewSize(400, 200))
	full := l.MinSize().Height
	c := Compact(Text("Bonjour"))
	test.NewTempWindow(t, c).Resize(fyne.NewSize(400, 200))
	got := c.MinSize().Height
	text := fyne.MeasureText("Bonjour", test.Theme().Size("text"), fyne.TextStyle{}).Height
	if got >= full || got < text {
		t.Errorf("compact height %v: want less than the label's %v but at least the text's %v", got, full, text)
	}
}

func TestAHiddenButtonTakesNoRoomInItsRow(t *testing.T) {
	test.NewTempApp(t)
	shown := widget.NewButton("Vérifier", nil)
	hidden := widget.NewButton("Afficher la réponse", nil)
	hidden.Hide()
	withHidden := Buttons(shown, hidden).MinSize().Width
	alone := Buttons(widget.NewButton("Vérifier", nil)).MinSize().Width
	if withHidden > alone+Target/4 {
		t.Errorf("row with a hidden button is %v wide, alone %v: the hidden one takes room", withHidden, alone)
	}
	hidden.Show()
	if w := Buttons(shown, hidden).MinSize().Width; w < alone+160 {
		t.Errorf("row with both buttons shown is %v wide: want room for both", w)
	}
}

func TestSettleGivesWrappedTextItsHeightOnTheFirstLayout(t *testing.T) {
	test.NewTempApp(t)
	label := Text("Cliquer dans la case de recherche")
	below := box(10, 10)
	w := test.NewTempWindow(t, Settle(container.NewVBox(label, below)))
	w.Resize(fyne.NewSize(800, 400))
	line := fyne.MeasureText("Ég", test.Theme().Size("text"), fyne.TextStyle{}).Height
	if h := label.Size().Height; h > 3*line {
		t.Errorf("the label is %v high on the first layout, more than one line of %v", h, line)
	}
	if below.Position().Y > label.Size().Height+20 {
		t.Errorf("what follows the text is at y=%v, the text is %v high: the space between is left empty", below.Position().Y, label.Size().Height)
	}
}

func TestAsidePutsTheSideRightOfMainWhenWideUnderItWhenNarrow(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name    string
		picture *canvas.Rectangle
	}{
		{"without a picture", nil},
		{"with a picture above the side", box(280, 150)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			main, side := box(300, 200), box(250, 120)
			var picture fyne.CanvasObject
			var picH float32
			if c.picture != nil {
				picture, picH = c.picture, 150
			}
			a := Aside(main, picture, side, 10, 0)
			test.NewTempWindow(t, a)

			a.Resize(fyne.NewSize(1000, 400))
			if main.Position() != (fyne.Position{}) || side.Position().X < main.Size().Width || side.Position().Y < picH {
				t.Errorf("wide: main at %v (%v), side at %v: want side right of main, under the picture", main.Position(), main.Size(), side.Position())
			}
			if c.picture != nil && (c.picture.Position().Y != 0 || c.picture.Position().X != side.Position().X) {
				t.Errorf("wide: picture at %v, side at %v: want the picture at the top of the right column", c.picture.Position(), side.Position())
			}
			if got, want := a.MinSize().Height, fyne.Max(200, picH+120); got < want || got > want+10 {
				t.Errorf("wide: min height %v, want about the taller column's %v", got, want)
			}
			if main.Size().Width+side.Size().Width > 1000 {
				t.Errorf("wide: columns %v + %v overflow 1000", main.Size().Width, side.Size().Width)
			}

			a.Resize(fyne.NewSize(400, 800))
			if main.Position().Y != picH+pad(picture) || side.Position().X != 0 || side.Position().Y < main.Position().Y+200 {
				t.Errorf("narrow: main at %v, side at %v: want the picture, main, then side, one under the other", main.Position(), side.Position())
			}
			if h := a.MinSize().Height; h < picH+320 {
				t.Errorf("narrow: min height %v, want every height added", h)
			}
		})
	}
}

// pad is the space Aside leaves under a picture (none without one).
func pad(picture fyne.CanvasObject) float32 {
	if picture == nil {
		return 0
	}
	return test.Theme().Size("padding")
}

func TestAsideKeepsTabOnMainThenSide(t *testing.T) {
	test.NewTempApp(t)
	first, second := widget.NewButton("Réponse", nil), widget.NewButton("Vérifier", nil)
	a := Aside(container.NewVBox(first), box(200, 100), container.NewVBox(second), 10, 0)
	w := test.NewTempWindow(t, a)
	w.Resize(fyne.NewSize(1000, 400))
	c := w.Canvas()
	test.FocusNext(c)
	if c.Focused() != first {
		t.Fatalf("Tab first reaches %v, want the answer", c.Focused())
	}
	test.FocusNext(c)
	if c.Focused() != second {
		t.Errorf("Tab then reaches %v, want « Vérifier »", c.Focused())
	}
}

func TestFlowGoesToTheNextLineWhenTheRowIsFull(t *testing.T) {
	test.NewTempApp(t)
	a, b, hidden, empty := box(200, 40), box(200, 40), box(200, 40), MinSize(box(0, 0), 160, Target)
	hidden.Hide()
	empty.(*fyne.Container).Objects[0].Hide() // a button hidden inside its MinSize: shows nothing
	f := Flow(a, hidden, empty, b)
	test.NewTempWindow(t, f)
	f.Resize(fyne.NewSize(600, 200))
	if b.Position().Y != 0 || b.Position().X > 200+4*test.Theme().Size("padding") {
		t.Errorf("wide: the second box at %v: want it beside the first, with no room for what is hidden", b.Position())
	}
	f.Resize(fyne.NewSize(300, 200))
	if b.Position().X != 0 || b.Position().Y < 40 {
		t.Errorf("narrow: the second box at %v: want it on the next line", b.Position())
	}
	if m := f.MinSize(); m.Width != 200 || m.Height < 80 {
		t.Errorf("narrow: min size %v: want the widest box's width and two lines", m)
	}
}

func TestAsideGivesUpSideRoomDownToTwoThirdsThenStacks(t *testing.T) {
	test.NewTempApp(t)
	main, side := box(600, 100), box(50, 100)
	a := Aside(main, nil, side, 10, 45)
	test.NewTempWindow(t, a)
	gap := 4 * test.Theme().Size("padding")
	full, least := charsWidth(45), charsWidth(30)

	a.Resize(fyne.NewSize(600+gap+full+100, 300))
	if w := side.Size().Width; w != full {
		t.Errorf("roomy: side %v wide, want room for 45 characters (%v)", w, full)
	}
	a.Resize(fyne.NewSize(600+gap+least+10, 300))
	if w := side.Size().Width; w != least+10 || side.Position().Y != 0 {
		t.Errorf("tight: side %v wide at %v, want what main leaves (%v), beside it", w, side.Position(), least+10)
	}
	a.Resize(fyne.NewSize(600+gap+least-10, 300))
	if side.Position().X != 0 || side.Position().Y < 100 {
		t.Errorf("too tight: side at %v, want it under main rather than narrower than 30 characters", side.Position())
	}
}
