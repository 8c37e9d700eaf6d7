package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/term"

	"declic/card"
	"declic/keys"
	"declic/ledger"
)

// errCodeMismatch is a typed code that is not the key's fingerprint.
var errCodeMismatch = errors.New("the code does not match the key")

// learnerKeyFrom reads the learner's key from a card file or a did:key, and compares the
// typed code with its fingerprint. It returns the did:key and its code.
func learnerKeyFrom(cardPath, did, typed string) (string, string, error) {
	if cardPath != "" {
		data, err := readInput(cardPath)
		if err != nil {
			return "", "", err
		}
		c, err := card.Parse(data)
		if err != nil {
			return "", "", err
		}
		did = c.DID
	}
	pub, err := keys.ParseDID(strings.TrimSpace(did))
	if err != nil || strings.Contains(did, "#") {
		return "", "", &ledger.InvalidError{Field: ledger.FieldLearnerKey, Problem: ledger.ProblemUnreadable}
	}
	code := keys.Fingerprint(pub)
	if typed != "" {
		norm, err := keys.NormalizeFingerprint(typed)
		if err != nil || norm != code {
			return keys.DID(pub), code, errCodeMismatch
		}
	}
	return keys.DID(pub), code, nil
}

func cmdEnrol(a app, args []string) int {
	fs := a.flags("enrol")
	ledgerPath := ledgerFlag(fs)
	who := identityFlags(fs)
	keyPath := keyFlag(fs)
	cardPath := fs.String("card", "", "carte Déclic de la personne (carte-declic-….json, sur sa clé USB)")
	did := fs.String("key", "", "clé de la personne, did:key:z6Mk… (le texte du code QR de sa carte)")
	typed := fs.String("code", "", "code lu sur l'écran « Ma carte Déclic » de la personne (XXXX-XXXX-XXXX-XXXX)")
	learner := fs.String("learner", "", "dossier de la personne : son nom ou son numéro (obligatoire)")
	if _, code, ok := parse(fs, args); !ok {
		return code
	}
	where := a.ledgerValue(*ledgerPath)
	if where == "" || strings.TrimSpace(*learner) == "" || (*cardPath == "") == (*did == "") {
		fmt.Fprintln(a.stderr, "Indiquez --ledger, --learner et soit --card carte.json, soit --key did:key:….")
		return exitBadInput
	}
	learnerKey, fingerprint, err := learnerKeyFrom(*cardPath, *did, *typed)
	switch {
	case errors.Is(err, errCodeMismatch):
		fmt.Fprintf(a.stdout, "✘ Le code %s n'est pas celui de cette carte (%s) : rien n'est enregistré.\n  Vérifiez le code sur l'écran « Ma carte Déclic » de la personne ; s'il diffère, ce n'est pas sa carte.\n", clean(*typed), fingerprint)
		return exitRefused
	case err != nil:
		_, msg := explain(err, "")
		fmt.Fprintf(a.stdout, "✘ %s : rien n'est enregistré.\n", msg)
		return exitRefused
	}
	key, err := a.centreKey(*keyPath, where)
	if err != nil {
		fmt.Fprintln(a.stderr, err)
		return exitBadInput
	}
	store, ok := a.openLedger(*ledgerPath, false)
	if !ok {
		return exitBadInput
	}
	defer store.Close()
	centre, operator := a.identity(who)
	how := "clé"
	if *cardPath != "" {
		how = "carte"
	}
	if *typed != "" {
		how += ", code comparé"
	}
	e, err := store.Enrol(context.Background(), ledger.EnrolRequest{Centre: centre, Operator: operator, CentreKey: key,
		LearnerKey: learnerKey, Learner: strings.TrimSpace(*learner), Reason: how, Now: a.now()})
	if err != nil {
		_, msg := explain(err, centre)
		fmt.Fprintf(a.stdout, "✘ %s\n", msg)
		return exitRefused
	}
	fmt.Fprintf(a.stdout, "✔ Carte Déclic enregistrée pour %s (ligne %d).\n", clean(e.Learner), e.Seq)
	fmt.Fprintf(a.stdout, "  Code de la carte : %s\n", fingerprint)
	if *typed == "" {
		fmt.Fprintln(a.stdout, "  Comparez ce code avec l'écran « Ma carte Déclic » de la personne. S'il diffère, annulez : declic-centre cancel --entry "+strconv.FormatInt(e.Seq, 10)+" --reason \"code différent\".")
	} else {
		fmt.Fprintln(a.stdout, "  Le code lu sur l'écran de la personne est le bon.")
	}
	return exitOK
}

