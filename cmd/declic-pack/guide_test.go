package main

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"

	"declic/i18n"
	"declic/plugins/keyboard"
)

var update = flag.Bool("update", false, "write the « Messages fréquents » table of docs/guide-formateur.md again")

// inActivity names the kind of activity in which each activity message of the
// table is shown, as validate prints it: « Activité quiz : … ».
var inActivity = map[string]string{
	"courses.activity_unknown_key":    "quiz",
	"plugins.toml.value_unquoted":     "quiz",
	"plugins.toml.key_twice":          "quiz",
	"plugins.quiz.no_right_choice":    "quiz",
	"plugins.quiz.many_right_choices": "quiz",
	"plugins.mouse.unknown_action":    "mouse",
	"plugins.keyboard.unknown_key":    "keyboard",
	"plugins.spot.trap_unexplained":   "spot",
	"plugins.site.go_unknown":         "site",
	"plugins.site.goal_unreachable":   "site",
}

// guideExamples are the values each frequent message is shown with in the
// guide, in the table's order. Its text and its « Que faire » come from the
// catalogue (i18n/locales/*.fr.toml): the messages that have a description.
var guideExamples = []struct {
	id    string
	pairs []any
}{
	{"courses.heading_no_space", []any{"Written", "##La déclaration", "Fixed", "## La déclaration"}},
	{"courses.heading_level1", []any{"Title", "Cliquer"}},
	{"courses.toml_decimal_comma", []any{"Key", "hours", "Value", "1,5", "Fixed", "1.5"}},
	{"courses.toml_typographic_quote", []any{"Char", "“", "Column", 9}},
	{"courses.toml_nbsp", []any{"Column", 6}},
	{"courses.utf16", nil},
	{"courses.unknown_field", []any{"Field", "tittle"}},
	{"courses.level_unknown", []any{"Level", "facile"}},
	{"courses.hours_above_estimate", []any{"Hours", "1.5", "Minutes", 30, "Suggested", "0.5"}},
	{"courses.hours_below_estimate", []any{"Hours", "0.5", "Minutes", 75, "Suggested", "1.25"}},
	{"courses.front_matter_unclosed", []any{"Delim", "+++"}},
	{"courses.lesson_no_title", nil},
	{"courses.screen_too_many_words", []any{"Title", "Cliquer", "Words", 74, "Max", 60}},
	{"courses.indented_code", nil},
	{"courses.link_not_allowed", []any{"Target", "https://www.impots.gouv.fr"}},
	{"courses.image_no_alt", []any{"Src", "images/souris.png"}},
	{"courses.image_missing", []any{"Src", "images/x.svg", "Dir", "modules/01-la-souris/images/"}},
	{"courses.svg_text_attribute", []any{"Attribute", "style", "Hint", i18n.M("courses.svg_hint.style")}},
	{"courses.activity_unknown_kind", []any{"Kind", "spott", "Kinds", "form, keyboard, mouse, order, quiz, spot"}},
	{"courses.activity_unknown_key", []any{"Key", "corect", "Allowed", "correct, danger, feedback, image, text"}},
	{"plugins.toml.value_unquoted", []any{"Char", "o"}},
	{"plugins.toml.key_twice", []any{"Key", "text"}},
	{"plugins.quiz.no_right_choice", nil},
	{"plugins.quiz.many_right_choices", []any{"Count", 2}},
	{"plugins.mouse.unknown_action", []any{"Action", "clic", "Actions", "click, double-click, right-click, drag, scroll"}},
	{"plugins.keyboard.unknown_key", []any{"Key", "Entre", "Keys", strings.Join(keyboard.Special, ", ")}},
	{"plugins.spot.trap_unexplained", []any{"Number", 1, "Text", "cadeau@gagnant.example.com"}},
	{"plugins.site.go_unknown", []any{"Go", "message", "IDs", "accueil, messages"}},
	{"plugins.site.goal_unreachable", []any{"Start", "accueil", "Goal", "envoye"}},
	{"packsign.mismatch", []any{"Diffs", i18n.List{i18n.M("packsign.diff_changed", "Path", "modules/01-la-souris/01-tenir.md")}, "Count", 1, "More", 0}},
	{"packsign.forged", []any{"Fingerprint", "27A3-E274-CC9B-EC3B"}},
	{"courses.zip_bomb", []any{"Name", "images/photo.png", "Ratio", 100}},
	{"courses.not_newer", []any{"Path", "mon-parcours.declic", "ID", "fr.mon-centre.premiers-pas", "Installed", "1.2.0", "Version", "1.2.0"}},
	{"declicpack.sign.passphrase", []any{"Path", "centre.json"}},
}

