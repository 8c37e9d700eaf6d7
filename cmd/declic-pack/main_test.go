package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// env returns a getenv function over a fixed set of variables.
func env(vars ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(vars); i += 2 {
		m[vars[i]] = vars[i+1]
	}
	return func(k string) string { return m[k] }
}

func runCLI(t *testing.T, getenv func(string) string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, getenv, &out, &errOut)
	return code, out.String(), errOut.String()
}

const example = "../../courses/testdata/example"

func TestValidateExitCodes(t *testing.T) {
	broken := "../../courses/testdata/broken/missing-image"
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr string
	}{
		{"a valid pack", []string{"validate", example}, 0, []string{"1 parcours, 2 modules, 3 leçons, 10 écrans, 3 activités : 0 erreur, 0 avertissement"}, ""},
		{"a broken pack", []string{"validate", broken}, 1, []string{
			filepath.Join(broken, "modules/01-base/01-lecon.md") + `:8: error: image "images/absent.svg" not found`,
			"1 parcours, 1 module, 1 leçon, 1 écran, 0 activité : 1 erreur, 0 avertissement",
		}, ""},
		{"a valid and a broken pack", []string{"validate", example, broken}, 1, []string{"2 parcours, 3 modules, 4 leçons"}, ""},
		{"a missing path", []string{"validate", "nulle-part"}, 2, []string{"0 parcours, 0 module"}, "nulle-part: error: cannot open pack"},
		{"a missing path wins over problems", []string{"validate", broken, "nulle-part"}, 2, []string{"1 erreur,"}, "cannot open pack"},
		{"no path", []string{"validate"}, 2, nil, "indiquez au moins un parcours"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, env(), tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			for _, want := range tt.stdout {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
			if tt.stderr != "" && !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, errOut)
			}
		})
	}
}

func TestValidateEveryBrokenPackFails(t *testing.T) {
	dirs, _ := filepath.Glob("../../courses/testdata/broken/*")
	if len(dirs) == 0 {
		t.Fatal("no broken packs")
	}
	for _, d := range dirs {
		code, out, _ := runCLI(t, env(), "validate", d)
		if code != 1 || !strings.Contains(out, ": error: ") {
			t.Errorf("%s: exit %d\n%s", d, code, out)
		}
	}
}

func TestValidateAZippedPack(t *testing.T) {
	p := filepath.Join(t.TempDir(), "example.declic")
	f, _ := os.Create(p)
	zw := zip.NewWriter(f)
	filepath.Walk(example, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(example, path)
		w, _ := zw.Create(filepath.ToSlash(rel))
		data, _ := os.ReadFile(path)
		w.Write(data)
		return nil
	})
	zw.Close()
	f.Close()
	code, out, errOut := runCLI(t, env("DECLIC_LANG", "en"), "validate", p)
	if code != 0 || !strings.Contains(out, "1 pack, 2 modules, 3 lessons, 10 screens, 3 activities: 0 errors, 0 warnings") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}

	bomb := filepath.Join(t.TempDir(), "bomb.declic")
	f, _ = os.Create(bomb)
	zw = zip.NewWriter(f)
	w, _ := zw.Create("../evil")
	w.Write([]byte("x"))
	zw.Close()
	f.Close()
	code, _, errOut = runCLI(t, env(), "validate", bomb)
	if code != 2 || !strings.Contains(errOut, "goes up out of the pack") {
		t.Errorf("exit %d, stderr %s", code, errOut)
	}
}

func TestHelpLanguage(t *testing.T) {
	tests := []struct {
		name string
		env  func(string) string
		args []string
		want string
	}{
		{"French by default", env(), []string{"--help"}, "l'outil des formateurs"},
		{"French for LANG=C.UTF-8", env("LANG", "C.UTF-8"), []string{"--help"}, "l'outil des formateurs"},
		{"English for LANG=en_GB.UTF-8", env("LANG", "en_GB.UTF-8"), []string{"--help"}, "the trainers' tool"},
		{"DECLIC_LANG wins over LANG", env("LANG", "en_US.UTF-8", "DECLIC_LANG", "fr"), []string{"help"}, "l'outil des formateurs"},
		{"validate --help in French", env(), []string{"validate", "--help"}, "Code de sortie"},
		{"validate --help in English", env("DECLIC_LANG", "en"), []string{"validate", "-h"}, "Exit status"},
		{"help validate", env("DECLIC_LANG", "en"), []string{"help", "validate"}, "Usage: declic-pack validate PATH..."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, _ := runCLI(t, tt.env, tt.args...)
			if code != 0 || !strings.Contains(out, tt.want) {
				t.Errorf("exit %d, output lacks %q:\n%s", code, tt.want, out)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	code, _, errOut := runCLI(t, env())
	if code != 2 || !strings.Contains(errOut, "validate") {
		t.Errorf("no arguments: exit %d, %s", code, errOut)
	}
	code, _, errOut = runCLI(t, env(), "publier")
	if code != 2 || !strings.Contains(errOut, `commande inconnue "publier"`) {
		t.Errorf("unknown command: exit %d, %s", code, errOut)
	}
}
