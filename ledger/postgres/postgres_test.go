package postgres

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"declic/internal/prereq"
	"declic/ledger"
	"declic/ledger/ledgertest"
	"declic/ledger/pgtest"
)

// server is the real PostgreSQL server of this test binary (nil when it cannot start).
var (
	server    *pgtest.Server
	serverErr error
)

func TestMain(m *testing.M) {
	if url := os.Getenv(helperURL); url != "" { // a helper process uses the parent's server
		if hold := os.Getenv(helperHold); hold != "" {
			runMigrateHold(url, hold)
		}
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

func TestLedgerSuite(t *testing.T) { ledgertest.Run(t, newLedger, true) }

func TestAppendOnlyAndSchemaVersion(t *testing.T) {
	s, _ := openNew(t)
	ctx := context.Background()
	if _, err := s.Credit(ctx, ledgertest.Request("epn-nord", "L", 1)); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`UPDATE entries SET hours_credited = 9`, `DELETE FROM entries`, `TRUNCATE entries`,
		`DELETE FROM heads`, `UPDATE centres SET signer = 'did:key:zX'`, `TRUNCATE heads`} {
		if _, err := s.DB().Exec(q); err == nil || !strings.Contains(err.Error(), "ajout seul") {
			t.Errorf("%s: %v", q, err)
		}
	}
	var version int
	if err := s.DB().QueryRow(`SELECT MAX(version) FROM schema_migrations`).Scan(&version); err != nil || version != 2 {
		t.Fatalf("schema version %d, %v", version, err)
	}
	var inv *ledger.InvalidError
	if _, err := s.Credit(ctx, ledgertest.Request("", "L", 2)); !errors.As(err, &inv) || inv.Field != ledger.FieldCentre {
		t.Fatalf("credit without centre: %v", err)
	}
}

// newNetwork sets the database up as docs/centres.md says (owner, administrator, one
// role per centre) and returns it with the owner's store.
func newNetwork(t *testing.T, centres ...string) (*pgtest.Network, *Store) {
	t.Helper()
	needServer(t)
	var owner *Store
	n, err := server.NewNetwork("../../scripts/pg-centre-role.sh", func(url string) error {
		var err error
		owner, err = Open(context.Background(), url)
		return err
	}, centres...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { owner.Close() })
	return n, owner
}

func openAs(t *testing.T, url string) *Store {
	t.Helper()
	s, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// The roles of docs/centres.md, as scripts/pg-centre-role.sh prints them: a centre's
// role adds and reads its own rows only and sees other centres through pseudonyms; the
// administrator reads all and writes nothing; neither can change or delete a row.
func TestRolesReadTheirOwnAndWriteTheirOwn(t *testing.T) {
	n, _ := newNetwork(t, "epn-nord", "epn-sud")
	ctx := context.Background()
	nord, sud, admin := openAs(t, n.CentreURL("epn-nord")), openAs(t, n.CentreURL("epn-sud")), openAs(t, n.AdminURL())
	req := ledgertest.Request("epn-sud", "Mme Sud", 1)
	req.Pass = "PASS-COMMUN"
	if _, err := sud.Credit(ctx, req); err != nil {
		t.Fatalf("own centre: %v", err)
	}
	own := ledgertest.Request("epn-nord", "Mme Nord", 2)
	own.Pass = "PASS-COMMUN"
	if _, err := nord.Credit(ctx, own); err != nil {
		t.Fatalf("own centre: %v", err)
	}
	if _, err := nord.Credit(ctx, ledgertest.Request("epn-sud", "N", 3)); err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Fatalf("another centre's chain: %v", err)
	}
	// A duplicate is refused, naming the other centre and the date, nothing more.
	dup := ledgertest.Request("epn-nord", "Mme Nord", 1)
	r := ledger.RefusalOf(second(nord.Credit(ctx, dup)))
	if r == nil || r.Code != ledger.CodeDuplicateRecord || r.Holder.Centre != "epn-sud" || r.Holder.Learner != "" || r.Holder.Seq != 1 {
		t.Fatalf("duplicate seen by a centre role: %+v", r)
	}
	for _, q := range []string{`UPDATE entries SET hours_credited = 9`, `DELETE FROM entries`, `TRUNCATE entries`, `DROP TABLE entries`,
		`ALTER TABLE entries DISABLE TRIGGER entries_no_update`, `SELECT * FROM network_secret`, `DELETE FROM heads`} {
		for name, store := range map[string]*Store{"centre": nord, "admin": admin} {
			if _, err := store.DB().Exec(q); err == nil || !strings.Contains(err.Error(), "denied") && !strings.Contains(err.Error(), "must be owner") {
				t.Errorf("%s as %s: %v", q, name, err)
			}
		}
	}
	mine, err := nord.Entries(ctx, ledger.Filter{})
	if err != nil || len(mine) != 1 || mine[0].Learner != "Mme Nord" {
		t.Fatalf("a centre reads its own rows only: %+v %v", mine, err)
	}
	var hidden int
	if err := nord.DB().QueryRow(`SELECT count(*) FROM entries WHERE learner = 'Mme Sud'`).Scan(&hidden); err != nil || hidden != 0 {
		t.Fatalf("a centre's role reads another centre's learner: %d %v", hidden, err)
	}
	network, err := nord.Network(ctx, ledger.Filter{})
	if err != nil || len(network) != 2 {
		t.Fatalf("network view: %+v %v", network, err)
	}
	other := network[1]
	if other.Centre != "epn-sud" || !strings.HasPrefix(other.Learner, "personne-") || !strings.HasPrefix(other.Pass, "pass-") ||
		other.Operator != "" || network[0].Learner != "Mme Nord" || network[0].Pass != "PASS-COMMUN" {
		t.Fatalf("network view as epn-nord: %+v", network)
	}
	fromSud, _ := sud.Network(ctx, ledger.Filter{})
	if fromSud[0].Pass != other.Pass && fromSud[1].Pass != "PASS-COMMUN" {
		t.Errorf("a pass's pseudonym differs between centres: %+v", fromSud)
	}
	all, err := admin.Entries(ctx, ledger.Filter{})
	if err != nil || len(all) != 2 {
		t.Fatalf("the administrator reads every row: %d %v", len(all), err)
	}
	if _, err := admin.Credit(ctx, ledgertest.Request("epn-nord", "X", 9)); err == nil {
		t.Fatal("the administrator wrote an entry")
	}
	for name, store := range map[string]*Store{"epn-nord": nord, "admin": admin} {
		if problems, err := store.CheckChain(ctx); err != nil || len(problems) != 0 {
			t.Errorf("check as %s: %v %v", name, problems, err)
		}
	}
	var role string
	if err := admin.DB().QueryRow(`SELECT db_role FROM entries WHERE centre = 'epn-nord'`).Scan(&role); err != nil || role != "epn-nord" {
		t.Fatalf("db_role %q %v", role, err)
	}
}

func second(_ ledger.Entry, err error) error { return err }

// The owner of the tables can turn the triggers off; the signed heads still show what it did.
func TestTheOwnerCannotDropACentresTailUnseen(t *testing.T) {
	n, owner := newNetwork(t, "epn-nord", "epn-sud")
	ctx := context.Background()
	nord, sud := openAs(t, n.CentreURL("epn-nord")), openAs(t, n.CentreURL("epn-sud"))
	for i := range 4 {
		if _, err := nord.Credit(ctx, ledgertest.Request("epn-nord", "N", i)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := sud.Credit(ctx, ledgertest.Request("epn-sud", "S", 10)); err != nil {
		t.Fatal(err)
	}
	codes := func() string {
		problems, err := owner.CheckChain(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var c []string
		for _, p := range problems {
			c = append(c, fmt.Sprintf("%s:%d:%s", p.Centre, p.Seq, p.Code))
		}
		return strings.Join(c, " ")
	}
	if got := codes(); got != "" {
		t.Fatalf("fresh network: %s", got)
	}
	// The owner drops epn-nord's last two entries.
	if err := n.ExecAs("declic_owner", `ALTER TABLE entries DISABLE TRIGGER entries_no_update;
		DELETE FROM entries WHERE centre = 'epn-nord' AND seq > 2`); err != nil {
		t.Fatal(err)
	}
	if got := codes(); !strings.Contains(got, "epn-nord:2:shorter-than-head") {
		t.Fatalf("dropped tail: %q", got)
	}
	// It drops epn-nord's heads too: the next head, signed by epn-sud, no longer links.
	if err := n.ExecAs("declic_owner", `ALTER TABLE heads DISABLE TRIGGER heads_no_update;
		DELETE FROM heads WHERE centre = 'epn-nord' AND entries > 2`); err != nil {
		t.Fatal(err)
	}
	if got := codes(); !strings.Contains(got, "epn-sud:1:bad-head") {
		t.Fatalf("dropped tail and heads: %q", got)
	}
}

// Someone with the owner's rights edits a row and recomputes its hash (and the chain's),
// but has no centre key: the signatures give it away.
func TestARehashedRowIsFoundByItsSignature(t *testing.T) {
	n, owner := newNetwork(t, "epn-nord")
	ctx := context.Background()
	nord := openAs(t, n.CentreURL("epn-nord"))
	for i := range 3 {
		if _, err := nord.Credit(ctx, ledgertest.Request("epn-nord", "N", i)); err != nil {
			t.Fatal(err)
		}
	}
	all, _ := owner.Entries(ctx, ledger.Filter{})
	e := all[1]
	e.HoursCredited = 20
	e.Hash = ledger.Hash(e)
	next := all[2]
	next.PrevHash = e.Hash
	next.Hash = ledger.Hash(next)
	if err := n.ExecAs("declic_owner", fmt.Sprintf(`ALTER TABLE entries DISABLE TRIGGER entries_no_update;
		UPDATE entries SET hours_credited = 20, hash = '%s' WHERE centre = 'epn-nord' AND seq = 2;
		UPDATE entries SET prev_hash = '%s', hash = '%s' WHERE centre = 'epn-nord' AND seq = 3`, e.Hash, e.Hash, next.Hash)); err != nil {
		t.Fatal(err)
	}
	problems, err := owner.CheckChain(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, fmt.Sprintf("%d:%s", p.Seq, p.Code))
	}
	if !strings.Contains(strings.Join(got, " "), "2:bad-signature") || !strings.Contains(strings.Join(got, " "), "3:bad-signature") {
		t.Fatalf("%v", got)
	}
}

// The database itself refuses a second credit of a record, of a module for a dossier or
// for a key, and a credit taking a place no cancel freed, whoever inserts it.
func TestTheDatabaseRefusesDuplicatesWithoutTheCode(t *testing.T) {
	s, _ := openNew(t)
	ctx := context.Background()
	first, err := s.Credit(ctx, ledgertest.Request("epn-nord", "A", 1))
	if err != nil {
		t.Fatal(err)
	}
	key := ledgertest.KeyOf("epn-nord")
	insertLike := func(change func(e *ledger.Entry)) error {
		e := first
		e.RecordJSON = []byte(`{}`)
		change(&e)
		e = ledger.Link(e, first.Seq, first.Hash, key)
		_, err := s.DB().Exec(insert, e.Centre, e.Seq, e.Operator, e.Kind, e.RecordID, e.Learner, e.Pass, e.LearnerKey,
			e.AchievementID, e.Module, e.HoursEarned, e.HoursCredited, e.ActivityEnd, e.Enrolled, e.Target, e.Reason, e.RecordHash,
			e.RecordJSON, e.Attempts.Record, e.Attempts.Dossier, e.Attempts.Key, e.CreatedAt, e.PrevHash, e.Hash, e.Signer, e.Signature, nil)
		return err
	}
	cases := map[string]struct {
		change func(e *ledger.Entry)
		want   string
	}{
		"the same record to another dossier":       {func(e *ledger.Entry) { e.Learner, e.LearnerKey = "B", "did:key:zB" }, "entries_record_once"},
		"a new record id, same dossier and module": {func(e *ledger.Entry) { e.RecordID, e.LearnerKey = ledgertest.RecordID(2), "did:key:zB" }, "entries_dossier_once"},
		"a new record id, same key and module":     {func(e *ledger.Entry) { e.RecordID, e.Learner = ledgertest.RecordID(2), "B" }, "entries_key_once"},
		"a place no cancel freed":                  {func(e *ledger.Entry) { e.Attempts = ledger.Attempts{Record: 1, Dossier: 1, Key: 1} }, "une fois"},
		"a row signed by another key":              {func(e *ledger.Entry) { e.RecordID = ledgertest.RecordID(3) }, "clé enregistrée"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			change := c.change
			if name == "a row signed by another key" {
				key = ledgertest.KeyOf("intruder")
				defer func() { key = ledgertest.KeyOf("epn-nord") }()
			}
			if err := insertLike(change); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("%v, want %q", err, c.want)
			}
		})
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
	if err != nil || len(problems) != 1 || problems[0].Centre != "epn-sud" || problems[0].Seq != 2 || problems[0].Code != ledger.CodeAltered {
		t.Fatalf("%+v %v", problems, err)
	}
}

// items makes n local credits (records first..first+n) of centre as a sync would send them.
func items(centre string, first, n int) []ImportItem {
	var out []ImportItem
	for i := first; i < first+n; i++ {
		req := ledgertest.Request(centre, fmt.Sprint("L", i%40), i)
		req.Now = ledgertest.Now.Add(time.Duration(i) * time.Second)
		local := ledger.Link(ledger.Entry{Kind: ledger.KindCredit, RecordID: req.RecordID, CreatedAt: req.Now}, int64(i-first), fmt.Sprintf("%064d", i), nil)
		out = append(out, ImportItem{Local: local, Credit: &req})
	}
	return out
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
	local := items("epn-nord", 0, 120)
	key := ledgertest.KeyOf("epn-nord")
	rep, err := s.Import(ctx, "epn-nord", key, local, ImportOptions{BatchSize: 50})
	if err != nil || rep.Added != 120 || rep.Already != 0 || len(rep.Refused) != 0 {
		t.Fatalf("first import %+v %v", rep, err)
	}
	before, _ := s.Entries(ctx, ledger.Filter{})
	rep, err = s.Import(ctx, "epn-nord", key, local, ImportOptions{})
	if err != nil || rep.Added != 0 || rep.Already != 120 {
		t.Fatalf("second import %+v %v", rep, err)
	}
	after, _ := s.Entries(ctx, ledger.Filter{})
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Fatal("the second import changed the shared ledger")
	}
	e := after[7]
	if e.Learner != "L7" || e.HoursCredited != 1.5 || !e.CreatedAt.Equal(ledgertest.Now.Add(7*time.Second)) || e.Seq != 8 {
		t.Fatalf("imported %+v", e)
	}
	if problems, err := s.CheckChain(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("chain %v %v", problems, err)
	}
}

func TestImportAppliesTheNetworksRules(t *testing.T) {
	s, _ := openNew(t)
	ctx := context.Background()
	// epn-sud credited records 10 and 11 online, before epn-nord syncs its offline ledger.
	for _, n := range []int{10, 11} {
		if _, err := s.Credit(ctx, ledgertest.Request("epn-sud", "S", n)); err != nil {
			t.Fatal(err)
		}
	}
	local := items("epn-nord", 0, 20)
	local[3].Credit.Policy.AcceptUnenrolled = false // this centre's policy refuses an unenrolled key
	local[5].Refused = errors.New("the record no longer verifies")
	rep, err := s.Import(ctx, "epn-nord", ledgertest.KeyOf("epn-nord"), local, ImportOptions{BatchSize: 7})
	if err != nil || rep.Added != 16 || len(rep.Refused) != 4 {
		t.Fatalf("%+v %v", rep, err)
	}
	var codes []string
	for _, r := range rep.Refused {
		if rr := ledger.RefusalOf(r.Err); rr != nil {
			codes = append(codes, fmt.Sprintf("%v %s", r.Local.RecordID == ledgertest.RecordID(10) || r.Local.RecordID == ledgertest.RecordID(11), rr.Code))
		} else {
			codes = append(codes, r.Err.Error())
		}
	}
	if fmt.Sprint(codes) != "[false not-enrolled the record no longer verifies true duplicate-record true duplicate-record]" {
		t.Fatalf("%v", codes)
	}
	rep, err = s.Import(ctx, "epn-nord", ledgertest.KeyOf("epn-nord"), local, ImportOptions{})
	if err != nil || rep.Added != 0 || rep.Already != 16 || len(rep.Refused) != 4 {
		t.Fatalf("rerun %+v %v", rep, err)
	}
	if n := count(t, s, "epn-nord"); n != 16 {
		t.Fatalf("%d entries for epn-nord", n)
	}
}

// The server dies in the middle of an import: only whole batches are written, and a
// new run after the restart finishes the job.
func TestImportSurvivesTheServerBeingKilled(t *testing.T) {
	s, _ := openNew(t)
	ctx := context.Background()
	local := items("epn-nord", 0, 1000)
	key := ledgertest.KeyOf("epn-nord")
	killedAt := 0
	_, err := s.Import(ctx, "epn-nord", key, local, ImportOptions{BatchSize: 100, Progress: func(done int) {
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
	rep, err := s.Import(ctx, "epn-nord", key, local, ImportOptions{BatchSize: 100})
	if err != nil || rep.Added != 1000-killedAt || rep.Already != killedAt {
		t.Fatalf("rerun %+v %v", rep, err)
	}
	if problems, err := s.CheckChain(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("chain after the rerun: %v %v", problems, err)
	}
}

func TestOpenReportsAnUnreachableServerWithoutItsPassword(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := Open(ctx, "postgres://centre:secret@127.0.0.1:1/declic?sslmode=disable&connect_timeout=2")
	if err == nil || strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "postgres://centre:xxxxx@127.0.0.1:1") {
		t.Fatalf("%v", err)
	}
}
