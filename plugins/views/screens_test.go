package views

import (
	"flag"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"declic/plugins"
	"declic/plugins/order"
	"declic/plugins/order/orderview"
	"declic/plugins/spot/spotview"
	"declic/plugins/view"
	"declic/plugins/view/viewtest"
)

var screenshots = flag.Bool("screenshots", false, "write docs/screenshots/activities-<kind>.png")

// firstExample returns the body of the first ```kind block of docs/activities.md.
func firstExample(t testing.TB, kind string) ([]byte, plugins.Position) {
	t.Helper()
	data, err := os.ReadFile("../../docs/activities.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == "```"+kind {
			var body []string
			for _, b := range lines[i+1:] {
				if strings.HasPrefix(b, "```") {
					break
				}
				body = append(body, b)
			}
			return []byte(strings.Join(body, "\n")), plugins.Position{File: "docs/activities.md", Line: i + 2}
		}
	}
	t.Fatalf("no %s example in docs/activities.md", kind)
	return nil, plugins.Position{}
}

// plays put each widget in a telling state before the picture: feedback after an
// answer, errors under form fields, a revealed trap, a half-typed text.
var plays = map[string]func(*testing.T, fyne.CanvasObject){
	"quiz": func(t *testing.T, obj fyne.CanvasObject) {
		test.Tap(viewtest.Button(t, obj, "impots-remboursement.example.com"))
		test.Tap(viewtest.Button(t, obj, "Vérifier"))
	},
	"keyboard": func(t *testing.T, obj fyne.CanvasObject) {
		test.Type(viewtest.All[*view.Entry](obj)[0], "marie.durand")
	},
	"form": func(t *testing.T, obj fyne.CanvasObject) {
		entries := viewtest.All[*view.Entry](obj)
		test.Type(entries[0], "Marie")
		test.Type(entries[1], "marie.example.fr")
		test.Type(entries[2], "marie1970")
		test.Type(entries[3], "31/02/1970")
		test.Tap(viewtest.Button(t, obj, "Créer mon compte"))
	},
	"site": func(t *testing.T, obj fyne.CanvasObject) {
		test.Tap(viewtest.Button(t, obj, "Tout refuser"))
		test.Tap(viewtest.Button(t, obj, "Envoyer un document"))
		test.Tap(viewtest.Button(t, obj, "Valider l'envoi"))
	},
	"spot": func(t *testing.T, obj fyne.CanvasObject) {
		for _, p := range viewtest.All[*spotview.Part](obj) {
			if strings.HasPrefix(p.Text(), "Payez") || strings.HasPrefix(p.Text(), "Bonjour") {
				test.Tap(p)
			}
		}
	},
}

// TestEveryKindRendersItsDocExample builds each kind's widget from the documented
// example, renders it at 1280×720 and checks the picture is not blank; with
// -screenshots it saves the pictures for the docs.
func TestEveryKindRendersItsDocExample(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	a.Settings().SetTheme(lightTheme{theme.DefaultTheme()})
	shuffle := orderview.Shuffle
	orderview.Shuffle = func(*order.Activity) []int { return []int{1, 3, 0, 2} } // the same picture every time
	defer func() { orderview.Shuffle = shuffle }()
	for _, kind := range []string{"quiz", "mouse", "keyboard", "form", "order", "spot", "site"} {
		t.Run(kind, func(t *testing.T) {
			body, at := firstExample(t, kind)
			k, ok := plugins.Lookup(kind)
			if !ok {
				t.Fatalf("kind %s is not registered", kind)
			}
			act, err := k.Parse(body, at)
			if err != nil {
				t.Fatal(err)
			}
			obj, ok := view.Build(act, view.Env{})
			if !ok {
				t.Fatalf("no view for %s", kind)
			}
			w := test.NewWindow(obj)
			defer w.Close()
			w.Resize(fyne.NewSize(1280, 720))
			if play := plays[kind]; play != nil {
				play(t, obj)
			}
			img := w.Canvas().Capture()
			b := img.Bounds()
			first := img.At(b.Min.X+1, b.Min.Y+1)
			varied := false
			for y := b.Min.Y; y < b.Max.Y && !varied; y += 7 {
				for x := b.Min.X; x < b.Max.X; x += 7 {
					if img.At(x, y) != first {
						varied = true
						break
					}
				}
			}
			if !varied {
				t.Fatal("the widget renders as a blank picture")
			}
			if *screenshots {
				out := filepath.Join("../../docs/screenshots", "activities-"+kind+".png")
				f, err := os.Create(out)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if err := png.Encode(f, img); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// lightTheme is Fyne's default theme in its light variant whatever the system prefers,
// so the pictures look the same on every machine.
type lightTheme struct{ fyne.Theme }

func (l lightTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return l.Theme.Color(n, theme.VariantLight)
}
