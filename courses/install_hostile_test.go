package courses

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// withValid adds hostile entries to a valid pack, so only they can cause a refusal.
func withValid(extra ...entry) []entry { return append(validPackEntries(), extra...) }

// Every hostile archive is refused by Install with a message naming the
// problem, and the library is left exactly as it was (empty).
func TestInstallRefusesHostileArchives(t *testing.T) {
	zeros := make([]byte, 10<<20)
	many := withValid()
	for i := 0; i < 6000; i++ {
		many = append(many, entry{name: fmt.Sprintf("modules/01-a/f%05d.txt", i)})
	}
	nestedList := "+++\ntitle = \"L\"\n+++\n\n## Écran\n\n" + strings.Repeat("- ", 100000) + "x\n"
	longLine := "+++\ntitle = \"L\"\n+++\n\n## Écran\n\n" + strings.Repeat("a", 1500000) + "\n"
	notAnImage := "+++\ntitle = \"L\"\n+++\n\n## Écran\n\n![Une image](images/faux.png)\n"
	tests := []struct {
		name     string
		entries  []entry
		fragment string
	}{
		{"zip slip with ../", withValid(entry{name: "../evil.sh", data: []byte("x")}), "sort du parcours"},
		{"absolute path", withValid(entry{name: "/tmp/evil", data: []byte("x")}), "est un chemin absolu"},
		{"Windows drive letter", withValid(entry{name: "C:/evil.dll", data: []byte("x")}), "lettre de lecteur"},
		{"backslashes", withValid(entry{name: "..\\evil.dll", data: []byte("x")}), "contient une barre"},
		{"symbolic link", withValid(entry{name: "modules/01-a/lien.md", data: []byte("/etc/passwd"), mode: fs.ModeSymlink | 0o777}), "est un lien symbolique"},
		{"zip bomb (high ratio)", withValid(entry{name: "modules/01-a/images/bomb.png", data: zeros}), "compressé plus de 100 fois"},
		{"huge declared size", withValid(entry{name: "big.png", data: []byte("x"), raw: true, declaredSize: 1 << 40}), "par fichier"},
		{"many entries", many, "plus que la limite de 5000"},
		{"duplicate entries", withValid(entry{name: "pack.toml", data: []byte("id = \"autre\"")}), "y est 2 fois"},
		{"invalid UTF-8 name", withValid(entry{name: "modules/01-a/le\xe7on.md", data: []byte("x")}), "n'est pas en UTF-8"},
		{"pack.toml of 50 MB", []entry{{name: "pack.toml", data: []byte("id = \"x\"\n"), raw: true, declaredSize: 50 << 20}}, "50 Mio"},
		{"100k nested list levels", withValid(entry{name: "modules/01-a/02.md", data: []byte(nestedList)}), "modules/01-a/02.md"},
		{"a 1.5 MB line", withValid(entry{name: "modules/01-a/02.md", data: []byte(longLine)}), "modules/01-a/02.md"},
		{"an image that is not an image", withValid(
			entry{name: "modules/01-a/02.md", data: []byte(notAnImage)},
			entry{name: "modules/01-a/images/faux.png", data: []byte("#!/bin/sh\nrm -rf /\n")}), "faux.png"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeZip(t, tt.entries)
			lib := t.TempDir()
			_, err := Install(p, lib, InstallOptions{AcceptUntrusted: true, Force: true})
			if err == nil || !strings.Contains(err.Error(), tt.fragment) {
				t.Fatalf("err = %v, want %q", err, tt.fragment)
			}
			assertEmptyLibrary(t, lib)
			if files, _ := os.ReadDir(filepath.Dir(p)); len(files) != 1 {
				t.Errorf("something was written next to the archive")
			}
		})
	}
}

