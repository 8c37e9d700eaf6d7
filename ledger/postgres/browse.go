package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"declic/ledger"
)

var _ ledger.Reader = (*Store)(nil)

// conditions collects SQL conditions with numbered parameters.
type conditions struct {
	conds []string
	args  []any
}

func (c *conditions) add(cond string, v ...any) {
	for _, x := range v {
		c.args = append(c.args, x)
		cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(c.args)), 1)
	}
	c.conds = append(c.conds, cond)
}

func (c *conditions) where() string {
	if len(c.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(c.conds, " AND ")
}

// pageConditions returns the SQL conditions of a page's query (on the alias e).
func pageConditions(q ledger.PageQuery) conditions {
	var c conditions
	if q.Centre != "" {
		c.add("e.centre = ?", q.Centre)
	}
	if q.Learner != "" {
		c.add("e.learner = ?", q.Learner)
	}
	if q.Kind != "" {
		c.add("e.kind = ?", q.Kind)
	}
	if search := strings.TrimSpace(q.Search); search != "" {
		like := ledger.LikePattern(search)
		cond := `(e.learner ILIKE ? OR e.module ILIKE ? OR e.operator ILIKE ? OR e.pass ILIKE ? OR e.reason ILIKE ? OR e.record_id = ?`
		vals := []any{like, like, like, like, like, search}
		if n, err := strconv.ParseInt(search, 10, 64); err == nil {
			cond += ` OR e.seq = ?`
			vals = append(vals, n)
		}
		c.add(cond+")", vals...)
	}
	return c
}

// Page returns the readable entries matching q, newest first, and how many match: one
// centre's whole chain (no search, dossier or kind) by line number, else by date.
func (s *Store) Page(ctx context.Context, q ledger.PageQuery) ([]ledger.Listed, int, error) {
	if q.Centre != "" && q.Learner == "" && q.Kind == "" && strings.TrimSpace(q.Search) == "" {
		return s.chainPage(ctx, q)
	}
	c := pageConditions(q)
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM entries e`+c.where(), c.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("ledger: %w", err)
	}
	args := append(append([]any{}, c.args...), ledger.PageLimit(q.Limit), max(q.Offset, 0))
	n := len(c.args)
	rows, err := s.db.QueryContext(ctx, `SELECT `+listedColumns+`,
		COALESCE((SELECT x.seq FROM entries x WHERE x.kind = 'cancel' AND x.centre = e.centre AND x.target = e.seq), 0)
		FROM entries e`+c.where()+` ORDER BY e.created_at DESC, e.centre, e.seq DESC LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("ledger: %w", err)
	}
	out, err := scanListed(rows)
	return out, total, err
}

// chainPage is a page of one centre's whole chain, newest line first. The chain's
// lines are numbered 1..head without gaps, so page N starts at a known line: no row
// before it is read (OFFSET would step through them all) and none is counted (the
// head is the count).
func (s *Store) chainPage(ctx context.Context, q ledger.PageQuery) ([]ledger.Listed, int, error) {
	head, _, err := s.Head(ctx, q.Centre)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+listedColumns+`,
		COALESCE((SELECT x.seq FROM entries x WHERE x.kind = 'cancel' AND x.centre = e.centre AND x.target = e.seq), 0)
		FROM entries e WHERE e.centre = $1 AND e.seq <= $2 ORDER BY e.seq DESC LIMIT $3`,
		q.Centre, head-int64(max(q.Offset, 0)), ledger.PageLimit(q.Limit))
	if err != nil {
		return nil, 0, fmt.Errorf("ledger: %w", err)
	}
	out, err := scanListed(rows)
	return out, int(head), err
}

