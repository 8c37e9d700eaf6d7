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

// checkModule builds a module whose final check holds `questions` quiz questions
// then the practice activities of kinds.
func checkModule(questions int, kinds ...string) *courses.Module {
	final := &courses.Lesson{ID: "04-je-verifie", Final: true}
	for range questions {
		final.Steps = append(final.Steps, &courses.Step{Blocks: []courses.Block{courses.Activity{Kind: "quiz"}}})
	}
	for _, k := range kinds {
		final.Steps = append(final.Steps, &courses.Step{Blocks: []courses.Block{courses.Paragraph{}, courses.Activity{Kind: k}}})
	}
	return &courses.Module{Lessons: []*courses.Lesson{final}}
}

func finalRef(step, block int) ActivityRef {
	return ActivityRef{LessonID: "04-je-verifie", Step: step, Block: block}
}

func TestTheFinalCheckCountsItsPractice(t *testing.T) {
	right := Outcome{Done: true, Attempted: true, FirstScore: 1}
	wrong := Outcome{Done: true, Attempted: true, FirstScore: 0}
	cases := []struct {
		name         string
		outcomes     []Outcome // 4 questions, then a mouse and a site activity
		wantScore    float64
		wantDone     int
		wantMastered bool
	}{
		{"every question right and both gestures done at the first try", []Outcome{right, right, right, right, right, right}, 1, 2, true},
		{"a site simulation with two mistakes enters the mean at 0.5", []Outcome{right, right, right, right, right, {Done: true, Attempted: true, FirstScore: 0.5}}, 5.5 / 6, 2, true},
		{"a skipped gesture leaves the module not mastered, even with every question right", []Outcome{right, right, right, right, right, {Skipped: true}}, 5.0 / 6, 1, false},
		{"a gesture tried then skipped is not done either", []Outcome{right, right, right, right, {Skipped: true, Attempted: true, FirstScore: 0.8}, right}, 5.8 / 6, 1, false},
		{"a gesture done with help counts its first try", []Outcome{right, right, right, right, {Done: true, Attempted: true, FirstScore: 0.2}, right}, 5.2 / 6, 2, true},
		{"the practice's weak score can pull the mean under the pass mark", []Outcome{right, right, right, wrong, {Done: true, Attempted: true, FirstScore: 0.25}, {Done: true, Attempted: true, FirstScore: 0.25}}, 3.5 / 6, 2, false},
		{"a question skipped untried still prevents mastery", []Outcome{right, right, right, {Skipped: true}, right, right}, 5.0 / 6, 2, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := checkModule(4, "mouse", "site")
			o := map[ActivityRef]Outcome{}
			for i, out := range c.outcomes {
				block := 0
				if i >= 4 {
					block = 1
				}
				o[finalRef(i, block)] = out
			}
			r := Evaluate(m, o)
			if diff := r.FinalScore - c.wantScore; diff > 1e-9 || diff < -1e-9 {
				t.Errorf("final score = %v, want %v", r.FinalScore, c.wantScore)
			}
			if r.FinalPractice != 2 || r.FinalPracticeDone != c.wantDone {
				t.Errorf("practice %d done of %d, want %d of 2", r.FinalPracticeDone, r.FinalPractice, c.wantDone)
			}
			if r.Mastered != c.wantMastered || !r.HasFinalQuiz {
				t.Errorf("mastered = %v, want %v (%+v)", r.Mastered, c.wantMastered, r)
			}
		})
	}
}

func TestAFinalCheckOfPracticeAloneIsAFinalCheck(t *testing.T) {
	m := checkModule(0, "keyboard", "form")
	r := Evaluate(m, map[ActivityRef]Outcome{
		finalRef(0, 1): {Done: true, Attempted: true, FirstScore: 1},
		finalRef(1, 1): {Done: true, Attempted: true, FirstScore: 0.5},
	})
	if !r.HasFinalQuiz || r.FinalScore != 0.75 || r.Mastered {
		t.Errorf("two gestures scoring 1 and 0.5 give 75%%, under 80%%: %+v", r)
	}
}

func TestOrderingQuestionsCountInTheFinalScoreButNeedNotBeDone(t *testing.T) {
	m := checkModule(1, "order")
	r := Evaluate(m, map[ActivityRef]Outcome{
		finalRef(0, 0): {Done: true, Attempted: true, FirstScore: 1},
		finalRef(1, 1): {Skipped: true, Attempted: true, FirstScore: 0.6},
	})
	if r.FinalPractice != 0 || r.FinalScore != 0.8 || !r.Mastered {
		t.Errorf("an ordering exercise is a question, tried then skipped: %+v", r)
	}
}
