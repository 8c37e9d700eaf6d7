package quizview

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"declic/i18n"
	"declic/plugins"
	"declic/plugins/quiz"
	"declic/plugins/view"
	"declic/plugins/view/viewtest"

	"golang.org/x/text/language"
)

func activity(t *testing.T, body string) *quiz.Activity {
	t.Helper()
	a, err := quiz.Kind{}.Parse([]byte(body), plugins.Position{File: "l.md", Line: 1})
	if err != nil {
		t.Fatal(err)
	}
	return a.(*quiz.Activity)
}

const single = `question = "Avec quel bouton faites-vous un clic ?"
[[choices]]
text = "La molette"
feedback = "Non. La molette sert à faire défiler la page."
[[choices]]
text = "Le bouton gauche"
correct = true
feedback = "Oui ! Le bouton gauche sert à cliquer."
`

func TestTappingTheRightChoicePasses(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj, ok := view.Build(activity(t, single), rec.Env())
	if !ok {
		t.Fatal("quiz view is not registered")
	}
	viewtest.Show(t, obj)
	test.Tap(viewtest.Button(t, obj, "Vérifier"))
	if len(rec.Attempts) != 0 {
		t.Fatal("checking with nothing chosen must not count as an attempt")
	}
	test.Tap(viewtest.Button(t, obj, "Le bouton gauche"))
	test.Tap(viewtest.Button(t, obj, "Vérifier"))
	if len(rec.Done) != 1 || !rec.Done[0].Passed {
		t.Fatalf("Done = %+v", rec.Done)
	}
	if !strings.Contains(strings.Join(viewtest.Texts(obj), "|"), "Bravo !") {
		t.Errorf("the word Bravo ! should show with the icon: %q", viewtest.Texts(obj))
	}
	if !viewtest.Button(t, obj, "Le bouton gauche").Disabled() {
		t.Error("choices stay locked after success")
	}
}

func TestAWrongChoiceShowsFeedbackThenTheRightAnswer(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj, _ := view.Build(activity(t, single), rec.Env())
	viewtest.Show(t, obj)
	test.Tap(viewtest.Button(t, obj, "La molette"))
	if viewtest.Button(t, obj, "La molette").Icon != theme.RadioButtonCheckedIcon() {
		t.Error("a chosen answer shows a filled mark, not only a colour")
	}
	test.Tap(viewtest.Button(t, obj, "Vérifier"))
	texts := strings.Join(viewtest.Texts(obj), "|")
	if len(rec.Attempts) != 1 || rec.Attempts[0].Passed || len(rec.Done) != 0 {
		t.Fatalf("attempts %+v done %+v", rec.Attempts, rec.Done)
	}
	if !strings.Contains(texts, "Pas encore") || !strings.Contains(texts, "défiler") || !strings.Contains(texts, "Essayez encore.") {
		t.Errorf("feedback texts: %q", texts)
	}
	test.Tap(viewtest.Button(t, obj, "Voir la bonne réponse"))
	if !strings.Contains(strings.Join(viewtest.Texts(obj), "|"), "La bonne réponse : Le bouton gauche") {
		t.Errorf("right answer not shown: %q", viewtest.Texts(obj))
	}
	if len(rec.Done) != 0 {
		t.Fatal("Done comes after the learner acknowledges the answer")
	}
	test.Tap(viewtest.Button(t, obj, "Continuer"))
	test.Tap(viewtest.Button(t, obj, "Continuer"))
	if len(rec.Done) != 1 || rec.Done[0].Passed {
		t.Fatalf("Done once, not passed: %+v", rec.Done)
	}
}

func TestMultipleChoiceWithTheKeyboardOnly(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	a := activity(t, `question = "Quels sites sont officiels ?"
multiple = true
[[choices]]
text = "impots.gouv.fr"
correct = true
[[choices]]
text = "impots.example.com"
[[choices]]
text = "service-public.fr"
correct = true
`)
	obj, _ := view.Build(a, rec.Env())
	w := viewtest.Show(t, obj)
	c := w.Canvas()
	for _, name := range []string{"impots.gouv.fr", "service-public.fr"} {
		viewtest.TabTo(t, c, viewtest.Button(t, obj, name))
		viewtest.Press(t, c, fyne.KeySpace)
	}
	if viewtest.Button(t, obj, "impots.gouv.fr").Icon != theme.CheckButtonCheckedIcon() {
		t.Error("a ticked answer shows a check mark")
	}
	viewtest.TabTo(t, c, viewtest.Button(t, obj, "Vérifier"))
	viewtest.Press(t, c, fyne.KeySpace)
	if len(rec.Done) != 1 || !rec.Done[0].Passed || rec.Done[0].Score != 1 {
		t.Fatalf("Done = %+v", rec.Done)
	}
}

func TestBuildRefusesAnotherKindsActivity(t *testing.T) {
	test.NewTempApp(t)
	obj := Build(fakeActivity{}, view.Env{})
	if !strings.Contains(strings.Join(viewtest.Texts(obj), ""), "ne peut pas s'afficher") {
		t.Errorf("a foreign activity should give a friendly text, got %q", viewtest.Texts(obj))
	}
}

type fakeActivity struct{}

