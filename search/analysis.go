package search

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
)

// Names of the token filters this package registers with Bleve. They live in
// Bleve's global registry (the plug-in registry pattern), so an index written by
// this package can be reopened by any program that imports it.
const (
	// foldFilterName folds accents and ligatures to ASCII ("é"→"e", "œ"→"oe") on
	// each token. Bleve ships ASCII folding only as a char filter, which would
	// shift byte offsets and break highlighting; as a token filter the offsets
	// stay those of the original text.
	foldFilterName = "declic_ascii_fold"
	// frStopFoldedName removes French stop words after folding, so "a" and "à",
	// "ou" and "où" are treated alike.
	frStopFoldedName = "declic_stop_fr_folded"
)

// Analyzer names stored in the index mapping.
const (
	analyzerFR    = "declic_fr"    // French: elision, folding, stop words, light stemmer
	analyzerEN    = "declic_en"    // English: possessives, folding, stop words, Porter stemmer
	analyzerOther = "declic_other" // any other language: lower case and folding only
	analyzerPlain = "declic_plain" // every language: lower case and folding, no stemming (typos, prefixes)
)

func init() {
	must := func(err error) {
		if err != nil {
			panic("search: " + err.Error())
		}
	}
	must(registry.RegisterTokenFilter(foldFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return foldFilter{}, nil
		}))
	must(registry.RegisterTokenFilter(frStopFoldedName,
		func(_ map[string]interface{}, cache *registry.Cache) (analysis.TokenFilter, error) {
			words, err := cache.TokenMapNamed(fr.StopName)
			if err != nil {
				return nil, err
			}
			folded := analysis.NewTokenMap()
			for w := range words {
				folded.AddToken(w)
				folded.AddToken(fold(w))
			}
			return stop.NewStopTokensFilter(folded), nil
		}))
}

// foldFilter is the token filter behind foldFilterName.
type foldFilter struct{}

// Filter folds each token, then lower-cases it again: folding can produce
// capitals ("ɪ", a small capital, folds to "I").
func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	folder := asciifolding.New()
	for _, tok := range input {
		if !isASCII(tok.Term) { // most words need nothing: skip the allocations
			tok.Term = bytes.ToLower(folder.Filter(tok.Term))
		}
	}
	return input
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// fold folds s to lower-case ASCII, as the foldFilter does.
func fold(s string) string {
	return string(bytes.ToLower(asciifolding.New().Filter([]byte(strings.ToLower(s)))))
}

// addAnalyzers defines this package's analyzers in an index mapping.
func addAnalyzers(m *mapping.IndexMappingImpl) error {
	defs := map[string][]string{
		analyzerFR:    {lowercase.Name, fr.ElisionName, foldFilterName, frStopFoldedName, fr.LightStemmerName},
		analyzerEN:    {en.PossessiveName, lowercase.Name, foldFilterName, en.StopName, porter.Name},
		analyzerOther: {lowercase.Name, foldFilterName},
		analyzerPlain: {lowercase.Name, fr.ElisionName, foldFilterName},
	}
	for name, filters := range defs {
		err := m.AddCustomAnalyzer(name, map[string]interface{}{
			"type":          custom.Name,
			"tokenizer":     unicode.Name,
			"token_filters": filters,
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// language is one of the analysis languages this package knows.
type language string

// Languages with their own stemming, stop words and synonyms; every other pack
// language is indexed as langOther (folding only).
const (
	langFR    language = "fr"
	langEN    language = "en"
	langOther language = "xx"
)

// allLanguages lists the analysis languages in a fixed order.
var allLanguages = []language{langFR, langEN, langOther}

// languageOf maps a BCP 47 tag ("fr", "fr-BE", "en_GB") to an analysis language.
func languageOf(tag string) language {
	base := strings.ToLower(tag)
	if i := strings.IndexAny(base, "-_"); i >= 0 {
		base = base[:i]
	}
	switch base {
	case "fr":
		return langFR
	case "en":
		return langEN
	}
	return langOther
}

// analyzerFor names the stemming analyzer of a language.
func analyzerFor(l language) string {
	switch l {
	case langFR:
		return analyzerFR
	case langEN:
		return analyzerEN
	}
	return analyzerOther
}
