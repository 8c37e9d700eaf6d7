package app

import (
	"sync"
	"time"

	"declic/plugins"
	"declic/progress"
)

// stepKey names one screen of one lesson in one pack.
type stepKey struct {
	PackID, PackVersion, ModuleID, LessonID string
	Step                                    int
}

// attemptEvent is one graded try at an activity, or a skip.
type attemptEvent struct {
	Step     stepKey
	Block    int
	Kind     string
	Result   plugins.Result
	Duration time.Duration
	Skipped  bool
	At       time.Time
}

// moduleCompletion is sent when a learner reaches the end of a module.
type moduleCompletion struct {
	PackID, PackVersion, ModuleID string
	Result                        progress.Result
	Started, Ended                time.Time
}

// eventSink receives what the learner does. The learner store persists them; the
// methods are called on the UI goroutine and must return at once.
type eventSink interface {
	StepViewed(ref stepKey, at time.Time)
	Attempted(a attemptEvent)
	ModuleCompleted(c moduleCompletion)
}

// memoryEvents keeps events in memory: used when no learner store is open (preview
// mode, tests). Nothing is written to disk.
type memoryEvents struct {
	mu          sync.Mutex
	Views       []stepKey
	Attempts    []attemptEvent
	Completions []moduleCompletion
}

var _ eventSink = (*memoryEvents)(nil)

// StepViewed records a screen view.
func (m *memoryEvents) StepViewed(ref stepKey, _ time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.Views = append(m.Views, ref)
}

// Attempted records an attempt or a skip.
func (m *memoryEvents) Attempted(a attemptEvent) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.Attempts = append(m.Attempts, a)
}

// ModuleCompleted records a module's end.
func (m *memoryEvents) ModuleCompleted(c moduleCompletion) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.Completions = append(m.Completions, c)
}
