package quiz

import (
	"errors"
	"strings"
	"testing"

	"declic/plugins"
)

var at = plugins.Position{File: "modules/01/lecon.md", Line: 20}

const good = `question = "Avec quel bouton faites-vous un clic ?"
[[choices]]
text = "Le bouton gauche"
correct = true
feedback = "Oui ! Le bouton gauche sert à cliquer."
[[choices]]
text = "La molette"
feedback = "Non. La molette sert à faire défiler la page."
`

const multi = `question = "Quels sites sont officiels ?"
multiple = true
[[choices]]
text = "impots.gouv.fr"
correct = true
[[choices]]
text = "impots.example.com"
feedback = "Non, c'est un faux site."
[[choices]]
text = "service-public.fr"
correct = true
`

func parse(t *testing.T, body string) *Activity {
	t.Helper()
	a, err := Kind{}.Parse([]byte(body), at)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return a.(*Activity)
}

func TestParseReadsEveryField(t *testing.T) {
	a := parse(t, good)
	if a.Question != "Avec quel bouton faites-vous un clic ?" || len(a.Choices) != 2 || !a.Choices[0].Correct || a.Multiple {
		t.Fatalf("parsed %+v", a)
	}
	if a.Prompt() != a.Question {
		t.Errorf("without prompt, Prompt() should be the question, got %q", a.Prompt())
	}
	if got := strings.Join(a.Text(), "|"); !strings.Contains(got, "La molette") || !strings.Contains(got, "Le bouton gauche sert") {
		t.Errorf("Text() = %q", got)
	}
	if a.RightAnswer() != "Le bouton gauche" {
		t.Errorf("RightAnswer = %q", a.RightAnswer())
	}
}

func TestImagesListsQuestionAndChoicePictures(t *testing.T) {
	a := parse(t, `question = "Q"
image = "images/q.svg"
[[choices]]
text = "a"
correct = true
image = "images/a.png"
[[choices]]
text = "b"
`)
	if got := strings.Join(a.Images(), ","); got != "images/q.svg,images/a.png" {
		t.Errorf("Images() = %q", got)
	}
}

func TestParseRejectsBadBodiesAtTheRightLine(t *testing.T) {
	cases := []struct {
		name, body string
		line       int    // line inside the pack file
		code       string // the message's id
		french     string // a part of its French text, with the values filled in
	}{
		{"a typo in a key", "question = \"Q\"\n[[choices]]\ntext = \"a\"\ncorect = true\n[[choices]]\ntext = \"b\"\n", 23, "courses.activity_unknown_key", "la clé « corect » n'existe pas"},
		{"a typo lists the allowed keys", "question = \"Q\"\nmultipel = true\n", 21, "courses.activity_unknown_key", "les clés permises ici sont : choices, image, multiple, prompt, question."},
		{"a text where true/false is expected", "question = \"Q\"\nmultiple = \"oui\"\n", 21, "courses.activity_wrong_type", "multiple n'a pas le bon type de valeur. Écrivez true ou false, comme multiple = true."},
		{"a number where a text is expected", "question = 3\n", 20, "courses.activity_wrong_type", "question n'a pas le bon type de valeur. Écrivez un texte entre guillemets droits"},
		{"a missing quote", "question = \"Q\n", 20, "plugins.toml.unclosed_quote", "un texte n'est pas fermé sur sa ligne. Ajoutez le guillemet droit \" à la fin du texte."},
		{"no question", "[[choices]]\ntext = \"a\"\ncorrect = true\n[[choices]]\ntext = \"b\"\n", 20, "plugins.quiz.no_question", "la question manque. Écrivez question = \"…\" en haut du bloc."},
		{"one choice only", "question = \"Q\"\n[[choices]]\ntext = \"a\"\ncorrect = true\n", 20, "plugins.quiz.few_choices", "un quiz a au moins 2 choix"},
		{"no right choice", "question = \"Q\"\n[[choices]]\ntext = \"a\"\n[[choices]]\ntext = \"b\"\n", 21, "plugins.quiz.no_right_choice", "aucun choix n'est marqué juste. Ajoutez correct = true au bon choix."},
		{"two right choices without multiple", "question = \"Q\"\n[[choices]]\ntext = \"a\"\ncorrect = true\n[[choices]]\ntext = \"b\"\ncorrect = true\n", 26, "plugins.quiz.many_right_choices", "2 choix sont marqués justes, mais multiple = false. Gardez un seul correct = true, ou ajoutez multiple = true en haut du bloc."},
		{"an empty choice", "question = \"Q\"\n[[choices]]\ntext = \"a\"\ncorrect = true\n[[choices]]\ntext = \" \"\n", 24, "plugins.quiz.choice_no_text", "le choix n° 2 n'a pas de texte"},
		{"a right choice marked dangerous", "question = \"Q\"\n[[choices]]\ntext = \"a\"\ncorrect = true\ndanger = true\n[[choices]]\ntext = \"b\"\n", 24, "plugins.quiz.right_and_dangerous", "le choix n° 1 est à la fois juste (correct = true) et dangereux (danger = true)"},
		{"an empty image path", "question = \"Q\"\nimage = \" \"\n[[choices]]\ntext = \"a\"\ncorrect = true\n[[choices]]\ntext = \"b\"\n", 21, "plugins.image.empty", "le chemin de l'image est vide"},
		{"a web image", "question = \"Q\"\nimage = \"https://example.org/a.png\"\n[[choices]]\ntext = \"a\"\ncorrect = true\n[[choices]]\ntext = \"b\"\n", 21, "plugins.image.web", "l'image « https://example.org/a.png » est une adresse web"},
		{"an absolute image path", "question = \"Q\"\nimage = \"/home/marie/a.png\"\n[[choices]]\ntext = \"a\"\ncorrect = true\n[[choices]]\ntext = \"b\"\n", 21, "plugins.image.not_relative", "le chemin « /home/marie/a.png » ne va pas"},
		{"a GIF image on a choice", "question = \"Q\"\n[[choices]]\ntext = \"a\"\ncorrect = true\nimage = \"a.gif\"\n[[choices]]\ntext = \"b\"\n", 24, "plugins.image.format", "l'image « a.gif » n'est pas un fichier PNG, JPEG ou SVG"},
		{"too many choices", "question = \"Q\"\n" + strings.Repeat("[[choices]]\ntext = \"x\"\ncorrect = true\n", 1) + strings.Repeat("[[choices]]\ntext = \"y\"\n", 8), 20 + 1 + 3 + 7*2, "plugins.quiz.too_many_choices", "un quiz a 8 choix au plus, pour tenir sur un écran. Retirez-en 1."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Kind{}.Parse([]byte(c.body), at)
			var pe *plugins.Error
			if !errors.As(err, &pe) {
				t.Fatalf("want a *plugins.Error, got %v", err)
			}
			if pe.Pos.File != at.File || pe.Pos.Line != c.line {
				t.Errorf("error at %s, want line %d (%v)", pe.Pos, c.line, err)
			}
			if pe.Code() != c.code {
				t.Errorf("code %s, want %s (%v)", pe.Code(), c.code, err)
			}
			if !strings.Contains(pe.Error(), c.french) {
				t.Errorf("message %q lacks %q", pe.Error(), c.french)
			}
		})
	}
}

