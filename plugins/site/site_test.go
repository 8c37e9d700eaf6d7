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
		want       string
	}{
		{"no goal", "[[pages]]\nid = \"a\"\ngoal = true\n", 20, "a site needs a goal"},
		{"an unknown frame", "goal = \"g\"\nframe = \"tablet\"\n[[pages]]\nid = \"a\"\ngoal = true\n", 21, `unknown frame "tablet": write one of browser, phone`},
		{"no pages", "goal = \"g\"\n", 20, "a site needs pages"},
		{"a page without id", "goal = \"g\"\n[[pages]]\ntitle = \"x\"\ngoal = true\n", 21, "page 1 has no id"},
		{"an id with a space", "goal = \"g\"\n[[pages]]\nid = \"mon compte\"\ngoal = true\n", 22, "letters, digits and dashes"},
		{"two pages with one id", "goal = \"g\"\n[[pages]]\nid = \"a\"\n[[pages]]\nid = \"a\"\ngoal = true\n", 24, `pages 1 and 2 have the same id "a"`},
		{"a start naming no page", "goal = \"g\"\nstart = \"debut\"\n[[pages]]\nid = \"a\"\ngoal = true\n", 21, `start names no page: "debut"`},
		{"an address with https", "goal = \"g\"\n[[pages]]\nid = \"a\"\naddress = \"https://caf.fr\"\ngoal = true\n", 23, "without https://"},
		{"an image on the web", "goal = \"g\"\n[[pages]]\nid = \"a\"\nimage = \"https://x.fr/a.png\"\ngoal = true\n", 23, "not web addresses"},
		{"no goal page", "goal = \"g\"\n[[pages]]\nid = \"a\"\n", 21, "no page is a goal"},
		{"an unreachable goal", "goal = \"g\"\n[[pages]]\nid = \"a\"\n[[pages.items]]\ntype = \"link\"\ntext = \"Pub\"\nwrong = \"Non.\"\n[[pages]]\nid = \"b\"\ngoal = true\n", 29, `no goal page can be reached from the start page "a"`},
		{"a go naming no page", page("type = \"link\"\ntext = \"Suite\"\ngo = \"suite\""), 26, `go names no page: "suite" is not the id of a [[pages]] section (the ids are a, fin)`},
		{"a button leading nowhere", page("type = \"button\"\ntext = \"OK\""), 23, `the button "OK" leads nowhere`},
		{"a link with go and wrong", page("type = \"link\"\ntext = \"x\"\ngo = \"fin\"\nwrong = \"Non.\""), 27, "has both go and wrong"},
		{"an item without type", page("text = \"x\""), 23, "item 1 of page \"a\" has no type"},
		{"an unknown item type", page("type = \"slider\""), 24, `unknown item type "slider"`},
		{"an empty link", page("type = \"link\"\ntext = \" \"\ngo = \"fin\""), 23, "this link has no words"},
		{"a field without label", page("type = \"field\""), 23, "this field has no name"},
		{"a label on a button", page("type = \"button\"\ntext = \"x\"\nlabel = \"y\"\ngo = \"fin\""), 26, "label is not used by a button item"},
		{"options on a field", page("type = \"field\"\nlabel = \"x\"\noptions = [\"a\", \"b\"]"), 26, "options is not used by a field item"},
		{"required on a link", page("type = \"link\"\ntext = \"x\"\ngo = \"fin\"\nrequired = true"), 27, "required is not used by a link item"},
		{"go on a check box", page("type = \"check\"\ntext = \"x\"\ngo = \"fin\""), 26, "go is not used by a check item"},
		{"hint on a choice", page("type = \"choice\"\nlabel = \"x\"\noptions = [\"a\", \"b\"]\nhint = \"h\""), 27, "hint is not used by a choice item"},
		{"an unknown input", page("type = \"field\"\nlabel = \"x\"\ninput = \"phone\""), 26, `unknown input "phone"`},
		{"a code with letters", page("type = \"field\"\nlabel = \"x\"\ninput = \"code\"\nexpect = \"AB12\""), 27, "a code is made of digits"},
		{"a choice with one option", page("type = \"choice\"\nlabel = \"x\"\noptions = [\"a\"]"), 23, "at least 2 options"},
		{"a choice with an empty option", page("type = \"choice\"\nlabel = \"x\"\noptions = [\"a\", \"\"]"), 26, "option 2 is empty"},
		{"a choice with an expect not in the options", page("type = \"choice\"\nlabel = \"x\"\noptions = [\"a\", \"b\"]\nexpect = \"c\""), 27, `"c" is not in options`},
		{"a file picker with one file", page("type = \"file\"\nlabel = \"x\"\nfiles = [\"a.pdf\"]"), 23, "2 to 8 documents"},
		{"a file picker with nine files", page("type = \"file\"\nlabel = \"x\"\nfiles = [\"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\"]"), 23, "2 to 8 documents"},
		{"a file twice", page("type = \"file\"\nlabel = \"x\"\nfiles = [\"a.pdf\", \"a.pdf\"]"), 26, `files 1 and 2 are both "a.pdf"`},
		{"a file in a folder", page("type = \"file\"\nlabel = \"x\"\nfiles = [\"a.pdf\", \"docs/b.pdf\"]"), 26, "without folders"},
		{"a file expect not in the files", page("type = \"file\"\nlabel = \"x\"\nfiles = [\"a.pdf\", \"b.pdf\"]\nexpect = \"c.pdf\""), 27, `"c.pdf" is not in files`},
		{"an unknown cookie answer", page("type = \"cookies\"\nexpect = \"maybe\""), 25, `unknown answer "maybe"`},
		{"a cookie message with any answer", page("type = \"cookies\"\nwrong = \"Non.\""), 25, `expect = "any" accepts both`},
		{"two cookie banners", page("type = \"cookies\"", "type = \"cookies\""), 25, "two cookie banners"},
		{"a typo in an item", page("type = \"link\"\ntxt = \"x\""), 25, `unknown key "txt"`},
		{"a goal as a text on a page", "goal = \"g\"\n[[pages]]\nid = \"a\"\ngoal = \"oui\"\n", 23, "goal has the wrong type: write true or false"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Kind{}.Parse([]byte(c.body), at)
			var pe *plugins.Error
			if !errors.As(err, &pe) {
				t.Fatalf("want *plugins.Error, got %v", err)
			}
			if pe.Pos.Line != c.line || pe.Pos.File != at.File || !strings.Contains(pe.Msg, c.want) {
				t.Errorf("got %v, want line %d with %q", err, c.line, c.want)
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
	if err == nil || !strings.Contains(err.Error(), "at most 12 pages") || !strings.HasPrefix(err.Error(), "modules/03-envoyer/02-caf.md:57:") {
		t.Errorf("13 pages: %v", err)
	}
	items := make([]string, MaxItems)
	for i := range items {
		items[i] = "type = \"check\"\ntext = \"c" + string(rune('a'+i)) + "\""
	}
	_, err = Kind{}.Parse([]byte(page(items...)), at)
	if err == nil || !strings.Contains(err.Error(), "at most 10 items") || !strings.HasPrefix(err.Error(), "modules/03-envoyer/02-caf.md:53:") {
		t.Errorf("11 items: %v", err)
	}
}
