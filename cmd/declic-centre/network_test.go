package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"declic/internal/prereq"
	"declic/ledger/pgtest"
	"declic/records"
)

// The PostgreSQL server of this test binary (nil when it cannot start).
var (
	pgServer *pgtest.Server
	pgErr    error
)

// sharedLedger returns the URL of a fresh database on the test server.
func sharedLedger(t testing.TB) string {
	t.Helper()
	if pgServer == nil {
		prereq.Missing(t, "%s", pgtest.Banner(pgErr))
	}
	url, err := pgServer.NewDatabase()
	if err != nil {
		t.Fatal(err)
	}
	return url
}

// runWithEnv runs the command in-process with these environment variables only.
func runWithEnv(t testing.TB, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	a := app{stdout: &out, stderr: &errOut, now: func() time.Time { return testNow }, env: func(k string) string { return env[k] }}
	code := a.run(args)
	return code, out.String(), errOut.String()
}

func TestCreditOnTheSharedLedgerFromTwoCentres(t *testing.T) {
	url := sharedLedger(t)
	dir := t.TempDir()
	key := newKey(t)
	rec := issueTo(t, dir, key, "r.json", nil)
	nord := map[string]string{envLedger: url, envCentre: "epn-nord", envOperator: "Claire"}
	code, out, errOut := runWithEnv(t, nord, "credit", rec, "--learner", "Dossier 42", "--pass", "PASS-1")
	if code != exitOK || !strings.Contains(out, "2 h créditées à Dossier 42") {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
	code, out, _ = runWithEnv(t, nil, "credit", rec, "--ledger", url, "--centre", "epn-sud", "--operator", "Karim", "--learner", "Dossier 7")
	if code != exitRefused || !strings.Contains(out, "déjà crédité par epn-nord le "+testNow.Format("02/01/2006")) || strings.Contains(out, "Dossier 42") {
		t.Fatalf("second centre: exit %d:\n%s", code, out)
	}
	code, out, errOut = runWithEnv(t, nil, "credit", rec, "--ledger", url, "--learner", "X")
	if code != exitRefused || !strings.Contains(out, "--centre") {
		t.Fatalf("no centre on the shared ledger: exit %d:\n%s%s", code, out, errOut)
	}
	code, out, _ = runWithEnv(t, nord, "ledger", "--csv")
	if code != exitOK || !strings.Contains(out, "epn-nord,1,") || !strings.Contains(out, ",Claire\n") {
		t.Fatalf("ledger: exit %d:\n%s", code, out)
	}
	if code, out, _ := runWithEnv(t, nord, "check-ledger"); code != exitOK || !strings.Contains(out, "intact") {
		t.Fatalf("check-ledger: %d %s", code, out)
	}
	if code, _, errOut := runWithEnv(t, nil, "ledger", "--ledger", "postgres://x:secret@127.0.0.1:1/declic?connect_timeout=2"); code != exitBadInput || strings.Contains(errOut, "secret") {
		t.Fatalf("unreachable server: %d %s", code, errOut)
	}
}

// Two processes, two centres, the same signed records in opposite orders: every record
// is credited exactly once in the network, and the totals add up. (ledger/postgres runs
// the same race on 1,000 records, with both processes started at the same moment.)
func TestTwoProcessesTwoCentresOnTheSharedLedger(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command and signs records")
	}
	url := sharedLedger(t)
	bin := builtCommand(t)
	dir := t.TempDir()
	recDir := filepath.Join(dir, "attestations")
	const n = 240
	if err := writeSamples(recDir, n, testNow); err != nil {
		t.Fatal(err)
	}
	var files []string
	var want float64
	for i := range n {
		files = append(files, filepath.Join(recDir, fmt.Sprintf("attestation-%05d.json", i+1)))
		want += sampleModules[i%len(sampleModules)].hours
	}
	policy := filepath.Join(dir, "politique.toml")
	os.WriteFile(policy, []byte("hours_per_pass = 100000\nhome_hours_cap = 100000\n"), 0o600)
	var wg sync.WaitGroup
	outs := make([]string, 2)
	for i, centre := range []string{"epn-nord", "epn-sud"} {
		order := slices.Clone(files)
		if i == 1 {
			slices.Reverse(order)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(bin, append(append([]string{"credit"}, order...), "--learner", "L", "--policy", policy)...)
			cmd.Env = append(os.Environ(), envLedger+"="+url, envCentre+"="+centre)
			out, _ := cmd.CombinedOutput()
			outs[i] = string(out)
		}()
	}
	wg.Wait()
	ok := strings.Count(outs[0], "✔") + strings.Count(outs[1], "✔")
	dup := strings.Count(outs[0], "déjà crédité par") + strings.Count(outs[1], "déjà crédité par")
	if ok != n || dup != n {
		t.Fatalf("%d credited, %d refused as duplicates; want %d and %d\n%.2000s\n%.2000s", ok, dup, n, n, outs[0], outs[1])
	}
	t.Logf("epn-nord credited %d, epn-sud %d", strings.Count(outs[0], "✔"), strings.Count(outs[1], "✔"))
	code, out, _ := runWithEnv(t, nil, "report", "--ledger", url, "--from", monthFrom, "--to", monthTo, "--csv")
	if code != exitOK || !strings.Contains(out, fmt.Sprintf("total,%s → %s,%d,%s\n", monthFrom, monthTo, n, hours(want))) {
		t.Fatalf("report: %d\n%s", code, out)
	}
	if code, out, _ := runWithEnv(t, nil, "check-ledger", "--ledger", url); code != exitOK {
		t.Fatalf("chains after two processes: %s", out)
	}
}

