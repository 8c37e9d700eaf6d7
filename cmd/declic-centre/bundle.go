package main

import (
	"context"
	"os"
	"path/filepath"

	"declic/branding"
	"declic/i18n"
	"declic/internal/cli"
	"declic/keys"
	_ "declic/plugins/builtin" // the bundle's packs are validated: the activity kinds must be known
)

// bundleCommand writes a signed centre bundle: the folder an installer drops beside
// the program so the app shows the centre's name, logo and contact, pre-installs its
// packs and trusts its keys, without rebuilding any Go code.
type bundleCommand struct {
	name, contact, logo, key, out string
	packs, trust                  []string
}

func (*bundleCommand) Name() string { return "bundle" }

func (c *bundleCommand) Flags(f *cli.Flags) {
	f.String(&c.name, "name", "", "declicentre.value.name", "declicentre.bundle.flag_name")
	f.String(&c.contact, "contact", "", "declicentre.value.text", "declicentre.bundle.flag_contact")
	f.String(&c.logo, "logo", "", "declicentre.value.file", "declicentre.bundle.flag_logo")
	f.String(&c.key, "key", "", "declicentre.value.folder", "declicentre.bundle.flag_key")
	f.String(&c.out, "out", "o", "declicentre.value.folder", "declicentre.bundle.flag_out")
	f.Strings(&c.packs, "pack", "", "declicentre.value.file", "declicentre.bundle.flag_pack")
	f.Strings(&c.trust, "trust", "", "declicentre.value.did", "declicentre.bundle.flag_trust")
}

func (c *bundleCommand) Run(_ context.Context, env *cli.Env, _ []string) error {
	if c.name == "" || c.key == "" || c.out == "" {
		return cli.Usage("declicentre.bundle.usage")
	}
	key, err := keys.Load(filepath.Join(c.key, keys.FileName), "")
	if err != nil {
		return failed(i18n.M("declicentre.bundle.no_key", "Dir", c.key, "Text", err.Error()))
	}
	var trusted []branding.TrustEntry
	for _, t := range c.trust {
		e, err := branding.TrustArg(t)
		if err != nil {
			return failed(i18n.M("declicentre.bundle.bad_trust", "Text", env.Tr.Error(err)))
		}
		trusted = append(trusted, e)
	}
	dir := filepath.Join(c.out, branding.DirName)
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}
	m, err := branding.Build(branding.BuildOptions{Dir: dir, Name: c.name, Contact: c.contact, Logo: c.logo,
		Packs: c.packs, Trust: trusted, Key: key})
	if err != nil {
		return failed(i18n.M("declicentre.bundle.failed", "Text", env.Tr.Error(err)))
	}
	say(env, i18n.M("declicentre.bundle.done", "Name", m.Name, "Dir", dir, "Packs", len(m.Packs), "Signer", m.Signer))
	return nil
}
