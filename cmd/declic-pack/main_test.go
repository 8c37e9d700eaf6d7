package main

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"declic/i18n"
	"declic/internal/cli"
	"declic/internal/clocktest"
)

// languageVariables are the variables that choose the language: env leaves
// them empty unless a test sets them, so that tests speak French whatever the
// machine's locale.
var languageVariables = map[string]bool{"DECLIC_LANG": true, "LANG": true, "LC_ALL": true, "LC_MESSAGES": true, "LANGUAGE": true}

// env returns a getenv over a fixed set of variables; other variables
// (DECLIC_DATA_DIR, DECLIC_PASSPHRASE) come from the process, as tests set them.
func env(vars ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(vars); i += 2 {
		m[vars[i]] = vars[i+1]
	}
	return func(k string) string {
		if v, ok := m[k]; ok {
			return v
		}
		if languageVariables[k] {
			return ""
		}
		return os.Getenv(k)
	}
}

// runCLI runs declic-pack in this process and returns its exit status, output
// and error output.
func runCLI(t testing.TB, getenv func(string) string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: getenv,
		Tr: i18n.New(i18n.DetectFrom(getenv)), Now: clocktest.Now}
	code := program().Main(context.Background(), e, args)
	return code, out.String(), errOut.String()
}

var (
	binaryOnce sync.Once
	binaryPath string
	binaryErr  error
	binaryDir  string
)

// TestMain removes the binary built for the tests that run the real command.
func TestMain(m *testing.M) {
	code := m.Run()
	if binaryDir != "" {
		os.RemoveAll(binaryDir)
	}
	os.Exit(code)
}

// realCLI builds declic-pack once, with the flags of a release build.
func realCLI(t testing.TB) string {
	t.Helper()
	binaryOnce.Do(func() {
		binaryDir, binaryErr = os.MkdirTemp("", "declic-pack-test-*")
		if binaryErr != nil {
			return
		}
		binaryPath = filepath.Join(binaryDir, "declic-pack")
		out, err := exec.Command("go", "build", "-trimpath", "-o", binaryPath, ".").CombinedOutput()
		if err != nil {
			binaryErr = &buildError{out}
		}
	})
	if binaryErr != nil {
		t.Fatalf("cannot build declic-pack: %v", binaryErr)
	}
	return binaryPath
}

type buildError struct{ out []byte }

func (e *buildError) Error() string { return string(e.out) }

