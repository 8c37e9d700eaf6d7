package readability

import (
	"math"
	"strings"
	"testing"
)

// Syllables of common words of the starter pack, counted the way French is spoken.
func TestSyllablesOfKnownWords(t *testing.T) {
	words := map[string]int{
		"mot": 1, "oui": 1, "le": 1, "une": 1, "elle": 1, "guerre": 1, "quatre": 1, "passe": 1,
		"souris": 2, "clavier": 2, "adresse": 2, "écran": 2, "idée": 2, "beaucoup": 2, "cliquez": 2,
		"journée": 2, "payer": 2, "pages": 1, "touche": 1, "fenêtre": 2, "enfin": 2,
		"téléphone": 3, "internet": 3, "création": 3, "réussir": 3, "bienvenue": 3,
		"ordinateur": 4, "navigateur": 4, "aéroport": 4, "identifiant": 4,
		"e-mail": 2, "peut-être": 2, "Souris": 2, "ÉCRAN": 2,
		"2024": 4, "3": 1,
	}
	for w, want := range words {
		if got := Syllables(w); got != want {
			t.Errorf("Syllables(%q) = %d, want %d", w, got, want)
		}
	}
}

func TestWordsAndSentences(t *testing.T) {
	got := Words("L'ordinateur s'allume. Écrivez impots.gouv.fr, puis « e-mail » !")
	want := "L ordinateur s allume Écrivez impots.gouv.fr puis e-mail"
	if strings.Join(got, " ") != want {
		t.Errorf("Words = %q", got)
	}
	s := Sentences("Bonjour. Cliquez sur le bouton ! Que voyez-vous ?\nUne liste\nFin… ici 3.5 euros.")
	if len(s) != 6 || s[0] != "Bonjour." || s[3] != "Une liste" || s[5] != "ici 3.5 euros." {
		t.Errorf("Sentences = %q", s)
	}
}

func TestKandelMolesScore(t *testing.T) {
	// The formula on round numbers: 10 words, 1 sentence, 15 syllables.
	if got := KandelMoles(10, 1, 15); math.Abs(got-(207-10.15-110.4)) > 1e-9 {
		t.Errorf("KandelMoles = %v", got)
	}
	easy := Measure("Le chat dort. Il fait beau. Je lis.").Score()
	hard := Measure("L'administration départementale réglementaire considère systématiquement l'identification préalable indispensable à l'instruction de votre demande d'allocation personnalisée.").Score()
	if easy < 90 || hard > 30 || easy <= hard {
		t.Errorf("easy %.1f, hard %.1f", easy, hard)
	}
	if (Stats{}).Score() != 0 {
		t.Error("empty text has a score")
	}
}

func TestJargonAndExplanations(t *testing.T) {
	got := FindJargon("Ouvrez le PDF envoyé par la CAF, puis le pdf.")
	if len(got) != 2 || got[0].Word != "pdf" || got[1].Word != "caf" || got[1].Replace == "" {
		t.Errorf("FindJargon = %+v", got)
	}
	if len(FindJargon("Une capsule de café. Le fichier facture.pdf.exe, ou contact@caf.example.fr.")) != 0 {
		t.Error("jargon found inside other words")
	}
	for _, s := range [][2]string{
		{"Un PDF, c'est un document.", ""},
		{"Ouvrez le PDF.", "Cela veut dire un document figé."},
		{"Ouvrez le PDF (un document figé).", ""},
		{"Le PDF : un document figé.", ""},
		{"Un document figé (PDF) arrive.", ""},
		{"Le PDF est un document figé.", ""},
	} {
		if !Explained("pdf", s[0], s[1]) {
			t.Errorf("explanation not seen in %q %q", s[0], s[1])
		}
	}
	for _, s := range [][2]string{
		{"Ouvrez le PDF.", "Cliquez dessus."},
		{"À retenir : ouvrez le PDF.", ""},
		{"Ouvrez le PDF envoyé (par la CAF).", "Vous avez : 2 fichiers."},
	} {
		if Explained("pdf", s[0], s[1]) {
			t.Errorf("no explanation in %q %q, yet Explained", s[0], s[1])
		}
	}
}

