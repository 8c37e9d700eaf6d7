package app

import (
	"fmt"
	"os"
	"sync"
	"time"

	"declic/courses"
	"declic/learner"
)

// storeEvents turns the player's Events into learner events for one profile and
// hands them to a learner.Recorder, which writes them off the UI goroutine.
type storeEvents struct {
	rec       *learner.Recorder
	profileID string
	// packs returns the packs shown now: installed packs arrive after start-up.
	packs func() []*courses.Pack
}

var _ eventSink = (*storeEvents)(nil)

// StepViewed records a screen view.
func (s *storeEvents) StepViewed(ref stepKey, at time.Time) {
	s.record(learner.StepView{ProfileID: s.profileID, PackID: ref.PackID, ModuleID: ref.ModuleID,
		LessonID: ref.LessonID, Step: ref.Step, At: at})
}

// Attempted records an attempt or a skip.
func (s *storeEvents) Attempted(a attemptEvent) {
	score := a.Result.Score
	if a.Skipped {
		score = 0
	}
	answer := a.Result.Summary
	if len(answer) > learner.MaxAnswerLength {
		answer = truncateUTF8(answer, learner.MaxAnswerLength)
	}
	s.record(learner.Attempt{ProfileID: s.profileID, PackID: a.Step.PackID, ModuleID: a.Step.ModuleID,
		LessonID: a.Step.LessonID, Step: a.Step.Step, Kind: a.Kind, Score: min(max(score, 0), 1),
		Passed: a.Result.Passed && !a.Skipped, Skipped: a.Skipped, Duration: max(a.Duration, 0),
		Answer: answer, At: a.At})
}

// ModuleCompleted records a module's end with the module's title, level,
// competencies and hours copied in, so the evidence outlives the pack.
func (s *storeEvents) ModuleCompleted(c moduleCompletion) {
	e := learner.Completion{ProfileID: s.profileID, PackID: c.PackID, PackVersion: c.PackVersion,
		ModuleID: c.ModuleID, FinalScore: min(max(c.Result.FinalScore, 0), 1), Mastered: c.Result.Mastered, At: c.Ended}
	if m := findModule(s.packs(), c.PackID, c.ModuleID); m != nil {
		e.ModuleTitle, e.Level, e.Competencies, e.Hours = m.Title, m.Level, m.Competencies, m.Hours
	}
	s.record(e)
}

func (s *storeEvents) record(e learner.Event) {
	if err := s.rec.Record(e); err != nil {
		// Refused before queueing (closed, or a rule broken): the learner goes on; the
		// trainer sees why in the log.
		fmt.Fprintln(os.Stderr, "declic: event not recorded:", err)
	}
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// findModule returns the module id of pack id among packs, or nil.
func findModule(packs []*courses.Pack, packID, moduleID string) *courses.Module {
	for _, p := range packs {
		if p.ID != packID {
			continue
		}
		for _, m := range p.Modules {
			if m.ID == moduleID {
				return m
			}
		}
	}
	return nil
}

// findPack returns the pack with this id among packs, or nil.
func findPack(packs []*courses.Pack, packID string) *courses.Pack {
	for _, p := range packs {
		if p.ID == packID {
			return p
		}
	}
	return nil
}

// spanInterval is how often the open span of active time is closed and recorded,
// so a crash loses at most this much of it.
const spanInterval = 30 * time.Second

// activeTime measures the active learning time of the open profile and records it
// as learner.ActiveSpan events.
//
// How input is observed. Fyne has no global "the learner did something" hook, so
// the app feeds the learner.ActiveClock from several sources, each of which is a
// real action of the learner:
//   - every key press while no widget has the keyboard focus, through
//     desktop.Canvas.SetOnKeyDown (Fyne calls it only then); keys typed into a
//     focused widget are seen through that widget: the text fields' OnChanged
//     on Déclic's own screens, and the attempts of the activities (the keyboard
//     activity reports each try);
//   - mouse movement over the window, through an invisible desktop.Hoverable
//     layer under every screen (activityLayer): it receives the moves that no
//     button above it takes, and buttons report their taps themselves;
//   - every change of screen (ui.show), every lesson step, every graded attempt
//     of an activity and every scroll of a lesson screen (the player's callbacks);
//   - the taps on Déclic's own buttons, which all change or refresh a screen.
//
// Window focus comes from the app's Lifecycle (entered/exited foreground). A span
// is closed every SpanInterval, when the module changes, when the window loses the
// focus and at exit; the clock hands out each moment once, so nothing is counted
// twice.
type activeTime struct {
	mu        sync.Mutex
	clock     *learner.ActiveClock
	now       func() time.Time
	rec       *learner.Recorder
	profileID string
	packID    string
	moduleID  string
	spanStart time.Time
	stop      chan struct{}
}

type clockFunc func() time.Time

func (f clockFunc) Now() time.Time { return f() }

// newActiveTime starts measuring for a profile; the window is taken as focused
// (it was just used to choose the profile) until the Lifecycle says otherwise.
func newActiveTime(rec *learner.Recorder, profileID string, now func() time.Time) *activeTime {
	a := &activeTime{clock: learner.NewActiveClock(clockFunc(now)), now: now, rec: rec, profileID: profileID, spanStart: now()}
	a.clock.Focus(true)
	a.clock.Activity(now())
	return a
}

// startTicker closes a span every interval until stopTicker; the app uses
// spanInterval, tests drive closeSpan themselves.
func (a *activeTime) startTicker(interval time.Duration) {
	a.stop = make(chan struct{})
	stop := a.stop
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				a.closeSpan()
			case <-stop:
				return
			}
		}
	}()
}

// Activity reports an action of the learner, now.
func (a *activeTime) Activity() { a.clock.Activity(a.now()) }

// Focus reports a change of window focus; losing it closes the span.
func (a *activeTime) Focus(focused bool) {
	if !focused {
		a.clock.Focus(false)
		a.closeSpan()
		return
	}
	a.clock.Focus(true)
}

// Enter says the learner is now in this module (empty ids: outside modules); the
// time so far is recorded for the previous one.
func (a *activeTime) Enter(packID, moduleID string) {
	a.mu.Lock()
	same := a.packID == packID && a.moduleID == moduleID
	a.mu.Unlock()
	if same {
		return
	}
	a.closeSpan()
	a.mu.Lock()
	a.packID, a.moduleID = packID, moduleID
	a.mu.Unlock()
}

// closeSpan records the active time since the previous span, if any.
func (a *activeTime) closeSpan() {
	a.mu.Lock()
	defer a.mu.Unlock()
	end := a.now()
	active := a.clock.Take()
	start := a.spanStart
	a.spanStart = end
	if active <= 0 {
		return
	}
	if active > end.Sub(start) {
		active = end.Sub(start)
	}
	if err := a.rec.Record(learner.ActiveSpan{ProfileID: a.profileID, PackID: a.packID, ModuleID: a.moduleID,
		Start: start, End: end, Active: active}); err != nil {
		fmt.Fprintln(os.Stderr, "declic: active time not recorded:", err)
	}
}

// Close stops the ticker and records the last span.
func (a *activeTime) Close() {
	if a.stop != nil {
		close(a.stop)
		a.stop = nil
	}
	a.closeSpan()
}
