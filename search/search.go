package search

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"declic/courses"
)

// DefaultLimit is the number of results Search returns when limit is 0 or less;
// MaxLimit caps larger requests.
const (
	DefaultLimit = 20
	MaxLimit     = 200
)

// Fragment is a run of snippet text; Highlight marks the words that matched the
// query. A snippet is a list of fragments rather than HTML so that the screen
// can style them with its own theme and read them aloud as plain text.
type Fragment struct {
	Text      string
	Highlight bool
}

// Result is one step that matches a query, with the ids needed to open it
// (PackID, ModuleID, LessonID, StepIndex into Lesson.Steps) and what a result
// row shows.
type Result struct {
	PackID      string
	PackTitle   string
	ModuleID    string
	ModuleTitle string
	LessonID    string
	LessonTitle string
	// StepIndex is the index of the step in its lesson's Steps, from 0.
	StepIndex int
	StepTitle string
	// StepTitleFragments is StepTitle with the words found highlighted.
	StepTitleFragments []Fragment
	Level              courses.Level
	// Snippet is a short extract of the step's text around the words found
	// (about SnippetRunes characters), with "…" where it was cut.
	Snippet []Fragment
	// Score is Bleve's relevance score: higher is better, comparable only
	// within one search.
	Score float64
}

// SnippetText joins a snippet's fragments into plain text (for read-aloud).
func SnippetText(fs []Fragment) string {
	var sb strings.Builder
	for _, f := range fs {
		sb.WriteString(f.Text)
	}
	return sb.String()
}

// Results are the steps that match a query, best first.
type Results struct {
	// Query is the text searched for, as given.
	Query string
	Hits  []Result
	// Total counts every matching step, including those beyond the limit.
	Total uint64
}

// Group is the results of one module, for a screen that lists results by module.
type Group struct {
	PackID      string
	ModuleID    string
	ModuleTitle string
	Level       courses.Level
	// Results are the module's steps that matched, best first.
	Results []Result
}

// Groups gathers the hits by module. Modules come in the order of their best
// hit, so the first group holds the best result.
func (r Results) Groups() []Group {
	var groups []Group
	at := map[[2]string]int{}
	for _, h := range r.Hits {
		key := [2]string{h.PackID, h.ModuleID}
		i, ok := at[key]
		if !ok {
			i = len(groups)
			at[key] = i
			groups = append(groups, Group{PackID: h.PackID, ModuleID: h.ModuleID, ModuleTitle: h.ModuleTitle, Level: h.Level})
		}
		groups[i].Results = append(groups[i].Results, h)
	}
	return groups
}

// Search finds the steps that match what a learner typed, best first. lang is
// the learner's language (BCP 47, e.g. "fr"): the query is analysed with that
// language's rules and synonyms and searches only packs in that language; ""
// searches every language, each with its own rules. Results are found as the
// learner types: typos are forgiven (1 for words of 4–6 letters, 2 beyond) and
// the last word also matches as a prefix from its third letter, unless the text
// ends with a space. limit ≤ 0 means DefaultLimit. An empty query, or one made
// only of small words like "de", gives no results and no error. While the index
// is Preparing, Search returns ErrNotReady.
func (idx *Index) Search(ctx context.Context, text, lang string, limit int) (Results, error) {
	res := Results{Query: text}
	idx.mu.RLock()
	defer idx.mu.RUnlock()
	if idx.closed {
		return res, ErrClosed
	}
	if !idx.man.Complete {
		return res, ErrNotReady
	}
	r, err := idx.reader()
	if err != nil {
		return res, err
	}
	defer r.Close()
	q, terms, err := idx.query(parseQuery(text), lang, r)
	if err != nil || q == nil {
		return res, err
	}
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	req := bleve.NewSearchRequestOptions(q, limit, 0, false)
	req.Fields = []string{fieldPack, fieldPackTitle, fieldModule, fieldModuleTitle, fieldLesson,
		fieldLessonTitle, fieldStep, fieldStepTitle, fieldLevel, fieldText, fieldLang}
	sr, err := idx.bidx.SearchInContext(ctx, req)
	if err != nil {
		return res, fmt.Errorf("search: %q: %w", text, err)
	}
	res.Total = sr.Total
	for _, h := range sr.Hits {
		res.Hits = append(res.Hits, idx.result(h, terms))
	}
	return res, nil
}

