package main

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// newPack is the example pack that new copies: one module, one lesson with
// every activity kind, a picture, and comments explaining each field.
//
//go:embed newpack
var newPack embed.FS

func init() {
	register("new", command{
		Summary: map[string]string{
			"fr": "créer un nouveau parcours d'exemple à compléter",
			"en": "create a new example pack to fill in",
		},
		Help: map[string]string{
			"fr": `Utilisation : declic-pack new DOSSIER [--title "TITRE"]

Crée un parcours d'exemple dans DOSSIER (qui ne doit pas exister, ou être
vide) : pack.toml, un module avec son module.toml, une leçon qui montre
chaque sorte d'activité (quiz, mouse, keyboard, form, order, spot, site) et une
image. Des commentaires (lignes qui commencent par #) expliquent chaque
champ. Le parcours est valide tel quel : modifiez-le petit à petit, et
vérifiez-le avec declic-pack validate et declic-pack lint. Voyez-le dans
Déclic avec : declic --preview DOSSIER

Options :
  --title TITRE   le titre du parcours (par défaut : « Mon parcours »)

Code de sortie :
  0  le parcours est créé
  2  le dossier existe et n'est pas vide, ne peut pas être écrit, ou la
     commande est incorrecte

Exemple :
  declic-pack new mon-parcours
`,
			"en": `Usage: declic-pack new FOLDER [--title "TITLE"]

Creates an example pack in FOLDER (which must not exist, or be empty):
pack.toml, one module with its module.toml, a lesson showing every kind
of activity (quiz, mouse, keyboard, form, order, spot, site) and a picture.
Comments (lines starting with #) explain each field. The pack is valid as
it is: change it bit by bit, and check it with declic-pack validate and
declic-pack lint. See it in Déclic with: declic --preview FOLDER

Options:
  --title TITLE   the pack's title (default: "Mon parcours")

Exit status:
  0  the pack is created
  2  the folder exists and is not empty, cannot be written, or the
     command line is wrong

Example:
  declic-pack new my-pack
`,
		},
		Run: runNew,
	})
}

var notSlug = regexp.MustCompile(`[^a-z0-9]+`)

// packIDFor makes a valid pack id from a folder name: "Mon Parcours!" gives
// "fr.mon-centre.mon-parcours".
func packIDFor(dir string) string {
	base := strings.ToLower(filepath.Base(filepath.Clean(dir)))
	base = strings.NewReplacer("é", "e", "è", "e", "ê", "e", "à", "a", "â", "a", "ç", "c", "î", "i", "ô", "o", "ù", "u", "û", "u").Replace(base)
	slug := strings.Trim(notSlug.ReplaceAllString(base, "-"), "-")
	if slug == "" || slug[0] < 'a' || slug[0] > 'z' {
		slug = "parcours-" + slug
		slug = strings.TrimSuffix(slug, "-")
	}
	return "fr.mon-centre." + slug
}

func runNew(ctx *context, args []string) int {
	opts, rest, ok := parseOptions(args, []string{"--title"}, nil)
	if !ok || len(rest) != 1 {
		fmt.Fprint(ctx.Stderr, text(ctx,
			"declic-pack new : indiquez le dossier à créer, par exemple :\n  declic-pack new mon-parcours\n",
			"declic-pack new: give the folder to create, for example:\n  declic-pack new my-pack\n"))
		return exitUsage
	}
	dir := rest[0]
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		fmt.Fprintf(ctx.Stderr, text(ctx, "%s existe déjà et n'est pas vide ; choisissez un nouveau dossier.\n", "%s exists already and is not empty; choose a new folder.\n"), dir)
		return exitUsage
	}
	title := strings.TrimSpace(opts.values["--title"])
	if title == "" {
		title = "Mon parcours"
	}
	replace := strings.NewReplacer("{{ID}}", packIDFor(dir), "{{TITLE}}", strings.ReplaceAll(title, `"`, `\"`))
	err := fs.WalkDir(newPack, "newpack", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, "newpack"), "/")
		dst := filepath.Join(dir, filepath.FromSlash(rel))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := newPack.ReadFile(p)
		if err != nil {
			return err
		}
		if path.Base(p) == "pack.toml" {
			data = []byte(replace.Replace(string(data)))
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		fmt.Fprintf(ctx.Stderr, "declic-pack new: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(ctx.Stdout, text(ctx,
		"Parcours créé dans %s.\nÀ faire ensuite :\n  declic-pack validate %s\n  declic-pack lint %s\n  declic --preview %s\n",
		"Pack created in %s.\nNext:\n  declic-pack validate %s\n  declic-pack lint %s\n  declic --preview %s\n"), dir, dir, dir, dir)
	return exitOK
}
