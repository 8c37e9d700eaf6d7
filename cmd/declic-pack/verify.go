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
	register("verify", command{
		Summary: map[string]string{
			"fr": "voir qui a signé un parcours et s'il est intact",
			"en": "see who signed a pack and whether it is intact",
		},
		Help: map[string]string{
			"fr": `Utilisation : declic-pack verify [--trust DOSSIER] NOM.declic

Affiche qui a signé le parcours (sa clé « did:key », son empreinte, et le
nom du centre si sa clé est dans le dossier de confiance) et vérifie que
chaque fichier correspond au manifeste MANIFEST.sha256. Le parcours est
aussi validé, comme le fait Déclic avant de l'installer.

Statuts :
  centre de confiance   signature valide, clé dans le dossier trust/
  signataire inconnu    signature valide, clé inconnue de cet ordinateur
  non signé             pas de signature

Les clés de confiance sont lues dans le dossier trust/ des données de
Déclic (DECLIC_DATA_DIR), dans trust/ à côté du programme, et dans les
dossiers donnés par --trust.

Code de sortie :
  0  le parcours est intact et valide (signé ou non)
  1  un fichier ne correspond pas, la signature est fausse, ou le
     parcours a des erreurs
  2  le fichier ne peut pas être lu, ou la commande est incorrecte

Exemple :
  declic-pack verify mon-parcours.declic
`,
			"en": `Usage: declic-pack verify [--trust FOLDER] NAME.declic

Shows who signed the pack (their "did:key", fingerprint, and the centre's
name if the key is in the trust folder) and checks that every file
matches the manifest MANIFEST.sha256. The pack is also validated, as
Déclic does before installing it.

Statuses:
  trusted centre   valid signature, key in the trust/ folder
  unknown signer   valid signature, key unknown to this computer
  unsigned         no signature

Trusted keys are read from the trust/ folder of Déclic's data
(DECLIC_DATA_DIR), from trust/ next to the program, and from the folders
given with --trust.

Exit status:
  0  the pack is intact and valid (signed or not)
  1  a file does not match, the signature is wrong, or the pack has errors
  2  the file cannot be read, or the command line is wrong

Example:
  declic-pack verify my-pack.declic
`,
		},
		Run: runVerify,
	})
}

// trustStore reads the trust folders of the data folder, next to the program,
// and extra ones.
func trustStore(ctx *context, extra ...string) *packsign.TrustStore {
	var dirs []string
	if d, err := datadir.Resolve(); err == nil {
		dirs = packsign.TrustDirs(d.Root)
	}
	dirs = append(dirs, extra...)
	ts, errs := packsign.LoadTrustStore(dirs...)
	for _, err := range errs {
		fmt.Fprintf(ctx.Stderr, "warning: %v\n", err)
	}
	return ts
}

// statusText is a signer status in words.
func statusText(ctx *context, r packsign.Report) string {
	switch r.Status {
	case packsign.Trusted:
		return text(ctx, "centre de confiance : ", "trusted centre: ") + r.Name
	case packsign.UnknownSigner:
		return text(ctx, "signataire inconnu", "unknown signer")
	}
	return text(ctx, "non signé", "unsigned")
}

func runVerify(ctx *context, args []string) int {
	opts, rest, ok := parseOptions(args, []string{"--trust"}, nil)
	if !ok || len(rest) != 1 {
		fmt.Fprint(ctx.Stderr, text(ctx,
			"declic-pack verify : indiquez un fichier .declic, par exemple :\n  declic-pack verify mon-parcours.declic\n",
			"declic-pack verify: give one .declic file, for example:\n  declic-pack verify my-pack.declic\n"))
		return exitUsage
	}
	var extra []string
	if t := opts.values["--trust"]; t != "" {
		extra = append(extra, t)
	}
	path := rest[0]
	pack, problems, report, err := courses.VerifyPath(path, trustStore(ctx, extra...))
	if report.Signer != "" {
		fmt.Fprintf(ctx.Stdout, text(ctx, "Signataire : %s\nEmpreinte : %s\n", "Signer: %s\nFingerprint: %s\n"), report.Signer, report.Fingerprint)
		if report.ClaimedName != "" {
			fmt.Fprintf(ctx.Stdout, text(ctx, "Nom écrit dans la signature : %s\n", "Name written in the signature: %s\n"), report.ClaimedName)
		}
	}
	if err != nil {
		if report.HasManifest || report.Signer != "" || isManifestErr(err) {
			fmt.Fprintf(ctx.Stdout, text(ctx, "REFUSÉ : %v\n", "REFUSED: %v\n"), err)
			return exitProblems
		}
		fmt.Fprintf(ctx.Stderr, "%s: error: %v\n", path, err)
		return exitUsage
	}
	fmt.Fprintf(ctx.Stdout, text(ctx, "Statut : %s\n", "Status: %s\n"), statusText(ctx, report))
	if report.HasManifest {
		fmt.Fprintf(ctx.Stdout, text(ctx, "Fichiers : les %d fichiers correspondent au manifeste.\n", "Files: all %d files match the manifest.\n"), report.Files)
	} else {
		fmt.Fprint(ctx.Stdout, text(ctx, "Fichiers : pas de manifeste (parcours non fabriqué par declic-pack build).\n", "Files: no manifest (pack not made by declic-pack build).\n"))
	}
	errs := 0
	for _, p := range problems {
		if p.Severity == courses.SeverityError {
			p.File = filepath.Join(path, filepath.FromSlash(p.File))
			fmt.Fprintln(ctx.Stdout, p.String())
			errs++
		}
	}
	fmt.Fprintf(ctx.Stdout, text(ctx, "Parcours : %s %s, « %s » : %s.\n", "Pack: %s %s, %q: %s.\n"), pack.ID, pack.Version, pack.Title,
		count(ctx, errs, text(ctx, "erreur", "error"), text(ctx, "erreurs", "errors")))
	if errs > 0 {
		return exitProblems
	}
	return exitOK
}

func isManifestErr(err error) bool {
	return errors.Is(err, packsign.ErrManifest)
}
