// Package progress holds the rules that turn what a learner did in a module into a
// result: the final check's score and whether the module is mastered. The lesson
// player and the learner store both use it, so the rule lives in one place.
package progress

import (
	"declic/courses"
)

// ActivityRef names one activity inside a module: lesson, step and block index.
type ActivityRef struct {
	LessonID string
	Step     int
	Block    int
}

// Outcome is what happened to one activity during a run through the module.
type Outcome struct {
	// FirstScore is the score (0–1) of the first graded attempt: the honest measure
	// of what the learner knew, before the right answer was shown.
	FirstScore float64
	Attempted  bool
	Done       bool
	Skipped    bool
}

// Result is a module's outcome.
type Result struct {
	// FinalScore is the mean first-attempt score (0–1) of every activity of the
	// final check — its questions and its practice alike; a skipped one that was
	// never tried counts 0. It is 0 when the module has no final check.
	FinalScore float64
	// HasFinalQuiz is true when the module has a final check: a final lesson
	// holding activities (questions, practice or both).
	HasFinalQuiz bool
	// FinalPractice counts the practice activities of the final check (mouse,
	// keyboard, form, spot, site: see courses.IsPractice); FinalPracticeDone
	// those the learner did.
	FinalPractice     int
	FinalPracticeDone int
	Activities        int
	Done              int
	Skipped           int
	// Mastered: every activity was done or skipped, no question of the final
	// check was skipped untried, every practice activity of the final check was
	// done, and FinalScore reaches the module's pass mark (default 80%). A module
	// without a final check is mastered when every activity was done.
	Mastered bool
}

// Evaluate applies the mastery rule to a module and the outcomes of its activities.
func Evaluate(m *courses.Module, outcomes map[ActivityRef]Outcome) Result {
	var r Result
	var finalSum float64
	var finalCount int
	questionSkipped := false
	allFinished := true
	for _, lesson := range m.Lessons {
		for si, step := range lesson.Steps {
			for bi, block := range step.Blocks {
				act, ok := block.(courses.Activity)
				if !ok {
					continue
				}
				r.Activities++
				o := outcomes[ActivityRef{LessonID: lesson.ID, Step: si, Block: bi}]
				switch {
				case o.Done:
					r.Done++
				case o.Skipped:
					r.Skipped++
				default:
					allFinished = false
				}
				if !lesson.Final {
					continue
				}
				finalCount++
				if o.Attempted {
					finalSum += o.FirstScore
				}
				if courses.IsPractice(act.Kind) {
					r.FinalPractice++
					if o.Done {
						r.FinalPracticeDone++
					}
				} else if o.Skipped && !o.Attempted {
					questionSkipped = true
				}
			}
		}
	}
	if finalCount > 0 {
		r.HasFinalQuiz = true
		r.FinalScore = finalSum / float64(finalCount)
	}
	pass := m.PassMark
	if pass <= 0 || pass > 1 {
		pass = courses.DefaultPassMark
	}
	if r.HasFinalQuiz {
		// A tiny epsilon keeps 4/5 = 0.8 from failing a 0.8 pass mark through rounding.
		r.Mastered = allFinished && !questionSkipped && r.FinalPracticeDone == r.FinalPractice && r.FinalScore+1e-9 >= pass
	} else {
		r.Mastered = allFinished && r.Skipped == 0
	}
	return r
}
