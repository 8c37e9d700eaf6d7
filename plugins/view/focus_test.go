package view_test

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"declic/plugins/view"
	"declic/plugins/view/viewtest"
)

func TestRevealScrollsTheFocusedControlAndItsOutlineIntoView(t *testing.T) {
	test.NewTempApp(t)
	var buttons []fyne.CanvasObject
	for range 20 {
		buttons = append(buttons, view.NewPushButton("Un bouton", nil, nil))
	}
	page := view.ScrollPage(container.NewVBox(buttons...))
	w := viewtest.Show(t, page)
	w.Resize(fyne.NewSize(400, 300))
	last := buttons[19]
	if !view.Reveal(page, last) {
		t.Fatal("Reveal did not find the button in the page")
	}
	d := fyne.CurrentApp().Driver()
	at := d.AbsolutePositionForObject(last).Y - d.AbsolutePositionForObject(page).Y
	top, bottom := at-view.OutlineReach(), at+last.Size().Height+view.OutlineReach()
	if top < 0 || bottom > page.Size().Height {
		t.Errorf("the last button and its outline lie from %v to %v, the page shows 0 to %v", top, bottom, page.Size().Height)
	}
	view.Reveal(page, buttons[0])
	if page.Offset.Y != 0 {
		t.Errorf("back to the first button, the page is scrolled by %v", page.Offset.Y)
	}
	if view.Reveal(page, widget.NewButton("ailleurs", nil)) {
		t.Error("Reveal found a button that is not in the page")
	}
}

func TestFirstFocusableSkipsHiddenAndDisabledControls(t *testing.T) {
	test.NewTempApp(t)
	hidden := view.NewPushButton("caché", nil, nil)
	hidden.Hide()
	off := view.NewPushButton("éteint", nil, nil)
	off.Disable()
	want := view.NewPushButton("le bon", nil, nil)
	root := container.NewVBox(widget.NewLabel("texte"), hidden, container.NewVScroll(container.NewVBox(off, want)))
	viewtest.Show(t, root)
	if got := view.FirstFocusable(root); got != fyne.Focusable(want) {
		t.Errorf("first focusable = %v, want the visible, enabled button", got)
	}
	if !view.Holds(root, want) || view.Holds(root, widget.NewLabel("")) {
		t.Error("Holds does not tell what lies inside root")
	}
}

func TestClicksTellAClickADoubleClickARightClickAndADrop(t *testing.T) {
	press := func(g *view.Clicks, button desktop.MouseButton, move fyne.Delta) {
		g.MouseDown(&desktop.MouseEvent{Button: button})
		if move != (fyne.Delta{}) {
			g.Dragged(&fyne.DragEvent{Dragged: move})
		}
		g.MouseUp(&desktop.MouseEvent{Button: button})
	}
	for _, c := range []struct {
		name  string
		hands view.Hands
		do    func(g *view.Clicks, clock *viewtest.Clock)
		want  string
	}{
		{"one click", view.NormalHands(), func(g *view.Clicks, _ *viewtest.Clock) {
			press(g, desktop.MouseButtonPrimary, fyne.Delta{})
		}, "click1"},
		{"a quick double-click", view.NormalHands(), func(g *view.Clicks, clock *viewtest.Clock) {
			press(g, desktop.MouseButtonPrimary, fyne.Delta{})
			clock.Advance(200 * time.Millisecond)
			press(g, desktop.MouseButtonPrimary, fyne.Delta{})
		}, "click1 click2"},
		{"two clicks 0.7 s apart, usual hands", view.NormalHands(), func(g *view.Clicks, clock *viewtest.Clock) {
			press(g, desktop.MouseButtonPrimary, fyne.Delta{})
			clock.Advance(700 * time.Millisecond)
			press(g, desktop.MouseButtonPrimary, fyne.Delta{})
		}, "click1 click1"},
		{"two clicks 0.7 s apart, slow hands", view.SlowHands(), func(g *view.Clicks, clock *viewtest.Clock) {
			press(g, desktop.MouseButtonPrimary, fyne.Delta{})
			clock.Advance(700 * time.Millisecond)
			press(g, desktop.MouseButtonPrimary, fyne.Delta{})
		}, "click1 click2"},
		{"a right-click", view.NormalHands(), func(g *view.Clicks, _ *viewtest.Clock) {
			press(g, desktop.MouseButtonSecondary, fyne.Delta{})
		}, "right"},
		{"a click whose hand moves 10 units, usual hands", view.NormalHands(), func(g *view.Clicks, _ *viewtest.Clock) {
			press(g, desktop.MouseButtonPrimary, fyne.NewDelta(6, 8))
		}, "drag drop"},
		{"a click whose hand moves 10 units, slow hands", view.SlowHands(), func(g *view.Clicks, _ *viewtest.Clock) {
			press(g, desktop.MouseButtonPrimary, fyne.NewDelta(6, 8))
		}, "drag cancel click1"},
		{"a drag of 100 units, slow hands", view.SlowHands(), func(g *view.Clicks, _ *viewtest.Clock) {
			press(g, desktop.MouseButtonPrimary, fyne.NewDelta(100, 0))
		}, "drag drop"},
	} {
		clock := viewtest.NewClock()
		var got []string
		g := &view.Clicks{Hands: c.hands, Clock: clock,
			OnClick:      func(n int) { got = append(got, "click"+string(rune('0'+n))) },
			OnRightClick: func() { got = append(got, "right") },
			OnDrag:       func(fyne.Delta) { got = append(got, "drag") },
			OnDrop:       func() { got = append(got, "drop") },
			OnCancel:     func() { got = append(got, "cancel") },
		}
		c.do(g, clock)
		if s := join(got); s != c.want {
			t.Errorf("%s: %q, want %q", c.name, s, c.want)
		}
	}
}

func join(words []string) string {
	out := ""
	for i, w := range words {
		if i > 0 {
			out += " "
		}
		out += w
	}
	return out
}
