package courses

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"declic/keys"
	"declic/packsign"
)

// copyDir copies a pack folder so a test can change it.
func copyDir(t testing.TB, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func buildExample(t testing.TB) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "example.declic")
	if _, _, err := Build(examplePack, out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBuildIsReproducible(t *testing.T) {
	a := buildExample(t)
	// A copy with other timestamps and permissions must give the same bytes.
	copied := copyDir(t, examplePack)
	os.Chmod(filepath.Join(copied, "pack.toml"), 0o600)
	os.WriteFile(filepath.Join(copied, ".DS_Store"), []byte("junk"), 0o644)
	b := filepath.Join(t.TempDir(), "again.declic")
	if _, _, err := Build(copied, b); err != nil {
		t.Fatal(err)
	}
	da, _ := os.ReadFile(a)
	db, _ := os.ReadFile(b)
	if !bytes.Equal(da, db) {
		t.Fatalf("two builds differ: %d and %d bytes", len(da), len(db))
	}
	zr, err := zip.NewReader(bytes.NewReader(da), int64(len(da)))
	if err != nil {
		t.Fatal(err)
	}
	if zr.File[0].Name != packsign.ManifestName {
		t.Errorf("first entry %q, want the manifest", zr.File[0].Name)
	}
	for i, f := range zr.File {
		if f.Mode().Perm() != 0o644 || !f.Modified.Equal(archiveTime) {
			t.Errorf("%s: mode %v, time %v", f.Name, f.Mode(), f.Modified)
		}
		if i > 1 && f.Name < zr.File[i-1].Name {
			t.Errorf("entries not sorted: %s after %s", f.Name, zr.File[i-1].Name)
		}
		if strings.HasPrefix(f.Name, ".") {
			t.Errorf("hidden file %s was packed", f.Name)
		}
	}
	// Changing one byte changes the archive.
	os.WriteFile(filepath.Join(copied, "pack.toml"), append(mustRead(t, filepath.Join(copied, "pack.toml")), '\n'), 0o644)
	Build(copied, b)
	if db2, _ := os.ReadFile(b); bytes.Equal(da, db2) {
		t.Error("a changed pack gave the same archive")
	}
}

func mustRead(t testing.TB, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestBuildRefusesAnInvalidPackAndWritesNothing(t *testing.T) {
	out := filepath.Join(t.TempDir(), "broken.declic")
	_, _, err := Build("testdata/broken/missing-image", out)
	var invalid *InvalidPackError
	if !errors.As(err, &invalid) || !strings.Contains(err.Error(), "images/absent.svg") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("an archive was written for an invalid pack")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
}

func newKey(t testing.TB) *keys.Key {
	t.Helper()
	k, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// trustOf writes a trust folder holding key under name and loads it.
func trustOf(t testing.TB, name string, key *keys.Key) *packsign.TrustStore {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "centre.pub.toml"), packsign.PublicKeyFile(name, key), 0o644)
	ts, errs := packsign.LoadTrustStore(dir)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return ts
}

func TestSignAndVerify(t *testing.T) {
	p := buildExample(t)
	key := newKey(t)
	if _, _, r, err := VerifyPath(p, nil); err != nil || r.Status != packsign.Unsigned || !r.HasManifest {
		t.Fatalf("built pack: %+v %v", r, err)
	}
	r, err := Sign(p, key, "Centre social Exemple")
	if err != nil || r.Status != packsign.UnknownSigner || r.Signer != key.DID() {
		t.Fatalf("sign: %+v %v", r, err)
	}
	pack, problems, r, err := VerifyPath(p, trustOf(t, "Centre de Lyon", key))
	if err != nil || problems.HasErrors() || pack.ID != "org.example.decouverte" {
		t.Fatalf("verify: %v %v", err, problems)
	}
	if r.Status != packsign.Trusted || r.Name != "Centre de Lyon" || r.ClaimedName != "Centre social Exemple" {
		t.Errorf("report %+v", r)
	}
	if _, _, r, _ := VerifyPath(p, trustOf(t, "Autre", newKey(t))); r.Status != packsign.UnknownSigner {
		t.Errorf("another centre's store: %v", r.Status)
	}
	// Signing twice with the same key gives the same bytes (Ed25519 is deterministic).
	before := mustRead(t, p)
	Sign(p, key, "Centre social Exemple")
	if !bytes.Equal(before, mustRead(t, p)) {
		t.Error("signing again changed the archive")
	}
}

// rezip rewrites a .declic archive, letting change alter each entry.
func rezip(t testing.TB, src string, change func(name string, data []byte) (string, []byte)) string {
	t.Helper()
	data := mustRead(t, src)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		name, content := change(f.Name, b.Bytes())
		if name == "" {
			continue
		}
		w, _ := zw.Create(name)
		w.Write(content)
	}
	zw.Close()
	out := filepath.Join(t.TempDir(), "changed.declic")
	os.WriteFile(out, buf.Bytes(), 0o644)
	return out
}

