package courses

import (
	"archive/zip"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"unicode/utf8"

	"declic/i18n"
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
		return nil, nil, cannotOpen(p, err)
	}
	if info.IsDir() {
		return os.DirFS(p), noClose{}, nil
	}
	if !info.Mode().IsRegular() {
		return nil, nil, i18n.NewError(nil, nil, "courses.not_folder_nor_file", "Path", p)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, nil, cannotOpen(p, err)
	}
	fsys, err := OpenZip(f, info.Size(), DefaultZipLimits)
	if err != nil {
		f.Close()
		return nil, nil, inPack(p, err)
	}
	return fsys, f, nil
}

// LoadPath loads a pack folder or .declic file (see Load). A .declic file is
// read into memory once its size is checked, so the returned Pack.FS stays
// usable (to read images) after LoadPath returns, with no file left open.
func LoadPath(p string) (*Pack, Problems, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, nil, cannotOpen(p, err)
	}
	if info.IsDir() || !info.Mode().IsRegular() {
		fsys, closer, err := Open(p)
		if err != nil {
			return nil, nil, err
		}
		defer closer.Close()
		return Load(fsys, p)
	}
	fsys, err := openArchive(p)
	if err != nil {
		return nil, nil, err
	}
	return Load(fsys, p)
}

// ErrHostileArchive is wrapped by every refusal of OpenZip, so callers can tell a
// refused archive from an unreadable one.
var ErrHostileArchive = errors.New("archive refused")

// refuse is a refusal of OpenZip: the message id of its reason and its values.
func refuse(code string, pairs ...any) error {
	return i18n.NewError(ErrHostileArchive, nil, code, pairs...)
}

// cannotOpen is the error of a pack path that cannot be opened.
func cannotOpen(p string, err error) error {
	return i18n.NewError(nil, err, "courses.cannot_open", "Path", p)
}

// OpenZip checks every entry of a zip archive against limits, using only the
// central directory (no entry is decompressed), then returns a read-only file
// system over it whose reads never go past an entry's declared size.
func OpenZip(r io.ReaderAt, size int64, limits ZipLimits) (fs.FS, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, i18n.NewError(nil, err, "courses.not_zip")
	}
	if len(zr.File) > limits.MaxFiles {
		return nil, refuse("courses.zip_too_many_files", "Count", len(zr.File), "Max", limits.MaxFiles)
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
			return nil, refuse("courses.zip_name_twice", "Name", clean)
		}
		seen[clean] = true
		mode := f.Mode()
		if mode&fs.ModeSymlink != 0 {
			return nil, refuse("courses.zip_symlink", "Name", clean)
		}
		if mode&(fs.ModeDevice|fs.ModeNamedPipe|fs.ModeSocket|fs.ModeCharDevice|fs.ModeIrregular) != 0 {
			return nil, refuse("courses.zip_special", "Name", clean)
		}
		if f.Flags&0x1 != 0 {
			return nil, refuse("courses.zip_encrypted", "Name", clean)
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
			return nil, refuse("courses.zip_too_big_total", "Max", byteSize(limits.MaxTotalBytes))
		}
	}
	return &zipFS{zr: zr}, nil
}

func checkEntryName(name string) error {
	if !utf8.ValidString(name) {
		return refuse("courses.zip_name_not_utf8", "Name", strings.ToValidUTF8(name, "?"))
	}
	if strings.Contains(name, "\\") {
		return refuse("courses.zip_backslash", "Name", name)
	}
	if strings.HasPrefix(name, "/") {
		return refuse("courses.zip_absolute", "Name", name)
	}
	if len(name) >= 2 && name[1] == ':' {
		return refuse("courses.zip_drive", "Name", name)
	}
	clean := strings.TrimSuffix(name, "/")
	for _, part := range strings.Split(clean, "/") {
		if part == ".." {
			return refuse("courses.zip_goes_up", "Name", name)
		}
	}
	if !fs.ValidPath(clean) || strings.ContainsRune(clean, 0) {
		return refuse("courses.zip_bad_path", "Name", strings.ReplaceAll(name, "\x00", "\\0"))
	}
	return nil
}

func checkEntrySize(name string, n, compressed uint64, l ZipLimits) error {
	if n > uint64(l.MaxFileBytes) {
		return refuse("courses.zip_file_too_big", "Name", name, "Size", byteSize(int64(min(n, 1<<62))), "Max", byteSize(l.MaxFileBytes))
	}
	base := path.Base(name)
	if (base == "pack.toml" || base == "module.toml") && n > uint64(l.MaxManifestBytes) {
		return refuse("courses.zip_manifest_too_big", "Name", name, "Size", byteSize(int64(n)), "Max", byteSize(l.MaxManifestBytes))
	}
	if strings.HasSuffix(base, ".md") && n > uint64(l.MaxLessonBytes) {
		return refuse("courses.zip_lesson_too_big", "Name", name, "Size", byteSize(int64(n)), "Max", byteSize(l.MaxLessonBytes))
	}
	if n > uint64(l.RatioFloorBytes) && n/max(compressed, 1) > uint64(l.MaxRatio) {
		return refuse("courses.zip_bomb", "Name", name, "Ratio", l.MaxRatio)
	}
	return nil
}

// byteSize writes a size for a message, in MiB (2^20 bytes), KiB or bytes.
func byteSize(n int64) i18n.Message {
	switch {
	case n >= 1<<20:
		return i18n.M("courses.size_mib", "N", n>>20)
	case n >= 1<<10:
		return i18n.M("courses.size_kib", "N", n>>10)
	}
	return i18n.M("courses.size_bytes", "N", n)
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
			return 0, refuse("courses.zip_entry_lies")
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
