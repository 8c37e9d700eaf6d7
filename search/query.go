package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Limits on what a learner can type; longer input is cut, never refused.
const (
	maxQueryBytes = 256 // the search field holds a few words, not a page
	maxQueryWords = 12
	maxWordBytes  = 48
	// minPrefixRunes is the length from which the word being typed is also
	// matched as a prefix ("sou" finds "souris").
	minPrefixRunes = 3
)

// parsedQuery is what a learner typed, cleaned for searching.
type parsedQuery struct {
	// words are lower-case, accent-free, without elided articles ("l'écran" → "ecran").
	words []string
	// typing is true when the last word may be unfinished: the input does not end
	// with a space or punctuation, and the word has at least minPrefixRunes letters.
	typing bool
}

// parseQuery normalises raw input: invalid UTF-8 and control characters become
// spaces, the text is cut to maxQueryBytes, and words are split and folded by
// the plain analyzer, at most maxQueryWords of at most maxWordBytes each.
func parseQuery(raw string) parsedQuery {
	raw = strings.ToValidUTF8(raw, " ")
	if len(raw) > maxQueryBytes {
		cut := maxQueryBytes
		for cut > 0 && !utf8.RuneStart(raw[cut]) {
			cut--
		}
		raw = raw[:cut]
	}
	raw = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return ' '
		}
		return r
	}, raw)
	stream := analyzerNamed(analyzerPlain).Analyze([]byte(raw))
	var q parsedQuery
	lastEnd := 0
	for _, t := range stream {
		if len(q.words) == maxQueryWords {
			break
		}
		w := string(t.Term)
		if len(w) > maxWordBytes || strings.ContainsFunc(w, unicode.IsSpace) || w == "" {
			continue
		}
		q.words = append(q.words, w)
		lastEnd = t.End
	}
	if n := len(q.words); n > 0 {
		q.typing = lastEnd == len(raw) && utf8.RuneCountInString(q.words[n-1]) >= minPrefixRunes
	}
	return q
}

// fuzzinessFor is the number of typos forgiven in a word: none up to 3 letters,
// 1 for 4 to 6 letters, 2 from 7 letters.
func fuzzinessFor(word string) int {
	switch n := utf8.RuneCountInString(word); {
	case n <= 3:
		return 0
	case n <= 6:
		return 1
	default:
		return 2
	}
}

// Relative weights of the ways a word can match.
const (
	boostSynonym    = 0.8 // a synonym counts a little less than the word typed
	boostCorrection = 0.5 // so does a near word when the word typed is unknown
	boostCompletion = 0.5 // and a word that starts with what is being typed
)

// How many near words and completions a typed word may stand for.
const (
	maxCorrections = 3
	maxCompletions = 3
)

// dictEntry is an indexed word with the number of steps that hold it.
type dictEntry struct {
	term     string
	count    uint64
	distance int
}

// dictionary looks up the words of one language's indexed text (plain form).
// buildQuery uses it to turn typos and unfinished words into indexed words,
// the most frequent first: "sourie" becomes "souris" rather than the rarer
// "souriez", which plain fuzzy scoring would favour.
type dictionary interface {
	// count is the number of steps holding word (0: unknown word).
	count(word string) uint64
	// near lists words within distance edits of word, closest then most frequent first.
	near(word string, distance int) []dictEntry
	// completions lists words starting with prefix, most frequent first.
	completions(prefix string) []dictEntry
}

// buildQuery turns a parsed query into a Bleve query over one language's
// fields, expanding synonyms from th and typos and unfinished words from dict
// (nil: no expansion). It returns nil when nothing is left to search (only
// stop words, or nothing typed).
func buildQuery(q parsedQuery, l language, th *thesaurus, dict dictionary) query.Query {
	bq, _ := buildQueryTerms(q, l, th, dict)
	return bq
}

// buildQueryTerms is buildQuery that also returns every stemmed term the query
// searches for (words typed, synonyms, corrections, completions): the words
// to highlight in results.
func buildQueryTerms(q parsedQuery, l language, th *thesaurus, dict dictionary) (query.Query, map[string]bool) {
	b := queryBuilder{l: l, terms: map[string]bool{}}
	return b.build(q, th, dict), b.terms
}

// queryBuilder builds the query of one language and remembers its terms.
type queryBuilder struct {
	l     language
	terms map[string]bool
}

