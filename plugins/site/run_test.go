package site

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"declic/plugins"
)

// Items of the agreed example, by page: accueil (0 cookies, 1 pub link, 2 send
// button), envoi (0 choice, 1 file, 2 code, 3 check, 4 validate button), fin.
const (
	accueilCookies = 0
	accueilPub     = 1
	accueilEnvoyer = 2
	envoiType      = 0
	envoiFile      = 1
	envoiCode      = 2
	envoiCertify   = 3
	envoiValider   = 4
)

func TestAPerfectRunScoresOne(t *testing.T) {
	a := parse(t, string(caf(t)))
	r := a.NewRun(nil)
	if r.Page().ID != "accueil" || !r.CookiesPending() || r.CanGoBack() {
		t.Fatalf("start: page %q, cookies pending %v", r.Page().ID, r.CookiesPending())
	}
	if o := r.Cookies(Refuse); o.Mistake || r.CookiesPending() {
		t.Fatalf("refusing is right: %+v", o)
	}
	if o := r.Press(accueilEnvoyer); !o.Moved || r.Page().ID != "envoi" {
		t.Fatalf("the button leads to envoi: %+v, page %q", o, r.Page().ID)
	}
	r.Set(envoiType, "Justificatif de domicile")
	r.Set(envoiFile, "facture-electricite-mars.pdf")
	r.Set(envoiCode, "482 913")
	r.Set(envoiCertify, "true")
	o := r.Press(envoiValider)
	if !o.Done || !r.Done() || r.Page().ID != "fin" {
		t.Fatalf("validate: %+v", o)
	}
	res := r.Result()
	if !res.Passed || res.Score != 1 || res.Feedback != "Mission réussie !\nVous n'avez fait aucune erreur." || res.Summary != "pages vues : 3, erreurs : 0" {
		t.Errorf("result %+v", res)
	}
	if g := a.Grade(r.Answer()); g != res {
		t.Errorf("Grade of the same actions: %+v, want %+v", g, res)
	}
}

func TestWrongStepsKeepTheLearnerOnThePageWithAMessageAndTheHint(t *testing.T) {
	a := parse(t, string(caf(t)))
	r := a.NewRun(nil)
	if o := r.Press(accueilEnvoyer); !o.Blocked || o.Mistake || r.Mistakes() != 0 || !strings.Contains(o.Message, "cookies") {
		t.Fatalf("the cookie banner comes first, without a mistake: %+v", o)
	}
	o := r.Cookies(Accept)
	if !o.Mistake || o.Message != "Vous pouvez tout refuser. Le site marche quand même." || o.Hint != "Cherchez le bouton pour envoyer un document." || !r.CookiesPending() {
		t.Fatalf("accepting when refuse is expected: %+v", o)
	}
	r.Cookies(Refuse)
	o = r.Press(accueilPub)
	if !o.Mistake || o.Moved || r.Page().ID != "accueil" || o.Message != "Ce lien mène à de la publicité. Ce n'est pas votre démarche." {
		t.Fatalf("the advert link: %+v", o)
	}
	r.Press(accueilEnvoyer)
	r.Set(envoiFile, "photo-vacances.jpg")
	r.Set(envoiCode, "48a913")
	o = r.Press(envoiValider)
	want := map[int]string{
		envoiType:    "Choisissez une réponse dans la liste.",
		envoiFile:    "Ce n'est pas le bon document. Lisez bien le nom des fichiers.",
		envoiCode:    "Écrivez seulement les chiffres du code.",
		envoiCertify: "Cochez cette case pour continuer.",
	}
	if !o.Mistake || o.Moved || o.Message != "La page n'est pas encore envoyée. Lisez les messages en rouge, puis corrigez." || len(o.Errors) != len(want) {
		t.Fatalf("validate with errors: %+v", o)
	}
	for i, msg := range want {
		if o.Errors[i] != msg {
			t.Errorf("item %d: %q, want %q", i, o.Errors[i], msg)
		}
	}
	if o.Hint != "" {
		t.Errorf("the page envoi has no hint, got %q", o.Hint)
	}
	r.Set(envoiType, "Avis d'imposition")
	r.Set(envoiFile, "facture-electricite-mars.pdf")
	r.Set(envoiCode, "111111")
	r.Set(envoiCertify, "true")
	o = r.Press(envoiValider)
	if o.Errors[envoiType] != "Ce n'est pas le bon choix. Relisez votre mission." || o.Errors[envoiCode] != "Ce n'est pas le bon code. Relisez le SMS." || len(o.Errors) != 2 {
		t.Fatalf("second try: %+v", o.Errors)
	}
	r.Set(envoiType, "Justificatif de domicile")
	r.Set(envoiCode, "482913")
	if o := r.Press(envoiValider); !o.Done {
		t.Fatalf("third try: %+v", o)
	}
	res := r.Result()
	if r.Mistakes() != 4 || res.Score != MinScore || !res.Passed || !strings.Contains(res.Feedback, "Vous avez fait 4 erreurs.") {
		t.Errorf("4 mistakes: %d, %+v", r.Mistakes(), res)
	}
}

