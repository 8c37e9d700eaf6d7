// Command declic-centre is the centre's tool for Déclic completion records: it verifies
// records offline, credits them once to a learner's pass numérique in an append-only
// ledger, and reports hours. It is pure Go (CGO_ENABLED=0) for headless centre machines.
package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"declic/keys"
	"declic/ledger"
	"declic/records"
)

// Exit codes.
const (
	exitOK       = 0
	exitRefused  = 1 // a record is invalid or was refused
	exitBadInput = 2 // unreadable input or wrong usage
)

// app carries what commands need, so tests can run them in-process.
type app struct {
	stdout, stderr io.Writer
	now            func() time.Time
	env            func(string) string // nil: os.Getenv
}

// fixedClock is empty in every build except the one the tests make
// (go build -ldflags "-X main.fixedClock=2026-11-23T12:00:00Z"): a command started by a
// test then runs at the test's own instant, whatever today's date is.
var fixedClock string

func main() {
	a := app{stdout: os.Stdout, stderr: os.Stderr, now: time.Now}
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
		{"sample", "sample --out DOSSIER [--count N]", "Crée des attestations d'exemple signées, pour la formation et les mesures.", cmdSample},
		{"verify", "verify FICHIER|DOSSIER... [--json]", "Vérifie des attestations : ✔ valide ou ✘ avec la raison.", cmdVerify},
		{"credit", "credit FICHIER|DOSSIER... --ledger REGISTRE --learner NOM [--pass PASS] [--centre ID] [--operator NOM] [--policy politique.toml] [--rebind]", "Vérifie puis crédite des attestations sur le registre, une seule fois chacune.", cmdCredit},
		{"ledger", "ledger --ledger REGISTRE [--centre ID] [--learner NOM] [--pass PASS] [--csv]", "Affiche les lignes du registre.", cmdLedger},
		{"report", "report --ledger REGISTRE --from AAAA-MM-JJ --to AAAA-MM-JJ [--centre ID] [--csv]", "Heures par centre, par personne, par pass, par mois, et totaux.", cmdReport},
		{"check-ledger", "check-ledger --ledger REGISTRE", "Recalcule la chaîne d'empreintes du registre et signale toute ligne modifiée.", cmdCheckLedger},
		{"keygen", "keygen --dir DOSSIER", "Crée (ou affiche) la clé du centre et son identifiant did:key.", cmdKeygen},
		{"enrol", "enrol --ledger REGISTRE --device did:key:… --learner NOM [--centre ID] [--operator NOM]", "Lie l'ordinateur d'une personne à son nom (« appareil enregistré »).", cmdEnrol},
		{"sync", "sync --from centre.db --to postgres://… --centre ID", "Copie le registre local d'un centre dans le registre partagé ; relancer ne change rien.", cmdSync},
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
	fmt.Fprintf(a.stderr, "Commande inconnue : %q.\n\n", args[0])
	a.usage(a.stderr)
	return exitBadInput
}

func (a app) usage(w io.Writer) {
	fmt.Fprintln(w, "declic-centre : vérifier et créditer les attestations Déclic.")
	fmt.Fprintln(w, "\nUtilisation : declic-centre COMMANDE [options]")
	fmt.Fprintln(w, "\nCommandes :")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-13s %s\n", c.name, c.help)
	}
	fmt.Fprintln(w, "\nREGISTRE : un fichier SQLite (centre.db) ou un serveur PostgreSQL (postgres://…) ;")
	fmt.Fprintln(w, "sans --ledger, la variable DECLIC_LEDGER_URL.")
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

// recordFiles expands files and folders (searched recursively for *.json, and *.txt
// holding the compact form a QR code carries).
func recordFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%s : fichier introuvable ou illisible", p)
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if ext := filepath.Ext(path); !d.IsDir() && (strings.EqualFold(ext, ".json") || strings.EqualFold(ext, ".txt")) {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("%s : dossier illisible : %w", p, err)
		}
	}
	return out, nil
}

// reasonText explains a verification failure to centre staff.
var reasonText = map[records.Reason]string{
	records.ReasonUnknownFormat:       "format inconnu (ce n'est pas une attestation Open Badges lisible)",
	records.ReasonBadProof:            "preuve invalide (signature absente, mal formée ou d'une autre clé)",
	records.ReasonTampered:            "attestation modifiée après signature",
	records.ReasonFutureDate:          "date dans le futur",
	records.ReasonExpired:             "attestation expirée",
	records.ReasonHoursAboveAvailable: "plus d'heures que le module n'en compte",
	records.ReasonImplausibleActivity: "activité plus courte que vraisemblable",
}

