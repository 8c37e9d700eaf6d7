// Package plugins is the registry of activity kinds: the practice exercises a lesson
// embeds as fenced blocks (```quiz, ```mouse …). Each kind parses its TOML body and
// grades answers in pure Go; its widget lives in a separate view package so that the
// course tools can validate packs without linking a GUI toolkit.
//
// Kinds register themselves in init(), like database/sql drivers:
//
//	func init() { plugins.Register(quizKind{}) }
package plugins

import (
	"declic/i18n"
	"fmt"
	"sort"
	"sync"
)

// Position is a place inside a pack: a file path relative to the pack root and a
// 1-based line number. Parse errors carry one so trainers can jump to the line.
type Position struct {
	File string
	Line int
}

// String formats the position as "file:line", the form editors understand.
func (p Position) String() string { return fmt.Sprintf("%s:%d", p.File, p.Line) }

// Offset returns the position n lines further down the same file.
func (p Position) Offset(n int) Position { return Position{File: p.File, Line: p.Line + n} }

// Error is a problem found at a precise position while parsing an activity body.
// Its text is a message of the catalogue (i18n/locales/plugins.<lang>.toml and the
// generic courses.activity_* ones): an id, the problem's code, and the values of
// its placeholders. The package writes no sentence itself, so that
// `declic-pack validate` and the app's preview say it in the trainer's language.
type Error struct {
	Pos     Position
	Message i18n.Message
}

// NewError builds an *Error at pos from a message id and name/value pairs:
// NewError(pos, "plugins.quiz.few_choices", "Count", 1).
func NewError(pos Position, code string, pairs ...any) *Error {
	return &Error{Pos: pos, Message: i18n.M(code, pairs...)}
}

// Code is the id of the message, which names the problem ("plugins.quiz.no_question").
func (e *Error) Code() string { return e.Message.ID }

// Text is the problem as "file:line: message", in tr's language.
func (e *Error) Text(tr *i18n.Translator) string {
	return e.Pos.String() + ": " + tr.Message(e.Message)
}

// Error is the problem as "file:line: message", in French, the reference language.
func (e *Error) Error() string { return e.Text(i18n.French()) }

// Kind is one kind of activity. Parse receives the raw body of a fenced block and the
// position of the body's first line in the pack.
type Kind interface {
	Name() string
	Parse(body []byte, at Position) (Activity, error)
}

// Activity is a parsed activity, ready to be shown and graded.
type Activity interface {
	// Kind returns the kind's registry name.
	Kind() string
	// Prompt is the instruction shown to the learner (also read aloud and indexed).
	Prompt() string
	// Grade scores an answer. The answer's type is defined by each kind.
	Grade(answer any) Result
}

// Result is the outcome of one attempt at an activity.
type Result struct {
	// Score is between 0 and 1.
	Score float64
	// Passed is true when the attempt counts as success.
	Passed bool
	// Feedback is what the learner reads after the attempt (pack language).
	Feedback string
	// Summary is a short, privacy-safe description of the answer for the learner's
	// history (e.g. "choix 2", "3 erreurs"), never the full typed text.
	Summary string
}

// ImageUser is implemented by activities that show images from the pack, so
// validation can check that each referenced file exists.
type ImageUser interface {
	Images() []string
}

// Texter is implemented by activities whose text (beyond the prompt) should be
// searchable and read aloud: quiz choices, e-mail bodies, steps to order.
type Texter interface {
	Text() []string
}

// Advice is a hint for trainers about an activity that is valid but could teach
// better: declic-pack lint prints it as a remark of Rule (which a pack may
// accept, see courses.LintRules), with its suggestion. Both texts are messages
// of the catalogue, in the trainer's language.
type Advice struct {
	Pos             Position
	Rule            string
	Msg, Suggestion i18n.Message
}

// Advisor is implemented by activities that can advise trainers: at is the
// position of the body's first line, as given to Parse.
type Advisor interface {
	Advise(body []byte, at Position) []Advice
}

var (
	mu    sync.RWMutex
	kinds = map[string]Kind{}
)

// Register makes a kind available by its name. It panics if kind is nil or the
// name is taken: both are programming errors found at start-up.
func Register(kind Kind) {
	if kind == nil {
		panic("plugins: Register of a nil kind")
	}
	mu.Lock()
	defer mu.Unlock()
	name := kind.Name()
	if _, dup := kinds[name]; dup {
		panic("plugins: Register called twice for kind " + name)
	}
	kinds[name] = kind
}

// Lookup returns the kind registered under name.
func Lookup(name string) (Kind, bool) {
	mu.RLock()
	defer mu.RUnlock()
	k, ok := kinds[name]
	return k, ok
}

// Kinds returns the registered kind names, sorted.
func Kinds() []string {
	mu.RLock()
	defer mu.RUnlock()
	names := make([]string, 0, len(kinds))
	for n := range kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
