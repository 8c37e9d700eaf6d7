package search

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"declic/courses"
)

// The relevance tests search the real starter pack and the small English pack
// in testdata, as a learner would, and check the top 3 results.

var (
	relevanceOnce sync.Once
	relevanceIdx  *Index
)

// relevanceIndex is shared by the relevance tests: building it takes a second.
func relevanceIndex(t *testing.T) *Index {
	t.Helper()
	relevanceOnce.Do(func() {
		idx, err := Open(t.TempDir() + "/../relevance-index")
		if err != nil {
			t.Fatal(err)
		}
		if err := idx.Sync(t.Context(), []*courses.Pack{loadStarter(t), loadEnglish(t)}); err != nil {
			t.Fatal(err)
		}
		relevanceIdx = idx
	})
	if relevanceIdx == nil {
		t.Fatal("the relevance index could not be built")
	}
	return relevanceIdx
}

func TestRelevanceTop3(t *testing.T) {
	idx := relevanceIndex(t)
	tests := []struct {
		name, query, lang string
		// ok says whether a hit is what the learner was looking for.
		ok   func(Result) bool
		want string
	}{
		{"a synonym finds the e-mail modules", "courriel", "fr",
			inModules("06-mon-adresse-e-mail", "07-ecrire-des-e-mails"), "the e-mail modules"},
		{"words without accents find the online procedures", "demarches caf", "fr",
			inModules("09-les-demarches-en-ligne"), "the online procedures module"},
		{"a misspelled word finds the mouse", "sourie", "fr",
			inModules("02-la-souris"), "the mouse module"},
		{"a misspelled accent finds the keyboard", "clavié", "fr",
			inModules("03-le-clavier"), "the keyboard module"},
		// The starter pack's « Mot de passe oublié ? » screens sit in the lesson
		// about creating an account: they are about passwords too.
		{"a phrase ranks the password lessons and screens first", "mot de passe", "fr",
			func(r Result) bool {
				return strings.Contains(r.LessonID, "mot-de-passe") || strings.Contains(r.LessonID, "mots-de-passe") ||
					strings.Contains(strings.ToLower(r.StepTitle), "mot de passe")
			},
			"lessons or screens about passwords"},
		{"the way beginners ask finds e-mails", "comment envoyer un mail", "fr",
			inModules("06-mon-adresse-e-mail", "07-ecrire-des-e-mails"), "the e-mail modules"},
		{"search as you type finds the keyboard from 4 letters", "clav", "fr",
			inModules("03-le-clavier"), "the keyboard module"},
		{"an English query finds the English password lesson", "strong pasword", "en",
			inLessons("01-strong-passwords"), "the password lesson"},
		{"an English synonym finds e-mail", "mailbox", "en",
			inModules("02-email"), "the email module"},
		{"English search as you type", "mou", "en",
			inModules("01-the-mouse"), "the mouse module"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := search(t, idx, tt.query, tt.lang)
			if len(res.Hits) < 3 {
				t.Fatalf("%q: %d hits, want at least 3:%s", tt.query, len(res.Hits), describe(res))
			}
			for i, h := range res.Hits[:3] {
				if !tt.ok(h) {
					t.Fatalf("%q: hit %d is %s/%s, not %s:%s", tt.query, i+1, h.ModuleID, h.LessonID, tt.want, describe(res))
				}
			}
		})
	}
}

func TestTitlesAreHighlightedToo(t *testing.T) {
	res := search(t, relevanceIndex(t), "double-clic ", "fr")
	if len(res.Hits) == 0 {
		t.Fatal("double-clic: no hit")
	}
	found := false
	for _, h := range res.Hits {
		if strings.Contains(strings.ToLower(h.StepTitle), "double-clic") {
			found = true
			if !strings.Contains(strings.ToLower(marked(h.StepTitleFragments)), "[double-clic") {
				t.Fatalf("title %q: not highlighted: %s", h.StepTitle, marked(h.StepTitleFragments))
			}
		}
	}
	if !found {
		t.Fatalf("no step titled with double-clic:%s", describe(res))
	}
}

func TestATypoIsHighlightedAsTheWordFound(t *testing.T) {
	res := search(t, relevanceIndex(t), "sourie", "fr")
	if len(res.Hits) == 0 {
		t.Fatal("sourie: no hit")
	}
	var highlighted []string
	for _, f := range res.Hits[0].Snippet {
		if f.Highlight {
			highlighted = append(highlighted, strings.ToLower(f.Text))
		}
	}
	if len(highlighted) == 0 {
		t.Fatalf("sourie: nothing highlighted in %s", marked(res.Hits[0].Snippet))
	}
	for _, h := range highlighted {
		if h != "souris" {
			t.Fatalf("sourie: highlighted %q in %s, want only souris", h, marked(res.Hits[0].Snippet))
		}
	}
}

func TestPackSynonymsWork(t *testing.T) {
	// testdata/en-pack says GP = family doctor; the step says "family doctor".
	res := search(t, relevanceIndex(t), "GP", "en")
	if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].StepTitle, "GP") && !strings.Contains(SnippetText(res.Hits[0].Snippet), "family doctor") {
		t.Fatalf("GP:%s", describe(res))
	}
	res = search(t, relevanceIndex(t), "family doctor", "en")
	if len(res.Hits) == 0 || res.Hits[0].StepTitle != "Call your GP" {
		t.Fatalf("family doctor:%s", describe(res))
	}
}