func TestSyncCopiesOnceAndReportsConflicts(t *testing.T) {
	url := sharedLedger(t)
	dir := t.TempDir()
	local := filepath.Join(dir, "centre.db")
	key := newKey(t)
	var files []string
	for i := range 5 {
		files = append(files, issueTo(t, dir, key, fmt.Sprintf("r%d.json", i), func(in *records.RecordInput) { in.ModuleID = fmt.Sprint("m", i) }))
	}
	// epn-nord works offline; epn-sud credits record 3 online meanwhile.
	if code, out, _ := runWithEnv(t, nil, append([]string{"credit", "--ledger", local, "--centre", "epn-nord", "--learner", "Dossier 42", "--pass", "PASS-1"}, files...)...); code != exitOK {
		t.Fatal(out)
	}
	if code, out, _ := runWithEnv(t, nil, "credit", files[3], "--ledger", url, "--centre", "epn-sud", "--learner", "Dossier 7", "--pass", "PASS-9"); code != exitOK {
		t.Fatal(out)
	}
	code, out, errOut := runWithEnv(t, nil, "sync", "--from", local, "--to", url)
	if code != exitRefused || !strings.Contains(out, "4 lignes copiées, 0 déjà copiées, 1 en conflit") ||
		!strings.Contains(out, "✘ ligne locale 4 :") || !strings.Contains(out, "déjà crédité par epn-sud") || !strings.Contains(out, "à régler avec epn-sud") {
		t.Fatalf("first sync: exit %d:\n%s%s", code, out, errOut)
	}
	_, before, _ := runWithEnv(t, nil, "ledger", "--ledger", url, "--csv")
	code, out, _ = runWithEnv(t, map[string]string{envLedger: url}, "sync", "--from", local)
	if code != exitRefused || !strings.Contains(out, "0 lignes copiées, 4 déjà copiées, 1 en conflit") {
		t.Fatalf("second sync: exit %d:\n%s", code, out)
	}
	if _, after, _ := runWithEnv(t, nil, "ledger", "--ledger", url, "--csv"); after != before {
		t.Fatalf("the second sync changed the shared ledger:\n%s\n%s", before, after)
	}
	code, out, _ = runWithEnv(t, nil, "report", "--ledger", url, "--from", monthFrom, "--to", monthTo, "--csv")
	if code != exitOK {
		t.Errorf("report: exit %d", code)
	}
	for _, want := range []string{"centre,epn-nord,4,8\n", "centre,epn-sud,1,2\n", "pass,PASS-1,4,8\n", "mois," + testNow.Format("2006-01") + ",5,10\n", "total," + monthFrom + " → " + monthTo + ",5,10\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if code, out, _ := runWithEnv(t, nil, "report", "--ledger", url, "--centre", "epn-sud", "--from", monthFrom, "--to", monthTo, "--csv"); code != exitOK || strings.Contains(out, "epn-nord") {
		t.Errorf("report of one centre: %d\n%s", code, out)
	}
}

func TestSyncRefusesBadInput(t *testing.T) {
	url := sharedLedger(t)
	dir := t.TempDir()
	local := filepath.Join(dir, "centre.db")
	f := issueTo(t, dir, newKey(t), "r.json", nil)
	if code, out, _ := runCLI(t, "credit", f, "--ledger", local, "--learner", "L"); code != exitOK {
		t.Fatal(out)
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"sync", "--to", url, "--centre", "c"}, "--from"},
		{[]string{"sync", "--from", local, "--to", filepath.Join(dir, "autre.db"), "--centre", "c"}, "postgres://"},
		{[]string{"sync", "--from", filepath.Join(dir, "absent.db"), "--to", url, "--centre", "c"}, "introuvable"},
		{[]string{"sync", "--from", local, "--to", url}, "--centre"}, // entries without a centre id
	}
	for _, c := range cases {
		if code, _, errOut := runWithEnv(t, nil, c.args...); code != exitBadInput || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, %q", c.args, code, errOut)
		}
	}
	other := filepath.Join(dir, "nord.db")
	if code, out, _ := runCLI(t, "credit", issueTo(t, dir, newKey(t), "s.json", nil), "--ledger", other, "--centre", "epn-nord", "--learner", "L"); code != exitOK {
		t.Fatal(out)
	}
	if code, _, errOut := runWithEnv(t, nil, "sync", "--from", other, "--to", url, "--centre", "epn-sud"); code != exitBadInput || !strings.Contains(errOut, "vient du centre \"epn-nord\"") {
		t.Errorf("another centre's file: %d %q", code, errOut)
	}
	// An altered local ledger is not copied at all.
	if code, _, _ := runCLI(t, "credit", issueTo(t, dir, newKey(t), "u.json", nil), "--ledger", other, "--centre", "epn-nord", "--learner", "M"); code != exitOK {
		t.Fatal("second local credit")
	}
	alterRow(t, other, 2)
	code, _, errOut := runWithEnv(t, nil, "sync", "--from", other, "--to", url)
	if code != exitRefused || !strings.Contains(errOut, "altéré") {
		t.Errorf("altered local ledger: %d %q", code, errOut)
	}
	if _, out, _ := runWithEnv(t, nil, "ledger", "--ledger", url, "--csv"); strings.Count(out, "\n") != 1 {
		t.Errorf("something was copied:\n%s", out)
	}
}

// alterRow edits an entry of a SQLite ledger as someone with direct access could.
func alterRow(t *testing.T, path string, seq int) {
	t.Helper()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`DROP TRIGGER entries_no_update; UPDATE entries SET hours_credited = 9 WHERE seq = ?`, seq); err != nil {
		t.Fatal(err)
	}
}
