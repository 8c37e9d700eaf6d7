package main

import (
	"context"
	"errors"
	"path/filepath"

	"declic/courses"
	"declic/datadir"
	"declic/internal/cli"
	"declic/packsign"
)

// installCommand installs a pack into a library the way the app does.
type installCommand struct {
	library        string
	force, allowUn bool
	trust          []string
}

func (*installCommand) Name() string { return "install" }

func (c *installCommand) Flags(f *cli.Flags) {
	f.String(&c.library, "library", "", "declicpack.value.folder", "declicpack.install.flag_library")
	f.Bool(&c.force, "force", "", "declicpack.install.flag_force")
	f.Bool(&c.allowUn, "allow-untrusted", "", "declicpack.install.flag_allow_untrusted")
	f.Strings(&c.trust, "trust", "", "declicpack.value.folder", "declicpack.flag_trust")
}

func (c *installCommand) Run(ctx context.Context, env *cli.Env, args []string) error {
	if len(args) != 1 {
		return cli.Usage("declicpack.install.no_path")
	}
	library := c.library
	if library == "" {
		d, err := datadir.Resolve()
		if err != nil {
			return err
		}
		library = d.Library
	}
	src := args[0]
	res, err := courses.Install(src, library, courses.InstallOptions{
		Force: c.force, AcceptUntrusted: c.allowUn, Trust: trustStore(env, c.trust),
	})
	var invalid *courses.InvalidPackError
	switch {
	case errors.As(err, &invalid):
		for _, p := range invalid.Problems {
			if p.Severity == courses.SeverityError {
				printProblem(env, src, p)
			}
		}
		env.Warn("declicpack.install.invalid", "Path", src)
		return cli.ErrProblems
	case errors.Is(err, courses.ErrUntrusted):
		env.Report(err)
		env.Warn("declicpack.install.untrusted_hint")
		return cli.ErrProblems
	case errors.Is(err, courses.ErrNotNewer), errors.Is(err, packsign.ErrManifest):
		return cli.Refused(err)
	case err != nil:
		return err
	}
	for _, w := range res.Warnings {
		printProblem(env, src, w)
	}
	id := "declicpack.install.done"
	if res.Previous != "" {
		id = "declicpack.install.done_replaced"
	}
	env.Say(id, "ID", res.Pack.ID, "Version", res.Pack.Version, "Previous", res.Previous, "Path", filepath.Clean(res.Dir), "Status", statusText(env, res.Report))
	return nil
}
