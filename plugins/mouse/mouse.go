// Package mouse is the "mouse" activity kind: targets to click, double-click,
// right-click, drag onto a zone or scroll to. Targets start big and shrink as the
// learner succeeds; misses are counted but never punished, and there is no timer.
// The widget lives in mouse/mouseview.
package mouse

import (
	"fmt"
	"slices"
	"strings"

	"declic/i18n"
	"declic/plugins"
)

// Name is the kind's registry name and fenced-block info string.
const Name = "mouse"

// Actions a target can ask for.
const (
	Click       = "click"
	DoubleClick = "double-click"
	RightClick  = "right-click"
	Drag        = "drag"
	Scroll      = "scroll"
)

// Actions lists the allowed values of action, in the order the docs present them.
var Actions = []string{Click, DoubleClick, RightClick, Drag, Scroll}

// MaxRounds and MaxTargets keep an exercise short enough to stay pleasant.
const (
	MaxRounds  = 10
	MaxTargets = 10
)

func init() { plugins.Register(Kind{}) }

// Kind parses ```mouse blocks.
type Kind struct{}

// Name returns "mouse".
func (Kind) Name() string { return Name }

// Target is one thing to act on.
type Target struct {
	Action string `toml:"action"`
	Label  string `toml:"label"`
	Zone   string `toml:"zone"`
}

// Activity is a parsed mouse exercise.
type Activity struct {
	Instruction string   `toml:"prompt"`
	Rounds      int      `toml:"rounds"`
	Targets     []Target `toml:"targets"`
}

// TargetResult counts what happened on one target entry across its rounds.
type TargetResult struct {
	Successes int // right gestures on the target
	Misses    int // gestures beside the target, or the wrong gesture
}

// Answer has one TargetResult per entry of Targets, in order.
type Answer struct {
	Targets []TargetResult
}

var (
	_ plugins.Activity = (*Activity)(nil)
	_ plugins.Texter   = (*Activity)(nil)
)

// Parse reads a mouse body and checks every target can be done.
func (Kind) Parse(body []byte, at plugins.Position) (plugins.Activity, error) {
	var a Activity
	if err := plugins.DecodeBody(body, at, &a); err != nil {
		return nil, err
	}
	loc := plugins.NewLocator(body, at)
	if a.Rounds == 0 {
		a.Rounds = 1
	}
	if a.Rounds < 1 || a.Rounds > MaxRounds {
		return nil, plugins.NewError(loc.Key("", 0, "rounds"), "plugins.mouse.rounds_range", "Rounds", a.Rounds, "Max", MaxRounds)
	}
	if len(a.Targets) == 0 {
		return nil, plugins.NewError(loc.Start(), "plugins.mouse.no_target")
	}
	if len(a.Targets) > MaxTargets {
		return nil, plugins.NewError(loc.Section("targets", MaxTargets), "plugins.mouse.too_many_targets", "Count", len(a.Targets), "Max", MaxTargets)
	}
	for i := range a.Targets {
		t := &a.Targets[i]
		t.Action = strings.TrimSpace(t.Action)
		switch {
		case t.Action == "":
			return nil, plugins.NewError(loc.Section("targets", i), "plugins.mouse.no_action", "Number", i+1, "Others", strings.Join(Actions[1:], ", "))
		case !slices.Contains(Actions, t.Action):
			return nil, plugins.NewError(loc.Key("targets", i, "action"), "plugins.mouse.unknown_action", "Action", t.Action, "Actions", strings.Join(Actions, ", "))
		case t.Action == Drag && strings.TrimSpace(t.Zone) == "":
			return nil, plugins.NewError(loc.Section("targets", i), "plugins.mouse.drag_no_zone", "Number", i+1)
		case t.Action != Drag && t.Zone != "":
			return nil, plugins.NewError(loc.Key("targets", i, "zone"), "plugins.mouse.zone_not_drag", "Number", i+1, "Action", t.Action)
		}
	}
	return &a, nil
}

// Kind returns "mouse".
func (a *Activity) Kind() string { return Name }

// Prompt is the instruction shown above the targets.
func (a *Activity) Prompt() string { return a.Instruction }

// Text returns the targets' labels and zones.
func (a *Activity) Text() []string {
	var out []string
	for _, t := range a.Targets {
		if t.Label != "" {
			out = append(out, t.Label)
		}
		if t.Zone != "" {
			out = append(out, t.Zone)
		}
	}
	return out
}

// Total is how many successful gestures the exercise asks for.
func (a *Activity) Total() int { return a.Rounds * len(a.Targets) }

// Grade scores an Answer with French feedback.
func (a *Activity) Grade(answer any) plugins.Result { return a.GradeIn(answer, nil) }

// GradeIn scores an Answer: the share of the asked gestures done (extra successes on
// one target do not make up for another). Misses never lower the score — learning to
// aim takes time — but the feedback mentions them kindly.
func (a *Activity) GradeIn(answer any, t *i18n.Translator) plugins.Result {
	t = plugins.Messages(t)
	ans, ok := answer.(Answer)
	if p, isPtr := answer.(*Answer); isPtr && p != nil {
		ans, ok = *p, true
	}
	if !ok {
		return plugins.Result{Feedback: t.T("activity.bad_answer"), Summary: fmt.Sprintf("%T", answer)}
	}
	done, misses := 0, 0
	for i := range a.Targets {
		if i >= len(ans.Targets) {
			break
		}
		r := ans.Targets[i]
		done += clamp(r.Successes, 0, a.Rounds)
		misses += max(r.Misses, 0)
	}
	total := a.Total()
	res := plugins.Result{
		Score:   float64(done) / float64(total),
		Passed:  done == total,
		Summary: t.T("mouse.summary", map[string]any{"Done": done, "Total": total, "Misses": misses}),
	}
	var fb []string
	if res.Passed {
		fb = append(fb, t.T("mouse.all_done"))
	} else {
		fb = append(fb, t.T("mouse.left", map[string]any{"Count": total - done}))
	}
	if misses > 0 {
		fb = append(fb, t.T("mouse.misses", map[string]any{"Count": misses}))
	}
	res.Feedback = strings.Join(fb, "\n")
	return res
}

func clamp(x, lo, hi int) int { return min(max(x, lo), hi) }
