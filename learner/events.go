package learner

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"
	"unicode/utf8"

	"declic/courses"
)

// MaxAnswerLength caps an attempt's answer summary, in bytes: it is a reminder of
// what the learner did ("clicked 3 of 3", "chose B"), not a transcript.
const MaxAnswerLength = 1000

// Event is something the lesson player reports: a StepView, an Attempt, a
// Completion or an ActiveSpan. Write events with Store.Record (synchronous) or a
// Recorder (asynchronous, for the UI).
type Event interface {
	// profile is the id of the profile the event belongs to.
	profile() string
	validate() error
	write(ctx context.Context, w *eventWriter, key int64) error
}

// StepView says a learner saw a screen (step) of a lesson.
type StepView struct {
	ProfileID string
	PackID    string
	ModuleID  string
	LessonID  string
	Step      int // 0-based screen index in the lesson
	At        time.Time
}

// Attempt is one try at an activity (or a skip), as graded by its plug-in.
type Attempt struct {
	ProfileID string
	PackID    string
	ModuleID  string
	LessonID  string
	Step      int
	Kind      string  // activity kind: quiz, mouse, keyboard, form, order, spot…
	Score     float64 // 0–1, from plugins.Result.Score
	Passed    bool
	Skipped   bool // the learner chose "passer"; Score is then 0
	Duration  time.Duration
	Answer    string // plugins.Result.Summary, at most MaxAnswerLength bytes
	At        time.Time
}

// Completion says a learner finished a module's final quiz. The module's level,
// competencies and hours are copied in so the evidence outlives the pack.
type Completion struct {
	ProfileID    string
	PackID       string
	PackVersion  string
	ModuleID     string
	ModuleTitle  string
	Level        courses.Level
	Competencies []string
	Hours        float64
	FinalScore   float64 // 0–1
	Mastered     bool    // FinalScore reached the module's pass mark
	At           time.Time
}

// ActiveSpan is active learning time measured by an ActiveClock between Start and
// End, spent in a module (PackID and ModuleID empty for time outside modules, e.g.
// on "Mon parcours"). Active is at most End-Start.
type ActiveSpan struct {
	ProfileID string
	PackID    string
	ModuleID  string
	Start     time.Time
	End       time.Time
	Active    time.Duration
}

