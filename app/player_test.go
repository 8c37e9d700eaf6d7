package app

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"

	"declic/courses"
	"declic/plugins/view"
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
func assertDrawnInWindow(t *testing.T, w fyne.Window, b, other *view.PushButton, when string) {
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

// longTitlesLesson has a long lesson title and a long step title, to see them wrap.
const longTitlesLesson = `+++
title = "Créer un compte et télécharger un justificatif de domicile"
+++

## Les vrais services ne demandent jamais vos codes secrets

Un texte.

## Court

Un autre texte.
`

// TestTheHeaderNamesTheLessonBesideTheStepTitle checks the lesson player's header:
// the step's title and, in small text, the lesson's title with « Étape 1 sur 2 »,
// on one row when there is room, above the progress bar. Long titles wrap
// whole, never cut, and nothing overlaps, in a wide window, on a netbook and
// with text at 200 %.
func TestTheHeaderNamesTheLessonBesideTheStepTitle(t *testing.T) {
	pack := miniPack(t, longTitlesLesson)
	lesson := pack.Modules[0].Lessons[0]
	if *fitShotsDir != "" {
		if err := os.MkdirAll(*fitShotsDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name    string
		size    fyne.Size
		scale   float32
		oneLine bool // the short step title « Court » and the lesson's text share one row
	}{
		{"1280×720", fyne.NewSize(1280, 720), 1, true},
		{"1024×600", fyne.NewSize(1024, 600), 1, true},
		// At 200 %, the lesson's long name would wrap on 3 lines beside « Court »:
		// above it, the header is lower.
		{"1280×720 at 200 %", fyne.NewSize(1280, 720), 2, false},
		{"1024×600 at 200 %", fyne.NewSize(1024, 600), 2, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
			u.applyTextScale(c.scale)
			w.Resize(c.size)
			for step, wantCount := range []string{"Étape 1 sur 2", "Étape 2 sur 2"} {
				u.OpenLesson(pack, pack.Modules[0], 0, step)
				p := u.Player()
				if p.StepCountText() != wantCount {
					t.Fatalf("counter = %q, want %q", p.StepCountText(), wantCount)
				}
				if want := lesson.Title + " · " + wantCount; p.LessonText() != want {
					t.Fatalf("small text = %q, want %q", p.LessonText(), want)
				}
				checkHeader(t, w, p, lesson.Steps[step].Title, c.scale == 1)
				if *fitShotsDir != "" {
					saveShot(t, w, *fitShotsDir, fmt.Sprintf("header-%.0fx%.0f-%.0f-%d", c.size.Width, c.size.Height, c.scale*100, step+1))
				}
			}
			// The short title « Court »: beside the lesson's name when there is room.
			p := u.Player()
			titlePos, wherePos := absPos(p.stepTitle), absPos(p.where)
			// On one row, the lesson's text starts level with the title's line.
			sameRow := wherePos.Y >= titlePos.Y && wherePos.Y < titlePos.Y+lineHeight(p.stepTitle)/2 && wherePos.X > titlePos.X
			if sameRow != c.oneLine {
				t.Errorf("step title at %v %v, lesson at %v %v: on one row = %v, want %v",
					titlePos, p.stepTitle.Size(), wherePos, p.where.Size(), sameRow, c.oneLine)
			}
		})
	}
}

func absPos(o fyne.CanvasObject) fyne.Position {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
}

// checkHeader fails when the step's title or the lesson's text is cut, hidden,
// outside the window, over each other, or over the progress bar; with upperHalf,
// when the progress bar under them is not in the upper half of the window.
func checkHeader(t *testing.T, w fyne.Window, p *lessonPlayer, title string, upperHalf bool) {
	t.Helper()
	if p.StepTitle() != title {
		t.Fatalf("title = %q, want %q", p.StepTitle(), title)
	}
	win := w.Canvas().Size()
	var boxes []struct {
		name      string
		pos       fyne.Position
		size      fyne.Size
		wrapsFrom float32 // the label's height on one line
	}
	for _, l := range []*widget.Label{p.stepTitle, p.where} {
		if !l.Visible() || l.Truncation != fyne.TextTruncateOff || l.Wrapping != fyne.TextWrapWord {
			t.Fatalf("« %s » is hidden or may be cut (truncation %v, wrapping %v)", l.Text, l.Truncation, l.Wrapping)
		}
		pos, size := absPos(l), l.Size()
		if pos.X < 0 || pos.Y < 0 || pos.X+size.Width > win.Width+0.5 || pos.Y+size.Height > win.Height {
			t.Errorf("« %s » at %v %v is outside the %v window", l.Text, pos, size, win)
		}
		// A label shorter than its text needs, at its width, cuts its last lines.
		if min := l.MinSize(); size.Height+0.5 < min.Height {
			t.Errorf("« %s » is %v, its text needs %v: it is cut", l.Text, size, min)
		}
		// Text wider than its label must take two lines or more.
		one := fyne.MeasureText(l.Text, theme.Size(l.SizeName), l.TextStyle)
		if one.Width+2*theme.InnerPadding() > size.Width+1 && size.Height < lineHeight(l)+one.Height-1 {
			t.Errorf("« %s » is %v: its %.0f-wide text does not fit one line, and it has no room for two", l.Text, size, one.Width)
		}
		boxes = append(boxes, struct {
			name      string
			pos       fyne.Position
			size      fyne.Size
			wrapsFrom float32
		}{l.Text, pos, size, lineHeight(l)})
	}
	// « Étape 1 sur 2 » is never split over two lines: when the small text does
	// not hold on one line, the counter takes a line of its own.
	if one := natural(p.where, p.LessonText()); one > p.where.Size().Width+0.5 &&
		!strings.HasSuffix(p.where.Text, "\n"+p.StepCountText()) {
		t.Errorf("the small text %q is %.0f wide, needs %.0f: the counter may be split", p.where.Text, p.where.Size().Width, one)
	}
	a, b := boxes[0], boxes[1]
	// Labels carry transparent inner padding: compare the text areas.
	pad := theme.InnerPadding()
	if a.pos.X+pad < b.pos.X+b.size.Width-pad && b.pos.X+pad < a.pos.X+a.size.Width-pad &&
		a.pos.Y+pad < b.pos.Y+b.size.Height-pad && b.pos.Y+pad < a.pos.Y+a.size.Height-pad {
		t.Errorf("the step title %v %v and the lesson text %v %v overlap", a.pos, a.size, b.pos, b.size)
	}
	bar := p.header.Objects[1]
	barY := absPos(bar).Y
	for _, x := range boxes {
		if x.pos.Y+x.size.Height-pad > barY {
			t.Errorf("« %s » (bottom at %.0f) runs over the progress bar at %.0f", x.name, x.pos.Y+x.size.Height, barY)
		}
	}
	if upperHalf && barY > win.Height/2 {
		t.Errorf("the progress bar is at %.0f, below half the window", barY)
	}
}

// TestAFormIsReadAloudWithWordsNotStars opens the starter pack's sign-up form in
// the player: its required fields show a star, and « Écouter » says
// « (obligatoire) » instead, never a lone star.
func TestAFormIsReadAloudWithWordsNotStars(t *testing.T) {
	pack := loadStarter(t)
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	w.Resize(fyne.NewSize(1280, 720))
	for _, m := range pack.Modules {
		for li, l := range m.Lessons {
			for si, s := range l.Steps {
				if stepKinds(s) != "form" || !strings.HasSuffix(l.File, "03-creer-mon-compte.md") {
					continue
				}
				u.OpenLesson(pack, m, li, si)
				if !shows(t, w, "Prénom *") || !shows(t, w, "* obligatoire") {
					t.Fatal("the form shows no star after « Prénom » or no legend")
				}
				text := screenText(u.body, u.navigationWords())
				if !strings.Contains(text, "Prénom (obligatoire)") {
					t.Errorf("read aloud, « Prénom » is not said to be required:\n%s", text)
				}
				if strings.Contains(text, "*") {
					t.Errorf("read aloud, a star is left for the voice:\n%s", text)
				}
				return
			}
		}
	}
	t.Fatal("no form in 03-creer-mon-compte.md")
}