func TestTamperedPacksAreRefused(t *testing.T) {
	signed := buildExample(t)
	key := newKey(t)
	if _, err := Sign(signed, key, "A"); err != nil {
		t.Fatal(err)
	}
	otherKey := newKey(t)
	tests := []struct {
		name   string
		change func(string, []byte) (string, []byte)
		want   string
	}{
		{"a lesson changed after signing", func(n string, d []byte) (string, []byte) {
			if strings.HasSuffix(n, "01-tenir-la-souris.md") {
				return n, append(d, "\nAutre texte.\n"...)
			}
			return n, d
		}, "01-tenir-la-souris.md a changé depuis la fabrication du parcours"},
		{"a file removed", func(n string, d []byte) (string, []byte) {
			if strings.HasSuffix(n, "clavier.png") {
				return "", nil
			}
			return n, d
		}, "clavier.png est dans le manifeste mais manque"},
		{"the manifest rewritten to match a changed file", func(n string, d []byte) (string, []byte) {
			if n == packsign.ManifestName {
				return n, append(d[:0:0], strings.Replace(string(d), "pack.toml", "pack.toml", 1)+"0000000000000000000000000000000000000000000000000000000000000000  zz.txt\n"...)
			}
			if n == "pack.toml" {
				return n, d
			}
			return n, d
		}, "zz.txt est dans le manifeste mais manque"},
		{"a signature made with another key", func(n string, d []byte) (string, []byte) {
			if n == packsign.SignatureName {
				m := mustManifest(t, signed)
				forged, _ := packsign.Sign(m, otherKey, "A")
				// Keep the forged value but claim the first signer.
				return n, bytes.Replace(forged, []byte(otherKey.DID()), []byte(key.DID()), 1)
			}
			return n, d
		}, "la signature ne correspond pas à son signataire"},
		{"a signature without its manifest", func(n string, d []byte) (string, []byte) {
			if n == packsign.ManifestName {
				return "", nil
			}
			return n, d
		}, "SIGNATURE.json est là, mais MANIFEST.sha256 manque"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := rezip(t, signed, tt.change)
			_, _, _, err := VerifyPath(p, nil)
			if !errors.Is(err, packsign.ErrManifest) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("verify: %v, want %q", err, tt.want)
			}
			lib := t.TempDir()
			if _, err := Install(p, lib, InstallOptions{AcceptUntrusted: true}); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("install: %v", err)
			}
			assertEmptyLibrary(t, lib)
		})
	}
	t.Run("an extra file", func(t *testing.T) {
		p := rezip(t, signed, func(n string, d []byte) (string, []byte) { return n, d })
		data := mustRead(t, p)
		zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, f := range zr.File {
			zw.Copy(f)
		}
		w, _ := zw.Create("modules/01-la-souris/02-bonus.md")
		w.Write([]byte("+++\ntitle = \"B\"\n+++\n\n## Bonus\n\nTexte.\n"))
		zw.Close()
		os.WriteFile(p, buf.Bytes(), 0o644)
		if _, _, _, err := VerifyPath(p, nil); err == nil || !strings.Contains(err.Error(), "02-bonus.md n'est pas dans le manifeste") {
			t.Errorf("verify: %v", err)
		}
	})
}

