package learner

import (
	"sync"
	"time"
)

// IdleLimit is how long after an action the learner still counts as active.
const IdleLimit = 2 * time.Minute

// Clock tells the time; tests pass a fake one.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock. time.Now carries a monotonic reading, so a change
// of the PC's wall clock does not disturb the durations measured within a run.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// ActiveClock measures active learning time — the time a centre may later
// certify — from two kinds of events the app feeds it: focus changes of the window
// and learner actions (click, key, scroll, tap…).
//
// The rule, exactly: an instant counts when the window has focus AND the learner
// acted, while the window had focus, less than IdleLimit (2 minutes) before it.
// Consequences:
//   - each gap between two actions counts in full up to 2 minutes, and 2 minutes
//     when longer (idle 1:59 counts 1:59; idle 2:01 counts 2:00);
//   - after the last action, time counts up to 2 minutes, or until the query;
//   - losing focus stops counting at that moment; regaining focus does not count by
//     itself: counting starts again at the next action;
//   - actions while the window has no focus are ignored;
//   - if the clock goes backwards (an action stamped before the previous one), the
//     negative gap counts nothing and counting resumes from the new time.
//
// ActiveClock is safe for concurrent use (Fyne events and a ticker may feed it from
// different goroutines). It starts unfocused.
type ActiveClock struct {
	clock Clock

	mu      sync.Mutex
	focused bool
	hasLast bool      // an action counts from last
	last    time.Time // the latest counting action
	settled time.Duration
	taken   time.Duration
}

// NewActiveClock returns an unfocused ActiveClock reading time from clock.
func NewActiveClock(clock Clock) *ActiveClock {
	if clock == nil {
		clock = SystemClock{}
	}
	return &ActiveClock{clock: clock}
}

// credit is the time counted for the open interval from the last action to t.
func (a *ActiveClock) credit(t time.Time) time.Duration {
	if !a.focused || !a.hasLast {
		return 0
	}
	gap := t.Sub(a.last)
	if gap < 0 {
		return 0
	}
	return min(gap, IdleLimit)
}

// Focus reports that the window gained (true) or lost (false) the focus, now.
func (a *ActiveClock) Focus(focused bool) {
	now := a.clock.Now()
	a.mu.Lock()
	defer a.mu.Unlock()
	if focused == a.focused {
		return
	}
	if !focused {
		a.settled += a.credit(now)
	}
	a.focused = focused
	a.hasLast = false
}

// Activity reports a learner action at the given time (usually Clock.Now()).
func (a *ActiveClock) Activity(at time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.focused {
		return
	}
	a.settled += a.credit(at)
	a.last = at
	a.hasLast = true
}

// Total is all the active time counted since the clock was made, up to now.
func (a *ActiveClock) Total() time.Duration {
	now := a.clock.Now()
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.settled + a.credit(now)
}

// Take returns the active time counted since the previous Take (or since the
// start), up to now. The app calls it when it closes an ActiveSpan — every 30
// seconds, when the module changes, on focus loss and on exit — so no second is
// recorded twice or lost.
func (a *ActiveClock) Take() time.Duration {
	now := a.clock.Now()
	a.mu.Lock()
	defer a.mu.Unlock()
	total := a.settled + a.credit(now)
	d := total - a.taken
	if d < 0 {
		d = 0 // the open interval shrank because the clock went backwards
	}
	a.taken += d
	return d
}
