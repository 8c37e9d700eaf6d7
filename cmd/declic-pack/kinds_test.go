package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"declic/internal/cli"
)

// The picture of the pack that `declic-pack new` writes.
const trapPicture = "modules/01-premier-module/images/souris.svg"

// A broken activity of each kind, and a broken picture, as a trainer writes
// them in the lesson that `declic-pack new` makes: the real declic-pack
// validate names the place, says what is wrong in French and what to write,
// and fails.
func TestBrokenActivitiesAreExplainedInFrenchThroughTheRealCommand(t *testing.T) {
	tests := []struct {
		name     string
		file     string // the file of the pack to change
		old, new string
		want     string // the line validate prints
	}{
		{"a quiz key with a typo names the keys allowed", trapLesson,
			`question = "Avec quel bouton`, `questoin = "Avec quel bouton`,
			trapLesson + ":29: erreur : Activité quiz : la clé « questoin » n'existe pas. Vérifiez son orthographe ; les clés permises ici sont : choices, image, multiple, prompt, question."},
		{"a quiz without a right choice says to add correct = true", trapLesson,
			"correct = true\n# Le message montré après ce choix", "# Le message montré après ce choix",
			trapLesson + ":32: erreur : Activité quiz : aucun choix n'est marqué juste. Ajoutez correct = true au bon choix."},
		{"a quiz with 2 right choices says to add multiple = true", trapLesson,
			`text = "La molette"`, "text = \"La molette\"\ncorrect = true",
			trapLesson + ":39: erreur : Activité quiz : 2 choix sont marqués justes, mais multiple = false. Gardez un seul correct = true, ou ajoutez multiple = true en haut du bloc."},
		{"a French « non » instead of false is explained", trapLesson,
			"multiple = false", "multiple = non",
			trapLesson + ":31: erreur : Activité quiz : la valeur commence par « n » : ce n'est ni un texte entre guillemets, ni un nombre, ni true ou false. Écrivez les textes entre guillemets droits \"…\", et true ou false en minuscules."},
		{"a mouse action in French lists the actions", trapLesson,
			`action = "click"`, `action = "clic"`,
			trapLesson + ":51: erreur : Activité mouse : l'action « clic » n'existe pas. Écrivez l'une de celles-ci : click, double-click, right-click, drag, scroll."},
		{"a drag without its zone asks for one", trapLesson,
			`zone = "La boîte aux lettres"`, "",
			trapLesson + ":53: erreur : Activité mouse : la cible n° 2 est à glisser (drag), mais n'a pas de zone où la poser. Écrivez zone = \"…\"."},
		{"a key name with a typo lists the names", trapLesson,
			`text = "Marie"`, `keys = ["Entre"]`,
			trapLesson + ":65: erreur : Activité keyboard : la touche « Entre » n'existe pas. Écrivez une lettre, un chiffre, F1 à F12, ou l'une de celles-ci : Entrée, Effacer, Suppr,"},
		{"a text and keys in one exercise ask for 2 activities", trapLesson,
			`text = "Marie"`, "text = \"Marie\"\nkeys = [\"Entrée\"]",
			trapLesson + ":66: erreur : Activité keyboard : écrivez text = \"…\" (un texte à taper) ou keys = [\"…\"] (des touches à appuyer), pas les deux. Faites 2 activités."},
		{"a form field type with a typo lists the types", trapLesson,
			`type = "email"`, `type = "mail"`,
			trapLesson + ":86: erreur : Activité form : le type de champ « mail » n'existe pas. Écrivez l'un de ceux-ci : text, email, password, date, number, choice, textarea."},
		{"a form site written as a web address is shortened", trapLesson,
			`site = "inscription.example.fr"`, `site = "https://inscription.example.fr"`,
			trapLesson + ":73: erreur : Activité form : site = \"https://inscription.example.fr\" ne va pas. Écrivez seulement le nom du site, sans https:// ni espace, comme site = \"messagerie.example.fr\"."},
		{"2 steps alike in an order exercise are named", trapLesson,
			`"Montrer le bouton"`, `"Poser la main sur la souris"`,
			trapLesson + ":95: erreur : Activité order : les étapes n° 1 et n° 2 sont les mêmes (« Poser la main sur la souris »). Écrivez des étapes différentes : sinon, l'apprenant ne peut pas savoir laquelle va en premier."},
		{"a list without its comma says where the comma goes", trapLesson,
			`"Montrer le bouton", "Cliquer"`, `"Montrer le bouton" "Cliquer"`,
			trapLesson + ":95: erreur : Activité order : une virgule manque entre 2 éléments de la liste. Séparez-les par une virgule : [\"…\", \"…\"]."},
		{"a trap without its explanation asks for explain", trapLesson,
			`explain = "Vous ne connaissez pas cette adresse. C'est un piège."`, "",
			trapLesson + ":105: erreur : Activité spot : le morceau n° 1 (« cadeau@gagnant-souris.example.com ») est un piège, mais n'a pas d'explication. Écrivez explain = \"…\" : pourquoi c'est un piège."},
		{"a spot format in French lists the formats", trapLesson,
			`format = "email"`, `format = "courriel"`,
			trapLesson + ":104: erreur : Activité spot : le format « courriel » n'existe pas. Écrivez l'un de ceux-ci : email, sms, web."},
		{"a button going to no page lists the page ids", trapLesson,
			`go = "messages"`, `go = "message"`,
			trapLesson + ":145: erreur : Activité site : go = \"message\" ne nomme aucune page. Écrivez l'id d'une section [[pages]] : accueil, messages."},
		{"a site without an arrival page asks for goal = true", trapLesson,
			"goal = true\n```", "```",
			trapLesson + ":146: erreur : Activité site : aucune page n'est l'arrivée. Ajoutez goal = true à la page que l'apprenant doit atteindre (comme « Document envoyé »)."},
		{"a text not closed in a site says to close it", trapLesson,
			`title = "Bonjour Marie"`, `title = "Bonjour Marie`,
			trapLesson + ":129: erreur : Activité site : un texte n'est pas fermé sur sa ligne. Ajoutez le guillemet droit \" à la fin du texte."},
		{"the words of a picture in a style attribute are explained", trapPicture,
			`<rect width="480" height="320" fill="#ffffff"/>`, "<rect width=\"480\" height=\"320\" fill=\"#ffffff\"/>\n  <text x=\"20\" y=\"300\" style=\"font-size:18px\">Gauche</text>",
			trapPicture + ":3: erreur : L'attribut style d'un <text> n'est pas pris en charge : écrivez chaque propriété comme un attribut, par exemple font-size=\"18\" fill=\"#1a1a1a\"."},
		{"a picture cut short is explained", trapPicture,
			"</svg>", "<text x=\"20\" y=\"300\">Gauche</text>\n</sv",
			trapPicture + ":9: erreur : Ce fichier SVG s'arrête au milieu d'un élément : il est coupé ou abîmé. Enregistrez l'image de nouveau depuis votre logiciel de dessin."},
	}
	dir := newPackForTraps(t)
	originals := map[string][]byte{}
	for _, f := range []string{trapLesson, trapPicture} {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		originals[f] = data
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for f, data := range originals {
				if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(f)), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			edit(t, dir, tt.file, tt.old, tt.new)
			code, out, errOut := runReal(t, dir, nil, "validate", ".")
			if code != cli.ExitProblems {
				t.Errorf("exit %d, want %d\n%s%s", code, cli.ExitProblems, out, errOut)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("the output lacks\n  %s\ngot:\n%s%s", tt.want, out, errOut)
			}
			if strings.Count(out, ": erreur : ") != 1 {
				t.Errorf("one mistake gives one error, got:\n%s", out)
			}
		})
	}
}