// scanListed reads the rows of a page (listedColumns and the cancelling line) and
// closes them.
func scanListed(rows *sql.Rows) ([]ledger.Listed, error) {
	defer rows.Close()
	var out []ledger.Listed
	for rows.Next() {
		var l ledger.Listed
		if err := rows.Scan(&l.Seq, &l.Centre, &l.Operator, &l.Kind, &l.RecordID, &l.Learner, &l.Pass, &l.LearnerKey,
			&l.AchievementID, &l.Module, &l.HoursEarned, &l.HoursCredited, &l.ActivityEnd, &l.Enrolled, &l.Target, &l.Reason,
			&l.RecordHash, &l.Attempts.Record, &l.Attempts.Dossier, &l.Attempts.Key, &l.CreatedAt, &l.PrevHash, &l.Hash, &l.Signer,
			&l.Signature, &l.CancelledBy); err != nil {
			return nil, fmt.Errorf("ledger: %w", err)
		}
		l.CreatedAt = l.CreatedAt.UTC()
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	return out, nil
}

// listedColumns are the entry columns of a page, qualified with the alias e.
const listedColumns = `e.seq, e.centre, e.operator, e.kind, COALESCE(e.record_id,''), e.learner, e.pass, e.device,
	e.achievement_id, e.module, e.hours_earned, e.hours_credited, e.activity_end, e.enrolled, e.target, e.reason,
	e.record_hash, COALESCE(e.record_attempt, 0), COALESCE(e.dossier_attempt, 0), COALESCE(e.key_attempt, 0),
	e.created_at, e.prev_hash, e.hash, e.signer, e.signature`

// Dossiers returns the readable dossiers matching q, in alphabetical order.
func (s *Store) Dossiers(ctx context.Context, q ledger.DossierQuery) ([]ledger.Dossier, int, error) {
	var c conditions
	if q.Centre != "" {
		c.add("centre = ?", q.Centre)
	}
	if search := strings.TrimSpace(q.Search); search != "" {
		c.add("learner ILIKE ?", ledger.LikePattern(search))
	}
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT DISTINCT centre, learner FROM entries`+c.where()+`) d`, c.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("ledger: %w", err)
	}
	n := len(c.args)
	rows, err := s.db.QueryContext(ctx, `SELECT centre, learner,
		SUM(CASE WHEN kind = 'credit' THEN 1 WHEN kind = 'cancel' AND COALESCE(record_id, '') <> '' THEN -1 ELSE 0 END),
		SUM(CASE WHEN kind IN ('credit','cancel') THEN hours_credited ELSE 0 END),
		SUM(CASE WHEN kind = 'enrol' THEN 1 WHEN kind = 'cancel' AND COALESCE(record_id, '') = '' THEN -1 ELSE 0 END),
		MAX(created_at)
		FROM entries`+c.where()+` GROUP BY centre, learner ORDER BY lower(learner), learner, centre LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2),
		append(append([]any{}, c.args...), ledger.PageLimit(q.Limit), max(q.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("ledger: %w", err)
	}
	defer rows.Close()
	var out []ledger.Dossier
	for rows.Next() {
		var d ledger.Dossier
		if err := rows.Scan(&d.Centre, &d.Learner, &d.Credits, &d.Hours, &d.Cards, &d.Last); err != nil {
			return nil, 0, fmt.Errorf("ledger: %w", err)
		}
		d.Last = d.Last.UTC()
		out = append(out, d)
	}
	return out, total, rows.Err()
}

// Head returns the number of entries of centre's chain and its last hash.
func (s *Store) Head(ctx context.Context, centre string) (int64, string, error) {
	var seq int64
	var hash string
	err := s.db.QueryRowContext(ctx, `SELECT seq, hash FROM entries WHERE centre = $1 ORDER BY seq DESC LIMIT 1`, centre).Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ledger.GenesisHash, nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("ledger: %w", err)
	}
	return seq, hash, nil
}

// Enrolled returns the active enrolment of learnerKey at centre.
func (s *Store) Enrolled(ctx context.Context, centre, learnerKey string) (ledger.Entry, bool, error) {
	t, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return ledger.Entry{}, false, err
	}
	defer t.Rollback()
	return tx{Tx: t, centre: centre}.Enrolment(ctx, centre, learnerKey)
}

// Period returns the entries of f from the network view (others' names as pseudonyms).
func (s *Store) Period(ctx context.Context, f ledger.Filter) ([]ledger.Entry, error) {
	return s.Network(ctx, f)
}

// Since returns the lines of centre's chain after line seq, in chain order, with what
// Period reads and their hashes (the chain's unique index gives them without a scan;
// row-level security shows a centre's role its own chain only).
func (s *Store) Since(ctx context.Context, centre string, seq int64) ([]ledger.Entry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT centre, seq, kind, created_at, learner, pass, achievement_id, module,
		hours_credited, operator, enrolled, COALESCE(record_id, ''), target, prev_hash, hash
		FROM entries WHERE centre = $1 AND seq > $2 ORDER BY seq`, centre, seq)
	if err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	defer rows.Close()
	var out []ledger.Entry
	for rows.Next() {
		var e ledger.Entry
		if err := rows.Scan(&e.Centre, &e.Seq, &e.Kind, &e.CreatedAt, &e.Learner, &e.Pass, &e.AchievementID, &e.Module,
			&e.HoursCredited, &e.Operator, &e.Enrolled, &e.RecordID, &e.Target, &e.PrevHash, &e.Hash); err != nil {
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

// Matches returns the readable lines of q.Centre's chain after line after matching q,
// in Page's order (newest date first), with their dates. New lines are found from the
// chain's unique index.
func (s *Store) Matches(ctx context.Context, q ledger.PageQuery, after int64) ([]ledger.Match, error) {
	c := pageConditions(q)
	if after > 0 {
		c.add("e.seq > ?", after)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT e.seq, e.created_at FROM entries e`+c.where()+` ORDER BY e.created_at DESC, e.centre, e.seq DESC`, c.args...)
	if err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	defer rows.Close()
	var out []ledger.Match
	for rows.Next() {
		var m ledger.Match
		if err := rows.Scan(&m.Seq, &m.At); err != nil {
			return nil, fmt.Errorf("ledger: %w", err)
		}
		m.At = m.At.UTC()
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	return out, nil
}

// Lines returns the readable lines of centre's chain numbered seqs, in that order.
func (s *Store) Lines(ctx context.Context, centre string, seqs []int64) ([]ledger.Listed, error) {
	if len(seqs) == 0 {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+listedColumns+`,
		COALESCE((SELECT x.seq FROM entries x WHERE x.kind = 'cancel' AND x.centre = e.centre AND x.target = e.seq), 0)
		FROM entries e WHERE e.centre = $1 AND e.seq = ANY($2)`, centre, seqs)
	if err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	found, err := scanListed(rows)
	if err != nil {
		return nil, err
	}
	return ledger.InOrder(found, seqs), nil
}
