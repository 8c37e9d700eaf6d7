package plugins

import (
	"bytes"
	"errors"
	"reflect"
	"regexp"
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
		return NewError(at.Offset(row-1), "courses.activity_unknown_key", "Key", name, "Allowed", strings.Join(allowed, ", "))
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, _ := de.Position()
		key := []string(de.Key())
		if strings.Contains(de.Error(), "cannot decode") && len(key) > 0 {
			name := key[len(key)-1]
			return NewError(at.Offset(row-1), "courses.activity_wrong_type", "Key", name, "Hint", describe(typeAt(root, key), name))
		}
		return &Error{Pos: at.Offset(row - 1), Message: syntaxMessage(strings.TrimPrefix(de.Error(), "toml: "))}
	}
	return NewError(at, "plugins.unreadable", "Reason", err.Error())
}

// syntaxMistakes name, from the TOML decoder's words, the slips trainers make
// when they write an activity by hand, each with the message that says how to
// write the line. The decoder's words are matched whole, so that a new wording
// falls back to the generic message instead of a wrong explanation.
var syntaxMistakes = []struct {
	pattern *regexp.Regexp
	code    string
	names   []string // the message's placeholders, filled by the pattern's groups
}{
	{regexp.MustCompile(`^(basic|literal) strings cannot have new lines$`), "plugins.toml.unclosed_quote", nil},
	{regexp.MustCompile(`^multiline (basic|literal) string not terminated by ("""|\'\'\')$`), "plugins.toml.unclosed_multiline", []string{"", "Quotes"}},
	{regexp.MustCompile(`^expected '=' after key$`), "plugins.toml.no_equals", nil},
	{regexp.MustCompile(`^key (.+) is already defined$`), "plugins.toml.key_twice", []string{"Key"}},
	{regexp.MustCompile(`^array is incomplete$`), "plugins.toml.list_unclosed", nil},
	{regexp.MustCompile(`^expected ',' or ']' after array value$`), "plugins.toml.list_comma", nil},
	{regexp.MustCompile(`^expected '\]\]' to close array table name$`), "plugins.toml.section_unclosed", nil},
	{regexp.MustCompile(`^table (\S+) already exists as an array of tables$`), "plugins.toml.single_brackets", []string{"Name"}},
	{regexp.MustCompile(`^unexpected character U\+[0-9A-F]+ '(.+)' at start of value$`), "plugins.toml.value_unquoted", []string{"Char"}},
	// "non", "faux", "nul": the reader took the first letter for nan, false or inf.
	{regexp.MustCompile(`^expected keyword "(.)[a-z]*"$`), "plugins.toml.value_unquoted", []string{"Char"}},
	{regexp.MustCompile(`^expected newline but got U\+[0-9A-F]+ '(.+)'$`), "plugins.toml.after_value", []string{"Char"}},
	{regexp.MustCompile(`^invalid escape character U\+[0-9A-F]+ '(.+)'$`), "plugins.toml.escape", []string{"Char"}},
}

// syntaxMessage explains a line the TOML decoder cannot read: a known slip by
// its own message, any other by the generic one with the decoder's words.
func syntaxMessage(reason string) i18n.Message {
	for _, m := range syntaxMistakes {
		groups := m.pattern.FindStringSubmatch(reason)
		if groups == nil {
			continue
		}
		var pairs []any
		for i, name := range m.names {
			if name != "" && i+1 < len(groups) {
				pairs = append(pairs, name, groups[i+1])
			}
		}
		return i18n.M(m.code, pairs...)
	}
	return i18n.M("courses.activity_toml_invalid", "Reason", reason)
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

// describe tells a trainer how to write a value of type t for key, as a
// message of the catalogue.
func describe(t reflect.Type, key string) i18n.Message {
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
