package main

import (
	"context"
	"fmt"
	"os"

	"declic/catalogue"
	"declic/keys"
	"declic/ledger"
	"declic/ledger/postgres"
	"declic/ledger/sqlite"
	"declic/records"
)

// syncItems turns a centre's local entries into what the shared ledger applies: each
// credit's record is verified again (at the date it was credited) and looked up in the
// catalogue, exactly as credit does; each enrolment and cancel becomes a request signed
// with key. Entries whose record is missing or refused are marked refused; entries the
// shared ledger already holds (known) are passed as they are.
func syncItems(local []ledger.Entry, known map[string]bool, centre string, key *keys.Key, policy ledger.Policy, cat *catalogue.Catalogue) []postgres.ImportItem {
	hashOf := map[int64]string{}
	items := make([]postgres.ImportItem, 0, len(local))
	for _, e := range local {
		hashOf[e.Seq] = e.Hash
		it := postgres.ImportItem{Local: e}
		switch {
		case known[e.Hash]: // sent by an earlier run: nothing to check again
		case e.Kind == ledger.KindEnrol:
			it.Enrol = &ledger.EnrolRequest{Centre: centre, Operator: e.Operator, CentreKey: key, LearnerKey: e.LearnerKey,
				Learner: e.Learner, Reason: e.Reason, Now: e.CreatedAt}
		case e.Kind == ledger.KindCancel:
			it.Cancel = &ledger.CancelRequest{Centre: centre, Operator: e.Operator, CentreKey: key, Reason: e.Reason, Now: e.CreatedAt}
			it.TargetOrigin = hashOf[e.Target]
		default:
			if len(e.RecordJSON) == 0 {
				it.Refused = errNoRecord
				break
			}
			rec, credit, err := checkRecord(e.RecordJSON, e.CreatedAt, cat)
			switch {
			case err != nil:
				it.Refused = err
			case rec.Cryptosuite != records.SuiteRDFC:
				it.Refused = errSuite
			case rec.ID != e.RecordID || rec.IssuerDID != e.LearnerKey:
				it.Refused = &records.VerifyError{Reason: records.ReasonRecordID, Err: fmt.Errorf("local entry %d names another record", e.Seq)}
			default:
				it.Credit = &ledger.CreditRequest{Centre: centre, Operator: e.Operator, CentreKey: key, RecordID: rec.ID,
					Learner: e.Learner, Pass: e.Pass, LearnerKey: rec.IssuerDID, AchievementID: rec.AchievementID,
					Module: credit.Module.Title, ActivityEnd: e.ActivityEnd, HoursEarned: rec.CreditsEarned, Hours: credit.Hours,
					RecordJSON: e.RecordJSON, Policy: policy, Now: e.CreatedAt}
			}
		}
		items = append(items, it)
	}
	return items
}

// Local reasons sync gives for an entry it does not send.
var (
	errNoRecord = fmt.Errorf("%s", codeNoRecord)
	errSuite    = fmt.Errorf("%s", codeSuite)
)

func syncReason(err error, centre string) string {
	switch err {
	case errNoRecord:
		return "la ligne ne garde pas son attestation (registre d'une version antérieure) : créditez l'attestation de nouveau sur le registre partagé"
	case errSuite:
		return "attestation eddsa-jcs-2022 : un centre ne la crédite pas"
	}
	_, msg := explain(err, centre)
	return msg
}