func TestSameThingPrefersTheLongestName(t *testing.T) {
	ms := SameThing("Votre adresse e-mail reçoit un e-mail. Le courriel arrive. Mon adresse mail.")
	var terms []string
	for _, m := range ms {
		terms = append(terms, m.Term)
	}
	if strings.Join(terms, ",") != "adresse e-mail,e-mail,courriel,adresse mail" {
		t.Errorf("SameThing = %q", terms)
	}
	if ms[1].Group != ms[2].Group || ms[0].Group != ms[3].Group || ms[0].Group == ms[1].Group {
		t.Errorf("groups %+v", ms)
	}
	if got := MostUsed(ms[1].Group, map[string]int{"courriel": 3, "e-mail": 1}); got != "courriel" {
		t.Errorf("MostUsed = %q", got)
	}
}

// Every data line parses: jargon terms have a suggestion, groups two names or
// more, and no name is in two groups.
func TestShippedLists(t *testing.T) {
	if len(JargonList()) < 40 {
		t.Errorf("only %d jargon terms", len(JargonList()))
	}
	for _, j := range JargonList() {
		if (j.Replace == "") == (j.Explain == "") {
			t.Errorf("%q has no suggestion", j.Word)
		}
	}
	seen := map[string]bool{}
	for _, g := range SynonymGroups() {
		if len(g) < 2 {
			t.Errorf("group %q has one name", g)
		}
		for _, n := range g {
			if seen[n] {
				t.Errorf("%q is in two groups", n)
			}
			seen[n] = true
		}
	}
}

func FuzzMeasure(f *testing.F) {
	f.Add("Bonjour. L'ordinateur s'allume !")
	f.Add("é-é-é…\n\n")
	f.Fuzz(func(t *testing.T, s string) {
		st := Measure(s)
		if st.Words > 0 && st.Syllables < st.Words {
			t.Fatalf("%d syllables for %d words", st.Syllables, st.Words)
		}
		SameThing(s)
		FindJargon(s)
	})
}

func TestReassurance(t *testing.T) {
	cases := []struct{ text, want string }{
		{"Ce n'est pas grave. Regardez la fin de l'adresse.", "Ce n'est pas grave"},
		{"Non, ce n’est pas grave, essayez encore.", "ce n’est pas grave"},
		{"C'EST PAS GRAVE !", "C'EST PAS GRAVE"},
		{"Pas de souci, recommencez.", "Pas de souci"},
		{"Ne vous inquiétez pas.", "Ne vous inquiétez pas"},
		{"Aucun problème.", "Aucun problème"},
		{"Ce n'est rien.", "Ce n'est rien"},
		{"Tant pis, ce sera pour une autre fois.", "Tant pis"},
		{"Non ! Ne donnez jamais votre code secret : un escroc pourrait vider votre compte.", ""},
		{"C'est grave : ce site vole vos données.", ""},
		{"Un problème de connexion ? Redémarrez la box.", ""},
		{"Pas gravement, mais prudemment.", ""},
		{"", ""},
	}
	for _, c := range cases {
		if got := Reassurance(c.text); got != c.want {
			t.Errorf("Reassurance(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// A listed term with an apostrophe is found as a text writes it.
func TestTermsWithAnApostropheAreFound(t *testing.T) {
	if got := FindJargon("Regardez la barre d'adresse en haut."); len(got) != 1 || got[0].Word != "barre d'adresse" {
		t.Errorf("FindJargon = %+v", got)
	}
	if got := SameThing("Votre nom d’utilisateur est court."); len(got) != 1 || got[0].Term != "nom d'utilisateur" {
		t.Errorf("SameThing = %+v", got)
	}
}
