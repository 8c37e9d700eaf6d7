package courses

import (
	"archive/zip"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"declic/courses/starter"
	"declic/internal/prereq"
)

const examplePack = "testdata/example"

func loadExample(t *testing.T) *Pack {
	t.Helper()
	pack, problems, err := LoadPath(examplePack)
	if err != nil {
		t.Fatalf("LoadPath: %v", err)
	}
	for _, p := range problems {
		t.Errorf("unexpected problem: %s", p)
	}
	return pack
}

func TestExamplePackLoadsWithoutProblems(t *testing.T) {
	pack := loadExample(t)
	if pack.ID != "org.example.decouverte" || pack.Version != "1.2.0" || pack.Language != "fr" {
		t.Errorf("manifest = %q %q %q", pack.ID, pack.Version, pack.Language)
	}
	if pack.Source != examplePack || pack.FS == nil {
		t.Errorf("Source = %q, FS = %v", pack.Source, pack.FS)
	}
	if len(pack.Synonyms) != 2 || pack.Synonyms[0][1] != "mulot" {
		t.Errorf("Synonyms = %v", pack.Synonyms)
	}
	var ids []string
	for _, m := range pack.Modules {
		ids = append(ids, m.ID)
	}
	if want := []string{"01-la-souris", "02-le-clavier"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("modules = %v, want %v", ids, want)
	}
	souris := pack.Modules[0]
	if souris.Dir != "modules/01-la-souris" || souris.Level != Beginner || souris.Hours != 0.1 || souris.PassMark != 0.75 {
		t.Errorf("module 1 = %+v", souris)
	}
	if !reflect.DeepEqual(souris.Competencies, []string{"5.2", "socle.souris"}) {
		t.Errorf("competencies = %v", souris.Competencies)
	}
	if pack.Modules[1].PassMark != DefaultPassMark {
		t.Errorf("a module without pass_mark gets %v, want %v", pack.Modules[1].PassMark, DefaultPassMark)
	}
	if len(souris.Lessons) != 2 || souris.Lessons[0].ID != "01-tenir-la-souris" || souris.Lessons[1].ID != "02-quiz-final" {
		t.Fatalf("lessons of module 1 are not sorted by file name: %+v", souris.Lessons)
	}
	first := souris.Lessons[0]
	if first.Title != "Tenir la souris" || first.DurationMinutes != 10 || first.Final {
		t.Errorf("front matter = %q %d %v", first.Title, first.DurationMinutes, first.Final)
	}
	final := souris.Lessons[1]
	if final.Title != "Petit quiz sur la souris" || final.DurationMinutes != 5 || !final.Final {
		t.Errorf("YAML front matter = %q %d %v", final.Title, final.DurationMinutes, final.Final)
	}
}

func stepTitles(l *Lesson) []string {
	var out []string
	for _, s := range l.Steps {
		out = append(out, s.Title)
	}
	return out
}

