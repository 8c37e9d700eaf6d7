package centreweb

import (
	"context"
	"sync"

	"declic/ledger"
)

// maxSearches bounds the searches of the ledger whose lines are kept.
const maxSearches = 8

// keptSearch is what a search of the ledger (words, a kind of line) finds in the
// centre's chain: the lines' numbers in the order the page lists them, up to a line of
// the chain. When the chain grows only the new lines are searched (by the database,
// so a search matches the same lines as ever); lines that do not continue the chain
// it had read, or that a page would list among older ones (a date earlier than theirs
// on a store that lists by date), make it search the whole chain again.
type keptSearch struct {
	mu      sync.Mutex
	ok      bool
	matches []ledger.Match
	seq     int64
	hash    string
}

// find returns every line of q.Centre's chain matching q (not its offset and limit) in
// the page's order. The slice returned is never changed afterwards.
func (k *keptSearch) find(ctx context.Context, r ledger.Reader, q ledger.PageQuery) ([]ledger.Match, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	seq, hash, err := r.Head(ctx, q.Centre)
	if err != nil {
		return nil, err
	}
	switch {
	case k.ok && seq > k.seq:
		if k.ok, err = k.addSince(ctx, r, q); err != nil {
			return nil, err
		}
	case k.ok && (seq < k.seq || (seq == k.seq && hash != k.hash)):
		k.ok = false
	}
	if !k.ok {
		all, err := r.Matches(ctx, q, 0)
		if err != nil {
			return nil, err
		}
		// Lines written after the head was read are searched on the next call.
		k.matches = upTo(all, seq)
		k.seq, k.hash, k.ok = seq, hash, true
	}
	return k.matches, nil
}

// addSince searches the lines after the kept one and puts what they match in front;
// false when that cannot give the page's order (the caller searches everything).
func (k *keptSearch) addSince(ctx context.Context, r ledger.Reader, q ledger.PageQuery) (bool, error) {
	lines, err := r.Since(ctx, q.Centre, k.seq)
	if err != nil {
		return false, err
	}
	if !continues(lines, k.seq, k.hash) {
		return false, nil
	}
	last := lines[len(lines)-1]
	found, err := r.Matches(ctx, q, k.seq)
	if err != nil {
		return false, err
	}
	found = upTo(found, last.Seq)
	if len(found) > 0 && len(k.matches) > 0 && !listedBefore(found[len(found)-1], k.matches[0]) {
		return false, nil
	}
	k.matches = append(found[:len(found):len(found)], k.matches...)
	k.seq, k.hash = last.Seq, last.Hash
	return true, nil
}

// upTo returns the matches of lines up to line seq, in the same order.
func upTo(matches []ledger.Match, seq int64) []ledger.Match {
	out := matches[:0:0]
	for _, m := range matches {
		if m.Seq <= seq {
			out = append(out, m)
		}
	}
	return out
}

// listedBefore reports whether a page lists a before b: newer date first, then the
// higher line (dates are zero on a store that lists by line alone).
func listedBefore(a, b ledger.Match) bool {
	if !a.At.Equal(b.At) {
		return a.At.After(b.At)
	}
	return a.Seq > b.Seq
}
