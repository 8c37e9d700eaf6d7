package app

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"

	"declic/courses"
)

// TestSearchScreenshots renders the search screen with Fyne's software painter:
// go test ./app -run TestSearchScreenshots -screenshots DIR
func TestSearchScreenshots(t *testing.T) {
	if *screenshotDir == "" {
		t.Skip("pass -screenshots DIR to render the screens")
	}
	if err := os.MkdirAll(*screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	pack := loadStarter(t)
	u, w, _ := newSearchTestUI(t, []*courses.Pack{pack}, true)
	withTopBar(u, w)
	save := func(name string, size fyne.Size) {
		t.Helper()
		w.Resize(size)
		f, err := os.Create(filepath.Join(*screenshotDir, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, w.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	}
	big, small := fyne.NewSize(1280, 720), fyne.NewSize(1024, 600)

	typeQuery(u, w, "sourie")
	eventually(t, "results are shown", onScreen(u, func() bool { return len(searchRows(u)) > 0 }))
	save("search", big)
	save("search-1024", small)
	u.search.focusSearchRow(1) // the keyboard's ring on the second result
	save("search-clavier", small)

	typeQuery(u, w, "wxqzt")
	eventually(t, "the no-result message is shown", onScreen(u, func() bool { return shows(t, w, "Aucun résultat pour « wxqzt »") }))
	save("search-aucun", big)

	u2, w2, _ := newSearchTestUI(t, []*courses.Pack{pack}, false)
	withTopBar(u2, w2)
	typeQuery(u2, w2, "souris")
	eventually(t, "the preparing message is shown", onScreen(u2, func() bool { return u2.search.searchShown() && shows(t, w2, "Préparation de la recherche…") }))
	u, w = u2, w2
	save("search-preparation", big)
}
