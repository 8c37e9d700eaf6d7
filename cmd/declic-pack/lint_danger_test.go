package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"declic/internal/cli"
)

// TestLintWarnsWhenADangerousAnswerIsMetWithReassurance: a choice marked
// danger = true whose feedback says « Ce n'est pas grave », or says nothing, gets
// a warning at its line; a dangerous choice whose feedback says why it is
// dangerous, and a harmless choice that reassures, get none.
func TestLintWarnsWhenADangerousAnswerIsMetWithReassurance(t *testing.T) {
	body := "## Le code\n\n" +
		"```quiz\n" +
		"question = \"Un SMS demande votre code. Que faites-vous ?\"\n" + // line 8
		"[[choices]]\n" +
		"text = \"J'écris mon code secret\"\n" +
		"danger = true\n" +
		"feedback = \"Ce n'est pas grave. Regardez bien.\"\n" + // line 12
		"[[choices]]\n" + // line 13
		"text = \"J'envoie mon code par e-mail\"\n" +
		"danger = true\n" +
		"[[choices]]\n" +
		"text = \"Je donne mon code au téléphone\"\n" +
		"danger = true\n" +
		"feedback = \"Non ! Un escroc pourrait vider votre compte.\"\n" +
		"[[choices]]\n" +
		"text = \"Je ne sais pas\"\n" +
		"feedback = \"Ce n'est pas grave. Ne donnez jamais votre code.\"\n" +
		"[[choices]]\n" +
		"text = \"Je ne réponds pas\"\n" +
		"correct = true\n" +
		"```\n"
	dir := lintPack(t, body)
	code, out, _ := runCLI(t, env(), "lint", dir)
	if code != cli.ExitOK {
		t.Fatalf("warnings only must exit 0, got %d\n%s", code, out)
	}
	file := filepath.Join(dir, "modules/01-premier-module/01-decouvrir.md")
	for _, want := range []string{
		file + ":12: avertissement : le choix « J'écris mon code secret » est dangereux (danger = true), mais son explication rassure : « Ce n'est pas grave » [reponse-dangereuse]",
		file + ":13: avertissement : le choix « J'envoie mon code par e-mail » est dangereux (danger = true), mais n'a pas d'explication (feedback) [reponse-dangereuse]",
		"suggestion : dites pourquoi c'est dangereux",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, not := range []string{"Je donne mon code au téléphone", "Je ne sais pas"} {
		if strings.Contains(out, not) {
			t.Errorf("no warning expected about %q:\n%s", not, out)
		}
	}
	if code, _, _ := runCLI(t, env(), "lint", "--strict", dir); code != cli.ExitProblems {
		t.Errorf("--strict makes the warning an error: exit %d", code)
	}
	// A reviewed remark can be kept: the rule is accepted in the lesson's header.
	lesson := filepath.Join(dir, "modules/01-premier-module/01-decouvrir.md")
	os.WriteFile(lesson, []byte("+++\ntitle = \"L\"\n[lint]\naccept_rules = [\"reponse-dangereuse\"]\n+++\n\n"+body), 0o644)
	if _, out, _ := runCLI(t, env(), "lint", dir); strings.Contains(out, "[reponse-dangereuse]") {
		t.Errorf("the accepted rule is not reported:\n%s", out)
	}
}
