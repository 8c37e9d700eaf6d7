package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/text/language"

	"declic/attest"
	"declic/courses"
	"declic/i18n"
	"declic/sheets"
	"declic/svgtext"
)

func init() {
	register("print", command{
		Summary: map[string]string{
			"fr": "imprimer la fiche résumé de chaque module (PDF d'une page)",
			"en": "print each module's summary sheet (one-page PDF)",
		},
		Help: map[string]string{
			"fr": `Utilisation : declic-pack print CHEMIN [--module ID] --out DOSSIER

Fait la fiche résumé de chaque module d'un parcours (dossier ou fichier
.declic) : une page A4 en gros caractères (14 points ou plus) avec le
titre du module, ce que l'apprenant sait faire maintenant, les points
« À retenir » de ses leçons et 2 à 4 images du module. Les apprenants la
gardent près de l'ordinateur.

Chaque fiche est écrite dans DOSSIER sous le nom fiche-ID.pdf (ID : le
dossier du module) ; une fiche déjà là est remplacée. DOSSIER est créé
s'il n'existe pas.

Options :
  --module ID   seulement ce module (par exemple 02-la-souris)
  --out DOSSIER le dossier où écrire les fiches (obligatoire)

Code de sortie :
  0  les fiches sont écrites
  1  le parcours a des erreurs, ou une fiche ne peut pas être écrite
  2  le parcours ne peut pas être lu, le module n'existe pas, ou la
     commande est incorrecte

Exemple :
  declic-pack print mon-parcours/ --out fiches/
`,
			"en": `Usage: declic-pack print PATH [--module ID] --out FOLDER

Makes the summary sheet of each module of a pack (folder or .declic
file): one A4 page in large type (14 points or more) with the module's
title, what the learner can now do, the « À retenir » points of its
lessons and 2 to 4 of its pictures. Learners keep it by the computer.

Each sheet is written into FOLDER as fiche-ID.pdf (ID: the module's
folder); a sheet already there is replaced. FOLDER is created if needed.

Options:
  --module ID     only this module (for example 02-la-souris)
  --out FOLDER    the folder to write the sheets into (required)

Exit status:
  0  the sheets are written
  1  the pack has errors, or a sheet cannot be written
  2  the pack cannot be read, the module does not exist, or the command
     line is wrong

Example:
  declic-pack print my-pack/ --out sheets/
`,
		},
		Run: runPrint,
	})
}

func runPrint(ctx *context, args []string) int {
	opts, rest, ok := parseOptions(args, []string{"--module", "--out"}, nil)
	out := opts.values["--out"]
	if !ok || len(rest) != 1 || strings.TrimSpace(out) == "" {
		fmt.Fprint(ctx.Stderr, text(ctx,
			"declic-pack print : indiquez un parcours et le dossier des fiches, par exemple :\n  declic-pack print mon-parcours/ --out fiches/\n",
			"declic-pack print: give a pack and the folder for the sheets, for example:\n  declic-pack print my-pack/ --out sheets/\n"))
		return exitUsage
	}
	path := rest[0]
	pack, problems, err := courses.LoadPath(path)
	if err != nil {
		fmt.Fprintf(ctx.Stderr, "%s: error: %v\n", path, err)
		return exitUsage
	}
	if problems.HasErrors() {
		for _, p := range problems {
			if p.Severity == courses.SeverityError {
				p.File = filepath.Join(path, filepath.FromSlash(p.File))
				fmt.Fprintln(ctx.Stdout, p.String())
			}
		}
		fmt.Fprint(ctx.Stderr, text(ctx,
			"declic-pack print : corrigez d'abord les erreurs du parcours (declic-pack validate).\n",
			"declic-pack print: fix the pack's errors first (declic-pack validate).\n"))
		return exitProblems
	}
	modules := pack.Modules
	if id := opts.values["--module"]; id != "" {
		modules = nil
		var ids []string
		for _, m := range pack.Modules {
			ids = append(ids, m.ID)
			if m.ID == id {
				modules = []*courses.Module{m}
			}
		}
		if modules == nil {
			fmt.Fprintf(ctx.Stderr, text(ctx,
				"declic-pack print : le parcours n'a pas de module %q ; ses modules sont : %s\n",
				"declic-pack print: the pack has no module %q; its modules are: %s\n"), id, strings.Join(ids, ", "))
			return exitUsage
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		fmt.Fprintf(ctx.Stderr, "%s: error: %v\n", out, err)
		return exitProblems
	}
	words, err := svgtext.NewConverter()
	if err != nil {
		fmt.Fprintf(ctx.Stderr, "declic-pack print: %v\n", err)
		return exitProblems
	}
	t := i18n.New(language.Make(pack.Language))
	now := time.Now()
	failed := 0
	for _, m := range modules {
		var pdf bytes.Buffer
		s := sheets.Build(pack, m, words, t.T("sheets.remember"))
		if err := sheets.WritePDF(&pdf, s, t, now); err != nil {
			fmt.Fprintf(ctx.Stderr, "%s: error: %v\n", filepath.Join(path, filepath.FromSlash(m.Dir)), err)
			failed++
			continue
		}
		written, err := attest.WriteFiles(out, []attest.File{{Name: sheets.FileName(m.ID), Data: pdf.Bytes()}})
		if err != nil {
			fmt.Fprintf(ctx.Stderr, "%s: error: %v\n", out, err)
			failed++
			continue
		}
		fmt.Fprintf(ctx.Stdout, text(ctx, "%s : %s (points à retenir : %d, images : %d)\n", "%s: %s (points to remember: %d, pictures: %d)\n"),
			written[0], m.Title, len(s.Remember), min(len(s.Pictures), sheets.MaxPictures))
	}
	if failed > 0 {
		return exitProblems
	}
	return exitOK
}
