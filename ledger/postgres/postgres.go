// Package postgres is the ledger shared by a network of centres on a PostgreSQL server
// (github.com/jackc/pgx/v5 through database/sql, pure Go). Each centre has its own hash
// chain, built under a per-centre advisory lock; a record id is credited once in the
// whole network, enforced by a unique constraint.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"declic/ledger"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is the shared ledger. Device bindings and policy totals are per centre (learner
// names are a centre's own file numbers); record ids are network-wide.
type Store struct {
	db *sql.DB
}

var _ ledger.Store = (*Store)(nil)

// IsURL reports whether a --ledger value names a PostgreSQL server rather than a file.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Redact hides the password of a connection URL, for messages.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

// Open connects to the server at url (postgres://user@host/db) and brings the schema up
// to date.
func Open(ctx context.Context, dsn string) (*Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("registre %s : %w", Redact(dsn), err)
	}
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(time.Minute)
	migrations, err := ledger.Migrations(migrationFiles, "migrations")
	if err == nil {
		err = db.PingContext(ctx)
	}
	if err == nil {
		_, err = ledger.Migrator{DB: db, Lock: func(ctx context.Context, tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('declic-centre:migrations', 0))`)
			return err
		}}.Apply(ctx, migrations)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("registre %s : %w", Redact(dsn), err)
	}
	return &Store{db: db}, nil
}

// DB is the underlying connection pool, for tests and tools.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the connections.
func (s *Store) Close() error { return s.db.Close() }

const columns = `seq, centre, operator, kind, COALESCE(record_id,''), learner, pass, device, achievement_id, module,
	hours_earned, hours_credited, activity_end, enrolled, created_at, prev_hash, hash`

type scanner interface{ Scan(dest ...any) error }

func scanEntry(row scanner) (ledger.Entry, error) {
	var e ledger.Entry
	err := row.Scan(&e.Seq, &e.Centre, &e.Operator, &e.Kind, &e.RecordID, &e.Learner, &e.Pass, &e.Device, &e.AchievementID,
		&e.Module, &e.HoursEarned, &e.HoursCredited, &e.ActivityEnd, &e.Enrolled, &e.CreatedAt, &e.PrevHash, &e.Hash)
	e.CreatedAt = e.CreatedAt.UTC()
	return e, err
}

// tx adapts a transaction holding one centre's lock to ledger.Tx.
type tx struct {
	*sql.Tx
	centre string
}

// lockCentre takes the centre's transaction-scoped advisory lock: writers of one centre
// queue here, so its chain head cannot move under them. No table privilege is needed.
func lockCentre(ctx context.Context, t *sql.Tx, centre string) error {
	_, err := t.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, "declic-centre:chain:"+centre)
	return err
}

func (t tx) Holder(ctx context.Context, recordID string) (ledger.Entry, bool, error) {
	return holder(ctx, t.Tx, recordID)
}

type rowQueryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func holder(ctx context.Context, q rowQueryer, recordID string) (ledger.Entry, bool, error) {
	e, err := scanEntry(q.QueryRowContext(ctx, `SELECT `+columns+` FROM entries WHERE record_id = $1`, recordID))
	if errors.Is(err, sql.ErrNoRows) {
		return e, false, nil
	}
	return e, err == nil, err
}

func (t tx) Binding(ctx context.Context, centre, device string) (learner string, enrolled bool, err error) {
	err = t.QueryRowContext(ctx, `SELECT learner FROM entries WHERE centre = $1 AND device = $2 AND kind = 'enrol'
		ORDER BY seq DESC LIMIT 1`, centre, device).Scan(&learner)
	if err == nil {
		return learner, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", false, err
	}
	err = t.QueryRowContext(ctx, `SELECT learner FROM entries WHERE centre = $1 AND device = $2 AND kind = 'credit'
		ORDER BY seq LIMIT 1`, centre, device).Scan(&learner)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return learner, false, err
}

func (t tx) Credited(ctx context.Context, centre, learner, pass string) (float64, error) {
	var total float64
	err := t.QueryRowContext(ctx, `SELECT COALESCE(SUM(hours_credited),0) FROM entries
		WHERE centre = $1 AND kind = 'credit' AND learner = $2 AND pass = $3`, centre, learner, pass).Scan(&total)
	return total, err
}

func (t tx) head(ctx context.Context) (int64, string, error) {
	var seq int64
	var hash string
	err := t.QueryRowContext(ctx, `SELECT seq, hash FROM entries WHERE centre = $1 ORDER BY seq DESC LIMIT 1`, t.centre).Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ledger.GenesisHash, nil
	}
	return seq, hash, err
}

const insert = `INSERT INTO entries (centre, seq, operator, kind, record_id, learner, pass, device, achievement_id, module,
	hours_earned, hours_credited, activity_end, enrolled, created_at, prev_hash, hash, origin)
	VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)`

func insertArgs(e ledger.Entry, origin string) []any {
	var recordID, orig any
	if e.RecordID != "" {
		recordID = e.RecordID
	}
	if origin != "" {
		orig = origin
	}
	return []any{e.Centre, e.Seq, e.Operator, e.Kind, recordID, e.Learner, e.Pass, e.Device, e.AchievementID, e.Module,
		e.HoursEarned, e.HoursCredited, e.ActivityEnd, e.Enrolled, e.CreatedAt, e.PrevHash, e.Hash, orig}
}

func (t tx) Append(ctx context.Context, e ledger.Entry) (ledger.Entry, error) {
	if e.Centre != t.centre {
		return e, fmt.Errorf("%w : entrée du centre %q dans une transaction du centre %q", ledger.ErrInvalid, e.Centre, t.centre)
	}
	seq, hash, err := t.head(ctx)
	if err != nil {
		return e, err
	}
	e = ledger.Link(e, seq, hash)
	_, err = t.ExecContext(ctx, insert, insertArgs(e, "")...)
	return e, err
}

// inTx runs fn in a transaction holding the centre's lock and commits when it succeeds.
func (s *Store) inTx(ctx context.Context, centre string, fn func(tx) (ledger.Entry, error)) (ledger.Entry, error) {
	if strings.TrimSpace(centre) == "" {
		return ledger.Entry{}, fmt.Errorf("%w : indiquez l'identifiant du centre (--centre) pour le registre partagé", ledger.ErrInvalid)
	}
	t, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return ledger.Entry{}, fmt.Errorf("registre : %w", err)
	}
	defer t.Rollback()
	if err := lockCentre(ctx, t, centre); err != nil {
		return ledger.Entry{}, fmt.Errorf("registre : %w", err)
	}
	e, err := fn(tx{t, centre})
	if err == nil {
		err = t.Commit()
	}
	var refusal *ledger.Refusal
	switch {
	case err == nil:
		return e, nil
	case errors.As(err, &refusal) || errors.Is(err, ledger.ErrInvalid):
		return ledger.Entry{}, err
	case isUniqueViolation(err, "entries_record_once"):
		// Another centre credited the same record at the same moment and committed
		// first: the constraint refused ours. Say who holds it.
		t.Rollback()
		return ledger.Entry{}, s.duplicateOf(ctx, e.RecordID, centre, err)
	default:
		return ledger.Entry{}, fmt.Errorf("registre : %w", err)
	}
}

func isUniqueViolation(err error, constraint string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == constraint
}

// duplicateOf turns a unique violation on recordID into the refusal naming its holder.
func (s *Store) duplicateOf(ctx context.Context, recordID, centre string, cause error) error {
	if recordID == "" {
		return fmt.Errorf("registre : %w", cause)
	}
	h, found, err := holder(ctx, s.db, recordID)
	if err != nil || !found {
		return &ledger.Refusal{Message: "déjà crédité"}
	}
	return ledger.Duplicate(h, centre)
}

// Credit applies the crediting rules and appends, in one transaction holding the
// centre's lock. A record credited at the same moment by another centre is refused by
// the database's unique constraint and reported with its holder.
func (s *Store) Credit(ctx context.Context, req ledger.CreditRequest) (ledger.Entry, error) {
	return s.inTx(ctx, req.Centre, func(t tx) (ledger.Entry, error) {
		e, err := ledger.CreditIn(ctx, t, req)
		e.RecordID = req.RecordID // for the unique-violation report
		return e, err
	})
}

// Enrol appends an enrolment binding a device to a learner at the request's centre.
func (s *Store) Enrol(ctx context.Context, req ledger.EnrolRequest) (ledger.Entry, error) {
	return s.inTx(ctx, req.Centre, func(t tx) (ledger.Entry, error) { return ledger.EnrolIn(ctx, t, req) })
}

// Entries returns the entries matching f, centre by centre, each in chain order.
func (s *Store) Entries(ctx context.Context, f ledger.Filter) ([]ledger.Entry, error) {
	q := `SELECT ` + columns + ` FROM entries WHERE true`
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		q += fmt.Sprintf(" AND %s $%d", cond, len(args))
	}
	if f.Centre != "" {
		add("centre =", f.Centre)
	}
	if f.Learner != "" {
		add("learner =", f.Learner)
	}
	if f.Pass != "" {
		add("pass =", f.Pass)
	}
	if !f.From.IsZero() {
		add("created_at >=", f.From)
	}
	if !f.To.IsZero() {
		add("created_at <", f.To)
	}
	rows, err := s.db.QueryContext(ctx, q+" ORDER BY centre, seq", args...)
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
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("registre : %w", err)
	}
	return out, nil
}

// CheckChain recomputes each centre's chain.
func (s *Store) CheckChain(ctx context.Context) ([]ledger.ChainProblem, error) {
	all, err := s.Entries(ctx, ledger.Filter{})
	if err != nil {
		return nil, err
	}
	var problems []ledger.ChainProblem
	for start := 0; start < len(all); {
		end := start
		for end < len(all) && all[end].Centre == all[start].Centre {
			end++
		}
		problems = append(problems, ledger.CheckChainOf(all[start:end])...)
		start = end
	}
	return problems, nil
}
