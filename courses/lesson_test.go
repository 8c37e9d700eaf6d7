package courses

import (
	"reflect"
	"strings"
	"testing"

	"declic/plugins"
)

const lessonFile = "modules/01-a/01-lecon.md"

func parse(t *testing.T, src string) (*Lesson, Problems) {
	t.Helper()
	return ParseLesson(lessonFile, []byte(src))
}

// only returns the single problem of ps, failing the test if there is not exactly one.
func only(t *testing.T, ps Problems) Problem {
	t.Helper()
	if len(ps) != 1 {
		t.Fatalf("want exactly one problem, got %d: %v", len(ps), ps)
	}
	return ps[0]
}

func TestFrontMatterFormats(t *testing.T) {
	tests := []struct {
		name, src string
		title     string
		duration  int
		final     bool
	}{
		{"TOML", "+++\ntitle = \"T\"\nduration = 7\nfinal = true\n+++\n## A\n\nx\n", "T", 7, true},
		{"YAML", "---\ntitle: T\nduration: 7\nfinal: true\n---\n## A\n\nx\n", "T", 7, true},
		{"TOML with Windows line endings", "+++\r\ntitle = \"T\"\r\nduration = 7\r\n+++\r\n## A\r\n\r\nx\r\n", "T", 7, false},
		{"a byte-order mark before the front matter", "\ufeff+++\ntitle = \"T\"\n+++\n## A\n\nx\n", "T", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, ps := parse(t, tt.src)
			for _, p := range ps {
				if p.Severity == SeverityError {
					t.Errorf("unexpected %s", p)
				}
			}
			if l.Title != tt.title || l.DurationMinutes != tt.duration || l.Final != tt.final {
				t.Errorf("got %q %d %v", l.Title, l.DurationMinutes, l.Final)
			}
			if len(l.Steps) != 1 || l.Steps[0].Title != "A" || l.Steps[0].Blocks == nil {
				t.Errorf("steps = %+v", l.Steps)
			}
		})
	}
}

func TestStepLinesCountFrontMatterLines(t *testing.T) {
	l, _ := parse(t, "+++\ntitle = \"T\"\n+++\n\n## Un\n\nx\n\n## Deux\n\ny\n")
	if l.Steps[0].Line != 5 || l.Steps[1].Line != 9 {
		t.Errorf("lines = %d, %d; want 5, 9", l.Steps[0].Line, l.Steps[1].Line)
	}
}

func TestPictureInsideAParagraphSplitsIt(t *testing.T) {
	l, ps := parse(t, "+++\ntitle = \"T\"\n+++\n## A\n\nAvant ![Un chat.](../images/chat.svg) après\n")
	if len(ps) != 0 {
		t.Fatalf("problems: %v", ps)
	}
	want := []Block{
		Paragraph{Inlines: []Inline{{Text: "Avant "}}},
		Image{Src: "modules/images/chat.svg", Alt: "Un chat.", Line: 6},
		Paragraph{Inlines: []Inline{{Text: " après"}}},
	}
	if !reflect.DeepEqual(l.Steps[0].Blocks, want) {
		t.Errorf("blocks = %#v", l.Steps[0].Blocks)
	}
}

