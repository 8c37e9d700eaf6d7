// Command declic-centre is the centre's tool for Déclic completion records: it enrols a
// learner's « carte Déclic » in person, verifies records offline, credits them once to
// a learner's pass numérique in an append-only ledger signed with the centre's key,
// writes signed checkpoints for funders and reports hours. It is pure Go
// (CGO_ENABLED=0) for headless centre machines.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

// Exit codes.
const (
	exitOK       = 0
	exitRefused  = 1 // a record is invalid or was refused, or a ledger check failed
	exitBadInput = 2 // unreadable input or wrong usage
)

// app carries what commands need, so tests can run them in-process.
type app struct {
	stdout, stderr io.Writer
	stdin          *os.File // for a sealed key's passphrase; nil in tests
	now            func() time.Time
	env            func(string) string // nil: os.Getenv
}

// fixedClock is empty in every build except the one the tests make
// (go build -ldflags "-X main.fixedClock=2026-11-23T12:00:00Z"): a command started by a
// test then runs at the test's own instant, whatever today's date is.
var fixedClock string

func main() {
	a := app{stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin, now: time.Now}
	if fixedClock != "" {
		at, err := time.Parse(time.RFC3339, fixedClock)
		if err != nil {
			fmt.Fprintf(os.Stderr, "fixedClock %q: %v\n", fixedClock, err)
			os.Exit(exitBadInput)
		}
		a.now = func() time.Time { return at }
	}
	os.Exit(a.run(os.Args[1:]))
}

type command struct {
	name, usage, help string
	run               func(a app, args []string) int
}

func commands() []command {
	return []command{
		{"keygen", "keygen --dir DOSSIER [--seal]", "Crée (ou affiche) la clé du centre, qui signe chaque ligne du registre.", cmdKeygen},
		{"enrol", "enrol --ledger REGISTRE --learner DOSSIER (--card carte.json | --key did:key:…) [--code XXXX-XXXX-XXXX-XXXX] --centre-key CLÉ [--centre ID] [--operator NOM]", "Enregistre, en présence de la personne, sa carte Déclic pour son dossier.", cmdEnrol},
		{"verify", "verify FICHIER|DOSSIER... [--json] [--packs DOSSIER --trust DOSSIER]", "Vérifie des attestations : ✔ valide ou ✘ avec la raison.", cmdVerify},
		{"credit", "credit FICHIER|DOSSIER... --ledger REGISTRE --learner DOSSIER --centre-key CLÉ [--pass PASS] [--centre ID] [--operator NOM] [--policy politique.toml] [--json]", "Vérifie puis crédite des attestations sur le registre, une seule fois chacune.", cmdCredit},
		{"cancel", "cancel --ledger REGISTRE --entry N --reason TEXTE --centre-key CLÉ [--centre ID] [--operator NOM]", "Annule une ligne par une ligne signée ; rien n'est effacé.", cmdCancel},
		{"ledger", "ledger --ledger REGISTRE [--centre ID] [--learner DOSSIER] [--pass PASS] [--csv]", "Affiche les lignes du registre.", cmdLedger},
		{"report", "report --ledger REGISTRE --from AAAA-MM-JJ --to AAAA-MM-JJ [--centre ID] [--csv|--json]", "Heures par centre, par personne, par pass, par mois, et totaux.", cmdReport},
		{"checkpoint", "checkpoint --ledger REGISTRE --out FICHIER --centre-key CLÉ [--centre ID]", "Écrit le point de contrôle signé du registre, à remettre au financeur avec le bilan.", cmdCheckpoint},
		{"check-ledger", "check-ledger --ledger REGISTRE [--checkpoint FICHIER]...", "Contrôle chaque ligne, sa signature, et que le registre prolonge les points de contrôle.", cmdCheckLedger},
		{"packs", "packs [--packs DOSSIER --trust DOSSIER] [--json]", "Liste le catalogue du centre : les modules crédités, leur durée et leurs heures.", cmdPacks},
		{"sample", "sample --out DOSSIER [--count N]", "Crée des attestations d'exemple signées et les cartes de leurs profils, pour la formation et les tests.", cmdSample},
		{"sync", "sync --from centre.db --to postgres://… --centre ID --centre-key CLÉ [--policy politique.toml]", "Envoie le registre local au registre partagé, qui revérifie chaque attestation.", cmdSync},
		{"bundle", "bundle --name NOM --key DOSSIER --out DOSSIER [--contact TEXTE] [--logo logo.png] [--pack a.declic]... [--trust did:key:…|centre.pub.toml]...", "Crée le paquet signé d'un centre : nom, logo, contact, cours et clés, posé à côté du programme.", cmdBundle},
	}
}

func (a app) run(args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		a.usage(a.stdout)
		if len(args) == 0 {
			return exitBadInput
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(a, args[1:])
		}
	}
	fmt.Fprintf(a.stderr, "Commande inconnue : %q.\n\n", clean(args[0]))
	a.usage(a.stderr)
	return exitBadInput
}

func (a app) usage(w io.Writer) {
	fmt.Fprintln(w, "declic-centre : enregistrer les cartes, vérifier et créditer les attestations Déclic.")
	fmt.Fprintln(w, "\nUtilisation : declic-centre COMMANDE [options]")
	fmt.Fprintln(w, "\nCommandes :")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-13s %s\n", c.name, c.help)
	}
	fmt.Fprintln(w, "\nREGISTRE : un fichier SQLite (centre.db) ou un serveur PostgreSQL (postgres://…) ;")
	fmt.Fprintln(w, "sans --ledger, la variable DECLIC_LEDGER_URL. CLÉ : sans --centre-key, la variable DECLIC_CENTRE_KEY.")
	fmt.Fprintln(w, "\nAide d'une commande : declic-centre COMMANDE --help")
}

// flags builds a French-speaking flag set for a command.
func (a app) flags(name string) *flag.FlagSet {
	var c command
	for _, k := range commands() {
		if k.name == name {
			c = k
		}
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "%s\n\nUtilisation : declic-centre %s\n\nOptions :\n", c.help, c.usage)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags that may come after positional arguments; it returns the
// positional ones, or an exit code when parsing stopped.
func parse(fs *flag.FlagSet, args []string) ([]string, int, bool) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, false
			}
			return nil, exitBadInput, false
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, 0, true
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
