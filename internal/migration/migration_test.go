package migration

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	_ "modernc.org/sqlite"
)

var ctx = context.Background()

func file(sql string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(sql)} }

// threeSteps are a small schema's steps, as files.
var threeSteps = fstest.MapFS{
	"m/0001_notes.sql":  file("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);"),
	"m/0002_author.sql": file("-- who wrote it\nALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT '';"),
	"m/0003_tags.sql":   file("CREATE TABLE tags (note INTEGER REFERENCES notes(id), tag TEXT);\nCREATE INDEX tags_by_tag ON tags(tag);"),
}

func load(t *testing.T, fsys fstest.MapFS) []Step {
	t.Helper()
	steps, err := Load(fsys, "m")
	if err != nil {
		t.Fatal(err)
	}
	return steps
}

// openSQLite opens a SQLite file as the stores do: transactions begin IMMEDIATE, a
// writer waits for another.
func openSQLite(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_txlock=immediate&_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestLoadReadsTheStepsInOrder(t *testing.T) {
	steps := load(t, threeSteps)
	if len(steps) != 3 {
		t.Fatalf("%d steps", len(steps))
	}
	for i, s := range steps {
		if s.Version != i+1 || !strings.HasPrefix(s.Name, "000") || s.SQL == "" {
			t.Errorf("step %d: %+v", i, s)
		}
	}
	if steps[1].Name != "0002_author.sql" || !strings.Contains(steps[1].SQL, "ADD COLUMN author") {
		t.Errorf("second step: %+v", steps[1])
	}
}

func TestLoadRefusesAWrongSetOfFiles(t *testing.T) {
	with := func(extra map[string]*fstest.MapFile) fstest.MapFS {
		fsys := fstest.MapFS{}
		for k, v := range threeSteps {
			fsys[k] = v
		}
		for k, v := range extra {
			fsys[k] = v
		}
		return fsys
	}
	cases := []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"a file without a number", with(map[string]*fstest.MapFile{"m/notes.sql": file("SELECT 1;")}), "NNNN_what.sql"},
		{"a number of three digits", with(map[string]*fstest.MapFile{"m/004_x.sql": file("SELECT 1;")}), "NNNN_what.sql"},
		{"a name with a capital", with(map[string]*fstest.MapFile{"m/0004_Tags.sql": file("SELECT 1;")}), "NNNN_what.sql"},
		{"a name with a quote", with(map[string]*fstest.MapFile{"m/0004_it's.sql": file("SELECT 1;")}), "NNNN_what.sql"},
		{"a file of another kind", with(map[string]*fstest.MapFile{"m/README.md": file("notes")}), "NNNN_what.sql"},
		{"a gap in the numbers", with(map[string]*fstest.MapFile{"m/0005_later.sql": file("SELECT 1;")}), "want number 0004"},
		{"two files with one number", with(map[string]*fstest.MapFile{"m/0003_other.sql": file("SELECT 1;")}), "same number"},
		{"an empty file", with(map[string]*fstest.MapFile{"m/0004_nothing.sql": file(" \n\t")}), "is empty"},
		{"a folder among the files", with(map[string]*fstest.MapFile{"m/0004_folder.sql/x": file("SELECT 1;")}), "NNNN_what.sql"},
		{"no file at all", fstest.MapFS{"m": &fstest.MapFile{Mode: os.ModeDir}}, "holds no step"},
		{"no folder", fstest.MapFS{}, "file does not exist"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(c.fsys, "m")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Load = %v, want an error saying %q", err, c.want)
			}
		})
	}
}