func (fakeActivity) Kind() string             { return quiz.Name }
func (fakeActivity) Prompt() string           { return "" }
func (fakeActivity) Grade(any) plugins.Result { return plugins.Result{} }

func TestPicturesAreLoadedThroughTheEnv(t *testing.T) {
	test.NewTempApp(t)
	a := activity(t, `question = "Q"
image = "images/q.svg"
[[choices]]
text = "a"
correct = true
image = "images/a.svg"
[[choices]]
text = "b"
image = "images/manquante.svg"
`)
	var asked []string
	env := view.Env{Image: func(p string) (fyne.Resource, error) {
		asked = append(asked, p)
		if p == "images/manquante.svg" {
			return nil, errors.New("file not found")
		}
		return theme.HomeIcon(), nil
	}}
	obj, _ := view.Build(a, env)
	viewtest.Show(t, obj)
	if strings.Join(asked, ",") != "images/q.svg,images/a.svg,images/manquante.svg" {
		t.Errorf("asked for %v", asked)
	}
	if n := len(viewtest.All[*canvas.Image](obj)); n != 2 {
		t.Errorf("want 2 pictures (the missing one is left out), got %d", n)
	}
}

func TestEnglishLearnersGetEnglishWords(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	env := rec.Env()
	env.T = i18n.New(language.English)
	obj, _ := view.Build(activity(t, "question = \"Q\"\n[[choices]]\ntext = \"a\"\ncorrect = true\n[[choices]]\ntext = \"b\"\n"), env)
	viewtest.Show(t, obj)
	test.Tap(viewtest.Button(t, obj, "b"))
	test.Tap(viewtest.Button(t, obj, "Check"))
	texts := strings.Join(viewtest.Texts(obj), "|")
	if !strings.Contains(texts, "Not yet") || !strings.Contains(texts, "That is not the right answer.") {
		t.Errorf("English texts: %q", texts)
	}
	if !viewtest.HasButton(obj, "Show the right answer") {
		t.Error("no English show-answer button")
	}
}

// TestTheFeedbackStandsBesideTheAnswersWhenWide: after a wrong answer, the
// explanation is to the right of the answers on a wide window (under the
// question's picture, if any), and under them on a narrow one.
func TestTheFeedbackStandsBesideTheAnswersWhenWide(t *testing.T) {
	pictured := strings.Replace(single, "question = ", "image = \"images/souris.svg\"\nquestion = ", 1)
	cases := []struct {
		name   string
		body   string
		width  float32
		beside bool
	}{
		{"wide, without a picture", single, 1280, true},
		{"wide, under the question's picture", pictured, 1280, true},
		{"narrow, without a picture", single, 420, false},
		{"narrow, with a picture", pictured, 420, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			test.NewTempApp(t)
			env := view.Env{Image: func(string) (fyne.Resource, error) { return theme.HomeIcon(), nil }}
			obj, _ := view.Build(activity(t, c.body), env)
			w := viewtest.Show(t, obj)
			w.Resize(fyne.NewSize(c.width, 900))
			test.Tap(viewtest.Button(t, obj, "La molette"))
			test.Tap(viewtest.Button(t, obj, "Vérifier"))
			d := fyne.CurrentApp().Driver()
			last := viewtest.Button(t, obj, "Le bouton gauche")
			lastAt := d.AbsolutePositionForObject(last)
			fb := viewtest.All[*view.Feedback](obj)[0]
			fbAt := d.AbsolutePositionForObject(fb)
			right := fbAt.X >= lastAt.X+last.Size().Width
			under := fbAt.Y >= lastAt.Y+last.Size().Height
			if c.beside && !right {
				t.Errorf("the feedback at %v, the last answer at %v (%v): want it to the right", fbAt, lastAt, last.Size())
			}
			if !c.beside && (right || !under) {
				t.Errorf("the feedback at %v, the last answer at %v (%v): want it under", fbAt, lastAt, last.Size())
			}
			if pics := viewtest.All[*canvas.Image](obj); len(pics) == 1 {
				picAt := d.AbsolutePositionForObject(pics[0])
				if c.beside && fbAt.Y < picAt.Y+pics[0].Size().Height {
					t.Errorf("the feedback at %v is not under the picture at %v (%v)", fbAt, picAt, pics[0].Size())
				}
				if !c.beside && picAt.Y > lastAt.Y {
					t.Errorf("on a narrow window the picture at %v comes before the answers at %v", picAt, lastAt)
				}
			}
		})
	}
}

// TestOnceTheAnswerIsShownNoMoreTryAgain: « Essayez encore. » goes when the right
// answer is shown; the explanation stays.
func TestOnceTheAnswerIsShownNoMoreTryAgain(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj, _ := view.Build(activity(t, single), rec.Env())
	viewtest.Show(t, obj)
	test.Tap(viewtest.Button(t, obj, "La molette"))
	test.Tap(viewtest.Button(t, obj, "Vérifier"))
	test.Tap(viewtest.Button(t, obj, "Voir la bonne réponse"))
	texts := strings.Join(viewtest.Texts(obj), "|")
	if strings.Contains(texts, "Essayez encore.") || !strings.Contains(texts, "Non. La molette sert à faire défiler la page.") || !strings.Contains(texts, "La bonne réponse : Le bouton gauche") {
		t.Errorf("after « Voir la bonne réponse »: %q", texts)
	}
}