func TestGradeSingleChoice(t *testing.T) {
	a := parse(t, good)
	right := a.Grade(Answer{Selected: []int{0}})
	if !right.Passed || right.Score != 1 || right.Feedback != "Oui ! Le bouton gauche sert à cliquer." || right.Summary != "choix 1" {
		t.Errorf("right answer: %+v", right)
	}
	wrong := a.Grade(Answer{Selected: []int{1}})
	if wrong.Passed || wrong.Score != 0 || !strings.Contains(wrong.Feedback, "molette") {
		t.Errorf("wrong answer: %+v", wrong)
	}
	none := a.Grade(Answer{})
	if none.Passed || none.Feedback != "Choisissez d'abord une réponse." {
		t.Errorf("no answer: %+v", none)
	}
	if r := a.Grade(Answer{Selected: []int{1, 0}}); !r.Passed {
		t.Errorf("on a single-choice question the last pick counts: %+v", r)
	}
	if r := a.Grade(&Answer{Selected: []int{0}}); !r.Passed {
		t.Errorf("a *Answer is accepted too: %+v", r)
	}
	if r := a.Grade("0"); r.Passed || r.Score != 0 || r.Feedback == "" {
		t.Errorf("a foreign answer type must fail kindly: %+v", r)
	}
}

func TestGradeSingleChoiceWithoutFeedbackUsesDefaults(t *testing.T) {
	a := parse(t, "question = \"Q\"\n[[choices]]\ntext = \"a\"\ncorrect = true\n[[choices]]\ntext = \"b\"\n")
	if r := a.Grade(Answer{Selected: []int{0}}); r.Feedback != "C'est la bonne réponse." {
		t.Errorf("default right feedback: %q", r.Feedback)
	}
	if r := a.Grade(Answer{Selected: []int{1}}); r.Feedback != "Ce n'est pas la bonne réponse." {
		t.Errorf("default wrong feedback: %q", r.Feedback)
	}
}

