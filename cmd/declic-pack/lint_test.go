package main

import (
	"declic/internal/cli"
	"declic/readability"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lintPack writes a one-lesson pack (made by new) whose lesson is body.
func lintPack(t *testing.T, body string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "p")
	if code, _, errOut := runCLI(t, env(), "new", dir); code != cli.ExitOK {
		t.Fatal(errOut)
	}
	lesson := filepath.Join(dir, "modules/01-premier-module/01-decouvrir.md")
	if err := os.WriteFile(lesson, []byte("+++\ntitle = \"L\"\n+++\n\n"+body), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestLintFindsEachKindOfProblemWithItsLine(t *testing.T) {
	body := `## Écran un

Ouvrez le PDF.
Cliquez.

## Écran deux

Dans le cadre de la procédure administrative, vous devez impérativement transmettre les justificatifs demandés aujourd'hui.

## Écran trois

Votre courriel arrive.
Lisez votre e-mail.
Un autre e-mail.

![Souris](images/souris.svg)
`
	dir := lintPack(t, body)
	code, out, _ := runCLI(t, env(), "lint", dir)
	if code != cli.ExitOK {
		t.Fatalf("warnings only must exit 0, got %d\n%s", code, out)
	}
	file := filepath.Join(dir, "modules/01-premier-module/01-decouvrir.md")
	for _, want := range []string{
		file + ":7: avertissement : jargon sans explication la première fois : « pdf » [jargon]",
		file + ":12: avertissement : phrase de 16 mots (15 au plus)",
		file + ":12: avertissement : mot long : « administrative »",
		file + ":16: avertissement : « courriel » et « e-mail » désignent la même chose",
		file + ":20: avertissement : le texte de remplacement de modules/01-premier-module/images/souris.svg est très court",
		"suggestion : coupez-la en 2 phrases",
		"écrivez « e-mail » partout",
		"modules/01-premier-module/01-decouvrir.md        3",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := runCLI(t, env(), "lint", "--strict", dir); code != cli.ExitProblems {
		t.Errorf("--strict: exit %d, want 1", code)
	}
	code, out, _ = runCLI(t, env("DECLIC_LANG", "en"), "lint", "--strict", dir)
	if code != cli.ExitProblems || !strings.Contains(out, ":12: error: sentence of 16 words (15 at most)") || !strings.Contains(out, "Lesson") {
		t.Errorf("English --strict:\n%s", out)
	}
}

func TestLintExplainedJargonAndScreenHeight(t *testing.T) {
	long := strings.Repeat("Le chat dort sur le lit. ", 16)
	body := "## Un\n\nUn PDF, c'est un document. Ouvrez le PDF.\n\n## Deux\n\n![Une souris vue de dessus.](images/souris.svg)\n\n" + long + "\n"
	dir := lintPack(t, body)
	_, out, _ := runCLI(t, env(), "lint", dir)
	if strings.Contains(out, "jargon") {
		t.Errorf("explained jargon reported:\n%s", out)
	}
	if !strings.Contains(out, ":9: avertissement : l'écran « Deux » est sans doute trop long") {
		t.Errorf("long screen not reported:\n%s", out)
	}
	// The same words without the picture fit.
	dir = lintPack(t, "## Deux\n\n"+long+"\n")
	if _, out, _ := runCLI(t, env(), "lint", dir); strings.Contains(out, "trop long") {
		t.Errorf("a screen that fits is reported:\n%s", out)
	}
}

func TestLintHardLessonAndErrors(t *testing.T) {
	hard := strings.Repeat("L'administration départementale considère systématiquement l'identification indispensable. ", 5)
	dir := lintPack(t, "## Un\n\n"+hard+"\n")
	_, out, _ := runCLI(t, env(), "lint", dir)
	if !strings.Contains(out, "01-decouvrir.md:1: avertissement : leçon difficile à lire : score de Kandel et Moles") {
		t.Errorf("hard lesson not reported:\n%s", out)
	}
	if code, _, errOut := runCLI(t, env(), "lint", "nulle-part"); code != cli.ExitUsage || !strings.Contains(errOut, "nulle-part est introuvable") {
		t.Errorf("missing pack: %d %s", code, errOut)
	}
	if code, out, _ := runCLI(t, env(), "lint", "../../courses/testdata/broken/missing-image"); code != cli.ExitProblems || !strings.Contains(out, "erreur : L'image") {
		t.Errorf("broken pack: %d %s", code, out)
	}
	if code, _, _ := runCLI(t, env(), "lint"); code != cli.ExitUsage {
		t.Errorf("no path: %d", code)
	}
}

func TestLintOnTheStarterPackReportsOnlyAFewWarnings(t *testing.T) {
	code, out, _ := runCLI(t, env(), "lint", starterPack)
	if code != cli.ExitOK {
		t.Fatalf("exit %d", code)
	}
	n := strings.Count(out, ": avertissement : ")
	if n == 0 || n > 40 {
		t.Errorf("%d warnings on the starter pack:\n%s", n, out)
	}
	if !strings.Contains(out, "Total ") {
		t.Error("no table")
	}
}

// BenchmarkLintStarterPack measures lint on the 48-lesson starter pack.
func BenchmarkLintStarterPack(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if code, _, _ := runCLI(b, env(), "lint", starterPack); code != cli.ExitOK {
			b.Fatal(code)
		}
	}
}

// The « À retenir : » label is shown by the app, not read in the sentence.
func TestLintDoesNotCountTheRememberLabel(t *testing.T) {
	fourteen := "ouvrez une pièce jointe seulement si vous connaissez bien la personne qui vous écrit."
	dir := lintPack(t, "## Un\n\nTexte.\n\n> À retenir : "+fourteen+"\n")
	if _, out, _ := runCLI(t, env(), "lint", dir); strings.Contains(out, "phrase de") {
		t.Errorf("the label was counted:\n%s", out)
	}
	dir = lintPack(t, "## Un\n\nTexte.\n\n> Très important : "+fourteen+"\n")
	if _, out, _ := runCLI(t, env(), "lint", dir); !strings.Contains(out, "phrase de 16 mots") {
		t.Errorf("a 16-word sentence was not reported:\n%s", out)
	}
}

// lintRemarks runs lint on dir and returns its remark lines (those with a rule
// in brackets) and the exit status.
func lintRemarks(t *testing.T, dir string, args ...string) ([]string, int) {
	t.Helper()
	code, out, errOut := runCLI(t, env(), append(append([]string{"lint"}, args...), dir)...)
	if code == cli.ExitUsage {
		t.Fatalf("lint: %s", errOut)
	}
	var remarks []string
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, ": avertissement : ") || strings.Contains(line, ": erreur : ") {
			remarks = append(remarks, line)
		}
	}
	return remarks, code
}

