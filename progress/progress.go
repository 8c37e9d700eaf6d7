// Package progress holds the rules that turn what a learner did in a module into a
// result: the final quiz score and whether the module is mastered. The lesson
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
	// FinalScore is the mean first-attempt score of the final lessons' quizzes (0–1);
	// a skipped quiz counts 0. It is 0 when the module has no final quiz.
	FinalScore float64
	// HasFinalQuiz is false for a module whose final lessons hold no quiz.
	HasFinalQuiz bool
	Activities   int
	Done         int
	Skipped      int
	// Mastered: every activity was done or skipped, no final-quiz question was
	// skipped, and FinalScore reaches the module's pass mark (default 80%).
	// A module without a final quiz is mastered when every activity was done.
	Mastered bool
}

// QuizKind is the kind name of the activities that make up a final quiz.
const QuizKind = "quiz"

// Evaluate applies the mastery rule to a module and the outcomes of its activities.
func Evaluate(m *courses.Module, outcomes map[ActivityRef]Outcome) Result {
	var r Result
	var finalSum float64
	var finalCount int
	finalSkipped := false
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
				if lesson.Final && act.Kind == QuizKind {
					finalCount++
					if o.Skipped && !o.Attempted {
						finalSkipped = true
					} else {
						finalSum += o.FirstScore
					}
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
		r.Mastered = allFinished && !finalSkipped && r.FinalScore+1e-9 >= pass
	} else {
		r.Mastered = allFinished && r.Skipped == 0
	}
	return r
}
