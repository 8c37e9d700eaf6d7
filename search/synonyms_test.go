package search

import (
	"slices"
	"strings"
	"testing"

	"declic/courses"
)

func TestTheShippedSynonymListsParse(t *testing.T) {
	for _, l := range []language{langFR, langEN} {
		th, err := builtinThesaurus(l)
		if err != nil {
			t.Fatal(err)
		}
		if len(th.groups) < 10 {
			t.Errorf("%s: %d synonym groups, want a real list", l, len(th.groups))
		}
	}
	if th, err := builtinThesaurus(langOther); err != nil || len(th.groups) != 0 {
		t.Errorf("other languages: %v, %v; want an empty list", th, err)
	}
}

func TestBadSynonymFilesAreReportedWithTheirLine(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"a lone phrase", "# comment\n\ncourriel\n", "x.txt:3: a synonym group needs at least two phrases"},
		{"an empty phrase", "mail, , courriel\n", "x.txt:1: empty synonym"},
		{"a trailing comma", "ok, bien\nmail, courriel,\n", "x.txt:2: empty synonym"},
		{"punctuation only", "mail, !!!\n", "x.txt:1: empty synonym"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseSynonyms("x.txt", tt.text)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestSynonymsMatchTheLongestPhrase(t *testing.T) {
	th, err := parseSynonyms("t.txt", "mot de passe, code secret, code\nmot, terme\n")
	if err != nil {
		t.Fatal(err)
	}
	n, alts := th.match([]string{"mon", "mot", "de", "passe"}, 1)
	if n != 3 {
		t.Fatalf("match length = %d, want 3 (mot de passe)", n)
	}
	var texts []string
	for _, p := range alts {
		texts = append(texts, p.text)
	}
	if !slices.Equal(texts, []string{"mot de passe", "code secret", "code"}) {
		t.Fatalf("alternatives = %v", texts)
	}
	if n, _ := th.match([]string{"mot", "cle"}, 0); n != 1 {
		t.Fatalf("mot alone: length %d, want 1", n)
	}
	if n, _ := th.match([]string{"passe"}, 0); n != 0 {
		t.Fatalf("passe alone matched %d words", n)
	}
}

func TestPackSynonymsAddToTheListAndBadGroupsAreSkipped(t *testing.T) {
	base, _ := parseSynonyms("t.txt", "mail, courriel\n")
	th := base.withGroups([][]string{{"CAF", "Allocations familiales"}, {"seul"}, {"", "!!"}})
	if len(th.groups) != 2 || len(base.groups) != 1 {
		t.Fatalf("groups: %d (base %d), want 2 (base 1)", len(th.groups), len(base.groups))
	}
	n, alts := th.match([]string{"allocations", "familiales"}, 0)
	if n != 2 || len(alts) != 2 || !slices.Equal(alts[0].tokens, []string{"caf"}) {
		t.Fatalf("allocations familiales: %d, %+v", n, alts)
	}
}

// TestBeginnersWordsFindTheCourseWords checks the shipped French list on the
// words the project brief names: each query finds the step written with
// another word of its group, first.
func TestBeginnersWordsFindTheCourseWords(t *testing.T) {
	steps := []stepSpec{
		{"Écrire un e-mail", "Votre e-mail part en quelques secondes."},
		{"Le mot de passe", "Gardez votre mot de passe pour vous."},
		{"Le site internet", "Un site internet se lit avec un navigateur."},
		{"L'ordinateur", "Allumez l'ordinateur avec le gros bouton."},
		{"La clé USB", "Branchez la clé USB sur le côté."},
		{"La CAF", "La CAF verse des aides aux familles."},
		{"La souris", "Posez la main sur la souris."},
		{"Télécharger", "Télécharger, c'est copier un fichier depuis le réseau."},
	}
	idx := openSynced(t, handPack("syn", "1.0.0", "fr", "Mots", steps...))
	for _, tt := range []struct{ query, want string }{
		{"courriel", "Écrire un e-mail"},
		{"mail", "Écrire un e-mail"},
		{"mél", "Écrire un e-mail"},
		{"messagerie", "Écrire un e-mail"},
		{"code secret", "Le mot de passe"},
		{"page web", "Le site internet"},
		{"PC", "L'ordinateur"},
		{"clef usb", "La clé USB"},
		{"allocations familiales", "La CAF"},
		{"curseur", "La souris"},
		{"enregistrer", "Télécharger"},
	} {
		res := search(t, idx, tt.query+" ", "fr") // a final space: no completion, synonyms only
		if len(res.Hits) == 0 || res.Hits[0].StepTitle != tt.want {
			t.Errorf("%q: %v, want %q first", tt.query, stepTitles(res), tt.want)
		}
	}
}

func TestAPacksSynonymsLeaveWithIt(t *testing.T) {
	zoo := handPack("zoo", "1.0.0", "fr", "Le zoo", stepSpec{"Le dromadaire", "Le dromadaire a une bosse."})
	zoo.Synonyms = [][]string{{"dromadaire", "chameau d'Arabie"}}
	other := handPack("autre", "1.0.0", "fr", "Autre", stepSpec{"Le dromadaire aussi", "Un dromadaire dans le désert."})
	idx := openSynced(t, zoo, other)
	if res := search(t, idx, "chameau d'arabie ", "fr"); len(res.Hits) != 2 {
		t.Fatalf("pack synonym: %v, want both dromadaire steps", stepTitles(res))
	}
	if err := idx.Sync(t.Context(), []*courses.Pack{other}); err != nil {
		t.Fatal(err)
	}
	if res := search(t, idx, "chameau d'arabie ", "fr"); len(res.Hits) != 0 {
		t.Fatalf("the removed pack's synonym still works: %v", stepTitles(res))
	}
}

// FuzzPackSynonyms feeds pack.toml-like synonym groups (outside input) and
// queries through the thesaurus and the query builder.
func FuzzPackSynonyms(f *testing.F) {
	f.Add("CAF, allocations familiales", "demarche caf")
	f.Add("mot de passe,code", "mot de passe")
	f.Add(",,,", "")
	f.Add("é, e", "e é e")
	f.Add("l'écran, moniteur", "l ecran")
	f.Fuzz(func(t *testing.T, group, raw string) {
		th := (&thesaurus{}).withGroups([][]string{strings.Split(group, ",")})
		for _, g := range th.groups {
			if len(g) < 2 {
				t.Fatalf("a group of %d phrases was kept from %q", len(g), group)
			}
			for _, p := range g {
				if len(p.tokens) == 0 {
					t.Fatalf("an empty phrase was kept from %q", group)
				}
			}
		}
		q := parseQuery(raw)
		for i := range q.words {
			n, alts := th.match(q.words, i)
			if n < 0 || i+n > len(q.words) || (n > 0) != (len(alts) > 0) {
				t.Fatalf("match(%q, %d) = %d, %d alternatives", q.words, i, n, len(alts))
			}
		}
		if bq := buildQuery(q, langFR, th, nil); bq != nil {
			if v, ok := bq.(interface{ Validate() error }); ok {
				if err := v.Validate(); err != nil {
					t.Fatalf("invalid query for %q with %q: %v", raw, group, err)
				}
			}
		}
	})
}
