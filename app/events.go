package app

import (
	"sync"
	"time"

	"declic/plugins"
	"declic/progress"
)

// StepRef names one screen of one lesson in one pack.
type StepRef struct {
	PackID, PackVersion, ModuleID, LessonID string
	Step                                    int
}

// Attempt is one graded try at an activity, or a skip.
type Attempt struct {
	Step     StepRef
	Block    int
	Kind     string
	Result   plugins.Result
	Duration time.Duration
	Skipped  bool
	At       time.Time
}

// ModuleCompletion is sent when a learner reaches the end of a module.
type ModuleCompletion struct {
	PackID, PackVersion, ModuleID string
	Result                        progress.Result
	Started, Ended                time.Time
}

// Events receives what the learner does. The learner store persists them; the
// methods are called on the UI goroutine and must return at once.
type Events interface {
	StepViewed(ref StepRef, at time.Time)
	Attempted(a Attempt)
	ModuleCompleted(c ModuleCompletion)
}

// MemoryEvents keeps events in memory: used when no learner store is open (preview
// mode, tests). Nothing is written to disk.
type MemoryEvents struct {
	mu          sync.Mutex
	Views       []StepRef
	Attempts    []Attempt
	Completions []ModuleCompletion
}

var _ Events = (*MemoryEvents)(nil)

// StepViewed records a screen view.
func (m *MemoryEvents) StepViewed(ref StepRef, _ time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.Views = append(m.Views, ref)
}

// Attempted records an attempt or a skip.
func (m *MemoryEvents) Attempted(a Attempt) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.Attempts = append(m.Attempts, a)
}

// ModuleCompleted records a module's end.
func (m *MemoryEvents) ModuleCompleted(c ModuleCompletion) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.Completions = append(m.Completions, c)
}
