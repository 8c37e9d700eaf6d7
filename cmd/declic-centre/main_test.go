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

	"declic/internal/clocktest"
	"declic/keys"
	"declic/ledger"
	"declic/ledger/sqlite"
	"declic/records"
)

// testNow is the instant every command of these tests runs at, in-process or not.
var testNow = clocktest.Now()

// monthFrom and monthTo are testNow's month as the --from and --to of a report.
var monthFrom, monthTo = clocktest.MonthOf(testNow)

// runCLI runs the command in-process and returns its exit code and outputs.
func runCLI(t testing.TB, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	a := app{stdout: &out, stderr: &errOut, now: func() time.Time { return testNow }}
	code := a.run(args)
	return code, out.String(), errOut.String()
}

// issueTo writes a signed record for learner profile id into dir and returns its path.
func issueTo(t testing.TB, dir string, key *keys.Key, name string, change func(*records.RecordInput)) string {
	t.Helper()
	start := testNow.Add(-72 * time.Hour)
	in := records.RecordInput{
		LearnerID: "3f2b6c1e-8a4d-4e7b-9c55-1d2e3f4a5b6c", PackID: "fr.declic.premiers-pas", PackVersion: "1.0.0",
		ModuleID: "02-la-souris", ModuleTitle: "La souris", Hours: 2, ActiveMinutes: 90, FinalScore: 80,
		Start: start, End: start.Add(24 * time.Hour), Issued: start.Add(25 * time.Hour),
	}
	if change != nil {
		change(&in)
	}
	data, err := records.Issue(key, in)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func newKey(t testing.TB) *keys.Key {
	k, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestVerifyReportsEachRecordWithItsReason(t *testing.T) {
	dir := t.TempDir()
	key := newKey(t)
	good := issueTo(t, dir, key, "bon.json", nil)
	future := issueTo(t, dir, key, "futur.json", func(in *records.RecordInput) { in.Issued = testNow.Add(48 * time.Hour) })
	short := issueTo(t, dir, key, "court.json", func(in *records.RecordInput) { in.ActiveMinutes = 3 })
	data, _ := os.ReadFile(good)
	tampered := filepath.Join(dir, "modifie.json")
	os.WriteFile(tampered, bytes.Replace(data, []byte(`"creditsEarned": 2`), []byte(`"creditsEarned": 1`), 1), 0o600)
	unknown := filepath.Join(dir, "inconnu.json")
	os.WriteFile(unknown, []byte(`{"bonjour": true}`), 0o600)

	code, out, _ := runCLI(t, "verify", dir)
	if code != exitRefused {
		t.Errorf("exit %d, want %d", code, exitRefused)
	}
	for file, want := range map[string]string{
		good: "✔", future: "✘ " + future + " : date dans le futur", short: "✘ " + short + " : activité plus courte",
		tampered: "✘ " + tampered + " : attestation modifiée", unknown: "✘ " + unknown + " : format inconnu",
	} {
		if !strings.Contains(out, want) || !strings.Contains(out, file) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := runCLI(t, "verify", good); code != exitOK {
		t.Errorf("valid record: exit %d", code)
	}
	if code, _, errOut := runCLI(t, "verify", filepath.Join(dir, "absent.json")); code != exitBadInput || !strings.Contains(errOut, "introuvable") {
		t.Errorf("missing file: exit %d, %q", code, errOut)
	}
	if code, _, _ := runCLI(t, "verify"); code != exitBadInput {
		t.Errorf("no argument: exit %d", code)
	}
}

func TestVerifyJSONOutput(t *testing.T) {
	dir := t.TempDir()
	key := newKey(t)
	issueTo(t, dir, key, "a.json", nil)
	issueTo(t, dir, key, "b.json", func(in *records.RecordInput) { in.ActiveMinutes = 1 })
	code, out, _ := runCLI(t, "verify", "--json", dir)
	var results []struct {
		File   string
		Valid  bool
		Reason string
		Record *struct{ CreditsEarned float64 }
	}
	if err := json.Unmarshal([]byte(out), &results); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if code != exitRefused || len(results) != 2 || !results[0].Valid || results[1].Valid ||
		results[1].Reason != string(records.ReasonImplausibleActivity) || results[0].Record.CreditsEarned != 2 {
		t.Fatalf("exit %d, %+v", code, results)
	}
}

func TestCreditOnceAndBindTheDevice(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "centre.db")
	key := newKey(t)
	first := issueTo(t, dir, key, "1.json", nil)
	second := issueTo(t, dir, key, "2.json", func(in *records.RecordInput) { in.ModuleID, in.ModuleTitle = "03-le-clavier", "Le clavier" })

	code, out, _ := runCLI(t, "credit", first, "--ledger", db, "--learner", "Dossier 42", "--pass", "PASS-1")
	if code != exitOK || !strings.Contains(out, "2 h créditées à Dossier 42") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	code, out, _ = runCLI(t, "credit", first, "--ledger", db, "--learner", "Dossier 43")
	if code != exitRefused || !strings.Contains(out, "déjà crédité") {
		t.Fatalf("second credit of the same record: exit %d:\n%s", code, out)
	}
	code, out, _ = runCLI(t, "credit", second, "--ledger", db, "--learner", "Dossier 43")
	if code != exitRefused || !strings.Contains(out, "lié à « Dossier 42 »") {
		t.Fatalf("device of another learner: exit %d:\n%s", code, out)
	}
	code, out, _ = runCLI(t, "credit", second, "--ledger", db, "--learner", "Dossier 43", "--rebind")
	if code != exitOK || !strings.Contains(out, "appareil enregistré") {
		t.Fatalf("rebind: exit %d:\n%s", code, out)
	}
	code, out, _ = runCLI(t, "ledger", "--ledger", db, "--learner", "Dossier 43", "--csv")
	if code != exitOK || strings.Count(out, "\n") != 3 || !strings.Contains(out, "enregistrement") {
		t.Fatalf("ledger: exit %d:\n%s", code, out)
	}
}

func TestEnrolMarksRecordsFromThatDevice(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "centre.db")
	key := newKey(t)
	if code, out, errOut := runCLI(t, "enrol", "--ledger", db, "--device", key.DID(), "--learner", "Mme Exemple"); code != exitOK {
		t.Fatalf("enrol: %d %s %s", code, out, errOut)
	}
	code, out, _ := runCLI(t, "credit", issueTo(t, dir, key, "r.json", nil), "--ledger", db, "--learner", "Mme Exemple")
	if code != exitOK || !strings.Contains(out, "appareil enregistré") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if code, _, errOut := runCLI(t, "enrol", "--ledger", db, "--device", "did:web:example.org", "--learner", "X"); code != exitBadInput || errOut == "" {
		t.Errorf("bad device id: exit %d", code)
	}
}

func TestPolicyCapsAndRatio(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "centre.db")
	policy := filepath.Join(dir, "politique.toml")
	os.WriteFile(policy, []byte("hours_per_pass = 10\nhome_hours_cap = 3\ncredit_ratio = 0.5\n"), 0o600)
	key := newKey(t)
	var files []string
	for i := range 4 {
		files = append(files, issueTo(t, dir, key, fmt.Sprintf("r%d.json", i), func(in *records.RecordInput) { in.ModuleID = fmt.Sprint("m", i) }))
	}
	code, out, _ := runCLI(t, append(append([]string{"credit"}, files...), "--ledger", db, "--learner", "L", "--pass", "P", "--policy", policy)...)
	// 2 h × 0.5 = 1 h each; the home cap of 3 h stops the fourth record.
	if code != exitRefused || strings.Count(out, "✔") != 3 || !strings.Contains(out, "plafond des heures à domicile") || !strings.Contains(out, "Total crédité : 3 h") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if !strings.Contains(out, "(sur 2 h, selon la politique du centre)") {
		t.Errorf("the ratio is not explained:\n%s", out)
	}
}

