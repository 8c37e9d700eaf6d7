package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"declic/internal/cli"
)

// The files of the pack that `declic-pack new` writes, as the traps below edit them.
const (
	trapPack   = "pack.toml"
	trapModule = "modules/01-premier-module/module.toml"
	trapLesson = "modules/01-premier-module/01-decouvrir.md"
)

// newPackForTraps writes a pack with the real command and returns its folder.
func newPackForTraps(t *testing.T) string {
	t.Helper()
	work := t.TempDir()
	if code, out, errOut := runReal(t, work, nil, "new", "mon-parcours"); code != cli.ExitOK {
		t.Fatalf("new: exit %d\n%s%s", code, out, errOut)
	}
	return filepath.Join(work, "mon-parcours")
}

// edit replaces old by new in a file of the pack (old must be there).
func edit(t *testing.T, dir, file, old, new string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(file))
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not hold %q", file, old)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// prepend puts bytes before the content of a file of the pack.
func prepend(t *testing.T, dir, file string, head []byte) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(file))
	data, _ := os.ReadFile(p)
	os.WriteFile(p, append(append([]byte(nil), head...), data...), 0o644)
}

// The authoring traps a new trainer falls into, each through the real
// declic-pack: the French message with its fix, and the exit status.
func TestAuthoringTrapsThroughTheRealCommand(t *testing.T) {
	bom := []byte("\ufeff")
	tests := []struct {
		name   string
		change func(t *testing.T, dir string)
		code   int
		want   []string
	}{
		{"a ## heading without a space is an error with its fix", func(t *testing.T, dir string) {
			edit(t, dir, trapLesson, "## Cliquer\n", "##Cliquer\n")
		}, cli.ExitProblems, []string{trapLesson + ":18: erreur : « ##Cliquer » n'est pas un titre : il manque une espace après les #. Écrivez « ## Cliquer »."}},
		{"a # heading used for a screen is an error that says to write ##", func(t *testing.T, dir string) {
			edit(t, dir, trapLesson, "## Cliquer\n", "# Cliquer\n")
		}, cli.ExitProblems, []string{trapLesson + ":18: erreur : « # Cliquer » n'est pas un écran : un seul # ne commence pas d'écran. Pour un nouvel écran, écrivez « ## Cliquer »."}},
		{"a # stuck to a word is an error too", func(t *testing.T, dir string) {
			edit(t, dir, trapLesson, "## Cliquer\n", "#Cliquer\n")
		}, cli.ExitProblems, []string{trapLesson + ":18: erreur : « #Cliquer » n'est pas un titre : il manque une espace après le #. Pour un nouvel écran, écrivez « ## Cliquer »."}},
		{"a non-breaking space after ## is named", func(t *testing.T, dir string) {
			edit(t, dir, trapLesson, "## Cliquer\n", "##\u00a0Cliquer\n")
		}, cli.ExitProblems, []string{trapLesson + ":18: erreur : Après ##, il y a une espace insécable : la ligne n'est pas un titre. Effacez-la et tapez une espace normale : « ## Cliquer »."}},
		{"a BOM is accepted in pack.toml, module.toml and a lesson", func(t *testing.T, dir string) {
			prepend(t, dir, trapPack, bom)
			prepend(t, dir, trapModule, bom)
			prepend(t, dir, trapLesson, bom)
		}, cli.ExitOK, []string{": 0 erreur, 0 avertissement"}},
		{"a French decimal comma gets « écrivez 1.5 (avec un point) »", func(t *testing.T, dir string) {
			edit(t, dir, trapModule, "hours = 0.3", "hours = 1,5")
		}, cli.ExitProblems, []string{trapModule + ":16: erreur : hours = 1,5 : écrivez 1.5 (avec un point). Un nombre à virgule s'écrit avec un point."}},
		{"typographic quotes in pack.toml are named", func(t *testing.T, dir string) {
			edit(t, dir, trapPack, `title = "Mon parcours"`, "title = “Mon parcours”")
		}, cli.ExitProblems, []string{trapPack + ":11: erreur : Il y a un guillemet typographique “ (colonne 9). Écrivez des guillemets droits \" autour des textes."}},
		{"French quotes « » in module.toml are named", func(t *testing.T, dir string) {
			edit(t, dir, trapModule, `title = "La souris"`, "title = « La souris »")
		}, cli.ExitProblems, []string{trapModule + ":5: erreur : Il y a un guillemet typographique « (colonne 9)."}},
		{"a non-breaking space in module.toml is named", func(t *testing.T, dir string) {
			edit(t, dir, trapModule, "order = 1", "order\u00a0= 1")
		}, cli.ExitProblems, []string{trapModule + ":18: erreur : Il y a une espace insécable (colonne 6). Effacez-la et tapez une espace normale."}},
		{"a tab in a broken line of the front matter is named", func(t *testing.T, dir string) {
			edit(t, dir, trapLesson, `title = "Découvrir la souris"`, "title\t\"Découvrir la souris\"")
		}, cli.ExitProblems, []string{trapLesson + ":4: erreur : Cette ligne n'est pas écrite correctement, et elle contient une tabulation (colonne 6). Remplacez la tabulation par une espace, puis vérifiez les guillemets et le signe =."}},
		{"typographic quotes in an activity are named at their line", func(t *testing.T, dir string) {
			edit(t, dir, trapLesson, `question = "Avec quel bouton faites-vous un clic ?"`, "question = “Avec quel bouton faites-vous un clic ?”")
		}, cli.ExitProblems, []string{trapLesson + ":29: erreur : Il y a un guillemet typographique “ (colonne 12)."}},
		{"a lesson saved as UTF-16 is named", func(t *testing.T, dir string) {
			p := filepath.Join(dir, filepath.FromSlash(trapLesson))
			data, _ := os.ReadFile(p)
			units := utf16.Encode([]rune(string(data)))
			out := []byte{0xff, 0xfe}
			for _, u := range units {
				out = append(out, byte(u), byte(u>>8))
			}
			os.WriteFile(p, out, 0o644)
		}, cli.ExitProblems, []string{trapLesson + ":1: erreur : Ce fichier est enregistré en UTF-16 (« Unicode » dans le Bloc-notes). Enregistrez-le avec le codage UTF-8."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newPackForTraps(t)
			tt.change(t, dir)
			code, out, errOut := runReal(t, dir, nil, "validate", ".")
			if code != tt.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tt.code, out, errOut)
			}
			for _, want := range tt.want {
				if !strings.Contains(out, want) {
					t.Errorf("the output lacks\n  %s\ngot:\n%s%s", want, out, errOut)
				}
			}
		})
	}
}

