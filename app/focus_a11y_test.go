package app

import (
	"context"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/courses"
	"declic/learner"
	"declic/plugins/view"
)

// This file measures the focus outline as WCAG 2.2 asks (1.4.11 and 2.4.13): each
// control the Tab key reaches, on every kind of screen, is drawn with Fyne's
// software painter with and without the focus, and the pixels around it must
// change by 3:1 or more over a band at least 2 pixels thick, on all four sides.

// go test ./app -run TestEveryFocusStepShowsAnOutlineOf3To1 -focus-shots DIR writes
// the window's picture of every focus step whose outline is too weak, to look at.
var focusShotsDir = flag.String("focus-shots", "", "write the pictures of weak focus steps to this folder")

// outlineScan is how far, in pixels, each line across a control's edge is
// scanned for its outline: from a little inside the edge to well outside it.
const (
	scanInside  = 3
	scanOutside = 14
)

// outlineMeasure is the focus outline measured around one control.
type outlineMeasure struct {
	// contrast is the weakest 2-pixel band found on any line across the
	// control's four edges: on each line, the best pair of neighbouring pixels,
	// each changed by at least this much between the unfocused and the focused
	// pictures (1 where the outline is missing).
	contrast float64
	// where names the weakest spot: the side and the pixel.
	where string
	lines int
}

// measureOutline compares before (unfocused) and after (focused) around r, the
// control's box in pixels. Lines are taken every pixel along the middle 80 % of
// each side, where a rounded corner does not bend the outline.
func measureOutline(before, after image.Image, r image.Rectangle) outlineMeasure {
	m := outlineMeasure{contrast: 21}
	bounds := after.Bounds()
	change := func(x, y int) float64 {
		p := image.Pt(x, y)
		if !p.In(bounds) {
			return 1 // off the window: nothing shows there
		}
		return contrast(before.At(x, y), after.At(x, y))
	}
	type side struct {
		name         string
		from, to     int // along the side
		edge         int // the edge's coordinate across the side
		out          int // +1 or -1: the outward direction across the side
		horizontally bool
	}
	sides := []side{
		{"top", r.Min.X, r.Max.X, r.Min.Y - 1, -1, true},
		{"bottom", r.Min.X, r.Max.X, r.Max.Y, +1, true},
		{"left", r.Min.Y, r.Max.Y, r.Min.X - 1, -1, false},
		{"right", r.Min.Y, r.Max.Y, r.Max.X, +1, false},
	}
	for _, s := range sides {
		span := s.to - s.from
		for a := s.from + span/10; a < s.to-span/10; a++ {
			best := 0.0
			for d := -scanInside; d < scanOutside; d++ {
				at := func(d int) float64 {
					c := s.edge + s.out*d
					if s.horizontally {
						return change(a, c)
					}
					return change(c, a)
				}
				if pair := min(at(d), at(d+1)); pair > best {
					best = pair
				}
			}
			m.lines++
			if best < m.contrast {
				m.contrast = best
				m.where = fmt.Sprintf("%s side, pixel %d", s.name, a)
			}
		}
	}
	return m
}

// pixelBox is obj's box on the window's picture, in pixels.
func pixelBox(w fyne.Window, obj fyne.CanvasObject) image.Rectangle {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(obj)
	s := w.Canvas().Scale()
	size := obj.Size()
	return image.Rect(int(pos.X*s+0.5), int(pos.Y*s+0.5), int((pos.X+size.Width)*s+0.5), int((pos.Y+size.Height)*s+0.5))
}

// focusStep is one control Tab reached, measured.
type focusStep struct {
	screen, control string
	outlineMeasure
}

// scrollOffsets lists where every scroll container of the window is scrolled to.
func scrollOffsets(t *testing.T, w fyne.Window) []fyne.Position {
	var out []fyne.Position
	walk(t, w.Content(), func(o fyne.CanvasObject) {
		if s, ok := o.(*container.Scroll); ok {
			out = append(out, s.Offset)
		}
	})
	return out
}

