package centre

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"declic/i18n"
	"declic/ledger"
	"declic/ledger/postgres"
	"declic/ledger/sqlite"
)

// NoLedgerError is a ledger file that does not exist, opened without leave to create
// it: a typo (cnetre.db) must not start a new, empty ledger.
type NoLedgerError struct{ Path string }

func (e *NoLedgerError) Error() string { return "centre: no ledger at " + e.Path }

// ErrNoLedger is what every NoLedgerError is (errors.Is).
var ErrNoLedger = errors.New("centre: no ledger")

// Is makes errors.Is(err, ErrNoLedger) true.
func (e *NoLedgerError) Is(target error) bool { return target == ErrNoLedger }

// IsNetwork reports whether where names a shared PostgreSQL ledger.
func IsNetwork(where string) bool { return postgres.IsURL(where) }

// LedgerExists reports whether the ledger file at where exists (always true for a
// PostgreSQL server, whose database the administrator creates).
func LedgerExists(where string) bool {
	if IsNetwork(where) {
		return true
	}
	_, err := os.Stat(where)
	return err == nil
}

// OpenLedger opens a SQLite file or a PostgreSQL URL. A file that does not exist is
// created only when create is true (and its folder exists); otherwise the error is a
// *NoLedgerError.
func OpenLedger(ctx context.Context, where string, create bool) (ledger.Store, error) {
	if IsNetwork(where) {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		return postgres.Open(ctx, where)
	}
	info, err := os.Stat(where)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !create:
		return nil, &NoLedgerError{Path: where}
	case errors.Is(err, fs.ErrNotExist):
		if d, err := os.Stat(filepath.Dir(where)); err != nil || !d.IsDir() {
			return nil, i18n.NewError(ErrNoLedger, nil, "centre.ledger.no_folder", "Path", Clean(filepath.Dir(where)))
		}
	case err != nil:
		return nil, err
	case !info.Mode().IsRegular():
		return nil, i18n.NewError(ErrNoLedger, nil, "centre.ledger.not_a_file", "Path", Clean(where))
	}
	s, err := sqlite.Open(where)
	if err != nil {
		if m, ok := DatabaseText(err); ok {
			return nil, &i18n.Error{Message: i18n.M("centre.ledger.open_failed", "Path", Clean(where), "Text", m), Err: err}
		}
		return nil, err
	}
	return s, nil
}

// LedgerError is the message for an error of OpenLedger or of a store: a missing file,
// a database problem said as what to do, or the error's own text.
func LedgerError(err error) i18n.Message {
	var nl *NoLedgerError
	var ie *i18n.Error
	switch {
	case errors.As(err, &nl):
		return i18n.M("centre.ledger.missing", "Path", Clean(nl.Path))
	case errors.As(err, &ie):
		return ie.Message
	}
	if m, ok := DatabaseText(err); ok {
		return m
	}
	return i18n.M("centre.reason.error", "Text", Clean(fmt.Sprint(err)))
}