func TestExampleLessonModel(t *testing.T) {
	pack := loadExample(t)
	lesson := pack.Modules[0].Lessons[0]
	if got, want := stepTitles(lesson), []string{"Tenir la souris", "Voici la souris", "Cliquer", "Les boutons"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("steps = %q, want %q (intro step titled with the lesson title first)", got, want)
	}
	intro := lesson.Steps[0]
	if intro.Line != 6 {
		t.Errorf("intro line = %d, want 6", intro.Line)
	}
	voici := lesson.Steps[1]
	if voici.Line != 8 {
		t.Errorf("step line = %d, want 8", voici.Line)
	}
	wantVoici := []Block{
		Image{Src: "modules/01-la-souris/images/souris.svg", Alt: "Une souris. Le bouton gauche est en jaune.", Line: 10},
		Paragraph{Inlines: []Inline{
			{Text: "La souris sert à montrer et à choisir."},
			{Text: "\n"},
			{Text: "Posez votre main "},
			{Text: "sur", Style: Bold},
			{Text: " la souris."},
		}},
	}
	if !reflect.DeepEqual(voici.Blocks, wantVoici) {
		t.Errorf("blocks =\n%#v\nwant\n%#v", voici.Blocks, wantVoici)
	}
	cliquer := lesson.Steps[2]
	wantCliquer := []Block{
		Paragraph{Inlines: []Inline{
			{Text: "Appuyez une fois sur le bouton "}, {Text: "gauche", Style: Italic},
			{Text: ". C'est un "}, {Text: "clic", Style: Bold}, {Text: "."},
		}},
		Callout{Blocks: []Block{Paragraph{Inlines: []Inline{{Text: "À retenir : un clic, c'est appuyer une fois sur le bouton gauche."}}}}},
	}
	if !reflect.DeepEqual(cliquer.Blocks, wantCliquer) {
		t.Errorf("blocks =\n%#v\nwant\n%#v", cliquer.Blocks, wantCliquer)
	}
	boutons := lesson.Steps[3].Blocks
	if len(boutons) != 3 {
		t.Fatalf("Les boutons has %d blocks, want heading + 2 lists: %#v", len(boutons), boutons)
	}
	if h, ok := boutons[0].(Heading); !ok || h.Level != 3 || h.Inlines[0].Text != "Trois parties" {
		t.Errorf("heading = %#v", boutons[0])
	}
	bullets, ok := boutons[1].(List)
	if !ok || bullets.Ordered || len(bullets.Items) != 3 {
		t.Fatalf("bullets = %#v", boutons[1])
	}
	nested, ok := bullets.Items[1][1].(List)
	if !ok || len(nested.Items) != 1 {
		t.Errorf("nested list = %#v", bullets.Items[1])
	}
	numbered, ok := boutons[2].(List)
	if !ok || !numbered.Ordered || numbered.Start != 1 || len(numbered.Items) != 2 {
		t.Errorf("numbered = %#v", boutons[2])
	}
}

func TestExampleKeysAndActivities(t *testing.T) {
	pack := loadExample(t)
	keys := pack.Modules[1].Lessons[0]
	copier := keys.Steps[2].Blocks[0].(Paragraph)
	want := []Inline{
		{Text: "Pour copier, appuyez sur "}, {Text: "Ctrl+C", Style: Key}, {Text: "."}, {Text: "\n"},
		{Text: "Pour coller, appuyez sur "}, {Text: "Ctrl+V", Style: Key}, {Text: "."},
	}
	if !reflect.DeepEqual(copier.Inlines, want) {
		t.Errorf("inlines =\n%#v\nwant\n%#v", copier.Inlines, want)
	}
	quiz := pack.Modules[0].Lessons[1].Steps[0].Blocks[0].(Activity)
	if quiz.Kind != "quiz" || quiz.Line != 9 || quiz.Err != nil || quiz.Parsed == nil {
		t.Fatalf("activity = %+v", quiz)
	}
	if !strings.HasPrefix(string(quiz.Body), "question = \"Avec quel bouton") {
		t.Errorf("body = %q", quiz.Body)
	}
	if quiz.Parsed.Prompt() == "" || quiz.Parsed.Kind() != "quiz" {
		t.Errorf("parsed = %+v", quiz.Parsed)
	}
}

