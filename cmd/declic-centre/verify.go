package main

import (
	"encoding/json"
	"fmt"

	"declic/records"
)

// verifyResult is verify's JSON line for one file.
type verifyResult struct {
	File          string  `json:"file"`
	Valid         bool    `json:"valid"`
	Skipped       bool    `json:"skipped,omitempty"`
	Hours         float64 `json:"hours"`
	Reason        string  `json:"reason,omitempty"`
	Message       string  `json:"message,omitempty"`
	RecordID      string  `json:"recordId,omitempty"`
	Issuer        string  `json:"issuer,omitempty"`
	AchievementID string  `json:"achievementId,omitempty"`
	Module        string  `json:"module,omitempty"`
	ActiveMinutes int     `json:"activeMinutes,omitempty"`
	Cryptosuite   string  `json:"cryptosuite,omitempty"`
}

func verifyResultOf(c checked) verifyResult {
	v := verifyResult{File: c.File, Valid: c.Err == nil && !c.Card, Skipped: c.Card}
	if r := c.Record; r != nil {
		v.RecordID, v.Issuer, v.AchievementID, v.ActiveMinutes, v.Cryptosuite = r.ID, r.IssuerDID, r.AchievementID, r.ActiveMinutes, r.Cryptosuite
		v.Module = r.ModuleTitle
	}
	switch {
	case c.Card:
		v.Reason, v.Message = codeCard, "carte Déclic : ignorée ici (elle sert à « declic-centre enrol --card »)"
	case c.Err != nil:
		v.Reason, v.Message = explain(c.Err, "")
	default:
		v.Hours, v.Module = c.Credit.Hours, c.Credit.Module.Title
	}
	return v
}

func cmdVerify(a app, args []string) int {
	fs := a.flags("verify")
	asJSON := fs.Bool("json", false, "une ligne JSON par fichier, pour les programmes")
	cf := addCatalogueFlags(fs)
	paths, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(paths) == 0 {
		fmt.Fprintln(a.stderr, "Indiquez au moins un fichier ou un dossier d'attestations.")
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
	enc := json.NewEncoder(a.stdout)
	code = exitOK
	checkEach(files, a.now(), cat, func(c checked) {
		v := verifyResultOf(c)
		switch {
		case v.Reason == codeUnreadable || v.Reason == codeNotRegular || v.Reason == codeTooLarge:
			code = exitBadInput
		case !v.Valid && !v.Skipped && code == exitOK:
			code = exitRefused
		}
		if *asJSON {
			enc.Encode(v)
			return
		}
		switch {
		case v.Valid:
			suite := ""
			if v.Cryptosuite == records.SuiteJCS {
				suite = " (signature eddsa-jcs-2022 : valide, mais un centre ne la crédite pas)"
			}
			fmt.Fprintf(a.stdout, "✔ %s : valide — « %s », %s h, %d min actives, fin le %s%s\n", clean(v.File), clean(v.Module), hours(v.Hours),
				v.ActiveMinutes, c.Record.End.Format("02/01/2006"), suite)
		case v.Skipped:
			fmt.Fprintf(a.stdout, "• %s : %s\n", clean(v.File), v.Message)
		default:
			fmt.Fprintf(a.stdout, "✘ %s : %s\n", clean(v.File), v.Message)
		}
	})
	if len(files) == 0 && !*asJSON {
		fmt.Fprintln(a.stdout, "Aucune attestation (.json, .txt) trouvée.")
	}
	return code
}
