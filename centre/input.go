package centre

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// MaxInputBytes bounds every file the tool reads from outside: a record (JSON or the
// QR text form), a card, a checkpoint. No genuine one comes near it.
const MaxInputBytes = 1_000_000

// Why an input file is refused before it is read.
var (
	ErrNotRegular = errors.New("not a regular file")
	ErrTooLarge   = errors.New("larger than 1 MB")
	ErrMissing    = errors.New("not found or unreadable")
)

// InputError is a file that cannot be read as input, with its cause.
type InputError struct {
	Path string
	Err  error
}

func (e *InputError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// ReadInput reads a regular file of at most MaxInputBytes. A FIFO, a device, a socket
// or a symbolic link to one is refused before it is opened (opening a FIFO waits for a
// writer; reading a device may never end), and the opened file is checked again, so a
// file swapped in between is refused too.
func ReadInput(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, &InputError{path, ErrMissing}
	}
	if !info.Mode().IsRegular() {
		return nil, &InputError{path, ErrNotRegular}
	}
	if info.Size() > MaxInputBytes {
		return nil, &InputError{path, ErrTooLarge}
	}
	f, err := openNoBlock(path)
	if err != nil {
		return nil, &InputError{path, ErrMissing}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil, &InputError{path, ErrNotRegular}
	}
	// One buffer of the file's size (ReadFrom wants MinRead bytes free to read into):
	// io.ReadAll would grow its buffer several times for each of a stick's files.
	var buf bytes.Buffer
	buf.Grow(int(min(st.Size(), MaxInputBytes)) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxInputBytes+1)); err != nil {
		return nil, &InputError{path, ErrMissing}
	}
	data := buf.Bytes()
	if len(data) > MaxInputBytes {
		return nil, &InputError{path, ErrTooLarge}
	}
	return data, nil
}

// recordFiles expands files and folders (searched recursively for *.json, and *.txt
// holding the compact form a QR code carries). Files named on the command line are kept
// whatever they are, so ReadInput says why one is refused; in folders, symbolic links
// are followed only to regular files.
func RecordFiles(paths []string) ([]string, error) {
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
