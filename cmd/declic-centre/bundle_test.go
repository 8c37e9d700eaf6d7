package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"declic/branding"
	"declic/keys"
	"declic/packsign"
)

func TestBundleWritesASignedCentreBundleTheAppAccepts(t *testing.T) {
	keyDir := t.TempDir()
	key, err := keys.LoadOrCreate(keyDir)
	if err != nil {
		t.Fatal(err)
	}
	// A partner's public key file: its name travels into the bundle.
	partner, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	partnerFile := filepath.Join(t.TempDir(), "partenaire.pub.toml")
	if err := os.WriteFile(partnerFile, packsign.PublicKeyFile("Centre social du Port", partner), 0o644); err != nil {
		t.Fatal(err)
	}
	bare, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "bundle", "--name", "EPN des Tilleuls", "--contact", "Appelez le 01 00 00 00 00",
		"--logo", filepath.Join("..", "..", "Icon.png"), "--key", keyDir, "--out", out,
		"--trust", partnerFile, "--trust", bare.DID())
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "EPN des Tilleuls") {
		t.Errorf("output does not name the centre: %s", stdout)
	}
	b, err := branding.LoadDir(filepath.Join(out, branding.DirName))
	if err != nil {
		t.Fatalf("the app would refuse the bundle: %v", err)
	}
	if b.Name != "EPN des Tilleuls" || b.Contact != "Appelez le 01 00 00 00 00" || len(b.Logo) == 0 || b.SignerDID != key.DID() {
		t.Errorf("bundle read back wrong: %+v", b)
	}
	var names []string
	for _, k := range b.Trusted {
		names = append(names, k.Name+"="+k.DID)
	}
	want := []string{"EPN des Tilleuls=" + key.DID(), "Centre social du Port=" + partner.DID(), "=" + bare.DID()}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("trusted keys = %v, want %v", names, want)
	}
}

func TestBundleRefusesMissingFieldsAnUnknownKeyAndABrokenPack(t *testing.T) {
	keyDir := t.TempDir()
	if _, err := keys.LoadOrCreate(keyDir); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no name", []string{"--key", keyDir, "--out", t.TempDir()}, "--name"},
		{"no key file", []string{"--name", "EPN", "--key", t.TempDir(), "--out", t.TempDir()}, "declic-centre keygen"},
		{"a pack that does not exist", []string{"--name", "EPN", "--key", keyDir, "--out", t.TempDir(), "--pack", "absent.declic"}, "n'a pas été créé"},
		{"an unreadable trust file", []string{"--name", "EPN", "--key", keyDir, "--out", t.TempDir(), "--trust", "absent.pub.toml"}, "absent.pub.toml"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, append([]string{"bundle"}, c.args...)...)
			if code != exitBadInput || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, stderr, c.want)
			}
		})
	}
}
