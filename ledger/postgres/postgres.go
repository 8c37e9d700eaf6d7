// Package postgres is the ledger shared by a network of centres on a PostgreSQL server
// (github.com/jackc/pgx/v5 through database/sql, pure Go). Each centre has its own hash
// chain, signed by its key and built under a per-centre advisory lock; the network keeps
// every centre's signed heads in one chain; one active credit per record, per dossier and
// module, and per learner key and module in the whole network is enforced by unique
// indexes and triggers. Row-level security lets a centre's role read its own rows only;
// network-wide look-ups go through functions that say which centre and when, nothing more.
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

	"declic/keys"
	"declic/ledger"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is the shared ledger.
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
// to date (which only the tables' owner may do; other roles need it up to date).
func Open(ctx context.Context, dsn string) (*Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("ledger %s: %w", Redact(dsn), err)
	}
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(time.Minute)
	err = db.PingContext(ctx)
	if err == nil {
		err = ledger.Migrate(ctx, db, migrationFiles, "migrations", Redact(dsn), func(ctx context.Context, tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('declic-centre:migrations', 0))`)
			return err
		})
	}
	if err != nil {
		db.Close()
		if errors.Is(err, ledger.ErrNewerSchema) {
			return nil, err // its message names the server already
		}
		return nil, fmt.Errorf("ledger %s: %w", Redact(dsn), err)
	}
	return &Store{db: db}, nil
}

// DB is the underlying connection pool, for tests and tools.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the connections.
func (s *Store) Close() error { return s.db.Close() }

const baseColumns = `seq, centre, operator, kind, COALESCE(record_id,''), learner, pass, device, achievement_id, module,
	hours_earned, hours_credited, activity_end, enrolled, target, reason, record_hash,
	COALESCE(record_attempt, 0), COALESCE(dossier_attempt, 0), COALESCE(key_attempt, 0),
	created_at, prev_hash, hash, signer, signature`

const columns = baseColumns + `, record_json`

type scanner interface{ Scan(dest ...any) error }

func scanEntry(row scanner, withJSON bool) (ledger.Entry, error) {
	var e ledger.Entry
	dest := []any{&e.Seq, &e.Centre, &e.Operator, &e.Kind, &e.RecordID, &e.Learner, &e.Pass, &e.LearnerKey, &e.AchievementID,
		&e.Module, &e.HoursEarned, &e.HoursCredited, &e.ActivityEnd, &e.Enrolled, &e.Target, &e.Reason, &e.RecordHash,
		&e.Attempts.Record, &e.Attempts.Dossier, &e.Attempts.Key, &e.CreatedAt, &e.PrevHash, &e.Hash, &e.Signer, &e.Signature}
	if withJSON {
		dest = append(dest, &e.RecordJSON)
	}
	err := row.Scan(dest...)
	e.CreatedAt = e.CreatedAt.UTC()
	return e, err
}

// tx adapts a transaction holding one centre's lock to ledger.Tx. origin, when set, is
// the hash of the local (SQLite) entry a synced entry comes from.
type tx struct {
	*sql.Tx
	centre string
	origin string
	// appended is the last entry appended, whose signed head the transaction adds.
	appended *ledger.Entry
}

// lockCentre takes the centre's transaction-scoped advisory lock: writers of one centre
// queue here, so its chain head cannot move under them. No table privilege is needed.
func lockCentre(ctx context.Context, t *sql.Tx, centre string) error {
	_, err := t.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, "declic-centre:chain:"+centre)
	return err
}

// lockPass serialises the credits of one pass across centres, so its cap holds.
func lockPass(ctx context.Context, t *sql.Tx, pass string) error {
	if pass == "" {
		return nil
	}
	_, err := t.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, "declic-centre:pass:"+pass)
	return err
}

// one returns the first entry a query on the readable rows selects.
func (t tx) one(ctx context.Context, where string, args ...any) (ledger.Entry, bool, error) {
	e, err := scanEntry(t.QueryRowContext(ctx, `SELECT `+baseColumns+` FROM entries e WHERE `+where+` LIMIT 1`, args...), false)
	if errors.Is(err, sql.ErrNoRows) {
		return e, false, nil
	}
	return e, err == nil, err
}

// networkHolder reads a holder through a network function: the centre, line and date;
// the whole entry when it is the connected centre's own.
func (t tx) networkHolder(ctx context.Context, query string, args ...any) (ledger.Entry, bool, error) {
	var h ledger.Entry
	err := t.QueryRowContext(ctx, query, args...).Scan(&h.Centre, &h.Seq, &h.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return h, false, nil
	}
	if err != nil {
		return h, false, err
	}
	h.CreatedAt = h.CreatedAt.UTC()
	if h.Centre == t.centre {
		if own, found, err := t.Entry(ctx, h.Centre, h.Seq); err == nil && found {
			return own, true, nil
		}
	}
	return h, true, nil
}

func (t tx) Signer(ctx context.Context, centre string) (string, error) {
	var s string
	err := t.QueryRowContext(ctx, `SELECT signer FROM centres WHERE centre = $1`, centre).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return s, err
}

func (t tx) RecordHolder(ctx context.Context, recordID string) (ledger.Entry, bool, error) {
	return t.networkHolder(ctx, `SELECT centre, seq, created_at FROM declic_record_holder($1)`, recordID)
}

func (t tx) DossierHolder(ctx context.Context, centre, learner, achievementID string) (ledger.Entry, bool, error) {
	return t.one(ctx, `centre = $1 AND kind = 'credit' AND learner = $2 AND achievement_id = $3 AND declic_active(centre, seq)`,
		centre, learner, achievementID)
}

func (t tx) KeyHolder(ctx context.Context, learnerKey, achievementID string) (ledger.Entry, bool, error) {
	return t.networkHolder(ctx, `SELECT centre, seq, created_at FROM declic_key_holder($1, $2)`, learnerKey, achievementID)
}

func (t tx) Attempts(ctx context.Context, centre, recordID, learner, learnerKey, achievementID string) (ledger.Attempts, error) {
	var a ledger.Attempts
	err := t.QueryRowContext(ctx, `SELECT * FROM declic_attempts($1, $2, $3, $4, $5)`, centre, recordID, learner, learnerKey, achievementID).
		Scan(&a.Record, &a.Dossier, &a.Key)
	return a, err
}

func (t tx) Enrolment(ctx context.Context, centre, learnerKey string) (ledger.Entry, bool, error) {
	return t.one(ctx, `centre = $1 AND kind = 'enrol' AND device = $2 AND declic_active(centre, seq) ORDER BY seq DESC`, centre, learnerKey)
}

func (t tx) EnrolledElsewhere(ctx context.Context, centre, learnerKey string) (string, error) {
	var c sql.NullString
	err := t.QueryRowContext(ctx, `SELECT declic_enrolled_elsewhere($1, $2)`, centre, learnerKey).Scan(&c)
	return c.String, err
}

func (t tx) PassHours(ctx context.Context, centre, learner, pass string) (float64, error) {
	var total float64
	var err error
	if pass != "" {
		err = t.QueryRowContext(ctx, `SELECT declic_pass_hours($1)`, pass).Scan(&total)
	} else {
		err = t.QueryRowContext(ctx, `SELECT COALESCE(SUM(hours_credited), 0) FROM entries
			WHERE centre = $1 AND kind IN ('credit','cancel') AND pass = '' AND learner = $2`, centre, learner).Scan(&total)
	}
	return total, err
}

func (t tx) Entry(ctx context.Context, centre string, seq int64) (ledger.Entry, bool, error) {
	return t.one(ctx, `centre = $1 AND seq = $2`, centre, seq)
}

func (t tx) CancelOf(ctx context.Context, centre string, seq int64) (ledger.Entry, bool, error) {
	return t.one(ctx, `centre = $1 AND kind = 'cancel' AND target = $2`, centre, seq)
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
	hours_earned, hours_credited, activity_end, enrolled, target, reason, record_hash, record_json,
	record_attempt, dossier_attempt, key_attempt, created_at, prev_hash, hash, signer, signature, origin)
	VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27)`

func (t *tx) Append(ctx context.Context, e ledger.Entry, key *keys.Key) (ledger.Entry, error) {
	if e.Centre != t.centre {
		return e, &ledger.InvalidError{Field: ledger.FieldCentre, Problem: ledger.ProblemOutOfRange}
	}
	if err := t.register(ctx, key); err != nil {
		return e, err
	}
	seq, hash, err := t.head(ctx)
	if err != nil {
		return e, err
	}
	e = ledger.Link(e, seq, hash, key)
	var recordID, origin, recordJSON any
	if e.RecordID != "" {
		recordID = e.RecordID
	}
	if t.origin != "" {
		origin = t.origin
	}
	if e.RecordJSON != nil {
		recordJSON = e.RecordJSON
	}
	var attempts [3]any
	if e.Kind == ledger.KindCredit {
		attempts = [3]any{e.Attempts.Record, e.Attempts.Dossier, e.Attempts.Key}
	}
	_, err = t.ExecContext(ctx, insert, e.Centre, e.Seq, e.Operator, e.Kind, recordID, e.Learner, e.Pass, e.LearnerKey,
		e.AchievementID, e.Module, e.HoursEarned, e.HoursCredited, e.ActivityEnd, e.Enrolled, e.Target, e.Reason, e.RecordHash,
		recordJSON, attempts[0], attempts[1], attempts[2], e.CreatedAt, e.PrevHash, e.Hash, e.Signer, e.Signature, origin)
	if err == nil {
		t.appended = &e
	}
	return e, err
}

// register records the centre's key in the network on its first signed entry.
func (t *tx) register(ctx context.Context, key *keys.Key) error {
	_, err := t.ExecContext(ctx, `INSERT INTO centres (centre, signer) VALUES ($1, $2) ON CONFLICT (centre) DO NOTHING`, t.centre, key.DID())
	return err
}

// signHead appends the network's signed head for the centre's chain after its last
// entry, linked to the network's previous head, under the heads lock.
func (t *tx) signHead(ctx context.Context, key *keys.Key) error {
	if t.appended == nil {
		return nil
	}
	if _, err := t.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('declic-centre:heads', 0))`); err != nil {
		return err
	}
	prev := ledger.GenesisHash
	err := t.QueryRowContext(ctx, `SELECT hash FROM heads ORDER BY id DESC LIMIT 1`).Scan(&prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	h := ledger.Checkpoint{Centre: t.centre, Entries: t.appended.Seq, Head: t.appended.Hash, Time: t.appended.CreatedAt, Prev: prev}.Sign(key)
	_, err = t.ExecContext(ctx, `INSERT INTO heads (centre, entries, head, at, signer, prev, hash, signature) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
		h.Centre, h.Entries, h.Head, h.Time, h.Signer, h.Prev, h.HeadHash(), h.Signature)
	return err
}

