package main

import (
	"encoding/json"
	"fmt"
)

// cmdPacks lists the centre's catalogue: every module a record can be credited for,
// with the title, hours and length the centre uses (never those of the record).
func cmdPacks(a app, args []string) int {
	fs := a.flags("packs")
	cf := addCatalogueFlags(fs)
	asJSON := fs.Bool("json", false, "une ligne JSON par module, pour les programmes")
	if _, code, ok := parse(fs, args); !ok {
		return code
	}
	cat, err := a.catalogue(cf, false)
	if err != nil {
		fmt.Fprintln(a.stderr, clean(err.Error()))
		return exitBadInput
	}
	modules := cat.Modules()
	if *asJSON {
		enc := json.NewEncoder(a.stdout)
		for _, m := range modules {
			enc.Encode(m)
		}
		return exitOK
	}
	header := []string{"module", "titre", "heures", "durée (min)", "minimum actif (min)", "parcours", "signé par"}
	var rows [][]string
	for _, m := range modules {
		signer := "intégré à Déclic"
		if m.Signer != "" {
			signer = m.SignerName + " (" + m.Signer + ")"
		}
		rows = append(rows, []string{m.PackID + "/" + m.ModuleID, m.Title, hours(m.Hours), fmt.Sprint(m.Minutes),
			fmt.Sprint((m.Minutes + 3) / 4), m.PackID + " " + m.PackVersion, signer})
	}
	writeTable(a.stdout, header, rows)
	fmt.Fprintf(a.stdout, "%d modules au catalogue.\n", len(modules))
	return exitOK
}
