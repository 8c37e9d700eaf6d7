package courses

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestTheWordsOfPicturesAreChecked loads a pack whose lesson picture writes its
// words within the supported subset, and whose quiz picture writes them with a
// style attribute: only the second is an error, at its line of the SVG file.
func TestTheWordsOfPicturesAreChecked(t *testing.T) {
	good := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 120">
<g transform="translate(20,40)"><text x="0" y="30" font-size="20" font-weight="bold" fill="#1a1a1a">De : service-client@banque.example.com</text></g>
<text x="620" y="100" font-size="16" text-anchor="end">Envoyé le 3 mars &amp; lu</text>
</svg>`
	bad := "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 60\">\n<rect width=\"200\" height=\"60\" fill=\"#eee\"/>\n<text x=\"10\" y=\"40\" style=\"font-size:18px\">Entrée</text>\n</svg>"
	lesson := "+++\ntitle = \"Lire\"\nduration = 5\n+++\n\n## Un e-mail\n\n![Un e-mail avec son expéditeur.](images/mail.svg)\n\nLisez l'expéditeur.\n\n## Une touche\n\n```quiz\nquestion = \"Quelle touche ?\"\nimage = \"images/touche.svg\"\n[[choices]]\ntext = \"Entrée\"\ncorrect = true\n[[choices]]\ntext = \"Échap\"\n```\n"
	fsys := fstest.MapFS{
		"pack.toml":                         {Data: []byte("id = \"org.example.mots\"\nversion = \"1.0.0\"\ntitle = \"Mots\"\nlanguage = \"fr\"\nauthors = [\"A\"]\nlicence = \"CC0-1.0\"\ndescription = \"D\"\n")},
		"modules/01-lire/module.toml":       {Data: []byte("title = \"Lire\"\nsummary = \"S\"\nlevel = \"débutant\"\ncompetencies = [\"5.2\"]\nhours = 0.03\norder = 1\n")},
		"modules/01-lire/01-lire.md":        {Data: []byte(lesson)},
		"modules/01-lire/images/mail.svg":   {Data: []byte(good)},
		"modules/01-lire/images/touche.svg": {Data: []byte(bad)},
	}
	_, problems, err := Load(fsys, "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 {
		t.Fatalf("want one problem, got %v", problems)
	}
	p := problems[0]
	if p.File != "modules/01-lire/images/touche.svg" || p.Line != 3 || p.Severity != SeverityError || p.Code != "courses.svg_text_attribute" || !strings.Contains(p.Message().String(), "L'attribut style d'un <text> n'est pas pris en charge : écrivez chaque propriété comme un attribut") {
		t.Errorf("got %s", p)
	}
}
