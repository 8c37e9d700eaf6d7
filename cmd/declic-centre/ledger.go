package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite"
)

// Entry is one line of the centre's append-only ledger: a credited record or a device
// enrolment. Hash chains it to the previous entry so an altered row is detected.
type Entry struct {
	Seq           int64
	Kind          string // "credit" or "enrol"
	RecordID      string
	Learner       string
	Pass          string
	Device        string
	AchievementID string
	Module        string
	HoursEarned   float64
	HoursCredited float64
	ActivityEnd   string
	Enrolled      bool // the device was enrolled for this learner when credited
	CreatedAt     time.Time
	PrevHash      string
	Hash          string
}

// Entry kinds.
const (
	KindCredit = "credit"
	KindEnrol  = "enrol"
)

// CreditRequest asks the ledger to credit one verified record to a learner.
type CreditRequest struct {
	RecordID, Learner, Pass, Device, AchievementID, Module, ActivityEnd string
	HoursEarned                                                         float64
	Rebind                                                              bool
	Policy                                                              Policy
	Now                                                                 time.Time
}

// Refusal is a credit the ledger declined, with the reason for centre staff (French).
type Refusal struct{ Message string }

// Error returns the message for centre staff.
func (r *Refusal) Error() string { return r.Message }

// Filter selects ledger entries; empty fields match everything.
type Filter struct {
	Learner, Pass string
	From, To      time.Time // on CreatedAt, To exclusive; zero = unbounded
}

// ChainProblem is an entry whose stored hash does not match its content or chain.
type ChainProblem struct {
	Seq     int64
	Message string
}

// Store is the ledger's storage. SQLite today; a later PostgreSQL store implements the
// same interface. Credit and Enrol are atomic: checks and append happen in one transaction.
type Store interface {
	Credit(ctx context.Context, req CreditRequest) (Entry, error)
	Enrol(ctx context.Context, device, learner string, now time.Time) (Entry, error)
	Entries(ctx context.Context, f Filter) ([]Entry, error)
	CheckChain(ctx context.Context) ([]ChainProblem, error)
	Close() error
}

// sqliteStore is the SQLite ledger (modernc.org/sqlite, pure Go).
type sqliteStore struct{ db *sql.DB }

var _ Store = (*sqliteStore)(nil)

const schema = `
CREATE TABLE IF NOT EXISTS entries (
	seq            INTEGER PRIMARY KEY,
	kind           TEXT NOT NULL CHECK (kind IN ('credit','enrol')),
	record_id      TEXT UNIQUE,
	learner        TEXT NOT NULL,
	pass           TEXT NOT NULL DEFAULT '',
	device         TEXT NOT NULL,
	achievement_id TEXT NOT NULL DEFAULT '',
	module         TEXT NOT NULL DEFAULT '',
	hours_earned   REAL NOT NULL DEFAULT 0,
	hours_credited REAL NOT NULL DEFAULT 0,
	activity_end   TEXT NOT NULL DEFAULT '',
	enrolled       INTEGER NOT NULL DEFAULT 0,
	created_at     TEXT NOT NULL,
	prev_hash      TEXT NOT NULL,
	hash           TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_device ON entries(device);
CREATE INDEX IF NOT EXISTS entries_learner_pass ON entries(learner, pass);
CREATE TRIGGER IF NOT EXISTS entries_no_update BEFORE UPDATE ON entries
BEGIN SELECT RAISE(ABORT, 'le registre est en ajout seul'); END;
CREATE TRIGGER IF NOT EXISTS entries_no_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE(ABORT, 'le registre est en ajout seul'); END;
`

// OpenLedger opens (creating if needed) the SQLite ledger at path.
func OpenLedger(path string) (Store, error) {
	dsn := "file:" + path + "?_txlock=immediate&_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("registre %s : %w", path, err)
	}
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("registre %s : %w", path, err)
	}
	return &sqliteStore{db: db}, nil
}

// Close closes the database.
func (s *sqliteStore) Close() error { return s.db.Close() }