// cmdSync sends a centre's local SQLite ledger to the shared PostgreSQL ledger.
func cmdSync(a app, args []string) int {
	fs := a.flags("sync")
	from := fs.String("from", "", "registre local du centre, fichier SQLite (obligatoire)")
	to := fs.String("to", "", "registre partagé, postgres://… (défaut : $"+envLedger+")")
	who := identityFlags(fs)
	keyPath := keyFlag(fs)
	cf := addCatalogueFlags(fs)
	policyPath := fs.String("policy", "", "fichier de politique du centre (TOML)")
	if _, code, ok := parse(fs, args); !ok {
		return code
	}
	target := a.ledgerValue(*to)
	if *from == "" || !postgres.IsURL(target) {
		fmt.Fprintln(a.stderr, "Indiquez --from centre.db et --to postgres://… (le registre partagé).")
		return exitBadInput
	}
	if _, err := os.Stat(*from); err != nil {
		fmt.Fprintf(a.stderr, "Registre %s introuvable.\n", clean(*from))
		return exitBadInput
	}
	policy := ledger.DefaultPolicy()
	if *policyPath != "" {
		var err error
		if policy, err = ledger.LoadPolicy(*policyPath); err != nil {
			fmt.Fprintln(a.stderr, clean(err.Error()))
			return exitBadInput
		}
	}
	ctx := context.Background()
	local, err := sqlite.Open(*from)
	if err != nil {
		fmt.Fprintln(a.stderr, clean(err.Error()))
		return exitBadInput
	}
	defer local.Close()
	entries, err := local.Entries(ctx, ledger.Filter{})
	if err != nil {
		fmt.Fprintln(a.stderr, clean(err.Error()))
		return exitBadInput
	}
	if problems := ledger.CheckChainOf(entries); len(problems) > 0 {
		fmt.Fprintf(a.stderr, "Le registre %s est altéré (ligne %d : %s) : rien n'est envoyé. Lancez check-ledger.\n", clean(*from), problems[0].Seq, chainText(problems[0]))
		return exitRefused
	}
	centre, _ := a.identity(who)
	for _, e := range entries {
		if centre == "" {
			centre = e.Centre
		}
		if e.Centre != "" && e.Centre != centre {
			fmt.Fprintf(a.stderr, "La ligne %d de %s vient du centre %q, pas de %q : rien n'est envoyé.\n", e.Seq, clean(*from), clean(e.Centre), clean(centre))
			return exitBadInput
		}
	}
	if centre == "" {
		fmt.Fprintf(a.stderr, "Indiquez --centre ID (ou la variable %s).\n", envCentre)
		return exitBadInput
	}
	key, err := a.centreKey(*keyPath, *from)
	if err != nil {
		fmt.Fprintln(a.stderr, err)
		return exitBadInput
	}
	if s := ledger.ChainSigner(entries); s != "" && s != key.DID() {
		fmt.Fprintf(a.stderr, "Le registre %s est signé par %s, pas par cette clé : rien n'est envoyé.\n", clean(*from), s)
		return exitRefused
	}
	cat, err := a.catalogue(cf, false)
	if err != nil {
		fmt.Fprintln(a.stderr, clean(err.Error()))
		return exitBadInput
	}
	shared, ok := a.openLedger(target, false)
	if !ok {
		return exitBadInput
	}
	defer shared.Close()
	store := shared.(*postgres.Store)
	hashes := make([]string, len(entries))
	for i, e := range entries {
		hashes[i] = e.Hash
	}
	known, err := store.Known(ctx, hashes)
	if err != nil {
		_, msg := explain(err, centre)
		fmt.Fprintln(a.stderr, msg)
		return exitBadInput
	}
	rep, err := store.Import(ctx, centre, key, syncItems(entries, known, centre, key, policy, cat), postgres.ImportOptions{})
	for _, r := range rep.Refused {
		l := r.Local
		what := "enregistrement de carte"
		switch l.Kind {
		case ledger.KindCredit:
			what = fmt.Sprintf("crédit de %s h à %s (« %s »)", hours(l.HoursCredited), clean(l.Learner), clean(l.Module))
		case ledger.KindCancel:
			what = fmt.Sprintf("annulation de la ligne %d", l.Target)
		}
		fmt.Fprintf(a.stdout, "✘ ligne locale %d, %s : refusée — %s.\n", l.Seq, what, syncReason(r.Err, centre))
	}
	fmt.Fprintf(a.stdout, "%s → registre partagé, centre %s : %d lignes envoyées, %d déjà envoyées, %d refusées.\n",
		clean(*from), clean(centre), rep.Added, rep.Already, len(rep.Refused))
	if err != nil {
		_, msg := explain(err, centre)
		fmt.Fprintf(a.stderr, "%s\nL'envoi s'est arrêté ; les lignes envoyées sont complètes. Relancez la même commande : elle reprendra.\n", msg)
		return exitBadInput
	}
	if len(rep.Refused) > 0 {
		return exitRefused
	}
	return exitOK
}
