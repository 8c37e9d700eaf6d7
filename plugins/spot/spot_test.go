package spot

import (
	"errors"
	"strings"
	"testing"

	"declic/plugins"
)

var at = plugins.Position{File: "m/arnaque.md", Line: 30}

const mail = `prompt = "Trouvez les pièges."
format = "email"
[[parts]]
field = "from"
text = "service@banque.example.com"
trap = true
explain = "Adresse bizarre."
[[parts]]
field = "subject"
text = "Votre compte"
[[parts]]
text = "Payez sous 24 heures !"
trap = true
explain = "On vous presse."
`

func parse(t *testing.T, body string) *Activity {
	t.Helper()
	a, err := Kind{}.Parse([]byte(body), at)
	if err != nil {
		t.Fatal(err)
	}
	return a.(*Activity)
}

func TestParseDefaults(t *testing.T) {
	a := parse(t, "[[parts]]\ntext = \"x\"\ntrap = true\nexplain = \"y\"\n")
	if a.Format != Email || a.Parts[0].Field != Body {
		t.Errorf("defaults: format %q field %q", a.Format, a.Parts[0].Field)
	}
	if got := parse(t, mail).Traps(); len(got) != 2 || got[0] != 0 || got[1] != 2 {
		t.Errorf("Traps() = %v", got)
	}
}

func TestParseBadBodies(t *testing.T) {
	cases := []struct {
		name, body string
		line       int
		code       string // the message's id
		french     string // a part of its French text, with the values filled in
	}{
		{"unknown format", "format = \"courrier\"\n[[parts]]\ntext = \"x\"\ntrap = true\nexplain = \"y\"\n", 30, "plugins.spot.unknown_format", "le format « courrier » n'existe pas. Écrivez l'un de ceux-ci : email, sms, web."},
		{"no parts", "format = \"sms\"\n", 30, "plugins.spot.no_part", "le message n'a pas de morceaux. Ajoutez des sections [[parts]]"},
		{"too many parts", strings.Repeat("[[parts]]\ntext = \"x\"\ntrap = true\nexplain = \"y\"\n", 17), 94, "plugins.spot.too_many_parts", "le message a 17 morceaux, et 16 au plus"},
		{"no trap", "[[parts]]\ntext = \"x\"\n[[parts]]\ntext = \"y\"\n", 30, "plugins.spot.no_trap", "aucun morceau n'est un piège. Ajoutez trap = true et explain = \"…\""},
		{"a trap without explanation", "[[parts]]\ntext = \"x\"\n[[parts]]\ntext = \"y\"\ntrap = true\n", 32, "plugins.spot.trap_unexplained", "le morceau n° 2 (« y ») est un piège, mais n'a pas d'explication. Écrivez explain = \"…\""},
		{"unknown field", "[[parts]]\nfield = \"to\"\ntext = \"x\"\ntrap = true\nexplain = \"y\"\n", 31, "plugins.spot.unknown_field", "la partie du message « to » n'existe pas. Écrivez field = l'un de ceux-ci : from, subject, url, body."},
		{"an empty part", "[[parts]]\ntext = \"\"\ntrap = true\nexplain = \"y\"\n", 30, "plugins.spot.part_no_text", "le morceau n° 1 n'a pas de texte"},
		{"a typo", "[[parts]]\ntext = \"x\"\ntrap = true\nexplian = \"y\"\n", 33, "courses.activity_unknown_key", "la clé « explian » n'existe pas"},
		{"trap as text", "[[parts]]\ntext = \"x\"\ntrap = \"oui\"\n", 32, "courses.activity_wrong_type", "trap n'a pas le bon type de valeur. Écrivez true ou false"},
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

func TestGradeFoundTrapsAndFalseAlarms(t *testing.T) {
	a := parse(t, mail)
	cases := []struct {
		name   string
		tapped []int
		score  float64
		passed bool
	}{
		{"every trap", []int{0, 2}, 1, true},
		{"every trap and a false alarm", []int{0, 1, 2}, 2.0 / 3, true},
		{"one trap", []int{2}, 0.5, false},
		{"only a false alarm", []int{1}, 0, false},
		{"nothing", nil, 0, false},
		{"repeats and strays are ignored", []int{0, 0, 2, 9, -3}, 1, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := a.Grade(Answer{Tapped: c.tapped})
			if r.Score != c.score || r.Passed != c.passed {
				t.Errorf("got %v %v, want %v %v", r.Score, r.Passed, c.score, c.passed)
			}
		})
	}
	r := a.Grade(Answer{Tapped: []int{2, 1}})
	for _, want := range []string{"Pièges trouvés : 1 sur 2.", "Piège oublié : « service@banque.example.com ». Adresse bizarre.", "Parties sans piège choisies : 1."} {
		if !strings.Contains(r.Feedback, want) {
			t.Errorf("feedback %q lacks %q", r.Feedback, want)
		}
	}
	if r.Summary != "pièges trouvés : 1 sur 2, fausses alertes : 1" {
		t.Errorf("summary %q", r.Summary)
	}
	if got := a.Missed([]int{2}); len(got) != 1 || got[0] != 0 {
		t.Errorf("Missed = %v", got)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(mail))
	f.Add([]byte("format = \"web\"\n[[parts]]\nfield = \"url\"\ntext = \"a\"\ntrap = true\nexplain = \"b\"\n"))
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
		if len(a.Traps()) == 0 {
			t.Fatal("accepted without traps")
		}
		for _, p := range a.Parts {
			if p.Trap && strings.TrimSpace(p.Explain) == "" {
				t.Fatal("accepted a trap without explanation")
			}
		}
		if !a.Grade(Answer{Tapped: a.Traps()}).Passed {
			t.Fatal("finding every trap does not pass")
		}
	})
}
