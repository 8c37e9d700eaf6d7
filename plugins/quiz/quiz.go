// Package quiz is the "quiz" activity kind: a question with single or multiple
// choice answers, optional pictures and feedback per answer. It parses and grades in
// pure Go; the widget lives in quiz/quizview.
package quiz

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"declic/i18n"
	"declic/plugins"
	"declic/readability"
)

// Name is the kind's registry name and fenced-block info string.
const Name = "quiz"

// MaxChoices keeps a question on one screen.
const MaxChoices = 8

func init() { plugins.Register(Kind{}) }

// Kind parses ```quiz blocks.
type Kind struct{}

// Name returns "quiz".
func (Kind) Name() string { return Name }

// Choice is one possible answer.
type Choice struct {
	Text     string `toml:"text"`
	Correct  bool   `toml:"correct"`
	Feedback string `toml:"feedback"`
	Image    string `toml:"image"`
	// Danger marks an answer that would put the learner at risk in real life
	// (giving a secret code, paying a stranger, installing what a pop-up
	// offers): its feedback must say why it is dangerous (see Advise).
	Danger bool `toml:"danger"`
}

// Activity is a parsed quiz question.
type Activity struct {
	Instruction string   `toml:"prompt"`
	Question    string   `toml:"question"`
	Multiple    bool     `toml:"multiple"`
	Image       string   `toml:"image"`
	Choices     []Choice `toml:"choices"`
}

// Answer is what the learner chose: indexes into Choices, in any order.
type Answer struct {
	Selected []int
}

var (
	_ plugins.Activity  = (*Activity)(nil)
	_ plugins.ImageUser = (*Activity)(nil)
	_ plugins.Texter    = (*Activity)(nil)
	_ plugins.Advisor   = (*Activity)(nil)
)

// Parse reads a quiz body and checks it makes a fair question.
func (Kind) Parse(body []byte, at plugins.Position) (plugins.Activity, error) {
	var a Activity
	if err := plugins.DecodeBody(body, at, &a); err != nil {
		return nil, err
	}
	loc := plugins.NewLocator(body, at)
	if strings.TrimSpace(a.Question) == "" {
		return nil, plugins.NewError(loc.Start(), "plugins.quiz.no_question")
	}
	if a.Image != "" {
		if err := plugins.CheckImageAt(loc.Key("", 0, "image"), a.Image); err != nil {
			return nil, err
		}
	}
	if len(a.Choices) < 2 {
		return nil, plugins.NewError(loc.Start(), "plugins.quiz.few_choices")
	}
	if len(a.Choices) > MaxChoices {
		return nil, plugins.NewError(loc.Section("choices", MaxChoices), "plugins.quiz.too_many_choices", "Max", MaxChoices, "Extra", len(a.Choices)-MaxChoices)
	}
	correct := 0
	for i, c := range a.Choices {
		if strings.TrimSpace(c.Text) == "" {
			return nil, plugins.NewError(loc.Section("choices", i), "plugins.quiz.choice_no_text", "Number", i+1)
		}
		if c.Image != "" {
			if err := plugins.CheckImageAt(loc.Key("choices", i, "image"), c.Image); err != nil {
				return nil, err
			}
		}
		if c.Correct {
			correct++
		}
		if c.Correct && c.Danger {
			return nil, plugins.NewError(loc.Key("choices", i, "danger"), "plugins.quiz.right_and_dangerous", "Number", i+1)
		}
	}
	switch {
	case correct == 0:
		return nil, plugins.NewError(loc.Section("choices", 0), "plugins.quiz.no_right_choice")
	case correct > 1 && !a.Multiple:
		second := secondCorrect(a.Choices)
		return nil, plugins.NewError(loc.Key("choices", second, "correct"), "plugins.quiz.many_right_choices", "Count", correct)
	}
	return &a, nil
}

func secondCorrect(cs []Choice) int {
	seen := 0
	for i, c := range cs {
		if c.Correct {
			seen++
			if seen == 2 {
				return i
			}
		}
	}
	return 0
}

// Kind returns "quiz".
func (a *Activity) Kind() string { return Name }

// Prompt is the instruction, or the question when there is none.
func (a *Activity) Prompt() string {
	if a.Instruction != "" {
		return a.Instruction
	}
	return a.Question
}

// Images lists the question's and the choices' pictures.
func (a *Activity) Images() []string {
	var out []string
	if a.Image != "" {
		out = append(out, a.Image)
	}
	for _, c := range a.Choices {
		if c.Image != "" {
			out = append(out, c.Image)
		}
	}
	return out
}

// Text returns the question, the choices and their feedback, for search and read-aloud.
func (a *Activity) Text() []string {
	out := []string{a.Question}
	for _, c := range a.Choices {
		out = append(out, c.Text)
		if c.Feedback != "" {
			out = append(out, c.Feedback)
		}
	}
	return out
}

