// Package order is the "order" activity kind: put steps back in the right order.
// Trainers write the steps in the right order; the widget (order/orderview) shows
// them shuffled and lets the learner move them with buttons or the keyboard.
package order

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"declic/i18n"
	"declic/plugins"
)

// Name is the kind's registry name and fenced-block info string.
const Name = "order"

// MaxSteps keeps the list on one screen.
const MaxSteps = 10

func init() { plugins.Register(Kind{}) }

// Kind parses ```order blocks.
type Kind struct{}

// Name returns "order".
func (Kind) Name() string { return Name }

// Activity is a parsed ordering exercise; Steps are in the right order.
type Activity struct {
	Instruction string   `toml:"prompt"`
	Steps       []string `toml:"steps"`
}

// Answer is the learner's order: Order[k] is the index (in Steps) of the step the
// learner put at place k. It must be a permutation of 0…len(Steps)-1.
type Answer struct {
	Order []int
}

var (
	_ plugins.Activity = (*Activity)(nil)
	_ plugins.Texter   = (*Activity)(nil)
)

// Parse reads an order body.
func (Kind) Parse(body []byte, at plugins.Position) (plugins.Activity, error) {
	var a Activity
	if err := plugins.DecodeBody(body, at, &a); err != nil {
		return nil, err
	}
	where := plugins.NewLocator(body, at).Key("", 0, "steps")
	if len(a.Steps) < 2 {
		return nil, plugins.NewError(where, "plugins.order.few_steps")
	}
	if len(a.Steps) > MaxSteps {
		return nil, plugins.NewError(where, "plugins.order.too_many_steps", "Count", len(a.Steps), "Max", MaxSteps)
	}
	seen := map[string]int{}
	for i, s := range a.Steps {
		key := strings.ToLower(strings.Join(strings.Fields(s), " "))
		if key == "" {
			return nil, plugins.NewError(where, "plugins.order.step_empty", "Number", i+1)
		}
		if j, dup := seen[key]; dup {
			return nil, plugins.NewError(where, "plugins.order.same_steps", "First", j+1, "Second", i+1, "Step", s)
		}
		seen[key] = i
	}
	return &a, nil
}

// Kind returns "order".
func (a *Activity) Kind() string { return Name }

// Prompt is the instruction shown above the list.
func (a *Activity) Prompt() string { return a.Instruction }

// Text returns the steps in the right order.
func (a *Activity) Text() []string { return append([]string(nil), a.Steps...) }

// Shuffled returns a random order of the steps that is never already right, so the
// learner always has something to do.
func (a *Activity) Shuffled(r *rand.Rand) []int {
	n := len(a.Steps)
	perm := r.Perm(n)
	if isIdentity(perm) {
		// Rotating by one moves every step away from its place.
		perm = append(perm[1:], perm[0])
	}
	return perm
}

func isIdentity(p []int) bool {
	for i, v := range p {
		if i != v {
			return false
		}
	}
	return true
}

// Grade scores an Answer with French feedback.
func (a *Activity) Grade(answer any) plugins.Result { return a.GradeIn(answer, nil) }

// GradeIn scores an Answer. The score is the longest run of steps already in the
// right relative order (longest increasing subsequence) divided by the number of
// steps: putting the last step first costs one step, not all of them, as
// "right place" counting would. It passes only when every step is in place.
func (a *Activity) GradeIn(answer any, t *i18n.Translator) plugins.Result {
	t = plugins.Messages(t)
	ans, ok := answer.(Answer)
	if p, isPtr := answer.(*Answer); isPtr && p != nil {
		ans, ok = *p, true
	}
	if !ok || !a.isPermutation(ans.Order) {
		return plugins.Result{Feedback: t.T("activity.bad_answer"), Summary: fmt.Sprintf("%T", answer)}
	}
	n := len(a.Steps)
	inOrder := LongestIncreasing(ans.Order)
	placed := 0
	firstWrong := -1
	for k, v := range ans.Order {
		if k == v {
			placed++
		} else if firstWrong < 0 {
			firstWrong = k
		}
	}
	res := plugins.Result{
		Score:   float64(inOrder) / float64(n),
		Passed:  placed == n,
		Summary: t.T("order.summary", map[string]any{"Placed": placed, "Total": n}),
	}
	if res.Passed {
		res.Feedback = t.T("order.right")
		return res
	}
	res.Feedback = t.T("order.partial", map[string]any{"Placed": placed, "Total": n}) + "\n" +
		t.T("order.hint", map[string]any{"Place": firstWrong + 1, "Step": a.Steps[firstWrong]})
	return res
}

func (a *Activity) isPermutation(order []int) bool {
	if len(order) != len(a.Steps) {
		return false
	}
	seen := make([]bool, len(order))
	for _, v := range order {
		if v < 0 || v >= len(order) || seen[v] {
			return false
		}
		seen[v] = true
	}
	return true
}

// LongestIncreasing returns the length of the longest strictly increasing
// subsequence of xs (patience sorting, O(n log n)).
func LongestIncreasing(xs []int) int {
	var tails []int
	for _, x := range xs {
		lo, hi := 0, len(tails)
		for lo < hi {
			mid := (lo + hi) / 2
			if tails[mid] < x {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		if lo == len(tails) {
			tails = append(tails, x)
		} else {
			tails[lo] = x
		}
	}
	return len(tails)
}
