// Package courses reads course packs: a pack.toml manifest, modules with a
// module.toml each, and Markdown lessons split into screens (steps). It turns them
// into the typed model below, validates them (every problem with file:line), and
// installs them into a library folder. It imports no GUI toolkit.
package courses

import (
	"io/fs"

	"declic/i18n"
	"declic/plugins"
)

// Pack is a course pack: a set of modules written by one author, in one language.
type Pack struct {
	ID            string   `toml:"id"`
	Version       string   `toml:"version"`
	Title         string   `toml:"title"`
	Language      string   `toml:"language"`
	Authors       []string `toml:"authors"`
	Licence       string   `toml:"licence"`
	Description   string   `toml:"description"`
	MinAppVersion string   `toml:"min_app_version"`
	// Synonyms are extra groups of words that search treats as equal
	// (e.g. ["CAF", "allocations familiales"]).
	Synonyms [][]string `toml:"synonyms"`
	// Lint holds the lint remarks reviewed and kept for the whole pack.
	Lint LintSettings `toml:"lint"`

	Modules []*Module `toml:"-"`
	// FS is the pack's root; images are read from it.
	FS fs.FS `toml:"-"`
	// Source says where the pack came from: a folder, a .declic file, or "embedded".
	Source string `toml:"-"`
}

// Level is how advanced a module is.
type Level string

// The three levels a module can declare.
const (
	Beginner     Level = "débutant"
	Intermediate Level = "intermédiaire"
	Advanced     Level = "avancé"
)

// DefaultPassMark is the share of the final quiz a learner needs to master a module.
const DefaultPassMark = 0.8

// Module is a themed unit (e.g. "La souris") made of lessons; it is what a centre
// credits as training hours.
type Module struct {
	// ID is the folder name, e.g. "02-la-souris"; unique inside the pack.
	ID string `toml:"-"`
	// Dir is the folder path inside the pack, e.g. "modules/02-la-souris".
	Dir          string   `toml:"-"`
	Title        string   `toml:"title"`
	Summary      string   `toml:"summary"`
	Level        Level    `toml:"level"`
	Competencies []string `toml:"competencies"`
	// Hours is the training time a centre may credit for this module.
	Hours float64 `toml:"hours"`
	Order int     `toml:"order"`
	// PassMark is the share (0–1) of the final quiz needed to master the module.
	PassMark float64 `toml:"pass_mark"`
	// Goals lists what the learner can do after the module, one short sentence each.
	Goals []string `toml:"goals"`

	Lessons []*Lesson `toml:"-"`
	// hoursLine is the line of hours in module.toml, for the time check.
	hoursLine int
}

// IsPractice reports whether an activity kind is practice: the learner does the
// gesture or the procedure itself (mouse, keyboard, form, spot, site) rather than
// answering a question about it (quiz, order). A module's final check should hold
// at least one, and each one there must be done for the module to be mastered.
func IsPractice(kind string) bool {
	switch kind {
	case "mouse", "keyboard", "form", "spot", "site":
		return true
	}
	return false
}

// PracticeKinds names the practice kinds, for messages.
const PracticeKinds = "mouse, keyboard, form, spot or site"

// Lesson is one Markdown file: a sequence of screens.
type Lesson struct {
	// ID is the file name without ".md", e.g. "01-tenir-la-souris".
	ID string
	// File is the path inside the pack, used in file:line messages.
	File            string
	Title           string
	DurationMinutes int
	// Final marks the module's final check (its questions and its practice):
	// their first-attempt scores decide mastery (see package progress).
	Final bool
	// Lint holds the lint remarks reviewed and kept for this lesson.
	Lint  LintSettings
	Steps []*Step
}

// Step is one screen: a "##" heading and what follows it, up to the next one.
type Step struct {
	Title  string
	Line   int
	Blocks []Block
}

// Block is a piece of a step's content, in reading order.
type Block interface{ isBlock() }

// Paragraph is a run of text.
type Paragraph struct{ Inlines []Inline }

// Heading is a sub-heading inside a step ("###" and deeper).
type Heading struct {
	Level   int
	Inlines []Inline
}

// List is a bulleted (Ordered false) or numbered list; each item holds blocks.
type List struct {
	Ordered bool
	Start   int
	Items   [][]Block
}

// Image is a picture from the pack. Src is a clean slash path from the pack root.
type Image struct {
	Src  string
	Alt  string
	Line int
}

// Callout is a block quote, shown as an "À retenir" box.
type Callout struct{ Blocks []Block }

// Activity is a fenced block handled by an activity plug-in.
type Activity struct {
	Kind string
	Body []byte
	Line int
	// Parsed is the plug-in's model; nil when the kind is unknown or the body invalid.
	Parsed plugins.Activity
	// Err explains why Parsed is nil.
	Err error
}

func (Paragraph) isBlock() {}
func (Heading) isBlock()   {}
func (List) isBlock()      {}
func (Image) isBlock()     {}
func (Callout) isBlock()   {}
func (Activity) isBlock()  {}

// Style marks how a run of text looks.
type Style uint8

// Inline styles; they combine (Bold|Italic).
const (
	Bold Style = 1 << iota
	Italic
	// Key is a keyboard key written as inline code: `Entrée`, `Ctrl+C`.
	Key
)

// Inline is a run of text with one style. A line break inside a paragraph is an
// Inline whose Text is "\n".
type Inline struct {
	Text  string
	Style Style
}

// Severity tells whether a problem stops a pack from loading.
type Severity int

// Problems are errors (the pack cannot be installed) or warnings (it can).
const (
	SeverityError Severity = iota
	SeverityWarning
)

func (s Severity) String() string {
	if s == SeverityWarning {
		return "warning"
	}
	return "error"
}

// Problem is one thing wrong in a pack, at a file and line. Its text is not
// here: Code is the id of a message of the catalogue
// (i18n/locales/courses.<lang>.toml), which says what is wrong and what to do,
// and Args fill its {{.Name}} placeholders. The program that knows its reader's
// language translates it (Text); String gives French.
type Problem struct {
	File     string
	Line     int
	Severity Severity
	Code     string
	Args     map[string]any
}

// Message is the problem's text to translate.
func (p Problem) Message() i18n.Message { return i18n.Message{ID: p.Code, Args: p.Args} }

// Text formats the problem as "file:line: erreur : message" in tr's language,
// the place first so that editors jump to it.
func (p Problem) Text(tr *i18n.Translator) string {
	id := "courses.problem"
	if p.Line <= 0 {
		id = "courses.problem_no_line"
	}
	return tr.Message(i18n.M(id, "File", p.File, "Line", p.Line,
		"Severity", i18n.M("courses.severity."+p.Severity.String()), "Text", p.Message()))
}

// String formats the problem in French.
func (p Problem) String() string { return p.Text(i18n.French()) }

// Problems is every problem found in a pack.
type Problems []Problem

// HasErrors reports whether any problem is an error.
func (ps Problems) HasErrors() bool {
	for _, p := range ps {
		if p.Severity == SeverityError {
			return true
		}
	}
	return false
}

// Errors counts the problems that are errors.
func (ps Problems) Errors() int {
	n := 0
	for _, p := range ps {
		if p.Severity == SeverityError {
			n++
		}
	}
	return n
}

// newProblem builds a problem from a message id and name/value pairs.
func newProblem(file string, line int, sev Severity, code string, pairs ...any) Problem {
	return Problem{File: file, Line: line, Severity: sev, Code: code, Args: i18n.M(code, pairs...).Args}
}
