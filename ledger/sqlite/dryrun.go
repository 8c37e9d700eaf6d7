package sqlite

import (
	"context"
	"fmt"

	"declic/ledger"
)

// DryCredit applies the crediting rules to req in a transaction it rolls back: the
// entry it returns is the one Credit would append now; nothing is written.
func (s *Store) DryCredit(ctx context.Context, req ledger.CreditRequest) (ledger.Entry, error) {
	t, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return ledger.Entry{}, fmt.Errorf("ledger %s: %w", s.path, err)
	}
	defer t.Rollback()
	return ledger.CreditIn(ctx, tx{t}, req)
}
