package readability

import (
	_ "embed"
	"sort"
	"strings"
	"sync"
)

//go:embed data/jargon.txt
var jargonData string

//go:embed data/synonyms.txt
var synonymsData string

// Term is a word of the jargon list and what to do about it: write Replace
// instead, or write the sentence Explain after its first use. One of the two is
// set.
type Term struct {
	Word    string
	Replace string
	Explain string
}

// Match is a term found in a text, at a byte offset.
type Match struct {
	// Term is the listed spelling matched.
	Term string
	// Group is the index of the synonym group (SameThing only).
	Group  int
	Offset int
}

var (
	loadTerms  sync.Once
	suggested  map[string]bool
	jargon     []Term
	synonyms   [][]string
	jargonIdx  map[string]int
	synonymIdx map[string]int
)

func load() {
	jargonIdx = map[string]int{}
	for _, line := range dataLines(jargonData) {
		word, advice, _ := strings.Cut(line, "|")
		word = Normalize(strings.TrimSpace(word))
		t := Term{Word: word}
		action, text, _ := strings.Cut(strings.TrimSpace(advice), ":")
		switch strings.TrimSpace(action) {
		case "dites":
			t.Replace = strings.TrimSpace(text)
		case "expliquez":
			t.Explain = strings.TrimSpace(text)
		default:
			panic("readability: data/jargon.txt: " + line + `: write "dites: …" or "expliquez: …"`)
		}
		jargonIdx[termKey(word)] = len(jargon)
		jargon = append(jargon, t)
	}
	suggested = map[string]bool{}
	for _, t := range jargon {
		for _, w := range Words(t.Replace) {
			suggested[Normalize(w)] = true
		}
	}
	synonymIdx = map[string]int{}
	for _, line := range dataLines(synonymsData) {
		var group []string
		for _, t := range strings.Split(line, "|") {
			t = Normalize(strings.TrimSpace(t))
			if t != "" {
				group = append(group, t)
				synonymIdx[termKey(t)] = len(synonyms)
			}
		}
		synonyms = append(synonyms, group)
	}
}

func dataLines(data string) []string {
	var out []string
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	return out
}

// JargonList returns the shipped jargon list (data/jargon.txt).
func JargonList() []Term {
	loadTerms.Do(load)
	return append([]Term(nil), jargon...)
}

// SuggestedWord reports whether a word is part of a wording the jargon list
// suggests (« le revenu de solidarité active (RSA) »): official names cannot be
// shortened, so lint does not call these words long.
func SuggestedWord(word string) bool {
	loadTerms.Do(load)
	return suggested[Normalize(word)]
}

// SynonymGroups returns the shipped groups of names for the same thing
// (data/synonyms.txt); the first name of each group is the FALC choice.
func SynonymGroups() [][]string {
	loadTerms.Do(load)
	return synonyms
}

// FindJargon returns the jargon terms used in text, in order, each once.
func FindJargon(text string) []Term {
	loadTerms.Do(load)
	var out []Term
	seen := map[int]bool{}
	for _, m := range findTerms(text, jargonIdx, maxTermWords(jargonIdx)) {
		i := jargonIdx[m.Term]
		if !seen[i] {
			seen[i] = true
			out = append(out, jargon[i])
		}
	}
	return out
}

// SameThing returns every name of a synonym group used in text, in order: the
// longest name wins where names overlap ("adresse e-mail" is not also "e-mail").
func SameThing(text string) []Match {
	loadTerms.Do(load)
	ms := findTerms(text, synonymIdx, maxTermWords(synonymIdx))
	for i := range ms {
		ms[i].Group = synonymIdx[ms[i].Term]
		for _, name := range synonyms[ms[i].Group] {
			if termKey(name) == ms[i].Term {
				ms[i].Term = name // as the list writes it, apostrophe included
			}
		}
	}
	return ms
}

// termKey is how a listed term is looked up: its words separated by single
// spaces, an apostrophe splitting words as it does in a text ("barre
// d'adresse" is "barre d adresse").
func termKey(term string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(term, "'", " ")), " ")
}

func maxTermWords(idx map[string]int) int {
	n := 1
	for t := range idx {
		n = max(n, len(strings.Fields(t)))
	}
	return n
}

// token is a word of a text with its byte span.
type token struct {
	text       string
	start, end int
}

func tokens(text string) []token {
	norm := Normalize(text)
	var out []token
	start := -1
	for i, r := range norm {
		// A dot, @ or _ between letters keeps a file name or an address whole
		// ("facture.pdf.exe" is not the word "pdf").
		inner := (r == '.' || r == '@' || r == '_') && start >= 0 && i+1 < len(norm) && isWordRune(rune(norm[i+1]))
		word := isWordRune(r) || r == '-' || inner
		if word && start < 0 {
			start = i
		}
		if !word && start >= 0 {
			out = append(out, token{strings.Trim(norm[start:i], "-"), start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, token{strings.Trim(norm[start:], "-"), start, len(norm)})
	}
	return out
}

// findTerms matches listed terms (one or more words) on word boundaries,
// longest first.
func findTerms(text string, idx map[string]int, maxWords int) []Match {
	toks := tokens(text)
	var out []Match
	for i := 0; i < len(toks); {
		matched := 0
		for n := min(maxWords, len(toks)-i); n >= 1; n-- {
			parts := make([]string, n)
			for k := 0; k < n; k++ {
				parts[k] = toks[i+k].text
			}
			cand := strings.Join(parts, " ")
			if _, ok := idx[cand]; ok {
				out = append(out, Match{Term: cand, Offset: toks[i].start})
				matched = n
				break
			}
		}
		i += max(matched, 1)
	}
	return out
}

// explanationMarks are the words by which a sentence explains a term it uses.
var explanationMarks = []string{" est un ", " est une ", " sont des ", " désigne ", "c'est", "ça veut dire", "cela veut dire", "veut dire", "signifie", "s'appelle", "on appelle", "appelé", "par exemple"}

// Explained reports whether a sentence that uses term explains it: it holds an
// explanation word ("c'est", "veut dire", "signifie", "est un"…), or the term is
// followed by ":" or "(" ("PDF (un document…)", "PDF : un document…"), or is
// itself in brackets. The next sentence counts when it holds an explanation word.
func Explained(term, sentence, next string) bool {
	low := " " + Normalize(sentence) + " "
	if hasMark(low) {
		return true
	}
	t := Normalize(term)
	for from := 0; ; {
		i := strings.Index(low[from:], t)
		if i < 0 {
			break
		}
		i += from
		after := strings.TrimLeft(low[i+len(t):], " ")
		if strings.HasPrefix(after, ":") || strings.HasPrefix(after, "(") || strings.HasSuffix(strings.TrimRight(low[:i], " "), "(") {
			return true
		}
		from = i + len(t)
	}
	return hasMark(" " + Normalize(next) + " ")
}

func hasMark(low string) bool {
	for _, m := range explanationMarks {
		if strings.Contains(low, m) {
			return true
		}
	}
	return false
}

// MostUsed returns the name of a group used most often in counts (ties: the
// group's FALC choice first, then the earliest in the group).
func MostUsed(group int, counts map[string]int) string {
	names := append([]string(nil), SynonymGroups()[group]...)
	order := map[string]int{}
	for i, n := range names {
		order[n] = i
	}
	sort.SliceStable(names, func(i, j int) bool {
		if counts[names[i]] != counts[names[j]] {
			return counts[names[i]] > counts[names[j]]
		}
		return order[names[i]] < order[names[j]]
	})
	return names[0]
}
