package mouseview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"declic/plugins"
	"declic/plugins/mouse"
	"declic/plugins/view"
	"declic/plugins/view/viewtest"
)

const every = `rounds = 2
[[targets]]
action = "click"
label = "Cliquez sur le rond"
[[targets]]
action = "double-click"
[[targets]]
action = "right-click"
[[targets]]
action = "drag"
label = "Posez la lettre dans la boîte"
zone = "La boîte aux lettres"
[[targets]]
action = "scroll"
`

func build(t *testing.T, rec *viewtest.Recorder) (fyne.CanvasObject, fyne.Canvas) {
	t.Helper()
	a, err := mouse.Kind{}.Parse([]byte(every), plugins.Position{File: "l.md", Line: 1})
	if err != nil {
		t.Fatal(err)
	}
	obj, ok := view.Build(a, rec.Env())
	if !ok {
		t.Fatal("mouse view not registered")
	}
	return obj, viewtest.Show(t, obj).Canvas()
}

func target(t *testing.T, obj fyne.CanvasObject) *Target {
	t.Helper()
	ts := viewtest.All[*Target](obj)
	if len(ts) != 1 {
		t.Fatalf("want 1 visible target, got %d", len(ts))
	}
	return ts[0]
}

func abs(o fyne.CanvasObject) fyne.Position {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
}

// dropZoneCentre is the middle of the drop zone's « Déposez ici » label.
func dropZoneCentre(t *testing.T, obj fyne.CanvasObject) fyne.Position {
	t.Helper()
	for _, l := range viewtest.All[*widget.Label](obj) {
		if strings.Contains(l.Text, "Déposez ici") {
			return abs(l).Add(fyne.NewPos(l.Size().Width/2, l.Size().Height/2))
		}
	}
	t.Fatal("no drop zone shown")
	return fyne.Position{}
}

func TestEveryGestureWithTheMouse(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj, c := build(t, &rec)
	first := target(t, obj).Size().Width
	if first != BigTarget {
		t.Errorf("first target is %v wide, want %v", first, BigTarget)
	}
	// A click beside the target is a kind miss.
	test.TapCanvas(c, fyne.NewPos(abs(target(t, obj)).X+first+150, abs(target(t, obj)).Y+first+10))
	if texts := strings.Join(viewtest.Texts(obj), "|"); !strings.Contains(texts, "Presque ! Visez bien la cible.") {
		t.Fatalf("miss feedback: %q", texts)
	}
	test.Tap(target(t, obj))
	test.Tap(target(t, obj))
	if w := target(t, obj).Size().Width; w >= first || w < view.MinTarget {
		t.Errorf("targets shrink as the learner succeeds but stay ≥ 44: %v then %v", first, w)
	}
	test.Tap(target(t, obj)) // a single click on a double-click target: wrong gesture
	if texts := strings.Join(viewtest.Texts(obj), "|"); !strings.Contains(texts, "Ce n'est pas le bon geste.") {
		t.Fatalf("wrong gesture feedback: %q", texts)
	}
	test.DoubleTap(target(t, obj))
	test.DoubleTap(target(t, obj))
	test.TapSecondary(target(t, obj))
	test.TapSecondary(target(t, obj))
	for round := 0; round < 2; round++ {
		tg := target(t, obj)
		from := abs(tg).Add(fyne.NewPos(tg.Size().Width/2, tg.Size().Height/2))
		to := dropZoneCentre(t, obj)
		test.Drag(c, from, to.X-from.X, to.Y-from.Y)
		if got := len(rec.Done); got != 0 {
			t.Fatalf("done too early: %d", got)
		}
	}
	if !strings.Contains(strings.Join(viewtest.Texts(obj), "|"), "Cible 9 sur 10") {
		t.Fatalf("both drags should have landed: %q", viewtest.Texts(obj))
	}
	for round := 0; round < 2; round++ {
		box := viewtest.All[*ScrollBox](obj)[0]
		for i := 0; i < 4; i++ {
			test.Scroll(c, abs(box).Add(fyne.NewPos(50, 50)), 0, -200)
		}
	}
	if len(rec.Done) != 1 || !rec.Done[0].Passed || rec.Done[0].Score != 1 {
		t.Fatalf("Done = %+v", rec.Done)
	}
	if rec.Done[0].Summary != "10 sur 10, à côté : 2" {
		t.Errorf("summary %q (1 click beside, 1 wrong gesture)", rec.Done[0].Summary)
	}
}

func TestADropOutsideTheZoneGoesBack(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	a, _ := mouse.Kind{}.Parse([]byte("[[targets]]\naction = \"drag\"\nzone = \"La boîte\"\n"), plugins.Position{File: "l.md", Line: 1})
	obj, _ := view.Build(a, rec.Env())
	c := viewtest.Show(t, obj).Canvas()
	tg := target(t, obj)
	test.Drag(c, abs(tg).Add(fyne.NewPos(20, 20)), 0, 100)
	if tg.offset != (fyne.Position{}) || len(rec.Done) != 0 {
		t.Fatalf("target should return to its place, is %v away", tg.offset)
	}
	if !strings.Contains(strings.Join(viewtest.Texts(obj), "|"), "Presque") {
		t.Error("a drop beside the zone gets kind feedback")
	}
}

func TestKeyboardFallbackCompletesEveryTarget(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj, c := build(t, &rec)
	for step := 0; step < 8; step++ { // click, double, right, drag × 2 rounds
		viewtest.TabTo(t, c, target(t, obj))
		viewtest.Press(t, c, fyne.KeyReturn)
	}
	for round := 0; round < 2; round++ {
		box := viewtest.All[*ScrollBox](obj)[0]
		viewtest.TabTo(t, c, box)
		viewtest.Press(t, c, fyne.KeyPageDown)
		viewtest.Press(t, c, fyne.KeyPageDown)
	}
	if len(rec.Done) != 1 || !rec.Done[0].Passed {
		t.Fatalf("Done = %+v", rec.Done)
	}
}
