package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"declic/i18n"
	"declic/internal/migration"
	"declic/internal/migration/migrationtest"
	"declic/ledger"
	"declic/ledger/ledgertest"
)

// helperHold makes this test binary a child that migrates the ledger at helperURL and,
// right after the step it names, inside the migration's transaction, says "holding"
// and waits to be killed.
const helperHold = "DECLIC_TEST_HELPER_HOLD"

// releasedTable is the schema_migrations table as ledger.Migrator made it (ledger/migrate.go
// up to commit ba266bd), before internal/migration.
const releasedTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)`

// steps returns the shared ledger's schema steps.
func steps(t testing.TB) []migration.Step {
	t.Helper()
	s, err := migration.Load(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// released is the newest schema version a released declic-centre wrote.
const released = 2

// rawOpen connects to url with no help from the store.
func rawOpen(t testing.TB, url string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// makeReleasedLedger brings a new database to schema version `version` as the
// declic-centre of that version did (each step in its own transaction, with its row of
// schema_migrations) and, at version 1, appends the entries of two centres' chains as
// that version wrote them: unsigned credits and enrolments, some synced from a
// centre's SQLite file.
func makeReleasedLedger(t testing.TB, url string, version int) {
	t.Helper()
	db := rawOpen(t, url)
	defer db.Close()
	if _, err := db.Exec(releasedTable); err != nil {
		t.Fatal(err)
	}
	for _, s := range steps(t)[:version] {
		if _, err := db.Exec(s.SQL + fmt.Sprintf(";\nINSERT INTO schema_migrations (version, name) VALUES (%d, '%s')", s.Version, s.Name)); err != nil {
			t.Fatal(err)
		}
	}
	if version != 1 {
		return
	}
	at := ledgertest.Now.Add(-30 * 24 * time.Hour)
	for _, centre := range []string{"epn-nord", "epn-sud"} {
		head, headHash := int64(0), ""
		for i := 1; i <= 30; i++ {
			learner := fmt.Sprintf("Dossier %d", i%7)
			n := i
			if centre == "epn-sud" {
				n += 100
			}
			e := ledger.Entry{Centre: centre, Operator: "Agnès", Kind: ledger.KindCredit, RecordID: ledgertest.RecordID(n),
				Learner: learner, Pass: "PASS-" + learner, LearnerKey: ledgertest.KeyOf(learner).DID(),
				AchievementID: ledgertest.Achievement(n), Module: "Module " + strconv.Itoa(n), HoursEarned: 1.5, HoursCredited: 1.5,
				ActivityEnd: "2026-10-20T10:00:00Z", Enrolled: i%2 == 0, CreatedAt: ledger.Timestamp(at.Add(time.Duration(n) * time.Minute))}
			var recordID any = e.RecordID
			if i%6 == 0 {
				e = ledger.Entry{Centre: centre, Operator: "Agnès", Kind: ledger.KindEnrol, Learner: learner,
					LearnerKey: e.LearnerKey, CreatedAt: e.CreatedAt}
				recordID = nil
			}
			e = ledger.Link(e, head, headHash, nil)
			head, headHash = e.Seq, e.Hash
			var origin any
			if i%5 == 0 {
				origin = fmt.Sprintf("%064x", n) // synced from the centre's file
			}
			if _, err := db.Exec(`INSERT INTO entries (centre, seq, kind, record_id, learner, pass, device, achievement_id,
				module, hours_earned, hours_credited, activity_end, enrolled, operator, created_at, prev_hash, hash, origin)
				VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)`,
				e.Centre, e.Seq, e.Kind, recordID, e.Learner, e.Pass, e.LearnerKey, e.AchievementID, e.Module, e.HoursEarned,
				e.HoursCredited, e.ActivityEnd, e.Enrolled, e.Operator, e.CreatedAt, e.PrevHash, e.Hash, origin); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// pgColumns returns the columns of the public schema's tables, by table.
func pgColumns(t testing.TB, db *sql.DB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, tc := range migrationtest.Column(t, db, `SELECT table_name || ' ' || column_name FROM information_schema.columns
		WHERE table_schema = 'public' AND table_name IN (SELECT tablename FROM pg_tables WHERE schemaname = 'public')
		ORDER BY table_name, ordinal_position`) {
		table, col, _ := strings.Cut(tc, " ")
		out[table] = append(out[table], col)
	}
	return out
}

// pgSchema describes the public schema: columns with their types and defaults,
// constraints, indexes, triggers, functions, views and row-level policies.
func pgSchema(t testing.TB, db *sql.DB) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || COALESCE(column_default, '')
			FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1`,
		`SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
			WHERE connamespace = 'public'::regnamespace ORDER BY 1`,
		`SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`,
		`SELECT tgrelid::regclass || ' ' || tgname || ' ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1`,
		`SELECT proname || ' ' || md5(prosrc) || ' ' || prosecdef FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1`,
		`SELECT viewname || ' ' || definition FROM pg_views WHERE schemaname = 'public' ORDER BY 1`,
		`SELECT tablename || ' ' || policyname || ' ' || cmd || ' ' || COALESCE(qual, '') || ' ' || COALESCE(with_check, '')
			FROM pg_policies WHERE schemaname = 'public' ORDER BY 1`,
	} {
		out = append(out, migrationtest.Column(t, db, q)...)
	}
	return out
}