func mustManifest(t testing.TB, p string) []byte {
	fsys, err := openArchive(p)
	if err != nil {
		t.Fatal(err)
	}
	_, raw, _, err := packsign.ReadManifest(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func assertEmptyLibrary(t testing.TB, lib string) {
	t.Helper()
	entries, _ := os.ReadDir(lib)
	if len(entries) != 0 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the library is not empty after a refusal: %v", names)
	}
}

func TestInstallUpgradeRules(t *testing.T) {
	lib := t.TempDir()
	key := newKey(t)
	trust := trustOf(t, "Centre", key)
	v120 := buildExample(t)
	if _, err := Install(v120, lib, InstallOptions{Trust: trust}); !errors.Is(err, ErrUntrusted) {
		t.Fatalf("an unsigned pack installed without consent: %v", err)
	}
	assertEmptyLibrary(t, lib)
	Sign(v120, key, "Centre")
	res, err := Install(v120, lib, InstallOptions{Trust: trust})
	if err != nil || res.Report.Status != packsign.Trusted || res.Previous != "" || res.Pack.Version != "1.2.0" {
		t.Fatalf("first install: %+v %v", res, err)
	}
	if res.Dir != filepath.Join(lib, "org.example.decouverte") {
		t.Errorf("dir %s", res.Dir)
	}
	packs, failed := Installed(lib)
	if len(packs) != 1 || len(failed) != 0 {
		t.Fatalf("Installed sees %d packs, %v", len(packs), failed)
	}
	// The same version again is refused, and the installed one is untouched.
	if _, err := Install(v120, lib, InstallOptions{Trust: trust}); !errors.Is(err, ErrNotNewer) {
		t.Errorf("same version: %v", err)
	}
	// --force replaces it.
	if res, err := Install(v120, lib, InstallOptions{Trust: trust, Force: true}); err != nil || res.Previous != "1.2.0" {
		t.Errorf("forced: %+v %v", res, err)
	}
	// A higher version from a folder, unsigned, with consent.
	dir := copyDir(t, examplePack)
	toml := strings.Replace(string(mustRead(t, filepath.Join(dir, "pack.toml"))), `"1.2.0"`, `"1.10.0"`, 1)
	os.WriteFile(filepath.Join(dir, "pack.toml"), []byte(toml), 0o644)
	res, err = Install(dir, lib, InstallOptions{Trust: trust, AcceptUntrusted: true})
	if err != nil || res.Previous != "1.2.0" || res.Pack.Version != "1.10.0" || res.Report.Status != packsign.Unsigned {
		t.Fatalf("upgrade: %+v %v", res, err)
	}
	// An older one is refused.
	if _, err := Install(v120, lib, InstallOptions{Trust: trust}); !errors.Is(err, ErrNotNewer) || !strings.Contains(err.Error(), "1.10.0 est déjà installé") {
		t.Errorf("downgrade: %v", err)
	}
	entries, _ := os.ReadDir(lib)
	if len(entries) != 1 {
		t.Errorf("library holds %d entries, want the pack only", len(entries))
	}
	list := ListInstalled(lib, trust)
	if len(list) != 1 || list[0].Pack.Version != "1.10.0" || list[0].Err != nil || list[0].Size == 0 {
		t.Fatalf("list %+v", list)
	}
	if err := Remove(lib, list[0].Path); err != nil {
		t.Fatal(err)
	}
	assertEmptyLibrary(t, lib)
	if err := Remove(lib, filepath.Join(lib, "..", "x")); err == nil {
		t.Error("Remove accepted a path outside the library")
	}
}

func TestInspectShowsTheCandidate(t *testing.T) {
	p := buildExample(t)
	c, err := Inspect(p, nil)
	if err != nil || c.Pack.Title != "Découvrir l'ordinateur" || c.Size != int64(len(mustRead(t, p))) || c.Report.Status != packsign.Unsigned {
		t.Fatalf("%+v %v", c, err)
	}
}
