package view_test

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"declic/plugins/view"
	"declic/plugins/view/viewtest"
)

// bars returns the focus outline's bars drawn by a control: the rectangles its
// renderer adds around it, shown or not.
func bars(t *testing.T, w fyne.Widget) []*canvas.Rectangle {
	t.Helper()
	var out []*canvas.Rectangle
	for _, o := range test.TempWidgetRenderer(t, w).Objects() {
		if r, ok := o.(*canvas.Rectangle); ok && (r.Position().X < 0 || r.Position().Y < 0 ||
			r.Position().X >= w.Size().Width || r.Position().Y >= w.Size().Height) {
			out = append(out, r)
		}
	}
	return out
}

func TestEveryControlDrawsTheOutlineOnlyWithTheFocus(t *testing.T) {
	test.NewTempApp(t)
	check := view.NewCheck("Lire chaque écran tout seul", nil)
	entry := view.NewEntry()
	sel := view.NewSelect([]string{"Oui", "Non"}, nil)
	button := view.NewPushButton("Commencer", nil, nil)
	w := viewtest.Show(t, container.NewPadded(container.NewVBox(button, check, entry, sel)))
	for _, c := range []struct {
		name string
		w    fyne.Widget
	}{{"button", button}, {"check box", check}, {"text field", entry}, {"list", sel}} {
		f := c.w.(fyne.Focusable)
		w.Canvas().Focus(f)
		b := bars(t, c.w)
		if len(b) != 8 {
			t.Fatalf("%s: %d outline bars, want 4 dark and 4 light", c.name, len(b))
		}
		for _, r := range b {
			if !r.Visible() {
				t.Errorf("%s: a bar is hidden while the control has the focus", c.name)
			}
		}
		// The dark bars are at least 2 units wide and lie outside the control.
		top := b[0]
		if top.Size().Height < 2 || top.Position().Y+top.Size().Height > 0 {
			t.Errorf("%s: the top bar is %v at %v: want at least 2 units, above the control", c.name, top.Size(), top.Position())
		}
		w.Canvas().Unfocus()
		for _, r := range bars(t, c.w) {
			if r.Visible() {
				t.Errorf("%s: a bar shows without the focus", c.name)
			}
		}
	}
	if r := view.OutlineReach(); r != 6 {
		t.Errorf("the outline reaches %v units outside its control, want 6 (1 + 3 + 2)", r)
	}
}

// keys sends a key to the focused control as the desktop driver does: KeyDown,
// TypedKey, and the character for Space.
func keys(c fyne.Canvas, name fyne.KeyName) {
	f := c.Focused()
	ev := &fyne.KeyEvent{Name: name}
	if k, ok := f.(interface{ KeyDown(*fyne.KeyEvent) }); ok {
		k.KeyDown(ev)
	}
	f.TypedKey(ev)
	if name == fyne.KeySpace {
		f.TypedRune(' ')
	}
}

func TestEnterDoesWhatSpaceDoes(t *testing.T) {
	test.NewTempApp(t)
	for _, key := range []fyne.KeyName{fyne.KeySpace, fyne.KeyReturn, fyne.KeyEnter} {
		pressed := 0
		button := view.NewPushButton("Vérifier", nil, func() { pressed++ })
		check := view.NewCheck("J'accepte", nil)
		w := viewtest.Show(t, container.NewVBox(button, check))
		c := w.Canvas()
		c.Focus(button)
		keys(c, key)
		if pressed != 1 {
			t.Errorf("%s pressed the button %d times, want once", key, pressed)
		}
		c.Focus(check)
		keys(c, key)
		if !check.Checked {
			t.Errorf("%s did not tick the check box", key)
		}
		keys(c, key)
		if check.Checked {
			t.Errorf("%s did not untick the check box", key)
		}
	}
}

func TestEnterOnADisabledButtonDoesNothing(t *testing.T) {
	test.NewTempApp(t)
	pressed := 0
	button := view.NewPushButton("Suivant", nil, func() { pressed++ })
	w := viewtest.Show(t, button)
	w.Canvas().Focus(button)
	button.Disable()
	keys(w.Canvas(), fyne.KeyReturn)
	if pressed != 0 {
		t.Error("Entrée pressed a disabled button")
	}
}

func TestKeysAControlLeavesGoToTheWindow(t *testing.T) {
	test.NewTempApp(t)
	button := view.NewPushButton("1", nil, nil)
	entry := view.NewEntry()
	w := viewtest.Show(t, container.NewVBox(button, entry))
	c := w.Canvas()
	var got []fyne.KeyName
	var runes []rune
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) { got = append(got, ev.Name) })
	c.SetOnTypedRune(func(r rune) { runes = append(runes, r) })
	c.Focus(button)
	keys(c, fyne.KeyEscape)
	keys(c, fyne.KeySpace) // Space presses the button: no character for the window
	button.TypedRune('4')
	c.Focus(entry)
	keys(c, fyne.KeyEscape)
	test.Type(entry, "ab") // typed into the field, not given to the window
	if len(got) != 2 || got[0] != fyne.KeyEscape || got[1] != fyne.KeyEscape {
		t.Errorf("the window got the keys %v, want Échap from the button and from the field", got)
	}
	if string(runes) != "4" {
		t.Errorf("the window got the characters %q, want only the digit typed on the button", string(runes))
	}
	if entry.Text != "ab" {
		t.Errorf("the field holds %q", entry.Text)
	}
}

