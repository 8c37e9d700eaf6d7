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

func buttons(obj fyne.CanvasObject, text string) []*widget.Button {
	var out []*widget.Button
	for _, b := range viewtest.All[*widget.Button](obj) {
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
