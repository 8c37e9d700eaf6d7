package courses

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"declic/i18n"
)

// bom is the byte order mark some Windows editors put at the start of a UTF-8
// file; it is not part of the text, so it is dropped wherever a file starts.
var bom = []byte("\ufeff")

// decodeTOMLProblems decodes a strict TOML document (unknown keys are errors)
// and turns decoding errors into file:line problems; firstLine is the file line
// of the document's first line. A line that fails because of a typing trap (a
// decimal comma, typographic quotes, a non-breaking space…) gets a message that
// names the trap and its fix instead of the decoder's words.
func decodeTOMLProblems(file string, firstLine int, data []byte, v any) Problems {
	data = bytes.TrimPrefix(data, bom)
	err := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields().Decode(v)
	if err == nil {
		return nil
	}
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		var out Problems
		for _, e := range strict.Errors {
			row, _ := e.Position()
			out = append(out, newProblem(file, firstLine+row-1, SeverityError, "courses.unknown_field", "Field", strings.Join(e.Key(), ".")))
		}
		return out
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, _ := de.Position()
		line := firstLine + row - 1
		if m := wrongType.FindStringSubmatch(de.Error()); m != nil && len(de.Key()) > 0 {
			key := de.Key()[len(de.Key())-1]
			if trap, ok := tomlTrap(lineOf(data, row)); ok {
				return Problems{trap.at(file, line)}
			}
			return Problems{newProblem(file, line, SeverityError, "courses.wrong_type", "Key", key, "Hint", typeHint(m[1]))}
		}
		if trap, ok := tomlTrap(lineOf(data, row)); ok {
			return Problems{trap.at(file, line)}
		}
		return Problems{syntaxProblem(file, line, de)}
	}
	// Not a syntax error the decoder can place: say so without its English words.
	return Problems{newProblem(file, firstLine, SeverityError, "courses.toml_unreadable")}
}

// syntaxMistakes name, from the TOML decoder's words, the slips trainers make in
// pack.toml and module.toml, each with the message that says how to write the
// line. The decoder's words are matched whole, so that a new wording falls back
// to the generic message (with the column) instead of a wrong explanation; the
// decoder's English never reaches the trainer.
var syntaxMistakes = []struct {
	pattern *regexp.Regexp
	code    string
	names   []string // the message's placeholders, filled by the pattern's groups ("" skips one)
}{
	{regexp.MustCompile(`^(basic|literal) strings cannot have new lines$`), "courses.toml.unclosed_quote", nil},
	{regexp.MustCompile(`^unterminated (basic|literal) string$`), "courses.toml.unclosed_quote", nil},
	{regexp.MustCompile(`^multiline (basic|literal) string not terminated by ("""|\'\'\')$`), "courses.toml.unclosed_multiline", []string{"", "Quotes"}},
	{regexp.MustCompile(`^expected '=' after key$`), "courses.toml.no_equals", nil},
	{regexp.MustCompile(`^key (.+) is already defined$`), "courses.toml.key_twice", []string{"Key"}},
	{regexp.MustCompile(`^array is incomplete$`), "courses.toml.list_unclosed", nil},
	{regexp.MustCompile(`^expected ',' or '\]' after array value$`), "courses.toml.list_comma", nil},
	{regexp.MustCompile(`^expected '\]\]?' to close (array )?table name$`), "courses.toml.section_unclosed", nil},
	{regexp.MustCompile(`^unexpected character U\+[0-9A-F]+ '(.+)' at start of value$`), "courses.toml.value_unquoted", []string{"Char"}},
	// "non", "faux", "nul": the decoder took the first letter for nan, false or inf.
	{regexp.MustCompile(`^expected keyword "(.)[a-z]*"$`), "courses.toml.value_unquoted", []string{"Char"}},
	{regexp.MustCompile(`^expected value, not end of input$`), "courses.toml.no_value", nil},
	{regexp.MustCompile(`^expected newline but got U\+[0-9A-F]+ '(.+)'$`), "courses.toml.after_value", []string{"Char"}},
	{regexp.MustCompile(`^invalid escape character U\+[0-9A-F]+ '(.+)'$`), "courses.toml.escape", []string{"Char"}},
}

// syntaxProblem explains a line the TOML decoder cannot read: a known slip by its
// own message, any other by the generic one that gives the column.
func syntaxProblem(file string, line int, de *toml.DecodeError) Problem {
	reason := strings.TrimPrefix(de.Error(), "toml: ")
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
		return newProblem(file, line, SeverityError, m.code, pairs...)
	}
	_, column := de.Position()
	return newProblem(file, line, SeverityError, "courses.toml_invalid", "Column", column)
}

