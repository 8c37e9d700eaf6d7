package progress

import (
	"testing"

	"declic/courses"
)

// module builds a module with one teaching lesson holding `practice` activities and a
// final lesson holding `quizzes` quiz questions.
func module(practice, quizzes int, passMark float64) *courses.Module {
	teach := &courses.Lesson{ID: "01-apprendre"}
	for i := 0; i < practice; i++ {
		teach.Steps = append(teach.Steps, &courses.Step{Blocks: []courses.Block{courses.Paragraph{}, courses.Activity{Kind: "mouse"}}})
	}
	final := &courses.Lesson{ID: "02-je-verifie", Final: true}
	for i := 0; i < quizzes; i++ {
		final.Steps = append(final.Steps, &courses.Step{Blocks: []courses.Block{courses.Activity{Kind: "quiz"}}})
	}
	return &courses.Module{PassMark: passMark, Lessons: []*courses.Lesson{teach, final}}
}

func practiceRef(i int) ActivityRef { return ActivityRef{LessonID: "01-apprendre", Step: i, Block: 1} }
func quizRef(i int) ActivityRef     { return ActivityRef{LessonID: "02-je-verifie", Step: i, Block: 0} }

func TestMasteryRule(t *testing.T) {
	allPractice := func(o map[ActivityRef]Outcome, n int) {
		for i := 0; i < n; i++ {
			o[practiceRef(i)] = Outcome{Done: true, Attempted: true, FirstScore: 1}
		}
	}
	cases := []struct {
		name         string
		passMark     float64
		setup        func(map[ActivityRef]Outcome)
		wantScore    float64
		wantMastered bool
	}{
		{"4 right answers out of 5 reach the default 80% pass mark", 0, func(o map[ActivityRef]Outcome) {
			allPractice(o, 2)
			for i := 0; i < 5; i++ {
				o[quizRef(i)] = Outcome{Done: true, Attempted: true, FirstScore: map[bool]float64{true: 1, false: 0}[i != 2]}
			}
		}, 0.8, true},
		{"3 out of 5 is below 80%", 0, func(o map[ActivityRef]Outcome) {
			allPractice(o, 2)
			for i := 0; i < 5; i++ {
				o[quizRef(i)] = Outcome{Done: true, Attempted: true, FirstScore: map[bool]float64{true: 1, false: 0}[i < 3]}
			}
		}, 0.6, false},
		{"a module pass mark of 60% accepts 3 out of 5", 0.6, func(o map[ActivityRef]Outcome) {
			allPractice(o, 2)
			for i := 0; i < 5; i++ {
				o[quizRef(i)] = Outcome{Done: true, Attempted: true, FirstScore: map[bool]float64{true: 1, false: 0}[i < 3]}
			}
		}, 0.6, true},
		{"a skipped practice activity still allows mastery", 0, func(o map[ActivityRef]Outcome) {
			o[practiceRef(0)] = Outcome{Done: true}
			o[practiceRef(1)] = Outcome{Skipped: true}
			for i := 0; i < 5; i++ {
				o[quizRef(i)] = Outcome{Done: true, Attempted: true, FirstScore: 1}
			}
		}, 1, true},
		{"a practice activity left undone prevents mastery", 0, func(o map[ActivityRef]Outcome) {
			o[practiceRef(0)] = Outcome{Done: true}
			for i := 0; i < 5; i++ {
				o[quizRef(i)] = Outcome{Done: true, Attempted: true, FirstScore: 1}
			}
		}, 1, false},
		{"a skipped final question counts 0 and prevents mastery", 0, func(o map[ActivityRef]Outcome) {
			allPractice(o, 2)
			for i := 0; i < 4; i++ {
				o[quizRef(i)] = Outcome{Done: true, Attempted: true, FirstScore: 1}
			}
			o[quizRef(4)] = Outcome{Skipped: true}
		}, 0.8, false},
		{"the first attempt counts, not the retry after the answer was shown", 0, func(o map[ActivityRef]Outcome) {
			allPractice(o, 2)
			for i := 0; i < 5; i++ {
				o[quizRef(i)] = Outcome{Done: true, Attempted: true, FirstScore: 0.5}
			}
		}, 0.5, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := module(2, 5, c.passMark)
			o := map[ActivityRef]Outcome{}
			c.setup(o)
			r := Evaluate(m, o)
			if diff := r.FinalScore - c.wantScore; diff > 1e-9 || diff < -1e-9 {
				t.Errorf("final score = %v, want %v", r.FinalScore, c.wantScore)
			}
			if r.Mastered != c.wantMastered {
				t.Errorf("mastered = %v, want %v (%+v)", r.Mastered, c.wantMastered, r)
			}
			if r.Activities != 7 {
				t.Errorf("activities = %d, want 7", r.Activities)
			}
		})
	}
}

func TestModuleWithoutFinalQuizIsMasteredWhenEveryActivityIsDone(t *testing.T) {
	m := module(3, 0, 0)
	o := map[ActivityRef]Outcome{}
	for i := 0; i < 3; i++ {
		o[practiceRef(i)] = Outcome{Done: true}
	}
	if r := Evaluate(m, o); !r.Mastered || r.HasFinalQuiz {
		t.Errorf("want mastered without final quiz, got %+v", r)
	}
	o[practiceRef(2)] = Outcome{Skipped: true}
	if r := Evaluate(m, o); r.Mastered {
		t.Errorf("a skipped activity in a module without quiz must not master it: %+v", r)
	}
}
