package site

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"declic/plugins"
)

var at = plugins.Position{File: "modules/03-envoyer/02-caf.md", Line: 20}

// caf is the example of the agreed format, exactly as content writers read it.
func caf(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/caf.toml")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func parse(t testing.TB, body string) *Activity {
	t.Helper()
	a, err := Kind{}.Parse([]byte(body), at)
	if err != nil {
		t.Fatal(err)
	}
	return a.(*Activity)
}

func TestTheAgreedExampleParses(t *testing.T) {
	a := parse(t, string(caf(t)))
	if a.Frame != Browser || a.Start != "accueil" || len(a.Pages) != 3 {
		t.Fatalf("frame %q start %q pages %d", a.Frame, a.Start, len(a.Pages))
	}
	if got := a.Pages[0].Paragraphs(); !slices.Equal(got, []string{"Bonjour Marie.\nVous avez 1 message."}) {
		t.Errorf("paragraphs %q", got)
	}
	if a.Pages[0].Items[0].Expect != Refuse || a.Pages[1].Items[2].Input != Code {
		t.Errorf("items %+v", a.Pages[0].Items)
	}
	if got := a.Images(); !slices.Equal(got, []string{"images/caf-accueil.svg"}) {
		t.Errorf("images %q", got)
	}
	text := strings.Join(a.Text(), "|")
	for _, want := range []string{"Envoyer le justificatif de domicile", "Bienvenue sur Mon Compte", "votre code de confirmation est 482913", "Justificatif de domicile"} {
		if !strings.Contains(text, want) {
			t.Errorf("Text() lacks %q", want)
		}
	}
}

func TestDefaults(t *testing.T) {
	a := parse(t, "goal = \"Ouvrir\"\n[[pages]]\nid = \"a\"\n[[pages.items]]\ntype = \"field\"\nlabel = \"Nom\"\n[[pages.items]]\ntype = \"cookies\"\n[[pages.items]]\ntype = \"link\"\ntext = \"Suite\"\ngo = \"b\"\n[[pages]]\nid = \"b\"\ngoal = true\n")
	if a.Frame != Browser || a.Start != "a" || a.Pages[0].Items[0].Input != Text || a.Pages[0].Items[1].Expect != Any {
		t.Errorf("defaults not applied: %+v", a)
	}
	if a.Prompt() != "Ouvrir" {
		t.Errorf("without a prompt, the goal is read: %q", a.Prompt())
	}
}

// TestTheDesktopFrameNamesItsWindows: in the desktop frame, the title bar shows
// the page's window, else its title, which is then not drawn a second time.
func TestTheDesktopFrameNamesItsWindows(t *testing.T) {
	a := parse(t, "goal = \"Enregistrer\"\nframe = \"desktop\"\n[[pages]]\nid = \"lettre\"\ntitle = \"Lettre à la mairie\"\n[[pages.items]]\ntype = \"button\"\ntext = \"Fichier\"\ngo = \"fenetre\"\n[[pages]]\nid = \"fenetre\"\nwindow = \"Enregistrer sous\"\ntitle = \"Choisissez le dossier\"\naddress = \"exemple.fr\"\ngoal = true\n")
	if a.Frame != Desktop {
		t.Fatalf("frame %q", a.Frame)
	}
	lettre, fenetre := a.Pages[0], a.Pages[1]
	if lettre.WindowTitle() != "Lettre à la mairie" || a.Heading(lettre) != "" {
		t.Errorf("a page without window: title bar %q, heading %q", lettre.WindowTitle(), a.Heading(lettre))
	}
	if fenetre.WindowTitle() != "Enregistrer sous" || a.Heading(fenetre) != "Choisissez le dossier" {
		t.Errorf("a page with a window: title bar %q, heading %q", fenetre.WindowTitle(), a.Heading(fenetre))
	}
	if !slices.Contains(a.Text(), "Enregistrer sous") {
		t.Errorf("the window's title is read and searched: %q", a.Text())
	}
	browser := parse(t, "goal = \"g\"\n[[pages]]\nid = \"a\"\ntitle = \"Accueil\"\ngoal = true\n")
	if browser.Heading(browser.Pages[0]) != "Accueil" {
		t.Error("in a browser, the title is on the page")
	}
}

