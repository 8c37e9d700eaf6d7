package plugins

import (
	"errors"
	"strings"
	"testing"
)

type sample struct {
	Title string `toml:"title"`
	Count int    `toml:"count"`
	Items []struct {
		Name string `toml:"name"`
		On   bool   `toml:"on"`
	} `toml:"items"`
}

var start = Position{File: "m/l.md", Line: 10}

func TestDecodeBodyPointsAtThePackLine(t *testing.T) {
	cases := []struct {
		name, body string
		line       int
		code       string // the message's id
		french     string // a part of its French text, with the values filled in
	}{
		{"unknown top-level key", "title = \"a\"\ntitel = \"b\"\n", 11, "courses.activity_unknown_key", "la clé « titel » n'existe pas. Vérifiez son orthographe ; les clés permises ici sont : count, items, title."},
		{"unknown key in a section", "[[items]]\nname = \"a\"\n[[items]]\nnmae = \"b\"\n", 13, "courses.activity_unknown_key", "la clé « nmae » n'existe pas. Vérifiez son orthographe ; les clés permises ici sont : name, on."},
		{"text instead of number", "count = \"3\"\n", 10, "courses.activity_wrong_type", "count n'a pas le bon type de valeur. Écrivez un nombre entier, comme count = 3."},
		{"number instead of text", "\ntitle = 4\n", 11, "courses.activity_wrong_type", "title n'a pas le bon type de valeur. Écrivez un texte entre guillemets droits, comme title = \"…\"."},
		{"text instead of sections", "items = \"a\"\n", 10, "courses.activity_wrong_type", "items n'a pas le bon type de valeur. Écrivez une section [[items]] par élément."},
		{"a missing equals sign", "title = \"a\"\ncount 3\n", 11, "plugins.toml.no_equals", "le signe = manque après le nom de la clé, ou ce nom contient une espace. Écrivez clé = valeur"},
		{"a key name with a space", "mon titre = \"a\"\n", 10, "plugins.toml.no_equals", "le signe = manque"},
		{"a key written twice", "title = \"a\"\ntitle = \"b\"\n", 11, "plugins.toml.key_twice", "la clé title est écrite 2 fois dans la même section. Gardez-en une, ou commencez une nouvelle section"},
		{"a text without its closing quote", "title = \"a\ncount = 3\n", 10, "plugins.toml.unclosed_quote", "un texte n'est pas fermé sur sa ligne. Ajoutez le guillemet droit \" à la fin du texte."},
		{"a text in apostrophes without its closing one", "title = 'a\n", 10, "plugins.toml.unclosed_quote", "un texte n'est pas fermé sur sa ligne"},
		{"a long text never closed", "title = \"\"\"a\nb\n", 11, "plugins.toml.unclosed_multiline", "le texte ouvert par \"\"\" n'est jamais fermé. Ajoutez \"\"\" à la fin du texte."},
		{"a list never closed", "title = \"a\"\nitems = [\"a\",\n", 11, "plugins.toml.list_unclosed", "la liste n'est pas fermée. Ajoutez ] après son dernier élément"},
		{"a list without a comma", "tags = [\"a\" \"b\"]\n", 10, "plugins.toml.list_comma", "une virgule manque entre 2 éléments de la liste"},
		{"a section title not closed", "[[items]\nname = \"a\"\n", 10, "plugins.toml.section_unclosed", "le titre de section n'est pas fermé. Écrivez 2 crochets de chaque côté, comme [[choices]]."},
		{"a section with single brackets after double ones", "[[items]]\nname = \"a\"\n[items]\nname = \"b\"\n", 12, "plugins.toml.single_brackets", "[items] n'a qu'un crochet de chaque côté. Écrivez [[items]], avec 2 crochets"},
		{"a text without quotes", "title = Le bouton\n", 10, "plugins.toml.value_unquoted", "la valeur commence par « L » : ce n'est ni un texte entre guillemets, ni un nombre, ni true ou false."},
		{"a French yes", "[[items]]\non = vrai\n", 11, "plugins.toml.value_unquoted", "la valeur commence par « v »"},
		{"a French no", "[[items]]\non = non\n", 11, "plugins.toml.value_unquoted", "la valeur commence par « n »"},
		{"a French false", "[[items]]\non = faux\n", 11, "plugins.toml.value_unquoted", "la valeur commence par « f »"},
		{"two texts on one line", "title = \"a\" \"b\"\n", 10, "plugins.toml.after_value", "il y a « \" » après la valeur. Écrivez une seule clé = valeur par ligne."},
		{"a backslash in a text", "title = \"C:\\dossier\"\n", 10, "plugins.toml.escape", "dans un texte entre guillemets, \\d n'est pas un code connu. Écrivez \\\\ pour montrer une barre \\"},
		{"an unknown slip keeps the decoder's words", "count = 1.\n", 10, "courses.activity_toml_invalid", "cette ligne n'est pas écrite correctement (decimal point must be followed by a digit)."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var s sample
			err := DecodeBody([]byte(c.body), start, &s)
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("want *Error, got %v", err)
			}
			if pe.Pos.File != "m/l.md" || pe.Pos.Line != c.line || pe.Code() != c.code || !strings.Contains(pe.Error(), c.french) {
				t.Errorf("got %v (%s); want line %d, %s with %q", err, pe.Code(), c.line, c.code, c.french)
			}
			if !strings.HasPrefix(err.Error(), pe.Pos.String()+": ") {
				t.Errorf("Error() should start with file:line, got %q", err.Error())
			}
		})
	}
	// A value the decoder cannot fill (a plug-in's mistake, not the trainer's)
	// still comes back as a catalogue message at the block's first line.
	var notPointer sample
	err := DecodeBody([]byte("title = \"a\"\n"), start, notPointer)
	var pe *Error
	if !errors.As(err, &pe) || pe.Pos != start || pe.Code() != "plugins.unreadable" || !strings.HasPrefix(pe.Error(), "m/l.md:10: l'activité ne peut pas être lue (") {
		t.Errorf("decoding into a value: %v", err)
	}
	var s sample
	if err := DecodeBody([]byte("title = \"ok\"\n[[items]]\nname = \"x\"\non = true\n"), start, &s); err != nil || s.Title != "ok" || !s.Items[0].On {
		t.Fatalf("good body: %v %+v", err, s)
	}
}

