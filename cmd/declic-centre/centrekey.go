package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"declic/catalogue"
	"declic/keys"
	"declic/ledger/postgres"
	"declic/packsign"
)

// Environment variables of the centre's key and catalogue.
const (
	envKey        = "DECLIC_CENTRE_KEY"            // --key
	envPassphrase = "DECLIC_CENTRE_KEY_PASSPHRASE" // passphrase of a sealed key
	envPacks      = "DECLIC_CENTRE_PACKS"          // --packs
	envTrust      = "DECLIC_CENTRE_TRUST"          // --trust
)

func keyFlag(fs *flag.FlagSet) *string {
	return fs.String("centre-key", "", "clé du centre, créée par « declic-centre keygen », gardée hors du dossier du registre (défaut : $"+envKey+")")
}

// keyPath resolves --centre-key: a key file, or the folder keygen made.
func (a app) keyPath(flagValue string) string {
	p := flagValue
	if p == "" {
		p = a.getenv(envKey)
	}
	if p == "" {
		return ""
	}
	if info, err := os.Stat(p); err == nil && info.IsDir() {
		p = filepath.Join(p, keys.FileName)
	}
	return p
}

// centreKey loads the centre's signing key, refusing one kept in the ledger's folder
// (whoever copies the ledger would take the key along). A sealed key's passphrase comes
// from the environment or, on a terminal, is asked without echo.
func (a app) centreKey(flagValue, ledgerWhere string) (*keys.Key, error) {
	p := a.keyPath(flagValue)
	if p == "" {
		return nil, errors.New("indiquez la clé du centre : --centre-key DOSSIER (créée par « declic-centre keygen --dir DOSSIER »), ou la variable " + envKey)
	}
	if ledgerWhere != "" && !postgres.IsURL(ledgerWhere) {
		kd, _ := filepath.Abs(filepath.Dir(p))
		ld, _ := filepath.Abs(filepath.Dir(ledgerWhere))
		if kd == ld {
			return nil, fmt.Errorf("la clé du centre (%s) est dans le dossier du registre : rangez-la ailleurs (une clé USB, un dossier réservé), pour que copier le registre ne donne pas la clé", clean(p))
		}
	}
	sealed, err := keys.NeedsPassphrase(p)
	if err != nil {
		return nil, fmt.Errorf("clé du centre %s illisible : %v", clean(p), err)
	}
	pass := ""
	if sealed {
		pass = a.getenv(envPassphrase)
		if pass == "" && a.stdin != nil && term.IsTerminal(int(a.stdin.Fd())) {
			fmt.Fprint(a.stderr, "Phrase secrète de la clé du centre : ")
			b, err := term.ReadPassword(int(a.stdin.Fd()))
			fmt.Fprintln(a.stderr)
			if err != nil {
				return nil, err
			}
			pass = string(b)
		}
	}
	k, err := keys.Load(p, pass)
	switch {
	case errors.Is(err, keys.ErrPassphrase):
		return nil, fmt.Errorf("la clé du centre %s est protégée : phrase secrète absente ou fausse (variable %s)", clean(p), envPassphrase)
	case err != nil:
		return nil, fmt.Errorf("clé du centre %s illisible : %v", clean(p), err)
	}
	return k, nil
}

// catalogueFlags are where the centre keeps the signed packs it installed and the keys
// it trusts to sign them.
type catalogueFlags struct{ packs, trust *string }

func addCatalogueFlags(fs *flag.FlagSet) catalogueFlags {
	return catalogueFlags{
		packs: fs.String("packs", "", "dossier des parcours signés installés par le centre (.declic), en plus des parcours intégrés (défaut : $"+envPacks+")"),
		trust: fs.String("trust", "", "dossier des clés de confiance (*.pub.toml) qui signent ces parcours (défaut : $"+envTrust+")"),
	}
}

// catalogue loads the centre's catalogue; packs left out are listed on stderr.
func (a app) catalogue(f catalogueFlags, quiet bool) (*catalogue.Catalogue, error) {
	packs, trustDir := strings.TrimSpace(*f.packs), strings.TrimSpace(*f.trust)
	if packs == "" {
		packs = a.getenv(envPacks)
	}
	if trustDir == "" {
		trustDir = a.getenv(envTrust)
	}
	var trust *packsign.TrustStore
	if trustDir != "" {
		var errs []error
		trust, errs = packsign.LoadTrustStore(trustDir)
		for _, err := range errs {
			fmt.Fprintf(a.stderr, "Clé de confiance ignorée : %s\n", clean(err.Error()))
		}
	}
	cat, problems, err := catalogue.Load(catalogue.Options{PacksDir: packs, Trust: trust})
	if err != nil {
		return nil, err
	}
	if !quiet {
		for _, p := range problems {
			fmt.Fprintf(a.stderr, "Parcours écarté du catalogue : %s — %s\n", clean(p.Path), problemText(p))
		}
	}
	return cat, nil
}

func problemText(p catalogue.Problem) string {
	switch p.Code {
	case catalogue.ProblemUnsigned:
		return "il n'est pas signé"
	case catalogue.ProblemUnknownSigner:
		return "signé par une clé qui n'est pas dans vos clés de confiance (" + clean(p.Signer) + ")"
	case catalogue.ProblemTampered:
		return "ses fichiers ne correspondent plus à sa signature"
	case catalogue.ProblemEmbeddedID:
		return "il prend le nom d'un parcours intégré à Déclic (" + clean(p.PackID) + ")"
	case catalogue.ProblemOlder:
		return "une version plus récente du même parcours est déjà au catalogue"
	}
	return "illisible ou avec des erreurs"
}
