package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/user"
	"strings"
	"time"

	"declic/ledger"
	"declic/ledger/postgres"
	"declic/ledger/sqlite"
)

// Environment variables that stand for flags, so a centre's machine is set up once.
const (
	envLedger   = "DECLIC_LEDGER_URL" // --ledger
	envCentre   = "DECLIC_CENTRE"     // --centre
	envOperator = "DECLIC_OPERATOR"   // --operator
)

func ledgerFlag(fs *flag.FlagSet) *string {
	return fs.String("ledger", "", "registre : fichier SQLite (centre.db) ou serveur postgres://utilisateur@hôte/base (défaut : $"+envLedger+")")
}

// identity is who writes: the centre's id and the operator's name.
type identity struct{ centre, operator *string }

func identityFlags(fs *flag.FlagSet) identity {
	return identity{
		centre:   fs.String("centre", "", "identifiant du centre dans le registre partagé (défaut : $"+envCentre+")"),
		operator: fs.String("operator", "", "nom de la personne qui crédite (défaut : $"+envOperator+", sinon l'utilisateur du système)"),
	}
}

func (a app) getenv(name string) string {
	if a.env != nil {
		return a.env(name)
	}
	return os.Getenv(name)
}

// identity resolves the centre and operator from flags, then environment, then (for the
// operator) the system user.
func (a app) identity(who identity) (centre, operator string) {
	centre, operator = strings.TrimSpace(*who.centre), strings.TrimSpace(*who.operator)
	if centre == "" {
		centre = strings.TrimSpace(a.getenv(envCentre))
	}
	if operator == "" {
		operator = strings.TrimSpace(a.getenv(envOperator))
	}
	if operator == "" {
		if u, err := user.Current(); err == nil {
			operator = u.Username
		}
	}
	return centre, operator
}

// ledgerValue is --ledger, or the environment's ledger URL.
func (a app) ledgerValue(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	return a.getenv(envLedger)
}

// openStore opens a SQLite file or a PostgreSQL URL. A read-only command never creates
// a SQLite file.
func openStore(where string, mustExist bool) (ledger.Store, error) {
	if postgres.IsURL(where) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		return postgres.Open(ctx, where)
	}
	if mustExist {
		if _, err := os.Stat(where); err != nil {
			return nil, fmt.Errorf("registre %s introuvable", where)
		}
	}
	return sqlite.Open(where)
}

// openLedger opens the ledger named by --ledger or the environment, and says why not.
func (a app) openLedger(flagValue string, mustExist bool) (ledger.Store, bool) {
	where := a.ledgerValue(flagValue)
	if where == "" {
		fmt.Fprintf(a.stderr, "Indiquez --ledger centre.db (ou postgres://…, ou la variable %s).\n", envLedger)
		return nil, false
	}
	s, err := openStore(where, mustExist)
	if err != nil {
		fmt.Fprintln(a.stderr, err)
		return nil, false
	}
	return s, true
}
