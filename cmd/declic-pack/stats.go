package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"declic/courses"
)

func init() {
	register("stats", command{
		Summary: map[string]string{
			"fr": "compter ce que contient un parcours",
			"en": "count what a pack holds",
		},
		Help: map[string]string{
			"fr": `Utilisation : declic-pack stats CHEMIN

Compte ce que contient un parcours (dossier ou fichier .declic) : modules,
leçons, écrans, activités par sorte, images, durée des leçons, heures de
formation, compétences couvertes (avec leur nom) et le nombre de modules
qui travaillent chacune.

Code de sortie :
  0  le parcours est lu et valide
  1  le parcours a des erreurs (les chiffres sont donnés quand même)
  2  le parcours ne peut pas être lu, ou la commande est incorrecte

Exemple :
  declic-pack stats mon-parcours/
`,
			"en": `Usage: declic-pack stats PATH

Counts what a pack (folder or .declic file) holds: modules, lessons,
screens, activities by kind, pictures, lesson time, training hours,
competencies covered (with their names) and how many modules train each.

Exit status:
  0  the pack is read and valid
  1  the pack has errors (the figures are still given)
  2  the pack cannot be read, or the command line is wrong

Example:
  declic-pack stats my-pack/
`,
		},
		Run: runStats,
	})
}

// packStats are the figures stats prints.
type packStats struct {
	Modules, Lessons, Screens, Activities, Images, Minutes int
	Hours                                                  float64
	ByKind                                                 map[string]int
	Competencies                                           map[string]int
}

func collectStats(pack *courses.Pack) packStats {
	st := packStats{ByKind: map[string]int{}, Competencies: map[string]int{}}
	images := map[string]bool{}
	var blocks func([]courses.Block)
	blocks = func(bs []courses.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case courses.Activity:
				st.Activities++
				st.ByKind[b.Kind]++
			case courses.Image:
				images[b.Src] = true
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
		st.Modules++
		st.Hours += m.Hours
		for _, c := range m.Competencies {
			st.Competencies[c]++
		}
		for _, l := range m.Lessons {
			st.Lessons++
			st.Minutes += l.DurationMinutes
			for _, s := range l.Steps {
				st.Screens++
				blocks(s.Blocks)
			}
		}
	}
	st.Images = len(images)
	return st
}

func runStats(ctx *context, args []string) int {
	_, rest, ok := parseOptions(args, nil, nil)
	if !ok || len(rest) != 1 {
		fmt.Fprint(ctx.Stderr, text(ctx,
			"declic-pack stats : indiquez un parcours, par exemple :\n  declic-pack stats mon-parcours/\n",
			"declic-pack stats: give one pack, for example:\n  declic-pack stats my-pack/\n"))
		return exitUsage
	}
	path := rest[0]
	pack, problems, err := courses.LoadPath(path)
	if err != nil {
		fmt.Fprintf(ctx.Stderr, "%s: error: %v\n", path, err)
		return exitUsage
	}
	st := collectStats(pack)
	w := ctx.Stdout
	fmt.Fprintf(w, "%s %s — %s\n", pack.ID, pack.Version, pack.Title)
	row := func(label string, value string) { fmt.Fprintf(w, "  %-22s %s\n", label, value) }
	row(text(ctx, "Modules", "Modules"), strconv.Itoa(st.Modules))
	row(text(ctx, "Leçons", "Lessons"), strconv.Itoa(st.Lessons))
	row(text(ctx, "Écrans", "Screens"), strconv.Itoa(st.Screens))
	row(text(ctx, "Images", "Pictures"), strconv.Itoa(st.Images))
	row(text(ctx, "Durée des leçons", "Lesson time"), fmt.Sprintf("%d min (%s h)", st.Minutes, decimal(ctx, float64(st.Minutes)/60)))
	row(text(ctx, "Heures de formation", "Training hours"), decimal(ctx, st.Hours)+" h")
	kinds := make([]string, 0, len(st.ByKind))
	for k := range st.ByKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var parts []string
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf("%s %d", k, st.ByKind[k]))
	}
	row(text(ctx, "Activités", "Activities"), fmt.Sprintf("%d (%s)", st.Activities, strings.Join(parts, ", ")))
	codes := make([]string, 0, len(st.Competencies))
	for c := range st.Competencies {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	fmt.Fprintf(w, text(ctx, "  Compétences couvertes : %d\n", "  Competencies covered: %d\n"), len(codes))
	lang := "fr"
	if ctx.Lang == "en" {
		lang = "en"
	}
	for _, c := range codes {
		label, _ := courses.CompetencyLabel(c, lang)
		fmt.Fprintf(w, "    %-16s %-10s %s\n", c, count(ctx, st.Competencies[c], "module", "modules"), label)
	}
	if problems.HasErrors() {
		fmt.Fprint(ctx.Stderr, text(ctx, "Le parcours a des erreurs : voir declic-pack validate.\n", "The pack has errors: see declic-pack validate.\n"))
		return exitProblems
	}
	return exitOK
}
