package site

import (
	"fmt"
	"strings"

	"declic/i18n"
	"declic/plugins"
	"declic/plugins/form"
	"declic/plugins/keyboard"
)

// Penalty is what each mistake takes off the score; MinScore is the least a
// learner who reached the goal gets.
const (
	Penalty  = 0.25
	MinScore = 0.25
)

// What a learner can do on a page, as recorded in an Answer.
const (
	// DoSet gives an item a value: a field's text, a choice's option, a file's
	// name, "true" or "" for a check box.
	DoSet = "set"
	// DoPress presses a link or a button.
	DoPress = "press"
	// DoCookies answers the page's cookie banner with Accept or Refuse.
	DoCookies = "cookies"
	// DoBack goes back to the previous page.
	DoBack = "back"
)

// Action is one thing the learner did, on the page shown at that moment.
type Action struct {
	Do    string
	Item  int
	Value string
}

// Answer is the whole of what the learner did, in order: Grade plays it again
// from the start page.
type Answer struct {
	Actions []Action
}

// Outcome is what the site does after an action.
type Outcome struct {
	// Moved: another page is shown.
	Moved bool
	// Done: a goal page is reached; the activity is complete.
	Done bool
	// Mistake: the action was a wrong step and counts as a mistake.
	Mistake bool
	// Message explains a wrong step or what to fix (the learner's language, or the pack's).
	Message string
	// Hint is the page's hint, shown after a mistake ("" when the page has none).
	Hint string
	// Errors holds a message per item of the page that must be corrected, by index.
	Errors map[int]string
	// Blocked: the page's cookie banner must be answered first (not a mistake).
	Blocked bool
}

// Event is one thing the learner did on a page, kept for the replay.
type Event struct {
	Do      string
	Item    int
	Value   string
	Mistake string
}

// Visit is one stay on a page, for the replay: what the learner did there and
// the values the page held when they left it.
type Visit struct {
	Page   int
	Events []Event
	Values map[int]string
}

// Run plays one learner's way through the site: the page shown, the values typed,
// the cookie banners answered, the mistakes. The widget drives it; Grade plays an
// Answer through a new one, so the rule lives here only.
type Run struct {
	act      *Activity
	t        *i18n.Translator
	page     int
	history  []int
	values   []map[int]string
	cookies  []string
	actions  []Action
	visits   []Visit
	mistakes int
	// pageMistakes counts the mistakes on the page shown, to offer more help.
	pageMistakes int
	done         bool
}

// NewRun starts a run on the start page; messages are in t's language (nil: French).
func (a *Activity) NewRun(t *i18n.Translator) *Run {
	r := &Run{act: a, t: plugins.Messages(t), values: make([]map[int]string, len(a.Pages)), cookies: make([]string, len(a.Pages))}
	for i := range r.values {
		r.values[i] = map[int]string{}
	}
	r.page = a.PageIndex(a.Start)
	if r.page < 0 {
		r.page = 0
	}
	r.visits = []Visit{{Page: r.page}}
	r.done = a.Pages[r.page].Goal
	return r
}

// Activity returns the site being played.
func (r *Run) Activity() *Activity { return r.act }

// PageIndex is the place in Pages of the page shown.
func (r *Run) PageIndex() int { return r.page }

// Page is the page shown.
func (r *Run) Page() *Page { return &r.act.Pages[r.page] }

// Done reports whether a goal page was reached.
func (r *Run) Done() bool { return r.done }

// Mistakes is the number of wrong steps so far.
func (r *Run) Mistakes() int { return r.mistakes }

// PageMistakes is the number of wrong steps on the page shown.
func (r *Run) PageMistakes() int { return r.pageMistakes }

// CanGoBack reports whether there is a previous page to go back to.
func (r *Run) CanGoBack() bool { return len(r.history) > 0 && !r.done }

// Value is the value the learner gave an item of the page shown.
func (r *Run) Value(item int) string { return r.values[r.page][item] }

// CookiesPending reports whether the page shown has a cookie banner not yet
// answered as expected: until then, nothing else on the page can be used.
func (r *Run) CookiesPending() bool {
	return r.act.Pages[r.page].CookieItem() >= 0 && r.cookies[r.page] == ""
}

// CookieAnswer is how the page's cookie banner was answered ("" when not yet).
func (r *Run) CookieAnswer() string { return r.cookies[r.page] }

