package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"

	"declic/courses"
	"declic/search"
)

// searchStatus is what the search screen can say about the index.
type searchStatus int

const (
	// searchPreparing: the index is being opened or built; results come later.
	searchPreparing searchStatus = iota
	// searchReady: queries are answered.
	searchReady
	// searchInUse: another Déclic window holds the index; search stays off here.
	searchInUse
	// searchBroken: the index could not be opened (disk full, no permission…).
	searchBroken
)

// searchService owns the search index of one window: it opens it and keeps it in
// step with the installed packs in the background, so the app is usable at once
// and the search screen only says "préparation…" until the index is ready.
type searchService struct {
	mu       sync.Mutex
	idx      *search.Index // nil until Open returns, and if it failed
	openErr  error
	packs    []*courses.Pack // the packs to hold, for the Sync after Open
	pending  bool            // Sync was asked for before Open returned
	cancel   context.CancelFunc
	closed   bool
	onChange func() // called from any goroutine when the status may have changed
	onSynced func() // called, on the sync's goroutine, when a Sync completed
	wg       sync.WaitGroup
}

// openSearchService opens the index kept in dir in the background, without
// indexing anything until Sync is called.
func openSearchService(dir string) *searchService {
	s := &searchService{}
	s.open(dir)
	return s
}

// open opens the index kept in dir in the background (once): until it is open, the
// service says it is being prepared.
func (s *searchService) open(dir string) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		idx, err := search.Open(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, "declic: search:", err)
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			if idx != nil {
				idx.Close()
			}
			return
		}
		s.idx, s.openErr = idx, err
		packs, pending := s.packs, s.pending
		s.mu.Unlock()
		s.changed()
		if err == nil && pending {
			s.Sync(packs)
		}
	}()
}

// Sync makes the index hold exactly packs, in the background; a Sync still
// running is cancelled first (the index resumes from where it stopped). Call it
// after a pack is installed, upgraded or removed.
func (s *searchService) Sync(packs []*courses.Pack) {
	if s == nil {
		return
	}
	packs = append([]*courses.Pack(nil), packs...)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.packs = packs
	if s.closed || s.idx == nil {
		s.pending = true
		return // Open is under way (it syncs s.packs then) or failed
	}
	if s.cancel != nil {
		s.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	idx := s.idx
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		err := idx.Sync(ctx, packs)
		if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, search.ErrClosed) {
			fmt.Fprintln(os.Stderr, "declic: search:", err)
		}
		s.changed()
		if err == nil {
			s.synced()
		}
	}()
}

// Status says whether the index answers, is being prepared, or cannot be used.
func (s *searchService) Status() searchStatus {
	if s == nil {
		return searchBroken
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case errors.Is(s.openErr, search.ErrInUse):
		return searchInUse
	case s.openErr != nil || s.closed:
		return searchBroken
	case s.idx == nil || s.idx.State() != search.Ready:
		return searchPreparing
	}
	return searchReady
}

// index returns the open index, or an error saying why there is none.
func (s *searchService) index() (*search.Index, error) {
	if s == nil {
		return nil, search.ErrClosed
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closed:
		return nil, search.ErrClosed
	case s.openErr != nil:
		return nil, s.openErr
	case s.idx == nil:
		return nil, search.ErrNotReady
	}
	return s.idx, nil
}

// Search runs one query; ErrNotReady while the index is being prepared.
func (s *searchService) Search(ctx context.Context, text, lang string, limit int) (search.Results, error) {
	idx, err := s.index()
	if err != nil {
		return search.Results{Query: text}, err
	}
	return idx.Search(ctx, text, lang, limit)
}

// Suggest proposes close words and modules when a query found nothing.
func (s *searchService) Suggest(text, lang string) (search.Suggestions, error) {
	idx, err := s.index()
	if err != nil {
		return search.Suggestions{}, err
	}
	return idx.Suggest(text, lang)
}

// setOnChange sets the function told (from any goroutine) that the status may
// have changed.
func (s *searchService) setOnChange(f func()) {
	s.mu.Lock()
	s.onChange = f
	s.mu.Unlock()
}

// setOnSynced sets the function told (on the sync's goroutine) that a Sync
// completed: indexing is the largest burst of the start's background work.
func (s *searchService) setOnSynced(f func()) {
	s.mu.Lock()
	s.onSynced = f
	s.mu.Unlock()
}

// synced tells onSynced that a Sync completed.
func (s *searchService) synced() { s.tell(&s.onSynced) }

// changed tells onChange that the status may have changed.
func (s *searchService) changed() { s.tell(&s.onChange) }

// tell calls the function *f holds, if any, outside the lock.
func (s *searchService) tell(f *func()) {
	s.mu.Lock()
	call := *f
	s.mu.Unlock()
	if call != nil {
		call()
	}
}

// Close stops the background work and closes the index. It may be called more
// than once, and on a nil service.
func (s *searchService) Close() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	if s.cancel != nil {
		s.cancel()
	}
	idx := s.idx
	s.mu.Unlock()
	var err error
	if idx != nil {
		err = idx.Close()
	}
	s.wg.Wait()
	return err
}
