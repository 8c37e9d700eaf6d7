package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migration is one versioned SQL script of a store's schema.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations reads the scripts NNNN_name.sql in dir of fsys, in version order. A
// misnamed file or a repeated version is an error.
func Migrations(fsys fs.FS, dir string) ([]Migration, error) {
	files, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("migrations : %w", err)
	}
	var out []Migration
	seen := map[int]string{}
	for _, f := range files {
		name := f.Name()
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 || !strings.HasSuffix(name, ".sql") {
			return nil, fmt.Errorf("migrations : %s : nom attendu NNNN_nom.sql", name)
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations : %s et %s ont la même version %d", other, name, v)
		}
		seen[v] = name
		data, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("migrations : %w", err)
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(data)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// Migrator applies migrations to one engine. Lock runs first in each migration's
// transaction and must serialise migrators (SQLite: an immediate transaction already
// does; PostgreSQL: an advisory lock).
type Migrator struct {
	DB   *sql.DB
	Lock func(ctx context.Context, tx *sql.Tx) error
}

// Apply creates the schema_migrations table when missing and applies, each in its own
// transaction, the migrations not yet recorded there. It returns the schema version.
func (m Migrator) Apply(ctx context.Context, migrations []Migration) (int, error) {
	current, err := m.version(ctx, m.DB)
	if err != nil {
		// No table yet (a fresh database): create it. A role that may not create
		// tables only ever reads an up-to-date schema.
		if err := m.bootstrap(ctx); err != nil {
			return 0, fmt.Errorf("migrations : %w", err)
		}
	}
	for _, mig := range migrations {
		if mig.Version <= current {
			continue
		}
		if err := m.applyOne(ctx, mig); err != nil {
			return current, err
		}
		current = mig.Version
	}
	return current, nil
}

// bootstrap creates schema_migrations under the lock: CREATE TABLE IF NOT EXISTS alone
// is not safe when two processes open a fresh database at the same moment.
func (m Migrator) bootstrap(ctx context.Context) error {
	tx, err := m.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if m.Lock != nil {
		if err := m.Lock(ctx, tx); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)`); err != nil {
		return err
	}
	return tx.Commit()
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (m Migrator) version(ctx context.Context, q queryer) (int, error) {
	var v sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	return int(v.Int64), err
}

func (m Migrator) applyOne(ctx context.Context, mig Migration) error {
	tx, err := m.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s : %w", mig.Name, err)
	}
	defer tx.Rollback()
	if m.Lock != nil {
		if err := m.Lock(ctx, tx); err != nil {
			return fmt.Errorf("migration %s : %w", mig.Name, err)
		}
	}
	current, err := m.version(ctx, tx)
	if err != nil {
		return fmt.Errorf("migration %s : %w", mig.Name, err)
	}
	if mig.Version <= current { // another process applied it meanwhile
		return nil
	}
	if _, err := tx.ExecContext(ctx, mig.SQL); err != nil {
		return fmt.Errorf("migration %s : %w", mig.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES (`+strconv.Itoa(mig.Version)+`, '`+strings.ReplaceAll(mig.Name, "'", "''")+`')`); err != nil {
		return fmt.Errorf("migration %s : %w", mig.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s : %w", mig.Name, err)
	}
	return nil
}