func TestGradeMultipleGivesPartialCredit(t *testing.T) {
	a := parse(t, multi)
	cases := []struct {
		name     string
		selected []int
		score    float64
		passed   bool
	}{
		{"all right ones", []int{0, 2}, 1, true},
		{"all right ones, other order, repeated", []int{2, 0, 2}, 1, true},
		{"half of the right ones", []int{0}, 0.5, false},
		{"one right, one wrong", []int{0, 1}, 0, false},
		{"everything ticked", []int{0, 1, 2}, 0.5, false},
		{"only the wrong one", []int{1}, 0, false},
		{"indexes out of range are ignored", []int{0, 2, 7, -1}, 1, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := a.Grade(Answer{Selected: c.selected})
			if r.Score != c.score || r.Passed != c.passed {
				t.Errorf("got score %v passed %v, want %v %v (%q)", r.Score, r.Passed, c.score, c.passed, r.Feedback)
			}
		})
	}
	r := a.Grade(Answer{Selected: []int{0, 1}})
	if !strings.Contains(r.Feedback, "1 sur 2") || !strings.Contains(r.Feedback, "faux site") {
		t.Errorf("partial feedback should count and explain: %q", r.Feedback)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte(multi))
	f.Add([]byte("question = \"Q\"\n[[choices]]\n"))
	f.Add([]byte("[[choices]]\nimage = \"../a.svg\"\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		act, err := Kind{}.Parse(body, at)
		if err != nil {
			var pe *plugins.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error is not a *plugins.Error: %v", err)
			}
			if pe.Pos.Line < at.Line {
				t.Fatalf("error line %d before the body", pe.Pos.Line)
			}
			if text := pe.Error(); strings.Contains(text, pe.Code()) || strings.Contains(text, "<no value>") {
				t.Fatalf("the message %s does not read: %q", pe.Code(), text)
			}
			return
		}
		a := act.(*Activity)
		if len(a.Choices) < 2 || len(a.CorrectIndexes()) == 0 {
			t.Fatalf("accepted an unfair quiz: %+v", a)
		}
		all := make([]int, len(a.Choices))
		for i := range all {
			all[i] = i
		}
		for _, sel := range [][]int{nil, a.CorrectIndexes(), all} {
			r := a.Grade(Answer{Selected: sel})
			if r.Score < 0 || r.Score > 1 {
				t.Fatalf("score %v out of range", r.Score)
			}
		}
		if !a.Grade(Answer{Selected: a.CorrectIndexes()}).Passed {
			t.Fatal("the right answer does not pass")
		}
	})
}

func TestADangerousChoiceIsNeverTheRightOne(t *testing.T) {
	body := "question = \"q\"\n[[choices]]\ntext = \"Je donne mon code\"\ncorrect = true\ndanger = true\n[[choices]]\ntext = \"Je raccroche\"\n"
	_, err := Kind{}.Parse([]byte(body), plugins.Position{File: "l.md", Line: 10})
	if err == nil || !strings.HasPrefix(err.Error(), "l.md:14: le choix n° 1 est à la fois juste (correct = true) et dangereux (danger = true)") {
		t.Errorf("got %v", err)
	}
}

func TestAdviseAboutDangerousChoicesThatReassure(t *testing.T) {
	body := "question = \"Un SMS demande votre code.\"\n[[choices]]\ntext = \"Je l'écris\"\ndanger = true\nfeedback = \"Pas de souci, essayez encore.\"\n[[choices]]\ntext = \"Je l'envoie\"\ndanger = true\n[[choices]]\ntext = \"Je le donne\"\ndanger = true\nfeedback = \"Non ! Un escroc pourrait vider votre compte.\"\n[[choices]]\ntext = \"Je ne réponds pas\"\ncorrect = true\nfeedback = \"Ce n'est pas grave de ne pas répondre.\"\n"
	at := plugins.Position{File: "l.md", Line: 10}
	act, err := Kind{}.Parse([]byte(body), at)
	if err != nil {
		t.Fatal(err)
	}
	advice := act.(*Activity).Advise([]byte(body), at)
	if len(advice) != 2 {
		t.Fatalf("want advice on 2 choices, got %+v", advice)
	}
	if a := advice[0]; a.Pos.Line != 14 || a.Rule != DangerRule || a.Msg.ID != "courses.lint_danger_reassures" || a.Msg.Args["Words"] != "Pas de souci" || a.Msg.Args["Choice"] != "Je l'écris" {
		t.Errorf("first advice %+v", a)
	}
	if a := advice[1]; a.Pos.Line != 15 || a.Msg.ID != "courses.lint_danger_unexplained" || !strings.Contains(a.Msg.String(), "« Je l'envoie » est dangereux (danger = true), mais n'a pas d'explication") || !strings.HasPrefix(a.Suggestion.String(), "dites pourquoi c'est dangereux") {
		t.Errorf("second advice %+v", a)
	}
}
