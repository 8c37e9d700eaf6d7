package formview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"declic/plugins"
	"declic/plugins/form"
	"declic/plugins/view"
	"declic/plugins/view/viewtest"
)

const account = `site = "messagerie.example.fr"
title = "Créer votre adresse e-mail"
submit = "Créer mon compte"
success = "Bravo ! Votre adresse e-mail est créée."
[[fields]]
label = "Prénom"
required = true
hint = "Par exemple : Marie"
[[fields]]
label = "Adresse e-mail"
type = "email"
required = true
[[fields]]
label = "Mot de passe"
type = "password"
required = true
min_length = 12
[[fields]]
label = "Date de naissance"
type = "date"
[[fields]]
label = "Motif"
type = "choice"
required = true
options = ["Renouveler ma carte", "Changer d'adresse"]
`

func build(t *testing.T, rec *viewtest.Recorder) fyne.CanvasObject {
	t.Helper()
	a, err := form.Kind{}.Parse([]byte(account), plugins.Position{File: "l.md", Line: 1})
	if err != nil {
		t.Fatal(err)
	}
	obj, ok := view.Build(a, rec.Env())
	if !ok {
		t.Fatal("form view not registered")
	}
	return obj
}

func TestTheAddressBarShowsTheSite(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj := build(t, &rec)
	viewtest.Show(t, obj)
	texts := strings.Join(viewtest.Texts(obj), "|")
	for _, want := range []string{"messagerie.example.fr", "Prénom *", "Par exemple : Marie", "Date de naissance", "* obligatoire"} {
		if !strings.Contains(texts, want) {
			t.Errorf("page lacks %q: %q", want, texts)
		}
	}
	if strings.Contains(texts, "Date de naissance *") || strings.Contains(texts, "(obligatoire)") {
		t.Errorf("only required fields get a star, and the page shows stars, not words: %q", texts)
	}
}

// TestRequiredFieldsAreReadAloudAsRequired: a voice says nothing for a star, so
// the read-aloud text of a required field's name says « (obligatoire) », and the
// legend, which only explains the stars, says nothing.
func TestRequiredFieldsAreReadAloudAsRequired(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj := build(t, &rec)
	viewtest.Show(t, obj)
	spoken := map[string]bool{}
	for _, s := range viewtest.All[*spokenAs](obj) {
		spoken[s.SpeechText()] = true
	}
	for _, want := range []string{"Prénom (obligatoire) Par exemple : Marie", "Date de naissance", ""} {
		if !spoken[want] {
			t.Errorf("nothing is read aloud as %q: %v", want, spoken)
		}
	}
}

func TestAFormWithoutRequiredFieldsHasNoLegend(t *testing.T) {
	test.NewTempApp(t)
	a, err := form.Kind{}.Parse([]byte("[[fields]]\nlabel = \"Message\"\ntype = \"textarea\"\n"), plugins.Position{File: "l.md", Line: 1})
	if err != nil {
		t.Fatal(err)
	}
	obj, _ := view.Build(a, view.Env{})
	viewtest.Show(t, obj)
	if texts := strings.Join(viewtest.Texts(obj), "|"); strings.Contains(texts, "*") {
		t.Errorf("no field is required, yet a star or the legend shows: %q", texts)
	}
}

func TestErrorsShowUnderTheFieldsThenTheFormIsAccepted(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj := build(t, &rec)
	viewtest.Show(t, obj)
	entries := viewtest.All[*view.Entry](obj)
	if len(entries) != 4 {
		t.Fatalf("want 4 entries, got %d", len(entries))
	}
	test.Type(entries[1], "marie.example.fr")
	test.Type(entries[2], "court")
	test.Tap(viewtest.Button(t, obj, "Créer mon compte"))
	if len(rec.Attempts) != 1 || rec.Attempts[0].Passed || len(rec.Done) != 0 {
		t.Fatalf("attempts %+v done %+v", rec.Attempts, rec.Done)
	}
	var shown []string
	for _, l := range viewtest.All[*widget.Label](obj) {
		if l.Importance == widget.DangerImportance {
			shown = append(shown, l.Text)
		}
	}
	want := []string{"Ce champ est obligatoire.", "L'adresse e-mail doit contenir un @.", "Le mot de passe doit avoir au moins 12 caractères.", "Ce champ est obligatoire."}
	if strings.Join(shown, "|") != strings.Join(want, "|") {
		t.Errorf("errors under fields: %q, want %q", shown, want)
	}
	test.Type(entries[0], "Marie")
	entries[1].SetText("marie@example.fr")
	entries[2].SetText("Velo-Jardin-72")
	test.Type(entries[3], "05/03/1970")
	viewtest.All[*view.Select](obj)[0].SetSelected("Changer d'adresse")
	test.Tap(viewtest.Button(t, obj, "Créer mon compte"))
	if len(rec.Done) != 1 || !rec.Done[0].Passed {
		t.Fatalf("Done = %+v", rec.Done)
	}
	if texts := strings.Join(viewtest.Texts(obj), "|"); !strings.Contains(texts, "Bravo ! Votre adresse e-mail est créée.") {
		t.Errorf("success page: %q", texts)
	}
	if len(viewtest.All[*view.Entry](obj)) != 0 {
		t.Error("the success page replaces the form")
	}
}

