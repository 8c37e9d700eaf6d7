package courses

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"declic/i18n"
	"declic/packsign"
)

// archiveTime is the modification time written for every entry of a built pack:
// fixed, so the same folder always gives the same bytes.
var archiveTime = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// ErrInvalidPack is wrapped when a pack is refused because it has errors.
var ErrInvalidPack = errors.New("the pack has errors")

// InvalidPackError carries the problems that stopped a build or an install.
type InvalidPackError struct {
	Source   string
	Problems Problems
}

// Error is the French text: the pack, its number of errors and the first one.
func (e *InvalidPackError) Error() string { return i18n.French().Message(e.Message()) }

// Message says, to translate, how many errors the pack has and which is the first.
func (e *InvalidPackError) Message() i18n.Message {
	n := e.Problems.Errors()
	var first i18n.Message
	for _, p := range e.Problems {
		if p.Severity == SeverityError {
			first = p.Message()
			if p.Line > 0 {
				first = i18n.M("courses.problem_place", "File", p.File, "Line", p.Line, "Text", first)
			} else {
				first = i18n.M("courses.problem_place_no_line", "File", p.File, "Text", first)
			}
			break
		}
	}
	return i18n.M("courses.invalid_pack", "Source", e.Source, "Count", n, "First", first)
}

func (e *InvalidPackError) Unwrap() error { return ErrInvalidPack }

// Build validates the pack folder dir and writes it as a .declic archive to out:
// MANIFEST.sha256 first, then every file sorted by path, with fixed timestamps and
// permissions, so the same folder always gives a byte-identical file. A pack with
// errors is refused (an *InvalidPackError) and nothing is written. The archive is
// written to a temporary file beside out, then renamed into place.
func Build(dir, out string) (*Pack, *packsign.Manifest, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, nil, cannotOpen(dir, err)
	}
	if !info.IsDir() {
		return nil, nil, i18n.NewError(nil, nil, "courses.build_needs_folder", "Path", dir)
	}
	pack, problems, err := LoadPath(dir)
	if err != nil {
		return nil, nil, err
	}
	if problems.HasErrors() {
		return pack, nil, &InvalidPackError{Source: dir, Problems: problems}
	}
	fsys := os.DirFS(dir)
	m, err := packsign.Compute(fsys)
	if err != nil {
		return pack, nil, inPack(dir, err)
	}
	if err := writeFileAtomic(out, func(w io.Writer) error { return writeArchive(w, fsys, m, nil) }); err != nil {
		return pack, nil, err
	}
	return pack, m, nil
}

// writeArchive writes the manifest, the signature (when not nil) and every file of
// the manifest read from fsys, in that order, with fixed headers.
func writeArchive(w io.Writer, fsys fs.FS, m *packsign.Manifest, signature []byte) error {
	zw := zip.NewWriter(w)
	add := func(name string, r io.Reader) error {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: archiveTime}
		h.SetMode(0o644)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		_, err = io.Copy(fw, r)
		return err
	}
	if err := add(packsign.ManifestName, bytes.NewReader(m.Bytes())); err != nil {
		return err
	}
	if signature != nil {
		if err := add(packsign.SignatureName, bytes.NewReader(signature)); err != nil {
			return err
		}
	}
	for _, e := range m.Entries {
		f, err := fsys.Open(e.Path)
		if err != nil {
			return err
		}
		err = add(e.Path, f)
		f.Close()
		if err != nil {
			return cannotRead(e.Path, err)
		}
	}
	return zw.Close()
}

// writeFileAtomic writes a file through a temporary file in the same folder and
// renames it into place: a crash never leaves a half-written file at path.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	cannotWrite := func(err error) error { return i18n.NewError(nil, err, "courses.cannot_write", "Path", path) }
	tmp, err := os.CreateTemp(filepath.Dir(path), ".declic-*.tmp")
	if err != nil {
		return cannotWrite(err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return cannotWrite(err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return cannotWrite(err)
	}
	if err := tmp.Close(); err != nil {
		return cannotWrite(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return cannotWrite(err)
	}
	return nil
}
