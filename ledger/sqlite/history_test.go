package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
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

// The child of TestAKilledLedgerMigrationLeavesTheOldOrTheNewVersion is this test
// binary again, its role set by these variables.
const (
	envChildLedger = "DECLIC_LEDGER_CHILD"      // the ledger file
	envChildHold   = "DECLIC_LEDGER_CHILD_HOLD" // the step after which to hold, or "" to open as the tool does
)

func TestMain(m *testing.M) {
	if path := os.Getenv(envChildLedger); path != "" {
		childMigrate(path, os.Getenv(envChildHold))
	}
	os.Exit(m.Run())
}

// releasedTable is the schema_migrations table as ledger.Migrator made it (ledger/migrate.go
// up to commit ba266bd), before internal/migration.
const releasedTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)`

// steps returns the ledger's schema steps.
func steps(t testing.TB) []migration.Step {
	t.Helper()
	s, err := migration.Load(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// released is the ledger format a released declic-centre wrote, from the first one
// (version 0: 0001's SQL and no schema_migrations) to version 3.
const released = 3

// makeReleasedLedger makes a ledger file at schema version `version` as the
// declic-centre of that version made it, each step in its own transaction with its row
// of schema_migrations (version 0: the first release, without the table), and appends
// n entries of that version's kinds, hashed and (from version 3) signed as it did.
func makeReleasedLedger(t testing.TB, path string, version, n int) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	all := steps(t)
	if version == 0 {
		if _, err := db.Exec(all[0].SQL); err != nil {
			t.Fatal(err)
		}
	} else {
		if _, err := db.Exec(releasedTable); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range all[:version] {
		if _, err := db.Exec(s.SQL + fmt.Sprintf(";\nINSERT INTO schema_migrations (version, name) VALUES (%d, '%s')", s.Version, s.Name)); err != nil {
			t.Fatal(err)
		}
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, e := range releasedEntries(version, n) {
		insertReleased(t, tx, version, e)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// releasedEntries are n entries of one chain as a ledger of that version holds them:
// credits and enrolments; from version 2 with a centre and an operator; from version 3
// signed by the centre's key, each credit with its record, and cancels.
func releasedEntries(version, n int) []ledger.Entry {
	key := ledgertest.KeyOf("epn-nord")
	if version < 3 {
		key = nil
	}
	var out []ledger.Entry
	head, headHash := int64(0), ""
	at := ledgertest.Now.Add(-30 * 24 * time.Hour)
	for i := 1; len(out) < n; i++ {
		learner := fmt.Sprintf("Dossier %d", i%40)
		e := ledger.Entry{Kind: ledger.KindCredit, RecordID: ledgertest.RecordID(i), Learner: learner, Pass: "PASS-" + learner,
			LearnerKey: ledgertest.KeyOf(learner).DID(), AchievementID: ledgertest.Achievement(i), Module: "Module " + strconv.Itoa(i),
			HoursEarned: 1.5, HoursCredited: 1.5, ActivityEnd: "2026-10-20T10:00:00Z", Enrolled: i%3 == 0,
			CreatedAt: at.Add(time.Duration(i) * time.Minute).Add(123456789)}
		if i%5 == 0 {
			e = ledger.Entry{Kind: ledger.KindEnrol, Learner: learner, LearnerKey: e.LearnerKey, CreatedAt: e.CreatedAt}
		}
		if version >= 2 {
			e.Centre, e.Operator = "epn-nord", "Agnès"
		}
		if version >= 3 {
			if e.Kind == ledger.KindEnrol {
				e.Reason = "card"
			} else {
				e.RecordJSON = []byte(fmt.Sprintf(`{"id":%q}`, e.RecordID))
			}
		}
		e = ledger.Link(e, head, headHash, key)
		out = append(out, e)
		head, headHash = e.Seq, e.Hash
		// Version 3 cancels: every seventh credit is cancelled and credited again.
		if version >= 3 && e.Kind == ledger.KindCredit && i%7 == 0 && len(out)+2 <= n {
			c := e
			c.Kind, c.Target, c.HoursCredited, c.Reason, c.RecordJSON = ledger.KindCancel, e.Seq, -e.HoursCredited, "erreur de dossier", nil
			c.Enrolled, c.Module, c.ActivityEnd, c.HoursEarned = false, "", "", 0
			c = ledger.Link(c, head, headHash, key)
			again := e
			again.Attempts = ledger.Attempts{Record: 1, Dossier: 1, Key: 1}
			again = ledger.Link(again, c.Seq, c.Hash, key)
			out = append(out, c, again)
			head, headHash = again.Seq, again.Hash
		}
	}
	return out
}

// insertReleased writes e with the columns of that version only.
func insertReleased(t testing.TB, tx *sql.Tx, version int, e ledger.Entry) {
	t.Helper()
	created := e.CreatedAt.Format(time.RFC3339Nano)
	var err error
	switch {
	case version < 3:
		var recordID any = e.RecordID
		if e.RecordID == "" {
			recordID = nil // enrolments had no record id
		}
		cols := `seq, kind, record_id, learner, pass, device, achievement_id, module, hours_earned, hours_credited,
			activity_end, enrolled, created_at, prev_hash, hash`
		args := []any{e.Seq, e.Kind, recordID, e.Learner, e.Pass, e.LearnerKey, e.AchievementID, e.Module, e.HoursEarned,
			e.HoursCredited, e.ActivityEnd, e.Enrolled, created, e.PrevHash, e.Hash}
		if version == 2 {
			cols += `, centre, operator`
			args = append(args, e.Centre, e.Operator)
		}
		_, err = tx.Exec(`INSERT INTO entries (`+cols+`) VALUES (?`+strings.Repeat(", ?", len(args)-1)+`)`, args...)
	default:
		var attempts [3]any
		if e.Kind == ledger.KindCredit {
			attempts = [3]any{e.Attempts.Record, e.Attempts.Dossier, e.Attempts.Key}
		}
		var recordJSON any
		if e.RecordJSON != nil {
			recordJSON = e.RecordJSON
		}
		_, err = tx.Exec(`INSERT INTO entries (seq, centre, operator, kind, record_id, learner, pass, device, achievement_id,
			module, hours_earned, hours_credited, activity_end, enrolled, target, reason, record_hash, record_json,
			record_attempt, dossier_attempt, key_attempt, created_at, prev_hash, hash, signer, signature)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			e.Seq, e.Centre, e.Operator, e.Kind, e.RecordID, e.Learner, e.Pass, e.LearnerKey, e.AchievementID,
			e.Module, e.HoursEarned, e.HoursCredited, e.ActivityEnd, e.Enrolled, e.Target, e.Reason, e.RecordHash, recordJSON,
			attempts[0], attempts[1], attempts[2], created, e.PrevHash, e.Hash, e.Signer, e.Signature)
	}
	if err != nil {
		t.Fatalf("version %d, entry %d: %v", version, e.Seq, err)
	}
}

