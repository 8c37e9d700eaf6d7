package speech

import (
	"context"
	"sync"
)

// Reader is what the interface holds: it reads one text at a time in the
// background, remembers it (Last), and reports the end of each reading.
type Reader struct {
	engine Engine

	mu       sync.Mutex
	last     string
	lastOpts Options
	speaking bool
	gen      uint64
	cancel   context.CancelFunc
	// OnDone, if set, is called after each reading ends, with its error (nil when
	// read to the end or stopped). It runs on the reading's goroutine.
	OnDone func(error)
}

// NewReader returns a Reader speaking with engine.
func NewReader(engine Engine) *Reader { return &Reader{engine: engine} }

// Available tells whether a voice can speak (a *NoVoiceError says how to get one).
func (r *Reader) Available() error { return r.engine.Available() }

// Read stops any reading and starts reading text in the background. It returns
// at once; the error is the engine's Available error, if any.
func (r *Reader) Read(text string, opts Options) error {
	if err := r.engine.Available(); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.mu.Lock()
	if r.cancel != nil {
		r.cancel()
	}
	r.cancel = cancel
	r.last, r.lastOpts = text, opts
	r.speaking = true
	r.gen++
	gen := r.gen
	r.mu.Unlock()
	r.engine.Stop()
	go func() {
		err := r.engine.Speak(ctx, text, opts)
		if ctx.Err() != nil {
			err = nil // stopped on purpose
		}
		cancel()
		r.mu.Lock()
		if r.gen == gen {
			r.speaking = false
		}
		done := r.OnDone
		r.mu.Unlock()
		if done != nil {
			done(err)
		}
	}()
	return nil
}

// Stop ends the reading in progress.
func (r *Reader) Stop() {
	r.mu.Lock()
	r.speaking = false
	r.gen++
	if r.cancel != nil {
		r.cancel()
		r.cancel = nil
	}
	r.mu.Unlock()
	r.engine.Stop()
}

// Speaking reports whether a reading is in progress.
func (r *Reader) Speaking() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.speaking
}

// Last is the text read last.
func (r *Reader) Last() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}
