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

// recent keeps up to max values by key, made on first use; when full, the value used
// least lately makes room. Each value guards itself (its own lock).
type recent[T any] struct {
	mu   sync.Mutex
	max  int
	kept map[string]*recentValue[T]
	tick int64
}

type recentValue[T any] struct {
	v        *T
	lastUsed int64
}

// of returns the value kept under key, a new zero one when there is none.
func (rv *recent[T]) of(key string) *T {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	rv.tick++
	if k, ok := rv.kept[key]; ok {
		k.lastUsed = rv.tick
		return k.v
	}
	if rv.kept == nil {
		rv.kept = map[string]*recentValue[T]{}
	}
	if len(rv.kept) >= max(rv.max, 1) {
		var oldest string
		var oldestUse int64
		for key, k := range rv.kept {
			if oldestUse == 0 || k.lastUsed < oldestUse {
				oldest, oldestUse = key, k.lastUsed
			}
		}
		delete(rv.kept, oldest)
	}
	v := new(T)
	rv.kept[key] = &recentValue[T]{v: v, lastUsed: rv.tick}
	return v
}
