package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"golang.org/x/text/language"

	"declic/courses"
)

// TestReadAloudNamesTheBrowsersBackArrow: « Écouter » on a simulated site says
// « Page précédente » for the browser's back button, which shows only an arrow.
func TestReadAloudNamesTheBrowsersBackArrow(t *testing.T) {
	pack := sitePack(t, readSiteExample(t))
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	w.Resize(fyne.NewSize(1280, 720))
	u.OpenLesson(pack, pack.Modules[0], 0, 0)
	text := screenText(u.body, u.navigationWords())
	if !strings.Contains(text, "Page précédente\n") || !strings.Contains(text, "caf.fr") {
		t.Errorf("read aloud: %q", text)
	}
}
