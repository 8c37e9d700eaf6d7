package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"declic/keys"
	"declic/ledger"
)

// ImportItem is one entry of a centre's local (SQLite) ledger to apply on the shared
// ledger, with the request the centre's tool built from it after checking its record
// again. Exactly one of Credit, Enrol and Cancel is set, or Refused says why the tool
// refused the entry before the shared ledger saw it.
type ImportItem struct {
	Local  ledger.Entry
	Credit *ledger.CreditRequest
	Enrol  *ledger.EnrolRequest
	// Cancel undoes the shared entry copied from the local entry whose hash is
	// TargetOrigin (Cancel.Seq is filled in here).
	Cancel       *ledger.CancelRequest
	TargetOrigin string
	Refused      error
}

// ImportResult is a local entry the shared ledger refused, and why (a *ledger.Refusal,
// a *ledger.InvalidError, or the tool's own reason).
type ImportResult struct {
	Local ledger.Entry
	Err   error
}

// ImportReport says what an import did with each local entry.
type ImportReport struct {
	Added   int            // written into the shared ledger now
	Already int            // written by an earlier run (same origin)
	Refused []ImportResult // refused, with the reason: nothing written for them
}

// ImportOptions tunes Import.
type ImportOptions struct {
	// BatchSize is the number of entries per transaction (default 500).
	BatchSize int
	// Progress, when set, is called after each committed batch with the number of local
	// entries handled so far.
	Progress func(done int)
}

// Import applies a centre's local entries to its chain of the shared ledger, in local
// order, under the network's rules: each credit is checked as a new credit would be
// (duplicates in the whole network, enrolment, the pass's cap across centres), each
// enrolment and cancel likewise, and signed with the centre's key. Each entry is
// identified by its local hash (origin), so running Import again adds nothing. Entries
// are written in transactions of BatchSize, each ending with the centre's signed head: a
// connection lost mid-way leaves whole batches only, and a new run finishes the job.
func (s *Store) Import(ctx context.Context, centre string, key *keys.Key, items []ImportItem, opt ImportOptions) (ImportReport, error) {
	var rep ImportReport
	if centre == "" {
		return rep, &ledger.InvalidError{Field: ledger.FieldCentre, Problem: ledger.ProblemMissing}
	}
	if key == nil {
		return rep, &ledger.InvalidError{Field: ledger.FieldCentreKey, Problem: ledger.ProblemMissing}
	}
	size := opt.BatchSize
	if size <= 0 {
		size = 500
	}
	for start := 0; start < len(items); start += size {
		batch := items[start:min(start+size, len(items))]
		part, err := s.importBatch(ctx, centre, key, batch)
		if err != nil {
			return rep, fmt.Errorf("ledger: local entries %d to %d: %w", batch[0].Local.Seq, batch[len(batch)-1].Local.Seq, err)
		}
		rep.Added += part.Added
		rep.Already += part.Already
		rep.Refused = append(rep.Refused, part.Refused...)
		if opt.Progress != nil {
			opt.Progress(start + len(batch))
		}
	}
	return rep, nil
}

func (s *Store) importBatch(ctx context.Context, centre string, key *keys.Key, batch []ImportItem) (ImportReport, error) {
	var rep ImportReport
	t, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return rep, err
	}
	defer t.Rollback()
	if err := lockCentre(ctx, t, centre); err != nil {
		return rep, err
	}
	known, err := knownOrigins(ctx, t, batch)
	if err != nil {
		return rep, err
	}
	x := &tx{Tx: t, centre: centre}
	for _, it := range batch {
		if it.Local.Hash == "" {
			return rep, &ledger.InvalidError{Field: ledger.FieldRecord, Problem: ledger.ProblemMissing}
		}
		if known[it.Local.Hash] { // copied by an earlier run: one query per batch, not per entry
			rep.Already++
			continue
		}
		if it.Refused != nil {
			rep.Refused = append(rep.Refused, ImportResult{it.Local, it.Refused})
			continue
		}
		if _, err := t.ExecContext(ctx, `SAVEPOINT item`); err != nil {
			return rep, err
		}
		x.origin = it.Local.Hash
		_, err := s.applyItem(ctx, x, it)
		switch {
		case err == nil:
			rep.Added++
			if _, err := t.ExecContext(ctx, `RELEASE SAVEPOINT item`); err != nil {
				return rep, err
			}
			continue
		case ledger.RefusalOf(err) == nil && !errors.Is(err, ledger.ErrInvalid):
			if r := s.raceRefusal(ctx, err, centre, requestEntry(it)); r != nil {
				err = r
			} else {
				return rep, err
			}
		}
		if _, rerr := t.ExecContext(ctx, `ROLLBACK TO SAVEPOINT item`); rerr != nil {
			return rep, rerr
		}
		rep.Refused = append(rep.Refused, ImportResult{it.Local, err})
	}
	if err := x.signHead(ctx, key); err != nil {
		return rep, err
	}
	return rep, t.Commit()
}

// applyItem applies one local entry's request inside the batch's transaction.
func (s *Store) applyItem(ctx context.Context, x *tx, it ImportItem) (ledger.Entry, error) {
	switch {
	case it.Credit != nil:
		if err := it.Credit.Validate(); err != nil {
			return ledger.Entry{}, err
		}
		if err := lockPass(ctx, x.Tx, it.Credit.Pass); err != nil {
			return ledger.Entry{}, err
		}
		return ledger.CreditIn(ctx, x, *it.Credit)
	case it.Enrol != nil:
		return ledger.EnrolIn(ctx, x, *it.Enrol)
	case it.Cancel != nil:
		var seq int64
		err := x.QueryRowContext(ctx, `SELECT seq FROM entries WHERE centre = $1 AND origin = $2`, x.centre, it.TargetOrigin).Scan(&seq)
		if errors.Is(err, sql.ErrNoRows) {
			return ledger.Entry{}, &ledger.Refusal{Code: ledger.CodeNoEntry, Seq: it.Local.Target}
		}
		if err != nil {
			return ledger.Entry{}, err
		}
		req := *it.Cancel
		req.Seq = seq
		return ledger.CancelIn(ctx, x, req)
	}
	return ledger.Entry{}, &ledger.InvalidError{Field: ledger.FieldRecord, Problem: ledger.ProblemMissing}
}

// requestEntry is the entry an item asks for, enough to name a race's holder.
func requestEntry(it ImportItem) ledger.Entry {
	if it.Credit != nil {
		return ledger.Entry{RecordID: it.Credit.RecordID, LearnerKey: it.Credit.LearnerKey, AchievementID: it.Credit.AchievementID, Learner: it.Credit.Learner}
	}
	return it.Local
}

// knownOrigins returns which of the batch's local hashes are already in the shared ledger.
func knownOrigins(ctx context.Context, t *sql.Tx, batch []ImportItem) (map[string]bool, error) {
	hashes := make([]string, len(batch))
	for i, it := range batch {
		hashes[i] = it.Local.Hash
	}
	rows, err := t.QueryContext(ctx, `SELECT origin FROM entries WHERE origin = ANY($1)`, hashes)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	known := map[string]bool{}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		known[h] = true
	}
	return known, rows.Err()
}

// Known returns which of the given local hashes the shared ledger already holds (as the
// origin of a synced entry): a sync verifies again only the entries still to send.
func (s *Store) Known(ctx context.Context, hashes []string) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT origin FROM entries WHERE origin = ANY($1)`, hashes)
	if err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	defer rows.Close()
	known := map[string]bool{}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		known[h] = true
	}
	return known, rows.Err()
}
