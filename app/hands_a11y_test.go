package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/courses"
	"declic/plugins/mouse/mouseview"
	"declic/plugins/view"
)

func TestSlowHandsAreKeptPerProfileAndResetOnTheChooser(t *testing.T) {
	st, _ := openStore(t)
	ana := addProfile(t, st, "Ana", "chat")
	bob := addProfile(t, st, "Bob", "soleil")
	s := newStoreUI(t, st, []*courses.Pack{loadStarter(t)}, language.French)
	u := s.u
	u.openProfile(ana)
	u.ShowAccessibility()
	if !shows(t, s.w, "Souris et gestes") {
		t.Fatal("« Affichage et voix » has no setting for the mouse and gestures")
	}
	test.Tap(button(t, s.w, "Plus de temps et de place"))
	if !u.access.slowHands || u.access.hands != view.SlowHands() {
		t.Fatal("choosing « Plus de temps et de place » did not give slow hands")
	}
	if b := button(t, s.w, "Plus de temps et de place"); b.Icon == nil {
		t.Error("the choice made is not marked with a tick")
	}
	saved, err := st.Profile(context.Background(), ana.ID)
	if err != nil || !saved.Preferences.SlowHands {
		t.Fatalf("Ana's slow hands were not saved: %+v, %v", saved.Preferences, err)
	}
	u.profiles.ShowProfiles()
	if u.access.slowHands || u.access.hands.DoubleClick != view.NormalHands().DoubleClick {
		t.Error("the profile chooser keeps the previous learner's slow hands")
	}
	u.openProfile(bob)
	if u.access.slowHands {
		t.Error("Bob opens with Ana's slow hands")
	}
	u.profiles.ShowProfiles()
	fresh, _ := st.Profile(context.Background(), ana.ID)
	u.openProfile(fresh)
	if !u.access.slowHands {
		t.Error("Ana's slow hands are not restored when her profile opens")
	}
	u.ShowAccessibility()
	test.Tap(button(t, s.w, "Gestes habituels"))
	if saved, _ := st.Profile(context.Background(), ana.ID); saved.Preferences.SlowHands || u.access.slowHands {
		t.Error("going back to the usual gestures is not kept")
	}
}

func TestSlowHandsReachTheActivitiesOfALesson(t *testing.T) {
	pack := loadStarter(t)
	var mouse activityStep
	for _, s := range firstStepOfEachKind(pack) {
		if s.kind == "mouse" {
			mouse = s
		}
	}
	for _, c := range []struct {
		slow bool
		want float32
	}{{false, mouseview.BigTarget}, {true, mouseview.BigTarget * 1.5}} {
		u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
		w.Resize(fyne.NewSize(1280, 720))
		u.applySlowHands(c.slow)
		u.OpenLesson(pack, pack.Modules[mouse.module], mouse.lesson, mouse.step)
		var target *mouseview.Target
		walk(t, w.Content(), func(o fyne.CanvasObject) {
			if x, ok := o.(*mouseview.Target); ok && x.Visible() {
				target = x
			}
		})
		if target == nil {
			t.Fatal("the mouse step shows no target")
		}
		if got := target.Size().Width; got != c.want {
			t.Errorf("slow hands %v: the first target is %v wide, want %v", c.slow, got, c.want)
		}
	}
}