func TestLessonRules(t *testing.T) {
	const fm = "+++\ntitle = \"T\"\n+++\n"
	tests := []struct {
		name, body string
		severity   Severity
		line       int
		fragment   string
	}{
		{"a # heading is an error that says to write ##", "## A\n\n# Grand titre\n\nx\n", SeverityError, 6, "Pour un nouvel écran, écrivez « ## Grand titre »"},
		{"a horizontal line is not shown", "## A\n\nx\n\n***\n", SeverityWarning, 8, "courses.horizontal_line"},
		{"text before the first heading that shows nothing", "\u00a0\n\n## A\n\nx\n", SeverityWarning, 4, "courses.intro_shows_nothing"},
		{"a link definition", "## A\n\nx\n\n[ref]: images/a.svg\n", SeverityWarning, 8, "courses.link_definition"},
		{"a heading without text", "## A\n\nx\n\n##\n\ny\n", SeverityError, 8, "courses.heading_empty"},
		{"a picture inside a heading", "## A ![x](images/a.svg)\n\nx\n", SeverityError, 4, "courses.image_in_heading"},
		{"a picture written with a backslash", "## A\n\n![x](images\\a.svg)\n", SeverityError, 6, "Le chemin « images\\a.svg » contient une barre \\"},
		{"a picture with an absolute path", "## A\n\n![x](/etc/a.svg)\n", SeverityError, 6, "courses.image_absolute"},
		{"a picture as a data URL", "## A\n\n![x](data:image/png;base64,AAAA)\n", SeverityError, 6, "courses.image_not_in_pack"},
		{"a picture without a path", "## A\n\n![x]()\n", SeverityError, 6, "courses.image_path_empty"},
		{"a screen with too many words", "## A\n\n" + strings.Repeat("mot ", MaxScreenWords+1) + "\n", SeverityWarning, 4, "a 61 mots"},
		{"a screen with two pictures", "## A\n\n![x](images/a.svg)\n\n![y](images/b.svg)\n", SeverityWarning, 4, "a 2 images"},
		{"a screen with two activities", "## A\n\n```quiz\nquestion = \"Q\"\nchoices = [{text = \"a\", correct = true}, {text = \"b\"}]\n```\n\n```quiz\nquestion = \"Q\"\nchoices = [{text = \"a\", correct = true}, {text = \"b\"}]\n```\n", SeverityWarning, 4, "a 2 activités"},
		{"a negative duration", "## A\n\nx\n", SeverityError, 1, "courses.duration_negative"},
		{"an activity body with a TOML error points at the body line", "## A\n\n```quiz\nquestion = \"Q\"\nchoices = [\n```\n", SeverityError, 8, "Activité quiz : la liste n'est pas fermée. Ajoutez ] après son dernier élément : [\"…\", \"…\"]."},
		{"raw HTML inside a list", "## A\n\n- <span>x</span>\n", SeverityError, 6, "Le HTML (<span>) est interdit"},
		{"an HTML block is quoted", "## A\n\nx\n\n<div class=\"encadre\">\nTexte\n</div>\n", SeverityError, 8, `Le HTML (<div class="encadre">) est interdit`},
		{"an HTML comment", "## A\n\nx\n\n<!-- à revoir -->\n", SeverityError, 8, "Les commentaires HTML (<!-- à revoir -->) sont interdits"},
		{"an inline HTML comment", "## A\n\nx <!-- à revoir --> y\n", SeverityError, 6, "Les commentaires HTML (<!-- à revoir -->) sont interdits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := fm + tt.body
			if tt.fragment == "courses.duration_negative" {
				src = "+++\ntitle = \"T\"\nduration = -3\n+++\n" + tt.body
			}
			_, ps := parse(t, src)
			p := only(t, ps)
			if p.Severity != tt.severity || p.Line != tt.line || p.File != lessonFile || !says(p, tt.fragment) {
				t.Errorf("got  %s\nwant %s:%d: %s: …%s…", p, lessonFile, tt.line, tt.severity, tt.fragment)
			}
		})
	}
}

type panickingKind struct{}

func (panickingKind) Name() string { return "testpanic" }
func (panickingKind) Parse([]byte, plugins.Position) (plugins.Activity, error) {
	panic("boom")
}

func TestAFaultyPluginCannotCrashValidation(t *testing.T) {
	plugins.Register(panickingKind{})
	l, ps := parse(t, "+++\ntitle = \"T\"\n+++\n## A\n\n```testpanic\nx\n```\n")
	p := only(t, ps)
	if p.Line != 6 || !says(p, "Le module d'activité testpanic a échoué sur ce bloc (boom)") {
		t.Errorf("got %s", p)
	}
	a := l.Steps[0].Blocks[0].(Activity)
	if a.Parsed != nil || a.Err == nil {
		t.Errorf("activity = %+v", a)
	}
}

func TestUnknownKindListsTheKnownKinds(t *testing.T) {
	_, ps := parse(t, "+++\ntitle = \"T\"\n+++\n## A\n\n```quizz\nx\n```\n")
	p := only(t, ps)
	for _, k := range plugins.Kinds() {
		if !says(p, k) {
			t.Errorf("message %q does not name kind %q", p, k)
		}
	}
}

