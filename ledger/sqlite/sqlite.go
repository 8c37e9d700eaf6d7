// Package sqlite is the ledger of one centre in a SQLite file (modernc.org/sqlite, pure
// Go): one hash chain over the whole file, append-only triggers, one writer at a time.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver

	"declic/ledger"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is the SQLite ledger. The whole file is one centre's chain: device bindings and
// policy totals look at every entry, whatever its centre id.
type Store struct {
	db   *sql.DB
	path string
}

var _ ledger.Store = (*Store)(nil)

// Open opens (creating if needed) the ledger at path and brings its schema up to date.
func Open(path string) (*Store, error) {
	dsn := "file:" + path + "?_txlock=immediate&_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("registre %s : %w", path, err)
	}
	migrations, err := ledger.Migrations(migrationFiles, "migrations")
	if err == nil {
		_, err = ledger.Migrator{DB: db}.Apply(context.Background(), migrations)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("registre %s : %w", path, err)
	}
	return &Store{db: db, path: path}, nil
}

// DB is the underlying database, for tests and tools that read it directly.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// tx adapts one immediate transaction to ledger.Tx.
type tx struct{ *sql.Tx }

const columns = `seq, centre, operator, kind, COALESCE(record_id,''), learner, pass, device, achievement_id, module,
	hours_earned, hours_credited, activity_end, enrolled, created_at, prev_hash, hash`

type scanner interface{ Scan(dest ...any) error }

func scanEntry(row scanner) (ledger.Entry, error) {
	var e ledger.Entry
	var created string
	if err := row.Scan(&e.Seq, &e.Centre, &e.Operator, &e.Kind, &e.RecordID, &e.Learner, &e.Pass, &e.Device, &e.AchievementID,
		&e.Module, &e.HoursEarned, &e.HoursCredited, &e.ActivityEnd, &e.Enrolled, &created, &e.PrevHash, &e.Hash); err != nil {
		return e, err
	}
	t, err := time.Parse(time.RFC3339Nano, created)
	if err != nil {
		return e, fmt.Errorf("ligne %d : date %q illisible", e.Seq, created)
	}
	e.CreatedAt = t
	return e, nil
}

func (t tx) Holder(ctx context.Context, recordID string) (ledger.Entry, bool, error) {
	e, err := scanEntry(t.QueryRowContext(ctx, `SELECT `+columns+` FROM entries WHERE record_id = ?`, recordID))
	if errors.Is(err, sql.ErrNoRows) {
		return e, false, nil
	}
	return e, err == nil, err
}

func (t tx) Binding(ctx context.Context, _, device string) (learner string, enrolled bool, err error) {
	err = t.QueryRowContext(ctx, `SELECT learner FROM entries WHERE device = ? AND kind = 'enrol' ORDER BY seq DESC LIMIT 1`, device).Scan(&learner)
	if err == nil {
		return learner, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", false, err
	}
	err = t.QueryRowContext(ctx, `SELECT learner FROM entries WHERE device = ? AND kind = 'credit' ORDER BY seq LIMIT 1`, device).Scan(&learner)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return learner, false, err
}

func (t tx) Credited(ctx context.Context, _, learner, pass string) (float64, error) {
	var total float64
	err := t.QueryRowContext(ctx, `SELECT COALESCE(SUM(hours_credited),0) FROM entries
		WHERE kind = 'credit' AND learner = ? AND pass = ?`, learner, pass).Scan(&total)
	return total, err
}

func (t tx) Append(ctx context.Context, e ledger.Entry) (ledger.Entry, error) {
	var head sql.NullInt64
	var headHash sql.NullString
	err := t.QueryRowContext(ctx, `SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1`).Scan(&head, &headHash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return e, err
	}
	e = ledger.Link(e, head.Int64, headHash.String)
	var recordID any
	if e.RecordID != "" {
		recordID = e.RecordID
	}
	_, err = t.ExecContext(ctx, `INSERT INTO entries (seq, centre, operator, kind, record_id, learner, pass, device, achievement_id, module,
		hours_earned, hours_credited, activity_end, enrolled, created_at, prev_hash, hash)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		e.Seq, e.Centre, e.Operator, e.Kind, recordID, e.Learner, e.Pass, e.Device, e.AchievementID, e.Module,
		e.HoursEarned, e.HoursCredited, e.ActivityEnd, e.Enrolled, e.CreatedAt.Format(time.RFC3339Nano), e.PrevHash, e.Hash)
	return e, err
}

// inTx runs fn in one immediate transaction (_txlock=immediate: one writer at a time,
// across processes) and commits when it succeeds.
func (s *Store) inTx(ctx context.Context, fn func(tx) (ledger.Entry, error)) (ledger.Entry, error) {
	t, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return ledger.Entry{}, fmt.Errorf("registre : %w", err)
	}
	defer t.Rollback()
	e, err := fn(tx{t})
	var refusal *ledger.Refusal
	switch {
	case errors.As(err, &refusal) || errors.Is(err, ledger.ErrInvalid):
		return ledger.Entry{}, err
	case err != nil && strings.Contains(err.Error(), "UNIQUE"):
		return ledger.Entry{}, &ledger.Refusal{Message: "déjà crédité"}
	case err != nil:
		return ledger.Entry{}, fmt.Errorf("registre : %w", err)
	}
	if err := t.Commit(); err != nil {
		return ledger.Entry{}, fmt.Errorf("registre : %w", err)
	}
	return e, nil
}

// Credit applies the crediting rules and appends, in one immediate transaction.
func (s *Store) Credit(ctx context.Context, req ledger.CreditRequest) (ledger.Entry, error) {
	return s.inTx(ctx, func(t tx) (ledger.Entry, error) { return ledger.CreditIn(ctx, t, req) })
}

// Enrol appends an enrolment binding a device to a learner.
func (s *Store) Enrol(ctx context.Context, req ledger.EnrolRequest) (ledger.Entry, error) {
	return s.inTx(ctx, func(t tx) (ledger.Entry, error) { return ledger.EnrolIn(ctx, t, req) })
}

// Entries returns entries matching f in ledger order.
func (s *Store) Entries(ctx context.Context, f ledger.Filter) ([]ledger.Entry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+columns+` FROM entries ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("registre : %w", err)
	}
	defer rows.Close()
	var out []ledger.Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("registre : %w", err)
		}
		if f.Match(e) {
			out = append(out, e)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("registre : %w", err)
	}
	return out, nil
}

// CheckChain recomputes the file's single chain.
func (s *Store) CheckChain(ctx context.Context) ([]ledger.ChainProblem, error) {
	all, err := s.Entries(ctx, ledger.Filter{})
	if err != nil {
		return nil, err
	}
	return ledger.CheckChainOf(all), nil
}
