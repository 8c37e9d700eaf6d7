// Package view is the registry of activity widgets: each kind's view package
// (plugins/<kind>/<kind>view) registers a Builder in init(), and the lesson player
// asks Build for the widget of a parsed activity. It also holds the building blocks
// every activity shares — big buttons, large wrapped text, feedback shown by an icon
// and a word — so all kinds look and behave alike for learners with weak eyes and
// unsteady hands.
package view

import (
	"image"
	"sort"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"declic/i18n"
	"declic/plugins"
)

// Env is what an activity widget receives from the lesson player.
type Env struct {
	// T gives UI strings in the learner's language (nil: French).
	T *i18n.Translator
	// Image loads a pack image; path is relative to the lesson file, as written in the body.
	Image func(path string) (fyne.Resource, error)
	// Bitmap, when set, draws a pack image to fit size (in Fyne units), words
	// included, ready to show; Picture then uses it rather than Image. The app
	// draws each picture once, off the slow path of drawing SVG at every layout.
	Bitmap func(path string, size fyne.Size) (image.Image, error)
	// Attempt is called after every graded attempt with how long it took (may be nil).
	Attempt func(plugins.Result, time.Duration)
	// Done is called once, when the activity is finished: passed, or the right answer
	// was shown and acknowledged (may be nil).
	Done func(plugins.Result)
	// Window is used for key handling and focus (may be nil in tests).
	Window fyne.Window
	// Changed is called when the learner changes an answer that is not checked
	// yet: leaving the screen now would lose it (may be nil).
	Changed func()
	// Hands is the time and room the learner's pointer gestures get (the zero
	// value means NormalHands).
	Hands Hands
	// Clock times gestures (nil: the system clock).
	Clock Clock
}

// Tr returns the translator, French when none was given.
func (e Env) Tr() *i18n.Translator { return plugins.Messages(e.T) }

// PointerHands is the learner's Hands, NormalHands when none was given.
func (e Env) PointerHands() Hands { return e.Hands.orNormal() }

// SteadyButton returns a button with the learner's Hands: a click that slips a
// little still presses it, and with slow hands a shaking second click does not.
func (e Env) SteadyButton(label string, icon fyne.Resource, tapped func()) *PushButton {
	b := NewPushButton(label, icon, tapped)
	h := e.PointerHands()
	b.Hands, b.Clock = &h, e.Clock
	return b
}

// Builder makes the widget of one activity.
type Builder func(act plugins.Activity, env Env) fyne.CanvasObject

var (
	mu       sync.RWMutex
	builders = map[string]Builder{}
)

// Register makes the widget builder for kind available. It panics on a nil builder
// or a kind registered twice, like plugins.Register.
func Register(kind string, b Builder) {
	if b == nil {
		panic("view: Register of a nil builder for " + kind)
	}
	mu.Lock()
	defer mu.Unlock()
	if _, dup := builders[kind]; dup {
		panic("view: Register called twice for kind " + kind)
	}
	builders[kind] = b
}

// Build returns the widget for act, or false when no view is registered for its
// kind (the player then shows a friendly screen and lets the learner skip).
func Build(act plugins.Activity, env Env) (fyne.CanvasObject, bool) {
	if act == nil {
		return nil, false
	}
	mu.RLock()
	b, ok := builders[act.Kind()]
	mu.RUnlock()
	if !ok {
		return nil, false
	}
	return b(act, env), true
}

// Kinds returns the kinds that have a registered view, sorted.
func Kinds() []string {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]string, 0, len(builders))
	for k := range builders {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Session tracks one activity's attempts: it times each attempt and calls Done
// only once, whatever the widget does afterwards.
type Session struct {
	env   Env
	since time.Time
	done  bool
	now   func() time.Time
}

// NewSession starts timing the first attempt now.
func NewSession(env Env) *Session {
	return &Session{env: env, since: time.Now(), now: time.Now}
}

// Attempt reports a graded attempt with the time since the previous one.
func (s *Session) Attempt(r plugins.Result) {
	now := s.now()
	if s.env.Attempt != nil {
		s.env.Attempt(r, now.Sub(s.since))
	}
	s.since = now
}

// Changed reports that the learner changed an answer not checked yet.
func (s *Session) Changed() {
	if !s.done && s.env.Changed != nil {
		s.env.Changed()
	}
}

// Finish reports the activity as done, once.
func (s *Session) Finish(r plugins.Result) {
	if s.done {
		return
	}
	s.done = true
	if s.env.Done != nil {
		s.env.Done(r)
	}
}

// Finished reports whether Finish was called.
func (s *Session) Finished() bool { return s.done }
