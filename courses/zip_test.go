package courses

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// entry is one file of a test archive. Raw entries are written with CreateRaw so
// that their header can lie about sizes.
type entry struct {
	name         string
	data         []byte
	mode         fs.FileMode
	raw          bool
	declaredSize uint64
}

// writeZip writes entries into a real .declic file in a fresh temp dir.
func writeZip(t testing.TB, entries []entry) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.mode != 0 {
			h.SetMode(e.mode)
		}
		if e.raw {
			h.Method = zip.Store
			h.CompressedSize64 = uint64(len(e.data))
			h.UncompressedSize64 = e.declaredSize
			h.CRC32 = crc32.ChecksumIEEE(e.data)
			w, err := zw.CreateRaw(h)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(e.data)
			continue
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "hostile"+PackExt)
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func validPackEntries() []entry {
	return []entry{
		{name: "pack.toml", data: []byte("id = \"demo\"\nversion = \"1.0.0\"\ntitle = \"D\"\nlanguage = \"fr\"\nauthors = [\"A\"]\nlicence = \"CC0\"\ndescription = \"D\"\n")},
		{name: "modules/", mode: fs.ModeDir | 0o755},
		{name: "modules/01-a/", mode: fs.ModeDir | 0o755},
		{name: "modules/01-a/module.toml", data: []byte(okModule)},
		{name: "modules/01-a/01.md", data: []byte(okLesson)},
	}
}

func TestAValidArchiveWithFolderEntriesLoads(t *testing.T) {
	pack, problems, err := LoadPath(writeZip(t, validPackEntries()))
	if err != nil || len(apartFromTimeCheck(problems)) > 0 {
		t.Fatalf("err = %v, problems = %v", err, problems)
	}
	if len(pack.Modules) != 1 || len(pack.Modules[0].Lessons) != 1 {
		t.Errorf("pack = %+v", pack)
	}
}

func TestHostileArchivesAreRefused(t *testing.T) {
	zeros := make([]byte, 10<<20)
	many := make([]entry, 10000)
	for i := range many {
		many[i] = entry{name: fmt.Sprintf("f%05d.txt", i)}
	}
	tests := []struct {
		name     string
		entries  []entry
		fragment string
	}{
		{"zip slip", []entry{{name: "../../evil.sh", data: []byte("x")}}, "« ../../evil.sh » sort du parcours"},
		{"zip slip inside a folder", []entry{{name: "modules/../../evil.sh", data: []byte("x")}}, "sort du parcours"},
		{"absolute path", []entry{{name: "/etc/cron.d/evil", data: []byte("x")}}, "est un chemin absolu"},
		{"backslashes", []entry{{name: "modules\\01-a\\01.md", data: []byte("x")}}, "contient une barre"},
		{"drive letter", []entry{{name: "C:/Windows/evil.dll", data: []byte("x")}}, "commence par une lettre de lecteur"},
		{"empty path element", []entry{{name: "modules//01.md", data: []byte("x")}}, "n'est pas un chemin valide"},
		{"symbolic link", []entry{{name: "pack.toml", data: []byte("/etc/passwd"), mode: fs.ModeSymlink | 0o777}}, "est un lien symbolique"},
		{"zip bomb with a high ratio", []entry{{name: "modules/01-a/images/bomb.png", data: zeros}}, "compressé plus de 100 fois"},
		{"huge declared size", []entry{{name: "big.png", data: []byte("x"), raw: true, declaredSize: 1 << 40}}, "plus que la limite de 20 Mio par fichier"},
		{"pack.toml of 50 MB", []entry{{name: "pack.toml", data: []byte("id = \"x\"\n"), raw: true, declaredSize: 50 << 20}}, "« pack.toml » ferait 50 Mio"},
		{"pack.toml over the manifest limit", []entry{{name: "pack.toml", data: []byte("x"), raw: true, declaredSize: 2 << 20}}, "plus que la limite de 1 Mio pour une fiche"},
		{"lesson over the lesson limit", []entry{{name: "modules/01-a/01.md", data: []byte("x"), raw: true, declaredSize: 3 << 20}}, "plus que la limite de 2 Mio pour une leçon"},
		{"10k entries", many, "elle contient 10000 fichiers, plus que la limite de 5000"},
		{"duplicate names", []entry{{name: "pack.toml", data: []byte("a")}, {name: "pack.toml", data: []byte("b")}}, "le nom « pack.toml » y est 2 fois"},
		{"a file and a folder with the same name", []entry{{name: "modules", data: []byte("a")}, {name: "modules/", mode: fs.ModeDir | 0o755}}, "y est 2 fois"},
		{"invalid UTF-8 name", []entry{{name: "le\xe7on.md", data: []byte("x")}}, "n'est pas en UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeZip(t, tt.entries)
			_, _, err := LoadPath(p)
			if err == nil || !errors.Is(err, ErrHostileArchive) || !strings.Contains(err.Error(), tt.fragment) {
				t.Fatalf("err = %v, want a refusal with %q", err, tt.fragment)
			}
			if !strings.HasPrefix(err.Error(), p+" : ") {
				t.Errorf("the message does not name the file: %v", err)
			}
			// Nothing was unpacked next to the archive.
			files, _ := os.ReadDir(filepath.Dir(p))
			if len(files) != 1 {
				t.Errorf("the folder holds %d files after the refusal", len(files))
			}
		})
	}
}

