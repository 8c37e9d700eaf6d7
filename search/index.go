package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	bolterrors "go.etcd.io/bbolt/errors"

	"declic/courses"
)

// SchemaVersion numbers the index layout (fields, analyzers, stored data). An
// index written with another number is deleted and rebuilt by Open.
const SchemaVersion = 5

// Keys of the values this package keeps inside the Bleve index, next to the
// documents, so they change in the same atomic batch as the steps they describe.
var (
	keySchema   = []byte("declic.schema")
	keyManifest = []byte("declic.manifest")
)

// Errors returned by Index methods.
var (
	// ErrNotReady means the index is being built for the first time (or rebuilt):
	// the app shows "préparation…" and tries again when State is Ready.
	ErrNotReady = errors.New("search: the index is being prepared")
	// ErrClosed means Close was called.
	ErrClosed = errors.New("search: the index is closed")
	// ErrInUse means another program (a second Déclic window) has the index
	// open; Open gives up after lockWait rather than wait or delete it.
	ErrInUse = errors.New("search: the index is in use by another program")
)

// State tells the app whether search can answer yet.
type State int

const (
	// Preparing: the index is new or was rebuilt, and its first Sync has not
	// finished. Search returns ErrNotReady.
	Preparing State = iota
	// Ready: Search answers. A Sync that adds, upgrades or removes packs may be
	// under way; each pack changes in one atomic batch, so a search sees either
	// the old or the new version of a pack, never a mix.
	Ready
)

// String names the state for logs.
func (s State) String() string {
	if s == Ready {
		return "ready"
	}
	return "preparing"
}

// PackInfo is what the index records about each pack it holds.
type PackInfo struct {
	ID       string `json:"id"`
	Version  string `json:"version"`
	Title    string `json:"title"`
	Language string `json:"language"`
	// Digest is a hash of the indexed steps: a pack edited without changing its
	// version is re-indexed too.
	Digest   string       `json:"digest"`
	Steps    int          `json:"steps"`
	Synonyms [][]string   `json:"synonyms,omitempty"`
	Modules  []ModuleInfo `json:"modules"`
}

// ModuleInfo names a module, for suggestions when a search finds nothing.
type ModuleInfo struct {
	PackID string        `json:"pack"`
	ID     string        `json:"id"`
	Title  string        `json:"title"`
	Level  courses.Level `json:"level"`
	Order  int           `json:"order"`
}

// manifest is the index's own record of its content.
type manifest struct {
	// Complete is set by the first Sync that finishes: from then on the index
	// answers even while later Syncs run.
	Complete bool                `json:"complete"`
	Packs    map[string]PackInfo `json:"packs"`
}

// Index is the persistent search index over installed packs. All methods are
// safe for concurrent use: Search may run while Sync indexes in the background.
type Index struct {
	dir  string
	bidx bleve.Index

	syncMu  sync.Mutex // one Sync at a time
	closing atomic.Bool

	mu     sync.RWMutex
	man    manifest
	closed bool
	ready  chan struct{} // closed when the state becomes Ready

	thMu     sync.Mutex // guards thesauri, a cache emptied when packs change
	thesauri map[language]*thesaurus

	cacheMu       sync.Mutex // guards analysedCache, emptied when packs change
	analysedCache map[string]*analysedText

	rebuiltBy error // why Open rebuilt the index, nil if it did not

	// onApply, when set (by tests), is called after a pack's batch is applied.
	onApply func(packID string)
}

// Open opens the index kept in dir, creating the folder if needed. An index
// that is missing, unreadable, or from another SchemaVersion is deleted and
// created empty (State Preparing until the next Sync). Open refuses to delete a
// folder holding anything other than a Bleve index, and returns ErrInUse when
// another program holds the index open.
func Open(dir string) (*Index, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	idx := &Index{dir: dir, ready: make(chan struct{})}
	found, err := openExisting(dir)
	if err != nil {
		return nil, err
	}
	bidx, man := found.bidx, found.man
	if bidx == nil {
		if err := wipe(dir); err != nil {
			return nil, err
		}
		if bidx, err = create(dir); err != nil {
			return nil, err
		}
		man = manifest{Packs: map[string]PackInfo{}}
		idx.rebuiltBy = found.rebuildBecause
	}
	idx.bidx, idx.man = bidx, man
	if man.Complete {
		close(idx.ready)
	}
	return idx, nil
}

// existing is what openExisting found in an index folder: an index to use with its
// manifest, or (bidx nil) the reason it must be built again.
type existing struct {
	bidx           bleve.Index
	man            manifest
	rebuildBecause error
}

