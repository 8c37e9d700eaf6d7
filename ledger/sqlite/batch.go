package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"declic/ledger"
)

// sqlTx is what the crediting rules' queries need of a transaction: a plain *sql.Tx,
// or statements, which prepares each query once for a whole batch.
type sqlTx interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// statements is a transaction that keeps its prepared queries: a batch runs the same
// few queries for every record, and preparing them is much of a credit's cost.
type statements struct {
	*sql.Tx
	prepared map[string]*sql.Stmt
}

func (s *statements) statement(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := s.prepared[query]; ok {
		return st, nil
	}
	st, err := s.Tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if s.prepared == nil {
		s.prepared = map[string]*sql.Stmt{}
	}
	s.prepared[query] = st
	return st, nil
}

// QueryContext runs query with its prepared statement.
func (s *statements) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := s.statement(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext runs query with its prepared statement.
func (s *statements) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := s.statement(ctx, query)
	if err != nil {
		return s.Tx.QueryRowContext(ctx, query, args...) // which reports the same error
	}
	return st.QueryRowContext(ctx, args...)
}

// ExecContext runs query with its prepared statement.
func (s *statements) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := s.statement(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// batch writes into one open transaction; each write is a savepoint of it, undone
// alone when the write is refused or fails.
type batch struct {
	s *Store
	t tx
}

var _ ledger.Batcher = (*Store)(nil)

// InBatch runs fn with a writer whose credits, enrolments and cancels go into one
// immediate transaction (one writer at a time, across processes), committed when fn
// returns nil: crediting a learner's files is one disk write instead of one per file.
func (s *Store) InBatch(ctx context.Context, fn func(ledger.Writer) error) error {
	t, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("ledger %s: %w", s.path, err)
	}
	defer t.Rollback()
	if err := fn(&batch{s: s, t: tx{&statements{Tx: t}}}); err != nil {
		return err
	}
	if err := t.Commit(); err != nil {
		return fmt.Errorf("ledger %s: %w", s.path, err)
	}
	return nil
}

// write runs one change of the batch inside a savepoint.
func (b *batch) write(ctx context.Context, fn func(tx) (ledger.Entry, error)) (ledger.Entry, error) {
	if _, err := b.t.ExecContext(ctx, `SAVEPOINT entry`); err != nil {
		return ledger.Entry{}, fmt.Errorf("ledger %s: %w", b.s.path, err)
	}
	e, err := fn(b.t)
	if err != nil {
		// Undo whatever this change did, and only it.
		_, undoErr := b.t.ExecContext(ctx, `ROLLBACK TO entry`)
		_, releaseErr := b.t.ExecContext(ctx, `RELEASE entry`)
		if undoErr != nil || releaseErr != nil {
			return ledger.Entry{}, fmt.Errorf("ledger %s: %w", b.s.path, errors.Join(err, undoErr, releaseErr))
		}
		if ledger.RefusalOf(err) != nil || errors.Is(err, ledger.ErrInvalid) {
			return ledger.Entry{}, err
		}
		return ledger.Entry{}, fmt.Errorf("ledger %s: %w", b.s.path, err)
	}
	if _, err := b.t.ExecContext(ctx, `RELEASE entry`); err != nil {
		return ledger.Entry{}, fmt.Errorf("ledger %s: %w", b.s.path, err)
	}
	return e, nil
}

// Credit applies the crediting rules and appends, inside the batch.
func (b *batch) Credit(ctx context.Context, req ledger.CreditRequest) (ledger.Entry, error) {
	return b.write(ctx, func(t tx) (ledger.Entry, error) { return ledger.CreditIn(ctx, t, req) })
}

// Enrol appends an enrolment, inside the batch.
func (b *batch) Enrol(ctx context.Context, req ledger.EnrolRequest) (ledger.Entry, error) {
	return b.write(ctx, func(t tx) (ledger.Entry, error) { return ledger.EnrolIn(ctx, t, req) })
}

// Cancel appends a cancel, inside the batch.
func (b *batch) Cancel(ctx context.Context, req ledger.CancelRequest) (ledger.Entry, error) {
	return b.write(ctx, func(t tx) (ledger.Entry, error) { return ledger.CancelIn(ctx, t, req) })
}
