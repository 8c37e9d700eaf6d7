package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"declic/courses"
	"declic/internal/cli"
)

// add-module and add-lesson number what they add after what is there, and the
// pack validates with no problem right after each, through the real command.
func TestAddModuleAndAddLessonKeepThePackValid(t *testing.T) {
	work := t.TempDir()
	run := func(args ...string) string {
		t.Helper()
		code, out, errOut := runReal(t, work, nil, args...)
		if code != cli.ExitOK {
			t.Fatalf("declic-pack %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
		}
		return out
	}
	run("new", "p")
	out := run("add-module", "p", "Le clavier !")
	if !strings.Contains(out, "Module créé : "+filepath.Join("p", "modules", "02-le-clavier")+" (order = 2).") {
		t.Errorf("add-module said:\n%s", out)
	}
	if v := run("validate", "p"); !strings.Contains(v, ": 0 erreur, 0 avertissement") {
		t.Errorf("after add-module:\n%s", v)
	}
	run("add-module", "p", "Écrire un e-mail")
	out = run("add-lesson", filepath.Join("p", "modules", "02-le-clavier"), "Les touches d'accès")
	lesson := filepath.Join("p", "modules", "02-le-clavier", "02-les-touches-d-acces.md")
	if !strings.Contains(out, "Leçon créée : "+lesson) {
		t.Errorf("add-lesson said:\n%s", out)
	}
	code, v, errOut := runReal(t, work, nil, "validate", "p")
	if code != cli.ExitOK || !strings.Contains(v, ": 0 erreur") {
		t.Errorf("after add-lesson: exit %d\n%s%s", code, v, errOut)
	}
	pack, problems, err := courses.LoadPath(filepath.Join(work, "p"))
	if err != nil || problems.HasErrors() {
		t.Fatalf("%v %v", err, problems)
	}
	var ids []string
	for _, m := range pack.Modules {
		ids = append(ids, m.ID)
	}
	if got := strings.Join(ids, " "); got != "01-premier-module 02-le-clavier 03-ecrire-un-e-mail" {
		t.Errorf("modules %s", got)
	}
	clavier := pack.Modules[1]
	if clavier.Order != 2 || clavier.Title != "Le clavier !" || len(clavier.Lessons) != 2 || clavier.Lessons[1].Title != "Les touches d'accès" {
		t.Errorf("module %+v", clavier)
	}
	if got := clavier.Lessons[1].Steps[0].Title; got != "Les touches d'accès" {
		t.Errorf("first screen %q", got)
	}
	// lint has nothing to say about what was added.
	if code, out, _ := runReal(t, work, nil, "lint", "--strict", "p"); code != cli.ExitOK {
		t.Errorf("lint --strict after scaffolding: exit %d\n%s", code, out)
	}
}

// When the lessons added outgrow the module's hours, add-lesson says what to
// write; the lesson numbers follow the highest one, gaps included.
func TestAddLessonSuggestsTheHoursAndTakesTheNextNumber(t *testing.T) {
	work := t.TempDir()
	mustRun(t, "new", filepath.Join(work, "p"))
	module := filepath.Join(work, "p", "modules", "01-premier-module")
	long := "+++\ntitle = \"Plus loin\"\n+++\n"
	for range 12 {
		long += "\n## Écrire\n\n```keyboard\ntext = \"Marie\"\n```\n"
	}
	os.WriteFile(filepath.Join(module, "07-plus-loin.md"), []byte(long), 0o644)
	out := mustRun(t, "add-lesson", module, "Encore")
	if !strings.Contains(out, filepath.Join(module, "08-encore.md")) {
		t.Errorf("add-lesson:\n%s", out)
	}
	if !strings.Contains(out, "écrivez hours = ") {
		t.Errorf("no hours hint:\n%s", out)
	}
}

func TestScaffoldingRefusesWhatItCannotDo(t *testing.T) {
	work := t.TempDir()
	mustRun(t, "new", filepath.Join(work, "p"))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no title", []string{"add-module", filepath.Join(work, "p")}, "indiquez le parcours puis le titre du module"},
		{"not a pack", []string{"add-module", work, "Le clavier"}, "n'est pas un parcours : pack.toml est introuvable"},
		{"a title without letters", []string{"add-module", filepath.Join(work, "p"), "!!!"}, "n'a ni lettre ni chiffre"},
		{"not a module", []string{"add-lesson", filepath.Join(work, "p"), "Les touches"}, "n'est pas un module : module.toml est introuvable"},
		{"no lesson title", []string{"add-lesson", filepath.Join(work, "p", "modules", "01-premier-module"), " "}, "indiquez le module puis le titre de la leçon"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, env(), tt.args...)
			if code != cli.ExitUsage || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q", code, errOut)
			}
		})
	}
}

func TestSlugFor(t *testing.T) {
	for in, want := range map[string]string{
		"Le clavier !": "le-clavier", "Écrire un e-mail": "ecrire-un-e-mail", "L'œuf": "l-oeuf", "  ": "", "Démarches CAF": "demarches-caf",
	} {
		if got := slugFor(in); got != want {
			t.Errorf("slugFor(%q) = %q, want %q", in, got, want)
		}
	}
}