// openExisting opens the index in dir. An error means the folder cannot be used at
// all (unreadable, or held by another program); a missing, broken or older index is
// not an error but a reason to rebuild.
func openExisting(dir string) (existing, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return existing{}, fmt.Errorf("search: %w", err)
	}
	if len(entries) == 0 {
		return existing{rebuildBecause: errors.New("no index yet")}, nil
	}
	bidx, err := bleve.OpenUsing(dir, map[string]interface{}{"bolt_timeout": lockWait.String()})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return existing{}, fmt.Errorf("%w: %s", ErrInUse, dir)
	}
	if err != nil {
		return existing{rebuildBecause: fmt.Errorf("unreadable index: %w", err)}, nil
	}
	schema, err := bidx.GetInternal(keySchema)
	if err != nil || string(schema) != fmt.Sprint(SchemaVersion) {
		bidx.Close()
		return existing{rebuildBecause: fmt.Errorf("index schema %q, want %d", schema, SchemaVersion)}, nil
	}
	raw, err := bidx.GetInternal(keyManifest)
	var man manifest
	if err == nil {
		err = json.Unmarshal(raw, &man)
	}
	if err != nil || man.Packs == nil {
		bidx.Close()
		return existing{rebuildBecause: fmt.Errorf("unreadable index manifest: %v", err)}, nil
	}
	return existing{bidx: bidx, man: man}, nil
}

// lockWait is how long Open waits for another program to release the index.
const lockWait = time.Second

// bleveEntries are the only names Bleve's scorch index puts in its folder.
var bleveEntries = map[string]bool{"index_meta.json": true, "store": true}

// wipe deletes a broken index from dir, after checking that dir holds nothing else.
func wipe(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	for _, e := range entries {
		if !bleveEntries[e.Name()] {
			return fmt.Errorf("search: %s is not a search index folder (it holds %q): left as it is", dir, e.Name())
		}
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return fmt.Errorf("search: removing the old index: %w", err)
		}
	}
	return nil
}

func create(dir string) (bleve.Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("search: index mapping: %w", err)
	}
	bidx, err := bleve.New(dir, m)
	if err != nil {
		return nil, fmt.Errorf("search: creating the index in %s: %w", dir, err)
	}
	b := bidx.NewBatch()
	b.SetInternal(keySchema, []byte(fmt.Sprint(SchemaVersion)))
	raw, _ := json.Marshal(manifest{Packs: map[string]PackInfo{}})
	b.SetInternal(keyManifest, raw)
	if err := bidx.Batch(b); err != nil {
		bidx.Close()
		return nil, fmt.Errorf("search: creating the index in %s: %w", dir, err)
	}
	return bidx, nil
}

// State says whether Search can answer.
func (idx *Index) State() State {
	select {
	case <-idx.ready:
		return Ready
	default:
		return Preparing
	}
}

