package courses

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"unicode/utf8"
)

// ZipLimits bounds what a .declic archive may contain, so that a hostile or
// broken file is refused before anything large is allocated or read.
type ZipLimits struct {
	// MaxFiles is the most entries (files and folders) an archive may hold.
	MaxFiles int
	// MaxTotalBytes is the most bytes all entries may hold once uncompressed.
	MaxTotalBytes int64
	// MaxFileBytes is the most bytes one entry may hold once uncompressed.
	MaxFileBytes int64
	// MaxRatio is the highest uncompressed/compressed ratio allowed for an entry
	// larger than RatioFloorBytes (zip bombs compress thousands of times).
	MaxRatio int64
	// RatioFloorBytes is the size under which the ratio is not checked: small
	// text files legitimately compress very well.
	RatioFloorBytes int64
	// MaxManifestBytes is the most bytes pack.toml and module.toml may hold.
	MaxManifestBytes int64
	// MaxLessonBytes is the most bytes one lesson (.md) may hold.
	MaxLessonBytes int64
}

// DefaultZipLimits are the limits Open applies: generous for a real course
// pack (a few hundred lessons and pictures), tiny for an attack.
var DefaultZipLimits = ZipLimits{
	MaxFiles:         5000,
	MaxTotalBytes:    200 << 20,
	MaxFileBytes:     20 << 20,
	MaxRatio:         100,
	RatioFloorBytes:  64 << 10,
	MaxManifestBytes: MaxManifestBytes,
	MaxLessonBytes:   MaxLessonBytes,
}

// MaxManifestBytes is the largest pack.toml or module.toml accepted, from any source.
const MaxManifestBytes = 1 << 20

// MaxLessonBytes is the largest lesson file accepted, from any source.
const MaxLessonBytes = 2 << 20

// PackExt is the file extension of a zipped course pack.
const PackExt = ".declic"

// Open gives access to a pack's files: a folder is read in place (os.DirFS), a
// .declic file is opened as a zip archive with DefaultZipLimits. Nothing is
// written to disk. Close the returned Closer when done.
func Open(p string) (fs.FS, io.Closer, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot open pack %s: %w", p, err)
	}
	if info.IsDir() {
		return os.DirFS(p), noClose{}, nil
	}
	if !info.Mode().IsRegular() {
		return nil, nil, fmt.Errorf("cannot open pack %s: it is neither a folder nor a .declic file", p)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot open pack %s: %w", p, err)
	}
	fsys, err := OpenZip(f, info.Size(), DefaultZipLimits)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", p, err)
	}
	return fsys, f, nil
}

// LoadPath loads a pack folder or .declic file (see Load). A .declic file is
// read into memory once its size is checked, so the returned Pack.FS stays
// usable (to read images) after LoadPath returns, with no file left open.
func LoadPath(p string) (*Pack, Problems, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot open pack %s: %w", p, err)
	}
	if info.IsDir() || !info.Mode().IsRegular() {
		fsys, closer, err := Open(p)
		if err != nil {
			return nil, nil, err
		}
		defer closer.Close()
		return Load(fsys, p)
	}
	limits := DefaultZipLimits
	// An archive is never much larger than its content: stored entries plus
	// headers of at most MaxFiles entries.
	if limit := limits.MaxTotalBytes + int64(limits.MaxFiles)*1024; info.Size() > limit {
		return nil, nil, fmt.Errorf("%s: %w: the file is %s, more than the limit of %s", p, ErrHostileArchive, byteSize(info.Size()), byteSize(limit))
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot open pack %s: %w", p, err)
	}
	fsys, err := OpenZip(bytes.NewReader(data), int64(len(data)), limits)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", p, err)
	}
	return Load(fsys, p)
}

// ErrHostileArchive is wrapped by every refusal of OpenZip, so callers can tell a
// refused archive from an unreadable one.
var ErrHostileArchive = errors.New("archive refused")

func refuse(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrHostileArchive, fmt.Sprintf(format, args...))
}