func TestTotalSizeLimit(t *testing.T) {
	data := bytes.Repeat([]byte("Une phrase de cours. "), 1000)
	entries := []entry{{name: "a.md", data: data}, {name: "b.md", data: data}, {name: "c.md", data: data}}
	p := writeZip(t, entries)
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	limits := DefaultZipLimits
	limits.MaxTotalBytes = int64(2*len(data) + 10)
	_, err = OpenZip(bytes.NewReader(raw), int64(len(raw)), limits)
	if err == nil || !strings.Contains(err.Error(), "ses fichiers font plus de") {
		t.Errorf("err = %v", err)
	}
	limits.MaxTotalBytes = int64(3 * len(data))
	if _, err := OpenZip(bytes.NewReader(raw), int64(len(raw)), limits); err != nil {
		t.Errorf("exactly at the limit: %v", err)
	}
}

func TestTruncatedArchiveIsUnreadable(t *testing.T) {
	p := writeZip(t, validPackEntries())
	raw, _ := os.ReadFile(p)
	cut := filepath.Join(t.TempDir(), "cut"+PackExt)
	os.WriteFile(cut, raw[:len(raw)/2], 0o644)
	_, _, err := LoadPath(cut)
	if err == nil || !strings.Contains(err.Error(), "ce n'est pas un fichier .declic lisible") {
		t.Errorf("err = %v", err)
	}
}

// A header that declares fewer bytes than the entry holds must not make the
// reader go past the declared size.
func TestLyingHeaderCannotMakeTheReaderReadMore(t *testing.T) {
	var compressed bytes.Buffer
	fw, _ := flate.NewWriter(&compressed, flate.BestCompression)
	big := bytes.Repeat([]byte("# commentaire\n"), 50000)
	fw.Write(big)
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: "pack.toml", Method: zip.Deflate, CompressedSize64: uint64(compressed.Len()), UncompressedSize64: 100, CRC32: crc32.ChecksumIEEE(big)}
	w, err := zw.CreateRaw(h)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(compressed.Bytes())
	zw.Close()
	p := filepath.Join(t.TempDir(), "lying"+PackExt)
	os.WriteFile(p, buf.Bytes(), 0o644)

	_, _, err = LoadPath(p)
	if err == nil || !strings.Contains(err.Error(), "Le fichier pack.toml ne peut pas être lu") {
		t.Fatalf("err = %v", err)
	}
	fsys, closer, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer closer.Close()
	f, _ := fsys.Open("pack.toml")
	defer f.Close()
	got := make([]byte, 1<<20)
	n, _ := f.Read(got)
	if n > 100 {
		t.Errorf("read %d bytes from an entry that declares 100", n)
	}
}

func TestOpenAFolder(t *testing.T) {
	fsys, closer, err := Open(examplePack)
	if err != nil {
		t.Fatal(err)
	}
	defer closer.Close()
	if _, err := fs.Stat(fsys, "pack.toml"); err != nil {
		t.Error(err)
	}
}

func TestANonZipFileIsUnreadable(t *testing.T) {
	p := filepath.Join(t.TempDir(), "notes.declic")
	os.WriteFile(p, []byte("ceci n'est pas une archive"), 0o644)
	_, _, err := LoadPath(p)
	if err == nil || !strings.Contains(err.Error(), "ce n'est pas un fichier .declic lisible") || errors.Is(err, ErrHostileArchive) {
		t.Errorf("err = %v", err)
	}
}

func TestAZippedPackCanStillBeReadAfterLoadPath(t *testing.T) {
	pack, problems, err := LoadPath(zipDir(t, examplePack))
	if err != nil || len(apartFromTimeCheck(problems)) > 0 {
		t.Fatalf("%v %v", err, problems)
	}
	img := pack.Modules[0].Lessons[0].Steps[1].Blocks[0].(Image)
	data, err := fs.ReadFile(pack.FS, img.Src)
	if err != nil || !bytes.Contains(data, []byte("<svg")) {
		t.Errorf("reading %s after LoadPath: %v", img.Src, err)
	}
}
