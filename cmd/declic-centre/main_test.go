package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"declic/centre"

	"declic/bilan"
	"declic/card"
	"declic/i18n"
	"declic/internal/cli"
	"declic/internal/clocktest"
	"declic/keys"
	"declic/records"
)

// testNow is the instant every command of these tests runs at, in-process or not.
var testNow = clocktest.Now()

// monthFrom and monthTo are testNow's month as the --from and --to of a report.
var monthFrom, monthTo = clocktest.MonthOf(testNow)

// centre is a test centre: its key folder (kept apart from the ledger, as required),
// its ledger file and the environment its commands run with.
type testCentre struct {
	dir, keyDir, db string
	key             *keys.Key
	env             map[string]string
}

func newCentre(t testing.TB) *testCentre {
	t.Helper()
	dir := t.TempDir()
	c := &testCentre{dir: dir, keyDir: filepath.Join(dir, "cle-du-centre"), db: filepath.Join(dir, "registre", "centre.db")}
	os.MkdirAll(filepath.Dir(c.db), 0o700)
	k, err := keys.LoadOrCreate(c.keyDir)
	if err != nil {
		t.Fatal(err)
	}
	c.key = k
	c.env = map[string]string{envKey: c.keyDir, envLedger: c.db, envOperator: "Claire"}
	// The centre's ledger exists, as it does after its first day: commands never create
	// one unasked (see TestCreditAsksBeforeCreatingALedger).
	st, err := centre.OpenLedger(context.Background(), c.db, true)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	return c
}

// run runs a command in-process with the centre's environment (plus extra).
func (c *testCentre) run(t testing.TB, args ...string) (int, string, string) {
	t.Helper()
	return runWithEnv(t, c.env, args...)
}

// runCLI runs the command in-process with an empty environment.
func runCLI(t testing.TB, args ...string) (int, string, string) {
	t.Helper()
	return runWithEnv(t, nil, args...)
}

// runWithEnv runs the command in-process with these environment variables only.
func runWithEnv(t testing.TB, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string { return env[k] }
	e := &cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: getenv,
		Tr: i18n.New(i18n.DetectFrom(getenv)), Now: func() time.Time { return testNow }}
	code := program().Main(context.Background(), e, args)
	return code, out.String(), errOut.String()
}

// profile is a learner profile: its key and card.
type profile struct {
	key  *keys.Key
	card string // card file path
	uuid string
}

func newProfile(t testing.TB, dir, name string) profile {
	t.Helper()
	k, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	data, err := card.New(name, k.Public(), testNow.Add(-30*24*time.Hour)).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "carte-declic-"+name+".json")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return profile{key: k, card: p, uuid: "3f2b6c1e-8a4d-4e7b-9c55-1d2e3f4a5b6c"}
}

// souris is a record of the starter pack's « La souris » (1,5 h, 80 minutes).
func souris(p profile) records.RecordInput {
	start := testNow.Add(-72 * time.Hour)
	return records.RecordInput{
		LearnerID: p.uuid, PackID: "fr.declic.premiers-pas", PackVersion: "1.0.0",
		ModuleID: "02-la-souris", ModuleTitle: "La souris", Hours: 1.5, ActiveMinutes: 70, FinalScore: 80,
		Start: start, End: start.Add(24 * time.Hour), Issued: start.Add(25 * time.Hour),
	}
}

// module is a record of starter module id (its hours from the pack).
func module(p profile, id string) records.RecordInput {
	in := souris(p)
	in.ModuleID = id
	return in
}

