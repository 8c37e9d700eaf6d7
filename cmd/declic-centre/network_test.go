package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"declic/centre"

	"declic/internal/prereq"
	"declic/keys"
	"declic/ledger/pgtest"
	"declic/ledger/postgres"
)

// The PostgreSQL server of this test binary (nil when it cannot start).
var (
	pgServer *pgtest.Server
	pgErr    error
)

// sharedLedger returns the URL of a fresh database on the test server (as its superuser).
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

// network sets a shared ledger up as docs/centres.md says (owner, administrator, a role
// per centre) and returns it with each centre's environment: its role's URL, its id and
// its own key, kept in its own folder.
func network(t *testing.T, centres ...string) (*pgtest.Network, map[string]*testCentre) {
	t.Helper()
	if pgServer == nil {
		prereq.Missing(t, "%s", pgtest.Banner(pgErr))
	}
	n, err := pgServer.NewNetwork("../../scripts/pg-centre-role.sh", func(url string) error {
		s, err := postgres.Open(context.Background(), url)
		if err == nil {
			s.Close()
		}
		return err
	}, centres...)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*testCentre{}
	for _, id := range centres {
		c := newCentre(t)
		c.db = n.CentreURL(id)
		c.env[envLedger], c.env[envCentre] = c.db, id
		out[id] = c
	}
	return n, out
}

