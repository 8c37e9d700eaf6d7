package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// go test ./app -run TestPackManagerScreenshots -screenshots docs/screenshots
// renders the pack manager: a signed course found on a USB stick, then the
// warning shown before an unsigned one is installed.
func TestPackManagerScreenshots(t *testing.T) {
	if *screenshotDir == "" {
		t.Skip("pass -screenshots DIR to render the screens")
	}
	f := newPackFixture(t)
	f.build(t, "decouverte.declic", "1.2.0", true)
	m, _, w, _ := f.manager(t)
	w.Resize(fyne.NewSize(1280, 720))
	m.Show()
	capture(t, w, "packmgr")
	test.Tap(button(t, w, "Installer"))
	capture(t, w, "packmgr-installe")
	f.build(t, "decouverte-2.declic", "2.0.0", false)
	m.Show()
	test.Tap(button(t, w, "Mettre à jour"))
	capture(t, w, "packmgr-non-signe")
}
