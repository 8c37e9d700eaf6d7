package siteview

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"declic/internal/prereq"
	"declic/plugins"
	"declic/plugins/site"
	"declic/plugins/view/viewtest"
)

// packSites returns every ```site block of the built-in packs and of the
// trainers' documentation, parsed, by place.
func packSites(t *testing.T) map[string]*site.Activity {
	t.Helper()
	out := map[string]*site.Activity{}
	for _, root := range []string{"../../../courses/starter/pack", "../../../courses/demarches/pack", "../../../docs/activities.md"} {
		prereq.File(t, root)
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			lines := strings.Split(string(data), "\n")
			for i := 0; i < len(lines); i++ {
				if strings.TrimSpace(lines[i]) != "```site" {
					continue
				}
				end := i + 1
				for end < len(lines) && !strings.HasPrefix(lines[end], "```") {
					end++
				}
				at := plugins.Position{File: path, Line: i + 2}
				a, err := site.Kind{}.Parse([]byte(strings.Join(lines[i+1:end], "\n")), at)
				if err != nil {
					t.Errorf("%v", err)
				} else {
					out[at.String()] = a.(*site.Activity)
				}
				i = end
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// player does a site's way to the goal through the real widgets, with the mouse
// or with the keyboard alone.
type player struct {
	t     *testing.T
	v     *siteView
	c     fyne.Canvas
	mouse bool
}

func (p *player) cookies(answer string) {
	words := map[string]string{site.Accept: "Tout accepter", site.Refuse: "Tout refuser"}[answer]
	b := viewtest.Button(p.t, p.v.content, words)
	if p.mouse {
		test.Tap(b)
		return
	}
	viewtest.TabTo(p.t, p.c, b)
	space(p.t, p.c)
}

func (p *player) set(item int, value string) {
	t := p.t
	iv := p.v.page.items[item]
	switch {
	case iv.entry != nil:
		if p.mouse {
			test.Tap(iv.entry)
		} else {
			viewtest.TabTo(t, p.c, iv.entry)
		}
		iv.entry.SetText("")
		test.Type(iv.entry, value)
	case iv.check != nil:
		if iv.check.Checked == (value == "true") {
			return
		}
		if p.mouse {
			test.TapAt(iv.check, fyne.NewPos(12, iv.check.Size().Height/2))
		} else {
			viewtest.TabTo(t, p.c, iv.check)
			space(t, p.c)
		}
	case iv.choice != nil:
		if p.mouse {
			test.Tap(iv.choice)
			menu := p.c.Overlays().Top()
			if menu == nil {
				t.Fatal("a tap on the list opens it")
			}
			tapMenuItem(t, menu, value)
		} else {
			viewtest.TabTo(t, p.c, iv.choice)
			space(t, p.c)
			for range slices.Index(iv.item.Options, value) + 1 {
				p.c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
			}
			p.c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		}
		if iv.choice.Selected != value {
			t.Fatalf("the list shows %q, want %q", iv.choice.Selected, value)
		}
	case iv.file != nil:
		if p.mouse {
			test.Tap(iv.file.button)
			viewtest.Click(fileRowNamed(t, p.c, value), fyne.Delta{})
			test.Tap(overlayButton(t, p.c, "Ouvrir"))
		} else {
			viewtest.TabTo(t, p.c, iv.file.button)
			space(t, p.c)
			viewtest.TabTo(t, p.c, fileRowNamed(t, p.c, value))
			viewtest.Press(t, p.c, fyne.KeyReturn)
		}
		if iv.file.name != value {
			t.Fatalf("the file %q is chosen, want %q", iv.file.name, value)
		}
	}
}

func (p *player) press(item int) {
	iv := p.v.page.items[item]
	var target fyne.Focusable = iv.button
	if iv.link != nil {
		target = iv.link
	}
	if p.mouse {
		test.Tap(target.(fyne.Tappable))
		return
	}
	viewtest.TabTo(p.t, p.c, target)
	if iv.link != nil {
		viewtest.Press(p.t, p.c, fyne.KeyReturn)
	} else {
		space(p.t, p.c)
	}
}

// TestEveryPackSimulationCanBeDoneByMouseAndByKeyboard plays each site activity of
// the built-in packs and of docs/activities.md to its goal, once with the mouse and once with the keyboard
// alone, through the real widgets, and expects a full score.
func TestEveryPackSimulationCanBeDoneByMouseAndByKeyboard(t *testing.T) {
	sites := packSites(t)
	if len(sites) < 2 {
		t.Fatalf("only %d site activities found: the documentation alone has two", len(sites))
	}
	for where, a := range sites {
		for _, mouse := range []bool{true, false} {
			name := where + "/keyboard"
			if mouse {
				name = where + "/mouse"
			}
			t.Run(name, func(t *testing.T) {
				test.NewTempApp(t)
				var rec viewtest.Recorder
				v := newSite(a, rec.Env())
				w := viewtest.Show(t, v.content)
				p := &player{t: t, v: v, c: w.Canvas(), mouse: mouse}
				for _, act := range a.Way().Actions {
					switch act.Do {
					case site.DoCookies:
						p.cookies(act.Value)
					case site.DoSet:
						p.set(act.Item, act.Value)
					case site.DoPress:
						p.press(act.Item)
					}
				}
				if len(rec.Done) != 1 || rec.Done[0].Score != 1 {
					t.Fatalf("done %+v, feedback shown: %q", rec.Done, texts(v.content))
				}
			})
		}
	}
	t.Logf("%d site activities done by mouse and by keyboard", len(sites))
}

// TestThePlayerDoesTheAgreedExample checks the test's own player on the example
// before it meets the packs.
func TestThePlayerDoesTheAgreedExample(t *testing.T) {
	for _, mouse := range []bool{true, false} {
		test.NewTempApp(t)
		var rec viewtest.Recorder
		a := caf(t)
		v := newSite(a, rec.Env())
		w := viewtest.Show(t, v.content)
		p := &player{t: t, v: v, c: w.Canvas(), mouse: mouse}
		for _, act := range a.Way().Actions {
			switch act.Do {
			case site.DoCookies:
				p.cookies(act.Value)
			case site.DoSet:
				p.set(act.Item, act.Value)
			case site.DoPress:
				p.press(act.Item)
			}
		}
		if len(rec.Done) != 1 || rec.Done[0].Score != 1 {
			t.Fatalf("mouse %v: done %+v", mouse, rec.Done)
		}
	}
}

// tapMenuItem taps the item of an open list whose words are text, as a hand would.
func tapMenuItem(t *testing.T, menu fyne.CanvasObject, text string) {
	t.Helper()
	for _, o := range test.LaidOutObjects(menu) {
		tp, ok := o.(fyne.Tappable)
		if !ok {
			continue
		}
		if _, whole := o.(*widget.Menu); whole {
			continue
		}
		w, ok := o.(fyne.Widget)
		if !ok {
			continue
		}
		for _, part := range test.WidgetRenderer(w).Objects() {
			if txt, ok := part.(*canvas.Text); ok && txt.Text == text {
				test.Tap(tp)
				return
			}
		}
	}
	t.Fatalf("no item %q in the open list", text)
}

// TestTheReplayCountsAStepRepeated: the same wrong link pressed twice is one line
// of the replay, with how many times.
func TestTheReplayCountsAStepRepeated(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	a := caf(t)
	v := newSite(a, rec.Env())
	w := viewtest.Show(t, v.content)
	p := &player{t: t, v: v, c: w.Canvas(), mouse: true}
	p.cookies(site.Refuse)
	p.press(1)
	p.press(1)
	for _, act := range a.Way().Actions {
		switch act.Do {
		case site.DoSet:
			p.set(act.Item, act.Value)
		case site.DoPress:
			p.press(act.Item)
		}
	}
	if len(rec.Done) != 1 || rec.Done[0].Score != 0.5 {
		t.Fatalf("done %+v", rec.Done)
	}
	test.Tap(viewtest.Button(t, v.content, "Revoir mon parcours"))
	all := texts(v.content)
	if !strings.Contains(all, "Vous avez appuyé sur « Nos offres partenaires ». Nombre de fois : 2.") || strings.Count(all, "Ce lien mène à de la publicité.") != 1 {
		t.Errorf("the replay: %q", all)
	}
	if !viewtest.HasButton(v.content, "Fermer le parcours") || viewtest.HasButton(v.content, "Revoir mon parcours") {
		t.Error("the button beside the mission closes the replay")
	}
}

// TestTheSpaceThatOpensTheFileWindowSelectsNothing: a window sends Space as a
// key, then as a character to what has the focus by then — the first document
// of the window just opened; it must not be selected by it.
func TestTheSpaceThatOpensTheFileWindowSelectsNothing(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	a := caf(t)
	v := newSite(a, rec.Env())
	c := viewtest.Show(t, v.content).Canvas()
	p := &player{t: t, v: v, c: c, mouse: false}
	p.cookies(site.Refuse)
	p.press(2)
	viewtest.TabTo(t, c, v.page.items[1].file.button)
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	c.Focused().TypedRune(' ')
	first := fileRowNamed(t, c, "photo-vacances.jpg")
	if c.Focused() != first || first.Selected() {
		t.Fatalf("the first document has the focus (%v) and is not selected (%v)", c.Focused() == first, first.Selected())
	}
	if !overlayButton(t, c, "Ouvrir").Disabled() {
		t.Error("« Ouvrir » waits for a choice")
	}
}