// zipDir writes the files of dir into a new .declic file.
func zipDir(t testing.TB, dir string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "pack"+PackExt)
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		w, err := zw.Create(filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestFolderZipAndMemoryGiveTheSamePack(t *testing.T) {
	fromDir := loadExample(t)
	fromZip, problems, err := LoadPath(zipDir(t, examplePack))
	if err != nil || len(problems) > 0 {
		t.Fatalf("zip: %v %v", err, problems)
	}
	mem := fstest.MapFS{}
	err = fs.WalkDir(os.DirFS(examplePack), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(filepath.Join(examplePack, p))
		mem[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	fromMem, problems, err := Load(mem, "memory")
	if err != nil || len(problems) > 0 {
		t.Fatalf("memory: %v %v", err, problems)
	}
	for _, p := range []*Pack{fromDir, fromZip, fromMem} {
		p.FS, p.Source = nil, ""
	}
	if !reflect.DeepEqual(fromDir, fromZip) {
		t.Error("the pack read from a .declic file differs from the folder")
	}
	if !reflect.DeepEqual(fromDir, fromMem) {
		t.Error("the pack read from memory differs from the folder")
	}
}

func TestBrokenPacks(t *testing.T) {
	tests := []struct {
		pack, file string
		line       int
		fragment   string
	}{
		{"missing-version", "pack.toml", 0, "La version manque. Ajoutez version = \"1.0.0\"."},
		{"bad-semver", "pack.toml", 2, "La version « 1.0 » n'est pas valide"},
		{"bad-id", "pack.toml", 1, "L'identifiant « Mon Parcours! » n'est pas valide"},
		{"bad-language", "pack.toml", 4, "La langue « français » n'est pas un code de langue"},
		{"newer-app", "pack.toml", 8, "Ce parcours demande Déclic 9.0.0 ou plus récent"},
		{"unknown-field", "pack.toml", 9, "Le champ « tittle » n'existe pas"},
		{"no-pack-toml", "pack.toml", 0, "courses.pack_missing"},
		{"no-modules", "modules", 0, "courses.modules_missing"},
		{"duplicate-order", "modules/02-autre/module.toml", 0, "order = 1 est déjà pris par le module « 01-base »"},
		{"bad-level", "modules/01-base/module.toml", 3, "Le niveau « facile » n'existe pas"},
		{"bad-hours", "modules/01-base/module.toml", 5, "hours = 25 ne va pas"},
		{"bad-pass-mark", "modules/01-base/module.toml", 7, "pass_mark = 1.5 ne va pas"},
		{"unknown-competency", "modules/01-base/module.toml", 4, "La compétence « 6.1 » n'est ni un code du CRCN"},
		{"missing-module-toml", "modules/01-base/module.toml", 0, "courses.module_toml_missing"},
		{"module-without-lessons", "modules/01-base", 0, "Le module « 01-base » n'a pas de leçon"},
		{"missing-image", "modules/01-base/01-lecon.md", 8, "L'image « images/absent.svg » est introuvable. Mettez le fichier dans modules/01-base/images/"},
		{"image-outside", "modules/01-base/01-lecon.md", 8, "« ../../../secret.png » est hors du parcours"},
		{"remote-image", "modules/01-base/01-lecon.md", 8, "« https://example.org/rond.png » est sur Internet"},
		{"missing-alt", "modules/01-base/01-lecon.md", 8, "courses.image_no_alt"},
		{"fake-image", "modules/01-base/images/photo.png", 0, "courses.image_not_picture"},
		{"svg-text-unsupported", "modules/01-base/images/adresse.svg", 5, "Un <tspan> dans un <text> n'est pas dessiné."},
		{"link", "modules/01-base/01-lecon.md", 12, "Les liens sont interdits (https://example.org). Écrivez l'adresse en texte simple"},
		{"autolink", "modules/01-base/01-lecon.md", 12, "Les liens sont interdits (<https://example.org>)"},
		{"html-block", "modules/01-base/01-lecon.md", 12, `Le HTML (<div class="x">) est interdit`},
		{"inline-html", "modules/01-base/01-lecon.md", 12, "Le HTML (<b>) est interdit"},
		{"unknown-kind", "modules/01-base/01-lecon.md", 14, "La sorte d'activité « quizz » n'existe pas. Écrivez l'une de celles-ci : "},
		{"bad-activity-body", "modules/01-base/01-lecon.md", 15, "Activité quiz : la question manque. Écrivez question = \"…\" en haut du bloc."},
		{"activity-image-missing", "modules/01-base/01-lecon.md", 14, "L'image « images/absent.svg » est introuvable"},
		{"invalid-utf8", "modules/01-base/02-latin1.md", 2, "courses.not_utf8"},
		{"empty-lesson", "modules/01-base/01-lecon.md", 5, "courses.lesson_no_screen"},
		{"empty-step", "modules/01-base/01-lecon.md", 12, "L'écran « Écran vide » est vide"},
		{"no-title", "modules/01-base/01-lecon.md", 1, "courses.lesson_no_title"},
		{"bad-front-matter", "modules/01-base/01-lecon.md", 2, "courses.toml.unclosed_quote"},
		{"yaml-unknown-field", "modules/01-base/01-lecon.md", 3, "Le champ « duree » n'existe pas dans l'en-tête"},
		{"unclosed-front-matter", "modules/01-base/01-lecon.md", 1, "courses.front_matter_unclosed"},
		{"indented-code", "modules/01-base/01-lecon.md", 12, "courses.indented_code"},
		{"code-without-kind", "modules/01-base/01-lecon.md", 12, "courses.activity_no_kind"},
		{"too-deep", "modules/01-base/01-lecon.md", 26, "courses.blocks_too_deep"},
	}
	dirs, err := os.ReadDir("testdata/broken")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) != len(tests) {
		t.Errorf("testdata/broken has %d packs but the table has %d cases: each broken pack needs a case", len(dirs), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.pack, func(t *testing.T) {
			_, problems, err := LoadPath(filepath.Join("testdata/broken", tt.pack))
			if err != nil {
				t.Fatalf("LoadPath: %v", err)
			}
			var errs Problems
			for _, p := range problems {
				if p.Severity == SeverityError {
					errs = append(errs, p)
				}
			}
			if len(errs) != 1 {
				t.Fatalf("want exactly one error, got %d: %v", len(errs), errs)
			}
			got := errs[0]
			if got.File != tt.file || got.Line != tt.line || !says(got, tt.fragment) {
				t.Errorf("got  %s\nwant %s:%d: …%s…", got, tt.file, tt.line, tt.fragment)
			}
		})
	}
}

// memPack builds an in-memory pack from the example's manifest plus files.
func memPack(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{"pack.toml": {Data: []byte("id = \"demo\"\nversion = \"1.0.0\"\ntitle = \"Démo\"\nlanguage = \"fr\"\nauthors = [\"A\"]\nlicence = \"CC0\"\ndescription = \"D\"\n")}}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

const okModule = "title = \"M\"\nsummary = \"S\"\nlevel = \"débutant\"\ncompetencies = [\"5.2\"]\nhours = 1\norder = 1\n"
const okLesson = "+++\ntitle = \"L\"\n+++\n\n## Écran\n\nTexte.\n"

func TestModuleFoldersDifferingOnlyByCaseAreRefused(t *testing.T) {
	fsys := memPack(map[string]string{
		"modules/01-souris/module.toml": okModule,
		"modules/01-souris/01-a.md":     okLesson,
		"modules/01-Souris/module.toml": strings.Replace(okModule, "order = 1", "order = 2", 1),
		"modules/01-Souris/01-a.md":     okLesson,
	})
	_, problems, err := Load(fsys, "memory")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range problems {
		if p.Severity == SeverityError && p.Code == "courses.module_same_name" {
			found = true
		}
	}
	if !found {
		t.Errorf("no duplicate-id error in %v", problems)
	}
}

func TestModulesAreSortedByOrderThenFolderName(t *testing.T) {
	fsys := memPack(map[string]string{
		"modules/a-trois/module.toml": strings.Replace(okModule, "order = 1", "order = 3", 1),
		"modules/a-trois/01.md":       okLesson,
		"modules/b-un/module.toml":    okModule,
		"modules/b-un/01.md":          okLesson,
		"modules/c-deux/module.toml":  strings.Replace(okModule, "order = 1", "order = 2", 1),
		"modules/c-deux/02-b.md":      okLesson,
		"modules/c-deux/01-a.md":      okLesson,
	})
	pack, problems, err := Load(fsys, "memory")
	if err != nil || problems.HasErrors() {
		t.Fatal(err, problems)
	}
	var ids []string
	for _, m := range pack.Modules {
		ids = append(ids, m.ID)
	}
	if want := []string{"b-un", "c-deux", "a-trois"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("modules = %v, want %v", ids, want)
	}
	if l := pack.Modules[1].Lessons; l[0].ID != "01-a" || l[1].ID != "02-b" {
		t.Errorf("lessons = %s, %s", l[0].ID, l[1].ID)
	}
}

func TestEveryProblemIsReportedNotOnlyTheFirst(t *testing.T) {
	fsys := memPack(map[string]string{
		"modules/01-a/module.toml": "title = \"\"\nlevel = \"facile\"\nhours = 0\norder = 1\ncompetencies = [\"9.9\"]\n",
		"modules/01-a/01.md":       "+++\ntitle = \"L\"\n+++\n\n## Un\n\n![x](images/non.svg)\n\n## Deux\n\n[lien](http://example.org)\n\n## Trois\n",
	})
	_, problems, err := Load(fsys, "memory")
	if err != nil {
		t.Fatal(err)
	}
	var errs []string
	for _, p := range problems {
		if p.Severity == SeverityError {
			errs = append(errs, p.String())
		}
	}
	for _, want := range []string{"Le titre manque", "Le niveau « facile »", "hours = 0 ne va pas", "La compétence « 9.9 »", "L'image « images/non.svg » est introuvable", "Les liens sont interdits", "L'écran « Trois » est vide"} {
		found := false
		for _, e := range errs {
			found = found || strings.Contains(e, want)
		}
		if !found {
			t.Errorf("missing %q in %q", want, errs)
		}
	}
}

func TestImageContentMustMatchItsExtension(t *testing.T) {
	png := "\x89PNG\r\n\x1a\n0000"
	jpeg := "\xff\xd8\xff\xe0"
	svg := "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>"
	tests := []struct {
		name, file, data, want string
	}{
		{"a PNG named .png is fine", "a.png", png, ""},
		{"a JPEG named .jpeg is fine", "a.jpeg", jpeg, ""},
		{"an SVG with an XML declaration is fine", "a.svg", svg, ""},
		{"a JPEG named .png is refused", "a.png", jpeg, "Ce fichier finit par .png mais contient une image JPEG"},
		{"a GIF is refused", "a.gif", "GIF89a....", "courses.image_not_picture"},
		{"a PNG named .gif is refused", "a.gif", png, "a l'extension « .gif »"},
		{"an HTML page named .svg is refused", "a.svg", "<html><body>x</body></html>", "courses.image_not_picture"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := memPack(map[string]string{
				"modules/01-a/module.toml":       okModule,
				"modules/01-a/01.md":             "+++\ntitle = \"L\"\n+++\n\n## Un\n\n![Une image.](images/" + tt.file + ")\n",
				"modules/01-a/images/" + tt.file: tt.data,
			})
			_, problems, err := Load(fsys, "memory")
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == "" {
				if problems.HasErrors() {
					t.Errorf("unexpected problems: %v", problems)
				}
				return
			}
			if len(apartFromTimeCheck(problems)) != 1 || apartFromTimeCheck(problems)[0].File != "modules/01-a/images/"+tt.file || !says(apartFromTimeCheck(problems)[0], tt.want) {
				t.Errorf("problems = %v, want one about %q", problems, tt.want)
			}
		})
	}
}

func TestLoadManifestReadsOnlyPackToml(t *testing.T) {
	pack, err := LoadManifest(os.DirFS(examplePack), examplePack)
	if err != nil {
		t.Fatal(err)
	}
	if pack.Title != "Découvrir l'ordinateur" || pack.Modules != nil || pack.FS == nil {
		t.Errorf("pack = %+v", pack)
	}
	_, err = LoadManifest(os.DirFS("testdata/broken/bad-semver"), "bad")
	if err == nil || !strings.Contains(err.Error(), "pack.toml:2 : La version « 1.0 » n'est pas valide") {
		t.Errorf("err = %v", err)
	}
	_, err = LoadManifest(fstest.MapFS{}, "empty")
	if err == nil || !strings.Contains(err.Error(), "pack.toml est introuvable") {
		t.Errorf("err = %v", err)
	}
}

func TestLoadPathOfAMissingPathIsAnError(t *testing.T) {
	_, _, err := LoadPath(filepath.Join(t.TempDir(), "absent"))
	if err == nil || !strings.Contains(err.Error(), "Le parcours ne peut pas être ouvert") || !strings.Contains(err.Error(), "absent est introuvable") {
		t.Errorf("err = %v", err)
	}
}

func TestSemverComparison(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"0.1.0", "0.1.0", 0},
		{"0.2.0", "0.10.0", -1},
		{"1.0.0", "0.99.99", 1},
		{"1.0.0-beta", "1.0.0", -1},
		{"1.0.0-alpha.2", "1.0.0-alpha.10", -1},
		{"1.0.0-alpha", "1.0.0-alpha.1", -1},
		{"1.0.0+build.5", "1.0.0", 0},
	}
	for _, tt := range tests {
		got := CompareVersions(tt.a, tt.b)
		if (got > 0) != (tt.want > 0) || (got < 0) != (tt.want < 0) {
			t.Errorf("CompareVersions(%s, %s) = %d, want sign of %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestCompetencyTable(t *testing.T) {
	all := Competencies()
	if len(all) != 16 || all[0].Code != "1.1" || all[15].Code != "5.2" {
		t.Fatalf("table = %d entries, from %s to %s", len(all), all[0].Code, all[len(all)-1].Code)
	}
	for _, c := range all {
		if c.Labels["fr"] == "" || c.Labels["en"] == "" || c.DomainLabels["fr"] == "" || c.DomainLabels["en"] == "" {
			t.Errorf("%s lacks a label: %+v", c.Code, c)
		}
	}
	if l, ok := CompetencyLabel("2.1", "fr"); !ok || l != "Interagir" {
		t.Errorf("2.1 fr = %q %v", l, ok)
	}
	if l, ok := CompetencyLabel("2.1", "en-GB"); !ok || l != "Interact" {
		t.Errorf("2.1 en-GB = %q %v", l, ok)
	}
	if l, ok := CompetencyLabel("4.2", "de"); !ok || !strings.HasPrefix(l, "Protéger") {
		t.Errorf("an unknown language falls back to French: %q %v", l, ok)
	}
	if _, ok := CompetencyLabel("socle.souris", "fr"); ok {
		t.Error("socle codes have no label in the table")
	}
	for code, want := range map[string]bool{"1.1": true, "5.2": true, "socle.souris": true, "socle.premiers-pas": true, "6.1": false, "1.4": false, "socle.": false, "Socle.x": false, "": false} {
		if got := ValidCompetency(code); got != want {
			t.Errorf("ValidCompetency(%q) = %v", code, got)
		}
	}
}

func TestEmbeddedStarterPackIsValid(t *testing.T) {
	pack, problems, err := Load(starter.FS(), starter.Source)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		if p.Severity == SeverityError {
			t.Errorf("%s", p)
		}
	}
	if pack.Source != starter.Source || len(pack.Modules) == 0 {
		t.Errorf("pack = %s with %d modules", pack.Source, len(pack.Modules))
	}
}

// The worked example of docs/pack-format.md (French) and pack-format.en.md
// must be the example pack, byte for byte, so that the documentation never
// shows a pack that does not validate.
func TestPackFormatDocShowsTheExamplePack(t *testing.T) {
	for _, docFile := range []string{"../docs/pack-format.md", "../docs/pack-format.en.md"} {
		doc, err := os.ReadFile(docFile)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"pack.toml", "modules/01-la-souris/module.toml", "modules/01-la-souris/01-tenir-la-souris.md", "modules/01-la-souris/02-quiz-final.md", "modules/02-le-clavier/module.toml", "modules/02-le-clavier/01-les-touches.md"} {
			data, err := os.ReadFile(filepath.Join(examplePack, name))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(doc), "`"+name+"`\n\n````") || !strings.Contains(string(doc), string(data)) {
				t.Errorf("%s does not show %s as it is in %s", docFile, name, examplePack)
			}
		}
	}
}

