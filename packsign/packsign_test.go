package packsign

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"declic/keys"
)

func files() fstest.MapFS {
	return fstest.MapFS{
		"pack.toml":              {Data: []byte("id = \"x\"\n")},
		"modules/01-a/01.md":     {Data: []byte("## A\n")},
		"modules/01-a/.DS_Store": {Data: []byte("junk")},
		".git/config":            {Data: []byte("junk")},
	}
}

func TestManifestRoundTripAndCheck(t *testing.T) {
	fsys := files()
	m, err := Compute(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Entries) != 2 || m.Entries[0].Path != "modules/01-a/01.md" || m.Entries[1].Path != "pack.toml" {
		t.Fatalf("entries %+v", m.Entries)
	}
	parsed, err := ParseManifest(m.Bytes())
	if err != nil || string(parsed.Bytes()) != string(m.Bytes()) {
		t.Fatalf("round trip: %v", err)
	}
	// sha256sum's own format: the hash of "## A\n".
	if !strings.Contains(string(m.Bytes()), "  modules/01-a/01.md\n") {
		t.Errorf("manifest:\n%s", m.Bytes())
	}
	if diffs, _ := m.Check(fsys); len(diffs) != 0 {
		t.Errorf("diffs on the same files: %v", diffs)
	}
	fsys["pack.toml"] = &fstest.MapFile{Data: []byte("id = \"y\"\n")}
	fsys["extra.txt"] = &fstest.MapFile{Data: []byte("x")}
	delete(fsys, "modules/01-a/01.md")
	diffs, _ := m.Check(fsys)
	want := []string{"modules/01-a/01.md est dans le manifeste mais manque", "pack.toml a changé depuis", "extra.txt n'est pas dans le manifeste"}
	if len(diffs) != 3 {
		t.Fatalf("diffs %v", diffs)
	}
	for i, w := range want {
		if got := diffs[i].String(); !strings.HasPrefix(got, w) {
			t.Errorf("diff %d = %q, want %q…", i, got, w)
		}
	}
}