func TestLocatorFindsSectionsAndKeys(t *testing.T) {
	body := []byte("prompt = \"p\"\n[[choices]]\ntext = \"a\"\n[[ choices ]] # second\ntext = \"b\"\ncorrect = true\n")
	l := NewLocator(body, start)
	for _, c := range []struct {
		got  Position
		line int
	}{
		{l.Key("", 0, "prompt"), 10},
		{l.Section("choices", 0), 11},
		{l.Section("choices", 1), 13},
		{l.Key("choices", 1, "correct"), 15},
		{l.Key("choices", 0, "correct"), 11}, // absent: falls back to the section
		{l.Key("", 0, "text"), 10},           // keys inside sections are not top-level
		{l.Section("choices", 5), 10},
	} {
		if c.got.Line != c.line {
			t.Errorf("got line %d, want %d", c.got.Line, c.line)
		}
	}
}

func TestCheckImage(t *testing.T) {
	for p, want := range map[string]string{
		"images/souris.svg":         "",
		"../images/Photo.JPEG":      "",
		"":                          "plugins.image.empty",
		" ":                         "plugins.image.empty",
		"https://example.org/a.png": "plugins.image.web",
		"//example.org/a.png":       "plugins.image.web",
		"/home/marie/a.png":         "plugins.image.not_relative",
		`images\a.png`:              "plugins.image.not_relative",
		"C:/a.png":                  "plugins.image.not_relative",
		"images/anim.gif":           "plugins.image.format",
	} {
		got := CheckImage(p)
		if got.ID != want {
			t.Errorf("CheckImage(%q) = %s, want %s", p, got.ID, want)
		}
		if want != "" && want != "plugins.image.empty" && got.Args["Path"] != p {
			t.Errorf("CheckImage(%q) names %v, want the path written", p, got.Args["Path"])
		}
		if at := CheckImageAt(start, p); (at == nil) != (want == "") || (at != nil && at.Code() != want) {
			t.Errorf("CheckImageAt(%q) = %v, want %s", p, at, want)
		}
	}
}

func TestMessagesFallsBackToFrench(t *testing.T) {
	if got := Messages(nil).T("activity.check"); got != "Vérifier" {
		t.Errorf("activity.check = %q", got)
	}
}