// The figures of the time estimate are the ones both pack-format pages state.
func TestPackFormatDocStatesTheEstimateFigures(t *testing.T) {
	for _, tt := range []struct {
		file                          string
		pace, screen, image, kindLine string
	}{
		{"../docs/pack-format.md", "**%d mots par minute**", "**%d secondes** par écran", "**%d secondes** par image", "| `%s` | %d min |"},
		{"../docs/pack-format.en.md", "**%d words per minute**", "**%d seconds** per screen", "**%d seconds** per picture", "| `%s` | %d min |"},
	} {
		data, err := os.ReadFile(tt.file)
		if err != nil {
			t.Fatal(err)
		}
		doc := string(data)
		for _, want := range []string{
			fmt.Sprintf(tt.pace, BeginnerWordsPerMinute), fmt.Sprintf(tt.screen, int(ScreenTime.Seconds())), fmt.Sprintf(tt.image, int(ImageTime.Seconds())),
			fmt.Sprintf(tt.kindLine, "quiz", int(ActivityTime("quiz").Minutes())), fmt.Sprintf(tt.kindLine, "spot", int(ActivityTime("spot").Minutes())),
			fmt.Sprintf(tt.kindLine, "form", int(ActivityTime("form").Minutes())),
			fmt.Sprintf("| `mouse`, `keyboard`, `order` | %d min |", int(ActivityTime("mouse").Minutes())),
		} {
			if !strings.Contains(doc, want) {
				t.Errorf("%s does not say %q", tt.file, want)
			}
		}
		for _, k := range []string{"mouse", "keyboard", "order"} {
			if ActivityTime(k) != ActivityTime("mouse") {
				t.Errorf("the docs give %s the time of mouse", k)
			}
		}
	}
}

