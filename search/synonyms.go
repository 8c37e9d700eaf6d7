package search

import (
	"bufio"
	"embed"
	"fmt"
	"strings"
	"sync"
)

//go:embed synonyms/*.txt
var synonymFiles embed.FS

// phrase is one way of saying something: its text as written and its tokens as
// the plain analyzer sees them (lower case, no accents, no elision).
type phrase struct {
	text   string
	tokens []string
}

// thesaurus holds groups of phrases that mean the same thing for a learner
// ("courriel" = "e-mail" = "messagerie"). Search expands a query with it.
type thesaurus struct {
	groups [][]phrase
}

// parseSynonyms reads a synonym file: one group per line, phrases separated by
// commas, "#" starts a comment. name is used in "name:line: message" errors.
func parseSynonyms(name, text string) (*thesaurus, error) {
	th := &thesaurus{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for line := 1; sc.Scan(); line++ {
		content := sc.Text()
		if i := strings.IndexByte(content, '#'); i >= 0 {
			content = content[:i]
		}
		if strings.TrimSpace(content) == "" {
			continue
		}
		var group []phrase
		for _, part := range strings.Split(content, ",") {
			p := newPhrase(part)
			if len(p.tokens) == 0 {
				return nil, fmt.Errorf("%s:%d: empty synonym in %q", name, line, strings.TrimSpace(content))
			}
			group = append(group, p)
		}
		if len(group) < 2 {
			return nil, fmt.Errorf("%s:%d: a synonym group needs at least two phrases separated by commas", name, line)
		}
		th.groups = append(th.groups, group)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return th, nil
}

// newPhrase tokenises s with the plain analyzer.
func newPhrase(s string) phrase {
	s = strings.TrimSpace(s)
	return phrase{text: s, tokens: plainTokens(s)}
}

// builtinThesauri parses the shipped synonym lists once.
var builtinThesauri = sync.OnceValues(func() (map[language]*thesaurus, error) {
	out := map[language]*thesaurus{}
	for _, l := range allLanguages {
		name := "synonyms/" + string(l) + ".txt"
		data, err := synonymFiles.ReadFile(name)
		if err != nil {
			out[l] = &thesaurus{} // no list for this language
			continue
		}
		th, err := parseSynonyms(name, string(data))
		if err != nil {
			return nil, err
		}
		out[l] = th
	}
	return out, nil
})

// builtinThesaurus returns the synonym list shipped for a language, or an empty
// one when the language has none.
func builtinThesaurus(l language) (*thesaurus, error) {
	all, err := builtinThesauri()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return all[l], nil
}

// withGroups returns a thesaurus holding th's groups plus extra groups given as
// plain strings (from pack.toml). Phrases that tokenise to nothing are dropped,
// and so are groups left with fewer than two phrases: pack validation reports them.
func (th *thesaurus) withGroups(extra [][]string) *thesaurus {
	out := &thesaurus{groups: append([][]phrase(nil), th.groups...)}
	for _, g := range extra {
		var group []phrase
		for _, s := range g {
			if p := newPhrase(s); len(p.tokens) > 0 {
				group = append(group, p)
			}
		}
		if len(group) >= 2 {
			out.groups = append(out.groups, group)
		}
	}
	return out
}

// match finds the longest phrase of any group that starts at words[at]. It
// returns its length in words and every phrase of every group holding a phrase
// of that length there (a word may belong to several groups).
func (th *thesaurus) match(words []string, at int) (int, []phrase) {
	best := 0
	var alts []phrase
	seen := map[string]bool{}
	for _, g := range th.groups {
		n := 0
		for _, p := range g {
			if len(p.tokens) > n && hasTokensAt(words, at, p.tokens) {
				n = len(p.tokens)
			}
		}
		if n == 0 || n < best {
			continue
		}
		if n > best {
			best, alts, seen = n, nil, map[string]bool{}
		}
		for _, p := range g {
			key := strings.Join(p.tokens, " ")
			if !seen[key] {
				seen[key] = true
				alts = append(alts, p)
			}
		}
	}
	return best, alts
}

func hasTokensAt(words []string, at int, tokens []string) bool {
	if at+len(tokens) > len(words) {
		return false
	}
	for i, t := range tokens {
		if words[at+i] != t {
			return false
		}
	}
	return true
}