// issueTo writes a record signed by the profile's key into dir and returns its path.
func issueTo(t testing.TB, dir string, p profile, name string, in records.RecordInput) string {
	t.Helper()
	data, err := records.Issue(p.key, in)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func (c *testCentre) enrol(t testing.TB, p profile, learner string) {
	t.Helper()
	if code, out, errOut := c.run(t, "enrol", "--card", p.card, "--learner", learner); code != exitOK {
		t.Fatalf("enrol: %d\n%s%s", code, out, errOut)
	}
}

func TestVerifyReportsEachRecordWithItsReason(t *testing.T) {
	dir := t.TempDir()
	p := newProfile(t, t.TempDir(), "Ana")
	good := issueTo(t, dir, p, "bon.json", souris(p))
	future := souris(p)
	future.Issued = testNow.Add(48 * time.Hour)
	futureFile := issueTo(t, dir, p, "futur.json", future)
	short := souris(p)
	short.ActiveMinutes = 3
	shortFile := issueTo(t, dir, p, "court.json", short)
	unknown := souris(p)
	unknown.ModuleID = "99-faux-module"
	unknownFile := issueTo(t, dir, p, "inconnu-module.json", unknown)
	data, _ := os.ReadFile(good)
	tampered := filepath.Join(dir, "modifie.json")
	os.WriteFile(tampered, bytes.Replace(data, []byte(`"creditsEarned": 1.5`), []byte(`"creditsEarned": 1`), 1), 0o600)
	other := filepath.Join(dir, "autre.json")
	os.WriteFile(other, []byte(`{"bonjour": true}`), 0o600)
	os.WriteFile(filepath.Join(dir, "carte-declic-Ana.json"), mustRead(t, p.card), 0o600)

	code, out, _ := runCLI(t, "verify", dir)
	if code != exitRefused {
		t.Errorf("exit %d, want %d", code, exitRefused)
	}
	for file, want := range map[string]string{
		good: "✔ " + good + " : valide — « La souris », 1,5 h, 70 min actives", futureFile: "✘ " + futureFile + " : date dans le futur",
		shortFile:   "✘ " + shortFile + " : 3 minutes actives pour « La souris », qui en demande au moins 20",
		unknownFile: "✘ " + unknownFile + " : module inconnu (urn:declic:achievement:fr.declic.premiers-pas:99-faux-module)",
		tampered:    "✘ " + tampered + " : attestation modifiée", other: "✘ " + other + " : format inconnu",
		"carte": "• " + filepath.Join(dir, "carte-declic-Ana.json") + " : carte Déclic : ignorée ici",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q (%s):\n%s", want, file, out)
		}
	}
	if code, _, _ := runCLI(t, "verify", good); code != exitOK {
		t.Errorf("valid record: exit %d", code)
	}
	if code, out, _ := runCLI(t, "verify", filepath.Join(dir, "absent.json")); code != exitBadInput || !strings.Contains(out, "introuvable") {
		t.Errorf("missing file: exit %d, %q", code, out)
	}
	if code, _, _ := runCLI(t, "verify"); code != exitBadInput {
		t.Errorf("no argument: exit %d", code)
	}
}

func mustRead(t testing.TB, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// jsonLines decodes one JSON object per line.
func jsonLines[T any](t *testing.T, out string) []T {
	t.Helper()
	var res []T
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var v T
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		res = append(res, v)
	}
	return res
}

func TestVerifyAndCreditPrintOneJSONObjectPerFile(t *testing.T) {
	c := newCentre(t)
	dir := t.TempDir()
	p := newProfile(t, t.TempDir(), "Ana")
	a := issueTo(t, dir, p, "a.json", souris(p))
	short := souris(p)
	short.ModuleID, short.ActiveMinutes = "03-le-clavier", 1
	b := issueTo(t, dir, p, "b.json", short)
	code, out, _ := runCLI(t, "verify", "--json", a, b)
	results := jsonLines[verifyResult](t, out)
	if code != exitRefused || len(results) != 2 || !results[0].Valid || results[0].Hours != 1.5 || results[0].File != a ||
		results[1].Valid || results[1].Reason != "too-short" || results[1].Message == "" {
		t.Fatalf("exit %d, %+v", code, results)
	}
	c.enrol(t, p, "Dossier 1")
	code, out, _ = c.run(t, "credit", "--json", a, b, "--learner", "Dossier 1")
	credits := jsonLines[centre.CreditResult](t, out)
	if code != exitRefused || len(credits) != 2 || !credits[0].Credited || credits[0].Hours != 1.5 || credits[0].Entry != 2 ||
		credits[1].Credited || credits[1].Reason != "too-short" {
		t.Fatalf("exit %d, %s", code, out)
	}
	code, out, _ = c.run(t, "report", "--json", "--from", monthFrom, "--to", monthTo)
	var totals reportJSON
	if err := json.Unmarshal([]byte(out), &totals); err != nil || code != exitOK || totals.Credits != 1 || totals.Hours != 1.5 ||
		totals.People != 1 || len(totals.Heads) != 1 || totals.Heads[0].Entries != 2 {
		t.Fatalf("report --json: %d %v\n%s", code, err, out)
	}
}