// versionOf reads the version the book keeps.
func versionOf(t *testing.T, db *sql.DB, book Book) int {
	t.Helper()
	v, err := book.Read(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestApplyBringsANewDatabaseToTheLastStepAndThenOnlyReads(t *testing.T) {
	for _, book := range []Book{UserVersion{}, Table{}} {
		t.Run(typeName(book), func(t *testing.T) {
			db := openSQLite(t, filepath.Join(t.TempDir(), "db"))
			m := Migrator{DB: db, Steps: load(t, threeSteps), Book: book}
			from, to, err := m.Apply(ctx)
			if err != nil || from != 0 || to != 3 {
				t.Fatalf("Apply = %d → %d, %v; want 0 → 3", from, to, err)
			}
			if _, err := db.Exec(`INSERT INTO notes (body, author) VALUES ('x', 'Marie'); INSERT INTO tags VALUES (1, 'a')`); err != nil {
				t.Fatal(err)
			}
			if v := versionOf(t, db, book); v != 3 {
				t.Errorf("version %d", v)
			}
			from, to, err = m.Apply(ctx)
			if err != nil || from != 3 || to != 3 {
				t.Errorf("second Apply = %d → %d, %v", from, to, err)
			}
			if v, err := m.Check(ctx); err != nil || v != 3 {
				t.Errorf("Check = %d, %v", v, err)
			}
		})
	}
}

func typeName(v any) string {
	switch v.(type) {
	case UserVersion:
		return "UserVersion"
	case Table:
		return "Table"
	}
	return "?"
}

func TestTableRecordsEveryStepByName(t *testing.T) {
	db := openSQLite(t, filepath.Join(t.TempDir(), "db"))
	steps := load(t, threeSteps)
	if _, _, err := (Migrator{DB: db, Steps: steps[:1], Book: Table{}}).Apply(ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, err := (Migrator{DB: db, Steps: steps, Book: Table{}}).Apply(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT version, name, applied_at FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var v int
		var name, at string
		rows.Scan(&v, &name, &at)
		if at == "" {
			t.Errorf("step %d has no date", v)
		}
		got = append(got, name)
	}
	if strings.Join(got, " ") != "0001_notes.sql 0002_author.sql 0003_tags.sql" {
		t.Errorf("schema_migrations holds %v", got)
	}
}

// A step that fails takes back every step of its run, their hooks and their versions:
// the database stays at the version it had.
func TestAFailingStepLeavesTheDatabaseAtItsVersion(t *testing.T) {
	for _, book := range []Book{UserVersion{}, Table{}} {
		t.Run(typeName(book), func(t *testing.T) {
			db := openSQLite(t, filepath.Join(t.TempDir(), "db"))
			steps := load(t, threeSteps)
			if _, _, err := (Migrator{DB: db, Steps: steps[:1], Book: book}).Apply(ctx); err != nil {
				t.Fatal(err)
			}
			broken := append(steps[:2:2], Step{Version: 3, Name: "0003_broken.sql", SQL: "CREATE TABLE extra (x); INSERT INTO nowhere VALUES (1);"})
			hookRan := false
			m := Migrator{DB: db, Steps: broken, Book: book, After: map[int]Hook{2: func(ctx context.Context, tx *sql.Tx) error {
				hookRan = true
				_, err := tx.ExecContext(ctx, `INSERT INTO notes (body, author) VALUES ('from the hook', 'Go')`)
				return err
			}}}
			_, _, err := m.Apply(ctx)
			if err == nil || !strings.Contains(err.Error(), "0003_broken.sql") {
				t.Fatalf("Apply = %v, want the broken step named", err)
			}
			var extra, notes, author int
			db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'extra'`).Scan(&extra)
			db.QueryRow(`SELECT count(*) FROM notes`).Scan(&notes)
			db.QueryRow(`SELECT count(*) FROM pragma_table_info('notes') WHERE name = 'author'`).Scan(&author)
			if v := versionOf(t, db, book); v != 1 || extra != 0 || notes != 0 || author != 0 || !hookRan {
				t.Errorf("after the failure: version %d, extra %d, notes %d, author column %d, hook ran %v; want 1, 0, 0, 0, true",
					v, extra, notes, author, hookRan)
			}
		})
	}
}

func TestAFailingHookLeavesTheDatabaseAtItsVersion(t *testing.T) {
	db := openSQLite(t, filepath.Join(t.TempDir(), "db"))
	m := Migrator{DB: db, Steps: load(t, threeSteps), Book: UserVersion{}, After: map[int]Hook{
		3: func(context.Context, *sql.Tx) error { return errors.New("no randomness today") },
	}}
	if _, _, err := m.Apply(ctx); err == nil || !strings.Contains(err.Error(), "no randomness today") {
		t.Fatalf("Apply = %v", err)
	}
	var tables int
	db.QueryRow(`SELECT count(*) FROM sqlite_master`).Scan(&tables)
	if v := versionOf(t, db, UserVersion{}); v != 0 || tables != 0 {
		t.Errorf("version %d, %d objects in the schema; want a blank database", v, tables)
	}
}

// Hooks run after their own step, once, and only when that step runs.
func TestHooksRunAfterTheirStepOnly(t *testing.T) {
	db := openSQLite(t, filepath.Join(t.TempDir(), "db"))
	steps := load(t, threeSteps)
	var ran []int
	hook := func(n int) Hook {
		return func(ctx context.Context, tx *sql.Tx) error {
			// The step's own table or column is there already.
			_, err := tx.ExecContext(ctx, map[int]string{1: `SELECT id FROM notes`, 2: `SELECT author FROM notes`}[n])
			ran = append(ran, n)
			return err
		}
	}
	after := map[int]Hook{1: hook(1), 2: hook(2)}
	if _, _, err := (Migrator{DB: db, Steps: steps[:1], Book: Table{}, After: after}).Apply(ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, err := (Migrator{DB: db, Steps: steps, Book: Table{}, After: after}).Apply(ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, err := (Migrator{DB: db, Steps: steps, Book: Table{}, After: after}).Apply(ctx); err != nil {
		t.Fatal(err)
	}
	if len(ran) != 2 || ran[0] != 1 || ran[1] != 2 {
		t.Errorf("hooks ran %v, want [1 2]", ran)
	}
}

// A database a newer program migrated is refused, by Check and by Apply, and not a
// byte of it changes.
func TestANewerDatabaseIsRefusedAndLeftAsItWas(t *testing.T) {
	for _, book := range []Book{UserVersion{}, Table{}} {
		t.Run(typeName(book), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "db")
			db := openSQLite(t, path)
			steps := load(t, threeSteps)
			if _, _, err := (Migrator{DB: db, Steps: steps, Book: book}).Apply(ctx); err != nil {
				t.Fatal(err)
			}
			db.Close()
			before, _ := os.ReadFile(path)
			db = openSQLite(t, path)
			older := Migrator{DB: db, Steps: steps[:2], Book: book}
			_, err := older.Check(ctx)
			var newer *NewerError
			if !errors.As(err, &newer) || !errors.Is(err, ErrNewer) || newer.Version != 3 || newer.Known != 2 {
				t.Fatalf("Check = %v, want a NewerError 3 > 2", err)
			}
			if _, _, err := older.Apply(ctx); !errors.Is(err, ErrNewer) || !strings.Contains(err.Error(), "version 3") {
				t.Fatalf("Apply = %v, want ErrNewer naming version 3", err)
			}
			db.Close()
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Error("the newer database was written to")
			}
		})
	}
}

func TestANegativeUserVersionIsADamagedDatabase(t *testing.T) {
	db := openSQLite(t, filepath.Join(t.TempDir(), "db"))
	if _, err := db.Exec("PRAGMA user_version = -3"); err != nil {
		t.Fatal(err)
	}
	m := Migrator{DB: db, Steps: load(t, threeSteps), Book: UserVersion{}}
	if _, err := m.Check(ctx); !errors.Is(err, ErrBadVersion) {
		t.Errorf("Check = %v, want ErrBadVersion", err)
	}
	if _, _, err := m.Apply(ctx); !errors.Is(err, ErrBadVersion) {
		t.Errorf("Apply = %v, want ErrBadVersion", err)
	}
}

func TestStepsOutOfOrderAreRefused(t *testing.T) {
	db := openSQLite(t, filepath.Join(t.TempDir(), "db"))
	steps := load(t, threeSteps)
	m := Migrator{DB: db, Steps: []Step{steps[0], steps[2]}, Book: Table{}}
	if _, _, err := m.Apply(ctx); err == nil || !strings.Contains(err.Error(), "want 2") {
		t.Errorf("Apply = %v", err)
	}
}

// Two programs opening a new database at the same moment: one migrates, the other
// waits for it and then finds nothing to do; every step ran once.
func TestTwoMigratorsAtOnceRunEachStepOnce(t *testing.T) {
	for _, book := range []Book{UserVersion{}, Table{}} {
		t.Run(typeName(book), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "db")
			steps := load(t, threeSteps)
			var wg sync.WaitGroup
			errs := make([]error, 4)
			for i := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					db := openSQLite(t, path) // a pool of its own, as another process has
					m := Migrator{DB: db, Steps: steps, Book: book, After: map[int]Hook{3: func(ctx context.Context, tx *sql.Tx) error {
						_, err := tx.ExecContext(ctx, `INSERT INTO notes (body) VALUES ('once')`)
						return err
					}}}
					_, _, errs[i] = m.Apply(ctx)
				}()
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			db := openSQLite(t, path)
			var notes int
			db.QueryRow(`SELECT count(*) FROM notes`).Scan(&notes)
			if v := versionOf(t, db, book); v != 3 || notes != 1 {
				t.Errorf("version %d, %d rows written by the hook; want 3 and 1", v, notes)
			}
		})
	}
}
