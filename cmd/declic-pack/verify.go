package main

import (
	"context"
	"errors"

	"declic/courses"
	"declic/internal/cli"
	"declic/packsign"
)

// verifyCommand shows who signed a pack and whether it is intact and valid.
type verifyCommand struct {
	trust []string
}

func (*verifyCommand) Name() string { return "verify" }

func (c *verifyCommand) Flags(f *cli.Flags) {
	f.Strings(&c.trust, "trust", "", "declicpack.value.folder", "declicpack.flag_trust")
}

func (c *verifyCommand) Run(ctx context.Context, env *cli.Env, args []string) error {
	if len(args) != 1 {
		return cli.Usage("declicpack.verify.no_path")
	}
	path := args[0]
	pack, problems, report, err := courses.VerifyPath(path, trustStore(env, c.trust))
	if report.Signer != "" {
		env.Say("declicpack.verify.signer", "Signer", report.Signer, "Fingerprint", report.Fingerprint)
		if report.ClaimedName != "" {
			env.Say("declicpack.verify.claimed", "Name", report.ClaimedName)
		}
	}
	if err != nil {
		if report.HasManifest || report.Signer != "" || errors.Is(err, packsign.ErrManifest) {
			env.Say("declicpack.verify.refused", "Text", env.Tr.Error(err))
			return cli.ErrProblems
		}
		return err
	}
	env.Say("declicpack.verify.status", "Status", statusText(env, report))
	if report.HasManifest {
		env.Say("declicpack.verify.files", "Files", count(env, "declicpack.n_files", report.Files))
	} else {
		env.Say("declicpack.verify.no_manifest")
	}
	errs := 0
	for _, p := range problems {
		if p.Severity == courses.SeverityError {
			printProblem(env, path, p)
			errs++
		}
	}
	env.Say("declicpack.verify.pack", "ID", pack.ID, "Version", pack.Version, "Title", pack.Title, "Errors", count(env, "declicpack.n_errors", errs))
	if errs > 0 {
		return cli.ErrProblems
	}
	return nil
}
