package app

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/branding"
	"declic/courses"
	"declic/i18n"
	"declic/keys"
)

func TestACentreBundleShowsItsNameAndContactAndATamperedOneIsRefused(t *testing.T) {
	key, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), branding.DirName)
	if _, err := branding.Build(branding.BuildOptions{Dir: dir, Name: "EPN des Tilleuls",
		Contact: "Besoin d'aide ? Appelez le 01 00 00 00 00", Key: key}); err != nil {
		t.Fatal(err)
	}
	b, err := branding.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	a := test.NewApp()
	defer a.Quit()
	w := a.NewWindow("")
	w.Resize(defaultWindowSize)
	pack := miniPack(t, quizLesson)
	buildUI(a, w, testOptions(t, uiOptions{Packs: []*courses.Pack{pack}, Tr: i18n.New(language.French), Branding: b, Now: time.Now}))
	if !shows(t, w, "EPN des Tilleuls") || !shows(t, w, "01 00 00 00 00") {
		t.Fatal("the centre's name and contact are not on screen")
	}

	// A changed name no longer matches the centre's signature: nothing of it is used.
	manifest := filepath.Join(dir, "bundle.toml")
	data, _ := os.ReadFile(manifest)
	tampered := []byte(string(data[:len(data)-1]) + " ")
	if err := os.WriteFile(manifest, tampered, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := branding.LoadDir(dir); err == nil {
		t.Fatal("a tampered bundle was accepted")
	}
	if packs := bundlePacks(nil); packs != nil {
		t.Error("no bundle means no centre packs")
	}
}