// runReal runs the built declic-pack in dir with the variables given (and
// none that choose a language unless given), and returns its exit status,
// output and error output.
func runReal(t testing.TB, dir string, vars []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(realCLI(t), args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !languageVariables[name] {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, vars...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		t.Fatal("declic-pack did not finish in 2 minutes")
	}
	return cmd.ProcessState.ExitCode(), out.String(), errOut.String()
}

const example = "../../courses/testdata/example"

// goFlagStyle matches the help of Go's flag package: "  -count int" lines and
// "(default 10)".
var goFlagStyle = regexp.MustCompile(`(?m)^\s+-\w+ (int|string|float)\b|\(default [^:)]`)

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
			filepath.Join(broken, "modules/01-base/01-lecon.md") + ":8: erreur : L'image « images/absent.svg » est introuvable. Mettez le fichier dans modules/01-base/images/, ou corrigez le chemin.",
			"1 parcours, 1 module, 1 leçon, 1 écran, 0 activité : 1 erreur, 1 avertissement",
		}, ""},
		{"a valid and a broken pack", []string{"validate", example, broken}, 1, []string{"2 parcours, 3 modules, 4 leçons"}, ""},
		{"a missing path", []string{"validate", "nulle-part"}, 2, []string{"0 parcours, 0 module"}, "declic-pack validate : Le parcours ne peut pas être ouvert : nulle-part est introuvable."},
		{"a missing path wins over problems", []string{"validate", broken, "nulle-part"}, 2, []string{"1 erreur,"}, "nulle-part est introuvable"},
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
		if code != 1 || !strings.Contains(out, ": erreur : ") {
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
	if code != 2 || !strings.Contains(errOut, "archive refusée : le nom « ../evil » sort du parcours") {
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
		{"a language without this catalogue falls back to French", env("DECLIC_LANG", "es"), []string{"help"}, "l'outil des formateurs"},
		{"validate --help in French", env(), []string{"validate", "--help"}, "Code de sortie"},
		{"validate --help in English", env("DECLIC_LANG", "en"), []string{"validate", "-h"}, "Exit status"},
		{"Go's -help habit", env(), []string{"validate", "-help"}, "Utilisation : declic-pack validate CHEMIN..."},
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
	tests := []struct {
		name   string
		args   []string
		stderr []string
	}{
		{"no arguments shows the commands", nil, []string{"Commandes :", "validate"}},
		{"an unknown command", []string{"publier"}, []string{"declic-pack : la commande « publier » n'existe pas. declic-pack help liste les commandes."}},
		{"help of an unknown command", []string{"help", "publier"}, []string{"« publier » n'existe pas"}},
		{"an unknown option", []string{"build", example, "--inconnu"}, []string{"declic-pack build : l'option --inconnu n'existe pas pour cette commande.", "Aide : declic-pack build --help"}},
		{"an unknown short option", []string{"build", example, "-x"}, []string{"l'option -x n'existe pas"}},
		{"an option without its value", []string{"build", example, "-o"}, []string{"l'option --output attend une valeur après elle."}},
		{"a number that is not one", []string{"search", "-n", "dix", example, "souris"}, []string{"l'option --count attend un nombre entier ; « dix » n'en est pas un."}},
		{"an option before the command", []string{"--strict", "lint"}, []string{"l'option --strict n'existe pas"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, env(), tt.args...)
			if code != cli.ExitUsage {
				t.Errorf("exit %d, want 2\n%s%s", code, out, errOut)
			}
			for _, want := range tt.stderr {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
		})
	}
}

// A long flag written with one dash, as Go's flag package allows, still works.
func TestALongFlagWithOneDashIsAccepted(t *testing.T) {
	out := filepath.Join(t.TempDir(), "p.declic")
	if code, _, errOut := runCLI(t, env(), "build", example, "-output", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(out); err != nil {
		t.Error(err)
	}
}

func TestVersionEverywhere(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"validate", "--version"}, {"build", "--version", example}} {
		code, out, _ := runCLI(t, env(), args...)
		if code != 0 || !strings.HasPrefix(out, "declic-pack ") || strings.Count(out, "\n") != 1 {
			t.Errorf("%q: exit %d, %q", args, code, out)
		}
	}
}

// Every command has its help in French and in English, complete (no message
// id left untranslated), with GNU-style flags and the exit statuses, and
// never the help style of Go's flag package.
func TestEveryCommandHasItsHelpInFrenchAndEnglish(t *testing.T) {
	for _, c := range program().Commands {
		for _, lang := range []struct{ code, usage, exit string }{{"fr", "Utilisation : declic-pack ", "Code de sortie :"}, {"en", "Usage: declic-pack ", "Exit status:"}} {
			code, out, _ := runCLI(t, env("DECLIC_LANG", lang.code), c.Name(), "--help")
			if code != 0 {
				t.Errorf("%s --help (%s): exit %d", c.Name(), lang.code, code)
			}
			if goFlagStyle.MatchString(out) {
				t.Errorf("%s --help (%s) has the help style of Go's flag package:\n%s", c.Name(), lang.code, out)
			}
			for _, want := range []string{lang.usage + c.Name(), lang.exit, "-h, --help", "--version", "\n  0  "} {
				if !strings.Contains(out, want) {
					t.Errorf("%s --help (%s) lacks %q:\n%s", c.Name(), lang.code, want, out)
				}
			}
			for _, bad := range []string{"declicpack.", "cli.", "<no value>"} {
				if strings.Contains(out, bad) {
					t.Errorf("%s --help (%s) shows %q:\n%s", c.Name(), lang.code, bad, out)
				}
			}
		}
	}
}
