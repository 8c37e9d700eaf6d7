// Package readability measures how easy a French text is to read, for the
// trainers' lint (see FALC.md): words, sentences, a French syllable counter, the
// Kandel & Moles score, long words, jargon that needs an explanation, and the
// same thing called by different names. It is pure Go and knows nothing of packs.
package readability

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxSentenceWords is the FALC limit: a sentence longer than this is hard to read.
const MaxSentenceWords = 15

// LongWordSyllables is the syllable count from which a word is called long.
const LongWordSyllables = 5

// LongWordLetters is the letter count from which a word is called long.
const LongWordLetters = 14

// MinScore is the Kandel & Moles score under which a lesson is reported as hard
// to read for Déclic's learners (60–70 is "standard" for adults, 70+ "easy").
const MinScore = 60

// Stats are the counts a readability score is computed from.
type Stats struct {
	Sentences, Words, Syllables int
}

// Add sums two sets of counts.
func (s Stats) Add(o Stats) Stats {
	return Stats{s.Sentences + o.Sentences, s.Words + o.Words, s.Syllables + o.Syllables}
}

// Score is the Kandel & Moles readability score (the French adaptation of
// Flesch, 1958): 207 − 1.015 × words/sentences − 73.6 × syllables/words. Higher
// is easier; 0 when there are no words.
func (s Stats) Score() float64 {
	if s.Words == 0 || s.Sentences == 0 {
		return 0
	}
	return KandelMoles(s.Words, s.Sentences, s.Syllables)
}

// KandelMoles computes 207 − 1.015 × (words/sentences) − 73.6 × (syllables/words).
func KandelMoles(words, sentences, syllables int) float64 {
	w, s, y := float64(words), float64(sentences), float64(syllables)
	return 207 - 1.015*(w/s) - 73.6*(y/w)
}

// Measure counts the sentences, words and syllables of a text.
func Measure(text string) Stats {
	var st Stats
	for _, s := range Sentences(text) {
		words := Words(s)
		if len(words) == 0 {
			continue
		}
		st.Sentences++
		st.Words += len(words)
		for _, w := range words {
			st.Syllables += Syllables(w)
		}
	}
	return st
}

// Sentences splits a text after ".", "!", "?" and "…" followed by a space or the
// end, and at line breaks (FALC puts one sentence per line; list items and
// headings are sentences of their own).
func Sentences(text string) []string {
	var out []string
	start := 0
	flush := func(end int) {
		if s := strings.TrimSpace(text[start:end]); s != "" {
			out = append(out, s)
		}
		start = end
	}
	for i, r := range text {
		switch r {
		case '\n':
			flush(i)
		case '.', '!', '?', '…':
			next := i + utf8.RuneLen(r)
			if next >= len(text) || text[next] == ' ' || text[next] == '\n' {
				flush(next)
			}
		}
	}
	flush(len(text))
	return out
}

// Words splits a text into words: runs of letters and digits; hyphens inside a
// word are kept ("e-mail", "peut-être"), apostrophes split ("l'ordinateur" is
// "l" and "ordinateur"). Addresses such as "impots.gouv.fr" count as one word.
func Words(text string) []string {
	var out []string
	var cur strings.Builder
	runes := []rune(text)
	for i, r := range runes {
		inner := (r == '-' || r == '.' || r == '@' || r == '_') && cur.Len() > 0 && i+1 < len(runes) && isWordRune(runes[i+1])
		if isWordRune(r) || inner {
			cur.WriteRune(r)
			continue
		}
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Syllables estimates the spoken syllables of a French word from its spelling:
// each group of vowels is one syllable, "é" and a vowel after it start a new one
// (cré-a-tion, ré-us-sir), the "u" of "qu" and of "gu" before e/i is silent, and
// a final "e" or "es" is mute after another vowel group (sou-ris, a-dresse).
// Numbers count one syllable per digit, at least one. The result is at least 1.
func Syllables(word string) int {
	w := []rune(strings.ToLower(word))
	digits := 0
	for _, r := range w {
		if unicode.IsDigit(r) {
			digits++
		}
	}
	if digits > 0 {
		return max(digits, 1)
	}
	// Hyphenated words: add up their parts.
	if strings.ContainsRune(word, '-') {
		n := 0
		for _, part := range strings.Split(word, "-") {
			if part != "" {
				n += Syllables(part)
			}
		}
		return max(n, 1)
	}
	groups := 0
	lastGroupEnd := -1 // index of the last vowel of the last group
	inGroup := false
	for i, r := range w {
		vowel := isVowel(r)
		if r == 'u' && i > 0 && (w[i-1] == 'q' || (w[i-1] == 'g' && i+1 < len(w) && (w[i+1] == 'e' || w[i+1] == 'i' || w[i+1] == 'é'))) {
			vowel = false
		}
		if r == 'y' && i > 0 && i+1 < len(w) && isVowel(w[i-1]) && isVowel(w[i+1]) {
			// pa-yer: the y joins the next vowel.
			vowel = false
		}
		switch {
		case vowel && (!inGroup || r == 'é' || (i > 0 && w[i-1] == 'é')):
			groups++
			inGroup = true
			lastGroupEnd = i
		case vowel:
			lastGroupEnd = i
		default:
			inGroup = false
		}
	}
	if groups > 1 {
		n := len(w)
		endsE := w[n-1] == 'e' && lastGroupEnd == n-1 && (n < 2 || !isVowel(w[n-2]) || w[n-2] == 'é')
		endsEs := n >= 3 && w[n-1] == 's' && w[n-2] == 'e' && lastGroupEnd == n-2 && (!isVowel(w[n-3]) || w[n-3] == 'é')
		if endsE || endsEs {
			groups--
		}
	}
	return max(groups, 1)
}

func isVowel(r rune) bool {
	return strings.ContainsRune("aeiouyàâäéèêëîïôöùûüœæ", r)
}

// Normalize lower-cases a text and folds typographic apostrophes and dashes, so
// that term lists match what trainers type.
func Normalize(s string) string {
	s = strings.ToLower(s)
	return strings.NewReplacer("’", "'", "‐", "-", "‑", "-", "–", "-").Replace(s)
}