// TestLinksAndButtonsLookAsTheSiteDrawsThem: without style, every button of a
// page is plain and every link a link, right step or wrong; style changes the
// look only.
func TestLinksAndButtonsLookAsTheSiteDrawsThem(t *testing.T) {
	a := parse(t, page(
		"type = \"button\"\ntext = \"Annuler\"\nwrong = \"Non.\"",
		"type = \"link\"\ntext = \"Aide\"\nwrong = \"Non.\"",
		"type = \"button\"\ntext = \"Publicité\"\nwrong = \"Non.\"\nstyle = \"primary\"",
		"type = \"link\"\ntext = \"Se connecter\"\ngo = \"fin\"\nstyle = \"plain\"",
		"type = \"button\"\ntext = \"Mot de passe oublié\"\ngo = \"fin\"\nstyle = \"link\"",
	))
	items := a.Pages[0].Items
	want := []string{StylePlain, StyleLink, StylePrimary, StylePlain, StyleLink, StylePlain}
	for i, w := range want {
		if items[i].Style != w || items[i].Look() != w {
			t.Errorf("item %d %q: style %q, look %q, want %q", i+1, items[i].Words(), items[i].Style, items[i].Look(), w)
		}
	}
	if (Item{Type: Field}).Look() != "" {
		t.Error("a field has no look of a link or a button")
	}
}

// page builds a one-page site body whose page has the given item lines.
func page(items ...string) string {
	var b strings.Builder
	b.WriteString("goal = \"g\"\n[[pages]]\nid = \"a\"\n")
	for _, it := range items {
		b.WriteString("[[pages.items]]\n" + it + "\n")
	}
	b.WriteString("[[pages.items]]\ntype = \"button\"\ntext = \"Fin\"\ngo = \"fin\"\n[[pages]]\nid = \"fin\"\ngoal = true\n")
	return b.String()
}

