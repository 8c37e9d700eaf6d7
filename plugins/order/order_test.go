package order

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"declic/plugins"
)

var at = plugins.Position{File: "m/l.md", Line: 5}

func parse(t *testing.T, body string) *Activity {
	t.Helper()
	a, err := Kind{}.Parse([]byte(body), at)
	if err != nil {
		t.Fatal(err)
	}
	return a.(*Activity)
}

const four = `prompt = "Remettez les étapes dans l'ordre."
steps = ["Ouvrir", "Écrire", "Appuyer", "Lire"]`

func TestParseBadBodies(t *testing.T) {
	cases := []struct {
		name, body string
		line       int
		code       string // the message's id
		french     string // a part of its French text, with the values filled in
	}{
		{"one step", "steps = [\"a\"]", 5, "plugins.order.few_steps", "il faut au moins 2 étapes à remettre dans l'ordre. Écrivez-les dans le bon ordre"},
		{"no steps", "prompt = \"x\"", 5, "plugins.order.few_steps", "au moins 2 étapes"},
		{"duplicate steps, ignoring case and spaces", "prompt = \"x\"\nsteps = [\"Ouvrir\", \"ouvrir \"]", 6, "plugins.order.same_steps", "les étapes n° 1 et n° 2 sont les mêmes (« ouvrir  »). Écrivez des étapes différentes"},
		{"an empty step", "steps = [\"a\", \" \"]", 5, "plugins.order.step_empty", "l'étape n° 2 est vide"},
		{"steps as a text", "steps = \"a, b\"", 5, "courses.activity_wrong_type", "steps n'a pas le bon type de valeur. Écrivez une liste entre crochets"},
		{"unknown key", "prompt = \"x\"\nstep = [\"a\", \"b\"]", 6, "courses.activity_unknown_key", "la clé « step » n'existe pas. Vérifiez son orthographe ; les clés permises ici sont : prompt, steps."},
		{"too many steps", "steps = [\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\"]", 5, "plugins.order.too_many_steps", "l'exercice a 11 étapes, et 10 au plus"},
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

func TestGradeUsesTheLongestRunInOrder(t *testing.T) {
	a := parse(t, four)
	cases := []struct {
		name   string
		order  []int
		score  float64
		passed bool
	}{
		{"right order", []int{0, 1, 2, 3}, 1, true},
		{"last step put first costs one step", []int{3, 0, 1, 2}, 0.75, false},
		{"two neighbours swapped", []int{1, 0, 2, 3}, 0.75, false},
		{"reversed", []int{3, 2, 1, 0}, 0.25, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := a.Grade(Answer{Order: c.order})
			if r.Score != c.score || r.Passed != c.passed {
				t.Errorf("got %v %v, want %v %v", r.Score, r.Passed, c.score, c.passed)
			}
		})
	}
	r := a.Grade(Answer{Order: []int{3, 0, 1, 2}})
	if r.Feedback != "Étapes à la bonne place : 0 sur 4.\nÀ la place 1, mettez : « Ouvrir »." {
		t.Errorf("feedback %q", r.Feedback)
	}
	if r.Summary != "0 sur 4 à la bonne place" {
		t.Errorf("summary %q", r.Summary)
	}
}

func TestGradeRefusesWhatIsNotAPermutation(t *testing.T) {
	a := parse(t, four)
	for _, bad := range [][]int{nil, {0, 1, 2}, {0, 1, 2, 2}, {0, 1, 2, 4}, {-1, 0, 1, 2}} {
		if r := a.Grade(Answer{Order: bad}); r.Passed || r.Score != 0 {
			t.Errorf("%v graded %+v", bad, r)
		}
	}
	if r := a.Grade([]int{0, 1, 2, 3}); r.Passed {
		t.Error("a bare slice is not an Answer")
	}
}

func TestShuffledIsNeverAlreadyRight(t *testing.T) {
	a := parse(t, "steps = [\"a\", \"b\"]")
	for seed := uint64(0); seed < 50; seed++ {
		p := a.Shuffled(rand.New(rand.NewPCG(seed, 1)))
		if p[0] == 0 {
			t.Fatalf("seed %d: shuffled order %v is already right", seed, p)
		}
	}
}

func TestLongestIncreasing(t *testing.T) {
	for _, c := range []struct {
		xs   []int
		want int
	}{{nil, 0}, {[]int{5}, 1}, {[]int{2, 0, 1, 3}, 3}, {[]int{4, 3, 2, 1, 0}, 1}, {[]int{0, 4, 1, 2, 3}, 4}} {
		if got := LongestIncreasing(c.xs); got != c.want {
			t.Errorf("LongestIncreasing(%v) = %d, want %d", c.xs, got, c.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(four))
	f.Add([]byte("steps = [\"a\", \"a\"]"))
	f.Add([]byte("steps = [1, 2]"))
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
		n := len(a.Steps)
		if n < 2 || n > MaxSteps {
			t.Fatalf("accepted %d steps", n)
		}
		id := make([]int, n)
		for i := range id {
			id[i] = i
		}
		if !a.Grade(Answer{Order: id}).Passed {
			t.Fatal("the right order does not pass")
		}
		if r := a.Grade(Answer{Order: a.Shuffled(rand.New(rand.NewPCG(1, 2)))}); r.Passed || r.Score <= 0 || r.Score >= 1 {
			t.Fatalf("a shuffled order graded %+v", r)
		}
	})
}