const (
	guideFile  = "../../docs/guide-formateur.md"
	tableStart = "<!-- messages: début (généré par go test ./cmd/declic-pack -run Guide -update) -->"
	tableEnd   = "<!-- messages: fin -->"
)

// describedMessages returns the French messages of the catalogue that have a
// description: id → description.
func describedMessages(t *testing.T) map[string]string {
	t.Helper()
	files, _ := filepath.Glob("../../i18n/locales/*.fr.toml")
	out := map[string]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var messages map[string]any
		if err := toml.Unmarshal(data, &messages); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for id, v := range messages {
			if m, ok := v.(map[string]any); ok {
				if d, ok := m["description"].(string); ok {
					out[id] = d
				}
			}
		}
	}
	return out
}

// guideTable is the Markdown table of frequent messages, from the catalogue.
func guideTable(t *testing.T) string {
	described := describedMessages(t)
	var b strings.Builder
	b.WriteString("| Message | Que faire |\n|---|---|\n")
	seen := map[string]bool{}
	for _, ex := range guideExamples {
		d, ok := described[ex.id]
		if !ok {
			t.Errorf("%s has an example but no description in the catalogue", ex.id)
			continue
		}
		seen[ex.id] = true
		message := i18n.M(ex.id, ex.pairs...)
		if kind, ok := inActivity[ex.id]; ok {
			message = i18n.M("courses.activity_error", "Kind", kind, "Text", message)
		} else if strings.HasPrefix(ex.id, "plugins.") {
			t.Errorf("%s is an activity message: give its kind in inActivity", ex.id)
		}
		text := i18n.French().Message(message)
		if strings.Contains(text, "<no value>") {
			t.Errorf("%s: the example lacks a value: %s", ex.id, text)
		}
		b.WriteString("| " + cell(text) + " | " + cell(d) + " |\n")
	}
	var missing []string
	for id := range described {
		if !seen[id] {
			missing = append(missing, id)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("messages with a description but no example in guideExamples: %v", missing)
	}
	return b.String()
}

// cell escapes a text for a Markdown table cell: the signs that would make a
// link, a picture, a code span or emphasis are shown as they are.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "[", `\[`, "]", `\]`, "`", "\\`", "*", `\*`, "_", `\_`, "<", `\<`).Replace(s)
}

// The « Messages fréquents » table of the French guide is made from the
// catalogue; it fails when they drift (go test -run Guide -update writes it).
func TestGuideMessageTableFollowsTheCatalogue(t *testing.T) {
	doc, err := os.ReadFile(guideFile)
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	start, end := strings.Index(text, tableStart), strings.Index(text, tableEnd)
	if start < 0 || end < start {
		t.Fatalf("%s lacks the markers %q and %q", guideFile, tableStart, tableEnd)
	}
	want := text[:start+len(tableStart)] + "\n\n" + guideTable(t) + "\n" + text[end:]
	if want == text {
		return
	}
	if *update {
		if err := os.WriteFile(guideFile, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("the « Messages fréquents » table of %s differs from the catalogue: run go test ./cmd/declic-pack -run Guide -update", guideFile)
}