// The same traps in English when the trainer asks for it.
func TestATrapInEnglishThroughTheRealCommand(t *testing.T) {
	dir := newPackForTraps(t)
	edit(t, dir, trapModule, "hours = 0.3", "hours = 1,5")
	code, out, _ := runReal(t, dir, []string{"DECLIC_LANG=en"}, "validate", ".")
	if code != cli.ExitProblems || !strings.Contains(out, trapModule+":16: error: hours = 1,5: write 1.5 (with a point).") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

// A refused install leaves nothing: no pack, and not even the library folder
// it had to create; the refusal is in French.
func TestARefusedInstallLeavesNoLibraryFolder(t *testing.T) {
	dir := newPackForTraps(t)
	work := filepath.Dir(dir)
	if code, out, errOut := runReal(t, work, nil, "build", "mon-parcours", "-o", "p.declic"); code != cli.ExitOK {
		t.Fatalf("build: %d %s%s", code, out, errOut)
	}
	library := filepath.Join(work, "nouvelle", "bibliotheque")
	code, _, errOut := runReal(t, work, nil, "install", "p.declic", "--library", library)
	if code != cli.ExitProblems || !strings.Contains(errOut, "le parcours n'est pas signé par un centre de confiance (non signé).") ||
		!strings.Contains(errOut, "Pour l'installer quand même : --allow-untrusted.") {
		t.Errorf("exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(work, "nouvelle")); !os.IsNotExist(err) {
		t.Errorf("the refused install left a folder: %v", err)
	}
	// An existing library is kept, empty or not.
	os.MkdirAll(library, 0o755)
	runReal(t, work, nil, "install", "p.declic", "--library", library)
	if entries, err := os.ReadDir(library); err != nil || len(entries) != 0 {
		t.Errorf("library after a refusal: %v %v", entries, err)
	}
}