var wrongType = regexp.MustCompile(`cannot decode TOML \w+ into .* of type (\S+)`)

// typeHint says in plain words how to write a value of a Go type.
func typeHint(goType string) i18n.Message {
	switch goType {
	case "float64":
		return i18n.M("courses.hint.number")
	case "int", "int64":
		return i18n.M("courses.hint.whole")
	case "bool":
		return i18n.M("courses.hint.bool")
	case "string", "courses.Level":
		return i18n.M("courses.hint.text")
	case "[]string":
		return i18n.M("courses.hint.list")
	case "[][]string":
		return i18n.M("courses.hint.lists")
	}
	return i18n.M("courses.hint.type", "Type", goType)
}

// lineOf returns the row-th line (1-based) of data, or "".
func lineOf(data []byte, row int) string {
	lines := strings.Split(string(data), "\n")
	if row < 1 || row > len(lines) {
		return ""
	}
	return strings.TrimRight(lines[row-1], "\r")
}

// trap is a typing mistake found on a TOML line: a message id and its values.
type trap struct {
	code  string
	pairs []any
}

func (t trap) at(file string, line int) Problem {
	return newProblem(file, line, SeverityError, t.code, t.pairs...)
}

// decimalComma matches `hours = 1,5`: a French decimal number, which TOML reads
// as a number followed by a stray comma.
var decimalComma = regexp.MustCompile(`^\s*([A-Za-z0-9_.-]+|"[^"]*")\s*=\s*(-?\d+),(\d+)\s*(#.*)?$`)

// typographicQuotes are the quotes that word processors and some keyboards put
// in place of the straight " and ': TOML knows only the straight ones.
const typographicQuotes = "“”„‟«»‘’‚‛"

// tomlTrap explains why a TOML line does not decode when the cause is a typing
// trap: a decimal comma, a typographic quote, a non-breaking space, a tab or an
// invisible character outside the texts in quotes. ok is false for any other cause.
func tomlTrap(line string) (trap, bool) {
	if m := decimalComma.FindStringSubmatch(line); m != nil {
		value := m[2] + "," + m[3]
		return trap{"courses.toml_decimal_comma", []any{"Key", strings.Trim(m[1], `"`), "Value", value, "Fixed", m[2] + "." + m[3]}}, true
	}
	var tab int
	column := 0
	var quote rune // the straight quote of the text being read, or 0
	var opened int // the column where that text starts
	for i, r := range line {
		column++
		switch {
		case quote != 0:
			if r == quote && !(quote == '"' && escaped(line[:i])) {
				quote = 0
			}
			continue
		case r == '"' || r == '\'':
			quote, opened = r, column
		case r == '#':
			return trapOrTab(tab)
		case strings.ContainsRune(typographicQuotes, r):
			return trap{"courses.toml_typographic_quote", []any{"Char", string(r), "Column", column}}, true
		case r == '\u00a0' || r == '\u202f':
			return trap{"courses.toml_nbsp", []any{"Column", column}}, true
		case r == '\u200b' || r == '\ufeff' || r == '\u200e' || r == '\u200f' || r == '\u2060':
			return trap{"courses.toml_invisible", []any{"Code", fmt.Sprintf("U+%04X", r), "Column", column}}, true
		case r == '\t' && tab == 0:
			tab = column
		}
	}
	if quote != 0 {
		// A text opened with a straight quote and closed with a typographic one.
		for i, r := range []rune(line)[opened:] {
			if strings.ContainsRune(typographicQuotes, r) {
				return trap{"courses.toml_typographic_quote", []any{"Char", string(r), "Column", opened + i + 1}}, true
			}
		}
	}
	return trapOrTab(tab)
}

// trapOrTab names a tab found outside the texts when nothing else explains the
// error: TOML allows tabs between a key and its value, but one pasted inside a
// key or a number breaks the line.
func trapOrTab(tab int) (trap, bool) {
	if tab > 0 {
		return trap{"courses.toml_tab", []any{"Column", tab}}, true
	}
	return trap{}, false
}

// escaped reports whether the text before a quote ends with an odd number of
// backslashes (the quote is then part of the text).
func escaped(before string) bool {
	n := 0
	for i := len(before) - 1; i >= 0 && before[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}
