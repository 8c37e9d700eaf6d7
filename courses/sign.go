package courses

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"

	"declic/keys"
	"declic/packsign"
)

// openArchive reads a .declic file into memory (after a size check) and opens it
// with DefaultZipLimits.
func openArchive(p string) (fs.FS, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("cannot open pack %s: %w", p, err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: a .declic file is expected", p)
	}
	limit := DefaultZipLimits.MaxTotalBytes + int64(DefaultZipLimits.MaxFiles)*1024
	if info.Size() > limit {
		return nil, fmt.Errorf("%s: %w: the file is %s, more than the limit of %s", p, ErrHostileArchive, byteSize(info.Size()), byteSize(limit))
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("cannot open pack %s: %w", p, err)
	}
	fsys, err := OpenZip(bytes.NewReader(data), int64(len(data)), DefaultZipLimits)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return fsys, nil
}

// Sign adds (or replaces) the signature of the built pack at path, made with key;
// name is the signer's name written beside it. The files must still match the
// manifest: a pack changed since it was built is refused. The archive is rewritten
// atomically with the same fixed headers, so signing stays reproducible.
func Sign(path string, key *keys.Key, name string) (packsign.Report, error) {
	fsys, err := openArchive(path)
	if err != nil {
		return packsign.Report{}, err
	}
	m, raw, found, err := packsign.ReadManifest(fsys)
	if err != nil {
		return packsign.Report{}, fmt.Errorf("%s: %w", path, err)
	}
	if !found {
		return packsign.Report{}, fmt.Errorf("%s: %s is missing; make the pack with declic-pack build first", path, packsign.ManifestName)
	}
	diffs, err := m.Check(fsys)
	if err != nil {
		return packsign.Report{}, fmt.Errorf("%s: %w", path, err)
	}
	if len(diffs) > 0 {
		return packsign.Report{}, fmt.Errorf("%s: %w: %s", path, packsign.ErrManifest, diffs[0])
	}
	sig, err := packsign.Sign(raw, key, name)
	if err != nil {
		return packsign.Report{}, err
	}
	if err := writeFileAtomic(path, func(w io.Writer) error { return writeArchive(w, fsys, m, sig) }); err != nil {
		return packsign.Report{}, err
	}
	signed, err := openArchive(path)
	if err != nil {
		return packsign.Report{}, err
	}
	return packsign.Verify(signed, nil)
}

// VerifyPath checks a pack (a .declic file or a folder) against its manifest and
// signature, and loads it to list its problems.
func VerifyPath(path string, trust *packsign.TrustStore) (*Pack, Problems, packsign.Report, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, packsign.Report{}, fmt.Errorf("cannot open pack %s: %w", path, err)
	}
	var fsys fs.FS
	if info.IsDir() {
		fsys = os.DirFS(path)
	} else if fsys, err = openArchive(path); err != nil {
		return nil, nil, packsign.Report{}, err
	}
	report, err := packsign.Verify(fsys, trust)
	if err != nil {
		return nil, nil, report, fmt.Errorf("%s: %w", path, err)
	}
	pack, problems, err := Load(fsys, path)
	return pack, problems, report, err
}