func TestEnrolBindsTheCardAfterTheCodeIsCompared(t *testing.T) {
	c := newCentre(t)
	p := newProfile(t, t.TempDir(), "Ana")
	code := p.key.Fingerprint()
	// A mismatching code: nothing is written.
	if got, out, _ := c.run(t, "enrol", "--card", p.card, "--learner", "Dossier 42", "--code", "AAAA-BBBB-CCCC-DDDD"); got != exitRefused ||
		!strings.Contains(out, "n'est pas celui de cette carte ("+code+")") {
		t.Fatalf("wrong code: %d %s", got, out)
	}
	if _, out, _ := c.run(t, "ledger"); !strings.Contains(out, "0 lignes") {
		t.Fatalf("a refused enrolment wrote to the ledger:\n%s", out)
	}
	// An edited card: its key changed, its code did not.
	other, _ := keys.Generate()
	edited := filepath.Join(t.TempDir(), "carte-modifiee.json")
	os.WriteFile(edited, bytes.Replace(mustRead(t, p.card), []byte(p.key.DID()), []byte(other.DID()), 1), 0o600)
	if got, out, _ := c.run(t, "enrol", "--card", edited, "--learner", "Dossier 42"); got != exitRefused || !strings.Contains(out, "carte modifiée") {
		t.Fatalf("edited card: %d %s", got, out)
	}
	// The right code, typed the way a trainer types it.
	typed := strings.ToLower(strings.ReplaceAll(code, "-", " "))
	got, out, errOut := c.run(t, "enrol", "--card", p.card, "--learner", "Dossier 42", "--code", typed)
	if got != exitOK || !strings.Contains(out, "Carte Déclic enregistrée pour Dossier 42 (ligne 1)") || !strings.Contains(out, "Code de la carte : "+code) {
		t.Fatalf("enrol: %d %s %s", got, out, errOut)
	}
	if got, out, _ := c.run(t, "enrol", "--key", p.key.DID(), "--learner", "Dossier 43"); got != exitRefused || !strings.Contains(out, "enregistrée pour le dossier « Dossier 42 » (ligne 1)") {
		t.Fatalf("same key, other dossier: %d %s", got, out)
	}
	if got, _, errOut := c.run(t, "enrol", "--key", "did:web:example.org", "--learner", "X"); got != exitRefused && errOut == "" {
		t.Errorf("bad key accepted: %d", got)
	}
	if got, _, errOut := c.run(t, "enrol", "--learner", "X"); got != exitBadInput || !strings.Contains(errOut, "--card") {
		t.Errorf("no card nor key: %d %s", got, errOut)
	}
	_, out, _ = c.run(t, "ledger", "--csv")
	if !strings.Contains(out, "enregistrement de carte;Dossier 42") || !strings.Contains(out, "carte, code comparé") {
		t.Fatalf("ledger:\n%s", out)
	}
}

func TestCreditRefusesAnUnenrolledKeyAndSaysWhatToDo(t *testing.T) {
	c := newCentre(t)
	dir := t.TempDir()
	// A key made on the spot, signing a record for a module worth 20 h that does not exist.
	forger := newProfile(t, t.TempDir(), "Faux")
	fake := souris(forger)
	fake.ModuleID, fake.ModuleTitle, fake.Hours, fake.ActiveMinutes = "20-module-fantome", "Module fantôme", 20, 1200
	fakeFile := issueTo(t, dir, forger, "faux.json", fake)
	code, out, _ := c.run(t, "credit", fakeFile, "--learner", "Dossier 1")
	if code != exitRefused || !strings.Contains(out, "module inconnu") || !strings.Contains(out, "Total crédité : 0 h") {
		t.Fatalf("forged 20 h record: %d\n%s", code, out)
	}
	forged := issueTo(t, dir, forger, "faux-souris.json", souris(forger))
	code, out, _ = c.run(t, "credit", forged, "--learner", "Dossier 1")
	if code != exitRefused || !strings.Contains(out, "n'est enregistrée pour aucun dossier") || !strings.Contains(out, "enregistrez sa carte") {
		t.Fatalf("unenrolled key: %d\n%s", code, out)
	}
	// The policy's opt-out: credited, and marked everywhere.
	policy := filepath.Join(t.TempDir(), "politique.toml")
	os.WriteFile(policy, []byte("accept_unenrolled = true\n"), 0o600)
	code, out, _ = c.run(t, "credit", forged, "--learner", "Dossier 1", "--policy", policy)
	if code != exitOK || !strings.Contains(out, "CARTE NON ENREGISTRÉE") || !strings.Contains(out, "Attention : 1 crédit(s) d'une carte non enregistrée") {
		t.Fatalf("accept_unenrolled: %d\n%s", code, out)
	}
	_, out, _ = c.run(t, "ledger")
	if !strings.Contains(out, "crédit (carte non enregistrée)") {
		t.Errorf("ledger does not mark it:\n%s", out)
	}
	_, out, _ = c.run(t, "report", "--from", monthFrom, "--to", monthTo, "--csv")
	if !strings.Contains(out, "carte non enregistrée;;acceptées par la politique du centre;1;;1,5") {
		t.Errorf("report does not mark it:\n%s", out)
	}
}