// query builds the Bleve query for the languages lang selects, and returns the
// terms to highlight per language. Called with mu held.
func (idx *Index) query(pq parsedQuery, lang string, r index.IndexReader) (query.Query, map[language]map[string]bool, error) {
	if len(pq.words) == 0 {
		return nil, nil, nil
	}
	langs := []language{languageOf(lang)}
	if lang == "" {
		langs = idx.languagesHeld()
	}
	var qs []query.Query
	terms := map[language]map[string]bool{}
	for _, l := range langs {
		th, err := idx.thesaurusLocked(l)
		if err != nil {
			return nil, nil, err
		}
		q, ts := buildQueryTerms(pq, l, th, readerDict{r, string(l) + suffixPlain})
		if q != nil {
			qs = append(qs, q)
			terms[l] = ts
		}
	}
	switch len(qs) {
	case 0:
		return nil, nil, nil
	case 1:
		return qs[0], terms, nil
	}
	return bleve.NewDisjunctionQuery(qs...), terms, nil
}

// languagesHeld lists the analysis languages of the indexed packs. Called with mu held.
func (idx *Index) languagesHeld() []language {
	seen := map[language]bool{}
	for _, p := range idx.man.Packs {
		seen[languageOf(p.Language)] = true
	}
	var out []language
	for _, l := range allLanguages {
		if seen[l] {
			out = append(out, l)
		}
	}
	return out
}

// thesaurusLocked returns the synonyms for a language: the shipped list plus
// the groups of the indexed packs in that language. Called with mu held.
func (idx *Index) thesaurusLocked(l language) (*thesaurus, error) {
	idx.thMu.Lock()
	defer idx.thMu.Unlock()
	if th := idx.thesauri[l]; th != nil {
		return th, nil
	}
	base, err := builtinThesaurus(l)
	if err != nil {
		return nil, err
	}
	var extra [][]string
	for _, id := range sortedKeys(idx.man.Packs) {
		if p := idx.man.Packs[id]; languageOf(p.Language) == l {
			extra = append(extra, p.Synonyms...)
		}
	}
	th := base.withGroups(extra)
	if idx.thesauri == nil {
		idx.thesauri = map[language]*thesaurus{}
	}
	idx.thesauri[l] = th
	return th, nil
}

func (idx *Index) result(h *bsearch.DocumentMatch, terms map[language]map[string]bool) Result {
	str := func(f string) string { s, _ := h.Fields[f].(string); return s }
	step, _ := strconv.Atoi(str(fieldStep))
	r := Result{
		PackID:      str(fieldPack),
		PackTitle:   str(fieldPackTitle),
		ModuleID:    str(fieldModule),
		ModuleTitle: str(fieldModuleTitle),
		LessonID:    str(fieldLesson),
		LessonTitle: str(fieldLessonTitle),
		StepIndex:   step,
		StepTitle:   str(fieldStepTitle),
		Level:       courses.Level(str(fieldLevel)),
		Score:       h.Score,
	}
	l := language(str(fieldLang))
	text := str(fieldText)
	if text == "" {
		text = r.StepTitle
	}
	r.Snippet = idx.analysed(h.ID, text, l).snippet(terms[l], SnippetRunes)
	r.StepTitleFragments = analyseText(r.StepTitle, l).snippet(terms[l], utf8.RuneCountInString(r.StepTitle))
	return r
}

// maxAnalysedCache bounds the cache of analysed step texts (about 2 MB).
const maxAnalysedCache = 500

// analysed returns the analysed text of a step, from the cache when it is there.
func (idx *Index) analysed(id, text string, l language) *analysedText {
	idx.cacheMu.Lock()
	at := idx.analysedCache[id]
	idx.cacheMu.Unlock()
	if at != nil {
		return at
	}
	at = analyseText(text, l)
	idx.cacheMu.Lock()
	if len(idx.analysedCache) >= maxAnalysedCache {
		clear(idx.analysedCache) // simple and rare: a new search refills it
	}
	if idx.analysedCache == nil {
		idx.analysedCache = map[string]*analysedText{}
	}
	idx.analysedCache[id] = at
	idx.cacheMu.Unlock()
	return at
}

// Suggestions help a learner whose search found nothing.
type Suggestions struct {
	// Words are indexed words close to the words typed, best first, as the
	// packs write them ("télécharger", not "telecharger"): the screen offers
	// them as "Vouliez-vous dire … ?".
	Words []string
	// Modules are places to start: the modules of the packs in the learner's
	// language, beginners' modules first, in course order. The app may put the
	// modules its learners open most first: search knows nothing of learners.
	Modules []ModuleInfo
}

// maxSuggestedWords and maxSuggestedModules bound Suggestions.
const (
	maxSuggestedWords   = 5
	maxSuggestedModules = 6
)

