package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"declic/ledger"
)

func kindText(e ledger.Entry) string {
	switch e.Kind {
	case ledger.KindEnrol:
		return "enregistrement de carte"
	case ledger.KindCancel:
		return fmt.Sprintf("annulation de la ligne %d", e.Target)
	}
	if !e.Enrolled && e.Signer != "" {
		return "crédit (carte non enregistrée)"
	}
	return "crédit"
}

func cmdLedger(a app, args []string) int {
	fs := a.flags("ledger")
	ledgerPath := ledgerFlag(fs)
	centre := fs.String("centre", "", "seulement ce centre")
	learner := fs.String("learner", "", "seulement ce dossier")
	pass := fs.String("pass", "", "seulement ce pass")
	asCSV := fs.Bool("csv", false, "sortie CSV")
	if _, code, ok := parse(fs, args); !ok {
		return code
	}
	store, ok := a.openLedger(*ledgerPath, true)
	if !ok {
		return exitBadInput
	}
	defer store.Close()
	entries, err := store.Entries(context.Background(), ledger.Filter{Centre: *centre, Learner: *learner, Pass: *pass})
	if err != nil {
		fmt.Fprintln(a.stderr, clean(err.Error()))
		return exitBadInput
	}
	header := []string{"centre", "ligne", "date", "type", "personne", "pass", "module", "heures", "attestation", "carte", "opérateur", "raison"}
	var rows [][]string
	var total float64
	for _, e := range entries {
		rows = append(rows, []string{e.Centre, fmt.Sprint(e.Seq), e.CreatedAt.Local().Format("2006-01-02 15:04"), kindText(e), e.Learner, e.Pass,
			e.Module, hours(e.HoursCredited), e.RecordID, e.LearnerKey, e.Operator, e.Reason})
		total += e.HoursCredited
	}
	if *asCSV {
		if err := writeCSV(a.stdout, header, rows); err != nil {
			fmt.Fprintln(a.stderr, err)
			return exitBadInput
		}
		return exitOK
	}
	writeTable(a.stdout, header, rows)
	fmt.Fprintf(a.stdout, "%d lignes, %s h créditées (annulations déduites).\n", len(rows), hours(total))
	return exitOK
}

// reportTotals is report's JSON: the totals of a period.
type reportTotals struct {
	From       string             `json:"from"`
	To         string             `json:"to"`
	Credits    int                `json:"credits"`
	Cancels    int                `json:"cancels"`
	Hours      float64            `json:"hours"`
	Unenrolled reportGroup        `json:"unenrolled"`
	ByCentre   map[string]float64 `json:"byCentre"`
	ByLearner  map[string]float64 `json:"byLearner"`
	ByPass     map[string]float64 `json:"byPass"`
	ByMonth    map[string]float64 `json:"byMonth"`
	Heads      []reportHead       `json:"heads"`
}

type reportGroup struct {
	Credits int     `json:"credits"`
	Hours   float64 `json:"hours"`
}

// reportHead is a chain's state when the report was made, to match with a checkpoint.
type reportHead struct {
	Centre  string `json:"centre"`
	Entries int64  `json:"entries"`
	Head    string `json:"head"`
}

// totals adds up the credits and cancels of entries (network view) made in [from, to).
func totals(entries []ledger.Entry) (reportTotals, map[[2]string]int) {
	t := reportTotals{ByCentre: map[string]float64{}, ByLearner: map[string]float64{}, ByPass: map[string]float64{}, ByMonth: map[string]float64{}}
	counts := map[[2]string]int{}
	for _, e := range entries {
		if e.Kind == ledger.KindEnrol || (e.Kind == ledger.KindCancel && e.RecordID == "") {
			continue
		}
		sign := 1
		if e.Kind == ledger.KindCancel {
			t.Cancels++
			sign = -1
		} else {
			t.Credits++
		}
		pass, centre := e.Pass, e.Centre
		if pass == "" {
			pass = "(sans pass)"
		}
		if centre == "" {
			centre = "(sans centre)"
		}
		h := e.HoursCredited
		t.Hours += h
		for group, m := range map[string]map[string]float64{"centre": t.ByCentre, "personne": t.ByLearner, "pass": t.ByPass, "mois": t.ByMonth} {
			key := map[string]string{"centre": centre, "personne": e.Learner, "pass": pass, "mois": e.CreatedAt.Local().Format("2006-01")}[group]
			m[key] += h
			counts[[2]string{group, key}] += sign
		}
		if e.Kind == ledger.KindCredit && !e.Enrolled {
			t.Unenrolled.Credits++
			t.Unenrolled.Hours += h
		}
	}
	return t, counts
}

