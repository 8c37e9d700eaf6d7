// Package migration brings a database's schema up to date from numbered SQL files
// embedded in the program (NNNN_what.sql, numbered 1, 2, 3… without a gap). The steps a
// database lacks run in one transaction together with the new version number, so a
// crash leaves the database at its old version or at the new one, never between; a
// database newer than the program is refused before anything is written.
//
// The learner file keeps its version in SQLite's PRAGMA user_version (UserVersion),
// the two ledgers, SQLite and PostgreSQL, in a schema_migrations table (Table).
package migration

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Step is one schema step: the SQL of one embedded file.
type Step struct {
	// Version is the file's number: the schema version after this step.
	Version int
	// Name is the file's name, NNNN_what.sql.
	Name string
	SQL  string
}

// fileName is the form of a step's file: four digits (or more), an underscore, a
// lower-case name. Table writes the name into SQL, so no quote may ever be in it.
var fileName = regexp.MustCompile(`^([0-9]{4,})_[a-z0-9_]+\.sql$`)

// Load reads the steps of dir in fsys: every file there must be named NNNN_what.sql,
// numbered from 1 without a gap or a repeat, and hold some SQL. A wrong file is an
// error of the program, never of its user: tests of every package that loads steps
// catch it.
func Load(fsys fs.FS, dir string) ([]Step, error) {
	files, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("migration: %w", err)
	}
	var steps []Step
	for _, f := range files {
		name := f.Name()
		m := fileName.FindStringSubmatch(name)
		if m == nil || f.IsDir() {
			return nil, fmt.Errorf("migration: %s: want a file named NNNN_what.sql (digits, _, a-z, 0-9)", path.Join(dir, name))
		}
		v, err := strconv.Atoi(m[1])
		if err != nil {
			return nil, fmt.Errorf("migration: %s: %w", path.Join(dir, name), err)
		}
		data, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("migration: %w", err)
		}
		if strings.TrimSpace(string(data)) == "" {
			return nil, fmt.Errorf("migration: %s is empty", path.Join(dir, name))
		}
		steps = append(steps, Step{Version: v, Name: name, SQL: string(data)})
	}
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].Version < steps[j].Version })
	for i, s := range steps {
		switch {
		case i > 0 && s.Version == steps[i-1].Version:
			return nil, fmt.Errorf("migration: %s and %s have the same number: renumber the newer one", steps[i-1].Name, s.Name)
		case s.Version != i+1:
			return nil, fmt.Errorf("migration: %s: want number %04d (steps are numbered 1, 2, 3… without a gap)", path.Join(dir, s.Name), i+1)
		}
	}
	if len(steps) == 0 {
		return nil, fmt.Errorf("migration: %s holds no step", dir)
	}
	return steps, nil
}

// ErrNewer is what a NewerError is (errors.Is): the database was brought to a schema
// this program does not know, by a newer version of it.
var ErrNewer = errors.New("migration: the database comes from a newer version of the program")

// ErrBadVersion: the database holds a version no program writes (a negative one): its
// header is damaged.
var ErrBadVersion = errors.New("migration: the database's schema version is damaged")

// NewerError is a database at Version while this program knows up to Known.
type NewerError struct{ Version, Known int }

// Error says both versions, in English, for developers' logs.
func (e *NewerError) Error() string {
	return fmt.Sprintf("%v (database version %d, this program knows up to %d)", ErrNewer, e.Version, e.Known)
}

// Is makes errors.Is(err, ErrNewer) true.
func (e *NewerError) Is(target error) bool { return target == ErrNewer }

// Queryer is what reading a version needs: the database or a transaction.
type Queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Book is where a database writes down its schema version.
type Book interface {
	// Read returns the version, 0 for a database that has none yet. Outside a
	// migration's transaction (q is the database) it may fail where the book does not
	// exist yet; inside, after Prepare, it must not.
	Read(ctx context.Context, q Queryer) (int, error)
	// Prepare runs first in a migration's transaction, after the lock: it makes room
	// for the book where needed.
	Prepare(ctx context.Context, tx *sql.Tx) error
	// Write records, in the migration's transaction, that step ran.
	Write(ctx context.Context, tx *sql.Tx, step Step) error
}

// UserVersion keeps the version in the header of a SQLite file (PRAGMA user_version),
// where every Déclic since the first reads it.
type UserVersion struct{}

// Read returns PRAGMA user_version.
func (UserVersion) Read(ctx context.Context, q Queryer) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// Prepare does nothing: every SQLite file has a header.
func (UserVersion) Prepare(context.Context, *sql.Tx) error { return nil }

// Write sets PRAGMA user_version, which SQLite changes inside the transaction.
func (UserVersion) Write(ctx context.Context, tx *sql.Tx, step Step) error {
	// PRAGMA takes no bound parameter; the version is our own integer.
	_, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(step.Version))
	return err
}