func TestCheckLedgerFindsAnAlteredRow(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "centre.db")
	key := newKey(t)
	for i := range 3 {
		f := issueTo(t, dir, key, fmt.Sprintf("r%d.json", i), func(in *records.RecordInput) { in.ModuleID = fmt.Sprint("m", i) })
		if code, out, _ := runCLI(t, "credit", f, "--ledger", db, "--learner", "L"); code != exitOK {
			t.Fatal(out)
		}
	}
	if code, out, _ := runCLI(t, "check-ledger", "--ledger", db); code != exitOK || !strings.Contains(out, "intact") {
		t.Fatalf("fresh ledger: %d %s", code, out)
	}
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE entries SET hours_credited = 9 WHERE seq = 2`); err == nil {
		t.Fatal("the append-only trigger let an UPDATE through")
	}
	// Someone with direct access drops the trigger and edits a row.
	if _, err := raw.Exec(`DROP TRIGGER entries_no_update; UPDATE entries SET hours_credited = 9 WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, "check-ledger", "--ledger", db)
	if code != exitRefused || !strings.Contains(out, "ligne 2 : le contenu de la ligne a été modifié") || strings.Contains(out, "ligne 1 ") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

func TestTwoConcurrentCreditsNeverDoubleCredit(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "centre.db")
	key := newKey(t)
	var files []string
	for i := range 20 {
		files = append(files, issueTo(t, dir, key, fmt.Sprintf("r%02d.json", i), func(in *records.RecordInput) { in.ModuleID = fmt.Sprint("m", i) }))
	}
	// Two stores on separate connections, as two processes would have.
	var wg sync.WaitGroup
	credited := make([]int, 2)
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			store, err := sqlite.Open(db)
			if err != nil {
				t.Error(err)
				return
			}
			defer store.Close()
			for _, f := range files {
				data, _ := os.ReadFile(f)
				rec, err := records.Verify(data, records.VerifyOptions{Now: testNow})
				if err != nil {
					t.Error(err)
					return
				}
				_, err = store.Credit(context.Background(), ledger.CreditRequest{RecordID: rec.ID, Learner: "L", Device: rec.IssuerDID,
					HoursEarned: rec.CreditsEarned, Policy: ledger.Policy{HoursPerPass: 1000, HomeHoursCap: 1000, CreditRatio: 1}, Now: testNow})
				if err == nil {
					credited[w]++
				} else if _, refused := err.(*ledger.Refusal); !refused {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if credited[0]+credited[1] != len(files) {
		t.Fatalf("credited %v, want %d in total", credited, len(files))
	}
	code, out, _ := runCLI(t, "report", "--ledger", db, "--from", monthFrom, "--to", monthTo, "--csv")
	if code != exitOK || !strings.Contains(out, "total,"+monthFrom+" → "+monthTo+",20,40") {
		t.Fatalf("report: %d\n%s", code, out)
	}
	if code, out, _ := runCLI(t, "check-ledger", "--ledger", db); code != exitOK {
		t.Fatalf("chain after concurrent writes: %s", out)
	}
}

func TestTwoProcessesCreditingAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := builtCommand(t)
	dir := t.TempDir()
	recDir := filepath.Join(dir, "attestations")
	os.Mkdir(recDir, 0o700)
	key := newKey(t)
	for i := range 15 {
		issueTo(t, recDir, key, fmt.Sprintf("r%02d.json", i), func(in *records.RecordInput) { in.ModuleID = fmt.Sprint("m", i) })
	}
	db := filepath.Join(dir, "centre.db")
	policy := filepath.Join(dir, "politique.toml")
	os.WriteFile(policy, []byte("hours_per_pass = 100\nhome_hours_cap = 100\n"), 0o600)
	var wg sync.WaitGroup
	outs := make([]string, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, _ := exec.Command(bin, "credit", recDir, "--ledger", db, "--learner", "L", "--policy", policy).CombinedOutput()
			outs[i] = string(out)
		}()
	}
	wg.Wait()
	ok := strings.Count(outs[0], "✔") + strings.Count(outs[1], "✔")
	dup := strings.Count(outs[0], "déjà crédité") + strings.Count(outs[1], "déjà crédité")
	if ok != 15 || dup != 15 {
		t.Fatalf("%d credited, %d refused as duplicates; want 15 and 15\n%s\n%s", ok, dup, outs[0], outs[1])
	}
}

