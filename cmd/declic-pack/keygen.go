package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"declic/keys"
	"declic/packsign"
)

func init() {
	register("keygen", command{
		Summary: map[string]string{
			"fr": "créer une clé pour signer vos parcours",
			"en": "create a key to sign your packs",
		},
		Help: map[string]string{
			"fr": `Utilisation : declic-pack keygen --name "NOM DU CENTRE" [--out CLÉ.json]
                           [--passphrase-file FICHIER]

Crée une clé de signature Ed25519 pour votre centre :

  CLÉ.json       la clé privée : gardez-la pour vous (droits 0600) ;
                 elle signe vos parcours
  CLÉ.pub.toml   la clé publique et le nom du centre : donnez-la aux
                 autres centres ; copiée dans le dossier trust/ de Déclic,
                 elle fait reconnaître vos parcours comme « signés par un
                 centre de confiance »

Options :
  --name NOM                le nom du centre, montré aux apprenants
  --out CLÉ.json            le fichier de la clé privée
                            (par défaut : cle-declic.json)
  --passphrase-file FICHIER protège la clé privée par la phrase secrète
                            écrite sur la 1re ligne du fichier ; la
                            variable DECLIC_PASSPHRASE peut aussi la donner.
                            Sans phrase secrète, la clé n'est protégée que
                            par les droits du fichier.

Une clé existante n'est jamais remplacée.

Code de sortie :
  0  la clé est créée
  2  la clé existe déjà, ne peut pas être écrite, ou la commande est
     incorrecte

Exemple :
  declic-pack keygen --name "Centre social Exemple" --out centre.json
`,
			"en": `Usage: declic-pack keygen --name "CENTRE NAME" [--out KEY.json]
                           [--passphrase-file FILE]

Creates an Ed25519 signing key for your centre:

  KEY.json       the private key: keep it to yourself (mode 0600); it
                 signs your packs
  KEY.pub.toml   the public key and the centre's name: give it to other
                 centres; copied into Déclic's trust/ folder, it makes
                 your packs show as "signed by a trusted centre"

Options:
  --name NAME               the centre's name, shown to learners
  --out KEY.json            the private key file (default: cle-declic.json)
  --passphrase-file FILE    protects the private key with the passphrase on
                            the file's first line; the DECLIC_PASSPHRASE
                            variable can give it too. Without a passphrase
                            the key is protected by file permissions only.

An existing key is never replaced.

Exit status:
  0  the key is created
  2  the key exists already, cannot be written, or the command line is
     wrong

Example:
  declic-pack keygen --name "Centre social Exemple" --out centre.json
`,
		},
		Run: runKeygen,
	})
}

func runKeygen(ctx *context, args []string) int {
	opts, rest, ok := parseOptions(args, []string{"--name", "--out", "--passphrase-file"}, nil)
	name := strings.TrimSpace(opts.values["--name"])
	if !ok || len(rest) != 0 || name == "" {
		fmt.Fprint(ctx.Stderr, text(ctx,
			"declic-pack keygen : indiquez le nom du centre, par exemple :\n  declic-pack keygen --name \"Centre social Exemple\"\n",
			"declic-pack keygen: give the centre's name, for example:\n  declic-pack keygen --name \"Centre social Exemple\"\n"))
		return exitUsage
	}
	out := opts.values["--out"]
	if out == "" {
		out = "cle-declic.json"
	}
	pass, err := passphrase(ctx, opts)
	if err != nil {
		fmt.Fprintf(ctx.Stderr, "declic-pack keygen: %v\n", err)
		return exitUsage
	}
	pub := packsign.PublicKeyFileName(out)
	for _, p := range []string{out, pub} {
		if _, err := os.Stat(p); err == nil {
			fmt.Fprintf(ctx.Stderr, text(ctx, "%s existe déjà ; une clé n'est jamais remplacée. Choisissez un autre nom avec --out.\n",
				"%s exists already; a key is never replaced. Choose another name with --out.\n"), p)
			return exitUsage
		}
	}
	key, err := keys.Generate()
	if err != nil {
		fmt.Fprintf(ctx.Stderr, "declic-pack keygen: %v\n", err)
		return exitUsage
	}
	if err := keys.Save(out, key, pass); err != nil {
		fmt.Fprintf(ctx.Stderr, "declic-pack keygen: %v\n", err)
		return exitUsage
	}
	if err := os.WriteFile(pub, packsign.PublicKeyFile(name, key), 0o644); err != nil {
		os.Remove(out)
		fmt.Fprintf(ctx.Stderr, "declic-pack keygen: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(ctx.Stdout, text(ctx,
		"Clé privée : %s (gardez-la pour vous%s)\nClé publique : %s (à donner aux autres centres)\nSignataire : %s\nEmpreinte : %s\n",
		"Private key: %s (keep it to yourself%s)\nPublic key: %s (give it to other centres)\nSigner: %s\nFingerprint: %s\n"),
		out, map[bool]string{true: text(ctx, ", protégée par une phrase secrète", ", protected by a passphrase"), false: ""}[pass != ""],
		pub, key.DID(), packsign.Fingerprint(key.Public()))
	return exitOK
}

// passphrase reads --passphrase-file's first line, or DECLIC_PASSPHRASE.
func passphrase(ctx *context, opts options) (string, error) {
	if f := opts.values["--passphrase-file"]; f != "" {
		file, err := os.Open(f)
		if err != nil {
			return "", err
		}
		defer file.Close()
		sc := bufio.NewScanner(file)
		if !sc.Scan() || strings.TrimSpace(sc.Text()) == "" {
			return "", fmt.Errorf(text(ctx, "%s : la première ligne est vide", "%s: the first line is empty"), f)
		}
		return strings.TrimRight(sc.Text(), "\r"), nil
	}
	return os.Getenv("DECLIC_PASSPHRASE"), nil
}
