package datadir

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"declic/i18n"
)

func TestEnvVarWins(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(EnvVar, dir)
	d, err := Resolve()
	if err != nil {
		t.Fatal(err)
	}
	if d.Root != dir || d.Portable {
		t.Fatalf("got %+v, want root %s, not portable", d, dir)
	}
	if d.Database != filepath.Join(dir, "learner.db") || d.Library != filepath.Join(dir, "packs") {
		t.Errorf("layout below root is wrong: %+v", d)
	}
}

// TestPortableModeWhenDeclicDataSitsNextToTheProgram runs a copy of the test binary
// from a folder that holds declic-data, as a USB stick would.
func TestPortableModeWhenDeclicDataSitsNextToTheProgram(t *testing.T) {
	if os.Getenv("DATADIR_PROBE") == "1" {
		d, err := Resolve()
		if err != nil {
			t.Fatal(err)
		}
		if !d.Portable {
			t.Fatalf("not portable: %+v", d)
		}
		os.Stdout.WriteString(d.Root)
		return
	}
	stick := t.TempDir()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(stick, "declic.test")
	if err := os.WriteFile(copyPath, data, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(stick, PortableDirName), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(copyPath, "-test.run=^TestPortableModeWhenDeclicDataSitsNextToTheProgram$")
	cmd.Env = append(os.Environ(), "DATADIR_PROBE=1", EnvVar+"=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("probe failed: %v\n%s", err, out)
	}
	want := filepath.Join(stick, PortableDirName)
	// The probe prints the root first, then the test runner's own "PASS".
	if got := string(out); !strings.HasPrefix(got, want) {
		t.Errorf("portable root: got output %q, want %q", got, want)
	}
}

func TestWithoutOverrideTheUserConfigFolderIsUsed(t *testing.T) {
	t.Setenv(EnvVar, "")
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", home)
	d, err := Resolve()
	if err != nil {
		t.Fatal(err)
	}
	if d.Root != filepath.Join(home, "declic") || d.Portable {
		t.Errorf("got %+v", d)
	}
}

func TestEnsureCreatesTheFoldersAndRefusesAReadOnlyOne(t *testing.T) {
	d := At(filepath.Join(t.TempDir(), "data"), false)
	if err := d.Ensure(); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{d.Library, d.Cache, d.Keys} {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			t.Errorf("%s was not created", dir)
		}
	}
	// A file where the data folder should be cannot be written into, even as root.
	blocked := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocked, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := At(filepath.Join(blocked, "data"), false).Ensure()
	var ie *i18n.Error
	if !errors.Is(err, ErrReadOnly) || !errors.As(err, &ie) || ie.ID != "error.data_folder_read_only" {
		t.Fatalf("want ErrReadOnly, got %v", err)
	}
	if !strings.Contains(err.Error(), filepath.Join(blocked, "data")) {
		t.Errorf("message %q does not name the folder", err)
	}
}

func TestASystemWithoutAUserFolderSaysToSetTheVariable(t *testing.T) {
	t.Setenv(EnvVar, "")
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("HOME", "")
	t.Setenv("AppData", "")
	_, err := Resolve()
	var ie *i18n.Error
	if !errors.Is(err, ErrNoUserFolder) || !errors.As(err, &ie) || ie.ID != "error.no_user_folder" {
		t.Fatalf("Resolve = %v, want ErrNoUserFolder", err)
	}
	if !strings.Contains(err.Error(), "variable "+EnvVar) {
		t.Errorf("message %q does not name %s", err, EnvVar)
	}
}