func TestCreditOnTheSharedLedgerFromTwoCentres(t *testing.T) {
	_, cs := network(t, "epn-nord", "epn-sud")
	nord, sud := cs["epn-nord"], cs["epn-sud"]
	dir := t.TempDir()
	ana := newProfile(t, t.TempDir(), "Ana")
	rec := issueTo(t, dir, ana, "r.json", souris(ana))
	nord.enrol(t, ana, "Dossier 42")
	code, out, errOut := nord.run(t, "credit", rec, "--learner", "Dossier 42", "--pass", "PASS-1")
	if code != exitOK || !strings.Contains(out, "1,5 h créditée à Dossier 42") {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
	code, out, _ = sud.run(t, "credit", rec, "--learner", "Dossier 7")
	if code != exitRefused || !strings.Contains(out, "déjà crédité par epn-nord le "+testNow.Local().Format("02/01/2006")) || strings.Contains(out, "Dossier 42") {
		t.Fatalf("second centre: exit %d:\n%s", code, out)
	}
	// The same key's new record for the same module, at the other centre.
	code, out, _ = sud.run(t, "credit", issueTo(t, dir, ana, "nouvel-id.json", souris(ana)), "--learner", "Dossier 7")
	if code != exitRefused || !strings.Contains(out, "déjà crédité à cette carte Déclic par epn-nord") {
		t.Fatalf("new id at another centre: exit %d:\n%s", code, out)
	}
	// Another module of Ana's at epn-sud: her card is enrolled in the network.
	code, out, _ = sud.run(t, "credit", issueTo(t, dir, ana, "clavier.json", module(ana, "03-le-clavier")), "--learner", "Dossier 7", "--pass", "PASS-1")
	if code != exitOK || !strings.Contains(out, "carte enregistrée") {
		t.Fatalf("card enrolled at another centre: exit %d:\n%s", code, out)
	}
	// An unenrolled key is refused on the network too.
	bob := newProfile(t, t.TempDir(), "Bob")
	code, out, _ = sud.run(t, "credit", issueTo(t, dir, bob, "bob.json", souris(bob)), "--learner", "Dossier 8")
	if code != exitRefused || !strings.Contains(out, "n'est enregistrée pour aucun dossier") {
		t.Fatalf("unenrolled on the network: exit %d:\n%s", code, out)
	}
	noCentre := map[string]string{envLedger: nord.db, envKey: nord.keyDir}
	code, out, _ = runWithEnv(t, noCentre, "credit", rec, "--learner", "X")
	if code != exitRefused || !strings.Contains(out, "indiquez l'identifiant du centre") {
		t.Fatalf("no centre on the shared ledger: exit %d:\n%s", code, out)
	}
	// Privacy: each centre lists its own rows; the network report names others by pseudonym.
	_, out, _ = sud.run(t, "ledger", "--csv")
	if strings.Contains(out, "Dossier 42") || !strings.Contains(out, "Dossier 7") {
		t.Fatalf("epn-sud's ledger:\n%s", out)
	}
	_, out, _ = sud.run(t, "report", "--from", monthFrom, "--to", monthTo, "--csv")
	if strings.Contains(out, "Dossier 42") || !strings.Contains(out, "personne;;personne-") || !strings.Contains(out, "centre;epn-nord;epn-nord;1;1;1,5") ||
		!strings.Contains(out, "total;;;2;2;3\r\n") {
		t.Fatalf("epn-sud's report:\n%s", out)
	}
	for _, c := range []*testCentre{nord, sud} {
		if code, out, _ := c.run(t, "check-ledger"); code != exitOK || !strings.Contains(out, "intact") {
			t.Fatalf("check-ledger: %d %s", code, out)
		}
	}
	if code, _, errOut := runCLI(t, "ledger", "--ledger", "postgres://x:secret@127.0.0.1:1/declic?connect_timeout=2"); code != exitBadInput || strings.Contains(errOut, "secret") {
		t.Fatalf("unreachable server: %d %s", code, errOut)
	}
}

// One pass, three centres' credits: the cap counts them all.
func TestThePassCapCountsEveryCentre(t *testing.T) {
	_, cs := network(t, "epn-nord", "epn-sud")
	policy := filepath.Join(t.TempDir(), "politique.toml")
	os.WriteFile(policy, []byte("hours_per_pass = 3\nhome_hours_cap = 3\n"), 0o600)
	dir := t.TempDir()
	for i, id := range []string{"02-la-souris", "03-le-clavier", "05-internet"} {
		c := cs[[]string{"epn-nord", "epn-sud"}[i%2]]
		p := newProfile(t, t.TempDir(), fmt.Sprint("P", i))
		c.enrol(t, p, fmt.Sprint("Dossier ", i))
		code, out, _ := c.run(t, "credit", issueTo(t, dir, p, id+".json", module(p, id)), "--learner", fmt.Sprint("Dossier ", i), "--pass", "PASS-1", "--policy", policy)
		if i < 2 && code != exitOK || i == 2 && (code != exitRefused || !strings.Contains(out, "plafond du pass atteint (3 h)")) {
			t.Fatalf("credit %d: %d\n%s", i, code, out)
		}
	}
}

// The tables' owner drops a centre's last entries; the centre's checkpoint shows it.
func TestACheckpointShowsTheOwnerDroppedACentresTail(t *testing.T) {
	n, cs := network(t, "epn-nord")
	c := cs["epn-nord"]
	dir := t.TempDir()
	p := newProfile(t, t.TempDir(), "Ana")
	c.enrol(t, p, "Dossier 1")
	for _, id := range []string{"02-la-souris", "03-le-clavier"} {
		if code, out, _ := c.run(t, "credit", issueTo(t, dir, p, id+".json", module(p, id)), "--learner", "Dossier 1"); code != exitOK {
			t.Fatal(out)
		}
	}
	cp := filepath.Join(t.TempDir(), "point.json")
	if code, out, errOut := c.run(t, "checkpoint", "--out", cp); code != exitOK || !strings.Contains(out, "3 lignes") {
		t.Fatalf("%d %s %s", code, out, errOut)
	}
	if err := n.ExecAs("declic_owner", `ALTER TABLE entries DISABLE TRIGGER entries_no_update; DELETE FROM entries WHERE seq = 3;
		ALTER TABLE heads DISABLE TRIGGER heads_no_update; DELETE FROM heads WHERE entries = 3`); err != nil {
		t.Fatal(err)
	}
	code, out, _ := c.run(t, "check-ledger", "--checkpoint", cp)
	if code != exitRefused || !strings.Contains(out, "n'a plus que 2 lignes, le point de contrôle signé en comptait 3") {
		t.Fatalf("%d\n%s", code, out)
	}
}

// Two processes, two centres, the same signed records in opposite orders: every record
// is credited exactly once in the network, and the totals add up. (ledger/postgres runs
// the same race on 1,000 records, with both processes started at the same moment.)
func TestTwoProcessesTwoCentresOnTheSharedLedger(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command and signs records")
	}
	_, cs := network(t, "epn-nord", "epn-sud")
	bin := builtCommand(t)
	recDir := filepath.Join(t.TempDir(), "attestations")
	const n = 120
	set, err := writeSamples(recDir, n, testNow)
	if err != nil {
		t.Fatal(err)
	}
	var want float64
	for i, p := range set.Profiles {
		cs["epn-nord"].enrol(t, p.card(t, recDir), fmt.Sprint("L", i))
	}
	for _, h := range set.Hours {
		want += h
	}
	policy := filepath.Join(t.TempDir(), "politique.toml")
	os.WriteFile(policy, []byte("hours_per_pass = 100000\nhome_hours_cap = 100000\n"), 0o600)
	var wg sync.WaitGroup
	outs := make([]string, 2)
	for i, id := range []string{"epn-nord", "epn-sud"} {
		order := slices.Clone(set.Records)
		if i == 1 {
			slices.Reverse(order)
		}
		c := cs[id]
		wg.Add(1)
		go func() {
			defer wg.Done()
			// One dossier per profile: each process credits every record, learner by learner.
			var out strings.Builder
			for p := range set.Profiles {
				var files []string
				for k, f := range order {
					idx := k
					if i == 1 {
						idx = n - 1 - k
					}
					if set.Owner[idx] == p {
						files = append(files, f)
					}
				}
				cmd := exec.Command(bin, append([]string{"credit", "--learner", fmt.Sprint("L", p), "--policy", policy}, files...)...)
				cmd.Env = append(os.Environ(), envLedger+"="+c.db, envCentre+"="+id, envKey+"="+c.keyDir)
				b, _ := cmd.CombinedOutput()
				out.Write(b)
			}
			outs[i] = out.String()
		}()
	}
	wg.Wait()
	ok := strings.Count(outs[0], "✔") + strings.Count(outs[1], "✔")
	dup := strings.Count(outs[0], "déjà crédité") + strings.Count(outs[1], "déjà crédité")
	if ok != n || dup != n {
		t.Fatalf("%d credited, %d refused as duplicates; want %d and %d\n%.3000s\n%.3000s", ok, dup, n, n, outs[0], outs[1])
	}
	code, out, _ := cs["epn-nord"].run(t, "report", "--from", monthFrom, "--to", monthTo, "--csv")
	if code != exitOK || !strings.Contains(out, fmt.Sprintf("total;;;%d;", n)) || !strings.Contains(out, ";"+centre.CommaNumber(want)+"\r\n") {
		t.Fatalf("report: %d\n%s", code, out)
	}
	for _, c := range cs {
		if code, out, _ := c.run(t, "check-ledger"); code != exitOK {
			t.Fatalf("chains after two processes: %s", out)
		}
	}
}

