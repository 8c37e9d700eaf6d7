// Package packsign makes course packs verifiable: a manifest of the SHA-256 of
// every file, an Ed25519 signature over that manifest, signing key files (with an
// optional passphrase) and the store of trusted centre keys. It knows nothing of
// the pack format itself, so the courses package and the CLIs can both use it.
package packsign

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"sort"
	"strings"
	"unicode/utf8"

	"declic/i18n"
)

// ManifestName is the manifest entry at the root of a built pack. Its format is the
// one sha256sum prints ("HEX  path" per line, sorted by path), so anyone can check
// an unpacked pack with `sha256sum -c MANIFEST.sha256`.
const ManifestName = "MANIFEST.sha256"

// SignatureName is the signature entry at the root of a signed pack. It is kept
// apart from the manifest so the manifest stays verifiable on its own.
const SignatureName = "SIGNATURE.json"

// MaxManifestBytes bounds the manifest read from an untrusted pack.
const MaxManifestBytes = 1 << 20

// MaxManifestEntries bounds the lines of a manifest (the zip limit of a pack).
const MaxManifestEntries = 5000

// ErrManifest is wrapped by every problem found in a manifest or a signature, so
// callers can tell a tampered pack from an unreadable one.
var ErrManifest = errors.New("manifest check failed")

// manifestError is a problem of a manifest or a signature: the message id and
// its name/value pairs.
func manifestError(code string, pairs ...any) error {
	return i18n.NewError(ErrManifest, nil, code, pairs...)
}

// maxDiffsShown is how many differences a mismatch error names.
const maxDiffsShown = 5

// MismatchError is the error of files that do not match their manifest: the
// first differences (as Check gives them), and how many more there are.
func MismatchError(diffs []i18n.Message) error {
	more := max(len(diffs)-maxDiffsShown, 0)
	shown := diffs[:len(diffs)-more]
	list := make(i18n.List, len(shown))
	for i, d := range shown {
		list[i] = d
	}
	return manifestError("packsign.mismatch", "Diffs", list, "Count", len(diffs), "More", more)
}

// Entry is one file of a manifest.
type Entry struct {
	Path   string
	SHA256 [32]byte
}

// Manifest lists every file of a pack with its SHA-256, sorted by path.
type Manifest struct{ Entries []Entry }

