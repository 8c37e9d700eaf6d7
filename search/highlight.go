package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// SnippetRunes is the length of a snippet in characters, about two lines of
// the results list.
const SnippetRunes = 160

// span is a byte range of text to highlight.
type span struct{ start, end int }

// analysedText is a step's text, with line breaks turned into spaces, and its
// words as the language's analyzer sees them. Index keeps a few in a cache:
// as a learner types, the same steps come back keystroke after keystroke.
type analysedText struct {
	text  string
	words []analysedWord
}

// analysedWord is a word of an analysedText: its byte range and stemmed term.
type analysedWord struct {
	start, end int
	term       string
}

// analyseText prepares text for highlighting in language l.
func analyseText(text string, l language) *analysedText {
	text = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, text)
	stream := analyzerNamed(analyzerFor(l)).Analyze([]byte(text))
	at := &analysedText{text: text, words: make([]analysedWord, len(stream))}
	for i, t := range stream {
		at.words[i] = analysedWord{t.Start, t.End, string(t.Term)}
	}
	return at
}

// highlights finds the words whose stemmed term is one of the query's terms
// (words typed, synonyms, corrections, completions). The stored text is
// analysed again, so no positions need storing, and "sourie" lights up
// "souris" where the corrected word was found. Found words that follow each
// other, with only spaces, hyphens, apostrophes or small words like "de"
// between them, make one run: "[mot de passe]", "[adresse e-mail]".
func (at *analysedText) highlights(terms map[string]bool) []span {
	var out []span
	last := -2 // index in at.words of the last word found
	for i, w := range at.words {
		if !terms[w.term] {
			continue
		}
		if n := len(out); n > 0 && last == i-1 && joiner(at.text[out[n-1].end:w.start]) {
			out[n-1].end = max(out[n-1].end, w.end)
		} else {
			out = append(out, span{w.start, w.end})
		}
		last = i
	}
	return out
}

// joiner reports whether gap, between two found words, keeps them in one
// run: it holds no punctuation but hyphens and apostrophes, and at most one
// small word of up to 3 letters ("de", "la", "des"), which the analyzer dropped.
func joiner(gap string) bool {
	words, letters := 0, 0
	inWord := false
	for _, r := range gap {
		switch {
		case unicode.IsLetter(r):
			letters++
			if !inWord {
				words++
			}
			inWord = true
		case r == ' ' || r == '-' || r == '\'' || r == '’':
			inWord = false
		default:
			return false
		}
	}
	return words <= 1 && letters <= 3
}

// snippet cuts about width characters of text around the densest group of
// matched words and splits it into fragments. Line breaks become spaces.
func snippet(text string, l language, terms map[string]bool, width int) []Fragment {
	return analyseText(text, l).snippet(terms, width)
}

// snippet is snippet for an analysed text.
func (at *analysedText) snippet(terms map[string]bool, width int) []Fragment {
	text := at.text
	spans := at.highlights(terms)
	start, end := window(text, spans, width)
	var out []Fragment
	add := func(s string, hl bool) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Highlight == hl {
			out[n-1].Text += s
			return
		}
		out = append(out, Fragment{Text: s, Highlight: hl})
	}
	if start > 0 {
		add("…", false)
	}
	pos := start
	for _, s := range spans {
		if s.end <= start || s.start >= end {
			continue
		}
		a, b := max(s.start, start), min(s.end, end)
		add(text[pos:a], false)
		add(text[a:b], true)
		pos = b
	}
	add(text[pos:end], false)
	if end < len(text) {
		add("…", false)
	}
	return out
}

// window chooses the byte range [start, end) of about width runes that holds
// the most highlighted spans, starting a little before the first of them, and
// moves both ends to word boundaries.
func window(text string, spans []span, width int) (int, int) {
	if utf8.RuneCountInString(text) <= width {
		return 0, len(text)
	}
	lead := width / 5
	best, bestCount := 0, 0
	for i, s := range spans {
		limit := advance(text, s.start, width-lead)
		count := 0
		for _, t := range spans[i:] {
			if t.end > limit {
				break
			}
			count++
		}
		if count > bestCount {
			best, bestCount = i, count
		}
	}
	start := 0
	if bestCount > 0 {
		start = back(text, spans[best].start, lead)
	}
	end := advance(text, start, width)
	// Word boundaries: start after a space, end before one.
	if start > 0 {
		if i := strings.IndexByte(text[start:], ' '); i >= 0 && (bestCount == 0 || start+i < spans[best].start) {
			start += i + 1
		}
	}
	if end < len(text) {
		if i := strings.LastIndexByte(text[start:end], ' '); i > 0 {
			end = start + i
		}
	}
	return start, end
}

// advance returns the byte offset n runes after from (or the end of text).
func advance(text string, from, n int) int {
	for i := range text[from:] {
		if n == 0 {
			return from + i
		}
		n--
	}
	return len(text)
}

// back returns the byte offset n runes before from (or 0).
func back(text string, from, n int) int {
	for from > 0 && n > 0 {
		_, size := utf8.DecodeLastRuneInString(text[:from])
		from -= size
		n--
	}
	return from
}
