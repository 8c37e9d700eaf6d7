package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Message is a text to show later, in the reader's language: an id of the
// catalogue (locales/<area>.<lang>.toml) and the values of its {{.Name}}
// placeholders. Packages that must not choose a language (courses, packsign)
// return Messages; the program that knows its reader translates them.
type Message struct {
	ID   string
	Args map[string]any
}

// M builds a Message from an id and name/value pairs: M("courses.hours_range",
// "Hours", 30, "Max", 20). A name without a value is ignored.
func M(id string, pairs ...any) Message {
	m := Message{ID: id}
	if len(pairs) >= 2 {
		m.Args = make(map[string]any, len(pairs)/2)
		for i := 0; i+1 < len(pairs); i += 2 {
			name, _ := pairs[i].(string)
			m.Args[name] = pairs[i+1]
		}
	}
	return m
}

// String is the message in French, the reference language.
func (m Message) String() string { return French().Message(m) }

// Message translates m; an id missing from the catalogue shows itself. An
// argument that is itself a Message (a hint inside a sentence) is translated too.
func (t *Translator) Message(m Message) string {
	args := m.Args
	for _, v := range m.Args {
		if _, ok := v.(Message); ok || isList(v) {
			args = make(map[string]any, len(m.Args))
			for k, v := range m.Args {
				args[k] = t.value(v)
			}
			break
		}
	}
	return orID(t.localizer.Localize(&goi18n.LocalizeConfig{MessageID: m.ID, TemplateData: args}))(m.ID)
}

// value translates an argument that is a Message or a List; others stay as they are.
func (t *Translator) value(v any) any {
	switch v := v.(type) {
	case Message:
		return t.Message(v)
	case List:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = fmt.Sprint(t.value(x))
		}
		return strings.Join(parts, "; ")
	}
	return v
}

func isList(v any) bool {
	_, ok := v.(List)
	return ok
}

// List is an argument made of several items (texts or Messages), shown one
// after the other, separated by semicolons.
type List []any

// Error is an error whose text comes from the catalogue, so that a command-line
// tool or a window can show it in its reader's language. Error() gives the
// French text.
type Error struct {
	Message
	// Kind is a sentinel error matched by errors.Is (such as an "archive refused"
	// error); it is never shown.
	Kind error
	// Err is the cause; the message shows it where its text has {{.Cause}}.
	Err error
}

// NewError returns an error with the message id and its name/value pairs; kind
// (may be nil) is what errors.Is matches, cause (may be nil) is shown through
// {{.Cause}}.
func NewError(kind, cause error, id string, pairs ...any) *Error {
	return &Error{Message: M(id, pairs...), Kind: kind, Err: cause}
}

// Error is the message in French.
func (e *Error) Error() string { return French().Error(e) }

// Unwrap gives errors.Is and errors.As both the kind and the cause.
func (e *Error) Unwrap() []error {
	var out []error
	if e.Kind != nil {
		out = append(out, e.Kind)
	}
	if e.Err != nil {
		out = append(out, e.Err)
	}
	return out
}

// Error translates an error: an *Error (itself or the first one it wraps) by its
// message, with its cause translated in turn; a missing file or a refused access
// by a sentence of the catalogue; any other error as it is.
func (t *Translator) Error(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		args := make(map[string]any, len(e.Args)+1)
		for k, v := range e.Args {
			args[k] = v
		}
		if e.Err != nil {
			args["Cause"] = t.Error(e.Err)
		}
		return t.Message(Message{ID: e.ID, Args: args})
	}
	var pe *fs.PathError
	switch {
	case errors.As(err, &pe) && errors.Is(err, fs.ErrNotExist):
		return t.Message(M("error.not_found", "Path", pe.Path))
	case errors.As(err, &pe) && errors.Is(err, fs.ErrPermission):
		return t.Message(M("error.permission", "Path", pe.Path))
	case errors.As(err, &pe):
		return t.Message(M("error.path", "Path", pe.Path, "Reason", pe.Err.Error()))
	}
	return err.Error()
}

// Has reports whether the catalogue defines id in lang itself (not through the
// French fallback).
func Has(lang language.Tag, id string) bool {
	loadOnce.Do(load)
	if loadErr != nil {
		return false
	}
	bundle, err := bundleFor(Match(lang))
	if err != nil {
		return false
	}
	loc := goi18n.NewLocalizer(bundle, lang.String())
	_, tag, err := loc.LocalizeWithTag(&goi18n.LocalizeConfig{MessageID: id})
	return err == nil && tag == lang
}

var (
	frenchOnce       sync.Once
	frenchTranslator *Translator
)

// French is the translator of the reference language, made once: Error and
// String use it, and so may any package that formats a message for a log.
func French() *Translator {
	frenchOnce.Do(func() { frenchTranslator = New(Fallback) })
	return frenchTranslator
}
