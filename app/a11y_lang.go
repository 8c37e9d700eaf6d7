package app

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"declic/i18n"
)

// languageName is a language's name in that language, capitalised as a menu item
// ("Українська", "Español", "العربية"); the code itself when it is unknown.
func languageName(code string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	name := i18n.SelfName(tag)
	if name == "" {
		return code
	}
	r, size := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[size:]
}

// parseLanguage reads a stored BCP 47 tag ("uk", "pt-BR").
func parseLanguage(code string) (language.Tag, bool) {
	tag, err := language.Parse(strings.TrimSpace(code))
	if err != nil || tag == language.Und {
		return language.Und, false
	}
	return tag, true
}

// isExperimentalLanguage reports a language whose translation exists but whose
// script Fyne cannot yet lay out well (Arabic: no right-to-left layout).
func isExperimentalLanguage(tag language.Tag) bool { return i18n.IsExperimental(tag) }

// interfaceLanguages are the languages a learner can choose, French first.
// Experimental ones appear only when DECLIC_LANG asks for them.
func interfaceLanguages() []language.Tag {
	var out []language.Tag
	for _, tag := range i18n.Languages() {
		if isExperimentalLanguage(tag) && !arabicAllowed() {
			continue
		}
		out = append(out, tag)
	}
	return out
}

// switchLanguage changes the interface language at once: the translator, the
// window title and the top-bar buttons this file owns.
func (u *ui) switchLanguage(tag language.Tag) {
	u.tr = i18n.New(tag)
	u.win.SetTitle(u.tr.T("app.title"))
	u.relabelBars()
	u.search.searchAgain()
	if u.onHome {
		u.ShowHome()
	}
}
