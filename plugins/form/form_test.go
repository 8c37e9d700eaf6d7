package form

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"declic/plugins"
)

var at = plugins.Position{File: "m/compte.md", Line: 40}

const account = `site = "messagerie.example.fr"
title = "Créer votre adresse e-mail"
[[fields]]
label = "Prénom"
required = true
[[fields]]
label = "Adresse e-mail"
type = "email"
required = true
[[fields]]
label = "Mot de passe"
type = "password"
required = true
min_length = 12
strong = true
[[fields]]
label = "Date de naissance"
type = "date"
[[fields]]
label = "Motif"
type = "choice"
options = ["Renouveler ma carte", "Changer d'adresse"]
[[fields]]
label = "Message"
type = "textarea"
expect = "bonjour"
[[fields]]
label = "Code postal"
type = "number"
`

func parse(t *testing.T, body string) *Activity {
	t.Helper()
	a, err := Kind{}.Parse([]byte(body), at)
	if err != nil {
		t.Fatal(err)
	}
	return a.(*Activity)
}

var goodValues = []string{"Marie", "marie@example.fr", "Velo-Jardin-72", "05/03/1970", "Changer d'adresse", "Bonjour madame", "75000"}

func TestParseDefaultsTypeToText(t *testing.T) {
	a := parse(t, account)
	if a.Fields[0].Type != Text || len(a.Fields) != 7 {
		t.Errorf("fields %+v", a.Fields)
	}
}