// versionOf reads the version schema_migrations holds (0 without the table).
func versionOf(t testing.TB, db *sql.DB) int {
	t.Helper()
	if migrationtest.Column(t, db, `SELECT COALESCE(to_regclass('schema_migrations')::text, '')`)[0] == "" {
		return 0
	}
	v, err := migration.Table{}.Read(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// A shared ledger of every released version opens: brought to the latest version,
// every entry keeps every value it had, schema_migrations keeps its rows, the schema is
// that of a new ledger, the chains check, and each centre's next credit extends its
// chain, signed.
func TestASharedLedgerOfEveryReleasedVersionMigratesWithoutLoss(t *testing.T) {
	needServer(t)
	ctx := context.Background()
	fresh, _ := openNew(t)
	want := pgSchema(t, fresh.DB())
	latest := len(steps(t))
	for v := 1; v <= released; v++ {
		t.Run(fmt.Sprintf("version %d", v), func(t *testing.T) {
			url, err := server.NewDatabase()
			if err != nil {
				t.Fatal(err)
			}
			makeReleasedLedger(t, url, v)
			raw := rawOpen(t, url)
			cols := pgColumns(t, raw)
			before := migrationtest.Rows(t, raw, cols)

			s, err := Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if got := versionOf(t, s.DB()); got != latest {
				t.Errorf("version after opening: %d, want %d", got, latest)
			}
			after := migrationtest.Rows(t, s.DB(), cols)
			if !reflect.DeepEqual(before["entries"], after["entries"]) {
				t.Errorf("entries changed by the migration:\nbefore %v\nafter  %v", before["entries"], after["entries"])
			}
			if n := len(before["schema_migrations"]); !reflect.DeepEqual(before["schema_migrations"], after["schema_migrations"][:n]) ||
				len(after["schema_migrations"]) != latest {
				t.Errorf("schema_migrations: before %v, after %v", before["schema_migrations"], after["schema_migrations"])
			}
			if got := pgSchema(t, s.DB()); !reflect.DeepEqual(got, want) {
				t.Errorf("schema after the migration:\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
			if problems, err := s.CheckChain(ctx); err != nil || len(problems) != 0 {
				t.Fatalf("chains after the migration: %v, %v", problems, err)
			}
			for _, centre := range []string{"epn-nord", "epn-sud"} {
				e, err := s.Credit(ctx, ledgertest.Request(centre, "Nouvelle personne "+centre, 1000+len(centre)))
				if err != nil || (v == 1 && e.Seq != 31) || e.Signer == "" {
					t.Fatalf("%s: credit after the migration: %+v, %v", centre, e, err)
				}
			}
			if problems, err := s.CheckChain(ctx); err != nil || len(problems) != 0 {
				t.Fatalf("chains after new credits: %v, %v", problems, err)
			}
		})
	}
}

// A shared ledger that a newer declic-centre migrated is refused with ErrNewerSchema
// and a message for centre staff; nothing in it changes.
func TestANewerSharedLedgerIsRefusedAndLeftAsItWas(t *testing.T) {
	s, url := openNew(t)
	latest := len(steps(t))
	if _, err := s.DB().Exec(fmt.Sprintf(`CREATE TABLE later (x int); INSERT INTO schema_migrations (version, name) VALUES (%d, '%04d_later.sql')`,
		latest+1, latest+1)); err != nil {
		t.Fatal(err)
	}
	before := pgSchema(t, s.DB())
	_, err := Open(context.Background(), url)
	var ie *i18n.Error
	if !errors.Is(err, ledger.ErrNewerSchema) || !errors.As(err, &ie) || ie.ID != "ledger.newer_schema" {
		t.Fatalf("Open = %v, want ErrNewerSchema", err)
	}
	if msg := i18n.French().Error(err); !strings.Contains(msg, "Le registre "+Redact(url)) || !strings.Contains(msg, "schéma "+strconv.Itoa(latest+1)) {
		t.Errorf("message %q: want the ledger and its version", msg)
	}
	if after := pgSchema(t, s.DB()); !reflect.DeepEqual(before, after) || versionOf(t, s.DB()) != latest+1 {
		t.Error("the newer ledger was changed")
	}
}

// runMigrateHold is the child of TestAKilledSharedLedgerMigrationLeavesTheOldVersion:
// it migrates the ledger at url and, after step hold, inside the migration's
// transaction, says "holding" and waits to be killed. It never returns.
func runMigrateHold(url, hold string) {
	db, err := sql.Open("pgx", url)
	all, err2 := migration.Load(migrationFiles, "migrations")
	if err != nil || err2 != nil {
		fmt.Println("error", err, err2)
		os.Exit(3)
	}
	at, _ := strconv.Atoi(hold)
	_, _, err = migration.Migrator{DB: db, Steps: all, Book: migration.Table{}, After: map[int]migration.Hook{
		at: func(context.Context, *sql.Tx) error {
			fmt.Println("holding")
			time.Sleep(time.Hour)
			return nil
		}}}.Apply(context.Background())
	fmt.Println("error the migration ended:", err)
	os.Exit(4)
}

// A client killed (SIGKILL) in the middle of a migration, right after a step inside
// its transaction, leaves the shared ledger at its old version: a new database stays
// without any table, a version 1 ledger stays at version 1 with its schema and entries;
// both then open.
func TestAKilledSharedLedgerMigrationLeavesTheOldVersion(t *testing.T) {
	needServer(t)
	for _, from := range []int{0, 1} {
		t.Run(fmt.Sprintf("from version %d", from), func(t *testing.T) {
			url, err := server.NewDatabase()
			if err != nil {
				t.Fatal(err)
			}
			if from > 0 {
				makeReleasedLedger(t, url, from)
			}
			raw := rawOpen(t, url)
			schema, cols := pgSchema(t, raw), pgColumns(t, raw)
			rows := migrationtest.Rows(t, raw, cols)
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), helperURL+"="+url, helperHold+"="+strconv.Itoa(from+1))
			cmd.Stderr = os.Stderr
			if said := migrationtest.Kill(t, cmd, "holding", 0); len(said) != 1 {
				t.Fatalf("the child said %q", said)
			}
			// Look once the server has ended the dead client's session.
			for i := 0; ; i++ {
				others := migrationtest.Column(t, raw, `SELECT count(*) FROM pg_stat_activity
					WHERE datname = current_database() AND pid <> pg_backend_pid()`)
				if others[0] == "0" {
					break
				}
				if i == 2000 {
					t.Fatal("the killed client's session is still open after 20 s")
				}
				time.Sleep(10 * time.Millisecond)
			}
			if v := versionOf(t, raw); v != from {
				t.Errorf("version %d after the kill, want %d", v, from)
			}
			if got := pgSchema(t, raw); !reflect.DeepEqual(got, schema) {
				t.Errorf("schema after the kill:\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(schema, "\n  "))
			}
			if got := migrationtest.Rows(t, raw, cols); !reflect.DeepEqual(got, rows) {
				t.Error("rows changed by the killed migration")
			}
			s, err := Open(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if v := versionOf(t, s.DB()); v != len(steps(t)) {
				t.Errorf("version %d after opening", v)
			}
			if problems, err := s.CheckChain(context.Background()); err != nil || len(problems) != 0 {
				t.Errorf("chains: %v, %v", problems, err)
			}
		})
	}
}
