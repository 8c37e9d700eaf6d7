package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"declic/i18n"

	"golang.org/x/text/language"
)

// startPreview opens a preview on a copy of the example pack; reloads are
// signalled on the returned channel.
func startPreview(t *testing.T) (*packPreview, string, chan struct{}) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "pack")
	copyTree(t, "../courses/testdata/example", dir)
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := a.NewWindow("")
	w.Resize(defaultWindowSize)
	p, err := newPreview(a, w, dir, i18n.New(language.French))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	reloaded := make(chan struct{}, 16)
	p.reloaded = func() { reloaded <- struct{}{} }
	return p, dir, reloaded
}

// waitReload waits for the next reload; the watcher must see the save.
func waitReload(t *testing.T, reloaded chan struct{}) {
	t.Helper()
	select {
	case <-reloaded:
	case <-time.After(10 * time.Second):
		t.Fatal("no reload after a file was saved")
	}
	// Editors may fire several events: let the last debounce run too.
	for {
		select {
		case <-reloaded:
		case <-time.After(2 * previewDebounce):
			return
		}
	}
}

func TestPreviewReloadsOnSaveAndKeepsTheStep(t *testing.T) {
	p, dir, reloaded := startPreview(t)
	u := p.UI
	pack := u.opts.Packs[0]
	u.OpenLesson(pack, pack.Modules[0], 0, 2)
	if got := u.Player().StepTitle(); got != "Cliquer" {
		t.Fatalf("step %q", got)
	}
	if !strings.Contains(p.BannerText(), "Aperçu à jour") {
		t.Errorf("banner %q", p.BannerText())
	}
	lesson := filepath.Join(dir, "modules/01-la-souris/01-tenir-la-souris.md")
	src, _ := os.ReadFile(lesson)
	os.WriteFile(lesson, []byte(strings.Replace(string(src), "## Cliquer", "## Cliquer une fois", 1)), 0o644)
	waitReload(t, reloaded)
	if got := u.Player().StepTitle(); got != "Cliquer une fois" {
		t.Errorf("after the save the screen shows %q, want the same step renamed", got)
	}

	// A mistake: the banner names file:line, the last good version stays.
	os.WriteFile(lesson, []byte(strings.Replace(string(src), "images/souris.svg", "images/absente.svg", 1)), 0o644)
	waitReload(t, reloaded)
	if !strings.Contains(p.BannerText(), "01-tenir-la-souris.md:10: erreur : L'image « images/absente.svg » est introuvable. Mettez le fichier dans modules/01-la-souris/images/, ou corrigez le chemin.") {
		t.Errorf("banner %q", p.BannerText())
	}
	if got := u.Player().StepTitle(); got != "Cliquer une fois" {
		t.Errorf("with errors the screen changed to %q", got)
	}

	// Fixed again.
	os.WriteFile(lesson, src, 0o644)
	waitReload(t, reloaded)
	if !strings.Contains(p.BannerText(), "Aperçu à jour") || u.Player().StepTitle() != "Cliquer" {
		t.Errorf("after the fix: banner %q, step %q", p.BannerText(), u.Player().StepTitle())
	}
}

func TestPreviewWatchesNewFolders(t *testing.T) {
	p, dir, reloaded := startPreview(t)
	mod := filepath.Join(dir, "modules/03-nouveau")
	os.MkdirAll(mod, 0o755)
	waitReload(t, reloaded) // a module folder without module.toml: an error
	if !strings.Contains(p.BannerText(), "module.toml est introuvable") {
		t.Errorf("banner %q", p.BannerText())
	}
	os.WriteFile(filepath.Join(mod, "module.toml"), []byte("title = \"Nouveau\"\nsummary = \"S\"\nlevel = \"débutant\"\ncompetencies = [\"5.2\"]\nhours = 1\norder = 3\n"), 0o644)
	os.WriteFile(filepath.Join(mod, "01-a.md"), []byte("+++\ntitle = \"A\"\n+++\n\n## Écran\n\nTexte.\n"), 0o644)
	waitReload(t, reloaded)
	if n := len(p.UI.opts.Packs[0].Modules); n != 3 || !strings.Contains(p.BannerText(), "Aperçu à jour") {
		t.Errorf("%d modules, banner %q", n, p.BannerText())
	}
	// A file inside the new folder is watched too.
	os.WriteFile(filepath.Join(mod, "01-a.md"), []byte("+++\ntitle = \"A\"\n+++\n\n## Autre écran\n\nTexte.\n"), 0o644)
	waitReload(t, reloaded)
	if got := p.UI.opts.Packs[0].Modules[2].Lessons[0].Steps[0].Title; got != "Autre écran" {
		t.Errorf("the change inside the new folder was not seen: %q", got)
	}
}

func TestPreviewOfABrokenOrMissingFolder(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	tr := i18n.New(language.French)
	if _, err := newPreview(a, a.NewWindow(""), filepath.Join(t.TempDir(), "absent"), tr); err == nil {
		t.Error("a missing folder opened")
	}
	dir := filepath.Join(t.TempDir(), "pack")
	copyTree(t, "../courses/testdata/broken/missing-image", dir)
	p, err := newPreview(a, a.NewWindow(""), dir, tr)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if !strings.Contains(p.BannerText(), "01-lecon.md:8: erreur : ") {
		t.Errorf("banner %q", p.BannerText())
	}
}

// The banner speaks the interface's language: English when the app is in
// English, and French (the trainers' reference) for a language whose
// catalogue has no trainers' messages yet.
func TestPreviewBannerSpeaksTheAppLanguage(t *testing.T) {
	for _, tt := range []struct {
		lang language.Tag
		want string
	}{
		{language.English, "01-lecon.md:8: error: The image « images/absent.svg » is missing. Put the file in modules/01-base/images/, or fix the path."},
		{language.Spanish, "01-lecon.md:8: erreur : L'image « images/absent.svg » est introuvable."},
	} {
		a := test.NewApp()
		dir := filepath.Join(t.TempDir(), "pack")
		copyTree(t, "../courses/testdata/broken/missing-image", dir)
		p, err := newPreview(a, a.NewWindow(""), dir, i18n.New(tt.lang))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(p.BannerText(), tt.want) {
			t.Errorf("%v: banner %q", tt.lang, p.BannerText())
		}
		p.Close()
		a.Quit()
	}
}

// A lesson whose screens start with # instead of ## shows, in the banner, the
// line and the fix.
func TestPreviewBannerShowsAHeadingTrapWithItsFix(t *testing.T) {
	p, dir, reloaded := startPreview(t)
	lesson := filepath.Join(dir, "modules/01-la-souris/01-tenir-la-souris.md")
	src, _ := os.ReadFile(lesson)
	os.WriteFile(lesson, []byte(strings.Replace(string(src), "## Cliquer", "##Cliquer", 1)), 0o644)
	waitReload(t, reloaded)
	if !strings.Contains(p.BannerText(), "01-tenir-la-souris.md:15: erreur : « ##Cliquer » n'est pas un titre : il manque une espace après les #. Écrivez « ## Cliquer ».") {
		t.Errorf("banner %q", p.BannerText())
	}
}
