package ledger

import "context"

// Writer is the part of a Store that appends entries: what crediting, enrolling and
// cancelling need.
type Writer interface {
	Credit(ctx context.Context, req CreditRequest) (Entry, error)
	Enrol(ctx context.Context, req EnrolRequest) (Entry, error)
	Cancel(ctx context.Context, req CancelRequest) (Entry, error)
}

// Batcher is a Store that can write many entries in one transaction. InBatch runs fn
// with a Writer whose credits, enrolments and cancels all go into one transaction:
// each is checked by the rules as if it were alone (seeing those written before it in
// the batch), and one that is refused or fails changes nothing. The transaction commits
// when fn returns nil; when fn or the commit fails, nothing of the batch is written.
type Batcher interface {
	InBatch(ctx context.Context, fn func(Writer) error) error
}

// InBatch runs fn in one transaction of store when the store can (a Batcher), and
// otherwise with the store itself, each write in its own transaction.
func InBatch(ctx context.Context, store Store, fn func(Writer) error) error {
	if b, ok := store.(Batcher); ok {
		return b.InBatch(ctx, fn)
	}
	return fn(store)
}
