package main

import (
	"fmt"
	"path/filepath"

	"declic/courses"
)

func init() {
	register("validate", command{
		Summary: map[string]string{
			"fr": "vérifier des parcours (dossiers ou fichiers .declic)",
			"en": "check course packs (folders or .declic files)",
		},
		Help: map[string]string{
			"fr": `Utilisation : declic-pack validate CHEMIN...

Vérifie chaque parcours (un dossier qui contient pack.toml, ou un fichier
.declic) et affiche chaque problème sous la forme :

  fichier:ligne: error: message      (à corriger : le parcours est refusé)
  fichier:ligne: warning: message    (conseil : le parcours reste utilisable)

puis un résumé (parcours, modules, leçons, écrans, activités, erreurs,
avertissements). Les messages sont en anglais.

Code de sortie :
  0  tout est valide (les avertissements sont permis)
  1  des problèmes ont été trouvés
  2  un chemin ne peut pas être lu (absent, illisible ou archive refusée)

Exemple :
  declic-pack validate mon-parcours/ autre-parcours.declic
`,
			"en": `Usage: declic-pack validate PATH...

Checks each course pack (a folder holding pack.toml, or a .declic file) and
prints every problem as:

  file:line: error: message      (must be fixed: the pack is refused)
  file:line: warning: message    (advice: the pack can still be used)

then a summary (packs, modules, lessons, screens, activities, errors,
warnings).

Exit status:
  0  everything is valid (warnings allowed)
  1  problems were found
  2  a path cannot be read (missing, unreadable, or archive refused)

Example:
  declic-pack validate my-pack/ other-pack.declic
`,
		},
		Run: runValidate,
	})
}

// tally counts what validate has seen across all packs.
type tally struct {
	packs, modules, lessons, steps, activities, errors, warnings int
}

func runValidate(ctx *context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(ctx.Stderr, text(ctx, "declic-pack validate : indiquez au moins un parcours (dossier ou fichier .declic).\n", "declic-pack validate: give at least one pack (folder or .declic file).\n"))
		return exitUsage
	}
	var t tally
	code := exitOK
	for _, path := range args {
		pack, problems, err := courses.LoadPath(path)
		if err != nil {
			fmt.Fprintf(ctx.Stderr, "%s: error: %v\n", path, err)
			code = exitUsage
			continue
		}
		t.packs++
		countPack(&t, pack)
		for _, p := range problems {
			p.File = filepath.Join(path, filepath.FromSlash(p.File))
			fmt.Fprintln(ctx.Stdout, p.String())
			if p.Severity == courses.SeverityError {
				t.errors++
			} else {
				t.warnings++
			}
		}
		if problems.HasErrors() && code == exitOK {
			code = exitProblems
		}
	}
	if ctx.Lang == "en" {
		fmt.Fprintf(ctx.Stdout, "%s, %s, %s, %s, %s: %s, %s\n",
			count(ctx, t.packs, "pack", "packs"), count(ctx, t.modules, "module", "modules"),
			count(ctx, t.lessons, "lesson", "lessons"), count(ctx, t.steps, "screen", "screens"),
			count(ctx, t.activities, "activity", "activities"), count(ctx, t.errors, "error", "errors"),
			count(ctx, t.warnings, "warning", "warnings"))
	} else {
		fmt.Fprintf(ctx.Stdout, "%s, %s, %s, %s, %s : %s, %s\n",
			count(ctx, t.packs, "parcours", "parcours"), count(ctx, t.modules, "module", "modules"),
			count(ctx, t.lessons, "leçon", "leçons"), count(ctx, t.steps, "écran", "écrans"),
			count(ctx, t.activities, "activité", "activités"), count(ctx, t.errors, "erreur", "erreurs"),
			count(ctx, t.warnings, "avertissement", "avertissements"))
	}
	return code
}

// count writes n with the singular or plural noun: French uses the singular for
// 0 and 1, English only for 1.
func count(ctx *context, n int, one, many string) string {
	if n == 1 || (n == 0 && ctx.Lang != "en") {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

func countPack(t *tally, pack *courses.Pack) {
	var blocks func([]courses.Block)
	blocks = func(bs []courses.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case courses.Activity:
				t.activities++
			case courses.List:
				for _, item := range b.Items {
					blocks(item)
				}
			case courses.Callout:
				blocks(b.Blocks)
			}
		}
	}
	for _, m := range pack.Modules {
		t.modules++
		for _, l := range m.Lessons {
			t.lessons++
			for _, s := range l.Steps {
				t.steps++
				blocks(s.Blocks)
			}
		}
	}
}
