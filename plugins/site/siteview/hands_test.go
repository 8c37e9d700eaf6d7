package siteview

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"declic/plugins/view"
	"declic/plugins/view/viewtest"
)

// buildWithHands shows the CAF simulation with the learner's Hands and a test
// clock.
func buildWithHands(t *testing.T, h view.Hands) (*siteView, fyne.Window, *viewtest.Clock, *viewtest.Recorder) {
	t.Helper()
	rec := &viewtest.Recorder{}
	clock := viewtest.NewClock()
	env := rec.Env()
	env.Hands, env.Clock = h, clock
	v := newSite(caf(t), env)
	w := viewtest.Show(t, v.content)
	return v, w, clock, rec
}

// toTheFileWindow answers the cookies, goes to the sending page and opens the
// file window.
func toTheFileWindow(t *testing.T, v *siteView, clock *viewtest.Clock) {
	t.Helper()
	test.Tap(viewtest.Button(t, v.content, "Tout refuser"))
	clock.Advance(2 * time.Second)
	test.Tap(viewtest.Button(t, v.content, "Envoyer un document"))
	clock.Advance(2 * time.Second)
	test.Tap(viewtest.Button(t, v.content, "Ajouter un fichier"))
}

func TestADocumentOpensWithADoubleClickAsSlowAsTheHandsAllow(t *testing.T) {
	test.NewTempApp(t)
	for _, c := range []struct {
		name   string
		hands  view.Hands
		pause  time.Duration
		opened bool
	}{
		{"usual hands, a quick double-click", view.NormalHands(), 200 * time.Millisecond, true},
		{"usual hands, 0.8 s between the clicks", view.NormalHands(), 800 * time.Millisecond, false},
		{"slow hands, 0.8 s between the clicks", view.SlowHands(), 800 * time.Millisecond, true},
	} {
		v, w, clock, _ := buildWithHands(t, c.hands)
		toTheFileWindow(t, v, clock)
		row := fileRowNamed(t, w.Canvas(), "facture-electricite-mars.pdf")
		viewtest.Click(row, fyne.Delta{})
		clock.Advance(c.pause)
		viewtest.Click(row, fyne.Delta{})
		opened := w.Canvas().Overlays().Top() == nil && strings.Contains(texts(v.content), "facture-electricite-mars.pdf")
		if opened != c.opened {
			t.Errorf("%s: the document opened = %v, want %v", c.name, opened, c.opened)
		}
		if !opened && !row.Selected() {
			t.Errorf("%s: two single clicks leave the document selected, not opened", c.name)
		}
	}
}

func TestASecondClickOnANewPageIsATremorWithSlowHands(t *testing.T) {
	test.NewTempApp(t)
	for _, c := range []struct {
		name    string
		hands   view.Hands
		pause   time.Duration
		pressed bool
	}{
		{"usual hands: the new page takes the click", view.NormalHands(), 300 * time.Millisecond, true},
		{"slow hands, 0.3 s later: a tremor", view.SlowHands(), 300 * time.Millisecond, false},
		{"slow hands, 2 s later: a click", view.SlowHands(), 2 * time.Second, true},
	} {
		v, _, clock, _ := buildWithHands(t, c.hands)
		test.Tap(viewtest.Button(t, v.content, "Tout refuser"))
		clock.Advance(2 * time.Second)
		test.Tap(viewtest.Button(t, v.content, "Envoyer un document"))
		clock.Advance(c.pause)
		// The second click lands on the new page's send button.
		test.Tap(viewtest.Button(t, v.content, "Valider l'envoi"))
		pressed := strings.Contains(texts(v.content), "Choisissez une réponse dans la liste.")
		if pressed != c.pressed {
			t.Errorf("%s: pressed = %v, want %v", c.name, pressed, c.pressed)
		}
	}
}

func TestEscapeClosesTheFileWindowAsCancelDoes(t *testing.T) {
	test.NewTempApp(t)
	v, w, clock, _ := buildWithHands(t, view.NormalHands())
	toTheFileWindow(t, v, clock)
	if w.Canvas().Overlays().Top() == nil || v.picker == nil {
		t.Fatal("the file window did not open")
	}
	dismisser, ok := v.picker.Content.(view.Dismisser)
	if !ok {
		t.Fatalf("the file window's content is a %T: Échap cannot close it", v.picker.Content)
	}
	dismisser.Dismiss()
	if w.Canvas().Overlays().Top() != nil || v.picker != nil {
		t.Error("Dismiss (Échap) did not close the file window")
	}
	if strings.Contains(texts(v.content), "facture") {
		t.Error("closing with Échap chose a document")
	}
}

func TestEveryPartOfTheSiteDrawsTheSharedOutline(t *testing.T) {
	test.NewTempApp(t)
	v, w, clock, _ := buildWithHands(t, view.NormalHands())
	c := w.Canvas()
	test.Tap(viewtest.Button(t, v.content, "Tout refuser"))
	clock.Advance(2 * time.Second)
	l := link(t, v.content, "Nos offres partenaires")
	c.Focus(l)
	if !l.Focused() {
		t.Error("the link does not show the outline with the focus")
	}
	if d := l.Describe(); d.Role != view.RoleLink || d.Name != "Nos offres partenaires" {
		t.Errorf("the link is described as %+v", d)
	}
	test.Tap(viewtest.Button(t, v.content, "Envoyer un document"))
	test.Tap(viewtest.Button(t, v.content, "Ajouter un fichier"))
	row := fileRowNamed(t, c, "recette-gateau.pdf")
	c.Focus(row)
	if !row.Focused() {
		t.Error("a document of the file window does not show the outline with the focus")
	}
	if d := row.Describe(); d.Role != view.RoleFile || !strings.HasPrefix(d.Name, "recette-gateau.pdf") || d.State != view.StateNotSelected {
		t.Errorf("the document is described as %+v", d)
	}
}
