package i18n

import "golang.org/x/text/language"

// SelfName is a language's name in that language, as its speakers write it in a
// sentence ("français", "українська", "العربية"); "" for a language the interface
// is not translated into. The names are written here rather than taken from
// golang.org/x/text/language/display, whose tables of every language's name in
// every other language would add half a megabyte to the program for eight names.
func SelfName(tag language.Tag) string {
	base, _ := tag.Base()
	switch base.String() {
	case "ar":
		return "العربية"
	case "en":
		return "English"
	case "es":
		return "español"
	case "fr":
		return "français"
	case "pt":
		return "português"
	case "ro":
		return "română"
	case "tr":
		return "Türkçe"
	case "uk":
		return "українська"
	}
	return ""
}