// afterStep3 returns rows of entries (migrationtest.Rows) as step 3 leaves them: an
// enrolment's missing record id becomes an empty text (its hash took it so).
func afterStep3(rows []string) []string {
	out := make([]string, len(rows))
	for i, row := range rows {
		out[i] = strings.Replace(row, "|record_id=<nil>:<nil>|", "|record_id=string:|", 1)
	}
	return out
}

// schemaVersion reads the version schema_migrations holds.
func schemaVersion(t testing.TB, db *sql.DB) int {
	t.Helper()
	v, err := migration.Table{}.Read(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// referenceSchemas returns the schema of a ledger at each version 1…latest made by
// this code's steps.
func referenceSchemas(t testing.TB) map[int][]string {
	t.Helper()
	out := map[int][]string{}
	all := steps(t)
	for v := 1; v <= len(all); v++ {
		db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "centre.db"))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := (migration.Migrator{DB: db, Steps: all[:v], Book: migration.Table{}}).Apply(context.Background()); err != nil {
			t.Fatal(err)
		}
		out[v] = migrationtest.SQLiteSchema(t, db)
		db.Close()
	}
	return out
}

// A ledger of every released version opens: it is brought to the latest version in
// place, every entry keeps every value it had (an enrolment's missing record id
// becomes an empty text, as step 3 says), schema_migrations keeps its rows and gains
// the new ones, its chain checks, its schema is that of a new ledger, and the next
// credit extends the chain.
func TestALedgerOfEveryReleasedVersionMigratesWithoutLoss(t *testing.T) {
	ctx := context.Background()
	refs := referenceSchemas(t)
	latest := len(steps(t))
	for v := 0; v <= released; v++ {
		t.Run(fmt.Sprintf("version %d", v), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "centre.db")
			makeReleasedLedger(t, path, v, 60)
			raw, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			cols := migrationtest.SQLiteColumns(t, raw)
			before := migrationtest.Rows(t, raw, cols)
			raw.Close()
			if len(before["entries"]) != 60 {
				t.Fatalf("%d entries made", len(before["entries"]))
			}

			s, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if got := schemaVersion(t, s.DB()); got != latest {
				t.Errorf("version after opening: %d, want %d", got, latest)
			}
			after := migrationtest.Rows(t, s.DB(), cols)
			if !reflect.DeepEqual(afterStep3(before["entries"]), after["entries"]) {
				t.Errorf("entries changed by the migration:\nbefore %v\nafter  %v", before["entries"], after["entries"])
			}
			// schema_migrations keeps its rows and gains one per step run.
			book := migrationtest.Rows(t, s.DB(), map[string][]string{"schema_migrations": {"version", "name", "applied_at"}})["schema_migrations"]
			if kept := book[:len(before["schema_migrations"])]; !slices.Equal(before["schema_migrations"], kept) || len(book) != latest {
				t.Errorf("schema_migrations: before %v, after %v", before["schema_migrations"], book)
			}
			if got := migrationtest.SQLiteSchema(t, s.DB()); !reflect.DeepEqual(got, refs[latest]) {
				t.Errorf("schema after the migration:\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(refs[latest], "\n  "))
			}
			if problems, err := s.CheckChain(ctx); err != nil || len(problems) != 0 {
				t.Fatalf("chain after the migration: %v, %v", problems, err)
			}
			last := releasedEntries(v, 60)[59]
			e, err := s.Credit(ctx, ledgertest.Request("epn-nord", "Nouvelle personne", 1000))
			if err != nil || e.Seq != 61 || e.PrevHash != last.Hash {
				t.Fatalf("credit after the migration: %+v, %v", e, err)
			}
			if problems, err := s.CheckChain(ctx); err != nil || len(problems) != 0 {
				t.Fatalf("chain after a new credit: %v, %v", problems, err)
			}
		})
	}
}

