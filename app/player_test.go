package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"

	"declic/courses"
)

// textThenQuizLesson starts with a screen of text, then a screen with a quiz.
const textThenQuizLesson = `+++
title = "Essayer"
+++

## Lire

Un texte à lire.

## Une question

` + "```quiz" + `
question = "Avec quel bouton faites-vous un clic ?"
[[choices]]
text = "Le bouton gauche"
correct = true
[[choices]]
text = "La molette"
` + "```" + `
`

// assertDrawnInWindow fails unless b is shown with a real size, entirely inside
// the window, and does not overlap other (another button of the same row).
func assertDrawnInWindow(t *testing.T, w fyne.Window, b, other *widget.Button, when string) {
	t.Helper()
	if !b.Visible() {
		t.Fatalf("%s: « %s » is hidden", when, b.Text)
	}
	size := b.Size()
	if size.Width < b.MinSize().Width || size.Height < b.MinSize().Height || size.Width <= 0 || size.Height <= 0 {
		t.Fatalf("%s: « %s » is %v, smaller than its minimum %v: it is not drawn", when, b.Text, size, b.MinSize())
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b)
	win := w.Canvas().Size()
	if pos.X < 0 || pos.Y < 0 || pos.X+size.Width > win.Width || pos.Y+size.Height > win.Height {
		t.Fatalf("%s: « %s » at %v (%v) is outside the %v window", when, b.Text, pos, size, win)
	}
	op := fyne.CurrentApp().Driver().AbsolutePositionForObject(other)
	os := other.Size()
	if pos.X < op.X+os.Width && op.X < pos.X+size.Width && pos.Y < op.Y+os.Height && op.Y < pos.Y+size.Height {
		t.Fatalf("%s: « %s » at %v %v overlaps « %s » at %v %v", when, b.Text, pos, size, other.Text, op, os)
	}
}

// TestPasserIsDrawnOnAnActivitysFirstDisplay shows an activity after a screen
// without one, in the three ways a learner reaches it: « Suivant », opening the
// lesson at that screen from the same module, and « Précédent » back to it. Each
// time « Passer » must be on screen, at its full size, beside « Suivant ».
func TestPasserIsDrawnOnAnActivitysFirstDisplay(t *testing.T) {
	pack := miniPack(t, textThenQuizLesson)
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	m := pack.Modules[0]

	u.OpenLesson(pack, m, 0, 0)
	p := u.Player()
	if p.skip.Visible() {
		t.Fatal("« Passer » is shown on a screen without an exercise")
	}
	test.Tap(button(t, w, "Suivant"))
	if p.StepTitle() != "Une question" {
		t.Fatalf("after Suivant the screen is %q", p.StepTitle())
	}
	assertDrawnInWindow(t, w, p.skip, p.next, "after Suivant")

	u.OpenLesson(pack, m, 0, 0)
	u.OpenLesson(pack, m, 0, 1)
	assertDrawnInWindow(t, w, u.Player().skip, u.Player().next, "opened at the exercise")

	// Back to the text: « Passer » goes away and « Suivant » takes its place.
	test.Tap(button(t, w, "Précédent"))
	p = u.Player()
	if p.skip.Visible() {
		t.Fatal("« Passer » stays on a screen without an exercise")
	}
	assertDrawnInWindow(t, w, p.next, p.prev, "back on the text")
	test.Tap(button(t, w, "Suivant"))
	assertDrawnInWindow(t, w, p.skip, p.next, "after Précédent then Suivant")
}