func cmdCancel(a app, args []string) int {
	fs := a.flags("cancel")
	ledgerPath := ledgerFlag(fs)
	who := identityFlags(fs)
	keyPath := keyFlag(fs)
	entry := fs.Int64("entry", 0, "numéro de la ligne à annuler (colonne « ligne » de « declic-centre ledger ») (obligatoire)")
	reason := fs.String("reason", "", "pourquoi, en quelques mots (obligatoire)")
	if _, code, ok := parse(fs, args); !ok {
		return code
	}
	where := a.ledgerValue(*ledgerPath)
	if where == "" || *entry <= 0 || strings.TrimSpace(*reason) == "" {
		fmt.Fprintln(a.stderr, "Indiquez --ledger, --entry N et --reason \"…\".")
		return exitBadInput
	}
	key, err := a.centreKey(*keyPath, where)
	if err != nil {
		fmt.Fprintln(a.stderr, err)
		return exitBadInput
	}
	store, ok := a.openLedger(*ledgerPath, true)
	if !ok {
		return exitBadInput
	}
	defer store.Close()
	centre, operator := a.identity(who)
	e, err := store.Cancel(context.Background(), ledger.CancelRequest{Centre: centre, Operator: operator, CentreKey: key,
		Seq: *entry, Reason: strings.TrimSpace(*reason), Now: a.now()})
	if err != nil {
		_, msg := explain(err, centre)
		fmt.Fprintf(a.stdout, "✘ %s\n", msg)
		return exitRefused
	}
	what := "l'enregistrement de carte"
	if e.RecordID != "" {
		what = fmt.Sprintf("le crédit de %s h (« %s », %s)", hours(-e.HoursCredited), clean(e.Module), clean(e.Learner))
	}
	fmt.Fprintf(a.stdout, "✔ Ligne %d annulée par la ligne %d : %s. Rien n'est effacé ; les bilans la déduisent.\n", e.Target, e.Seq, what)
	return exitOK
}

func cmdKeygen(a app, args []string) int {
	fs := a.flags("keygen")
	dir := fs.String("dir", "", "dossier de la clé du centre, hors du dossier du registre (obligatoire)")
	seal := fs.Bool("seal", false, "protéger la clé par une phrase secrète (demandée deux fois, ou variable "+envPassphrase+")")
	if _, code, ok := parse(fs, args); !ok {
		return code
	}
	if *dir == "" {
		fmt.Fprintln(a.stderr, "Indiquez --dir DOSSIER.")
		return exitBadInput
	}
	path := filepath.Join(*dir, keys.FileName)
	k, created, err := a.keygen(path, *seal)
	if err != nil {
		fmt.Fprintln(a.stderr, err)
		return exitBadInput
	}
	state := "existante"
	if created {
		state = "créée"
		if *seal {
			state += ", protégée par une phrase secrète"
		}
	}
	fmt.Fprintf(a.stdout, "Clé du centre (%s) : %s\nIdentifiant : %s\nCode : %s\n", state, clean(path), k.DID(), k.Fingerprint())
	return exitOK
}

// keygen loads the key at path, or creates it (sealed with a passphrase when seal).
func (a app) keygen(path string, seal bool) (*keys.Key, bool, error) {
	if _, err := os.Stat(path); err == nil {
		k, err := a.centreKey(path, "")
		return k, false, err
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, false, err
	}
	pass := ""
	if seal {
		pass = a.getenv(envPassphrase)
		if pass == "" && a.stdin != nil && term.IsTerminal(int(a.stdin.Fd())) {
			fmt.Fprint(a.stderr, "Phrase secrète (12 caractères au moins) : ")
			p1, err := term.ReadPassword(int(a.stdin.Fd()))
			fmt.Fprint(a.stderr, "\nEncore une fois : ")
			p2, err2 := term.ReadPassword(int(a.stdin.Fd()))
			fmt.Fprintln(a.stderr)
			if err != nil || err2 != nil || string(p1) != string(p2) {
				return nil, false, errors.New("les deux phrases secrètes diffèrent : rien n'est créé")
			}
			pass = string(p1)
		}
		if len([]rune(pass)) < 12 {
			return nil, false, fmt.Errorf("une phrase secrète de 12 caractères au moins est nécessaire (variable %s, ou tapée dans un terminal)", envPassphrase)
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, false, err
	}
	k, err := keys.Generate()
	if err != nil {
		return nil, false, err
	}
	if err := keys.Save(path, k, pass); err != nil {
		return nil, false, err
	}
	return k, true, nil
}
