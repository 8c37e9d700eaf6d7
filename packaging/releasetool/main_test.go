package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"declic/branding"
)

func call(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestKeygenSignVerify(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "release-key.json")
	code, did, stderr := call(t, "keygen", "--key", key)
	if code != 0 || !strings.HasPrefix(did, "did:key:z6Mk") {
		t.Fatalf("keygen: %d %q %s", code, did, stderr)
	}
	did = strings.TrimSpace(did)
	sums := filepath.Join(dir, "SHA256SUMS")
	os.WriteFile(sums, []byte("0123  declic_0.1.0_amd64.deb\n"), 0o644)
	pemPath := filepath.Join(dir, "release-key.pem")
	if code, out, stderr := call(t, "sign", "--key", key, "--pem", pemPath, sums); code != 0 || strings.TrimSpace(out) != did {
		t.Fatalf("sign: %d %q %s", code, out, stderr)
	}
	if code, out, _ := call(t, "verify", "--pub", did, sums); code != 0 || !strings.Contains(out, "good signature") {
		t.Fatalf("verify: %d %q", code, out)
	}
	// openssl, when present, checks the same signature with the PEM key: no Go needed.
	if openssl, err := exec.LookPath("openssl"); err == nil {
		cmd := exec.Command(openssl, "pkeyutl", "-verify", "-pubin", "-inkey", pemPath, "-rawin", "-in", sums, "-sigfile", sums+".sig")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("openssl refuses the signature: %v\n%s", err, out)
		}
	}
	// Any change to the signed file is caught.
	os.WriteFile(sums, []byte("0124  declic_0.1.0_amd64.deb\n"), 0o644)
	if code, _, stderr := call(t, "verify", "--pub", did, sums); code != 1 || !strings.Contains(stderr, "BAD signature") {
		t.Fatalf("verify of a changed file: %d %s", code, stderr)
	}
}

func TestBadUse(t *testing.T) {
	dir := t.TempDir()
	cases := [][]string{
		{},
		{"frobnicate"},
		{"keygen"},
		{"sign", "--key", filepath.Join(dir, "k.json")},
		{"verify", "--pub", "did:key:zNOPE", "x"},
		{"bundle", "--name", "EPN"},
	}
	for _, args := range cases {
		if code, _, stderr := call(t, args...); code != 2 || stderr == "" {
			t.Errorf("%v: code %d, stderr %q; want 2 and a message", args, code, stderr)
		}
	}
	if code, _, stderr := call(t, "sign", "--key", filepath.Join(dir, "missing.json"), "f"); code != 1 || !strings.Contains(stderr, "missing.json") {
		t.Errorf("sign with a missing key: %d %q", code, stderr)
	}
}

func TestBundle(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "centre.json")
	if code, _, stderr := call(t, "keygen", "--key", key); code != 0 {
		t.Fatal(stderr)
	}
	out := filepath.Join(dir, "exe", branding.DirName)
	code, stdout, stderr := call(t, "bundle", "--key", key, "--name", "EPN des Tilleuls",
		"--contact", "Besoin d'aide ? Appelez le 01 00 00 00 00", "--out", out)
	if code != 0 {
		t.Fatalf("bundle: %d %s", code, stderr)
	}
	if !strings.Contains(stdout, `"EPN des Tilleuls"`) {
		t.Errorf("stdout = %q", stdout)
	}
	b, err := branding.Load(filepath.Join(dir, "exe"))
	if err != nil || b.Name != "EPN des Tilleuls" {
		t.Fatalf("load: %v %+v", err, b)
	}
	if code, _, stderr := call(t, "bundle", "--key", key, "--name", "EPN", "--out", out); code != 1 || !strings.Contains(stderr, "already exists") {
		t.Errorf("second bundle into the same folder: %d %q", code, stderr)
	}
	// A bad --trust is refused before anything is written.
	for _, bad := range []string{filepath.Join(dir, "absent.pub.toml"), "z6MkNOPE"} {
		other := filepath.Join(dir, "other", branding.DirName)
		code, _, stderr := call(t, "bundle", "--key", key, "--name", "EPN", "--trust", bad, "--out", other)
		if code != 1 || !strings.Contains(stderr, "--trust") {
			t.Errorf("--trust %s: %d %q, want exit 1 naming --trust", bad, code, stderr)
		}
		if _, err := os.Stat(other); !os.IsNotExist(err) {
			t.Errorf("--trust %s: a bundle was written anyway (%v)", bad, err)
		}
	}
}
