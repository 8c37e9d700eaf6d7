package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/i18n"
	"declic/plugins/view"
)

// barTexts lists the words of every button on the bars of the home screen, with
// the search field's placeholder.
func barTexts(t *testing.T, u *ui, w fyne.Window) map[string]bool {
	t.Helper()
	texts := map[string]bool{u.search.entry.PlaceHolder: true}
	walk(t, w.Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*view.PushButton); ok && b.Visible() && b.Text != "" {
			texts[b.Text] = true
		}
	})
	return texts
}

func TestSwitchingLanguageRelabelsEveryControlOfTheBars(t *testing.T) {
	st, _ := openStore(t)
	p := addProfile(t, st, "Ana", "chat")
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := a.NewWindow("")
	w.Resize(defaultWindowSize)
	u := buildUI(a, w, testOptions(t, uiOptions{Store: st, Tr: i18n.New(language.French), Packs: nil}))
	u.openProfile(p)
	u.ShowHome()
	french := barTexts(t, u, w)
	for _, want := range []string{"Accueil", "Écouter", "Mon parcours", "Mes attestations", "Français"} {
		if !french[want] {
			t.Fatalf("the French bars lack %q: %v", want, french)
		}
	}

	u.switchLanguage(language.English)
	english := barTexts(t, u, w)
	for slot, l := range barLabels {
		if text := l.text(u); !english[text] {
			t.Errorf("bar control %d should say %q in English: %v", slot, text, english)
		}
	}
	for text := range english {
		if french[text] && text != u.profile.FirstName {
			t.Errorf("%q is still on the bars after switching to English", text)
		}
	}
}
