package i18n

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
)

// TestEveryPluralWorksInEveryLanguage asks every plural message, in every
// language, for counts that reach each CLDR category (Ukrainian few and many,
// Romanian few, Arabic zero, two, few and many): none may fall back to the id.
func TestEveryPluralWorksInEveryLanguage(t *testing.T) {
	var plurals []string
	files, _ := fs.Glob(locales, "locales/*.fr.toml")
	for _, name := range files {
		data, _ := locales.ReadFile(name)
		var messages map[string]any
		if err := toml.Unmarshal(data, &messages); err != nil {
			t.Fatal(err)
		}
		for id, v := range messages {
			// A table is a plural when it has a form besides "other"; a table
			// with only "description" and "other" is a described message.
			if forms, ok := v.(map[string]any); ok && (forms["one"] != nil || forms["few"] != nil || forms["many"] != nil) {
				plurals = append(plurals, id)
			}
		}
	}
	if len(plurals) == 0 {
		t.Fatal("no plural messages found")
	}
	if len(Languages()) < 8 {
		t.Errorf("languages = %v, want the 8 of the interface", Languages())
	}
	counts := []int{0, 1, 2, 3, 4, 5, 11, 12, 21, 22, 25, 100, 101, 102, 111, 1000}
	for _, tag := range Languages() {
		tr := New(tag)
		for _, id := range plurals {
			for _, n := range counts {
				got := tr.N(id, n, map[string]any{"Total": 8, "Query": "souris"})
				if got == id {
					t.Errorf("%s: %s has no form for %d", tag, id, n)
					continue
				}
				if strings.Contains(got, "<no value>") {
					t.Errorf("%s: %s for %d lacks data: %q", tag, id, n, got)
				}
			}
		}
	}
}