// TableName is the table Table keeps: one row per step run, with its file's name
// and when it ran. Centre roles of a shared ledger may read it (docs/centres.md).
const TableName = "schema_migrations"

// Table keeps the version as rows of schema_migrations (SQLite and PostgreSQL).
type Table struct{}

// Read returns the highest version recorded. It fails where the table does not exist.
func (Table) Read(ctx context.Context, q Queryer) (int, error) {
	var v sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT MAX(version) FROM `+TableName).Scan(&v); err != nil {
		return 0, err
	}
	return int(v.Int64), nil
}

// Prepare creates the table when missing. It runs under the migration's lock: CREATE
// TABLE IF NOT EXISTS alone is not safe when two processes open a fresh database at the
// same moment.
func (Table) Prepare(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+TableName+` (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)`)
	return err
}

// Write adds the step's row. The name is safe to quote: Load accepts only a-z, 0-9
// and _ in it.
func (Table) Write(ctx context.Context, tx *sql.Tx, step Step) error {
	if !fileName.MatchString(step.Name) {
		return fmt.Errorf("migration: step name %q", step.Name)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO `+TableName+` (version, name) VALUES (`+
		strconv.Itoa(step.Version)+`, '`+step.Name+`')`)
	return err
}

// Hook is Go code that runs in a migration's transaction, for what SQL cannot do
// (a fresh key needs crypto/rand).
type Hook func(ctx context.Context, tx *sql.Tx) error

// Migrator brings one database to the last of Steps.
type Migrator struct {
	DB    *sql.DB
	Steps []Step // as Load returns them: versions 1, 2, 3…
	Book  Book
	// Lock runs first in the migration's transaction and keeps other migrators out
	// until it ends. SQLite needs none when transactions begin IMMEDIATE (_txlock);
	// PostgreSQL takes an advisory transaction lock.
	Lock Hook
	// After runs Go code right after the step of that version, in the same
	// transaction, when that step is among those run.
	After map[int]Hook
}

// Latest is the version Steps lead to.
func (m Migrator) Latest() int { return len(m.Steps) }

// Check reads the database's version without writing anything. It returns a
// *NewerError when the database is newer than Steps and ErrBadVersion when its
// version is negative; an error of Read (a file that is no database, a table not made
// yet) comes back as it is.
func (m Migrator) Check(ctx context.Context) (int, error) {
	v, err := m.Book.Read(ctx, m.DB)
	if err != nil {
		return 0, err
	}
	return v, m.known(v)
}

// known refuses a version Steps cannot migrate from.
func (m Migrator) known(v int) error {
	if v < 0 {
		return fmt.Errorf("%w: version %d", ErrBadVersion, v)
	}
	if v > m.Latest() {
		return &NewerError{Version: v, Known: m.Latest()}
	}
	return nil
}

// Apply runs, in one transaction, every step after the database's version, the After
// hooks of the steps it runs, and the version each step brings. It returns the
// versions before and after. A database already at the last version is only read (no
// transaction, no lock: a role that may not change the schema can open it); one that
// is newer is refused with a *NewerError and left as it was.
func (m Migrator) Apply(ctx context.Context) (from, to int, err error) {
	for i, s := range m.Steps {
		if s.Version != i+1 {
			return 0, 0, fmt.Errorf("migration: step %s is number %d, want %d", s.Name, s.Version, i+1)
		}
	}
	if v, err := m.Book.Read(ctx, m.DB); err == nil {
		if err := m.known(v); err != nil {
			return v, v, err
		}
		if v == m.Latest() {
			return v, v, nil
		}
	}
	tx, err := m.DB.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("migration: begin: %w", err)
	}
	defer tx.Rollback()
	if m.Lock != nil {
		if err := m.Lock(ctx, tx); err != nil {
			return 0, 0, fmt.Errorf("migration: lock: %w", err)
		}
	}
	if err := m.Book.Prepare(ctx, tx); err != nil {
		return 0, 0, fmt.Errorf("migration: prepare the version book: %w", err)
	}
	// Read again under the lock: another process may have migrated meanwhile.
	from, err = m.Book.Read(ctx, tx)
	if err != nil {
		return 0, 0, fmt.Errorf("migration: read the version: %w", err)
	}
	if err := m.known(from); err != nil {
		return from, from, err
	}
	for _, s := range m.Steps[from:] {
		if _, err := tx.ExecContext(ctx, s.SQL); err != nil {
			return from, from, fmt.Errorf("migration %s: %w", s.Name, err)
		}
		if hook := m.After[s.Version]; hook != nil {
			if err := hook(ctx, tx); err != nil {
				return from, from, fmt.Errorf("migration %s: after the step: %w", s.Name, err)
			}
		}
		if err := m.Book.Write(ctx, tx, s); err != nil {
			return from, from, fmt.Errorf("migration %s: record the version: %w", s.Name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return from, from, fmt.Errorf("migration: commit: %w", err)
	}
	return from, m.Latest(), nil
}
