package search

import (
	"strings"
	"testing"
	"unicode/utf8"

	"declic/courses"
)

func frTerms(words ...string) map[string]bool {
	out := map[string]bool{}
	for _, w := range words {
		for _, t := range terms(analyzerFR, w) {
			out[t] = true
		}
	}
	return out
}

func TestSnippetsHighlightTheMatchedWordsInTheirWrittenForm(t *testing.T) {
	got := snippet("Ouvrez votre messagerie. Écrivez l'adresse e-mail de Marie.", langFR, frTerms("adresse", "e-mail"), 200)
	want := "Ouvrez votre messagerie. Écrivez [l'adresse e-mail] de Marie."
	if marked(got) != want {
		t.Fatalf("snippet = %s\nwant      %s", marked(got), want)
	}
}

func TestFoundWordsMakeOneRunAcrossSmallWordsButNotAcrossSentences(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Choisissez un mot de passe solide.", "Choisissez un [mot de passe] solide."},
		{"Le mot. De passe.", "Le [mot]. De [passe]."},
		{"Passe en passe.", "[Passe en passe]."},
		{"Un mot, puis un autre.", "Un [mot], puis un autre."},
		{"Le mot juste passe.", "Le [mot] juste [passe]."},
		{"Le mot est un passe.", "Le [mot] est un [passe]."},
	}
	for _, tt := range tests {
		if got := marked(snippet(tt.text, langFR, frTerms("mot", "passe"), 200)); got != tt.want {
			t.Errorf("snippet = %s\nwant      %s", got, tt.want)
		}
	}
}

func TestALongTextIsCutAroundTheMatches(t *testing.T) {
	before := strings.Repeat("Lorem ipsum dolor sit amet. ", 20)
	after := strings.Repeat(" Consectetur adipiscing elit.", 20)
	text := before + "Branchez la clé USB sur l'ordinateur." + after
	got := snippet(text, langFR, frTerms("clé"), 80)
	s := SnippetText(got)
	if !strings.HasPrefix(s, "…") || !strings.HasSuffix(s, "…") {
		t.Fatalf("a cut snippet must start and end with …: %q", s)
	}
	if n := utf8.RuneCountInString(s); n > 84 {
		t.Fatalf("snippet of %d characters, want about 80: %q", n, s)
	}
	if !strings.Contains(marked(got), "[clé]") {
		t.Fatalf("the match is not in the snippet: %s", marked(got))
	}
	for _, f := range got {
		if strings.HasPrefix(f.Text, "psum") || strings.HasSuffix(strings.TrimSuffix(f.Text, "…"), "Consec") {
			t.Fatalf("a word was cut: %q", f.Text)
		}
	}
}

func TestASnippetWithoutMatchesShowsTheStart(t *testing.T) {
	text := strings.Repeat("Une phrase simple. ", 30)
	got := snippet(text, langFR, nil, 60)
	if len(got) != 1 || got[0].Highlight || !strings.HasPrefix(got[0].Text, "Une phrase") || !strings.HasSuffix(got[0].Text, "…") {
		t.Fatalf("snippet = %+v", got)
	}
}

func TestLineBreaksBecomeSpaces(t *testing.T) {
	got := SnippetText(snippet("Cliquez.\nDouble-cliquez.", langFR, nil, 100))
	if got != "Cliquez. Double-cliquez." {
		t.Fatalf("snippet = %q", got)
	}
}

func TestStepTextGathersEveryBlock(t *testing.T) {
	step := &courses.Step{Title: "Titre", Blocks: []courses.Block{
		courses.Paragraph{Inlines: []courses.Inline{{Text: "Appuyez sur "}, {Text: "Entrée", Style: courses.Key}, {Text: "\n"}, {Text: "maintenant."}}},
		courses.Heading{Level: 3, Inlines: []courses.Inline{{Text: "Sous-titre"}}},
		courses.List{Items: [][]courses.Block{{courses.Paragraph{Inlines: []courses.Inline{{Text: "premier point"}}}}}},
		courses.Callout{Blocks: []courses.Block{courses.Paragraph{Inlines: []courses.Inline{{Text: "À retenir : la girafe."}}}}},
		courses.Image{Src: "images/x.svg", Alt: "Une souris vue de dessus."},
		// A kind this program does not know: the TOML body's texts are used,
		// without file names and settings.
		courses.Activity{Kind: "inconnu", Body: []byte("prompt = \"Trouvez le zèbre.\"\nimage = \"images/zebre.svg\"\n[[choices]]\ntext = \"Le zèbre\"\ncorrect = true\n")},
	}}
	got := stepText(step)
	for _, want := range []string{"Appuyez sur Entrée maintenant.", "Sous-titre", "premier point", "À retenir : la girafe.", "Une souris vue de dessus.", "Trouvez le zèbre.", "Le zèbre"} {
		if !strings.Contains(got, want) {
			t.Errorf("step text lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "zebre.svg") || strings.Contains(got, "true") {
		t.Errorf("step text holds settings:\n%s", got)
	}
}