func TestInstallRefusesATruncatedArchive(t *testing.T) {
	p := writeZip(t, validPackEntries())
	raw := mustRead(t, p)
	os.WriteFile(p, raw[:len(raw)-30], 0o644)
	lib := t.TempDir()
	if _, err := Install(p, lib, InstallOptions{AcceptUntrusted: true}); err == nil || !strings.Contains(err.Error(), "ce n'est pas un fichier .declic lisible") {
		t.Errorf("err = %v", err)
	}
	assertEmptyLibrary(t, lib)
}

// A folder source gets the same limits as an archive.
func TestInstallRefusesHostileFolders(t *testing.T) {
	t.Run("pack.toml of 50 MB", func(t *testing.T) {
		dir := copyDir(t, examplePack)
		f, _ := os.OpenFile(filepath.Join(dir, "pack.toml"), os.O_APPEND|os.O_WRONLY, 0)
		f.Truncate(50 << 20)
		f.Close()
		lib := t.TempDir()
		if _, err := Install(dir, lib, InstallOptions{AcceptUntrusted: true}); err == nil || !strings.Contains(err.Error(), "« pack.toml » ferait 50 Mio") {
			t.Errorf("err = %v", err)
		}
		assertEmptyLibrary(t, lib)
	})
	t.Run("a 10 MB line", func(t *testing.T) {
		dir := copyDir(t, examplePack)
		os.WriteFile(filepath.Join(dir, "modules/01-la-souris/03-long.md"), []byte(strings.Repeat("a", 10<<20)+"\n"), 0o644)
		lib := t.TempDir()
		if _, err := Install(dir, lib, InstallOptions{AcceptUntrusted: true}); err == nil || !strings.Contains(err.Error(), "pour une leçon") {
			t.Errorf("err = %v", err)
		}
		assertEmptyLibrary(t, lib)
	})
	t.Run("100k nested list levels", func(t *testing.T) {
		dir := copyDir(t, examplePack)
		lesson := "+++\ntitle = \"L\"\n+++\n\n## Écran\n\n" + strings.Repeat("- ", 100000) + "x\n"
		os.WriteFile(filepath.Join(dir, "modules/01-la-souris/03-listes.md"), []byte(lesson), 0o644)
		lib := t.TempDir()
		if _, err := Install(dir, lib, InstallOptions{AcceptUntrusted: true}); err == nil || !strings.Contains(err.Error(), "03-listes.md:7 : Cette ligne a 200001 caractères") {
			t.Errorf("err = %v", err)
		}
		assertEmptyLibrary(t, lib)
	})
	t.Run("a symbolic link", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("symbolic links need privileges on Windows")
		}
		dir := copyDir(t, examplePack)
		os.Symlink("/etc/passwd", filepath.Join(dir, "modules/01-la-souris/images/secret.svg"))
		lib := t.TempDir()
		if _, err := Install(dir, lib, InstallOptions{AcceptUntrusted: true}); err == nil || !strings.Contains(err.Error(), "secret.svg est un lien ou un fichier spécial") {
			t.Errorf("err = %v", err)
		}
		assertEmptyLibrary(t, lib)
	})
}

// BenchmarkInstallRefusesZipBomb measures the refusal of a 10 MB-of-zeros bomb
// through Install (time and memory per refusal).
func BenchmarkInstallRefusesZipBomb(b *testing.B) {
	p := writeZip(b, withValid(entry{name: "modules/01-a/images/bomb.png", data: make([]byte, 10<<20)}))
	lib := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Install(p, lib, InstallOptions{AcceptUntrusted: true}); err == nil {
			b.Fatal("installed")
		}
	}
}

// BenchmarkInstallExamplePack measures a full install (copy, validate, verify, rename).
func BenchmarkInstallExamplePack(b *testing.B) {
	dir := b.TempDir()
	p := filepath.Join(dir, "example.declic")
	if _, _, err := Build(examplePack, p); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Install(p, filepath.Join(b.TempDir(), "lib"), InstallOptions{AcceptUntrusted: true}); err != nil {
			b.Fatal(err)
		}
	}
}