// inTx runs fn in a transaction holding the centre's lock (and the pass's), signs the
// new head, and commits when it all succeeds.
func (s *Store) inTx(ctx context.Context, centre, pass string, key *keys.Key, fn func(*tx) (ledger.Entry, error)) (ledger.Entry, error) {
	if strings.TrimSpace(centre) == "" {
		return ledger.Entry{}, &ledger.InvalidError{Field: ledger.FieldCentre, Problem: ledger.ProblemMissing}
	}
	if key == nil {
		return ledger.Entry{}, &ledger.InvalidError{Field: ledger.FieldCentreKey, Problem: ledger.ProblemMissing}
	}
	t, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return ledger.Entry{}, fmt.Errorf("ledger: %w", err)
	}
	defer t.Rollback()
	if err := lockCentre(ctx, t, centre); err != nil {
		return ledger.Entry{}, fmt.Errorf("ledger: %w", err)
	}
	if err := lockPass(ctx, t, pass); err != nil {
		return ledger.Entry{}, fmt.Errorf("ledger: %w", err)
	}
	x := &tx{Tx: t, centre: centre}
	e, err := fn(x)
	if err == nil {
		err = x.signHead(ctx, key)
	}
	if err == nil {
		err = t.Commit()
	}
	switch {
	case err == nil:
		return e, nil
	case ledger.RefusalOf(err) != nil || errors.Is(err, ledger.ErrInvalid):
		return ledger.Entry{}, err
	default:
		if r := s.raceRefusal(ctx, err, centre, e); r != nil {
			return ledger.Entry{}, r
		}
		return ledger.Entry{}, fmt.Errorf("ledger: %w", err)
	}
}