func TestKeyboardOnly(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj := build(t, &rec)
	c := viewtest.Show(t, obj).Canvas()
	entries := viewtest.All[*view.Entry](obj)
	for i, text := range []string{"Marie", "marie@example.fr", "Velo-Jardin-72", "05/03/1970"} {
		viewtest.TabTo(t, c, entries[i])
		test.Type(c.Focused(), text)
	}
	sel := viewtest.All[*view.Select](obj)[0]
	viewtest.TabTo(t, c, sel)
	viewtest.Press(t, c, fyne.KeySpace) // opens the list
	menu := c.Overlays().Top()
	if menu == nil {
		t.Fatal("Space should open the list of options")
	}
	for _, key := range []fyne.KeyName{fyne.KeyDown, fyne.KeyDown, fyne.KeyReturn} {
		c.Focused().TypedKey(&fyne.KeyEvent{Name: key})
	}
	if sel.Selected != "Changer d'adresse" {
		t.Fatalf("arrows and Entrée choose an option, got %q", sel.Selected)
	}
	viewtest.TabTo(t, c, viewtest.Button(t, obj, "Créer mon compte"))
	viewtest.Press(t, c, fyne.KeySpace)
	if len(rec.Done) != 1 || !rec.Done[0].Passed {
		t.Fatalf("Done = %+v", rec.Done)
	}
}

func TestEntreeInTheLastFieldSendsAndFocusGoesToTheFirstError(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	a, _ := form.Kind{}.Parse([]byte("[[fields]]\nlabel = \"Nom\"\nrequired = true\n[[fields]]\nlabel = \"Adresse e-mail\"\ntype = \"email\"\n"), plugins.Position{File: "l.md", Line: 1})
	obj, _ := view.Build(a, rec.Env())
	c := viewtest.Show(t, obj).Canvas()
	entries := viewtest.All[*view.Entry](obj)
	viewtest.TabTo(t, c, entries[1])
	test.Type(c.Focused(), "a@example.fr")
	viewtest.Press(t, c, fyne.KeyReturn)
	if len(rec.Attempts) != 1 || c.Focused() != entries[0] {
		t.Fatalf("attempts %d, focus on %T", len(rec.Attempts), c.Focused())
	}
	test.Type(c.Focused(), "Durand")
	viewtest.TabTo(t, c, entries[1])
	viewtest.Press(t, c, fyne.KeyReturn)
	if len(rec.Done) != 1 || !rec.Done[0].Passed {
		t.Fatalf("Done = %+v", rec.Done)
	}
}

func TestTheRightAnswerIsAnExampleTheSiteAccepts(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj := build(t, &rec)
	viewtest.Show(t, obj)
	test.Tap(viewtest.Button(t, obj, "Créer mon compte"))
	test.Tap(viewtest.Button(t, obj, "Voir la bonne réponse"))
	entries := viewtest.All[*view.Entry](obj)
	if entries[1].Text != "marie.durand@example.fr" || !entries[1].Disabled() {
		t.Errorf("example e-mail %q (disabled %v)", entries[1].Text, entries[1].Disabled())
	}
	if entries[2].Password {
		t.Error("the example password is shown in clear")
	}
	if len(rec.Done) != 0 {
		t.Fatal("Done waits for Continuer")
	}
	test.Tap(viewtest.Button(t, obj, "Continuer"))
	if len(rec.Done) != 1 || rec.Done[0].Passed {
		t.Fatalf("Done = %+v", rec.Done)
	}
}
