package app

import (
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/courses"
)

// go test ./app -run TestScreenshots -screenshots DIR renders the main screens with
// Fyne's software painter into DIR, to look at them without a display.
var screenshotDir = flag.String("screenshots", "", "write screenshots of the main screens to this folder")

// screenshotSteps lists the screens to render: module number (1-based), lesson
// index, step index. Set DECLIC_SHOTS=all to render every step of every module.
func TestScreenshots(t *testing.T) {
	if *screenshotDir == "" {
		t.Skip("pass -screenshots DIR to render the screens")
	}
	if err := os.MkdirAll(*screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	pack := loadStarter(t)
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	save := func(name string) {
		img := w.Canvas().Capture()
		f, err := os.Create(filepath.Join(*screenshotDir, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
	}
	w.Resize(fyne.NewSize(1280, 720))
	save("home")
	u.OpenModule(pack, pack.Modules[1])
	save("module")
	if os.Getenv("DECLIC_SHOTS") == "all" {
		for mi, m := range pack.Modules {
			for li, l := range m.Lessons {
				for si := range l.Steps {
					u.OpenLesson(pack, m, li, si)
					save(filepath.Base(m.ID) + "-" + l.ID + "-" + itoa(si+1))
				}
			}
			_ = mi
		}
		return
	}
	for _, m := range pack.Modules[:3] {
		u.OpenLesson(pack, m, 0, 1)
		save("lesson-" + m.ID)
	}
	_ = test.NewTempApp
}