// verified is the outcome for one file.
type verified struct {
	File    string          `json:"file"`
	Valid   bool            `json:"valid"`
	Reason  records.Reason  `json:"reason,omitempty"`
	Message string          `json:"message,omitempty"`
	Detail  string          `json:"detail,omitempty"`
	Record  *records.Record `json:"record,omitempty"`
	readErr bool
}

func (a app) verifyFile(path string) verified {
	v := verified{File: path}
	data, err := os.ReadFile(path)
	if err != nil {
		v.Message, v.readErr = "fichier illisible", true
		v.Detail = err.Error()
		return v
	}
	if records.IsCompact(data) {
		if data, err = records.Expand(string(data)); err != nil {
			v.Reason, v.Message, v.Detail = records.ReasonUnknownFormat, reasonText[records.ReasonUnknownFormat], err.Error()
			return v
		}
	}
	rec, err := records.Verify(data, records.VerifyOptions{Now: a.now()})
	v.Record = rec
	if err != nil {
		v.Reason = records.ReasonOf(err)
		v.Message = reasonText[v.Reason]
		v.Detail = err.Error()
		return v
	}
	v.Valid = true
	return v
}

// verifyAll verifies files on all available cores and returns results in file order.
func (a app) verifyAll(files []string) []verified {
	results := make([]verified, 0, len(files))
	a.verifyEach(files, func(v verified) { results = append(results, v) })
	return results
}

// verifyEach verifies files on all available cores and hands each result to use, in
// file order, as soon as it and those before it are ready: crediting starts with the
// first record instead of waiting for the last.
func (a app) verifyEach(files []string, use func(verified)) {
	results := make([]verified, len(files))
	ready := make([]chan struct{}, len(files))
	for i := range ready {
		ready[i] = make(chan struct{})
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(files), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = a.verifyFile(files[i])
				close(ready[i])
			}
		}()
	}
	go func() {
		for i := range files {
			next <- i
		}
		close(next)
	}()
	for i := range files {
		<-ready[i]
		use(results[i])
	}
	wg.Wait()
}

func describe(r *records.Record) string {
	if r == nil {
		return ""
	}
	return fmt.Sprintf("« %s », %s h, %d min actives, fin le %s", r.ModuleTitle, hours(r.CreditsEarned), r.ActiveMinutes, r.End.Format("02/01/2006"))
}

func hours(h float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", h), "0"), ".")
}

func cmdVerify(a app, args []string) int {
	fs := a.flags("verify")
	asJSON := fs.Bool("json", false, "sortie JSON pour les programmes")
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
		fmt.Fprintln(a.stderr, err)
		return exitBadInput
	}
	results := a.verifyAll(files)
	code = exitOK
	for _, v := range results {
		switch {
		case v.readErr:
			code = exitBadInput
		case !v.Valid && code == exitOK:
			code = exitRefused
		}
	}
	if *asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		if results == nil {
			results = []verified{}
		}
		enc.Encode(results)
		return code
	}
	for _, v := range results {
		if v.Valid {
			fmt.Fprintf(a.stdout, "✔ %s : valide — %s\n", v.File, describe(v.Record))
		} else {
			fmt.Fprintf(a.stdout, "✘ %s : %s\n", v.File, v.Message)
		}
	}
	if len(files) == 0 {
		fmt.Fprintln(a.stdout, "Aucune attestation (.json) trouvée.")
	}
	return code
}

func cmdSample(a app, args []string) int {
	fs := a.flags("sample")
	out := fs.String("out", "", "dossier où écrire les attestations (obligatoire)")
	count := fs.Int("count", 10, "nombre d'attestations")
	if _, code, ok := parse(fs, args); !ok {
		return code
	}
	if *out == "" || *count < 1 {
		fmt.Fprintln(a.stderr, "Indiquez --out DOSSIER et un --count d'au moins 1.")
		return exitBadInput
	}
	if err := writeSamples(*out, *count, a.now()); err != nil {
		fmt.Fprintln(a.stderr, err)
		return exitBadInput
	}
	fmt.Fprintf(a.stdout, "%d attestations d'exemple écrites dans %s (clé jetable).\n", *count, *out)
	return exitOK
}

