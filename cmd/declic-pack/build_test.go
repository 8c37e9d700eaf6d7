package main

import (
	"bytes"
	"declic/internal/cli"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The whole trainer journey of docs/guide-formateur.md, through the CLI: new,
// build, keygen, sign, verify, install into another profile's library.
func TestFromNewToASignedPackInstalled(t *testing.T) {
	t.Setenv("DECLIC_DATA_DIR", t.TempDir())
	work := t.TempDir()
	dir := filepath.Join(work, "mon-parcours")
	out := filepath.Join(work, "mon-parcours.declic")
	key := filepath.Join(work, "centre.json")
	mustRun(t, "new", dir)
	mustRun(t, "build", dir, "-o", out)
	first, _ := os.ReadFile(out)
	mustRun(t, "build", dir, "-o", out)
	if again, _ := os.ReadFile(out); !bytes.Equal(first, again) {
		t.Fatal("two builds of the same folder differ")
	}
	passFile := filepath.Join(work, "phrase.txt")
	os.WriteFile(passFile, []byte("une longue phrase secrète\n"), 0o600)
	outKey := mustRun(t, "keygen", "--name", "Centre social Exemple", "--out", key, "--passphrase-file", passFile)
	if !strings.Contains(outKey, "protégée par une phrase secrète") {
		t.Errorf("keygen:\n%s", outKey)
	}
	if info, _ := os.Stat(key); info.Mode().Perm() != 0o600 {
		t.Errorf("key mode %v", info.Mode().Perm())
	}
	// Without the passphrase, sign refuses.
	if code, _, errOut := runCLI(t, env(), "sign", out, "--key", key); code != cli.ExitUsage || !strings.Contains(errOut, "phrase secrète absente ou fausse") {
		t.Errorf("sign without passphrase: %d %s", code, errOut)
	}
	t.Setenv("DECLIC_PASSPHRASE", "une longue phrase secrète")
	signed := mustRun(t, "sign", out, "--key", key)
	if !strings.Contains(signed, "signé par Centre social Exemple (did:key:z6Mk") {
		t.Errorf("sign:\n%s", signed)
	}
	v := mustRun(t, "verify", out)
	for _, want := range []string{"Signataire : did:key:z6Mk", "Statut : signataire inconnu", "correspondent au manifeste", "0 erreur"} {
		if !strings.Contains(v, want) {
			t.Errorf("verify lacks %q:\n%s", want, v)
		}
	}
	// Another profile (another data folder) trusts the centre's public key.
	other := t.TempDir()
	t.Setenv("DECLIC_DATA_DIR", other)
	os.MkdirAll(filepath.Join(other, "trust"), 0o755)
	pub, _ := os.ReadFile(filepath.Join(work, "centre.pub.toml"))
	os.WriteFile(filepath.Join(other, "trust", "centre.pub.toml"), pub, 0o644)
	if v := mustRun(t, "verify", out); !strings.Contains(v, "centre de confiance : Centre social Exemple") {
		t.Errorf("verify with trust:\n%s", v)
	}
	inst := mustRun(t, "install", out)
	if !strings.Contains(inst, "Installé : fr.mon-centre.mon-parcours 1.0.0") || !strings.Contains(inst, "centre de confiance") {
		t.Errorf("install:\n%s", inst)
	}
	if _, err := os.Stat(filepath.Join(other, "packs", "fr.mon-centre.mon-parcours", "pack.toml")); err != nil {
		t.Errorf("not installed in the data folder: %v", err)
	}
	// Again: same version refused, --force accepted.
	if code, _, errOut := runCLI(t, env(), "install", out); code != cli.ExitProblems || !strings.Contains(errOut, "fr.mon-centre.mon-parcours 1.0.0 est déjà installé") {
		t.Errorf("reinstall: %d %s", code, errOut)
	}
	mustRun(t, "install", out, "--force")
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := runCLI(t, env(), args...)
	if code != cli.ExitOK {
		t.Fatalf("declic-pack %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

func TestBuildRefusesABrokenPack(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.declic")
	code, stdout, errOut := runCLI(t, env(), "build", "../../courses/testdata/broken/missing-image", "-o", out)
	if code != cli.ExitProblems || !strings.Contains(stdout, "L'image « images/absent.svg » est introuvable") || !strings.Contains(errOut, "aucun fichier n'est écrit") {
		t.Errorf("exit %d\n%s%s", code, stdout, errOut)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a file was written")
	}
	for _, args := range [][]string{{"build"}, {"build", example, "-o", "x.zip"}, {"build", example, "-o"}, {"build", example, "--inconnu"}} {
		if code, _, _ := runCLI(t, env(), args...); code != cli.ExitUsage {
			t.Errorf("%q: exit %d", args, code)
		}
	}
}

func TestBuildDefaultName(t *testing.T) {
	wd, _ := os.Getwd()
	abs := filepath.Join(wd, example)
	t.Chdir(t.TempDir())
	out := mustRun(t, "build", abs)
	if _, err := os.Stat("org.example.decouverte-1.2.0.declic"); err != nil || !strings.Contains(out, "org.example.decouverte 1.2.0") {
		t.Errorf("%v\n%s", err, out)
	}
}

func TestVerifyAndInstallRefuseAChangedPack(t *testing.T) {
	t.Setenv("DECLIC_DATA_DIR", t.TempDir())
	work := t.TempDir()
	out := filepath.Join(work, "p.declic")
	mustRun(t, "build", example, "-o", out)
	mustRun(t, "keygen", "--name", "A", "--out", filepath.Join(work, "a.json"))
	mustRun(t, "sign", out, "--key", filepath.Join(work, "a.json"))
	data, _ := os.ReadFile(out)
	// Signing again with another key replaces the signer.
	mustRun(t, "keygen", "--name", "B", "--out", filepath.Join(work, "b.json"))
	other := filepath.Join(work, "other.declic")
	os.WriteFile(other, data, 0o644)
	mustRun(t, "sign", other, "--key", filepath.Join(work, "b.json"))
	code, stdout, _ := runCLI(t, env(), "verify", other)
	if code != cli.ExitOK || !strings.Contains(stdout, "signataire inconnu") {
		t.Errorf("re-signed: %d %s", code, stdout)
	}
	// A truncated file.
	os.WriteFile(other, data[:len(data)/2], 0o644)
	if code, _, errOut := runCLI(t, env(), "verify", other); code != cli.ExitUsage || !strings.Contains(errOut, "ce n'est pas un fichier .declic lisible") {
		t.Errorf("truncated verify: %d %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, env(), "install", other, "--library", filepath.Join(work, "lib"), "--allow-untrusted"); code != cli.ExitUsage || !strings.Contains(errOut, "ce n'est pas un fichier .declic lisible") {
		t.Errorf("truncated install: %d %s", code, errOut)
	}
	// An unsigned pack needs --allow-untrusted.
	unsigned := filepath.Join(work, "u.declic")
	mustRun(t, "build", example, "-o", unsigned)
	lib := filepath.Join(work, "lib")
	if code, _, errOut := runCLI(t, env(), "install", unsigned, "--library", lib); code != cli.ExitProblems || !strings.Contains(errOut, "--allow-untrusted") {
		t.Errorf("unsigned: %d %s", code, errOut)
	}
	if out := mustRun(t, "install", unsigned, "--library", lib, "--allow-untrusted"); !strings.Contains(out, "non signé") {
		t.Errorf("unsigned with consent:\n%s", out)
	}
}

func TestKeygenNeverReplacesAKey(t *testing.T) {
	work := t.TempDir()
	key := filepath.Join(work, "k.json")
	mustRun(t, "keygen", "--name", "A", "--out", key)
	before, _ := os.ReadFile(key)
	if code, _, errOut := runCLI(t, env(), "keygen", "--name", "A", "--out", key); code != cli.ExitUsage || !strings.Contains(errOut, "existe déjà") {
		t.Errorf("%d %s", code, errOut)
	}
	if after, _ := os.ReadFile(key); !bytes.Equal(before, after) {
		t.Error("the key changed")
	}
	if code, _, _ := runCLI(t, env(), "keygen"); code != cli.ExitUsage {
		t.Error("keygen without a name")
	}
}

func TestStats(t *testing.T) {
	code, out, _ := runCLI(t, env("DECLIC_LANG", "en"), "stats", example)
	if code != cli.ExitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"org.example.decouverte 1.2.0", "Modules                    2\n", "Lessons                    3\n", "Screens                    10\n",
		"Estimated time (beginner)  9 min (0.2 h)\n", "Training hours             0.15 h\n", "Activities                 3 (mouse 1, quiz 2)\n",
		"01-la-souris   0.1 h     about 6 min     ok\n", "02-le-clavier  0.05 h    about 3 min     ok\n", "Competencies covered: 3"} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := runCLI(t, env(), "stats", "../../courses/testdata/broken/missing-image"); code != cli.ExitProblems {
		t.Errorf("broken: %d", code)
	}
}