func TestHoursAndTitleComeFromTheCatalogue(t *testing.T) {
	c := newCentre(t)
	dir := t.TempDir()
	p := newProfile(t, t.TempDir(), "Ana")
	c.enrol(t, p, "Dossier 1")
	greedy := souris(p)
	greedy.Hours, greedy.ModuleTitle, greedy.ActiveMinutes = 20, "=HYPERLINK(\"http://x\",\"clic\")", 300
	greedy.End = greedy.Start.Add(48 * time.Hour)
	code, out, _ := c.run(t, "credit", issueTo(t, dir, p, "gourmand.json", greedy), "--learner", "Dossier 1")
	if code != exitOK || !strings.Contains(out, "1,5 h créditée (sur 20 h : le module en vaut 1,5 h) à Dossier 1 — « La souris »") {
		t.Fatalf("hours above the module's: %d\n%s", code, out)
	}
	_, out, _ = c.run(t, "ledger", "--csv")
	if strings.Contains(out, "HYPERLINK") {
		t.Fatalf("the record's title reached the ledger:\n%s", out)
	}
	short := module(p, "03-le-clavier")
	short.ActiveMinutes = 10 // « Le clavier » lasts 85 minutes: 22 needed
	code, out, _ = c.run(t, "credit", issueTo(t, dir, p, "court.json", short), "--learner", "Dossier 1")
	if code != exitRefused || !strings.Contains(out, "10 minutes actives pour « Le clavier », qui en demande au moins 22") {
		t.Fatalf("too short: %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "packs")
	if code != exitOK || !strings.Contains(out, "fr.declic.premiers-pas/02-la-souris") || !strings.Contains(out, "intégré à Déclic") {
		t.Fatalf("packs: %d\n%s", code, out)
	}
}

// respell re-encodes a record after change, without re-signing it.
func respell(t *testing.T, path, out string, change func(doc map[string]any)) string {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(mustRead(t, path), &doc); err != nil {
		t.Fatal(err)
	}
	change(doc)
	data, _ := json.Marshal(doc)
	if err := os.WriteFile(out, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return out
}

// The attacks of issue 18 on duplicates, each through the real command on a real file.
func TestADuplicateIsRefusedHoweverTheRecordIsRespelled(t *testing.T) {
	c := newCentre(t)
	dir := t.TempDir()
	p := newProfile(t, t.TempDir(), "Ana")
	c.enrol(t, p, "Dossier 1")
	genuine := issueTo(t, dir, p, "vrai.json", souris(p))
	if code, out, _ := c.run(t, "credit", genuine, "--learner", "Dossier 1", "--pass", "PASS-1"); code != exitOK {
		t.Fatalf("genuine: %s", out)
	}
	var doc map[string]any
	json.Unmarshal(mustRead(t, genuine), &doc)
	uuid := strings.TrimPrefix(doc["id"].(string), "urn:uuid:")
	prefixed := respell(t, genuine, filepath.Join(dir, "prefixe.json"), func(d map[string]any) {
		d["@context"] = []any{records.ContextCredentialsV2, records.ContextOpenBadges303, map[string]any{"x": "urn:uuid:"}}
		d["id"] = "x:" + uuid
	})
	upper := souris(p)
	upper.RecordID = "urn:uuid:" + strings.ToUpper(uuid)
	newID := souris(p) // a new id, re-signed by the same key
	cases := []struct {
		name, file, want string
	}{
		{"the same file again", genuine, "déjà crédité le "},
		{"an inline prefix for the id", prefixed, "contexte JSON-LD inconnu ou ajouté"},
		{"an upper-case id re-signed", issueTo(t, dir, p, "majuscules.json", upper), "identifiant d'attestation anormal"},
		{"a new id re-signed", issueTo(t, dir, p, "nouvel-id.json", newID), "ce module est déjà crédité à ce dossier"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, _ := c.run(t, "credit", tc.file, "--learner", "Dossier 1", "--pass", "PASS-1")
			if code != exitRefused || !strings.Contains(out, tc.want) {
				t.Fatalf("%d\n%s", code, out)
			}
		})
	}
	// Another dossier for the same key's new record: refused on the key.
	q := newProfile(t, t.TempDir(), "Bea")
	c.enrol(t, q, "Dossier 2")
	code, out, _ := c.run(t, "credit", cases[3].file, "--learner", "Dossier 1", "--pass", "PASS-1")
	if code != exitRefused {
		t.Fatalf("%s", out)
	}
	_, out, _ = c.run(t, "report", "--from", monthFrom, "--to", monthTo, "--csv")
	if !strings.Contains(out, "total;;;1;1;1,5\r\n") {
		t.Fatalf("report:\n%s", out)
	}
}

// One pass reached 60 h against a 20 h cap when caps counted per dossier text: now they
// count per pass, whatever the dossier.
func TestThePassCapCountsThePassWhateverTheDossier(t *testing.T) {
	c := newCentre(t)
	dir := t.TempDir()
	policy := filepath.Join(t.TempDir(), "politique.toml")
	os.WriteFile(policy, []byte("hours_per_pass = 3\nhome_hours_cap = 3\n"), 0o600)
	for i, id := range []string{"02-la-souris", "03-le-clavier", "05-internet"} {
		p := newProfile(t, t.TempDir(), fmt.Sprint("P", i))
		learner := fmt.Sprintf("Dossier %d", i) // three spellings of one person
		c.enrol(t, p, learner)
		code, out, _ := c.run(t, "credit", issueTo(t, dir, p, id+".json", module(p, id)), "--learner", learner, "--pass", "PASS-1", "--policy", policy)
		if i < 2 && code != exitOK || i == 2 && (code != exitRefused || !strings.Contains(out, "plafond du pass atteint (3 h)")) {
			t.Fatalf("credit %d: %d\n%s", i, code, out)
		}
	}
}

func TestCancelUndoesACreditWithoutErasingIt(t *testing.T) {
	c := newCentre(t)
	dir := t.TempDir()
	p := newProfile(t, t.TempDir(), "Ana")
	c.enrol(t, p, "Dossier 41")
	rec := issueTo(t, dir, p, "r.json", souris(p))
	if code, out, _ := c.run(t, "credit", rec, "--learner", "Dossier 41"); code != exitOK {
		t.Fatal(out)
	}
	code, out, _ := c.run(t, "cancel", "--entry", "2", "--reason", "mauvais dossier")
	if code != exitOK || !strings.Contains(out, "Ligne 2 annulée par la ligne 3 : le crédit de 1,5 h (« La souris », Dossier 41)") {
		t.Fatalf("cancel: %d %s", code, out)
	}
	if code, out, _ := c.run(t, "cancel", "--entry", "2", "--reason", "encore"); code != exitRefused || !strings.Contains(out, "déjà annulée") {
		t.Fatalf("cancel twice: %d %s", code, out)
	}
	if code, out, _ := c.run(t, "cancel", "--entry", "9", "--reason", "x"); code != exitRefused || !strings.Contains(out, "pas de ligne 9") {
		t.Fatalf("no such entry: %d %s", code, out)
	}
	if code, _, errOut := c.run(t, "cancel", "--entry", "2"); code != exitBadInput || !strings.Contains(errOut, "--reason") {
		t.Fatalf("no reason: %d %s", code, errOut)
	}
	// The enrolment was right, the dossier wrong: cancel the enrolment, enrol again, credit again.
	if code, out, _ := c.run(t, "cancel", "--entry", "1", "--reason", "mauvais dossier"); code != exitOK {
		t.Fatal(out)
	}
	c.enrol(t, p, "Dossier 42")
	if code, out, _ := c.run(t, "credit", rec, "--learner", "Dossier 42"); code != exitOK {
		t.Fatalf("credit after the cancel: %s", out)
	}
	_, out, _ = c.run(t, "report", "--from", monthFrom, "--to", monthTo, "--csv")
	for _, want := range []string{"personne;;Dossier 41;0;0;0\r\n", "personne;;Dossier 42;1;1;1,5\r\n", "annulations;;déduites;1;;\r\n", "total;;;1;1;1,5\r\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	_, out, _ = c.run(t, "ledger", "--csv")
	if strings.Count(out, "\n") != 7 || !strings.Contains(out, "annulation de la ligne 2") {
		t.Errorf("ledger:\n%s", out)
	}
}

// editLedger runs SQL on a ledger file as someone with the file (not the key) could.
func editLedger(t *testing.T, path, statements string) {
	t.Helper()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(statements); err != nil {
		t.Fatal(err)
	}
}

func TestCheckpointShowsADeletedTailAndRewrittenRows(t *testing.T) {
	setup := func(t *testing.T) (*testCentre, string) {
		c := newCentre(t)
		dir := t.TempDir()
		p := newProfile(t, t.TempDir(), "Ana")
		c.enrol(t, p, "Dossier 1")
		for _, id := range []string{"02-la-souris", "03-le-clavier", "05-internet"} {
			if code, out, _ := c.run(t, "credit", issueTo(t, dir, p, id+".json", module(p, id)), "--learner", "Dossier 1"); code != exitOK {
				t.Fatal(out)
			}
		}
		cp := filepath.Join(t.TempDir(), "point-2026-11.json")
		if code, out, errOut := c.run(t, "checkpoint", "--out", cp); code != exitOK || !strings.Contains(out, "4 lignes") {
			t.Fatalf("checkpoint: %d %s %s", code, out, errOut)
		}
		if code, out, _ := c.run(t, "check-ledger", "--checkpoint", cp); code != exitOK || !strings.Contains(out, "Il prolonge le point de contrôle") {
			t.Fatalf("fresh: %d %s", code, out)
		}
		return c, cp
	}
	cases := []struct {
		name, sql, want string
	}{
		{"the last rows deleted", `DROP TRIGGER entries_no_delete; DELETE FROM entries WHERE seq > 2`, "le registre n'a plus que 2 lignes, le point de contrôle signé en comptait 4"},
		{"a row edited", `DROP TRIGGER entries_no_update; UPDATE entries SET hours_credited = 9 WHERE seq = 3`, "ligne 3 : le contenu de la ligne a été modifié"},
		{"the record kept with a row edited", `DROP TRIGGER entries_no_update; UPDATE entries SET record_json = '{}' WHERE seq = 3`, "l'attestation gardée avec la ligne a été modifiée"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, cp := setup(t)
			editLedger(t, c.db, tc.sql)
			code, out, _ := c.run(t, "check-ledger", "--checkpoint", cp)
			if code != exitRefused || !strings.Contains(out, tc.want) {
				t.Fatalf("%d\n%s", code, out)
			}
		})
	}
	t.Run("a row edited and the chain rehashed without the key", func(t *testing.T) {
		c, cp := setup(t)
		rehash(t, c.db, 3, nil)
		code, out, _ := c.run(t, "check-ledger", "--checkpoint", cp)
		if code != exitRefused || !strings.Contains(out, "ligne 3 : la signature du centre ne correspond pas") {
			t.Fatalf("%d\n%s", code, out)
		}
		if code, out, _ := c.run(t, "check-ledger"); code != exitRefused || !strings.Contains(out, "ligne 3 : la signature") {
			t.Fatalf("without the checkpoint too: %d\n%s", code, out)
		}
	})
	t.Run("the whole ledger rewritten and signed with a new key", func(t *testing.T) {
		c, cp := setup(t)
		other, _ := keys.Generate()
		rehash(t, c.db, 1, other)
		code, out, _ := c.run(t, "check-ledger", "--checkpoint", cp)
		if code != exitRefused || !strings.Contains(out, "le point de contrôle est signé par une autre clé") || !strings.Contains(out, "ligne 4 : cette ligne n'est plus celle") {
			t.Fatalf("%d\n%s", code, out)
		}
	})
	t.Run("an edited checkpoint", func(t *testing.T) {
		c, cp := setup(t)
		os.WriteFile(cp, bytes.Replace(mustRead(t, cp), []byte(`"entries": 4`), []byte(`"entries": 3`), 1), 0o600)
		if code, out, _ := c.run(t, "check-ledger", "--checkpoint", cp); code != exitRefused || !strings.Contains(out, "pas un point de contrôle valide") {
			t.Fatalf("%d\n%s", code, out)
		}
	})
}

func TestKeygenCreatesOneCentreKeyOptionallySealed(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cle")
	_, first, _ := runCLI(t, "keygen", "--dir", dir)
	_, second, _ := runCLI(t, "keygen", "--dir", dir)
	if !strings.Contains(first, "did:key:z6Mk") || !strings.Contains(first, "(créée)") || !strings.Contains(second, "(existante)") {
		t.Fatalf("%q / %q", first, second)
	}
	sealed := filepath.Join(t.TempDir(), "cle")
	if code, _, errOut := runCLI(t, "keygen", "--dir", sealed, "--seal"); code != exitBadInput || !strings.Contains(errOut, "12 caractères") {
		t.Fatalf("seal without passphrase: %d %s", code, errOut)
	}
	env := map[string]string{envPassphrase: "une phrase bien longue"}
	if code, out, errOut := runWithEnv(t, env, "keygen", "--dir", sealed, "--seal"); code != exitOK || !strings.Contains(out, "protégée par une phrase secrète") {
		t.Fatalf("sealed: %d %s %s", code, out, errOut)
	}
	// Crediting with the sealed key needs its passphrase.
	c := newCentre(t)
	c.env[envKey] = sealed
	p := newProfile(t, t.TempDir(), "Ana")
	if code, _, errOut := c.run(t, "enrol", "--card", p.card, "--learner", "D"); code != exitBadInput || !strings.Contains(errOut, "phrase secrète absente ou fausse") {
		t.Fatalf("no passphrase: %d %s", code, errOut)
	}
	c.env[envPassphrase] = "une phrase bien longue"
	c.enrol(t, p, "D")
	// A key kept in the ledger's folder is refused.
	c.env[envKey] = filepath.Dir(c.db)
	keys.LoadOrCreate(filepath.Dir(c.db))
	if code, _, errOut := c.run(t, "enrol", "--card", p.card, "--learner", "E"); code != exitBadInput || !strings.Contains(errOut, "dans le dossier du registre") {
		t.Fatalf("key beside the ledger: %d %s", code, errOut)
	}
}

func TestHelpIsInFrenchByDefaultAndInEnglishWhenAsked(t *testing.T) {
	for _, c := range program().Commands {
		code, out, _ := runCLI(t, c.Name(), "--help")
		if code != exitOK || !strings.Contains(out, "Utilisation : declic-centre "+c.Name()) || !strings.Contains(out, "Code de sortie") {
			t.Errorf("%s --help: exit %d\n%s", c.Name(), code, out)
		}
		code, out, _ = runWithEnv(t, map[string]string{"DECLIC_LANG": "en"}, c.Name(), "--help")
		if code != exitOK || !strings.Contains(out, "Usage: declic-centre "+c.Name()) || strings.Contains(out, "Utilisation") {
			t.Errorf("%s --help in English: exit %d\n%s", c.Name(), code, out)
		}
	}
	if code, out, _ := runCLI(t, "--help"); code != exitOK || !strings.Contains(out, "Commandes") {
		t.Errorf("--help: %d %s", code, out)
	}
	if code, _, errOut := runCLI(t, "bonjour"); code != exitBadInput || !strings.Contains(errOut, "la commande « bonjour » n'existe pas") {
		t.Errorf("unknown command: %d %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, "credit", "--count", "3"); code != exitBadInput || !strings.Contains(errOut, "l'option --count n'existe pas") {
		t.Errorf("unknown flag: %d %s", code, errOut)
	}
	if code, out, _ := runCLI(t, "--version"); code != exitOK || !strings.HasPrefix(out, "declic-centre ") {
		t.Errorf("--version: %d %s", code, out)
	}
}

func TestSampleRecordsCanAllBeCreditedOnceTheirCardsAreEnrolled(t *testing.T) {
	c := newCentre(t)
	dir := t.TempDir()
	if code, out, errOut := runCLI(t, "sample", "--out", dir, "--count", "30"); code != exitOK || !strings.Contains(out, "de 3 profils") {
		t.Fatalf("%d %s %s", code, out, errOut)
	}
	cards, _ := filepath.Glob(filepath.Join(dir, "cartes", "carte-declic-*.json"))
	if len(cards) != 3 {
		t.Fatalf("%d cards", len(cards))
	}
	code, out, _ := runCLI(t, "verify", dir)
	// 30 records; 3 cards and 3 « Mon bilan » skipped.
	if code != exitOK || strings.Count(out, "✔") != 30 || strings.Count(out, "• ") != 6 || strings.Count(out, "« Mon bilan » de la personne : ignoré ici") != 3 {
		t.Fatalf("verify: exit %d:\n%s", code, out)
	}
	bilans, _ := filepath.Glob(filepath.Join(dir, "bilans", "mon-bilan-profil-*.json"))
	if len(bilans) != 3 {
		t.Fatalf("%d bilans", len(bilans))
	}
	for _, f := range bilans {
		if b, err := bilan.Verify(mustRead(t, f)); err != nil || len(b.Modules) != 12 || b.Placement.State != bilan.PlacementDone {
			t.Fatalf("%s: %v", f, err)
		}
	}
	var keysSeen = map[string]bool{}
	for i, cardFile := range cards {
		cd, err := card.Parse(mustRead(t, cardFile))
		if err != nil {
			t.Fatal(err)
		}
		keysSeen[cd.DID] = true
		if code, out, _ := c.run(t, "enrol", "--card", cardFile, "--learner", fmt.Sprint("Dossier ", i)); code != exitOK {
			t.Fatal(out)
		}
	}
	// Each profile's records go to its own dossier.
	var total int
	for i := range cards {
		var files []string
		for n := range 30 {
			if n/12 == i {
				files = append(files, filepath.Join(dir, fmt.Sprintf("attestation-%05d.json", n+1)))
			}
		}
		code, out, _ := c.run(t, append([]string{"credit", "--learner", fmt.Sprint("Dossier ", i)}, files...)...)
		if code != exitOK {
			t.Fatalf("credit profile %d: %d\n%s", i, code, out)
		}
		total += strings.Count(out, "✔")
	}
	if total != 30 || len(keysSeen) != 3 {
		t.Fatalf("%d credited, %d keys", total, len(keysSeen))
	}
	if code, _, _ := runCLI(t, "sample", "--count", "3"); code != exitBadInput {
		t.Error("sample without --out succeeded")
	}
}

func TestReadCommandsNeedAnExistingLedger(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "absent.db")
	for _, args := range [][]string{{"ledger", "--ledger", missing}, {"check-ledger", "--ledger", missing}, {"report", "--ledger", missing, "--from", "2026-01-01", "--to", "2026-02-01"}} {
		if code, _, errOut := runCLI(t, args...); code != exitBadInput || !strings.Contains(errOut, "n'existe pas") {
			t.Errorf("%v: %d %s", args, code, errOut)
		}
	}
	if code, _, _ := runCLI(t, "report", "--ledger", missing, "--from", "hier", "--to", "2026-02-01"); code != exitBadInput {
		t.Error("bad date accepted")
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("a read command created the ledger")
	}
}

func TestVerifyAndCreditAcceptTheQRCompactForm(t *testing.T) {
	c := newCentre(t)
	dir := t.TempDir()
	p := newProfile(t, t.TempDir(), "Ana")
	data := mustRead(t, issueTo(t, t.TempDir(), p, "r.json", souris(p)))
	compact, err := records.Compact(data)
	if err != nil {
		t.Fatal(err)
	}
	scanned := filepath.Join(dir, "qr.txt")
	os.WriteFile(scanned, []byte(compact+"\n"), 0o600)
	broken := filepath.Join(dir, "qr-abime.txt")
	os.WriteFile(broken, []byte(compact[:len(compact)/2]), 0o600)
	code, out, _ := runCLI(t, "verify", scanned, broken)
	if code != exitRefused || !strings.Contains(out, "✔ "+scanned) || !strings.Contains(out, "✘ "+broken+" : format inconnu") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	c.enrol(t, p, "L")
	code, out, _ = c.run(t, "credit", scanned, "--learner", "L")
	if code != exitOK || !strings.Contains(out, "1,5 h créditée") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

func TestTwoProcessesCreditingAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := builtCommand(t)
	c := newCentre(t)
	recDir := filepath.Join(t.TempDir(), "attestations")
	set, err := writeSamples(recDir, 12, testNow)
	if err != nil {
		t.Fatal(err)
	}
	c.enrol(t, set.Profiles[0].card(t, recDir), "L")
	env := []string{envKey + "=" + c.keyDir, envLedger + "=" + c.db}
	var wg sync.WaitGroup
	outs := make([]string, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(bin, append([]string{"credit", "--learner", "L"}, set.Records...)...)
			cmd.Env = append(os.Environ(), env...)
			out, _ := cmd.CombinedOutput()
			outs[i] = string(out)
		}()
	}
	wg.Wait()
	ok := strings.Count(outs[0], "✔") + strings.Count(outs[1], "✔")
	dup := strings.Count(outs[0], "déjà crédité") + strings.Count(outs[1], "déjà crédité")
	if ok != 12 || dup != 12 {
		t.Fatalf("%d credited, %d refused as duplicates; want 12 and 12\n%s\n%s", ok, dup, outs[0], outs[1])
	}
}

// card returns the profile's card as a test profile.
func (p sampleProfile) card(t testing.TB, dir string) profile {
	return profile{key: p.Key, card: filepath.Join(dir, "cartes", "carte-declic-"+p.ID+".json"), uuid: p.UUID}
}

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

// builtCommand builds declic-centre once per test run (removed by TestMain) and returns
// the executable's path.
func builtCommand(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "declic-centre-bin-"); buildErr != nil {
			return
		}
		build := exec.Command("go", "build", "-ldflags", "-X main.fixedClock="+testNow.Format(time.RFC3339),
			"-o", filepath.Join(buildDir, "declic-centre"), ".")
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("build: %w\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return filepath.Join(buildDir, "declic-centre")
}

func TestOnlyTheWorkspaceKeepsTheDefaultGarbageCollection(t *testing.T) {
	for _, c := range []struct {
		args []string
		want int
	}{
		{[]string{"serve"}, 100},
		{[]string{"serve", "--listen", ":8443"}, 100},
		{[]string{"credit", "--learner", "Dossier 1", "serve"}, 400}, // a file named serve
		{[]string{"verify", "a.json"}, 400},
		{[]string{"--version"}, 400},
		{nil, 400},
	} {
		if got := gcPercent(c.args); got != c.want {
			t.Errorf("gcPercent(%q) = %d, want %d", c.args, got, c.want)
		}
	}
}