// Record writes events in one transaction and returns once they are durable (or
// not written at all). It is the synchronous API for tests and command-line tools;
// the UI uses a Recorder. Events without a time get the current time.
func (s *Store) Record(ctx context.Context, events ...Event) error {
	for _, e := range events {
		if err := e.validate(); err != nil {
			return err
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.classify("begin", err)
	}
	defer tx.Rollback()
	w := &eventWriter{store: s, tx: tx, now: s.now().UTC(), keys: map[string]int64{}}
	for _, e := range events {
		key, err := w.profileKey(ctx, e.profile())
		if err != nil {
			return err
		}
		if err := e.write(ctx, w, key); err != nil {
			return s.classify("record event", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return s.classify("commit events", err)
	}
	return nil
}

// eventWriter holds one transaction's state while events are written.
type eventWriter struct {
	store *Store
	tx    *sql.Tx
	now   time.Time
	keys  map[string]int64
}

// exec runs one of the store's prepared statements inside the transaction.
// Parsing SQL took half the time of a write; prepared once, it is free.
func (w *eventWriter) exec(ctx context.Context, query string, args ...any) error {
	stmt, err := w.store.prepared(ctx, query)
	if err != nil {
		return err
	}
	_, err = w.tx.StmtContext(ctx, stmt).ExecContext(ctx, args...)
	return err
}

func (w *eventWriter) profileKey(ctx context.Context, id string) (int64, error) {
	if k, ok := w.keys[id]; ok {
		return k, nil
	}
	var k int64
	stmt, err := w.store.prepared(ctx, "SELECT key FROM profiles WHERE id = ?")
	if err != nil {
		return 0, fmt.Errorf("learner: look up profile %s: %w", id, err)
	}
	err = w.tx.StmtContext(ctx, stmt).QueryRowContext(ctx, id).Scan(&k)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("learner: profile %s: %w", id, ErrProfileNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("learner: look up profile %s: %w", id, err)
	}
	w.keys[id] = k
	return k, nil
}

func (w *eventWriter) stamp(t time.Time) int64 {
	if t.IsZero() {
		return w.now.UnixMilli()
	}
	return t.UnixMilli()
}

// progress adds to the (profile, module) row of module_progress. lesson == ""
// leaves the resume point as it is. Time outside modules goes to the row with an
// empty pack and module, so the sum of all rows is the profile's active time.
func (w *eventWriter) progress(ctx context.Context, key int64, pack, module string,
	steps, attempts int, activeMs int64, lesson string, step int, at int64) error {
	return w.exec(ctx, `INSERT INTO module_progress
		(profile_key, pack_id, module_id, steps_seen, attempts, active_ms, last_lesson, last_step, last_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (profile_key, pack_id, module_id) DO UPDATE SET
			steps_seen = steps_seen + excluded.steps_seen,
			attempts = attempts + excluded.attempts,
			active_ms = active_ms + excluded.active_ms,
			last_lesson = CASE WHEN excluded.last_lesson <> '' AND excluded.last_at >= last_at
				THEN excluded.last_lesson ELSE last_lesson END,
			last_step = CASE WHEN excluded.last_lesson <> '' AND excluded.last_at >= last_at
				THEN excluded.last_step ELSE last_step END,
			last_at = max(last_at, excluded.last_at)`,
		key, pack, module, steps, attempts, activeMs, lesson, step, at)
}

func (v StepView) profile() string { return v.ProfileID }
func (a Attempt) profile() string  { return a.ProfileID }
func (c Completion) profile() string {
	return c.ProfileID
}
func (s ActiveSpan) profile() string { return s.ProfileID }

func (v StepView) validate() error {
	return validPlace("step view", v.ProfileID, v.PackID, v.ModuleID, v.LessonID, v.Step)
}

func (a Attempt) validate() error {
	if err := validPlace("attempt", a.ProfileID, a.PackID, a.ModuleID, a.LessonID, a.Step); err != nil {
		return err
	}
	switch {
	case a.Kind == "":
		return fmt.Errorf("learner: %w: attempt without an activity kind", ErrInvalid)
	case !validShare(a.Score):
		return fmt.Errorf("learner: %w: attempt score %v is not between 0 and 1", ErrInvalid, a.Score)
	case a.Duration < 0:
		return fmt.Errorf("learner: %w: attempt duration %v is negative", ErrInvalid, a.Duration)
	case len(a.Answer) > MaxAnswerLength:
		return fmt.Errorf("learner: %w: answer summary of %d bytes, at most %d", ErrInvalid, len(a.Answer), MaxAnswerLength)
	case !utf8.ValidString(a.Answer):
		return fmt.Errorf("learner: %w: answer summary is not valid text", ErrInvalid)
	}
	return nil
}

func (c Completion) validate() error {
	switch {
	case c.ProfileID == "" || c.PackID == "" || c.ModuleID == "":
		return fmt.Errorf("learner: %w: completion needs a profile, a pack and a module", ErrInvalid)
	case !validShare(c.FinalScore):
		return fmt.Errorf("learner: %w: final score %v is not between 0 and 1", ErrInvalid, c.FinalScore)
	case c.Hours < 0 || math.IsNaN(c.Hours) || math.IsInf(c.Hours, 0):
		return fmt.Errorf("learner: %w: module hours %v", ErrInvalid, c.Hours)
	}
	return nil
}

func (s ActiveSpan) validate() error {
	switch {
	case s.ProfileID == "":
		return fmt.Errorf("learner: %w: active span without a profile", ErrInvalid)
	case s.ModuleID != "" && s.PackID == "":
		return fmt.Errorf("learner: %w: active span in module %q without its pack", ErrInvalid, s.ModuleID)
	case s.Active < 0:
		return fmt.Errorf("learner: %w: negative active time %v", ErrInvalid, s.Active)
	case s.End.Before(s.Start):
		return fmt.Errorf("learner: %w: active span ends before it starts", ErrInvalid)
	case s.Active > s.End.Sub(s.Start):
		return fmt.Errorf("learner: %w: active time %v longer than the span %v", ErrInvalid, s.Active, s.End.Sub(s.Start))
	}
	return nil
}

func validPlace(what, profile, pack, module, lesson string, step int) error {
	if profile == "" || pack == "" || module == "" || lesson == "" {
		return fmt.Errorf("learner: %w: %s needs a profile, a pack, a module and a lesson", ErrInvalid, what)
	}
	if step < 0 {
		return fmt.Errorf("learner: %w: %s at step %d", ErrInvalid, what, step)
	}
	return nil
}

func validShare(x float64) bool { return x >= 0 && x <= 1 }

func (v StepView) write(ctx context.Context, w *eventWriter, key int64) error {
	at := w.stamp(v.At)
	if err := w.exec(ctx, `INSERT INTO step_views
		(profile_key, pack_id, module_id, lesson_id, step, at) VALUES (?, ?, ?, ?, ?, ?)`,
		key, v.PackID, v.ModuleID, v.LessonID, v.Step, at); err != nil {
		return err
	}
	return w.progress(ctx, key, v.PackID, v.ModuleID, 1, 0, 0, v.LessonID, v.Step, at)
}

func (a Attempt) write(ctx context.Context, w *eventWriter, key int64) error {
	at := w.stamp(a.At)
	if err := w.exec(ctx, `INSERT INTO attempts
		(profile_key, pack_id, module_id, lesson_id, step, kind, score, passed, skipped, duration_ms, answer, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		key, a.PackID, a.ModuleID, a.LessonID, a.Step, a.Kind, a.Score, a.Passed, a.Skipped,
		a.Duration.Milliseconds(), a.Answer, at); err != nil {
		return err
	}
	return w.progress(ctx, key, a.PackID, a.ModuleID, 0, 1, 0, a.LessonID, a.Step, at)
}

func (c Completion) write(ctx context.Context, w *eventWriter, key int64) error {
	at := w.stamp(c.At)
	codes := c.Competencies
	if codes == nil {
		codes = []string{}
	}
	js, err := json.Marshal(codes)
	if err != nil {
		return err
	}
	if err := w.exec(ctx, `INSERT INTO completions
		(profile_key, pack_id, pack_version, module_id, module_title, level, competencies, hours, final_score, mastered, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		key, c.PackID, c.PackVersion, c.ModuleID, c.ModuleTitle, string(c.Level), string(js), c.Hours,
		c.FinalScore, c.Mastered, at); err != nil {
		return err
	}
	return w.progress(ctx, key, c.PackID, c.ModuleID, 0, 0, 0, "", 0, at)
}

func (s ActiveSpan) write(ctx context.Context, w *eventWriter, key int64) error {
	start, end := w.stamp(s.Start), w.stamp(s.End)
	if err := w.exec(ctx, `INSERT INTO active_spans
		(profile_key, pack_id, module_id, started_at, ended_at, active_ms) VALUES (?, ?, ?, ?, ?, ?)`,
		key, s.PackID, s.ModuleID, start, end, s.Active.Milliseconds()); err != nil {
		return err
	}
	return w.progress(ctx, key, s.PackID, s.ModuleID, 0, 0, s.Active.Milliseconds(), "", 0, end)
}
