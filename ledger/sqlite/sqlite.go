// Package sqlite is the ledger of one centre in a SQLite file (modernc.org/sqlite, pure
// Go): one hash chain over the whole file, signed by the centre's key, append-only
// triggers, one active credit per record, per dossier and module and per key and module
// enforced by unique indexes and triggers, one writer at a time.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver

	"declic/keys"
	"declic/ledger"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is the SQLite ledger. The whole file is one centre's chain.
type Store struct {
	db   *sql.DB
	path string
}

var _ ledger.Store = (*Store)(nil)

// Open opens (creating if needed) the ledger at path and brings its schema up to date.
func Open(path string) (*Store, error) {
	dsn := "file:" + path + "?_txlock=immediate&_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=temp_store(MEMORY)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("ledger %s: %w", path, err)
	}
	if err := ledger.Migrate(context.Background(), db, migrationFiles, "migrations", path, nil); err != nil {
		db.Close()
		if errors.Is(err, ledger.ErrNewerSchema) {
			return nil, err // its message names the file already
		}
		return nil, fmt.Errorf("ledger %s: %w", path, err)
	}
	return &Store{db: db, path: path}, nil
}

// DB is the underlying database, for tests and tools that read it directly.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// tx adapts one immediate transaction to ledger.Tx.
type tx struct{ sqlTx }

const baseColumns = `seq, centre, operator, kind, record_id, learner, pass, device, achievement_id, module,
	hours_earned, hours_credited, activity_end, enrolled, target, reason, record_hash,
	COALESCE(record_attempt, 0), COALESCE(dossier_attempt, 0), COALESCE(key_attempt, 0),
	created_at, prev_hash, hash, signer, signature`

const columns = baseColumns + `, record_json`

type scanner interface{ Scan(dest ...any) error }

func scanEntry(row scanner, withJSON bool) (ledger.Entry, error) {
	var e ledger.Entry
	var created string
	dest := []any{&e.Seq, &e.Centre, &e.Operator, &e.Kind, &e.RecordID, &e.Learner, &e.Pass, &e.LearnerKey, &e.AchievementID,
		&e.Module, &e.HoursEarned, &e.HoursCredited, &e.ActivityEnd, &e.Enrolled, &e.Target, &e.Reason, &e.RecordHash,
		&e.Attempts.Record, &e.Attempts.Dossier, &e.Attempts.Key, &created, &e.PrevHash, &e.Hash, &e.Signer, &e.Signature}
	if withJSON {
		dest = append(dest, &e.RecordJSON)
	}
	if err := row.Scan(dest...); err != nil {
		return e, err
	}
	t, err := time.Parse(time.RFC3339Nano, created)
	if err != nil {
		return e, fmt.Errorf("entry %d: date %q unreadable", e.Seq, created)
	}
	e.CreatedAt = t
	return e, nil
}

// one returns the first entry a query selects (columns without the record JSON).
func (t tx) one(ctx context.Context, where string, args ...any) (ledger.Entry, bool, error) {
	e, err := scanEntry(t.QueryRowContext(ctx, `SELECT `+baseColumns+` FROM entries e WHERE `+where+` LIMIT 1`, args...), false)
	if errors.Is(err, sql.ErrNoRows) {
		return e, false, nil
	}
	return e, err == nil, err
}

// active is the condition of an entry not cancelled.
const active = ` AND NOT EXISTS (SELECT 1 FROM entries c WHERE c.kind = 'cancel' AND c.target = e.seq)`

func (t tx) Signer(ctx context.Context, _ string) (string, error) {
	var s string
	err := t.QueryRowContext(ctx, signerQuery).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return s, err
}

func (t tx) RecordHolder(ctx context.Context, recordID string) (ledger.Entry, bool, error) {
	return t.one(ctx, whereRecordHolder, sql.Named("record", recordID))
}

func (t tx) DossierHolder(ctx context.Context, centre, learner, achievementID string) (ledger.Entry, bool, error) {
	return t.one(ctx, whereDossierHolder, sql.Named("centre", centre), sql.Named("learner", learner), sql.Named("achievement", achievementID))
}

func (t tx) KeyHolder(ctx context.Context, learnerKey, achievementID string) (ledger.Entry, bool, error) {
	return t.one(ctx, whereKeyHolder, sql.Named("key", learnerKey), sql.Named("achievement", achievementID))
}

func (t tx) Attempts(ctx context.Context, centre, recordID, learner, learnerKey, achievementID string) (ledger.Attempts, error) {
	var a ledger.Attempts
	err := t.QueryRowContext(ctx, `SELECT `+attemptsColumns, sql.Named("record", recordID), sql.Named("centre", centre),
		sql.Named("learner", learner), sql.Named("key", learnerKey), sql.Named("achievement", achievementID)).Scan(&a.Record, &a.Dossier, &a.Key)
	return a, err
}

func (t tx) Enrolment(ctx context.Context, _, learnerKey string) (ledger.Entry, bool, error) {
	return t.one(ctx, whereEnrolment+` ORDER BY seq DESC`, sql.Named("key", learnerKey))
}

func (t tx) EnrolledElsewhere(context.Context, string, string) (string, error) { return "", nil }

func (t tx) PassHours(ctx context.Context, _, learner, pass string) (float64, error) {
	var total float64
	err := t.QueryRowContext(ctx, passHoursQuery(pass), sql.Named("learner", learner), sql.Named("pass", pass)).Scan(&total)
	return total, err
}

