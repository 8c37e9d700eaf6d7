package postgres

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"declic/internal/prereq"
	"declic/ledger"
	"declic/ledger/ledgertest"
	"declic/ledger/pgtest"
	"declic/ledger/sqlite"
)

// server is the real PostgreSQL server of this test binary (nil when it cannot start).
var (
	server    *pgtest.Server
	serverErr error
)

func TestMain(m *testing.M) {
	if url := os.Getenv(helperURL); url != "" { // a helper process uses the parent's server
		runCreditProcess(url)
	}
	// Benchmarks measure a durable server (fsync on), tests a fast one.
	// DECLIC_PG_FSYNC=off measures without disk flushes, to see what they cost.
	durable := false
	for _, a := range os.Args {
		if strings.HasPrefix(a, "-test.bench") {
			durable = os.Getenv("DECLIC_PG_FSYNC") != "off"
		}
	}
	server, serverErr = pgtest.Start(durable)
	if serverErr != nil {
		fmt.Fprint(os.Stderr, pgtest.Banner(serverErr))
	}
	code := m.Run()
	if server != nil {
		server.Stop()
	}
	os.Exit(code)
}

func needServer(tb testing.TB) {
	tb.Helper()
	if server == nil {
		prereq.Missing(tb, "%s", pgtest.Banner(serverErr))
	}
}

func newLedger(t *testing.T) func() (ledger.Store, error) {
	needServer(t)
	url, err := server.NewDatabase()
	if err != nil {
		t.Fatal(err)
	}
	return func() (ledger.Store, error) { return Open(context.Background(), url) }
}

func openNew(t testing.TB) (*Store, string) {
	needServer(t)
	url, err := server.NewDatabase()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, url
}

func TestLedgerSuite(t *testing.T) { ledgertest.Run(t, newLedger) }

func TestAppendOnlyAndSchemaVersion(t *testing.T) {
	s, _ := openNew(t)
	ctx := context.Background()
	if _, err := s.Credit(ctx, ledgertest.Request("epn-nord", "L", 1)); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`UPDATE entries SET hours_credited = 9`, `DELETE FROM entries`, `TRUNCATE entries`} {
		if _, err := s.DB().Exec(q); err == nil || !strings.Contains(err.Error(), "ajout seul") {
			t.Errorf("%s: %v", q, err)
		}
	}
	var version int
	if err := s.DB().QueryRow(`SELECT MAX(version) FROM schema_migrations`).Scan(&version); err != nil || version != 1 {
		t.Fatalf("schema version %d, %v", version, err)
	}
	if _, err := s.Credit(ctx, ledgertest.Request("", "L", 2)); err == nil || !strings.Contains(err.Error(), "--centre") {
		t.Fatalf("credit without centre: %v", err)
	}
}

// The SQL of docs/centres.md, as scripts/pg-centre-role.sh prints it: a centre's role
// inserts its own entries and reads all, and may neither write for another centre, nor
// update, nor delete.
func TestCentreRoleHasLeastRights(t *testing.T) {
	s, url := openNew(t)
	db := pgtest.Database(url)
	grants, err := exec.Command("bash", "../../scripts/pg-centre-role.sh", "epn-nord", db).Output()
	if err != nil {
		t.Fatalf("pg-centre-role.sh: %v", err)
	}
	if err := server.Exec(db, string(grants)); err != nil {
		t.Fatalf("%v\n%s", err, grants)
	}
	ctx := context.Background()
	if _, err := s.Credit(ctx, ledgertest.Request("epn-sud", "S", 1)); err != nil { // the administrator
		t.Fatal(err)
	}
	nord, err := Open(ctx, server.URL(db, "epn-nord"))
	if err != nil {
		t.Fatal(err)
	}
	defer nord.Close()
	if _, err := nord.Credit(ctx, ledgertest.Request("epn-nord", "N", 2)); err != nil {
		t.Fatalf("own centre: %v", err)
	}
	if _, err := nord.Credit(ctx, ledgertest.Request("epn-sud", "N", 3)); err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Fatalf("another centre's chain: %v", err)
	}
	_, err = nord.Credit(ctx, ledgertest.Request("epn-nord", "N", 1))
	if err == nil || !strings.Contains(err.Error(), "déjà crédité par epn-sud") {
		t.Fatalf("duplicate seen by a centre role: %v", err)
	}
	for _, q := range []string{`UPDATE entries SET hours_credited = 9`, `DELETE FROM entries`, `TRUNCATE entries`, `DROP TABLE entries`} {
		if _, err := nord.DB().Exec(q); err == nil || !strings.Contains(err.Error(), "denied") && !strings.Contains(err.Error(), "must be owner") {
			t.Errorf("%s as a centre role: %v", q, err)
		}
	}
	all, err := nord.Entries(ctx, ledger.Filter{})
	if err != nil || len(all) != 2 {
		t.Fatalf("a centre reads the network's entries: %d %v", len(all), err)
	}
	var role string
	if err := s.DB().QueryRow(`SELECT db_role FROM entries WHERE centre = 'epn-nord'`).Scan(&role); err != nil || role != "epn-nord" {
		t.Fatalf("db_role %q %v", role, err)
	}
}

