package courses

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzInstallArchive installs arbitrary bytes as a .declic file: no panic, and
// a refused archive leaves the library empty.
func FuzzInstallArchive(f *testing.F) {
	f.Add(mustReadF(f, writeZip(f, validPackEntries())))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		p := filepath.Join(dir, "f.declic")
		os.WriteFile(p, data, 0o644)
		lib := filepath.Join(dir, "lib")
		if _, err := Install(p, lib, InstallOptions{AcceptUntrusted: true}); err != nil {
			if entries, _ := os.ReadDir(lib); len(entries) != 0 {
				t.Fatalf("refused (%v) but the library holds %d entries", err, len(entries))
			}
		}
	})
}

func mustReadF(f *testing.F, p string) []byte {
	data, err := os.ReadFile(p)
	if err != nil {
		f.Fatal(err)
	}
	return data
}

// BenchmarkBuildExamplePack measures a reproducible build of the example pack.
func BenchmarkBuildExamplePack(b *testing.B) {
	out := filepath.Join(b.TempDir(), "x.declic")
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Build(examplePack, out); err != nil {
			b.Fatal(err)
		}
	}
}
