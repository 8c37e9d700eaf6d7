package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/i18n"
)

// finalQuiz is the example pack's final check: a quiz, then a mouse exercise.
const finalQuiz = "modules/01-la-souris/02-quiz-final.md"

// breakActivities writes two mistakes in the final check of the pack at dir: a
// quiz with no right choice, and a mouse action in French.
func breakActivities(t *testing.T, dir string) {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(finalQuiz))
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(src), "correct = true\n", "", 1)
	broken = strings.Replace(broken, `action = "double-click"`, `action = "double-clic"`, 1)
	if broken == string(src) {
		t.Fatal("the example's final check changed: nothing to break")
	}
	if err := os.WriteFile(path, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A trainer who saves a broken activity reads, in the preview's banner, the
// line and what to write, in French.
func TestPreviewBannerExplainsABrokenActivityInFrench(t *testing.T) {
	p, dir, reloaded := startPreview(t)
	breakActivities(t, dir)
	waitReload(t, reloaded)
	for _, want := range []string{
		"02-quiz-final.md:12: erreur : Activité quiz : aucun choix n'est marqué juste. Ajoutez correct = true au bon choix.",
		"02-quiz-final.md:25: erreur : Activité mouse : l'action « double-clic » n'existe pas. Écrivez l'une de celles-ci : click, double-click, right-click, drag, scroll.",
	} {
		if !strings.Contains(p.BannerText(), want) {
			t.Errorf("the banner lacks\n  %s\ngot %q", want, p.BannerText())
		}
	}
}

// The same mistakes in the app's language: English when the app speaks it.
func TestPreviewBannerExplainsABrokenActivityInTheAppLanguage(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	dir := filepath.Join(t.TempDir(), "pack")
	copyTree(t, "../courses/testdata/example", dir)
	breakActivities(t, dir)
	p, err := newPreview(a, a.NewWindow(""), dir, i18n.New(language.English))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for _, want := range []string{
		"02-quiz-final.md:12: error: quiz activity: no choice is marked right. Add correct = true to the right choice.",
		"02-quiz-final.md:25: error: mouse activity: the action “double-clic” does not exist. Write one of these: click, double-click, right-click, drag, scroll.",
	} {
		if !strings.Contains(p.BannerText(), want) {
			t.Errorf("the banner lacks\n  %s\ngot %q", want, p.BannerText())
		}
	}
}