func TestParseManifestRefusesMalformedLines(t *testing.T) {
	h := strings.Repeat("a", 64)
	tests := map[string]string{
		"one space":         h + " pack.toml\n",
		"short hash":        "abc  pack.toml\n",
		"upper-case hash":   strings.Repeat("A", 64) + "  pack.toml\n",
		"not hex":           strings.Repeat("g", 64) + "  pack.toml\n",
		"zip slip":          h + "  ../evil\n",
		"absolute":          h + "  /etc/passwd\n",
		"backslash":         h + "  a\\b\n",
		"unsorted":          h + "  b\n" + h + "  a\n",
		"duplicate":         h + "  a\n" + h + "  a\n",
		"no final new line": h + "  a",
		"lists itself":      h + "  MANIFEST.sha256\n",
		"invalid UTF-8":     h + "  le\xe7on.md\n",
	}
	for name, in := range tests {
		if _, err := ParseManifest([]byte(in)); !errors.Is(err, ErrManifest) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if _, err := ParseManifest([]byte(h + "  a\n" + h + "  b/c\n")); err != nil {
		t.Errorf("valid manifest refused: %v", err)
	}
}

func TestSignatureVerifies(t *testing.T) {
	key, _ := keys.Generate()
	other, _ := keys.Generate()
	m, _ := Compute(files())
	sig, err := Sign(m.Bytes(), key, "Centre")
	if err != nil {
		t.Fatal(err)
	}
	s, pub, err := VerifySignature(m.Bytes(), sig)
	if err != nil || s.Signer != key.DID() || !pub.Equal(key.Public()) {
		t.Fatalf("%v %+v", err, s)
	}
	if _, _, err := VerifySignature(append(m.Bytes(), "x"...), sig); err == nil || !strings.Contains(err.Error(), "faite pour un autre manifeste") {
		t.Errorf("changed manifest: %v", err)
	}
	forged, _ := Sign(m.Bytes(), other, "Centre")
	forged = []byte(strings.Replace(string(forged), other.DID(), key.DID(), 1))
	if _, _, err := VerifySignature(m.Bytes(), forged); err == nil || !strings.Contains(err.Error(), "ne correspond pas à son signataire") {
		t.Errorf("forged: %v", err)
	}
	for name, bad := range map[string]string{
		"unknown field": `{"version":1,"algorithm":"Ed25519","signer":"` + key.DID() + `","manifest_sha256":"` + strings.Repeat("0", 64) + `","signature":"","extra":1}`,
		"not a did:key": `{"version":1,"algorithm":"Ed25519","signer":"did:web:example.org","manifest_sha256":"` + strings.Repeat("0", 64) + `","signature":""}`,
		"other algo":    `{"version":1,"algorithm":"RSA","signer":"` + key.DID() + `"}`,
		"two objects":   string(sig) + string(sig),
	} {
		if _, _, err := ParseSignature([]byte(bad)); !errors.Is(err, ErrManifest) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if f := Fingerprint(key.Public()); len(f) != 19 || f == Fingerprint(other.Public()) {
		t.Errorf("fingerprint %q", f)
	}
}

func TestVerifyStatuses(t *testing.T) {
	key, _ := keys.Generate()
	fsys := files()
	if r, err := Verify(fsys, nil); err != nil || r.Status != Unsigned || r.HasManifest {
		t.Fatalf("plain folder: %+v %v", r, err)
	}
	m, _ := Compute(fsys)
	fsys[ManifestName] = &fstest.MapFile{Data: m.Bytes()}
	if r, err := Verify(fsys, nil); err != nil || r.Status != Unsigned || !r.HasManifest || r.Files != 2 {
		t.Fatalf("built: %+v %v", r, err)
	}
	sig, _ := Sign(m.Bytes(), key, "Nom écrit")
	fsys[SignatureName] = &fstest.MapFile{Data: sig}
	if r, err := Verify(fsys, nil); err != nil || r.Status != UnknownSigner || r.ClaimedName != "Nom écrit" {
		t.Fatalf("signed: %+v %v", r, err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "centre.pub.toml"), PublicKeyFile("Centre de Lyon", key), 0o644)
	os.WriteFile(filepath.Join(dir, "broken.toml"), []byte("name = \"X\"\nkey = \"did:key:zzz\"\n"), 0o644)
	ts, errs := LoadTrustStore(dir, filepath.Join(dir, "absent"))
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "broken.toml") || len(ts.Keys()) != 1 {
		t.Fatalf("trust store: %v %v", errs, ts.Keys())
	}
	if r, err := Verify(fsys, ts); err != nil || r.Status != Trusted || r.Name != "Centre de Lyon" {
		t.Fatalf("trusted: %+v %v", r, err)
	}
	delete(fsys, ManifestName)
	if _, err := Verify(fsys, ts); !errors.Is(err, ErrManifest) {
		t.Errorf("signature without manifest: %v", err)
	}
}

func TestAddTrustedKey(t *testing.T) {
	key, _ := keys.Generate()
	src := filepath.Join(t.TempDir(), "centre.pub.toml")
	os.WriteFile(src, PublicKeyFile("Centre", key), 0o644)
	trust := filepath.Join(t.TempDir(), "trust")
	k, err := AddTrustedKey(trust, src)
	if err != nil || k.DID != key.DID() {
		t.Fatal(err)
	}
	if _, err := AddTrustedKey(trust, src); err == nil {
		t.Error("a key file was overwritten")
	}
	bad := filepath.Join(t.TempDir(), "bad.pub.toml")
	os.WriteFile(bad, []byte("key = \""+key.DID()+"\"\n"), 0o644)
	if _, err := AddTrustedKey(trust, bad); err == nil || !strings.Contains(err.Error(), "n'a pas de nom") {
		t.Errorf("nameless key: %v", err)
	}
}

func TestPublicKeyFileNameSitsBesideTheKey(t *testing.T) {
	if got := PublicKeyFileName("/k/centre.json"); got != "/k/centre.pub.toml" {
		t.Errorf("PublicKeyFileName = %q", got)
	}
}

// FuzzParseManifest feeds arbitrary bytes to the manifest and signature parsers:
// they must never panic, and anything accepted must round-trip.
func FuzzParseManifest(f *testing.F) {
	m, _ := Compute(files())
	key, _ := keys.FromBytes(make([]byte, 32))
	sig, _ := Sign(m.Bytes(), key, "Centre")
	f.Add(m.Bytes(), sig)
	f.Add([]byte(strings.Repeat("0", 64)+"  ../x\n"), []byte(`{"version":1}`))
	f.Add([]byte(""), []byte("{}"))
	f.Fuzz(func(t *testing.T, manifest, signature []byte) {
		if parsed, err := ParseManifest(manifest); err == nil {
			if string(parsed.Bytes()) != string(manifest) {
				t.Fatalf("accepted manifest does not round-trip:\n%q\n%q", manifest, parsed.Bytes())
			}
		}
		if s, pub, err := VerifySignature(manifest, signature); err == nil {
			if s == nil || len(pub) != 32 {
				t.Fatal("accepted signature without signer")
			}
		}
	})
}

func TestTrustStoreWithAddsOnlyNewValidKeys(t *testing.T) {
	dir := t.TempDir()
	a, _ := keys.Generate()
	b, _ := keys.Generate()
	if err := os.WriteFile(filepath.Join(dir, "a.pub.toml"), PublicKeyFile("Centre A", a), 0o644); err != nil {
		t.Fatal(err)
	}
	ts, errs := LoadTrustStore(dir)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	both := ts.With(
		TrustedKey{Name: "A par le paquet", DID: a.DID(), Key: a.Public()}, // already there: keeps its folder name
		TrustedKey{Name: "Centre B", DID: b.DID(), Key: b.Public()},
		TrustedKey{Name: "cassée", Key: []byte{1, 2, 3}}, // not an Ed25519 key: ignored
	)
	if k, ok := both.Lookup(a.Public()); !ok || k.Name != "Centre A" {
		t.Errorf("key A = %+v, %v; want the folder's name", k, ok)
	}
	if k, ok := both.Lookup(b.Public()); !ok || k.Name != "Centre B" {
		t.Errorf("key B = %+v, %v", k, ok)
	}
	if len(both.Keys()) != 2 {
		t.Errorf("%d keys, want 2", len(both.Keys()))
	}
	if _, ok := ts.Lookup(b.Public()); ok {
		t.Error("With changed the original store")
	}
	var none *TrustStore
	if k, ok := none.With(TrustedKey{Name: "B", Key: b.Public()}).Lookup(b.Public()); !ok || k.Name != "B" {
		t.Error("With on a nil store")
	}
}
