package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"declic/branding"
	"declic/keys"
	_ "declic/plugins/builtin" // the bundle's packs are validated: the activity kinds must be known
)

// repeated is a flag that may be given several times (--pack a --pack b).
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

// cmdBundle writes a signed centre bundle: the folder an installer drops beside the
// program so the app shows the centre's name, logo and contact, pre-installs its
// packs and trusts its keys, without rebuilding any Go code.
func cmdBundle(a app, args []string) int {
	fs := a.flags("bundle")
	name := fs.String("name", "", "nom du centre, affiché sur l'écran d'accueil (obligatoire)")
	contact := fs.String("contact", "", "ligne de contact, par exemple « Besoin d'aide ? Appelez le 01 00 00 00 00 »")
	logo := fs.String("logo", "", "logo du centre (PNG)")
	keyDir := fs.String("key", "", "dossier de la clé du centre, créé par « declic-centre keygen » (obligatoire)")
	out := fs.String("out", "", "dossier où écrire le paquet declic-bundle (obligatoire)")
	var packs, trust repeated
	fs.Var(&packs, "pack", "cours .declic à pré-installer (répétable)")
	fs.Var(&trust, "trust", "clé de confiance : did:key:…, ou fichier .pub.toml (répétable)")
	if _, code, ok := parse(fs, args); !ok {
		return code
	}
	if *name == "" || *keyDir == "" || *out == "" {
		fmt.Fprintln(a.stderr, "Indiquez --name, --key et --out.")
		return exitBadInput
	}
	key, err := keys.Load(filepath.Join(*keyDir, keys.FileName), "")
	if err != nil {
		fmt.Fprintf(a.stderr, "La clé du centre est illisible : %v\nCréez-la avec « declic-centre keygen --dir %s ».\n", err, *keyDir)
		return exitBadInput
	}
	var trusted []branding.TrustEntry
	for _, t := range trust {
		e, err := branding.TrustArg(t)
		if err != nil {
			fmt.Fprintf(a.stderr, "Clé de confiance illisible : %v\n", err)
			return exitBadInput
		}
		trusted = append(trusted, e)
	}
	dir := filepath.Join(*out, branding.DirName)
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(a.stderr, err)
		return exitBadInput
	}
	m, err := branding.Build(branding.BuildOptions{Dir: dir, Name: *name, Contact: *contact, Logo: *logo,
		Packs: packs, Trust: trusted, Key: key})
	if err != nil {
		fmt.Fprintf(a.stderr, "Le paquet n'a pas été créé : %v\n", err)
		return exitBadInput
	}
	fmt.Fprintf(a.stdout, "Paquet du centre « %s » écrit dans %s (%d cours, signé par %s).\n", m.Name, dir, len(m.Packs), m.Signer)
	fmt.Fprintf(a.stdout, "Installateurs à votre nom : DECLIC_DIST_PACKAGE_ONLY=1 DECLIC_BUNDLE=%s scripts/dist.sh\n", dir)
	return exitOK
}
