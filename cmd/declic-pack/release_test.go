package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"declic/internal/cli"
)

// buildWith builds declic-pack with linker flags into dir.
func buildWith(t *testing.T, dir, ldflags string) string {
	t.Helper()
	bin := filepath.Join(dir, "declic-pack")
	out, err := exec.Command("go", "build", "-trimpath", "-ldflags", ldflags, "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// packNeeding writes the example pack with min_app_version set to v.
func packNeeding(t *testing.T, v string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "p")
	copyDir(t, example, dir)
	p := filepath.Join(dir, "pack.toml")
	data, _ := os.ReadFile(p)
	data = regexp.MustCompile(`(?m)^min_app_version = ".*"$`).ReplaceAll(data, []byte(`min_app_version = "`+v+`"`))
	os.WriteFile(p, data, 0o644)
	return dir
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if info.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func runBinary(t *testing.T, bin string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "DECLIC_LANG=fr")
	out, _ := cmd.CombinedOutput()
	return cmd.ProcessState.ExitCode(), string(out)
}

// A build made with the release flags (scripts/ldflags.sh, which the Makefile
// and dist.sh use) reports FyneApp.toml's version, and the pack loader checks
// min_app_version against that same version.
func TestReleaseFlagsGiveOneVersionToTheToolAndThePackLoader(t *testing.T) {
	flags, err := exec.Command("../../scripts/ldflags.sh").Output()
	if err != nil {
		t.Fatalf("scripts/ldflags.sh: %v", err)
	}
	fyne, _ := os.ReadFile("../../FyneApp.toml")
	m := regexp.MustCompile(`(?m)^Version = "(\d+)\.(\d+)\.(\d+)"`).FindSubmatch(fyne)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version")
	}
	want := string(m[1]) + "." + string(m[2]) + "." + string(m[3])
	patch, _ := strconv.Atoi(string(m[3]))
	next := string(m[1]) + "." + string(m[2]) + "." + strconv.Itoa(patch+1)

	bin := buildWith(t, t.TempDir(), "-s -w "+strings.TrimSpace(string(flags)))
	if code, out := runBinary(t, bin, "--version"); code != cli.ExitOK || out != "declic-pack "+want+"\n" {
		t.Errorf("--version: exit %d, %q, want %q", code, out, want)
	}
	if code, out := runBinary(t, bin, "validate", packNeeding(t, want)); code != cli.ExitOK {
		t.Errorf("a pack needing %s: exit %d\n%s", want, code, out)
	}
	code, out := runBinary(t, bin, "validate", packNeeding(t, next))
	if code != cli.ExitProblems || !strings.Contains(out, "Ce parcours demande Déclic "+next+" ou plus récent, et ceci est Déclic "+want+".") {
		t.Errorf("a pack needing %s: exit %d\n%s", next, code, out)
	}

	// Another version set by the same flag reaches the loader too: the flag is
	// not a second, unused variable.
	other := buildWith(t, t.TempDir(), "-X declic/version.number=9.9.0")
	if _, out := runBinary(t, other, "--version"); out != "declic-pack 9.9.0\n" {
		t.Errorf("--version with 9.9.0: %q", out)
	}
	if code, out := runBinary(t, other, "validate", packNeeding(t, "9.9.0")); code != cli.ExitOK {
		t.Errorf("9.9.0 refuses a pack needing 9.9.0: exit %d\n%s", code, out)
	}
}