func cmdCredit(a app, args []string) int {
	fs := a.flags("credit")
	ledgerPath := ledgerFlag(fs)
	who := identityFlags(fs)
	learner := fs.String("learner", "", "nom ou numéro de dossier de la personne (obligatoire)")
	pass := fs.String("pass", "", "identifiant du pass numérique")
	policyPath := fs.String("policy", "", "fichier de politique du centre (TOML)")
	rebind := fs.Bool("rebind", false, "lier l'ordinateur à cette personne, même s'il l'était à une autre")
	paths, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if a.ledgerValue(*ledgerPath) == "" || strings.TrimSpace(*learner) == "" || len(paths) == 0 {
		fmt.Fprintln(a.stderr, "Indiquez des attestations, --ledger et --learner.")
		return exitBadInput
	}
	policy := ledger.DefaultPolicy()
	if *policyPath != "" {
		var err error
		if policy, err = ledger.LoadPolicy(*policyPath); err != nil {
			fmt.Fprintln(a.stderr, err)
			return exitBadInput
		}
	}
	files, err := recordFiles(paths)
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
	code = exitOK
	var credited float64
	a.verifyEach(files, func(v verified) {
		f := v.File
		if !v.Valid {
			fmt.Fprintf(a.stdout, "✘ %s : refusé — %s\n", f, v.Message)
			code = exitRefused
			return
		}
		r := v.Record
		e, err := store.Credit(context.Background(), ledger.CreditRequest{
			Centre: centre, Operator: operator, RecordID: r.ID, Learner: strings.TrimSpace(*learner), Pass: *pass, Device: r.IssuerDID,
			AchievementID: r.AchievementID, Module: r.ModuleTitle, ActivityEnd: r.End.Format(time.RFC3339),
			HoursEarned: r.CreditsEarned, Rebind: *rebind, Policy: policy, Now: a.now(),
		})
		var refusal *ledger.Refusal
		switch {
		case errors.As(err, &refusal):
			fmt.Fprintf(a.stdout, "✘ %s : refusé — %s\n", f, refusal.Message)
			code = exitRefused
		case err != nil:
			fmt.Fprintf(a.stdout, "✘ %s : erreur du registre — %v\n", f, err)
			code = exitRefused
		default:
			credited += e.HoursCredited
			device := "appareil non enregistré"
			if e.Enrolled {
				device = "appareil enregistré"
			}
			note := ""
			if e.HoursCredited < r.CreditsEarned {
				note = fmt.Sprintf(" (sur %s h, selon la politique du centre)", hours(r.CreditsEarned))
			}
			fmt.Fprintf(a.stdout, "✔ %s : %s h créditées%s à %s — « %s », %s, ligne %d\n", f, hours(e.HoursCredited), note, e.Learner, r.ModuleTitle, device, e.Seq)
		}
	})
	fmt.Fprintf(a.stdout, "Total crédité : %s h.\n", hours(credited))
	return code
}

func cmdEnrol(a app, args []string) int {
	fs := a.flags("enrol")
	ledgerPath := ledgerFlag(fs)
	who := identityFlags(fs)
	device := fs.String("device", "", "identifiant de l'ordinateur, did:key:z6Mk… (obligatoire)")
	learner := fs.String("learner", "", "nom ou numéro de dossier de la personne (obligatoire)")
	if _, code, ok := parse(fs, args); !ok {
		return code
	}
	if a.ledgerValue(*ledgerPath) == "" || strings.TrimSpace(*learner) == "" {
		fmt.Fprintln(a.stderr, "Indiquez --ledger, --device et --learner.")
		return exitBadInput
	}
	if _, err := keys.ParseDID(*device); err != nil || strings.Contains(*device, "#") {
		fmt.Fprintf(a.stderr, "%q n'est pas un identifiant d'ordinateur valide (did:key:z6Mk…).\n", *device)
		return exitBadInput
	}
	store, ok := a.openLedger(*ledgerPath, false)
	if !ok {
		return exitBadInput
	}
	defer store.Close()
	centre, operator := a.identity(who)
	e, err := store.Enrol(context.Background(), ledger.EnrolRequest{Centre: centre, Operator: operator,
		Device: *device, Learner: strings.TrimSpace(*learner), Now: a.now()})
	if err != nil {
		fmt.Fprintln(a.stderr, err)
		return exitBadInput
	}
	fmt.Fprintf(a.stdout, "Ordinateur enregistré pour %s (ligne %d).\n", e.Learner, e.Seq)
	return exitOK
}

func cmdKeygen(a app, args []string) int {
	fs := a.flags("keygen")
	dir := fs.String("dir", "", "dossier de la clé du centre (obligatoire)")
	if _, code, ok := parse(fs, args); !ok {
		return code
	}
	if *dir == "" {
		fmt.Fprintln(a.stderr, "Indiquez --dir DOSSIER.")
		return exitBadInput
	}
	k, err := keys.LoadOrCreate(*dir)
	if err != nil {
		fmt.Fprintln(a.stderr, err)
		return exitBadInput
	}
	fmt.Fprintf(a.stdout, "Clé du centre : %s\nIdentifiant : %s\n", filepath.Join(*dir, keys.FileName), k.DID())
	return exitOK
}

