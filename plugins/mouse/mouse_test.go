package mouse

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"declic/plugins"
)

var at = plugins.Position{File: "m/souris.md", Line: 12}

const all = `prompt = "Entraînez-vous."
rounds = 2
[[targets]]
action = "click"
label = "Cliquez ici"
[[targets]]
action = "drag"
label = "La lettre"
zone = "La boîte"
[[targets]]
action = "scroll"
`

func parse(t *testing.T, body string) *Activity {
	t.Helper()
	a, err := Kind{}.Parse([]byte(body), at)
	if err != nil {
		t.Fatal(err)
	}
	return a.(*Activity)
}

func TestParseDefaultsToOneRound(t *testing.T) {
	a := parse(t, "[[targets]]\naction = \"double-click\"\n")
	if a.Rounds != 1 || a.Total() != 1 {
		t.Errorf("rounds %d total %d", a.Rounds, a.Total())
	}
	if b := parse(t, all); b.Total() != 6 || strings.Join(b.Text(), "|") != "Cliquez ici|La lettre|La boîte" {
		t.Errorf("total %d text %q", b.Total(), b.Text())
	}
}

func TestParseBadBodies(t *testing.T) {
	cases := []struct {
		name, body string
		line       int
		code       string // the message's id
		french     string // a part of its French text, with the values filled in
	}{
		{"no targets", "rounds = 2\n", 12, "plugins.mouse.no_target", "l'exercice n'a pas de cible. Ajoutez une section [[targets]]"},
		{"unknown action", "[[targets]]\naction = \"clic\"\n", 13, "plugins.mouse.unknown_action", "l'action « clic » n'existe pas. Écrivez l'une de celles-ci : click, double-click, right-click, drag, scroll."},
		{"no action", "[[targets]]\nlabel = \"x\"\n", 12, "plugins.mouse.no_action", "la cible n° 1 n'a pas d'action. Écrivez action = \"click\" (ou double-click, right-click, drag, scroll)."},
		{"drag without zone", "[[targets]]\naction = \"click\"\n[[targets]]\naction = \"drag\"\n", 14, "plugins.mouse.drag_no_zone", "la cible n° 2 est à glisser (drag), mais n'a pas de zone"},
		{"zone on a click", "[[targets]]\naction = \"click\"\nzone = \"boîte\"\n", 14, "plugins.mouse.zone_not_drag", "son action est « click » : zone sert seulement avec action = \"drag\""},
		{"zero rounds written", "rounds = -1\n[[targets]]\naction = \"click\"\n", 12, "plugins.mouse.rounds_range", "rounds = -1 ne va pas. Écrivez un nombre de tours de 1 à 10."},
		{"too many rounds", "rounds = 11\n[[targets]]\naction = \"click\"\n", 12, "plugins.mouse.rounds_range", "rounds = 11 ne va pas"},
		{"too many targets", strings.Repeat("[[targets]]\naction = \"click\"\n", 11), 32, "plugins.mouse.too_many_targets", "l'exercice a 11 cibles, et 10 au plus. Coupez-le en 2 exercices."},
		{"rounds as text", "rounds = \"3\"\n", 12, "courses.activity_wrong_type", "rounds n'a pas le bon type de valeur. Écrivez un nombre entier, comme rounds = 3."},
		{"a typo", "[[targets]]\naction = \"click\"\nlable = \"x\"\n", 14, "courses.activity_unknown_key", "la clé « lable » n'existe pas"},
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

func TestGradeCountsGesturesNotMisses(t *testing.T) {
	a := parse(t, all) // 3 targets × 2 rounds
	cases := []struct {
		name    string
		results []TargetResult
		score   float64
		passed  bool
	}{
		{"everything, no miss", []TargetResult{{2, 0}, {2, 0}, {2, 0}}, 1, true},
		{"everything, many misses", []TargetResult{{2, 7}, {2, 1}, {2, 0}}, 1, true},
		{"half done", []TargetResult{{2, 0}, {1, 0}, {0, 0}}, 0.5, false},
		{"extra successes on one target do not replace another", []TargetResult{{6, 0}, {0, 0}, {0, 0}}, 1.0 / 3, false},
		{"missing entries count as nothing", []TargetResult{{2, 0}}, 1.0 / 3, false},
		{"negative counts are ignored", []TargetResult{{-4, -2}, {2, 0}, {2, 0}}, 2.0 / 3, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := a.Grade(Answer{Targets: c.results})
			if r.Score != c.score || r.Passed != c.passed {
				t.Errorf("got %v %v, want %v %v", r.Score, r.Passed, c.score, c.passed)
			}
		})
	}
	r := a.Grade(Answer{Targets: []TargetResult{{2, 3}, {2, 0}, {2, 0}}})
	if r.Feedback != "Bravo ! Vous avez réussi toutes les cibles.\nVous avez visé à côté 3 fois. C'est normal au début." {
		t.Errorf("feedback %q", r.Feedback)
	}
	if r.Summary != "6 sur 6, à côté : 3" {
		t.Errorf("summary %q", r.Summary)
	}
	if r := a.Grade(nil); r.Passed || r.Score != 0 {
		t.Errorf("nil answer graded %+v", r)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(all))
	f.Add([]byte("[[targets]]\naction = \"drag\"\nzone = \"\"\n"))
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
		if a.Rounds < 1 || a.Rounds > MaxRounds || len(a.Targets) == 0 {
			t.Fatalf("accepted %+v", a)
		}
		full := make([]TargetResult, len(a.Targets))
		for i, tg := range a.Targets {
			if !slices.Contains(Actions, tg.Action) || (tg.Action == Drag) == (tg.Zone == "") && tg.Action == Drag {
				t.Fatalf("accepted target %+v", tg)
			}
			full[i].Successes = a.Rounds
		}
		if !a.Grade(Answer{Targets: full}).Passed {
			t.Fatal("doing everything does not pass")
		}
	})
}
