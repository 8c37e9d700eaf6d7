package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"declic/courses"
	"declic/keys"
	"declic/packsign"
)

func init() {
	register("sign", command{
		Summary: map[string]string{
			"fr": "signer un fichier .declic avec la clé du centre",
			"en": "sign a .declic file with the centre's key",
		},
		Help: map[string]string{
			"fr": `Utilisation : declic-pack sign NOM.declic --key CLÉ.json [--name NOM]
                        [--passphrase-file FICHIER]

Signe un parcours fabriqué par declic-pack build. La signature couvre
MANIFEST.sha256 (l'empreinte de chaque fichier) ; elle est rangée dans
le fichier .declic, à part (SIGNATURE.json). Si un seul fichier du
parcours change ensuite, la signature ne correspond plus et Déclic refuse
le parcours. Signer à nouveau remplace l'ancienne signature.

Options :
  --key CLÉ.json            la clé privée créée par declic-pack keygen
  --name NOM                le nom écrit à côté de la signature (par
                            défaut : celui de CLÉ.pub.toml)
  --passphrase-file FICHIER la phrase secrète de la clé, sur la 1re ligne
                            (ou la variable DECLIC_PASSPHRASE)

Code de sortie :
  0  le fichier est signé
  1  le fichier ne correspond plus à son manifeste : refaites build
  2  le fichier ou la clé ne peut pas être lu, phrase secrète absente ou
     fausse, ou la commande est incorrecte

Exemple :
  declic-pack sign mon-parcours.declic --key centre.json
`,
			"en": `Usage: declic-pack sign NAME.declic --key KEY.json [--name NAME]
                        [--passphrase-file FILE]

Signs a pack made by declic-pack build. The signature covers
MANIFEST.sha256 (the hash of every file); it is stored inside the .declic
file, apart (SIGNATURE.json). If one file of the pack changes afterwards,
the signature no longer matches and Déclic refuses the pack. Signing
again replaces the previous signature.

Options:
  --key KEY.json            the private key made by declic-pack keygen
  --name NAME               the name written beside the signature
                            (default: the one in KEY.pub.toml)
  --passphrase-file FILE    the key's passphrase, on the first line
                            (or the DECLIC_PASSPHRASE variable)

Exit status:
  0  the file is signed
  1  the file no longer matches its manifest: build it again
  2  the file or the key cannot be read, the passphrase is missing or
     wrong, or the command line is wrong

Example:
  declic-pack sign my-pack.declic --key centre.json
`,
		},
		Run: runSign,
	})
}

func runSign(ctx *context, args []string) int {
	opts, rest, ok := parseOptions(args, []string{"--key", "--name", "--passphrase-file"}, nil)
	keyPath := opts.values["--key"]
	if !ok || len(rest) != 1 || keyPath == "" {
		fmt.Fprint(ctx.Stderr, text(ctx,
			"declic-pack sign : indiquez le fichier et la clé, par exemple :\n  declic-pack sign mon-parcours.declic --key centre.json\n",
			"declic-pack sign: give the file and the key, for example:\n  declic-pack sign my-pack.declic --key centre.json\n"))
		return exitUsage
	}
	pass, err := passphrase(ctx, opts)
	if err != nil {
		fmt.Fprintf(ctx.Stderr, "declic-pack sign: %v\n", err)
		return exitUsage
	}
	key, err := keys.Load(keyPath, pass)
	if errors.Is(err, keys.ErrPassphrase) {
		fmt.Fprintf(ctx.Stderr, text(ctx,
			"%s : la clé est protégée par une phrase secrète absente ou fausse ; donnez-la avec --passphrase-file FICHIER ou DECLIC_PASSPHRASE.\n",
			"%s: the key is protected by a passphrase that is missing or wrong; give it with --passphrase-file FILE or DECLIC_PASSPHRASE.\n"), keyPath)
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(ctx.Stderr, "declic-pack sign: %v\n", err)
		return exitUsage
	}
	name := strings.TrimSpace(opts.values["--name"])
	if name == "" {
		if k, err := packsign.ReadPublicKeyFile(packsign.PublicKeyFileName(keyPath)); err == nil && k.DID == key.DID() {
			name = k.Name
		}
	}
	file := rest[0]
	if _, err := os.Stat(file); err != nil {
		fmt.Fprintf(ctx.Stderr, "%s: error: %v\n", file, err)
		return exitUsage
	}
	report, err := courses.Sign(file, key, name)
	if errors.Is(err, packsign.ErrManifest) {
		fmt.Fprintf(ctx.Stderr, text(ctx, "%v\nLe fichier a changé depuis declic-pack build : refaites build, puis sign.\n",
			"%v\nThe file changed since declic-pack build: build it again, then sign.\n"), err)
		return exitProblems
	}
	if err != nil {
		fmt.Fprintf(ctx.Stderr, "%s: error: %v\n", file, err)
		return exitUsage
	}
	fmt.Fprintf(ctx.Stdout, text(ctx, "%s : signé par %s (%s), empreinte %s, %d fichiers.\n", "%s: signed by %s (%s), fingerprint %s, %d files.\n"),
		file, orDash(name), report.Signer, report.Fingerprint, report.Files)
	return exitOK
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
