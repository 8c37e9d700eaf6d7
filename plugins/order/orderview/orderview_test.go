package orderview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/plugins"
	"declic/plugins/order"
	"declic/plugins/view"
	"declic/plugins/view/viewtest"
)

func activity(t *testing.T) *order.Activity {
	t.Helper()
	a, err := order.Kind{}.Parse([]byte(`steps = ["Ouvrir le navigateur", "Écrire l'adresse", "Appuyer sur Entrée"]`), plugins.Position{File: "l.md", Line: 1})
	if err != nil {
		t.Fatal(err)
	}
	return a.(*order.Activity)
}

// fixedStart makes the widget start from a known order: [2, 0, 1].
func fixedStart(t *testing.T) {
	old := Shuffle
	Shuffle = func(*order.Activity) []int { return []int{2, 0, 1} }
	t.Cleanup(func() { Shuffle = old })
}

func buttons(obj fyne.CanvasObject, text string) []*view.PushButton {
	var out []*view.PushButton
	for _, b := range viewtest.All[*view.PushButton](obj) {
		if b.Text == text {
			out = append(out, b)
		}
	}
	return out
}

func TestMovingStepsWithTheButtonsPasses(t *testing.T) {
	test.NewTempApp(t)
	fixedStart(t)
	var rec viewtest.Recorder
	obj, ok := view.Build(activity(t), rec.Env())
	if !ok {
		t.Fatal("order view not registered")
	}
	viewtest.Show(t, obj)
	// Start: Appuyer, Ouvrir, Écrire. Move "Appuyer" down twice.
	test.Tap(buttons(obj, "Descendre")[0])
	test.Tap(buttons(obj, "Descendre")[1])
	test.Tap(viewtest.Button(t, obj, "Vérifier"))
	if len(rec.Done) != 1 || !rec.Done[0].Passed {
		t.Fatalf("Done = %+v, texts %q", rec.Done, viewtest.Texts(obj))
	}
}

func TestAWrongOrderMarksPlacesAndShowsTheAnswer(t *testing.T) {
	test.NewTempApp(t)
	fixedStart(t)
	var rec viewtest.Recorder
	obj, _ := view.Build(activity(t), rec.Env())
	viewtest.Show(t, obj)
	test.Tap(buttons(obj, "Monter")[1]) // Ouvrir, Appuyer, Écrire: 1 in place
	test.Tap(viewtest.Button(t, obj, "Vérifier"))
	if len(rec.Attempts) != 1 || rec.Attempts[0].Passed || rec.Attempts[0].Score != 2.0/3 {
		t.Fatalf("attempts %+v", rec.Attempts)
	}
	icons := viewtest.All[*widget.Icon](obj)
	checks := 0
	for _, ic := range icons {
		if ic.Resource == theme.ConfirmIcon() {
			checks++
		}
	}
	if checks != 1 {
		t.Errorf("want 1 check mark for the 1 step in place, got %d", checks)
	}
	texts := strings.Join(viewtest.Texts(obj), "|")
	if !strings.Contains(texts, "À la place 2, mettez : « Écrire l'adresse »") {
		t.Errorf("hint missing: %q", texts)
	}
	test.Tap(viewtest.Button(t, obj, "Voir la bonne réponse"))
	texts = strings.Join(viewtest.Texts(obj), "|")
	if strings.Index(texts, "Ouvrir le navigateur") > strings.Index(texts, "Écrire l'adresse") {
		t.Errorf("the right order is not shown: %q", texts)
	}
	test.Tap(viewtest.Button(t, obj, "Continuer"))
	if len(rec.Done) != 1 || rec.Done[0].Passed {
		t.Fatalf("Done = %+v", rec.Done)
	}
}

