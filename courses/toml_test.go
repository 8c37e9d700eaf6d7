package courses

import (
	"strings"
	"testing"

	"golang.org/x/text/language"

	"declic/i18n"
)

// TestPackTOMLMistakesAreSaidInTheTrainersLanguage writes the slips trainers make
// in pack.toml and module.toml and checks that each gets its own message, at its
// line, in French and in English, with none of the TOML decoder's English words.
func TestPackTOMLMistakesAreSaidInTheTrainersLanguage(t *testing.T) {
	decoderWords := []string{"expected", "unterminated", "strings cannot", "already defined", "incomplete", "character", "newline", "escape", "table name", "toml: ", "<no value>"}
	tests := []struct {
		name     string
		file     string
		text     string
		line     int
		code     string
		contains string // a piece of the French message
	}{
		{"a text left open is named", "pack.toml", "id = \"premiers-pas\"\ntitle = \"La souris\n", 2, "courses.toml.unclosed_quote", "Un texte n'est pas fermé"},
		{"a text left open at the end of the file is named", "pack.toml", "title = \"La souris", 1, "courses.toml.unclosed_quote", "guillemet droit"},
		{"a long text never closed says which quotes to add", "module.toml", "summary = \"\"\"Une ligne\nune autre\n", 2, "courses.toml.unclosed_multiline", "Ajoutez \"\"\" à la fin"},
		{"a missing equals sign is named", "pack.toml", "id = \"premiers-pas\"\ntitle \"La souris\"\n", 2, "courses.toml.no_equals", "Le signe = manque"},
		{"a field written twice is named", "module.toml", "title = \"Un\"\ntitle = \"Deux\"\n", 2, "courses.toml.key_twice", "title est écrit 2 fois"},
		{"a list left open is named", "pack.toml", "authors = [\"EPN\", \"Anne\"\n", 1, "courses.toml.list_unclosed", "La liste n'est pas fermée"},
		{"a list without a comma is named", "pack.toml", "authors = [\"EPN\" \"Anne\"]\n", 1, "courses.toml.list_comma", "Une virgule manque"},
		{"a section title left open is named", "pack.toml", "id = \"x\"\n[lint\n", 2, "courses.toml.section_unclosed", "Le titre de section n'est pas fermé"},
		{"a text without quotes is named by its first letter", "module.toml", "title = La souris\n", 1, "courses.toml.value_unquoted", "La valeur commence par « L »"},
		{"a French no is not taken for a keyword", "module.toml", "title = non\n", 1, "courses.toml.value_unquoted", "La valeur commence par « n »"},
		{"an equals sign with nothing after it is named", "module.toml", "order = 1\nhours =", 2, "courses.toml.no_value", "La valeur manque après le signe ="},
		{"two fields on one line are named", "module.toml", "order = 1 hours = 2\n", 1, "courses.toml.after_value", "Il y a « h » après la valeur"},
		{"an unknown backslash code is named", "pack.toml", "description = \"C:\\dossier\"\n", 1, "courses.toml.escape", "\\d n'est pas un code connu"},
		{"any other slip gives its column", "module.toml", "order = 01\n", 1, "courses.toml_invalid", "(colonne 9)"},
	}
	english := i18n.New(language.English)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v any = &Pack{}
			if tt.file == "module.toml" {
				v = &Module{}
			}
			problems := decodeTOMLProblems(tt.file, 1, []byte(tt.text), v)
			if len(problems) != 1 {
				t.Fatalf("want one problem, got %v", problems)
			}
			p := problems[0]
			if p.Code != tt.code || p.Line != tt.line || p.File != tt.file {
				t.Fatalf("got %s:%d %s, want %s:%d %s (%s)", p.File, p.Line, p.Code, tt.file, tt.line, tt.code, p)
			}
			fr, en := p.Text(i18n.French()), p.Text(english)
			if !strings.Contains(fr, tt.contains) {
				t.Errorf("French message %q does not say %q", fr, tt.contains)
			}
			for _, text := range []string{fr, en} {
				for _, w := range decoderWords {
					if strings.Contains(strings.ToLower(text), w) {
						t.Errorf("message %q holds the decoder's words %q", text, w)
					}
				}
			}
			if fr == en {
				t.Errorf("the English message is the French one: %q", en)
			}
		})
	}
}

// FuzzTOMLProblems checks that whatever a trainer writes in module.toml, every
// problem is a full catalogue sentence on a line of the file.
func FuzzTOMLProblems(f *testing.F) {
	for _, s := range []string{"title = \"x", "title \"x\"", "a = [1 2]", "[lint", "x = non", "x = 1 y = 2", "d = \"\\q\"", "order = 01", "s = '''a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		lines := strings.Count(text, "\n") + 1
		for _, p := range decodeTOMLProblems("module.toml", 1, []byte(text), &Module{}) {
			if s := p.String(); strings.Contains(s, "<no value>") || strings.Contains(s, p.Code) {
				t.Fatalf("%q: %s", text, s)
			}
			if p.Line < 1 || p.Line > lines {
				t.Fatalf("%q: line %d of %d", text, p.Line, lines)
			}
		}
	})
}
