package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/language"

	"declic/attest"
	"declic/courses"
	"declic/i18n"
	"declic/internal/cli"
	"declic/sheets"
	"declic/svgtext"
)

// printCommand writes each module's one-page summary sheet (PDF) into a folder.
type printCommand struct {
	module, out string
}

func (*printCommand) Name() string { return "print" }

func (c *printCommand) Flags(f *cli.Flags) {
	f.String(&c.module, "module", "m", "declicpack.value.module", "declicpack.print.flag_module")
	f.String(&c.out, "out", "o", "declicpack.value.folder", "declicpack.print.flag_out")
}

func (c *printCommand) Run(ctx context.Context, env *cli.Env, args []string) error {
	if len(args) != 1 || strings.TrimSpace(c.out) == "" {
		return cli.Usage("declicpack.print.no_path")
	}
	path := args[0]
	pack, problems, err := courses.LoadPath(path)
	if err != nil {
		return err
	}
	if problems.HasErrors() {
		for _, p := range problems {
			if p.Severity == courses.SeverityError {
				printProblem(env, path, p)
			}
		}
		env.Warn("declicpack.print.fix_first", "Path", path)
		return cli.ErrProblems
	}
	modules := pack.Modules
	if c.module != "" {
		modules = nil
		var ids []string
		for _, m := range pack.Modules {
			ids = append(ids, m.ID)
			if m.ID == c.module {
				modules = []*courses.Module{m}
			}
		}
		if modules == nil {
			return cli.Usage("declicpack.print.no_module", "Module", c.module, "Modules", strings.Join(ids, ", "))
		}
	}
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}
	words, err := svgtext.NewConverter()
	if err != nil {
		return err
	}
	// The sheet speaks the pack's language, whatever the trainer's.
	t := i18n.New(language.Make(pack.Language))
	failed := false
	for _, m := range modules {
		var pdf bytes.Buffer
		s := sheets.Build(pack, m, words, t.T("sheets.remember"))
		if err := sheets.WritePDF(&pdf, s, t, env.Now()); err != nil {
			env.Report(err)
			failed = true
			continue
		}
		written, err := attest.WriteFiles(c.out, []attest.File{{Name: sheets.FileName(m.ID), Data: pdf.Bytes()}})
		if err != nil {
			env.Report(err)
			failed = true
			continue
		}
		env.Say("declicpack.print.done", "Path", filepath.Clean(written[0]), "Title", m.Title,
			"Points", len(s.Remember), "Pictures", len(s.Pictures))
	}
	if failed {
		return cli.Quiet(cli.ExitProblems)
	}
	return nil
}
