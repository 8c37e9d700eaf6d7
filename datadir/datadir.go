// Package datadir decides where Déclic keeps its files: the learner database, the
// installed packs, the search index and the installation key. One place decides, so
// every package agrees and tests can point everything at a temporary folder.
package datadir

import (
	"errors"
	"os"
	"path/filepath"

	"declic/i18n"
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
		return Dirs{}, i18n.NewError(ErrNoUserFolder, err, "error.no_user_folder", "Variable", EnvVar)
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

// Errors of Resolve and Ensure, to be tested with errors.Is. Each comes as an
// *i18n.Error whose message (errors.<lang>.toml) says what to do.
var (
	// ErrNoUserFolder: the system gives no user folder ($HOME and $XDG_CONFIG_HOME
	// unset, a service account): DECLIC_DATA_DIR must say where data goes.
	ErrNoUserFolder = errors.New("datadir: no user data folder on this system")
	// ErrReadOnly: the data folder cannot be created or written.
	ErrReadOnly = errors.New("datadir: the data folder cannot be written")
)

// FolderMode is the mode of the data folders Ensure creates: their owner's only, as
// they hold the learners' history and signing keys on a PC a family or a centre
// shares. On Windows the user's own profile folder keeps other accounts out, and the
// mode bits mean nothing.
const FolderMode = 0o700

// Ensure creates the folders that are missing (FolderMode, and so are the missing
// folders above Root) and checks that Root is writable. A folder that exists keeps its
// mode: a centre may have shared its packs folder on purpose.
func (d Dirs) Ensure() error {
	for _, dir := range []string{d.Root, d.Library, d.Cache, d.Keys} {
		if err := os.MkdirAll(dir, FolderMode); err != nil {
			return i18n.NewError(ErrReadOnly, err, "error.data_folder_read_only", "Path", dir)
		}
	}
	probe, err := os.CreateTemp(d.Root, ".write-test-*")
	if err != nil {
		return i18n.NewError(ErrReadOnly, err, "error.data_folder_read_only", "Path", d.Root)
	}
	name := probe.Name()
	probe.Close()
	return os.Remove(name)
}