// Skipped reports whether a path is left out of a manifest: the manifest and
// signature themselves, and hidden files (".git", ".DS_Store"…), which a pack
// never carries.
func Skipped(p string) bool {
	if p == ManifestName || p == SignatureName {
		return true
	}
	for _, part := range strings.Split(p, "/") {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}

// Files lists the regular files of fsys that belong in a manifest, sorted. A
// symbolic link or any other special file is an error: packs hold plain files.
func Files(fsys fs.FS) ([]string, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "." && Skipped(p) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return i18n.NewError(nil, nil, "packsign.not_plain_file", "Path", p)
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	return files, nil
}

// Compute hashes every file of fsys (see Files) into a manifest.
func Compute(fsys fs.FS) (*Manifest, error) {
	files, err := Files(fsys)
	if err != nil {
		return nil, err
	}
	m := &Manifest{}
	for _, p := range files {
		sum, err := hashFile(fsys, p)
		if err != nil {
			return nil, err
		}
		m.Entries = append(m.Entries, Entry{Path: p, SHA256: sum})
	}
	return m, nil
}

func hashFile(fsys fs.FS, p string) ([32]byte, error) {
	var sum [32]byte
	f, err := fsys.Open(p)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, i18n.NewError(nil, err, "packsign.cannot_read", "Path", p)
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
}

// Bytes is the manifest's file content: "HEX  path\n" per file, sorted by path.
func (m *Manifest) Bytes() []byte {
	var b bytes.Buffer
	for _, e := range m.Entries {
		b.WriteString(hex.EncodeToString(e.SHA256[:]))
		b.WriteString("  ")
		b.WriteString(e.Path)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// ParseManifest reads a manifest strictly: each line is 64 lower-case hex digits,
// two spaces and a clean relative path; paths are sorted and unique. Anything else
// is refused with the line number, so a tampered manifest cannot be half-read.
func ParseManifest(data []byte) (*Manifest, error) {
	if len(data) > MaxManifestBytes {
		return nil, manifestError("packsign.too_large", "Name", ManifestName, "Max", MaxManifestBytes)
	}
	if !utf8.Valid(data) {
		return nil, manifestError("packsign.not_utf8", "Name", ManifestName)
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		return nil, manifestError("packsign.manifest_truncated", "Name", ManifestName)
	}
	m := &Manifest{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), MaxManifestBytes)
	line := 0
	for sc.Scan() {
		line++
		if line > MaxManifestEntries {
			return nil, manifestError("packsign.manifest_too_many", "Name", ManifestName, "Max", MaxManifestEntries)
		}
		text := sc.Text()
		hexSum, p, ok := strings.Cut(text, "  ")
		if !ok || len(hexSum) != 64 || strings.ToLower(hexSum) != hexSum {
			return nil, manifestError("packsign.manifest_line", "Name", ManifestName, "Line", line)
		}
		var e Entry
		if _, err := hex.Decode(e.SHA256[:], []byte(hexSum)); err != nil {
			return nil, manifestError("packsign.manifest_line", "Name", ManifestName, "Line", line)
		}
		if !fs.ValidPath(p) || p == "." || strings.Contains(p, "\\") || Skipped(p) {
			return nil, manifestError("packsign.manifest_bad_name", "Name", ManifestName, "Line", line, "Path", strings.ToValidUTF8(p, "?"))
		}
		if n := len(m.Entries); n > 0 && m.Entries[n-1].Path >= p {
			return nil, manifestError("packsign.manifest_order", "Name", ManifestName, "Line", line, "Path", p)
		}
		e.Path = p
		m.Entries = append(m.Entries, e)
	}
	if err := sc.Err(); err != nil {
		return nil, manifestError("packsign.manifest_line", "Name", ManifestName, "Line", line+1)
	}
	return m, nil
}

// Check compares the manifest with the files of fsys: every listed file must exist
// with the same SHA-256 and no other file may be present. It returns every
// difference found, as messages to translate (nil when the pack matches).
func (m *Manifest) Check(fsys fs.FS) ([]i18n.Message, error) {
	files, err := Files(fsys)
	if err != nil {
		return nil, err
	}
	present := make(map[string]bool, len(files))
	for _, f := range files {
		present[f] = true
	}
	var diffs []i18n.Message
	for _, e := range m.Entries {
		if !present[e.Path] {
			diffs = append(diffs, i18n.M("packsign.diff_missing", "Path", e.Path))
			continue
		}
		delete(present, e.Path)
		sum, err := hashFile(fsys, e.Path)
		if err != nil {
			return nil, err
		}
		if sum != e.SHA256 {
			diffs = append(diffs, i18n.M("packsign.diff_changed", "Path", e.Path))
		}
	}
	var extra []string
	for f := range present {
		extra = append(extra, f)
	}
	sort.Strings(extra)
	for _, f := range extra {
		diffs = append(diffs, i18n.M("packsign.diff_added", "Path", f))
	}
	return diffs, nil
}

// ReadManifest reads and parses the manifest of fsys; found is false when the
// pack has none.
func ReadManifest(fsys fs.FS) (m *Manifest, raw []byte, found bool, err error) {
	raw, found, err = readLimited(fsys, ManifestName, MaxManifestBytes)
	if err != nil || !found {
		return nil, nil, found, err
	}
	m, err = ParseManifest(raw)
	return m, raw, true, err
}

func readLimited(fsys fs.FS, name string, limit int64) ([]byte, bool, error) {
	f, err := fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, true, i18n.NewError(nil, err, "packsign.cannot_read", "Path", name)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, true, i18n.NewError(nil, err, "packsign.cannot_read", "Path", name)
	}
	if int64(len(data)) > limit {
		return nil, true, manifestError("packsign.too_large", "Name", name, "Max", limit)
	}
	return data, true, nil
}