func cmdLedger(a app, args []string) int {
	fs := a.flags("ledger")
	ledgerPath := ledgerFlag(fs)
	centre := fs.String("centre", "", "seulement ce centre")
	learner := fs.String("learner", "", "seulement cette personne")
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
		fmt.Fprintln(a.stderr, err)
		return exitBadInput
	}
	header := []string{"centre", "ligne", "date", "type", "personne", "pass", "module", "heures", "attestation", "ordinateur", "opérateur"}
	var rows [][]string
	var total float64
	for _, e := range entries {
		kind := "crédit"
		if e.Kind == ledger.KindEnrol {
			kind = "enregistrement"
		}
		rows = append(rows, []string{e.Centre, fmt.Sprint(e.Seq), e.CreatedAt.Local().Format("2006-01-02 15:04"), kind, e.Learner, e.Pass,
			e.Module, hours(e.HoursCredited), e.RecordID, e.Device, e.Operator})
		total += e.HoursCredited
	}
	if *asCSV {
		return writeCSV(a, header, rows)
	}
	writeTable(a.stdout, header, rows)
	fmt.Fprintf(a.stdout, "%d lignes, %s h créditées.\n", len(rows), hours(total))
	return exitOK
}

func writeCSV(a app, header []string, rows [][]string) int {
	w := csv.NewWriter(a.stdout)
	w.Write(header)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		fmt.Fprintln(a.stderr, err)
		return exitBadInput
	}
	return exitOK
}

func writeTable(out io.Writer, header []string, rows [][]string) {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	tw.Flush()
}

func cmdReport(a app, args []string) int {
	fs := a.flags("report")
	ledgerPath := ledgerFlag(fs)
	centre := fs.String("centre", "", "seulement ce centre")
	from := fs.String("from", "", "premier jour, AAAA-MM-JJ (obligatoire)")
	to := fs.String("to", "", "dernier jour inclus, AAAA-MM-JJ (obligatoire)")
	asCSV := fs.Bool("csv", false, "sortie CSV")
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
	entries, err := store.Entries(context.Background(), ledger.Filter{Centre: *centre, From: start, To: end.AddDate(0, 0, 1)})
	if err != nil {
		fmt.Fprintln(a.stderr, err)
		return exitBadInput
	}
	type key struct{ group, name string }
	sums := map[key]float64{}
	counts := map[key]int{}
	var total float64
	var n int
	for _, e := range entries {
		if e.Kind != ledger.KindCredit {
			continue
		}
		pass := e.Pass
		if pass == "" {
			pass = "(sans pass)"
		}
		centre := e.Centre
		if centre == "" {
			centre = "(sans centre)"
		}
		for _, k := range []key{{"centre", centre}, {"personne", e.Learner}, {"pass", pass}, {"mois", e.CreatedAt.Local().Format("2006-01")}} {
			sums[k] += e.HoursCredited
			counts[k]++
		}
		total += e.HoursCredited
		n++
	}
	keys := make([]key, 0, len(sums))
	for k := range sums {
		keys = append(keys, k)
	}
	order := map[string]int{"centre": 0, "personne": 1, "pass": 2, "mois": 3}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].group != keys[j].group {
			return order[keys[i].group] < order[keys[j].group]
		}
		return keys[i].name < keys[j].name
	})
	header := []string{"par", "valeur", "attestations", "heures"}
	var rows [][]string
	for _, k := range keys {
		rows = append(rows, []string{k.group, k.name, fmt.Sprint(counts[k]), hours(sums[k])})
	}
	rows = append(rows, []string{"total", *from + " → " + *to, fmt.Sprint(n), hours(total)})
	if *asCSV {
		return writeCSV(a, header, rows)
	}
	writeTable(a.stdout, header, rows)
	return exitOK
}

func cmdCheckLedger(a app, args []string) int {
	fs := a.flags("check-ledger")
	ledgerPath := ledgerFlag(fs)
	if _, code, ok := parse(fs, args); !ok {
		return code
	}
	store, ok := a.openLedger(*ledgerPath, true)
	if !ok {
		return exitBadInput
	}
	defer store.Close()
	problems, err := store.CheckChain(context.Background())
	if err != nil {
		fmt.Fprintln(a.stderr, err)
		return exitBadInput
	}
	if len(problems) == 0 {
		fmt.Fprintln(a.stdout, "✔ Registre intact : aucune ligne modifiée.")
		return exitOK
	}
	for _, p := range problems {
		if p.Centre != "" {
			fmt.Fprintf(a.stdout, "✘ centre %s, ligne %d : %s\n", p.Centre, p.Seq, p.Message)
		} else {
			fmt.Fprintf(a.stdout, "✘ ligne %d : %s\n", p.Seq, p.Message)
		}
	}
	return exitRefused
}
