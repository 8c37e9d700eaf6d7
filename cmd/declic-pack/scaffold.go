package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"declic/courses"
	"declic/internal/cli"
)

// addModuleCommand adds a module, with the next number and a first lesson, to
// a pack folder.
type addModuleCommand struct{}

func (*addModuleCommand) Name() string       { return "add-module" }
func (*addModuleCommand) Flags(f *cli.Flags) {}

func (*addModuleCommand) Run(ctx context.Context, env *cli.Env, args []string) error {
	if len(args) != 2 || strings.TrimSpace(args[1]) == "" {
		return cli.Usage("declicpack.add-module.no_args")
	}
	pack, title := args[0], strings.TrimSpace(args[1])
	if _, err := os.Stat(filepath.Join(pack, "pack.toml")); err != nil {
		return cli.Usage("declicpack.add-module.not_a_pack", "Path", pack)
	}
	modules := filepath.Join(pack, "modules")
	number, order, err := nextModule(modules)
	if err != nil {
		return err
	}
	slug := slugFor(title)
	if slug == "" {
		return cli.Usage("declicpack.add-module.no_letters", "Title", title)
	}
	dir := filepath.Join(modules, fmt.Sprintf("%02d-%s", number, slug))
	lesson := firstLesson(title, env.T("declicpack.add-module.goal", "Topic", lowerFirst(title)))
	module := fmt.Sprintf(moduleTemplate, tomlEscape(title), tomlEscape(env.T("declicpack.add-module.summary_text", "Topic", lowerFirst(title))),
		"socle."+slug, hoursFor(lesson), order)
	files := map[string]string{"module.toml": module, "01-" + slug + ".md": lesson}
	if err := writeNew(dir, files); err != nil {
		return err
	}
	env.Say("declicpack.add-module.done", "Path", dir, "Order", order)
	env.Say("declicpack.next_steps", "Pack", pack)
	return nil
}

// addLessonCommand adds a lesson, with the next number, to a module folder.
type addLessonCommand struct{}

func (*addLessonCommand) Name() string       { return "add-lesson" }
func (*addLessonCommand) Flags(f *cli.Flags) {}

func (*addLessonCommand) Run(ctx context.Context, env *cli.Env, args []string) error {
	if len(args) != 2 || strings.TrimSpace(args[1]) == "" {
		return cli.Usage("declicpack.add-lesson.no_args")
	}
	module, title := args[0], strings.TrimSpace(args[1])
	if _, err := os.Stat(filepath.Join(module, "module.toml")); err != nil {
		return cli.Usage("declicpack.add-lesson.not_a_module", "Path", module)
	}
	slug := slugFor(title)
	if slug == "" {
		return cli.Usage("declicpack.add-module.no_letters", "Title", title)
	}
	number, err := nextNumber(module, func(e fs.DirEntry) bool { return !e.IsDir() && strings.HasSuffix(e.Name(), ".md") })
	if err != nil {
		return err
	}
	name := fmt.Sprintf("%02d-%s.md", number, slug)
	p := filepath.Join(module, name)
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return cli.Usage("declicpack.add-lesson.exists", "Path", p)
	}
	if err != nil {
		return err
	}
	_, err = f.WriteString(firstLesson(title, env.T("declicpack.add-lesson.goal", "Topic", lowerFirst(title))))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(p)
		return err
	}
	env.Say("declicpack.add-lesson.done", "Path", p)
	hoursHint(env, module)
	env.Say("declicpack.next_steps", "Pack", filepath.Dir(filepath.Dir(filepath.Clean(module))))
	return nil
}

// hoursHint says what hours the module should now declare when its lessons
// no longer match it (the time check of validate).
func hoursHint(env *cli.Env, module string) {
	pack, _, err := courses.LoadPath(filepath.Dir(filepath.Dir(filepath.Clean(module))))
	if err != nil {
		return
	}
	for _, m := range pack.Modules {
		if filepath.Base(filepath.Clean(module)) != m.ID || m.Hours <= 0 {
			continue
		}
		est := courses.EstimateModule(m)
		if h := est.Time.Hours(); m.Hours > courses.HoursTolerance*h || m.Hours*courses.HoursTolerance < h {
			env.Say("declicpack.add-lesson.hours", "Minutes", est.Minutes(), "Suggested", strconv.FormatFloat(courses.SuggestHours(est.Time), 'f', -1, 64))
		}
	}
}

