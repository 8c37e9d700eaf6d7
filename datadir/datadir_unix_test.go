//go:build unix

package datadir

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// New data folders are their owner's only: they hold the learners' history and keys on
// a shared PC. Missing folders above the data folder are made so too; a folder that
// exists keeps its mode.
func TestNewDataFoldersAreTheOwnersOnly(t *testing.T) {
	old := syscall.Umask(0) // the most open umask: only FolderMode may restrict
	t.Cleanup(func() { syscall.Umask(old) })
	parent := filepath.Join(t.TempDir(), "new-parent")
	d := At(filepath.Join(parent, "declic"), false)
	if err := d.Ensure(); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{parent, d.Root, d.Library, d.Cache, d.Keys} {
		st, err := os.Stat(dir)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != 0o700 {
			t.Errorf("%s: mode %o, want 700", dir, got)
		}
	}

	shared := At(filepath.Join(t.TempDir(), "shared"), false)
	if err := os.MkdirAll(shared.Library, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := shared.Ensure(); err != nil {
		t.Fatal(err)
	}
	for dir, want := range map[string]os.FileMode{shared.Root: 0o755, shared.Library: 0o755, shared.Cache: 0o700, shared.Keys: 0o700} {
		if st, err := os.Stat(dir); err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: mode %o, want %o", dir, st.Mode().Perm(), want)
		}
	}
}
