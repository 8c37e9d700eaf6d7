package keys

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func mustGenerate(t testing.TB) *Key {
	t.Helper()
	k, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestADIDStartsWithZ6MkAndParsesBack(t *testing.T) {
	k := mustGenerate(t)
	if !strings.HasPrefix(k.DID(), "did:key:z6Mk") {
		t.Fatalf("DID %s", k.DID())
	}
	for _, s := range []string{k.DID(), k.VerificationMethod()} {
		pub, err := ParseDID(s)
		if err != nil || !bytes.Equal(pub, k.Public()) {
			t.Fatalf("ParseDID(%s) = %x, %v", s, pub, err)
		}
	}
}

func TestParseDIDRefusesWhatIsNotAnEd25519DIDKey(t *testing.T) {
	k := mustGenerate(t)
	for name, bad := range map[string]string{
		"another DID method":           "did:web:example.org",
		"a truncated key":              "did:key:z6Mk",
		"a fragment naming other key":  "did:key:" + k.PublicMultibase() + "#other",
		"a secret key":                 "did:key:" + k.SecretMultibase(),
		"no multibase prefix":          "did:key:" + strings.TrimPrefix(k.PublicMultibase(), "z"),
		"not base58":                   "did:key:z0OIl",
		"an empty string":              "",
		"a key with an extra byte":     DID(append(append([]byte(nil), k.Public()...), 1)),
		"upper-case method identifier": "DID:KEY:" + k.PublicMultibase(),
	} {
		if _, err := ParseDID(bad); err == nil {
			t.Errorf("%s: %q accepted", name, bad)
		}
	}
}

func TestSecretKeysImportAsSeedOrSeedPlusPublic(t *testing.T) {
	k := mustGenerate(t)
	imported, err := ParseSecretMultibase(k.SecretMultibase())
	if err != nil || imported.DID() != k.DID() {
		t.Fatalf("secret round trip: %v", err)
	}
	long, err := FromBytes(k.private) // 64 bytes: seed ‖ public, as Digital Bazaar exports
	if err != nil || long.DID() != k.DID() {
		t.Fatalf("64-byte import: %v", err)
	}
	bad := bytes.Clone(k.private)
	bad[40] ^= 1
	if _, err := FromBytes(bad); err == nil {
		t.Error("a 64-byte key whose public half does not match was accepted")
	}
	if _, err := FromBytes(make([]byte, 31)); err == nil {
		t.Error("a 31-byte key was accepted")
	}
}

func TestASignatureVerifiesWithThePublicHalfOnly(t *testing.T) {
	k := mustGenerate(t)
	sig := k.Sign([]byte("bonjour"))
	pub, _ := ParseDID(k.DID())
	if !ed25519.Verify(pub, []byte("bonjour"), sig) {
		t.Fatal("signature does not verify")
	}
	if ed25519.Verify(pub, []byte("Bonjour"), sig) {
		t.Fatal("signature verifies another message")
	}
}

func TestLoadOrCreateKeepsOneKeyWithMode0600(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	var wg sync.WaitGroup
	dids := make([]string, 8)
	for i := range dids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k, err := LoadOrCreate(dir)
			if err != nil {
				t.Error(err)
				return
			}
			dids[i] = k.DID()
		}()
	}
	wg.Wait()
	for _, d := range dids[1:] {
		if d != dids[0] {
			t.Fatalf("concurrent first runs made different keys: %v", dids)
		}
	}
	again, err := LoadOrCreate(dir)
	if err != nil || again.DID() != dids[0] {
		t.Fatalf("reloaded key %v, %v", again, err)
	}
	path := filepath.Join(dir, FileName)
	if runtime.GOOS != "windows" {
		info, err := os.Stat(path)
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Fatalf("key file mode %v, %v; want 0600", info.Mode().Perm(), err)
		}
		if err := os.Chmod(path, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadOrCreate(dir); err == nil || !strings.Contains(err.Error(), "lets others read it") {
			t.Errorf("a key file readable by others was used: %v", err)
		}
	}
	broken := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(broken, []byte(`{"secretKeyMultibase":"z6Mk"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreate(filepath.Dir(broken)); err == nil {
		t.Error("a broken key file was accepted")
	}
}

func TestKeyFilesWithAndWithoutPassphrase(t *testing.T) {
	dir := t.TempDir()
	key := mustGenerate(t)
	plain := filepath.Join(dir, "plain.json")
	sealed := filepath.Join(dir, "sealed.json")
	if err := Save(plain, key, ""); err != nil {
		t.Fatal(err)
	}
	if err := Save(sealed, key, "correct horse"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{plain, sealed} {
		if info, _ := os.Stat(p); runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v", p, info.Mode().Perm())
		}
	}
	data, _ := os.ReadFile(sealed)
	if strings.Contains(string(data), key.SecretMultibase()) {
		t.Fatal("the sealed file holds the secret key in clear")
	}
	if k, err := Load(plain, ""); err != nil || k.DID() != key.DID() {
		t.Errorf("plain: %v", err)
	}
	if need, _ := NeedsPassphrase(sealed); !need {
		t.Error("sealed file not recognised")
	}
	if need, _ := NeedsPassphrase(plain); need {
		t.Error("plain file taken for a sealed one")
	}
	if k, err := Load(sealed, "correct horse"); err != nil || k.DID() != key.DID() {
		t.Errorf("sealed: %v", err)
	}
	for _, pass := range []string{"", "wrong"} {
		if _, err := Load(sealed, pass); !errors.Is(err, ErrPassphrase) {
			t.Errorf("passphrase %q: %v", pass, err)
		}
	}
	if err := Save(sealed, key, "x"); err == nil {
		t.Error("an existing key file was overwritten")
	}
	if runtime.GOOS != "windows" {
		os.Chmod(sealed, 0o644)
		if _, err := Load(sealed, "correct horse"); err == nil || !strings.Contains(err.Error(), "lets others read it") {
			t.Errorf("readable key file: %v", err)
		}
	}
}

func TestASealedKeyCannotBePairedWithAnotherPublicKey(t *testing.T) {
	k, other := mustGenerate(t), mustGenerate(t)
	data, err := Marshal(k, "1234")
	if err != nil {
		t.Fatal(err)
	}
	swapped := bytes.ReplaceAll(data, []byte(k.PublicMultibase()), []byte(other.PublicMultibase()))
	if _, err := Unmarshal(swapped, "1234"); err == nil {
		t.Fatal("a sealed secret opened under another public key")
	}
}

func TestUnmarshalRefusesDamagedFiles(t *testing.T) {
	k := mustGenerate(t)
	sealed, _ := Marshal(k, "pass")
	for name, data := range map[string][]byte{
		"not JSON":          []byte("hello"),
		"an unknown type":   []byte(`{"type":"RSAKey"}`),
		"a costly KDF":      bytes.Replace(sealed, []byte(`"n": 32768`), []byte(`"n": 1073741824`), 1),
		"a truncated nonce": bytes.Replace(sealed, []byte(`"nonce": "`), []byte(`"nonce": "AA`), 1),
		"mismatched halves": []byte(`{"type":"Multikey","publicKeyMultibase":"` + mustGenerate(t).PublicMultibase() + `","secretKeyMultibase":"` + k.SecretMultibase() + `"}`),
		"an empty secret":   []byte(`{"type":"Multikey"}`),
		"an unknown KDF":    bytes.Replace(sealed, []byte(`"kdf": "scrypt"`), []byte(`"kdf": "md5"`), 1),
	} {
		if _, err := Unmarshal(data, "pass"); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestFingerprintIsFourGroupsOfFourAndStable(t *testing.T) {
	// The W3C vc-di-eddsa test-vector key, so the code never changes without notice.
	pub, err := ParsePublicMultibase("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")
	if err != nil {
		t.Fatal(err)
	}
	code := Fingerprint(pub)
	if len(code) != 19 || strings.Count(code, "-") != 3 {
		t.Fatalf("code %q is not 4 groups of 4", code)
	}
	if code != Fingerprint(pub) {
		t.Fatal("the code changes from one call to the next")
	}
	for _, r := range strings.ReplaceAll(code, "-", "") {
		if !strings.ContainsRune(crockford, r) {
			t.Fatalf("code %q has %q, outside Crockford's alphabet", code, r)
		}
	}
	other := mustGenerate(t)
	if Fingerprint(other.Public()) == code {
		t.Fatal("two keys share a code")
	}
}

func TestATypedCodeIsNormalised(t *testing.T) {
	code := mustGenerate(t).Fingerprint()
	typed := strings.ToLower(strings.ReplaceAll(code, "-", " "))
	typed = strings.ReplaceAll(typed, "0", "o")
	typed = strings.ReplaceAll(typed, "1", "l")
	if got, err := NormalizeFingerprint(typed); err != nil || got != code {
		t.Fatalf("NormalizeFingerprint(%q) = %q, %v; want %q", typed, got, err, code)
	}
	for _, bad := range []string{"", "ABCD-EFGH-JKMN", "ABCD-EFGH-JKMN-PQRS-T", "ABCD-EFGH-JKMN-PQRU", "ÀBCD-EFGH-JKMN-PQRS"} {
		if _, err := NormalizeFingerprint(bad); !errors.Is(err, ErrFingerprint) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func FuzzParseDID(f *testing.F) {
	k, _ := FromBytes(make([]byte, 32))
	f.Add(k.DID())
	f.Add(k.VerificationMethod())
	f.Add("did:key:z")
	f.Fuzz(func(t *testing.T, s string) {
		pub, err := ParseDID(s)
		if err != nil {
			return
		}
		if len(pub) != ed25519.PublicKeySize {
			t.Fatalf("accepted %q with a %d-byte key", s, len(pub))
		}
		if back, _, _ := strings.Cut(strings.TrimPrefix(s, "did:key:"), "#"); "did:key:"+back != DID(pub) {
			t.Fatalf("%q does not round-trip (%s)", s, DID(pub))
		}
	})
}

func FuzzUnmarshal(f *testing.F) {
	k, _ := FromBytes(make([]byte, 32))
	plain, _ := Marshal(k, "")
	f.Add(plain, "")
	f.Add([]byte(`{"type":"EncryptedMultikey","kdf":"scrypt","n":2,"r":1,"p":1}`), "x")
	f.Fuzz(func(t *testing.T, data []byte, pass string) {
		k, err := Unmarshal(data, pass)
		if err == nil && k == nil {
			t.Fatal("no key and no error")
		}
	})
}
