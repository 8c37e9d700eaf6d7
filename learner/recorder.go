package learner

import (
	"context"
	"fmt"
	"sync"
)

// Recorder writes events off the caller's goroutine so the UI never waits on the
// disk: Record only appends to an in-memory queue and wakes a writer goroutine,
// which writes everything queued so far in one transaction (one fsync per batch).
//
// Acknowledgement: an event is acknowledged — durable, it will survive a killed
// process or a power cut — when its callback (RecordThen) is called with a nil
// error, or when a Flush called after Record returns nil. Until then it may be lost
// by a crash. Close flushes too.
//
// If a batch fails, the writer retries its events one by one, so one bad event
// (say, for a profile deleted meanwhile in another window) does not lose the
// others; each failure goes to the event's callback, to OnError, and to the next
// Flush.
type Recorder struct {
	store   *Store
	onError func(error)

	mu      sync.Mutex
	queue   []pending
	closed  bool
	failed  error // first error since the last Flush
	wake    chan struct{}
	stopped chan struct{}
}

// pending is a queued event, or a flush marker when e is nil.
type pending struct {
	e    Event
	ack  func(error)
	done chan error // flush marker: receives the errors since the previous flush
}

// RecorderOptions tune NewRecorder.
type RecorderOptions struct {
	// OnError is called, on the writer goroutine, with each event that could not be
	// written. The app logs it and may tell the learner; it must not block.
	OnError func(error)
}

// NewRecorder starts a writer goroutine on s. Close it before closing s.
func (s *Store) NewRecorder(opts RecorderOptions) *Recorder {
	r := &Recorder{
		store:   s,
		onError: opts.OnError,
		wake:    make(chan struct{}, 1),
		stopped: make(chan struct{}),
	}
	go r.run()
	return r
}

// Record queues an event and returns at once. After Close it reports ErrClosed;
// invalid events are refused here, before queueing, with an error wrapping ErrInvalid.
func (r *Recorder) Record(e Event) error {
	return r.RecordThen(e, nil)
}

// RecordThen queues an event; ack (if not nil) is called on the writer goroutine
// with nil once the event is durable, or with the error that kept it out. ack must
// not block; to update widgets, hand the result to the UI goroutine.
func (r *Recorder) RecordThen(e Event, ack func(error)) error {
	if e == nil {
		return fmt.Errorf("learner: %w: nil event", ErrInvalid)
	}
	if err := e.validate(); err != nil {
		return err
	}
	return r.enqueue(pending{e: e, ack: ack})
}

func (r *Recorder) enqueue(p pending) error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return ErrClosed
	}
	r.queue = append(r.queue, p)
	r.mu.Unlock()
	select {
	case r.wake <- struct{}{}:
	default: // already woken
	}
	return nil
}

// Flush waits until every event recorded before the call is written, and returns
// the first error met since the previous Flush (nil: all of them are durable).
func (r *Recorder) Flush() error {
	done := make(chan error, 1)
	if err := r.enqueue(pending{done: done}); err != nil {
		return err
	}
	return <-done
}

// Close flushes, stops the writer goroutine and returns the Flush result. Later
// calls to Record return ErrClosed; Close may be called more than once.
func (r *Recorder) Close() error {
	done := make(chan error, 1)
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		<-r.stopped
		return nil
	}
	r.queue = append(r.queue, pending{done: done})
	r.closed = true
	r.mu.Unlock()
	select {
	case r.wake <- struct{}{}:
	default:
	}
	err := <-done
	<-r.stopped
	return err
}

// run is the writer goroutine: it takes the whole queue each time it wakes up.
func (r *Recorder) run() {
	defer close(r.stopped)
	for range r.wake {
		r.mu.Lock()
		batch := r.queue
		r.queue = nil
		closed := r.closed
		r.mu.Unlock()
		r.write(batch)
		if closed {
			r.mu.Lock()
			rest := r.queue // nothing can be added after closed, but be thorough
			r.queue = nil
			r.mu.Unlock()
			r.write(rest)
			return
		}
	}
}

// write stores a batch: events between flush markers go in one transaction.
func (r *Recorder) write(batch []pending) {
	start := 0
	for i, p := range batch {
		if p.done == nil {
			continue
		}
		r.commit(batch[start:i])
		start = i + 1
		r.mu.Lock()
		err := r.failed
		r.failed = nil
		r.mu.Unlock()
		p.done <- err
	}
	r.commit(batch[start:])
}

func (r *Recorder) commit(events []pending) {
	if len(events) == 0 {
		return
	}
	all := make([]Event, len(events))
	for i, p := range events {
		all[i] = p.e
	}
	err := r.store.Record(context.Background(), all...)
	if err == nil {
		for _, p := range events {
			if p.ack != nil {
				p.ack(nil)
			}
		}
		return
	}
	if len(events) == 1 {
		r.fail(events[0], err)
		return
	}
	// Retry one by one so a single bad event does not take the batch down.
	for _, p := range events {
		err := r.store.Record(context.Background(), p.e)
		if err != nil {
			r.fail(p, err)
		} else if p.ack != nil {
			p.ack(nil)
		}
	}
}

func (r *Recorder) fail(p pending, err error) {
	r.mu.Lock()
	if r.failed == nil {
		r.failed = err
	}
	r.mu.Unlock()
	if p.ack != nil {
		p.ack(err)
	}
	if r.onError != nil {
		r.onError(err)
	}
}