func TestParseBadBodies(t *testing.T) {
	cases := []struct {
		name, body string
		line       int
		code       string // the message's id
		french     string // a part of its French text, with the values filled in
	}{
		{"no goal", "[[pages]]\nid = \"a\"\ngoal = true\n", 20, "plugins.site.no_goal", "le but manque. Écrivez goal = \"…\""},
		{"an unknown frame", "goal = \"g\"\nframe = \"tablet\"\n[[pages]]\nid = \"a\"\ngoal = true\n", 21, "plugins.site.unknown_frame", "le cadre « tablet » n'existe pas. Écrivez l'un de ceux-ci : browser, phone, desktop."},
		{"a window title in the browser frame", "goal = \"g\"\n[[pages]]\nid = \"a\"\nwindow = \"Lettre\"\ngoal = true\n", 23, "plugins.site.window_not_desktop", "window est la barre de titre d'une fenêtre de l'ordinateur. Écrivez frame = \"desktop\" en haut du bloc, ou retirez window (le cadre browser n'a pas de barre de titre)."},
		{"a window title in the phone frame", "goal = \"g\"\nframe = \"phone\"\n[[pages]]\nid = \"a\"\nwindow = \"Lettre\"\ngoal = true\n", 24, "plugins.site.window_not_desktop", "window est la barre de titre d'une fenêtre"},
		{"an empty window title", "goal = \"g\"\nframe = \"desktop\"\n[[pages]]\nid = \"a\"\nwindow = \" \"\ngoal = true\n", 24, "plugins.site.window_empty", "window est vide. Écrivez les mots de la barre de titre"},
		{"a window title on two lines", "goal = \"g\"\nframe = \"desktop\"\n[[pages]]\nid = \"a\"\nwindow = \"\"\"\nLettre\nà la mairie\"\"\"\ngoal = true\n", 24, "plugins.site.window_lines", "une barre de titre tient sur une ligne"},
		{"no pages", "goal = \"g\"\n", 20, "plugins.site.no_page", "le site n'a pas de page. Ajoutez des sections [[pages]]"},
		{"a page without id", "goal = \"g\"\n[[pages]]\ntitle = \"x\"\ngoal = true\n", 21, "plugins.site.page_no_id", "la page n° 1 n'a pas d'id"},
		{"an id with a space", "goal = \"g\"\n[[pages]]\nid = \"mon compte\"\ngoal = true\n", 22, "plugins.site.page_id_invalid", "l'id de page « mon compte » ne va pas. Écrivez seulement des lettres, des chiffres et des tirets"},
		{"two pages with one id", "goal = \"g\"\n[[pages]]\nid = \"a\"\n[[pages]]\nid = \"a\"\ngoal = true\n", 24, "plugins.site.same_page_id", "les pages n° 1 et n° 2 ont le même id « a »"},
		{"a start naming no page", "goal = \"g\"\nstart = \"debut\"\n[[pages]]\nid = \"a\"\ngoal = true\n", 21, "plugins.site.start_unknown", "start = \"debut\" ne nomme aucune page. Écrivez l'id d'une section [[pages]] : a."},
		{"an address with https", "goal = \"g\"\n[[pages]]\nid = \"a\"\naddress = \"https://caf.fr\"\ngoal = true\n", 23, "plugins.site.address", "address = \"https://caf.fr\" ne va pas. Écrivez l'adresse sans https://"},
		{"an image on the web", "goal = \"g\"\n[[pages]]\nid = \"a\"\nimage = \"https://x.fr/a.png\"\ngoal = true\n", 23, "plugins.image.web", "l'image « https://x.fr/a.png » est une adresse web"},
		{"no goal page", "goal = \"g\"\n[[pages]]\nid = \"a\"\n", 21, "plugins.site.no_goal_page", "aucune page n'est l'arrivée. Ajoutez goal = true"},
		{"an unreachable goal", "goal = \"g\"\n[[pages]]\nid = \"a\"\n[[pages.items]]\ntype = \"link\"\ntext = \"Pub\"\nwrong = \"Non.\"\n[[pages]]\nid = \"b\"\ngoal = true\n", 29, "plugins.site.goal_unreachable", "aucune page d'arrivée ne peut être atteinte depuis la page de départ « a ». Ajoutez, sur le chemin, un bouton ou un lien avec go = \"b\"."},
		{"a go naming no page", page("type = \"link\"\ntext = \"Suite\"\ngo = \"suite\""), 26, "plugins.site.go_unknown", "go = \"suite\" ne nomme aucune page. Écrivez l'id d'une section [[pages]] : a, fin."},
		{"a button leading nowhere", page("type = \"button\"\ntext = \"OK\""), 23, "plugins.site.leads_nowhere", "l'élément button « OK » ne mène nulle part. Écrivez go = \"…\""},
		{"a link with go and wrong", page("type = \"link\"\ntext = \"x\"\ngo = \"fin\"\nwrong = \"Non.\""), 27, "plugins.site.go_and_wrong", "l'élément link « x » a go et wrong"},
		{"a link with an empty wrong", page("type = \"link\"\ntext = \"x\"\nwrong = \" \""), 26, "plugins.site.wrong_empty", "wrong est vide. Écrivez pourquoi cette étape est mauvaise."},
		{"an item without type", page("text = \"x\""), 23, "plugins.site.item_no_type", "l'élément n° 1 de la page « a » n'a pas de type. Écrivez type = \"…\", l'un de ceux-ci : link, button, field, check, choice, file, cookies."},
		{"an unknown item type", page("type = \"slider\""), 24, "plugins.site.unknown_item_type", "le type d'élément « slider » n'existe pas"},
		{"an empty link", page("type = \"link\"\ntext = \" \"\ngo = \"fin\""), 23, "plugins.site.no_words", "cet élément link n'a pas de mots. Écrivez text = \"…\""},
		{"a field without label", page("type = \"field\""), 23, "plugins.site.no_label", "cet élément field n'a pas de nom. Écrivez label = \"…\""},
		{"a label on a button", page("type = \"button\"\ntext = \"x\"\nlabel = \"y\"\ngo = \"fin\""), 26, "plugins.site.key_not_for_type", "label ne sert pas pour un élément button. Retirez label : il sert seulement pour les éléments field, choice, file."},
		{"options on a field", page("type = \"field\"\nlabel = \"x\"\noptions = [\"a\", \"b\"]"), 26, "plugins.site.key_not_for_type", "options ne sert pas pour un élément field"},
		{"required on a link", page("type = \"link\"\ntext = \"x\"\ngo = \"fin\"\nrequired = true"), 27, "plugins.site.key_not_for_type", "required ne sert pas pour un élément link"},
		{"go on a check box", page("type = \"check\"\ntext = \"x\"\ngo = \"fin\""), 26, "plugins.site.key_not_for_type", "go ne sert pas pour un élément check"},
		{"hint on a choice", page("type = \"choice\"\nlabel = \"x\"\noptions = [\"a\", \"b\"]\nhint = \"h\""), 27, "plugins.site.key_not_for_type", "hint ne sert pas pour un élément choice"},
		{"an unknown input", page("type = \"field\"\nlabel = \"x\"\ninput = \"phone\""), 26, "plugins.site.unknown_input", "la sorte de case « phone » n'existe pas. Écrivez input = l'une de celles-ci : text, email, password, number, date, code."},
		{"a code with letters", page("type = \"field\"\nlabel = \"x\"\ninput = \"code\"\nexpect = \"AB12\""), 27, "plugins.site.code_digits", "expect = \"AB12\" ne va pas : un code reçu par SMS est fait de chiffres."},
		{"a choice with one option", page("type = \"choice\"\nlabel = \"x\"\noptions = [\"a\"]"), 23, "plugins.site.choice_options", "la liste « x » a besoin d'au moins 2 options"},
		{"a choice with an empty option", page("type = \"choice\"\nlabel = \"x\"\noptions = [\"a\", \"\"]"), 26, "plugins.site.option_empty", "l'option n° 2 est vide"},
		{"a choice with an option twice", page("type = \"choice\"\nlabel = \"x\"\noptions = [\"a\", \"a\"]"), 26, "plugins.site.option_twice", "les options n° 1 et n° 2 sont toutes les 2 « a »"},
		{"a choice with an expect not in the options", page("type = \"choice\"\nlabel = \"x\"\noptions = [\"a\", \"b\"]\nexpect = \"c\""), 27, "plugins.site.expect_not_option", "expect = \"c\" n'est pas l'une des options"},
		{"a file picker with one file", page("type = \"file\"\nlabel = \"x\"\nfiles = [\"a.pdf\"]"), 23, "plugins.site.files_count", "une fenêtre de fichiers montre de 2 à 8 documents"},
		{"a file picker with nine files", page("type = \"file\"\nlabel = \"x\"\nfiles = [\"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\"]"), 23, "plugins.site.files_count", "de 2 à 8 documents"},
		{"a file with no name", page("type = \"file\"\nlabel = \"x\"\nfiles = [\"a.pdf\", \" \"]"), 26, "plugins.site.file_empty", "le document n° 2 est vide"},
		{"a file twice", page("type = \"file\"\nlabel = \"x\"\nfiles = [\"a.pdf\", \"a.pdf\"]"), 26, "plugins.site.file_twice", "les documents n° 1 et n° 2 sont tous les 2 « a.pdf »"},
		{"a file in a folder", page("type = \"file\"\nlabel = \"x\"\nfiles = [\"a.pdf\", \"docs/b.pdf\"]"), 26, "plugins.site.file_folder", "le document « docs/b.pdf » a un dossier dans son nom"},
		{"a file expect not in the files", page("type = \"file\"\nlabel = \"x\"\nfiles = [\"a.pdf\", \"b.pdf\"]\nexpect = \"c.pdf\""), 27, "plugins.site.expect_not_file", "expect = \"c.pdf\" n'est pas l'un des documents"},
		{"an unknown cookie answer", page("type = \"cookies\"\nexpect = \"maybe\""), 25, "plugins.site.unknown_cookie_answer", "« maybe » n'est pas une réponse à un bandeau de cookies. Écrivez expect = l'une de celles-ci : refuse, accept, any."},
		{"a cookie message with any answer", page("type = \"cookies\"\nwrong = \"Non.\""), 25, "plugins.site.wrong_with_any", "mais expect = \"any\" accepte les 2"},
		{"an empty cookie message", page("type = \"cookies\"\nexpect = \"refuse\"\nwrong = \" \""), 26, "plugins.site.cookie_wrong_empty", "wrong est vide. Écrivez pourquoi cette réponse est mauvaise."},
		{"two cookie banners", page("type = \"cookies\"", "type = \"cookies\""), 25, "plugins.site.two_cookie_banners", "la page « a » a 2 bandeaux de cookies"},
		{"an unknown style", page("type = \"button\"\ntext = \"x\"\ngo = \"fin\"\nstyle = \"big\""), 27, "plugins.site.unknown_style", "l'aspect « big » n'existe pas. Écrivez style = l'un de ceux-ci : primary, plain, link."},
		{"a style on a field", page("type = \"field\"\nlabel = \"x\"\nstyle = \"primary\""), 26, "plugins.site.key_not_for_type", "style ne sert pas pour un élément field. Retirez style : il sert seulement pour les éléments link, button."},
		{"a style on a cookie banner", page("type = \"cookies\"\nstyle = \"plain\""), 25, "plugins.site.key_not_for_type", "style ne sert pas pour un élément cookies"},
		{"a typo in an item", page("type = \"link\"\ntxt = \"x\""), 25, "courses.activity_unknown_key", "la clé « txt » n'existe pas"},
		{"a goal as a text on a page", "goal = \"g\"\n[[pages]]\nid = \"a\"\ngoal = \"oui\"\n", 23, "courses.activity_wrong_type", "goal n'a pas le bon type de valeur. Écrivez true ou false"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Kind{}.Parse([]byte(c.body), at)
			var pe *plugins.Error
			if !errors.As(err, &pe) {
				t.Fatalf("want *plugins.Error, got %v", err)
			}
			if pe.Pos.Line != c.line || pe.Pos.File != at.File || pe.Code() != c.code || !strings.Contains(pe.Error(), c.french) {
				t.Errorf("got %v (%s), want line %d, %s with %q", err, pe.Code(), c.line, c.code, c.french)
			}
		})
	}
}

