package plugins

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"declic/i18n"
)

// DecodeBody decodes an activity's TOML body into v (a pointer to a struct with toml
// tags), refusing keys the struct lacks so that a trainer's typo is caught. Any problem
// comes back as an *Error at the right line of the pack, saying what to write instead.
func DecodeBody(body []byte, at Position, v any) error {
	dec := toml.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	root := reflect.TypeOf(v)
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) && len(strict.Errors) > 0 {
		e := strict.Errors[0]
		row, _ := e.Position()
		key := []string(e.Key())
		name := key[len(key)-1]
		allowed := fieldNames(typeAt(root, key[:len(key)-1]))
		unknown := Errorf(at.Offset(row-1), "unknown key %q: check its spelling; the keys allowed here are %s",
			name, strings.Join(allowed, ", "))
		unknown.Message = i18n.M("courses.activity_unknown_key", "Key", name, "Allowed", strings.Join(allowed, ", "))
		return unknown
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, _ := de.Position()
		key := []string(de.Key())
		if strings.Contains(de.Error(), "cannot decode") && len(key) > 0 {
			want := describe(typeAt(root, key), key[len(key)-1])
			e := Errorf(at.Offset(row-1), "%s has the wrong type: write %s", key[len(key)-1], want)
			e.Message = i18n.M("courses.activity_wrong_type", "Key", key[len(key)-1], "Hint", describeMessage(typeAt(root, key), key[len(key)-1]))
			return e
		}
		msg := strings.TrimPrefix(de.Error(), "toml: ")
		e := Errorf(at.Offset(row-1), "this line is not valid TOML (%s): write key = value, with texts in \"double quotes\"", msg)
		e.Message = i18n.M("courses.activity_toml_invalid", "Reason", msg)
		return e
	}
	return Errorf(at, "the activity cannot be read: %v", err)
}

// typeAt follows a TOML key path through struct fields, slices and pointers.
func typeAt(t reflect.Type, path []string) reflect.Type {
	for t != nil && (t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice) {
		t = t.Elem()
	}
	if len(path) == 0 || t == nil || t.Kind() != reflect.Struct {
		return t
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if tagName(f) == path[0] {
			if len(path) == 1 {
				return f.Type
			}
			return typeAt(f.Type, path[1:])
		}
	}
	return nil
}

func tagName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	if name == "" {
		return strings.ToLower(f.Name)
	}
	return name
}

// fieldNames lists the TOML keys of a struct type, sorted, for error messages.
func fieldNames(t reflect.Type) []string {
	for t != nil && (t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice) {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	var names []string
	for i := 0; i < t.NumField(); i++ {
		if t.Field(i).IsExported() && t.Field(i).Tag.Get("toml") != "-" {
			names = append(names, tagName(t.Field(i)))
		}
	}
	sort.Strings(names)
	return names
}

// describe tells a trainer how to write a value of type t for key.
func describe(t reflect.Type, key string) string {
	if t == nil {
		return "a value"
	}
	switch t.Kind() {
	case reflect.String:
		return fmt.Sprintf("a text in double quotes, e.g. %s = \"…\"", key)
	case reflect.Bool:
		return fmt.Sprintf("true or false, e.g. %s = true", key)
	case reflect.Int, reflect.Int64, reflect.Int32:
		return fmt.Sprintf("a whole number, e.g. %s = 3", key)
	case reflect.Float64, reflect.Float32:
		return fmt.Sprintf("a number, e.g. %s = 2", key)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			return fmt.Sprintf("one [[%s]] section per item", key)
		}
		return fmt.Sprintf("a list in brackets, e.g. %s = [\"…\", \"…\"]", key)
	}
	return "a value of the right type"
}

// describeMessage is describe as a message of the catalogue, for the trainer's
// language.
func describeMessage(t reflect.Type, key string) i18n.Message {
	if t == nil {
		return i18n.M("courses.activity_hint.value")
	}
	switch t.Kind() {
	case reflect.String:
		return i18n.M("courses.activity_hint.text", "Key", key)
	case reflect.Bool:
		return i18n.M("courses.activity_hint.bool", "Key", key)
	case reflect.Int, reflect.Int64, reflect.Int32:
		return i18n.M("courses.activity_hint.whole", "Key", key)
	case reflect.Float64, reflect.Float32:
		return i18n.M("courses.activity_hint.number", "Key", key)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			return i18n.M("courses.activity_hint.sections", "Key", key)
		}
		return i18n.M("courses.activity_hint.list", "Key", key)
	}
	return i18n.M("courses.activity_hint.value")
}

// Locator finds the lines of sections and keys inside an activity body, so semantic
// errors (a quiz with no right answer, a trap without explanation) point at the
// right line of the pack rather than at the top of the block.
type Locator struct {
	at    Position
	lines []string
}

// NewLocator indexes body, whose first line is at.
func NewLocator(body []byte, at Position) Locator {
	return Locator{at: at, lines: strings.Split(string(body), "\n")}
}

// Start is the position of the body's first line.
func (l Locator) Start() Position { return l.at }

// Section returns the position of the i-th (0-based) [[name]] header, or the body's
// start when there is none.
func (l Locator) Section(name string, i int) Position {
	n := 0
	for row, line := range l.lines {
		if isHeader(line, name) {
			if n == i {
				return l.at.Offset(row)
			}
			n++
		}
	}
	return l.at
}

// Key returns the position of key inside the i-th [[section]] (or at top level when
// section is ""), falling back to the section header or the body's start.
func (l Locator) Key(section string, i int, key string) Position {
	n := -1
	inside := section == ""
	for row, line := range l.lines {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "[") {
			if section != "" && isHeader(line, section) {
				n++
				inside = n == i
			} else {
				inside = false
			}
			continue
		}
		if inside && isKey(trimmed, key) {
			return l.at.Offset(row)
		}
	}
	if section != "" {
		return l.Section(section, i)
	}
	return l.at
}

func isHeader(line, name string) bool {
	s := strings.ReplaceAll(strings.TrimSpace(line), " ", "")
	if c := strings.Index(s, "#"); c >= 0 {
		s = s[:c]
	}
	return s == "[["+name+"]]"
}

func isKey(trimmed, key string) bool {
	rest, ok := strings.CutPrefix(trimmed, key)
	if !ok {
		rest, ok = strings.CutPrefix(trimmed, `"`+key+`"`)
		if !ok {
			return false
		}
	}
	return strings.HasPrefix(strings.TrimSpace(rest), "=")
}
