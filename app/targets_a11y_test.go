package app

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"

	"declic/courses"
	"declic/plugins/view"
)

// minTarget is the smallest size of anything a learner taps or clicks (WCAG 2.5.5,
// in Fyne's device-independent units).
const minTarget = 44

// activityStep is where a starter-pack step holds an activity of a kind.
type activityStep struct {
	kind                   string
	module, lesson, step   int
	moduleTitle, stepTitle string
}

// firstStepOfEachKind finds, for every activity kind the starter pack uses, the
// first step that holds one.
func firstStepOfEachKind(pack *courses.Pack) []activityStep {
	seen := map[string]bool{}
	var out []activityStep
	for mi, m := range pack.Modules {
		for li, l := range m.Lessons {
			for si, s := range l.Steps {
				for _, b := range s.Blocks {
					if a, ok := b.(courses.Activity); ok && !seen[a.Kind] {
						seen[a.Kind] = true
						out = append(out, activityStep{a.Kind, mi, li, si, m.Title, s.Title})
					}
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].kind < out[j].kind })
	return out
}

// visibleWalk visits obj and its visible descendants with their absolute position.
func visibleWalk(t *testing.T, obj fyne.CanvasObject, at fyne.Position, visit func(o fyne.CanvasObject, pos fyne.Position)) {
	if obj == nil || !obj.Visible() {
		return
	}
	pos := at.Add(obj.Position())
	visit(obj, pos)
	switch o := obj.(type) {
	case *fyne.Container:
		for _, c := range o.Objects {
			visibleWalk(t, c, pos, visit)
		}
	case fyne.Widget:
		for _, c := range test.TempWidgetRenderer(t, o).Objects() {
			visibleWalk(t, c, pos, visit)
		}
	}
}

// isTarget reports objects a learner taps, clicks or focuses.
func isTarget(o fyne.CanvasObject) bool {
	switch o.(type) {
	case fyne.Tappable, fyne.DoubleTappable, fyne.SecondaryTappable, fyne.Focusable:
		return true
	}
	return false
}

// isScrollBar reports Fyne's scroll bar strip. It is left out: the mouse wheel,
// the arrow keys' focus moves and dragging already scroll, and Fyne draws the
// strip over the content, so a 44-unit strip would hide and steal taps from the
// right edge of every page (see docs/accessibility.md).
func isScrollBar(o fyne.CanvasObject) bool {
	return reflect.TypeOf(o).String() == "*widget.scrollBarArea"
}

// describe names an object for a failure message: its type and its text.
func describe(o fyne.CanvasObject) string {
	name := reflect.TypeOf(o).String()
	switch x := o.(type) {
	case *view.PushButton:
		return fmt.Sprintf("%s %q", name, x.Text)
	case *widget.Button:
		return fmt.Sprintf("%s %q", name, x.Text)
	case *view.Check:
		return fmt.Sprintf("%s %q", name, x.Text)
	case *view.Entry:
		return fmt.Sprintf("%s (placeholder %q)", name, x.PlaceHolder)
	case *widget.Hyperlink:
		return fmt.Sprintf("%s %q", name, x.Text)
	}
	return name
}

// smallTargets lists the visible targets of the window smaller than 44×44.
func smallTargets(t *testing.T, w fyne.Window) []string {
	var small []string
	visibleWalk(t, w.Content(), fyne.Position{}, func(o fyne.CanvasObject, pos fyne.Position) {
		if !isTarget(o) || isScrollBar(o) {
			return
		}
		s := o.Size()
		if s.Width == 0 && s.Height == 0 {
			return // not laid out: not on screen
		}
		if s.Width < minTarget || s.Height < minTarget {
			small = append(small, fmt.Sprintf("%s at (%.0f,%.0f) is %.0f×%.0f", describe(o), pos.X, pos.Y, s.Width, s.Height))
		}
	})
	return small
}

// screensToCheck opens, one after another, every kind of screen of the app and
// calls check on each: home, a module page, a text step, a step of each activity
// kind, the end of a lesson, the end of a module, the settings and the languages.
func screensToCheck(t *testing.T, u *ui, w fyne.Window, pack *courses.Pack, check func(name string)) {
	t.Helper()
	u.ShowHome()
	check("home")
	u.OpenModule(pack, pack.Modules[1])
	check("module page")
	u.OpenLesson(pack, pack.Modules[0], 0, 0)
	check("first lesson screen")
	u.OpenLesson(pack, pack.Modules[1], 0, 1)
	check("picture and text screen")
	for _, s := range firstStepOfEachKind(pack) {
		u.OpenLesson(pack, pack.Modules[s.module], s.lesson, s.step)
		check(s.kind + " activity (" + s.moduleTitle + " / " + s.stepTitle + ")")
	}
	m := pack.Modules[0]
	if len(m.Lessons) > 1 {
		last := len(m.Lessons[0].Steps) - 1
		u.OpenLesson(pack, m, 0, last)
		u.Player().Skip()
		if u.Player().lessonIdx == 0 {
			u.Player().Next()
		}
		check("lesson end")
	}
	lastLesson := len(m.Lessons) - 1
	u.OpenLesson(pack, m, lastLesson, len(m.Lessons[lastLesson].Steps)-1)
	for i := 0; i < 20 && u.Player() != nil && u.Player().lessonIdx == lastLesson; i++ {
		p := u.Player()
		p.Skip()
	}
	check("module end")
	u.ShowAccessibility()
	check("accessibility settings")
	u.ShowLanguages()
	check("languages")
}

// TestEveryTargetIsAtLeast44By44 opens every kind of screen and fails on any
// visible button, check, field or other target smaller than 44×44: at 1280×720 at
// the default text size and at 200 %, and on a 1024×600 netbook.
func TestEveryTargetIsAtLeast44By44(t *testing.T) {
	pack := loadStarter(t)
	for _, c := range []struct {
		scale float32
		size  fyne.Size
	}{{1, fyne.NewSize(1280, 720)}, {2, fyne.NewSize(1280, 720)}, {1, fyne.NewSize(1024, 600)}} {
		scale := c.scale
		u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
		u.applyTextScale(scale)
		w.Resize(c.size)
		withTopBar(u, w)
		screensToCheck(t, u, w, pack, func(name string) {
			if small := smallTargets(t, w); len(small) > 0 {
				t.Errorf("%.0f×%.0f, text at %.0f %%, %s: %d targets smaller than %d×%d:\n  %s", c.size.Width, c.size.Height, scale*100, name, len(small), minTarget, minTarget, strings.Join(small, "\n  "))
			}
		})
	}
}

// TestFeedbackShowsAnIconAndAWord: right and wrong are never told by colour alone.
func TestFeedbackShowsAnIconAndAWord(t *testing.T) {
	test.NewTempApp(t)
	for _, ok := range []bool{true, false} {
		f := view.NewFeedback()
		f.Set(ok, map[bool]string{true: "Bravo !", false: "Pas encore"}[ok], "Le bouton gauche sert à cliquer.")
		w := test.NewTempWindow(t, f)
		w.Resize(fyne.NewSize(600, 300))
		var icons, words int
		visibleWalk(t, f, fyne.Position{}, func(o fyne.CanvasObject, _ fyne.Position) {
			switch x := o.(type) {
			case *widget.Icon:
				if x.Resource != nil {
					icons++
				}
			case *widget.Label:
				if x.Text == f.Word() && x.Text != "" {
					words++
				}
			}
		})
		if icons == 0 || words == 0 {
			t.Errorf("feedback ok=%v shows %d icons and %d words: want both", ok, icons, words)
		}
	}
}

// TestSmallTargetsAreFound checks the checker: a 30×30 button is reported, a
// hidden one is not.
func TestSmallTargetsAreFound(t *testing.T) {
	test.NewTempApp(t)
	small := widget.NewButton("x", nil)
	small.Resize(fyne.NewSize(30, 30))
	hidden := widget.NewButton("y", nil)
	hidden.Resize(fyne.NewSize(10, 10))
	hidden.Hide()
	big := widget.NewButton("z", nil)
	big.Resize(fyne.NewSize(60, 60))
	big.Move(fyne.NewPos(100, 0))
	w := test.NewTempWindow(t, container.NewWithoutLayout(small, hidden, big))
	w.Resize(fyne.NewSize(300, 100))
	got := smallTargets(t, w)
	if len(got) != 1 || !strings.Contains(got[0], `"x"`) {
		t.Errorf("small targets = %q, want only the 30×30 button", got)
	}
}