// The guards below keep the Markdown parser away from input that would exhaust
// the stack or take seconds; each is refused with one clear message.
func TestPathologicalMarkdownIsRefused(t *testing.T) {
	const fm = "+++\ntitle = \"T\"\n+++\n## A\n\n"
	deepIndent := new(strings.Builder)
	for i := 0; i < 100; i++ {
		deepIndent.WriteString(strings.Repeat("  ", i))
		deepIndent.WriteString("- x\n")
	}
	tests := []struct {
		name, body string
		line       int
		fragment   string
	}{
		{"100k nested list markers on one line", strings.Repeat("- ", 100000) + "x\n", 6, "courses.line_too_long"},
		{"100k nested quotes on one line", strings.Repeat(">", 100000) + "x\n", 6, "courses.line_too_long"},
		{"a 1.5 MB line", strings.Repeat("a", 1500000) + "\n", 6, "courses.line_too_long"},
		{"nested list markers within the line limit", strings.Repeat("- ", 2000) + "x\n", 6, "imbriquées sur 2000 niveaux"},
		{"nested quotes within the line limit", strings.Repeat("> ", 2000) + "x\n", 6, "imbriquées sur 2000 niveaux"},
		{"lines of growing indentation", deepIndent.String(), 31, "décalée de 50 colonnes"},
		{"emphasis nested 25 times", strings.Repeat("*", 50) + "x" + strings.Repeat("*", 50) + "\n", 6, "courses.emphasis_too_deep"},
		{"a paragraph full of brackets", strings.Repeat("[", 60) + "\n" + strings.Repeat("[", 60) + "\n", 7, "plus de 100 signes * _ [ < `"},
		{"brackets hidden in lines that look like a fence", "```a`b\n" + strings.Repeat("[a](b", 150) + "\n", 7, "plus de 100 signes"},
		{"too many signs in a lesson", strings.Repeat("a `k` b\n\n", 2600), 5006, "plus de 5000 signes"},
		{"too many lines", strings.Repeat("a\n", MaxLessonLines), 0, "plus que la limite de 20000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := parse(t, fm+tt.body)
			p := only(t, ps)
			if p.Line != tt.line || !says(p, tt.fragment) {
				t.Errorf("got %s, want line %d …%s…", p, tt.line, tt.fragment)
			}
		})
	}
}

func TestAHugeLessonIsRefusedWithoutParsing(t *testing.T) {
	src := "+++\ntitle = \"T\"\n+++\n## A\n\n" + strings.Repeat("Une ligne.\n", 10<<20/11)
	l, ps := parse(t, src)
	if l != nil {
		t.Error("a lesson was returned")
	}
	if p := only(t, ps); !says(p, "La leçon dépasse 2 Mio") {
		t.Errorf("got %s", p)
	}
}

func TestALongButReasonableLessonParses(t *testing.T) {
	b := new(strings.Builder)
	b.WriteString("+++\ntitle = \"T\"\n+++\n")
	for i := 0; i < 12000; i++ {
		if i%10 == 0 {
			b.WriteString("\n## Écran\n\n")
		}
		if i%10 == 0 {
			b.WriteString("- un **mot** Entrée\n")
		} else {
			b.WriteString(strings.Repeat("  ", i%10) + "- un mot simple\n")
		}
	}
	l, ps := parse(t, b.String())
	if ps.HasErrors() {
		t.Fatalf("problems: %v", ps[:1])
	}
	if len(l.Steps) != 1200 {
		t.Errorf("%d steps, want 1200", len(l.Steps))
	}
}

func TestAFloodOfProblemsIsCut(t *testing.T) {
	_, ps := parse(t, "+++\ntitle = \"T\"\n+++\n"+strings.Repeat("## Vide\n", 5000))
	if len(ps) != maxProblemsPerLesson+1 {
		t.Fatalf("%d problems, want %d", len(ps), maxProblemsPerLesson+1)
	}
	if last := ps[len(ps)-1]; !says(last, "Plus de 100 problèmes dans ce fichier") {
		t.Errorf("last problem = %s", last)
	}
}

// says reports whether a problem is the one expected: fragment is its code
// (« courses.screen_empty ») or a part of its French text.
func says(p Problem, fragment string) bool {
	return p.Code == fragment || strings.Contains(p.String(), fragment)
}

// An activity's typo and wrong type come back in French, with the keys
// allowed: the plug-in gives its messages as catalogue messages.
func TestActivityMistakesAreInTheTrainersLanguage(t *testing.T) {
	const fm = "+++\ntitle = \"T\"\n+++\n## A\n\n"
	tests := []struct{ body, want string }{
		{"```quiz\nquestion = \"Q\"\n[[choices]]\ntext = \"a\"\ncorect = true\n[[choices]]\ntext = \"b\"\n```\n",
			"01-lecon.md:10: erreur : Activité quiz : la clé « corect » n'existe pas. Vérifiez son orthographe ; les clés permises ici sont : correct, danger, feedback, image, text."},
		{"```mouse\nrounds = \"3\"\n[[targets]]\naction = \"click\"\n```\n",
			"01-lecon.md:7: erreur : Activité mouse : rounds n'a pas le bon type de valeur. Écrivez un nombre entier, comme rounds = 3."},
	}
	for _, tt := range tests {
		_, ps := parse(t, fm+tt.body)
		if p := only(t, ps); !strings.Contains(p.String(), tt.want) {
			t.Errorf("got  %s\nwant %s", p, tt.want)
		}
	}
}