func TestManifestAndFolderMistakes(t *testing.T) {
	tests := []struct {
		name     string
		files    fstest.MapFS
		file     string
		line     int
		fragment string
	}{
		{"pack.toml that is not UTF-8", fstest.MapFS{
			"pack.toml": {Data: []byte("id = \"demo\"\ntitle = \"D\xe9mo\"\n")},
		}, "pack.toml", 2, "courses.not_utf8"},
		{"module.toml that is not UTF-8", memPack(map[string]string{
			"modules/01-a/module.toml": "title = \"Le\xe7on\"\n",
			"modules/01-a/01.md":       okLesson,
		}), "modules/01-a/module.toml", 1, "courses.not_utf8"},
		{"a pack zipped with its enclosing folder", fstest.MapFS{
			"mon-parcours/pack.toml":                {Data: []byte("id = \"demo\"\n")},
			"mon-parcours/modules/01-a/module.toml": {Data: []byte(okModule)},
		}, "pack.toml", 0, "pack.toml est dans le dossier « mon-parcours »"},
		{"a wrongly typed field", memPack(map[string]string{
			"modules/01-a/module.toml": strings.Replace(okModule, "hours = 1", "hours = \"une heure\"", 1),
			"modules/01-a/01.md":       okLesson,
		}), "modules/01-a/module.toml", 5, "hours n'a pas le bon type de valeur. Écrivez un nombre avec un point, comme 1.5."},
		{"a list written as a text", memPack(map[string]string{
			"modules/01-a/module.toml": strings.Replace(okModule, `competencies = ["5.2"]`, `competencies = "5.2"`, 1),
			"modules/01-a/01.md":       okLesson,
		}), "modules/01-a/module.toml", 4, `competencies n'a pas le bon type de valeur. Écrivez une liste de textes, comme ["un", "deux"].`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems, err := Load(tt.files, "memory")
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				if p.File == tt.file && p.Line == tt.line && says(p, tt.fragment) {
					return
				}
			}
			t.Errorf("no %s:%d: …%s… in %v", tt.file, tt.line, tt.fragment, problems)
		})
	}
}

