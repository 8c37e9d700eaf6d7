package keyboard

import (
	"errors"
	"strings"
	"testing"

	"declic/plugins"
)

var at = plugins.Position{File: "m/clavier.md", Line: 8}

func parse(t *testing.T, body string) *Activity {
	t.Helper()
	a, err := Kind{}.Parse([]byte(body), at)
	if err != nil {
		t.Fatal(err)
	}
	return a.(*Activity)
}

func TestCanonicalKeyForgivesSpellingAndOrdersModifiers(t *testing.T) {
	cases := map[string]string{
		"Entrée": "Entrée", "entree": "Entrée", "Enter": "Entrée", "ctrl+c": "Ctrl+C", "Ctrl + V": "Ctrl+V",
		"Maj+Ctrl+z": "Ctrl+Maj+Z", "echap": "Échap", "f5": "F5", "F12": "F12", "Retour arrière": "Effacer",
		"alt+tab": "Alt+Tab", "é": "É", "7": "7",
	}
	for in, want := range cases {
		if got, ok := CanonicalKey(in); !ok || got != want {
			t.Errorf("CanonicalKey(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "Entre", "C+Ctrl", "Ctrl+Ctrl+C", "F13", "F01", "@", "Ctrl+", "++"} {
		if got, ok := CanonicalKey(bad); ok {
			t.Errorf("CanonicalKey(%q) = %q, want refused", bad, got)
		}
	}
	if got := Combine([]string{"Maj", "Ctrl"}, "Z"); got != "Ctrl+Maj+Z" {
		t.Errorf("Combine = %q", got)
	}
}

func TestParseNormalisesKeys(t *testing.T) {
	a := parse(t, `keys = ["entree", "ctrl+c"]`)
	if strings.Join(a.Keys, ",") != "Entrée,Ctrl+C" || a.IsText() {
		t.Errorf("keys %q", a.Keys)
	}
	if b := parse(t, `text = "Marie"`); !b.IsText() || b.Text()[0] != "Marie" {
		t.Errorf("text exercise %+v", b)
	}
}

func TestParseBadBodies(t *testing.T) {
	cases := []struct {
		name, body string
		line       int
		code       string // the message's id
		french     string // a part of its French text, with the values filled in
	}{
		{"neither text nor keys", "prompt = \"x\"\n", 8, "plugins.keyboard.nothing", "l'exercice n'a ni texte ni touches. Écrivez text = \"…\""},
		{"both text and keys", "text = \"a\"\nkeys = [\"A\"]\n", 9, "plugins.keyboard.text_and_keys", "pas les deux. Faites 2 activités."},
		{"unknown key name", "prompt = \"x\"\nkeys = [\"Entre\"]\n", 9, "plugins.keyboard.unknown_key", "la touche « Entre » n'existe pas. Écrivez une lettre, un chiffre, F1 à F12, ou l'une de celles-ci : Entrée, Effacer"},
		{"empty keys", "keys = []\n", 8, "plugins.keyboard.keys_empty", "la liste keys est vide"},
		{"too many keys", "keys = [" + strings.Repeat("\"A\", ", 12) + "\"B\"]\n", 8, "plugins.keyboard.too_many_keys", "l'exercice a 13 touches, et 12 au plus."},
		{"blank text", "text = \"   \"\n", 8, "plugins.keyboard.text_blank", "le texte à taper est vide. Écrivez au moins une lettre."},
		{"text on two lines", "text = \"\"\"\nun\ndeux\"\"\"\n", 8, "plugins.keyboard.text_lines", "doit tenir sur une ligne"},
		{"a typo", "txt = \"a\"\n", 8, "courses.activity_unknown_key", "la clé « txt » n'existe pas"},
		{"keys as a text", "keys = \"Entrée\"\n", 8, "courses.activity_wrong_type", "keys n'a pas le bon type de valeur. Écrivez une liste entre crochets"},
		{"too long", "text = \"" + strings.Repeat("a", 201) + "\"\n", 8, "plugins.keyboard.text_too_long", "le texte à taper a 201 caractères, et 200 au plus."},
		{"a paste with keys", "keys = [\"Ctrl+V\"]\npaste = true\n", 9, "plugins.keyboard.paste_keys", "paste = true va avec un texte à obtenir"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Kind{}.Parse([]byte(c.body), at)
			var pe *plugins.Error
			if !errors.As(err, &pe) {
				t.Fatalf("want *plugins.Error, got %v", err)
			}
			if pe.Pos.Line != c.line || pe.Code() != c.code || !strings.Contains(pe.Error(), c.french) {
				t.Errorf("got %v (%s), want line %d, %s with %q", err, pe.Code(), c.line, c.code, c.french)
			}
		})
	}
}

func TestGradeTextIsExactButKind(t *testing.T) {
	a := parse(t, `text = "Marie-Hélène"`)
	cases := []struct {
		typed, feedback string
		passed          bool
	}{
		{"Marie-Hélène", "Bravo ! Le texte est juste.", true},
		{"  Marie-Hélène ", "Bravo ! Le texte est juste.", true},
		{"marie-Hélène", "Presque ! Le caractère 1 est une majuscule : « M ».", false},
		{"Marie-HÉlène", "Presque ! Le caractère 8 est une minuscule : « é ».", false},
		{"Marie-Helene", "Presque ! Regardez l'accent du caractère 8 : « é ».", false},
		{"Marie Hélène", "Presque ! Le caractère 6 est « - ». Vous avez écrit « espace ».", false},
		{"Marie-Hél", "C'est juste. Il manque la fin : « ène ».", false},
		{"Marie-Hélène!!", "Il y a des caractères en trop à la fin : « !! ».", false},
		{"", "Écrivez le texte : Marie-Hélène", false},
	}
	for _, c := range cases {
		r := a.Grade(Answer{Text: c.typed})
		if r.Passed != c.passed || r.Feedback != c.feedback {
			t.Errorf("%q: got %v %q, want %v %q", c.typed, r.Passed, r.Feedback, c.passed, c.feedback)
		}
		if strings.Contains(r.Summary, "Marie") {
			t.Errorf("the summary must not keep the typed text: %q", r.Summary)
		}
	}
	if r := a.Grade(Answer{Text: "Marie-Helene"}); r.Score != 1-2.0/12 {
		t.Errorf("score for 2 differences in 12: %v", r.Score)
	}
	if r := a.Grade(Answer{Text: strings.Repeat("x", 40)}); r.Score != 0 {
		t.Errorf("score never below 0: %v", r.Score)
	}
}

// TestACopyAndPasteExerciseNeedsThePaste: with paste = true the right words pass
// only when part of them was pasted; typed twice, they score half.
func TestACopyAndPasteExerciseNeedsThePaste(t *testing.T) {
	a := parse(t, "text = \"bravo bravo\"\npaste = true")
	typed := a.Grade(Answer{Text: "bravo bravo"})
	if typed.Passed || typed.Score != 0.5 || !strings.Contains(typed.Feedback, "collez-le avec Ctrl+V") {
		t.Errorf("typed twice: %+v", typed)
	}
	if r := a.Grade(Answer{Text: "bravo bravo", Pasted: true}); !r.Passed || r.Score != 1 {
		t.Errorf("pasted: %+v", r)
	}
	if r := a.Grade(Answer{Text: "bravo brav", Pasted: true}); r.Passed || !strings.Contains(r.Feedback, "Il manque la fin") {
		t.Errorf("a paste of the wrong words still says what is wrong: %+v", r)
	}
	if r := parse(t, `text = "bravo bravo"`).Grade(Answer{Text: "bravo bravo"}); !r.Passed {
		t.Errorf("without paste = true, typing is enough: %+v", r)
	}
}

func TestGradeTextComposesAccents(t *testing.T) {
	a := parse(t, `text = "café"`)
	if r := a.Grade(Answer{Text: "cafe\u0301"}); !r.Passed { // e + combining acute, as some keyboards send
		t.Errorf("a decomposed é should count as é: %+v", r)
	}
}

func TestGradeKeysInOrderWithPatience(t *testing.T) {
	a := parse(t, `keys = ["Ctrl+C", "Ctrl+V"]`)
	cases := []struct {
		pressed []string
		score   float64
		passed  bool
	}{
		{[]string{"Ctrl+C", "Ctrl+V"}, 1, true},
		{[]string{"Ctrl", "Ctrl+C", "A", "Ctrl+V"}, 1, true},
		{[]string{"Ctrl+V", "Ctrl+C"}, 0.5, false},
		{[]string{"Ctrl+C"}, 0.5, false},
		{nil, 0, false},
	}
	for _, c := range cases {
		r := a.Grade(Answer{Keys: c.pressed})
		if r.Score != c.score || r.Passed != c.passed {
			t.Errorf("%v: got %v %v, want %v %v", c.pressed, r.Score, r.Passed, c.score, c.passed)
		}
	}
	if r := a.Grade(Answer{Keys: []string{"Ctrl+C"}}); r.Feedback != "Appuyez sur la touche : Ctrl+V" {
		t.Errorf("feedback %q", r.Feedback)
	}
}

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"abc", "", 3}, {"chat", "chats", 1}, {"kitten", "sitting", 3}, {"été", "ete", 2}} {
		if got := Distance([]rune(c.a), []rune(c.b)); got != c.d {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`text = "marie.durand@example.fr"`))
	f.Add([]byte(`keys = ["Ctrl+Maj+Z", "Entrée"]`))
	f.Add([]byte(`keys = ["+"]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		act, err := Kind{}.Parse(body, at)
		if err != nil {
			var pe *plugins.Error
			if !errors.As(err, &pe) || pe.Pos.Line < at.Line {
				t.Fatalf("bad error %v", err)
			}
			if text := pe.Error(); strings.Contains(text, pe.Code()) || strings.Contains(text, "<no value>") {
				t.Fatalf("the message %s does not read: %q", pe.Code(), text)
			}
			return
		}
		a := act.(*Activity)
		if a.IsText() {
			if !a.Grade(Answer{Text: a.Expected}).Passed {
				t.Fatalf("typing the model text does not pass: %q", a.Expected)
			}
			return
		}
		for _, k := range a.Keys {
			if c, ok := CanonicalKey(k); !ok || c != k {
				t.Fatalf("stored key %q is not canonical", k)
			}
		}
		if !a.Grade(Answer{Keys: a.Keys}).Passed {
			t.Fatal("pressing the keys does not pass")
		}
	})
}

func FuzzTextHint(f *testing.F) {
	f.Add("Marie", "marie")
	f.Add("é", "")
	f.Fuzz(func(t *testing.T, want, got string) {
		if TextHint([]rune(got), []rune(want), nil) == "" {
			t.Fatal("empty hint")
		}
	})
}
