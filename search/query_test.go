package search

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseQueryNormalisesWhatLearnersType(t *testing.T) {
	tests := []struct {
		in     string
		words  []string
		typing bool
	}{
		{"Démarches CAF", []string{"demarches", "caf"}, true}, // "caf" may still grow: 3 letters, no space after
		{"démarches caf ", []string{"demarches", "caf"}, false},
		{"sou", []string{"sou"}, true},
		{"so", []string{"so"}, false},
		{"l'écran", []string{"ecran"}, true},
		{"  envoyer\tun\nmail  ", []string{"envoyer", "un", "mail"}, false},
		{"e-mail?", []string{"e", "mail"}, false},
		{"", nil, false},
		{"\x00\x01", nil, false},
		{"mot\u200bde passe", []string{"mot", "de", "passe"}, true},
		{"caf\xff\xfeallocations", []string{"caf", "allocations"}, true},
	}
	for _, tt := range tests {
		q := parseQuery(tt.in)
		if !slices.Equal(q.words, tt.words) || q.typing != tt.typing {
			t.Errorf("parseQuery(%q) = %q typing %v; want %q typing %v", tt.in, q.words, q.typing, tt.words, tt.typing)
		}
	}
}

func TestParseQueryFixesTheTypingFlagOnTheLastWord(t *testing.T) {
	if q := parseQuery("clavier sou"); !q.typing {
		t.Error("clavier sou: the last word is being typed")
	}
	if q := parseQuery("clavier."); q.typing {
		t.Error("clavier.: the word ends with a full stop")
	}
}

func TestParseQueryCutsLongInput(t *testing.T) {
	q := parseQuery(strings.Repeat("ordinateur ", 100))
	if len(q.words) != maxQueryWords {
		t.Fatalf("%d words, want %d", len(q.words), maxQueryWords)
	}
	long := parseQuery(strings.Repeat("a", 60) + " souris")
	if !slices.Equal(long.words, []string{"souris"}) {
		t.Fatalf("a 60-letter word was kept: %q", long.words)
	}
	// Cutting at maxQueryBytes never splits a character.
	q = parseQuery(strings.Repeat("é", 300))
	for _, w := range q.words {
		if !utf8.ValidString(w) {
			t.Fatalf("invalid UTF-8 word %q", w)
		}
	}
}

func TestFuzzinessGrowsWithWordLength(t *testing.T) {
	for w, want := range map[string]int{"pc": 0, "caf": 0, "clic": 1, "souris": 1, "clavié": 1, "clavier": 2, "téléchargement": 2} {
		if got := fuzzinessFor(w); got != want {
			t.Errorf("fuzzinessFor(%q) = %d, want %d", w, got, want)
		}
	}
}

func TestBuildQueryLeavesOutStopWords(t *testing.T) {
	th, _ := builtinThesaurus(langFR)
	if q := buildQuery(parseQuery("de la"), langFR, th, nil); q != nil {
		t.Fatalf("de la → %v, want no query", q)
	}
	if q := buildQuery(parseQuery("la souris"), langFR, th, nil); q == nil {
		t.Fatal("la souris → no query")
	}
}

// fakeDict is a dictionary of a few words, to check how typos and
// completions are chosen without an index.
type fakeDict map[string]uint64

func (d fakeDict) count(w string) uint64 { return d[w] }
func (d fakeDict) near(w string, k int) []dictEntry {
	var out []dictEntry
	for t, c := range d {
		if dist := levenshtein(w, t); dist <= k {
			out = append(out, dictEntry{t, c, dist})
		}
	}
	slices.SortFunc(out, func(a, b dictEntry) int {
		if a.distance != b.distance {
			return a.distance - b.distance
		}
		return int(b.count) - int(a.count)
	})
	return out
}
func (d fakeDict) completions(p string) []dictEntry {
	var out []dictEntry
	for t, c := range d {
		if strings.HasPrefix(t, p) {
			out = append(out, dictEntry{t, c, 0})
		}
	}
	slices.SortFunc(out, func(a, b dictEntry) int { return int(b.count) - int(a.count) })
	return out
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

func TestUnknownWordsStandForTheirNearestFrequentWords(t *testing.T) {
	d := fakeDict{"souris": 30, "souriez": 1, "sourire": 2, "clavier": 12}
	q := queryString(buildQuery(parsedQuery{words: []string{"sourie"}}, langFR, &thesaurus{}, d))
	if !strings.Contains(q, `"souris"`) {
		t.Fatalf("sourie does not stand for souris: %s", q)
	}
	// A known word is not corrected.
	q = queryString(buildQuery(parsedQuery{words: []string{"souriez"}}, langFR, &thesaurus{}, d))
	if strings.Contains(q, `"souris"`) {
		t.Fatalf("the known word souriez was corrected: %s", q)
	}
	// A short word is never corrected; a word being typed is completed.
	q = queryString(buildQuery(parsedQuery{words: []string{"cla"}, typing: true}, langFR, &thesaurus{}, d))
	if !strings.Contains(q, `"clavier"`) {
		t.Fatalf("cla is not completed to clavier: %s", q)
	}
	q = queryString(buildQuery(parsedQuery{words: []string{"cla"}, typing: false}, langFR, &thesaurus{}, d))
	if strings.Contains(q, `"clavier"`) {
		t.Fatalf("cla followed by a space was completed: %s", q)
	}
}

// queryString renders a Bleve query as JSON for assertions on its terms.
func queryString(q any) string {
	b, err := json.Marshal(q)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"courriel", "demarches caf", "sourie", "clavié", "mot de passe ", "l'écran", "e-mail?",
		"", "\x00", "\xff\xfe", strings.Repeat("é", 200), "comment envoyer un mail", "Ctrl+C", "123 456"} {
		f.Add(s)
	}
	th, err := builtinThesaurus(langFR)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q := parseQuery(raw)
		if len(q.words) > maxQueryWords {
			t.Fatalf("%d words", len(q.words))
		}
		for _, w := range q.words {
			if w == "" || len(w) > maxWordBytes || !utf8.ValidString(w) || strings.ContainsAny(w, " \t\n") {
				t.Fatalf("bad word %q from %q", w, raw)
			}
		}
		if q.typing && (len(q.words) == 0 || utf8.RuneCountInString(q.words[len(q.words)-1]) < minPrefixRunes) {
			t.Fatalf("typing set for %q", q.words)
		}
		// Normalising is idempotent.
		again := parseQuery(strings.Join(q.words, " "))
		if !slices.Equal(again.words, q.words) {
			t.Fatalf("parse(%q) = %q, parse again = %q", raw, q.words, again.words)
		}
		for _, l := range allLanguages {
			if bq := buildQuery(q, l, th, nil); bq != nil {
				if v, ok := bq.(interface{ Validate() error }); ok {
					if err := v.Validate(); err != nil {
						t.Fatalf("invalid query for %q: %v", raw, err)
					}
				}
			}
		}
	})
}
