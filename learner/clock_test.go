package learner

import (
	"sync"
	"testing"
	"time"
)

// fakeClock is a Clock the test moves by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// act advances the clock by d, then reports an action at the new time.
func act(a *ActiveClock, c *fakeClock, d time.Duration) {
	c.advance(d)
	a.Activity(c.Now())
}

func TestActiveClockRule(t *testing.T) {
	const sec = time.Second
	tests := []struct {
		name string
		run  func(a *ActiveClock, c *fakeClock)
		want time.Duration
	}{
		{"nothing counts before the window has focus", func(a *ActiveClock, c *fakeClock) {
			act(a, c, 0)
			act(a, c, 30*sec)
		}, 0},
		{"focus alone counts nothing until the first action", func(a *ActiveClock, c *fakeClock) {
			a.Focus(true)
			c.advance(10 * time.Minute)
		}, 0},
		{"a gap of 1:59 between actions counts in full", func(a *ActiveClock, c *fakeClock) {
			a.Focus(true)
			act(a, c, 0)
			act(a, c, 119*sec)
			a.Focus(false)
		}, 119 * sec},
		{"a gap of exactly 2:00 counts in full", func(a *ActiveClock, c *fakeClock) {
			a.Focus(true)
			act(a, c, 0)
			act(a, c, 120*sec)
			a.Focus(false)
		}, 120 * sec},
		{"a gap of 2:01 counts only 2:00", func(a *ActiveClock, c *fakeClock) {
			a.Focus(true)
			act(a, c, 0)
			act(a, c, 121*sec)
			a.Focus(false)
		}, 120 * sec},
		{"after the last action, time counts up to 2 minutes", func(a *ActiveClock, c *fakeClock) {
			a.Focus(true)
			act(a, c, 0)
			c.advance(time.Hour)
		}, 120 * sec},
		{"losing focus mid-interval stops counting at that moment", func(a *ActiveClock, c *fakeClock) {
			a.Focus(true)
			act(a, c, 0)
			c.advance(45 * sec)
			a.Focus(false)
			c.advance(10 * sec)
			act(a, c, 0) // ignored: no focus
			c.advance(time.Minute)
		}, 45 * sec},
		{"regaining focus waits for the next action", func(a *ActiveClock, c *fakeClock) {
			a.Focus(true)
			act(a, c, 0)
			c.advance(30 * sec)
			a.Focus(false) // 30 s
			c.advance(5 * time.Minute)
			a.Focus(true)
			c.advance(50 * sec) // not counted: no action since focus
			act(a, c, 0)
			act(a, c, 20*sec) // 20 s
			a.Focus(false)
		}, 50 * sec},
		{"actions while unfocused do not start counting", func(a *ActiveClock, c *fakeClock) {
			act(a, c, 0)
			a.Focus(true)
			c.advance(time.Minute)
			a.Focus(false)
		}, 0},
		{"steady work sums every gap", func(a *ActiveClock, c *fakeClock) {
			a.Focus(true)
			act(a, c, 0)
			for i := 0; i < 60; i++ {
				act(a, c, 10*sec) // 10 minutes of clicks every 10 s
			}
			a.Focus(false)
		}, 10 * time.Minute},
		{"a long pause in the middle counts 2 minutes", func(a *ActiveClock, c *fakeClock) {
			a.Focus(true)
			act(a, c, 0)
			act(a, c, 60*sec)         // 60
			act(a, c, 20*time.Minute) // +120
			act(a, c, 30*sec)         // +30
			a.Focus(false)
		}, 210 * sec},
		{"the clock going backwards counts nothing for the negative gap", func(a *ActiveClock, c *fakeClock) {
			a.Focus(true)
			act(a, c, 0)
			act(a, c, 30*sec)     // 30
			act(a, c, -time.Hour) // backwards: 0, restarts from here
			act(a, c, 40*sec)     // 40
			a.Focus(false)
		}, 70 * sec},
		{"losing focus with the clock behind the last action counts nothing more", func(a *ActiveClock, c *fakeClock) {
			a.Focus(true)
			act(a, c, 0)
			act(a, c, 10*sec) // 10
			c.advance(-time.Minute)
			a.Focus(false)
		}, 10 * sec},
		{"focus reported twice changes nothing", func(a *ActiveClock, c *fakeClock) {
			a.Focus(true)
			act(a, c, 0)
			c.advance(20 * sec)
			a.Focus(true)
			act(a, c, 20*sec)
			a.Focus(false)
			a.Focus(false)
		}, 40 * sec},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newFakeClock()
			a := NewActiveClock(c)
			tt.run(a, c)
			if got := a.Total(); got != tt.want {
				t.Errorf("Total() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestActiveClockTakeHandsOutEachMomentOnce(t *testing.T) {
	c := newFakeClock()
	a := NewActiveClock(c)
	a.Focus(true)
	act(a, c, 0)
	c.advance(30 * time.Second)
	if got := a.Take(); got != 30*time.Second {
		t.Fatalf("first Take = %v, want 30s", got)
	}
	if got := a.Take(); got != 0 {
		t.Fatalf("Take with no time passed = %v, want 0", got)
	}
	// The open interval continues: 30 s more then an action 40 s after the first.
	act(a, c, 10*time.Second)
	c.advance(3 * time.Minute) // counts 2 min after that action
	if got := a.Take(); got != 10*time.Second+2*time.Minute {
		t.Fatalf("second Take = %v, want 2m10s", got)
	}
	if got, want := a.Total(), 2*time.Minute+40*time.Second; got != want {
		t.Fatalf("Total = %v, want %v", got, want)
	}
}

func TestActiveClockTakeNeverNegativeWhenClockGoesBack(t *testing.T) {
	c := newFakeClock()
	a := NewActiveClock(c)
	a.Focus(true)
	act(a, c, 0)
	c.advance(time.Minute)
	if got := a.Take(); got != time.Minute {
		t.Fatalf("Take = %v, want 1m", got)
	}
	c.advance(-30 * time.Second)
	if got := a.Take(); got != 0 {
		t.Fatalf("Take after the clock went back = %v, want 0", got)
	}
	c.advance(2 * time.Minute) // now 1m30 after the action: capped at 2m total
	if got := a.Take(); got != time.Minute {
		t.Fatalf("Take = %v, want the remaining 1m", got)
	}
}

func TestActiveClockConcurrentUse(t *testing.T) {
	c := newFakeClock()
	a := NewActiveClock(c)
	a.Focus(true)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				a.Activity(c.Now())
				a.Take()
			}
		}()
	}
	wg.Wait()
	if got := a.Total(); got != 0 {
		t.Fatalf("time did not move but Total = %v", got)
	}
}