// DangerRule is the name of the lint rule about dangerous choices (see Advise).
const DangerRule = "reponse-dangereuse"

// Advise warns about each choice marked dangerous whose feedback does not say
// why: a feedback that is missing, or that reassures (« Ce n'est pas grave »)
// after an answer that would put the learner at risk.
func (a *Activity) Advise(body []byte, at plugins.Position) []plugins.Advice {
	loc := plugins.NewLocator(body, at)
	fix := i18n.M("courses.lint_danger_fix")
	var out []plugins.Advice
	for i, c := range a.Choices {
		if !c.Danger {
			continue
		}
		if strings.TrimSpace(c.Feedback) == "" {
			out = append(out, plugins.Advice{Pos: loc.Section("choices", i), Rule: DangerRule,
				Msg: i18n.M("courses.lint_danger_unexplained", "Choice", c.Text), Suggestion: fix})
			continue
		}
		if calm := readability.Reassurance(c.Feedback); calm != "" {
			out = append(out, plugins.Advice{Pos: loc.Key("choices", i, "feedback"), Rule: DangerRule,
				Msg: i18n.M("courses.lint_danger_reassures", "Choice", c.Text, "Words", calm), Suggestion: fix})
		}
	}
	return out
}

// CorrectIndexes lists the right choices, in order.
func (a *Activity) CorrectIndexes() []int {
	var out []int
	for i, c := range a.Choices {
		if c.Correct {
			out = append(out, i)
		}
	}
	return out
}

// RightAnswer is the text of the right choice(s), shown after a wrong attempt.
func (a *Activity) RightAnswer() string {
	var parts []string
	for _, i := range a.CorrectIndexes() {
		parts = append(parts, a.Choices[i].Text)
	}
	return strings.Join(parts, " ; ")
}

// Grade scores an Answer with French feedback.
func (a *Activity) Grade(answer any) plugins.Result { return a.GradeIn(answer, nil) }

// GradeIn scores an Answer, writing generated feedback in t's language (nil: French).
//
// A single-choice question scores 1 or 0. A multiple-choice question gives partial
// credit: (right choices ticked − wrong choices ticked) ÷ right choices, never below 0;
// it passes only when exactly the right choices are ticked.
func (a *Activity) GradeIn(answer any, t *i18n.Translator) plugins.Result {
	t = plugins.Messages(t)
	ans, ok := answer.(Answer)
	if p, isPtr := answer.(*Answer); isPtr && p != nil {
		ans, ok = *p, true
	}
	if !ok {
		return plugins.Result{Feedback: t.T("activity.bad_answer"), Summary: fmt.Sprintf("%T", answer)}
	}
	selected := a.normalise(ans.Selected)
	if len(selected) == 0 {
		return plugins.Result{Feedback: t.T("quiz.none_selected"), Summary: t.T("quiz.summary_none")}
	}
	summary := t.T("quiz.summary", map[string]any{"List": joinInts(selected)})
	var rightTicked, wrongTicked int
	var feedback []string
	for _, i := range selected {
		c := a.Choices[i]
		if c.Correct {
			rightTicked++
		} else {
			wrongTicked++
		}
		if c.Feedback != "" {
			feedback = append(feedback, c.Feedback)
		}
	}
	total := len(a.CorrectIndexes())
	passed := rightTicked == total && wrongTicked == 0
	score := float64(rightTicked-wrongTicked) / float64(total)
	if score < 0 {
		score = 0
	}
	if passed {
		score = 1
	}
	if len(feedback) == 0 {
		if passed {
			feedback = append(feedback, t.T("quiz.right"))
		} else {
			feedback = append(feedback, t.T("quiz.wrong"))
		}
	}
	if a.Multiple && !passed {
		feedback = append([]string{t.T("quiz.partial", map[string]any{"Found": rightTicked, "Total": total})}, feedback...)
		if wrongTicked > 0 {
			feedback = append(feedback, t.T("quiz.some_wrong", map[string]any{"Count": wrongTicked}))
		}
	}
	return plugins.Result{Score: score, Passed: passed, Feedback: strings.Join(feedback, "\n"), Summary: summary}
}

// normalise drops out-of-range and repeated indexes and sorts the rest; a
// single-choice question keeps only the last pick, as radio buttons would.
func (a *Activity) normalise(sel []int) []int {
	seen := map[int]bool{}
	var out []int
	for _, i := range sel {
		if i < 0 || i >= len(a.Choices) || seen[i] {
			continue
		}
		seen[i] = true
		out = append(out, i)
	}
	if !a.Multiple && len(out) > 1 {
		out = out[len(out)-1:]
	}
	sort.Ints(out)
	return out
}

func joinInts(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.Itoa(x + 1)
	}
	return strings.Join(parts, ", ")
}
