package readability

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// reassurances are the phrases that tell a learner not to worry, as words
// without accents or capitals. After an answer that would put the learner at
// risk (giving a secret code, paying a stranger), the feedback must say why it
// is dangerous instead.
var reassurances = [][]string{
	{"ce", "n", "est", "pas", "grave"},
	{"ce", "n", "est", "pas", "bien", "grave"},
	{"c", "est", "pas", "grave"},
	{"pas", "grave"},
	{"rien", "de", "grave"},
	{"ce", "n", "est", "rien"},
	{"c", "est", "rien"},
	{"pas", "de", "souci"},
	{"pas", "de", "soucis"},
	{"aucun", "souci"},
	{"pas", "de", "probleme"},
	{"aucun", "probleme"},
	{"ce", "n", "est", "pas", "un", "probleme"},
	{"ne", "vous", "inquietez", "pas"},
	{"pas", "d", "inquietude"},
	{"pas", "de", "panique"},
	{"tant", "pis"},
	{"ca", "arrive"},
	{"c", "est", "normal"},
}

// Reassurance returns the first phrase of text that tells the learner not to
// worry (« Ce n'est pas grave », « pas de souci », « ne vous inquiétez pas »…), as
// written in text, or "" when there is none. Capitals, accents and typographic
// apostrophes do not matter.
func Reassurance(text string) string {
	type word struct {
		folded     string
		start, end int // byte offsets in text
	}
	var words []word
	start := -1
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			words = append(words, word{fold(text[start:i]), start, i})
			start = -1
		}
	}
	if start >= 0 {
		words = append(words, word{fold(text[start:]), start, len(text)})
	}
	for i := range words {
		for _, phrase := range reassurances {
			if i+len(phrase) > len(words) {
				continue
			}
			match := true
			for k, w := range phrase {
				if words[i+k].folded != w {
					match = false
					break
				}
			}
			if match {
				return text[words[i].start:words[i+len(phrase)-1].end]
			}
		}
	}
	return ""
}

// fold lowers capitals and removes accents: « Inquiétez » is « inquietez ».
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, strings.ToLower(s))
	if err != nil {
		return strings.ToLower(s)
	}
	return out
}
