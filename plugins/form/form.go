// Package form is the "form" activity kind: a safe copy of a web form (create an
// e-mail address, log in, fill in an online procedure) with the checks real sites
// make and their error messages. The widget (form/formview) draws a fake browser.
package form

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"declic/i18n"
	"declic/plugins"
	"declic/plugins/keyboard"
)

// Name is the kind's registry name and fenced-block info string.
const Name = "form"

// Field types.
const (
	Text     = "text"
	Email    = "email"
	Password = "password"
	Date     = "date"
	Number   = "number"
	Choice   = "choice"
	TextArea = "textarea"
)

// Types lists the allowed field types.
var Types = []string{Text, Email, Password, Date, Number, Choice, TextArea}

// MaxFields keeps the form on one screen; MaxMinLength keeps rules reasonable.
const (
	MaxFields    = 8
	MaxMinLength = 64
)

func init() { plugins.Register(Kind{}) }

// Kind parses ```form blocks.
type Kind struct{}

// Name returns "form".
func (Kind) Name() string { return Name }

// Field is one input of the form.
type Field struct {
	Label     string   `toml:"label"`
	Type      string   `toml:"type"`
	Required  bool     `toml:"required"`
	Hint      string   `toml:"hint"`
	MinLength int      `toml:"min_length"`
	Strong    bool     `toml:"strong"`
	Options   []string `toml:"options"`
	Expect    string   `toml:"expect"`
}

// Activity is a parsed form.
type Activity struct {
	Instruction string  `toml:"prompt"`
	Site        string  `toml:"site"`
	Title       string  `toml:"title"`
	Submit      string  `toml:"submit"`
	Success     string  `toml:"success"`
	Fields      []Field `toml:"fields"`
}

// Answer holds one value per field, in order; a choice field's value is the
// chosen option's text ("" when nothing is chosen).
type Answer struct {
	Values []string
}

var (
	_ plugins.Activity = (*Activity)(nil)
	_ plugins.Texter   = (*Activity)(nil)
)

// Parse reads a form body and checks every field's rules make sense.
func (Kind) Parse(body []byte, at plugins.Position) (plugins.Activity, error) {
	var a Activity
	if err := plugins.DecodeBody(body, at, &a); err != nil {
		return nil, err
	}
	loc := plugins.NewLocator(body, at)
	if s := a.Site; s != "" && (strings.Contains(s, "://") || strings.ContainsAny(s, " \t/")) {
		return nil, plugins.NewError(loc.Key("", 0, "site"), "plugins.form.site_address", "Site", s)
	}
	if len(a.Fields) == 0 {
		return nil, plugins.NewError(loc.Start(), "plugins.form.no_field")
	}
	if len(a.Fields) > MaxFields {
		return nil, plugins.NewError(loc.Section("fields", MaxFields), "plugins.form.too_many_fields", "Count", len(a.Fields), "Max", MaxFields)
	}
	labels := map[string]int{}
	for i := range a.Fields {
		f := &a.Fields[i]
		if f.Type == "" {
			f.Type = Text
		}
		key := func(k string) plugins.Position { return loc.Key("fields", i, k) }
		label := strings.TrimSpace(f.Label)
		switch {
		case label == "":
			return nil, plugins.NewError(loc.Section("fields", i), "plugins.form.field_no_label", "Number", i+1)
		case !slices.Contains(Types, f.Type):
			return nil, plugins.NewError(key("type"), "plugins.form.unknown_type", "Type", f.Type, "Types", strings.Join(Types, ", "))
		case f.MinLength < 0 || f.MinLength > MaxMinLength:
			return nil, plugins.NewError(key("min_length"), "plugins.form.min_length_range", "Value", f.MinLength, "Max", MaxMinLength)
		case f.MinLength > 0 && f.Type != Text && f.Type != Password && f.Type != TextArea:
			return nil, plugins.NewError(key("min_length"), "plugins.form.min_length_type", "Type", f.Type)
		case f.Strong && f.Type != Password:
			return nil, plugins.NewError(key("strong"), "plugins.form.strong_type", "Type", f.Type)
		case f.Type == Choice && len(f.Options) < 2:
			return nil, plugins.NewError(loc.Section("fields", i), "plugins.form.choice_options", "Label", label)
		case f.Type != Choice && f.Options != nil:
			return nil, plugins.NewError(key("options"), "plugins.form.options_type", "Type", f.Type)
		case f.Expect != "" && f.Type != Text && f.Type != TextArea:
			return nil, plugins.NewError(key("expect"), "plugins.form.expect_type", "Type", f.Type)
		}
		for j, o := range f.Options {
			if strings.TrimSpace(o) == "" {
				return nil, plugins.NewError(key("options"), "plugins.form.option_empty", "Number", j+1)
			}
		}
		if j, dup := labels[strings.ToLower(label)]; dup {
			return nil, plugins.NewError(loc.Section("fields", i), "plugins.form.same_label", "First", j+1, "Second", i+1, "Label", f.Label)
		}
		labels[strings.ToLower(label)] = i
	}
	return &a, nil
}

// Kind returns "form".
func (a *Activity) Kind() string { return Name }

// Prompt is the instruction shown above the fake browser.
func (a *Activity) Prompt() string { return a.Instruction }

// Text returns the title, labels, hints and options, for search and read-aloud.
func (a *Activity) Text() []string {
	var out []string
	for _, s := range []string{a.Title, a.Success} {
		if s != "" {
			out = append(out, s)
		}
	}
	for _, f := range a.Fields {
		out = append(out, f.Label)
		if f.Hint != "" {
			out = append(out, f.Hint)
		}
		out = append(out, f.Options...)
	}
	return out
}

