package ledger

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"

	"declic/i18n"
	"declic/internal/migration"
)

// ErrNewerSchema: the ledger was brought to a schema this program does not know, by a
// newer declic-centre. It is left as it was; the error is an *i18n.Error that tells
// centre staff to update the tool.
var ErrNewerSchema = errors.New("ledger: the ledger comes from a newer version of declic-centre")

// Migrate brings a store's schema up to date: the steps are the files NNNN_what.sql of
// dir in steps, run by internal/migration in one transaction and recorded in the
// schema_migrations table. lock runs first in that transaction and must keep other
// processes out until it ends (nil for SQLite, whose transactions begin IMMEDIATE; an
// advisory lock on PostgreSQL). where names the ledger in messages.
//
// A ledger already up to date is only read, so a role that may not change the schema
// can open it; a newer one gives ErrNewerSchema and is left as it was.
func Migrate(ctx context.Context, db *sql.DB, steps fs.FS, dir, where string, lock func(context.Context, *sql.Tx) error) error {
	loaded, err := migration.Load(steps, dir)
	if err != nil {
		return err
	}
	_, _, err = migration.Migrator{DB: db, Steps: loaded, Book: migration.Table{}, Lock: lock}.Apply(ctx)
	var newer *migration.NewerError
	if errors.As(err, &newer) {
		return i18n.NewError(ErrNewerSchema, err, "ledger.newer_schema",
			"Where", where, "Version", newer.Version, "Known", newer.Known)
	}
	return err
}