// The same kind of mistake in English when the trainer asks for it, and the
// pack as `declic-pack new` wrote it is still clean.
func TestABrokenActivityInEnglishThroughTheRealCommand(t *testing.T) {
	dir := newPackForTraps(t)
	if code, out, errOut := runReal(t, dir, nil, "validate", "."); code != cli.ExitOK {
		t.Fatalf("the new pack: exit %d\n%s%s", code, out, errOut)
	}
	edit(t, dir, trapLesson, "correct = true\n# Le message montré après ce choix", "# Le message montré après ce choix")
	edit(t, dir, trapLesson, `action = "click"`, `action = "clic"`)
	code, out, _ := runReal(t, dir, []string{"DECLIC_LANG=en"}, "validate", ".")
	for _, want := range []string{
		trapLesson + ":32: error: quiz activity: no choice is marked right. Add correct = true to the right choice.",
		trapLesson + ":50: error: mouse activity: the action “clic” does not exist. Write one of these: click, double-click, right-click, drag, scroll.",
	} {
		if code != cli.ExitProblems || !strings.Contains(out, want) {
			t.Errorf("exit %d, the output lacks\n  %s\ngot:\n%s", code, want, out)
		}
	}
	if strings.Contains(out, "erreur") || strings.Contains(out, "Activité") {
		t.Errorf("French in the English output:\n%s", out)
	}
}
