package centreweb

import (
	"context"
	"sync"

	"declic/centre"
	"declic/ledger"
)

// maxTallies bounds the periods whose report is kept.
const maxTallies = 8

// keptTally is one period's report of the centre's chain and the line it has counted
// up to. A ledger only grows (a cancel is a new line too), so when the chain has grown
// the report adds the new lines alone instead of reading its whole period again;
// lines that do not continue the chain it had read (a ledger replaced or altered)
// make it count the period again from the start.
type keptTally struct {
	mu    sync.Mutex
	tally *centre.Tally
	seq   int64
	hash  string
}

// report returns the report of f (one centre's chain, f.Centre set) and the chain line
// it counts up to: the lines appended since the last call are added to what was kept,
// or, the first time and whenever the chain does not continue what was read, every
// entry of the period is read again. start makes an empty tally of the period.
func (k *keptTally) report(ctx context.Context, store ledger.Store, r ledger.Reader, f ledger.Filter, start func() *centre.Tally) (centre.Report, int64, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	seq, hash, err := r.Head(ctx, f.Centre)
	if err != nil {
		return centre.Report{}, 0, err
	}
	if k.tally != nil && seq > k.seq {
		lines, err := r.Since(ctx, f.Centre, k.seq)
		if err != nil {
			return centre.Report{}, 0, err
		}
		if continues(lines, k.seq, k.hash) {
			for _, e := range lines {
				if f.Match(e) {
					k.tally.Add(e)
				}
			}
			last := lines[len(lines)-1]
			k.seq, k.hash = last.Seq, last.Hash
		} else {
			k.tally = nil
		}
	} else if k.tally != nil && (seq < k.seq || (seq == k.seq && hash != k.hash)) {
		k.tally = nil
	}
	if k.tally == nil {
		entries, err := centre.PeriodEntries(ctx, store, f)
		if err != nil {
			return centre.Report{}, 0, err
		}
		t := start()
		for _, e := range entries {
			// Lines written after the head was read are added on the next call.
			if e.Seq <= seq {
				t.Add(e)
			}
		}
		k.tally, k.seq, k.hash = t, seq, hash
	}
	rep := k.tally.Report()
	if k.seq > 0 {
		rep.Heads = []centre.Head{{Centre: f.Centre, Entries: k.seq, Head: k.hash}}
	}
	return rep, k.seq, nil
}

// continues reports whether lines follow line seq, whose hash is hash, one by one.
func continues(lines []ledger.Entry, seq int64, hash string) bool {
	if len(lines) == 0 {
		return false
	}
	for _, e := range lines {
		if e.Seq != seq+1 || e.PrevHash != hash {
			return false
		}
		seq, hash = e.Seq, e.Hash
	}
	return true
}
