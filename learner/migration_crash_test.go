package learner

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	"declic/internal/migration/migrationtest"
)

// childMigrate is the child of TestAKilledMigrationLeavesTheOldOrTheNewVersion. Without
// hold it opens the file as the app does, saying "opening" first. With hold it runs the
// store's own migration with one more hook: right after step envChildStart, inside the
// migration's transaction, it says "holding" and waits to be killed.
func childMigrate(path string, hold bool) {
	if !hold {
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
	steps, err := schemaSteps()
	if err != nil {
		fmt.Printf("error %v\n", err)
		os.Exit(3)
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err == nil {
		_, err = db.Exec("PRAGMA journal_mode=WAL")
	}
	if err != nil {
		fmt.Printf("error %v\n", err)
		os.Exit(3)
	}
	s := &Store{db: db, path: path, now: time.Now}
	m := s.migrator(steps)
	at, _ := strconv.Atoi(os.Getenv(envChildStart))
	step := m.After[at]
	m.After = maps.Clone(m.After)
	m.After[at] = func(ctx context.Context, tx *sql.Tx) error {
		if step != nil {
			if err := step(ctx, tx); err != nil {
				return err
			}
		}
		fmt.Println("holding")
		time.Sleep(time.Hour)
		return nil
	}
	_, _, err = m.Apply(context.Background())
	fmt.Printf("error the migration ended: %v\n", err)
	os.Exit(4)
}

// copyFile copies a closed SQLite file (no WAL left beside it) to a new folder.
func copyFile(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "learner.db")
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestAKilledMigrationLeavesTheOldOrTheNewVersion migrates a version 1 file of 1500
// profiles in a child process and kills it (SIGKILL): once right after each step it
// runs, inside the migration's transaction, then 12 times at a random moment while the
// app opens the file.
// After each kill the file passes integrity_check, is at version 1 or at the latest
// version with exactly the schema of that version (never between), holds every row it
// held, and opens: then every profile has its key.
func TestAKilledMigrationLeavesTheOldOrTheNewVersion(t *testing.T) {
	refs := referenceSchemas(t)
	latest := latestVersion(t)
	pristine := filepath.Join(t.TempDir(), "learner.db")
	makeReleasedFile(t, pristine, 1, 1500)
	db := rawDB(t, pristine)
	cols := migrationtest.SQLiteColumns(t, db)
	original := migrationtest.Rows(t, db, cols)
	db.Close()

	rng := rand.New(rand.NewPCG(17, 2026))
	outcomes := map[int]int{} // version after the kill → runs
	holds := latest - 1       // the steps after version 1
	for run := 0; run < holds+12; run++ {
		path := copyFile(t, pristine)
		hold := run < holds
		role, signal := "migrate", "opening"
		if hold {
			role, signal = "migrate-hold", "holding"
		}
		cmd := childCommand(t, role, path, "", run+2) // hold after step run+2
		var delay time.Duration
		if !hold {
			delay = time.Duration(rng.IntN(400)) * time.Millisecond
		}
		for _, line := range migrationtest.Kill(t, cmd, signal, delay) {
			if line != "opening" && line != "opened" && line != "holding" {
				t.Fatalf("run %d: the child said %q", run, line)
			}
		}

		db := rawDB(t, path)
		var check string
		if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
			t.Fatalf("run %d: integrity_check %q, %v", run, check, err)
		}
		v := userVersion(t, db)
		if v != 1 && v != latest || (hold && v != 1) {
			t.Fatalf("run %d (%s): version %d after the kill, want 1 or %d", run, role, v, latest)
		}
		if got := migrationtest.SQLiteSchema(t, db); !reflect.DeepEqual(got, refs[v]) {
			t.Fatalf("run %d: at version %d the schema is not that version's: %v", run, v, got)
		}
		if got := migrationtest.Rows(t, db, cols); !reflect.DeepEqual(got, original) {
			t.Fatalf("run %d: rows changed", run)
		}
		db.Close()
		outcomes[v]++

		s, err := Open(path)
		if err != nil {
			t.Fatalf("run %d: open after the kill: %v", run, err)
		}
		var profiles, keyed int
		s.db.QueryRow("SELECT count(*) FROM profiles").Scan(&profiles)
		s.db.QueryRow("SELECT count(DISTINCT did) FROM profile_keys").Scan(&keyed)
		if userVersion(t, s.db) != latest || profiles != 1500 || keyed != profiles {
			t.Fatalf("run %d: after opening, version %d, %d profiles, %d keys", run, userVersion(t, s.db), profiles, keyed)
		}
		s.Close()
	}
	t.Logf("after %d kills: %d files at version 1, %d at version %d", holds+12, outcomes[1], outcomes[latest], latest)
}
