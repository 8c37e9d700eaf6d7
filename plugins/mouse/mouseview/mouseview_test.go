package mouseview

import (
	"strings"
	"testing"
	"time"

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
	return buildWith(t, every, rec.Env())
}

// buildWith shows the mouse exercise body with env in a test window.
func buildWith(t *testing.T, body string, env view.Env) (fyne.CanvasObject, fyne.Canvas) {
	t.Helper()
	a, err := mouse.Kind{}.Parse([]byte(body), plugins.Position{File: "l.md", Line: 1})
	if err != nil {
		t.Fatal(err)
	}
	obj, ok := view.Build(a, env)
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
	clock := viewtest.NewClock()
	env := rec.Env()
	env.Clock = clock
	obj, c := buildWith(t, every, env)
	first := target(t, obj).Size().Width
	if first != BigTarget {
		t.Errorf("first target is %v wide, want %v", first, BigTarget)
	}
	// A click beside the target is a kind miss.
	test.TapCanvas(c, fyne.NewPos(abs(target(t, obj)).X+first+150, abs(target(t, obj)).Y+first+10))
	if texts := strings.Join(viewtest.Texts(obj), "|"); !strings.Contains(texts, "Presque ! Visez bien la cible.") {
		t.Fatalf("miss feedback: %q", texts)
	}
	viewtest.Click(target(t, obj), fyne.Delta{})
	clock.Advance(time.Second) // the learner takes a breath between targets
	viewtest.Click(target(t, obj), fyne.Delta{})
	clock.Advance(time.Second)
	if w := target(t, obj).Size().Width; w >= first || w < view.MinTarget {
		t.Errorf("targets shrink as the learner succeeds but stay ≥ 44: %v then %v", first, w)
	}
	viewtest.Click(target(t, obj), fyne.Delta{}) // a single click on a double-click target:
	clock.Advance(time.Second)                   // when no second click comes, the wrong gesture
	if texts := strings.Join(viewtest.Texts(obj), "|"); !strings.Contains(texts, "Ce n'est pas le bon geste.") {
		t.Fatalf("wrong gesture feedback: %q", texts)
	}
	for range 2 {
		viewtest.Click(target(t, obj), fyne.Delta{})
		clock.Advance(100 * time.Millisecond)
		viewtest.Click(target(t, obj), fyne.Delta{})
		clock.Advance(time.Second)
	}
	viewtest.RightClick(target(t, obj))
	viewtest.RightClick(target(t, obj))
	for round := 0; round < 2; round++ {
		tg := target(t, obj)
		from := abs(tg).Add(fyne.NewPos(tg.Size().Width/2, tg.Size().Height/2))
		to := dropZoneCentre(t, obj)
		viewtest.DragBy(tg, fyne.NewDelta(to.X-from.X, to.Y-from.Y))
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
	viewtest.Show(t, obj)
	tg := target(t, obj)
	viewtest.DragBy(tg, fyne.NewDelta(0, 100))
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

// handsEnv is an Env with the given Hands and a test clock.
func handsEnv(rec *viewtest.Recorder, h view.Hands) (view.Env, *viewtest.Clock) {
	clock := viewtest.NewClock()
	env := rec.Env()
	env.Hands, env.Clock = h, clock
	return env, clock
}

// feedbackSays reports whether the exercise shows text.
func feedbackSays(obj fyne.CanvasObject, text string) bool {
	return strings.Contains(strings.Join(viewtest.Texts(obj), "|"), text)
}

func TestSlowHandsMakeTheTargetsHalfAsBigAgain(t *testing.T) {
	test.NewTempApp(t)
	for _, c := range []struct {
		name  string
		hands view.Hands
		want  float32
	}{
		{"usual gestures", view.NormalHands(), BigTarget},
		{"slow hands", view.SlowHands(), BigTarget * 1.5},
	} {
		var rec viewtest.Recorder
		env, _ := handsEnv(&rec, c.hands)
		obj, _ := buildWith(t, every, env)
		if got := target(t, obj).Size().Width; got != c.want {
			t.Errorf("%s: the first target is %v wide, want %v", c.name, got, c.want)
		}
	}
}

func TestADoubleClickWithAPauseCountsOnlyWithSlowHands(t *testing.T) {
	test.NewTempApp(t)
	const body = "[[targets]]\naction = \"double-click\"\n"
	for _, c := range []struct {
		name   string
		hands  view.Hands
		pause  time.Duration
		passes bool
	}{
		{"usual gestures, a quick double-click", view.NormalHands(), 200 * time.Millisecond, true},
		{"usual gestures, 0.8 s between the clicks", view.NormalHands(), 800 * time.Millisecond, false},
		{"slow hands, 0.8 s between the clicks", view.SlowHands(), 800 * time.Millisecond, true},
		{"slow hands, 1.1 s between the clicks", view.SlowHands(), 1100 * time.Millisecond, true},
		{"slow hands, 2 s between the clicks", view.SlowHands(), 2 * time.Second, false},
	} {
		var rec viewtest.Recorder
		env, clock := handsEnv(&rec, c.hands)
		obj, _ := buildWith(t, body, env)
		tg := target(t, obj)
		viewtest.Click(tg, fyne.Delta{})
		clock.Advance(c.pause)
		viewtest.Click(tg, fyne.Delta{})
		clock.Advance(3 * time.Second) // whatever wait there was is over
		passed := len(rec.Done) == 1 && rec.Done[0].Passed
		if passed != c.passes {
			t.Errorf("%s: passed = %v, want %v (feedback %q)", c.name, passed, c.passes, viewtest.Texts(obj))
		}
		if !c.passes && !feedbackSays(obj, "Ce n'est pas le bon geste.") {
			t.Errorf("%s: two slow clicks are not told as the wrong gesture: %q", c.name, viewtest.Texts(obj))
		}
	}
}

func TestAClickWhoseHandMovesCountsWithinTheHandsRoom(t *testing.T) {
	test.NewTempApp(t)
	const body = "[[targets]]\naction = \"click\"\n"
	for _, c := range []struct {
		name   string
		hands  view.Hands
		wobble fyne.Delta
		passes bool
	}{
		{"usual gestures, the hand still", view.NormalHands(), fyne.Delta{}, true},
		{"usual gestures, 3 units of movement", view.NormalHands(), fyne.NewDelta(3, 0), true},
		{"usual gestures, 15 units of movement", view.NormalHands(), fyne.NewDelta(12, 9), false},
		{"slow hands, 15 units of movement", view.SlowHands(), fyne.NewDelta(12, 9), true},
		{"slow hands, 40 units of movement", view.SlowHands(), fyne.NewDelta(40, 0), false},
	} {
		var rec viewtest.Recorder
		env, _ := handsEnv(&rec, c.hands)
		obj, _ := buildWith(t, body, env)
		viewtest.Click(target(t, obj), c.wobble)
		if passed := len(rec.Done) == 1; passed != c.passes {
			t.Errorf("%s: clicked = %v, want %v", c.name, passed, c.passes)
		}
	}
}

func TestADropNearTheZoneCountsWithSlowHands(t *testing.T) {
	test.NewTempApp(t)
	const body = "[[targets]]\naction = \"drag\"\nzone = \"La boîte\"\n"
	for _, c := range []struct {
		name   string
		hands  view.Hands
		passes bool
	}{
		{"usual gestures", view.NormalHands(), false},
		{"slow hands", view.SlowHands(), true},
	} {
		var rec viewtest.Recorder
		env, _ := handsEnv(&rec, c.hands)
		obj, _ := buildWith(t, body, env)
		tg := target(t, obj)
		zone := dropZoneCentre(t, obj)
		var z fyne.CanvasObject
		for _, o := range viewtest.All[*fyne.Container](obj) {
			if len(o.Objects) == 2 && o.Objects[0] == tg.v.zoneRect {
				z = o
			}
		}
		if z == nil {
			t.Fatal("no drop zone")
		}
		// The target's centre lands 12 units left of the zone's edge.
		from := abs(tg).Add(fyne.NewPos(tg.Size().Width/2, tg.Size().Height/2))
		to := fyne.NewPos(abs(z).X-12, zone.Y)
		viewtest.DragBy(tg, fyne.NewDelta(to.X-from.X, to.Y-from.Y))
		if passed := len(rec.Done) == 1; passed != c.passes {
			t.Errorf("%s: a drop 12 units beside the zone counts = %v, want %v", c.name, passed, c.passes)
		}
	}
}

func TestTheSecondClickOfADoubleClickBesideTheNextTargetIsNotAMiss(t *testing.T) {
	test.NewTempApp(t)
	const body = "rounds = 2\n[[targets]]\naction = \"click\"\n"
	var rec viewtest.Recorder
	env, clock := handsEnv(&rec, view.SlowHands())
	obj, c := buildWith(t, body, env)
	viewtest.Click(target(t, obj), fyne.Delta{})
	clock.Advance(500 * time.Millisecond)
	// The target moved: the second click lands on the play area.
	tg := target(t, obj)
	test.TapCanvas(c, abs(tg).Add(fyne.NewPos(tg.Size().Width+60, tg.Size().Height+10)))
	if feedbackSays(obj, "Presque") {
		t.Error("the second click of a double-click, 0.5 s after the success, is counted as a miss")
	}
	clock.Advance(2 * time.Second)
	test.TapCanvas(c, abs(tg).Add(fyne.NewPos(tg.Size().Width+60, tg.Size().Height+10)))
	if !feedbackSays(obj, "Presque") {
		t.Error("a click beside the target 2.5 s later is not a kind miss")
	}
}
