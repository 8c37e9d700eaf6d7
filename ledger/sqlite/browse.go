package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"declic/ledger"
)

var _ ledger.Reader = (*Store)(nil)

// sqlTime is the form of a bound on created_at that compares right with the stored
// RFC 3339 text: UTC to the second, without zone, so that « 2026-11-01T00:00:00 »
// sorts before every entry of that second, fractions or not. From is rounded down and
// To up to the second: the query takes a little more, and Filter.Match the exact span.
func sqlTime(t time.Time, up bool) string {
	t = t.UTC()
	if up && t.Truncate(time.Second) != t {
		t = t.Truncate(time.Second).Add(time.Second)
	}
	return t.Truncate(time.Second).Format("2006-01-02T15:04:05")
}

// where returns the SQL conditions of a filter (Centre, Learner, Pass, dates).
func where(f ledger.Filter) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, v any) { conds = append(conds, cond); args = append(args, v) }
	if f.Centre != "" {
		add("centre = ?", f.Centre)
	}
	if f.Learner != "" {
		add("learner = ?", f.Learner)
	}
	if f.Pass != "" {
		add("pass = ?", f.Pass)
	}
	if !f.From.IsZero() {
		add("created_at >= ?", sqlTime(f.From, false))
	}
	if !f.To.IsZero() {
		add("created_at < ?", sqlTime(f.To, true))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// pageConditions returns the SQL conditions of a page's query (on the alias e).
func pageConditions(q ledger.PageQuery) ([]string, []any) {
	var conds []string
	var args []any
	// The unary + keeps SQLite from reading the page through the centre's index and
	// sorting every row (a file holds one centre): the primary key gives the order.
	if q.Centre != "" {
		conds, args = append(conds, "+e.centre = ?"), append(args, q.Centre)
	}
	if q.Learner != "" {
		conds, args = append(conds, "e.learner = ?"), append(args, q.Learner)
	}
	if q.Kind != "" {
		conds, args = append(conds, "e.kind = ?"), append(args, q.Kind)
	}
	if search := strings.TrimSpace(q.Search); search != "" {
		like := ledger.LikePattern(search)
		cond := `(e.learner LIKE ? ESCAPE '\' OR e.module LIKE ? ESCAPE '\' OR e.operator LIKE ? ESCAPE '\' OR e.pass LIKE ? ESCAPE '\' OR e.reason LIKE ? ESCAPE '\' OR e.record_id = ?`
		args = append(args, like, like, like, like, like, search)
		if n, err := strconv.ParseInt(search, 10, 64); err == nil {
			cond += ` OR e.seq = ?`
			args = append(args, n)
		}
		conds = append(conds, cond+")")
	}
	return conds, args
}

// Page returns the entries matching q, newest first, and how many match.
func (s *Store) Page(ctx context.Context, q ledger.PageQuery) ([]ledger.Listed, int, error) {
	conds, args := pageConditions(q)
	w := ""
	if len(conds) > 0 {
		w = " WHERE " + strings.Join(conds, " AND ")
	}
	whole := q.Learner == "" && q.Kind == "" && strings.TrimSpace(q.Search) == ""
	var total int
	if !whole {
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM entries e`+strings.Replace(w, "+e.centre", "e.centre", 1), args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("ledger %s: %w", s.path, err)
		}
	}
	limit, offset := ledger.PageLimit(q.Limit), max(q.Offset, 0)
	page := listedQuery
	pageArgs := append(append([]any{}, args...), limit, offset)
	if whole {
		// The whole chain: its lines are numbered 1..head without gaps, so page N starts
		// at a known line and no row before it is read (OFFSET would step through them all).
		var head sql.NullInt64
		if err := s.db.QueryRowContext(ctx, `SELECT max(seq) FROM entries`).Scan(&head); err != nil {
			return nil, 0, fmt.Errorf("ledger %s: %w", s.path, err)
		}
		conds = append(conds, "e.seq <= ?")
		pageArgs = append(append([]any{}, args...), head.Int64-int64(offset), limit, 0)
		total = int(head.Int64)
	}
	w = ""
	if len(conds) > 0 {
		w = " WHERE " + strings.Join(conds, " AND ")
	}
	rows, err := s.db.QueryContext(ctx, page+w+` ORDER BY e.seq DESC LIMIT ? OFFSET ?`, pageArgs...)
	if err != nil {
		return nil, 0, fmt.Errorf("ledger %s: %w", s.path, err)
	}
	out, err := s.scanListed(rows)
	return out, total, err
}

// listedQuery selects the columns of a page and the line that cancels each entry.
const listedQuery = `SELECT ` + baseColumns + `,
		COALESCE((SELECT c.seq FROM entries c WHERE c.kind = 'cancel' AND c.target = e.seq), 0)
		FROM entries e`

// scanListed reads the rows of listedQuery and closes them.
func (s *Store) scanListed(rows *sql.Rows) ([]ledger.Listed, error) {
	defer rows.Close()
	var out []ledger.Listed
	for rows.Next() {
		var l ledger.Listed
		var created string
		if err := rows.Scan(&l.Seq, &l.Centre, &l.Operator, &l.Kind, &l.RecordID, &l.Learner, &l.Pass, &l.LearnerKey,
			&l.AchievementID, &l.Module, &l.HoursEarned, &l.HoursCredited, &l.ActivityEnd, &l.Enrolled, &l.Target, &l.Reason,
			&l.RecordHash, &l.Attempts.Record, &l.Attempts.Dossier, &l.Attempts.Key, &created, &l.PrevHash, &l.Hash, &l.Signer,
			&l.Signature, &l.CancelledBy); err != nil {
			return nil, fmt.Errorf("ledger %s: %w", s.path, err)
		}
		var err error
		if l.CreatedAt, err = time.Parse(time.RFC3339Nano, created); err != nil {
			return nil, fmt.Errorf("ledger %s: entry %d: date %q unreadable", s.path, l.Seq, created)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledger %s: %w", s.path, err)
	}
	return out, nil
}

// Matches returns the file's lines after line after matching q, newest first. The
// whole file is searched in the index that holds every searched column (the rows keep
// each record's JSON: a scan of them reads the whole file); new lines are found from
// the primary key.
func (s *Store) Matches(ctx context.Context, q ledger.PageQuery, after int64) ([]ledger.Match, error) {
	conds, args := pageConditions(q)
	from := `SELECT e.seq FROM entries e`
	if after <= 0 {
		from += ` INDEXED BY entries_search`
		if len(conds) > 0 && q.Centre != "" {
			conds[0] = "e.centre = ?"
		}
	} else {
		conds, args = append(conds, "e.seq > ?"), append(args, after)
	}
	w := ""
	if len(conds) > 0 {
		w = " WHERE " + strings.Join(conds, " AND ")
	}
	rows, err := s.db.QueryContext(ctx, from+w+` ORDER BY e.seq DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("ledger %s: %w", s.path, err)
	}
	defer rows.Close()
	var out []ledger.Match
	for rows.Next() {
		var m ledger.Match
		if err := rows.Scan(&m.Seq); err != nil {
			return nil, fmt.Errorf("ledger %s: %w", s.path, err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Lines returns the file's lines numbered seqs, in that order.
func (s *Store) Lines(ctx context.Context, _ string, seqs []int64) ([]ledger.Listed, error) {
	if len(seqs) == 0 {
		return nil, nil
	}
	args := make([]any, len(seqs))
	for i, n := range seqs {
		args[i] = n
	}
	rows, err := s.db.QueryContext(ctx, listedQuery+` WHERE e.seq IN (?`+strings.Repeat(",?", len(seqs)-1)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("ledger %s: %w", s.path, err)
	}
	found, err := s.scanListed(rows)
	if err != nil {
		return nil, err
	}
	return ledger.InOrder(found, seqs), nil
}

// Dossiers returns the dossiers matching q, in alphabetical order, with their totals.
func (s *Store) Dossiers(ctx context.Context, q ledger.DossierQuery) ([]ledger.Dossier, int, error) {
	w, args := "", []any{}
	var conds []string
	if q.Centre != "" {
		conds, args = append(conds, "centre = ?"), append(args, q.Centre)
	}
	if search := strings.TrimSpace(q.Search); search != "" {
		conds, args = append(conds, `learner LIKE ? ESCAPE '\'`), append(args, ledger.LikePattern(search))
	}
	if len(conds) > 0 {
		w = " WHERE " + strings.Join(conds, " AND ")
	}
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT DISTINCT centre, learner FROM entries`+w+`)`, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("ledger %s: %w", s.path, err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT centre, learner,
		SUM(CASE WHEN kind = 'credit' THEN 1 WHEN kind = 'cancel' AND record_id <> '' THEN -1 ELSE 0 END),
		SUM(CASE WHEN kind IN ('credit','cancel') THEN hours_credited ELSE 0 END),
		SUM(CASE WHEN kind = 'enrol' THEN 1 WHEN kind = 'cancel' AND record_id = '' THEN -1 ELSE 0 END),
		MAX(created_at)
		FROM entries`+w+` GROUP BY centre, learner ORDER BY learner COLLATE NOCASE, learner, centre LIMIT ? OFFSET ?`,
		append(args, ledger.PageLimit(q.Limit), max(q.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("ledger %s: %w", s.path, err)
	}
	defer rows.Close()
	var out []ledger.Dossier
	for rows.Next() {
		var d ledger.Dossier
		var last string
		if err := rows.Scan(&d.Centre, &d.Learner, &d.Credits, &d.Hours, &d.Cards, &last); err != nil {
			return nil, 0, fmt.Errorf("ledger %s: %w", s.path, err)
		}
		d.Last, _ = time.Parse(time.RFC3339Nano, last)
		out = append(out, d)
	}
	return out, total, rows.Err()
}

// Head returns the number of entries of the file's chain and the last hash.
func (s *Store) Head(ctx context.Context, _ string) (int64, string, error) {
	var seq int64
	var hash string
	err := s.db.QueryRowContext(ctx, `SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1`).Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ledger.GenesisHash, nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("ledger %s: %w", s.path, err)
	}
	return seq, hash, nil
}

// Enrolled returns the active enrolment of learnerKey in the file.
func (s *Store) Enrolled(ctx context.Context, _, learnerKey string) (ledger.Entry, bool, error) {
	t, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return ledger.Entry{}, false, err
	}
	defer t.Rollback()
	return tx{t}.Enrolment(ctx, "", learnerKey)
}

// Period returns the entries of f with what reports read, from the report index alone.
func (s *Store) Period(ctx context.Context, f ledger.Filter) ([]ledger.Entry, error) {
	w, args := where(f)
	rows, err := s.db.QueryContext(ctx, `SELECT centre, seq, kind, created_at, learner, pass, achievement_id, module,
		hours_credited, operator, enrolled, record_id, target FROM entries INDEXED BY entries_report`+w, args...)
	if err != nil {
		return nil, fmt.Errorf("ledger %s: %w", s.path, err)
	}
	defer rows.Close()
	var out []ledger.Entry
	for rows.Next() {
		var e ledger.Entry
		var created string
		if err := rows.Scan(&e.Centre, &e.Seq, &e.Kind, &created, &e.Learner, &e.Pass, &e.AchievementID, &e.Module,
			&e.HoursCredited, &e.Operator, &e.Enrolled, &e.RecordID, &e.Target); err != nil {
			return nil, fmt.Errorf("ledger %s: %w", s.path, err)
		}
		if e.CreatedAt, err = time.Parse(time.RFC3339Nano, created); err != nil {
			return nil, fmt.Errorf("ledger %s: entry %d: date %q unreadable", s.path, e.Seq, created)
		}
		if f.Match(e) {
			out = append(out, e)
		}
	}
	return out, rows.Err()
}

// Since returns the file's lines after line seq, in chain order, with what Period
// reads and their hashes (the primary key gives them without a scan).
func (s *Store) Since(ctx context.Context, _ string, seq int64) ([]ledger.Entry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT centre, seq, kind, created_at, learner, pass, achievement_id, module,
		hours_credited, operator, enrolled, record_id, target, prev_hash, hash FROM entries WHERE seq > ? ORDER BY seq`, seq)
	if err != nil {
		return nil, fmt.Errorf("ledger %s: %w", s.path, err)
	}
	defer rows.Close()
	var out []ledger.Entry
	for rows.Next() {
		var e ledger.Entry
		var created string
		if err := rows.Scan(&e.Centre, &e.Seq, &e.Kind, &created, &e.Learner, &e.Pass, &e.AchievementID, &e.Module,
			&e.HoursCredited, &e.Operator, &e.Enrolled, &e.RecordID, &e.Target, &e.PrevHash, &e.Hash); err != nil {
			return nil, fmt.Errorf("ledger %s: %w", s.path, err)
		}
		if e.CreatedAt, err = time.Parse(time.RFC3339Nano, created); err != nil {
			return nil, fmt.Errorf("ledger %s: entry %d: date %q unreadable", s.path, e.Seq, created)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
