package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"declic/courses"
	"declic/internal/cli"
)

// buildCommand makes the .declic file of a pack folder.
type buildCommand struct {
	output string
}

func (*buildCommand) Name() string { return "build" }

func (c *buildCommand) Flags(f *cli.Flags) {
	f.String(&c.output, "output", "o", "declicpack.value.declic_file", "declicpack.build.flag_output")
}

func (c *buildCommand) Run(ctx context.Context, env *cli.Env, args []string) error {
	if len(args) != 1 {
		return cli.Usage("declicpack.build.no_path")
	}
	dir, out := args[0], c.output
	if out == "" {
		pack, err := courses.LoadManifest(os.DirFS(dir), dir)
		if err != nil || pack == nil || pack.ID == "" || pack.Version == "" {
			return cli.Usage("declicpack.build.no_output", "Path", dir)
		}
		out = pack.ID + "-" + pack.Version + courses.PackExt
	}
	if !strings.EqualFold(filepath.Ext(out), courses.PackExt) {
		return cli.Usage("declicpack.build.bad_extension", "Path", out)
	}
	pack, m, err := courses.Build(dir, out)
	var invalid *courses.InvalidPackError
	if errors.As(err, &invalid) {
		for _, p := range invalid.Problems {
			if p.Severity == courses.SeverityError {
				printProblem(env, dir, p)
			}
		}
		env.Warn("declicpack.build.refused", "Path", dir)
		return cli.ErrProblems
	}
	if err != nil {
		return err
	}
	env.Say("declicpack.build.done", "Path", out, "ID", pack.ID, "Version", pack.Version, "Files", count(env, "declicpack.n_files", len(m.Entries)))
	return nil
}
