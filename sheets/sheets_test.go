package sheets

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/text/language"

	"declic/courses"
	"declic/courses/starter"
	"declic/i18n"
	"declic/internal/prereq"
	_ "declic/plugins/builtin" // the activity kinds, so the packs load as in the app
	"declic/svgtext"
)

var printed = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

// go test ./sheets -run EveryStarter -pdf-dir DIR also writes each module's sheet
// into DIR, to look at them (pdftoppm -png -r 60 DIR/fiche-02-la-souris.pdf shot).
var pdfDir = flag.String("pdf-dir", "", "write the starter modules' sheets to this folder")

func french() *i18n.Translator { return i18n.New(language.French) }

func loadStarter(t testing.TB) *courses.Pack {
	t.Helper()
	pack, problems, err := courses.Load(starter.FS(), starter.Source)
	if err != nil {
		t.Fatal(err)
	}
	if problems.HasErrors() {
		t.Fatalf("starter pack: %v", problems)
	}
	return pack
}

func module(t testing.TB, pack *courses.Pack, id string) *courses.Module {
	t.Helper()
	for _, m := range pack.Modules {
		if m.ID == id {
			return m
		}
	}
	t.Fatalf("no module %s", id)
	return nil
}

func words(t testing.TB) *svgtext.Converter {
	t.Helper()
	c, err := svgtext.NewConverter()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestBuildGathersGoalsPointsAndKeyPictures(t *testing.T) {
	pack := loadStarter(t)
	m := module(t, pack, "02-la-souris")
	s := Build(pack, m, words(t), "À retenir")
	if s.ModuleTitle != "La souris" || s.Number != 2 || len(s.Goals) != len(m.Goals) {
		t.Errorf("title %q number %d goals %d", s.ModuleTitle, s.Number, len(s.Goals))
	}
	if len(s.Remember) < 2 {
		t.Fatalf("points %v", s.Remember)
	}
	for _, p := range s.Remember {
		text := p.String()
		if strings.HasPrefix(strings.ToLower(text), "à retenir") || text == "" || text != strings.TrimSpace(text) || strings.Contains(text, "  ") {
			t.Errorf("point %q keeps its label or odd spaces", text)
		}
		if first := []rune(text)[0]; first != []rune(strings.ToUpper(string(first)))[0] {
			t.Errorf("point %q starts with a small letter", text)
		}
	}
	if n := len(s.Pictures); n < 2 || n > MaxPictures {
		t.Errorf("%d key pictures, want 2 to 4", n)
	}
	for _, p := range s.Pictures {
		if p.Caption == "" || p.Width <= 0 || p.Height <= 0 || len(p.Data) == 0 || strings.Contains(p.Src, "04-je-verifie") {
			t.Errorf("picture %s: caption %q, %d×%d", p.Src, p.Caption, p.Width, p.Height)
		}
	}
}

func TestPointsKeepKeysInBoldAndLoseTheirLabel(t *testing.T) {
	blocks := []courses.Block{courses.Paragraph{Inlines: []courses.Inline{
		{Text: "À retenir : appuyez sur "}, {Text: "Entrée", Style: courses.Key}, {Text: "\n"}, {Text: "pour   valider."},
	}}}
	p := withoutLabel(flatten(blocks), "À retenir")
	want := Point{{Text: "Appuyez sur "}, {Text: "Entrée ", Bold: true}, {Text: "pour valider."}}
	if len(p) != len(want) {
		t.Fatalf("got %#v", p)
	}
	for i := range want {
		if p[i] != want[i] {
			t.Errorf("run %d: %#v, want %#v", i, p[i], want[i])
		}
	}
}

func TestFileName(t *testing.T) {
	for id, want := range map[string]string{"02-la-souris": "fiche-02-la-souris.pdf", "Mes Démarches": "fiche-mes-d-marches.pdf"} {
		if got := FileName(id); got != want {
			t.Errorf("FileName(%q) = %q, want %q", id, got, want)
		}
	}
}

// pdfText runs pdftotext on a PDF and returns its text, with -bbox when asked.
func pdfText(t *testing.T, pdf []byte, args ...string) string {
	t.Helper()
	bin := prereq.Program(t, "pdftotext", "poppler-utils")
	path := filepath.Join(t.TempDir(), "fiche.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, append(args, path, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func pages(t *testing.T, pdf []byte) int {
	t.Helper()
	bin := prereq.Program(t, "pdfinfo", "poppler-utils")
	path := filepath.Join(t.TempDir(), "fiche.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("pdfinfo says no page count:\n%s", out)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// flat joins the words of a text, whatever the line breaks.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// smallestLetters returns the smallest word height of a PDF, in points, from
// pdftotext's word boxes: about 1.16 times the type size for DejaVu Sans.
func smallestLetters(t *testing.T, pdf []byte) float64 {
	t.Helper()
	html := pdfText(t, pdf, "-bbox")
	re := regexp.MustCompile(`yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<`)
	smallest := 1000.0
	for _, m := range re.FindAllStringSubmatch(html, -1) {
		y0, _ := strconv.ParseFloat(m[1], 64)
		y1, _ := strconv.ParseFloat(m[2], 64)
		smallest = min(smallest, y1-y0)
	}
	return smallest
}

func TestEveryStarterModulePrintsOnOnePageInLargeType(t *testing.T) {
	pack := loadStarter(t)
	w := words(t)
	for _, m := range pack.Modules {
		t.Run(m.ID, func(t *testing.T) {
			s := Build(pack, m, w, "À retenir")
			var buf bytes.Buffer
			if err := WritePDF(&buf, s, french(), printed); err != nil {
				t.Fatal(err)
			}
			if *pdfDir != "" {
				if err := os.WriteFile(filepath.Join(*pdfDir, FileName(m.ID)), buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if n := pages(t, buf.Bytes()); n != 1 {
				t.Fatalf("%d pages", n)
			}
			text := flat(pdfText(t, buf.Bytes()))
			want := []string{"Fiche résumé · " + pack.Title, m.Title, "Ce que je sais faire maintenant", "Imprimé avec Déclic."}
			want = append(want, s.Goals...)
			if len(s.Remember) > 0 {
				want = append(want, "À retenir", flat(s.Remember[0].String()))
			}
			for _, p := range s.Pictures[:min(2, len(s.Pictures))] {
				first := strings.Fields(p.Caption)
				want = append(want, strings.Join(first[:min(3, len(first))], " "))
			}
			for _, x := range want {
				if !strings.Contains(text, flat(x)) {
					t.Errorf("the sheet lacks %q:\n%s", x, text)
				}
			}
			if h := smallestLetters(t, buf.Bytes()); h < 14 {
				t.Errorf("the smallest letters are %.1f points high: every text is 14 points or more", h)
			}
		})
	}
}

func TestTooMuchForOnePageLosesPicturesThenPointsNeverTheTypeSize(t *testing.T) {
	pack := loadStarter(t)
	s := Build(pack, module(t, pack, "02-la-souris"), words(t), "À retenir")
	for i := range 14 {
		s.Remember = append(s.Remember, Point{{Text: "Un point de plus à retenir, numéro " + strconv.Itoa(i+1) + ", assez long pour tenir sur deux lignes de la fiche imprimée."}})
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, s, french(), printed); err != nil {
		t.Fatal(err)
	}
	if n := pages(t, buf.Bytes()); n != 1 {
		t.Fatalf("%d pages", n)
	}
	text := flat(pdfText(t, buf.Bytes()))
	if !regexp.MustCompile(`Et \d+ autres points à retenir dans les leçons\.`).MatchString(text) {
		t.Errorf("the points left out are counted:\n%s", text)
	}
	if h := smallestLetters(t, buf.Bytes()); h < 14 {
		t.Errorf("letters %.1f points high", h)
	}
}

func TestAnEmptyModuleHasNoSheet(t *testing.T) {
	err := WritePDF(&bytes.Buffer{}, Sheet{ModuleTitle: "Vide"}, french(), printed)
	if !errors.Is(err, ErrEmpty) {
		t.Errorf("got %v", err)
	}
}

func BenchmarkStarterModuleSheet(b *testing.B) {
	pack := loadStarter(b)
	m := module(b, pack, "02-la-souris")
	w := words(b)
	b.ReportAllocs()
	for b.Loop() {
		s := Build(pack, m, w, "À retenir")
		if err := WritePDF(&bytes.Buffer{}, s, french(), printed); err != nil {
			b.Fatal(err)
		}
	}
}

// TestAModuleTaughtBySimulatedSitesShowsTheirPages: without pictures of its own,
// a module's sheet shows the pages of its site simulations, named by their
// titles and addresses, with their words drawn.
func TestAModuleTaughtBySimulatedSitesShowsTheirPages(t *testing.T) {
	page := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 400"><rect width="640" height="400" fill="#eef3fa"/><text x="30" y="60" font-size="40" font-weight="bold">caf.fr</text></svg>`
	lesson := "+++\ntitle = \"Envoyer\"\n+++\n\n## Le site\n\n> À retenir : refusez les cookies.\n\n```site\ngoal = \"Envoyer\"\n[[pages]]\nid = \"a\"\ntitle = \"Bienvenue\"\naddress = \"caf.fr\"\nimage = \"images/caf.svg\"\n[[pages.items]]\ntype = \"button\"\ntext = \"Envoyer\"\ngo = \"b\"\n[[pages]]\nid = \"b\"\ngoal = true\n```\n"
	fsys := fstest.MapFS{
		"pack.toml":                       {Data: []byte("id = \"org.example.s\"\nversion = \"1.0.0\"\ntitle = \"Sites\"\nlanguage = \"fr\"\nauthors = [\"A\"]\nlicence = \"CC0-1.0\"\ndescription = \"D\"\n")},
		"modules/01-sites/module.toml":    {Data: []byte("title = \"Les sites\"\nsummary = \"S\"\nlevel = \"débutant\"\ncompetencies = [\"5.2\"]\nhours = 1\norder = 1\ngoals = [\"Vous savez envoyer un document.\"]\n")},
		"modules/01-sites/01-envoyer.md":  {Data: []byte(lesson)},
		"modules/01-sites/images/caf.svg": {Data: []byte(page)},
	}
	pack, problems, err := courses.Load(fsys, "test")
	if err != nil || problems.HasErrors() {
		t.Fatalf("%v %v", err, problems)
	}
	s := Build(pack, pack.Modules[0], words(t), "À retenir")
	if len(s.Pictures) != 1 || s.Pictures[0].Caption != "Bienvenue — caf.fr" || s.Pictures[0].Src != "modules/01-sites/images/caf.svg" {
		t.Fatalf("pictures %+v", s.Pictures)
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, s, french(), printed); err != nil {
		t.Fatal(err)
	}
	if text := flat(pdfText(t, buf.Bytes())); !strings.Contains(text, "Bienvenue — caf.fr") || !strings.Contains(text, "Refusez les cookies.") {
		t.Errorf("the sheet: %s", text)
	}
}