// walkFocus presses Tab through the screen shown until the focus comes back to a
// control it visited, and measures each control's outline against the screen
// drawn with nothing focused (drawn again whenever the focus scrolled the
// screen). The top bar's controls are measured once (skipTop then lists them).
func walkFocus(t *testing.T, k keyboard, screen string, skipTop map[fyne.Focusable]bool) []focusStep {
	t.Helper()
	c := k.w.Canvas()
	c.Unfocus()
	before, at := c.Capture(), scrollOffsets(t, k.w)
	seen := map[fyne.Focusable]bool{}
	var steps []focusStep
	for range 200 {
		k.tab()
		f := c.Focused()
		if f == nil || seen[f] {
			break
		}
		seen[f] = true
		obj, ok := f.(fyne.CanvasObject)
		if !ok || skipTop[f] {
			continue
		}
		if view.Holds(k.u.top, obj) {
			skipTop[f] = true
		}
		if now := scrollOffsets(t, k.w); !slices.Equal(now, at) {
			c.Unfocus()
			before, at = c.Capture(), now
			c.Focus(f)
		}
		after := c.Capture()
		m := measureOutline(before, after, pixelBox(k.w, obj))
		steps = append(steps, focusStep{screen: screen, control: focusName(k.u, f), outlineMeasure: m})
		if m.contrast < 3 && *focusShotsDir != "" {
			writePNG(t, filepath.Join(*focusShotsDir, fmt.Sprintf("%s-%02d.png", fileName(screen), len(steps))), after)
		}
	}
	if len(seen) == 0 {
		t.Errorf("%s: Tab reaches nothing", screen)
	}
	return steps
}

// fileName turns a screen's name into a file name: words joined by dashes.
func fileName(screen string) string {
	return strings.Join(strings.FieldsFunc(screen, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), "-")
}

// writePNG saves img to path.
func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// focusName names a control in a failure message, as the read-aloud says it.
func focusName(u *ui, f fyne.Focusable) string {
	return fmt.Sprintf("%T « %s »", f, u.describeFocus(f))
}