// Check returns one error message per field ("" when the value is accepted), as a
// real site shows them under each box. values may be shorter than Fields: missing
// values count as empty.
func (a *Activity) Check(values []string, t *i18n.Translator) []string {
	t = plugins.Messages(t)
	errs := make([]string, len(a.Fields))
	for i, f := range a.Fields {
		v := ""
		if i < len(values) {
			v = values[i]
		}
		errs[i] = checkField(f, v, t)
	}
	return errs
}

var datePattern = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)

func checkField(f Field, v string, t *i18n.Translator) string {
	trimmed := strings.TrimSpace(v)
	if trimmed == "" {
		if f.Required {
			return t.T("form.required")
		}
		return ""
	}
	switch f.Type {
	case Email:
		return checkEmail(trimmed, t)
	case Password:
		return checkPassword(f, v, t)
	case Date:
		m := datePattern.FindStringSubmatch(trimmed)
		if m == nil {
			return t.T("form.date_format")
		}
		day, _ := strconv.Atoi(m[1])
		month, _ := strconv.Atoi(m[2])
		year, _ := strconv.Atoi(m[3])
		d := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
		if d.Day() != day || int(d.Month()) != month || year < 1900 {
			return t.T("form.date_invalid")
		}
	case Number:
		for _, r := range trimmed {
			if r < '0' || r > '9' {
				return t.T("form.number")
			}
		}
	case Choice:
		for _, o := range f.Options {
			if o == v {
				return ""
			}
		}
		return t.T("form.choice")
	case Text, TextArea:
		if n := utf8.RuneCountInString(trimmed); n < f.MinLength {
			return t.T("form.min_length_text", map[string]any{"N": f.MinLength})
		}
		if f.Expect != "" && !strings.Contains(fold(v), fold(f.Expect)) {
			return t.T("form.expect", map[string]any{"Word": f.Expect})
		}
	}
	return ""
}

func fold(s string) string { return strings.ToLower(keyboard.Fold(s)) }

func checkEmail(v string, t *i18n.Translator) string {
	switch {
	case strings.ContainsAny(v, " \t"):
		return t.T("form.email_space")
	case !strings.Contains(v, "@"):
		return t.T("form.email_at")
	case strings.Count(v, "@") > 1:
		return t.T("form.email_one_at")
	}
	local, domain, _ := strings.Cut(v, "@")
	switch {
	case local == "":
		return t.T("form.email_before_at")
	case !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.Contains(domain, ".."):
		return t.T("form.email_domain")
	}
	return ""
}

func checkPassword(f Field, v string, t *i18n.Translator) string {
	var msgs []string
	if n := utf8.RuneCountInString(v); n < f.MinLength {
		msgs = append(msgs, t.T("form.password_length", map[string]any{"N": f.MinLength}))
	}
	if f.Strong {
		var upper, lower, digit, symbol bool
		for _, r := range v {
			switch {
			case unicode.IsUpper(r):
				upper = true
			case unicode.IsLower(r):
				lower = true
			case unicode.IsDigit(r):
				digit = true
			case !unicode.IsSpace(r):
				symbol = true
			}
		}
		for _, need := range []struct {
			ok bool
			id string
		}{{upper, "form.password_upper"}, {lower, "form.password_lower"}, {digit, "form.password_digit"}, {symbol, "form.password_symbol"}} {
			if !need.ok {
				msgs = append(msgs, t.T(need.id))
			}
		}
	}
	return strings.Join(msgs, " ")
}

// Grade scores an Answer with French feedback.
func (a *Activity) Grade(answer any) plugins.Result { return a.GradeIn(answer, nil) }

// GradeIn scores an Answer: 1 and passed when the site accepts the form (no field
// error), otherwise the share of fields accepted. The feedback lists each field's
// error as "Label : message".
func (a *Activity) GradeIn(answer any, t *i18n.Translator) plugins.Result {
	t = plugins.Messages(t)
	ans, ok := answer.(Answer)
	if p, isPtr := answer.(*Answer); isPtr && p != nil {
		ans, ok = *p, true
	}
	if !ok {
		return plugins.Result{Feedback: t.T("activity.bad_answer"), Summary: fmt.Sprintf("%T", answer)}
	}
	errs := a.Check(ans.Values, t)
	var lines []string
	for i, e := range errs {
		if e != "" {
			lines = append(lines, a.Fields[i].Label+" : "+e)
		}
	}
	if len(lines) == 0 {
		success := a.Success
		if success == "" {
			success = t.T("form.success")
		}
		return plugins.Result{Score: 1, Passed: true, Feedback: success, Summary: t.T("form.summary_ok")}
	}
	return plugins.Result{
		Score:    float64(len(errs)-len(lines)) / float64(len(errs)),
		Feedback: t.T("form.fix") + "\n" + strings.Join(lines, "\n"),
		Summary:  t.T("form.summary_errors", map[string]any{"Count": len(lines)}),
	}
}

// Example returns values the site accepts, one per field, to show the learner a
// right way to fill the form after a wrong try (fictional data, like the packs).
func (a *Activity) Example() []string {
	out := make([]string, len(a.Fields))
	for i, f := range a.Fields {
		var v string
		switch f.Type {
		case Email:
			v = "marie.durand@example.fr"
		case Password:
			v = "Velo-Jardin-72"
		case Date:
			v = "05/03/1970"
		case Number:
			v = "12"
		case Choice:
			v = f.Options[0]
		case TextArea:
			v = "Bonjour, je vous écris pour une demande."
		default:
			v = "Marie"
		}
		if f.Expect != "" && !strings.Contains(fold(v), fold(f.Expect)) {
			v = f.Expect + " " + v
		}
		for utf8.RuneCountInString(v) < f.MinLength {
			v += "-Bleu-7"
		}
		out[i] = v
	}
	return out
}
