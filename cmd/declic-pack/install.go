package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"declic/courses"
	"declic/datadir"
	"declic/packsign"
)

func init() {
	register("install", command{
		Summary: map[string]string{
			"fr": "installer un parcours comme le fait Déclic",
			"en": "install a pack the way Déclic does",
		},
		Help: map[string]string{
			"fr": `Utilisation : declic-pack install NOM.declic|DOSSIER [--library DOSSIER]
                           [--force] [--allow-untrusted] [--trust DOSSIER]

Installe un parcours avec le même code que l'application : les fichiers
sont copiés dans un dossier caché de la bibliothèque, tout est vérifié
(parcours, manifeste, signature), puis le dossier prend sa place d'un
seul coup. En cas de refus, rien ne reste. Une version déjà installée
n'est remplacée que par une version plus haute (1.2.0 → 1.3.0) ; elle
reste en place jusqu'à ce que la nouvelle soit prête. La progression des
apprenants est gardée : elle est dans la base des apprenants, pas dans
le parcours.

Options :
  --library DOSSIER   la bibliothèque (par défaut : le dossier packs/ des
                      données de Déclic, voir DECLIC_DATA_DIR)
  --force             remplacer même par une version égale ou plus basse
  --allow-untrusted   accepter un parcours non signé ou d'un signataire
                      inconnu (l'application le demande à l'utilisateur)
  --trust DOSSIER     un dossier de clés de confiance en plus

Code de sortie :
  0  le parcours est installé
  1  le parcours est refusé : erreurs, fichier modifié, signature fausse,
     version pas plus haute, ou signataire non accepté
  2  le parcours ne peut pas être lu (archive refusée comprise), la
     bibliothèque ne peut pas être écrite, ou la commande est incorrecte

Exemple :
  declic-pack install mon-parcours.declic --library /media/cle/declic-data/packs
`,
			"en": `Usage: declic-pack install NAME.declic|FOLDER [--library FOLDER]
                           [--force] [--allow-untrusted] [--trust FOLDER]

Installs a pack with the same code as the app: the files are copied into
a hidden folder of the library, everything is checked (pack, manifest,
signature), then the folder takes its place in one step. On a refusal
nothing is left. An installed version is replaced only by a higher one
(1.2.0 → 1.3.0), and stays in place until the new one is ready. Learners'
progress is kept: it lives in the learner database, not in the pack.

Options:
  --library FOLDER    the library (default: the packs/ folder of Déclic's
                      data, see DECLIC_DATA_DIR)
  --force             replace even with the same or a lower version
  --allow-untrusted   accept an unsigned pack or an unknown signer (the
                      app asks the user)
  --trust FOLDER      one more folder of trusted keys

Exit status:
  0  the pack is installed
  1  the pack is refused: errors, changed file, wrong signature, version
     not higher, or signer not accepted
  2  the pack cannot be read (refused archive included), the library
     cannot be written, or the command line is wrong

Example:
  declic-pack install my-pack.declic --library /media/stick/declic-data/packs
`,
		},
		Run: runInstall,
	})
}

func runInstall(ctx *context, args []string) int {
	opts, rest, ok := parseOptions(args, []string{"--library", "--trust"}, []string{"--force", "--allow-untrusted"})
	if !ok || len(rest) != 1 {
		fmt.Fprint(ctx.Stderr, text(ctx,
			"declic-pack install : indiquez un parcours, par exemple :\n  declic-pack install mon-parcours.declic --library DOSSIER\n",
			"declic-pack install: give one pack, for example:\n  declic-pack install my-pack.declic --library FOLDER\n"))
		return exitUsage
	}
	library := opts.values["--library"]
	if library == "" {
		d, err := datadir.Resolve()
		if err != nil {
			fmt.Fprintf(ctx.Stderr, "declic-pack install: %v\n", err)
			return exitUsage
		}
		library = d.Library
	}
	var extra []string
	if t := opts.values["--trust"]; t != "" {
		extra = append(extra, t)
	}
	src := rest[0]
	res, err := courses.Install(src, library, courses.InstallOptions{
		Force: opts.bools["--force"], AcceptUntrusted: opts.bools["--allow-untrusted"], Trust: trustStore(ctx, extra...),
	})
	var invalid *courses.InvalidPackError
	switch {
	case errors.As(err, &invalid):
		for _, p := range invalid.Problems {
			if p.Severity == courses.SeverityError {
				fmt.Fprintln(ctx.Stdout, p.String())
			}
		}
		fmt.Fprintf(ctx.Stderr, text(ctx, "%s : le parcours a des erreurs ; il n'est pas installé.\n", "%s: the pack has errors; it is not installed.\n"), src)
		return exitProblems
	case errors.Is(err, courses.ErrUntrusted):
		fmt.Fprintf(ctx.Stderr, text(ctx, "%v\nCe parcours n'est pas signé par un centre de confiance. Pour l'installer quand même : --allow-untrusted.\n",
			"%v\nThis pack is not signed by a trusted centre. To install it anyway: --allow-untrusted.\n"), err)
		return exitProblems
	case errors.Is(err, courses.ErrNotNewer), errors.Is(err, packsign.ErrManifest):
		fmt.Fprintf(ctx.Stderr, "%v\n", err)
		return exitProblems
	case err != nil:
		fmt.Fprintf(ctx.Stderr, "%s: error: %v\n", src, err)
		return exitUsage
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(ctx.Stdout, w.String())
	}
	was := ""
	if res.Previous != "" {
		was = fmt.Sprintf(text(ctx, " (remplace la version %s)", " (replaces version %s)"), res.Previous)
	}
	fmt.Fprintf(ctx.Stdout, text(ctx, "Installé : %s %s%s\nDans : %s\nSignature : %s\n", "Installed: %s %s%s\nIn: %s\nSignature: %s\n"),
		res.Pack.ID, res.Pack.Version, was, filepath.Clean(res.Dir), statusText(ctx, res.Report))
	return exitOK
}
