package courses

import (
	"bytes"
	"io"
	"io/fs"
	"os"

	"declic/i18n"
	"declic/keys"
	"declic/packsign"
)

// openArchive reads a .declic file into memory (after a size check) and opens it
// with DefaultZipLimits.
func openArchive(p string) (fs.FS, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, cannotOpen(p, err)
	}
	if !info.Mode().IsRegular() {
		return nil, i18n.NewError(nil, nil, "courses.expected_declic", "Path", p)
	}
	// An archive is never much larger than its content: stored entries plus
	// headers of at most MaxFiles entries.
	limit := DefaultZipLimits.MaxTotalBytes + int64(DefaultZipLimits.MaxFiles)*1024
	if info.Size() > limit {
		return nil, inPack(p, refuse("courses.archive_too_big", "Size", byteSize(info.Size()), "Max", byteSize(limit)))
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, cannotOpen(p, err)
	}
	fsys, err := OpenZip(bytes.NewReader(data), int64(len(data)), DefaultZipLimits)
	if err != nil {
		return nil, inPack(p, err)
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
		return packsign.Report{}, inPack(path, err)
	}
	if !found {
		return packsign.Report{}, i18n.NewError(nil, nil, "courses.sign_no_manifest", "Path", path, "Manifest", packsign.ManifestName)
	}
	diffs, err := m.Check(fsys)
	if err != nil {
		return packsign.Report{}, inPack(path, err)
	}
	if len(diffs) > 0 {
		return packsign.Report{}, inPack(path, packsign.MismatchError(diffs))
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
		return nil, nil, packsign.Report{}, cannotOpen(path, err)
	}
	var fsys fs.FS
	if info.IsDir() {
		fsys = os.DirFS(path)
	} else if fsys, err = openArchive(path); err != nil {
		return nil, nil, packsign.Report{}, err
	}
	report, err := packsign.Verify(fsys, trust)
	if err != nil {
		return nil, nil, report, inPack(path, err)
	}
	pack, problems, err := Load(fsys, path)
	return pack, problems, report, err
}
