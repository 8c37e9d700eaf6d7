package main

import (
	"bufio"
	"context"
	"os"
	"strings"

	"declic/internal/cli"
	"declic/keys"
	"declic/packsign"
)

// keygenCommand creates a centre's signing key and its shareable public half.
type keygenCommand struct {
	name, out, passphraseFile string
}

func (*keygenCommand) Name() string { return "keygen" }

func (c *keygenCommand) Flags(f *cli.Flags) {
	c.out = "cle-declic.json"
	f.String(&c.name, "name", "", "declicpack.value.name", "declicpack.keygen.flag_name")
	f.String(&c.out, "out", "", "declicpack.value.key_file", "declicpack.keygen.flag_out")
	f.String(&c.passphraseFile, "passphrase-file", "", "declicpack.value.file", "declicpack.flag_passphrase_file")
}

func (c *keygenCommand) Run(ctx context.Context, env *cli.Env, args []string) error {
	name := strings.TrimSpace(c.name)
	if len(args) != 0 || name == "" {
		return cli.Usage("declicpack.keygen.no_name")
	}
	pass, err := passphrase(env, c.passphraseFile)
	if err != nil {
		return err
	}
	pub := packsign.PublicKeyFileName(c.out)
	for _, p := range []string{c.out, pub} {
		if _, err := os.Stat(p); err == nil {
			return cli.Usage("declicpack.keygen.exists", "Path", p)
		}
	}
	key, err := keys.Generate()
	if err != nil {
		return err
	}
	if err := keys.Save(c.out, key, pass); err != nil {
		return err
	}
	if err := os.WriteFile(pub, packsign.PublicKeyFile(name, key), 0o644); err != nil {
		os.Remove(c.out)
		return err
	}
	id := "declicpack.keygen.done"
	if pass != "" {
		id = "declicpack.keygen.done_protected"
	}
	env.Say(id, "Key", c.out, "Public", pub, "Signer", key.DID(), "Fingerprint", packsign.Fingerprint(key.Public()))
	return nil
}

// passphrase reads the first line of file, or DECLIC_PASSPHRASE without a file.
func passphrase(env *cli.Env, file string) (string, error) {
	if file == "" {
		return env.Getenv("DECLIC_PASSPHRASE"), nil
	}
	f, err := os.Open(file)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if !sc.Scan() || strings.TrimSpace(sc.Text()) == "" {
		return "", cli.Usage("declicpack.passphrase_empty", "Path", file)
	}
	return strings.TrimRight(sc.Text(), "\r"), nil
}
