package main

import (
	"context"
	"fmt"
	"os"

	"declic/ledger"
	"declic/ledger/postgres"
	"declic/ledger/sqlite"
)

// cmdSync copies a centre's local SQLite ledger into the shared PostgreSQL ledger.
func cmdSync(a app, args []string) int {
	fs := a.flags("sync")
	from := fs.String("from", "", "registre local du centre, fichier SQLite (obligatoire)")
	to := fs.String("to", "", "registre partagé, postgres://… (défaut : $"+envLedger+")")
	who := identityFlags(fs)
	if _, code, ok := parse(fs, args); !ok {
		return code
	}
	target := a.ledgerValue(*to)
	if *from == "" || !postgres.IsURL(target) {
		fmt.Fprintln(a.stderr, "Indiquez --from centre.db et --to postgres://… (le registre partagé).")
		return exitBadInput
	}
	if _, err := os.Stat(*from); err != nil {
		fmt.Fprintf(a.stderr, "Registre %s introuvable.\n", *from)
		return exitBadInput
	}
	ctx := context.Background()
	local, err := sqlite.Open(*from)
	if err != nil {
		fmt.Fprintln(a.stderr, err)
		return exitBadInput
	}
	defer local.Close()
	entries, err := local.Entries(ctx, ledger.Filter{})
	if err != nil {
		fmt.Fprintln(a.stderr, err)
		return exitBadInput
	}
	if problems := ledger.CheckChainOf(entries); len(problems) > 0 {
		fmt.Fprintf(a.stderr, "Le registre %s est altéré (ligne %d : %s) : rien n'est copié. Lancez check-ledger.\n", *from, problems[0].Seq, problems[0].Message)
		return exitRefused
	}
	centre, _ := a.identity(who)
	for _, e := range entries {
		if centre == "" {
			centre = e.Centre
		}
		if e.Centre != "" && e.Centre != centre {
			fmt.Fprintf(a.stderr, "La ligne %d de %s vient du centre %q, pas de %q : rien n'est copié.\n", e.Seq, *from, e.Centre, centre)
			return exitBadInput
		}
	}
	if centre == "" {
		fmt.Fprintf(a.stderr, "Indiquez --centre ID (ou la variable %s).\n", envCentre)
		return exitBadInput
	}
	shared, ok := a.openLedger(target, false)
	if !ok {
		return exitBadInput
	}
	defer shared.Close()
	rep, err := shared.(*postgres.Store).Import(ctx, centre, entries, postgres.ImportOptions{})
	for _, c := range rep.Conflicts {
		l := c.Local
		fmt.Fprintf(a.stdout, "✘ ligne locale %d : attestation %s (%s, %s h) %s — non copiée, à régler avec %s.\n",
			l.Seq, l.RecordID, l.Learner, hours(l.HoursCredited), ledger.Duplicate(c.Holder, centre).Message, c.Holder.Centre)
	}
	fmt.Fprintf(a.stdout, "%s → registre partagé, centre %s : %d lignes copiées, %d déjà copiées, %d en conflit.\n",
		*from, centre, rep.Added, rep.Already, len(rep.Conflicts))
	if err != nil {
		fmt.Fprintf(a.stderr, "%v\nLa copie s'est arrêtée ; les lignes copiées sont complètes. Relancez la même commande : elle reprendra.\n", err)
		return exitBadInput
	}
	if len(rep.Conflicts) > 0 {
		return exitRefused
	}
	return exitOK
}
