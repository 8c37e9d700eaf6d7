package postgres

import (
	"context"
	"fmt"

	"declic/ledger"
)

// DryCredit applies the network's crediting rules to req under the centre's and the
// pass's locks, in a transaction it rolls back: nothing is written.
func (s *Store) DryCredit(ctx context.Context, req ledger.CreditRequest) (ledger.Entry, error) {
	if err := req.Validate(); err != nil {
		return ledger.Entry{}, err
	}
	t, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return ledger.Entry{}, fmt.Errorf("ledger: %w", err)
	}
	defer t.Rollback()
	if err := lockCentre(ctx, t, req.Centre); err != nil {
		return ledger.Entry{}, fmt.Errorf("ledger: %w", err)
	}
	if err := lockPass(ctx, t, req.Pass); err != nil {
		return ledger.Entry{}, fmt.Errorf("ledger: %w", err)
	}
	return ledger.CreditIn(ctx, &tx{Tx: t, centre: req.Centre}, req)
}