func TestHelpIsInFrench(t *testing.T) {
	for _, c := range commands() {
		code, _, errOut := runCLI(t, c.name, "--help")
		if code != exitOK || !strings.Contains(errOut, "Utilisation : declic-centre "+c.name) {
			t.Errorf("%s --help: exit %d\n%s", c.name, code, errOut)
		}
	}
	if code, out, _ := runCLI(t, "--help"); code != exitOK || !strings.Contains(out, "Commandes") {
		t.Errorf("--help: %d %s", code, out)
	}
	if code, _, errOut := runCLI(t, "bonjour"); code != exitBadInput || !strings.Contains(errOut, "Commande inconnue") {
		t.Errorf("unknown command: %d %s", code, errOut)
	}
}

func TestSampleWritesValidRecords(t *testing.T) {
	dir := t.TempDir()
	if code, out, errOut := runCLI(t, "sample", "--out", dir, "--count", "7"); code != exitOK {
		t.Fatalf("%d %s %s", code, out, errOut)
	}
	code, out, _ := runCLI(t, "verify", dir)
	if code != exitOK || strings.Count(out, "✔") != 7 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if code, _, _ := runCLI(t, "sample", "--count", "3"); code != exitBadInput {
		t.Error("sample without --out succeeded")
	}
}

func TestKeygenCreatesOneCentreKey(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cle")
	_, first, _ := runCLI(t, "keygen", "--dir", dir)
	_, second, _ := runCLI(t, "keygen", "--dir", dir)
	if !strings.Contains(first, "did:key:z6Mk") || first != second {
		t.Fatalf("%q / %q", first, second)
	}
}