// raceRefusal turns a unique violation (another centre credited the same record, or the
// same module for the same key, at the same moment, and committed first) into the
// refusal naming the holder.
func (s *Store) raceRefusal(ctx context.Context, err error, centre string, e ledger.Entry) *ledger.Refusal {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "23505" {
		return nil
	}
	t, terr := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if terr != nil {
		return nil
	}
	defer t.Rollback()
	x := tx{Tx: t, centre: centre}
	var h ledger.Entry
	var found bool
	code := ledger.CodeDuplicateRecord
	switch pgErr.ConstraintName {
	case "entries_record_once":
		h, found, _ = x.RecordHolder(ctx, e.RecordID)
	case "entries_key_once":
		code = ledger.CodeDuplicateKey
		h, found, _ = x.KeyHolder(ctx, e.LearnerKey, e.AchievementID)
	case "entries_dossier_once":
		code = ledger.CodeDuplicateDossier
		h, found, _ = x.DossierHolder(ctx, centre, e.Learner, e.AchievementID)
	default:
		return nil
	}
	if !found {
		return &ledger.Refusal{Code: code}
	}
	return &ledger.Refusal{Code: code, Holder: &h}
}

// Credit applies the crediting rules and appends, in one transaction holding the
// centre's lock and the pass's.
func (s *Store) Credit(ctx context.Context, req ledger.CreditRequest) (ledger.Entry, error) {
	if err := req.Validate(); err != nil {
		return ledger.Entry{}, err
	}
	return s.inTx(ctx, req.Centre, req.Pass, req.CentreKey, func(t *tx) (ledger.Entry, error) {
		e, err := ledger.CreditIn(ctx, t, req)
		e.RecordID, e.LearnerKey, e.AchievementID, e.Learner = req.RecordID, req.LearnerKey, req.AchievementID, req.Learner
		return e, err
	})
}