// Suggest proposes words and modules when Search found nothing. Words are
// indexed words within two typos of a word typed (or, failing that, sharing
// its first three letters), most frequent first.
func (idx *Index) Suggest(text, lang string) (Suggestions, error) {
	idx.mu.RLock()
	defer idx.mu.RUnlock()
	if idx.closed {
		return Suggestions{}, ErrClosed
	}
	if !idx.man.Complete {
		return Suggestions{}, ErrNotReady
	}
	langs := []language{languageOf(lang)}
	if lang == "" {
		langs = idx.languagesHeld()
	}
	var s Suggestions
	words, err := idx.closestWords(parseQuery(text).words, langs)
	if err != nil {
		return s, err
	}
	for _, w := range words {
		s.Words = append(s.Words, idx.writtenForm(w, langs))
	}
	for _, id := range sortedKeys(idx.man.Packs) {
		p := idx.man.Packs[id]
		if lang != "" && languageOf(p.Language) != langs[0] {
			continue
		}
		s.Modules = append(s.Modules, p.Modules...)
	}
	rank := map[courses.Level]int{courses.Beginner: 0, courses.Intermediate: 1, courses.Advanced: 2}
	sort.SliceStable(s.Modules, func(i, j int) bool {
		a, b := s.Modules[i], s.Modules[j]
		ra, oka := rank[a.Level]
		rb, okb := rank[b.Level]
		if !oka {
			ra = 3
		}
		if !okb {
			rb = 3
		}
		if ra != rb {
			return ra < rb
		}
		if a.PackID != b.PackID {
			return a.PackID < b.PackID
		}
		return a.Order < b.Order
	})
	if len(s.Modules) > maxSuggestedModules {
		s.Modules = s.Modules[:maxSuggestedModules]
	}
	return s, nil
}

// writtenForm finds how a pack writes word, a folded dictionary word: with its
// accents, in lower case unless it is written in capitals ("CAF"). It returns
// word itself when no step shows it. Called with mu held.
func (idx *Index) writtenForm(word string, langs []language) string {
	var dis []query.Query
	for _, l := range langs {
		tq := bleve.NewTermQuery(word)
		tq.SetField(string(l) + suffixPlain)
		dis = append(dis, tq)
	}
	if len(dis) == 0 {
		return word
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(dis...), 3, 0, false)
	req.Fields = []string{fieldStepTitle, fieldText, fieldLessonTitle, fieldModuleTitle, fieldPackTitle}
	res, err := idx.bidx.Search(req)
	if err != nil {
		return word
	}
	plain := analyzerNamed(analyzerPlain)
	for _, h := range res.Hits {
		for _, f := range req.Fields {
			text, _ := h.Fields[f].(string)
			for _, t := range plain.Analyze([]byte(text)) {
				if string(t.Term) != word {
					continue
				}
				form := text[t.Start:t.End]
				if i := strings.LastIndexAny(form, "'’"); i >= 0 { // elided article: "l'écran"
					_, size := utf8.DecodeRuneInString(form[i:])
					form = form[i+size:]
				}
				if form != strings.ToUpper(form) {
					form = strings.ToLower(form)
				}
				return form
			}
		}
	}
	return word
}

// reader opens a snapshot of the index for dictionary lookups.
func (idx *Index) reader() (index.IndexReader, error) {
	adv, err := idx.bidx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return r, nil
}

// closestWords looks the words typed up in the plain fields' dictionaries.
func (idx *Index) closestWords(words []string, langs []language) ([]string, error) {
	r, err := idx.reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var out []string
	seen := map[string]bool{}
	for _, w := range words {
		if len([]rune(w)) < minPrefixRunes {
			continue
		}
		var cands []dictEntry
		for _, l := range langs {
			d := readerDict{r, string(l) + suffixPlain}
			for _, e := range d.near(w, 2) {
				if e.term != w {
					cands = append(cands, e)
				}
			}
		}
		if len(cands) == 0 {
			for _, l := range langs {
				d := readerDict{r, string(l) + suffixPlain}
				for _, e := range d.completions(string([]rune(w)[:minPrefixRunes])) {
					e.distance = 3
					cands = append(cands, e)
				}
			}
		}
		sort.SliceStable(cands, func(i, j int) bool {
			if cands[i].distance != cands[j].distance {
				return cands[i].distance < cands[j].distance
			}
			return cands[i].count > cands[j].count
		})
		for _, c := range cands {
			if len(out) == maxSuggestedWords {
				return out, nil
			}
			if !seen[c.term] && len([]rune(c.term)) >= minPrefixRunes {
				seen[c.term] = true
				out = append(out, c.term)
			}
		}
	}
	return out, nil
}