// heads returns the state of each readable chain, for the report's last lines.
func heads(ctx context.Context, store ledger.Store, centre string) ([]reportHead, error) {
	all, err := store.Entries(ctx, ledger.Filter{Centre: centre})
	if err != nil {
		return nil, err
	}
	last := map[string]ledger.Entry{}
	for _, e := range all {
		last[e.Centre] = e
	}
	var out []reportHead
	for c, e := range last {
		out = append(out, reportHead{Centre: c, Entries: e.Seq, Head: e.Hash})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Centre < out[j].Centre })
	return out, nil
}

func cmdReport(a app, args []string) int {
	fs := a.flags("report")
	ledgerPath := ledgerFlag(fs)
	centre := fs.String("centre", "", "seulement ce centre")
	from := fs.String("from", "", "premier jour, AAAA-MM-JJ (obligatoire)")
	to := fs.String("to", "", "dernier jour inclus, AAAA-MM-JJ (obligatoire)")
	asCSV := fs.Bool("csv", false, "sortie CSV")
	asJSON := fs.Bool("json", false, "les totaux en JSON, pour les programmes")
	if _, code, ok := parse(fs, args); !ok {
		return code
	}
	start, err1 := time.ParseInLocation(time.DateOnly, *from, time.Local)
	end, err2 := time.ParseInLocation(time.DateOnly, *to, time.Local)
	if err1 != nil || err2 != nil || end.Before(start) {
		fmt.Fprintln(a.stderr, "Indiquez --from et --to au format AAAA-MM-JJ, --to après --from.")
		return exitBadInput
	}
	store, ok := a.openLedger(*ledgerPath, true)
	if !ok {
		return exitBadInput
	}
	defer store.Close()
	ctx := context.Background()
	entries, err := store.Network(ctx, ledger.Filter{Centre: *centre, From: start, To: end.AddDate(0, 0, 1)})
	if err != nil {
		fmt.Fprintln(a.stderr, clean(err.Error()))
		return exitBadInput
	}
	t, counts := totals(entries)
	t.From, t.To = *from, *to
	if t.Heads, err = heads(ctx, store, *centre); err != nil {
		fmt.Fprintln(a.stderr, clean(err.Error()))
		return exitBadInput
	}
	if *asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		enc.Encode(t)
		return exitOK
	}
	header := []string{"par", "valeur", "attestations", "heures"}
	var rows [][]string
	for _, group := range []struct {
		name string
		m    map[string]float64
	}{{"centre", t.ByCentre}, {"personne", t.ByLearner}, {"pass", t.ByPass}, {"mois", t.ByMonth}} {
		names := make([]string, 0, len(group.m))
		for k := range group.m {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			rows = append(rows, []string{group.name, k, fmt.Sprint(counts[[2]string{group.name, k}]), hours(group.m[k])})
		}
	}
	if t.Unenrolled.Credits > 0 {
		rows = append(rows, []string{"carte non enregistrée", "(politique accept_unenrolled)", fmt.Sprint(t.Unenrolled.Credits), hours(t.Unenrolled.Hours)})
	}
	if t.Cancels > 0 {
		rows = append(rows, []string{"annulations", "(déduites)", fmt.Sprint(t.Cancels), ""})
	}
	rows = append(rows, []string{"total", *from + " → " + *to, fmt.Sprint(t.Credits - t.Cancels), hours(t.Hours)})
	for _, h := range t.Heads {
		rows = append(rows, []string{"registre", h.Centre, fmt.Sprintf("%d lignes", h.Entries), "tête " + h.Head})
	}
	if *asCSV {
		if err := writeCSV(a.stdout, header, rows); err != nil {
			fmt.Fprintln(a.stderr, err)
			return exitBadInput
		}
		return exitOK
	}
	writeTable(a.stdout, header, rows)
	return exitOK
}

// chainOf returns centre's chain: the whole file for SQLite, that centre's entries in
// PostgreSQL.
func chainOf(ctx context.Context, store ledger.Store, centre string, network bool) ([]ledger.Entry, error) {
	if !network {
		return store.Entries(ctx, ledger.Filter{})
	}
	return store.Entries(ctx, ledger.Filter{Centre: centre})
}

