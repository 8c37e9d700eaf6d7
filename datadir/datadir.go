// Package datadir decides where Déclic keeps its files: the learner database, the
// installed packs, the search index and the installation key. One place decides, so
// every package agrees and tests can point everything at a temporary folder.
package datadir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// EnvVar overrides the data folder (tests and scripts use it).
const EnvVar = "DECLIC_DATA_DIR"

// PortableDirName is the folder that, when it sits next to the executable, turns on
// portable mode: all data stays beside the program (a USB stick).
const PortableDirName = "declic-data"

// Dirs are the folders and files Déclic uses, all below Root.
type Dirs struct {
	Root     string // everything below lives here
	Library  string // installed course packs, one folder each
	Cache    string // rebuildable data: the search index
	Keys     string // the installation's signing key
	Database string // the learner database file
	Portable bool   // true when Root sits next to the executable
}

// Resolve picks the data folder: $DECLIC_DATA_DIR if set, else a declic-data folder
// next to the executable (portable mode), else the OS user-config folder.
func Resolve() (Dirs, error) {
	if dir := os.Getenv(EnvVar); dir != "" {
		return At(dir, false), nil
	}
	if exe, err := os.Executable(); err == nil {
		portable := filepath.Join(filepath.Dir(exe), PortableDirName)
		if st, err := os.Stat(portable); err == nil && st.IsDir() {
			return At(portable, true), nil
		}
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return Dirs{}, fmt.Errorf("no user data folder on this system: %w", err)
	}
	return At(filepath.Join(base, "declic"), false), nil
}

// At lays out the data folders below root.
func At(root string, portable bool) Dirs {
	return Dirs{
		Root:     root,
		Library:  filepath.Join(root, "packs"),
		Cache:    filepath.Join(root, "cache"),
		Keys:     filepath.Join(root, "keys"),
		Database: filepath.Join(root, "learner.db"),
		Portable: portable,
	}
}

// ErrReadOnly is returned by Ensure when the data folder cannot be written.
var ErrReadOnly = errors.New("the data folder cannot be written")

// Ensure creates the folders if needed and checks that Root is writable.
func (d Dirs) Ensure() error {
	for _, dir := range []string{d.Root, d.Library, d.Cache, d.Keys} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("%w: %s: %v", ErrReadOnly, dir, err)
		}
	}
	probe, err := os.CreateTemp(d.Root, ".write-test-*")
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrReadOnly, d.Root, err)
	}
	name := probe.Name()
	probe.Close()
	return os.Remove(name)
}