func TestReadCommandsNeedAnExistingLedger(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "absent.db")
	for _, args := range [][]string{{"ledger", "--ledger", missing}, {"check-ledger", "--ledger", missing}, {"report", "--ledger", missing, "--from", "2026-01-01", "--to", "2026-02-01"}} {
		if code, _, errOut := runCLI(t, args...); code != exitBadInput || !strings.Contains(errOut, "introuvable") {
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
	dir := t.TempDir()
	data, err := os.ReadFile(issueTo(t, t.TempDir(), newKey(t), "r.json", nil))
	if err != nil {
		t.Fatal(err)
	}
	c, err := records.Compact(data)
	if err != nil {
		t.Fatal(err)
	}
	scanned := filepath.Join(dir, "qr.txt")
	os.WriteFile(scanned, []byte(c+"\n"), 0o600)
	broken := filepath.Join(dir, "qr-abime.txt")
	os.WriteFile(broken, []byte(c[:len(c)/2]), 0o600)
	code, out, _ := runCLI(t, "verify", scanned, broken)
	if code != exitRefused || !strings.Contains(out, "✔ "+scanned) || !strings.Contains(out, "✘ "+broken+" : format inconnu") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	code, out, _ = runCLI(t, "credit", scanned, "--ledger", filepath.Join(dir, "c.db"), "--learner", "L")
	if code != exitOK || !strings.Contains(out, "2 h créditées") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

// builtCommand builds declic-centre once per test run (removed by TestMain) and returns
// the executable's path.
func builtCommand(t *testing.T) string {
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