func TestCheckChainFindsAnAlteredRowInOneCentre(t *testing.T) {
	s, _ := openNew(t)
	ctx := context.Background()
	for i := range 6 {
		if _, err := s.Credit(ctx, ledgertest.Request([]string{"epn-nord", "epn-sud"}[i%2], "L", i)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.DB().Exec(`ALTER TABLE entries DISABLE TRIGGER entries_no_update;
		UPDATE entries SET learner = 'Autre' WHERE centre = 'epn-sud' AND seq = 2`); err != nil {
		t.Fatal(err)
	}
	problems, err := s.CheckChain(ctx)
	if err != nil || len(problems) != 1 || problems[0].Centre != "epn-sud" || problems[0].Seq != 2 || !strings.Contains(problems[0].Message, "modifié") {
		t.Fatalf("%+v %v", problems, err)
	}
}

// localLedger writes n credits into a fresh SQLite ledger and returns its entries.
func localLedger(t testing.TB, centre string, first, n int) []ledger.Entry {
	t.Helper()
	s, err := sqlite.Open(filepath.Join(t.TempDir(), "centre.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	for i := first; i < first+n; i++ {
		req := ledgertest.Request(centre, fmt.Sprint("L", i%40), i)
		req.Device = fmt.Sprint("did:key:z6Mk", i%40)
		req.Now = ledgertest.Now.Add(time.Duration(i) * time.Second)
		if _, err := s.Credit(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.Entries(ctx, ledger.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

func count(t *testing.T, s *Store, centre string) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow(`SELECT count(*) FROM entries WHERE centre = $1`, centre).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportIsIdempotent(t *testing.T) {
	s, _ := openNew(t)
	ctx := context.Background()
	local := localLedger(t, "epn-nord", 0, 120)
	rep, err := s.Import(ctx, "epn-nord", local, ImportOptions{BatchSize: 50})
	if err != nil || rep.Added != 120 || rep.Already != 0 || len(rep.Conflicts) != 0 {
		t.Fatalf("first import %+v %v", rep, err)
	}
	before, _ := s.Entries(ctx, ledger.Filter{})
	rep, err = s.Import(ctx, "epn-nord", local, ImportOptions{})
	if err != nil || rep.Added != 0 || rep.Already != 120 {
		t.Fatalf("second import %+v %v", rep, err)
	}
	after, _ := s.Entries(ctx, ledger.Filter{})
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Fatal("the second import changed the shared ledger")
	}
	// Decisions are kept: learner, hours, date, operator; the chain is the server's.
	e := after[7]
	if e.Learner != local[7].Learner || e.HoursCredited != local[7].HoursCredited || !e.CreatedAt.Equal(local[7].CreatedAt) ||
		e.Operator != "agent-epn-nord" || e.Seq != 8 {
		t.Fatalf("imported %+v from %+v", e, local[7])
	}
	if problems, err := s.CheckChain(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("chain %v %v", problems, err)
	}
}

func TestImportReportsConflicts(t *testing.T) {
	s, _ := openNew(t)
	ctx := context.Background()
	// epn-sud credited records 10 and 11 online, before epn-nord syncs its offline ledger.
	for _, n := range []int{10, 11} {
		if _, err := s.Credit(ctx, ledgertest.Request("epn-sud", "S", n)); err != nil {
			t.Fatal(err)
		}
	}
	local := localLedger(t, "epn-nord", 0, 20)
	rep, err := s.Import(ctx, "epn-nord", local, ImportOptions{BatchSize: 7})
	if err != nil || rep.Added != 18 || len(rep.Conflicts) != 2 {
		t.Fatalf("%+v %v", rep, err)
	}
	c := rep.Conflicts[0]
	if c.Local.RecordID != ledgertest.Request("", "", 10).RecordID || c.Holder.Centre != "epn-sud" {
		t.Fatalf("conflict %+v", c)
	}
	// A second run reports them again (never dropped) and adds nothing.
	rep, err = s.Import(ctx, "epn-nord", local, ImportOptions{})
	if err != nil || rep.Added != 0 || rep.Already != 18 || len(rep.Conflicts) != 2 {
		t.Fatalf("rerun %+v %v", rep, err)
	}
	if n := count(t, s, "epn-nord"); n != 18 {
		t.Fatalf("%d entries for epn-nord", n)
	}
}

// The server dies in the middle of an import: only whole batches are written, and a
// new run after the restart finishes the job.
func TestImportSurvivesTheServerBeingKilled(t *testing.T) {
	s, _ := openNew(t)
	ctx := context.Background()
	local := localLedger(t, "epn-nord", 0, 1000)
	killedAt := 0
	_, err := s.Import(ctx, "epn-nord", local, ImportOptions{BatchSize: 100, Progress: func(done int) {
		if done >= 300 && killedAt == 0 {
			killedAt = done
			if err := server.Kill(); err != nil {
				t.Error(err)
			}
		}
	}})
	if err == nil || killedAt == 0 {
		t.Fatalf("import went on after the server was killed (killed at %d): %v", killedAt, err)
	}
	if err := server.Restart(); err != nil {
		t.Fatal(err)
	}
	s.DB().SetMaxIdleConns(0) // drop the dead connections
	s.DB().SetMaxIdleConns(8)
	if n := count(t, s, "epn-nord"); n != killedAt {
		t.Fatalf("%d entries after the crash, want the %d committed before it", n, killedAt)
	}
	if problems, err := s.CheckChain(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("chain after the crash: %v %v", problems, err)
	}
	rep, err := s.Import(ctx, "epn-nord", local, ImportOptions{BatchSize: 100})
	if err != nil || rep.Added != 1000-killedAt || rep.Already != killedAt {
		t.Fatalf("rerun %+v %v", rep, err)
	}
	if n := count(t, s, "epn-nord"); n != 1000 {
		t.Fatalf("%d entries after the rerun", n)
	}
	if problems, err := s.CheckChain(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("chain after the rerun: %v %v", problems, err)
	}
}

func TestOpenReportsAnUnreachableServerWithoutItsPassword(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := Open(ctx, "postgres://centre:secret@127.0.0.1:1/declic?sslmode=disable&connect_timeout=2")
	if err == nil || strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "registre postgres://centre:xxxxx@127.0.0.1:1") {
		t.Fatalf("%v", err)
	}
}
