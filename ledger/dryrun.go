package ledger

import (
	"context"
	"errors"
)

// DryRunner is a store that can apply the crediting rules to a request and say what
// it would write, without writing it: the transaction is rolled back.
type DryRunner interface {
	DryCredit(ctx context.Context, req CreditRequest) (Entry, error)
}

// ErrNoDryRun is returned by DryRun for a store that cannot try a credit.
var ErrNoDryRun = errors.New("ledger: this store cannot try a credit without writing it")

// DryRun returns the entry store would append for req, or the refusal, and writes
// nothing.
func DryRun(ctx context.Context, store Store, req CreditRequest) (Entry, error) {
	d, ok := store.(DryRunner)
	if !ok {
		return Entry{}, ErrNoDryRun
	}
	return d.DryCredit(ctx, req)
}