// A ledger at the latest version is opened without a write.
func TestALedgerAtTheLatestVersionIsOnlyRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "centre.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Credit(context.Background(), ledgertest.Request("epn-nord", "A", 1)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, _ := os.ReadFile(path)
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if after, _ := os.ReadFile(path); string(before) != string(after) {
		t.Error("opening an up-to-date ledger wrote to it")
	}
}

// A ledger that a newer declic-centre migrated is refused with ErrNewerSchema and a
// message for centre staff, and left byte for byte.
func TestANewerLedgerIsRefusedAndLeftAsItWas(t *testing.T) {
	path := filepath.Join(t.TempDir(), "centre.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	latest := len(steps(t))
	if _, err := s.DB().Exec(fmt.Sprintf(`CREATE TABLE later (x); INSERT INTO schema_migrations (version, name) VALUES (%d, '%04d_later.sql')`,
		latest+1, latest+1)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, _ := os.ReadFile(path)
	_, err = Open(path)
	var ie *i18n.Error
	if !errors.Is(err, ledger.ErrNewerSchema) || !errors.As(err, &ie) || ie.ID != "ledger.newer_schema" {
		t.Fatalf("Open = %v, want ErrNewerSchema", err)
	}
	if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "Installez la dernière version de declic-centre") {
		t.Errorf("message: %q", msg)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the newer ledger was written to")
	}
}

// childMigrate migrates the ledger at path and never returns. With hold "", it says
// "opening" and opens the ledger as declic-centre does. Otherwise it runs the ledger's
// steps with one more hook: after step hold, inside the migration's transaction, it
// says "holding" and waits to be killed.
func childMigrate(path, hold string) {
	if hold == "" {
		fmt.Println("opening")
		s, err := Open(path)
		if err != nil {
			fmt.Printf("error %v\n", err)
			os.Exit(3)
		}
		s.Close()
		fmt.Println("opened")
		os.Exit(0)
	}
	all, err := migration.Load(migrationFiles, "migrations")
	var db *sql.DB
	if err == nil {
		db, err = sql.Open("sqlite", "file:"+path+"?_txlock=immediate&_pragma=journal_mode(WAL)")
	}
	if err != nil {
		fmt.Printf("error %v\n", err)
		os.Exit(3)
	}
	at, _ := strconv.Atoi(hold)
	_, _, err = migration.Migrator{DB: db, Steps: all, Book: migration.Table{}, After: map[int]migration.Hook{
		at: func(context.Context, *sql.Tx) error {
			fmt.Println("holding")
			time.Sleep(time.Hour)
			return nil
		}}}.Apply(context.Background())
	fmt.Printf("error the migration ended: %v\n", err)
	os.Exit(4)
}

// TestAKilledLedgerMigrationLeavesTheOldOrTheNewVersion migrates a version 1 ledger of
// 4000 entries in a child process and kills it (SIGKILL): once right after each step
// it runs, inside the migration's transaction, then 8 times at a random moment while
// declic-centre opens it. After each kill the file passes integrity_check, is at
// version 1 or at the latest with exactly that version's schema, holds every row it
// held, and opens with its chain intact.
func TestAKilledLedgerMigrationLeavesTheOldOrTheNewVersion(t *testing.T) {
	refs := referenceSchemas(t)
	latest := len(steps(t))
	pristine := filepath.Join(t.TempDir(), "centre.db")
	makeReleasedLedger(t, pristine, 1, 4000)
	raw, err := sql.Open("sqlite", pristine)
	if err != nil {
		t.Fatal(err)
	}
	cols := migrationtest.SQLiteColumns(t, raw)
	original := migrationtest.Rows(t, raw, cols)
	raw.Close()
	data, err := os.ReadFile(pristine)
	if err != nil {
		t.Fatal(err)
	}

	rng := rand.New(rand.NewPCG(3, 2026))
	holds := latest - 1 // the steps after version 1
	outcomes := map[int]int{}
	for run := 0; run < holds+8; run++ {
		path := filepath.Join(t.TempDir(), "centre.db")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), envChildLedger+"="+path, envChildHold+"=")
		cmd.Stderr = os.Stderr
		signal, delay := "opening", time.Duration(rng.IntN(150))*time.Millisecond
		if run < holds {
			cmd.Env[len(cmd.Env)-1] = envChildHold + "=" + strconv.Itoa(run+2)
			signal, delay = "holding", 0
		}
		for _, line := range migrationtest.Kill(t, cmd, signal, delay) {
			if line != "opening" && line != "opened" && line != "holding" {
				t.Fatalf("run %d: the child said %q", run, line)
			}
		}

		raw, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		if check := migrationtest.Column(t, raw, "PRAGMA integrity_check"); len(check) != 1 || check[0] != "ok" {
			t.Fatalf("run %d: integrity_check %v", run, check)
		}
		v := schemaVersion(t, raw)
		if v != 1 && v != latest || (run < holds && v != 1) {
			t.Fatalf("run %d: version %d after the kill, want 1 or %d", run, v, latest)
		}
		if got := migrationtest.SQLiteSchema(t, raw); !reflect.DeepEqual(got, refs[v]) {
			t.Fatalf("run %d: at version %d the schema is not that version's: %v", run, v, got)
		}
		want := original["entries"]
		if v >= 3 {
			want = afterStep3(want)
		}
		if got := migrationtest.Rows(t, raw, cols); !reflect.DeepEqual(got["entries"], want) {
			t.Fatalf("run %d: entries changed", run)
		}
		raw.Close()
		outcomes[v]++

		s, err := Open(path)
		if err != nil {
			t.Fatalf("run %d: open after the kill: %v", run, err)
		}
		if problems, err := s.CheckChain(context.Background()); err != nil || len(problems) != 0 || schemaVersion(t, s.DB()) != latest {
			t.Fatalf("run %d: after opening: %d problems, %v", run, len(problems), err)
		}
		s.Close()
	}
	t.Logf("after %d kills: %d ledgers at version 1, %d at version %d", holds+8, outcomes[1], outcomes[latest], latest)
}
