package i18n

import (
	"testing"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

func TestEveryInterfaceLanguageHasItsOwnNameAsCLDRWritesIt(t *testing.T) {
	for _, tag := range Languages() {
		got, want := SelfName(tag), display.Self.Name(tag)
		if got == "" || got != want {
			t.Errorf("SelfName(%s) = %q, want %q (CLDR)", tag, got, want)
		}
	}
}

func TestSelfNameOfARegionalVariantIsItsLanguagesName(t *testing.T) {
	tests := []struct{ name, code, want string }{
		{"Brazilian Portuguese is named português", "pt-BR", "português"},
		{"Canadian French is named français", "fr-CA", "français"},
		{"a language without translation has no name", "de", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := SelfName(language.MustParse(tc.code)); got != tc.want {
				t.Fatalf("SelfName(%s) = %q, want %q", tc.code, got, tc.want)
			}
		})
	}
}