// everyKindOfScreen opens, one after another, every kind of screen of the app —
// the list of screensToCheck (home, a module page, text and picture screens, a
// step of each activity kind, the ends of a lesson and a module, the settings,
// the languages) and the screens around it: the profile chooser, the number pad
// and the picture grid that unlock a profile, a new profile, the placement
// questionnaire, « Mon parcours », « Mes attestations », « Mes données », a
// module's summary sheet, and the screens of the profile's key: adding a profile
// from a USB stick, the wait after wrong secrets, the profile added, the
// profile's page, « Ma carte Déclic », the protection asked before a profile
// leaves, where to save « Mon bilan » and the saved file — and calls visit on
// each. The screens before a profile opens are shown at the
// default display, as the app shows them (a profile's settings apply once it is
// open); display(false) then puts the palette to measure. Once the profile is
// open, its settings are those it keeps.
func everyKindOfScreen(t *testing.T, s *storeUI, pack *courses.Pack, display func(profileOpen bool), visit func(name string)) {
	t.Helper()
	u := s.u
	ctx := context.Background()
	visitAt := func(name string) { display(false); visit(name) }
	u.profiles.ShowProfiles()
	visitAt("profile chooser")
	var pinned, pictured learner.Profile
	profiles, _ := s.store.Profiles(ctx)
	for _, p := range profiles {
		switch p.FirstName {
		case "Karim":
			pinned = p
		case "Léa":
			pictured = p
		}
	}
	u.profiles.showPINLock(pinned, u.openProfile)
	visitAt("number pad")
	u.profiles.showPictureLock(pictured, u.openProfile)
	visitAt("picture grid")
	u.profiles.ShowNewProfile()
	visitAt("new profile")
	// Karim's profile file on a USB stick: the import screen lists it.
	usb := stick(t, "CLE-KARIM")
	data, err := s.store.ProfileFile(ctx, pinned.ID, learner.Secret{PIN: "2468"})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(usb, profileFileName("Karim", "4tm4-0000")), data, 0o600); err != nil {
		t.Fatal(err)
	}
	u.ShowImportProfile(u.profiles.ShowProfiles)
	visitAt("profile import")
	u.showUnlockWait(30*time.Second, u.profiles.ShowProfiles, u.profiles.ShowProfiles)
	visitAt("wait after wrong secrets")
	u.showImported(learner.ImportResult{Profile: pinned, Merged: true})
	visitAt("profile added")
	u.profiles.ShowEditProfile(pinned)
	visitAt("profile page")
	fresh, err := s.store.Profile(ctx, profiles[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	u.openProfile(fresh)
	u.ShowPlacement()
	visit("placement questionnaire")
	u.placement = &placementRun{}
	u.showPlacementQuestion()
	visit("placement question")
	u.placement = nil
	screensToCheck(t, u, s.w, pack, visit)
	u.ShowSheetPlaces(pack, pack.Modules[0])
	visit("summary sheet")
	u.ShowParcours()
	visit("Mon parcours")
	u.ShowAttestations()
	visit("Mes attestations")
	u.ShowMyData()
	visit("Mes données")
	u.ShowCard(fresh, u.ShowMyData)
	visit("Ma carte Déclic")
	u.startProfileExport() // a profile without a PIN or pictures is protected first
	visit("protection before the profile leaves")
	u.saveBilan(false)
	visit("where to save Mon bilan")
	test.Tap(button(t, s.w, "Sur la clé USB « CLE-KARIM »"))
	if !shows(t, s.w, "C'est fait ! Votre bilan est enregistré.") {
		t.Fatal("« Mon bilan » was not saved on the stick")
	}
	visit("Mon bilan saved")
}

// newFocusUI is a window on the starter pack with three profiles: one open
// (Ana, her placement done, who keeps prefs), one behind a PIN, one behind
// pictures.
func newFocusUI(t *testing.T, prefs learner.Preferences) (*storeUI, *courses.Pack) {
	t.Helper()
	st, _ := openStore(t)
	ana := addProfile(t, st, "Ana", "chat")
	if err := st.SetPreferences(context.Background(), ana.ID, prefs); err != nil {
		t.Fatal(err)
	}
	ana, _ = st.Profile(context.Background(), ana.ID)
	karim := addProfile(t, st, "Karim", "soleil")
	lea := addProfile(t, st, "Léa", "arbre")
	ctx := context.Background()
	if err := st.SetPIN(ctx, karim.ID, "2468"); err != nil {
		t.Fatal(err)
	}
	if err := st.SetPicturePassword(ctx, lea.ID, []int{1, 5, 9}); err != nil {
		t.Fatal(err)
	}
	pack := loadStarter(t)
	s := newStoreUI(t, st, []*courses.Pack{pack}, language.French)
	s.u.openProfile(ana)
	return s, pack
}

// TestEveryFocusStepShowsAnOutlineOf3To1 walks every kind of screen with Tab, in
// the calm and the high-contrast palettes, at 100 % and 200 %, in a 1280×720
// window, and fails on any control whose outline does not change the pixels
// around it by 3:1 over 2 pixels, on every side.
func TestEveryFocusStepShowsAnOutlineOf3To1(t *testing.T) {
	if testing.Short() {
		t.Skip("draws about a thousand pictures: not in -short")
	}
	total, lowest := 0, 21.0
	lowestAt := ""
	for _, c := range []struct {
		palette string
		scale   float32
	}{{themeCalm, 1}, {themeHighContrast, 1}, {themeCalm, 2}, {themeHighContrast, 2}} {
		name := fmt.Sprintf("%s at %.0f %%", map[string]string{themeCalm: "calm", themeHighContrast: "high contrast"}[c.palette], c.scale*100)
		s, pack := newFocusUI(t, learner.Preferences{Theme: c.palette, TextScale: float64(c.scale)})
		u := s.u
		s.w.Resize(fyne.NewSize(1280, 720))
		k := keyboard{t: t, w: s.w, u: u}
		skipTop := map[fyne.Focusable]bool{}
		var steps []focusStep
		display := func(bool) {
			if paletteNamed(c.palette) != u.theme.Palette {
				u.applyContrast(c.palette)
			}
		}
		everyKindOfScreen(t, s, pack, display, func(screen string) {
			if u.profile == nil && c.scale != 1 {
				return // shown at 100 % whatever the profile's size: measured there
			}
			if paletteNamed(c.palette) != u.theme.Palette || (u.profile != nil && u.theme.Scale != c.scale) {
				t.Fatalf("%s: %s is shown at %v %%, not in the display measured", name, screen, u.theme.Scale*100)
			}
			steps = append(steps, walkFocus(t, k, screen, skipTop)...)
		})
		var weak []string
		min := 21.0
		for _, st := range steps {
			if st.contrast < 3 {
				weak = append(weak, fmt.Sprintf("%s: %s: %.2f:1 at the %s", st.screen, st.control, st.contrast, st.where))
			}
			if st.contrast < min {
				min = st.contrast
			}
			if st.contrast < lowest {
				lowest, lowestAt = st.contrast, fmt.Sprintf("%s, %s, %s", name, st.screen, st.control)
			}
		}
		total += len(steps)
		sort.Strings(weak)
		if len(weak) > 0 {
			t.Errorf("%s: %d of %d focus steps show no outline of 3:1 over 2 pixels:\n  %s", name, len(weak), len(steps), strings.Join(weak, "\n  "))
		}
		t.Logf("%s: %d focus steps measured, lowest outline contrast %.2f:1", name, len(steps), min)
	}
	t.Logf("in all: %d focus steps, lowest outline contrast %.2f:1 (%s)", total, lowest, lowestAt)
}

// TestTheOutlineMeasureFindsAMissingOutline checks the measure itself: a box
// drawn with a 3-pixel dark ring passes, the same box with a 1-pixel ring or
// with no ring fails, and so does a ring of 2:1.
func TestTheOutlineMeasureFindsAMissingOutline(t *testing.T) {
	bg := color.NRGBA{0xF7, 0xF5, 0xEF, 0xFF}
	box := image.Rect(40, 40, 140, 90)
	paint := func(ring color.Color, width int) image.Image {
		img := image.NewNRGBA(image.Rect(0, 0, 200, 140))
		for y := 0; y < 140; y++ {
			for x := 0; x < 200; x++ {
				img.Set(x, y, bg)
				outer := box.Inset(-(1 + width))
				inner := box.Inset(-1)
				if p := image.Pt(x, y); width > 0 && p.In(outer) && !p.In(inner) {
					img.Set(x, y, ring)
				}
				if image.Pt(x, y).In(box) {
					img.Set(x, y, color.NRGBA{0xE2, 0xE8, 0xF1, 0xFF})
				}
			}
		}
		return img
	}
	navy := color.NRGBA{0x0B, 0x1F, 0x3A, 0xFF}
	grey := color.NRGBA{0xA8, 0xA8, 0xA8, 0xFF} // about 2:1 on the background
	unfocused := paint(nil, 0)
	for _, c := range []struct {
		name  string
		after image.Image
		pass  bool
	}{
		{"a 3-pixel navy ring", paint(navy, 3), true},
		{"a 2-pixel navy ring", paint(navy, 2), true},
		{"a 1-pixel navy ring", paint(navy, 1), false},
		{"no ring", paint(nil, 0), false},
		{"a 3-pixel grey ring of 2:1", paint(grey, 3), false},
	} {
		m := measureOutline(unfocused, c.after, box)
		if (m.contrast >= 3) != c.pass {
			t.Errorf("%s: measured %.2f:1 at the %s, want pass = %v", c.name, m.contrast, m.where, c.pass)
		}
		if m.lines < 200 {
			t.Errorf("%s: only %d lines measured", c.name, m.lines)
		}
	}
}

// TestTheFocusedControlIsScrolledIntoView: Tab to a module card below the fold
// scrolls the home screen so the card and its outline show whole.
func TestTheFocusedControlIsScrolledIntoView(t *testing.T) {
	pack := loadStarter(t)
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	w.Resize(fyne.NewSize(1280, 720))
	u.ShowHome()
	k := keyboard{t: t, w: w, u: u}
	last := card(t, w, pack.Modules[len(pack.Modules)-1].Title)
	k.tabTo("the last module's card", func(f fyne.Focusable) bool { return f == fyne.Focusable(last) })
	scroll := u.body.Objects[0].(*container.Scroll)
	if scroll.Offset.Y == 0 {
		t.Fatal("the home screen did not scroll to the focused card")
	}
	box, shown := pixelBox(w, last), pixelBox(w, scroll)
	reach := int(view.OutlineReach() * w.Canvas().Scale())
	if box.Min.Y-reach < shown.Min.Y || box.Max.Y+reach > shown.Max.Y {
		t.Errorf("the focused card %v and its outline (%d px) are not wholly in the view %v", box, reach, shown)
	}
}

// TestEverySearchResultShowsAnOutlineOf3To1 measures the outline of each result
// row of a search, as the walk does for the other screens (the results need an
// index, which the walk's screens do without).
func TestEverySearchResultShowsAnOutlineOf3To1(t *testing.T) {
	pack := loadStarter(t)
	u, w, _ := newSearchTestUI(t, []*courses.Pack{pack}, true)
	w.Resize(fyne.NewSize(1280, 720))
	typeQuery(u, w, "clavier")
	// All the rows: the first come with the answer, the others with the next frame.
	eventually(t, "every result is shown", onScreen(u, func() bool {
		rows := searchRows(u)
		return len(rows) > 2 && len(rows) == len(u.search.shown.Hits)
	}))
	k := keyboard{t: t, w: w, u: u}
	steps := walkFocus(t, k, "search results", map[fyne.Focusable]bool{})
	rows := 0
	for _, st := range steps {
		if !strings.Contains(st.control, "searchRow") {
			continue
		}
		rows++
		if st.contrast < 3 {
			t.Errorf("%s: %.2f:1 at the %s", st.control, st.contrast, st.where)
		}
	}
	if rows < 3 {
		t.Fatalf("Tab reached %d result rows, want every row shown", rows)
	}
	t.Logf("%d result rows measured", rows)
}
