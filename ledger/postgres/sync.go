package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"declic/ledger"
)

// Conflict is a local entry the shared ledger refused: its record is already credited,
// by Holder.
type Conflict struct {
	Local  ledger.Entry
	Holder ledger.Entry
}

// ImportReport says what an import did with each local entry.
type ImportReport struct {
	Added     int        // copied into the shared ledger now
	Already   int        // copied by an earlier run (same origin)
	Conflicts []Conflict // refused: the record is held by another entry
}

// ImportOptions tunes Import.
type ImportOptions struct {
	// BatchSize is the number of entries per transaction (default 500).
	BatchSize int
	// Progress, when set, is called after each committed batch with the number of local
	// entries handled so far.
	Progress func(done int)
}

// Import copies entries of a centre's local (SQLite) ledger into centre's chain of the
// shared ledger, in local order. Each entry is identified by its local hash (origin), so
// running Import again adds nothing. Entries are written in transactions of BatchSize: a
// connection lost mid-way leaves whole batches only, and a new run finishes the job. The
// centre's decisions are kept as they were (learner, hours, dates, operator); only the
// chain (seq, hashes) is the shared ledger's own.
func (s *Store) Import(ctx context.Context, centre string, local []ledger.Entry, opt ImportOptions) (ImportReport, error) {
	var rep ImportReport
	if centre == "" {
		return rep, fmt.Errorf("%w : indiquez l'identifiant du centre (--centre)", ledger.ErrInvalid)
	}
	size := opt.BatchSize
	if size <= 0 {
		size = 500
	}
	for start := 0; start < len(local); start += size {
		batch := local[start:min(start+size, len(local))]
		part, err := s.importBatch(ctx, centre, batch)
		if err != nil {
			return rep, fmt.Errorf("registre : lignes locales %d à %d : %w", batch[0].Seq, batch[len(batch)-1].Seq, err)
		}
		rep.Added += part.Added
		rep.Already += part.Already
		rep.Conflicts = append(rep.Conflicts, part.Conflicts...)
		if opt.Progress != nil {
			opt.Progress(start + len(batch))
		}
	}
	return rep, nil
}

func (s *Store) importBatch(ctx context.Context, centre string, batch []ledger.Entry) (ImportReport, error) {
	var rep ImportReport
	t, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return rep, err
	}
	defer t.Rollback()
	if err := lockCentre(ctx, t, centre); err != nil {
		return rep, err
	}
	x := tx{t, centre}
	seq, hash, err := x.head(ctx)
	if err != nil {
		return rep, err
	}
	known, err := knownOrigins(ctx, t, batch)
	if err != nil {
		return rep, err
	}
	for _, local := range batch {
		if local.Hash == "" {
			return rep, fmt.Errorf("%w : ligne locale %d sans empreinte", ledger.ErrInvalid, local.Seq)
		}
		if known[local.Hash] { // copied by an earlier run: one query per batch, not per entry
			rep.Already++
			continue
		}
		e := local
		e.Centre = centre
		e.CreatedAt = ledger.Timestamp(local.CreatedAt)
		e = ledger.Link(e, seq, hash)
		// ON CONFLICT DO NOTHING: a record or origin already present is not an error
		// that would abort the batch; it is told apart just below.
		var id int64
		err := t.QueryRowContext(ctx, insert+` ON CONFLICT DO NOTHING RETURNING id`, insertArgs(e, local.Hash)...).Scan(&id)
		if err == nil {
			seq, hash = e.Seq, e.Hash
			rep.Added++
			continue
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return rep, err
		}
		var n int
		if err := t.QueryRowContext(ctx, `SELECT count(*) FROM entries WHERE origin = $1`, local.Hash).Scan(&n); err != nil {
			return rep, err
		}
		if n > 0 {
			rep.Already++
			continue
		}
		h, found, err := holder(ctx, t, local.RecordID)
		if err != nil {
			return rep, err
		}
		if !found {
			return rep, fmt.Errorf("ligne locale %d refusée sans raison connue", local.Seq)
		}
		rep.Conflicts = append(rep.Conflicts, Conflict{Local: local, Holder: h})
	}
	return rep, t.Commit()
}

// knownOrigins returns which of the batch's local hashes are already in the shared ledger.
func knownOrigins(ctx context.Context, t *sql.Tx, batch []ledger.Entry) (map[string]bool, error) {
	hashes := make([]string, len(batch))
	for i, e := range batch {
		hashes[i] = e.Hash
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