func TestParseBadBodies(t *testing.T) {
	cases := []struct {
		name, body string
		line       int
		code       string // the message's id
		french     string // a part of its French text, with the values filled in
	}{
		{"no fields", "site = \"a.example.fr\"\n", 40, "plugins.form.no_field", "le formulaire n'a pas de champ. Ajoutez une section [[fields]]"},
		{"a site with https", "site = \"https://a.example.fr\"\n[[fields]]\nlabel = \"x\"\n", 40, "plugins.form.site_address", "site = \"https://a.example.fr\" ne va pas. Écrivez seulement le nom du site, sans https://"},
		{"too many fields", strings.Repeat("[[fields]]\nlabel = \"x\"\n", 8) + "[[fields]]\nlabel = \"y\"\n", 56, "plugins.form.too_many_fields", "le formulaire a 9 champs, et 8 au plus"},
		{"no label", "[[fields]]\ntype = \"email\"\n", 40, "plugins.form.field_no_label", "le champ n° 1 n'a pas de nom. Écrivez label = \"…\""},
		{"unknown type", "[[fields]]\nlabel = \"x\"\ntype = \"mail\"\n", 42, "plugins.form.unknown_type", "le type de champ « mail » n'existe pas. Écrivez l'un de ceux-ci : text, email, password, date, number, choice, textarea."},
		{"min_length on a date", "[[fields]]\nlabel = \"x\"\ntype = \"date\"\nmin_length = 3\n", 43, "plugins.form.min_length_type", "et ce champ est « date ». Retirez min_length."},
		{"negative min_length", "[[fields]]\nlabel = \"x\"\nmin_length = -1\n", 42, "plugins.form.min_length_range", "min_length = -1 ne va pas. Écrivez un nombre de 0 à 64."},
		{"strong on a text", "[[fields]]\nlabel = \"x\"\nstrong = true\n", 42, "plugins.form.strong_type", "strong sert seulement pour un mot de passe, et ce champ est « text »"},
		{"a choice with one option", "[[fields]]\nlabel = \"x\"\ntype = \"choice\"\noptions = [\"a\"]\n", 40, "plugins.form.choice_options", "le champ « x » est une liste de choix : il lui faut au moins 2 options."},
		{"options on a text", "[[fields]]\nlabel = \"x\"\noptions = [\"a\", \"b\"]\n", 42, "plugins.form.options_type", "options sert seulement pour un champ choice"},
		{"an empty option", "[[fields]]\nlabel = \"x\"\ntype = \"choice\"\noptions = [\"a\", \"\"]\n", 43, "plugins.form.option_empty", "l'option n° 2 est vide"},
		{"expect on an email", "[[fields]]\nlabel = \"x\"\ntype = \"email\"\nexpect = \"@\"\n", 43, "plugins.form.expect_type", "expect sert seulement pour les champs text et textarea, et ce champ est « email »"},
		{"two fields with one label", "[[fields]]\nlabel = \"Nom\"\n[[fields]]\nlabel = \"nom\"\n", 42, "plugins.form.same_label", "les champs n° 1 et n° 2 ont le même nom « nom »"},
		{"a typo", "[[fields]]\nlabel = \"x\"\nrequierd = true\n", 42, "courses.activity_unknown_key", "la clé « requierd » n'existe pas"},
		{"required as text", "[[fields]]\nlabel = \"x\"\nrequired = \"oui\"\n", 42, "courses.activity_wrong_type", "required n'a pas le bon type de valeur. Écrivez true ou false"},
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

func TestCheckGivesTheMessagesRealSitesGive(t *testing.T) {
	a := parse(t, account)
	cases := []struct {
		name  string
		field int
		value string
		want  string
	}{
		{"required and empty", 0, "  ", "Ce champ est obligatoire."},
		{"an e-mail without @", 1, "marie.example.fr", "L'adresse e-mail doit contenir un @."},
		{"an e-mail with two @", 1, "marie@@example.fr", "L'adresse e-mail contient un seul @."},
		{"an e-mail with a space", 1, "marie @example.fr", "L'adresse e-mail ne contient pas d'espace."},
		{"an e-mail without a name", 1, "@example.fr", "Écrivez votre nom avant le @."},
		{"an e-mail without a dot", 1, "marie@example", "Après le @, écrivez le nom du site. Par exemple : exemple.fr"},
		{"a short password", 2, "Ab1!", "Le mot de passe doit avoir au moins 12 caractères."},
		{"a password without digit nor symbol", 2, "Abcdefghijklm", "Ajoutez un chiffre. Par exemple : 7. Ajoutez un symbole. Par exemple : ! ou ?"},
		{"a password without capital", 2, "velo-jardin-72", "Ajoutez une majuscule. Par exemple : A."},
		{"a date written with dashes", 3, "05-03-1970", "Écrivez la date ainsi : JJ/MM/AAAA. Par exemple : 05/03/1970."},
		{"a date that does not exist", 3, "31/02/2000", "Cette date n'existe pas. Vérifiez le jour et le mois."},
		{"a date with short day and month", 3, "5/3/1970", ""},
		{"an optional empty date", 3, "", ""},
		{"a choice not in the list", 4, "Autre", "Choisissez une réponse dans la liste."},
		{"a message without the word", 5, "Salut", "Votre texte doit contenir : « bonjour »."},
		{"a message with the word, other case and accents", 5, "BONJOUR à vous", ""},
		{"letters in a number", 6, "75 000", "Écrivez seulement des chiffres."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			values := append([]string(nil), goodValues...)
			values[c.field] = c.value
			errs := a.Check(values, nil)
			for i, e := range errs {
				if i == c.field && e != c.want {
					t.Errorf("field %d: got %q, want %q", i, e, c.want)
				}
				if i != c.field && e != "" {
					t.Errorf("field %d should be accepted, got %q", i, e)
				}
			}
		})
	}
}

func TestGradeAcceptsOnlyAValidForm(t *testing.T) {
	a := parse(t, account)
	r := a.Grade(Answer{Values: goodValues})
	if !r.Passed || r.Score != 1 || r.Feedback != "C'est envoyé. Bravo !" || r.Summary != "formulaire accepté" {
		t.Errorf("valid form: %+v", r)
	}
	bad := append([]string(nil), goodValues...)
	bad[0], bad[1] = "", "marie"
	r = a.Grade(&Answer{Values: bad})
	if r.Passed || r.Score != 5.0/7 {
		t.Errorf("two errors: %+v", r)
	}
	for _, want := range []string{"Prénom : Ce champ est obligatoire.", "Adresse e-mail : L'adresse e-mail doit contenir un @."} {
		if !strings.Contains(r.Feedback, want) {
			t.Errorf("feedback %q lacks %q", r.Feedback, want)
		}
	}
	if r.Summary != "champs à corriger : 2" {
		t.Errorf("summary %q", r.Summary)
	}
	if r := a.Grade(Answer{}); r.Passed || r.Score != 4.0/7 {
		t.Errorf("no values: the 3 required fields fail: %+v", r)
	}
	withSuccess := parse(t, "success = \"Compte créé.\"\n[[fields]]\nlabel = \"x\"\n")
	if r := withSuccess.Grade(Answer{Values: []string{""}}); r.Feedback != "Compte créé." {
		t.Errorf("the pack's success text: %q", r.Feedback)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(account))
	f.Add([]byte("[[fields]]\nlabel = \"a\"\ntype = \"choice\"\noptions = [\"x\", \"y\"]\n"))
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
		for _, fl := range a.Fields {
			if !slices.Contains(Types, fl.Type) || strings.TrimSpace(fl.Label) == "" {
				t.Fatalf("accepted field %+v", fl)
			}
		}
		r := a.Grade(Answer{Values: make([]string, len(a.Fields))})
		if r.Score < 0 || r.Score > 1 {
			t.Fatalf("score %v", r.Score)
		}
		if r := a.Grade(Answer{Values: a.Example()}); !r.Passed {
			t.Fatalf("the example %q is refused: %s", a.Example(), r.Feedback)
		}
	})
}

func FuzzCheck(f *testing.F) {
	f.Add("marie@example.fr", "31/12/1999", "Abc-12345678")
	f.Fuzz(func(t *testing.T, email, date, password string) {
		a := &Activity{Fields: []Field{{Label: "e", Type: Email}, {Label: "d", Type: Date}, {Label: "p", Type: Password, MinLength: 12, Strong: true}}}
		if errs := a.Check([]string{email, date, password}, nil); len(errs) != 3 {
			t.Fatalf("%d messages", len(errs))
		}
	})
}

func TestExampleIsAcceptedByEveryForm(t *testing.T) {
	a := parse(t, account)
	if r := a.Grade(Answer{Values: a.Example()}); !r.Passed {
		t.Fatalf("the example is refused: %+v", r)
	}
	long := parse(t, "[[fields]]\nlabel = \"p\"\ntype = \"password\"\nmin_length = 30\nstrong = true\n[[fields]]\nlabel = \"t\"\nmin_length = 20\nexpect = \"Madame\"\n")
	if r := long.Grade(Answer{Values: long.Example()}); !r.Passed {
		t.Fatalf("the example is refused: %+v (%q)", r, long.Example())
	}
}