func TestDescribeNamesEachControlItsRoleAndState(t *testing.T) {
	test.NewTempApp(t)
	checked := view.NewCheck("Lire chaque écran tout seul", nil)
	checked.Checked = true
	card := view.NewPushButton("", nil, nil)
	card.Name = "Module 1, L'ordinateur"
	choice := view.NewPushButton("La molette", nil, nil)
	choice.Role, choice.State = view.RoleChoice, view.StateNotSelected
	off := view.NewPushButton("Suivant", nil, nil)
	off.Disable()
	field := view.NewEntry()
	field.SetPlaceHolder("Par exemple : Marie")
	field.Name = "Votre prénom"
	password := view.NewPasswordEntry()
	password.SetPlaceHolder("Mot de passe")
	list := view.NewSelect([]string{"Paris", "Lyon"}, nil)
	list.Name = "Ville"
	list.SetSelected("Lyon")
	for _, c := range []struct {
		obj  fyne.CanvasObject
		want view.Description
	}{
		{view.NewPushButton("Commencer", nil, nil), view.Description{Role: view.RoleButton, Name: "Commencer"}},
		{card, view.Description{Role: view.RoleButton, Name: "Module 1, L'ordinateur"}},
		{choice, view.Description{Role: view.RoleChoice, State: view.StateNotSelected, Name: "La molette"}},
		{off, view.Description{Role: view.RoleButton, State: view.StateUnavailable, Name: "Suivant"}},
		{checked, view.Description{Role: view.RoleCheck, State: view.StateChecked, Name: "Lire chaque écran tout seul"}},
		{field, view.Description{Role: view.RoleField, Name: "Votre prénom"}},
		{password, view.Description{Role: view.RolePassword, Name: "Mot de passe"}},
		{list, view.Description{Role: view.RoleList, Name: "Ville", Value: "Lyon"}},
		{widget.NewButton("OK", nil), view.Description{Role: view.RoleButton, Name: "OK"}},
	} {
		got, ok := view.Describe(c.obj)
		if !ok || got != c.want {
			t.Errorf("%T: %+v, want %+v", c.obj, got, c.want)
		}
	}
	if _, ok := view.Describe(widget.NewLabel("texte")); ok {
		t.Error("a label is described as a control")
	}
}

func TestThePasswordsEyeShowsAndHidesTheText(t *testing.T) {
	test.NewTempApp(t)
	e := view.NewPasswordEntry()
	viewtest.Show(t, e)
	eye, ok := e.ActionItem.(*view.PushButton)
	if !ok {
		t.Fatalf("the password field's action is %T, want a button", e.ActionItem)
	}
	test.Tap(eye)
	if e.Password {
		t.Error("the eye did not show the text")
	}
	test.Tap(eye)
	if !e.Password {
		t.Error("the eye did not hide the text again")
	}
}

func TestSteadyButtonsHonourTheHands(t *testing.T) {
	test.NewTempApp(t)
	for _, c := range []struct {
		name    string
		hands   view.Hands
		pause   time.Duration
		wobble  fyne.Delta
		presses int
	}{
		{"usual hands, two quick clicks", view.NormalHands(), 200 * time.Millisecond, fyne.Delta{}, 2},
		{"slow hands, two quick clicks: a tremor", view.SlowHands(), 200 * time.Millisecond, fyne.Delta{}, 1},
		{"slow hands, two clicks 2 s apart", view.SlowHands(), 2 * time.Second, fyne.Delta{}, 2},
		{"usual hands, a click that slips 10 units off the button", view.NormalHands(), 2 * time.Second, fyne.NewDelta(0, 40), 1},
		{"slow hands, a click that slips 10 units off the button", view.SlowHands(), 2 * time.Second, fyne.NewDelta(0, 40), 2},
	} {
		clock := viewtest.NewClock()
		env := view.Env{Hands: c.hands, Clock: clock}
		presses := 0
		b := env.SteadyButton("Le bouton gauche", nil, func() { presses++ })
		w := viewtest.Show(t, container.NewWithoutLayout(b))
		b.Resize(fyne.NewSize(300, 60))
		b.Move(fyne.NewPos(100, 100))
		_ = w
		viewtest.Click(b, fyne.Delta{})
		clock.Advance(c.pause)
		viewtest.Click(b, c.wobble) // from the middle, 40 units down: 10 units below the button
		if presses != c.presses {
			t.Errorf("%s: %d presses, want %d", c.name, presses, c.presses)
		}
	}
}
