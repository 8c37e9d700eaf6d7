// Package spot is the "spot" activity kind: find the traps in a fake e-mail, SMS or
// web page (a strange sender, urgency, a fake domain, a request for bank details).
// The learner taps the suspicious parts and reads why each one is a trap. The widget
// lives in spot/spotview.
package spot

import (
	"fmt"
	"sort"
	"strings"

	"declic/i18n"
	"declic/plugins"
)

// Name is the kind's registry name and fenced-block info string.
const Name = "spot"

// Formats of the fake message.
const (
	Email = "email"
	SMS   = "sms"
	Web   = "web"
)

// Formats lists the allowed values of format.
var Formats = []string{Email, SMS, Web}

// Fields a part can belong to.
const (
	From    = "from"
	Subject = "subject"
	URL     = "url"
	Body    = "body"
)

// Fields lists the allowed values of a part's field.
var Fields = []string{From, Subject, URL, Body}

// MaxParts keeps the message on one screen.
const MaxParts = 16

func init() { plugins.Register(Kind{}) }

// Kind parses ```spot blocks.
type Kind struct{}

// Name returns "spot".
func (Kind) Name() string { return Name }

// Part is one tappable piece of the message.
type Part struct {
	Field   string `toml:"field"`
	Text    string `toml:"text"`
	Trap    bool   `toml:"trap"`
	Explain string `toml:"explain"`
}

// Activity is a parsed spot-the-traps exercise.
type Activity struct {
	Instruction string `toml:"prompt"`
	Format      string `toml:"format"`
	Parts       []Part `toml:"parts"`
}

// Answer is the set of parts the learner tapped, as indexes into Parts.
type Answer struct {
	Tapped []int
}

var (
	_ plugins.Activity = (*Activity)(nil)
	_ plugins.Texter   = (*Activity)(nil)
)

// Parse reads a spot body.
func (Kind) Parse(body []byte, at plugins.Position) (plugins.Activity, error) {
	var a Activity
	if err := plugins.DecodeBody(body, at, &a); err != nil {
		return nil, err
	}
	loc := plugins.NewLocator(body, at)
	if a.Format == "" {
		a.Format = Email
	}
	if !in(a.Format, Formats) {
		return nil, plugins.NewError(loc.Key("", 0, "format"), "plugins.spot.unknown_format", "Format", a.Format, "Formats", strings.Join(Formats, ", "))
	}
	if len(a.Parts) == 0 {
		return nil, plugins.NewError(loc.Start(), "plugins.spot.no_part")
	}
	if len(a.Parts) > MaxParts {
		return nil, plugins.NewError(loc.Section("parts", MaxParts), "plugins.spot.too_many_parts", "Count", len(a.Parts), "Max", MaxParts)
	}
	traps := 0
	for i := range a.Parts {
		p := &a.Parts[i]
		if p.Field == "" {
			p.Field = Body
		}
		switch {
		case !in(p.Field, Fields):
			return nil, plugins.NewError(loc.Key("parts", i, "field"), "plugins.spot.unknown_field", "Field", p.Field, "Fields", strings.Join(Fields, ", "))
		case strings.TrimSpace(p.Text) == "":
			return nil, plugins.NewError(loc.Section("parts", i), "plugins.spot.part_no_text", "Number", i+1)
		case p.Trap && strings.TrimSpace(p.Explain) == "":
			return nil, plugins.NewError(loc.Section("parts", i), "plugins.spot.trap_unexplained", "Number", i+1, "Text", p.Text)
		}
		if p.Trap {
			traps++
		}
	}
	if traps == 0 {
		return nil, plugins.NewError(loc.Section("parts", 0), "plugins.spot.no_trap")
	}
	return &a, nil
}

func in(s string, list []string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Kind returns "spot".
func (a *Activity) Kind() string { return Name }

// Prompt is the instruction shown above the message.
func (a *Activity) Prompt() string { return a.Instruction }

// Text returns every part and explanation.
func (a *Activity) Text() []string {
	var out []string
	for _, p := range a.Parts {
		out = append(out, p.Text)
		if p.Explain != "" {
			out = append(out, p.Explain)
		}
	}
	return out
}

// Traps lists the indexes of the parts that are traps.
func (a *Activity) Traps() []int {
	var out []int
	for i, p := range a.Parts {
		if p.Trap {
			out = append(out, i)
		}
	}
	return out
}

// Grade scores an Answer with French feedback.
func (a *Activity) Grade(answer any) plugins.Result { return a.GradeIn(answer, nil) }

// GradeIn scores an Answer: found traps ÷ (traps + false alarms). It passes when
// every trap is found; a false alarm lowers the score but does not fail — being
// careful with a suspicious message is a good habit. The feedback explains each
// missed trap.
func (a *Activity) GradeIn(answer any, t *i18n.Translator) plugins.Result {
	t = plugins.Messages(t)
	ans, ok := answer.(Answer)
	if p, isPtr := answer.(*Answer); isPtr && p != nil {
		ans, ok = *p, true
	}
	if !ok {
		return plugins.Result{Feedback: t.T("activity.bad_answer"), Summary: fmt.Sprintf("%T", answer)}
	}
	tapped := map[int]bool{}
	for _, i := range ans.Tapped {
		if i >= 0 && i < len(a.Parts) {
			tapped[i] = true
		}
	}
	traps := a.Traps()
	found, alarms := 0, 0
	for i := range tapped {
		if a.Parts[i].Trap {
			found++
		} else {
			alarms++
		}
	}
	data := map[string]any{"Found": found, "Total": len(traps), "Alarms": alarms}
	res := plugins.Result{
		Score:   float64(found) / float64(len(traps)+alarms),
		Passed:  found == len(traps),
		Summary: t.T("spot.summary", data),
	}
	var fb []string
	if res.Passed {
		fb = append(fb, t.T("spot.all_found"))
	} else {
		fb = append(fb, t.T("spot.found", data))
		for _, i := range a.Missed(ans.Tapped) {
			fb = append(fb, t.T("spot.missed", map[string]any{"Text": a.Parts[i].Text, "Explain": a.Parts[i].Explain}))
		}
	}
	if alarms > 0 {
		fb = append(fb, t.T("spot.alarms", data))
	}
	res.Feedback = strings.Join(fb, "\n")
	return res
}

// Missed lists the traps not in tapped, in order.
func (a *Activity) Missed(tapped []int) []int {
	set := map[int]bool{}
	for _, i := range tapped {
		set[i] = true
	}
	var out []int
	for _, i := range a.Traps() {
		if !set[i] {
			out = append(out, i)
		}
	}
	sort.Ints(out)
	return out
}
