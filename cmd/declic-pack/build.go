package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"declic/courses"
)

func init() {
	register("build", command{
		Summary: map[string]string{
			"fr": "fabriquer le fichier .declic d'un parcours",
			"en": "make the .declic file of a pack",
		},
		Help: map[string]string{
			"fr": `Utilisation : declic-pack build DOSSIER [-o NOM.declic]

Vérifie le parcours du DOSSIER puis le range dans un seul fichier .declic
(une archive zip), prêt à copier sur une clé USB. Un parcours qui a des
erreurs n'est pas fabriqué : corrigez-les d'abord (declic-pack validate).

Le fichier contient MANIFEST.sha256 : l'empreinte SHA-256 de chaque
fichier. Le même dossier donne toujours exactement le même fichier
(entrées triées, dates et droits fixes) : on peut comparer deux
fabrications octet par octet. Pour signer le fichier ensuite :
declic-pack sign NOM.declic --key CLÉ.

Options :
  -o NOM.declic   le fichier à écrire (par défaut : ID-VERSION.declic,
                  dans le dossier courant)

Code de sortie :
  0  le fichier est écrit
  1  le parcours a des erreurs ; rien n'est écrit
  2  le dossier ne peut pas être lu, le fichier ne peut pas être écrit,
     ou la commande est incorrecte

Exemple :
  declic-pack build mon-parcours/ -o mon-parcours.declic
`,
			"en": `Usage: declic-pack build FOLDER [-o NAME.declic]

Checks the pack in FOLDER, then packs it into one .declic file (a zip
archive), ready to copy onto a USB stick. A pack with errors is not
built: fix them first (declic-pack validate).

The file holds MANIFEST.sha256: the SHA-256 of every file. The same
folder always gives exactly the same file (sorted entries, fixed dates
and permissions): two builds can be compared byte for byte. To sign the
file afterwards: declic-pack sign NAME.declic --key KEY.

Options:
  -o NAME.declic  the file to write (default: ID-VERSION.declic in the
                  current folder)

Exit status:
  0  the file is written
  1  the pack has errors; nothing is written
  2  the folder cannot be read, the file cannot be written, or the
     command line is wrong

Example:
  declic-pack build my-pack/ -o my-pack.declic
`,
		},
		Run: runBuild,
	})
}

func runBuild(ctx *context, args []string) int {
	opts, rest, ok := parseOptions(args, []string{"-o"}, nil)
	if !ok || len(rest) != 1 {
		fmt.Fprint(ctx.Stderr, text(ctx,
			"declic-pack build : indiquez un dossier de parcours, par exemple :\n  declic-pack build mon-parcours/ -o mon-parcours.declic\n",
			"declic-pack build: give one pack folder, for example:\n  declic-pack build my-pack/ -o my-pack.declic\n"))
		return exitUsage
	}
	dir, out := rest[0], opts.values["-o"]
	if out == "" {
		pack, err := courses.LoadManifest(os.DirFS(dir), dir)
		if err != nil || pack == nil || pack.ID == "" {
			fmt.Fprintf(ctx.Stderr, text(ctx, "%s : indiquez le fichier à écrire avec -o NOM.declic\n", "%s: give the file to write with -o NAME.declic\n"), dir)
			return exitUsage
		}
		out = pack.ID + "-" + pack.Version + courses.PackExt
	}
	if !strings.EqualFold(filepath.Ext(out), courses.PackExt) {
		fmt.Fprintf(ctx.Stderr, text(ctx, "%s : le nom du fichier doit finir par .declic\n", "%s: the file name must end with .declic\n"), out)
		return exitUsage
	}
	pack, m, err := courses.Build(dir, out)
	var invalid *courses.InvalidPackError
	if errors.As(err, &invalid) {
		for _, p := range invalid.Problems {
			if p.Severity == courses.SeverityError {
				p.File = filepath.Join(dir, filepath.FromSlash(p.File))
				fmt.Fprintln(ctx.Stdout, p.String())
			}
		}
		fmt.Fprintf(ctx.Stderr, text(ctx, "%s : le parcours a des erreurs ; aucun fichier n'est écrit.\n", "%s: the pack has errors; no file is written.\n"), dir)
		return exitProblems
	}
	if err != nil {
		fmt.Fprintf(ctx.Stderr, "%s: error: %v\n", dir, err)
		return exitUsage
	}
	fmt.Fprintf(ctx.Stdout, text(ctx, "%s : %s %s, %d fichiers dans le manifeste.\n", "%s: %s %s, %d files in the manifest.\n"),
		out, pack.ID, pack.Version, len(m.Entries))
	return exitOK
}

// options are the flags parseOptions found.
type options struct {
	values map[string]string
	bools  map[string]bool
}

// parseOptions takes the known flags out of args, wherever they are (trainers
// often add them at the end): valued flags as "-o X" or "-o=X", boolean flags
// alone. "--" ends the options. An unknown flag or a missing value is not ok.
func parseOptions(args []string, valued, boolean []string) (options, []string, bool) {
	o := options{values: map[string]string{}, bools: map[string]bool{}}
	is := func(list []string, a string) bool {
		for _, x := range list {
			if x == a {
				return true
			}
		}
		return false
	}
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return o, append(rest, args[i+1:]...), true
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			rest = append(rest, a)
			continue
		}
		name, val, hasVal := strings.Cut(a, "=")
		switch {
		case is(valued, name):
			if !hasVal {
				if i+1 == len(args) {
					return o, nil, false
				}
				i++
				val = args[i]
			}
			o.values[name] = val
		case is(boolean, name) && !hasVal:
			o.bools[name] = true
		default:
			return o, nil, false
		}
	}
	return o, rest, true
}
