package courses

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// PackError says why an installed pack could not be loaded.
type PackError struct {
	Path     string
	Problems Problems
	Err      error
}

// Error is the French text: the reading error, or the pack's first error.
func (e *PackError) Error() string {
	if e.Err != nil {
		return e.Err.Error()
	}
	return (&InvalidPackError{Source: e.Path, Problems: e.Problems}).Error()
}

// Unwrap returns the reading error, if any.
func (e *PackError) Unwrap() error { return e.Err }

// Installed loads every pack of a library folder: each sub-folder holding a
// pack.toml, and each .declic file. Packs with errors are left out and reported, so
// one broken pack never hides the others. A missing folder is an empty library.
func Installed(libraryDir string) ([]*Pack, []*PackError) {
	entries, err := os.ReadDir(libraryDir)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, []*PackError{{Path: libraryDir, Err: err}}
	}
	var packs []*Pack
	var failed []*PackError
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue // temporary folders of an installation in progress
		}
		path := filepath.Join(libraryDir, name)
		isPackDir := e.IsDir() && fileExists(filepath.Join(path, "pack.toml"))
		isPackFile := !e.IsDir() && strings.EqualFold(filepath.Ext(name), ".declic")
		if !isPackDir && !isPackFile {
			continue
		}
		pack, problems, err := LoadPath(path)
		if err != nil || problems.HasErrors() {
			failed = append(failed, &PackError{Path: path, Problems: problems, Err: err})
			continue
		}
		packs = append(packs, pack)
	}
	sort.SliceStable(packs, func(i, j int) bool { return packs[i].Title < packs[j].Title })
	return packs, failed
}

func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}