func (t tx) Entry(ctx context.Context, _ string, seq int64) (ledger.Entry, bool, error) {
	return t.one(ctx, `seq = ?`, seq)
}

func (t tx) CancelOf(ctx context.Context, _ string, seq int64) (ledger.Entry, bool, error) {
	return t.one(ctx, `kind = 'cancel' AND target = ?`, seq)
}

func (t tx) Append(ctx context.Context, e ledger.Entry, key *keys.Key) (ledger.Entry, error) {
	var head sql.NullInt64
	var headHash sql.NullString
	err := t.QueryRowContext(ctx, `SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1`).Scan(&head, &headHash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return e, err
	}
	e = ledger.Link(e, head.Int64, headHash.String, key)
	var attempts [3]any
	if e.Kind == ledger.KindCredit {
		attempts = [3]any{e.Attempts.Record, e.Attempts.Dossier, e.Attempts.Key}
	}
	var recordJSON any
	if e.RecordJSON != nil {
		recordJSON = e.RecordJSON
	}
	_, err = t.ExecContext(ctx, `INSERT INTO entries (seq, centre, operator, kind, record_id, learner, pass, device, achievement_id,
		module, hours_earned, hours_credited, activity_end, enrolled, target, reason, record_hash, record_json,
		record_attempt, dossier_attempt, key_attempt, created_at, prev_hash, hash, signer, signature)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		e.Seq, e.Centre, e.Operator, e.Kind, e.RecordID, e.Learner, e.Pass, e.LearnerKey, e.AchievementID,
		e.Module, e.HoursEarned, e.HoursCredited, e.ActivityEnd, e.Enrolled, e.Target, e.Reason, e.RecordHash, recordJSON,
		attempts[0], attempts[1], attempts[2], e.CreatedAt.Format(time.RFC3339Nano), e.PrevHash, e.Hash, e.Signer, e.Signature)
	return e, err
}

// inTx runs fn in one immediate transaction (_txlock=immediate: one writer at a time,
// across processes) and commits when it succeeds.
func (s *Store) inTx(ctx context.Context, fn func(tx) (ledger.Entry, error)) (ledger.Entry, error) {
	t, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return ledger.Entry{}, fmt.Errorf("ledger %s: %w", s.path, err)
	}
	defer t.Rollback()
	e, err := fn(tx{t})
	switch {
	case ledger.RefusalOf(err) != nil || errors.Is(err, ledger.ErrInvalid):
		return ledger.Entry{}, err
	case err != nil:
		return ledger.Entry{}, fmt.Errorf("ledger %s: %w", s.path, err)
	}
	if err := t.Commit(); err != nil {
		return ledger.Entry{}, fmt.Errorf("ledger %s: %w", s.path, err)
	}
	return e, nil
}

// Credit applies the crediting rules and appends, in one immediate transaction.
func (s *Store) Credit(ctx context.Context, req ledger.CreditRequest) (ledger.Entry, error) {
	return s.inTx(ctx, func(t tx) (ledger.Entry, error) { return ledger.CreditIn(ctx, t, req) })
}

// Enrol appends an enrolment binding a learner key to a dossier.
func (s *Store) Enrol(ctx context.Context, req ledger.EnrolRequest) (ledger.Entry, error) {
	return s.inTx(ctx, func(t tx) (ledger.Entry, error) { return ledger.EnrolIn(ctx, t, req) })
}

// Cancel appends a signed entry cancelling an earlier one.
func (s *Store) Cancel(ctx context.Context, req ledger.CancelRequest) (ledger.Entry, error) {
	return s.inTx(ctx, func(t tx) (ledger.Entry, error) { return ledger.CancelIn(ctx, t, req) })
}

func (s *Store) entries(ctx context.Context, f ledger.Filter, withJSON bool) ([]ledger.Entry, error) {
	cols := baseColumns
	if withJSON {
		cols = columns
	}
	w, args := where(f)
	rows, err := s.db.QueryContext(ctx, `SELECT `+cols+` FROM entries`+w+` ORDER BY seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("ledger %s: %w", s.path, err)
	}
	defer rows.Close()
	var out []ledger.Entry
	for rows.Next() {
		e, err := scanEntry(rows, withJSON)
		if err != nil {
			return nil, fmt.Errorf("ledger %s: %w", s.path, err)
		}
		if f.Match(e) {
			out = append(out, e)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledger %s: %w", s.path, err)
	}
	return out, nil
}

// Entries returns entries matching f in ledger order, with their record JSON.
func (s *Store) Entries(ctx context.Context, f ledger.Filter) ([]ledger.Entry, error) {
	return s.entries(ctx, f, true)
}

// Network returns the entries matching f without record JSON: a file holds one centre,
// whose names its staff may read.
func (s *Store) Network(ctx context.Context, f ledger.Filter) ([]ledger.Entry, error) {
	return s.entries(ctx, f, false)
}

// CheckChain recomputes the file's single chain: hashes, links, signatures, records.
func (s *Store) CheckChain(ctx context.Context) ([]ledger.ChainProblem, error) {
	all, err := s.Entries(ctx, ledger.Filter{})
	if err != nil {
		return nil, err
	}
	return ledger.CheckChainOf(all), nil
}