func TestTooManyPagesAndItems(t *testing.T) {
	var b strings.Builder
	b.WriteString("goal = \"g\"\n")
	for i := range MaxPages + 1 {
		b.WriteString("[[pages]]\nid = \"p" + string(rune('a'+i)) + "\"\ngoal = true\n")
	}
	_, err := Kind{}.Parse([]byte(b.String()), at)
	if pe, ok := err.(*plugins.Error); !ok || pe.Code() != "plugins.site.too_many_pages" || pe.Message.Args["Extra"] != 1 {
		t.Errorf("13 pages: %#v", err)
	}
	if err == nil || !strings.Contains(err.Error(), "un site a 12 pages au plus, pour que la démarche reste courte. Retirez-en 1.") || !strings.HasPrefix(err.Error(), "modules/03-envoyer/02-caf.md:57:") {
		t.Errorf("13 pages: %v", err)
	}
	items := make([]string, MaxItems)
	for i := range items {
		items[i] = "type = \"check\"\ntext = \"c" + string(rune('a'+i)) + "\""
	}
	_, err = Kind{}.Parse([]byte(page(items...)), at)
	if pe, ok := err.(*plugins.Error); !ok || pe.Code() != "plugins.site.too_many_items" || pe.Message.Args["Page"] != "a" {
		t.Errorf("11 items: %#v", err)
	}
	if err == nil || !strings.Contains(err.Error(), "une page a 10 éléments au plus, pour tenir sur un écran. Coupez la page « a » en 2.") || !strings.HasPrefix(err.Error(), "modules/03-envoyer/02-caf.md:53:") {
		t.Errorf("11 items: %v", err)
	}
}
