package main

import (
	"context"
	"errors"
	"os"
	"strings"

	"declic/courses"
	"declic/internal/cli"
	"declic/keys"
	"declic/packsign"
)

// signCommand signs a built .declic file with the centre's key.
type signCommand struct {
	key, name, passphraseFile string
}

func (*signCommand) Name() string { return "sign" }

func (c *signCommand) Flags(f *cli.Flags) {
	f.String(&c.key, "key", "", "declicpack.value.key_file", "declicpack.sign.flag_key")
	f.String(&c.name, "name", "", "declicpack.value.name", "declicpack.sign.flag_name")
	f.String(&c.passphraseFile, "passphrase-file", "", "declicpack.value.file", "declicpack.flag_passphrase_file")
}

func (c *signCommand) Run(ctx context.Context, env *cli.Env, args []string) error {
	if len(args) != 1 || c.key == "" {
		return cli.Usage("declicpack.sign.no_args")
	}
	pass, err := passphrase(env, c.passphraseFile)
	if err != nil {
		return err
	}
	key, err := keys.Load(c.key, pass)
	if errors.Is(err, keys.ErrPassphrase) {
		return cli.Usage("declicpack.sign.passphrase", "Path", c.key)
	}
	if err != nil {
		return err
	}
	name := strings.TrimSpace(c.name)
	if name == "" {
		if k, err := packsign.ReadPublicKeyFile(packsign.PublicKeyFileName(c.key)); err == nil && k.DID == key.DID() {
			name = k.Name
		}
	}
	file := args[0]
	if _, err := os.Stat(file); err != nil {
		return err
	}
	report, err := courses.Sign(file, key, name)
	if errors.Is(err, packsign.ErrManifest) {
		return cli.Refused(err)
	}
	if err != nil {
		return err
	}
	if name == "" {
		name = "-"
	}
	env.Say("declicpack.sign.done", "Path", file, "Name", name, "Signer", report.Signer, "Fingerprint", report.Fingerprint,
		"Files", count(env, "declicpack.n_files", report.Files))
	return nil
}