func TestTheLanguageChoosesThePacks(t *testing.T) {
	idx := relevanceIndex(t)
	for _, h := range search(t, idx, "password", "en").Hits {
		if h.PackID != "org.example.first-steps-en" {
			t.Fatalf("an English search returned a step of %s", h.PackID)
		}
	}
	for _, h := range search(t, idx, "souris", "fr-FR").Hits {
		if h.PackID == "org.example.first-steps-en" {
			t.Fatalf("a French search returned an English step: %+v", h)
		}
	}
	packs := map[string]bool{}
	for _, h := range search(t, idx, "mouse souris", "").Hits {
		packs[h.PackID] = true
	}
	if len(packs) != 2 {
		t.Fatalf("a search in every language found steps of %v, want both packs", packs)
	}
}

func TestResultsGroupByModuleInRankOrder(t *testing.T) {
	res := search(t, relevanceIndex(t), "e-mail", "fr")
	groups := res.Groups()
	if len(groups) < 2 {
		t.Fatalf("e-mail: %d groups, want several", len(groups))
	}
	if groups[0].ModuleID != res.Hits[0].ModuleID {
		t.Fatalf("the first group is %s, the best hit is in %s", groups[0].ModuleID, res.Hits[0].ModuleID)
	}
	count := 0
	seen := map[string]bool{}
	for _, g := range groups {
		if seen[g.PackID+"/"+g.ModuleID] {
			t.Fatalf("module %s appears in two groups", g.ModuleID)
		}
		seen[g.PackID+"/"+g.ModuleID] = true
		for i, r := range g.Results {
			if r.ModuleID != g.ModuleID || r.ModuleTitle != g.ModuleTitle || r.Level != g.Level {
				t.Fatalf("group %s holds %+v", g.ModuleID, r)
			}
			if i > 0 && r.Score > g.Results[i-1].Score {
				t.Fatalf("group %s is not best first", g.ModuleID)
			}
		}
		count += len(g.Results)
	}
	if count != len(res.Hits) {
		t.Fatalf("groups hold %d results, hits are %d", count, len(res.Hits))
	}
}

func TestAResultOpensItsExactStep(t *testing.T) {
	idx := relevanceIndex(t)
	pack := loadStarter(t)
	res := search(t, idx, "double-clic", "fr")
	if len(res.Hits) == 0 {
		t.Fatal("double-clic: no hit")
	}
	for _, h := range res.Hits {
		step := findStep(pack, h)
		if step == nil {
			t.Fatalf("hit %+v names no step of the starter pack", h)
		}
		if step.Title != h.StepTitle {
			t.Fatalf("hit says step %q, the pack has %q at %s/%s/%d", h.StepTitle, step.Title, h.ModuleID, h.LessonID, h.StepIndex)
		}
		if h.Level == "" || h.LessonTitle == "" || h.ModuleTitle == "" || len(h.Snippet) == 0 {
			t.Fatalf("incomplete hit %+v", h)
		}
		if SnippetText(h.StepTitleFragments) != h.StepTitle {
			t.Fatalf("title fragments %q do not spell the title %q", marked(h.StepTitleFragments), h.StepTitle)
		}
	}
}

func TestNothingFoundGivesSuggestions(t *testing.T) {
	idx := relevanceIndex(t)
	if res := search(t, idx, "xylophone", "fr"); len(res.Hits) != 0 {
		t.Fatalf("xylophone found:%s", describe(res))
	}
	s, err := idx.Suggest("claviiiers", "fr")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Words) == 0 || s.Words[0] != "clavier" {
		t.Fatalf("Suggest(claviiiers).Words = %v, want clavier first", s.Words)
	}
	// Words come as the pack writes them, with their accents.
	s, err = idx.Suggest("telechargemant", "fr")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(s.Words, "téléchargement") && !slices.Contains(s.Words, "téléchargements") {
		t.Fatalf("Suggest(telechargemant).Words = %v, want téléchargement(s) with accents", s.Words)
	}
	if len(s.Modules) == 0 || s.Modules[0].Level != courses.Beginner {
		t.Fatalf("Suggest modules = %+v, want beginners' modules first", s.Modules)
	}
	for _, m := range s.Modules {
		if m.PackID == "org.example.first-steps-en" {
			t.Fatalf("a French suggestion proposes an English module %+v", m)
		}
	}
}

func TestEmptyAndStopWordQueriesFindNothingQuietly(t *testing.T) {
	idx := relevanceIndex(t)
	for _, q := range []string{"", "   ", "de la", "le", "!!!"} {
		res, err := idx.Search(t.Context(), q, "fr", 10)
		if err != nil || len(res.Hits) != 0 {
			t.Errorf("Search(%q) = %d hits, %v; want none and no error", q, len(res.Hits), err)
		}
	}
}

func inModules(ids ...string) func(Result) bool {
	return func(r Result) bool {
		for _, id := range ids {
			if r.ModuleID == id {
				return true
			}
		}
		return false
	}
}

func inLessons(ids ...string) func(Result) bool {
	return func(r Result) bool {
		for _, id := range ids {
			if r.LessonID == id {
				return true
			}
		}
		return false
	}
}

func findStep(p *courses.Pack, r Result) *courses.Step {
	for _, m := range p.Modules {
		for _, l := range m.Lessons {
			if m.ID == r.ModuleID && l.ID == r.LessonID && r.StepIndex >= 0 && r.StepIndex < len(l.Steps) {
				return l.Steps[r.StepIndex]
			}
		}
	}
	return nil
}