// OpenZip checks every entry of a zip archive against limits, using only the
// central directory (no entry is decompressed), then returns a read-only file
// system over it whose reads never go past an entry's declared size.
func OpenZip(r io.ReaderAt, size int64, limits ZipLimits) (fs.FS, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("not a readable .declic file (a zip archive is expected): %w", err)
	}
	if len(zr.File) > limits.MaxFiles {
		return nil, refuse("it holds %d files, more than the limit of %d", len(zr.File), limits.MaxFiles)
	}
	seen := make(map[string]bool, len(zr.File))
	var total uint64
	for _, f := range zr.File {
		name := f.Name
		if err := checkEntryName(name); err != nil {
			return nil, err
		}
		clean := strings.TrimSuffix(name, "/")
		if seen[clean] {
			return nil, refuse("the name %q appears twice", clean)
		}
		seen[clean] = true
		mode := f.Mode()
		if mode&fs.ModeSymlink != 0 {
			return nil, refuse("%q is a symbolic link; packs may only hold plain files and folders", clean)
		}
		if mode&(fs.ModeDevice|fs.ModeNamedPipe|fs.ModeSocket|fs.ModeCharDevice|fs.ModeIrregular) != 0 {
			return nil, refuse("%q is not a plain file", clean)
		}
		if f.Flags&0x1 != 0 {
			return nil, refuse("%q is encrypted; packs must not be encrypted", clean)
		}
		if mode.IsDir() {
			continue
		}
		n := f.UncompressedSize64
		if err := checkEntrySize(clean, n, f.CompressedSize64, limits); err != nil {
			return nil, err
		}
		total += n
		if total > uint64(limits.MaxTotalBytes) {
			return nil, refuse("its files add up to more than %s once unpacked", byteSize(limits.MaxTotalBytes))
		}
	}
	return &zipFS{zr: zr}, nil
}

func checkEntryName(name string) error {
	if !utf8.ValidString(name) {
		return refuse("an entry name is not valid UTF-8 (%q)", name)
	}
	if strings.Contains(name, "\\") {
		return refuse("the name %q contains a backslash; use / between folders", name)
	}
	if strings.HasPrefix(name, "/") {
		return refuse("the name %q is an absolute path", name)
	}
	if len(name) >= 2 && name[1] == ':' {
		return refuse("the name %q starts with a drive letter", name)
	}
	clean := strings.TrimSuffix(name, "/")
	for _, part := range strings.Split(clean, "/") {
		if part == ".." {
			return refuse("the name %q goes up out of the pack (..)", name)
		}
	}
	if !fs.ValidPath(clean) || strings.ContainsRune(clean, 0) {
		return refuse("the name %q is not a valid path", name)
	}
	return nil
}

func checkEntrySize(name string, n, compressed uint64, l ZipLimits) error {
	if n > uint64(l.MaxFileBytes) {
		return refuse("%q would unpack to %s, more than the limit of %s per file", name, byteSize(int64(min(n, 1<<62))), byteSize(l.MaxFileBytes))
	}
	base := path.Base(name)
	if (base == "pack.toml" || base == "module.toml") && n > uint64(l.MaxManifestBytes) {
		return refuse("%q is %s, more than the limit of %s for a manifest", name, byteSize(int64(n)), byteSize(l.MaxManifestBytes))
	}
	if strings.HasSuffix(base, ".md") && n > uint64(l.MaxLessonBytes) {
		return refuse("%q is %s, more than the limit of %s for a lesson", name, byteSize(int64(n)), byteSize(l.MaxLessonBytes))
	}
	if n > uint64(l.RatioFloorBytes) && n/max(compressed, 1) > uint64(l.MaxRatio) {
		return refuse("%q is compressed more than %d times (a zip bomb?)", name, l.MaxRatio)
	}
	return nil
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// zipFS serves a checked archive; every file read stops at its declared size.
type zipFS struct{ zr *zip.Reader }

func (z *zipFS) Open(name string) (fs.File, error) {
	f, err := z.zr.Open(name)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if info.IsDir() {
		return f, nil
	}
	return &cappedFile{File: f, left: info.Size()}, nil
}

// cappedFile refuses to return more bytes than the entry declared.
type cappedFile struct {
	fs.File
	left int64
}

func (c *cappedFile) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// Past the declared size the entry must be exhausted: one more byte, or
		// the zip reader's own size/checksum error, means the header lied.
		var one [1]byte
		n, err := c.File.Read(one[:])
		if n > 0 || (err != nil && !errors.Is(err, io.EOF)) {
			return 0, fmt.Errorf("%w: an entry holds more bytes than it declares", ErrHostileArchive)
		}
		return 0, io.EOF
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.File.Read(p)
	c.left -= int64(n)
	return n, err
}

// noClose is the Closer of a folder pack: there is nothing to release.
type noClose struct{}

func (noClose) Close() error { return nil }
