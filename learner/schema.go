package learner

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"sync"

	"declic/internal/migration"
)

// migrationFiles are the schema steps, migrations/NNNN_what.sql: step N takes the file
// from version N-1 to version N (PRAGMA user_version). Never edit a released step: add
// a new file with the next number (docs/ARCHITECTURE.md, "Storage and schema steps").
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// schemaSteps reads migrationFiles once; a misnamed file fails every Open (and so
// every test of the package), never a learner's PC.
var schemaSteps = sync.OnceValues(func() ([]migration.Step, error) {
	return migration.Load(migrationFiles, "migrations")
})

// migrator brings the file to the last of steps, all missing steps in one IMMEDIATE
// transaction (the DSN's _txlock), so a crash leaves the file at the old version or the
// new one, never between; a second window opening at the same moment waits and then
// finds nothing to do.
func (s *Store) migrator(steps []migration.Step) migration.Migrator {
	return migration.Migrator{
		DB: s.db, Steps: steps, Book: migration.UserVersion{},
		// A key needs randomness SQL cannot give: the profiles of an older file get
		// theirs right after the step that made room for them, in its transaction.
		After: map[int]migration.Hook{keyStep: func(ctx context.Context, tx *sql.Tx) error {
			return giveMissingKeys(ctx, tx, s.now())
		}},
	}
}

// checkVersion reads the schema version without writing and refuses one this code
// cannot migrate from: a newer one (ErrNewerSchema) or a negative one, which only a
// damaged header holds.
func (s *Store) checkVersion(ctx context.Context, steps []migration.Step) error {
	_, err := s.migrator(steps).Check(ctx)
	return s.versionError("read schema version", err)
}

// migrate applies the missing steps.
func (s *Store) migrate(ctx context.Context, steps []migration.Step) error {
	_, _, err := s.migrator(steps).Apply(ctx)
	return s.versionError("migrate", err)
}

// versionError gives a migration error the store's typed error.
func (s *Store) versionError(doing string, err error) error {
	var newer *migration.NewerError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &newer):
		return fmt.Errorf("learner: %s: %w (file version %d, this app knows up to %d)",
			s.path, ErrNewerSchema, newer.Version, newer.Known)
	case errors.Is(err, migration.ErrBadVersion):
		return fmt.Errorf("learner: %s: %w: %v", s.path, ErrCorrupt, err)
	}
	return s.classify(doing, err)
}