// Packs returns what the index holds, sorted by pack id.
func (idx *Index) Packs() []PackInfo {
	idx.mu.RLock()
	defer idx.mu.RUnlock()
	out := make([]PackInfo, 0, len(idx.man.Packs))
	for _, p := range idx.man.Packs {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Sync makes the index hold exactly packs: it indexes new packs, re-indexes
// packs whose version or content changed, and removes packs not in the list.
// Unchanged packs are not touched, so a Sync at start-up costs little. Each pack
// changes in one atomic batch with the index's record of it. A nil pack or a
// duplicate id is reported in the returned error and the other packs are still
// indexed. Cancel ctx (or Close) to stop between packs; the next Sync resumes.
// Run it in a goroutine: the first Sync after a rebuild takes seconds.
func (idx *Index) Sync(ctx context.Context, packs []*courses.Pack) error {
	idx.syncMu.Lock()
	defer idx.syncMu.Unlock()
	if idx.isClosed() {
		return ErrClosed
	}
	var errs []error
	want := map[string]*courses.Pack{}
	for i, p := range packs {
		switch {
		case p == nil:
			errs = append(errs, fmt.Errorf("search: pack %d of %d is nil", i+1, len(packs)))
		case p.ID == "":
			errs = append(errs, fmt.Errorf("search: pack %q (%s) has no id", p.Title, p.Source))
		case want[p.ID] != nil:
			errs = append(errs, fmt.Errorf("search: pack id %q given twice (%s and %s); the first one is indexed", p.ID, want[p.ID].Source, p.Source))
		default:
			want[p.ID] = p
		}
	}

	held := idx.Packs()
	for _, info := range held {
		if want[info.ID] == nil {
			if err := idx.stopped(ctx); err != nil {
				return errors.Join(append(errs, err)...)
			}
			if err := idx.apply(info.ID, nil, nil); err != nil {
				errs = append(errs, err)
			}
		}
	}
	ids := make([]string, 0, len(want))
	for id := range want {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := idx.stopped(ctx); err != nil {
			return errors.Join(append(errs, err)...)
		}
		p := want[id]
		docs, digest := packDocs(p)
		idx.mu.RLock()
		old, had := idx.man.Packs[id]
		idx.mu.RUnlock()
		if had && old.Version == p.Version && old.Digest == digest {
			continue
		}
		info := packInfo(p, digest, len(docs))
		if err := idx.apply(id, docs, &info); err != nil {
			errs = append(errs, err)
		}
	}
	if err := idx.markComplete(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func (idx *Index) stopped(ctx context.Context) error {
	if idx.closing.Load() {
		return ErrClosed
	}
	return ctx.Err()
}

func packInfo(p *courses.Pack, digest string, steps int) PackInfo {
	info := PackInfo{ID: p.ID, Version: p.Version, Title: p.Title, Language: p.Language,
		Digest: digest, Steps: steps, Synonyms: p.Synonyms}
	for _, m := range p.Modules {
		info.Modules = append(info.Modules, ModuleInfo{PackID: p.ID, ID: m.ID, Title: m.Title, Level: m.Level, Order: m.Order})
	}
	return info
}

// apply replaces pack id's steps by docs in one batch, and records info; with
// info nil it removes the pack.
func (idx *Index) apply(id string, docs []stepDoc, info *PackInfo) error {
	oldIDs, err := idx.docIDs(id)
	if err != nil {
		return err
	}
	b := idx.bidx.NewBatch()
	for _, d := range oldIDs {
		b.Delete(d)
	}
	for _, d := range docs {
		if err := b.Index(d.id, d.fields); err != nil {
			return fmt.Errorf("search: pack %s: step %s: %w", id, d.id, err)
		}
	}
	idx.mu.RLock()
	next := manifest{Complete: idx.man.Complete, Packs: make(map[string]PackInfo, len(idx.man.Packs)+1)}
	for k, v := range idx.man.Packs {
		next.Packs[k] = v
	}
	idx.mu.RUnlock()
	if info == nil {
		delete(next.Packs, id)
	} else {
		next.Packs[id] = *info
	}
	raw, err := json.Marshal(next)
	if err != nil {
		return fmt.Errorf("search: pack %s: %w", id, err)
	}
	b.SetInternal(keyManifest, raw)
	if err := idx.bidx.Batch(b); err != nil {
		return fmt.Errorf("search: indexing pack %s: %w", id, err)
	}
	idx.mu.Lock()
	idx.man = next
	idx.mu.Unlock()
	idx.thMu.Lock()
	idx.thesauri = nil
	idx.thMu.Unlock()
	idx.cacheMu.Lock()
	clear(idx.analysedCache)
	idx.cacheMu.Unlock()
	if idx.onApply != nil {
		idx.onApply(id)
	}
	return nil
}

// docIDs lists the ids of the steps indexed for pack id.
func (idx *Index) docIDs(id string) ([]string, error) {
	q := bleve.NewTermQuery(id)
	q.SetField(fieldPack)
	total := 0
	for {
		req := bleve.NewSearchRequestOptions(q, total+1000, 0, false)
		res, err := idx.bidx.Search(req)
		if err != nil {
			return nil, fmt.Errorf("search: listing the steps of pack %s: %w", id, err)
		}
		if uint64(len(res.Hits)) >= res.Total {
			out := make([]string, len(res.Hits))
			for i, h := range res.Hits {
				out[i] = h.ID
			}
			return out, nil
		}
		total = int(res.Total)
	}
}

func (idx *Index) markComplete() error {
	idx.mu.RLock()
	done := idx.man.Complete
	next := manifest{Complete: true, Packs: idx.man.Packs}
	idx.mu.RUnlock()
	if done {
		return nil
	}
	raw, err := json.Marshal(next)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if err := idx.bidx.SetInternal(keyManifest, raw); err != nil {
		return fmt.Errorf("search: recording the finished index: %w", err)
	}
	idx.mu.Lock()
	idx.man.Complete = true
	idx.mu.Unlock()
	close(idx.ready)
	return nil
}

func (idx *Index) isClosed() bool {
	idx.mu.RLock()
	defer idx.mu.RUnlock()
	return idx.closed
}

// Close stops a running Sync after its current pack and closes the index files.
// Calling it twice is harmless.
func (idx *Index) Close() error {
	idx.closing.Store(true)
	idx.syncMu.Lock()
	defer idx.syncMu.Unlock()
	idx.mu.Lock()
	defer idx.mu.Unlock()
	if idx.closed {
		return nil
	}
	idx.closed = true
	if err := idx.bidx.Close(); err != nil {
		return fmt.Errorf("search: closing the index: %w", err)
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
