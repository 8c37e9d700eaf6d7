package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"declic/internal/cli"

	"declic/internal/prereq"
)

func TestPrintWritesOneSheetPerModule(t *testing.T) {
	out := filepath.Join(t.TempDir(), "fiches")
	code, stdout, stderr := runCLI(t, env(), "print", example, "--out", out)
	if code != cli.ExitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	for _, name := range []string{"fiche-01-la-souris.pdf", "fiche-02-le-clavier.pdf"} {
		path := filepath.Join(out, name)
		if !strings.Contains(stdout, path+" : ") {
			t.Errorf("stdout does not name %s:\n%s", path, stdout)
		}
		pdftotext := prereq.Program(t, "pdftotext", "poppler-utils")
		text, err := exec.Command(pdftotext, path, "-").Output()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.Contains(string(text), "Fiche résumé · Découvrir l'ordinateur") {
			t.Errorf("%s:\n%s", name, text)
		}
	}
	if !strings.Contains(stdout, "fiche-01-la-souris.pdf : La souris (points à retenir : 1, images : 1)") {
		t.Errorf("stdout: %s", stdout)
	}
}

func TestPrintOneModuleInEnglish(t *testing.T) {
	out := t.TempDir()
	code, stdout, _ := runCLI(t, env("DECLIC_LANG", "en"), "print", example, "--module", "02-le-clavier", "--out", out)
	if code != cli.ExitOK || !strings.Contains(stdout, "fiche-02-le-clavier.pdf: Le clavier (points to remember: ") {
		t.Fatalf("exit %d\n%s", code, stdout)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 || entries[0].Name() != "fiche-02-le-clavier.pdf" {
		t.Errorf("written: %v", entries)
	}
}

func TestPrintRefusesWhatItCannotDo(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no folder for the sheets", []string{"print", example}, cli.ExitUsage, "indiquez un parcours et le dossier des fiches"},
		{"an unknown module", []string{"print", example, "--module", "03-le-wifi", "--out", "OUT"}, cli.ExitUsage, "le parcours n'a pas de module « 03-le-wifi » ; ses modules sont : 01-la-souris, 02-le-clavier"},
		{"a pack with errors", []string{"print", filepath.Join("..", "..", "courses", "testdata", "broken", "bad-level"), "--out", "OUT"}, cli.ExitProblems, "corrigez d'abord les erreurs du parcours"},
		{"a pack that does not exist", []string{"print", "nulle-part", "--out", "OUT"}, cli.ExitUsage, "Le parcours ne peut pas être ouvert : nulle-part est introuvable."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "fiches")
			for i, a := range c.args {
				if a == "OUT" {
					c.args[i] = out
				}
			}
			code, stdout, stderr := runCLI(t, env(), c.args...)
			if code != c.code || !strings.Contains(stdout+stderr, c.want) {
				t.Errorf("exit %d, want %d with %q:\n%s%s", code, c.code, c.want, stdout, stderr)
			}
			if _, err := os.Stat(out); err == nil && c.code != cli.ExitOK {
				if entries, _ := os.ReadDir(out); len(entries) > 0 {
					t.Errorf("sheets written despite the refusal: %v", entries)
				}
			}
		})
	}
}