func cmdCheckpoint(a app, args []string) int {
	fs := a.flags("checkpoint")
	ledgerPath := ledgerFlag(fs)
	who := identityFlags(fs)
	keyPath := keyFlag(fs)
	out := fs.String("out", "", "fichier où écrire le point de contrôle signé (obligatoire ; jamais écrasé)")
	if _, code, ok := parse(fs, args); !ok {
		return code
	}
	where := a.ledgerValue(*ledgerPath)
	if where == "" || *out == "" {
		fmt.Fprintln(a.stderr, "Indiquez --ledger et --out FICHIER.")
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
	centre, _ := a.identity(who)
	network := isNetwork(where)
	if network && centre == "" {
		fmt.Fprintln(a.stderr, "Indiquez --centre ID pour le registre partagé.")
		return exitBadInput
	}
	ctx := context.Background()
	chain, err := chainOf(ctx, store, centre, network)
	if err != nil {
		fmt.Fprintln(a.stderr, clean(err.Error()))
		return exitBadInput
	}
	if problems := ledger.CheckChainOf(chain); len(problems) > 0 {
		fmt.Fprintf(a.stdout, "✘ Le registre est altéré (ligne %d : %s) : aucun point de contrôle n'est signé. Lancez check-ledger.\n", problems[0].Seq, chainText(problems[0]))
		return exitRefused
	}
	if s := ledger.ChainSigner(chain); s != "" && s != key.DID() {
		fmt.Fprintf(a.stdout, "✘ Le registre est signé par %s, pas par cette clé : aucun point de contrôle n'est signé.\n", s)
		return exitRefused
	}
	if !network && len(chain) > 0 {
		centre = chain[len(chain)-1].Centre
	}
	cp := ledger.HeadOf(centre, chain, a.now(), key)
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			fmt.Fprintf(a.stderr, "%s existe déjà : choisissez un autre nom (un point de contrôle n'est jamais écrasé).\n", clean(*out))
		} else {
			fmt.Fprintln(a.stderr, clean(err.Error()))
		}
		return exitBadInput
	}
	_, err = f.Write(cp.Marshal())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(*out)
		fmt.Fprintln(a.stderr, clean(err.Error()))
		return exitBadInput
	}
	fmt.Fprintf(a.stdout, "✔ Point de contrôle écrit dans %s : %d lignes, tête %s, le %s, signé par %s.\n", clean(*out), cp.Entries, cp.Head, when(cp.Time), cp.Signer)
	fmt.Fprintln(a.stdout, "  Remettez-le au financeur avec le bilan : « declic-centre check-ledger --checkpoint » dira plus tard si le registre le prolonge encore.")
	return exitOK
}

func cmdCheckLedger(a app, args []string) int {
	fs := a.flags("check-ledger")
	ledgerPath := ledgerFlag(fs)
	var checkpoints repeated
	fs.Var(&checkpoints, "checkpoint", "point de contrôle signé que le registre doit prolonger (répétable)")
	if _, code, ok := parse(fs, args); !ok {
		return code
	}
	var cps []ledger.Checkpoint
	for _, p := range checkpoints {
		data, err := readInput(p)
		if err == nil {
			var cp ledger.Checkpoint
			if cp, err = ledger.ParseCheckpoint(data); err == nil {
				cps = append(cps, cp)
				continue
			}
			fmt.Fprintf(a.stdout, "✘ %s : ce n'est pas un point de contrôle valide (fichier modifié ou abîmé).\n", clean(p))
			return exitRefused
		}
		_, msg := explain(err, "")
		fmt.Fprintf(a.stderr, "%s : %s\n", clean(p), msg)
		return exitBadInput
	}
	store, ok := a.openLedger(*ledgerPath, true)
	if !ok {
		return exitBadInput
	}
	defer store.Close()
	ctx := context.Background()
	problems, err := store.CheckChain(ctx)
	if err != nil {
		fmt.Fprintln(a.stderr, clean(err.Error()))
		return exitBadInput
	}
	network := isNetwork(a.ledgerValue(*ledgerPath))
	for _, cp := range cps {
		chain, err := chainOf(ctx, store, cp.Centre, network)
		if err != nil {
			fmt.Fprintln(a.stderr, clean(err.Error()))
			return exitBadInput
		}
		problems = append(problems, cp.Extends(chain)...)
	}
	for _, p := range problems {
		where := fmt.Sprintf("ligne %d", p.Seq)
		if p.Seq == 0 {
			where = "registre"
		}
		if p.Centre != "" {
			where = "centre " + clean(p.Centre) + ", " + where
		}
		fmt.Fprintf(a.stdout, "✘ %s : %s\n", where, chainText(p))
	}
	if len(problems) > 0 {
		return exitRefused
	}
	fmt.Fprintln(a.stdout, "✔ Registre intact : chaque ligne et sa signature sont justes.")
	for _, cp := range cps {
		fmt.Fprintf(a.stdout, "✔ Il prolonge le point de contrôle du %s (%d lignes, centre %s, signé par %s).\n", when(cp.Time), cp.Entries, clean(cp.Centre), cp.Signer)
	}
	return exitOK
}

func isNetwork(where string) bool {
	return strings.HasPrefix(where, "postgres://") || strings.HasPrefix(where, "postgresql://")
}
