package main

import (
	"context"
	"embed"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"declic/internal/cli"
)

// newPack is the example pack that new copies: one module, one lesson with
// every activity kind, a picture, and comments explaining each field.
//
//go:embed newpack
var newPack embed.FS

// newCommand creates an example pack to fill in.
type newCommand struct {
	title string
}

func (*newCommand) Name() string { return "new" }

func (c *newCommand) Flags(f *cli.Flags) {
	f.String(&c.title, "title", "", "declicpack.value.title", "declicpack.new.flag_title")
}

func (c *newCommand) Run(ctx context.Context, env *cli.Env, args []string) error {
	if len(args) != 1 {
		return cli.Usage("declicpack.new.no_path")
	}
	dir := args[0]
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return cli.Usage("declicpack.new.not_empty", "Path", dir)
	}
	title := strings.TrimSpace(c.title)
	if title == "" {
		title = env.T("declicpack.new.default_title")
	}
	replace := strings.NewReplacer("{{ID}}", packIDFor(dir), "{{TITLE}}", tomlEscape(title))
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
		return err
	}
	env.Say("declicpack.new.done", "Path", dir)
	return nil
}

// packIDFor makes a valid pack id from a folder name: "Mon Parcours!" gives
// "fr.mon-centre.mon-parcours".
func packIDFor(dir string) string {
	slug := slugFor(filepath.Base(filepath.Clean(dir)))
	if slug == "" || slug[0] < 'a' || slug[0] > 'z' {
		slug = strings.TrimSuffix("parcours-"+slug, "-")
	}
	return "fr.mon-centre." + slug
}