func TestHiddenFilesAreSkipped(t *testing.T) {
	fsys := memPack(map[string]string{
		"modules/01-a/module.toml": okModule,
		"modules/01-a/01.md":       okLesson,
		"modules/01-a/._01.md":     "\x00\x05\x16\x07 AppleDouble",
		"modules/.DS_Store":        "\x00\x00\x00\x01Bud1",
		"modules/.git/config":      "[core]",
	})
	pack, problems, err := Load(fsys, "memory")
	if err != nil || len(apartFromTimeCheck(problems)) > 0 {
		t.Fatalf("err = %v, problems = %v", err, problems)
	}
	if len(pack.Modules) != 1 || len(pack.Modules[0].Lessons) != 1 {
		t.Errorf("pack = %+v", pack.Modules)
	}
}

func TestSymbolicLinksInAFolderPackAreRefused(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(t.TempDir(), "secret.svg")
	os.WriteFile(secret, []byte("<svg></svg>"), 0o644)
	write := func(name, data string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	write("pack.toml", "id = \"demo\"\nversion = \"1.0.0\"\ntitle = \"D\"\nlanguage = \"fr\"\nauthors = [\"A\"]\nlicence = \"CC0\"\ndescription = \"D\"\n")
	write("modules/01-a/module.toml", okModule)
	write("modules/01-a/01.md", "+++\ntitle = \"L\"\n+++\n\n## Un\n\n![Un secret.](images/lien.svg)\n")
	os.MkdirAll(filepath.Join(dir, "modules/01-a/images"), 0o755)
	if err := os.Symlink(secret, filepath.Join(dir, "modules/01-a/images/lien.svg")); err != nil {
		prereq.Missing(t, "symbolic links unavailable: %v", err)
	}
	_, problems, err := LoadPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(apartFromTimeCheck(problems)) != 1 || apartFromTimeCheck(problems)[0].File != "modules/01-a/images/lien.svg" || apartFromTimeCheck(problems)[0].Code != "courses.image_symlink" {
		t.Errorf("problems = %v", problems)
	}
}

// apartFromTimeCheck leaves out the hours warnings that the tiny modules of
// these tests always get (a few seconds of reading for hours = 1).
func apartFromTimeCheck(ps Problems) Problems {
	var out Problems
	for _, p := range ps {
		if p.Code != "courses.hours_above_estimate" && p.Code != "courses.hours_below_estimate" {
			out = append(out, p)
		}
	}
	return out
}
