package centreweb

import (
	"context"
	"sync"

	"declic/ledger"
)

// headCache keeps what the workspace computed from the ledger (a page of dossiers, a
// report) for as long as the centre's chain does not grow: a ledger only ever gets new
// lines, so the same head means the same answer. Reading the head costs one indexed
// look-up; the list of dossiers of a large ledger costs a scan.
type headCache struct {
	mu      sync.Mutex
	head    int64
	entries map[string]any
}

// maxCached bounds the answers kept for one head.
const maxCached = 64

// get returns the answer kept for key at head, if any.
func (c *headCache) get(head int64, key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.head != head {
		return nil, false
	}
	v, ok := c.entries[key]
	return v, ok
}

// put keeps an answer for key at head; a new head forgets the old answers.
func (c *headCache) put(head int64, key string, v any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.head != head || c.entries == nil || len(c.entries) >= maxCached {
		c.head, c.entries = head, map[string]any{}
	}
	c.entries[key] = v
}

// headOf returns the centre chain's length, the cache's key (-1 when unknown).
func (s *Server) headOf(ctx context.Context, r ledger.Reader) int64 {
	seq, _, err := r.Head(ctx, s.centreID())
	if err != nil {
		return -1
	}
	return seq
}