// moduleTemplate is a new module.toml: title, summary, competency, hours,
// order; comments say how to fill it in.
const moduleTemplate = `# module.toml : la fiche du module. Voir docs/pack-format.md.

# Le titre du module.
title = "%s"
# Une phrase qui dit ce que le module apprend.
summary = "%s"
# Le niveau : "débutant", "intermédiaire" ou "avancé".
level = "débutant"
# Les compétences travaillées : ajoutez les codes du référentiel (1.1 à 5.2),
# comme ["5.2", "%[3]s"]. Voir docs/pack-format.md.
competencies = ["%[3]s"]
# Les heures de formation qu'un centre peut compter, avec un point (0.5).
# Augmentez-les quand vous ajoutez des leçons : declic-pack stats montre le
# temps estimé, et validate prévient quand hours en est trop loin.
hours = %[4]s
# La place du module dans le parcours.
order = %[5]d
`

// firstLesson is a new lesson: a front matter that explains itself and one
// screen that states the lesson's goal.
func firstLesson(title, goal string) string {
	return fmt.Sprintf(`+++
# L'en-tête de la leçon, entre les 2 lignes +++.
# Chaque écran commence par « ## Titre » (2 dièses, une espace, le titre),
# puis 1 à 3 phrases courtes, une image ou une activité.
title = "%s"
# La durée prévue, en minutes.
duration = 5
+++

## %s

%s
`, tomlEscape(title), title, goal)
}

// hoursFor is the hours value, as TOML, that a module made of this one lesson
// should declare.
func hoursFor(lesson string) string {
	l, _ := courses.ParseLesson("modules/x/01.md", []byte(lesson))
	if l == nil {
		return "0.25"
	}
	return strconv.FormatFloat(courses.SuggestHours(courses.EstimateLesson(l).Time), 'f', -1, 64)
}

var numbered = regexp.MustCompile(`^(\d+)-`)

// nextNumber is one more than the highest NN- prefix among the entries of dir
// that keep; 1 when there is none.
func nextNumber(dir string, keep func(fs.DirEntry) bool) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return 0, err
	}
	highest := 0
	for _, e := range entries {
		if m := numbered.FindStringSubmatch(e.Name()); m != nil && keep(e) {
			n, _ := strconv.Atoi(m[1])
			highest = max(highest, n)
		}
	}
	return highest + 1, nil
}

var orderLine = regexp.MustCompile(`(?m)^\s*order\s*=\s*(\d+)`)

// nextModule returns the folder number and the order of a new module: one
// more than the highest of the existing ones.
func nextModule(modules string) (number, order int, err error) {
	number, err = nextNumber(modules, func(e fs.DirEntry) bool { return e.IsDir() })
	if err != nil {
		return 0, 0, err
	}
	order = 1
	entries, _ := os.ReadDir(modules)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(modules, e.Name(), "module.toml"))
		if err != nil {
			continue
		}
		if m := orderLine.FindSubmatch(data); m != nil {
			n, _ := strconv.Atoi(string(m[1]))
			order = max(order, n+1)
		}
	}
	return number, order, nil
}

// writeNew creates dir, which must not exist, with files; nothing is left
// when a file cannot be written.
func writeNew(dir string, files map[string]string) error {
	if _, err := os.Stat(dir); err == nil {
		return cli.Usage("declicpack.add-module.exists", "Path", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			os.RemoveAll(dir)
			return err
		}
	}
	return nil
}

var notSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slugFor makes a file name from a title: lower-case letters without accents,
// digits and dashes ("Le clavier !" gives "le-clavier").
func slugFor(title string) string {
	plain, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), strings.ToLower(title))
	if err != nil {
		plain = strings.ToLower(title)
	}
	plain = strings.NewReplacer("œ", "oe", "æ", "ae", "’", "-", "'", "-").Replace(plain)
	return strings.Trim(notSlug.ReplaceAllString(plain, "-"), "-")
}

// lowerFirst lower-cases the first letter of a title, for use inside a sentence.
func lowerFirst(s string) string {
	for i, r := range s {
		return string(unicode.ToLower(r)) + s[i+len(string(r)):]
	}
	return s
}

// tomlEscape makes a text safe between TOML double quotes.
func tomlEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
}