func (b *queryBuilder) build(q parsedQuery, th *thesaurus, dict dictionary) query.Query {
	var clauses []query.Query
	for i := 0; i < len(q.words); {
		if n, alts := th.match(q.words, i); n > 0 {
			span := strings.Join(q.words[i:i+n], " ")
			var dis []query.Query
			for _, p := range alts {
				boost := boostSynonym
				if strings.Join(p.tokens, " ") == span {
					boost = 1
				}
				if c := b.exact(p.text, len(p.tokens) > 1, boost); c != nil {
					dis = append(dis, c)
				}
			}
			if len(dis) > 0 {
				clauses = append(clauses, bleve.NewDisjunctionQuery(dis...))
			}
			i += n
			continue
		}
		last := i == len(q.words)-1
		if c := b.word(q.words[i], last && q.typing, dict); c != nil {
			clauses = append(clauses, c)
		}
		i++
	}
	if len(clauses) == 0 {
		return nil
	}
	if len(clauses) == 1 {
		return clauses[0]
	}
	// Every word may match; the disjunction's coordination factor ranks steps
	// that match more of the words first.
	return bleve.NewDisjunctionQuery(clauses...)
}

// exact matches text (a word or, with asPhrase, a phrase) through the
// stemming analyzer in every searched field of l, each with its boost.
func (b *queryBuilder) exact(text string, asPhrase bool, boost float64) query.Query {
	return b.match(text, asPhrase, false, boost)
}

// guess matches an indexed word standing for a typed one (a correction or a
// completion), in the fields marked for guesses.
func (b *queryBuilder) guess(word string, boost float64) query.Query {
	return b.match(word, false, true, boost)
}

func (b *queryBuilder) match(text string, asPhrase, guess bool, boost float64) query.Query {
	l := b.l
	stream := analyzerNamed(analyzerFor(l)).Analyze([]byte(text))
	if len(stream) == 0 {
		return nil // only stop words
	}
	for _, t := range stream {
		b.terms[string(t.Term)] = true
	}
	var dis []query.Query
	for _, f := range stemmedFields {
		if guess && !f.guesses {
			continue
		}
		var q interface {
			query.Query
			SetField(string)
			SetBoost(float64)
		}
		switch {
		case asPhrase && !f.positions:
			m := bleve.NewMatchQuery(text)
			m.Analyzer = analyzerFor(l)
			m.SetOperator(query.MatchQueryOperatorAnd)
			q = m
		case asPhrase:
			mp := bleve.NewMatchPhraseQuery(text)
			mp.Analyzer = analyzerFor(l)
			q = mp
		default:
			m := bleve.NewMatchQuery(text)
			m.Analyzer = analyzerFor(l)
			q = m
		}
		q.SetField(string(l) + f.suffix)
		q.SetBoost(f.boost * boost)
		dis = append(dis, q)
	}
	return bleve.NewDisjunctionQuery(dis...)
}

// word matches one typed word: as typed (stemmed, in every field); when
// the word is not in the index, as the nearest indexed words (fuzzinessFor
// typos); and, while the learner is typing it, as the most frequent indexed
// words it starts.
func (b *queryBuilder) word(word string, typing bool, dict dictionary) query.Query {
	exact := b.exact(word, false, 1)
	if exact == nil {
		return nil // a stop word
	}
	dis := []query.Query{exact}
	if dict == nil {
		return exact
	}
	seen := map[string]bool{word: true}
	if k := fuzzinessFor(word); k > 0 && dict.count(word) == 0 {
		n := 0
		for _, e := range dict.near(word, k) {
			if n == maxCorrections {
				break
			}
			if seen[e.term] {
				continue
			}
			seen[e.term] = true
			boost := boostCorrection / float64(e.distance)
			if c := b.guess(e.term, boost); c != nil {
				dis = append(dis, c)
				n++
			}
		}
	}
	if typing {
		n := 0
		for _, e := range dict.completions(word) {
			if n == maxCompletions {
				break
			}
			if seen[e.term] {
				continue
			}
			seen[e.term] = true
			if c := b.guess(e.term, boostCompletion); c != nil {
				dis = append(dis, c)
				n++
			}
		}
	}
	if len(dis) == 1 {
		return exact
	}
	return bleve.NewDisjunctionQuery(dis...)
}