// Answer returns every action so far, for Grade.
func (r *Run) Answer() Answer { return Answer{Actions: append([]Action(nil), r.actions...)} }

// Visits returns the pages the learner saw, in order, with what they did there.
func (r *Run) Visits() []Visit {
	out := make([]Visit, len(r.visits))
	for i, v := range r.visits {
		out[i] = Visit{Page: v.Page, Events: append([]Event(nil), v.Events...), Values: map[int]string{}}
		for k, val := range v.Values {
			out[i].Values[k] = val
		}
	}
	if n := len(out); n > 0 && out[n-1].Page == r.page {
		for k, val := range r.values[r.page] {
			out[n-1].Values[k] = val
		}
	}
	return out
}

func (r *Run) record(e Event) {
	v := &r.visits[len(r.visits)-1]
	v.Events = append(v.Events, e)
}

// Set gives item of the page shown a value (see DoSet). It is never a mistake:
// values are checked when a button is pressed, as on a real site.
func (r *Run) Set(item int, value string) {
	if r.done || item < 0 || item >= len(r.Page().Items) {
		return
	}
	switch r.Page().Items[item].Type {
	case Field, Choice, File, Check:
	default:
		return
	}
	r.actions = append(r.actions, Action{Do: DoSet, Item: item, Value: value})
	r.values[r.page][item] = value
}

// cookiesWrong is the message shown, when the pack wrote none, after the other
// answer to a cookie banner than the one expected.
var cookiesWrong = map[string]string{Refuse: "site.cookies_wrong_refuse", Accept: "site.cookies_wrong_accept"}

// Cookies answers the page's cookie banner with Accept or Refuse. The answer the
// pack did not expect is a mistake, and the banner stays until it is answered right.
func (r *Run) Cookies(answer string) Outcome {
	item := r.Page().CookieItem()
	if r.done || item < 0 || (answer != Accept && answer != Refuse) || !r.CookiesPending() {
		return Outcome{}
	}
	r.actions = append(r.actions, Action{Do: DoCookies, Item: item, Value: answer})
	it := r.Page().Items[item]
	if it.Expect != Any && it.Expect != answer {
		msg := it.Wrong
		if msg == "" {
			msg = r.t.T(cookiesWrong[it.Expect])
		}
		r.record(Event{Do: DoCookies, Item: item, Value: answer, Mistake: msg})
		return r.mistake(msg, nil)
	}
	r.record(Event{Do: DoCookies, Item: item, Value: answer})
	r.cookies[r.page] = answer
	return Outcome{}
}

// Press presses a link or a button of the page shown. A wrong step keeps the
// learner on the page with its message; a button that leads somewhere first checks
// every field, check box, choice and file of its page.
func (r *Run) Press(item int) Outcome {
	if r.done || item < 0 || item >= len(r.Page().Items) {
		return Outcome{}
	}
	it := r.Page().Items[item]
	if it.Type != Link && it.Type != Button {
		return Outcome{}
	}
	if r.CookiesPending() {
		return Outcome{Blocked: true, Message: r.t.T("site.cookies_first")}
	}
	r.actions = append(r.actions, Action{Do: DoPress, Item: item})
	if it.Wrong != "" {
		r.record(Event{Do: DoPress, Item: item, Mistake: it.Wrong})
		return r.mistake(it.Wrong, nil)
	}
	if it.Type == Button {
		if errs := r.Check(); len(errs) > 0 {
			msg := r.t.T("site.fix_page")
			r.record(Event{Do: DoPress, Item: item, Mistake: msg})
			return r.mistake(msg, errs)
		}
	}
	r.record(Event{Do: DoPress, Item: item})
	r.goTo(r.act.PageIndex(it.Go))
	return Outcome{Moved: true, Done: r.done}
}

// Back goes back to the previous page, as a browser's back button does. It is
// never a mistake.
func (r *Run) Back() Outcome {
	if !r.CanGoBack() {
		return Outcome{}
	}
	r.actions = append(r.actions, Action{Do: DoBack})
	r.record(Event{Do: DoBack, Item: -1})
	r.leave()
	r.page = r.history[len(r.history)-1]
	r.history = r.history[:len(r.history)-1]
	r.visits = append(r.visits, Visit{Page: r.page})
	r.pageMistakes = 0
	return Outcome{Moved: true}
}

