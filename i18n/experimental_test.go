package i18n

import (
	"testing"

	"golang.org/x/text/language"
)

// TestArabicOnlyWhenAskedFor: Fyne cannot lay out right-to-left text yet, so an
// Arabic system locale keeps the interface in French (or the next language in
// LANGUAGE); DECLIC_LANG=ar still turns Arabic on for testing.
func TestArabicOnlyWhenAskedFor(t *testing.T) {
	if Match(language.Arabic) != language.Arabic {
		t.Fatal("no Arabic messages embedded: i18n/locales/*.ar.toml are missing")
	}
	cases := []struct {
		name string
		env  map[string]string
		want language.Tag
	}{
		{"an Arabic system locale gives French", map[string]string{"LANG": "ar_MA.UTF-8"}, language.French},
		{"LANGUAGE skips Arabic for the next one", map[string]string{"LANG": "C", "LANGUAGE": "ar:en"}, language.English},
		{"DECLIC_LANG=ar turns Arabic on", map[string]string{"DECLIC_LANG": "ar"}, language.Arabic},
		{"Ukrainian is not experimental", map[string]string{"LANG": "uk_UA.UTF-8"}, language.Ukrainian},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := DetectFrom(func(k string) string { return c.env[k] }); got != c.want {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
	if !IsExperimental(language.MustParse("ar-EG")) || IsExperimental(language.French) {
		t.Error("IsExperimental: want Arabic (any region) only")
	}
}