// entryHash is the chain hash of e: SHA-256 over the previous hash and every field.
func entryHash(e Entry) string {
	fields := []string{
		e.PrevHash, strconv.FormatInt(e.Seq, 10), e.Kind, e.RecordID, e.Learner, e.Pass, e.Device,
		e.AchievementID, e.Module, strconv.FormatFloat(e.HoursEarned, 'g', -1, 64),
		strconv.FormatFloat(e.HoursCredited, 'g', -1, 64), e.ActivityEnd, strconv.FormatBool(e.Enrolled),
		e.CreatedAt.UTC().Format(time.RFC3339Nano),
	}
	h := sha256.New()
	for _, f := range fields {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

const genesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// appendEntry fills Seq, PrevHash and Hash and inserts e inside tx.
func appendEntry(ctx context.Context, tx *sql.Tx, e Entry) (Entry, error) {
	var last sql.NullInt64
	var prev sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1`).Scan(&last, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return e, err
	}
	e.Seq, e.PrevHash = last.Int64+1, genesisHash
	if prev.Valid {
		e.PrevHash = prev.String
	}
	e.CreatedAt = e.CreatedAt.UTC()
	e.Hash = entryHash(e)
	var recordID any
	if e.RecordID != "" {
		recordID = e.RecordID
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO entries (seq, kind, record_id, learner, pass, device, achievement_id, module,
		hours_earned, hours_credited, activity_end, enrolled, created_at, prev_hash, hash)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		e.Seq, e.Kind, recordID, e.Learner, e.Pass, e.Device, e.AchievementID, e.Module,
		e.HoursEarned, e.HoursCredited, e.ActivityEnd, e.Enrolled, e.CreatedAt.Format(time.RFC3339Nano), e.PrevHash, e.Hash)
	return e, err
}

// boundLearner returns the learner a device is bound to (its latest enrolment, else its
// first credit), and whether that binding is an enrolment.
func boundLearner(ctx context.Context, tx *sql.Tx, device string) (learner string, enrolled bool, err error) {
	err = tx.QueryRowContext(ctx, `SELECT learner FROM entries WHERE device = ? AND kind = 'enrol' ORDER BY seq DESC LIMIT 1`, device).Scan(&learner)
	if err == nil {
		return learner, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", false, err
	}
	err = tx.QueryRowContext(ctx, `SELECT learner FROM entries WHERE device = ? AND kind = 'credit' ORDER BY seq LIMIT 1`, device).Scan(&learner)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return learner, false, err
}

// Credit checks the record id, the device binding and the policy, then appends, all in
// one immediate transaction so concurrent runs are serialised.
func (s *sqliteStore) Credit(ctx context.Context, req CreditRequest) (Entry, error) {
	tx, err := s.db.BeginTx(ctx, nil) // _txlock=immediate: one writer at a time
	if err != nil {
		return Entry{}, fmt.Errorf("registre : %w", err)
	}
	defer tx.Rollback()
	var owner string
	err = tx.QueryRowContext(ctx, `SELECT learner FROM entries WHERE record_id = ?`, req.RecordID).Scan(&owner)
	if err == nil {
		return Entry{}, &Refusal{fmt.Sprintf("déjà crédité (à %s)", owner)}
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return Entry{}, fmt.Errorf("registre : %w", err)
	}
	bound, enrolled, err := boundLearner(ctx, tx, req.Device)
	if err != nil {
		return Entry{}, fmt.Errorf("registre : %w", err)
	}
	if bound != "" && bound != req.Learner {
		if !req.Rebind {
			return Entry{}, &Refusal{fmt.Sprintf("cet ordinateur est lié à « %s » (utilisez --rebind pour le lier à « %s »)", bound, req.Learner)}
		}
		if _, err := appendEntry(ctx, tx, Entry{Kind: KindEnrol, Learner: req.Learner, Device: req.Device, CreatedAt: req.Now}); err != nil {
			return Entry{}, fmt.Errorf("registre : %w", err)
		}
		enrolled = true
	} else if bound == "" {
		enrolled = false
	}
	var total float64
	err = tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(hours_credited),0) FROM entries
		WHERE kind = 'credit' AND learner = ? AND pass = ?`, req.Learner, req.Pass).Scan(&total)
	if err != nil {
		return Entry{}, fmt.Errorf("registre : %w", err)
	}
	// Every credited record is home learning: records come from the learner's own PC.
	hours, note := req.Policy.Apply(req.HoursEarned, total, total)
	if hours <= 0 {
		return Entry{}, &Refusal{note}
	}
	e, err := appendEntry(ctx, tx, Entry{
		Kind: KindCredit, RecordID: req.RecordID, Learner: req.Learner, Pass: req.Pass, Device: req.Device,
		AchievementID: req.AchievementID, Module: req.Module, HoursEarned: req.HoursEarned, HoursCredited: hours,
		ActivityEnd: req.ActivityEnd, Enrolled: enrolled, CreatedAt: req.Now,
	})
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return Entry{}, &Refusal{"déjà crédité"}
		}
		return Entry{}, fmt.Errorf("registre : %w", err)
	}
	if err := tx.Commit(); err != nil {
		return Entry{}, fmt.Errorf("registre : %w", err)
	}
	return e, nil
}

