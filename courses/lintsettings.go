package courses

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// LintSettings are the remarks of `declic-pack lint` a trainer has reviewed and
// keeps: a [lint] table in pack.toml for the whole pack, or in a lesson's front
// matter for that lesson only. The loader checks them; lint applies them.
type LintSettings struct {
	// Accept lists words lint no longer reports: long words the learners know
	// (« Téléchargements »), jargon the pack explains elsewhere, another name
	// for the same thing used on purpose.
	Accept []string `toml:"accept" yaml:"accept"`
	// AcceptRules lists whole rules lint no longer applies (see LintRules).
	AcceptRules []string `toml:"accept_rules" yaml:"accept_rules"`
}

// LintRules are the rules of `declic-pack lint`, by the names written in
// accept_rules and shown after each remark.
var LintRules = []string{"phrase-longue", "mot-long", "jargon", "synonyme", "image", "ecran-long", "lisibilite", "reponse-dangereuse"}

// AcceptsWord reports whether word is in Accept, whatever its capitals and accents.
func (s LintSettings) AcceptsWord(word string) bool {
	return containsFolded(s.Accept, word)
}

// AcceptsRule reports whether rule is in AcceptRules, whatever its capitals and accents.
func (s LintSettings) AcceptsRule(rule string) bool {
	return containsFolded(s.AcceptRules, rule)
}

// Merge returns the settings of s and o together: a lesson's on top of its pack's.
func (s LintSettings) Merge(o LintSettings) LintSettings {
	return LintSettings{
		Accept:      append(append([]string(nil), s.Accept...), o.Accept...),
		AcceptRules: append(append([]string(nil), s.AcceptRules...), o.AcceptRules...),
	}
}

// FoldWord lower-cases a word and removes its accents and typographic
// apostrophes, so that « Écran », « ecran » and « écran » compare equal.
func FoldWord(w string) string {
	folded, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), w)
	if err != nil {
		folded = w
	}
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(folded)), "’", "'")
}

func containsFolded(list []string, w string) bool {
	f := FoldWord(w)
	for _, x := range list {
		if FoldWord(x) == f {
			return true
		}
	}
	return false
}

// checkLintSettings reports empty words and unknown rule names of a [lint]
// table; data is the TOML or YAML text it was read from, whose first line is
// firstLine in the file.
func checkLintSettings(file string, data []byte, firstLine int, s LintSettings) Problems {
	var out Problems
	line := func(key string) int {
		if n := keyLine(data, key); n > 0 {
			return firstLine + n - 1
		}
		for i, l := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), key+":") {
				return firstLine + i
			}
		}
		return firstLine
	}
	for _, w := range s.Accept {
		if strings.TrimSpace(w) == "" {
			out = append(out, newProblem(file, line("accept"), SeverityWarning, "courses.lint_accept_empty"))
		}
	}
	for _, r := range s.AcceptRules {
		if !containsFolded(LintRules, r) {
			out = append(out, newProblem(file, line("accept_rules"), SeverityWarning, "courses.lint_rule_unknown",
				"Rule", r, "Rules", strings.Join(LintRules, ", ")))
		}
	}
	return out
}