func TestSyncReverifiesEachRecordAndReportsWhatTheNetworkRefused(t *testing.T) {
	_, cs := network(t, "epn-nord", "epn-sud")
	nordNet, sud := cs["epn-nord"], cs["epn-sud"]
	local := newCentre(t) // epn-nord offline: its own file, the same key as on the network
	local.keyDir, local.key = nordNet.keyDir, nordNet.key
	local.env[envKey], local.env[envCentre] = nordNet.keyDir, "epn-nord"
	dir := t.TempDir()
	ana, bob, cleo := newProfile(t, t.TempDir(), "Ana"), newProfile(t, t.TempDir(), "Bob"), newProfile(t, t.TempDir(), "Cleo")
	local.enrol(t, ana, "Dossier 1")
	for _, id := range []string{"02-la-souris", "03-le-clavier", "05-internet"} {
		if code, out, _ := local.run(t, "credit", issueTo(t, dir, ana, id+".json", module(ana, id)), "--learner", "Dossier 1"); code != exitOK {
			t.Fatal(out)
		}
	}
	// Offline, this centre's policy let Bob's unenrolled card through; the network's does not.
	lax := filepath.Join(t.TempDir(), "souple.toml")
	os.WriteFile(lax, []byte("accept_unenrolled = true\n"), 0o600)
	if code, out, _ := local.run(t, "credit", issueTo(t, dir, bob, "bob.json", souris(bob)), "--learner", "Dossier 2", "--policy", lax); code != exitOK {
		t.Fatal(out)
	}
	// Cleo's record was credited online by epn-sud meanwhile.
	cleoRec := issueTo(t, dir, cleo, "cleo.json", souris(cleo))
	sud.enrol(t, cleo, "Dossier S")
	if code, out, _ := sud.run(t, "credit", cleoRec, "--learner", "Dossier S"); code != exitOK {
		t.Fatal(out)
	}
	local.enrol(t, cleo, "Dossier 3")
	if code, out, _ := local.run(t, "credit", cleoRec, "--learner", "Dossier 3"); code != exitOK {
		t.Fatal(out)
	}
	// A cancel travels too.
	if code, out, _ := local.run(t, "cancel", "--entry", "4", "--reason", "module fait au centre"); code != exitOK {
		t.Fatal(out)
	}
	code, out, errOut := local.run(t, "sync", "--from", local.db, "--to", nordNet.db)
	if code != exitRefused || !strings.Contains(out, "6 lignes envoyées, 0 déjà envoyées, 2 refusées") ||
		!strings.Contains(out, "✘ ligne locale 5, crédit de 1,5 h à Dossier 2 (« La souris ») : refusée — la carte Déclic qui a signé cette attestation n'est enregistrée pour aucun dossier") ||
		!strings.Contains(out, "✘ ligne locale 7, crédit de 1,5 h à Dossier 3 (« La souris ») : refusée — déjà crédité par epn-sud") {
		t.Fatalf("first sync: exit %d:\n%s%s", code, out, errOut)
	}
	_, before, _ := nordNet.run(t, "ledger", "--csv")
	code, out, _ = local.run(t, "sync", "--from", local.db, "--to", nordNet.db)
	if code != exitRefused || !strings.Contains(out, "0 lignes envoyées, 6 déjà envoyées, 2 refusées") {
		t.Fatalf("second sync: exit %d:\n%s", code, out)
	}
	if _, after, _ := nordNet.run(t, "ledger", "--csv"); after != before || !strings.Contains(after, "annulation de la ligne 4") {
		t.Fatalf("the second sync changed the shared ledger, or the cancel is missing:\n%s\n%s", before, after)
	}
	_, out, _ = nordNet.run(t, "report", "--from", monthFrom, "--to", monthTo, "--csv")
	if !strings.Contains(out, "centre;epn-nord;epn-nord;2;1;3\r\n") || !strings.Contains(out, "centre;epn-sud;epn-sud;1;1;1,5\r\n") {
		t.Fatalf("report:\n%s", out)
	}
	if code, out, _ := nordNet.run(t, "check-ledger"); code != exitOK {
		t.Fatalf("check: %s", out)
	}
}