func (r *Run) goTo(page int) {
	r.leave()
	r.history = append(r.history, r.page)
	r.page = page
	r.visits = append(r.visits, Visit{Page: page})
	r.pageMistakes = 0
	if r.act.Pages[page].Goal {
		r.done = true
	}
}

// leave keeps the values of the page being left in its visit, for the replay.
func (r *Run) leave() {
	v := &r.visits[len(r.visits)-1]
	v.Values = map[int]string{}
	for k, val := range r.values[r.page] {
		v.Values[k] = val
	}
}

func (r *Run) mistake(msg string, errs map[int]string) Outcome {
	r.mistakes++
	r.pageMistakes++
	return Outcome{Mistake: true, Message: msg, Hint: r.Page().Hint, Errors: errs}
}

// Check returns a message for each field, check box, choice and file of the page
// shown that is not right yet, by item index (empty when the page can be sent).
func (r *Run) Check() map[int]string {
	errs := map[int]string{}
	for i, it := range r.Page().Items {
		if msg := r.checkItem(it, r.values[r.page][i]); msg != "" {
			errs[i] = msg
		}
	}
	return errs
}

// formTypes maps a field's input to the form kind's field type with the same checks.
var formTypes = map[string]string{Text: form.Text, Email: form.Email, Password: form.Password, Number: form.Number, Date: form.Date}

func (r *Run) checkItem(it Item, v string) string {
	t := r.t
	switch it.Type {
	case Field:
		trimmed := strings.TrimSpace(v)
		if trimmed == "" {
			if it.Required || it.Expect != "" {
				return t.T("form.required")
			}
			return ""
		}
		if it.Input == Code {
			if !digitsOnly(trimmed) {
				return t.T("site.code_digits")
			}
			if it.Expect != "" && squash(trimmed) != squash(it.Expect) {
				return t.T("site.code_wrong")
			}
			return ""
		}
		ft, ok := formTypes[it.Input]
		if !ok {
			ft = form.Text
		}
		f := &form.Activity{Fields: []form.Field{{Label: it.Label, Type: ft}}}
		if msg := f.Check([]string{v}, t)[0]; msg != "" {
			return msg
		}
		if it.Expect != "" && !strings.Contains(squash(v), squash(it.Expect)) {
			return t.T("site.field_wrong")
		}
	case Check:
		if it.Required && v != "true" {
			return t.T("site.check_required")
		}
	case Choice:
		switch {
		case v == "":
			return t.T("form.choice")
		case it.Expect != "" && v != it.Expect:
			return t.T("site.choice_wrong")
		}
	case File:
		switch {
		case v == "":
			return t.T("site.file_none_chosen")
		case it.Expect != "" && v != it.Expect:
			return t.T("site.file_wrong")
		}
	}
	return ""
}

// squash lowers capitals, removes accents and spaces: « 48 29 13 » is « 482913 ».
func squash(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(keyboard.Fold(s))), "")
}

// NextStep returns the item of the page shown to use next on the shortest way to
// a goal page (the cookie banner first when it waits for an answer), or -1 when
// no goal can be reached from here. The widget points to it after repeated
// mistakes, so nobody stays stuck.
func (r *Run) NextStep() int {
	p := r.Page()
	if c := p.CookieItem(); c >= 0 && r.CookiesPending() {
		return c
	}
	dist := r.act.distances()
	best, bestDist := -1, len(r.act.Pages)+1
	for i, it := range p.Items {
		if !it.Leads() {
			continue
		}
		if d := dist[r.act.PageIndex(it.Go)]; d >= 0 && d < bestDist {
			best, bestDist = i, d
		}
	}
	return best
}

// distances is, for each page, the fewest steps from it to a goal page (-1: none).
func (a *Activity) distances() []int {
	dist := make([]int, len(a.Pages))
	var queue []int
	for i, p := range a.Pages {
		dist[i] = -1
		if p.Goal {
			dist[i] = 0
			queue = append(queue, i)
		}
	}
	for len(queue) > 0 {
		to := queue[0]
		queue = queue[1:]
		for from, p := range a.Pages {
			if dist[from] >= 0 {
				continue
			}
			for _, it := range p.Items {
				if it.Leads() && a.PageIndex(it.Go) == to {
					dist[from] = dist[to] + 1
					queue = append(queue, from)
					break
				}
			}
		}
	}
	return dist
}