// acceptInPack adds a [lint] table to the pack.toml that new wrote.
func acceptInPack(t *testing.T, dir, table string) {
	t.Helper()
	p := filepath.Join(dir, "pack.toml")
	data, _ := os.ReadFile(p)
	if err := os.WriteFile(p, append(data, []byte("\n[lint]\n"+table+"\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A reviewed remark, accepted in pack.toml or in the lesson's header, no
// longer comes back, and --strict passes on the clean pack.
func TestLintAcceptListLetsStrictPass(t *testing.T) {
	body := "## Écran\n\nLe revenu de solidarité aide les familles.\n" +
		"Ouvrez le dossier Téléchargements.\n" +
		"Cette phrase est bien trop longue pour un écran de Déclic car elle compte seize mots.\n"
	dir := lintPack(t, body)
	remarks, code := lintRemarks(t, dir, "--strict")
	if code != cli.ExitProblems || len(remarks) != 2 {
		t.Fatalf("before: exit %d, %d remarks:\n%s", code, len(remarks), strings.Join(remarks, "\n"))
	}
	for _, want := range []string{"mot long : « Téléchargements » (5 syllabes, 15 lettres) [mot-long]", "phrase de 16 mots (15 au plus)"} {
		if !strings.Contains(strings.Join(remarks, "\n"), want) {
			t.Errorf("remarks lack %q:\n%s", want, strings.Join(remarks, "\n"))
		}
	}
	acceptInPack(t, dir, `accept = ["téléchargements"]`)
	lesson := filepath.Join(dir, "modules/01-premier-module/01-decouvrir.md")
	os.WriteFile(lesson, []byte("+++\ntitle = \"L\"\n[lint]\naccept_rules = [\"Phrase-longue\"]\n+++\n\n"+body), 0o644)
	if remarks, code := lintRemarks(t, dir, "--strict"); code != cli.ExitOK || len(remarks) != 0 {
		t.Errorf("after accepting: exit %d\n%s", code, strings.Join(remarks, "\n"))
	}
	// The same settings in YAML front matter.
	os.WriteFile(lesson, []byte("---\ntitle: L\nlint:\n  accept_rules: [phrase-longue]\n---\n\n"+body), 0o644)
	if remarks, code := lintRemarks(t, dir, "--strict"); code != cli.ExitOK {
		t.Errorf("YAML front matter: exit %d\n%s", code, strings.Join(remarks, "\n"))
	}
	// A rule name that does not exist is caught by validate.
	os.WriteFile(lesson, []byte("+++\ntitle = \"L\"\n[lint]\naccept_rules = [\"phrases-longues\"]\n+++\n\n"+body), 0o644)
	_, out, _ := runCLI(t, env(), "validate", dir)
	if !strings.Contains(out, "01-decouvrir.md:4: avertissement : La règle « phrases-longues » n'existe pas. Les règles de lint sont : phrase-longue, mot-long, jargon, synonyme, image, ecran-long, lisibilite, reponse-dangereuse.") {
		t.Errorf("validate:\n%s", out)
	}
}

// Lint's own suggestions never raise a remark of their own: each jargon
// term's suggestion, applied as written, leaves a lesson without remark.
func TestLintJargonSuggestionsRaiseNoNewRemark(t *testing.T) {
	for _, term := range readability.JargonList() {
		t.Run(term.Word, func(t *testing.T) {
			dir := lintPack(t, "## Écran\n\nVoici "+term.Word+".\n")
			remarks, _ := lintRemarks(t, dir)
			if !strings.Contains(strings.Join(remarks, "\n"), "« "+term.Word+" » [jargon]") {
				t.Fatalf("before: no jargon remark:\n%s", strings.Join(remarks, "\n"))
			}
			fixed := "Voici " + term.Word + ".\n" + term.Explain + "\n"
			if term.Replace != "" {
				fixed = "Voici " + term.Replace + ".\n"
			}
			dir = lintPack(t, "## Écran\n\n"+fixed)
			if remarks, _ := lintRemarks(t, dir); len(remarks) != 0 {
				t.Errorf("the suggestion raised:\n%s\nin:\n%s", strings.Join(remarks, "\n"), fixed)
			}
		})
	}
}

// The other suggestions, applied as they say, leave no remark either.
func TestLintOtherSuggestionsRaiseNoNewRemark(t *testing.T) {
	long := strings.Repeat("Le chat dort sur le lit. ", 16)
	tests := []struct {
		name, before, after, pack string
	}{
		{"a long word accepted as the suggestion says", "## Un\n\nLa démarche administrative commence.\n", "## Un\n\nLa démarche administrative commence.\n", `accept = ["administrative"]`},
		{"a long sentence cut in 2", "## Un\n\nCette phrase est bien trop longue pour un écran de Déclic car elle compte seize mots.\n",
			"## Un\n\nCette phrase est bien trop longue pour un écran de Déclic.\nElle compte seize mots.\n", ""},
		{"one name for one thing", "## Un\n\nVotre courriel arrive.\nLisez votre e-mail.\nUn autre e-mail.\n", "## Un\n\nVotre e-mail arrive.\nLisez votre e-mail.\nUn autre e-mail.\n", ""},
		{"a picture described as the example", "## Un\n\nTexte.\n\n![Souris](images/souris.svg)\n", "## Un\n\nTexte.\n\n![Une souris. Le bouton gauche est en jaune.](images/souris.svg)\n", ""},
		{"a long screen split with ##", "## Un\n\n![Une souris vue de dessus.](images/souris.svg)\n\n" + long + "\n", "## Un\n\n![Une souris vue de dessus.](images/souris.svg)\n\n## Deux\n\n" + long + "\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if remarks, _ := lintRemarks(t, lintPack(t, tt.before)); len(remarks) == 0 {
				t.Fatal("no remark to begin with")
			}
			dir := lintPack(t, tt.after)
			if tt.pack != "" {
				acceptInPack(t, dir, tt.pack)
			}
			if remarks, _ := lintRemarks(t, dir); len(remarks) != 0 {
				t.Errorf("after the suggestion:\n%s", strings.Join(remarks, "\n"))
			}
		})
	}
}

// The case: the suggestion for « RSA » names the revenu de
// solidarité active, and lint does not then call « solidarité » long.
func TestLintDoesNotCallAnOfficialNameItSuggestsLong(t *testing.T) {
	dir := lintPack(t, "## Un\n\nDemandez le revenu de solidarité active (RSA).\n")
	if remarks, _ := lintRemarks(t, dir); len(remarks) != 0 {
		t.Errorf("remarks:\n%s", strings.Join(remarks, "\n"))
	}
}