// Enrol appends an enrolment binding device to learner.
func (s *sqliteStore) Enrol(ctx context.Context, device, learner string, now time.Time) (Entry, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Entry{}, fmt.Errorf("registre : %w", err)
	}
	defer tx.Rollback()
	e, err := appendEntry(ctx, tx, Entry{Kind: KindEnrol, Learner: learner, Device: device, CreatedAt: now})
	if err != nil {
		return Entry{}, fmt.Errorf("registre : %w", err)
	}
	return e, tx.Commit()
}

// Entries returns entries matching f in ledger order.
func (s *sqliteStore) Entries(ctx context.Context, f Filter) ([]Entry, error) {
	q := `SELECT seq, kind, COALESCE(record_id,''), learner, pass, device, achievement_id, module, hours_earned,
		hours_credited, activity_end, enrolled, created_at, prev_hash, hash FROM entries WHERE 1=1`
	var args []any
	if f.Learner != "" {
		q += " AND learner = ?"
		args = append(args, f.Learner)
	}
	if f.Pass != "" {
		q += " AND pass = ?"
		args = append(args, f.Pass)
	}
	rows, err := s.db.QueryContext(ctx, q+" ORDER BY seq", args...)
	if err != nil {
		return nil, fmt.Errorf("registre : %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var created string
		if err := rows.Scan(&e.Seq, &e.Kind, &e.RecordID, &e.Learner, &e.Pass, &e.Device, &e.AchievementID, &e.Module,
			&e.HoursEarned, &e.HoursCredited, &e.ActivityEnd, &e.Enrolled, &created, &e.PrevHash, &e.Hash); err != nil {
			return nil, fmt.Errorf("registre : %w", err)
		}
		if e.CreatedAt, err = time.Parse(time.RFC3339Nano, created); err != nil {
			return nil, fmt.Errorf("registre : ligne %d : date %q illisible", e.Seq, created)
		}
		if !f.From.IsZero() && e.CreatedAt.Before(f.From) || !f.To.IsZero() && !e.CreatedAt.Before(f.To) {
			continue
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// CheckChain recomputes every entry's hash and link and lists those that do not match.
func (s *sqliteStore) CheckChain(ctx context.Context) ([]ChainProblem, error) {
	all, err := s.Entries(ctx, Filter{})
	if err != nil {
		return nil, err
	}
	var problems []ChainProblem
	prev := genesisHash
	for i, e := range all {
		if e.Seq != int64(i+1) {
			problems = append(problems, ChainProblem{e.Seq, fmt.Sprintf("numéro %d attendu : une ligne manque", i+1)})
		}
		if e.PrevHash != prev {
			problems = append(problems, ChainProblem{e.Seq, "le lien avec la ligne précédente est rompu"})
		}
		if entryHash(e) != e.Hash {
			problems = append(problems, ChainProblem{e.Seq, "le contenu de la ligne a été modifié"})
		}
		prev = e.Hash
	}
	return problems, nil
}

// round2 rounds hours to two decimals.
func round2(v float64) float64 { return math.Round(v*100) / 100 }
