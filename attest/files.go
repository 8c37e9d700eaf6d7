package attest

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Errors WriteFiles wraps, so the screen can say what happened in plain words.
var (
	// ErrFolderMissing: the folder does not exist (a USB stick pulled out).
	ErrFolderMissing = errors.New("the folder does not exist")
	// ErrFolderReadOnly: the folder cannot be written (read-only stick, no rights).
	ErrFolderReadOnly = errors.New("the folder cannot be written")
	// ErrFolderFull: the disk or stick is full.
	ErrFolderFull = errors.New("the disk is full")
)

// FileName is the name a module's record gets: the same on every export, so a
// second export replaces the first instead of piling up copies.
func FileName(c Credential) string {
	return "attestation-" + safeName(c.Module.PackID) + "-" + safeName(c.Module.ModuleID) + ".json"
}

// PDFName is the printable attestation's file name.
const PDFName = "attestation-declic.pdf"

// File is a file to write: its name inside the folder and its content.
type File struct {
	Name string
	Data []byte
}

// CredentialFiles returns one File per credential.
func CredentialFiles(creds []Credential) []File {
	files := make([]File, len(creds))
	for i, c := range creds {
		files[i] = File{Name: FileName(c), Data: c.JSON}
	}
	return files
}

// WriteFiles writes files into dir and returns their paths. Each file is written
// to a temporary file in dir, synced, then renamed, so a file is either whole or
// absent, never half-written; an existing file of the same name is replaced.
// Errors wrap ErrFolderMissing, ErrFolderReadOnly or ErrFolderFull when they are
// one of those.
func WriteFiles(dir string, files []File) ([]string, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("attest: %s: %w", dir, classify(err))
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("attest: %s: %w (not a folder)", dir, ErrFolderMissing)
	}
	paths := make([]string, 0, len(files))
	for _, f := range files {
		path := filepath.Join(dir, f.Name)
		if err := writeAtomic(path, f.Data); err != nil {
			return paths, fmt.Errorf("attest: write %s: %w", path, classify(err))
		}
		paths = append(paths, path)
	}
	return paths, nil
}

func writeAtomic(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".attestation-*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	// Owner-only, like every file Déclic writes about a learner: the PC is shared.
	// (os.CreateTemp already makes the file 0600; a USB stick's FAT ignores modes.)
	if err = os.Chmod(tmp.Name(), 0o600); err != nil && !errors.Is(err, fs.ErrPermission) {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// classify keeps err and adds the plain-words error it amounts to, if any.
func classify(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%w: %w", ErrFolderMissing, err)
	case errors.Is(err, fs.ErrPermission), isReadOnlyFS(err):
		return fmt.Errorf("%w: %w", ErrFolderReadOnly, err)
	case isDiskFull(err), errors.Is(err, io.ErrShortWrite):
		return fmt.Errorf("%w: %w", ErrFolderFull, err)
	}
	return err
}

// safeName keeps letters, digits, dots and dashes of an id, without accents, for a
// file name every system (and FAT32 sticks) accepts.
func safeName(id string) string {
	var sb strings.Builder
	for _, r := range norm.NFD.String(id) {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '.'):
			sb.WriteRune(unicode.ToLower(r))
		case r == ' ' || r == '_' || r == '/':
			sb.WriteRune('-')
		}
	}
	s := strings.Trim(sb.String(), ".-")
	if s == "" {
		return "module"
	}
	return s
}