func TestScoreLosesAQuarterPerMistakeDownToAQuarter(t *testing.T) {
	a := parse(t, string(caf(t)))
	for mistakes, want := range []float64{1, 0.75, 0.5, 0.25, 0.25, 0.25} {
		actions := []Action{{Do: DoCookies, Item: accueilCookies, Value: Refuse}}
		for range mistakes {
			actions = append(actions, Action{Do: DoPress, Item: accueilPub})
		}
		actions = append(actions, a.Way().Actions...)
		r := a.Grade(Answer{Actions: actions})
		if !r.Passed || r.Score != want {
			t.Errorf("%d mistakes: %+v, want score %v", mistakes, r, want)
		}
	}
}

func TestAnUnfinishedRunFails(t *testing.T) {
	a := parse(t, string(caf(t)))
	r := a.Grade(Answer{Actions: []Action{{Do: DoCookies, Value: Refuse}, {Do: DoPress, Item: accueilEnvoyer}}})
	if r.Passed || r.Score != 0 || r.Feedback != "La mission n'est pas finie : Envoyer le justificatif de domicile" || r.Summary != "mission pas finie, erreurs : 0" {
		t.Errorf("%+v", r)
	}
	if r := a.Grade("envoyé"); r.Passed || r.Feedback != "Cette réponse ne peut pas être lue. Essayez encore." {
		t.Errorf("a bad answer type: %+v", r)
	}
	if r := a.Grade(&Answer{Actions: a.Way().Actions}); !r.Passed {
		t.Errorf("a pointer to an answer is read too: %+v", r)
	}
}

func TestBackReturnsToThePreviousPageWithItsValues(t *testing.T) {
	a := parse(t, string(caf(t)))
	r := a.NewRun(nil)
	r.Cookies(Refuse)
	r.Press(accueilEnvoyer)
	r.Set(envoiCode, "4829")
	if o := r.Back(); !o.Moved || o.Mistake || r.Page().ID != "accueil" || r.CookiesPending() {
		t.Fatalf("back: %+v on %q, cookies pending %v", o, r.Page().ID, r.CookiesPending())
	}
	if r.CanGoBack() {
		t.Error("no page before the start page")
	}
	r.Press(accueilEnvoyer)
	if r.Value(envoiCode) != "4829" {
		t.Errorf("the typed code is kept: %q", r.Value(envoiCode))
	}
	visits := r.Visits()
	var pages []string
	for _, v := range visits {
		pages = append(pages, a.Pages[v.Page].ID)
	}
	if strings.Join(pages, ",") != "accueil,envoi,accueil,envoi" || visits[1].Values[envoiCode] != "4829" || visits[1].Events[0].Do != DoBack {
		t.Errorf("visits %+v", visits)
	}
}

func TestNextStepPointsTheWay(t *testing.T) {
	a := parse(t, string(caf(t)))
	r := a.NewRun(nil)
	if got := r.NextStep(); got != accueilCookies {
		t.Errorf("first the cookies: %d", got)
	}
	r.Cookies(Refuse)
	if got := r.NextStep(); got != accueilEnvoyer {
		t.Errorf("then the send button: %d", got)
	}
}

func TestFieldChecks(t *testing.T) {
	a := parse(t, page(
		"type = \"field\"\nlabel = \"Courriel\"\ninput = \"email\"\nrequired = true",
		"type = \"field\"\nlabel = \"Nom\"\nexpect = \"Durand\"",
		"type = \"field\"\nlabel = \"Né le\"\ninput = \"date\"",
		"type = \"field\"\nlabel = \"Enfants\"\ninput = \"number\"",
		"type = \"field\"\nlabel = \"Numéro fiscal\"\ninput = \"code\"",
		"type = \"check\"\ntext = \"Lettres d'information\"",
	))
	cases := []struct {
		name   string
		values []string
		want   map[int]string
	}{
		{"all right, with other capitals and accents", []string{"marie@example.fr", "Marie DÛRAND", "05/03/1970", "2", "12 34", ""}, map[int]string{}},
		{"an empty required field", []string{"", "Durand", "", "", "", ""}, map[int]string{0: "Ce champ est obligatoire."}},
		{"a wrong e-mail", []string{"marie.example.fr", "Durand", "", "", "", ""}, map[int]string{0: "L'adresse e-mail doit contenir un @."}},
		{"an expected word missing", []string{"m@e.fr", "Dupont", "", "", "", ""}, map[int]string{1: "Ce n'est pas ce qu'il faut écrire ici. Relisez votre mission."}},
		{"an expected word left empty", []string{"m@e.fr", " ", "", "", "", ""}, map[int]string{1: "Ce champ est obligatoire."}},
		{"a date that does not exist", []string{"m@e.fr", "Durand", "31/02/1970", "", "", ""}, map[int]string{2: "Cette date n'existe pas. Vérifiez le jour et le mois."}},
		{"letters in a number", []string{"m@e.fr", "Durand", "", "deux", "", ""}, map[int]string{3: "Écrivez seulement des chiffres."}},
		{"letters in a code", []string{"m@e.fr", "Durand", "", "", "12b", ""}, map[int]string{4: "Écrivez seulement les chiffres du code."}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := a.NewRun(nil)
			for i, v := range c.values {
				r.Set(i, v)
			}
			got := r.Check()
			if len(got) != len(c.want) {
				t.Fatalf("errors %v, want %v", got, c.want)
			}
			for i, msg := range c.want {
				if got[i] != msg {
					t.Errorf("item %d: %q, want %q", i, got[i], msg)
				}
			}
		})
	}
}