func TestSyncRefusesBadInput(t *testing.T) {
	url := sharedLedger(t)
	c := newCentre(t)
	dir := t.TempDir()
	p := newProfile(t, t.TempDir(), "Ana")
	c.enrol(t, p, "L")
	if code, out, _ := c.run(t, "credit", issueTo(t, dir, p, "r.json", souris(p)), "--learner", "L"); code != exitOK {
		t.Fatal(out)
	}
	env := map[string]string{envKey: c.keyDir}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"sync", "--to", url, "--centre", "c"}, "--from"},
		{[]string{"sync", "--from", c.db, "--to", filepath.Join(dir, "autre.db"), "--centre", "c"}, "postgres://"},
		{[]string{"sync", "--from", filepath.Join(dir, "absent.db"), "--to", url, "--centre", "c"}, "n'existe pas"},
		{[]string{"sync", "--from", c.db, "--to", url}, "--centre"}, // entries without a centre id
	}
	for _, tc := range cases {
		if code, _, errOut := runWithEnv(t, env, tc.args...); code != exitBadInput || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q", tc.args, code, errOut)
		}
	}
	other, _ := keys.Generate()
	otherDir := t.TempDir()
	keys.Save(filepath.Join(otherDir, keys.FileName), other, "")
	if code, _, errOut := runWithEnv(t, map[string]string{envKey: otherDir}, "sync", "--from", c.db, "--to", url, "--centre", "epn-nord"); code != exitRefused || !strings.Contains(errOut, "pas par cette clé") {
		t.Errorf("another key: %d %q", code, errOut)
	}
	editLedger(t, c.db, `DROP TRIGGER entries_no_update; UPDATE entries SET hours_credited = 9 WHERE seq = 2`)
	code, _, errOut := runWithEnv(t, env, "sync", "--from", c.db, "--to", url, "--centre", "epn-nord")
	if code != exitRefused || !strings.Contains(errOut, "altéré") {
		t.Errorf("altered local ledger: %d %q", code, errOut)
	}
	if _, out, _ := runWithEnv(t, nil, "ledger", "--ledger", url, "--csv"); strings.Count(out, "\n") != 1 {
		t.Errorf("something was sent:\n%s", out)
	}
}
