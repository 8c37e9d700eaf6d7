package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"declic/keys"
	"declic/ledger"
	"declic/records"
)

// creditInput is what crediting needs besides the files: who credits, to whom, under
// which rules, with which key.
type creditInput struct {
	Centre, Operator, Learner, Pass string
	Key                             *keys.Key
	Policy                          ledger.Policy
	Now                             time.Time
}

// creditResult is credit's JSON line for one file.
type creditResult struct {
	File     string  `json:"file"`
	Credited bool    `json:"credited"`
	Skipped  bool    `json:"skipped,omitempty"`
	Hours    float64 `json:"hours"`
	Reason   string  `json:"reason,omitempty"`
	Message  string  `json:"message,omitempty"`
	Entry    int64   `json:"entry,omitempty"`
	Learner  string  `json:"learner,omitempty"`
	Module   string  `json:"module,omitempty"`
	Enrolled bool    `json:"enrolled"`
	// Claimed is the hours the record claims, when more than credited.
	Claimed float64 `json:"claimed,omitempty"`
	Note    string  `json:"note,omitempty"`
}

// creditChecked credits one checked file: only eddsa-rdfc-2022 records (what the app
// issues), with the catalogue's title and hours.
func creditChecked(ctx context.Context, store ledger.Store, in creditInput, c checked) creditResult {
	res := creditResult{File: c.File}
	if c.Card {
		res.Skipped, res.Reason, res.Message = true, codeCard, "carte Déclic : ignorée ici (elle sert à « declic-centre enrol --card »)"
		return res
	}
	if c.Err != nil {
		res.Reason, res.Message = explain(c.Err, in.Centre)
		return res
	}
	r := c.Record
	if r.Cryptosuite != records.SuiteRDFC {
		res.Reason, res.Message = codeSuite, "signature eddsa-jcs-2022 : valide, mais Déclic n'en fait pas ; un centre ne crédite que les attestations eddsa-rdfc-2022"
		return res
	}
	e, err := store.Credit(ctx, ledger.CreditRequest{
		Centre: in.Centre, Operator: in.Operator, CentreKey: in.Key, RecordID: r.ID, Learner: in.Learner, Pass: in.Pass,
		LearnerKey: r.IssuerDID, AchievementID: r.AchievementID, Module: c.Credit.Module.Title, ActivityEnd: r.End.Format(time.RFC3339),
		HoursEarned: r.CreditsEarned, Hours: c.Credit.Hours, RecordJSON: c.Data, Policy: in.Policy, Now: in.Now,
	})
	if err != nil {
		res.Reason, res.Message = explain(err, in.Centre)
		return res
	}
	res.Credited, res.Hours, res.Entry, res.Learner, res.Module, res.Enrolled = true, e.HoursCredited, e.Seq, e.Learner, e.Module, e.Enrolled
	if e.HoursCredited < r.CreditsEarned {
		res.Claimed = r.CreditsEarned
		switch {
		case e.Note != "":
			res.Note = refusalText(&ledger.Refusal{Code: e.Note, Cap: in.Policy.HoursPerPass}, in.Centre)
			if e.Note == ledger.CodeHomeCap {
				res.Note = refusalText(&ledger.Refusal{Code: e.Note, Cap: in.Policy.HomeHoursCap}, in.Centre)
			}
		case c.Credit.Hours < r.CreditsEarned:
			res.Note = fmt.Sprintf("le module en vaut %s h", hours(c.Credit.Module.Hours))
		default:
			res.Note = "selon la politique du centre"
		}
	}
	return res
}

func cmdCredit(a app, args []string) int {
	fs := a.flags("credit")
	ledgerPath := ledgerFlag(fs)
	who := identityFlags(fs)
	keyPath := keyFlag(fs)
	cf := addCatalogueFlags(fs)
	learner := fs.String("learner", "", "dossier de la personne : son nom ou son numéro (obligatoire)")
	pass := fs.String("pass", "", "identifiant du pass numérique")
	policyPath := fs.String("policy", "", "fichier de politique du centre (TOML)")
	asJSON := fs.Bool("json", false, "une ligne JSON par fichier, pour les programmes")
	paths, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	where := a.ledgerValue(*ledgerPath)
	if where == "" || strings.TrimSpace(*learner) == "" || len(paths) == 0 {
		fmt.Fprintln(a.stderr, "Indiquez des attestations, --ledger et --learner.")
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
	key, err := a.centreKey(*keyPath, where)
	if err != nil {
		fmt.Fprintln(a.stderr, err)
		return exitBadInput
	}
	files, err := recordFiles(paths)
	if err != nil {
		fmt.Fprintln(a.stderr, clean(err.Error()))
		return exitBadInput
	}
	cat, err := a.catalogue(cf, *asJSON)
	if err != nil {
		fmt.Fprintln(a.stderr, clean(err.Error()))
		return exitBadInput
	}
	store, ok := a.openLedger(*ledgerPath, false)
	if !ok {
		return exitBadInput
	}
	defer store.Close()
	centre, operator := a.identity(who)
	in := creditInput{Centre: centre, Operator: operator, Learner: strings.TrimSpace(*learner), Pass: strings.TrimSpace(*pass),
		Key: key, Policy: policy, Now: a.now()}
	enc := json.NewEncoder(a.stdout)
	code = exitOK
	var total float64
	unenrolled := 0
	checkEach(files, in.Now, cat, func(c checked) {
		res := creditChecked(context.Background(), store, in, c)
		if !res.Credited && !res.Skipped {
			code = exitRefused
		}
		total += res.Hours
		if res.Credited && !res.Enrolled {
			unenrolled++
		}
		if *asJSON {
			enc.Encode(res)
			return
		}
		switch {
		case res.Credited:
			note, card := "", "carte enregistrée"
			if res.Note != "" {
				note = fmt.Sprintf(" (sur %s h : %s)", hours(res.Claimed), res.Note)
			}
			if !res.Enrolled {
				card = "CARTE NON ENREGISTRÉE (accepté par la politique du centre)"
			}
			fmt.Fprintf(a.stdout, "✔ %s : %s h %s%s à %s — « %s », %s, ligne %d\n", clean(res.File), hours(res.Hours), creditedWord(res.Hours), note,
				clean(res.Learner), clean(res.Module), card, res.Entry)
		case res.Skipped:
			fmt.Fprintf(a.stdout, "• %s : %s\n", clean(res.File), res.Message)
		default:
			fmt.Fprintf(a.stdout, "✘ %s : refusé — %s\n", clean(res.File), res.Message)
		}
	})
	if !*asJSON {
		fmt.Fprintf(a.stdout, "Total crédité : %s h.\n", hours(total))
		if unenrolled > 0 {
			fmt.Fprintf(a.stdout, "Attention : %d crédit(s) d'une carte non enregistrée, marqués dans le registre et les bilans.\n", unenrolled)
		}
	}
	return code
}

// creditedWord agrees « créditée(s) » with a number of hours, as French does (below 2,
// singular).
func creditedWord(h float64) string {
	if h < 2 {
		return "créditée"
	}
	return "créditées"
}