// Enrol appends an enrolment binding a learner key to a dossier at the request's centre.
func (s *Store) Enrol(ctx context.Context, req ledger.EnrolRequest) (ledger.Entry, error) {
	return s.inTx(ctx, req.Centre, "", req.CentreKey, func(t *tx) (ledger.Entry, error) { return ledger.EnrolIn(ctx, t, req) })
}

// Cancel appends a signed entry cancelling an earlier one of the centre's chain.
func (s *Store) Cancel(ctx context.Context, req ledger.CancelRequest) (ledger.Entry, error) {
	return s.inTx(ctx, req.Centre, "", req.CentreKey, func(t *tx) (ledger.Entry, error) { return ledger.CancelIn(ctx, t, req) })
}

// query builds the SELECT of entries matching f from table.
func query(cols, table string, f ledger.Filter) (string, []any) {
	q := `SELECT ` + cols + ` FROM ` + table + ` WHERE true`
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
	return q + " ORDER BY centre, seq", args
}

// Entries returns the readable entries matching f (a centre's role reads its own),
// centre by centre, each in chain order, with their record JSON.
func (s *Store) Entries(ctx context.Context, f ledger.Filter) ([]ledger.Entry, error) {
	q, args := query(columns, "entries", f)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	defer rows.Close()
	var out []ledger.Entry
	for rows.Next() {
		e, err := scanEntry(rows, true)
		if err != nil {
			return nil, fmt.Errorf("ledger: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	return out, nil
}

// Network returns every centre's entries matching f from the network view: another
// centre's learners and passes as pseudonyms, no operator, no record, no hashes.
func (s *Store) Network(ctx context.Context, f ledger.Filter) ([]ledger.Entry, error) {
	q, args := query(`centre, seq, kind, created_at, achievement_id, module, hours_earned, hours_credited, enrolled, target,
		COALESCE(record_id, ''), device, activity_end, operator, learner, pass`, "entries_network", f)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	defer rows.Close()
	var out []ledger.Entry
	for rows.Next() {
		var e ledger.Entry
		if err := rows.Scan(&e.Centre, &e.Seq, &e.Kind, &e.CreatedAt, &e.AchievementID, &e.Module, &e.HoursEarned, &e.HoursCredited,
			&e.Enrolled, &e.Target, &e.RecordID, &e.LearnerKey, &e.ActivityEnd, &e.Operator, &e.Learner, &e.Pass); err != nil {
			return nil, fmt.Errorf("ledger: %w", err)
		}
		e.CreatedAt = e.CreatedAt.UTC()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	return out, nil
}

// Heads returns the network's signed heads, in the order written.
func (s *Store) Heads(ctx context.Context) ([]ledger.Checkpoint, []string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT centre, entries, head, at, signer, prev, hash, signature FROM heads ORDER BY id`)
	if err != nil {
		return nil, nil, fmt.Errorf("ledger: %w", err)
	}
	defer rows.Close()
	var out []ledger.Checkpoint
	var hashes []string
	for rows.Next() {
		var c ledger.Checkpoint
		var hash string
		if err := rows.Scan(&c.Centre, &c.Entries, &c.Head, &c.Time, &c.Signer, &c.Prev, &hash, &c.Signature); err != nil {
			return nil, nil, fmt.Errorf("ledger: %w", err)
		}
		c.Time = c.Time.UTC()
		out = append(out, c)
		hashes = append(hashes, hash)
	}
	return out, hashes, rows.Err()
}

// Signers returns each centre's registered key.
func (s *Store) Signers(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT centre, signer FROM centres`)
	if err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var c, k string
		if err := rows.Scan(&c, &k); err != nil {
			return nil, err
		}
		out[c] = k
	}
	return out, rows.Err()
}

// CheckChain recomputes each readable centre's chain (hashes, links, signatures by the
// registered key), checks the network's heads (signatures, links) and that each readable
// chain extends every signed head of its centre, its last head covering it all.
func (s *Store) CheckChain(ctx context.Context) ([]ledger.ChainProblem, error) {
	all, err := s.Entries(ctx, ledger.Filter{})
	if err != nil {
		return nil, err
	}
	signers, err := s.Signers(ctx)
	if err != nil {
		return nil, err
	}
	heads, hashes, err := s.Heads(ctx)
	if err != nil {
		return nil, err
	}
	chains := map[string][]ledger.Entry{}
	var order []string
	for _, e := range all {
		if _, seen := chains[e.Centre]; !seen {
			order = append(order, e.Centre)
		}
		chains[e.Centre] = append(chains[e.Centre], e)
	}
	var problems []ledger.ChainProblem
	for _, centre := range order {
		chain := chains[centre]
		problems = append(problems, ledger.CheckChainOf(chain)...)
		if s := ledger.ChainSigner(chain); s != "" && signers[centre] != s {
			problems = append(problems, ledger.ChainProblem{Centre: centre, Code: ledger.CodeOtherSigner, Want: signers[centre]})
		}
	}
	prev := ledger.GenesisHash
	last := map[string]ledger.Checkpoint{}
	for i, h := range heads {
		if h.Verify() != nil || h.Prev != prev || h.HeadHash() != hashes[i] || h.Signer != signers[h.Centre] {
			problems = append(problems, ledger.ChainProblem{Centre: h.Centre, Seq: h.Entries, Code: ledger.CodeBadHead})
		}
		prev = hashes[i]
		if chain, readable := chains[h.Centre]; readable {
			problems = append(problems, h.Extends(chain)...)
		}
		last[h.Centre] = h
	}
	for _, centre := range order {
		chain := chains[centre]
		if ledger.ChainSigner(chain) == "" {
			continue // a chain written before heads were signed
		}
		if h := last[centre]; int64(len(chain)) > h.Entries {
			problems = append(problems, ledger.ChainProblem{Centre: centre, Seq: int64(len(chain)), Code: ledger.CodeLongerThanHead,
				Want: fmt.Sprint(h.Entries)})
		}
	}
	return problems, nil
}
