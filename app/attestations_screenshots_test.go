package app

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/attest"
	"declic/courses"
)

// TestScreenshotsAttestations renders "Mes attestations" (the list, the choice of
// a USB stick, the export done, the empty state) at 1280×720 into the -screenshots
// folder, like TestScreenshots.
func TestScreenshotsAttestations(t *testing.T) {
	if *screenshotDir == "" {
		t.Skip("pass -screenshots DIR to render the screens")
	}
	if err := os.MkdirAll(*screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	usb := filepath.Join(t.TempDir(), "CLE-ANA")
	os.Mkdir(usb, 0o755)
	plug(t, attest.Drive{Label: "CLE-ANA", Path: usb})

	st, _ := openStore(t)
	ana := addProfile(t, st, "Ana", "chat")
	finishModule(t, st, ana, "02-la-souris", "Utiliser la souris", 1.5, 0.9, attestDay)
	finishModule(t, st, ana, "03-le-clavier", "Écrire avec le clavier", 2, 0.85, attestDay.Add(24*time.Hour))
	finishModule(t, st, ana, "08-les-arnaques", "Reconnaître les arnaques", 2, 1, attestDay.Add(6*24*time.Hour))
	s := newStoreUI(t, st, []*courses.Pack{loadStarter(t)}, language.French)
	s.w.Resize(fyne.NewSize(1280, 720))
	save := func(name string) {
		f, err := os.Create(filepath.Join(*screenshotDir, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, s.w.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	}
	s.u.ShowAttestations()
	save("attestations")
	test.Tap(check(t, s.w, "Mettre mon prénom sur l'attestation"))
	test.Tap(button(t, s.w, "Exporter"))
	save("attestations-where")
	test.Tap(button(t, s.w, "Sur la clé USB « CLE-ANA »"))
	save("attestations-done")

	st2, _ := openStore(t)
	addProfile(t, st2, "Mohamed", "bateau")
	s = newStoreUI(t, st2, nil, language.French)
	s.w.Resize(fyne.NewSize(1280, 720))
	s.u.ShowAttestations()
	save("attestations-empty")
}