func TestKeyboardOnlyFocusFollowsTheMovedStep(t *testing.T) {
	test.NewTempApp(t)
	fixedStart(t)
	var rec viewtest.Recorder
	obj, _ := view.Build(activity(t), rec.Env())
	w := viewtest.Show(t, obj)
	c := w.Canvas()
	viewtest.TabTo(t, c, buttons(obj, "Descendre")[0])
	viewtest.Press(t, c, fyne.KeySpace)
	if c.Focused() != buttons(obj, "Descendre")[1] {
		t.Fatal("focus should follow the moved step")
	}
	viewtest.Press(t, c, fyne.KeySpace) // keeps moving "Appuyer" down
	viewtest.TabTo(t, c, viewtest.Button(t, obj, "Vérifier"))
	viewtest.Press(t, c, fyne.KeySpace)
	if len(rec.Done) != 1 || !rec.Done[0].Passed {
		t.Fatalf("Done = %+v", rec.Done)
	}
}

// sixSteps is as long as the longest ordering exercise of the starter pack.
const sixSteps = `prompt = "Remettez les étapes dans l'ordre."
steps = ["Ouvrir le navigateur", "Cliquer dans la case de recherche", "Écrire 2 ou 3 mots importants",
  "Appuyer sur la touche Entrée", "Lire les adresses des résultats", "Cliquer sur le titre d'un résultat"]`

func absPos(o fyne.CanvasObject) fyne.Position {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
}

// TestVerifierSitsBesideTheStepsWhenWide checks the layout that lets six steps
// hold on one 1280×720 screen: « Vérifier » and the feedback in a column to the
// right of the steps, each step on one line with buttons of 44×44 at least; in a
// narrow window, « Vérifier » goes under the steps.
func TestVerifierSitsBesideTheStepsWhenWide(t *testing.T) {
	test.NewTempApp(t)
	a, err := order.Kind{}.Parse([]byte(sixSteps), plugins.Position{File: "l.md", Line: 1})
	if err != nil {
		t.Fatal(err)
	}
	var rec viewtest.Recorder
	v := newOrder(a.(*order.Activity), rec.Env(), []int{5, 4, 3, 2, 1, 0})
	w := viewtest.Show(t, v.content)
	// Measured on the first frame: wrapped steps already have their height.
	lastRow := v.rows[len(v.rows)-1]
	rowsRight := absPos(lastRow.down).X + lastRow.down.Size().Width
	for _, r := range v.rows {
		for _, b := range []*view.PushButton{r.up, r.down} {
			if s := b.Size(); s.Width < view.MinTarget || s.Height < view.MinTarget {
				t.Errorf("« %s » of « %s » is %v: smaller than 44×44", b.Text, r.text.Text, s)
			}
		}
		if one := fyne.MeasureText("Ég", theme.Size(r.text.SizeName), r.text.TextStyle).Height; r.text.Size().Height > 2.5*one {
			t.Errorf("« %s » takes %v: more than one line at 1280 wide", r.text.Text, r.text.Size())
		}
	}
	check := absPos(v.check)
	if check.X < rowsRight || check.Y > absPos(v.rows[1].text).Y {
		t.Errorf("wide: « Vérifier » at %v, the steps end at x=%.0f: want it beside the first steps", check, rowsRight)
	}
	test.Tap(v.check) // a wrong order: the feedback shows beside the steps too
	rowsRight = absPos(lastRow.down).X + lastRow.down.Size().Width
	if !v.feedback.Visible() || absPos(v.feedback).X < rowsRight-1 {
		t.Errorf("wide: the feedback at %v is not beside the steps (they end at x=%.0f)", absPos(v.feedback), rowsRight)
	}
	if bottom := absPos(v.rows[5].down).Y + v.rows[5].down.Size().Height; bottom > 720-160 {
		t.Errorf("the last step ends at y=%.0f: six steps do not leave room for the player's header and buttons", bottom)
	}

	w.Resize(fyne.NewSize(700, 900))
	lastBottom := absPos(lastRow.text).Y + lastRow.text.Size().Height
	if absPos(v.check).Y < lastBottom {
		t.Errorf("narrow: « Vérifier » at %v, the last step ends at y=%.0f: want it under the steps", absPos(v.check), lastBottom)
	}
}
