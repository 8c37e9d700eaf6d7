package main

import (
	"declic/internal/cli"
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