func TestALinkDoesNotCheckThePageButAButtonDoes(t *testing.T) {
	a := parse(t, page(
		"type = \"field\"\nlabel = \"Nom\"\nrequired = true",
		"type = \"link\"\ntext = \"Aide\"\ngo = \"fin\"",
	))
	r := a.NewRun(nil)
	if o := r.Press(1); !o.Done {
		t.Errorf("a link goes without checking the fields: %+v", o)
	}
	r = a.NewRun(nil)
	if o := r.Press(2); !o.Mistake || o.Errors[0] != "Ce champ est obligatoire." {
		t.Errorf("a button checks them: %+v", o)
	}
}

func TestActionsThatDoNotApplyAreIgnored(t *testing.T) {
	a := parse(t, string(caf(t)))
	r := a.NewRun(nil)
	for _, o := range []Outcome{r.Press(-1), r.Press(99), r.Press(accueilCookies), r.Cookies("peut-être"), r.Back()} {
		if o.Moved || o.Mistake {
			t.Errorf("outcome %+v", o)
		}
	}
	r.Set(accueilPub, "x")
	r.Set(42, "x")
	if r.Mistakes() != 0 || len(r.Answer().Actions) != 0 {
		t.Errorf("nothing was done: %d mistakes, %d actions", r.Mistakes(), len(r.Answer().Actions))
	}
}

func TestAStartPageThatIsAGoalIsDoneAtOnce(t *testing.T) {
	a := parse(t, "goal = \"Lire\"\n[[pages]]\nid = \"a\"\ngoal = true\n")
	if r := a.Grade(Answer{}); !r.Passed || r.Score != 1 {
		t.Errorf("%+v", r)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(caf(f))
	f.Add([]byte(page("type = \"field\"\nlabel = \"Code\"\ninput = \"code\"\nexpect = \"12\"", "type = \"cookies\"\nexpect = \"accept\"")))
	f.Add([]byte("goal = \"g\"\nframe = \"phone\"\nstart = \"b\"\n[[pages]]\nid = \"a\"\ngoal = true\n[[pages]]\nid = \"b\"\n[[pages.items]]\ntype = \"link\"\ntext = \"x\"\ngo = \"a\"\n"))
	f.Add([]byte("goal = \"g\"\nframe = \"desktop\"\n[[pages]]\nid = \"a\"\nwindow = \"Lettre - Traitement de texte\"\naddress = \"x.fr\"\n[[pages.items]]\ntype = \"button\"\ntext = \"Fichier\"\ngo = \"b\"\nstyle = \"link\"\n[[pages]]\nid = \"b\"\ngoal = true\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		act, err := Kind{}.Parse(body, at)
		if err != nil {
			var pe *plugins.Error
			if !errors.As(err, &pe) || pe.Pos.Line < at.Line || pe.Pos.File != at.File {
				t.Fatalf("bad error %v", err)
			}
			if text := pe.Error(); strings.Contains(text, pe.Code()) || strings.Contains(text, "<no value>") {
				t.Fatalf("the message %s does not read: %q", pe.Code(), text)
			}
			return
		}
		a := act.(*Activity)
		if len(a.Pages) == 0 || len(a.Pages) > MaxPages || a.PageIndex(a.Start) < 0 {
			t.Fatalf("accepted %d pages, start %q", len(a.Pages), a.Start)
		}
		if !slices.Contains(Frames, a.Frame) {
			t.Fatalf("accepted frame %q", a.Frame)
		}
		for _, p := range a.Pages {
			if p.Window != "" && (a.Frame != Desktop || strings.ContainsAny(p.Window, "\r\n")) {
				t.Fatalf("accepted window %q in the %s frame", p.Window, a.Frame)
			}
			for _, it := range p.Items {
				if (it.Type == Link || it.Type == Button) && !slices.Contains(Styles, it.Look()) {
					t.Fatalf("accepted style %q", it.Look())
				}
			}
		}
		// Every accepted site can be done without a mistake, by mouse or keyboard alike.
		if r := a.Grade(a.Way()); !r.Passed || r.Score != 1 {
			t.Fatalf("the way to the goal fails: %+v (%+v)", r, a.Way())
		}
		// Pressing everything in turn never breaks the rules of the score.
		r := a.NewRun(nil)
		for range 3 {
			for i := range r.Page().Items {
				r.Cookies(Accept)
				r.Press(i)
				r.Back()
			}
		}
		if res := r.Result(); res.Score < 0 || res.Score > 1 || (res.Passed && res.Score < MinScore) {
			t.Fatalf("score %+v", res)
		}
	})
}
