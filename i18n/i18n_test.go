package i18n

import (
	"io/fs"
	"path"
	"sort"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"
)

func TestDetectChoosesFrenchForCAndUnknownLocales(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want language.Tag
	}{
		{"C.UTF-8, the Debian default, means French", map[string]string{"LANG": "C.UTF-8"}, language.French},
		{"plain C means French", map[string]string{"LANG": "C"}, language.French},
		{"POSIX means French", map[string]string{"LC_ALL": "POSIX"}, language.French},
		{"nothing set means French", map[string]string{}, language.French},
		{"an unknown language means French", map[string]string{"LANG": "xx_YY.UTF-8"}, language.French},
		{"English locale gives English", map[string]string{"LANG": "en_GB.UTF-8"}, language.English},
		{"LC_ALL wins over LANG", map[string]string{"LC_ALL": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}, language.English},
		{"DECLIC_LANG forces a language", map[string]string{"DECLIC_LANG": "en", "LANG": "fr_FR.UTF-8"}, language.English},
		{"a broken DECLIC_LANG means French", map[string]string{"DECLIC_LANG": "!!", "LANG": "en_US.UTF-8"}, language.French},
		{"LANGUAGE is used when LANG is C", map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "en:fr"}, language.English},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := DetectFrom(func(k string) string { return c.env[k] })
			if got != c.want {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

// TestEveryLocaleHasEveryMessage fails when a message id exists in one language of an
// area (app, activities…) but not in another.
func TestEveryLocaleHasEveryMessage(t *testing.T) {
	ids := map[string]map[string]map[string]bool{} // area → lang → ids
	files, _ := fs.Glob(locales, "locales/*.toml")
	if len(files) == 0 {
		t.Fatal("no message files embedded")
	}
	for _, name := range files {
		parts := strings.Split(path.Base(name), ".")
		if len(parts) != 3 {
			t.Fatalf("%s: message files are named <area>.<lang>.toml", name)
		}
		area, lang := parts[0], parts[1]
		data, _ := locales.ReadFile(name)
		var messages map[string]any
		if err := toml.Unmarshal(data, &messages); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if ids[area] == nil {
			ids[area] = map[string]map[string]bool{}
		}
		ids[area][lang] = map[string]bool{}
		for id := range messages {
			ids[area][lang][id] = true
		}
	}
	for area, langs := range ids {
		ref, ok := langs["fr"]
		if !ok {
			t.Errorf("area %s has no French (reference) file", area)
			continue
		}
		for lang, got := range langs {
			var missing, extra []string
			for id := range ref {
				if !got[id] {
					missing = append(missing, id)
				}
			}
			for id := range got {
				if !ref[id] {
					extra = append(extra, id)
				}
			}
			sort.Strings(missing)
			sort.Strings(extra)
			if len(missing) > 0 {
				t.Errorf("%s.%s.toml lacks %v", area, lang, missing)
			}
			if len(extra) > 0 {
				t.Errorf("%s.%s.toml has ids French lacks: %v", area, lang, extra)
			}
		}
	}
}

func TestTranslatorFallsBackToFrenchAndShowsMissingIDs(t *testing.T) {
	tr := New(language.MustParse("de"))
	if tr.Language() != language.French {
		t.Fatalf("German has no translation: want French, got %v", tr.Language())
	}
	if got := tr.T("app.title"); got != "Déclic" {
		t.Errorf("app.title = %q", got)
	}
	if got := tr.T("no.such.message"); got != "no.such.message" {
		t.Errorf("a missing id should show itself, got %q", got)
	}
}

func TestPluralsFollowTheLanguage(t *testing.T) {
	fr, en := New(language.French), New(language.English)
	if got := fr.N("lesson.step_of", 1, map[string]any{"Total": 8}); !strings.Contains(got, "1") || !strings.Contains(got, "8") {
		t.Errorf("fr step_of = %q", got)
	}
	if got := en.N("lesson.step_of", 3, map[string]any{"Total": 8}); got != "Step 3 of 8" {
		t.Errorf("en step_of = %q", got)
	}
}

func TestALanguageIsReadOnlyWithFrenchAndNotTheOthers(t *testing.T) {
	b, err := bundleFor(language.Ukrainian)
	if err != nil {
		t.Fatal(err)
	}
	got := b.LanguageTags()
	if len(got) != 2 || got[0] != language.French || got[1] != language.Ukrainian {
		t.Fatalf("the Ukrainian bundle holds %v, want French then Ukrainian only", got)
	}
	if again, _ := bundleFor(language.Ukrainian); again != b {
		t.Fatal("a language was read twice")
	}
	if langs := Languages(); len(langs) < 3 || langs[0] != language.French {
		t.Fatalf("languages listed from the file names: %v", langs)
	}
	if New(language.Ukrainian).T("app.title") == "app.title" || !Has(language.Ukrainian, "app.title") {
		t.Fatal("Ukrainian messages are not found")
	}
}

// TestEveryLanguageReads reads each language's messages as a learner choosing it
// would: read on demand, a broken file must still fail here, not on a learner's PC.
func TestEveryLanguageReads(t *testing.T) {
	for _, lang := range Languages() {
		if _, err := bundleFor(lang); err != nil {
			t.Errorf("%s: %v", lang, err)
		}
	}
}

// BenchmarkFirstTranslator is what a start-up pays for its interface language:
// French and the chosen language read, the others not (compare with AllLanguages).
func BenchmarkFirstTranslator(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		forgetBundles()
		New(language.Ukrainian)
	}
}

// BenchmarkAllLanguages reads every language, as every start-up did before the
// messages were read on demand.
func BenchmarkAllLanguages(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		forgetBundles()
		for _, lang := range Languages() {
			if _, err := bundleFor(lang); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// forgetBundles drops the languages read so far, as in a new process.
func forgetBundles() {
	bundlesMu.Lock()
	clear(bundles)
	bundlesMu.Unlock()
}
