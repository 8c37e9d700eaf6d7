package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// maxInputBytes bounds every file the tool reads from outside: a record (JSON or the
// QR text form), a card, a checkpoint. No genuine one comes near it.
const maxInputBytes = 1_000_000

// Why an input file is refused before it is read.
var (
	errNotRegular = errors.New("not a regular file")
	errTooLarge   = errors.New("larger than 1 MB")
	errMissing    = errors.New("not found or unreadable")
)

// inputError is a file that cannot be read as input, with its cause.
type inputError struct {
	Path string
	Err  error
}

func (e *inputError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *inputError) Unwrap() error { return e.Err }

// readInput reads a regular file of at most maxInputBytes. A FIFO, a device, a socket
// or a symbolic link to one is refused before it is opened (opening a FIFO waits for a
// writer; reading a device may never end), and the opened file is checked again, so a
// file swapped in between is refused too.
func readInput(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, &inputError{path, errMissing}
	}
	if !info.Mode().IsRegular() {
		return nil, &inputError{path, errNotRegular}
	}
	if info.Size() > maxInputBytes {
		return nil, &inputError{path, errTooLarge}
	}
	f, err := openNoBlock(path)
	if err != nil {
		return nil, &inputError{path, errMissing}
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil, &inputError{path, errNotRegular}
	}
	data, err := io.ReadAll(io.LimitReader(f, maxInputBytes+1))
	if err != nil {
		return nil, &inputError{path, errMissing}
	}
	if len(data) > maxInputBytes {
		return nil, &inputError{path, errTooLarge}
	}
	return data, nil
}

// recordFiles expands files and folders (searched recursively for *.json, and *.txt
// holding the compact form a QR code carries). Files named on the command line are kept
// whatever they are, so readInput says why one is refused; in folders, symbolic links
// are followed only to regular files.
func recordFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil || !info.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			ext := strings.ToLower(filepath.Ext(path))
			if d.IsDir() || (ext != ".json" && ext != ".txt") {
				return nil
			}
			out = append(out, path)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
	}
	return out, nil
}
