package search

import (
	"slices"
	"testing"
)

func terms(analyzer, text string) []string {
	var out []string
	for _, t := range analyzerNamed(analyzer).Analyze([]byte(text)) {
		out = append(out, string(t.Term))
	}
	return out
}

func TestFrenchAnalysisIgnoresAccentsCaseElisionAndEndings(t *testing.T) {
	same := [][2]string{
		{"Démarches", "demarche"},
		{"l'écran", "ECRAN"},
		{"télécharger", "telecharger"},
		{"Clé USB", "cle usb"},
		{"d’adresse", "adresses"}, // typographic apostrophe
		{"œuvre", "oeuvre"},
	}
	for _, p := range same {
		a, b := terms(analyzerFR, p[0]), terms(analyzerFR, p[1])
		if len(a) == 0 || !slices.Equal(a, b) {
			t.Errorf("%q → %v and %q → %v; want the same non-empty terms", p[0], a, p[1], b)
		}
	}
}

func TestFrenchStopWordsAreDroppedWithOrWithoutAccents(t *testing.T) {
	for _, s := range []string{"à", "a", "où", "ou", "de la", "les", "été", "ete"} {
		if got := terms(analyzerFR, s); len(got) != 0 {
			t.Errorf("%q → %v; want no terms", s, got)
		}
	}
	if got := terms(analyzerFR, "mot de passe"); len(got) != 2 {
		t.Errorf("mot de passe → %v; want 2 terms", got)
	}
}

func TestTheFoldingKeepsOffsetsOfTheOriginalText(t *testing.T) {
	text := "Réglez l'écran"
	for _, tok := range analyzerNamed(analyzerFR).Analyze([]byte(text)) {
		word := text[tok.Start:tok.End]
		if word != "Réglez" && word != "l'écran" {
			t.Errorf("token %q spans %q in the original text", tok.Term, word)
		}
	}
}

func TestEnglishAnalysisStemsAndFolds(t *testing.T) {
	a, b := terms(analyzerEN, "Passwords"), terms(analyzerEN, "password")
	if len(a) != 1 || !slices.Equal(a, b) {
		t.Errorf("Passwords → %v, password → %v", a, b)
	}
	if got := terms(analyzerEN, "the café's"); !slices.Equal(got, []string{"cafe"}) {
		t.Errorf("the café's → %v, want [cafe]", got)
	}
}

func TestThePlainAnalyzerKeepsWholeWords(t *testing.T) {
	if got := terms(analyzerPlain, "L'Écran des Démarches"); !slices.Equal(got, []string{"ecran", "des", "demarches"}) {
		t.Errorf("plain → %v", got)
	}
}

func TestLanguageTagsMapToAnalysisLanguages(t *testing.T) {
	for tag, want := range map[string]language{
		"fr": langFR, "fr-BE": langFR, "FR_ca": langFR, "en": langEN, "en-GB": langEN,
		"de": langOther, "": langOther, "français": langOther,
	} {
		if got := languageOf(tag); got != want {
			t.Errorf("languageOf(%q) = %q, want %q", tag, got, want)
		}
	}
}
