package app

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/i18n"
)

// capture writes the window to DIR/name.png with Fyne's software painter.
func capture(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	f, err := os.Create(filepath.Join(*screenshotDir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

// go test ./app -run TestPreviewScreenshots -screenshots docs/screenshots renders
// the preview of docs/guide-formateur.md: a screen, then the same screen with a
// mistake shown in the banner.
func TestPreviewScreenshots(t *testing.T) {
	if *screenshotDir == "" {
		t.Skip("pass -screenshots DIR to render the screens")
	}
	dir := filepath.Join(t.TempDir(), "mon-parcours")
	copyTree(t, "../courses/testdata/example", dir)
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := a.NewWindow("")
	w.Resize(fyne.NewSize(1280, 720))
	p, err := newPreview(a, w, dir, i18n.New(language.French))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	pack := p.UI.opts.Packs[0]
	p.UI.OpenLesson(pack, pack.Modules[0], 0, 1)
	capture(t, w, "preview")
	lesson := filepath.Join(dir, "modules/01-la-souris/01-tenir-la-souris.md")
	src, _ := os.ReadFile(lesson)
	os.WriteFile(lesson, []byte(strings.Replace(string(src), "images/souris.svg", "images/souris-gauche.svg", 1)), 0o644)
	p.Reload()
	capture(t, w, "preview-erreur")
}
