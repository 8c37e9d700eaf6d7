package i18n

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// vagueWords are words that tell a learner how something feels, not what it is:
// « les parties bizarres » leaves them guessing what to look for. FALC asks for
// concrete words (« chaque piège », « l'adresse de l'expéditeur »).
var vagueWords = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(bizarres?|étranges?|louches?|bizarrement|trucs?|bidules?)(?:$|[^\p{L}])`)

// TestFrenchMessagesUseConcreteWords reads every French message file and fails,
// with file and line, on a vague word.
func TestFrenchMessagesUseConcreteWords(t *testing.T) {
	files, _ := fs.Glob(locales, "locales/*.fr.toml")
	if len(files) == 0 {
		t.Fatal("no French message files embedded")
	}
	var found []string
	for _, name := range files {
		data, _ := locales.ReadFile(name)
		for i, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			if m := vagueWords.FindStringSubmatch(line); m != nil {
				found = append(found, fmt.Sprintf("%s:%d: « %s » is vague: name what the learner must look for", name, i+1, m[1]))
			}
		}
	}
	if len(found) > 0 {
		t.Errorf("%d vague words in the app's French:\n  %s", len(found), strings.Join(found, "\n  "))
	}
}

// TestTheVagueWordsAreFound checks the rule on sentences it must catch and ones
// it must let through.
func TestTheVagueWordsAreFound(t *testing.T) {
	for text, vague := range map[string]bool{
		"Cliquez sur les parties bizarres.":         true,
		"Une adresse Étrange.":                      true,
		"C'est louche.":                             true,
		"Cliquez sur chaque piège que vous voyez.":  false,
		"Vous savez déjà faire 3 choses sur 5.":     false,
		"Le détruc n'existe pas, mais il passerait": false,
	} {
		if got := vagueWords.MatchString(text); got != vague {
			t.Errorf("%q: vague %v, want %v", text, got, vague)
		}
	}
}