// Score is 1 without mistakes, minus Penalty per mistake, never below MinScore,
// once the goal is reached; 0 before.
func (r *Run) Score() float64 {
	if !r.done {
		return 0
	}
	return max(MinScore, 1-Penalty*float64(r.mistakes))
}

// Result is the outcome of the run so far, with feedback in the run's language.
func (r *Run) Result() plugins.Result {
	data := map[string]any{"Pages": len(r.visits), "Count": r.mistakes}
	res := plugins.Result{Score: r.Score(), Passed: r.done}
	switch {
	case !r.done:
		res.Feedback = r.t.T("site.unfinished", map[string]any{"Goal": r.act.Goal})
		res.Summary = r.t.T("site.summary_unfinished", data)
		return res
	case r.mistakes == 0:
		res.Feedback = r.t.T("site.done") + "\n" + r.t.T("site.done_perfect")
	default:
		res.Feedback = r.t.T("site.done") + "\n" + r.t.N("site.done_mistakes", r.mistakes)
	}
	res.Summary = r.t.T("site.summary", data)
	return res
}

// Grade scores an Answer with French feedback.
func (a *Activity) Grade(answer any) plugins.Result { return a.GradeIn(answer, nil) }

// GradeIn plays an Answer from the start page and scores it: done when a goal page
// is reached, 1 without mistakes, minus 0.25 per mistake (a wrong step, a button
// pressed while a field of its page is wrong, the other answer to a cookie banner
// than the one expected), never below 0.25 once the goal is reached. Actions after
// the goal is reached are ignored.
func (a *Activity) GradeIn(answer any, t *i18n.Translator) plugins.Result {
	t = plugins.Messages(t)
	ans, ok := answer.(Answer)
	if p, isPtr := answer.(*Answer); isPtr && p != nil {
		ans, ok = *p, true
	}
	if !ok {
		return plugins.Result{Feedback: t.T("activity.bad_answer"), Summary: fmt.Sprintf("%T", answer)}
	}
	r := a.NewRun(t)
	for _, act := range ans.Actions {
		if r.done {
			break
		}
		switch act.Do {
		case DoSet:
			r.Set(act.Item, act.Value)
		case DoPress:
			r.Press(act.Item)
		case DoCookies:
			r.Cookies(act.Value)
		case DoBack:
			r.Back()
		}
	}
	return r.Result()
}

// Way returns a shortest list of actions that reaches a goal page without mistakes
// from the start page: the right cookie answers, values every check accepts, and the
// buttons and links to press. Tests use it to play every simulation of a pack.
func (a *Activity) Way() Answer {
	var out []Action
	dist := a.distances()
	page := a.PageIndex(a.Start)
	for steps := 0; steps <= len(a.Pages) && !a.Pages[page].Goal; steps++ {
		p := a.Pages[page]
		next, nextDist := -1, len(a.Pages)+1
		for i, it := range p.Items {
			if it.Leads() {
				if d := dist[a.PageIndex(it.Go)]; d >= 0 && d < nextDist {
					next, nextDist = i, d
				}
			}
		}
		if next < 0 {
			break
		}
		for i, it := range p.Items {
			if it.Type == Cookies {
				answer := it.Expect
				if answer == Any {
					answer = Refuse
				}
				out = append(out, Action{Do: DoCookies, Item: i, Value: answer})
			}
		}
		if p.Items[next].Type == Button {
			for i, it := range p.Items {
				if v, ok := it.example(); ok {
					out = append(out, Action{Do: DoSet, Item: i, Value: v})
				}
			}
		}
		out = append(out, Action{Do: DoPress, Item: next})
		page = a.PageIndex(p.Items[next].Go)
	}
	return Answer{Actions: out}
}

// example returns a value the item's checks accept, and whether it takes one.
func (it Item) example() (string, bool) {
	switch it.Type {
	case Check:
		return "true", true
	case Choice:
		if it.Expect != "" {
			return it.Expect, true
		}
		return it.Options[0], true
	case File:
		if it.Expect != "" {
			return it.Expect, true
		}
		return it.Files[0], true
	case Field:
		if it.Expect != "" && it.Input == Email && !strings.Contains(it.Expect, "@") {
			return it.Expect + "@example.fr", true
		}
		if it.Expect != "" {
			return it.Expect, true
		}
		return map[string]string{Text: "Marie", Email: "marie.durand@example.fr", Password: "Velo-Jardin-72", Number: "12", Date: "05/03/1970", Code: "123456"}[it.Input], true
	}
	return "", false
}
