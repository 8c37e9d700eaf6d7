package siteview

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"declic/courses"
	"declic/courses/embedded"
	"declic/plugins/site"
	"declic/plugins/view/viewtest"

	_ "declic/plugins/builtin" // the packs' other activities must parse too
)

// builtInSite is one site simulation of a built-in pack, named by its lesson
// file and screen.
type builtInSite struct {
	where string
	act   *site.Activity
}

// builtInSites returns every site simulation of the packs built into Déclic.
func builtInSites(t *testing.T) []builtInSite {
	t.Helper()
	packs, err := embedded.Load()
	if err != nil {
		t.Fatal(err)
	}
	var out []builtInSite
	for _, p := range packs {
		for _, m := range p.Modules {
			for _, l := range m.Lessons {
				for si, s := range l.Steps {
					for _, b := range s.Blocks {
						if a, ok := b.(courses.Activity); ok && a.Kind == site.Name {
							out = append(out, builtInSite{fmt.Sprintf("%s#%d « %s »", l.File, si+1, s.Title), a.Parsed.(*site.Activity)})
						}
					}
				}
			}
		}
	}
	return out
}

// rightValue is a value the site accepts for a field, a choice or a file: what
// the author expects, or else an ordinary value of the right kind.
func rightValue(it site.Item) string {
	switch {
	case it.Expect != "":
		return it.Expect
	case it.Type == site.Choice:
		return it.Options[0]
	case it.Type == site.File:
		return it.Files[0]
	}
	switch it.Input {
	case site.Password:
		return "Tasse-Foret-Violon-58?"
	case site.Email:
		return "marie.durand@example.fr"
	case site.Number:
		return "12"
	case site.Date:
		return "14/01/2027"
	case site.Code:
		return "123456"
	}
	return "Exemple"
}

// cookieButton is the banner's button a careful learner presses.
func cookieButton(it site.Item) string {
	if it.Expect == site.Accept {
		return "Tout accepter"
	}
	return "Tout refuser"
}

// playRightWay completes v's site the way its author means it, by mouse or by
// keyboard only, and fails on any step the site counts as a mistake.
func playRightWay(t *testing.T, v *siteView, c fyne.Canvas, keyboard bool) {
	t.Helper()
	press := func(f fyne.Focusable) {
		viewtest.TabTo(t, c, f)
		f.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
		if f == c.Focused() {
			f.TypedRune(' ')
		}
	}
	for steps := 0; !v.run.Done(); steps++ {
		if steps > 3*len(v.act.Pages) {
			t.Fatalf("still on page %q after %d steps", v.run.Page().ID, steps)
		}
		page := v.run.Page()
		if ci := page.CookieItem(); ci >= 0 && v.run.CookiesPending() {
			b := viewtest.Button(t, v.content, cookieButton(page.Items[ci]))
			if keyboard {
				press(b)
			} else {
				test.Tap(b)
			}
			continue
		}
		for i, it := range page.Items {
			iv := v.page.items[i]
			switch it.Type {
			case site.Field:
				if keyboard {
					viewtest.TabTo(t, c, iv.entry)
					test.Type(c.Focused(), rightValue(it))
				} else {
					test.Tap(iv.entry)
					test.Type(iv.entry, rightValue(it))
				}
			case site.Choice:
				want := rightValue(it)
				if keyboard {
					press(iv.choice) // opens the list
					for _, o := range it.Options {
						c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
						if o == want {
							break
						}
					}
					c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
				} else {
					iv.choice.SetSelected(want)
				}
				if iv.choice.Selected != want {
					t.Fatalf("page %q: %q chose %q, want %q", page.ID, it.Label, iv.choice.Selected, want)
				}
			case site.Check:
				if !it.Required {
					continue
				}
				if keyboard {
					press(iv.check)
				} else {
					test.TapAt(iv.check, fyne.NewPos(12, iv.check.Size().Height/2)) // on the box, as a hand would
				}
			case site.File:
				want := rightValue(it)
				if keyboard {
					press(iv.file.button)
					viewtest.TabTo(t, c, fileRowNamed(t, c, want))
					viewtest.Press(t, c, fyne.KeyReturn)
				} else {
					test.Tap(iv.file.button)
					test.Tap(fileRowNamed(t, c, want))
					test.Tap(overlayButton(t, c, "Ouvrir"))
				}
				if iv.file.name != want {
					t.Fatalf("page %q: the file chosen is %q, want %q", page.ID, iv.file.name, want)
				}
			}
		}
		next := v.run.NextStep()
		if next < 0 {
			t.Fatalf("page %q: no way on to a goal", page.ID)
		}
		iv := v.page.items[next]
		switch {
		case iv.link != nil && keyboard:
			press(iv.link)
		case iv.link != nil:
			test.Tap(iv.link)
		case keyboard:
			press(iv.button)
		default:
			test.Tap(iv.button)
		}
		if m := v.run.Mistakes(); m > 0 {
			t.Fatalf("page %q: pressing %q counted as a mistake; errors: %v", page.ID, page.Items[next].Words(), v.run.Check())
		}
	}
}

// TestEveryBuiltInSiteIsCompletedByMouseAndByKeyboard plays every site
// simulation of the built-in packs to its goal twice, with the mouse and with
// the keyboard alone, filling each page as its author means it: each one can be
// finished without a mistake, and reports a full score once.
func TestEveryBuiltInSiteIsCompletedByMouseAndByKeyboard(t *testing.T) {
	test.NewTempApp(t)
	sites := builtInSites(t)
	if len(sites) == 0 {
		t.Fatal("no site simulation in the built-in packs")
	}
	for _, s := range sites {
		for _, keyboard := range []bool{false, true} {
			way := "mouse"
			if keyboard {
				way = "keyboard"
			}
			t.Run(s.where+" by "+way, func(t *testing.T) {
				var rec viewtest.Recorder
				v := newSite(s.act, rec.Env())
				w := viewtest.Show(t, v.content)
				playRightWay(t, v, w.Canvas(), keyboard)
				if len(rec.Done) != 1 || !rec.Done[0].Passed || rec.Done[0].Score != 1 {
					t.Errorf("done %+v, want once, passed, score 1", rec.Done)
				}
			})
		}
	}
	t.Logf("%d site simulations completed by mouse and by keyboard", len(sites))
}
